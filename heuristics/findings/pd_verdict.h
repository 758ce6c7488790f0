/* pd_verdict.h: which explanation wins, THE ORDER (private to the engine).
 *
 * Rules propose findings (pd_finding.h) and explanations here; this module keeps each session's
 * verdict, refuses findings that would add nothing to what already explains their subject,
 * supersedes inferred findings that later frames contradict, and chooses among the explanations
 * several rules offer when a call ends. The order it uses is written once, in pd_verdict.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_VERDICT_H
#define PD_VERDICT_H

#include "pd_finding.h"

G_BEGIN_DECLS

/** The variants of capture-truncated (rules/capture.c), which the verdict tells apart (THE
 *  ORDER, pd_verdict.c): the snapshot length cut a frame of the session but took nothing a
 *  conclusion rests on (PD_TRUNCATED_TAIL: pd_observation.lost empty, or only PD_LOST_TEXT), or
 *  it took fields pptpdiag reads (PD_TRUNCATED_FIELDS: any other pd_lost bit). */
enum { PD_TRUNCATED_TAIL = 0, PD_TRUNCATED_FIELDS = 1 };

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

/** The fix, worded for this capture, of what pd_propose just returned: finding @f, or else the
 *  candidate it added last to @cands. Takes ownership of @fix (freed if neither). */
void pd_proposed_fix(pd_finding *f, GPtrArray *cands, char *fix);

/** How a call's PPP ended, for the end-of-call hooks. */
typedef struct {
    int by;            /**< PD_DIR_* that sent the LCP Terminate-Request, or -1: the call or the
                            control connection ended (CCRQ, CDN, FIN, RST) */
    guint32 frame;     /**< where */
    double time;       /**< when, seconds */
} pd_call_end_info;

/** THE ORDER as a finding @f of session @s is made (pd_finding_new, before @f joins the
 *  session's findings): a failure of a call withdraws the call's healthy finding unless that one
 *  outranks it (step 1), and pre-emption (step 0): the live findings @f pre-empts are superseded
 *  at @f's frame, and @f is born superseded if a live finding pre-empts it. */
void pd_verdict_admit(pd_session *s, pd_finding *f);

/** TRUE when session @s's only live findings are its healthy verdict's (no failure, no note, no
 *  advisory), and its verdict is healthy: a session nobody needs to read again, which retention
 *  may evict once settled (pd_retention.c). */
gboolean pd_verdict_only_healthy(const pd_session *s);

/** The PPP of call @c ended (@end: who ended it, where, when): unless something already
 *  explains the call (or it has no PPP state left), every family may offer its explanation
 *  (pd_family.on_call_end) and one becomes a finding (pd_verdict_choose). The tracker reports
 *  the end through pd_call_end (pd_events.h); this module decides. */
void pd_verdict_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end);

/** TRUE when a finding of @rule with confidence @conf about call @c (NULL: about session @s)
 *  would add nothing to what already explains its subject (THE ORDER, step 5, in pd_verdict.c:
 *  which subject and how sure, per rule): pd_finding_new then refuses it. A rule may ask first
 *  where making the finding would cost work or claim a frame (rules/gre.c on every tick,
 *  rules/tcp1723.c before filing an ICMP error to the session); the answer is THE ORDER's, never
 *  a threshold of the rule's own. */
gboolean pd_verdict_silent(const pd_session *s, const pd_link *c, pd_rule_id rule,
                           pd_confidence conf);

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
pd_finding *pd_propose(pd_engine *e, pd_link *c, guint32 frame, GPtrArray *cands, pd_rule_id rule,
                       int variant, pd_confidence conf, char *cause, const guint32 *evidence,
                       guint n);

/** Chooses one of @cands for call @c, makes it a finding attached to @frame and returns it (NULL
 *  when @cands is empty). The order is pd_verdict.c's: confidence first, then the causal order;
 *  a fallback row only when no other candidate exists. */
pd_finding *pd_verdict_choose(pd_engine *e, pd_link *c, guint32 frame, GPtrArray *cands);

G_END_DECLS

#endif /* PD_VERDICT_H */
