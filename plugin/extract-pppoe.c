/* extract-pppoe.c: a PPPoE packet's header and Discovery tags read from its bytes (see
 * extract-pppoe.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-pppoe.h"

#include <string.h>

#include <epan/address.h>
#include <epan/tvbuff.h>

#include "headers-ppp.h"
#include "headers.h"
#include "textfmt.h"

/* The PPPoE header: VER and TYPE (both 1 in RFC 2516), CODE, SESSION_ID, LENGTH. */
#define PPPOE_HDR 6
#define PPPOE_VER_TYPE 0x11
/* A tag: TAG_TYPE and TAG_LENGTH (RFC 2516 Appendix A), then the value. */
#define TAG_HDR 4
#define TAG_END_OF_LIST 0x0000

/* The Ethernet address @a as a MAC pd_addr; unset (family 0) when it is no Ethernet address. */
static pd_addr mac_of(const address *a)
{
    pd_addr m;
    memset(&m, 0, sizeof m);
    if (a->type == AT_ETHER && a->len == 6 && a->data)
        m = pd_addr_mac(a->data);
    return m;
}

/* The tags between offsets @p and @end of @b (RFC 2516 Appendix A) into @e: the first of each
 * type pptpdiag reads. TRUE when an End-Of-List tag ended the list (what follows is no tag). */
static gboolean read_tags(const guint8 *b, gint p, gint end, pd_obs_pppoe *e)
{
    gboolean ac_name = FALSE, max_payload = FALSE;
    while (end - p >= TAG_HDR) {
        guint16 type = be16(b + p), len = be16(b + p + 2);
        const guint8 *v = b + p + TAG_HDR;
        if (type == TAG_END_OF_LIST)
            return TRUE;
        if (len > end - p - TAG_HDR)
            return FALSE; /* the tag runs past LENGTH or the capture */
        switch (type) {
        case PD_PPPOE_TAG_SERVICE_NAME:
            if (!e->has_service_name)
                pptpdiag_wire_text(v, len, e->service_name, sizeof e->service_name);
            e->has_service_name = TRUE;
            break;
        case PD_PPPOE_TAG_AC_NAME:
            if (!ac_name)
                pptpdiag_wire_text(v, len, e->ac_name, sizeof e->ac_name);
            ac_name = TRUE;
            break;
        case PD_PPPOE_TAG_AC_COOKIE:
            e->has_cookie = TRUE;
            break;
        case PD_PPPOE_TAG_MAX_PAYLOAD: /* a 2-octet value (RFC 4638 section 4) */
            if (!max_payload && len == 2)
                e->max_payload = be16(v);
            max_payload = TRUE;
            break;
        case PD_PPPOE_TAG_SERVICE_NAME_ERROR:
        case PD_PPPOE_TAG_AC_SYSTEM_ERROR:
        case PD_PPPOE_TAG_GENERIC_ERROR:
            if (!e->error_tag) {
                e->error_tag = type;
                pptpdiag_wire_text(v, len, e->error_text, sizeof e->error_text);
            }
            break;
        default:
            break;
        }
        p += TAG_HDR + len;
    }
    return FALSE;
}

gboolean pptpdiag_extract_pppoe(tvbuff_t *t, gint o, gboolean session, const packet_info *pinfo,
                                pd_observation *obs, gint *ppp, gint *ppp_len)
{
    *ppp = -1;
    *ppp_len = 0;
    gint have = t && o >= 0 ? tvb_captured_length_remaining(t, o) : -1;
    if (have < PPPOE_HDR)
        return FALSE;
    guint8 head[PPPOE_HDR];
    tvb_memcpy(t, head, o, PPPOE_HDR);
    guint8 code = head[1];
    if (head[0] != PPPOE_VER_TYPE || session != (code == PD_PPPOE_SESSION))
        return FALSE;
    memset(obs, 0, sizeof *obs);
    obs->frame = pinfo->num;
    obs->time = nstime_to_sec(&pinfo->abs_ts);
    obs->src = mac_of(&pinfo->dl_src);
    obs->dst = mac_of(&pinfo->dl_dst);
    obs->kind = PD_OBS_PPPOE;
    obs->pppoe.code = code;
    obs->pppoe.session_id = be16(head + 2);
    /* the payload: LENGTH bytes, of which the capture holds @n */
    gint length = be16(head + 4);
    gint n = MIN(length, have - PPPOE_HDR);
    if (session) {
        /* on the wire: LENGTH, unless the frame is shorter than it says */
        gint wire = MIN(length, tvb_reported_length_remaining(t, o) - PPPOE_HDR);
        if (wire > 0) {
            *ppp = o + PPPOE_HDR;
            *ppp_len = wire;
        }
    }
    gboolean end_of_list = FALSE;
    if (!session && n > 0)
        end_of_list = read_tags(tvb_get_ptr(t, o, PPPOE_HDR + n), PPPOE_HDR, PPPOE_HDR + n,
                                &obs->pppoe);
    if (pinfo->fd->cap_len < pinfo->fd->pkt_len) {
        obs->cut_at = pinfo->fd->cap_len; /* the snapshot length cut it */
        /* a Discovery packet's tags: lost when the capture holds less than the packet carries
         * on the wire within LENGTH, and no End-Of-List tag came before the cut */
        gint wire = MIN(length, tvb_reported_length_remaining(t, o) - PPPOE_HDR);
        if (session)
            obs->lost = *ppp >= 0 ? (guint8)hdr_ppp_lost(t, *ppp, *ppp_len) : 0;
        else if (n < wire && !end_of_list)
            obs->lost = PD_LOST_PPPOE;
    }
    return TRUE;
}
