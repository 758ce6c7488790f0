/* extract-esp.h: an ESP packet (RFC 4303) Wireshark did not decrypt as an observation, told from
 * pinfo and read from the packet bytes: no item is wanted (esp would cost every frame, and is in
 * every frame of an IPsec tunnel's data). extract.c says which protocol the esp layer is and
 * which data sources Wireshark built for the frame (decrypted, reassembled); this file knows no
 * field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_ESP_H
#define PPTPDIAG_EXTRACT_ESP_H

#include <epan/packet.h>

#include "headers-ip.h"
#include "pd_observation.h"

/** What carries the frame's ESP packet as @pinfo tells it, with no item and nothing more looked
 *  at (the test of every frame that holds no layer pptpdiag reads): PD_IPPROTO_UDP when its
 *  transport is UDP with port 4500 on either side (RFC 3948 section 1), PD_IPPROTO_ESP when it
 *  has no transport, its network layer is IPv4 or IPv6 and the protocol @proto_esp (Wireshark's
 *  esp, its id) dissected part of it (pinfo's layers: a few entries); 0 for any other frame. */
guint8 pptpdiag_esp_carrier(const packet_info *pinfo, int proto_esp);

/** Reads the ESP packet that @proto (pptpdiag_esp_carrier) carries in the frame whose own bytes
 *  are @frame: its IP header (hdr_ip_of_esp: pinfo's addresses, no fragment) or, when it came
 *  in IP fragments, the fragment's header in @frame with the packet in @reassembled (the data
 *  source Wireshark reassembled the IP packet into; NULL when it has none: hdr_ip_reassembled,
 *  hdr_esp_after) into @ip; into @e (which the caller cleared) the SPI and Sequence Number (RFC
 *  4303 section 2), natt with the UDP ports in UDP (RFC 3948 section 2.1), and len: the bytes
 *  of ESP, what the IP header says follows it less the UDP header (the UDP Length less 8 when
 *  that fits). FALSE when no such header is followed by the 8 bytes of an ESP header captured
 *  (in UDP 4500: a NAT-keepalive, RFC 3948 section 2.3, and IKE after the zero Non-ESP Marker
 *  are no ESP). */
gboolean pptpdiag_extract_esp(tvbuff_t *frame, const packet_info *pinfo, guint8 proto,
                              tvbuff_t *reassembled, hdr_ip *ip, pd_obs_esp *e);

/** The ESP packet (RFC 4303) of a frame Wireshark did not decrypt: @o cleared and filled
 *  (PD_OBS_ESP, the frame's facts, SPI, Sequence Number, UDP ports for ESP in UDP 4500); returns
 *  1, or 0 when there is none. No item is wanted (esp would cost every frame): pinfo tells the
 *  frames that may hold one (pptpdiag_esp_carrier, @proto_esp the id of the esp protocol), the
 *  data sources whether Wireshark decrypted it (then what it carried is read as any layer,
 *  hdr_ip_decrypted, and this gives nothing) or reassembled it from IP fragments (read there,
 *  once, in the frame that completed it). Only encrypted bytes follow the SPI and Sequence
 *  Number, so a cut takes nothing pptpdiag reads (lost 0). */
guint pptpdiag_esp_packet(tvbuff_t *frame, packet_info *pinfo, int proto_esp, pd_observation *o);

#endif /* PPTPDIAG_EXTRACT_ESP_H */
