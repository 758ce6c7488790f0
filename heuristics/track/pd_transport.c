/* pd_transport.c: the transports and the tracker's one entry (see pd_transport.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_transport.h"
#include "pd_events.h"
#include "pd_retention.h"

const pd_transport *const pd_transports[] = {
    &pd_transport_pptp,
    &pd_transport_pppoe,
    &pd_transport_l2tp,
    &pd_transport_ppponly,
    &pd_transport_ike,
    &pd_transport_path,
};
const guint pd_n_transports = G_N_ELEMENTS(pd_transports);

/* An ICMP error that no device can have sent: from an address that is no unicast sender, or
 * from the sender of the packet it quotes (an error about a packet goes to its sender, never
 * comes from it). It names no blocking device and proves nothing about the path. */
static gboolean icmp_impossible(const pd_observation *o)
{
    return !pd_addr_unicast(&o->src) || pd_addr_equal(&o->src, &o->icmp.quoted_src);
}

/* The handlers of each kind of observation, in pd_transports[] order, NULL-ended
 * (pd_transport_handlers_init): an observation walks its own handlers, not every transport. */
#define MAX_TRANSPORTS 8
static pd_observe_fn by_kind[PD_OBS_N_KINDS][MAX_TRANSPORTS + 1];

void pd_transport_handlers_init(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        g_assert(pd_n_transports <= MAX_TRANSPORTS);
        for (guint k = 0; k < PD_OBS_N_KINDS; k++)
            for (guint i = 0, n = 0; i < pd_n_transports; i++)
                if (pd_transports[i]->observe[k])
                    by_kind[k][n++] = pd_transports[i]->observe[k];
        g_once_init_leave(&done, 1);
    }
}

void pd_track_observe(pd_engine *e, const pd_observation *o)
{
    if (!pd_fifo_empty(&e->settling))
        pd_evict_settled(e, o->time);
    if (o->kind == PD_OBS_ICMP_ERROR && icmp_impossible(o))
        e->n_ignored++;
    else if ((guint)o->kind < PD_OBS_N_KINDS)
        for (const pd_observe_fn *h = by_kind[o->kind]; *h; h++)
            (*h)(e, o);
    pd_session *s = pd_track_frame_session(e, o->frame);
    if (s)
        pd_emit_kind(e, PD_EV_TICK, o, s, NULL, NULL, -1);
}
