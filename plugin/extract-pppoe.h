/* extract-pppoe.h: a PPPoE packet (RFC 2516) as an observation, read from the packet bytes where
 * its header begins (the byte before Wireshark's pppoe.code item): the 6-byte header and the
 * Discovery stage's tags (TLVs, RFC 2516 Appendix A; PPP-Max-Payload, RFC 4638 section 4), by
 * the rules of the header readers (headers.h). extract.c finds the items and reads the PPP frame
 * of a Session packet (hdr_ppp_at, as for GRE); this file knows no field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_PPPOE_H
#define PPTPDIAG_EXTRACT_PPPOE_H

#include <epan/packet.h>

#include "pd_observation.h"

/** Fills @obs (cleared first) with the PD_OBS_PPPOE observation of the PPPoE packet whose header
 *  is at offset @o of @t: a Discovery packet (Ethertype 0x8863), or a Session packet (0x8864)
 *  when @session. The frame's number and time from @pinfo, src and dst its Ethernet addresses
 *  (pinfo->dl_src, dl_dst, as PD_ADDR_MAC; an address that is no Ethernet one stays unset), no
 *  IP field. From the header (RFC 2516 section 4): CODE and SESSION_ID; the payload is what
 *  LENGTH says, within what was captured. A Discovery packet's tags are read one after the
 *  other up to that end: the first of each type counts (Service-Name, AC-Name, AC-Cookie's
 *  presence, PPP-Max-Payload of TAG_LENGTH 2, the first of Service-Name-Error, AC-System-Error
 *  and Generic-Error with its text); an End-Of-List tag, or a tag whose TAG_LENGTH runs past
 *  LENGTH or the captured bytes, ends the list. Texts stop at a NUL byte and are cut to fit
 *  without splitting a UTF-8 character; a byte that is no UTF-8 becomes '?', a control
 *  character '.'. A Session packet's PPP frame begins at *@ppp (-1: the payload is empty), its
 *  LENGTH in *@ppp_len, for the caller to read (hdr_ppp_at). A frame the snapshot length cut
 *  gets cut_at, and for a Session packet lost as hdr_ppp_lost says of its PPP frame; a
 *  Discovery packet PD_LOST_PPPOE when the capture holds less of its tags than the packet
 *  carries within LENGTH and no End-Of-List tag came before the cut.
 *  Returns FALSE (no observation) when the header is not captured whole, or is not RFC 2516's:
 *  VER or TYPE other than 1, a Discovery packet with CODE 0 or a Session packet with another
 *  CODE. */
gboolean pptpdiag_extract_pppoe(tvbuff_t *t, gint o, gboolean session, const packet_info *pinfo,
                                pd_observation *obs, gint *ppp, gint *ppp_len);

#endif /* PPTPDIAG_EXTRACT_PPPOE_H */
