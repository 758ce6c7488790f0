/* headers-gre.h: readers of the enhanced GRE header (RFC 2637 section 4.1), from the packet bytes
 * (the rules of every reader: headers.h); the PPP frame it carries is read by headers-ppp.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_GRE_H
#define PPTPDIAG_HEADERS_GRE_H

#include <epan/tvbuff.h>

#include "headers.h"
#include "pd_observation.h"

/** Reads the enhanced GRE header (RFC 2637 section 4.1) at offset @o of @t into @g: what
 *  packet-gre.c reads as PPTP (protocol type 0x880B, a version other than 0, the K bit), the
 *  Key as Payload Length (bytes) and Call ID, and the Sequence and Acknowledgment Numbers when
 *  their S and A bits are set; *@ppp receives the offset of the PPP payload (which the capture
 *  may not hold: hdr_ppp_at checks), or -1 when there is none (Payload Length 0: an
 *  acknowledgment only) or it cannot be told (the R bit, whose routing entries are not
 *  followed; the capture ending within the sequence or acknowledgment number).
 *  Limits: GRE without the K bit or with another protocol type (RFC 2784 GRE, other tunnels) is
 *  not read; the C and R bits skip 4 bytes of checksum and offset, as packet-gre.c does; the
 *  checksum is not verified; Payload Length is not compared with what was captured.
 *  Returns FALSE when the GRE is not that or the capture ends before the Call ID; TRUE with
 *  has_seq / has_ack FALSE when it ends before the sequence / acknowledgment number. */
gboolean hdr_gre_at(tvbuff_t *t, gint o, pd_obs_gre *g, gint *ppp);
/** TRUE when hdr_gre_at would read an enhanced GRE header at offset @o of @t: the flags,
 *  version and protocol type say PPTP (RFC 2637 4.1) and the Call ID is captured. Reads no
 *  more than that (a test of which layer a frame is). */
gboolean hdr_gre_is_pptp(tvbuff_t *t, gint o);

/** Of the enhanced GRE packet at offset @o of @t and the PPP frame it carries, what the capture
 *  does not hold of what hdr_gre_at and hdr_ppp_at read (pd_lost bits): PD_LOST_GRE for the
 *  Key, Sequence or Acknowledgment Number (RFC 2637 4.1; with PD_LOST_PPP when a payload
 *  follows); for the PPP frame, what hdr_ppp_lost says of it (its length on the wire: the
 *  Payload Length). 0 when all of it is captured, or what is missing is what they never read. */
guint hdr_gre_lost(tvbuff_t *t, gint o);

#endif /* PPTPDIAG_HEADERS_GRE_H */
