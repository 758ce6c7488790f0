/* test_ppponly.c: the engine on PPP captured without its carrier (PD_OBS_PPP: Network Monitor's
 * NDISWAN frames, pppd's record file, a PPP link layer with or without direction): who is the
 * client (named by who authenticates, RFC 1994 4), one session per attempt on a link, a Windows
 * client's MS-CHAPv2 retries as one failure (RFC 2759 6), frames whose sender nothing tells, the
 * capture-lacks-carrier notes, many links under the cap.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"

#include "pd_rules.h"

/* How the capture gives a frame's ends. */
typedef enum { ENDS_DIR, ENDS_MAC, ENDS_NONE } ends;

static const guint8 CLIENT_MAC[6] = {2, 0, 0x53, 0x45, 0x4e, 0x44};
static const guint8 SERVER_MAC[6] = {2, 0, 0x52, 0x45, 0x43, 0x56};

/* A PPP frame sent by the client (@from_client) or the server on interface @iface, the capturing
 * host being the client when @local_client (ENDS_DIR); @proto, @code; @auth an LCP
 * Configure-Request's Authentication-Protocol (0: none), @msg a CHAP message. */
static guint32 pf(trace *tr, ends how, gboolean local_client, guint32 iface, gboolean from_client,
                  guint16 proto, guint8 code, guint16 auth, const char *msg, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    tr->t += dt;
    o.frame = ++tr->frame;
    o.time = tr->t;
    o.kind = PD_OBS_PPP;
    o.pppframe.interface = iface;
    o.pppframe.form = how == ENDS_MAC ? PD_PPP_FORM_NDISWAN : PD_PPP_FORM_LINK;
    o.pppframe.ppp.protocol = proto;
    o.pppframe.ppp.code = code;
    o.pppframe.ppp.auth_protocol = auth;
    o.pppframe.ppp.auth_algorithm = auth ? 0x81 : 0;
    if (msg)
        g_strlcpy(o.pppframe.ppp.message, msg, sizeof o.pppframe.ppp.message);
    if (how == ENDS_MAC) {
        o.src = pd_addr_mac(from_client ? CLIENT_MAC : SERVER_MAC);
        o.dst = pd_addr_mac(from_client ? SERVER_MAC : CLIENT_MAC);
    } else if (how == ENDS_DIR) {
        gboolean sent = from_client == local_client;
        o.src = pd_addr_end(sent ? PD_END_LOCAL : PD_END_PEER);
        o.dst = pd_addr_end(sent ? PD_END_PEER : PD_END_LOCAL);
    }
    g_assert_true(pd_engine_observe(tr->e, &o));
    return o.frame;
}

typedef struct {
    ends how;
    gboolean local_client;
    guint32 iface;
} link_t;

static guint32 f(trace *tr, const link_t *l, gboolean from_client, guint16 proto, guint8 code,
                 double dt)
{
    return pf(tr, l->how, l->local_client, l->iface, from_client, proto, code, 0, NULL, dt);
}

/* LCP both ways, the client's request first; the server's asks for MS-CHAPv2. */
static void lcp(trace *tr, const link_t *l)
{
    f(tr, l, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, 0.01);
    pf(tr, l->how, l->local_client, l->iface, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, PD_PPP_CHAP,
       NULL, 0.01);
    f(tr, l, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
    f(tr, l, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
}

static guint32 chap(trace *tr, const link_t *l, guint8 answer, const char *msg)
{
    f(tr, l, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, 0.01);
    f(tr, l, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, 0.05);
    return pf(tr, l->how, l->local_client, l->iface, FALSE, PD_PPP_CHAP, answer, 0, msg, 0.05);
}

static void ipcp(trace *tr, const link_t *l)
{
    f(tr, l, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, 0.01);
    f(tr, l, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, 0.01);
    f(tr, l, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, 0.01);
    f(tr, l, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, 0.01);
}

/* The live findings of rule @rule in session @s. */
static guint n_live(trace *tr, guint s, pd_rule_id rule)
{
    guint n = 0;
    for (guint i = 0; i < pd_engine_n_findings(tr->e, s); i++) {
        const pd_finding *x = pd_engine_finding(tr->e, s, i);
        n += x->rule == rule && !x->superseded_by;
    }
    return n;
}

static const pd_finding *live_variant(trace *tr, guint s, pd_rule_id rule, int variant)
{
    for (guint i = 0; i < pd_engine_n_findings(tr->e, s); i++) {
        const pd_finding *x = pd_engine_finding(tr->e, s, i);
        if (x->rule == rule && x->variant == variant && !x->superseded_by)
            return x;
    }
    return NULL;
}

/* Captured on the server with directions, the client's request first: the server is named by
 * its request for MS-CHAPv2 (the capturing host is not the client, nor the first sender). */
static void test_server_side_roles(void)
{
    trace *tr = trace_new();
    link_t l = {ENDS_DIR, FALSE, 0};
    lcp(tr, &l);
    chap(tr, &l, PD_CHAP_SUCCESS, "S=00 M=ok");
    ipcp(tr, &l);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_cmpint(s->carrier, ==, PD_CARRIER_PPP);
    g_assert_cmpint(s->client.family, ==, PD_ADDR_END);
    g_assert_cmpint(s->client.bytes[0], ==, PD_END_PEER);
    g_assert_cmpint(s->server.bytes[0], ==, PD_END_LOCAL);
    g_assert_false(s->roles_unsure);
    g_assert_cmpint(s->vantage, ==, PD_VANTAGE_SERVER);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    g_assert_cmpuint(n_live(tr, 0, PD_RULE_CAPTURE_LACKS_CARRIER), ==, 1);
    trace_free(tr);
}

/* NDISWAN frames of a Windows client: Failures E=691 R=1, R=1, R=0 on one link are one failure,
 * concluded at the last. */
static void test_retries_one_failure(void)
{
    trace *tr = trace_new();
    link_t l = {ENDS_MAC, TRUE, 0};
    lcp(tr, &l);
    chap(tr, &l, PD_CHAP_FAILURE, "E=691 R=1 C=00 V=3");
    f(tr, &l, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, 0.05);
    pf(tr, ENDS_MAC, TRUE, 0, FALSE, PD_PPP_CHAP, PD_CHAP_FAILURE, 0, "E=691 R=1 C=01 V=3", 0.05);
    f(tr, &l, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, 0.05);
    guint32 last =
        pf(tr, ENDS_MAC, TRUE, 0, FALSE, PD_PPP_CHAP, PD_CHAP_FAILURE, 0, "E=691 R=0 C=02 V=3",
           0.05);
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, 0.02);
    f(tr, &l, FALSE, PD_PPP_LCP, PD_CP_TERM_ACK, 0.01);
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_cmpuint(n_live(tr, 0, PD_RULE_AUTH_FAILED), ==, 1);
    g_assert_nonnull(finding_of(tr, last, PD_RULE_AUTH_FAILED));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_cmpint(s->client.family, ==, PD_ADDR_MAC);
    g_assert_cmpmem(s->client.bytes, 6, CLIENT_MAC, 6);
    trace_free(tr);
}

/* An LCP Configure-Request after the link's Terminate-Request is the next attempt: a failed
 * one, then a healthy one, two sessions; a renegotiation without a Terminate is not. */
static void test_redial(void)
{
    trace *tr = trace_new();
    link_t l = {ENDS_DIR, TRUE, 0};
    lcp(tr, &l);
    chap(tr, &l, PD_CHAP_FAILURE, "E=691 R=0 C=00 V=3");
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, 0.02);
    f(tr, &l, FALSE, PD_PPP_LCP, PD_CP_TERM_ACK, 0.01);
    tr->t += 3;
    lcp(tr, &l);
    chap(tr, &l, PD_CHAP_SUCCESS, "S=00 M=ok");
    ipcp(tr, &l);
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, 5); /* renegotiation: the same attempt */
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 2);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_cmpint(verdict(tr, 1), ==, PD_VERDICT_HEALTHY);
    trace_free(tr);
}

/* No direction recorded: the CHAP packets name their senders, the rest are counted, not read
 * (the no-direction note at the end); the verdict rests on the Failure. */
static void test_no_direction(void)
{
    trace *tr = trace_new();
    link_t l = {ENDS_NONE, TRUE, 0};
    guint32 first = f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, 0.01);
    pf(tr, ENDS_NONE, TRUE, 0, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, PD_PPP_CHAP, NULL, 0.01);
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
    f(tr, &l, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
    guint32 fail = chap(tr, &l, PD_CHAP_FAILURE, "E=691 R=0 C=00 V=3");
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), ==, 1);
    g_assert_nonnull(finding_of(tr, fail, PD_RULE_AUTH_FAILED));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    const pd_finding *note = live_variant(tr, 0, PD_RULE_CAPTURE_LACKS_CARRIER, 1);
    g_assert_nonnull(note);
    g_assert_true(has_evidence(note, first));
    g_assert_nonnull(strstr(note->cause, "3 of the link's 7 PPP frames"));
    g_assert_false(pd_engine_session(tr->e, 0)->roles_unsure);
    trace_free(tr);
}

/* A link whose frames name no role keeps the guess (the capturing host the client) and says so;
 * a healthy link gets no warning. */
static void test_roles_unsure(void)
{
    trace *tr = trace_new();
    link_t l = {ENDS_DIR, TRUE, 0};
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, 0.01);
    f(tr, &l, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, 0.01);
    f(tr, &l, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
    f(tr, &l, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, 0.01);
    ipcp(tr, &l);
    pd_engine_finish(tr->e);
    const pd_session_info *s = pd_engine_session(tr->e, 0);
    g_assert_true(s->roles_unsure);
    g_assert_cmpint(s->client.bytes[0], ==, PD_END_LOCAL);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_HEALTHY);
    g_assert_cmpuint(n_problems(tr), ==, 0);
    trace_free(tr);
}

/* Links on many interfaces: one session each, up to the cap; no crash past it. */
static void test_many_links(void)
{
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 100;
    trace *tr = trace_new();
    pd_engine_free(tr->e);
    tr->e = pd_engine_new(&cfg);
    for (guint32 i = 0; i < 1000; i++) {
        pd_observation o;
        memset(&o, 0, sizeof o);
        tr->t += 0.001;
        o.frame = ++tr->frame;
        o.time = tr->t;
        o.kind = PD_OBS_PPP;
        o.pppframe.interface = i;
        o.pppframe.ppp.protocol = PD_PPP_LCP;
        o.pppframe.ppp.code = PD_CP_CONF_REQ;
        o.src = pd_addr_end(PD_END_LOCAL);
        o.dst = pd_addr_end(PD_END_PEER);
        pd_engine_observe(tr->e, &o);
    }
    pd_engine_finish(tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(tr->e), <=, 2 * 100 * 4);
    g_assert_cmpuint(pd_engine_n_capped(tr->e, NULL), >, 0);
    trace_free(tr);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppponly/server-side-roles", test_server_side_roles);
    g_test_add_func("/ppponly/retries-one-failure", test_retries_one_failure);
    g_test_add_func("/ppponly/redial", test_redial);
    g_test_add_func("/ppponly/no-direction", test_no_direction);
    g_test_add_func("/ppponly/roles-unsure", test_roles_unsure);
    g_test_add_func("/ppponly/many-links", test_many_links);
    return g_test_run();
}
