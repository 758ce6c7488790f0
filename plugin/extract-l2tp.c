/* extract-l2tp.c: an L2TP version 2 message's header and AVPs read from its bytes (see
 * extract-l2tp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-l2tp.h"

#include "headers-ppp.h"
#include "headers.h"
#include "textfmt.h"

/* The UDP header (RFC 768): source port, destination port, Length, checksum. */
#define UDP_HDR 8
/* The L2TP header's first 16 bits (RFC 2661 section 3.1): Type, Length, Sequence and Offset
 * bits, Ver. */
#define L2TP_T 0x8000
#define L2TP_L 0x4000
#define L2TP_S 0x0800
#define L2TP_O 0x0200
#define L2TP_VER 0x000f
/* An AVP (section 4.1): M, H, reserved bits and a 10-bit Length, Vendor ID, Attribute Type. */
#define AVP_HDR 6
#define AVP_H 0x4000
#define AVP_LENGTH 0x03ff

/* The attribute types pptpdiag reads (Vendor ID 0; section 4.4), and their bits in a set of
 * the types seen (avp_bit). */
enum {
    AVP_MESSAGE_TYPE = 0,
    AVP_RESULT_CODE = 1,
    AVP_HOST_NAME = 7,
    AVP_ASSIGNED_TUNNEL_ID = 9,
    AVP_ASSIGNED_SESSION_ID = 14,
};

/* The bit of @type among the types pptpdiag reads of Vendor ID @vendor; 0 for any other. */
static guint avp_bit(guint16 vendor, guint16 type)
{
    if (vendor != 0)
        return 0;
    switch (type) {
    case AVP_MESSAGE_TYPE: return 1u << 0;
    case AVP_RESULT_CODE: return 1u << 1;
    case AVP_HOST_NAME: return 1u << 2;
    case AVP_ASSIGNED_TUNNEL_ID: return 1u << 3;
    case AVP_ASSIGNED_SESSION_ID: return 1u << 4;
    default: return 0;
    }
}

/* The value (@n bytes at @v) of an AVP of a @type pptpdiag reads, into @l; a value of another
 * length than its type's leaves it unread. */
static void read_avp(guint16 type, const guint8 *v, gint n, pd_obs_l2tp *l)
{
    switch (type) {
    case AVP_MESSAGE_TYPE:
        if (n == 2)
            l->type = be16(v);
        break;
    case AVP_RESULT_CODE: /* Result Code, then an optional Error Code and Error Message */
        if (n < 2)
            break;
        l->has_result = TRUE;
        l->result = be16(v);
        if (n >= 4) {
            l->has_error = TRUE;
            l->error = be16(v + 2);
        }
        if (n > 4)
            pptpdiag_wire_text(v + 4, n - 4, l->error_message, sizeof l->error_message);
        break;
    case AVP_HOST_NAME:
        pptpdiag_wire_text(v, n, l->host_name, sizeof l->host_name);
        break;
    case AVP_ASSIGNED_TUNNEL_ID:
        if (n == 2)
            l->assigned_tunnel_id = be16(v);
        break;
    case AVP_ASSIGNED_SESSION_ID:
        if (n == 2)
            l->assigned_session_id = be16(v);
        break;
    default:
        break;
    }
}

/* The AVPs between offsets @p and @end (the message's end on the wire) of the @cap captured
 * bytes @b, into @l: the first of each type read. Returns PD_LOST_L2TP when the capture ends
 * within the list before its end, and not within its last AVP when that is of a type not read
 * (or hidden); else 0. */
static guint8 read_avps(const guint8 *b, gint p, gint end, gint cap, pd_obs_l2tp *l)
{
    guint seen = 0;
    while (p < end) {
        if (end - p < AVP_HDR)
            return 0; /* too few bytes left for an AVP: the list ends */
        if (cap - p < AVP_HDR)
            return PD_LOST_L2TP; /* the cut took this AVP's header */
        guint16 w = be16(b + p), vendor = be16(b + p + 2), type = be16(b + p + 4);
        gint len = w & AVP_LENGTH;
        if (len < AVP_HDR || len > end - p)
            return 0; /* a Length that lies ends the list */
        guint bit = avp_bit(vendor, type);
        gboolean first = bit && !(seen & bit);
        seen |= bit;
        if (first && (w & AVP_H))
            l->hidden = TRUE; /* hidden (section 4.3): not read */
        if (len > cap - p) /* the cut took part of it, and what follows */
            return (first && !(w & AVP_H)) || p + len < end ? PD_LOST_L2TP : 0;
        if (first && !(w & AVP_H))
            read_avp(type, b + p + AVP_HDR, len - AVP_HDR, l);
        p += len;
    }
    return 0;
}

gboolean pptpdiag_extract_l2tp(tvbuff_t *t, gint udp, pd_obs_l2tp *l, gint *ppp, gint *ppp_len,
                               guint8 *lost)
{
    *ppp = -1;
    *ppp_len = 0;
    *lost = 0;
    gint cap = t && udp >= 0 ? tvb_captured_length_remaining(t, udp) : -1;
    if (cap < UDP_HDR + 2)
        return FALSE;
    gint wire = tvb_reported_length_remaining(t, udp);
    const guint8 *b = tvb_get_ptr(t, udp, cap); /* offsets below are from the UDP header */
    guint16 flags = be16(b + UDP_HDR);
    if ((flags & L2TP_VER) != 2)
        return FALSE;
    gint h = UDP_HDR + 2, length = -1;
    if (flags & L2TP_L) {
        if (cap < h + 2)
            return FALSE;
        length = be16(b + h);
        h += 2;
    }
    if (cap < h + 4)
        return FALSE; /* cut before the Session ID's end */
    l->sport = be16(b);
    l->dport = be16(b + 2);
    l->control = (flags & L2TP_T) != 0;
    l->tunnel_id = be16(b + h);
    l->session_id = be16(b + h + 2);
    h += 4;
    /* The datagram: its UDP Length, unless that says less than a header or more than the wire
     * holds; the message: its Length within the datagram, else the datagram's rest. */
    gint dgram = be16(b + 4);
    if (dgram < UDP_HDR || dgram > wire)
        dgram = wire;
    gint end = UDP_HDR + (length >= 0 ? MIN(length, dgram - UDP_HDR) : dgram - UDP_HDR);
    gboolean cut = FALSE; /* the capture ends within the header */
    if (flags & L2TP_S) {
        if (cap < h + 4) {
            cut = TRUE;
        } else {
            l->has_seq = TRUE;
            l->ns = be16(b + h);
            l->nr = be16(b + h + 2);
        }
        h += 4;
    }
    if ((flags & L2TP_O) && !cut) { /* Offset Size, then that many bytes of padding */
        if (cap < h + 2)
            cut = TRUE;
        else
            h += 2 + be16(b + h);
    }
    if (cut)
        *lost = l->control ? PD_LOST_L2TP : PD_LOST_L2TP | PD_LOST_PPP;
    else if (!l->control && end > h) {
        *ppp = udp + h;
        *ppp_len = end - h;
        *lost = (guint8)hdr_ppp_lost(t, *ppp, *ppp_len);
    } else if (l->control && end == h) {
        l->zlb = TRUE; /* no AVP: an acknowledgment (section 5.8) */
        l->type = PD_L2TP_ZLB;
    } else if (l->control) {
        *lost = read_avps(b, h, end, cap, l);
    }
    if (cap >= wire)
        *lost = 0; /* not cut: what is missing was never on the wire */
    return TRUE;
}
