/* pd_reason.h: why a session stays undetermined, for the face (pd_engine_undetermined_reason).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_REASON_H
#define PD_REASON_H

#include "pd_family.h"

G_BEGIN_DECLS

/** Why session @s (verdict undetermined) has no verdict, in one newly allocated sentence
 *  without a final period: the capture cut the fields read, no VPN attempt, a contradicted
 *  finding, only a note, GRE only, a capture starting mid-connection, a call whose PPP did not
 *  come up (how long the capture waited, leaving out its own silences), SYNs unanswered for too
 *  short a time, no call placed, or neither outcome shown. */
char *pd_undetermined_reason(const pd_engine *e, const pd_session *s);

G_END_DECLS

#endif /* PD_REASON_H */
