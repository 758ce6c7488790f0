/* ws-compat.h: the one place that knows how the Wireshark releases pptpdiag builds against
 * differ (Debian's 4.0, 4.4 and 4.6; see doc/development.md, "Which Wireshark"). Everything else uses
 * the newest spelling; the branches below supply it for older releases. Version checks use
 * PD_WS_VERSION, one number (4.4.2 is 40402), never MAJOR and MINOR separately.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_WS_COMPAT_H
#define PD_WS_COMPAT_H

#include <ws_version.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/tvbuff.h>

#define PD_WS_VERSION \
    (WIRESHARK_VERSION_MAJOR * 10000 + WIRESHARK_VERSION_MINOR * 100 + WIRESHARK_VERSION_MICRO)

/* tvb_get_uint8 replaces tvb_get_guint8 (deprecated from 4.4 on, tvbuff.h); 4.0 has only the old
 * name. The code uses the new one. When 4.0 is dropped, delete this. */
#if PD_WS_VERSION < 40400
#define tvb_get_uint8 tvb_get_guint8
#endif

/* The tvb of the frame's data source named @name ("Decrypted Data", "Reassembled IPv4", as the
 * dissector that made it named it), NULL when the frame has none: 4.6 finds the source
 * (get_data_source_by_name), older releases its tvb (get_data_source_tvb_by_name). */
static inline tvbuff_t *pd_data_source_tvb(packet_info *pinfo, const char *name)
{
#if PD_WS_VERSION >= 40600
    struct data_source *src = get_data_source_by_name(pinfo, name);
    return src ? get_data_source_tvb(src) : NULL;
#else
    return get_data_source_tvb_by_name(pinfo, name);
#endif
}

/* The data sources Wireshark's ESP dissector puts what it decrypted in (packet-esp.c), and its
 * IPv4 and IPv6 dissectors what they reassembled from fragments (packet-ip.c, packet-ipv6.c). */
#define PD_DS_DECRYPTED_ESP "Decrypted Data"

/* The IP payload Wireshark reassembled from fragments in the frame of @pinfo (its network
 * layer's, IPv4 or IPv6), or NULL. */
static inline tvbuff_t *pd_reassembled_ip_tvb(packet_info *pinfo)
{
    return pd_data_source_tvb(pinfo, pinfo->net_src.type == AT_IPv6 ? "Reassembled IPv6"
                                                                     : "Reassembled IPv4");
}

/* A stat_tap_ui's init callback returns whether it succeeded from 4.6 on (void before).
 * Declare it as `static PD_STAT_TAP_INIT_RET f(...)` and end it with PD_STAT_TAP_INIT_OK. */
#if PD_WS_VERSION >= 40600
#define PD_STAT_TAP_INIT_RET bool
#define PD_STAT_TAP_INIT_OK return true
#else
#define PD_STAT_TAP_INIT_RET void
#define PD_STAT_TAP_INIT_OK return
#endif

/* TL_REQUIRES_PROTOCOLS (4.6, tap.h): a tap listener that reads protocol items. Older releases
 * have no such flag and no such listener: 0 there. */
#ifndef TL_REQUIRES_PROTOCOLS
#define TL_REQUIRES_PROTOCOLS 0
#endif

/* plugin_describe() (wsutil/plugins.h, absent from Debian's 4.0 headers) tells Wireshark the
 * plugin's type; without it 4.2 and later list the type as "unknown". */
#if defined(__has_include)
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif
#endif
#ifdef WS_PLUGIN_DESC_DISSECTOR
#define PD_HAVE_PLUGIN_DESCRIBE 1
#endif

/* Reading a file's records with wiretap (capdrops.c): 4.6 keeps the record's bytes in the
 * wtap_rec (wtap_rec_init takes their first size, wtap_read no Buffer); before, a separate
 * Buffer. pd_wtap_reader is both; init, read, reset after each record, cleanup at the end. */
#include <wiretap/wtap.h>
typedef struct {
    wtap_rec rec;
#if PD_WS_VERSION < 40600
    Buffer buf;
#endif
} pd_wtap_reader;

static inline void pd_wtap_reader_init(pd_wtap_reader *r)
{
#if PD_WS_VERSION >= 40600
    wtap_rec_init(&r->rec, 1514);
#else
    wtap_rec_init(&r->rec);
    ws_buffer_init(&r->buf, 1514);
#endif
}

static inline gboolean pd_wtap_read(wtap *wth, pd_wtap_reader *r, int *err, gchar **err_info,
                                    gint64 *offset)
{
#if PD_WS_VERSION >= 40600
    return wtap_read(wth, &r->rec, err, err_info, offset);
#else
    return wtap_read(wth, &r->rec, &r->buf, err, err_info, offset);
#endif
}

static inline void pd_wtap_reader_reset(pd_wtap_reader *r)
{
    wtap_rec_reset(&r->rec);
}

static inline void pd_wtap_reader_cleanup(pd_wtap_reader *r)
{
    wtap_rec_cleanup(&r->rec);
#if PD_WS_VERSION < 40600
    ws_buffer_free(&r->buf);
#endif
}

#endif /* PD_WS_COMPAT_H */
