/* extract-pptp.h: the PPTP control messages of a TCP 1723 segment as observations, read from the
 * segment's bytes (RFC 2637 section 2 has fixed layouts: hdr_pptp_messages; cheaper than wanting
 * the pptp dissector's 18 fields, which tshark would fill on every frame), and joined when a
 * message is split across segments (Wireshark 4.0's pptp dissector does not reassemble them).
 * extract.c gives it the pptp items it found; this file knows no field name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_EXTRACT_PPTP_H
#define PPTPDIAG_EXTRACT_PPTP_H

#include <epan/proto.h>

#include "headers-ip.h"
#include "pd_observation.h"

/** Observations (into @out, at most @room; returns how many) of the PPTP control messages of the
 *  TCP 1723 segment whose observation is @tcp (its frame facts are copied into each) and whose
 *  IP header @ip lies in @frame: the segment's payload when one of @items (the field_infos of
 *  the frame's pptp items, NULL or empty: none) says the pptp dissector found PPTP in it or
 *  @spurious (Wireshark's TCP analysis marks it a spurious retransmission, and hands the
 *  subdissector nothing); messages split across segments are joined, their start kept per
 *  direction of the connection until the segment with the rest (by TCP sequence number) comes;
 *  a segment cut by the snapshot length gives the fields captured; else what lies under
 *  @items. First pass only, segments in capture order. */
guint pptpdiag_extract_pptp(tvbuff_t *frame, const GPtrArray *items, gboolean spurious,
                           const hdr_ip *ip, const pd_observation *tcp, pd_observation *out,
                           guint room);

/** Forgets the starts of split messages kept (call when a capture is opened or closed). */
void pptpdiag_extract_pptp_reset(void);

/** The TCP ports other than 1723 that the user decodes as PPTP: one bit per port (port p is bit
 *  p % 8 of bits[p / 8]), and whether any is set. */
typedef struct {
    guint8 bits[65536 / 8];
    gboolean any;
} pptpdiag_pptp_ports;

/** Fills @p (cleared first) with the ports of the "tcp.port" dissector table, other than 1723,
 *  whose dissector is PPTP's: those Decode As (`-d tcp.port==N,pptp`) sets. Read once, where
 *  extract.c is initialized (a change of Decode As re-dissects the capture, which runs the init
 *  routines again): looking the table up in every TCP frame cost two hash lookups per frame of
 *  background traffic. Ports in host byte order. */
void pptpdiag_extract_pptp_ports(pptpdiag_pptp_ports *p);

#endif /* PPTPDIAG_EXTRACT_PPTP_H */
