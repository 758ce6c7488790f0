/* headers.h: what the readers of fixed-layout headers from the packet bytes have in common:
 * headers-ip.h (IPv4/IPv6, TCP, ICMP and ICMPv6 errors with the IP header they quote),
 * headers-gre.h (enhanced GRE), headers-ppp.h (the PPP frame GRE or PPPoE carries: protocol,
 * code, messages), headers-pptp.h (PPTP control messages); extract-pppoe.c reads the PPPoE
 * header and tags by the same rules. No .c of its own: the rules below, and two byte-order
 * helpers.
 *
 * Why from the bytes: wanting any IP field makes packet-ip.c build its subtree on every frame,
 * so extract.c wants none and reads these headers where Wireshark's tcp/gre/icmp/dns items say
 * they are (extract.c explains the cost). These readers know offsets, not Wireshark field
 * names; extract.c is the only file that knows field names.
 *
 * Common rules of every reader:
 * - Offsets (@o, @end, start, next) are byte offsets into the tvb they are given.
 * - Integers in the results are in host byte order; addresses (pd_addr bytes) are in network
 *   byte order, as on the wire.
 * - They never throw: every tvb_get_* is preceded by a check of what the capture holds, so a
 *   frame cut short by the snapshot length gives FALSE (or a partly filled result, as each
 *   reader says), never an exception.
 * - They do not clear the output they fill, except hdr_ip_at: the caller zeroes it first
 *   (extract.c memsets each observation), so a field a reader could not read stays 0.
 * - The *_lost readers (hdr_pptp_lost, hdr_gre_lost, hdr_ppp_lost, hdr_quote_lost) say what
 *   the snapshot length took of what the other readers read (pd_observation.lost): called for a
 *   frame cut short, they say which of the bytes the readers want, in the layouts those readers
 *   follow, the capture does not hold. A field a reader could not read is left 0; these tell it
 *   apart from one the packet did not carry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_H
#define PPTPDIAG_HEADERS_H

#include <glib.h>

/** The 16-bit number in network byte order at @p. */
static inline guint16 be16(const guint8 *p) { return (guint16)(p[0] << 8 | p[1]); }

/** The 32-bit number in network byte order at @p. */
static inline guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

#endif /* PPTPDIAG_HEADERS_H */
