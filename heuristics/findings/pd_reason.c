/* pd_reason.c: why a session stays undetermined (see pd_reason.h), in words for the report.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_reason.h"

/* "1 GRE packet", "3 LCP Configure-Requests": @n and a noun made plural by an "s". */
static char *counted(guint n, const char *noun)
{
    return g_strdup_printf("%u %s%s", n, noun, n == 1 ? "" : "s");
}

/* The latest call that was connected but whose PPP never reached the network phase. */
static const pd_link *call_not_up(const pd_session *s)
{
    for (guint i = s->n_links; i > 0; i--) {
        const pd_link *c = s->links[i - 1];
        if (c->established && !c->net_frame)
            return c;
    }
    return NULL;
}

char *pd_undetermined_reason(const pd_engine *e, const pd_session *s)
{
    const pd_finding *v = s->info.verdict_finding;
    if (v && v->rule == PD_RULE_CAPTURE_TRUNCATED && v->variant == PD_TRUNCATED_FIELDS)
        return g_strdup_printf("the capture cut fields pptpdiag reads (capture-truncated, frame "
                               "%u): what would decide the outcome may be past the cut",
                               v->frame);
    if (v && pd_rule_get(v->rule)->no_vpn_attempt)
        return g_strdup_printf("no VPN connection was attempted here (%s, frame %u), so none "
                               "failed", pd_rule_get(v->rule)->name, v->frame);
    for (guint i = s->n_findings; i > 0; i--) {
        const pd_finding *f = s->findings[i - 1];
        if (f->superseded_by)
            return g_strdup_printf("%s (frame %u) was contradicted by frame %u, and nothing else "
                                   "in the capture decides the outcome",
                                   pd_rule_get(f->rule)->name, f->frame, f->superseded_by);
    }
    if (s->info.verdict_finding) {
        const pd_finding *f = s->info.verdict_finding;
        return g_strdup_printf("only a note was made (%s, frame %u): it does not decide the "
                               "outcome", pd_rule_get(f->rule)->name, f->frame);
    }
    if (s->pppoe && !s->n_links) {
        const pd_pppoe_disc *d = s->pppoe;
        if (d->n_padi == 1 && !d->n_pado && !d->n_padr)
            return g_strdup_printf(
                "the host sent one PADI (frame %u) and did not repeat it: whatever answered it "
                "(a PADO is sent to the host alone) is not at this capture point, or the capture "
                "ended too soon to tell", d->first_padi);
        if (!d->n_padi)
            return g_strdup("the host's PADI is not in the capture (it began later, or sees one "
                            "direction): how the PPPoE session was set up is not in it");
        return g_strdup("the PPPoE Discovery stage is in the capture, unfinished and not "
                        "repeated: too short to tell");
    }
    if (s->l2tp && !s->n_links) {
        const pd_l2tp_tunnel *t = s->l2tp;
        if (!t->answered && t->n_sccrq == 1)
            return g_strdup_printf(
                "the LAC sent one SCCRQ (frame %u) and did not repeat it: the LNS's answer is not "
                "at this capture point, or the capture ended too soon to tell (a LAC retransmits "
                "an SCCRQ nobody acknowledged, RFC 2661 5.8)", t->first_sccrq);
        if (!t->answered)
            return g_strdup_printf("the LAC's SCCRQs are unanswered and the capture ends %.1f s "
                                   "after the first: too short to tell",
                                   e->last_time - t->first_sccrq_time);
        if (t->scccn_frame)
            return g_strdup_printf("the L2TP tunnel was set up (frame %u), but no L2TP session "
                                   "was placed in it, and nothing in the capture says it failed",
                                   t->scccn_frame);
        return g_strdup("the L2TP control connection's set-up is in the capture, unfinished: too "
                        "short to tell");
    }
    if (s->info.gre_only)
        return g_strdup("only GRE of this tunnel is in the capture: its control connection (TCP "
                        "1723) began before the capture, so the call's setup is not in it");
    if (s->ctl.midstream)
        return g_strdup("the capture starts in the middle of the control connection (its first "
                        "segment is no SYN): how the tunnel was set up is not in it");
    if (s->l2tp && s->l2tp->before_capture)
        return g_strdup("the capture starts in the middle of the L2TP tunnel: its set-up and the "
                        "PPP negotiation are not in it, and no PPP data crossed it in both "
                        "directions (what would show that the tunnel carries traffic)");
    const pd_link *c = call_not_up(s);
    if (c) {
        /* measured as gre-blocked's deadline is (rules/gre.c) */
        guint32 from;
        double since = pd_call_wait_start(c, &from);
        double after = pd_waited(e, since), unseen = pd_unseen_since(e, since);
        GString *out = g_string_new(NULL);
        if (c->ppp) {
            guint sent = c->ppp->lcp_req_n[PD_DIR_PNS] + c->ppp->lcp_req_n[PD_DIR_PAC];
            char *n = counted(sent, "LCP Configure-Request");
            if (!sent)
                g_string_append(out, "no LCP Configure-Request yet, ");
            else if (c->ppp->lcp_opened)
                g_string_append_printf(out, "LCP opened (frame %u), ", c->ppp->lcp_opened);
            else if (!c->ppp->lcp_ack[PD_DIR_PNS] && !c->ppp->lcp_ack[PD_DIR_PAC])
                g_string_append_printf(out, "%s unanswered, ", n);
            else
                g_string_append_printf(out, "LCP not open after %s, ", n);
            g_free(n);
        }
        gboolean l2tp = s->info.carrier == PD_CARRIER_L2TP;
        gboolean alone = s->info.carrier == PD_CARRIER_PPP; /* reply_frame: its first frame */
        g_string_append_printf(out, "capture ends %.1f s after %s (frame %u)", after,
                               alone ? "the link's first PPP frame"
                               : from == c->reply_frame
                                   ? (l2tp ? "the L2TP session was set up"
                                           : "the call was connected")
                                   : (l2tp ? "the L2TP session's first PPP frame"
                                           : "the call's first GRE packet"),
                               from);
        if (unseen > 0)
            g_string_append_printf(out, ", not counting %.0f s in which the capture shows no "
                                        "frame at all", unseen);
        if (after < e->cfg.lcp_timeout)
            g_string_append_printf(out, ": too short to tell (PPP is given %.0f s)",
                                   e->cfg.lcp_timeout);
        else
            g_string_append(out, ", and PPP did not reach the network phase for a reason the "
                                 "capture does not show");
        return g_string_free(out, FALSE);
    }
    if (s->ctl.tcp == PD_TCP_SYN_SENT && s->ctl.n_syn) {
        char *n = counted(s->ctl.n_syn, "SYN");
        char *out = g_strdup_printf("%s to TCP 1723 unanswered, capture ends %.1f s after the "
                                    "first: too short to tell (the client is given %.0f s)",
                                    n, e->last_time - s->ctl.first_syn_time, e->cfg.syn_timeout);
        g_free(n);
        return out;
    }
    if (s->ike) { /* IPsec: no links; what its exchange shows */
        const pd_ike_sa *a = s->ike;
        if (!a->answered && a->n_init == 1)
            return g_strdup("one IKE first message, unanswered and not retransmitted: a lone "
                            "message concludes nothing (IKE retransmits what gets no answer, so "
                            "it was answered out of the capture, or the capture ended too soon)");
        if (!a->answered && a->n_init)
            return g_strdup_printf("%u IKE first messages unanswered, and the capture ends %.1f "
                                   "s after the first: too short to tell",
                                   a->n_init, e->last_time - a->first_init_time);
        return g_strdup_printf("the IKE exchange was answered (frame %u), and the capture shows "
                               "neither a failure nor ESP in both directions",
                               pd_ike_answer(a));
    }
    if (s->n_links == 0 && !s->info.name)
        return g_strdup("no call was placed on this control connection, and nothing in the "
                        "capture says it failed");
    return g_strdup("no failure and no working tunnel in the capture: it shows neither outcome");
}
