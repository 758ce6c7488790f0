/* pd_verdict.h: findings, and which explanation wins (private to the engine).
 *
 * Rules propose findings here; this module keeps each session's verdict, answers what already
 * explains a call or a session, supersedes inferred findings that later frames contradict, and
 * chooses among the explanations several rules offer when a call ends. The order it uses is
 * written once, in pd_verdict.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_VERDICT_H
#define PD_VERDICT_H

#include "pd_records.h"

G_BEGIN_DECLS

/** No variant: the finding takes its rule row's RAS codes. */
#define PD_NO_VARIANT (-1)

/** The variants of capture-truncated (rules/capture.c), which the verdict tells apart (THE
 *  ORDER, pd_verdict.c): the snapshot length cut a frame of the session but took nothing a
 *  conclusion rests on (PD_TRUNCATED_TAIL: pd_observation.lost empty, or only PD_LOST_TEXT), or
 *  it took fields pptpdiag reads (PD_TRUNCATED_FIELDS: any other pd_lost bit). */
enum { PD_TRUNCATED_TAIL = 0, PD_TRUNCATED_FIELDS = 1 };

/** Makes a finding of @rule (its @variant, or PD_NO_VARIANT) attached to @frame, about call @c
 *  (NULL: about the session), with @cause (ownership passes; NULL only when the caller gives a
 *  fixed one next, pd_finding_set_fixed_cause). Its RAS codes and fix come from the
 *  catalogue row, never from the caller. @frame is its first evidence. The findings of the
 *  session it pre-empts (pd_verdict.c, THE ORDER, step 0) are superseded by it, and it is made
 *  superseded if one of them pre-empts it. The session's verdict is updated. Returns the finding
 *  (owned by the session). */
pd_finding *pd_finding_new(pd_engine *e, pd_session *s, pd_call *c, guint32 frame,
                           pd_rule_id rule, int variant, pd_confidence conf, char *cause);

/** Adds @frame (0: none) to @f's evidence, kept ascending and unique. */
void pd_evidence(pd_finding *f, guint32 frame);

/** @f no longer counts for the verdict: @frame contradicted it (an inferred finding), or a
 *  later finding of the same rule replaced it. The one superseding mechanism (pre-emption,
 *  pd_finding_new, uses it too): the findings @f pre-empted stand again unless another live
 *  finding pre-empts them. */
void pd_supersede(pd_session *s, pd_finding *f, guint32 frame);

/** Session @s is one of which the capture holds one direction only (pd_session_one_way): its
 *  live failures that rest on the other peer's silence (a symptom: a peer gave up and the wire
 *  does not say why; or an inference from absence: likely, possible; THE ORDER in pd_verdict.c)
 *  are superseded at @frame (the capture-one-direction note's, which pre-empts them), since
 *  that silence is the capture's, and a healthy finding of a call that one of them withdrew
 *  counts again. Confirmed causes the visible peer's packets show (a CHAP Failure, e.g.) stay. */
void pd_supersede_one_way(pd_session *s, guint32 frame);

/** Replaces @f's cause by @cause, worded anew (ownership passes). */
void pd_finding_set_cause(pd_finding *f, char *cause);

/** Replaces @f's cause by @cause, a fixed sentence in static storage (not copied, never freed):
 *  a cause that names nothing of the capture need not be kept once per finding. */
void pd_finding_set_fixed_cause(pd_finding *f, const char *cause);

/** Replaces @f's fix (the rule's generic one) by @fix, worded for what this capture shows (the
 *  device, the direction, the measured MTU). Takes ownership of @fix; NULL keeps the rule's. */
void pd_finding_set_fix(pd_finding *f, char *fix);

/** The same with @fix a fixed sentence in static storage (not copied, never freed): a fix that
 *  names nothing of the capture need not be kept once per finding. */
void pd_finding_set_fixed_fix(pd_finding *f, const char *fix);

/** The fix, worded for this capture, of what pd_propose just returned: finding @f, or else the
 *  candidate it added last to @cands. Takes ownership of @fix (freed if neither). */
void pd_proposed_fix(pd_finding *f, GPtrArray *cands, char *fix);

/** Frees finding @f (its cause, fix and evidence); the caller removes it from its arrays. */
void pd_finding_free(pd_finding *f);

/** The strongest live failure finding about call @c (not superseded, not provisional at the end
 *  of the capture), or NULL: what already explains the call. */
const pd_finding *pd_call_explanation(const pd_call *c);

/** The strongest live failure finding of session @s about the session itself (@session_only)
 *  or about anything in it, or NULL. */
const pd_finding *pd_session_explanation(const pd_session *s, gboolean session_only);

/** TRUE if @x exists and is at least as sure as @conf: a finding of confidence @conf would add
 *  nothing to it. */
gboolean pd_hides(const pd_finding *x, pd_confidence conf);

/** Recomputes @s's verdict from its live findings (pd_verdict.c says in which order). */
void pd_verdict_update(pd_session *s);
/** The verdict finding @f implies (pd_finding_verdict, the face's name for it): healthy for
 *  the healthy rule, failed for a failure of THE ORDER, undetermined otherwise or when a later
 *  frame superseded it. */
pd_verdict pd_verdict_of(const pd_finding *f);

/** A new array for the explanations families offer when a call ends (pd_propose with it). */
GPtrArray *pd_candidates_new(void);

/** What a rule concluded about call @c: a finding attached to @frame now (@cands NULL), or, when
 *  the call ends (pd_family.on_call_end), a candidate into @cands. @evidence: @n frames (0s are
 *  skipped). Returns the finding, or NULL for a candidate. */
pd_finding *pd_propose(pd_engine *e, pd_call *c, guint32 frame, GPtrArray *cands, pd_rule_id rule,
                       int variant, pd_confidence conf, char *cause, const guint32 *evidence,
                       guint n);

/** Chooses one of @cands for call @c, makes it a finding attached to @frame and returns it (NULL
 *  when @cands is empty). The order is pd_verdict.c's: confidence first, then the causal order;
 *  a fallback row only when no other candidate exists. */
pd_finding *pd_verdict_choose(pd_engine *e, pd_call *c, guint32 frame, GPtrArray *cands);

G_END_DECLS

#endif /* PD_VERDICT_H */
