/* pd_track_ppp.h: a link's PPP frame, whatever carried it (pd_track_ppp.c): the one way every
 * transport's tracker hands PPP to the PPP module and tells the rule families.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRACK_PPP_H
#define PD_TRACK_PPP_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Records PPP frame @p (protocol not 0) of link @c (with working state: c->ppp), sent in
 *  direction @dir (PD_DIR_*) in observation @o (@flow: its PPTP GRE flow, or NULL): the PPP
 *  module's facts (pd_ppp_input; what a one-way capture's visible side proves of the other,
 *  pd_ppp_imply), the network phase on the link (net_frame), the PPP milestones; then
 *  PD_EV_PPP to the families, and the link's end to the verdict module on an LCP
 *  Terminate-Request (pd_call_end). Decides nothing. */
void pd_track_ppp(pd_engine *e, pd_link *c, pd_flow *flow, int dir, const pd_observation *o,
                  const pd_obs_ppp *p);

G_END_DECLS

#endif /* PD_TRACK_PPP_H */
