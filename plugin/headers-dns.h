/* headers-dns.h: the reader of a DNS message (RFC 1035 section 4), from the packet bytes (the
 * rules of every reader: headers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_DNS_H
#define PPTPDIAG_HEADERS_DNS_H

#include <epan/tvbuff.h>

#include "headers.h"
#include "pd_observation.h"

/** Reads the DNS message that begins at offset @o of @t (where Wireshark's dns item begins: on
 *  UDP, the first byte after the UDP header) into @d: from the header (RFC 1035 section 4.1.1)
 *  id, response (QR), rcode and n_answers (ANCOUNT); from the first question (4.1.2) qname and
 *  qtype; answer: the address of the first A record (type 1, RDLENGTH 4: 3.4.1) among the
 *  resource records of every section (answer, authority, additional: as Wireshark's dns.a), else
 *  of the first AAAA record (type 28, RDLENGTH 16: RFC 3596 2.2). Names are followed through
 *  compression pointers (4.1.4), at most 64 of them; qname is the labels joined by dots (no
 *  final dot; "" for the root), a byte that is not printable ASCII as '?', cut to fit.
 *  Returns FALSE when fewer than the 12 header bytes are captured; otherwise TRUE, with what
 *  could be read: a name or record running past the captured bytes, a pointer loop or an
 *  unknown label type ends the reading there (what was read before stays). */
gboolean hdr_dns_at(tvbuff_t *t, gint o, pd_obs_dns *d);

#endif /* PPTPDIAG_HEADERS_DNS_H */
