/* rules/l2tp.c: L2TP's control connection and sessions (RFC 2661 over UDP 1701): a LAC whose
 * SCCRQs no LNS answers, an ICMP error refusing its UDP 1701 datagrams, an LNS refusing the
 * tunnel (StopCCN before it was up) or an L2TP session (CDN answering the ICRQ), and an LNS
 * ending a session that nothing before explains (CDN or StopCCN). The PPP inside the L2TP
 * session is the PPP families' (lcp, auth, ccp, ipcp, healthy), as for any link; after PPP's own
 * end (an LCP Terminate-Request, an authentication failure, the LNS's LCP echoes unanswered) a
 * CDN or StopCCN is the orderly end of the session, not a failure of its own.
 *
 * Windows' codes: a server that does not answer is 809 ERROR_VPN_TIMEOUT, as for every VPN type
 * (field guides 003 and 004); a refusal or a hang-up by the LNS is worded as PPTP's are (628,
 * 629), with 808 ERROR_VPN_REFUSED beside a refused tunnel. No Windows LAC was captured: the
 * lab's is xl2tpd (doc/sources.md, "L2TP").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_names.h"

/* Seconds a LAC's SCCRQ may go unanswered, when retransmitted, before the attempt counts as
 * unanswered: RFC 2661 5.8 has the sender retransmit with a growing timeout (xl2tpd: 1, 2, 4,
 * 8 s; lab: SCCRQs at 0, 1, 3, 7 and 15 s, the StopCCN at 31 s). */
#define L2TP_WAIT_S 10

enum { IN_ESP };

static const pd_variant unanswered_variants[] = {
    [IN_ESP] = {
        .name = "inside-esp", .ras = {809, 0},
        .wire = "the SCCRQs came out of ESP that Wireshark decrypted (L2TP/IPsec, RFC 3193, with "
                "the ESP SAs given to it): the IPsec SA was up, so ESP itself (IP protocol 50, or "
                "UDP 4500 behind NAT) is what the path drops, or the server's L2TP service that "
                "does not answer"},
};

static const pd_rule unanswered = {
    .id = PD_RULE_UDP1701_UNANSWERED, .name = "udp1701-unanswered", .key = "udp1701_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "L2TP control connection unanswered: SCCRQs to UDP 1701 got no reply",
    .ras = {809, 0},
    .fix = "Check that the client's network lets UDP 1701 out (hotel and guest networks often allow "
           "only web traffic; accept any captive portal first), that no firewall on the path drops "
           "it, that the server address is right, and that the server is up with its L2TP service "
           "(RRAS, xl2tpd) listening on UDP 1701. For L2TP/IPsec (the SCCRQs inside ESP) allow "
           "IP protocol 50 (ESP) and UDP 500 and 4500 instead, or enable IPsec passthrough on the "
           "router.",
    .seeds = "003_965bd2a90097e84d.txt (809; outbound UDP 1701), 004_10239a7ff750633b.txt (809; "
             "UDP 1701; L2TP/IPsec: UDP 500, 4500 and ESP), RFC 2661 5.1 and 5.8, RFC 3193 "
             "section 2 (L2TP inside ESP transport mode), RFC 4303, RFC 3948",
    .wire = "SCCRQs of one attempt (one Assigned Tunnel ID) retransmitted for " G_STRINGIFY(L2TP_WAIT_S) " s, or until the capture ends, and no message from the LNS (a lone SCCRQ concludes nothing)",
    .confidence = "likely (an inference from silence; withdrawn if the LNS answers later)",
    .variants = unanswered_variants, .n_variants = G_N_ELEMENTS(unanswered_variants),
};

static const pd_rule unreachable = {
    .id = PD_RULE_UDP1701_UNREACHABLE, .name = "udp1701-unreachable", .key = "udp1701_unreachable",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "L2TP control connection unreachable: ICMP error answered the datagram to UDP 1701",
    .ras = {809, 0},
    .fix = "The device that sent the ICMP error blocks UDP 1701 or has no route to the server: allow "
           "outbound UDP 1701 on it, check the server address and routing; if the server itself "
           "answered port unreachable, start its L2TP service (RRAS, xl2tpd).",
    .seeds = "003_965bd2a90097e84d.txt (809), 002_fa665eea06b4fd6a.txt (the ICMP error's source is "
             "the device that blocks), RFC 792, RFC 1812 5.2.7.1",
    .wire = "ICMP Destination Unreachable (administratively prohibited, port, host or network unreachable) quoting a UDP datagram of the LAC to the LNS's UDP 1701 before the LNS answered; names the device (`pptpdiag.blocked_by`)",
    .confidence = "confirmed",
};

static const pd_rule tunnel_refused = {
    .id = PD_RULE_L2TP_TUNNEL_REFUSED, .name = "l2tp-tunnel-refused", .key = "l2tp_tunnel_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "L2TP tunnel refused: Stop-Control-Connection-Notification from the LNS before the "
               "tunnel was up",
    .ras = {628, 808, 0},
    .fix = "Act on the Result Code, Error Code and message in the cause, on the LNS: 'not authorized' "
           "or a vendor error such as xl2tpd's 'No Authorization' means its access control does not "
           "admit this client (xl2tpd: the lns section's ip range and access control; RRAS: L2TP "
           "ports enabled, the tunnel authentication secret); 'already exists' means a stale tunnel "
           "from this address (wait, or restart the client); 'version not supported' means "
           "incompatible L2TP software; 'being shut down' means the service is stopping.",
    .seeds = "RFC 2661 4.4.2 (Result and Error Codes), 5.1, 6.4; raserror.h (628, 808)",
    .wire = "Stop-Control-Connection-Notification from the LNS before the LAC's SCCCN, with its Result Code (2 general error, 3 already exists, 4 not authorized, 5 version not supported, 6 being shut down, 7 state machine error), Error Code and Error Message",
    .confidence = "confirmed (the refusal is on the wire; the Windows code is inferred: no Windows LAC was captured)",
};

static const pd_rule call_refused = {
    .id = PD_RULE_L2TP_CALL_REFUSED, .name = "l2tp-call-refused", .key = "l2tp_call_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "L2TP session refused: Call-Disconnect-Notify answering the call request",
    .ras = {628, 619, 0},
    .fix = "The LNS accepted the tunnel but not the session: its Result Code and Error Code say why "
           "(no facilities: its session limit or address pool is exhausted; administrative: its "
           "policy refuses the call). Check the LNS's log and limits (xl2tpd: max sessions, ip range; "
           "RRAS: the number of L2TP ports).",
    .seeds = "RFC 2661 4.4.2 (CDN Result Codes), 6.6-6.12; raserror.h (628, 619)",
    .wire = "Call-Disconnect-Notify from the peer that did not request the L2TP session (the LNS, for the LAC's ICRQ) before its ICCN or OCCN, with its Result Code, Error Code and Error Message",
    .confidence = "confirmed (the refusal is on the wire; the Windows code is inferred)",
};

static const pd_rule terminated = {
    .id = PD_RULE_L2TP_TERMINATED, .name = "l2tp-terminated", .key = "l2tp_terminated",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "L2TP: the LNS ended the session (CDN or StopCCN)",
    .ras = {629, 628, 0},
    .fix = "The server's side ended the session: look for the reason in the LNS's log (idle or "
           "session time limit, an administrator, the service restarting); reconnect, and ask the "
           "server's administrator if it happens again.",
    .seeds = "RFC 2661 6.4, 6.12; raserror.h (628, 629); 003_965bd2a90097e84d.txt (628/629)",
    .wire = "Call-Disconnect-Notify or Stop-Control-Connection-Notification from the LNS ending an L2TP session that nothing before it explains, with no LCP Terminate-Request, no authentication failure and no unanswered LCP Echo-Request of the LNS before it (after those it is the orderly end); not said of a tunnel whose set-up is not in the capture while its roles are a guess (the \"LNS\" may be the LAC hanging up)",
    .confidence = "confirmed",
};

static const pd_rule *const rows[] = {&unanswered, &unreachable, &tunnel_refused, &call_refused,
                                      &terminated};

typedef struct {
    pd_finding *pending; /* the unanswered inference, superseded when the LNS answers */
    guint8 fired;        /* it was made before the end of the capture */
} l2tp_state;

/* ", Error Code 6 (A generic vendor-specific error occurred in the LAC), message \"text\"" */
static char *error_text(gboolean has_error, guint16 error, const char *message)
{
    const char *n = has_error ? pd_l2tp_error_name(error) : NULL;
    char *code = has_error ? g_strdup_printf(", Error Code %u (%s)", error, n ? n : "unknown")
                           : g_strdup("");
    char *out = g_strdup_printf("%s%s%s%s", code, message ? ", message \"" : "",
                                message ? message : "", message ? "\"" : "");
    g_free(code);
    return out;
}

/* The LNS's name for causes: "10.10.2.2" or "10.10.2.2 ('name')" (newly allocated). */
static char *lns_text(const pd_session *s)
{
    char a[46];
    pd_addr_to_str(&s->info.server, a, sizeof a);
    const char *n = s->l2tp->lns_name;
    return n ? g_strdup_printf("%s ('%s')", a, n) : g_strdup(a);
}

/* The LAC's SCCRQs unanswered: at a frame @frame (@now, seconds) of the attempt, or at the end
 * of the capture (@eoc). A lone SCCRQ concludes nothing: RFC 2661 5.8 has a LAC retransmit what
 * got no acknowledgment, so an SCCRQ not repeated was answered or the capture ended too soon. */
static void check_unanswered(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_l2tp_tunnel *t = s->l2tp;
    if (t->answered || t->n_sccrq < 2 || (!eoc && now - t->first_sccrq_time < L2TP_WAIT_S))
        return;
    l2tp_state *st = pd_session_slice(s, &pd_family_l2tp);
    if (st->fired)
        return;
    st->fired = !eoc;
    char *lns = lns_text(s);
    gboolean esp = s->info.esp != PD_ESP_NONE;
    char *path = esp ? g_strdup_printf(
                           "they went inside ESP (Wireshark decrypted them: the IPsec SA was "
                           "up), so ESP (%s) is dropped on the path, or the server's IPsec took "
                           "them and its L2TP service does not answer",
                           s->info.esp == PD_ESP_UDP ? "in UDP 4500, NAT traversal"
                                                     : "IP protocol 50")
                     : g_strdup_printf("UDP %u is dropped on the path (a firewall or the ISP), or "
                                       "the server is down or its L2TP service not running",
                                       s->info.server_port);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_UDP1701_UNANSWERED, esp ? IN_ESP : PD_NO_VARIANT,
        PD_CONF_LIKELY,
        g_strdup_printf("The LAC sent %u SCCRQs to %s port %u over %.1f s%s and the LNS never "
                        "answered: %s. Windows reports this as error 809.",
                        t->n_sccrq, lns, s->info.server_port, now - t->first_sccrq_time,
                        eoc ? " (until the end of the capture)" : "", path));
    g_free(path);
    g_free(lns);
    pd_evidence(f, t->first_sccrq);
    pd_evidence(f, t->last_sccrq);
    if (!eoc)
        st->pending = f;
}

/* An ICMP error quoting the LAC's datagram to the LNS, before the LNS answered. */
static void icmp_unreachable(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (s->l2tp->answered ||
        pd_verdict_silent(s, NULL, PD_RULE_UDP1701_UNREACHABLE, PD_CONF_CONFIRMED))
        return; /* asked first: the ICMP error is the session's frame only if it says something */
    pd_track_touch(e, s, o);
    char *src = pd_addr_dup(&o->src), *lns = lns_text(s);
    const char *what = pd_icmp_code_name(o->src.family, ic->type, ic->code);
    gboolean v4 = o->src.family == 4;
    gboolean server_itself = pd_addr_equal(&o->src, &s->info.server);
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_UDP1701_UNREACHABLE, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("%s answered the LAC's L2TP datagram to %s port %u with ICMP Destination "
                        "Unreachable (%s, code %u): %s",
                        src, lns, ic->quoted_udp_dport, what ? what : "destination unreachable",
                        ic->code,
                        v4 && server_itself && ic->code == 3
                            ? "the server is up but nothing listens on UDP 1701 (its L2TP "
                              "service is not running)."
                        : v4 && (ic->code == 1 || ic->code == 0)
                            ? "that device has no route to the server, or the server is down."
                            : "that device blocks UDP 1701 (a firewall rule that rejects)."));
    g_free(src);
    g_free(lns);
    if (!f)
        return;
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = s->l2tp->last_sccrq;
    pd_evidence(f, s->l2tp->first_sccrq);
    pd_evidence(f, s->l2tp->last_sccrq);
}

/* What a Result Code of a StopCCN refusing the tunnel says (RFC 2661 4.4.2). */
static const char *refusal_hint(guint16 result)
{
    switch (result) {
    case 3: return "A control connection between these peers already exists on the LNS.";
    case 4: return "The LNS does not admit this LAC (its access control).";
    case 5: return "The LNS does not support the LAC's L2TP version.";
    case 6: return "The LNS is shutting down.";
    case 7: return "The LNS saw a message its state machine did not expect.";
    default: return "The LNS's access control, resources or configuration refused the LAC: its "
                    "Error Code and message say which.";
    }
}

/* The LNS's StopCCN at @o, before the tunnel was up. */
static void refused_tunnel(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_l2tp_tunnel *t = s->l2tp;
    const char *rn = pd_l2tp_result_name(PD_L2TP_StopCCN, t->stop_result);
    char *err = error_text(t->stop_has_error, t->stop_error, t->stop_message);
    char *lns = lns_text(s);
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_L2TP_TUNNEL_REFUSED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("The LNS %s refused the tunnel: it answered the LAC's SCCRQ with a "
                        "Stop-Control-Connection-Notification, Result Code %u (%s)%s. %s",
                        lns, t->stop_result, rn ? rn : "unknown", err,
                        refusal_hint(t->stop_result)));
    g_free(err);
    g_free(lns);
    pd_evidence(f, t->first_sccrq);
    pd_evidence(f, t->sccrp_frame);
}

/* A CDN at @o refusing link @c before it was connected. */
static void refused_call(pd_engine *e, pd_link *c, const pd_observation *o)
{
    const pd_l2tp_call *l = c->l2tp;
    const char *rn = pd_l2tp_result_name(PD_L2TP_CDN, l->cdn_result);
    char *err = error_text(l->cdn_has_error, l->cdn_error, l->cdn_message);
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_L2TP_CALL_REFUSED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("The %s refused the L2TP session the %s requested: Call-Disconnect-Notify "
                        "with Result Code %u (%s)%s, before the session was connected.",
                        pd_side_name(l->cdn_by), pd_side_name(l->request_by), l->cdn_result,
                        rn ? rn : "unknown", err));
    g_free(err);
    pd_evidence(f, c->request_frame);
    pd_evidence(f, c->reply_frame);
}

static void on_l2tp(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    const pd_l2tp_tunnel *t = s->l2tp;
    guint32 frame = ev->o->frame;
    if (t->answered == frame) { /* the LNS answered: the inference from silence no longer stands */
        l2tp_state *st = pd_session_slice_if_any(s, &pd_family_l2tp);
        if (st && st->pending) {
            pd_supersede(s, st->pending, frame);
            st->pending = NULL;
        }
    }
    if (t->stop_frame == frame && t->stop_by == PD_DIR_PAC && !t->scccn_frame &&
        !t->before_capture)
        refused_tunnel(e, s, ev->o);
    const pd_link *c = ev->c;
    if (c && c->l2tp->cdn_frame == frame && c->l2tp->cdn_by != c->l2tp->request_by &&
        !c->established)
        refused_call(e, ev->c, ev->o);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    if (!s || !s->l2tp)
        return;
    switch (ev->kind) {
    case PD_EV_TICK:
        check_unanswered(e, s, ev->o->frame, ev->o->time, FALSE);
        break;
    case PD_EV_L2TP:
        on_l2tp(e, ev);
        break;
    case PD_EV_ICMP_L2TP:
        icmp_unreachable(e, s, ev->o);
        break;
    default:
        break;
    }
}

/* A link ended by the LNS's CDN or StopCCN with nothing before it to explain it. After PPP's own
 * end (an LCP Terminate-Request of either side, an authentication failure, the LNS's LCP
 * Echo-Requests unanswered: its keepalive found the link dead) it is the orderly end of the
 * session (xl2tpd sends a CDN when pppd exits), not this. */
static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    const pd_l2tp_tunnel *t = c->s->l2tp;
    const pd_l2tp_call *l = c->l2tp;
    if (!t || !l || !c->ppp) /* end->by is -1: the sender of the CDN or StopCCN is recorded */
        return;
    if (c->s->info.roles_unsure)
        return; /* a tunnel from before the capture: the "LNS" may be the LAC hanging up */
    gboolean cdn = l->cdn_frame == end->frame && l->cdn_by == PD_DIR_PAC;
    gboolean stop = t->stop_frame == end->frame && t->stop_by == PD_DIR_PAC;
    const pd_ppp_link *p = c->ppp;
    if ((!cdn && !stop) || p->lcp_term[PD_DIR_PNS] || p->lcp_term[PD_DIR_PAC] || p->auth_fail ||
        p->echo_unanswered[PD_DIR_PAC])
        return;
    guint16 result = cdn ? l->cdn_result : t->stop_result;
    const char *rn = pd_l2tp_result_name(cdn ? PD_L2TP_CDN : PD_L2TP_StopCCN, result);
    char *err = cdn ? error_text(l->cdn_has_error, l->cdn_error, l->cdn_message)
                    : error_text(t->stop_has_error, t->stop_error, t->stop_message);
    char *lns = lns_text(c->s);
    guint32 ev[] = {c->reply_frame, c->net_frame, end->frame};
    pd_propose(e, c, end->frame, cands, PD_RULE_L2TP_TERMINATED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
               g_strdup_printf("The LNS %s ended the L2TP session (Session IDs %u of the LAC, %u "
                               "of the LNS) with a %s, Result Code %u (%s)%s, %s, and nothing "
                               "before it says why.",
                               lns, l->sid[PD_DIR_PNS], l->sid[PD_DIR_PAC],
                               cdn ? "Call-Disconnect-Notify"
                                   : "Stop-Control-Connection-Notification (the whole tunnel)",
                               result, rn ? rn : "unknown", err,
                               c->net_frame ? "while the link was up"
                                            : "before PPP reached the network phase"),
               ev, G_N_ELEMENTS(ev));
    g_free(err);
    g_free(lns);
}

static void on_finish(pd_engine *e, pd_session *s)
{
    if (s->l2tp)
        check_unanswered(e, s, s->l2tp->last_sccrq, e->last_time, TRUE);
}

const pd_family pd_family_l2tp = {
    .name = "l2tp", .carrier = PD_CARRIER_L2TP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(l2tp_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_L2TP) | PD_EV_BIT(PD_EV_ICMP_L2TP) | PD_EV_BIT(PD_EV_TICK),
    .on_call_end = on_call_end, .on_finish = on_finish,
};
