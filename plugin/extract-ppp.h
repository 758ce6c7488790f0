/* extract-ppp.h: a PPP frame captured without its carrier (PD_OBS_PPP) as an observation, found
 * from the record's encapsulation and, for Ethernet, the type field read in place: no item is
 * wanted. Its PPP frame is read as GRE's is (hdr_ppp_at). extract.c asks for it after the
 * observations of an IP layer the frame carries; this file knows no field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_PPP_H
#define PPTPDIAG_EXTRACT_PPP_H

#include <epan/packet.h>
#include <wiretap/wtap.h>

#include "pd_observation.h"

/** Fills @o (cleared first) with the PD_OBS_PPP observation of a PPP frame captured without its
 *  carrier: the frame's link layer is PPP (WTAP_ENCAP_PPP: DLT_PPP, PPP in HDLC-like framing;
 *  WTAP_ENCAP_PPP_WITH_PHDR: pppd's record file, DLT_PPP_WITH_DIR, whose direction Wireshark
 *  puts in pinfo->p2p_dir), the ends then PD_ADDR_END where the direction is recorded; or an
 *  Ethernet frame whose type field is a PPP control protocol (NDISWAN, pd_ppp_form: Network
 *  Monitor's view of a Windows VPN or dial-up adapter), the ends its MAC addresses. The frame
 *  number and time from @pinfo, the interface from the record; the PPP frame (hdr_ppp_at) from
 *  the frame's own bytes @frame; of a frame the snapshot length cut, cut_at and what
 *  hdr_ppp_lost says the cut took. NDISWAN's IP frames are not told from a LAN's (their made-up
 *  MAC addresses are no sure sign): not read. FALSE for any other frame, and when no PPP
 *  protocol was read. */
gboolean pptpdiag_extract_ppp(tvbuff_t *frame, packet_info *pinfo, pd_observation *o);

/** TRUE when the frame of @pinfo may be PPP captured without its carrier: its record's
 *  encapsulation is PPP, or Ethernet with no network layer (pinfo's addresses are MACs). The
 *  test pptpdiag_extract_ppp begins with, inline so that the other frames (nearly all) pay no
 *  call (bench/README.md, issue 33). */
static inline gboolean pptpdiag_ppp_link_candidate(const packet_info *pinfo)
{
    const wtap_rec *rec = pinfo->rec;
    if (!rec || rec->rec_type != REC_TYPE_PACKET)
        return FALSE;
    int encap = rec->rec_header.packet_header.pkt_encap;
    return encap == WTAP_ENCAP_PPP || encap == WTAP_ENCAP_PPP_WITH_PHDR ||
           (encap == WTAP_ENCAP_ETHERNET && pinfo->src.type == AT_ETHER);
}

#endif /* PPTPDIAG_EXTRACT_PPP_H */
