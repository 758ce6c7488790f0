/* headers-ppp.h: readers of the PPP frame (RFC 1661) that a carrier delivers, enhanced GRE
 * (headers-gre.h) or a PPPoE Session packet (extract-pppoe.h): its protocol, code and the few
 * bytes pptpdiag follows, from the packet bytes (the rules of every reader: headers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_PPP_H
#define PPTPDIAG_HEADERS_PPP_H

#include <epan/tvbuff.h>

#include "headers.h"
#include "pd_observation.h"

/** Reads the PPP frame at offset @o of @t into @p (RFC 1661 sections 2 and 5, RFC 1662 section
 *  3.2), within @len bytes when @len >= 0 (the length its carrier gives it: PPPoE's LENGTH),
 *  else up to the end of what was captured (GRE): protocol, and for the control protocols
 *  pptpdiag follows (LCP, IPCP, IPV6CP, CCP, CHAP, PAP) code, the Code byte of their packet,
 *  and message: the message of a CHAP Success/Failure (RFC 1994 section 4.2) or PAP
 *  Authenticate-Ack/Nak (RFC 1334 section 2.2.2), the data of a Terminate-Request/Ack (RFC 1661
 *  section 5.5), within the packet's Length, non-printable bytes as '.', at most 95 characters;
 *  an LCP Code-Reject's rejected_code and Protocol-Reject's rejected_protocol (RFC 1661 5.6,
 *  5.7); of an LCP, IPCP or CCP Configure-Request/Ack/Nak/Reject the type of each option
 *  (cp_options), the LCP Authentication-Protocol and its CHAP algorithm (auth_protocol,
 *  auth_algorithm: RFC 1661 6.2, RFC 1994 3), the LCP Maximum-Receive-Unit (mru, RFC 1661
 *  6.1), the IPCP IP-Address (RFC 1332 3.3), the CCP
 *  MPPE/MPPC Supported Bits (mppe_bits, RFC 3078 2.1), the first of each. Address
 *  and Control (0xFF 0x03) may be absent (ACFC) and the protocol one byte (PFC); a first byte
 *  0xFF is taken as Address and Control without checking the 0x03.
 *  Limits: a Cisco HDLC frame (first byte 0x0F or 0x8F, which packet-ppp.c hands on) is not
 *  PPP and sets nothing; compressed or encrypted payloads (MPPE, protocol 0x00FD) give the
 *  protocol only; of other packets nothing past the Code is read but those above. A control
 *  packet is malformed when its Length is below 4 or runs past the bytes its carrier delivers
 *  on the wire (@len, else the reported length of @t: a frame the snapshot length cut is not
 *  malformed for that); a data frame never is.
 *  Returns nothing: on truncated input the fields not captured stay as they were (0). */
void hdr_ppp_at(tvbuff_t *t, gint o, gint len, pd_obs_ppp *p);

/** Of the PPP frame at offset @o of @t, @wire bytes long on the wire (GRE's Payload Length,
 *  PPPoE's LENGTH), what the capture does not hold of what hdr_ppp_at and extract.c read
 *  (pd_lost bits): PD_LOST_PPP for the PPP protocol, a control packet's Code, the options of an
 *  LCP, IPCP or CCP Configure-Request/Ack/Nak/Reject up to its Length (RFC 1661 5.1-5.4), the
 *  code or protocol an LCP Code-Reject or Protocol-Reject rejects (RFC 1661 5.6-5.7);
 *  PD_LOST_TEXT for the part of a CHAP Success/Failure or PAP Authenticate-Ack/Nak message or a
 *  Terminate-Request/Ack's data that hdr_ppp_at would keep (at most 95 bytes). 0 when all of it
 *  is captured, or what is missing is what they never read (MPPE or IP data, a CHAP Challenge
 *  or Response's value and name, an Echo's data). */
guint hdr_ppp_lost(tvbuff_t *t, gint o, gint wire);

#endif /* PPTPDIAG_HEADERS_PPP_H */
