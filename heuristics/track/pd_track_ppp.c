/* pd_track_ppp.c: a link's PPP frame, whatever carried it (see pd_track_ppp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_track_ppp.h"
#include "pd_events.h"

/* PPP milestones the PPP module's events stand for. */
static void ppp_milestones(pd_engine *e, pd_session *s, guint32 frame, guint ev)
{
    static const struct {
        guint ev;
        pd_milestone ms;
    } map[] = {
        {PD_PPP_EV_LCP_OPENED, PD_MS_LCP_OPENED}, {PD_PPP_EV_AUTH_OK, PD_MS_AUTH_OK},
        {PD_PPP_EV_CCP_UP, PD_MS_CCP_UP},         {PD_PPP_EV_DATA_BOTH, PD_MS_DATA},
        {PD_PPP_EV_LCP_TERMINATE, PD_MS_LCP_TERMINATE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(map); i++)
        if (ev & map[i].ev)
            pd_milestone_add(e, s, frame, map[i].ms);
}

void pd_track_ppp(pd_engine *e, pd_link *c, pd_flow *flow, int dir, const pd_observation *o,
                  const pd_obs_ppp *p)
{
    pd_session *s = c->s;
    pd_ppp_frame pf = pd_ppp_frame_of(p);
    pf.stamp = e->stamp;
    guint ev = pd_ppp_input(c->ppp, dir, o->frame, &pf);
    if (pd_session_one_way(s) == dir) /* what the peer sent, out of the capture */
        ev |= pd_ppp_imply(c->ppp, dir, o->frame, &pf);
    if (ev & PD_PPP_EV_NETWORK)
        c->net_frame = c->ppp->net_up;
    ppp_milestones(e, s, o->frame, ev);
    pd_event pe = {.kind = PD_EV_PPP, .o = o, .s = s, .c = c, .flow = flow, .dir = dir,
                   .ppp_events = ev, .ppp = &pf};
    pd_emit(e, &pe);
    if (ev & PD_PPP_EV_LCP_TERMINATE)
        pd_call_end(e, c, dir, o->frame, o->time);
}
