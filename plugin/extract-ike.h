/* extract-ike.h: an IKE message (IKEv1, RFC 2408/2409; IKEv2, RFC 7296) on UDP as an
 * observation, read from the packet bytes (8 bytes after the UDP header's start on port 500, 12
 * after the Non-ESP Marker on port 4500, RFC 3948 section 2.2): the header (RFC 7296 section 3.1,
 * RFC 2408 section 3.1) and what the payload chain shows in clear, by the rules of the header
 * readers (headers.h). The UDP header is found from pinfo's addresses and ports
 * (pptpdiag_ike_packet); this file knows no field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_IKE_H
#define PPTPDIAG_EXTRACT_IKE_H

#include <epan/packet.h>
#include <epan/tvbuff.h>

#include "headers-ip.h"
#include "pd_observation.h"

/** Fills @k (which the caller cleared) from the UDP datagram whose 8-byte header (RFC 768) is at
 *  offset @udp of @t and carries an IKE message (12 bytes further after the Non-ESP Marker on
 *  port 4500, else 8 on port 500): sport and dport from the UDP header, natt
 *  when the message follows the Non-ESP Marker; from the 28-byte header the SPIs, Next Payload
 *  (first_payload), the Major Version (version), Exchange Type, Flags, Message ID and Length,
 *  numbers in host byte order.
 *  The message ends where Length says, but never past the datagram (its UDP Length, or the bytes
 *  on the wire when that lies); a Length below the header's is the header's. Its payloads are
 *  read one after the other from the header's Next Payload, each by its generic header (Next
 *  Payload, a Payload Length of at least 4 that stays within the message): a Length that lies
 *  ends the chain, which is never read past its 64th payload.
 *  IKEv2 (RFC 7296 section 3): the first SA payload's proposals and transforms (3.3: Proposal
 *  Num, Transform Type and ID, the Key Length attribute 14, 3.3.5) into xforms, up to
 *  PD_IKE_MAX_XFORMS; the KE payload's DH Group Num (3.4) into ke_group; each Notify's type
 *  (3.10) into notify, up to PD_IKE_MAX_NOTIFY, and the data of the first
 *  NAT_DETECTION_SOURCE_IP and of the NAT_DETECTION_DESTINATION_IP (2.23) into natd_src and
 *  natd_dst; Vendor IDs (3.12) into vendors; an Encrypted payload (46, 3.14) sets encrypted and
 *  ends the chain, an Encrypted Fragment payload (53, RFC 7383 section 2.5) also gives its
 *  Fragment Number and Total Fragments.
 *  IKEv1 (RFC 2408 section 3): with the E flag, encrypted and nothing after the header; else
 *  the first SA payload's proposals for ISAKMP (Protocol-ID 1) and their transforms, whose Phase
 *  1 attributes (RFC 2409 Appendix A) Encryption Algorithm (class 1), Hash Algorithm (2),
 *  Authentication Method (3) and Group Description (4) give an xform each (type the class, id
 *  the value, proposal the Transform Number; the transform's Key Length, class 14, on its
 *  encryption algorithm's), up to PD_IKE_MAX_XFORMS; each Notification's Notify Message Type
 *  (3.14); Vendor IDs (3.16); NAT-D payloads (20, or 130 of the drafts; RFC 3947 section 3.2):
 *  the first one's hash into natd_dst, the second's into natd_src.
 *  Vendor IDs recognised (PD_IKE_VID_*, by the hashes Wireshark's packet-isakmp.c lists): one
 *  that begins with MS NT5 ISAKMPOAKLEY's 16 bytes (a Windows version follows), RFC 3947's, one
 *  of the draft-ietf-ipsec-nat-t-ike versions', one that begins with MD5("FRAGMENTATION")
 *  (Wireshark's "Microsoft L2TP/IPSec VPN Client" alone, "Cisco Fragmentation" with 0x80000000
 *  after it; Windows sends it with 0xc0000000), RFC 3706 DPD's, strongSwan's.
 *  *@lost: of a frame the snapshot length cut, what the cut took of what this reads (pd_lost):
 *  PD_LOST_IKE when it took a payload whose fields are read, or the payloads after the one it
 *  split; 0 for a frame not cut, and when the cut took only encrypted bytes or the rest of the
 *  message's last payload past what is read of it.
 *  Returns FALSE (no observation) when the capture holds less than the UDP header, the Non-ESP
 *  Marker where it belongs and the 28-byte IKE header, or the Major Version is neither 1 nor 2. */
gboolean pptpdiag_extract_ike(tvbuff_t *t, gint udp, pd_obs_ike *k, guint8 *lost);

/** The IKE message (RFC 7296, RFC 2408) of a frame whose transport is UDP to or from port 500
 *  or 4500 (pinfo's ports, the innermost transport's): @o cleared and filled (PD_OBS_IKE, the
 *  frame's facts, pptpdiag_extract_ike's fields); returns 1, or 0 when the frame holds none. No
 *  item is wanted (isakmp would cost every frame, some 4 M instructions on bench (a) and (b)):
 *  the UDP header is found from pinfo's addresses and ports in the frame's bytes
 *  (hdr_ip_of_udp), or, for a message Wireshark reassembled from IP fragments, at the first
 *  byte of the reassembled data, with the fragment's header in the frame (hdr_ip_reassembled;
 *  ip_fragmented set). */
guint pptpdiag_ike_packet(tvbuff_t *frame, packet_info *pinfo, pd_observation *o);

#endif /* PPTPDIAG_EXTRACT_IKE_H */
