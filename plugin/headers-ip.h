/* headers-ip.h: readers of the IPv4/IPv6 and TCP headers, of ICMP and ICMPv6 errors with the IP
 * header they quote, and finders of the IP header before ESP, from the packet bytes (the rules
 * of every reader: headers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_IP_H
#define PPTPDIAG_HEADERS_IP_H

#include <string.h>

#include <epan/packet.h>

#include "headers.h"
#include "pd_observation.h"

/** An IP header read from the packet bytes. All values in host byte order (addresses: network
 *  byte order in pd_addr.bytes). */
typedef struct {
    pd_addr src, dst;
    guint8 proto;       /**< IPv4 Protocol or IPv6 Next Header (of the fixed header) */
    guint8 ttl;         /**< TTL or Hop Limit */
    guint16 id;         /**< IPv4 Identification (0 for IPv6) */
    guint16 total_len;  /**< IPv4 Total Length, or IPv6 Payload Length + 40 (at most 65535):
                         *   what the header says, not what was captured */
    gboolean df;        /**< IPv4 Don't Fragment */
    gboolean fragment;  /**< IPv4: a fragment (More Fragments set or a Fragment Offset other
                         *   than 0, RFC 791 section 3.1); set by hdr_ip_at, not for IPv6 */
    tvbuff_t *tvb;      /**< where the header is, and where the next header begins */
    gint start, next;   /**< offset of the header in tvb, and of what follows it; for a packet
                         *   reassembled from fragments (hdr_ip_reassembled) tvb is the
                         *   reassembled payload, next 0 and start minus the header's length */
} hdr_ip;

/** Reads the IPv4 header (RFC 791 section 3.1) or the IPv6 fixed header (RFC 8200 section 3)
 *  at offset @o of @t, whichever its version nibble says, into @h (cleared first).
 *  Limits: IPv4 options are skipped by the IHL, not read; IPv6 extension headers are not
 *  followed (proto is the fixed header's Next Header, next the end of the fixed header);
 *  fragments are not reassembled (the header is read as it is); checksums are not verified.
 *  Returns FALSE (@h then holds nothing to use) when @o is negative or past the end, when the
 *  capture holds fewer than 20 bytes (IPv4: fewer than IHL * 4; IPv6: fewer than 40), when the
 *  IPv4 IHL is below 5, or when the version is neither 4 nor 6. */
gboolean hdr_ip_at(tvbuff_t *t, gint o, hdr_ip *h);

/** Bytes of IPv6 extension headers hdr_ip_before looks back over (RFC 8200 section 4). */
#define HDR_IP6_EXT_MAX 256

/** Finds the IP header carrying protocol @proto (IPv4 Protocol / IPv6 Next Header, past any
 *  extension headers) that ends at offset @end of @t, where Wireshark's item of that protocol
 *  begins: of the IPv6 headers (fixed header plus up to HDR_IP6_EXT_MAX bytes of extension
 *  headers, hdr_ip6_skip_ext) and the IPv4 headers of every length (20 to 60 bytes) that would
 *  end there, with that protocol and a total length at least their own, the one whose addresses
 *  are @pinfo's src and dst (the network layer that carried the transport), else the only one
 *  that fits. Fills @h (see hdr_ip_at; for IPv6, proto and next are those past the extension
 *  headers). Limits: those of hdr_ip_at and hdr_ip6_skip_ext. Returns FALSE when none fits, or
 *  several fit and none has pinfo's addresses (@h then holds one of them: do not use it). */
gboolean hdr_ip_before(tvbuff_t *t, gint end, guint8 proto, const packet_info *pinfo,
                       hdr_ip *h);

/** Finds, without any Wireshark item, the IP header that carried the frame's TCP segment: the
 *  first place in @t's captured bytes where @pinfo's network addresses (net_src then net_dst,
 *  IPv4 or IPv6: as the IPv4 header holds them at bytes 12-19, IPv6 at 8-39) sit in a valid
 *  header (hdr_ip_at; IPv6 past its extension headers, hdr_ip6_skip_ext) whose protocol is TCP
 *  and is followed by pinfo's source and destination ports (RFC 9293 section 3.1). A header
 *  quoted in an ICMP error has them too: the caller compares where the items begin. Cheaper
 *  than wanting the tcp item, which tshark would fill on every TCP frame.
 *  Returns FALSE, @h undefined, when pinfo holds no IPv4/IPv6 addresses or no such header is
 *  captured. */
gboolean hdr_ip_of_tcp(tvbuff_t *t, const packet_info *pinfo, hdr_ip *h);

/** The same for a UDP datagram (RFC 768: the ports first, as TCP's): the header whose protocol is
 *  UDP followed by pinfo's source and destination ports (IKE on UDP 500 and 4500, found with no
 *  isakmp item). Same limits and results as hdr_ip_of_tcp. */
gboolean hdr_ip_of_udp(tvbuff_t *t, const packet_info *pinfo, hdr_ip *h);

/** Finds, in the frame's own bytes @t, the header of the IP fragment whose packet Wireshark
 *  reassembled into @payload (a data source of the frame holding the reassembled IP payload
 *  from its first byte): an IPv4 header that is a fragment (RFC 791 section 3.1) or an IPv6
 *  header with a Fragment header (RFC 8200 section 4.5), from @pinfo's net_src to net_dst, for
 *  protocol @proto. Fills @h for the whole packet: addresses, TTL and Identification (IPv6: the
 *  Fragment header's, low 16 bits) of that fragment, proto @proto, total_len the header's
 *  length (IPv6: 40 and the extension headers before the Fragment header) plus @payload's
 *  reported length (at most 65535), df FALSE (fragmented on its way), fragment TRUE, tvb
 *  @payload, next 0, start minus the header's length.
 *  Returns FALSE, @h undefined, when pinfo holds no IPv4/IPv6 addresses or @t holds no such
 *  fragment header (@payload was reassembled by another layer: TCP, e.g.). */
gboolean hdr_ip_reassembled(tvbuff_t *t, const packet_info *pinfo, guint8 proto,
                            tvbuff_t *payload, hdr_ip *h);

/** Finds, in the frame's own bytes @t, the header of the IP packet whose ESP payload (RFC 4303)
 *  Wireshark decrypted into @payload (a data source of the frame holding the decrypted payload
 *  from its first byte: in transport mode the header of protocol @proto, UDP for L2TP): an IPv4
 *  or IPv6 header from @pinfo's net_src to net_dst carrying ESP, directly (protocol 50) or in
 *  UDP with port 4500 on either side and a non-zero SPI where a Non-ESP Marker would be (RFC
 *  3948 sections 2.1 and 2.2). Fills @h for the packet as it was before encryption: addresses,
 *  TTL, Identification, DF of that header, proto @proto, total_len the header's length plus
 *  @payload's reported length (at most 65535; the ESP trailer counts), tvb @payload, next 0,
 *  start minus the header's length; *@esp PD_ESP_IP or PD_ESP_UDP.
 *  Returns FALSE, @h undefined, when pinfo holds no IPv4/IPv6 addresses or @t holds no such
 *  header (tunnel mode: the inner header is in @payload, found by hdr_ip_before). */
gboolean hdr_ip_decrypted(tvbuff_t *t, const packet_info *pinfo, guint8 proto, tvbuff_t *payload,
                          hdr_ip *h, guint8 *esp);

/** The offset of the ESP header (RFC 4303 section 2) that follows the IP header @h (at h->next
 *  of h->tvb) when @h carries @proto: PD_IPPROTO_ESP, ESP right there; PD_IPPROTO_UDP, ESP in a
 *  UDP datagram with @pinfo's source and destination ports, one of them 4500, whose first 4
 *  bytes (the SPI, where IKE has the zero Non-ESP Marker) are not zero (RFC 3948 sections 2.1
 *  and 2.2), 8 bytes further. -1 when h->proto is not @proto, it is no such datagram, or the
 *  capture holds less than the ESP header's SPI and Sequence Number (8 bytes). */
gint hdr_esp_after(const hdr_ip *h, const packet_info *pinfo, guint8 proto);

/** Finds, without any Wireshark item, the IP header that carried the frame's ESP packet (RFC
 *  4303): the first place in @t's captured bytes where @pinfo's network addresses (net_src then
 *  net_dst, as hdr_ip_of_tcp looks for them) sit in a valid header (hdr_ip_at; IPv6 past its
 *  extension headers, hdr_ip6_skip_ext) that is no fragment (RFC 791 section 3.1; RFC 8200
 *  section 4.5: no Fragment header) and carries ESP as @proto says (hdr_esp_after: directly, or
 *  in UDP port 4500). *@esp: the offset in @t of the ESP header. A fragment's packet is read
 *  where Wireshark reassembled it (hdr_ip_reassembled, then hdr_esp_after). Returns FALSE, @h
 *  undefined, when pinfo holds no IPv4/IPv6 addresses or no such header is captured with the 8
 *  bytes of the ESP header (SPI, Sequence Number) after it. */
gboolean hdr_ip_of_esp(tvbuff_t *t, const packet_info *pinfo, guint8 proto, hdr_ip *h,
                       gint *esp);

/** Clears @o and fills in the facts of the frame of @pinfo (number, absolute time in seconds
 *  since the epoch) and of the IP header @ip that carried the layer read: addresses, TTL,
 *  Identification, total length, Don't Fragment. Inline: every frame that gives an observation
 *  pays it (bench/README.md, issue 33). */
static inline void hdr_ip_frame_facts(pd_observation *o, const packet_info *pinfo,
                                      const hdr_ip *ip)
{
    memset(o, 0, sizeof *o);
    o->frame = pinfo->num;
    o->time = nstime_to_sec(&pinfo->abs_ts);
    o->src = ip->src;
    o->dst = ip->dst;
    o->ttl = ip->ttl;
    o->ip_id = ip->id;
    o->ip_len = ip->total_len;
    o->df = ip->df;
}

/** Reads the TCP header (RFC 9293 section 3.1) that follows @ip (at ip->next of ip->tvb) into
 *  @t: source and destination ports, the Sequence Number and the flags byte (CWR..FIN,
 *  PD_TCP_*) and, from the IP total length minus both header lengths, the payload length in
 *  bytes (what the packet says, not what was captured; left unset when the lengths do not add
 *  up). Limits: options and the Acknowledgment Number are not read. Returns FALSE when the
 *  capture holds fewer than the 4 bytes of the ports; TRUE with ports only (seq, flags and
 *  payload_len unset) when it holds fewer than 14. */
gboolean hdr_tcp(const hdr_ip *ip, pd_obs_tcp *t);

/** Reads the ICMP error (RFC 792: Destination Unreachable 3, Time Exceeded 11, Parameter
 *  Problem 12) whose header is at offset @o of @t into @ic (type, code; mtu, the Next-Hop MTU of
 *  RFC 1191 section 4, for type 3 code 4; the quoted IP header's addresses, protocol and
 *  Identification; of a quoted UDP datagram, RFC 768, its source and destination ports when the
 *  quote holds them and it is no fragment but the first) and the IP header it quotes 8 bytes
 *  further into @q (see hdr_ip_at), so that the caller can read what the quote holds after it
 *  (hdr_tcp, hdr_gre_at).
 *  Limits: ICMPv4 type numbers only (ICMPv6 is hdr_icmp6_error's); other ICMP types (echo,
 *  redirect, ...) are not errors and are refused; the checksum is not verified; the quoted
 *  header obeys hdr_ip_at's limits (a quote shorter than the IP header is refused).
 *  Returns FALSE, @ic untouched, when the capture holds fewer than the 8 bytes of the ICMP
 *  header, when the type is not an error, or when the quoted IP header cannot be read. */
gboolean hdr_icmp_error(tvbuff_t *t, gint o, pd_obs_icmp *ic, hdr_ip *q);

/** Follows the IPv6 extension headers after the fixed header @h (RFC 8200 section 4:
 *  Hop-by-Hop Options 0, Routing 43, Fragment 44, Destination Options 60; AH 51, RFC 4302
 *  section 2.2), at most 8 of them: sets h->proto to the first header that is none of them
 *  (GRE 47, TCP 6, ...) and h->next to its offset. Does nothing to an IPv4 header.
 *  Limits: a non-first fragment (offset other than 0) stops at the Fragment header; ESP (50) is
 *  not an extension header here (what follows it is encrypted).
 *  Returns TRUE when it reached a header that is no extension header; FALSE when the capture
 *  ends within an extension header, at a non-first fragment or after 8 of them (h->proto then
 *  names the extension header where it stopped, h->next its offset). */
gboolean hdr_ip6_skip_ext(hdr_ip *h);

/** Reads the ICMPv6 error (RFC 4443: Destination Unreachable 1, Packet Too Big 2, Time Exceeded
 *  3, Parameter Problem 4) whose header is at offset @o of @t into @ic, as hdr_icmp_error does
 *  for ICMPv4: type and code (ICMPv6 numbers), mtu (Packet Too Big's 32-bit MTU, RFC 4443
 *  section 3.2, capped at 65535 bytes), the quoted IPv6 header's addresses and, past its
 *  extension headers (hdr_ip6_skip_ext), the protocol that follows (quoted_ip_id is 0: IPv6 has
 *  no Identification outside a Fragment header), a quoted UDP datagram's ports as ICMPv4's; the
 *  quoted header goes into @q with q->next where that protocol begins, for hdr_tcp /
 *  hdr_gre_at.
 *  Limits: informational ICMPv6 (128 and up: echo, neighbour discovery) is refused; the
 *  checksum is not verified; a quote cut within the extension headers leaves quoted_proto at
 *  the extension header (neither GRE nor TCP).
 *  Returns FALSE, @ic untouched, when the capture holds fewer than the 8 bytes of the ICMPv6
 *  header, when the type is not an error, or when the quote holds no IPv6 fixed header. */
gboolean hdr_icmp6_error(tvbuff_t *t, gint o, pd_obs_icmp *ic, hdr_ip *q);

/** The offset of the TCP payload after @ip's TCP header (RFC 9293 section 3.1: the Data Offset),
 *  or -1 when the capture holds less than the Data Offset byte or the lengths do not add up. */
gint hdr_tcp_payload(const hdr_ip *ip);

/** PD_LOST_QUOTE when the capture holds fewer bytes past the IP header @q quoted in an ICMP error
 *  (hdr_icmp_error, hdr_icmp6_error) than pptpdiag reads there: 8 of GRE (flags, protocol type,
 *  Key with the Call ID, RFC 2637 4.1), 4 of TCP (the ports); else 0. RFC 792 and RFC 4443 have
 *  the error quote at least that much, so a shorter quote in a frame cut short was cut. */
guint hdr_quote_lost(const hdr_ip *q);

/** The flags byte (PD_TCP_* bits, and CWR, ECE, URG) of the TCP header that hdr_ip_of_tcp would
 *  find from @pinfo's addresses and ports, read in place for IPv4 (no hdr_ip filled: the test of
 *  every TCP segment between ports that are not PPTP's for a SYN, extract.c's syn_probe), through
 *  hdr_ip_of_tcp for IPv6. Returns -1 when no such header is captured with its first 14 bytes,
 *  or it is an IP fragment (RFC 791 section 3.1: More Fragments, or a Fragment Offset). */
gint hdr_tcp_flags_of(tvbuff_t *t, const packet_info *pinfo);

#endif /* PPTPDIAG_HEADERS_IP_H */
