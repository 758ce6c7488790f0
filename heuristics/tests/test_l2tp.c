/* test_l2tp.c: the engine on L2TP observations (RFC 2661 over UDP 1701): the control connection's
 * and sessions' failures (rules/l2tp.c), the PPP families over an L2TP session, and the edges of
 * a capture (one direction, mid-tunnel, strays, Ns/Nr wrapping, many tunnels under the cap).
 * Sequences, IDs and times follow the lab's real captures (test-captures/vpn/l2tp: xl2tpd 1.3.18
 * and pppd on both sides; the LAC 10.10.1.2, the LNS 10.10.2.2, the router 10.10.1.1), client
 * side (TTLs 64 / 63) and server side (63 / 64).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"

/* The IDs of success/client.pcap: each side's Tunnel ID and Session ID. */
#define LAC_TID 62410
#define LNS_TID 43292
#define LAC_SID 48182
#define LNS_SID 48311

/* A trace captured on the client (@server_side FALSE) or on the server. */
static trace *l2tp_trace(gboolean server_side)
{
    trace *tr = trace_new();
    tr->client_ttl = server_side ? 63 : 64;
    tr->server_ttl = server_side ? 64 : 63;
    return tr;
}

/* The live (not superseded) finding of rule @name in session @session, or NULL. */
static const pd_finding *live(trace *tr, guint session, const char *name)
{
    for (guint i = 0; i < pd_engine_n_findings(tr->e, session); i++) {
        const pd_finding *f = pd_engine_finding(tr->e, session, i);
        if (!f->superseded_by && g_strcmp0(pd_rule_get(f->rule)->name, name) == 0)
            return f;
    }
    return NULL;
}

/* Findings of session @session of a rule of warning severity or worse, superseded or not. */
static guint n_failures(trace *tr, guint session)
{
    guint n = 0;
    for (guint i = 0; i < pd_engine_n_findings(tr->e, session); i++)
        n += pd_rule_get(pd_engine_finding(tr->e, session, i)->rule)->severity >= PD_SEV_WARN;
    return n;
}

/* A StopCCN or CDN from @from_client with the header's IDs, its sender's assigned ID and Result
 * Code @result (Error Code @error when >= 0, message @msg when not NULL). */
static guint32 notify(trace *tr, gboolean from_client, guint16 type, guint16 tid, guint16 sid,
                      guint16 assigned, guint16 result, int error, const char *msg, double dt)
{
    pd_obs_l2tp m;
    memset(&m, 0, sizeof m);
    m.control = m.has_seq = TRUE;
    m.type = type;
    m.tunnel_id = tid;
    m.session_id = sid;
    if (type == PD_L2TP_StopCCN)
        m.assigned_tunnel_id = assigned;
    else
        m.assigned_session_id = assigned;
    m.has_result = TRUE;
    m.result = result;
    m.has_error = error >= 0;
    m.error = (guint16)MAX(error, 0);
    if (msg)
        g_strlcpy(m.error_message, msg, sizeof m.error_message);
    return l2tp_x(tr, from_client, m, dt);
}

/* The tunnel and the L2TP session of success/client.pcap, frames 3-11: returns the ICCN's
 * frame (the SCCCN's is 5 frames earlier). */
static guint32 setup(trace *tr)
{
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.001);
    l2tp_ctl(tr, FALSE, PD_L2TP_SCCRP, LAC_TID, 0, LNS_TID, 0, 0.008);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCCN, LNS_TID, 0, 0, 0, 0.016);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, 0, 0, 0, 0.004);
    l2tp_ctl(tr, TRUE, PD_L2TP_ICRQ, LNS_TID, 0, 0, LAC_SID, 0.016);
    l2tp_ctl(tr, FALSE, PD_L2TP_ICRP, LAC_TID, LAC_SID, 0, LNS_SID, 0.002);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, 0, 0, 0, 0.0);
    guint32 iccn = l2tp_ctl(tr, TRUE, PD_L2TP_ICCN, LNS_TID, LNS_SID, 0, 0, 0.004);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, LAC_SID, 0, 0, 0.016);
    return iccn;
}

/* A PPP frame of the L2TP session from the client (to the LNS's IDs) or the server. */
static guint32 ppp(trace *tr, gboolean from_client, guint16 proto, guint8 code, const char *msg,
                   double dt)
{
    return l2tp_ppp(tr, from_client, from_client ? LNS_TID : LAC_TID,
                    from_client ? LNS_SID : LAC_SID, proto, code, msg, dt);
}

/* LCP both ways, MS-CHAPv2 with the server's @answer (@msg), as success/client.pcap frames
 * 12-22; returns the answer's frame. */
static guint32 lcp_chap(trace *tr, guint8 answer, const char *msg)
{
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.286);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.010);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.002);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.005);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.006);
    ppp(tr, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.014);
    return ppp(tr, FALSE, PD_PPP_CHAP, answer, msg, 0.004);
}

/* success/client.pcap frames 12-34: PPP up to the network phase, whose frame it returns. */
static guint32 ppp_up(trace *tr)
{
    lcp_chap(tr, PD_CHAP_SUCCESS, "S=1A2B M=Access granted");
    ppp(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.011);
    ppp(tr, TRUE, PD_PPP_IPV6CP, PD_CP_CONF_REQ, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.004);
    ppp(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_IPV6CP, PD_CP_CONF_REQ, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_IPV6CP, PD_CP_CONF_ACK, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_NAK, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.002);
    ppp(tr, FALSE, PD_PPP_IPV6CP, PD_CP_CONF_ACK, NULL, 0.010);
    ppp(tr, TRUE, PD_PPP_IPV6, 0, NULL, 0.002);
    ppp(tr, FALSE, PD_PPP_IPV6, 0, NULL, 0.003);
    return ppp(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.029);
}

/* success, client and server side: healthy, the client's StopCCN "Goodbye!" and the LCP
 * Terminate-Requests after it no failure; the link's IDs in the face. */
static void check_success(gboolean server_side)
{
    trace *tr = l2tp_trace(server_side);
    guint32 iccn = setup(tr);
    guint32 up = ppp_up(tr);
    for (int i = 0; i < 3; i++) {
        ppp(tr, TRUE, PD_PPP_IP, 0, NULL, 0.5);
        ppp(tr, FALSE, PD_PPP_IP, 0, NULL, 0.001);
    }
    notify(tr, TRUE, PD_L2TP_StopCCN, LNS_TID, 0, LAC_TID, 1, 0, "Goodbye!", 1.6);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, 0, 0, 0, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.057);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.012);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_cmpuint(s->carrier, ==, PD_CARRIER_L2TP);
    g_assert_cmpuint(s->client_port, ==, PD_L2TP_PORT);
    g_assert_cmpuint(s->server_port, ==, PD_L2TP_PORT);
    g_assert_cmpint(s->verdict, ==, PD_VERDICT_HEALTHY);
    g_assert_cmpint(s->verdict_finding->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(s->verdict_finding->frame, ==, up);
    g_assert_cmpstr(s->verdict_finding->cause, ==, "The L2TP session is up: LCP opened, "
                    "authentication passed and IPCP was acknowledged in both directions.");
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    g_assert_cmpint(pd_engine_frame(tr->e, iccn - 5)->milestone, ==, PD_MS_L2TP_TUNNEL_UP);
    g_assert_cmpint(pd_engine_frame(tr->e, iccn)->milestone, ==, PD_MS_L2TP_SESSION_UP);
    pd_call_info ci;
    g_assert_true(pd_engine_call(tr->e, 0, 0, &ci));
    g_assert_cmpuint(ci.l2tp_tunnel_id[0], ==, LAC_TID);
    g_assert_cmpuint(ci.l2tp_tunnel_id[1], ==, LNS_TID);
    g_assert_cmpuint(ci.l2tp_session_id[0], ==, LAC_SID);
    g_assert_cmpuint(ci.l2tp_session_id[1], ==, LNS_SID);
    g_assert_true(ci.established);
    g_assert_false(pd_engine_saw_pptp(tr->e));
    for (guint32 f = 1; f <= tr->frame; f++) /* every message is the session's */
        g_assert_true(pd_engine_frame(tr->e, f)->has_session);
    check_frame_sessions(tr);
    trace_free(tr);
}

static void test_success(void)
{
    check_success(FALSE);
    check_success(TRUE);
}

/* udp1701_dropped/client.pcap: SCCRQs at 0, 1, 3, 7 and 15 s, then the LAC's StopCCN "Timeout"
 * (no LNS Tunnel ID yet: 0 in the header) and its retransmission; nothing from the LNS. */
static void test_dropped(void)
{
    trace *tr = l2tp_trace(FALSE);
    guint32 first = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 13247, 0, 0.006);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 13247, 0, 0.975);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 13247, 0, 2.003);
    guint32 at7 = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 13247, 0, 4.001);
    g_assert_null(live(tr, 0, "udp1701-unanswered")); /* 7 s: not yet */
    guint32 at15 = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 13247, 0, 8.008);
    guint32 stop = notify(tr, TRUE, PD_L2TP_StopCCN, 0, 0, 13247, 1, 0, "Timeout", 16.026);
    notify(tr, TRUE, PD_L2TP_StopCCN, 0, 0, 13247, 1, 0, "Timeout", 0.994);
    pd_engine_finish(tr->e);
    /* the LAC gave up: its StopCCN, keyed by its own Tunnel ID, ends the attempt */
    g_assert_cmpint(pd_engine_frame(tr->e, stop)->milestone, ==, PD_MS_L2TP_TUNNEL_CLOSED);
    g_assert_cmpuint(pd_engine_frame(tr->e, tr->frame)->session, ==, 0);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_finding *f = live(tr, 0, "udp1701-unanswered");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, at15);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->ras[0], ==, 809);
    g_assert_true(has_evidence(f, first) && has_evidence(f, at15));
    g_assert_false(has_evidence(f, at7));
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    /* only the LAC's packets, but none answers the LNS: unanswered, not one direction */
    g_assert_null(live(tr, 0, "capture-one-direction"));
    trace_free(tr);
}

/* esp_dropped/client.pcap with its ESP SAs (L2TP/IPsec): the same SCCRQs, decrypted from ESP on
 * IP (or, behind NAT, ESP in UDP 4500): the session says so, and the unanswered SCCRQs blame ESP
 * on the path or the server's L2TP service, not UDP 1701 (variant inside-esp). */
static void check_dropped_in_esp(guint8 esp)
{
    trace *tr = l2tp_trace(FALSE);
    tr->esp = esp;
    guint32 first = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 36155, 0, 1.7);
    for (guint i = 0; i < 4; i++)
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 36155, 0, i ? 2.0 * i : 1.0);
    guint32 last = tr->frame;
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_session(tr->e, 0)->esp, ==, esp);
    const pd_finding *f = live(tr, 0, "udp1701-unanswered");
    g_assert_nonnull(f);
    g_assert_true(has_evidence(f, first) && has_evidence(f, last));
    g_assert_cmpuint(f->ras[0], ==, 809);
    const pd_rule *r = pd_rule_get(f->rule);
    g_assert_cmpstr(r->variants[f->variant].name, ==, "inside-esp");
    g_assert_nonnull(strstr(f->cause, esp == PD_ESP_UDP ? "ESP (in UDP 4500" : "ESP (IP protocol 50)"));
    g_assert_null(strstr(f->cause, "UDP 1701 is dropped"));
    trace_free(tr);
}

static void test_dropped_in_esp(void)
{
    check_dropped_in_esp(PD_ESP_IP);
    check_dropped_in_esp(PD_ESP_UDP);
    /* in clear: no variant, and UDP 1701 is named */
    trace *tr = l2tp_trace(FALSE);
    for (guint i = 0; i < 5; i++)
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 36155, 0, i ? 2.0 * i : 1.0);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_session(tr->e, 0)->esp, ==, PD_ESP_NONE);
    const pd_finding *f = live(tr, 0, "udp1701-unanswered");
    g_assert_nonnull(f);
    g_assert_cmpint(f->variant, ==, -1); /* no variant */
    g_assert_nonnull(strstr(f->cause, "UDP 1701 is dropped"));
    trace_free(tr);
}

/* An answer after the inference withdraws it: the LNS was slow, not unreachable. */
static void test_late_answer(void)
{
    trace *tr = l2tp_trace(FALSE);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.006);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 11);
    guint32 answer = l2tp_ctl(tr, FALSE, PD_L2TP_SCCRP, LAC_TID, 0, LNS_TID, 0, 0.1);
    pd_engine_finish(tr->e);
    const pd_finding *f = pd_engine_finding(tr->e, 0, 0);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "udp1701-unanswered");
    g_assert_cmpuint(f->superseded_by, ==, answer);
    g_assert_null(live(tr, 0, "udp1701-unanswered"));
    trace_free(tr);
}

/* udp1701_icmp_prohibited/client.pcap: every SCCRQ and StopCCN answered by ICMP 3/13 from the
 * router: unreachable, confirmed, named by the router, once; never also unanswered. */
static void test_icmp_prohibited(void)
{
    trace *tr = l2tp_trace(FALSE);
    guint32 sccrq = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 49692, 0, 0.001);
    guint32 icmp = icmp_udp(tr, ROUTER, 13, 0.006);
    const double at[] = {0.994, 2.002, 4.003, 8.008};
    for (guint i = 0; i < G_N_ELEMENTS(at); i++) {
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 49692, 0, at[i]);
        icmp_udp(tr, ROUTER, 13, 0.001);
    }
    notify(tr, TRUE, PD_L2TP_StopCCN, 0, 0, 49692, 1, 0, "Timeout", 16.02);
    icmp_udp(tr, ROUTER, 13, 0.003);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_finding *f = only_finding_at(tr, icmp);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "udp1701-unreachable");
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->ras[0], ==, 809);
    g_assert_true(f->has_blocked_by);
    pd_addr router = trace_addr(tr, ROUTER);
    g_assert_true(pd_addr_equal(&f->blocked_by, &router));
    g_assert_true(has_evidence(f, sccrq));
    g_assert_nonnull(strstr(f->cause, "blocks UDP 1701"));
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    g_assert_true(pd_engine_frame(tr->e, icmp)->has_session);
    trace_free(tr);
}

/* An ICMP error quoting UDP 1701 of no attempt, a StopCCN and a CDN for no known tunnel, data
 * of an unknown tunnel: no session, no finding. */
static void test_strays(void)
{
    trace *tr = l2tp_trace(FALSE);
    icmp_udp(tr, ROUTER, 13, 0.1);
    notify(tr, FALSE, PD_L2TP_StopCCN, 777, 0, 888, 2, 6, "who?", 0.1);
    notify(tr, TRUE, PD_L2TP_CDN, 999, 5, 6, 3, -1, NULL, 0.1);
    l2tp_ctl(tr, TRUE, PD_L2TP_HELLO, 999, 0, 0, 0, 0.1);
    l2tp_ctl(tr, TRUE, PD_L2TP_StopCCN, 0, 0, 0, 0, 0.1); /* nothing to key at all */
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 0);
    /* a data message is of an L2TP session that was up: a tunnel from before the capture */
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.1);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_true(pd_engine_session(tr->e, 0)->roles_unsure);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_UNDETERMINED);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    trace_free(tr);
}

/* tunnel_refused, client and server side: SCCRQ, the LNS's ZLB, then its StopCCN result 2, error
 * 6, "No Authorization" (xl2tpd's access control), the LAC's ZLB to the LNS's new Tunnel ID. */
static void check_tunnel_refused(gboolean server_side)
{
    trace *tr = l2tp_trace(server_side);
    guint32 sccrq = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 31410, 0, 0.001);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, 31410, 0, 0, 0, 0.005);
    guint32 stop = notify(tr, FALSE, PD_L2TP_StopCCN, 31410, 0, 9877, 2, 6, "No Authorization",
                          0.008);
    guint32 zlb = l2tp_ctl(tr, TRUE, PD_L2TP_ZLB, 9877, 0, 0, 0, 0.005);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_finding *f = only_finding_at(tr, stop);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "l2tp-tunnel-refused");
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->ras[0], ==, 628);
    g_assert_true(has_evidence(f, sccrq));
    g_assert_nonnull(strstr(f->cause, "Result Code 2 (General error)"));
    g_assert_nonnull(strstr(f->cause, "Error Code 6"));
    g_assert_nonnull(strstr(f->cause, "\"No Authorization\""));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    g_assert_true(pd_engine_frame(tr->e, zlb)->has_session);
    trace_free(tr);
}

static void test_tunnel_refused(void)
{
    check_tunnel_refused(FALSE);
    check_tunnel_refused(TRUE);
}

/* bad_password, both sides: CHAP Failure E=691, LCP Terminate both ways, then the LNS's CDN and
 * later the LAC's StopCCN "Server closing": auth-failed 691, the CDN is the orderly end. */
static void check_bad_password(gboolean server_side)
{
    trace *tr = l2tp_trace(server_side);
    setup(tr);
    guint32 fail = lcp_chap(tr, PD_CHAP_FAILURE, "E=691 R=1 C=0123 V=3 M=Authentication failure");
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.006);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_ACK, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_ACK, NULL, 0.0);
    guint32 cdn = notify(tr, FALSE, PD_L2TP_CDN, LAC_TID, LAC_SID, LNS_SID, 1, 0, NULL, 0.068);
    l2tp_ctl(tr, TRUE, PD_L2TP_ZLB, LNS_TID, LNS_SID, 0, 0, 0.001);
    l2tp_ctl(tr, FALSE, PD_L2TP_HELLO, LAC_TID, 0, 0, 0, 59.6);
    l2tp_ctl(tr, TRUE, PD_L2TP_ZLB, LNS_TID, 0, 0, 0, 0.004);
    notify(tr, TRUE, PD_L2TP_StopCCN, LNS_TID, 0, LAC_TID, 1, 0, "Server closing", 4.4);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, 0, 0, 0, 0.02);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, fail);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "auth-failed");
    g_assert_cmpuint(f->ras[0], ==, 691);
    g_assert_true(pd_engine_session(tr->e, 0)->verdict_finding == f);
    g_assert_null(findings_at(tr, cdn));
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    g_assert_cmpint(pd_engine_frame(tr->e, cdn)->milestone, ==, PD_MS_L2TP_SESSION_CLEARED);
    trace_free(tr);
}

static void test_bad_password(void)
{
    check_bad_password(FALSE);
    check_bad_password(TRUE);
}

/* link_dies/client.pcap: up, then the router drops UDP 1701: the client's LCP echoes unanswered
 * (6.4, 8.4, 10.4 s), its LCP Terminate-Requests, its CDN retransmitted five times, its StopCCN:
 * lcp-echo-lost, worded for L2TP. */
static void test_link_dies_client(void)
{
    trace *tr = l2tp_trace(FALSE);
    setup(tr);
    ppp_up(tr);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 1.9);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    guint32 term = ppp(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, "Peer not responding", 2.1);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, "Peer not responding", 3.0);
    const double at[] = {3.0, 1.0, 2.0, 4.0, 8.0};
    for (guint i = 0; i < G_N_ELEMENTS(at); i++)
        notify(tr, TRUE, PD_L2TP_CDN, LNS_TID, LNS_SID, LAC_SID, 1, 0, NULL, at[i]);
    notify(tr, TRUE, PD_L2TP_StopCCN, LNS_TID, 0, LAC_TID, 1, 0, "Server closing", 5.5);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "lcp-echo-lost");
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->ras[0], ==, 829);
    g_assert_nonnull(strstr(f->cause, "UDP 1701 from the server stopped getting through"));
    g_assert_nonnull(strstr(f->cause, "L2TP data messages (UDP 1701)"));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_null(live(tr, 0, "l2tp-terminated"));
    g_assert_null(live(tr, 0, "healthy"));
    trace_free(tr);
}

/* link_dies/server.pcap: the LNS's echoes unanswered (10.4, 20.4, 30.4 s), then its own StopCCN
 * "Server closing" and LCP Terminate-Request: lcp-echo-lost; the StopCCN after its keepalive
 * found the link dead is no l2tp-terminated. */
static void test_link_dies_server(void)
{
    trace *tr = l2tp_trace(TRUE);
    setup(tr);
    ppp_up(tr);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 1.9);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.001);
    ppp(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.001);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 6.0);
    ppp(tr, FALSE, PD_PPP_IPV6, 0, NULL, 2.1);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 7.9);
    ppp(tr, FALSE, PD_PPP_IPV6, 0, NULL, 8.0);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.1);
    guint32 stop = notify(tr, FALSE, PD_L2TP_StopCCN, LAC_TID, 0, LNS_TID, 1, 0,
                          "Server closing", 9.3);
    ppp(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.08);
    pd_engine_finish(tr->e);
    const pd_finding *f = live(tr, 0, "lcp-echo-lost");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, stop);
    g_assert_true(pd_engine_session(tr->e, 0)->verdict_finding == f);
    g_assert_null(live(tr, 0, "l2tp-terminated"));
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    g_assert_cmpint(pd_engine_frame(tr->e, stop)->milestone, ==, PD_MS_L2TP_TUNNEL_CLOSED);
    trace_free(tr);
}

/* The LNS ends a working session with a CDN (@stop FALSE) or a StopCCN, nothing before it:
 * l2tp-terminated, confirmed, 629 first; the healthy finding is withdrawn. */
static void check_terminated(gboolean stop)
{
    trace *tr = l2tp_trace(FALSE);
    setup(tr);
    ppp_up(tr);
    ppp(tr, TRUE, PD_PPP_IP, 0, NULL, 0.5);
    ppp(tr, FALSE, PD_PPP_IP, 0, NULL, 0.001);
    guint32 end = stop ? notify(tr, FALSE, PD_L2TP_StopCCN, LAC_TID, 0, LNS_TID, 6, -1, NULL, 3)
                       : notify(tr, FALSE, PD_L2TP_CDN, LAC_TID, LAC_SID, LNS_SID, 3, -1, NULL, 3);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, end);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "l2tp-terminated");
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->ras[0], ==, 629);
    g_assert_nonnull(strstr(f->cause, stop ? "Requester is being shut down"
                                           : "Call disconnected for administrative reasons"));
    g_assert_nonnull(strstr(f->cause, "while the link was up"));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_null(live(tr, 0, "healthy"));
    trace_free(tr);
}

static void test_terminated(void)
{
    check_terminated(FALSE);
    check_terminated(TRUE);
}

/* The client hangs up (its CDN and StopCCN) after the session worked: healthy. */
static void test_client_hangs_up(void)
{
    trace *tr = l2tp_trace(FALSE);
    setup(tr);
    ppp_up(tr);
    notify(tr, TRUE, PD_L2TP_CDN, LNS_TID, LNS_SID, LAC_SID, 3, -1, NULL, 2);
    notify(tr, TRUE, PD_L2TP_StopCCN, LNS_TID, 0, LAC_TID, 1, 0, "Goodbye!", 0.1);
    pd_engine_finish(tr->e);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    trace_free(tr);
}

/* The LNS answers the ICRQ with a CDN (no facilities): l2tp-call-refused, about the link. */
static void test_call_refused(void)
{
    trace *tr = l2tp_trace(FALSE);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.001);
    l2tp_ctl(tr, FALSE, PD_L2TP_SCCRP, LAC_TID, 0, LNS_TID, 0, 0.008);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCCN, LNS_TID, 0, 0, 0, 0.016);
    guint32 icrq = l2tp_ctl(tr, TRUE, PD_L2TP_ICRQ, LNS_TID, 0, 0, LAC_SID, 0.016);
    guint32 cdn = notify(tr, FALSE, PD_L2TP_CDN, LAC_TID, LAC_SID, LNS_SID, 4, 4,
                         "no more sessions", 0.002);
    l2tp_ctl(tr, TRUE, PD_L2TP_ZLB, LNS_TID, 0, 0, 0, 0.004);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, cdn);
    g_assert_cmpstr(pd_rule_get(f->rule)->name, ==, "l2tp-call-refused");
    g_assert_cmpint(f->call, ==, 0);
    g_assert_cmpuint(f->ras[0], ==, 628);
    g_assert_true(has_evidence(f, icrq));
    g_assert_nonnull(strstr(f->cause, "Insufficient resources"));
    g_assert_nonnull(strstr(f->cause, "\"no more sessions\""));
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    trace_free(tr);
}

/* The LAC withdraws its own request before an answer (its CDN, RFC 2661 6.12): no refusal. */
static void test_call_withdrawn(void)
{
    trace *tr = l2tp_trace(FALSE);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.001);
    l2tp_ctl(tr, FALSE, PD_L2TP_SCCRP, LAC_TID, 0, LNS_TID, 0, 0.008);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCCN, LNS_TID, 0, 0, 0, 0.016);
    l2tp_ctl(tr, TRUE, PD_L2TP_ICRQ, LNS_TID, 0, 0, LAC_SID, 0.016);
    guint32 cdn = notify(tr, TRUE, PD_L2TP_CDN, LNS_TID, 0, LAC_SID, 3, -1, NULL, 2);
    pd_engine_finish(tr->e);
    g_assert_cmpint(pd_engine_frame(tr->e, cdn)->milestone, ==, PD_MS_L2TP_SESSION_CLEARED);
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    trace_free(tr);
}

/* A lone SCCRQ at the end of the capture concludes nothing, and says why. */
static void test_lone_sccrq(void)
{
    trace *tr = l2tp_trace(FALSE);
    guint32 sccrq = l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.001);
    pd_engine_capture_end(tr->e, tr->t + 40);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_UNDETERMINED);
    char *why = pd_engine_undetermined_reason(tr->e, 0);
    char *want = g_strdup_printf("the LAC sent one SCCRQ (frame %u)", sccrq);
    g_assert_true(g_str_has_prefix(why, want));
    g_free(want);
    g_free(why);
    trace_free(tr);
}

/* Only the LAC's direction (the LNS's packets take another path): its SCCCN carries the LNS's
 * Tunnel ID, its ICCN the LNS's Session ID, so the LNS answered; its data messages are the
 * link's. No failure is inferred from the missing direction. */
static void test_one_direction_lac(void)
{
    trace *tr = l2tp_trace(FALSE);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, LAC_TID, 0, 0.001);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCCN, LNS_TID, 0, 0, 0, 0.024);
    l2tp_ctl(tr, TRUE, PD_L2TP_ICRQ, LNS_TID, 0, 0, LAC_SID, 0.02);
    guint32 iccn = l2tp_ctl(tr, TRUE, PD_L2TP_ICCN, LNS_TID, LNS_SID, 0, 0, 0.006);
    guint32 data = ppp(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.3);
    for (int i = 0; i < 10; i++)
        ppp(tr, TRUE, PD_PPP_IP, 0, NULL, 1.5);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_null(live(tr, 0, "udp1701-unanswered"));
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    g_assert_cmpint(pd_engine_frame(tr->e, iccn)->milestone, ==, PD_MS_L2TP_SESSION_UP);
    g_assert_true(pd_engine_frame(tr->e, data)->has_session);
    g_assert_cmpuint(pd_engine_n_calls(tr->e, 0), ==, 1);
    /* the LAC's messages carry the LNS's Tunnel ID: it was answered, the capture lacks that */
    g_assert_nonnull(live(tr, 0, "capture-one-direction"));
    trace_free(tr);
}

/* Only the LNS's direction, from its SCCRP (the capture began after the SCCRQ): a session from
 * there on; its data messages are the link's. */
static void test_one_direction_lns(void)
{
    trace *tr = l2tp_trace(TRUE);
    l2tp_ctl(tr, FALSE, PD_L2TP_SCCRP, LAC_TID, 0, LNS_TID, 0, 0.008);
    l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, LAC_TID, 0, 0, 0, 0.02);
    l2tp_ctl(tr, FALSE, PD_L2TP_ICRP, LAC_TID, LAC_SID, 0, LNS_SID, 0.02);
    guint32 data = ppp(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.3);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 0 + 1);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    pd_addr lac = trace_addr(tr, CLIENT);
    g_assert_true(pd_addr_equal(&s->client, &lac));
    g_assert_true(pd_engine_frame(tr->e, data)->has_session);
    g_assert_cmpuint(n_failures(tr, 0), ==, 0);
    g_assert_nonnull(live(tr, 0, "capture-one-direction"));
    trace_free(tr);
}

/* A capture that starts mid-tunnel: the data messages of a tunnel whose set-up it lacks make a
 * session (roles guessed), whose Hellos, ZLBs and CDN then join it; a new attempt after them is
 * diagnosed as usual. */
static void test_mid_tunnel(void)
{
    trace *tr = l2tp_trace(FALSE);
    for (int i = 0; i < 5; i++) {
        ppp(tr, TRUE, PD_PPP_IP, 0, NULL, 0.5);
        ppp(tr, FALSE, PD_PPP_IP, 0, NULL, 0.001);
    }
    /* the tunnel and its L2TP session, found by the data messages: up, PPP data both ways */
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_true(pd_engine_session(tr->e, 0)->roles_unsure);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    pd_call_info ci;
    g_assert_true(pd_engine_call(tr->e, 0, 0, &ci));
    g_assert_true(ci.before_capture);
    g_assert_cmpuint(ci.l2tp_session_id[0], ==, LAC_SID);
    g_assert_cmpuint(ci.l2tp_session_id[1], ==, LNS_SID);
    g_assert_cmpuint(ci.l2tp_tunnel_id[0], ==, LAC_TID);
    g_assert_cmpuint(ci.l2tp_tunnel_id[1], ==, LNS_TID);
    /* its control messages join it by the Tunnel IDs the data messages taught */
    l2tp_ctl(tr, FALSE, PD_L2TP_HELLO, LAC_TID, 0, 0, 0, 1);
    l2tp_ctl(tr, TRUE, PD_L2TP_ZLB, LNS_TID, 0, 0, 0, 0.01);
    notify(tr, FALSE, PD_L2TP_CDN, LAC_TID, LAC_SID, LNS_SID, 3, -1, NULL, 1);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    /* no l2tp-terminated: the roles are a guess, and the "LNS" may be the LAC hanging up */
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    /* a new tunnel of the same peers is a new attempt, refused; the mid-tunnel one's StopCCN
     * before it is no refusal (its tunnel was up) */
    notify(tr, FALSE, PD_L2TP_StopCCN, LAC_TID, 0, LNS_TID, 6, -1, NULL, 0.5);
    l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, 555, 0, 5);
    guint32 stop = notify(tr, FALSE, PD_L2TP_StopCCN, 555, 0, 556, 4, -1, NULL, 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 2);
    g_assert_nonnull(finding_of(tr, stop, PD_RULE_L2TP_TUNNEL_REFUSED));
    g_assert_cmpuint(n_problems(tr), ==, 1);
    trace_free(tr);
}

/* A capture that starts after the tunnel and its L2TP session came up, before PPP: the LNS sends
 * first (the guess calls it the LAC), its LCP request for MS-CHAPv2 names it the server (the
 * roles swap once), and the Failure that follows is the LAC's authentication failing. */
static void test_mid_tunnel_roles(void)
{
    trace *tr = l2tp_trace(FALSE);
    l2tp_ppp(tr, FALSE, LAC_TID, LAC_SID, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    g_assert_true(pd_engine_session(tr->e, 0)->roles_unsure);
    lcp_chap(tr, PD_CHAP_FAILURE, "E=691 R=0 C=00 V=3 M=denied");
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_false(s->roles_unsure);
    pd_addr client = trace_addr(tr, CLIENT);
    g_assert_true(pd_addr_equal(&s->client, &client));
    pd_call_info ci;
    g_assert_true(pd_engine_call(tr->e, 0, 0, &ci));
    g_assert_cmpuint(ci.l2tp_tunnel_id[0], ==, LAC_TID);
    g_assert_cmpuint(ci.l2tp_session_id[1], ==, LNS_SID);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_cmpuint(n_failures(tr, 0), ==, 1);
    trace_free(tr);
}

/* Control messages whose Ns and Nr wrap at 65536 (RFC 2661 5.8) are messages like any: the
 * LNS's CDN after the wrap still ends the session. */
static void test_ns_wrap(void)
{
    trace *tr = l2tp_trace(FALSE);
    setup(tr);
    ppp_up(tr);
    pd_obs_l2tp m;
    memset(&m, 0, sizeof m);
    m.control = m.has_seq = TRUE;
    m.type = PD_L2TP_HELLO;
    for (guint32 ns = 65530; ns < 65540; ns++) {
        m.tunnel_id = LAC_TID;
        m.ns = (guint16)ns;
        m.nr = (guint16)(ns + 3);
        l2tp_x(tr, FALSE, m, 1);
        m.tunnel_id = LNS_TID;
        m.ns = (guint16)(ns + 3);
        m.nr = (guint16)(ns + 1);
        l2tp_x(tr, TRUE, m, 0.01);
    }
    memset(&m, 0, sizeof m);
    m.control = m.has_seq = m.has_result = TRUE;
    m.type = PD_L2TP_CDN;
    m.tunnel_id = LAC_TID;
    m.session_id = LAC_SID;
    m.assigned_session_id = LNS_SID;
    m.result = 3;
    m.ns = 4;
    m.nr = 7;
    guint32 cdn = l2tp_x(tr, FALSE, m, 1);
    pd_engine_finish(tr->e);
    g_assert_nonnull(finding_of(tr, cdn, PD_RULE_L2TP_TERMINATED));
    trace_free(tr);
}

/* Twenty tunnels refused one after another under max_sessions 5: each attempt is over at its
 * StopCCN and settles, so none is capped and each has its finding. */
static void test_refused_tunnels_settle(void)
{
    trace *tr = l2tp_trace(FALSE);
    pd_engine_free(tr->e);
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 5;
    tr->e = pd_engine_new(&cfg);
    for (guint16 i = 0; i < 20; i++) {
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, (guint16)(100 + i), 0, 30);
        l2tp_ctl(tr, FALSE, PD_L2TP_ZLB, (guint16)(100 + i), 0, 0, 0, 0.005);
        notify(tr, FALSE, PD_L2TP_StopCCN, (guint16)(100 + i), 0, (guint16)(900 + i), 4, -1,
               NULL, 0.008);
    }
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_capped(tr->e, NULL), ==, 0);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 20);
    for (guint i = 0; i < 20; i++)
        g_assert_nonnull(live(tr, i, "l2tp-tunnel-refused"));
    trace_free(tr);
}

/* Unanswered attempts, each a new Tunnel ID of the LAC on the same ports, replace one another:
 * the LAC gave the previous one up. Under max_sessions 5, none is capped. */
static void test_retries_settle(void)
{
    trace *tr = l2tp_trace(FALSE);
    pd_engine_free(tr->e);
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 5;
    tr->e = pd_engine_new(&cfg);
    for (guint16 i = 0; i < 20; i++) {
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, (guint16)(100 + i), 0, 30);
        l2tp_ctl(tr, TRUE, PD_L2TP_SCCRQ, 0, 0, (guint16)(100 + i), 0, 11);
    }
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_capped(tr->e, NULL), ==, 0);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 20);
    for (guint i = 0; i < 20; i++)
        g_assert_nonnull(live(tr, i, "udp1701-unanswered"));
    trace_free(tr);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/l2tp/success", test_success);
    g_test_add_func("/l2tp/udp1701-dropped", test_dropped);
    g_test_add_func("/l2tp/udp1701-dropped-in-esp", test_dropped_in_esp);
    g_test_add_func("/l2tp/late-answer", test_late_answer);
    g_test_add_func("/l2tp/udp1701-icmp-prohibited", test_icmp_prohibited);
    g_test_add_func("/l2tp/strays", test_strays);
    g_test_add_func("/l2tp/tunnel-refused", test_tunnel_refused);
    g_test_add_func("/l2tp/bad-password", test_bad_password);
    g_test_add_func("/l2tp/link-dies-client", test_link_dies_client);
    g_test_add_func("/l2tp/link-dies-server", test_link_dies_server);
    g_test_add_func("/l2tp/terminated", test_terminated);
    g_test_add_func("/l2tp/client-hangs-up", test_client_hangs_up);
    g_test_add_func("/l2tp/call-refused", test_call_refused);
    g_test_add_func("/l2tp/call-withdrawn", test_call_withdrawn);
    g_test_add_func("/l2tp/lone-sccrq", test_lone_sccrq);
    g_test_add_func("/l2tp/one-direction-lac", test_one_direction_lac);
    g_test_add_func("/l2tp/one-direction-lns", test_one_direction_lns);
    g_test_add_func("/l2tp/mid-tunnel", test_mid_tunnel);
    g_test_add_func("/l2tp/mid-tunnel-roles", test_mid_tunnel_roles);
    g_test_add_func("/l2tp/ns-wrap", test_ns_wrap);
    g_test_add_func("/l2tp/refused-tunnels-settle", test_refused_tunnels_settle);
    g_test_add_func("/l2tp/retries-settle", test_retries_settle);
    return g_test_run();
}
