/* headers-ip.c: IP, TCP and ICMP error headers read from the packet bytes (see headers-ip.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-ip.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "ws-compat.h"

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

/* The next IP header of @t, at offset *@from or after it, whose source and destination are
 * @pinfo's network addresses (net_src then net_dst: IPv4 at bytes 12-19 of the header, IPv6 at
 * 8-39; found with memchr) and which hdr_ip_at reads as that family: TRUE with @h filled and
 * *@from just past its start, for the next call; FALSE when none is left or pinfo holds no
 * IPv4/IPv6 addresses. What hdr_ip_of_tcp/udp/esp, hdr_ip_reassembled and hdr_ip_decrypted
 * look for in the frame's own bytes. */
static gboolean next_with_addrs(tvbuff_t *t, const packet_info *pinfo, gint *from, hdr_ip *h)
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
    for (gint i = MAX(*from, 0) + addr_at; b && i + 2 * alen <= cap; i++) {
        const guint8 *p = memchr(b + i, pat[0], (size_t)(cap - 2 * alen - i + 1));
        if (!p)
            break;
        i = (gint)(p - b);
        if (memcmp(p, pat, (size_t)(2 * alen)) != 0 || !hdr_ip_at(t, i - addr_at, h) ||
            (h->src.family == 4) != (alen == 4))
            continue;
        *from = i - addr_at + 1;
        return TRUE;
    }
    return FALSE;
}

/* hdr_ip_of_tcp and hdr_ip_of_udp: the header carrying transport @proto with pinfo's ports. */
static gboolean ip_of_ports(tvbuff_t *t, const packet_info *pinfo, guint8 proto, hdr_ip *h)
{
    for (gint at = 0; next_with_addrs(t, pinfo, &at, h);) {
        if (h->src.family == 6)
            hdr_ip6_skip_ext(h);
        if (h->proto == proto && tvb_captured_length_remaining(t, h->next) >= 4 &&
            tvb_get_ntohs(t, h->next) == pinfo->srcport &&
            tvb_get_ntohs(t, h->next + 2) == pinfo->destport)
            return TRUE;
    }
    return FALSE;
}

gboolean hdr_ip_of_tcp(tvbuff_t *t, const packet_info *pinfo, hdr_ip *h)
{
    return ip_of_ports(t, pinfo, PD_IPPROTO_TCP, h);
}

gboolean hdr_ip_of_udp(tvbuff_t *t, const packet_info *pinfo, hdr_ip *h)
{
    return ip_of_ports(t, pinfo, PD_IPPROTO_UDP, h);
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
    for (gint at = 0; next_with_addrs(t, pinfo, &at, h);) {
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

gboolean hdr_ip_decrypted(tvbuff_t *t, const packet_info *pinfo, guint8 proto, tvbuff_t *payload,
                          hdr_ip *h, guint8 *esp)
{
    for (gint at = 0; next_with_addrs(t, pinfo, &at, h);) {
        if (h->src.family == 6)
            hdr_ip6_skip_ext(h);
        gint hlen = h->next - h->start;
        if (h->proto == PD_IPPROTO_ESP) {
            *esp = PD_ESP_IP;
        } else if (h->proto == PD_IPPROTO_UDP &&
                   tvb_captured_length_remaining(t, h->next) >= 12 &&
                   (tvb_get_ntohs(t, h->next) == PD_NATT_PORT ||
                    tvb_get_ntohs(t, h->next + 2) == PD_NATT_PORT) &&
                   tvb_get_ntohl(t, h->next + 8) != 0) {
            *esp = PD_ESP_UDP;
            hlen += 8;
        } else {
            continue;
        }
        h->proto = proto;
        h->total_len = (guint16)MIN((guint)hlen + tvb_reported_length(payload), G_MAXUINT16);
        h->tvb = payload;
        h->next = 0;
        h->start = -hlen;
        return TRUE;
    }
    return FALSE;
}

gint hdr_esp_after(const hdr_ip *h, const packet_info *pinfo, guint8 proto)
{
    if (h->proto != proto)
        return -1;
    gint at = proto == PD_IPPROTO_UDP ? h->next + 8 : h->next;
    if (tvb_captured_length_remaining(h->tvb, at) < 8)
        return -1; /* no SPI and Sequence Number captured */
    if (proto == PD_IPPROTO_UDP) {
        guint16 sport = tvb_get_ntohs(h->tvb, h->next), dport = tvb_get_ntohs(h->tvb, h->next + 2);
        if (sport != pinfo->srcport || dport != pinfo->destport ||
            (sport != PD_NATT_PORT && dport != PD_NATT_PORT) || tvb_get_ntohl(h->tvb, at) == 0)
            return -1;
    }
    return at;
}

gboolean hdr_ip_of_esp(tvbuff_t *t, const packet_info *pinfo, guint8 proto, hdr_ip *h,
                       gint *esp)
{
    for (gint at = 0; next_with_addrs(t, pinfo, &at, h);) {
        if (h->fragment)
            continue;
        if (h->src.family == 6) {
            gint hlen;
            guint16 id;
            if (ip6_fragment_of(h, proto, &hlen, &id))
                continue; /* a fragment: its packet is read where Wireshark reassembled it */
            hdr_ip6_skip_ext(h);
        }
        if ((*esp = hdr_esp_after(h, pinfo, proto)) >= 0)
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

/* The ports of the UDP datagram (RFC 768) that @q heads in an ICMP error's quote, into @ic, when
 * the quote holds them: not in an IPv4 fragment other than the first (RFC 791 section 3.1; an
 * IPv6 one stops hdr_ip6_skip_ext at its Fragment header). */
static void quoted_udp_ports(const hdr_ip *q, pd_obs_icmp *ic)
{
    if (q->proto != PD_IPPROTO_UDP || tvb_captured_length_remaining(q->tvb, q->next) < 4 ||
        (q->src.family == 4 && (tvb_get_ntohs(q->tvb, q->start + 6) & 0x1fff) != 0))
        return;
    ic->quoted_udp_sport = tvb_get_ntohs(q->tvb, q->next);
    ic->quoted_udp_dport = tvb_get_ntohs(q->tvb, q->next + 2);
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
    quoted_udp_ports(q, ic);
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
    quoted_udp_ports(q, ic);
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

guint hdr_quote_lost(const hdr_ip *q)
{
    gint need = q->proto == PD_IPPROTO_GRE ? 8 : q->proto == PD_IPPROTO_TCP ? 4 : 0;
    return tvb_captured_length_remaining(q->tvb, q->next) < need ? PD_LOST_QUOTE : 0;
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
