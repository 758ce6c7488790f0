/* pd_events.h: how the tracker tells the rule families (pd_family.h) what happened.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_EVENTS_H
#define PD_EVENTS_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Calls the on_event hook of every family that takes @ev's kind (pd_family.events), in
 *  pd_families[] order. */
void pd_emit(pd_engine *e, pd_event *ev);
/** pd_emit of an event of @kind at observation @o about session @s (call @c, flow @flow, sent
 *  in direction @dir: NULL or -1 when none). Inline: the tracker emits for most packets. */
static inline void pd_emit_kind(pd_engine *e, pd_event_kind kind, const pd_observation *o,
                                pd_session *s, pd_link *c, pd_flow *flow, int dir)
{
    pd_event ev = {.kind = kind, .o = o, .s = s, .c = c, .flow = flow, .dir = dir};
    pd_emit(e, &ev);
}
/** The PPP of call @c ended at @frame, @time (seconds): an LCP Terminate-Request from @by
 *  (PD_DIR_*), or the call or its control connection ended (@by -1): handed to the verdict module
 *  (pd_verdict_call_end), which decides whether and how to explain it. */
void pd_call_end(pd_engine *e, pd_link *c, int by, guint32 frame, double time);

G_END_DECLS

#endif /* PD_EVENTS_H */
