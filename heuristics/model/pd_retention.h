/* pd_retention.h: what the engine keeps and for how long: the cap on sessions (pd_config
 * max_sessions), the settling of closed sessions (their calls' working state freed lcp_timeout
 * seconds after they closed) and the eviction of settled sessions with nothing to say.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_RETENTION_H
#define PD_RETENTION_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Appends session index @ix to queue @q (e->settling, e->evictable). */
void pd_fifo_push(pd_fifo *q, guint ix);
/** Forgets session @s: its frames' side records go, and each transport's lookups and flows
 *  (pd_transport.forget, passed @keep_syn: TRUE for an evicted session, whose facts later
 *  sessions' rules may still read, FALSE for one dropped as not the transport's), its index
 *  stays (NULL in e->sessions), it is freed. */
void pd_session_forget(pd_engine *e, pd_session *s, gboolean keep_syn);
/** TRUE when the session or flow of @owner (a frame's owner, PD_OWNER_FLOW; not 0) was
 *  forgotten (evicted, or dropped as not PPTP): its frames are forgotten with it, their owners
 *  until the next sweep of the frame map (pd_session_forget), which drops them and what the
 *  holder attached to them (pd_engine_frame_attach). */
gboolean pd_owner_gone(const pd_engine *e, guint32 owner);
/** Whether a new session may be made for @o under max_sessions (evicting the oldest evictable
 *  settled session if need be); FALSE sets e->refused, counts the refusal and tells the
 *  families once (PD_EV_CAPPED). */
gboolean pd_session_room(pd_engine *e, const pd_observation *o);
/** The carrier of @s has just closed: one closed before its set-up @started (PPTP: an SCCRQ),
 *  with no link and no finding, is a health check (a load balancer's or a monitor's: connect,
 *  close; nothing to diagnose), which becomes light (pd_session.light): evicted first, out of
 *  the max_sessions count. */
void pd_retention_closed(pd_engine *e, pd_session *s, gboolean started);
/** The connection attempt of @s is over at @time (seconds, the engine's clock): once (*@closed,
 *  the carrier's own flag, is set here), it settles lcp_timeout seconds later
 *  (pd_evict_settled) and then no longer counts against max_sessions; one that set nothing up
 *  (@started FALSE) and found nothing is a light one (pd_retention_closed). */
void pd_retention_attempt_over(pd_engine *e, pd_session *s, guint8 *closed, double time,
                               gboolean started);

/** Frees the working state of the calls of sessions that closed lcp_timeout seconds or more
 *  before @now (seconds, the engine's clock), and queues those that may be evicted. */
void pd_evict_settled(pd_engine *e, double now);

G_END_DECLS

#endif /* PD_RETENTION_H */
