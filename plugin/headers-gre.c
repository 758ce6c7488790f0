/* headers-gre.c: enhanced GRE and PPP headers read from the packet bytes (see headers-gre.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-gre.h"

#include <string.h>

#include <epan/tvbuff.h>

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

/* The Supported Bits of the MPPE/MPPC option (type 18, length 6; RFC 3078 2.1) in the CCP
 * Configure-* packet at @o (its Code) of @t, @have bytes captured; 0 when absent or cut. Options
 * are walked by their lengths (RFC 1661 6); a length below 2 ends the walk. */
static guint32 ccp_mppe_bits(tvbuff_t *t, gint o, gint have)
{
    if (have < 4)
        return 0;
    gint end = o + MIN((gint)tvb_get_ntohs(t, o + 2), have);
    for (gint p = o + 4; p + 2 <= end;) {
        guint8 type = tvb_get_uint8(t, p), len = tvb_get_uint8(t, p + 1);
        if (len < 2 || p + len > end)
            return 0;
        if (type == PD_CCP_OPT_MPPE && len == 6)
            return tvb_get_ntohl(t, p + 2);
        p += len;
    }
    return 0;
}

/* The text of the control packet at @o (@have bytes captured), from offset @from of the packet
 * to the end its Length field says, as printable characters ('.' for others, g_ascii_isprint)
 * into @g->ppp_message. */
static void ppp_text(tvbuff_t *t, gint o, gint have, gint from, pd_obs_gre *g)
{
    gint len = have >= 4 ? tvb_get_ntohs(t, o + 2) : 0;
    gint n = MIN(MIN(len, have) - from, (gint)sizeof g->ppp.message - 1);
    if (n <= 0)
        return;
    tvb_memcpy(t, g->ppp.message, o + from, (size_t)n);
    g->ppp.message[n] = '\0';
    for (gint i = 0; i < n; i++)
        if (!g_ascii_isprint(g->ppp.message[i]))
            g->ppp.message[i] = '.';
}

/* The PPP protocol and, for the control protocols pptpdiag follows, the Code at @o (RFC 1661 2
 * and 5, RFC 1662 3.2 address and control, either possibly compressed); 0 when absent. A Cisco
 * HDLC frame (packet-ppp.c hands it on) is not PPP. */
void hdr_ppp_at(tvbuff_t *t, gint o, pd_obs_gre *g)
{
    gint have = tvb_captured_length_remaining(t, o);
    if (have < 1)
        return;
    guint8 b0 = tvb_get_uint8(t, o);
    if (b0 == 0x0f || b0 == 0x8f)
        return;
    if (b0 == 0xff) {
        o += 2;
        have -= 2;
    }
    if (have < 1)
        return;
    guint16 proto = tvb_get_uint8(t, o);
    if (proto & 1) { /* Protocol-Field-Compression */
        o += 1;
        have -= 1;
    } else {
        if (have < 2)
            return;
        proto = tvb_get_ntohs(t, o);
        o += 2;
        have -= 2;
    }
    g->ppp.protocol = proto;
    switch (proto) {
    case PD_PPP_LCP: case PD_PPP_IPCP: case PD_PPP_IPV6CP: case PD_PPP_CCP:
    case PD_PPP_CHAP: case PD_PPP_PAP:
        if (have >= 1)
            g->ppp.code = tvb_get_uint8(t, o);
        /* LCP Code-Reject: the rejected packet follows its 4-byte header (RFC 1661 5.6) */
        if (proto == PD_PPP_LCP && g->ppp.code == PD_CP_CODE_REJ && have >= 5)
            g->ppp.rejected_code = tvb_get_uint8(t, o + 4);
        if (proto == PD_PPP_CCP && g->ppp.code >= PD_CP_CONF_REQ && g->ppp.code <= PD_CP_CONF_REJ)
            g->ppp.mppe_bits = ccp_mppe_bits(t, o, have);
        /* Messages: CHAP Success/Failure (RFC 1994 4.2), PAP Authenticate-Ack/Nak after their
         * Msg-Length (RFC 1334 2.2.2), Terminate-Request/Ack data (RFC 1661 5.5) */
        if (proto == PD_PPP_CHAP &&
            (g->ppp.code == PD_CHAP_SUCCESS || g->ppp.code == PD_CHAP_FAILURE))
            ppp_text(t, o, have, 4, g);
        else if (proto == PD_PPP_PAP && (g->ppp.code == PD_PAP_ACK || g->ppp.code == PD_PAP_NAK))
            ppp_text(t, o, MIN(have, 5 + (have >= 5 ? tvb_get_uint8(t, o + 4) : 0)), 5, g);
        else if (proto != PD_PPP_CHAP && proto != PD_PPP_PAP &&
                 (g->ppp.code == PD_CP_TERM_REQ || g->ppp.code == PD_CP_TERM_ACK))
            ppp_text(t, o, have, 4, g);
        break;
    default:
        break;
    }
}

/* What hdr_ppp_at reads of the PPP frame at @o of @t, @wire bytes long on the wire (the GRE
 * Payload Length), and the capture does not hold (see hdr_gre_lost). */
static guint ppp_lost(tvbuff_t *t, gint o, gint wire)
{
    gint have = tvb_captured_length_remaining(t, o);
    if (have < 1)
        return PD_LOST_PPP;
    guint8 b0 = tvb_get_uint8(t, o);
    if (b0 == 0x0f || b0 == 0x8f)
        return 0; /* Cisco HDLC: nothing read */
    if (b0 == 0xff) {
        o += 2;
        have -= 2;
        wire -= 2;
    }
    if (have < 1)
        return PD_LOST_PPP;
    guint16 proto = tvb_get_uint8(t, o);
    if (proto & 1) {
        o += 1;
        have -= 1;
        wire -= 1;
    } else {
        if (have < 2)
            return PD_LOST_PPP;
        proto = tvb_get_ntohs(t, o);
        o += 2;
        have -= 2;
        wire -= 2;
    }
    switch (proto) {
    case PD_PPP_LCP: case PD_PPP_IPCP: case PD_PPP_IPV6CP: case PD_PPP_CCP:
    case PD_PPP_CHAP: case PD_PPP_PAP:
        break;
    default:
        return 0; /* data (MPPE, IP): the protocol only */
    }
    if (have < 1)
        return PD_LOST_PPP;
    guint8 code = tvb_get_uint8(t, o);
    /* the Length (RFC 1661 5), within what the packet carries on the wire */
    gint len = MIN(have >= 4 ? tvb_get_ntohs(t, o + 2) : G_MAXINT, wire);
    gint text = (gint)sizeof(((pd_obs_gre *)0)->ppp.message) - 1; /* ppp_text keeps no more */
    gboolean options = (proto == PD_PPP_LCP || proto == PD_PPP_IPCP || proto == PD_PPP_CCP) &&
                       code >= PD_CP_CONF_REQ && code <= PD_CP_CONF_REJ;
    if (options) /* read from the tree, as captured: every option up to the Length */
        return have < len ? PD_LOST_PPP : 0;
    if (proto == PD_PPP_LCP && (code == PD_CP_CODE_REJ || code == PD_CP_PROTO_REJ))
        return have < MIN(code == PD_CP_CODE_REJ ? 5 : 6, len) ? PD_LOST_PPP : 0;
    if (proto == PD_PPP_CHAP && (code == PD_CHAP_SUCCESS || code == PD_CHAP_FAILURE))
        return have < MIN(len, 4 + text) ? PD_LOST_TEXT : 0;
    if (proto == PD_PPP_PAP && (code == PD_PAP_ACK || code == PD_PAP_NAK)) {
        if (have < 5)
            return len > 4 ? PD_LOST_TEXT : 0; /* the Msg-Length, if the packet holds one */
        gint msg = tvb_get_uint8(t, o + 4);
        return have < MIN(len, 5 + MIN(msg, text)) ? PD_LOST_TEXT : 0;
    }
    if (proto != PD_PPP_CHAP && proto != PD_PPP_PAP &&
        (code == PD_CP_TERM_REQ || code == PD_CP_TERM_ACK))
        return have < MIN(len, 4 + text) ? PD_LOST_TEXT : 0;
    return 0; /* the Code only (Echo, Discard, CHAP Challenge and Response, PAP Request, ...) */
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
    return ppp_lost(t, o + hlen, payload);
}
