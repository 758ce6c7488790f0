/* pd_track.h: the tracker of PPTP control connections (pd_track.c; the transport itself,
 * pd_transport_pptp, is declared in pd_transport.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRACK_H
#define PD_TRACK_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Calls @fn(@e, s, @data) for every session s that @client opened with a SYN to the PPTP port
 *  at or after @since (seconds, the engine's clock), newest first: a walk back over the sessions,
 *  which are made in time order, that stops at the first one whose last frame is older than
 *  @since (evicted and dropped sessions are passed over). For a rule that concludes, at one
 *  frame, something about a client's recent connection attempts (rules/scan.c). */
void pd_track_sessions_since(pd_engine *e, const pd_addr *client, double since,
                             void (*fn)(pd_engine *e, pd_session *s, gpointer data),
                             gpointer data);

G_END_DECLS

#endif /* PD_TRACK_H */
