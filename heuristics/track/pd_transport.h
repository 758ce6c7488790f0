/* pd_transport.h: what a transport's tracker is, and the tracker's one entry (pd_transport.c).
 *
 * A transport is one way a VPN connection attempt reaches the wire: its carrier (the TCP 1723
 * control connection of PPTP, PPPoE discovery, an L2TP tunnel; an IKE SA or a TLS connection
 * next) and the links it carries (PPTP calls with their GRE, each with its PPP,
 * pd_ppp.h). Each transport's tracker lives in its own file under track/ and declares here its
 * handler of each kind of observation (pd_observation.h) it takes; pd_track_observe hands each
 * observation to the transports that take its kind, in pd_transports[] order. Facts of the path that are no
 * transport's own (ICMP errors, DNS lookups, SYNs to other ports) are a tracker of the same
 * shape (pd_track_path.c). Adding a transport is its tracker file, its row in pd_transports[]
 * and its rule families: no edit to another transport's files (heuristics/README.md, "Adding a
 * transport").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRANSPORT_H
#define PD_TRANSPORT_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Records observation @o (in capture order, of the kind the handler is for) and tells the rule
 *  families what happened (pd_events.h); decides nothing. */
typedef void (*pd_observe_fn)(pd_engine *e, const pd_observation *o);

/** A transport's tracker. */
typedef struct {
    const char *name;                      /**< e.g. "pptp" */
    pd_observe_fn observe[PD_OBS_N_KINDS]; /**< its handler of each kind of observation it
                                                takes (pd_obs_kind), NULL for the others */
    /** Frees its own working state of the links of session @s, which has settled (closed
     *  lcp_timeout seconds ago: pd_retention.h); NULL: it keeps none. */
    void (*settle)(pd_engine *e, pd_session *s);
    /** Drops session @s, about to be freed, from its lookups and frees what it owns of it
     *  beyond the session (pd_session_forget: @keep TRUE when evicted, FALSE when dropped);
     *  NULL: it keeps none. */
    void (*forget)(pd_engine *e, pd_session *s, gboolean keep);
} pd_transport;

/** PPTP (RFC 2637): TCP 1723, its control messages, and the calls' enhanced GRE
 *  (pd_track.c, pd_track_gre.c). */
extern const pd_transport pd_transport_pptp;
/** PPPoE (RFC 2516): Discovery and Session stage packets (pd_track_pppoe.c). */
extern const pd_transport pd_transport_pppoe;
/** L2TP (RFC 2661): control and data messages on UDP 1701, and the ICMP errors quoting a LAC's
 *  datagram (pd_track_l2tp.c). */
extern const pd_transport pd_transport_l2tp;
/** PPP captured without its carrier: PD_OBS_PPP frames (pd_track_ppponly.c). */
extern const pd_transport pd_transport_ppponly;
/** IPsec without keys: IKE messages on UDP 500 and 4500, the ESP after them, the L2TP Wireshark
 *  decrypted from that ESP, and the ICMP errors quoting IKE (pd_track_ike.c). */
extern const pd_transport pd_transport_ike;
/** The path's facts: ICMP errors and the packets they quote, DNS lookups, SYNs to other ports
 *  (pd_track_path.c). */
extern const pd_transport pd_transport_path;

/** The transports, in the order they see an observation (pd_transport.c). */
extern const pd_transport *const pd_transports[];
extern const guint pd_n_transports;

/** Makes the table of each kind's handlers pd_track_observe walks (once per process; thread-safe);
 *  pd_engine_new calls it. */
void pd_transport_handlers_init(void);

/** Records observation @o (already checked: in order, with addresses): first what its time
 *  settles (retention: a session closed lcp_timeout seconds ago no longer counts against
 *  max_sessions), then every transport that takes its kind, then the deadlines of the frame's
 *  session (PD_EV_TICK). */
void pd_track_observe(pd_engine *e, const pd_observation *o);

G_END_DECLS

#endif /* PD_TRANSPORT_H */
