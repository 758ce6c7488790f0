/* pd_finding.h: a finding's life (private to the engine): what a rule concluded about a session
 * or a call, attached to a frame, with its evidence frames, cause and fix. Which finding is the
 * session's verdict is pd_verdict.h's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_FINDING_H
#define PD_FINDING_H

#include "pd_records.h"

G_BEGIN_DECLS

/** No variant: the finding takes its rule row's RAS codes. */
#define PD_NO_VARIANT (-1)

/** Makes a finding of @rule (its @variant, or PD_NO_VARIANT) attached to @frame, about call @c
 *  (NULL: about the session), with @cause (ownership passes; NULL only when the caller gives a
 *  fixed one next, pd_finding_set_fixed_cause). Its RAS codes and fix come from the
 *  catalogue row, never from the caller. @frame is its first evidence. The findings of the
 *  session it pre-empts (pd_verdict.c, THE ORDER, step 0) are superseded by it, and it is made
 *  superseded if one of them pre-empts it. The session's verdict is updated. Returns the finding
 *  (owned by the session), or NULL when THE ORDER refuses it (pd_verdict_silent: it would add
 *  nothing to what already explains its subject; @cause is freed): the calls below take NULL
 *  and do nothing. */
pd_finding *pd_finding_new(pd_engine *e, pd_session *s, pd_link *c, guint32 frame,
                           pd_rule_id rule, int variant, pd_confidence conf, char *cause);

/** Adds @frame (0: none) to @f's evidence, kept ascending and unique (@f NULL: nothing). */
void pd_evidence(pd_finding *f, guint32 frame);

/** Replaces @f's cause by @cause, worded anew (ownership passes; freed when @f is NULL). */
void pd_finding_set_cause(pd_finding *f, char *cause);

/** Replaces @f's cause by @cause, a fixed sentence in static storage (not copied, never freed):
 *  a cause that names nothing of the capture need not be kept once per finding. */
void pd_finding_set_fixed_cause(pd_finding *f, const char *cause);

/** Replaces @f's fix (the rule's generic one) by @fix, worded for what this capture shows (the
 *  device, the direction, the measured MTU). Takes ownership of @fix (freed when @f is NULL); NULL keeps the rule's. */
void pd_finding_set_fix(pd_finding *f, char *fix);

/** The same with @fix a fixed sentence in static storage (not copied, never freed): a fix that
 *  names nothing of the capture need not be kept once per finding. */
void pd_finding_set_fixed_fix(pd_finding *f, const char *fix);

/** Frees finding @f (its cause, fix and evidence); the caller removes it from its arrays. */
void pd_finding_free(pd_finding *f);

/** Call @c, at index @from of session @from_s until now, was taken over by session @to_s (a
 *  GRE-only session's call that a control connection took over, pd_take_gre_only_call): its
 *  findings go along, and, when @from_s has no call left (@all), @from_s's own findings too,
 *  before @to_s's (they came first); the later calls' findings of @from_s are renumbered. Both
 *  sessions' verdicts are updated. */
void pd_findings_move_call(pd_session *from_s, guint from, pd_session *to_s, pd_link *c,
                           gboolean all);

/** Withdraws finding @f of session @s: removed from its frame's record and from @s's findings,
 *  freed, and @s's verdict updated (a provisional end-of-capture finding when the capture goes
 *  on: pd_engine.c). */
void pd_finding_withdraw(pd_engine *e, pd_session *s, pd_finding *f);

G_END_DECLS

#endif /* PD_FINDING_H */
