/* headers-pptp.c: PPTP control messages read from the packet bytes (see headers-pptp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-pptp.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "ws-compat.h"

/* PPTP control message header (RFC 2637 2): Length, PPTP Message Type 1, Magic Cookie. */
#define PPTP_MAGIC 0x1A2B3C4Du
#define PPTP_HDR 12

/* Bytes of a control message's body (after its 12-byte header) that hdr_pptp_messages reads, by
 * Message Type: to the end of the last field it reads (RFC 2637 2.1-2.16); 0 for the types it
 * reads nothing of (SCCRQ, Echo-Request, ...). */
static gint pptp_body_read(guint16 type)
{
    switch (type) {
    case PD_PPTP_SCCRP: case PD_PPTP_StopCCRP: return 4;
    case PD_PPTP_StopCCRQ: return 1;
    case PD_PPTP_ECHORP: return 6;
    case PD_PPTP_OCRQ: case PD_PPTP_ICRQ: case PD_PPTP_CCRQ: return 2;
    case PD_PPTP_OCRP: case PD_PPTP_ICRP: case PD_PPTP_CDN: return 8;
    case PD_PPTP_ICCN: case PD_PPTP_SLI: return 2;
    case PD_PPTP_WEN: return 28;
    default: return 0;
    }
}

guint hdr_pptp_messages(tvbuff_t *t, gint o, gint end, pd_obs_pptp *out, guint room)
{
    guint n = 0;
    while (n < room && o >= 0 && end - o >= PPTP_HDR &&
           tvb_captured_length_remaining(t, o) >= PPTP_HDR) {
        guint16 len = tvb_get_ntohs(t, o);
        if (len < PPTP_HDR + 4 || len > end - o || tvb_get_ntohs(t, o + 2) != 1 ||
            tvb_get_ntohl(t, o + 4) != PPTP_MAGIC)
            break;
        /* A message cut by the snapshot length: the fields captured, then no more. */
        gint avail = MIN((gint)len, tvb_captured_length_remaining(t, o));
        guint16 type = tvb_get_ntohs(t, o + 8);
        gint b = o + PPTP_HDR; /* the body; offsets below from RFC 2637 2.1-2.16 */
        pd_obs_pptp *m = &out[n];
        memset(m, 0, sizeof *m);
        m->type = type;
#define U8(x) tvb_get_uint8(t, b + (x))
#define U16(x) tvb_get_ntohs(t, b + (x))
#define U32(x) tvb_get_ntohl(t, b + (x))
        /* the fields of its type only when all of them were captured */
        switch (avail >= PPTP_HDR + pptp_body_read(type) ? type : 0) {
        case PD_PPTP_SCCRP: case PD_PPTP_StopCCRP:
            m->has_result = TRUE;
            m->result = U8(type == PD_PPTP_SCCRP ? 2 : 0);
            m->error = U8(type == PD_PPTP_SCCRP ? 3 : 1);
            break;
        case PD_PPTP_StopCCRQ:
            m->has_reason = TRUE;
            m->reason = U8(0);
            break;
        case PD_PPTP_ECHORP:
            m->has_result = TRUE;
            m->result = U8(4);
            m->error = U8(5);
            break;
        case PD_PPTP_OCRQ: case PD_PPTP_ICRQ: case PD_PPTP_CCRQ:
            m->has_call_id = TRUE;
            m->call_id = U16(0);
            break;
        case PD_PPTP_OCRP: case PD_PPTP_ICRP:
            m->has_call_id = m->has_peer_call_id = TRUE;
            m->call_id = U16(0);
            m->peer_call_id = U16(2);
            m->has_result = TRUE;
            m->result = U8(4);
            m->error = U8(5);
            m->cause = type == PD_PPTP_OCRP ? U16(6) : 0;
            break;
        case PD_PPTP_ICCN: case PD_PPTP_SLI:
            m->has_peer_call_id = TRUE;
            m->peer_call_id = U16(0);
            break;
        case PD_PPTP_CDN:
            m->has_call_id = TRUE;
            m->call_id = U16(0);
            m->has_result = TRUE;
            m->result = U8(2);
            m->error = U8(3);
            m->cause = U16(4);
            break;
        case PD_PPTP_WEN:
            m->has_peer_call_id = TRUE;
            m->peer_call_id = U16(0);
            for (guint w = 0; w < 6; w++)
                m->wan_errors[w] = U32(4 + 4 * w);
            break;
        default:
            break;
        }
#undef U8
#undef U16
#undef U32
        n++;
        if (avail < (gint)len)
            break;
        o += len;
    }
    return n;
}

gint hdr_pptp_whole(tvbuff_t *t, gint o, gint end)
{
    gint at = o;
    while (end - at >= 8 && tvb_captured_length_remaining(t, at) >= 8) {
        guint16 len = tvb_get_ntohs(t, at);
        if (len < PPTP_HDR || tvb_get_ntohs(t, at + 2) != 1 ||
            tvb_get_ntohl(t, at + 4) != PPTP_MAGIC)
            return -1;
        if (len > end - at)
            return at; /* split: the rest is in the next segment */
        at += len;
    }
    return at == end ? end : -1;
}

guint hdr_pptp_lost(tvbuff_t *t, gint o, gint end)
{
    gint cap = o >= 0 ? tvb_captured_length_remaining(t, o) : -1;
    gint cap_end = o + MAX(cap, 0); /* where the captured bytes end */
    while (end - o >= PPTP_HDR) {
        if (cap_end - o < PPTP_HDR)
            return PD_LOST_PPTP; /* a message whose header was not captured */
        guint16 len = tvb_get_ntohs(t, o);
        if (len < PPTP_HDR + 4 || tvb_get_ntohs(t, o + 2) != 1 ||
            tvb_get_ntohl(t, o + 4) != PPTP_MAGIC)
            return 0; /* no PPTP here: hdr_pptp_messages reads nothing of it either */
        /* of its fields, those in this segment (the rest of a split message is in the next) */
        gint read = MIN(pptp_body_read(tvb_get_ntohs(t, o + 8)), MIN(len, end - o) - PPTP_HDR);
        if (cap_end - o < PPTP_HDR + read)
            return PD_LOST_PPTP;
        o += len;
    }
    return 0;
}

pd_tcp_start hdr_pptp_start(tvbuff_t *t, gint o, gint end)
{
    if (o < 0 || end - o < 8 || tvb_captured_length_remaining(t, o) < 8)
        return PD_TCP_START_UNKNOWN;
    return tvb_get_ntohs(t, o) >= PPTP_HDR && tvb_get_ntohs(t, o + 2) == 1 &&
                   tvb_get_ntohl(t, o + 4) == PPTP_MAGIC
               ? PD_TCP_START_PPTP
               : PD_TCP_START_OTHER;
}
