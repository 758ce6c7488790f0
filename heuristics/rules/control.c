/* rules/control.c: what the PPTP control connection says (RFC 2637 section 2): refusals of the
 * control connection or of a call, the server hanging up a call or the connection, its line
 * error counters, and Echo-Requests (the keep-alive) left unanswered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_names.h"

/* An Echo-Request unanswered for the echo_timeout preference (seconds, default 60: RFC 2637
 * section 2.5's keep-alive) counts as lost. */

static const pd_rule control_refused = {
    .id = PD_RULE_CONTROL_REFUSED, .name = "control-refused", .key = "control_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPTP control connection refused: Start-Control-Connection-Reply with an error",
    .ras = {619, 628, 0},
    .fix = "Act on the Result Code: 'not authorized' means the server's access list refuses this client; "
           "'command channel already exists' means another connection from this address is active "
           "(close it or wait); 'protocol version not supported' means incompatible PPTP software.",
    .seeds = "001_0504ecfb6838ebee.txt (619), RFC 2637 section 2.2",
    .wire = "Start-Control-Connection-Reply with a Result Code other than 1, decoded with its RFC 2637 name and General Error Code",
    .confidence = "confirmed",
};

static const pd_rule call_refused = {
    .id = PD_RULE_CALL_REFUSED, .name = "call-refused", .key = "call_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPTP call refused: Outgoing-Call-Reply with an error",
    .ras = {619, 0},
    .fix = "The server cannot take the call: its ports or address pool are exhausted (No-Resource, Busy), "
           "or its PPP service failed. Free or add ports and pool addresses on the server (RRAS ports, "
           "pptpd connections/remoteip) and retry.",
    .seeds = "001_0504ecfb6838ebee.txt (619), RFC 2637 sections 2.8 and 2.16",
    .wire = "Outgoing-Call-Reply (or Incoming-Call-Reply) with a Result Code other than 1 (General Error, No Carrier, Busy, No Dial Tone, Time-out, Do Not Accept) and its General Error Code (e.g. No-Resource)",
    .confidence = "confirmed",
};

static const pd_rule call_disconnected = {
    .id = PD_RULE_CALL_DISCONNECTED, .name = "call-disconnected", .key = "call_disconnected",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPTP call disconnected by the server: Call-Disconnect-Notify without a Call-Clear-Request",
    .ras = {628, 629, 0},
    .fix = "The server ended the call (Result Code says why: lost carrier, administrative shutdown, "
           "general error). Check the server's log and policies (idle or session time limits).",
    .seeds = "003_965bd2a90097e84d.txt (628/629), 004_10239a7ff750633b.txt (628/629), RFC 2637 section 2.11",
    .wire = "Call-Disconnect-Notify from the server without a Call-Clear-Request from the client, with its Result Code (Lost Carrier, General Error, Admin Shutdown) and Cause Code; not when a likely or confirmed finding already explains the call (the server hanging up is then its consequence)",
    .confidence = "confirmed",
};

static const pd_rule control_stopped = {
    .id = PD_RULE_CONTROL_STOPPED, .name = "control-stopped", .key = "control_stopped",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPTP control connection stopped by the server: Stop-Control-Connection-Request",
    .ras = {628, 629, 0},
    .fix = "The server shut the control connection (Reason says why: local shutdown, protocol version). "
           "Check that the PPTP service is not restarting or being stopped, and its log.",
    .seeds = "003_965bd2a90097e84d.txt (628/629), RFC 2637 section 2.3",
    .wire = "Stop-Control-Connection-Request from the server without the client asking, with its Reason; not when a likely or confirmed finding already explains the session",
    .confidence = "confirmed",
};

static const pd_rule control_closed = {
    .id = PD_RULE_CONTROL_CLOSED, .name = "control-closed", .key = "control_closed",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPTP control connection closed by the server before the tunnel was up",
    .ras = {619, 628, 629, 0},
    .fix = "Look at the server's PPTP log for why it dropped the connection: connection limit or address "
           "pool exhausted (enlarge the pool or free ports), another connection already active, or the "
           "service restarting; clear hung connections on the client (rasdial /disconnect) and retry.",
    .seeds = "001_0504ecfb6838ebee.txt (619), 003_965bd2a90097e84d.txt (628/629), 004_10239a7ff750633b.txt (628/629)",
    .wire = "the server closes (FIN) or resets TCP 1723 without the client asking: right after SCCRQ without SCCRP, before any call, during PPP negotiation or while the tunnel is up; not when a likely or confirmed finding already explains the session (a possible one does not stop it)",
    .confidence = "confirmed",
};

static const pd_rule wan_error = {
    .id = PD_RULE_WAN_ERROR, .name = "wan-error", .key = "wan_error",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_RESPONSE,
    .summary = "PPTP WAN-Error-Notify: the server reports line errors on the call",
    .ras = {0},
    .fix = "The counters are the server's; frequent CRC or framing errors point to a faulty link or to a "
           "device that rewrites PPTP traffic on the path.",
    .seeds = "RFC 2637 section 2.12",
    .wire = "WAN-Error-Notify with the server's CRC, framing, overrun, time-out and alignment error counters (a note: the session may still work)",
    .confidence = "confirmed",
};

static const pd_rule echo_unanswered = {
    .id = PD_RULE_PPTP_ECHO_UNANSWERED, .name = "pptp-echo-unanswered", .key = "pptp_echo_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPTP control connection lost: Echo-Requests on TCP 1723 unanswered",
    .ras = {628, 829, 0},
    .fix = "The path to the peer died or a stateful firewall/NAT dropped the idle TCP 1723 connection: "
           "check its idle timeout (keep it above the 60 s PPTP keep-alive) and the link.",
    .seeds = "003_965bd2a90097e84d.txt (628/629, 806), RFC 2637 section 2.5",
    .wire = "an Echo-Request on the control connection unanswered for `echo_timeout` seconds (seen at the next Echo-Request or when its sender gives the connection up)",
    .confidence = "likely",
};

static const pd_rule *const rows[] = {&control_refused, &call_refused, &call_disconnected,
                                      &control_stopped, &control_closed, &wan_error,
                                      &echo_unanswered};

/* What the server did without the client asking (control-closed, control-stopped,
 * call-disconnected), at most this many per session, kept until the client's own teardown. */
#define UNASKED_MAX 4

typedef struct {
    guint32 echo_req[2];   /* oldest unanswered Echo-Request per side [client, server] */
    double echo_req_time[2];
    guint echo_n[2];
    pd_finding *unasked[UNASKED_MAX]; /* findings that say the client did not ask */
    double unasked_stamp[UNASKED_MAX]; /* their frames' own times (pd_engine.stamp), seconds */
    guint n_unasked;
} echo_state;

/* Finding @f says the server acted without the client asking, at the current frame. */
static void unasked(pd_engine *e, pd_session *s, pd_finding *f)
{
    if (!f)
        return;
    echo_state *st = pd_session_slice(s, &pd_family_control);
    if (st->n_unasked == UNASKED_MAX)
        return;
    st->unasked[st->n_unasked] = f;
    st->unasked_stamp[st->n_unasked++] = e->stamp;
}

/* The client's teardown (CCRQ, StopCCRQ, FIN, RST) in frame @frame, stored after what the server
 * did but stamped before it (a capture merged from two interfaces without sorting: each
 * direction in its own blocks): the client did ask, and the findings that said it did not no
 * longer count. Stamped at the same time, it is the client's answer. */
static void client_asked(pd_engine *e, pd_session *s, guint32 frame)
{
    const echo_state *st = pd_session_slice_if_any(s, &pd_family_control);
    for (guint i = 0; st && i < st->n_unasked; i++)
        if (e->stamp < st->unasked_stamp[i])
            pd_supersede(s, st->unasked[i], frame);
}

static const char *result_text(guint16 type, guint8 code)
{
    const char *n = pd_pptp_result_name(type, code);
    return n ? n : "unknown";
}

/* ", General Error Code 4 (No-Resource)" when the message carries one. */
static char *error_text(const pd_obs_pptp *p)
{
    const char *n = pd_pptp_error_name(p->error);
    return p->error ? g_strdup_printf(", General Error Code %u (%s)", p->error, n ? n : "unknown")
                    : g_strdup("");
}

/* SCCRP or OCRP/ICRP whose Result Code is not success. */
static void refused(pd_engine *e, pd_session *s, pd_link *c, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    gboolean control = p->type == PD_PPTP_SCCRP;
    char *err = error_text(p);
    char *cause;
    if (control)
        cause = g_strdup_printf(
            "The server refused the control connection: Start-Control-Connection-Reply with Result "
            "Code %u (%s)%s. %s",
            p->result, result_text(p->type, p->result), err,
            p->result == 3   ? "Another control connection from this address is still active."
            : p->result == 4 ? "The server does not accept PPTP from this client."
            : p->result == 5 ? "Client and server PPTP versions are incompatible."
            : p->error == 4  ? "The server has no resources left (ports, address pool)."
                             : "The server's PPTP service failed.");
    else
        cause = g_strdup_printf(
            "The server refused the call: %s with Result Code %u (%s)%s. %s",
            pd_pptp_msg_name(p->type), p->result, result_text(p->type, p->result), err,
            p->error == 4 || p->result == 4 || p->result == 3
                ? "Its ports or address pool are exhausted (no resource for another call)."
                : "The server could not start PPP for the call.");
    g_free(err);
    pd_finding *f = pd_finding_new(e, s, control ? NULL : c, o->frame,
                                   control ? PD_RULE_CONTROL_REFUSED : PD_RULE_CALL_REFUSED,
                                   PD_NO_VARIANT, PD_CONF_CONFIRMED, cause);
    pd_evidence(f, control ? s->ctl.sccrq_frame : c->request_frame);
}

/* Call-Disconnect-Notify from the server that the client did not ask for (RFC 2637 2.11). */
static void disconnected(pd_engine *e, pd_link *c, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    char *err = error_text(p);
    char *ppp = c->net_frame ? g_strdup(", while the tunnel was up")
                : g_strdup_printf(", %.1f s after the call was set up and before PPP completed "
                                  "(GRE seen: %u from the client, %u from the server; if GRE is "
                                  "blocked as well, a capture on the server side shows it)",
                                  o->time - c->up_time, pd_pptp_gre(c, PD_DIR_PNS),
                                  pd_pptp_gre(c, PD_DIR_PAC));
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_CALL_DISCONNECTED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("The server disconnected the call (Call-Disconnect-Notify with Result Code "
                        "%u (%s)%s, Cause Code %u) without the client asking for it (no "
                        "Call-Clear-Request)%s.",
                        p->result, result_text(PD_PPTP_CDN, p->result), err, p->cause, ppp));
    pd_evidence(f, c->reply_frame);
    pd_evidence(f, c->net_frame);
    unasked(e, c->s, f);
    g_free(err);
    g_free(ppp);
}

/* The server closed (FIN) or reset the control connection, the client not having asked. */
static void closed(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (s->ctl.client_teardown)
        return;
    const char *how = (o->tcp.flags & PD_TCP_RST) ? "reset" : "closed (FIN)";
    char *cause;
    guint32 ev;
    pd_link *up = NULL;
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->established)
            up = c;
    }
    if (!s->ctl.sccrp_frame) {
        if (s->ctl.midstream)
            return;
        cause = g_strdup_printf(
            "The server %s the control connection %s, without a Start-Control-Connection-Reply: "
            "it accepts TCP 1723 but refuses PPTP sessions. Usual causes: its connection limit or "
            "address pool is exhausted (e.g. pptpd allows as many connections as remoteip has "
            "addresses), another session of this client is still active, or the service is "
            "restarting.",
            how, s->ctl.sccrq_frame ? "right after the client's Start-Control-Connection-Request"
                                : "before the client's Start-Control-Connection-Request");
        ev = s->ctl.sccrq_frame;
    } else if (up && up->net_frame) {
        cause = g_strdup_printf(
            "The server %s the control connection while the tunnel was up (network phase since "
            "frame %u), without Call-Disconnect-Notify or Stop-Control-Connection-Request: the "
            "server dropped the session (service restart, policy) or a device on the path reset "
            "TCP 1723.",
            how, up->net_frame);
        ev = up->net_frame;
    } else if (up) {
        cause = g_strdup_printf(
            "The server %s the control connection while PPP was being negotiated on the call set "
            "up in frame %u, without Call-Disconnect-Notify: the server gave up on the call (PPP "
            "negotiation failed or timed out on its side).",
            how, up->reply_frame);
        ev = up->reply_frame;
    } else {
        cause = g_strdup_printf(
            "The server %s the control connection after it was established (frame %u) and before "
            "any call was set up.",
            how, s->ctl.sccrp_frame);
        ev = s->ctl.sccrp_frame;
    }
    pd_finding *f = pd_finding_new(e, s, NULL, o->frame, PD_RULE_CONTROL_CLOSED, PD_NO_VARIANT,
                                   PD_CONF_CONFIRMED, cause);
    pd_evidence(f, ev);
    unasked(e, s, f);
}

static void stopped(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (s->ctl.client_teardown)
        return;
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_CONTROL_STOPPED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("The server stopped the control connection (Stop-Control-Connection-Request, "
                        "Reason %u (%s)) without the client asking for it.",
                        o->pptp.reason, result_text(PD_PPTP_StopCCRQ, o->pptp.reason)));
    pd_evidence(f, s->ctl.sccrp_frame);
    unasked(e, s, f);
}

/* Echo-Request of side @x (0 client, 1 server) unanswered for echo_timeout seconds, seen when @x
 * sends another one (@closing FALSE) or gives the connection up (@closing TRUE). */
static void echo_check(pd_engine *e, pd_session *s, int x, const pd_observation *o,
                       gboolean closing)
{
    const echo_state *st = pd_session_slice_if_any(s, &pd_family_control);
    if (!st || st->echo_n[x] == 0)
        return;
    double waited = o->time - st->echo_req_time[x];
    if (waited < e->cfg.echo_timeout)
        return;
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_PPTP_ECHO_UNANSWERED, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("The %s's PPTP Echo-Requests on the control connection went unanswered "
                        "(%u since frame %u, %.0f s)%s: the path to the %s died or a stateful "
                        "firewall/NAT dropped the TCP 1723 connection.",
                        pd_side_name(x), st->echo_n[x], st->echo_req[x], waited,
                        closing ? ", and it gave the connection up" : "", pd_side_name(1 - x)));
    pd_evidence(f, st->echo_req[x]);
}

static void on_pptp(pd_engine *e, const pd_event *ev)
{
    const pd_obs_pptp *p = &ev->o->pptp;
    pd_session *s = ev->s;
    pd_link *c = ev->c;
    echo_state *st;
    switch (p->type) {
    case PD_PPTP_SCCRP:
        if (p->has_result && p->result != 1)
            refused(e, s, NULL, ev->o);
        break;
    case PD_PPTP_OCRP:
    case PD_PPTP_ICRP:
        if (c && p->has_result && p->result != 1 && !c->established)
            refused(e, s, c, ev->o);
        break;
    case PD_PPTP_CDN:
        if (c && !s->ctl.client_teardown)
            disconnected(e, c, ev->o);
        break;
    case PD_PPTP_StopCCRQ:
        if (ev->dir == PD_DIR_PAC)
            stopped(e, s, ev->o);
        else
            client_asked(e, s, ev->o->frame);
        break;
    case PD_PPTP_CCRQ:
        client_asked(e, s, ev->o->frame);
        break;
    case PD_PPTP_ECHORQ:
        echo_check(e, s, ev->dir, ev->o, FALSE);
        st = pd_session_slice(s, &pd_family_control);
        if (st->echo_n[ev->dir]++ == 0) {
            st->echo_req[ev->dir] = ev->o->frame;
            st->echo_req_time[ev->dir] = ev->o->time;
        }
        break;
    case PD_PPTP_ECHORP:
        st = pd_session_slice(s, &pd_family_control);
        st->echo_n[1 - ev->dir] = 0;
        break;
    case PD_PPTP_WEN: {
        const guint32 *w = p->wan_errors;
        pd_finding_new(e, s, NULL, ev->o->frame, PD_RULE_WAN_ERROR, PD_NO_VARIANT,
                       PD_CONF_CONFIRMED,
                       g_strdup_printf("The server reports line errors on the call "
                                       "(WAN-Error-Notify): CRC %u, framing %u, hardware overruns "
                                       "%u, buffer overruns %u, time-out %u, alignment %u.",
                                       w[0], w[1], w[2], w[3], w[4], w[5]));
        break;
    }
    default:
        break;
    }
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    switch (ev->kind) {
    case PD_EV_PPTP:
        on_pptp(e, ev);
        break;
    case PD_EV_FIN_RST:
        echo_check(e, ev->s, ev->dir, ev->o, TRUE);
        if (ev->dir == PD_DIR_PNS)
            client_asked(e, ev->s, ev->o->frame);
        break;
    case PD_EV_CONTROL_END:
        if (ev->dir == PD_DIR_PAC)
            closed(e, ev->s, ev->o);
        break;
    default:
        break;
    }
}

const pd_family pd_family_control = {
    .name = "control", .carrier = PD_CARRIER_PPTP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(echo_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPTP) | PD_EV_BIT(PD_EV_FIN_RST) | PD_EV_BIT(PD_EV_CONTROL_END),
};
