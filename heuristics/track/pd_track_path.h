/* pd_track_path.h: the tracker's facts of the path (pd_track_path.c; its transport row,
 * pd_transport_path, is declared in pd_transport.h): ICMP errors linked to the packets they
 * quote, DNS lookups, SYNs to other ports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRACK_PATH_H
#define PD_TRACK_PATH_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Makes a DNS session for lookup @l (at the end of the capture; pd_engine_finish). */
pd_session *pd_track_dns_session(pd_engine *e, const pd_dns_lookup *l);

G_END_DECLS

#endif /* PD_TRACK_PATH_H */
