/* pd_track_gre.h: the tracker's GRE (pd_track_gre.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TRACK_GRE_H
#define PD_TRACK_GRE_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Records GRE observation @o: its flow (made if new: for a call, a GRE-only session, or a
 *  mismatch), the call's PPP, sequence gaps; tells the families (PD_EV_GRE, PD_EV_PPP). */
void pd_track_gre(pd_engine *e, const pd_observation *o);
/** The GRE direction (@src -> @dst, key @call_id) now belongs to call @c as @dir (PD_DIR_*):
 *  a flow seen before the control connection said so is adopted, else an empty one made; a
 *  newer call with the same key ends the older call's flow. */
void pd_call_bind(pd_engine *e, pd_link *c, int dir, const pd_addr *src, const pd_addr *dst,
                  guint16 call_id);
/** A control connection @s seen mid-stream names, in a message from @sender, the Call ID @id:
 *  the key of the GRE @sender sends (@sent) or receives. If a GRE-only session between the same
 *  hosts holds that GRE, its call (flows, PPP, findings) moves to @s; a GRE-only session left
 *  without calls is absorbed into @s. Returns the call, or NULL. */
pd_link *pd_take_gre_only_call(pd_engine *e, pd_session *s, const pd_addr *sender,
                               gboolean sent, guint16 id);

G_END_DECLS

#endif /* PD_TRACK_GRE_H */
