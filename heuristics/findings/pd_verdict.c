/* pd_verdict.c: which explanation wins (see pd_verdict.h).
 *
 * THE ORDER. A session's verdict rests on one of its live findings (not superseded), chosen by:
 *   0. what the session is: a finding that says the session is no VPN connection attempt at all
 *      pre-empts the failures that assume one (preempts() below, from causal_order[]): a port
 *      scanner's probe (scan-probe) is no client refused, unreachable or unanswered at TCP
 *      1723. The pre-empted findings are superseded by it, whichever came first, and stand
 *      again if it is itself superseded (a retransmitted SYN: a client after all).
 *   1. kind: a failure (a rule of warning or error severity) over the healthy finding, which is
 *      over notes (wan-error) and advisories (pd_rule.advisory: gre-refused-then-passed, a
 *      warning that did not stop the session). A healthy call does not hide a failed one, but a
 *      possible failure (consistent with the trace, not shown by it) never overturns a
 *      confirmed healthy finding (the wire shows the network phase reached; outranks): it stays
 *      a live finding of the healthy session, not its verdict, and does not withdraw it.
 *   2. confidence: confirmed (the wire says so) > likely (inferred from absence within a
 *      timeout) > possible (consistent with the trace, not shown by it). A possible or likely
 *      finding never hides a confirmed one.
 *   3. causal order (causal_order[] below): the earlier a failure sits in the chain DNS -> TCP
 *      1723 -> control connection -> call -> GRE -> LCP -> authentication -> CCP -> IPCP -> the
 *      running link, the more it explains of what follows (PPPoE's Discovery and L2TP's UDP
 *      1701, tunnel and session set-up stand where PPTP's control connection and call do); a
 *      peer giving up without saying why (symptoms: call-disconnected, lcp-terminated,
 *      control-stopped, control-closed, pppoe-terminated, l2tp-terminated) comes after every
 *      cause; the engine's own limits come last.
 *   4. the earlier finding; but of a session's capture-truncated notes, the fields-cut one
 *      (below).
 *   5. what is not said at all: a finding that would add nothing to what already explains its
 *      call or session (silenced[] below, one row per rule that stays silent, with the subject
 *      and how sure the explanation must be) is refused when a rule makes it. Rules never ask
 *      which finding explains anything: they read facts, and this table decides.
 * A cut capture withdraws only what rests on cut bytes. In a session where the snapshot length
 * took fields pptpdiag reads (a live capture-truncated note of variant fields-cut: a PPTP Call ID,
 * Result Code or whole message, a GRE sequence or acknowledgment number, a PPP protocol, code or
 * option; pd_observation.lost), a failure that may rest on them does not decide the verdict: a
 * symptom (a peer gave up: what explains it may be past the cut) or an inference from absence
 * (likely, possible: the packet that would contradict it may be unreadable). The session stays
 * undetermined with the note unless a confirmed cause is on the wire
 * (derived/success-client-snaplen80.pcap), even when what such a failure would have outranked
 * (a healthy call the server then hung up on) is left: neither is the verdict. A cut that took
 * only what no conclusion rests on (a tail-only note: an SCCRQ's Host Name, MPPE data, the end
 * of a quoted message) withdraws nothing (derived/success-client-snaplen128.pcap and the other
 * captures of generate_snaplen.py); the rules themselves read no field the cut took (an
 * MS-CHAPv2 Failure's E= code cut short is no code: rules/auth.c).
 * In a session of which the capture holds one direction only (pd_session_one_way), such failures
 * rest on the other peer's silence, which is the capture's, not the network's: the
 * capture-one-direction note supersedes them, those made before it (pd_supersede_one_way) and
 * after it (pd_verdict_admit), whatever order the families run in (the derived captures
 * from-client and from-server).
 * A failure of a call withdraws the call's healthy finding (pd_finding_new): never both.
 * When a call ends, the explanations the rule families offer (pd_family.on_call_end) are ranked
 * the same way and one becomes a finding; a fallback row (lcp-terminated) only when no family
 * offers anything else.
 * Superseding is one mechanism (pd_supersede): a finding inferred from absence that later frames
 * contradict, or one a later finding of the same rule replaces, stops counting.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_verdict.h"
#include "pd_family.h"

#include <string.h>

static const pd_rule_id causal_order[] = {
    /* what the session is: a port scanner's probe pre-empts every failure up to the first that
     * needs a PPTP peer (PREEMPTS_BEFORE): it is no VPN connection attempt */
    PD_RULE_SCAN_PROBE,
    /* before the tunnel: name, TCP 1723, the control connection */
    PD_RULE_DNS_NXDOMAIN, PD_RULE_DNS_UNANSWERED,
    PD_RULE_TCP1723_REFUSED, PD_RULE_TCP1723_UNREACHABLE, PD_RULE_TCP1723_UNANSWERED,
    PD_RULE_CONTROL_REFUSED, PD_RULE_CALL_REFUSED,
    /* IPsec (RFC 7296, RFC 2409): IKE unreachable or unanswered, every proposal refused, UDP
     * 4500 after NAT detection, the encrypted step (lost fragments, the pre-shared key, the
     * authentication), then ESP once the SA is up */
    PD_RULE_UDP500_UNREACHABLE, PD_RULE_UDP500_UNANSWERED, PD_RULE_IKE_NO_PROPOSAL_CHOSEN,
    PD_RULE_UDP4500_UNANSWERED, PD_RULE_IKE_FRAGMENTS_LOST, PD_RULE_IKE_PSK_MISMATCH,
    PD_RULE_IKE_AUTH_FAILED, PD_RULE_ESP_BLOCKED,
    /* PPPoE's Discovery stage (RFC 2516 5): no concentrator, a refusal, no session */
    PD_RULE_PPPOE_NO_OFFER, PD_RULE_PPPOE_REFUSED, PD_RULE_PPPOE_NO_SESSION,
    /* L2TP's control connection and its sessions (RFC 2661 5.1-5.2): UDP 1701 refused by the
     * path or unanswered, the LNS refusing the tunnel, then the L2TP session */
    PD_RULE_UDP1701_UNREACHABLE, PD_RULE_UDP1701_UNANSWERED, PD_RULE_L2TP_TUNNEL_REFUSED,
    PD_RULE_L2TP_CALL_REFUSED,
    /* the call's GRE: a NAT that cannot map it back, or mixes up Call IDs, explains why it is
     * lost */
    PD_RULE_NAT_NO_HELPER, PD_RULE_GRE_CALL_ID_MISMATCH, PD_RULE_GRE_BLOCKED,
    PD_RULE_MTU_TOO_SMALL, PD_RULE_PPP_INVALID,
    /* PPP, in the order of its phases (RFC 1661 3.2) */
    PD_RULE_LCP_NOT_CONVERGING, PD_RULE_AUTH_PROTOCOL_REJECTED, PD_RULE_AUTH_FAILED,
    PD_RULE_MPPE_NOT_AGREED, PD_RULE_IPCP_FAILED,
    /* the running link */
    PD_RULE_GRE_ACK_STALLED, PD_RULE_LCP_ECHO_LOST, PD_RULE_PPTP_ECHO_UNANSWERED,
    /* symptoms: a peer gave up and the wire does not say why */
    PD_RULE_CALL_DISCONNECTED, PD_RULE_LCP_TERMINATED, PD_RULE_CONTROL_STOPPED,
    PD_RULE_CONTROL_CLOSED, PD_RULE_PPPOE_TERMINATED, PD_RULE_L2TP_TERMINATED,
    /* pptpdiag's own limits */
    PD_RULE_STATE_CAP,
};

/* THE ORDER, step 5: what is not said at all. A finding that would add nothing to what already
 * explains its subject is not made (pd_finding_new refuses it: pd_verdict_silent): the live
 * failure that explains the call or the session (pd_call_explanation, pd_session_explanation)
 * at @at or surer (PD_CONF_NONE: whatever its confidence; OWN_CONF: at least as sure as the
 * finding itself). The subjects:
 *   CALL          the finding's call;
 *   CALL_BY_OTHER the finding's call, by another rule (a later CHAP Failure replaces the
 *                 earlier one: rules/auth.c);
 *   COLLIDED      the older call whose GRE key the finding's call shares (pd_link.collides_with):
 *                 a client retrying while its failed attempt closes is no NAT mixing up clients;
 *   SESSION       anything in the session (the calls' failures too);
 *   SESSION_OWN   the session itself (its calls' failures do not count).
 * Rows with @inferred_only silence only their likely and possible findings (inferred from
 * absence): what the wire shows is said even when an inference came first. */
typedef enum { CALL, CALL_BY_OTHER, COLLIDED, SESSION, SESSION_OWN } subject;
#define OWN_CONF ((pd_confidence)-1)
static const struct {
    pd_rule_id rule;
    subject about;
    pd_confidence at;
    gboolean inferred_only;
} silenced[] = {
    {PD_RULE_TCP1723_UNREACHABLE, SESSION_OWN, PD_CONF_CONFIRMED, FALSE},
    {PD_RULE_CONTROL_REFUSED, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_CALL_REFUSED, CALL, PD_CONF_NONE, FALSE},
    {PD_RULE_NAT_NO_HELPER, CALL, OWN_CONF, FALSE},
    {PD_RULE_GRE_CALL_ID_MISMATCH, COLLIDED, PD_CONF_NONE, FALSE},
    {PD_RULE_GRE_BLOCKED, CALL, PD_CONF_NONE, TRUE},
    {PD_RULE_LCP_NOT_CONVERGING, CALL, PD_CONF_NONE, FALSE},
    {PD_RULE_AUTH_FAILED, CALL_BY_OTHER, PD_CONF_NONE, FALSE},
    {PD_RULE_IPCP_FAILED, CALL, PD_CONF_NONE, FALSE},
    {PD_RULE_LCP_ECHO_LOST, CALL, PD_CONF_NONE, FALSE},
    {PD_RULE_PPTP_ECHO_UNANSWERED, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_CALL_DISCONNECTED, CALL, PD_CONF_LIKELY, FALSE},
    {PD_RULE_CONTROL_STOPPED, SESSION, PD_CONF_LIKELY, FALSE},
    {PD_RULE_CONTROL_CLOSED, SESSION, PD_CONF_LIKELY, FALSE},
    {PD_RULE_PPPOE_NO_OFFER, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_PPPOE_NO_SESSION, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_PPPOE_REFUSED, SESSION_OWN, PD_CONF_NONE, FALSE},
    /* L2TP: the ICMP error said it first (once), and the unanswered inference adds nothing to it */
    {PD_RULE_UDP1701_UNREACHABLE, SESSION_OWN, PD_CONF_CONFIRMED, FALSE},
    /* IKE: the same for UDP 500 */
    {PD_RULE_UDP500_UNREACHABLE, SESSION_OWN, PD_CONF_CONFIRMED, FALSE},
    {PD_RULE_UDP500_UNANSWERED, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_UDP1701_UNANSWERED, SESSION_OWN, PD_CONF_NONE, FALSE},
    {PD_RULE_L2TP_CALL_REFUSED, CALL, PD_CONF_NONE, FALSE},
    /* the healthy finding: not while a failure explains the call (it withdraws it later) */
    {PD_RULE_HEALTHY, CALL, PD_CONF_NONE, FALSE},
};

/* Position of @rule in causal_order (rules not in it, healthy and notes, come after). */
static guint causal_rank(pd_rule_id rule)
{
    for (guint i = 0; i < G_N_ELEMENTS(causal_order); i++)
        if (causal_order[i] == rule)
            return i;
    return G_N_ELEMENTS(causal_order);
}

static gboolean is_failure(pd_rule_id rule)
{
    const pd_rule *r = pd_rule_get(rule);
    return rule != PD_RULE_HEALTHY && r->severity >= PD_SEV_WARN && !r->advisory;
}

/* The first failure of causal_order[] that a scan probe does not pre-empt: a control connection
 * refused by a PPTP server (SCCRP) shows a PPTP peer, whoever connected. */
#define PREEMPTS_BEFORE PD_RULE_CONTROL_REFUSED

/* TRUE if a finding of @rule pre-empts one of @rule_b in the same session (THE ORDER, step 0):
 * @rule says the session is no VPN connection attempt (pd_rule.no_vpn_attempt: scan-probe), and
 * @rule_b is a failure that causal_order[] puts after it and before PREEMPTS_BEFORE (the name
 * and the TCP handshake: what a scanner's SYN meets too). */
static gboolean preempts(pd_rule_id rule, pd_rule_id rule_b)
{
    return pd_rule_get(rule)->no_vpn_attempt && is_failure(rule_b) &&
           causal_rank(rule_b) > causal_rank(rule) &&
           causal_rank(rule_b) < causal_rank(PREEMPTS_BEFORE);
}

/* TRUE if the healthy finding (@rule PD_RULE_HEALTHY, @conf) ranks above the failure (@rule_b,
 * @conf_b) (THE ORDER, step 1): only a confirmed healthy finding above a possible failure. */
static gboolean outranks(pd_rule_id rule, pd_confidence conf, pd_rule_id rule_b,
                         pd_confidence conf_b)
{
    return rule == PD_RULE_HEALTHY && conf == PD_CONF_CONFIRMED && is_failure(rule_b) &&
           conf_b == PD_CONF_POSSIBLE;
}

/* TRUE if a finding of (@rule, @conf) ranks above one of (@rule_b, @conf_b) by steps 1-3. */
static gboolean ranks_above(pd_rule_id rule, pd_confidence conf, pd_rule_id rule_b,
                            pd_confidence conf_b)
{
    int kind = is_failure(rule) ? 2 : rule == PD_RULE_HEALTHY;
    int kind_b = is_failure(rule_b) ? 2 : rule_b == PD_RULE_HEALTHY;
    if (outranks(rule, conf, rule_b, conf_b))
        return TRUE;
    if (outranks(rule_b, conf_b, rule, conf))
        return FALSE;
    if (kind != kind_b)
        return kind > kind_b;
    if (conf != conf_b)
        return conf > conf_b;
    return causal_rank(rule) < causal_rank(rule_b);
}

pd_verdict pd_verdict_of(const pd_finding *f)
{
    if (f->superseded_by)
        return PD_VERDICT_UNDETERMINED;
    if (f->rule == PD_RULE_HEALTHY)
        return PD_VERDICT_HEALTHY;
    return is_failure(f->rule) ? PD_VERDICT_FAILED : PD_VERDICT_UNDETERMINED;
}

/* TRUE for a failure that a capture which cut fields it reads cannot support (see THE ORDER): a
 * symptom, or one inferred from absence. */
static gboolean needs_whole_frames(pd_rule_id rule, pd_confidence conf)
{
    guint rank = causal_rank(rule);
    return is_failure(rule) &&
           (conf < PD_CONF_CONFIRMED || (rank >= causal_rank(PD_RULE_CALL_DISCONNECTED) &&
                                         rank <= causal_rank(PD_RULE_CONTROL_CLOSED)));
}

/* The live capture-truncated note of variant fields-cut (PD_TRUNCATED_FIELDS) of @s: the capture
 * cut, in a frame of @s, fields pptpdiag reads; NULL if none (a tail-only cut does not count). */
static const pd_finding *session_cut(const pd_session *s)
{
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->rule == PD_RULE_CAPTURE_TRUNCATED && f->variant == PD_TRUNCATED_FIELDS &&
            !f->superseded_by)
            return f;
    }
    return NULL;
}

void pd_verdict_update(pd_session *s)
{
    const pd_finding *best = NULL, *withheld = NULL;
    const pd_finding *cut = session_cut(s);
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->superseded_by)
            continue;
        const pd_finding **slot = cut && needs_whole_frames(f->rule, f->confidence) ? &withheld
                                                                                    : &best;
        if (!*slot || ranks_above(f->rule, f->confidence, (*slot)->rule, (*slot)->confidence))
            *slot = f;
    }
    /* A failure withheld for the cut that would have decided the verdict: what decides it may be
     * past the cut, so neither it nor what it would have outranked (a healthy call) does. */
    if (withheld && (!best || ranks_above(withheld->rule, withheld->confidence, best->rule,
                                          best->confidence)))
        best = cut;
    if (cut && best && best->rule == PD_RULE_CAPTURE_TRUNCATED)
        best = cut; /* of the cut notes, the one that withholds conclusions says why */
    s->info.verdict_finding = best;
    s->info.verdict = best ? pd_verdict_of(best) : PD_VERDICT_UNDETERMINED;
}

/* The strongest live failure among @s's findings, about the session itself (@session_only),
 * about call @call (>= 0), or about anything; observations (pd_rule.observation) do not count. */
static const pd_finding *strongest(const pd_session *s, gboolean session_only, gint call)
{
    const pd_finding *best = NULL;
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->superseded_by || f->end_of_capture || !is_failure(f->rule) ||
            pd_rule_get(f->rule)->observation)
            continue;
        if ((session_only && f->call >= 0) || (call >= 0 && f->call != call))
            continue;
        if (!best || ranks_above(f->rule, f->confidence, best->rule, best->confidence))
            best = f;
    }
    return best;
}

/* The strongest live failure finding about call @c (not superseded, not provisional at the end
 * of the capture), or NULL: what already explains the call. */
static const pd_finding *pd_call_explanation(const pd_link *c)
{
    return strongest(c->s, FALSE, (gint)c->index);
}

/* The strongest live failure finding of session @s about the session itself (@session_only)
 * or about anything in it, or NULL. */
static const pd_finding *pd_session_explanation(const pd_session *s, gboolean session_only)
{
    return strongest(s, session_only, -1);
}

/* TRUE if @x exists and is at least as sure as @conf: a finding of confidence @conf would add
 * nothing to it. */
static gboolean pd_hides(const pd_finding *x, pd_confidence conf)
{
    return x && x->confidence >= conf;
}

void pd_supersede_one_way(pd_session *s, guint32 frame)
{
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding *f = s->findings[i];
        if (f->superseded_by || !needs_whole_frames(f->rule, f->confidence))
            continue;
        f->superseded_by = frame;
        /* the healthy finding of its call that it withdrew (pd_finding_new) counts again */
        for (guint j = 0; f->call >= 0 && j < s->n_findings; j++) {
            pd_finding *h = s->findings[j];
            if (h->rule == PD_RULE_HEALTHY && h->call == f->call && h->superseded_by == f->frame)
                h->superseded_by = 0;
        }
    }
    pd_verdict_update(s);
}

void pd_supersede(pd_session *s, pd_finding *f, guint32 frame)
{
    if (!f || f->superseded_by)
        return;
    f->superseded_by = frame;
    /* What @f pre-empted (superseded at @f's frame) stands again, unless another live finding
     * pre-empts it. */
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding *h = s->findings[i];
        if (h->superseded_by != f->frame || !preempts(f->rule, h->rule))
            continue;
        gboolean still = FALSE;
        for (guint j = 0; j < s->n_findings && !still; j++) {
            const pd_finding *p = s->findings[j];
            still = !p->superseded_by && preempts(p->rule, h->rule);
        }
        if (!still)
            h->superseded_by = 0;
    }
    pd_verdict_update(s);
}

/* The live capture-one-direction note of @s, or NULL. */
static const pd_finding *one_way_note(const pd_session *s)
{
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->rule == PD_RULE_CAPTURE_ONE_DIRECTION && !f->superseded_by)
            return f;
    }
    return NULL;
}

void pd_verdict_admit(pd_session *s, pd_finding *f)
{
    pd_rule_id rule = f->rule;
    pd_confidence conf = f->confidence;
    guint32 frame = f->frame;
    /* One direction (see THE ORDER): a failure resting on the other peer's silence, made after
     * the capture-one-direction note, is born superseded by it (pd_supersede_one_way did it to
     * those made before), and withdraws nothing. */
    const pd_finding *note = needs_whole_frames(rule, conf) ? one_way_note(s) : NULL;
    if (note)
        f->superseded_by = note->frame;
    /* A call is never both healthy and failed: a failure of the call withdraws its healthy
     * finding (the tunnel came up, then did not carry the user's traffic), unless it is only a
     * possible one and the healthy finding confirmed (outranks). */
    if (f->call >= 0 && is_failure(rule) && !note)
        for (guint i = 0; i < s->n_findings; i++) {
            pd_finding *h = s->findings[i];
            if (h->rule == PD_RULE_HEALTHY && h->call == f->call && !h->superseded_by &&
                !outranks(h->rule, h->confidence, rule, conf))
                h->superseded_by = frame;
        }
    /* Pre-emption (THE ORDER, step 0): the live findings @f pre-empts are superseded by it; @f
     * is born superseded if a live finding pre-empts it (superseded_by: that finding's frame,
     * which may come before @f's). */
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding *h = s->findings[i];
        if (h->superseded_by)
            continue;
        if (preempts(rule, h->rule))
            h->superseded_by = frame;
        else if (preempts(h->rule, rule) && !f->superseded_by)
            f->superseded_by = h->frame;
    }
}

/* ---- explanations offered when a call ends ------------------------------------------------ */

/* An explanation a family offers when a call ends. */
typedef struct {
    pd_rule_id rule;
    int variant;
    pd_confidence conf;
    char *cause;
    char *fix; /* for this capture, NULL: the rule's */
    guint32 evidence[12];
    guint n_evidence;
} pd_candidate;

static void candidate_free(gpointer p)
{
    pd_candidate *k = p;
    g_free(k->cause);
    g_free(k->fix);
    g_free(k);
}

GPtrArray *pd_candidates_new(void)
{
    return g_ptr_array_new_with_free_func(candidate_free);
}

static pd_candidate *candidate_new(GPtrArray *cands, pd_rule_id rule, int variant,
                                   pd_confidence conf, char *cause)
{
    pd_candidate *k = g_new0(pd_candidate, 1);
    k->rule = rule;
    k->variant = variant;
    k->conf = conf;
    k->cause = cause;
    g_ptr_array_add(cands, k);
    return k;
}

static void candidate_evidence(pd_candidate *k, guint32 frame)
{
    if (frame && k->n_evidence < G_N_ELEMENTS(k->evidence))
        k->evidence[k->n_evidence++] = frame;
}

pd_finding *pd_propose(pd_engine *e, pd_link *c, guint32 frame, GPtrArray *cands, pd_rule_id rule,
                       int variant, pd_confidence conf, char *cause, const guint32 *evidence,
                       guint n)
{
    if (cands) {
        pd_candidate *k = candidate_new(cands, rule, variant, conf, cause);
        for (guint i = 0; i < n; i++)
            candidate_evidence(k, evidence[i]);
        return NULL;
    }
    pd_finding *f = pd_finding_new(e, c->s, c, frame, rule, variant, conf, cause);
    for (guint i = 0; i < n; i++)
        pd_evidence(f, evidence[i]);
    return f;
}

pd_finding *pd_verdict_choose(pd_engine *e, pd_link *c, guint32 frame, GPtrArray *cands)
{
    pd_candidate *best = NULL;
    gboolean any_cause = FALSE, cut = session_cut(c->s) != NULL;
    for (guint i = 0; i < cands->len; i++)
        any_cause |= !pd_rule_get(((pd_candidate *)g_ptr_array_index(cands, i))->rule)->fallback;
    for (guint i = 0; i < cands->len; i++) {
        pd_candidate *k = g_ptr_array_index(cands, i);
        if ((any_cause && pd_rule_get(k->rule)->fallback) ||
            (cut && needs_whole_frames(k->rule, k->conf)))
            continue; /* a cut capture: not concluded at all (THE ORDER) */
        if (!best || ranks_above(k->rule, k->conf, best->rule, best->conf))
            best = k;
    }
    if (!best)
        return NULL;
    pd_finding *f = pd_finding_new(e, c->s, c, frame, best->rule, best->variant, best->conf,
                                   g_steal_pointer(&best->cause));
    pd_finding_set_fix(f, g_steal_pointer(&best->fix));
    for (guint i = 0; i < best->n_evidence; i++)
        pd_evidence(f, best->evidence[i]);
    return f;
}

void pd_proposed_fix(pd_finding *f, GPtrArray *cands, char *fix)
{
    if (f) {
        pd_finding_set_fix(f, fix);
    } else if (cands && cands->len) {
        pd_candidate *k = g_ptr_array_index(cands, cands->len - 1);
        g_free(k->fix);
        k->fix = fix;
    } else {
        g_free(fix);
    }
}

void pd_verdict_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end)
{
    if (!c->ppp || pd_call_explanation(c))
        return;
    GPtrArray *cands = pd_candidates_new();
    for (guint i = 0; i < pd_n_families; i++)
        if (pd_families[i]->on_call_end && pd_family_hears(pd_families[i], c->s))
            pd_families[i]->on_call_end(e, c, end, cands);
    pd_verdict_choose(e, c, end->frame, cands);
    g_ptr_array_free(cands, TRUE);
}

gboolean pd_verdict_only_healthy(const pd_session *s)
{
    if (s->info.verdict != PD_VERDICT_HEALTHY)
        return FALSE;
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->rule != PD_RULE_HEALTHY && !f->superseded_by)
            return FALSE;
    }
    return TRUE;
}

gboolean pd_verdict_silent(const pd_session *s, const pd_link *c, pd_rule_id rule,
                           pd_confidence conf)
{
    for (guint i = 0; i < G_N_ELEMENTS(silenced); i++) {
        if (silenced[i].rule != rule)
            continue;
        if (silenced[i].inferred_only && conf >= PD_CONF_CONFIRMED)
            return FALSE;
        const pd_finding *x = NULL;
        switch (silenced[i].about) {
        case CALL:
        case CALL_BY_OTHER:
            x = c ? pd_call_explanation(c) : NULL;
            if (x && silenced[i].about == CALL_BY_OTHER && x->rule == rule)
                x = NULL;
            break;
        case COLLIDED:
            x = c && c->collides_with ? pd_call_explanation(c->collides_with) : NULL;
            break;
        case SESSION:
        case SESSION_OWN:
            x = pd_session_explanation(s, silenced[i].about == SESSION_OWN);
            break;
        }
        return pd_hides(x, silenced[i].at == OWN_CONF ? conf : silenced[i].at);
    }
    return FALSE;
}
