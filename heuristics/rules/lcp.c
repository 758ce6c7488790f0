/* rules/lcp.c: PPP's Link Control Protocol (RFC 1661): options that never converge, a peer ending
 * the link before the network phase for no reason on the wire, invalid PPP packets, and LCP
 * echoes left unanswered after the tunnel was up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* Configure-Naks without LCP opening (RFC 1661 4.6 Max-Failure, default 5): LCP_NAKS_RUNNING
 * while the link goes on, LCP_NAKS_ENDED when the link then ends. */
#define LCP_NAKS_RUNNING 10
#define LCP_NAKS_ENDED 5
/* LCP echoes: lost when ECHO_LOST_MIN or more are unanswered, or one with no GRE from the peer
 * for ECHO_SILENT_S seconds; at the end of the capture, ECHO_LOST_AT_END or more. */
#define ECHO_LOST_MIN 2
#define ECHO_SILENT_S 5.0
#define ECHO_LOST_AT_END 3
/* LCP codes a peer may Code-Reject without harm: 9-11 (RFC 1661), 12-13 (RFC 1570). */
#define LCP_LAST_OPTIONAL_CODE 13

static const pd_rule not_converging = {
    .id = PD_RULE_LCP_NOT_CONVERGING, .name = "lcp-not-converging", .key = "lcp_not_converging",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPP LCP not converging: Configure-Requests keep being Nak'd",
    .ras = {732, 0},
    .fix = "Client and server insist on incompatible LCP options (MRU, authentication, ...): align the "
           "PPP options on both sides (e.g. remove a forced MRU).",
    .seeds = "RFC 1661 section 4.6 (Max-Failure)",
    .wire = "LCP Configure-Nak answered again and again (" G_STRINGIFY(LCP_NAKS_RUNNING) " Naks, or " G_STRINGIFY(LCP_NAKS_ENDED) " when the link then ends) without LCP opening",
    .confidence = "confirmed",
};

static const pd_variant terminated_variants[] = {
    {.name = "by-server", .ras = {719, 0}, .wire = "the server sent the Terminate-Request (ERROR_PPP_REMOTE_TERMINATED)"},
    {.name = "by-client", .ras = {734, 0}, .wire = "the client sent it (ERROR_PPP_LCP_TERMINATED)"},
    /* The server ending the link in the authentication phase: Windows reports the LCP
     * termination itself (raserror.h ERROR_PPP_LCP_TERMINATED), or the remote end. */
    {.name = "by-server-in-authentication", .ras = {734, 719, 0}, .wire = "the server sent it after LCP opened and before authentication succeeded (ERROR_PPP_LCP_TERMINATED, ERROR_PPP_REMOTE_TERMINATED)"},
};
enum { TERMINATED_BY_SERVER, TERMINATED_BY_CLIENT, TERMINATED_BY_SERVER_IN_AUTH };

static const pd_rule terminated = {
    .id = PD_RULE_LCP_TERMINATED, .name = "lcp-terminated", .key = "lcp_terminated",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPP link terminated by a peer before the network phase",
    .ras = {719, 734, 0},
    .fix = "The peer that sent the Terminate-Request gave up for a reason it does not put on the wire "
           "(its text, if any, is in the cause): read that peer's PPP log.",
    .seeds = "001_0504ecfb6838ebee.txt (721/718), RFC 1661 section 5.5",
    .wire = "LCP Terminate-Request (with its text) before the network phase that no other rule explains; names the phase (link establishment, authentication, network)",
    .confidence = "confirmed (that it happened; the reason is in that peer's log)",
    .variants = terminated_variants, .n_variants = G_N_ELEMENTS(terminated_variants),
    .fallback = TRUE,
};

static const pd_rule invalid = {
    .id = PD_RULE_PPP_INVALID, .name = "ppp-invalid", .key = "ppp_invalid",
    .severity = PD_SEV_WARN, .group = PD_GROUP_PROTOCOL,
    .summary = "Invalid PPP packet: malformed, or rejected by the peer",
    .ras = {722, 0},
    .fix = "A device on the path rewrites PPTP/GRE traffic (a 'PPTP fixup' or inspection feature): "
           "disable it or update its firmware; otherwise update the peer's PPTP software.",
    .seeds = "003_965bd2a90097e84d.txt (722), 004_10239a7ff750633b.txt (722)",
    .wire = "a malformed PPP frame inside GRE, an LCP Code-Reject of a code LCP needs (Configure-*, Terminate-*, Code-/Protocol-Reject) or that nobody defines (not of Echo, Discard, Identification or Time-Remaining, which a peer may leave out: RFC 1661 4.1 RXJ+, RFC 1570), or an LCP Protocol-Reject of a number that is no valid PPP protocol (RFC 1661 section 2)",
    .confidence = "confirmed",
    .observation = TRUE,
};

static const pd_rule echo_lost = {
    .id = PD_RULE_LCP_ECHO_LOST, .name = "lcp-echo-lost", .key = "lcp_echo_lost",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPP link lost mid-session: LCP Echo-Requests unanswered",
    .ras = {829, 628, 0},
    .fix = "GRE stopped getting through after the tunnel was up: a firewall, IPS or NAT dropping GRE "
           "mid-session (state timeout), or the path went down. Check GRE state timeouts and the link.",
    .seeds = "003_965bd2a90097e84d.txt (806: GRE closed mid-way; 628/629), 001_0504ecfb6838ebee.txt (721/718)",
    .wire = "after the network phase, LCP Echo-Requests of one side unanswered and no GRE from the other for " G_STRINGIFY(ECHO_SILENT_S) " s or more, then the link or call ends (or " G_STRINGIFY(ECHO_LOST_AT_END) " unanswered at the end of the capture)",
    .confidence = "likely",
};

static const pd_rule *const rows[] = {&not_converging, &terminated, &invalid, &echo_lost};

typedef struct {
    guint32 invalid_frame; /* the ppp-invalid finding's frame */
} lcp_state;

/* Configure-Naks that never let LCP open. Into @cands at the end of the call, else a finding. */
static void check_not_converging(pd_engine *e, pd_link *c, int by, guint32 frame,
                                 GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    guint n = l->lcp_nak_n[0] + l->lcp_nak_n[1];
    if (l->lcp_opened || n < (cands ? (guint)LCP_NAKS_ENDED : (guint)LCP_NAKS_RUNNING))
        return;
    int x = l->lcp_nak_n[0] >= l->lcp_nak_n[1] ? 0 : 1;
    char *end = cands ? pd_ended_text(c, by, frame) : g_strdup("LCP is still not open");
    char *cause = g_strdup_printf(
        "LCP did not converge: the %s answered %u of the %s's Configure-Requests with "
        "Configure-Nak (frames %u to %u) and LCP never opened; %s. The two sides insist on "
        "incompatible LCP options.",
        pd_side_name(x), l->lcp_nak_n[x], pd_side_name(1 - x), l->lcp_nak_first[x],
        l->lcp_nak_last[x], end);
    g_free(end);
    guint32 ev[2] = {l->lcp_nak_first[x], l->lcp_nak_last[x]};
    pd_propose(e, c, frame, cands, PD_RULE_LCP_NOT_CONVERGING, PD_NO_VARIANT, PD_CONF_CONFIRMED,
               cause, ev, G_N_ELEMENTS(ev));
}

/* A malformed PPP frame, an LCP Code-Reject, or a Protocol-Reject of a number that is no PPP
 * protocol (RFC 1661 sections 2, 5.6, 5.7). */
static void check_invalid(pd_engine *e, pd_link *c, int dir, const pd_observation *o,
                          const pd_ppp_frame *p)
{
    gboolean lcp = p->protocol == PD_PPP_LCP;
    /* Code-Reject of a code a peer may leave out (RFC 1661 4.1 RXJ+: Echo, Discard; RFC 1570
     * Identification, Time-Remaining, which Windows clients send) is normal; of the codes LCP
     * cannot work without, or of a code nobody defines, it says a packet was invalid. */
    gboolean code_rej = lcp && p->code == PD_CP_CODE_REJ &&
                        !(p->rejected_code >= PD_CP_ECHO_REQ && p->rejected_code <= LCP_LAST_OPTIONAL_CODE);
    gboolean bad_proto = lcp && p->code == PD_CP_PROTO_REJ &&
                         !PD_PPP_PROTOCOL_VALID(p->rejected_protocol);
    lcp_state *st = pd_call_slice(c, &pd_family_lcp);
    if ((!p->malformed && !code_rej && !bad_proto) || st->invalid_frame)
        return;
    const char *side = pd_side_name(dir);
    char *cause;
    if (p->malformed && c->s->info.carrier == PD_CARRIER_PPP)
        cause = g_strdup_printf("The PPP frame the %s sent is malformed (it does not parse as PPP "
                                "protocol 0x%04x): the link altered it, or the %s's PPP software "
                                "is faulty.",
                                side, p->protocol, side);
    else if (p->malformed)
        cause = g_strdup_printf("The PPP frame the %s sent inside %s is malformed (it does not "
                                "parse as PPP protocol 0x%04x): a device on the path altered it, "
                                "or the %s's %s software is faulty.",
                                side, pd_link_packets(c), p->protocol, side,
                                pd_link_transport(c));
    else if (code_rej)
        cause = g_strdup_printf("The %s answered an LCP packet with Code-Reject: it received an LCP "
                                "code it does not know, i.e. an invalid or altered PPP packet.",
                                side);
    else
        cause = g_strdup_printf("The %s answered with LCP Protocol-Reject of protocol 0x%04x, which "
                                "is not a valid PPP protocol number (RFC 1661 section 2): the PPP "
                                "packet it received was invalid or altered on the way.",
                                side, p->rejected_protocol);
    st->invalid_frame = o->frame;
    pd_finding_new(e, c->s, c, o->frame, PD_RULE_PPP_INVALID, PD_NO_VARIANT, PD_CONF_CONFIRMED,
                   cause);
}

/* After the network phase: the link ended (or the capture did, @eoc) while one side's LCP echoes
 * went unanswered. Into @cands at the end of the call, else a finding. */
static void check_echo_lost(pd_engine *e, pd_link *c, int by, guint32 frame, double now,
                            gboolean eoc, GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    if (!l || !c->net_frame)
        return;
    int d = l->echo_unanswered[0] >= l->echo_unanswered[1] ? 0 : 1;
    int peer = 1 - d;
    guint n = l->echo_unanswered[d];
    double silent = l->last_rx[peer] ? now - l->last_rx_time[peer] : 0;
    if (n == 0 || (n < ECHO_LOST_MIN && silent < ECHO_SILENT_S) ||
        (eoc && n < ECHO_LOST_AT_END))
        return;
    char *end = eoc ? g_strdup("the capture ends with the link silent") : pd_ended_text(c, by, frame);
    char *why = c->s->info.carrier == PD_CARRIER_PPPOE
        ? g_strdup_printf("The %s stopped answering mid-session, or the Ethernet path to it failed "
                          "(a PPPoE session has no router in between to drop it).",
                          pd_side_name(peer))
        : c->s->info.carrier == PD_CARRIER_L2TP
        ? g_strdup_printf("UDP 1701 from the %s stopped getting through mid-session (a firewall "
                          "dropping it, a NAT whose UDP mapping timed out, or the path failed), "
                          "or the %s stopped answering.",
                          pd_side_name(peer), pd_side_name(peer))
        : c->s->info.carrier == PD_CARRIER_PPP
        ? g_strdup_printf("The %s stopped answering mid-session, or the carrier under the link "
                          "(not in this capture: PPTP's GRE, L2TP, PPPoE, a modem line) stopped "
                          "getting through.",
                          pd_side_name(peer))
        : g_strdup_printf("GRE from the %s stopped getting through mid-session (a firewall, IPS or "
                          "NAT dropping GRE, or the path failed).",
                          pd_side_name(peer));
    char *cause = g_strdup_printf(
        "After the tunnel was up, the %s's LCP Echo-Requests got no reply (%u since frame %u) and "
        "no %s from the %s %s since frame %u (%.1f s); %s. %s",
        pd_side_name(d), n, l->echo_first_unanswered[d], pd_link_packets(c), pd_side_name(peer),
        pd_session_vantage(c->s) == (d == PD_DIR_PNS ? PD_VANTAGE_CLIENT : PD_VANTAGE_SERVER)
            ? "reached this capture point"
            : "was seen",
        l->last_rx[peer], silent, end, why);
    g_free(why);
    g_free(end);
    guint32 ev[4] = {c->net_frame, l->last_rx[peer], l->echo_first_unanswered[d], l->echo_last[d]};
    pd_propose(e, c, frame, cands, PD_RULE_LCP_ECHO_LOST, PD_NO_VARIANT, PD_CONF_LIKELY, cause, ev,
               G_N_ELEMENTS(ev));
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind != PD_EV_PPP)
        return;
    check_invalid(e, ev->c, ev->dir, ev->o, ev->ppp);
    if (ev->ppp->protocol == PD_PPP_LCP &&
        (ev->ppp->code == PD_CP_CONF_NAK || ev->ppp->code == PD_CP_CONF_REJ))
        check_not_converging(e, ev->c, ev->dir, ev->o->frame, NULL);
}

static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    if (c->net_frame) {
        check_echo_lost(e, c, end->by, end->frame, end->time, FALSE, cands);
        return;
    }
    check_not_converging(e, c, end->by, end->frame, cands);
    lcp_state *st = pd_call_slice(c, &pd_family_lcp);
    if (end->by < 0 || st->invalid_frame) /* invalid packets already explain it */
        return;
    /* A peer ended LCP before the network phase: the fallback when nothing else explains it. */
    const pd_ppp_link *l = c->ppp;
    char *m = pd_quoted_text(l->term_msg[end->by]);
    char *cause = g_strdup_printf(
        "The %s ended PPP with an LCP Terminate-Request%s (frame %u) in the %s phase, before the "
        "tunnel was up; the trace shows no refusal that explains it. The %s's PPP log says why.",
        pd_side_name(end->by), m, l->lcp_term[end->by], pd_ppp_phase(l), pd_side_name(end->by));
    g_free(m);
    guint32 ev[2] = {l->lcp_opened, l->auth_ok};
    int variant = end->by == PD_DIR_PNS            ? TERMINATED_BY_CLIENT
                  : l->lcp_opened && !l->auth_ok ? TERMINATED_BY_SERVER_IN_AUTH
                                                 : TERMINATED_BY_SERVER;
    pd_propose(e, c, end->frame, cands, PD_RULE_LCP_TERMINATED, variant, PD_CONF_CONFIRMED, cause,
               ev, G_N_ELEMENTS(ev));
}

static void on_finish(pd_engine *e, pd_session *s)
{
    for (guint j = 0; j < s->n_links; j++) {
        pd_link *c = s->links[j];
        if (!c->end_frame)
            check_echo_lost(e, c, -1, s->info.last_frame, e->last_time, TRUE, NULL);
    }
}

const pd_family pd_family_lcp = {
    .name = "lcp", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .call_slice = sizeof(lcp_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPP), .on_call_end = on_call_end,
    .on_finish = on_finish,
};
