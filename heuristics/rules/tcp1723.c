/* rules/tcp1723.c: the control connection's TCP handshake to port 1723 (RFC 2637 section 2):
 * refused by a reset, unanswered, or answered by an ICMP error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_names.h"

/* A SYN to TCP 1723 retransmitted and unanswered for the syn_timeout preference (seconds; Linux
 * retransmits at 1, 3, 7 s, Windows at 3, 9 s) is "unanswered". */

static const pd_rule refused = {
    .id = PD_RULE_TCP1723_REFUSED, .name = "tcp1723-refused", .key = "tcp1723_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPTP control connection refused: SYN to TCP 1723 answered by a reset",
    .ras = {807, 692, 0},
    .fix = "Check that the PPTP service runs on the server (RRAS on Windows, pptpd on Linux) and "
           "listens on TCP 1723; check that no firewall between client and server rejects outbound "
           "TCP 1723 (allow it, or use another VPN protocol if the network will not).",
    .seeds = "003_965bd2a90097e84d.txt (807, 692), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
    .wire = "SYN to TCP 1723 answered by RST; the RST's TTL tells how far away its sender is, a server-side capture shows the server's own stack resetting it",
    .confidence = "confirmed",
};

static const pd_rule unanswered = {
    .id = PD_RULE_TCP1723_UNANSWERED, .name = "tcp1723-unanswered", .key = "tcp1723_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPTP control connection unanswered: SYNs to TCP 1723 got no reply",
    .ras = {800, 809, 678, 0},
    .fix = "Check that the client network allows outbound TCP 1723 (hotel or guest networks often allow "
           "only web traffic; accept any captive portal first), that the server address is right and "
           "reachable (ping, telnet SERVER 1723), and that the server is up.",
    .seeds = "003_965bd2a90097e84d.txt (678, 800, 809), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
    .wire = "SYNs to TCP 1723 retransmitted for `syn_timeout` seconds with neither SYN/ACK nor RST",
    .confidence = "likely (withdrawn if a SYN/ACK comes later)",
};

static const pd_rule unreachable = {
    .id = PD_RULE_TCP1723_UNREACHABLE, .name = "tcp1723-unreachable", .key = "tcp1723_unreachable",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPTP control connection unreachable: ICMP error answered the SYN to TCP 1723",
    .ras = {809, 800, 678, 0},
    .fix = "The device that sent the ICMP error blocks TCP 1723 or has no route to the server: allow "
           "outbound TCP 1723 (and GRE) on it, check the server address and routing; if the server "
           "itself answered port unreachable, start the PPTP service there.",
    .seeds = "003_965bd2a90097e84d.txt (678, 800, 809), 001_0504ecfb6838ebee.txt (807/678)",
    .wire = "ICMP Destination Unreachable (administratively prohibited, port, host or network unreachable) quoting the SYN to TCP 1723; names the device (`pptpdiag.blocked_by`)",
    .confidence = "confirmed",
};

static const pd_rule *const rows[] = {&refused, &unanswered, &unreachable};

typedef struct {
    gboolean syn_fired;  /* the unanswered finding was made (not at the end of the capture) */
    pd_finding *pending; /* that finding, superseded if a SYN/ACK comes */
} tcp_state;

/* SYNs unanswered for syn_timeout seconds; @now is the time of @frame, or of the capture's end
 * when @eoc (a provisional end-of-capture conclusion). */
static void check_unanswered(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    double waited = now - s->ctl.first_syn_time;
    if (s->ctl.tcp != PD_TCP_SYN_SENT || waited < e->cfg.syn_timeout)
        return;
    tcp_state *st = pd_session_slice(s, &pd_family_tcp1723);
    if (st->syn_fired)
        return;
    if (!eoc)
        st->syn_fired = TRUE;
    char *srv = pd_addr_dup(&s->info.server);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_TCP1723_UNANSWERED, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("%u SYN%s to %s port 1723 got neither SYN/ACK nor reset in %.1f s%s: TCP "
                        "1723 is silently dropped on the path (firewall or ISP), or the server is "
                        "down or unreachable.",
                        s->ctl.n_syn, s->ctl.n_syn == 1 ? "" : "s", srv, waited,
                        eoc ? " (until the end of the capture)" : ""));
    g_free(srv);
    pd_evidence(f, s->ctl.first_syn);
    pd_evidence(f, s->ctl.last_syn);
    if (!eoc)
        st->pending = f;
}

/* A SYN answered by RST, with what the TTLs say about who sent the reset. */
static void reset_on_syn(pd_engine *e, pd_session *s, const pd_observation *rst)
{
    char *srv = pd_addr_dup(&s->info.server);
    char *cause;
    gboolean local = FALSE;
    if (pd_session_vantage(s) == PD_VANTAGE_SERVER) {
        cause = g_strdup_printf(
            "The SYN reached the server and %s itself answered with a reset (RST, TTL %u as sent): "
            "nothing listens on TCP 1723 there. The PPTP service (RRAS on Windows, pptpd on Linux) "
            "is not running or not bound to this address.", srv, rst->ttl);
    } else if (pd_hops_away(rst->ttl) == 0 && pd_hops_away(s->client_ttl) == 0) {
        /* captured at the client, and the reset comes from its own link: most often the first
         * router or firewall refusing TCP 1723, rarely a server on the same link */
        local = TRUE;
        cause = g_strdup_printf(
            "The SYN to %s port 1723 was answered by a reset (RST) in the server's name from 0 "
            "router hops away (TTL %u, as sent): it comes from a device on the client's own link, "
            "most likely the first router or firewall refusing TCP 1723 (it forged the reset in "
            "the server's name), unless the server itself is on that link and nothing listens on "
            "TCP 1723 there. A capture on the server side shows whether the SYN ever arrives.",
            srv, rst->ttl);
    } else {
        guint hops = pd_hops_away(rst->ttl);
        cause = g_strdup_printf(
            "The SYN to %s port 1723 was answered by a reset (RST) in the server's name, from %u "
            "router hop%s away (TTL %u): nothing listens on TCP 1723 at the server (PPTP service "
            "not running), or a firewall on the path rejects TCP 1723 with a reset. A capture on "
            "the server side separates the two: a server that receives the SYN and resets it is "
            "not listening; if the SYN never arrives there, a firewall forged the reset%s.",
            srv, hops, hops == 1 ? "" : "s", rst->ttl,
            hops == 0 ? " (a reset from 0 hops away comes from this link: the first router or "
                        "firewall, unless the server shares the link)" : "");
    }
    g_free(srv);
    pd_finding *f = pd_finding_new(e, s, NULL, rst->frame, PD_RULE_TCP1723_REFUSED, PD_NO_VARIANT,
                                   PD_CONF_CONFIRMED, cause);
    pd_evidence(f, s->ctl.first_syn);
    if (local)
        pd_finding_set_fixed_fix(f,
            "Start at the client's own network: the local firewall (Windows Defender Firewall, "
            "security software) and the first router must allow outbound TCP 1723 (and GRE, IP "
            "protocol 47); if the server shares this link, check that the PPTP service (RRAS on "
            "Windows, pptpd on Linux) runs and listens on TCP 1723.");
}

/* An ICMP error quoting the SYN to TCP 1723. */
static void icmp_syn(pd_engine *e, pd_session *s, const pd_observation *o)
{
    tcp_state *st = pd_session_slice(s, &pd_family_tcp1723);
    const pd_obs_icmp *ic = &o->icmp;
    /* asked first: the ICMP error becomes the session's frame only if it says something */
    if (pd_verdict_silent(s, NULL, PD_RULE_TCP1723_UNREACHABLE, PD_CONF_CONFIRMED))
        return;
    pd_track_touch(e, s, o);
    char *src = pd_addr_dup(&o->src), *srv = pd_addr_dup(&s->info.server);
    const char *what = pd_icmp_code_name(o->src.family, ic->type, ic->code);
    gboolean v4 = o->src.family == 4;
    gboolean server_itself = pd_addr_equal(&o->src, &s->info.server);
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_TCP1723_UNREACHABLE, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("%s answered the SYN to %s port 1723 with ICMP Destination Unreachable "
                        "(%s, code %u): %s",
                        src, srv, what ? what : "destination unreachable", ic->code,
                        v4 && server_itself && ic->code == 3
                            ? "the server is up but nothing listens on TCP 1723 (PPTP service "
                              "not running)."
                        : v4 && (ic->code == 1 || ic->code == 0)
                            ? "that device has no route to the server, or the server is down."
                            : "that device blocks TCP 1723 (a firewall rule that rejects)."));
    g_free(src);
    g_free(srv);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = s->ctl.last_syn;
    pd_evidence(f, s->ctl.first_syn);
    pd_evidence(f, s->ctl.last_syn);
    st->syn_fired = TRUE;
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    switch (ev->kind) {
    case PD_EV_SYN:
        if (ev->s->ctl.n_syn >= 2) /* a retransmission */
            check_unanswered(e, ev->s, ev->o->frame, ev->o->time, FALSE);
        break;
    case PD_EV_SYNACK: {
        const tcp_state *st = pd_session_slice_if_any(ev->s, &pd_family_tcp1723);
        if (st)
            pd_supersede(ev->s, st->pending, ev->o->frame);
        break;
    }
    case PD_EV_RESET_ON_SYN:
        reset_on_syn(e, ev->s, ev->o);
        break;
    case PD_EV_ICMP_SYN:
        icmp_syn(e, ev->s, ev->o);
        break;
    default:
        break;
    }
}

static void on_finish(pd_engine *e, pd_session *s)
{
    check_unanswered(e, s, s->info.last_frame, e->last_time, TRUE);
}

const pd_family pd_family_tcp1723 = {
    .name = "tcp1723", .carrier = PD_CARRIER_PPTP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(tcp_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_SYN) | PD_EV_BIT(PD_EV_SYNACK) | PD_EV_BIT(PD_EV_RESET_ON_SYN) |
              PD_EV_BIT(PD_EV_ICMP_SYN),
    .on_finish = on_finish,
};
