/* test_engine.c: the engine on observation sequences (no pcap).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "pd_engine.h"

/* ---- a tiny trace builder ---------------------------------------------------------------- */

static const guint8 CLIENT[4] = {10, 10, 1, 2}, SERVER[4] = {10, 10, 2, 2}, ROUTER[4] = {10, 10, 1, 1};
#define CPORT 40000
#define PNS_ID 29501 /* client's Call ID */
#define PAC_ID 7     /* server's Call ID */

typedef struct {
    pd_engine *e;
    guint32 frame;
    double t;
    guint8 client_ttl, server_ttl;
} trace;

static trace *trace_new(void)
{
    trace *tr = g_new0(trace, 1);
    tr->e = pd_engine_new(NULL);
    tr->t = 1000.0;
    tr->client_ttl = 64; /* captured on the client */
    tr->server_ttl = 63;
    return tr;
}

static void trace_free(trace *tr)
{
    pd_engine_free(tr->e);
    g_free(tr);
}

static pd_observation base(trace *tr, gboolean from_client, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    tr->t += dt;
    o.frame = ++tr->frame;
    o.time = tr->t;
    o.src = pd_addr_v4(from_client ? CLIENT : SERVER);
    o.dst = pd_addr_v4(from_client ? SERVER : CLIENT);
    o.ttl = from_client ? tr->client_ttl : tr->server_ttl;
    o.ip_id = (guint16)(0x1000 + o.frame);
    return o;
}

static guint32 tcp(trace *tr, gboolean from_client, guint8 flags, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_TCP;
    o.tcp.sport = from_client ? CPORT : PD_PPTP_PORT;
    o.tcp.dport = from_client ? PD_PPTP_PORT : CPORT;
    o.tcp.flags = flags;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* A PPTP control message in its own TCP segment. */
static guint32 pptp(trace *tr, gboolean from_client, guint16 type, int call_id, int peer_id,
                    int result, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_TCP;
    o.tcp.sport = from_client ? CPORT : PD_PPTP_PORT;
    o.tcp.dport = from_client ? PD_PPTP_PORT : CPORT;
    o.tcp.flags = PD_TCP_ACK | PD_TCP_PSH;
    o.tcp.payload_len = 32;
    pd_engine_observe(tr->e, &o);
    o.kind = PD_OBS_PPTP;
    o.pptp.type = type;
    o.pptp.has_call_id = call_id >= 0;
    o.pptp.call_id = (guint16)(call_id >= 0 ? call_id : 0);
    o.pptp.has_peer_call_id = peer_id >= 0;
    o.pptp.peer_call_id = (guint16)(peer_id >= 0 ? peer_id : 0);
    o.pptp.has_result = result >= 0;
    o.pptp.result = (guint8)(result >= 0 ? result : 0);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* A GRE packet of the call, with a PPP frame (protocol 0: acknowledgment only). */
static guint32 gre(trace *tr, gboolean from_client, guint16 proto, guint8 code, const char *msg,
                   double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_GRE;
    o.gre.call_id = from_client ? PAC_ID : PNS_ID;
    o.gre.ppp_protocol = proto;
    o.gre.ppp_code = code;
    if (msg)
        g_strlcpy(o.gre.ppp_message, msg, sizeof o.gre.ppp_message);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* An ICMP error from @from quoting the client's GRE packet sent in frame @quoted_frame. */
static guint32 icmp_gre(trace *tr, const guint8 from[4], guint8 type, guint8 code,
                        guint32 quoted_frame, double dt)
{
    pd_observation o = base(tr, FALSE, dt);
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = pd_addr_v4(from);
    o.ttl = 64;
    o.icmp.type = type;
    o.icmp.code = code;
    o.icmp.quoted_src = pd_addr_v4(CLIENT);
    o.icmp.quoted_dst = pd_addr_v4(SERVER);
    o.icmp.quoted_proto = PD_IPPROTO_GRE;
    o.icmp.quoted_ip_id = (guint16)(0x1000 + quoted_frame);
    o.icmp.quoted_has_gre_call_id = TRUE;
    o.icmp.quoted_gre.call_id = PAC_ID;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* SYN, SYN/ACK, ACK, SCCRQ/SCCRP, OCRQ/OCRP: returns the OCRP frame. */
static guint32 call_setup(trace *tr)
{
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    tcp(tr, TRUE, PD_TCP_ACK, 0.01);
    pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    pptp(tr, FALSE, PD_PPTP_SCCRP, -1, -1, 1, 0.05);
    pptp(tr, TRUE, PD_PPTP_OCRQ, PNS_ID, -1, -1, 0.9);
    return pptp(tr, FALSE, PD_PPTP_OCRP, PAC_ID, PNS_ID, 1, 0.01);
}

/* All findings on @frame, or NULL. */
static GPtrArray *findings_at(trace *tr, guint32 frame)
{
    const pd_frame_result *r = pd_engine_frame(tr->e, frame);
    return r ? r->findings : NULL;
}

static const pd_finding *only_finding_at(trace *tr, guint32 frame)
{
    GPtrArray *f = findings_at(tr, frame);
    g_assert_nonnull(f);
    g_assert_cmpuint(f->len, ==, 1);
    return g_ptr_array_index(f, 0);
}

/* Number of findings of at least warning severity anywhere in frames 1..last. */
static guint n_problems(trace *tr)
{
    guint n = 0;
    for (guint32 i = 1; i <= tr->frame; i++) {
        GPtrArray *f = findings_at(tr, i);
        for (guint j = 0; f && j < f->len; j++) {
            const pd_finding *x = g_ptr_array_index(f, j);
            if (pd_rule_get(x->rule)->severity >= PD_SEV_WARN)
                n++;
        }
    }
    return n;
}

static gboolean has_evidence(const pd_finding *f, guint32 frame)
{
    for (guint i = 0; i < f->evidence->len; i++) {
        if (g_array_index(f->evidence, guint32, i) == frame)
            return TRUE;
    }
    return FALSE;
}

/* The healthy PPP exchange of the real "success" capture, in order. Returns the frame where the
 * network phase is reached. */
static guint32 ppp_success(trace *tr)
{
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=4E45 M=Access granted", 0.01);
    gre(tr, TRUE, PD_PPP_CCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    return gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_healthy(void)
{
    trace *tr = trace_new();
    guint32 ocrp = call_setup(tr);
    guint32 up = ppp_success(tr);
    for (int i = 0; i < 5; i++) {
        gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
        gre(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.01);
        gre(tr, TRUE, PD_PPP_COMP, 0, NULL, 0.1);
    }
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 1.0);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_ACK, NULL, 0.01);
    pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.05);
    tcp(tr, TRUE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    pd_engine_finish(tr->e);

    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_cmpint(s->verdict, ==, PD_VERDICT_HEALTHY);
    g_assert_cmpint(s->vantage, ==, PD_VANTAGE_CLIENT);
    g_assert_cmpuint(s->first_frame, ==, 1);
    g_assert_cmpuint(s->last_frame, ==, tr->frame);
    const pd_finding *f = only_finding_at(tr, up);
    g_assert_cmpint(f->rule, ==, PD_RULE_HEALTHY);
    g_assert_cmpuint(f->n_ras, ==, 0);
    g_assert_true(has_evidence(f, ocrp));
    g_assert_cmpuint(n_problems(tr), ==, 0);
    /* milestones in order: tcp, control, call, lcp, auth, ncp, lcp-terminate, cleared, closed */
    g_assert_cmpuint(s->milestones->len, ==, 9);
    g_assert_cmpint(g_array_index(s->milestones, pd_session_milestone, 2).milestone, ==, PD_MS_CALL_UP);
    g_assert_cmpuint(g_array_index(s->milestones, pd_session_milestone, 2).frame, ==, ocrp);
    /* every frame of the session knows it */
    for (guint32 i = 1; i <= tr->frame; i++) {
        const pd_frame_result *r = pd_engine_frame(tr->e, i);
        g_assert_nonnull(r);
        g_assert_true(r->has_session);
        g_assert_cmpuint(r->session, ==, 0);
    }
    trace_free(tr);
}

static void test_tcp_refused(void)
{
    trace *tr = trace_new();
    guint32 syn = tcp(tr, TRUE, PD_TCP_SYN, 0);
    guint32 rst = tcp(tr, FALSE, PD_TCP_RST | PD_TCP_ACK, 0.005);
    const pd_finding *f = only_finding_at(tr, rst);
    g_assert_cmpint(f->rule, ==, PD_RULE_TCP1723_REFUSED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->n_ras, ==, 2);
    g_assert_cmpuint(f->ras[0], ==, 807);
    g_assert_cmpuint(f->ras[1], ==, 692);
    g_assert_true(has_evidence(f, syn) && has_evidence(f, rst));
    g_assert_nonnull(strstr(f->cause, "10.10.2.2"));
    g_assert_null(findings_at(tr, syn));
    pd_engine_finish(tr->e);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    g_assert_cmpuint(n_problems(tr), ==, 1);
    trace_free(tr);

    /* captured on the server: its own stack sent the reset (initial TTL), the SYN came from afar */
    tr = trace_new();
    tr->client_ttl = 63;
    tr->server_ttl = 64;
    tcp(tr, TRUE, PD_TCP_SYN, 0);
    rst = tcp(tr, FALSE, PD_TCP_RST | PD_TCP_ACK, 0.005);
    f = only_finding_at(tr, rst);
    g_assert_nonnull(strstr(f->cause, "itself answered with a reset"));
    g_assert_null(strstr(f->cause, "firewall"));
    trace_free(tr);
}

/* Linux retransmits a SYN after 1, 3, 7 and 15 s: one session; the first retransmission at or
 * past syn_timeout (5 s) carries the finding; no second one. */
static void test_repeated_syns_unanswered(void)
{
    trace *tr = trace_new();
    guint32 first = tcp(tr, TRUE, PD_TCP_SYN, 0);
    tcp(tr, TRUE, PD_TCP_SYN, 1);
    tcp(tr, TRUE, PD_TCP_SYN, 2);
    guint32 at7 = tcp(tr, TRUE, PD_TCP_SYN, 4);
    tcp(tr, TRUE, PD_TCP_SYN, 8);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    for (guint32 i = 1; i < at7; i++)
        g_assert_null(findings_at(tr, i));
    const pd_finding *f = only_finding_at(tr, at7);
    g_assert_cmpint(f->rule, ==, PD_RULE_TCP1723_UNANSWERED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->ras[0], ==, 800);
    g_assert_cmpuint(f->ras[1], ==, 809);
    g_assert_cmpuint(f->ras[2], ==, 678);
    g_assert_true(has_evidence(f, first));
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 1);
    trace_free(tr);
}

/* A retransmitted SYN that is then answered is no problem. */
static void test_repeated_syns_answered(void)
{
    trace *tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0);
    tcp(tr, TRUE, PD_TCP_SYN, 1);
    tcp(tr, TRUE, PD_TCP_SYN, 2);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    tcp(tr, TRUE, PD_TCP_ACK, 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_UNDETERMINED);
    trace_free(tr);
}

/* One SYN and the capture ends soon after: too early to say; later: end-of-capture finding. */
static void test_syn_then_capture_ends(void)
{
    trace *tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    trace_free(tr);

    tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0);
    guint32 last = tcp(tr, TRUE, PD_TCP_SYN, 3);
    g_assert_null(findings_at(tr, last)); /* 3 s < syn_timeout */
    /* unrelated traffic keeps the capture going */
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = ++tr->frame;
    o.time = tr->t + 10;
    o.kind = PD_OBS_TCP;
    o.src = pd_addr_v4(ROUTER);
    o.dst = pd_addr_v4(CLIENT);
    o.tcp.sport = 80;
    o.tcp.dport = 1234;
    pd_engine_observe(tr->e, &o);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, last);
    g_assert_cmpint(f->rule, ==, PD_RULE_TCP1723_UNANSWERED);
    g_assert_true(f->end_of_capture);
    g_assert_null(pd_engine_frame(tr->e, o.frame)); /* not port 1723: not ours */
    trace_free(tr);
}

/* Client side of gre_dropped: LCP Configure-Requests every 3 s, nothing comes back. */
static void test_gre_blocked_by_absence(void)
{
    trace *tr = trace_new();
    guint32 ocrp = call_setup(tr);
    guint32 lcp1 = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    guint32 fired = 0;
    for (int i = 0; i < 9; i++) {
        guint32 fr = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 3.0);
        if (!fired && findings_at(tr, fr))
            fired = fr;
    }
    guint32 ccrq = pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 3.0);
    tcp(tr, TRUE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    pd_engine_finish(tr->e);

    /* first frame at least lcp_timeout (10 s) after the OCRP: the 4th retransmission, 12 s */
    g_assert_cmpuint(fired, ==, lcp1 + 4);
    const pd_finding *f = only_finding_at(tr, fired);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_BLOCKED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->n_ras, ==, 3);
    g_assert_cmpuint(f->ras[0], ==, 806);
    g_assert_cmpuint(f->ras[1], ==, 721);
    g_assert_cmpuint(f->ras[2], ==, 718);
    g_assert_true(has_evidence(f, ocrp) && has_evidence(f, lcp1));
    g_assert_false(f->has_blocked_by);
    g_assert_nonnull(strstr(f->cause, "no GRE came back from the server"));
    g_assert_null(findings_at(tr, ccrq)); /* concluded once */
    g_assert_cmpuint(n_problems(tr), ==, 1);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    trace_free(tr);
}

/* Server side of gre_return_dropped: both directions seen at the server, but the client keeps
 * repeating its Configure-Request although the server acknowledged it. */
static void test_gre_return_dropped_server_side(void)
{
    trace *tr = trace_new();
    tr->client_ttl = 63;
    tr->server_ttl = 64;
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.2);
    guint32 ack = gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    for (int i = 0; i < 3; i++) {
        gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 2.0);
        gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
        gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 1.0);
    }
    guint32 ccrq = pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.5);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->vantage, ==, PD_VANTAGE_SERVER);
    const pd_finding *f = only_finding_at(tr, ccrq);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_BLOCKED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_true(has_evidence(f, ack));
    g_assert_nonnull(strstr(f->cause, "the server's GRE does not arrive at the client"));
    trace_free(tr);
}

/* KB 002 walkthrough: an ICMP error quoting the client's GRE LCP Configure-Request. */
static void test_gre_blocked_icmp(void)
{
    trace *tr = trace_new();
    guint32 ocrp = call_setup(tr);
    guint32 lcp = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    guint32 ic = icmp_gre(tr, ROUTER, 3, 13, lcp, 0.003);
    const pd_finding *f = only_finding_at(tr, ic);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_BLOCKED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_true(f->has_blocked_by);
    guint8 r[4] = {10, 10, 1, 1};
    pd_addr want = pd_addr_v4(r);
    g_assert_true(pd_addr_equal(&f->blocked_by, &want));
    g_assert_cmpuint(f->quoted_frame, ==, lcp);
    g_assert_true(has_evidence(f, lcp) && has_evidence(f, ocrp) && has_evidence(f, ic));
    g_assert_nonnull(strstr(f->cause, "10.10.1.1 answered the GRE packet in frame"));
    const pd_frame_result *fr = pd_engine_frame(tr->e, ic);
    g_assert_true(fr->has_session);
    /* the client gives up at once: no second gre-blocked finding */
    guint32 ccrq = pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.02);
    g_assert_null(findings_at(tr, ccrq));
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 1);
    trace_free(tr);
}

/* ICMP fragmentation needed quoting GRE is an MTU matter, not GRE blocked. */
static void test_icmp_frag_needed_is_not_gre_blocked(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    guint32 data = gre(tr, TRUE, PD_PPP_COMP, 0, NULL, 0.1);
    guint32 ic = icmp_gre(tr, ROUTER, 3, 4, data, 0.001);
    g_assert_cmpint(only_finding_at(tr, ic)->rule, ==, PD_RULE_MTU_TOO_SMALL);
    g_assert_cmpuint(n_problems(tr), ==, 1);
    trace_free(tr);
}

/* Server side of gre_icmp_prohibited: the call is set up and cleared 30 ms later, no GRE. */
static void test_call_cleared_without_gre(void)
{
    trace *tr = trace_new();
    tr->client_ttl = 63;
    tr->server_ttl = 64;
    guint32 ocrp = call_setup(tr);
    guint32 ccrq = pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.03);
    const pd_finding *f = only_finding_at(tr, ccrq);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_BLOCKED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_POSSIBLE);
    g_assert_true(has_evidence(f, ocrp));
    g_assert_nonnull(strstr(f->cause, "no GRE (IP protocol 47) packet of it was seen"));
    trace_free(tr);
}

/* The call is set up and the capture ends before any GRE: too early to say. */
static void test_capture_ends_before_gre(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_UNDETERMINED);
    trace_free(tr);

    /* ... but 12 s of LCP Configure-Requests without answer, then the capture ends. */
    tr = trace_new();
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    guint32 last = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 9.0);
    g_assert_null(findings_at(tr, last)); /* 9.01 s < 10 s */
    pd_engine_finish(tr->e);
    pd_engine_finish(tr->e); /* idempotent */
    g_assert_cmpuint(n_problems(tr), ==, 0); /* capture ended before the timeout */
    trace_free(tr);

    tr = trace_new();
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    last = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 9.0);
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = ++tr->frame;
    o.time = tr->t + 5.0; /* something else, 5 s later, not of this session */
    o.kind = PD_OBS_TCP;
    o.src = pd_addr_v4(ROUTER);
    o.dst = pd_addr_v4(CLIENT);
    o.tcp.sport = 80;
    o.tcp.dport = 1234;
    pd_engine_observe(tr->e, &o);
    pd_engine_finish(tr->e);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, last);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_BLOCKED);
    g_assert_true(f->end_of_capture);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    /* the capture goes on (live): the provisional conclusion is withdrawn */
    guint32 more = gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.5);
    g_assert_false(pd_engine_finished(tr->e));
    g_assert_null(findings_at(tr, last));
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_UNDETERMINED);
    g_assert_null(findings_at(tr, more));
    trace_free(tr);
}

/* GRE that arrives before the control connection sets up its call is adopted by the call. */
static void test_gre_before_control(void)
{
    trace *tr = trace_new();
    guint32 early = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_true(pd_engine_session(tr->e, 0)->gre_only);
    call_setup(tr);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 2);
    g_assert_true(pd_engine_session(tr->e, 0)->absorbed);
    const pd_frame_result *r = pd_engine_frame(tr->e, early);
    g_assert_true(r->has_session);
    g_assert_cmpuint(r->session, ==, 1);
    ppp_success(tr);
    pd_engine_finish(tr->e);
    g_assert_cmpint(pd_engine_session(tr->e, 1)->verdict, ==, PD_VERDICT_HEALTHY);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    trace_free(tr);
}

/* The capture starts mid-session: GRE (echoes, data) and control traffic without SYN. */
static void test_mid_session(void)
{
    trace *tr = trace_new();
    for (int i = 0; i < 20; i++) {
        gre(tr, TRUE, PD_PPP_COMP, 0, NULL, 0.1);
        gre(tr, FALSE, PD_PPP_COMP, 0, NULL, 0.01);
        gre(tr, FALSE, 0, 0, NULL, 0.01); /* acknowledgment only */
        if (i % 5 == 0) {
            gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.1);
            gre(tr, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.01);
        }
    }
    tcp(tr, TRUE, PD_TCP_ACK, 0.5);
    pptp(tr, FALSE, PD_PPTP_ECHORQ, -1, -1, -1, 0.01);
    pptp(tr, TRUE, PD_PPTP_ECHORP, -1, -1, 1, 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 2);
    const pd_session_info *g = pd_engine_session(tr->e, 0);
    g_assert_true(g->gre_only);
    g_assert_false(g->absorbed);
    g_assert_cmpint(g->verdict, ==, PD_VERDICT_UNDETERMINED);
    g_assert_cmpint(g_array_index(g->milestones, pd_session_milestone, 0).milestone, ==,
                    PD_MS_GRE_NO_CONTROL);
    g_assert_cmpint(pd_engine_session(tr->e, 1)->verdict, ==, PD_VERDICT_UNDETERMINED);
    trace_free(tr);
}

static trace *auth_tr; /* the trace of the last auth_failure(), freed by the next one */

static const pd_finding *auth_failure(const char *message, guint16 proto, guint8 code)
{
    if (auth_tr)
        trace_free(auth_tr);
    trace *tr = auth_tr = trace_new();
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    if (proto == PD_PPP_CHAP)
        gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    guint32 resp = gre(tr, TRUE, proto, proto == PD_PPP_CHAP ? PD_CHAP_RESPONSE : PD_PAP_REQ, NULL, 0.01);
    guint32 fail = gre(tr, FALSE, proto, code, message, 0.01);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.01);
    pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.05);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 1);
    g_assert_cmpint(pd_engine_session(tr->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    const pd_finding *f = only_finding_at(tr, fail);
    g_assert_true(has_evidence(f, resp));
    g_assert_cmpint(f->rule, ==, PD_RULE_AUTH_FAILED);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    return f;
}

static void test_auth_failed(void)
{
    const pd_finding *f =
        auth_failure("E=691 R=1 C=7d3ea6ed412598b3f12a65eade831ed4 V=0 M=Access denied",
                     PD_PPP_CHAP, PD_CHAP_FAILURE);
    g_assert_cmpuint(f->n_ras, ==, 1);
    g_assert_cmpuint(f->ras[0], ==, 691);
    g_assert_nonnull(strstr(f->cause, "E=691 (ERROR_AUTHENTICATION_FAILURE"));
    f = auth_failure("E=648 R=0 C=00 V=3 M=Password expired", PD_PPP_CHAP, PD_CHAP_FAILURE);
    g_assert_cmpuint(f->ras[0], ==, 648);
    g_assert_nonnull(strstr(f->cause, "ERROR_PASSWD_EXPIRED"));
    f = auth_failure("", PD_PPP_CHAP, PD_CHAP_FAILURE); /* CHAP-MD5: no E= */
    g_assert_cmpuint(f->ras[0], ==, 691);
    f = auth_failure("", PD_PPP_PAP, PD_PAP_NAK);
    g_assert_cmpuint(f->ras[0], ==, 691);
    g_assert_nonnull(strstr(f->cause, "Authenticate-Nak"));
    trace_free(auth_tr);
    auth_tr = NULL;
}

/* Observations must come in frame order; late ones are ignored, duplicates are harmless. */
static void test_out_of_order_and_duplicates(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = 2; /* goes back */
    o.kind = PD_OBS_TCP;
    o.tcp.dport = PD_PPTP_PORT;
    pd_engine_observe(tr->e, &o);
    g_assert_cmpuint(pd_engine_n_ignored(tr->e), ==, 1);
    /* the same frame's observation twice */
    tr->frame--;
    tr->t -= 0.01;
    pptp(tr, FALSE, PD_PPTP_OCRP, PAC_ID, PNS_ID, 1, 0.01);
    guint32 up = ppp_success(tr);
    g_assert_cmpint(only_finding_at(tr, up)->rule, ==, PD_RULE_HEALTHY);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_cmpuint(pd_engine_session(tr->e, 0)->milestones->len, ==, 6);
    trace_free(tr);
}

/* The same client port used again after the first connection closed: two sessions. */
static void test_port_reuse(void)
{
    trace *tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0);
    tcp(tr, FALSE, PD_TCP_RST | PD_TCP_ACK, 0.01);
    tcp(tr, TRUE, PD_TCP_SYN, 5);
    tcp(tr, FALSE, PD_TCP_RST | PD_TCP_ACK, 0.01);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 2);
    g_assert_cmpint(only_finding_at(tr, 4)->session, ==, 1);
    trace_free(tr);
}

/* ---- the catalogue's rules ------------------------------------------------------------------ */

/* A GRE packet of the call built from @g (call_id filled in when 0). */
static guint32 gre_x(trace *tr, gboolean from_client, pd_obs_gre g, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_GRE;
    o.gre = g;
    if (!o.gre.call_id)
        o.gre.call_id = from_client ? PAC_ID : PNS_ID;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

static pd_obs_gre cp(guint16 proto, guint8 code, guint32 options)
{
    pd_obs_gre g;
    memset(&g, 0, sizeof g);
    g.ppp_protocol = proto;
    g.ppp_code = code;
    g.cp_options = options;
    return g;
}

static const pd_finding *finding_of(trace *tr, guint32 frame, pd_rule_id rule)
{
    GPtrArray *a = findings_at(tr, frame);
    for (guint i = 0; a && i < a->len; i++) {
        const pd_finding *f = g_ptr_array_index(a, i);
        if (f->rule == rule)
            return f;
    }
    return NULL;
}

static pd_verdict verdict(trace *tr, guint session)
{
    return pd_engine_session(tr->e, session)->verdict;
}

/* LCP up both ways, CHAP success: returns the CHAP Success frame. */
static guint32 lcp_and_auth(trace *tr)
{
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.01);
    return gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=1 M=ok", 0.01);
}

static guint32 icmp_syn(trace *tr, const guint8 from[4], guint8 code, double dt)
{
    pd_observation o = base(tr, FALSE, dt);
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = pd_addr_v4(from);
    o.ttl = 64;
    o.icmp.type = 3;
    o.icmp.code = code;
    o.icmp.quoted_src = pd_addr_v4(CLIENT);
    o.icmp.quoted_dst = pd_addr_v4(SERVER);
    o.icmp.quoted_proto = PD_IPPROTO_TCP;
    o.icmp.quoted_tcp.sport = CPORT;
    o.icmp.quoted_tcp.dport = PD_PPTP_PORT;
    o.icmp.quoted_tcp.flags = PD_TCP_SYN;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

static void test_tcp_unreachable(void)
{
    trace *tr = trace_new();
    guint32 syn = tcp(tr, TRUE, PD_TCP_SYN, 0);
    guint32 ic = icmp_syn(tr, ROUTER, 13, 0.001);
    tcp(tr, TRUE, PD_TCP_SYN, 1.0);
    icmp_syn(tr, ROUTER, 13, 0.001);
    tcp(tr, TRUE, PD_TCP_SYN, 6.0);
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, ic);
    g_assert_cmpint(f->rule, ==, PD_RULE_TCP1723_UNREACHABLE);
    g_assert_true(f->has_blocked_by && pd_addr_equal(&f->blocked_by, &(pd_addr){4, {10, 10, 1, 1}}));
    g_assert_true(has_evidence(f, syn));
    g_assert_nonnull(strstr(f->cause, "administratively prohibited"));
    g_assert_cmpuint(n_problems(tr), ==, 1); /* no "unanswered" on top */
    trace_free(tr);
}

static void test_control_closed_before_sccrp(void)
{
    trace *tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    tcp(tr, TRUE, PD_TCP_ACK, 0.01);
    guint32 rq = pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    guint32 rst = tcp(tr, FALSE, PD_TCP_RST | PD_TCP_ACK, 0.06);
    const pd_finding *f = only_finding_at(tr, rst);
    g_assert_cmpint(f->rule, ==, PD_RULE_CONTROL_CLOSED);
    g_assert_true(has_evidence(f, rq));
    g_assert_cmpuint(f->ras[0], ==, 619);
    g_assert_nonnull(strstr(f->cause, "address pool"));
    trace_free(tr);
}

static void test_client_close_is_quiet(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 1.0);
    pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 0.05);
    pptp(tr, FALSE, PD_PPTP_CDN, PAC_ID, -1, 4, 0.05);
    pptp(tr, TRUE, PD_PPTP_StopCCRQ, -1, -1, -1, 0.05);
    tcp(tr, FALSE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    trace_free(tr);
}

static void test_control_and_call_refused(void)
{
    trace *tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    guint32 rp = pptp(tr, FALSE, PD_PPTP_SCCRP, -1, -1, 4, 0.05);
    tcp(tr, FALSE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    const pd_finding *f = only_finding_at(tr, rp);
    g_assert_cmpint(f->rule, ==, PD_RULE_CONTROL_REFUSED);
    g_assert_nonnull(strstr(f->cause, "not authorized"));
    g_assert_cmpuint(n_problems(tr), ==, 1); /* the FIN that follows adds nothing */
    trace_free(tr);

    tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    pptp(tr, FALSE, PD_PPTP_SCCRP, -1, -1, 1, 0.05);
    guint32 rq = pptp(tr, TRUE, PD_PPTP_OCRQ, PNS_ID, -1, -1, 0.9);
    pd_observation o = base(tr, FALSE, 0.01);
    o.kind = PD_OBS_PPTP;
    o.tcp.sport = PD_PPTP_PORT;
    o.tcp.dport = CPORT;
    o.pptp.type = PD_PPTP_OCRP;
    o.pptp.has_call_id = o.pptp.has_peer_call_id = o.pptp.has_result = TRUE;
    o.pptp.call_id = PAC_ID;
    o.pptp.peer_call_id = PNS_ID;
    o.pptp.result = 2;
    o.pptp.error = 4;
    pd_engine_observe(tr->e, &o);
    f = only_finding_at(tr, o.frame);
    g_assert_cmpint(f->rule, ==, PD_RULE_CALL_REFUSED);
    g_assert_true(has_evidence(f, rq));
    g_assert_nonnull(strstr(f->cause, "No-Resource"));
    g_assert_cmpuint(f->ras[0], ==, 619);
    trace_free(tr);
}

static void test_server_disconnects(void)
{
    /* CDN without CCRQ while up */
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    guint32 cdn = pptp(tr, FALSE, PD_PPTP_CDN, PAC_ID, -1, 3, 5.0);
    g_assert_cmpint(only_finding_at(tr, cdn)->rule, ==, PD_RULE_CALL_DISCONNECTED);
    g_assert_nonnull(strstr(only_finding_at(tr, cdn)->cause, "Admin Shutdown"));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    trace_free(tr);
    /* StopCCRQ from the server before any call */
    tr = trace_new();
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    pptp(tr, FALSE, PD_PPTP_SCCRP, -1, -1, 1, 0.05);
    pd_observation o = base(tr, FALSE, 1.0);
    o.kind = PD_OBS_PPTP;
    o.tcp.sport = PD_PPTP_PORT;
    o.tcp.dport = CPORT;
    o.pptp.type = PD_PPTP_StopCCRQ;
    o.pptp.has_reason = TRUE;
    o.pptp.reason = 3;
    pd_engine_observe(tr->e, &o);
    const pd_finding *f = only_finding_at(tr, o.frame);
    g_assert_cmpint(f->rule, ==, PD_RULE_CONTROL_STOPPED);
    g_assert_nonnull(strstr(f->cause, "Stop-Local-Shutdown"));
    trace_free(tr);
}

static void test_wan_error_is_a_note(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    pd_observation o = base(tr, FALSE, 1.0);
    o.kind = PD_OBS_PPTP;
    o.tcp.sport = PD_PPTP_PORT;
    o.tcp.dport = CPORT;
    o.pptp.type = PD_PPTP_WEN;
    o.pptp.has_call_id = TRUE;
    o.pptp.call_id = PNS_ID;
    o.pptp.wan_errors[0] = 12;
    pd_engine_observe(tr->e, &o);
    const pd_finding *f = only_finding_at(tr, o.frame);
    g_assert_cmpint(f->rule, ==, PD_RULE_WAN_ERROR);
    g_assert_nonnull(strstr(f->cause, "CRC 12"));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    trace_free(tr);
}

static void test_pptp_echo(void)
{
    for (int answered = 0; answered < 2; answered++) {
        trace *tr = trace_new();
        call_setup(tr);
        ppp_success(tr);
        guint32 rq[3];
        for (int i = 0; i < 3; i++) {
            rq[i] = pptp(tr, TRUE, PD_PPTP_ECHORQ, -1, -1, -1, 60.0);
            if (answered)
                pptp(tr, FALSE, PD_PPTP_ECHORP, -1, -1, 1, 0.01);
        }
        tcp(tr, TRUE, PD_TCP_RST, 30.0);
        if (answered) {
            g_assert_cmpuint(n_problems(tr), ==, 0);
        } else {
            /* the second request finds the first unanswered for echo_timeout (60 s) */
            const pd_finding *f = finding_of(tr, rq[1], PD_RULE_PPTP_ECHO_UNANSWERED);
            g_assert_nonnull(f);
            g_assert_true(has_evidence(f, rq[0]));
            g_assert_cmpuint(n_problems(tr), ==, 1);
        }
        trace_free(tr);
    }
}

static void test_gre_call_id_mismatch(void)
{
    trace *tr = trace_new();
    guint32 ocrp = call_setup(tr);
    pd_obs_gre g = cp(PD_PPP_LCP, PD_CP_CONF_REQ, 0);
    g.call_id = 0x7777;
    guint32 bad = gre_x(tr, TRUE, g, 0.01);
    const pd_finding *f = only_finding_at(tr, bad);
    g_assert_cmpint(f->rule, ==, PD_RULE_GRE_CALL_ID_MISMATCH);
    g_assert_true(has_evidence(f, ocrp));
    g_assert_nonnull(strstr(f->cause, "Call ID 30583"));
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1); /* no GRE-only session besides */
    trace_free(tr);
}

static void test_nat_without_helper(void)
{
    /* Server side: the client's address answers the server's GRE with protocol unreachable. */
    trace *tr = trace_new();
    tr->client_ttl = 63;
    tr->server_ttl = 64;
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    guint32 q = gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.3);
    pd_observation o = base(tr, TRUE, 0.005);
    o.kind = PD_OBS_ICMP_ERROR;
    o.ttl = 64; /* 0 hops: the NAT device itself */
    o.icmp.type = 3;
    o.icmp.code = 2;
    o.icmp.quoted_src = pd_addr_v4(SERVER);
    o.icmp.quoted_dst = pd_addr_v4(CLIENT);
    o.icmp.quoted_proto = PD_IPPROTO_GRE;
    o.icmp.quoted_ip_id = (guint16)(0x1000 + q);
    o.icmp.quoted_has_gre_call_id = TRUE;
    o.icmp.quoted_gre.call_id = PNS_ID;
    pd_engine_observe(tr->e, &o);
    const pd_finding *f = only_finding_at(tr, o.frame);
    g_assert_cmpint(f->rule, ==, PD_RULE_NAT_NO_HELPER);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->quoted_frame, ==, q);
    trace_free(tr);
}

static void test_gre_ack_stalled(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    guint32 stall = 0;
    for (guint32 i = 1; i <= 30; i++) {
        pd_obs_gre c = cp(PD_PPP_COMP, 0, 0);
        c.has_seq = TRUE;
        c.seq = 100 + i;
        c.has_ack = TRUE;
        c.ack = 50 + i / 3 * 3; /* the client hears the server throughout */
        gre_x(tr, TRUE, c, 0.05);
        if (i % 3 == 0) {
            pd_obs_gre s = cp(PD_PPP_COMP, 0, 0);
            s.has_seq = TRUE;
            s.seq = 50 + i;
            s.has_ack = TRUE;
            s.ack = i < 6 ? 100 + i : 105; /* stops at 105 */
            guint32 fr = gre_x(tr, FALSE, s, 0.01);
            if (!stall && finding_of(tr, fr, PD_RULE_GRE_ACK_STALLED))
                stall = fr;
        }
    }
    g_assert_cmpuint(stall, !=, 0);
    g_assert_nonnull(strstr(finding_of(tr, stall, PD_RULE_GRE_ACK_STALLED)->cause,
                            "the client's GRE no longer reaches the server"));
    trace_free(tr);
}

static void test_lcp_not_converging(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    guint32 first = 0;
    for (int i = 0; i < 6; i++) {
        gre_x(tr, TRUE, cp(PD_PPP_LCP, PD_CP_CONF_REQ, 1u << PD_LCP_OPT_MRU), 0.3);
        guint32 n = gre_x(tr, FALSE, cp(PD_PPP_LCP, PD_CP_CONF_NAK, 1u << PD_LCP_OPT_MRU), 0.01);
        first = first ? first : n;
    }
    guint32 term = gre(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.3);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_LCP_NOT_CONVERGING);
    g_assert_cmpuint(f->ras[0], ==, 732);
    g_assert_true(has_evidence(f, first));
    trace_free(tr);
}

static void test_auth_protocol_rejected(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    pd_obs_gre rq = cp(PD_PPP_LCP, PD_CP_CONF_REQ, 1u << PD_LCP_OPT_AUTH);
    rq.auth_protocol = PD_PPP_CHAP;
    rq.auth_algorithm = 0x81;
    guint32 ask = gre_x(tr, FALSE, rq, 0.1);
    pd_obs_gre nak = cp(PD_PPP_LCP, PD_CP_CONF_NAK, 1u << PD_LCP_OPT_AUTH);
    nak.auth_protocol = PD_PPP_CHAP;
    nak.auth_algorithm = 5;
    guint32 refuse = gre_x(tr, TRUE, nak, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    guint32 term = gre(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, "peer refused to authenticate", 0.01);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_AUTH_PROTOCOL_REJECTED);
    g_assert_true(has_evidence(f, ask) && has_evidence(f, refuse));
    g_assert_nonnull(strstr(f->cause, "MS-CHAPv2"));
    g_assert_nonnull(strstr(f->cause, "CHAP (MD5)"));
    g_assert_nonnull(strstr(f->cause, "peer refused to authenticate"));
    trace_free(tr);
}

static void test_mppe_not_agreed(void)
{
    for (int server_refuses = 0; server_refuses < 2; server_refuses++) {
        trace *tr = trace_new();
        call_setup(tr);
        lcp_and_auth(tr);
        gboolean asker = server_refuses; /* the client asks when the server refuses */
        guint32 ask = gre_x(tr, asker, cp(PD_PPP_CCP, PD_CP_CONF_REQ, 1u << PD_CCP_OPT_MPPE), 0.01);
        guint32 rej = gre_x(tr, !asker, cp(PD_PPP_CCP, PD_CP_CONF_REJ, 1u << PD_CCP_OPT_MPPE), 0.01);
        guint32 term = gre(tr, asker, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.01);
        const pd_finding *f = only_finding_at(tr, term);
        g_assert_cmpint(f->rule, ==, PD_RULE_MPPE_NOT_AGREED);
        g_assert_cmpuint(f->ras[0], ==, server_refuses ? 742 : 741);
        g_assert_true(has_evidence(f, ask) && has_evidence(f, rej));
        trace_free(tr);
    }
}

static void test_ipcp_failed(void)
{
    /* IPCP terminated by the server while IPV6CP is up */
    trace *tr = trace_new();
    call_setup(tr);
    lcp_and_auth(tr);
    gre(tr, TRUE, PD_PPP_IPV6CP, PD_CP_CONF_ACK, NULL, 0.01);
    guint32 up = gre(tr, FALSE, PD_PPP_IPV6CP, PD_CP_CONF_ACK, NULL, 0.01);
    g_assert_cmpint(only_finding_at(tr, up)->rule, ==, PD_RULE_HEALTHY);
    guint32 term = gre(tr, FALSE, PD_PPP_IPCP, PD_CP_TERM_REQ, NULL, 0.05);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_IPCP_FAILED);
    g_assert_cmpuint(f->ras[0], ==, 735);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    trace_free(tr);
    /* IP-Address rejected, then LCP terminated */
    tr = trace_new();
    call_setup(tr);
    lcp_and_auth(tr);
    gre_x(tr, TRUE, cp(PD_PPP_IPCP, PD_CP_CONF_REQ, 1u << PD_IPCP_OPT_ADDRESS), 0.01);
    guint32 rej = gre_x(tr, FALSE, cp(PD_PPP_IPCP, PD_CP_CONF_REJ, 1u << PD_IPCP_OPT_ADDRESS), 0.01);
    term = gre(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 3.0);
    f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_IPCP_FAILED);
    g_assert_cmpuint(f->ras[0], ==, 738);
    g_assert_true(has_evidence(f, rej));
    trace_free(tr);
}

static void test_lcp_terminated_fallback(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    lcp_and_auth(tr);
    guint32 term = gre(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, "No network protocols running", 0.5);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_LCP_TERMINATED);
    g_assert_cmpuint(f->ras[0], ==, 719);
    g_assert_nonnull(strstr(f->cause, "No network protocols running"));
    g_assert_nonnull(strstr(f->cause, "network phase"));
    trace_free(tr);
}

static void test_ppp_invalid(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    pd_obs_gre pr = cp(PD_PPP_LCP, PD_CP_PROTO_REJ, 0);
    pr.rejected_protocol = PD_PPP_IPV6CP; /* valid: a peer without IPv6 */
    gre_x(tr, FALSE, pr, 0.01);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    pr.rejected_protocol = 0x1234; /* even low octet: not a PPP protocol */
    guint32 bad = gre_x(tr, FALSE, pr, 0.01);
    const pd_finding *f = only_finding_at(tr, bad);
    g_assert_cmpint(f->rule, ==, PD_RULE_PPP_INVALID);
    g_assert_cmpuint(f->ras[0], ==, 722);
    pd_obs_gre m = cp(PD_PPP_LCP, PD_CP_CONF_REQ, 0);
    m.ppp_malformed = TRUE;
    guint32 again = gre_x(tr, TRUE, m, 0.01);
    g_assert_null(findings_at(tr, again)); /* once per call */
    trace_free(tr);
}

static void test_lcp_echo_lost(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    guint32 last_server = gre(tr, FALSE, PD_PPP_COMP, 0, NULL, 0.5);
    guint32 first = gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 2.0);
    guint32 term = gre(tr, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 2.0);
    const pd_finding *f = only_finding_at(tr, term);
    g_assert_cmpint(f->rule, ==, PD_RULE_LCP_ECHO_LOST);
    g_assert_true(has_evidence(f, first) && has_evidence(f, last_server));
    g_assert_nonnull(strstr(f->cause, "no GRE from the server reached this capture point"));
    trace_free(tr);
}

static void test_mtu_too_small(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    guint32 data = gre(tr, TRUE, PD_PPP_COMP, 0, NULL, 0.1);
    pd_observation o = base(tr, FALSE, 0.001);
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = pd_addr_v4(ROUTER);
    o.icmp.type = 3;
    o.icmp.code = 4;
    o.icmp.mtu = 1200;
    o.icmp.quoted_src = pd_addr_v4(CLIENT);
    o.icmp.quoted_dst = pd_addr_v4(SERVER);
    o.icmp.quoted_proto = PD_IPPROTO_GRE;
    o.icmp.quoted_ip_id = (guint16)(0x1000 + data);
    o.icmp.quoted_has_gre_call_id = TRUE;
    o.icmp.quoted_gre.call_id = PAC_ID;
    pd_engine_observe(tr->e, &o);
    const pd_finding *f = only_finding_at(tr, o.frame);
    g_assert_cmpint(f->rule, ==, PD_RULE_MTU_TOO_SMALL);
    g_assert_cmpuint(f->quoted_frame, ==, data);
    g_assert_nonnull(strstr(f->cause, "next-hop MTU 1200"));
    g_assert_cmpuint(f->n_ras, ==, 0);
    trace_free(tr);
}

static guint32 dns(trace *tr, gboolean response, guint8 rcode, const char *name, double dt)
{
    pd_observation o = base(tr, !response, dt);
    o.dst = pd_addr_v4(response ? CLIENT : ROUTER);
    if (response)
        o.src = pd_addr_v4(ROUTER);
    o.kind = PD_OBS_DNS;
    o.dns.response = response;
    o.dns.rcode = rcode;
    o.dns.qtype = 1;
    o.dns.n_answers = response && rcode == 0;
    g_strlcpy(o.dns.qname, name, sizeof o.dns.qname);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

static void test_dns(void)
{
    /* NXDOMAIN and nothing after: a finding at the end of the capture, withdrawn if it goes on */
    trace *tr = trace_new();
    dns(tr, FALSE, 0, "vpn-old.example.test", 0);
    guint32 nx = dns(tr, TRUE, 3, "vpn-old.example.test", 0.02);
    g_assert_null(findings_at(tr, nx));
    pd_engine_finish(tr->e);
    const pd_finding *f = only_finding_at(tr, nx);
    g_assert_cmpint(f->rule, ==, PD_RULE_DNS_NXDOMAIN);
    g_assert_true(f->end_of_capture);
    g_assert_cmpuint(f->ras[0], ==, 868);
    g_assert_cmpstr(pd_engine_session(tr->e, 0)->name, ==, "vpn-old.example.test");
    tcp(tr, TRUE, PD_TCP_SYN, 1.0); /* the capture goes on: a connection attempt follows */
    pd_engine_finish(tr->e);
    g_assert_null(findings_at(tr, nx));
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1); /* the TCP session only */
    trace_free(tr);
    /* unanswered */
    tr = trace_new();
    dns(tr, FALSE, 0, "vpn.example.test", 0);
    guint32 q = dns(tr, FALSE, 0, "vpn.example.test", 1.0);
    pd_engine_finish(tr->e);
    g_assert_cmpint(only_finding_at(tr, q)->rule, ==, PD_RULE_DNS_UNANSWERED);
    trace_free(tr);
}

/* A likely finding from absence stops counting when later frames contradict it. */
static void test_absence_superseded(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    guint32 late = gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 11.0);
    const pd_finding *f = finding_of(tr, late, PD_RULE_GRE_BLOCKED);
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    /* the server's GRE arrives after all, and PPP completes */
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.5);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    guint32 opened = gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    g_assert_cmpuint(f->superseded_by, ==, opened);
    gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    trace_free(tr);
}

/* A closed session's calls give up their working state once settled; the summary stays, and
 * late GRE of the call is counted without analysis. */
static void test_eviction(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    ppp_success(tr);
    pptp(tr, TRUE, PD_PPTP_CCRQ, PNS_ID, -1, -1, 1.0);
    tcp(tr, TRUE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    tcp(tr, FALSE, PD_TCP_FIN | PD_TCP_ACK, 0.01);
    /* 30 s later, more traffic of the same call (settled by now) */
    for (int i = 0; i < 5; i++)
        gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, i == 0 ? 30.0 : 2.0);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, "late", 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    pd_call_info ci;
    g_assert_true(pd_engine_call(tr->e, 0, 0, &ci));
    g_assert_cmpuint(ci.pns_call_id, ==, PNS_ID);
    g_assert_cmpuint(ci.gre_packets[0], >, 5);
    const pd_frame_result *r = pd_engine_frame(tr->e, tr->frame);
    g_assert_nonnull(r);
    g_assert_true(r->has_session);
    trace_free(tr);
}

/* More sessions than max_sessions: the rest are counted, one finding says so. */
static void test_session_cap(void)
{
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 3;
    pd_engine *e = pd_engine_new(&cfg);
    guint32 capped_at = 0;
    for (guint i = 0; i < 1000; i++) {
        pd_observation o;
        memset(&o, 0, sizeof o);
        o.frame = i + 1;
        o.time = 1000.0 + i * 0.001;
        o.src = pd_addr_v4(CLIENT);
        o.dst = pd_addr_v4(SERVER);
        o.ttl = 64;
        o.kind = PD_OBS_TCP;
        o.tcp.sport = (guint16)(10000 + i);
        o.tcp.dport = PD_PPTP_PORT;
        o.tcp.flags = PD_TCP_SYN;
        pd_engine_observe(e, &o);
        const pd_frame_result *r = pd_engine_frame(e, o.frame);
        if (!capped_at && r && r->findings)
            capped_at = o.frame;
    }
    g_assert_cmpuint(pd_engine_n_sessions(e), ==, 3);
    g_assert_cmpuint(capped_at, ==, 4);
    const pd_frame_result *r = pd_engine_frame(e, 4);
    g_assert_cmpint(((pd_finding *)g_ptr_array_index(r->findings, 0))->rule, ==, PD_RULE_STATE_CAP);
    pd_engine_free(e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine/healthy", test_healthy);
    g_test_add_func("/engine/tcp1723/refused", test_tcp_refused);
    g_test_add_func("/engine/tcp1723/repeated-syns-unanswered", test_repeated_syns_unanswered);
    g_test_add_func("/engine/tcp1723/repeated-syns-answered", test_repeated_syns_answered);
    g_test_add_func("/engine/tcp1723/syn-then-capture-ends", test_syn_then_capture_ends);
    g_test_add_func("/engine/gre/blocked-by-absence", test_gre_blocked_by_absence);
    g_test_add_func("/engine/gre/return-dropped-server-side", test_gre_return_dropped_server_side);
    g_test_add_func("/engine/gre/blocked-icmp", test_gre_blocked_icmp);
    g_test_add_func("/engine/gre/frag-needed-not-blocked", test_icmp_frag_needed_is_not_gre_blocked);
    g_test_add_func("/engine/gre/call-cleared-without-gre", test_call_cleared_without_gre);
    g_test_add_func("/engine/gre/capture-ends-before-gre", test_capture_ends_before_gre);
    g_test_add_func("/engine/gre/before-control-connection", test_gre_before_control);
    g_test_add_func("/engine/mid-session", test_mid_session);
    g_test_add_func("/engine/auth-failed", test_auth_failed);
    g_test_add_func("/engine/out-of-order-and-duplicates", test_out_of_order_and_duplicates);
    g_test_add_func("/engine/port-reuse", test_port_reuse);
    g_test_add_func("/engine/tcp1723/unreachable", test_tcp_unreachable);
    g_test_add_func("/engine/control/closed-before-sccrp", test_control_closed_before_sccrp);
    g_test_add_func("/engine/control/client-close-is-quiet", test_client_close_is_quiet);
    g_test_add_func("/engine/control/refused", test_control_and_call_refused);
    g_test_add_func("/engine/control/server-disconnects", test_server_disconnects);
    g_test_add_func("/engine/control/wan-error-is-a-note", test_wan_error_is_a_note);
    g_test_add_func("/engine/control/echo", test_pptp_echo);
    g_test_add_func("/engine/gre/call-id-mismatch", test_gre_call_id_mismatch);
    g_test_add_func("/engine/gre/nat-without-helper", test_nat_without_helper);
    g_test_add_func("/engine/gre/ack-stalled", test_gre_ack_stalled);
    g_test_add_func("/engine/ppp/lcp-not-converging", test_lcp_not_converging);
    g_test_add_func("/engine/ppp/auth-protocol-rejected", test_auth_protocol_rejected);
    g_test_add_func("/engine/ppp/mppe-not-agreed", test_mppe_not_agreed);
    g_test_add_func("/engine/ppp/ipcp-failed", test_ipcp_failed);
    g_test_add_func("/engine/ppp/lcp-terminated", test_lcp_terminated_fallback);
    g_test_add_func("/engine/ppp/invalid", test_ppp_invalid);
    g_test_add_func("/engine/ppp/lcp-echo-lost", test_lcp_echo_lost);
    g_test_add_func("/engine/mtu-too-small", test_mtu_too_small);
    g_test_add_func("/engine/dns", test_dns);
    g_test_add_func("/engine/absence-superseded", test_absence_superseded);
    g_test_add_func("/engine/session-cap", test_session_cap);
    g_test_add_func("/engine/eviction", test_eviction);
    return g_test_run();
}
