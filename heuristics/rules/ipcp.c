/* rules/ipcp.c: IPCP (RFC 1332): no IPv4 address agreed for the tunnel, by how it showed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* IPCP Configure-Naks without IPCP opening: IPCP_NAKS_RUNNING from one side while the link goes
 * on, IPCP_NAKS_ENDED from both sides together when the call then ends. */
#define IPCP_NAKS_RUNNING 10
#define IPCP_NAKS_ENDED 5

static const pd_variant ipcp_variants[] = {
    {.name = "terminated-by-server", .ras = {735, 738, 0},
     .wire = "the server sent an IPCP Terminate-Request outside an LCP termination: it refuses or cannot assign the address"},
    {.name = "terminated-by-client", .ras = {733, 720, 0},
     .wire = "the client sent an IPCP Terminate-Request outside an LCP termination"},
    {.name = "address-rejected", .ras = {738, 720, 0},
     .wire = "Configure-Reject of the IP-Address option, then the call ends"},
    {.name = "protocol-rejected", .ras = {733, 720, 0},
     .wire = "LCP Protocol-Reject of IPCP, then the call ends"},
    {.name = "not-converging", .ras = {732, 735, 0},
     .wire = G_STRINGIFY(IPCP_NAKS_RUNNING) " IPCP Configure-Naks from one side, or " G_STRINGIFY(IPCP_NAKS_ENDED) " in all when the call then ends, without IPCP opening"},
};
enum { TERM_BY_SERVER, TERM_BY_CLIENT, ADDRESS_REJECTED, PROTOCOL_REJECTED, NOT_CONVERGING };

static const pd_rule ipcp_failed = {
    .id = PD_RULE_IPCP_FAILED, .name = "ipcp-failed", .key = "ipcp_failed",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPP IPCP failed: no IPv4 address agreed for the tunnel",
    .ras = {735, 738, 733, 720},
    .fix = "Check the server's address assignment: pool size and range, the user's allowed addresses "
           "(chap-secrets, RADIUS Framed-IP-Address), DHCP relay on RRAS; on the client enable TCP/IPv4 "
           "on the VPN connection and do not force a static address the server refuses.",
    .seeds = "001_0504ecfb6838ebee.txt (720, 619 pool), RFC 1332",
    .wire = "IPCP terminated on its own, the IP-Address option rejected, IPCP Protocol-Rejected, or IPCP Configure-Naks that never converge, with the address involved (variants below)",
    .confidence = "confirmed",
    .variants = ipcp_variants, .n_variants = G_N_ELEMENTS(ipcp_variants),
};

static const pd_rule *const rows[] = {&ipcp_failed};

/* IPCP failures: a Terminate-Request of IPCP from @term_by (>= 0), or (@term_by < 0) a rejected
 * address, a Protocol-Reject of IPCP or a Nak loop. Into @cands at the end of the call (@by, the
 * side that ended LCP or -1), else a finding at @frame. */
static void check(pd_engine *e, pd_link *c, int term_by, int by, guint32 frame, GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    if (!l)
        return;
    gboolean ipcp_up = pd_ppp_ncp_up(l, PD_NCP_IPCP);
    char addr[32] = "";
    if (l->has_ipcp_addr)
        g_snprintf(addr, sizeof addr, " %u.%u.%u.%u", l->ipcp_addr[0], l->ipcp_addr[1],
                   l->ipcp_addr[2], l->ipcp_addr[3]);
    char *cause = NULL;
    int variant = 0;
    guint32 ev1 = 0, ev2 = 0;
    if (term_by >= 0) {
        char *m = pd_quoted_text(l->term_msg[term_by]);
        cause = g_strdup_printf(
            "The %s terminated IPCP (IPCP Terminate-Request%s, frame %u)%s%s: the tunnel has no "
            "IPv4%s. %s",
            pd_side_name(term_by), m, l->ipcp_term[term_by],
            ipcp_up ? " after IPCP had opened with address" : "", ipcp_up ? addr : "",
            pd_ppp_ncp_up(l, PD_NCP_IPV6CP) ? " (IPV6CP is up, so only IPv6 works)" : "",
            term_by == PD_DIR_PAC ? "The server refuses the address for this user (e.g. the user's "
                                    "allowed addresses do not include the pool) or cannot assign one."
                                  : "The client refused the IPv4 configuration the server offered.");
        g_free(m);
        variant = term_by == PD_DIR_PAC ? TERM_BY_SERVER : TERM_BY_CLIENT;
        ev1 = l->ncp_ack[PD_NCP_IPCP][PD_DIR_PNS];
        ev2 = l->ncp_ack[PD_NCP_IPCP][PD_DIR_PAC];
    } else if (!ipcp_up) {
        char *end = pd_ended_text(c, by, frame);
        int x;
        if (l->ipcp_rej_addr[PD_DIR_PAC] || l->ipcp_rej_addr[PD_DIR_PNS]) {
            x = l->ipcp_rej_addr[PD_DIR_PAC] ? PD_DIR_PAC : PD_DIR_PNS;
            cause = g_strdup_printf("The %s rejected the IP-Address option of IPCP (Configure-Reject, "
                                    "frame %u): no IPv4 address was assigned, and %s.",
                                    pd_side_name(x), l->ipcp_rej_addr[x], end);
            variant = ADDRESS_REJECTED;
            ev1 = l->ipcp_rej_addr[x];
        } else if (l->ipcp_protrej[PD_DIR_PAC] || l->ipcp_protrej[PD_DIR_PNS]) {
            x = l->ipcp_protrej[PD_DIR_PAC] ? PD_DIR_PAC : PD_DIR_PNS;
            cause = g_strdup_printf("The %s does not run IPCP (LCP Protocol-Reject of IPCP, frame %u), "
                                    "and %s: no IPv4 over the tunnel.",
                                    pd_side_name(x), l->ipcp_protrej[x], end);
            variant = PROTOCOL_REJECTED;
            ev1 = l->ipcp_protrej[x];
        } else if (l->ipcp_nak_n[0] + l->ipcp_nak_n[1] >= IPCP_NAKS_ENDED) {
            x = l->ipcp_nak_n[PD_DIR_PAC] >= l->ipcp_nak_n[PD_DIR_PNS] ? PD_DIR_PAC : PD_DIR_PNS;
            cause = g_strdup_printf("IPCP did not converge: the %s answered %u IPCP Configure-Requests "
                                    "with Configure-Nak (frames %u to %u, last address%s), and %s.",
                                    pd_side_name(x), l->ipcp_nak_n[x], l->ipcp_nak_first[x],
                                    l->ipcp_nak_last[x], addr[0] ? addr : " none", end);
            variant = NOT_CONVERGING;
            ev1 = l->ipcp_nak_first[x];
            ev2 = l->ipcp_nak_last[x];
        }
        g_free(end);
    }
    if (!cause)
        return;
    guint32 ev[2] = {ev1, ev2};
    pd_propose(e, c, frame, cands, PD_RULE_IPCP_FAILED, variant, PD_CONF_CONFIRMED, cause, ev,
               G_N_ELEMENTS(ev));
}

/* An IPCP Terminate-Ack from @acker, once IPCP was open, with no Terminate-Request of the peer
 * in the capture (the request lost before the capture point, e.g.). What the answer proves, and no more: IPCP is not
 * open on @acker from @frame on (RFC 1661 5.5: a Terminate-Ack answers a Terminate-Request, or is
 * sent unsolicited by a side whose IPCP is closed). That the peer asked is likely, not shown. */
static void term_acked(pd_engine *e, pd_link *c, int acker, guint32 frame)
{
    const pd_ppp_link *l = c->ppp;
    if (!l)
        return;
    /* Before IPCP opened, a Terminate-Ack is the Closed state's answer to a Configure-Request
     * (RFC 1661 4.1, event RCR in state Closed: sta), which Windows servers send while their
     * IPCP is not ready (public john-lulu-pptp.pcap, frame 43): nothing was terminated. */
    if (!pd_ppp_ncp_up(l, PD_NCP_IPCP))
        return;
    int peer = 1 - acker;
    char *cause = g_strdup_printf(
        "The %s sent an IPCP Terminate-Ack (frame %u), but no IPCP Terminate-Request of the %s is "
        "in the capture: it most likely answers one lost before this capture point (RFC 1661 "
        "also lets a side whose IPCP is closed send one unasked). Either way IPCP is not open on "
        "the %s from this frame on: the tunnel has no IPv4%s.",
        pd_side_name(acker), frame, pd_side_name(peer), pd_side_name(acker),
        pd_ppp_ncp_up(l, PD_NCP_IPV6CP) ? " (IPV6CP is up, so only IPv6 works)" : "");
    guint32 ev[2] = {l->ncp_ack[PD_NCP_IPCP][PD_DIR_PNS], l->ncp_ack[PD_NCP_IPCP][PD_DIR_PAC]};
    pd_propose(e, c, frame, NULL, PD_RULE_IPCP_FAILED,
               peer == PD_DIR_PAC ? TERM_BY_SERVER : TERM_BY_CLIENT, PD_CONF_LIKELY, cause, ev,
               G_N_ELEMENTS(ev));
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind != PD_EV_PPP || ev->ppp->protocol != PD_PPP_IPCP)
        return;
    const pd_ppp_link *l = ev->c->ppp;
    if (ev->ppp_events & PD_PPP_EV_IPCP_TERMINATE)
        check(e, ev->c, ev->dir, -1, ev->o->frame, NULL);
    else if (ev->ppp_events & PD_PPP_EV_IPCP_TERM_ACK)
        term_acked(e, ev->c, ev->dir, ev->o->frame);
    else if (ev->ppp->code == PD_CP_CONF_NAK && l->ipcp_nak_n[ev->dir] >= IPCP_NAKS_RUNNING &&
             !pd_ppp_ncp_up(l, PD_NCP_IPCP))
        check(e, ev->c, -1, -1, ev->o->frame, NULL);
}

static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    check(e, c, -1, end->by, end->frame, cands);
}

const pd_family pd_family_ipcp = {
    .name = "ipcp", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPP),
    .on_call_end = on_call_end,
};
