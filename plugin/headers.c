/* headers.c: fixed-layout headers read from the packet bytes (see headers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "ws-compat.h"

/* The 16-bit number in network byte order at @p. */
static guint16 be16(const guint8 *p) { return (guint16)(p[0] << 8 | p[1]); }

/* The 32-bit number in network byte order at @p. */
static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The IPv4 (RFC 791 3.1) or IPv6 (RFC 8200 3) header at @o of @t, whichever its version nibble
 * says. FALSE when the capture holds less than the header. IPv6 extension headers are not
 * followed (next is the end of the fixed header). */
gboolean hdr_ip_at(tvbuff_t *t, gint o, hdr_ip *h)
{
    memset(h, 0, sizeof *h);
    gint have = o >= 0 ? tvb_captured_length_remaining(t, o) : -1;
    if (have < 20)
        return FALSE;
    /* The fixed header read at once (RFC 791 3.1: 20 bytes; RFC 8200 3: 40). */
    const guint8 *b = tvb_get_ptr(t, o, MIN(have, 40));
    h->tvb = t;
    h->start = o;
    if (b[0] >> 4 == 4) {
        if ((b[0] & 0x0f) < 5 || have < (b[0] & 0x0f) * 4)
            return FALSE;
        h->total_len = be16(b + 2);
        h->id = be16(b + 4);
        h->df = (b[6] & 0x40) != 0;
        h->fragment = (be16(b + 6) & 0x3fff) != 0; /* More Fragments, or a Fragment Offset */
        h->ttl = b[8];
        h->proto = b[9];
        h->src.family = h->dst.family = 4;
        memcpy(h->src.bytes, b + 12, 4);
        memcpy(h->dst.bytes, b + 16, 4);
        h->next = o + (b[0] & 0x0f) * 4;
        return TRUE;
    }
    if (b[0] >> 4 == 6 && have >= 40) {
        h->total_len = (guint16)MIN(be16(b + 4) + 40u, G_MAXUINT16);
        h->proto = b[6];
        h->ttl = b[7];
        h->src.family = h->dst.family = 6;
        memcpy(h->src.bytes, b + 8, 16);
        memcpy(h->dst.bytes, b + 24, 16);
        h->next = o + 40;
        return TRUE;
    }
    return FALSE;
}

/* TRUE if @a is the IPv4/IPv6 address @pa (pinfo's). */
static gboolean same_addr(const pd_addr *a, const address *pa)
{
    gint len = a->family == 4 ? 4 : 16;
    return ((pa->type == AT_IPv4 && a->family == 4) || (pa->type == AT_IPv6 && a->family == 6)) &&
           pa->len == len && memcmp(pa->data, a->bytes, len) == 0;
}

/* The IP header carrying protocol @proto that ends at @end of @t, where Wireshark's item of that
 * protocol begins: of the IPv6 headers (with their extension headers) and the IPv4 headers of
 * every length that would end there, the one whose addresses are pinfo's (the network layer
 * that carried the transport), else the only one that fits. FALSE when none or several fit. */
gboolean hdr_ip_before(tvbuff_t *t, gint end, guint8 proto, const packet_info *pinfo,
                       hdr_ip *h)
{
    guint fits = 0;
    /* The bytes before @end, read once: the first byte of a candidate rules most lengths out
     * (an IPv4 header's IHL is its length; IPv6's version is 6). */
    gint lo = MAX(0, end - (40 + HDR_IP6_EXT_MAX));
    const guint8 *b = end > lo ? tvb_get_ptr(t, lo, end - lo) : NULL;
    /* IPv4: 20 to 60 bytes; IPv6: 40, or more with extension headers (8-byte units, AH 4) */
    for (gint len = 20; b && len <= 40 + HDR_IP6_EXT_MAX && end - len >= 0; len += 4) {
        guint8 b0 = b[end - len - lo];
        if (!(b0 >> 4 == 4 && (b0 & 0x0f) * 4 == len) && b0 >> 4 != 6)
            continue;
        hdr_ip c;
        if (!hdr_ip_at(t, end - len, &c))
            continue;
        if (c.src.family == 6 && c.next < end)
            hdr_ip6_skip_ext(&c);
        if (c.next != end || c.proto != proto || c.total_len < (guint)len)
            continue;
        if (same_addr(&c.src, &pinfo->src) && same_addr(&c.dst, &pinfo->dst)) {
            *h = c;
            return TRUE;
        }
        if (fits++ == 0)
            *h = c;
    }
    return fits == 1;
}

gboolean hdr_ip_of_tcp(tvbuff_t *t, const packet_info *pinfo, hdr_ip *h)
{
    const address *src = &pinfo->net_src, *dst = &pinfo->net_dst;
    gint alen = src->type == AT_IPv4 ? 4 : src->type == AT_IPv6 ? 16 : 0;
    if (!alen || dst->type != src->type || src->len != alen || dst->len != alen ||
        !src->data || !dst->data)
        return FALSE;
    guint8 pat[32];
    memcpy(pat, src->data, (size_t)alen);
    memcpy(pat + alen, dst->data, (size_t)alen);
    gint cap = (gint)tvb_captured_length(t);
    const guint8 *b = cap > 0 ? tvb_get_ptr(t, 0, cap) : NULL;
    gint addr_at = alen == 4 ? 12 : 8; /* the source address's offset in the header */
    for (gint i = addr_at; b && i + 2 * alen <= cap; i++) {
        const guint8 *p = memchr(b + i, pat[0], (size_t)(cap - 2 * alen - i + 1));
        if (!p)
            break;
        i = (gint)(p - b);
        if (memcmp(p, pat, (size_t)(2 * alen)) != 0 || !hdr_ip_at(t, i - addr_at, h) ||
            (h->src.family == 4) != (alen == 4))
            continue;
        if (h->src.family == 6)
            hdr_ip6_skip_ext(h);
        if (h->proto == PD_IPPROTO_TCP && tvb_captured_length_remaining(t, h->next) >= 4 &&
            tvb_get_ntohs(t, h->next) == pinfo->srcport &&
            tvb_get_ntohs(t, h->next + 2) == pinfo->destport)
            return TRUE;
    }
    return FALSE;
}

/* The IPv6 extension headers after @h's fixed header up to a Fragment header (RFC 8200 4.5) whose
 * Next Header is @proto: TRUE with *@hlen the bytes from the fixed header to the Fragment
 * header's end and *@id its Identification's low 16 bits. */
static gboolean ip6_fragment_of(const hdr_ip *h, guint8 proto, gint *hlen, guint16 *id)
{
    guint8 nh = h->proto;
    gint o = h->next;
    for (guint n = 0; n < 8; n++) {
        if (tvb_captured_length_remaining(h->tvb, o) < 8)
            return FALSE;
        guint8 next = tvb_get_uint8(h->tvb, o);
        switch (nh) {
        case 0: case 43: case 60:
            o += (tvb_get_uint8(h->tvb, o + 1) + 1) * 8;
            break;
        case 51:
            o += (tvb_get_uint8(h->tvb, o + 1) + 2) * 4;
            break;
        case 44:
            if (next != proto)
                return FALSE;
            *hlen = o + 8 - h->start;
            *id = (guint16)tvb_get_ntohl(h->tvb, o + 4);
            return TRUE;
        default:
            return FALSE;
        }
        nh = next;
    }
    return FALSE;
}

gboolean hdr_ip_reassembled(tvbuff_t *t, const packet_info *pinfo, guint8 proto,
                            tvbuff_t *payload, hdr_ip *h)
{
    const address *src = &pinfo->net_src, *dst = &pinfo->net_dst;
    gint alen = src->type == AT_IPv4 ? 4 : src->type == AT_IPv6 ? 16 : 0;
    if (!alen || dst->type != src->type || src->len != alen || dst->len != alen ||
        !src->data || !dst->data)
        return FALSE;
    gint cap = (gint)tvb_captured_length(t);
    gint addr_at = alen == 4 ? 12 : 8; /* the source address's offset in the header */
    for (gint i = 0; i + addr_at + 2 * alen <= cap; i++) {
        if (tvb_memeql(t, i + addr_at, (const guint8 *)src->data, (size_t)alen) != 0 ||
            tvb_memeql(t, i + addr_at + alen, (const guint8 *)dst->data, (size_t)alen) != 0 ||
            !hdr_ip_at(t, i, h) || (h->src.family == 4) != (alen == 4))
            continue;
        gint hlen;
        if (h->src.family == 4) {
            if (!h->fragment || h->proto != proto)
                continue;
            hlen = h->next - h->start;
        } else if (!ip6_fragment_of(h, proto, &hlen, &h->id)) {
            continue;
        }
        h->proto = proto;
        h->total_len = (guint16)MIN((guint)hlen + tvb_reported_length(payload), G_MAXUINT16);
        h->df = FALSE;
        h->fragment = TRUE;
        h->tvb = payload;
        h->next = 0;
        h->start = -hlen;
        return TRUE;
    }
    return FALSE;
}

/* The TCP header after @ip (RFC 9293 3.1): ports, flags and, for a whole packet, the payload
 * length. FALSE when the capture holds less than the ports. */
gboolean hdr_tcp(const hdr_ip *ip, pd_obs_tcp *t)
{
    gint have = tvb_captured_length_remaining(ip->tvb, ip->next);
    if (have < 4)
        return FALSE;
    const guint8 *b = tvb_get_ptr(ip->tvb, ip->next, MIN(have, 14));
    t->sport = be16(b);
    t->dport = be16(b + 2);
    if (have >= 14) {
        guint hlen = (b[12] >> 4) * 4u;
        t->flags = b[13];
        t->seq = be32(b + 4);
        guint ip_hlen = (guint)(ip->next - ip->start);
        if (ip->total_len >= ip_hlen + hlen)
            t->payload_len = ip->total_len - ip_hlen - hlen;
    }
    return TRUE;
}

/* GRE flags and version (RFC 2784 2.1, RFC 2637 4.1), the bits packet-gre.c tests. */
#define GRE_C 0x8000
#define GRE_R 0x4000
#define GRE_K 0x2000
#define GRE_S 0x1000
#define GRE_A 0x0080
#define GRE_VER 0x0007
#define GRE_PPP 0x880b

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
    gint at = 0;
    guint16 fv = be16(b);
    if (be16(b + 2) != GRE_PPP || !(fv & GRE_VER) || !(fv & GRE_K))
        return FALSE;
    at += 4;
    if (fv & (GRE_C | GRE_R))
        at += 4; /* checksum and offset: never in PPTP, skipped as packet-gre.c does */
    if (have - at < 4)
        return FALSE;
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
    gint n = MIN(MIN(len, have) - from, (gint)sizeof g->ppp_message - 1);
    if (n <= 0)
        return;
    tvb_memcpy(t, g->ppp_message, o + from, (size_t)n);
    g->ppp_message[n] = '\0';
    for (gint i = 0; i < n; i++)
        if (!g_ascii_isprint(g->ppp_message[i]))
            g->ppp_message[i] = '.';
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
    g->ppp_protocol = proto;
    switch (proto) {
    case PD_PPP_LCP: case PD_PPP_IPCP: case PD_PPP_IPV6CP: case PD_PPP_CCP:
    case PD_PPP_CHAP: case PD_PPP_PAP:
        if (have >= 1)
            g->ppp_code = tvb_get_uint8(t, o);
        /* LCP Code-Reject: the rejected packet follows its 4-byte header (RFC 1661 5.6) */
        if (proto == PD_PPP_LCP && g->ppp_code == PD_CP_CODE_REJ && have >= 5)
            g->rejected_code = tvb_get_uint8(t, o + 4);
        if (proto == PD_PPP_CCP && g->ppp_code >= PD_CP_CONF_REQ && g->ppp_code <= PD_CP_CONF_REJ)
            g->mppe_bits = ccp_mppe_bits(t, o, have);
        /* Messages: CHAP Success/Failure (RFC 1994 4.2), PAP Authenticate-Ack/Nak after their
         * Msg-Length (RFC 1334 2.2.2), Terminate-Request/Ack data (RFC 1661 5.5) */
        if (proto == PD_PPP_CHAP &&
            (g->ppp_code == PD_CHAP_SUCCESS || g->ppp_code == PD_CHAP_FAILURE))
            ppp_text(t, o, have, 4, g);
        else if (proto == PD_PPP_PAP && (g->ppp_code == PD_PAP_ACK || g->ppp_code == PD_PAP_NAK))
            ppp_text(t, o, MIN(have, 5 + (have >= 5 ? tvb_get_uint8(t, o + 4) : 0)), 5, g);
        else if (proto != PD_PPP_CHAP && proto != PD_PPP_PAP &&
                 (g->ppp_code == PD_CP_TERM_REQ || g->ppp_code == PD_CP_TERM_ACK))
            ppp_text(t, o, have, 4, g);
        break;
    default:
        break;
    }
}

/* The ICMP error (RFC 792: Destination Unreachable, Time Exceeded, Parameter Problem) whose
 * header is at @o of @t, with the IP header it quotes 8 bytes further (in *@q). */
gboolean hdr_icmp_error(tvbuff_t *t, gint o, pd_obs_icmp *ic, hdr_ip *q)
{
    if (tvb_captured_length_remaining(t, o) < 8)
        return FALSE;
    guint8 type = tvb_get_uint8(t, o), code = tvb_get_uint8(t, o + 1);
    if (type != 3 && type != 11 && type != 12)
        return FALSE;
    if (!hdr_ip_at(t, o + 8, q))
        return FALSE;
    ic->type = type;
    ic->code = code;
    if (type == 3 && code == 4) /* fragmentation needed: Next-Hop MTU (RFC 1191 4) */
        ic->mtu = tvb_get_ntohs(t, o + 6);
    ic->quoted_src = q->src;
    ic->quoted_dst = q->dst;
    ic->quoted_proto = q->proto;
    ic->quoted_ip_id = q->id;
    return TRUE;
}

/* IPv6 extension headers between a fixed header and what it carries (RFC 8200 4.1-4.6, AH RFC
 * 4302 2.2): Hop-by-Hop Options 0, Routing 43, Fragment 44, Destination Options 60, AH 51. */
gboolean hdr_ip6_skip_ext(hdr_ip *h)
{
    for (guint n = 0; n < 8 && h->src.family == 6; n++) {
        gint len;
        switch (h->proto) {
        case 0: case 43: case 60:
            if (tvb_captured_length_remaining(h->tvb, h->next) < 2)
                return FALSE;
            len = (tvb_get_uint8(h->tvb, h->next + 1) + 1) * 8;
            break;
        case 44: /* Fragment: only the first fragment holds the next header's start */
            if (tvb_captured_length_remaining(h->tvb, h->next) < 4 ||
                (tvb_get_ntohs(h->tvb, h->next + 2) & 0xfff8) != 0)
                return FALSE;
            len = 8;
            break;
        case 51:
            if (tvb_captured_length_remaining(h->tvb, h->next) < 2)
                return FALSE;
            len = (tvb_get_uint8(h->tvb, h->next + 1) + 2) * 4;
            break;
        default:
            return TRUE;
        }
        h->proto = tvb_get_uint8(h->tvb, h->next);
        h->next += len;
    }
    return FALSE;
}

/* The ICMPv6 error (RFC 4443: Destination Unreachable 1, Packet Too Big 2, Time Exceeded 3,
 * Parameter Problem 4) at @o of @t, with the IPv6 packet it quotes 8 bytes further (in *@q),
 * past its extension headers. */
gboolean hdr_icmp6_error(tvbuff_t *t, gint o, pd_obs_icmp *ic, hdr_ip *q)
{
    if (tvb_captured_length_remaining(t, o) < 8)
        return FALSE;
    guint8 type = tvb_get_uint8(t, o), code = tvb_get_uint8(t, o + 1);
    if (type < 1 || type > 4)
        return FALSE;
    if (!hdr_ip_at(t, o + 8, q) || q->src.family != 6)
        return FALSE;
    hdr_ip6_skip_ext(q); /* when it fails, proto stays an extension header: neither GRE nor TCP */
    ic->type = type;
    ic->code = code;
    if (type == 2) /* Packet Too Big: the MTU, 32 bits (RFC 4443 3.2) */
        ic->mtu = (guint16)MIN(tvb_get_ntohl(t, o + 4), G_MAXUINT16);
    ic->quoted_src = q->src;
    ic->quoted_dst = q->dst;
    ic->quoted_proto = q->proto;
    ic->quoted_ip_id = 0;
    return TRUE;
}

gint hdr_tcp_payload(const hdr_ip *ip)
{
    if (tvb_captured_length_remaining(ip->tvb, ip->next) < 13)
        return -1;
    guint hlen = (tvb_get_uint8(ip->tvb, ip->next + 12) >> 4) * 4u;
    guint ip_hlen = (guint)(ip->next - ip->start);
    if (hlen < 20 || ip->total_len < ip_hlen + hlen)
        return -1;
    return ip->next + (gint)hlen;
}

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
    gint text = (gint)sizeof(((pd_obs_gre *)0)->ppp_message) - 1; /* ppp_text keeps no more */
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

guint hdr_quote_lost(const hdr_ip *q)
{
    gint need = q->proto == PD_IPPROTO_GRE ? 8 : q->proto == PD_IPPROTO_TCP ? 4 : 0;
    return tvb_captured_length_remaining(q->tvb, q->next) < need ? PD_LOST_QUOTE : 0;
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

/* The TCP flags of the IPv4 header whose source address begins at @i of the @cap bytes @b, if
 * its addresses are @pat (source, destination), it carries TCP, is no fragment, and its TCP
 * header's first 14 bytes, with @pinfo's ports, are captured; else -1. */
static gint tcp_flags_at(const guint8 *b, gint cap, gint i, const guint8 pat[8],
                         const packet_info *pinfo)
{
    if (i < 12 || i + 8 > cap || memcmp(b + i, pat, 8) != 0)
        return -1;
    const guint8 *ip = b + i - 12;
    gint ihl = (ip[0] & 0x0f) * 4;
    if (ip[0] >> 4 != 4 || ihl < 20 || ip[9] != PD_IPPROTO_TCP || (be16(ip + 6) & 0x3fff) != 0 ||
        i - 12 + ihl + 14 > cap)
        return -1;
    const guint8 *tcp = ip + ihl;
    return be16(tcp) == pinfo->srcport && be16(tcp + 2) == pinfo->destport ? tcp[13] : -1;
}

gint hdr_tcp_flags_of(tvbuff_t *t, const packet_info *pinfo)
{
    const address *src = &pinfo->net_src, *dst = &pinfo->net_dst;
    if (src->type != AT_IPv4 || dst->type != AT_IPv4 || src->len != 4 || dst->len != 4 ||
        !src->data || !dst->data) {
        hdr_ip h;
        return hdr_ip_of_tcp(t, pinfo, &h) && !h.fragment &&
                       tvb_captured_length_remaining(h.tvb, h.next) >= 14
                   ? tvb_get_uint8(h.tvb, h.next + 13)
                   : -1;
    }
    guint8 pat[8];
    memcpy(pat, src->data, 4);
    memcpy(pat + 4, dst->data, 4);
    gint cap = (gint)tvb_captured_length(t);
    const guint8 *b = cap > 0 ? tvb_get_ptr(t, 0, cap) : NULL;
    if (!b)
        return -1;
    /* Ethernet II and IPv4 (RFC 894) first, the usual frame: the source address at byte 26 */
    gint flags = tcp_flags_at(b, cap, 26, pat, pinfo);
    if (flags >= 0)
        return flags;
    /* else as hdr_ip_of_tcp: the first place the addresses sit in such a header */
    for (gint i = 12; i + 8 <= cap; i++) {
        const guint8 *p = memchr(b + i, pat[0], (size_t)(cap - 8 - i + 1));
        if (!p)
            break;
        i = (gint)(p - b);
        if ((flags = tcp_flags_at(b, cap, i, pat, pinfo)) >= 0)
            return flags;
    }
    return -1;
}
