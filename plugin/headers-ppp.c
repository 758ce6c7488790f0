/* headers-ppp.c: the PPP frame read from the packet bytes, whatever carries it (see
 * headers-ppp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-ppp.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "ws-compat.h"

/* The options of the LCP, IPCP or CCP Configure-Request/Ack/Nak/Reject at @o (its Code) of @t,
 * @have bytes captured, into @p: the type of each (cp_options), and the values pptpdiag reads
 * (the first of each): LCP Authentication-Protocol and its CHAP algorithm (RFC 1661 6.2, RFC
 * 1994 3), the LCP Maximum-Receive-Unit (RFC 1661 6.1), the IPCP IP-Address (RFC 1332 3.3), the
 * CCP MPPE/MPPC Supported Bits (RFC 3078 2.1).
 * Options are walked by their lengths within the packet's Length and the bytes captured (RFC 1661
 * 6); a length below 2 or past the end ends the walk, as it ends Wireshark's. */
static void cp_options(tvbuff_t *t, gint o, gint have, pd_obs_ppp *p)
{
    if (have < 4)
        return;
    gint end = o + MIN((gint)tvb_get_ntohs(t, o + 2), have);
    for (gint at = o + 4; at + 2 <= end;) {
        guint8 type = tvb_get_uint8(t, at), len = tvb_get_uint8(t, at + 1);
        if (len < 2 || at + len > end)
            return;
        if (type < 32)
            p->cp_options |= 1u << type;
        if (p->protocol == PD_PPP_LCP && type == PD_LCP_OPT_AUTH && len >= 4 &&
            !p->auth_protocol) {
            p->auth_protocol = tvb_get_ntohs(t, at + 2);
            if (p->auth_protocol == PD_PPP_CHAP && len >= 5)
                p->auth_algorithm = tvb_get_uint8(t, at + 4);
        } else if (p->protocol == PD_PPP_LCP && type == PD_LCP_OPT_MRU && len == 4 && !p->mru) {
            p->mru = tvb_get_ntohs(t, at + 2);
        } else if (p->protocol == PD_PPP_IPCP && type == PD_IPCP_OPT_ADDRESS && len == 6 &&
                   !p->has_ipcp_address) {
            p->has_ipcp_address = TRUE;
            tvb_memcpy(t, p->ipcp_address, at + 2, 4);
        } else if (p->protocol == PD_PPP_CCP && type == PD_CCP_OPT_MPPE && len == 6 &&
                   !p->mppe_bits) {
            p->mppe_bits = tvb_get_ntohl(t, at + 2);
        }
        at += len;
    }
}

/* The text of the control packet at @o (@have bytes captured), from offset @from of the packet
 * to the end its Length field says, as printable characters ('.' for others, g_ascii_isprint)
 * into @p->message. */
static void ppp_text(tvbuff_t *t, gint o, gint have, gint from, pd_obs_ppp *p)
{
    gint len = have >= 4 ? tvb_get_ntohs(t, o + 2) : 0;
    gint n = MIN(MIN(len, have) - from, (gint)sizeof p->message - 1);
    if (n <= 0)
        return;
    tvb_memcpy(t, p->message, o + from, (size_t)n);
    p->message[n] = '\0';
    for (gint i = 0; i < n; i++)
        if (!g_ascii_isprint(p->message[i]))
            p->message[i] = '.';
}

void hdr_ppp_at(tvbuff_t *t, gint o, gint len, pd_obs_ppp *p)
{
    gint have = tvb_captured_length_remaining(t, o);
    if (len >= 0)
        have = MIN(have, len);
    if (have < 1)
        return;
    gint wire = tvb_reported_length_remaining(t, o); /* on the wire, captured or not */
    if (len >= 0)
        wire = MIN(wire, len);
    guint8 b0 = tvb_get_uint8(t, o);
    if (b0 == 0x0f || b0 == 0x8f)
        return;
    gint skip = b0 == 0xff ? 2 : 0;
    if (have < skip + 1)
        return;
    guint16 proto = tvb_get_uint8(t, o + skip);
    if (proto & 1) { /* Protocol-Field-Compression */
        skip += 1;
    } else {
        if (have < skip + 2)
            return;
        proto = tvb_get_ntohs(t, o + skip);
        skip += 2;
    }
    o += skip;
    have -= skip;
    wire -= skip;
    p->protocol = proto;
    switch (proto) {
    case PD_PPP_LCP: case PD_PPP_IPCP: case PD_PPP_IPV6CP: case PD_PPP_CCP:
    case PD_PPP_CHAP: case PD_PPP_PAP:
        if (have >= 1)
            p->code = tvb_get_uint8(t, o);
        /* A Length (RFC 1661 5, RFC 1994 4, RFC 1334 2.2) below the 4-byte header or past what
         * the carrier delivers on the wire: malformed, as Wireshark's PPP dissectors find it
         * (a frame the snapshot length cut is not: the wire's length is known) */
        if (have >= 4) {
            gint length = tvb_get_ntohs(t, o + 2);
            p->malformed = length < 4 || length > wire;
        }
        /* LCP Code-Reject: the rejected packet follows its 4-byte header (RFC 1661 5.6);
         * Protocol-Reject: the Rejected-Protocol (5.7) */
        if (proto == PD_PPP_LCP && p->code == PD_CP_CODE_REJ && have >= 5)
            p->rejected_code = tvb_get_uint8(t, o + 4);
        if (proto == PD_PPP_LCP && p->code == PD_CP_PROTO_REJ && have >= 6)
            p->rejected_protocol = tvb_get_ntohs(t, o + 4);
        if ((proto == PD_PPP_LCP || proto == PD_PPP_IPCP || proto == PD_PPP_CCP) &&
            p->code >= PD_CP_CONF_REQ && p->code <= PD_CP_CONF_REJ)
            cp_options(t, o, have, p);
        /* Messages: CHAP Success/Failure (RFC 1994 4.2), PAP Authenticate-Ack/Nak after their
         * Msg-Length (RFC 1334 2.2.2), Terminate-Request/Ack data (RFC 1661 5.5) */
        if (proto == PD_PPP_CHAP && (p->code == PD_CHAP_SUCCESS || p->code == PD_CHAP_FAILURE))
            ppp_text(t, o, have, 4, p);
        else if (proto == PD_PPP_PAP && (p->code == PD_PAP_ACK || p->code == PD_PAP_NAK))
            ppp_text(t, o, MIN(have, 5 + (have >= 5 ? tvb_get_uint8(t, o + 4) : 0)), 5, p);
        else if (proto != PD_PPP_CHAP && proto != PD_PPP_PAP &&
                 (p->code == PD_CP_TERM_REQ || p->code == PD_CP_TERM_ACK))
            ppp_text(t, o, have, 4, p);
        break;
    default:
        break;
    }
}

guint hdr_ppp_lost(tvbuff_t *t, gint o, gint wire)
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
    gint text = (gint)sizeof(((pd_obs_ppp *)0)->message) - 1; /* ppp_text keeps no more */
    gboolean options = (proto == PD_PPP_LCP || proto == PD_PPP_IPCP || proto == PD_PPP_CCP) &&
                       code >= PD_CP_CONF_REQ && code <= PD_CP_CONF_REJ;
    if (options) /* every option up to the Length (cp_options) */
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
