/* pd_events.c: what the tracker tells the rule families (see pd_events.h): each event to the
 * families that take its kind, and the end of a call's PPP to the verdict module, which asks the
 * families for explanations.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"

/* The carriers a session can have (pd_carrier), and one more row for events of no session. */
#define N_CARRIERS PD_N_CARRIERS
#define NO_SESSION N_CARRIERS

/* For each carrier (or none) and event kind, the families that hear it (pd_family.events,
 * pd_family_hears), in pd_families[] order: built once, so an event costs a call only to the
 * families that look at it. */
static struct {
    guint n;
    const pd_family *fam[PD_MAX_FAMILIES];
} handlers[N_CARRIERS + 1][PD_EV_N_KINDS];

static void handlers_init(void)
{
    static gsize ready;
    if (!g_once_init_enter(&ready))
        return;
    for (guint c = 0; c <= N_CARRIERS; c++)
        for (guint k = 0; k < PD_EV_N_KINDS; k++)
            for (guint i = 0; i < pd_n_families; i++) {
                const pd_family *f = pd_families[i];
                if (f->on_event && (f->events & PD_EV_BIT(k)) &&
                    (c == NO_SESSION || !f->carrier || f->carrier == c))
                    handlers[c][k].fam[handlers[c][k].n++] = f;
            }
    g_once_init_leave(&ready, 1);
}

void pd_emit(pd_engine *e, pd_event *ev)
{
    handlers_init();
    guint c = !ev->s ? NO_SESSION : MIN(ev->s->info.carrier, N_CARRIERS - 1);
    for (guint i = 0; i < handlers[c][ev->kind].n; i++)
        handlers[c][ev->kind].fam[i]->on_event(e, ev);
}

void pd_call_end(pd_engine *e, pd_link *c, int by, guint32 frame, double time)
{
    pd_call_end_info end = {by, frame, time};
    pd_verdict_call_end(e, c, &end);
}
