/* extract.h: turns the fields other dissectors put in a frame's tree into pd_observations.
 * The only file of pptpdiag that knows Wireshark field names; the header layouts it reads from
 * the packet bytes under them are headers-ip.h's, headers-gre.h's, headers-ppp.h's and
 * headers-pptp.h's (see extract.c for why); the PPTP control messages of a TCP 1723 segment are
 * extract-pptp.h's, a PPPoE packet's header and tags extract-pppoe.h's, an L2TP message's header
 * and AVPs extract-l2tp.h's, an IKE message's header and payloads extract-ike.h's, an ESP
 * packet's SPI and Sequence Number extract-esp.h's, a PPP frame captured on its own
 * extract-ppp.h's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_H
#define PPTPDIAG_EXTRACT_H

#include <epan/packet.h>

#include "pd_observation.h"

/** Resolves the field names pptpdiag reads (call from the init routine, once every protocol is
 *  registered) and returns them as a GArray of int hf ids for set_postdissector_wanted_hfids
 *  (ownership passes to the caller). Fields unknown to this Wireshark are left out. Also reads
 *  which TCP ports the user decodes as PPTP (Decode As), as they are now. */
GArray *pptpdiag_extract_init(void);

/** Forgets the starts of PPTP control messages split across TCP segments that pptpdiag_extract
 *  keeps until their rest comes (call when a capture is opened or closed). */
void pptpdiag_extract_reset(void);

/** Most observations one frame yields (one TCP + several PPTP messages, and the PPPoE packet
 *  that carries them). */
#define PPTPDIAG_MAX_OBS 8

/** The packets the capture file records the capture dropped before this frame on its interface
 *  (the pcapng Enhanced Packet Block's epb_dropcount option, which Wireshark shows as
 *  frame.drop_count, pcapng specification section 4.3), from @pinfo's record; 0 when the frame
 *  has none (pcap files never have one). */
guint64 pptpdiag_extract_drops(const packet_info *pinfo);

/** Fills @out (room for PPTPDIAG_MAX_OBS) with the observations of the frame whose own bytes
 *  are @frame (the postdissector's tvb) and whose tree is @tree; returns how many (0: nothing of
 *  PPTP, GRE, ICMP errors, DNS, PPPoE, L2TP, IKE or ESP in the frame, no SYN to another TCP
 *  port, or headers the capture cut short). A TCP SYN without ACK between ports that are not PPTP's
 *  gives one PD_OBS_TCP_SYN (port scans); any other segment between such ports, none. Fields of
 *  a packet quoted in an ICMP error only ever fill the icmp member, never an observation of
 *  their own. A PPPoE packet gives one PD_OBS_PPPOE observation, the frame's last; an L2TP
 *  version 2 message on UDP one PD_OBS_L2TP (the outermost, when no other layer pptpdiag reads
 *  is outer to it), whose data message's PPP payload gives no observation of its own; an IKE
 *  message on UDP 500 or 4500 one PD_OBS_IKE (the same way); a frame with none of these whose
 *  ESP packet Wireshark did not decrypt one PD_OBS_ESP. */
guint pptpdiag_extract(tvbuff_t *frame, packet_info *pinfo, proto_tree *tree,
                       pd_observation *out);

#endif
