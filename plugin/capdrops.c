/* capdrops.c: pptpdiag-capdrops, how many packets a capture file says the capture dropped.
 *
 *   pptpdiag-capdrops CAPTURE
 *
 * prints one number: of each interface of the file, the packets its last Interface Statistics
 * Block counts as dropped (pcapng, draft-ietf-opsawg-pcapng section 4.6: isb_ifdrop, by the
 * interface, plus isb_osdrop, by the operating system; both count from the start of the
 * capture, so the last block of an interface holds its total), summed over the interfaces; 0
 * when the file has no such block (a pcap file, a pcapng file written without them). Wireshark
 * shows the same count as "Dropped" in its status bar and Capture File Properties; tshark -r
 * and the dissectors see none of it (an epan plugin has no access to the file's interface
 * statistics), so scripts/user/pptpdiag-check runs this and passes the number to the plugin as the
 * preference pptpdiag.capture_drops. The file is read with Wireshark's own wiretap library
 * (every record, since a pcapng file may hold statistics blocks anywhere, usually at its end).
 *
 * Exit status: 0 the count printed, 2 the file cannot be opened or read as a capture (wiretap's
 * message on stderr). A file cut in the middle of a record counts the blocks before the cut.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <glib.h>
#include <wiretap/wtap.h>
#include <wiretap/wtap_opttypes.h>
#include <wsutil/wslog.h>

#include "ws-compat.h"

/* The packets the statistics blocks @stats (wtap_block_t, oldest first) of one interface count
 * as dropped: the last block's isb_ifdrop plus isb_osdrop (absent options count 0). */
static guint64 interface_drops(GArray *stats)
{
    if (!stats || stats->len == 0)
        return 0;
    wtap_block_t isb = g_array_index(stats, wtap_block_t, stats->len - 1);
    guint64 ifdrop = 0, osdrop = 0;
    if (wtap_block_get_uint64_option_value(isb, OPT_ISB_IFDROP, &ifdrop) != WTAP_OPTTYPE_SUCCESS)
        ifdrop = 0;
    if (wtap_block_get_uint64_option_value(isb, OPT_ISB_OSDROP, &osdrop) != WTAP_OPTTYPE_SUCCESS)
        osdrop = 0;
    return ifdrop + osdrop;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pptpdiag-capdrops CAPTURE\n");
        return 2;
    }
    ws_log_set_level(LOG_LEVEL_WARNING); /* wiretap's debug messages are not for the user */
    wtap_init(FALSE);
    int err = 0;
    gchar *err_info = NULL;
    wtap *wth = wtap_open_offline(argv[1], WTAP_TYPE_AUTO, &err, &err_info, FALSE);
    if (!wth) {
        fprintf(stderr, "pptpdiag-capdrops: %s: %s\n", argv[1], wtap_strerror(err));
        g_free(err_info);
        return 2;
    }
    /* every record: statistics blocks come where the capture tool wrote them */
    pd_wtap_reader r;
    pd_wtap_reader_init(&r);
    gint64 offset;
    while (pd_wtap_read(wth, &r, &err, &err_info, &offset))
        pd_wtap_reader_reset(&r);
    pd_wtap_reader_cleanup(&r);
    g_free(err_info); /* a cut or damaged tail: the blocks before it count */
    guint64 total = 0;
    wtapng_iface_descriptions_t *idb = wtap_file_get_idb_info(wth);
    for (guint i = 0; idb && idb->interface_data && i < idb->interface_data->len; i++) {
        wtap_block_t iface = g_array_index(idb->interface_data, wtap_block_t, i);
        wtapng_if_descr_mandatory_t *m = wtap_block_get_mandatory_data(iface);
        total += m ? interface_drops(m->interface_statistics) : 0;
    }
    g_free(idb);
    wtap_close(wth);
    wtap_cleanup();
    printf("%" G_GUINT64_FORMAT "\n", total);
    return 0;
}
