/* rules/gre.c: the call's GRE (RFC 2637 section 4): blocked on the path (an ICMP error names the
 * device, or GRE from one side never arrives), a NAT without a PPTP helper, GRE whose Call ID
 * matches no call, and acknowledgments that stop while the peer's sequence goes on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_names.h"

#include <string.h>

/* GRE acknowledgments (RFC 2637 4.4) count as stalled when the same acknowledgment number comes
 * back ACK_STALL_REPEATS times more while the peer's sequence numbers went ACK_STALL_GAP or more
 * beyond it. The LCP deadline is the lcp_timeout preference (seconds), counted from the call's
 * first GRE packet, not from its set-up (pd_call_wait_start), and without the silences of the
 * whole capture of PD_CAPTURE_GAP_S seconds or more (pd_waited): a pause before the first LCP
 * Configure-Request or a clock step is no waiting for an answer. */
#define ACK_STALL_REPEATS 3
#define ACK_STALL_GAP 10

static const pd_rule gre_blocked = {
    .id = PD_RULE_GRE_BLOCKED, .name = "gre-blocked", .key = "gre_blocked",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "GRE (IP protocol 47) blocked: PPP never completed over the PPTP call",
    .ras = {806, 721, 718, 0},
    .fix = "Permit GRE (IP protocol 47) in both directions on every firewall and router between client "
           "and server, in addition to TCP 1723; on NAT devices enable PPTP passthrough (a PPTP/GRE "
           "helper, e.g. Linux nf_conntrack_pptp, Cisco 'ip nat service pptp').",
    .seeds = "000_99d798588dca01d4.txt, 002_fa665eea06b4fd6a.txt (trace walkthrough), "
             "001_0504ecfb6838ebee.txt (721/718), 003_965bd2a90097e84d.txt (721, 806)",
    .wire = "call set up on TCP 1723 but PPP never completes over GRE: an ICMP error (administratively prohibited, host/protocol unreachable) quotes the call's GRE and names the device, or GRE from one side never arrives within `lcp_timeout` seconds of the call's first GRE packet (of its set-up when none came; a silence of the whole capture of " G_STRINGIFY(PD_CAPTURE_GAP_S) " s or more, a pause of the capture or a clock step, does not count), or one side repeats an LCP Configure-Request the other acknowledged (its GRE back is lost), or both sides repeat theirs and neither ever answers; by absence not when both TTLs are as sent (the peers' own link, no router) unless neither side answers the other or a side's segments also come one hop later (captured on the router's two legs)",
    .confidence = "confirmed (ICMP), likely (absence, superseded if PPP then completes), possible (call cleared before any retry)",
};

static const pd_rule call_id_mismatch = {
    .id = PD_RULE_GRE_CALL_ID_MISMATCH, .name = "gre-call-id-mismatch", .key = "gre_call_id_mismatch",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "GRE Call ID matches no PPTP call set up on the control connection",
    .ras = {806, 721, 0},
    .fix = "A NAT device without a PPTP helper rewrites or mixes up the Call IDs (several clients behind "
           "one address): enable PPTP passthrough / the PPTP ALG on the NAT device, or give each client "
           "its own public address.",
    .seeds = "001_0504ecfb6838ebee.txt (619, 721/718 NAT), 000_99d798588dca01d4.txt",
    .wire = "GRE between the hosts of a control connection whose Call ID no call set up, or two live calls of different control connections from one address with the same Call ID (several clients behind a NAT without PPTP helper)",
    .confidence = "likely",
    .observation = TRUE,
};

static const pd_rule nat_no_helper = {
    .id = PD_RULE_NAT_NO_HELPER, .name = "nat-without-pptp-helper", .key = "nat_without_pptp_helper",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "NAT without PPTP helper: the client's address rejects the server's GRE",
    .ras = {806, 721, 0},
    .fix = "Enable PPTP passthrough on the NAT device in front of the client (a PPTP/GRE helper: Linux "
           "nf_conntrack_pptp + nf_nat_pptp, Cisco 'ip nat service pptp', 'PPTP passthrough' on home "
           "routers), or connect without NAT.",
    .seeds = "001_0504ecfb6838ebee.txt (619, 721/718: NAT helpers), 000_99d798588dca01d4.txt",
    .wire = "the client's address (as the server sees it) answers the server's GRE with ICMP protocol unreachable although the client's GRE comes from it; TTLs show whether the address is a router",
    .confidence = "confirmed when the ICMP and the client's packets come from different hop counts, else likely (both causes listed)",
};

static const pd_rule ack_stalled = {
    .id = PD_RULE_GRE_ACK_STALLED, .name = "gre-ack-stalled", .key = "gre_ack_stalled",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "GRE acknowledgments stalled: one side's GRE no longer reaches the other",
    .ras = {0},
    .fix = "GRE is lost in one direction mid-session: a firewall or IPS on the path dropping GRE, or a "
           "NAT/stateful firewall whose GRE state expired. Check GRE rules and state timeouts.",
    .seeds = "003_965bd2a90097e84d.txt (806: firewall or IPS closing GRE mid-way)",
    .wire = "one side's GRE keeps arriving but its acknowledgment number stays the same (" G_STRINGIFY(ACK_STALL_REPEATS) " packets or more) while the other side's sequence numbers go " G_STRINGIFY(ACK_STALL_GAP) " or more beyond it",
    .confidence = "likely",
    .observation = TRUE,
};

static const pd_rule refused_once = {
    .id = PD_RULE_GRE_REFUSED_ONCE, .name = "gre-refused-then-passed",
    .key = "gre_refused_then_passed",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "GRE refused by a device on the path, yet the call's GRE passed: a transient refusal",
    .ras = {0},
    .fix = "Nothing failed here. If it repeats, look at the device that sent the ICMP error: a firewall "
           "or IPS that refuses GRE now and then (a rule reloaded, a full state table, a rate limit), "
           "or that still holds a rule for an older call.",
    .seeds = "002_fa665eea06b4fd6a.txt (an ICMP error quoting the call's GRE names the device), "
             "000_99d798588dca01d4.txt",
    .wire = "an ICMP Destination Unreachable quotes a call's GRE, but the call's LCP opens after it (GRE passes both ways), or the call had already opened LCP, or had ended after reaching the network phase, when it came",
    .confidence = "confirmed",
    .observation = TRUE,
    .advisory = TRUE,
};

static const pd_rule *const rows[] = {&gre_blocked, &call_id_mismatch, &nat_no_helper,
                                      &ack_stalled, &refused_once};

/* Per call: GRE sequence and acknowledgment numbers per sender. */
typedef struct {
    gboolean has_max_seq[2];
    guint32 max_seq[2];
    gboolean has_last_ack[2];
    guint32 last_ack[2], ack_since[2];
    guint ack_same_n[2];
    gboolean stalled;
    gboolean refused_reported; /* gre-refused-then-passed said once */
} ack_state;

/* Per session. */
typedef struct {
    gboolean unknown_key_reported;
} key_state;

/* TRUE when GRE from both sides of call @c is in the capture but neither side ever answers the
 * other's LCP: each repeated its Configure-Request (RFC 1661 4.6: Restart timer) and neither
 * sent a Configure-Ack. Wherever the capture point is, even on the peers' link or on the
 * forwarding device itself, each side's GRE is lost on its way to the other. */
static gboolean neither_answers(const pd_link *c)
{
    const pd_ppp_link *l = c->ppp;
    return pd_pptp_gre(c, PD_DIR_PNS) && pd_pptp_gre(c, PD_DIR_PAC) && !l->lcp_ack[0] &&
           !l->lcp_ack[1] && l->lcp_req_n[0] >= 2 && l->lcp_req_n[1] >= 2;
}

/* Wording of "GRE did not get through", for the capture point. NULL when the trace does not
 * show GRE missing in a direction (then another rule must explain the failure). */
static char *absence_cause(const pd_link *c, pd_vantage v)
{
    guint n_pns = pd_pptp_gre(c, PD_DIR_PNS), n_pac = pd_pptp_gre(c, PD_DIR_PAC);
    if (n_pns == 0 && n_pac == 0)
        return g_strdup(
            "The call was set up on TCP 1723 but no GRE (IP protocol 47) packet of it was seen in "
            "either direction: GRE is blocked between the peers, or blocked before it reaches this "
            "capture point. A capture on the client side would show whether the client's GRE left "
            "and whether an ICMP error came back.");
    if (n_pns > 0 && n_pac == 0) {
        if (v == PD_VANTAGE_SERVER)
            return g_strdup_printf(
                "GRE from the client reached the server (%u packet%s) but the server sent none: "
                "the server does not answer on the call (routing or PPP service state on the "
                "server), or the capture misses its GRE.", n_pns, n_pns == 1 ? "" : "s");
        return g_strdup_printf(
            "The client sent %u GRE packet%s (PPP LCP Configure-Requests) and no GRE came back from "
            "the server: GRE (IP protocol 47) is blocked on the path, for the client's GRE on its "
            "way to the server or for the server's replies; a NAT device in front of the client "
            "without a PPTP helper also loses the server's GRE this way. A capture on the server "
            "side would tell which direction is blocked (and show a NAT's ICMP error).", n_pns,
            n_pns == 1 ? "" : "s");
    }
    if (n_pac > 0 && n_pns == 0) {
        if (v == PD_VANTAGE_CLIENT)
            return g_strdup_printf(
                "GRE from the server reached the client (%u packet%s) but the client sent none: "
                "the client's PPP did not start, or the capture misses its GRE.", n_pac,
                n_pac == 1 ? "" : "s");
        return g_strdup_printf(
            "The server sent %u GRE packet%s (PPP LCP Configure-Requests) and no GRE arrived from the "
            "client: the client's GRE (IP protocol 47) is blocked on the path (its replies may be "
            "blocked too). A capture on the client side would show whether its GRE left and "
            "whether an ICMP error came back.", n_pac, n_pac == 1 ? "" : "s");
    }
    /* Both directions seen: does one side keep asking although the other acknowledged? */
    const pd_ppp_link *l = c->ppp;
    if (neither_answers(c))
        return g_strdup_printf(
            "GRE from both sides is seen here, yet neither ever answers the other: the client "
            "repeated its LCP Configure-Request %u times and the server its own %u times, and "
            "neither acknowledged the other's. Each side's GRE is lost between this capture point "
            "and the other side: on the device that captured, when it is the router, bridge or "
            "firewall between them (it sees GRE arrive and drops it before it leaves), or on each "
            "side's own way beyond it.",
            l->lcp_req_n[PD_DIR_PNS], l->lcp_req_n[PD_DIR_PAC]);
    for (int d = 0; d < 2; d++) {
        int peer = 1 - d;
        const char *me = pd_side_name(d), *other = pd_side_name(peer);
        if (l->lcp_req_after_ack[d] >= 2 && l->lcp_ack[d] == 0)
            return g_strdup_printf(
                "GRE passes from the %s to the %s, but the %s's GRE does not arrive at the %s: the "
                "%s acknowledged the %s's LCP Configure-Request (frame %u), yet the %s kept "
                "repeating it (%u times after that) and never acknowledged the %s's requests. "
                "GRE from the %s is dropped on the way.",
                me, other, other, me, other, me, l->lcp_ack[peer], me, l->lcp_req_after_ack[d],
                other, other);
    }
    return NULL;
}

/* The fix for GRE lost in one direction, when the trace shows which (one side keeps repeating
 * its LCP Configure-Request although the other acknowledged it: the other's GRE does not reach
 * it): where to look. NULL (the rule's fix) when GRE from one side is simply missing, which a
 * capture point cannot tell apart from its own GRE being lost on the way out. */
static char *absence_fix(const pd_link *c)
{
    const pd_ppp_link *l = c->ppp;
    gboolean back_lost = l->lcp_req_after_ack[PD_DIR_PNS] >= 2 && !l->lcp_ack[PD_DIR_PNS];
    gboolean forth_lost = l->lcp_req_after_ack[PD_DIR_PAC] >= 2 && !l->lcp_ack[PD_DIR_PAC];
    if (back_lost == forth_lost)
        return NULL;
    return g_strdup_printf(
        "GRE from the %s does not reach the %s: look at the firewalls and NAT devices on the way "
        "%s (they must permit GRE, IP protocol 47, in that direction too, or track it as part of "
        "the PPTP connection: PPTP passthrough, a PPTP/GRE helper such as Linux nf_conntrack_pptp "
        "or Cisco 'ip nat service pptp'); a capture on the other side shows where it stops.",
        back_lost ? "server" : "client", back_lost ? "client" : "server",
        back_lost ? "back from the server to the client" : "from the client to the server");
}

/* How long call @c waited, in words, for a cause ending "The call ended ...": since its set-up,
 * and since its first GRE packet when that came PD_OWN_GRE_GRACE seconds or more later (the
 * deadline runs from there), without the silences of the whole capture (said when any). */
static char *waited_text(const pd_engine *e, const pd_link *c)
{
    guint32 from;
    double since = pd_call_wait_start(c, &from), unseen = pd_unseen_since(e, c->up_time);
    double up = pd_waited(e, c->up_time), gre = pd_waited(e, since);
    GString *out = g_string_new(NULL);
    g_string_printf(out, "%.2f s after it was set up", up);
    if (up - gre >= PD_OWN_GRE_GRACE)
        g_string_append_printf(out, " and %.2f s after its first GRE packet (frame %u)", gre,
                               from);
    if (unseen > 0)
        g_string_append_printf(out, " (not counting %.0f s in which the capture shows no frame at "
                                    "all)", unseen);
    return g_string_free(out, FALSE);
}

/* GRE blocked, by absence: the call was set up and PPP never completed. At @frame (@now, the
 * engine's clock), the call ended there (@ended) or its LCP deadline passed: lcp_timeout seconds
 * of waiting since the call began to wait for an answer (pd_call_wait_start: its first GRE
 * packet, or its set-up when no GRE came), silences of the whole capture left out (pd_waited).
 * Into @cands when given (the end of the call), else a finding. */
static void absence(pd_engine *e, pd_link *c, guint32 frame, double now, gboolean ended,
                    GPtrArray *cands)
{
    if (!c->established || !c->ppp || c->net_frame || c->ppp->lcp_opened)
        return;
    /* asked first: the ticks of a call whose LCP never opened come here until it ends */
    if (pd_verdict_silent(c->s, c, PD_RULE_GRE_BLOCKED, PD_CONF_LIKELY))
        return;
    gboolean waited = pd_waited(e, pd_call_wait_start(c, NULL)) >= e->cfg.lcp_timeout;
    if (!ended && !waited)
        return;
    if (pd_call_capture_lacks_gre(c, now))
        return; /* the capture's limit, not the network's (rules/capture.c says so) */
    if (pd_session_same_link(c->s) && !neither_answers(c))
        return; /* no router between the peers (both TTLs as sent): no path to block GRE on
                   (public/tcpdump-pptp.pcap); the peer's own reason explains the call, unless
                   GRE both ways goes unanswered (the capturing bridge or firewall drops it) */
    char *cause = absence_cause(c, pd_session_vantage(c->s));
    if (!cause)
        return;
    const pd_ppp_link *l = c->ppp;
    gboolean retried = l->lcp_req_n[0] >= 2 || l->lcp_req_n[1] >= 2;
    pd_confidence conf = (waited || retried) ? PD_CONF_LIKELY : PD_CONF_POSSIBLE;
    if (conf == PD_CONF_POSSIBLE) {
        char *when = waited_text(e, c);
        char *more = g_strdup_printf("%s The call ended %s, before any retry: the peer may also "
                                     "have given up for another reason.", cause, when);
        g_free(when);
        g_free(cause);
        cause = more;
    }
    guint32 ev[8] = {c->reply_frame, l->lcp_req_first[0], l->lcp_req_last[0], l->lcp_ack[0],
                     l->lcp_req_first[1], l->lcp_req_last[1], l->lcp_ack[1], c->end_frame};
    pd_finding *f = pd_propose(e, c, frame, cands, PD_RULE_GRE_BLOCKED, PD_NO_VARIANT, conf,
                               cause, ev, G_N_ELEMENTS(ev));
    pd_proposed_fix(f, cands, absence_fix(c));
}

static void refused_then_passed(pd_engine *e, pd_link *c, const pd_addr *by,
                                guint32 icmp_frame, guint32 quoted, guint32 passed,
                                const char *how);

/* LCP opened after all: GRE passes both ways (each side acknowledged the other's request), so
 * what was inferred from its absence no longer stands, and an ICMP error that refused the call's
 * GRE before (a confirmed gre-blocked) was a transient refusal: it becomes an advisory. */
static void absence_contradicted(pd_engine *e, pd_link *c, guint32 frame)
{
    guint n = c->s->n_findings;
    for (guint i = 0; i < n; i++) {
        pd_finding *f = c->s->findings[i];
        if (f->rule != PD_RULE_GRE_BLOCKED || f->call != (gint)c->index || f->end_of_capture ||
            f->superseded_by)
            continue;
        pd_supersede(c->s, f, frame);
        if (f->confidence == PD_CONF_CONFIRMED && f->has_blocked_by)
            refused_then_passed(e, c, &f->blocked_by, f->frame, f->quoted_frame, frame,
                                "LCP opened after it, so GRE passes both ways");
    }
}

/* The client's own address answers the server's GRE with ICMP protocol unreachable, although the
 * client's GRE came from it: a NAT device that forwards GRE out but cannot map it back. */
static void nat_without_helper(pd_engine *e, pd_flow *fl, const pd_observation *o, guint32 quoted)
{
    pd_link *c = fl->call;
    pd_session *s = c->s;
    guint icmp_hops = pd_hops_away(o->ttl), client_hops = pd_hops_away(s->client_ttl);
    gboolean differ = s->client_ttl && icmp_hops != client_hops;
    if (!differ && c->ppp && c->ppp->lcp_opened)
        return; /* GRE passed both ways before: the client host itself, its tunnel torn down,
                   rejects GRE now (lab control_reset_mid_session); not a NAT device */
    pd_confidence conf = differ ? PD_CONF_CONFIRMED : PD_CONF_LIKELY;
    char *nat = pd_addr_dup(&o->src);
    char qbuf[32] = "";
    char *ttl_txt =
        differ ? g_strdup_printf("Its ICMP arrives from %u hop%s away, the client's packets from %u: "
                                 "the address belongs to a router, not to the client.",
                                 icmp_hops, icmp_hops == 1 ? "" : "s", client_hops)
               : g_strdup("The TTLs do not tell a NAT device from the client host itself: if "
                          "no NAT is involved, the client's PPTP software stopped listening for "
                          "GRE (a client-side capture separates the two).");
    if (quoted)
        g_snprintf(qbuf, sizeof qbuf, " (frame %u)", quoted);
    char *cause = g_strdup_printf(
        "%s, the client's address as seen here, answered the server's GRE%s with ICMP Destination "
        "Unreachable (protocol unreachable, code 2), although the client's GRE comes from that "
        "address: %s is a NAT device that forwards the client's GRE but cannot map the server's "
        "GRE back to the client (no PPTP helper / passthrough). %s",
        nat, qbuf, nat, ttl_txt);
    g_free(ttl_txt);
    g_free(nat);
    pd_finding *f = pd_finding_new(e, s, c, o->frame, PD_RULE_NAT_NO_HELPER, PD_NO_VARIANT, conf,
                                   cause);
    if (!f)
        return; /* the call is explained at least as surely (THE ORDER) */
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    pd_evidence(f, quoted);
    pd_evidence(f, c->reply_frame);
    pd_evidence(f, c->pptp.flow[PD_DIR_PNS] ? c->pptp.flow[PD_DIR_PNS]->first_frame : 0);
}

/* GRE of call @c was refused by an ICMP error from @by (@icmp_frame, quoting @quoted), but the
 * call's GRE passed (@passed, @how): an advisory, once per call, attached to the ICMP error. */
static void refused_then_passed(pd_engine *e, pd_link *c, const pd_addr *by,
                                guint32 icmp_frame, guint32 quoted, guint32 passed,
                                const char *how)
{
    ack_state *a = pd_call_slice(c, &pd_family_gre);
    if (a && a->refused_reported)
        return;
    if (a)
        a->refused_reported = TRUE;
    char qbuf[48] = "";
    if (quoted)
        g_snprintf(qbuf, sizeof qbuf, " (quoting frame %u)", quoted);
    pd_finding *f = pd_finding_new(
        e, c->s, c, icmp_frame, PD_RULE_GRE_REFUSED_ONCE, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("GRE was refused once at frame %u%s, then passed: %s (frame %u). The ICMP "
                        "error does not explain a failure of this call.",
                        icmp_frame, qbuf, how, passed));
    f->has_blocked_by = TRUE;
    f->blocked_by = *by;
    f->quoted_frame = quoted;
    pd_evidence(f, quoted);
    pd_evidence(f, passed);
}

/* An ICMP Destination Unreachable quoting GRE of flow @fl: its sender blocks GRE. */
static void icmp_gre(pd_engine *e, pd_session *s, pd_flow *fl, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (pd_icmp_too_big(o->src.family, ic->type, ic->code))
        return; /* rules/mtu.c */
    pd_link *c = fl->call;
    guint32 quoted = pd_flow_quoted(fl, ic);
    /* The call's GRE had passed both ways already (LCP opened, or the call reached the network
     * phase, maybe long over): one refusal proves no failure of it. */
    guint32 opened = c ? (c->ppp && c->ppp->lcp_opened ? c->ppp->lcp_opened : c->net_frame) : 0;
    if (opened) {
        refused_then_passed(e, c, &o->src, o->frame, quoted, opened,
                            c->end_frame ? "the call had reached the network phase and ended "
                                           "before it"
                                         : "LCP had opened before it, so GRE passes both ways");
        return;
    }
    if (ic->code == 2 && c && fl->dir == PD_DIR_PAC && pd_addr_equal(&o->src, &ic->quoted_dst)) {
        nat_without_helper(e, fl, o, quoted);
        return;
    }
    char *icmp_src = pd_addr_dup(&o->src);
    const char *what = pd_icmp_code_name(o->src.family, ic->type, ic->code);
    char quoted_txt[64];
    if (quoted)
        g_snprintf(quoted_txt, sizeof quoted_txt, "the GRE packet in frame %u", quoted);
    else
        g_strlcpy(quoted_txt, "a GRE packet of this call (not in the capture)", sizeof quoted_txt);
    char *cause = g_strdup_printf(
        "%s answered %s with ICMP Destination Unreachable (%s, code %u): %s does not let GRE (IP "
        "protocol 47) through, so PPP cannot be negotiated over the call although TCP 1723 works.",
        icmp_src, quoted_txt, what ? what : "destination unreachable", ic->code, icmp_src);
    g_free(icmp_src);
    pd_finding *f = pd_finding_new(e, s, c, o->frame, PD_RULE_GRE_BLOCKED, PD_NO_VARIANT,
                                   PD_CONF_CONFIRMED, cause);
    char *dev = pd_addr_dup(&o->src);
    pd_finding_set_fix(
        f, g_strdup_printf(
               "On %s, the device that sent the ICMP error, permit GRE (IP protocol 47) in both "
               "directions between client and server, in addition to TCP 1723; if it is a NAT "
               "device, enable PPTP passthrough (a PPTP/GRE helper, e.g. Linux nf_conntrack_pptp, "
               "Cisco 'ip nat service pptp').",
               dev));
    g_free(dev);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    pd_evidence(f, quoted);
    if (c)
        pd_evidence(f, c->reply_frame);
}

/* GRE between the hosts of a control connection with a Call ID none of its calls set up. */
static void unknown_key(pd_engine *e, pd_session *s, const pd_observation *o)
{
    key_state *st = pd_session_slice(s, &pd_family_gre);
    if (st->unknown_key_reported)
        return;
    st->unknown_key_reported = TRUE;
    gboolean to_server = pd_addr_equal(&o->dst, &s->info.server);
    GString *ids = g_string_new("");
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->established)
            g_string_append_printf(ids, "%s%u", ids->len ? ", " : "",
                                   to_server ? c->pptp.pac_id : c->pptp.pns_id);
    }
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_GRE_CALL_ID_MISMATCH, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("GRE from the %s carries Call ID %u, but the calls set up on this control "
                        "connection expect %s in that direction: a NAT device without a PPTP helper "
                        "rewrites or mixes up the Call IDs (e.g. several clients behind one address), "
                        "so the %s cannot match this GRE to its call.",
                        to_server ? "client" : "server", o->gre.call_id, ids->str,
                        to_server ? "server" : "client"));
    g_string_free(ids, TRUE);
    for (guint i = 0; i < s->n_links; i++)
        pd_evidence(f, s->links[i]->reply_frame);
}

/* Two live calls of different control connections between the same hosts use the same Call ID
 * towards the client address: their GRE is indistinguishable (RFC 2637 4.1 keys GRE by it). */
static void collision(pd_engine *e, pd_link *c, const pd_observation *o)
{
    pd_link *other = c->collides_with;
    char *client = pd_addr_dup(&c->s->info.client);
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_GRE_CALL_ID_MISMATCH, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("Two control connections from %s (TCP ports %u and %u) both set up a call "
                        "with Call ID %u while the first is still up: the server's GRE for both "
                        "calls carries the same key, so a NAT device in front of several clients "
                        "(without a PPTP helper, which would rewrite the Call IDs) cannot deliver "
                        "it to the right one.",
                        client, other->s->info.client_port, c->s->info.client_port, c->pptp.pns_id));
    g_free(client);
    pd_evidence(f, other->request_frame);
    pd_evidence(f, other->reply_frame);
    pd_evidence(f, c->request_frame);
}

/* GRE acknowledgments from @dir stay the same while the peer's sequence numbers go on: the
 * peer's GRE no longer reaches @dir. */
static void acks(pd_engine *e, pd_link *c, int dir, const pd_observation *o)
{
    ack_state *a = pd_call_slice(c, &pd_family_gre);
    const pd_obs_gre *g = &o->gre;
    int peer = 1 - dir;
    if (g->has_seq && (!a->has_max_seq[dir] || (gint32)(g->seq - a->max_seq[dir]) > 0)) {
        a->max_seq[dir] = g->seq;
        a->has_max_seq[dir] = TRUE;
    }
    if (!g->has_ack)
        return;
    if (!a->has_last_ack[dir] || g->ack != a->last_ack[dir]) {
        a->has_last_ack[dir] = TRUE;
        a->last_ack[dir] = g->ack;
        a->ack_since[dir] = o->frame;
        a->ack_same_n[dir] = 0;
        return;
    }
    a->ack_same_n[dir]++;
    if (a->stalled || !c->net_frame || !a->has_max_seq[peer] ||
        a->ack_same_n[dir] < ACK_STALL_REPEATS ||
        (gint32)(a->max_seq[peer] - a->last_ack[dir]) < ACK_STALL_GAP)
        return;
    a->stalled = TRUE;
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_GRE_ACK_STALLED, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("The %s's GRE keeps arriving, but its acknowledgment number stayed at %u "
                        "since frame %u (%u packets) while the %s's sequence numbers went on to %u: "
                        "the %s's GRE no longer reaches the %s.",
                        pd_side_name(dir), a->last_ack[dir], a->ack_since[dir],
                        a->ack_same_n[dir] + 1, pd_side_name(peer), a->max_seq[peer],
                        pd_side_name(peer), pd_side_name(dir)));
    pd_evidence(f, a->ack_since[dir]);
    pd_evidence(f, c->ppp->last_rx[peer]);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    switch (ev->kind) {
    case PD_EV_CALL_UP:
        /* (not when the older call already failed: THE ORDER, pd_verdict.c, says so) */
        if (ev->c->collides_with)
            collision(e, ev->c, ev->o);
        break;
    case PD_EV_GRE:
        acks(e, ev->c, ev->dir, ev->o);
        break;
    case PD_EV_GRE_UNKNOWN:
        unknown_key(e, ev->s, ev->o);
        break;
    case PD_EV_PPP:
        if (ev->ppp_events & PD_PPP_EV_LCP_OPENED)
            absence_contradicted(e, ev->c, ev->o->frame);
        break;
    case PD_EV_ICMP_GRE:
        icmp_gre(e, ev->s, ev->flow, ev->o);
        break;
    case PD_EV_TICK: /* calls of the frame's session whose LCP deadline has passed */
        for (guint i = 0; i < ev->s->n_links; i++) {
            pd_link *c = ev->s->links[i];
            if (!c->end_frame)
                absence(e, c, ev->o->frame, ev->o->time, FALSE, NULL);
        }
        break;
    default:
        break;
    }
}

static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    absence(e, c, end->frame, end->time, TRUE, cands);
}

/* A gre-blocked finding inferred from GRE missing in one direction counts the packets the whole
 * capture shows, not those seen when it was made: its cause is worded again at the end (the
 * ending after the first sentence, e.g. "The call ended ... before any retry", is kept). */
static void recount(pd_session *s)
{
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding *f = s->findings[i];
        if (f->rule != PD_RULE_GRE_BLOCKED || f->has_blocked_by || f->call < 0 ||
            (guint)f->call >= s->n_links)
            continue;
        pd_link *c = s->links[f->call];
        if (pd_pptp_gre(c, PD_DIR_PNS) && pd_pptp_gre(c, PD_DIR_PAC))
            continue; /* not a count of one missing direction */
        char *now = absence_cause(c, pd_session_vantage(s));
        if (!now)
            continue;
        const char *tail = strstr(f->cause, " The call ended ");
        char *cause = g_strconcat(now, tail ? tail : "", NULL);
        g_free(now);
        pd_finding_set_cause(f, cause);
    }
}

static void on_finish(pd_engine *e, pd_session *s)
{
    recount(s);
    for (guint j = 0; j < s->n_links; j++) {
        pd_link *c = s->links[j];
        if (!c->end_frame)
            absence(e, c, s->info.last_frame, e->last_time, FALSE, NULL);
    }
}

const pd_family pd_family_gre = {
    .name = "gre", .carrier = PD_CARRIER_PPTP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .call_slice = sizeof(ack_state), .session_slice = sizeof(key_state),
    .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_CALL_UP) | PD_EV_BIT(PD_EV_GRE) | PD_EV_BIT(PD_EV_GRE_UNKNOWN) |
              PD_EV_BIT(PD_EV_PPP) | PD_EV_BIT(PD_EV_ICMP_GRE) | PD_EV_BIT(PD_EV_TICK),
    .on_call_end = on_call_end, .on_finish = on_finish,
};
