/* headers-pptp.h: readers of PPTP control messages (RFC 2637 section 2) from the bytes of a TCP
 * segment's payload (the rules of every reader: headers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_HEADERS_PPTP_H
#define PPTPDIAG_HEADERS_PPTP_H

#include <epan/tvbuff.h>

#include "headers.h"
#include "pd_observation.h"

/** Reads the PPTP control messages (RFC 2637 section 2) between offsets @o and @end of @t, one
 *  after the other, into @out (at most @room): type, and what the type carries (Call ID,
 *  Peer's Call ID, Result Code, Error Code, Cause Code, StopCCRQ Reason, WEN counters, in the
 *  layouts of RFC 2637 2.1-2.16). extract-pptp.c reads every control message this way (the pptp
 *  dissector's item says where PPTP is), and the messages of segments Wireshark hands no PPTP
 *  item (a spurious retransmission) or that were split across segments, once joined.
 *  Limits: a message split across TCP segments is not reassembled (reading stops at it);
 *  reading stops at the first header whose Length, Message Type (1) or Magic Cookie
 *  (0x1A2B3C4D) is wrong; a message cut by the snapshot length gives the fields captured
 *  (at least its 12-byte header and type) and is the last one read; messages shorter than
 *  their type's fields read only what they hold.
 *  Returns how many messages were read (0: none). */
guint hdr_pptp_messages(tvbuff_t *t, gint o, gint end, pd_obs_pptp *out, guint room);

/** Walks the PPTP control message headers (RFC 2637 section 2: Length, Message Type 1, Magic
 *  Cookie) from offset @o of @t to @end. Returns @end when the bytes are whole messages, the
 *  offset of the last message when it runs past @end (a message split across TCP segments:
 *  its rest comes in the next one), or -1 when a header is not PPTP's or not captured (a
 *  segment that starts in the middle of a message, e.g.). */
gint hdr_pptp_whole(tvbuff_t *t, gint o, gint end);

/** PD_LOST_PPTP when the capture holds, of the PPTP control messages between offsets @o and @end
 *  of @t (a TCP segment's payload, @end where the packet says it ends), less than
 *  hdr_pptp_messages reads: a message's 12-byte header, or the body up to the last field it
 *  reads for its type (RFC 2637 2.1-2.16: 4 bytes of an SCCRP, 8 of an OCRP or CDN, 28 of a
 *  WEN, none of an SCCRQ or Echo-Request); else 0 (also when the bytes are no PPTP, or what is
 *  missing is only the rest of a message: an SCCRQ's Host Name and Vendor String, an OCRQ's
 *  Phone Number and Subaddress). */
guint hdr_pptp_lost(tvbuff_t *t, gint o, gint end);

/** What the payload between offsets @o and @end of @t begins with (the first 8 bytes, RFC 2637
 *  section 2.1): PD_TCP_START_PPTP for a PPTP control message header (Length at least 12, PPTP
 *  Message Type 1, Magic Cookie 0x1A2B3C4D), PD_TCP_START_OTHER for 8 captured bytes that are
 *  not one, PD_TCP_START_UNKNOWN when fewer than 8 bytes lie between @o and @end or are
 *  captured. Limits: the Control Message Type is not checked (a message of an unknown type is
 *  still PPTP's). */
pd_tcp_start hdr_pptp_start(tvbuff_t *t, gint o, gint end);

#endif /* PPTPDIAG_HEADERS_PPTP_H */
