/* headers-gre.c: the enhanced GRE header read from the packet bytes (see headers-gre.h); the PPP
 * frame it carries is headers-ppp.c's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-gre.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "headers-ppp.h"
#include "ws-compat.h"

/* GRE flags and version (RFC 2784 2.1, RFC 2637 4.1), the bits packet-gre.c tests. */
#define GRE_C 0x8000
#define GRE_R 0x4000
#define GRE_K 0x2000
#define GRE_S 0x1000
#define GRE_A 0x0080
#define GRE_VER 0x0007
#define GRE_PPP 0x880b

/* Where the Key field (Payload Length, Call ID) of the enhanced GRE header in the @have bytes
 * at @b begins (4, or 8 past a checksum and offset), or -1 when the bytes are no such header
 * (RFC 2637 4.1: protocol 0x880B, a version, the K bit; as packet-gre.c reads PPTP) or the
 * capture ends before the Call ID. */
static gint gre_key_at(const guint8 *b, gint have)
{
    if (have < 4)
        return -1;
    guint16 fv = be16(b);
    if (be16(b + 2) != GRE_PPP || !(fv & GRE_VER) || !(fv & GRE_K))
        return -1;
    gint at = fv & (GRE_C | GRE_R) ? 8 : 4; /* checksum and offset: never in PPTP, skipped */
    return have - at < 4 ? -1 : at;
}

gboolean hdr_gre_is_pptp(tvbuff_t *t, gint o)
{
    gint have = tvb_captured_length_remaining(t, o);
    return have >= 4 && gre_key_at(tvb_get_ptr(t, o, MIN(have, 12)), have) >= 0;
}

/* The enhanced GRE header (RFC 2637 4.1) at @o of @t and the start of its PPP payload in
 * *@ppp (-1 if none can be told): what packet-gre.c reads as PPTP (protocol 0x880B, a
 * version, the Key as Payload Length and Call ID). FALSE when it is not that or the capture
 * ends before the Call ID; sequence and acknowledgment numbers only if captured. */
gboolean hdr_gre_at(tvbuff_t *t, gint o, pd_obs_gre *g, gint *ppp)
{
    *ppp = -1;
    gint have = tvb_captured_length_remaining(t, o);
    if (have < 4)
        return FALSE;
    /* The whole header read at once: at most 4 + 4 (checksum, offset) + 4 + 4 + 4 bytes. */
    const guint8 *b = tvb_get_ptr(t, o, MIN(have, 20));
    gint at = gre_key_at(b, have);
    if (at < 0)
        return FALSE;
    guint16 fv = be16(b);
    g->payload_len = be16(b + at);
    g->call_id = be16(b + at + 2);
    at += 4;
    if (fv & GRE_S) {
        if (have - at < 4)
            return TRUE;
        g->has_seq = TRUE;
        g->seq = be32(b + at);
        at += 4;
    }
    if (fv & GRE_A) {
        if (have - at < 4)
            return TRUE;
        g->has_ack = TRUE;
        g->ack = be32(b + at);
        at += 4;
    }
    if (!(fv & GRE_R) && g->payload_len > 0)
        *ppp = o + at;
    return TRUE;
}

guint hdr_gre_lost(tvbuff_t *t, gint o)
{
    gint have = tvb_captured_length_remaining(t, o);
    if (have < 4)
        return PD_LOST_GRE;
    guint16 fv = tvb_get_ntohs(t, o);
    gint key = (fv & (GRE_C | GRE_R)) ? 8 : 4; /* where the Key begins */
    if (have < key + 4)
        return PD_LOST_GRE;
    guint16 payload = tvb_get_ntohs(t, o + key);
    gint hlen = key + 4 + ((fv & GRE_S) ? 4 : 0) + ((fv & GRE_A) ? 4 : 0);
    if (have < hlen)
        return PD_LOST_GRE | (payload ? PD_LOST_PPP : 0);
    if (!payload || (fv & GRE_R))
        return 0; /* no payload, or one hdr_gre_at does not follow */
    return hdr_ppp_lost(t, o + hlen, payload);
}
