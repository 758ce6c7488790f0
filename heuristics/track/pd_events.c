/* pd_events.c: what the tracker tells the rule families (see pd_events.h): each event to the
 * families that take its kind, and the end of a call's PPP to the verdict module, which asks the
 * families for explanations.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"

/* For each event kind, the families that take it (pd_family.events), in pd_families[] order:
 * built once, so an event costs a call only to the families that look at it. */
static struct {
    guint n;
    const pd_family *fam[PD_MAX_FAMILIES];
} handlers[PD_EV_N_KINDS];

static void handlers_init(void)
{
    static gsize ready;
    if (!g_once_init_enter(&ready))
        return;
    for (guint k = 0; k < PD_EV_N_KINDS; k++)
        for (guint i = 0; i < pd_n_families; i++)
            if (pd_families[i]->on_event && (pd_families[i]->events & PD_EV_BIT(k)))
                handlers[k].fam[handlers[k].n++] = pd_families[i];
    g_once_init_leave(&ready, 1);
}

void pd_emit(pd_engine *e, pd_event *ev)
{
    handlers_init();
    for (guint i = 0; i < handlers[ev->kind].n; i++)
        if (pd_family_hears(handlers[ev->kind].fam[i], ev->s))
            handlers[ev->kind].fam[i]->on_event(e, ev);
}

void pd_call_end(pd_engine *e, pd_link *c, int by, guint32 frame, double time)
{
    pd_call_end_info end = {by, frame, time};
    pd_verdict_call_end(e, c, &end);
}
