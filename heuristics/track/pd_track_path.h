/* pd_track_path.h: the tracker's facts of the path (pd_track_path.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRACK_PATH_H
#define PD_TRACK_PATH_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Records ICMP error observation @o: the session and flow of the packet it quotes, if any;
 *  tells the families. */
void pd_track_icmp(pd_engine *e, const pd_observation *o);
/** Records DNS observation @o in its lookup (made if new). */
void pd_track_dns(pd_engine *e, const pd_observation *o);
/** Records a SYN to a port that is not PPTP's (PD_OBS_TCP_SYN) among its source's probes. */
void pd_track_syn(pd_engine *e, const pd_observation *o);
/** Makes a DNS session for lookup @l (at the end of the capture; pd_engine_finish). */
pd_session *pd_track_dns_session(pd_engine *e, const pd_dns_lookup *l);

G_END_DECLS

#endif /* PD_TRACK_PATH_H */
