/* headers-gre.h: readers of the enhanced GRE header (RFC 2637 section 4.1) and of the PPP frame
 * it carries (protocol, code, the few bytes pptpdiag follows), from the packet bytes (the rules
 * of every reader: headers.h).
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

/** Reads the PPP header of the payload at offset @o of @t into @g (RFC 1661 sections 2 and 5,
 *  RFC 1662 section 3.2): ppp_protocol, and for the control protocols pptpdiag follows (LCP,
 *  IPCP, IPV6CP, CCP, CHAP, PAP) ppp_code, the Code byte of their packet, and ppp_message: the
 *  message of a CHAP Success/Failure (RFC 1994 section 4.2) or PAP Authenticate-Ack/Nak (RFC
 *  1334 section 2.2.2), the data of a Terminate-Request/Ack (RFC 1661 section 5.5), within the
 *  packet's Length, non-printable bytes as '.', at most 95 characters. Address and Control
 *  (0xFF 0x03) may be absent (ACFC) and the protocol one byte (PFC); a first byte 0xFF is taken
 *  as Address and Control without checking the 0x03.
 *  Limits: a Cisco HDLC frame (first byte 0x0F or 0x8F, which packet-ppp.c hands on) is not
 *  PPP and sets nothing; compressed or encrypted payloads (MPPE, protocol 0x00FD) give the
 *  protocol only; of other packets nothing past the Code is read but LCP Code-Reject's rejected
 *  code and CCP's MPPE bits.
 *  Returns nothing: on truncated input the fields not captured stay as they were (0). */
void hdr_ppp_at(tvbuff_t *t, gint o, pd_obs_gre *g);

/** Of the enhanced GRE packet at offset @o of @t and the PPP frame it carries, what the capture
 *  does not hold of what hdr_gre_at and hdr_ppp_at read (pd_lost bits): PD_LOST_GRE for the
 *  Key, Sequence or Acknowledgment Number (RFC 2637 4.1; with PD_LOST_PPP when a payload
 *  follows); PD_LOST_PPP for the PPP protocol, a control packet's Code, the options of an LCP,
 *  IPCP or CCP Configure-Request/Ack/Nak/Reject up to its Length (RFC 1661 5.1-5.4), the code or
 *  protocol an LCP Code-Reject or Protocol-Reject rejects (RFC 1661 5.6-5.7); PD_LOST_TEXT for
 *  the part of a CHAP Success/Failure or PAP Authenticate-Ack/Nak message or a Terminate-Request
 *  /Ack's data that hdr_ppp_at would keep (at most 95 bytes). 0 when all of it is captured, or
 *  what is missing is what they never read (MPPE or IP data, a CHAP Challenge or Response's
 *  value and name, an Echo's data). */
guint hdr_gre_lost(tvbuff_t *t, gint o);

#endif /* PPTPDIAG_HEADERS_GRE_H */
