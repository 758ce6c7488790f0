/* pd_kit.h: the rules' kit: what several rule families (rules/ *.c), the tracker and the
 * undetermined-reason text read about sessions and calls beyond their records: side names, where
 * the capture was taken (TTLs), how long a peer waited (leaving out the capture's own
 * silences), and the text pieces several causes share. Reads the records; changes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_KIT_H
#define PD_KIT_H

#include "pd_records.h"

G_BEGIN_DECLS

/** "client" for PD_DIR_PNS, "server" for PD_DIR_PAC. */
const char *pd_side_name(int dir);

/** Routers between a sender and the capture point, guessing the usual initial TTLs (32, 64,
 *  128, 255). */
guint pd_hops_away(guint8 ttl);
/** Where the capture was taken, from the first TTLs of both sides. */
pd_vantage pd_session_vantage(const pd_session *s);
/** TRUE when both sides' first TTLs are at a usual initial value (32, 64, 128, 255) and neither
 *  side's TCP 1723 segments came with another TTL: no router between client and server, the
 *  capture is on their link (tcpdump-pptp.pcap: TTL 128 and 64). A side seen with two TTLs is
 *  seen on both legs of the router that captures (its copy forwarded one hop later): FALSE. */
gboolean pd_session_same_link(const pd_session *s);
/** Seconds a connected call may go without GRE before its absence means anything: each side
 *  starts LCP (its Configure-Request) as soon as the call is connected (RFC 2637 2.8-2.9, RFC
 *  1661 3.2); Windows and pppd send it within a second. */
#define PD_OWN_GRE_GRACE 2.0
/** TRUE when call @c shows the capture lost its GRE (a capture filter such as `tcp port 1723`),
 *  not the network: no GRE of the call is in the capture in either direction, and either a
 *  Set-Link-Info of the call says LCP ran, or the capture point is at a peer or on the peers'
 *  link (pd_session_vantage, pd_session_same_link), whose host sends GRE of its own as soon as
 *  the call is up, and the call was up for PD_OWN_GRE_GRACE seconds by @now (seconds). */
gboolean pd_call_capture_lacks_gre(const pd_link *c, double now);

/** Seconds from @since (the engine's clock) to the engine's clock now, less the silences of
 *  the whole capture of PD_CAPTURE_GAP_S seconds or more in between. */
double pd_waited(const pd_engine *e, double since);
/** The seconds pd_waited leaves out since @since: 0 when no such silence came since. */
double pd_unseen_since(const pd_engine *e, double since);
/** When call @c began to wait for an answer over GRE (the engine's clock, seconds): at its first
 *  GRE packet in either direction (its first LCP Configure-Request, RFC 1661 3.2), since nothing
 *  was asked before it however long it came after the call's set-up (a client waiting for its
 *  user, a slow PPP stack); when no GRE came, at the set-up (each side starts LCP as soon as the
 *  call is connected, RFC 2637 2.8-2.9). Never before the set-up (GRE stored before the reply in
 *  a capture merged without sorting). @frame, if not NULL, gets that packet's frame or the
 *  reply's. A settled call (no PPP state left) counts from its set-up. */
double pd_call_wait_start(const pd_link *c, guint32 *frame);

/** Formats @a in a newly allocated string. */
char *pd_addr_dup(const pd_addr *a);

/** " \"text\"" for a Terminate-Request's text, or "" (newly allocated). */
char *pd_quoted_text(const char *msg);
/** "the server then ended the link (LCP Terminate-Request "...", frame N)" when @by sent one,
 *  else "the call then ended (frame N)" (newly allocated). */
char *pd_ended_text(const pd_link *c, int by, guint32 frame);
/** What causes call link @c (its session's carrier): "call" for a PPTP call, a "PPPoE session",
 *  an "L2TP session". */
const char *pd_link_noun(const pd_link *c);
/** The name of link @c's transport, for causes: "PPTP", "PPPoE" or "L2TP". */
const char *pd_link_transport(const pd_link *c);
/** What carries its PPP, for causes: "GRE" for PPTP, "PPPoE session packets", "L2TP data
 *  messages (UDP 1701)". */
const char *pd_link_packets(const pd_link *c);

G_END_DECLS

#endif /* PD_KIT_H */
