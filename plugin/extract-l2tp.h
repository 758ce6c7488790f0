/* extract-l2tp.h: an L2TP version 2 message (RFC 2661) on UDP as an observation, read from the
 * packet bytes where Wireshark's l2tp item begins (8 bytes after the UDP header's start): the
 * header (section 3.1) and, of a control message, the AVPs pptpdiag reads (section 4.1), by the
 * rules of the header readers (headers.h). extract.c finds the item and the IP header before
 * it, and reads the PPP frame of a data message (hdr_ppp_at, as for GRE and PPPoE); this file
 * knows no field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_L2TP_H
#define PPTPDIAG_EXTRACT_L2TP_H

#include <epan/tvbuff.h>

#include "pd_observation.h"

/** Fills @l (which the caller cleared) from the UDP datagram whose 8-byte header (RFC 768) is at
 *  offset @udp of @t and carries an L2TP message from @udp + 8: sport and dport from the UDP
 *  header; from the L2TP header (RFC 2661 section 3.1) the T bit (control), Tunnel ID, Session
 *  ID, Ns and Nr when the S bit is set (has_seq), past the Length when the L bit is set and the
 *  Offset Size and its padding when the O bit is; all numbers in host byte order.
 *  The message ends where Length says (L bit), but never past the datagram (the UDP Length, or
 *  the bytes on the wire when that lies), else at the datagram's end (a control message without
 *  the L bit, which RFC 2661 forbids, is read so too).
 *  A control message's AVPs (section 4.1: M and H bits, a 10-bit Length of at least 6 bytes
 *  counting its 6-byte header, Vendor ID, Attribute Type) are read one after the other up to the
 *  message's end; of Vendor ID 0, the first of each type counts: Message Type (0, section 4.4.1)
 *  into type, Result Code (1, section 4.4.2: a 2-byte Result Code, an optional 2-byte Error Code,
 *  an optional Error Message) into has_result, result, has_error, error and error_message, Host
 *  Name (7) into host_name, Assigned Tunnel ID (9) and Assigned Session ID (14), each 2 bytes.
 *  One of these with the H bit set (section 4.3) is not read and sets hidden. Other AVPs and
 *  other vendors' are skipped. An AVP whose Length is below 6, runs past the message's end or
 *  past the captured bytes ends the list. A control message without AVPs (its end right after
 *  its header) is a ZLB acknowledgment (zlb, type PD_L2TP_ZLB, section 5.8). Texts as
 *  pptpdiag_wire_text makes them (textfmt.h). A data message's PPP frame begins at *@ppp (-1:
 *  the message has none), *@ppp_len bytes long on the wire, for the caller to read (hdr_ppp_at).
 *  *@lost: of a frame the snapshot length cut, what the cut took of what this reads (pd_lost):
 *  PD_LOST_L2TP for Ns and Nr, the Offset Size, or an AVP list cut before the message's end
 *  (unless in the message's last AVP, of a type not read); for a data message, hdr_ppp_lost's
 *  bits of its PPP frame (PD_LOST_PPP when even its start is cut). 0 for a frame not cut.
 *  Returns FALSE (no observation) when the capture holds less than the UDP header and the L2TP
 *  header up to the Session ID, or the header's Ver is not 2 (1 is L2F, RFC 2341; 3 is L2TPv3,
 *  RFC 3931). */
gboolean pptpdiag_extract_l2tp(tvbuff_t *t, gint udp, pd_obs_l2tp *l, gint *ppp, gint *ppp_len,
                               guint8 *lost);

#endif /* PPTPDIAG_EXTRACT_L2TP_H */
