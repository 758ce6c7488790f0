/* test_pppoe.c: the engine on PPPoE observations (RFC 2516): the Discovery stage's failures
 * (rules/pppoe.c), the PPP families over a PPPoE session, and that PPTP's families stay out.
 * Times and sequences follow the lab's real captures (test-captures/vpn/pppoe: pppd's rp-pppoe
 * plugin against pppoe-server): PADIs at 0, 5 and 15 s; a PADS with SESSION_ID 0 and
 * AC-System-Error "RP-PPPoE: Server: No client slots available".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "pd_engine.h"

static const guint8 HOST[6] = {0xb6, 0xb5, 0x3e, 0x6f, 0x92, 0x31};
static const guint8 AC[6] = {0x4e, 0x47, 0x7b, 0x30, 0x63, 0x1d};
static const guint8 BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
#define SID 0x0001

typedef struct {
    pd_engine *e;
    guint32 frame;
    double t;
} run;

static run *run_new(void)
{
    run *r = g_new0(run, 1);
    r->e = pd_engine_new(NULL);
    r->t = 1000;
    return r;
}

static void run_free(run *r)
{
    pd_engine_free(r->e);
    g_free(r);
}

/* The next PPPoE observation, @dt seconds after the previous one, from @src to @dst. */
static pd_observation next(run *r, const guint8 *src, const guint8 *dst, guint8 code, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = ++r->frame;
    r->t += dt;
    o.time = r->t;
    o.kind = PD_OBS_PPPOE;
    o.src = pd_addr_mac(src);
    o.dst = pd_addr_mac(dst);
    o.pppoe.code = code;
    return o;
}

static guint32 feed(run *r, pd_observation *o)
{
    pd_engine_observe(r->e, o);
    return o->frame;
}

static guint32 padi(run *r, double dt)
{
    pd_observation o = next(r, HOST, BCAST, PD_PPPOE_PADI, dt);
    o.pppoe.has_service_name = TRUE;
    g_strlcpy(o.pppoe.service_name, "dev-internet", sizeof o.pppoe.service_name);
    return feed(r, &o);
}

static guint32 pado(run *r, double dt)
{
    pd_observation o = next(r, AC, HOST, PD_PPPOE_PADO, dt);
    g_strlcpy(o.pppoe.ac_name, "dev-bras1", sizeof o.pppoe.ac_name);
    o.pppoe.has_service_name = o.pppoe.has_cookie = TRUE;
    return feed(r, &o);
}

static guint32 padr(run *r, double dt)
{
    pd_observation o = next(r, HOST, AC, PD_PPPOE_PADR, dt);
    o.pppoe.has_cookie = TRUE;
    return feed(r, &o);
}

static guint32 pads(run *r, guint16 sid, guint16 error_tag, const char *text, double dt)
{
    pd_observation o = next(r, AC, HOST, PD_PPPOE_PADS, dt);
    o.pppoe.session_id = sid;
    o.pppoe.error_tag = error_tag;
    if (text)
        g_strlcpy(o.pppoe.error_text, text, sizeof o.pppoe.error_text);
    return feed(r, &o);
}

static guint32 padt(run *r, gboolean from_host, double dt)
{
    pd_observation o = next(r, from_host ? HOST : AC, from_host ? AC : HOST, PD_PPPOE_PADT, dt);
    o.pppoe.session_id = SID;
    return feed(r, &o);
}

/* A Session-stage packet carrying PPP @proto/@code (@msg: a CHAP message) from the host or the
 * concentrator. */
static guint32 ppp(run *r, gboolean from_host, guint16 proto, guint8 code, const char *msg,
                   double dt)
{
    pd_observation o = next(r, from_host ? HOST : AC, from_host ? AC : HOST, PD_PPPOE_SESSION, dt);
    o.pppoe.session_id = SID;
    o.pppoe.ppp.protocol = proto;
    o.pppoe.ppp.code = code;
    if (msg)
        g_strlcpy(o.pppoe.ppp.message, msg, sizeof o.pppoe.ppp.message);
    if (proto == PD_PPP_LCP && code == PD_CP_CONF_REQ && !from_host) {
        o.pppoe.ppp.cp_options = 1u << PD_LCP_OPT_AUTH;
        o.pppoe.ppp.auth_protocol = PD_PPP_CHAP;
        o.pppoe.ppp.auth_algorithm = 0x81;
    }
    return feed(r, &o);
}

static void discovery(run *r)
{
    padi(r, 0);
    pado(r, 0.002);
    padr(r, 0.004);
    pads(r, SID, 0, NULL, 0.016);
}

/* LCP both ways, MS-CHAPv2 Challenge and Response (the server authenticates the host). */
static void lcp_and_chap(run *r)
{
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.04);
    ppp(r, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 1.4);
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.001);
    ppp(r, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 1.6);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    ppp(r, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.03);
}

static void ipcp_up(run *r)
{
    ppp(r, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    ppp(r, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.001);
    ppp(r, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.001);
    ppp(r, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.001);
}

/* The live finding of @rule in @session, or NULL. */
static const pd_finding *live(const pd_engine *e, guint session, const char *rule)
{
    for (guint i = 0; i < pd_engine_n_findings(e, session); i++) {
        const pd_finding *f = pd_engine_finding(e, session, i);
        if (!f->superseded_by && !strcmp(pd_rule_get(f->rule)->name, rule))
            return f;
    }
    return NULL;
}

/* No finding of any PPTP rule (gre, control, tcp1723, capture...) in @session. */
static void assert_no_pptp_rule(const pd_engine *e, guint session)
{
    for (guint i = 0; i < pd_engine_n_findings(e, session); i++) {
        const char *n = pd_rule_get(pd_engine_finding(e, session, i)->rule)->name;
        g_assert_true(g_str_has_prefix(n, "pppoe-") || g_str_has_prefix(n, "lcp-") ||
                      g_str_has_prefix(n, "auth-") || g_str_has_prefix(n, "ipcp-") ||
                      g_str_has_prefix(n, "mppe-") || !strcmp(n, "healthy"));
    }
}

static gboolean evidence_has(const pd_finding *f, guint32 frame)
{
    for (guint i = 0; i < f->n_evidence; i++)
        if (f->evidence[i] == frame)
            return TRUE;
    return FALSE;
}

/* Discovery, LCP, MS-CHAPv2 Success, IPCP: healthy; host and concentrator by MAC; the PADS is
 * the session's milestone. */
static void test_healthy(void)
{
    run *r = run_new();
    discovery(r);
    lcp_and_chap(r);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=5F69 M=Access granted", 0.02);
    ipcp_up(r);
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, "User request", 5); /* the user hangs up */
    ppp(r, FALSE, PD_PPP_LCP, PD_CP_TERM_ACK, NULL, 0.001);
    padt(r, FALSE, 0.01); /* and the concentrator ends the session (lab success) */
    pd_engine_finish(r->e);
    g_assert_cmpuint(pd_engine_n_sessions(r->e), ==, 1);
    const pd_session_info *s = pd_engine_session(r->e, 0);
    g_assert_cmpint(s->verdict, ==, PD_VERDICT_HEALTHY);
    char buf[46];
    g_assert_cmpstr(pd_addr_to_str(&s->client, buf, sizeof buf), ==, "b6:b5:3e:6f:92:31");
    g_assert_cmpstr(pd_addr_to_str(&s->server, buf, sizeof buf), ==, "4e:47:7b:30:63:1d");
    g_assert_cmpint(pd_engine_frame(r->e, 4)->milestone, ==, PD_MS_PPPOE_SESSION);
    g_assert_null(live(r->e, 0, "pppoe-terminated")); /* the orderly end */
    const pd_finding *h = live(r->e, 0, "healthy");
    g_assert_nonnull(h);
    g_assert_null(strstr(h->cause, "PPTP")); /* a PPPoE session, not a PPTP call */
    g_assert_nonnull(strstr(h->cause, "PPPoE session"));
    assert_no_pptp_rule(r->e, 0);
    run_free(r);
}

/* PADIs at 0, 5 and 15 s and nothing answers (lab no_ac): no concentrator, likely, 651 first;
 * evidence the first and last PADI. */
static void test_no_offer(void)
{
    run *r = run_new();
    guint32 first = padi(r, 0);
    padi(r, 5);
    guint32 last = padi(r, 10);
    pd_engine_finish(r->e);
    const pd_finding *f = live(r->e, 0, "pppoe-no-offer");
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->ras[0], ==, 651);
    g_assert_true(evidence_has(f, first) && evidence_has(f, last));
    g_assert_nonnull(strstr(f->cause, "'dev-internet'"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    assert_no_pptp_rule(r->e, 0);
    run_free(r);
}

/* One PADI and the capture ends 2 s later: too early to say anything. */
static void test_one_padi_too_early(void)
{
    run *r = run_new();
    padi(r, 0);
    pd_observation o = next(r, AC, BCAST, PD_PPPOE_PADI, 2); /* another host's, to move time */
    o.src = pd_addr_mac((const guint8[6]){0x02, 0, 0, 0, 0, 9});
    feed(r, &o);
    pd_engine_finish(r->e);
    g_assert_null(live(r->e, 0, "pppoe-no-offer"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_UNDETERMINED);
    run_free(r);
}

/* Another host's lone PADI, its unicast PADO out of this capture point's sight (lab
 * session_limit, client.pcap), and the capture goes on for 30 s: the host did not repeat, so
 * nothing says it got no answer. */
static void test_lone_padi(void)
{
    run *r = run_new();
    padi(r, 0);
    for (int i = 0; i < 6; i++) { /* the capture's own host, another conversation */
        pd_observation o = next(r, AC, BCAST, PD_PPPOE_PADI, 5);
        o.src = pd_addr_mac((const guint8[6]){0x02, 0, 0, 0, 0, (guint8)(9 + i)});
        feed(r, &o);
    }
    pd_engine_finish(r->e);
    g_assert_null(live(r->e, 0, "pppoe-no-offer"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_UNDETERMINED);
    run_free(r);
}

/* The PADO comes after the deadline: the inference made before it is superseded. */
static void test_late_offer(void)
{
    run *r = run_new();
    padi(r, 0);
    padi(r, 5);
    padi(r, 10);
    g_assert_nonnull(live(r->e, 0, "pppoe-no-offer"));
    pado(r, 1);
    padr(r, 0.01);
    pads(r, SID, 0, NULL, 0.01);
    pd_engine_finish(r->e);
    g_assert_null(live(r->e, 0, "pppoe-no-offer"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, !=, PD_VERDICT_FAILED);
    run_free(r);
}

/* PADS with SESSION_ID 0 and AC-System-Error (lab session_limit): refused, confirmed, the tag's
 * text in the cause; the PADR retried after it is the same attempt. */
static void test_refused(void)
{
    run *r = run_new();
    padi(r, 0);
    pado(r, 0.001);
    padr(r, 0.003);
    guint32 refusal = pads(r, 0, PD_PPPOE_TAG_AC_SYSTEM_ERROR,
                           "RP-PPPoE: Server: No client slots available", 0.002);
    padr(r, 0.006);
    pads(r, 0, PD_PPPOE_TAG_AC_SYSTEM_ERROR, "RP-PPPoE: Server: No client slots available",
         0.001);
    pd_engine_finish(r->e);
    g_assert_cmpuint(pd_engine_n_sessions(r->e), ==, 1);
    const pd_finding *f = live(r->e, 0, "pppoe-refused");
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_true(evidence_has(f, refusal));
    g_assert_nonnull(strstr(f->cause, "AC-System-Error \"RP-PPPoE: Server: No client slots"));
    g_assert_nonnull(strstr(f->cause, "dev-bras1"));
    g_assert_null(live(r->e, 0, "pppoe-padr-unanswered"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    run_free(r);
}

/* A PADS with SESSION_ID 0 whose tags the snapshot length cut (PD_LOST_PPPOE): still refused
 * (RFC 2516 5.4: SESSION_ID 0 is the refusal), the cause saying that the reason is past the cut,
 * not that the concentrator gave none; uncut, "no error tag". */
static void test_refused_tags_cut(void)
{
    for (int cut = 0; cut <= 1; cut++) {
        run *r = run_new();
        padi(r, 0);
        pado(r, 0.001);
        padr(r, 0.003);
        pd_observation o = next(r, AC, HOST, PD_PPPOE_PADS, 0.002);
        if (cut) {
            o.cut_at = 64;
            o.lost = PD_LOST_PPPOE;
        }
        feed(r, &o);
        pd_engine_finish(r->e);
        const pd_finding *f = live(r->e, 0, "pppoe-refused");
        g_assert_nonnull(f);
        g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
        g_assert_true((strstr(f->cause, "cut by the capture's snapshot length") != NULL) == cut);
        g_assert_true((strstr(f->cause, "no error tag") != NULL) == !cut);
        run_free(r);
    }
}

/* A PADO, then PADRs for 15 s and no PADS. */
static void test_padr_unanswered(void)
{
    run *r = run_new();
    padi(r, 0);
    pado(r, 0.001);
    padr(r, 0.003);
    padr(r, 5);
    padr(r, 10);
    pd_engine_finish(r->e);
    const pd_finding *f = live(r->e, 0, "pppoe-padr-unanswered");
    g_assert_nonnull(f);
    g_assert_null(live(r->e, 0, "pppoe-no-offer"));
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    run_free(r);
}

/* MS-CHAPv2 Failure E=691 over PPPoE (lab bad_password): the PPP families diagnose it as over
 * PPTP; the PADT that follows is no separate failure. */
static void test_bad_password(void)
{
    run *r = run_new();
    discovery(r);
    lcp_and_chap(r);
    guint32 failure = ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_FAILURE,
                          "E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=Access denied", 0.02);
    ppp(r, FALSE, PD_PPP_LCP, PD_CP_TERM_REQ, NULL, 0.01);
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_TERM_ACK, NULL, 0.001);
    padt(r, FALSE, 3);
    pd_engine_finish(r->e);
    const pd_finding *f = live(r->e, 0, "auth-failed");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->ras[0], ==, 691);
    g_assert_true(evidence_has(f, failure));
    g_assert_null(live(r->e, 0, "pppoe-terminated"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    assert_no_pptp_rule(r->e, 0);
    run_free(r);
}

/* The concentrator's PADT ends a healthy session with no LCP Terminate before it. */
static void test_terminated_by_ac(void)
{
    run *r = run_new();
    discovery(r);
    lcp_and_chap(r);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=5F69 M=Access granted", 0.02);
    ipcp_up(r);
    guint32 t = padt(r, FALSE, 30);
    pd_engine_finish(r->e);
    const pd_finding *f = live(r->e, 0, "pppoe-terminated");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->ras[0], ==, 629);
    g_assert_true(evidence_has(f, t));
    g_assert_nonnull(strstr(f->cause, "while the link was up"));
    run_free(r);
}

/* The concentrator dies mid-session (lab server_crashed): the host's LCP Echo-Requests go
 * unanswered and it gives up with an LCP Terminate-Request, no PADT: lcp-echo-lost, worded for
 * PPPoE (no GRE, no router in between). */
static void test_echo_lost(void)
{
    run *r = run_new();
    discovery(r);
    lcp_and_chap(r);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=5F69 M=Access granted", 0.02);
    ipcp_up(r);
    for (int i = 0; i < 4; i++)
        ppp(r, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, i ? 5 : 20);
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_TERM_REQ, "Peer not responding", 5);
    pd_engine_finish(r->e);
    const pd_finding *f = live(r->e, 0, "lcp-echo-lost");
    g_assert_nonnull(f);
    g_assert_null(strstr(f->cause, "GRE"));
    g_assert_nonnull(strstr(f->cause, "PPPoE session packets"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    assert_no_pptp_rule(r->e, 0);
    run_free(r);
}

/* Session packets of a session whose PADS is not in the capture, a PADT for no session, a PADS
 * out of the blue: a clear outcome, no crash, no failure. */
static void test_strays(void)
{
    run *r = run_new();
    ppp(r, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0);
    ppp(r, FALSE, PD_PPP_LCP, PD_CP_ECHO_REP, NULL, 0.01);
    padt(r, FALSE, 1);
    pads(r, 7, 0, NULL, 1);
    pd_engine_finish(r->e);
    for (guint i = 0; i < pd_engine_n_sessions(r->e); i++) {
        const pd_session_info *s = pd_engine_session(r->e, i);
        g_assert_true(!s || s->verdict != PD_VERDICT_FAILED);
    }
    run_free(r);
}

/* Refused attempts settle (closed by the PADS refusing, or by the host's next attempt): with
 * max_sessions 5, twenty hosts refused one after another are all tracked, none capped (settled
 * sessions do not count; all kept stay below PD_LIGHT_FACTOR times the cap, 20), and every one
 * keeps its finding (failures are never evicted). Without settling the sixth would be capped. */
static void test_refused_attempts_settle(void)
{
    run *r = run_new();
    pd_engine_free(r->e);
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 5;
    r->e = pd_engine_new(&cfg);
    for (guint8 h = 0; h < 20; h++) {
        const guint8 host[6] = {0x02, 0, 0, 0, 1, h};
        pd_observation o = next(r, host, BCAST, PD_PPPOE_PADI, 30);
        feed(r, &o);
        o = next(r, AC, host, PD_PPPOE_PADO, 0.001);
        feed(r, &o);
        o = next(r, host, AC, PD_PPPOE_PADR, 0.003);
        feed(r, &o);
        o = next(r, AC, host, PD_PPPOE_PADS, 0.002);
        o.pppoe.error_tag = PD_PPPOE_TAG_AC_SYSTEM_ERROR;
        feed(r, &o);
    }
    pd_engine_finish(r->e);
    guint capped_calls;
    g_assert_cmpuint(pd_engine_n_capped(r->e, &capped_calls), ==, 0);
    g_assert_cmpuint(pd_engine_n_sessions(r->e), ==, 20);
    for (guint i = 0; i < 20; i++)
        g_assert_nonnull(live(r->e, i, "pppoe-refused"));
    run_free(r);
}

/* A host's new PADI after its session ended is a new attempt: a new session. */
static void test_retry_is_new_session(void)
{
    run *r = run_new();
    padi(r, 0);
    pado(r, 0.001);
    padr(r, 0.003);
    pads(r, 0, PD_PPPOE_TAG_AC_SYSTEM_ERROR, "busy", 0.002);
    discovery(r);
    pd_engine_finish(r->e);
    g_assert_cmpuint(pd_engine_n_sessions(r->e), ==, 2);
    g_assert_nonnull(live(r->e, 0, "pppoe-refused"));
    g_assert_null(live(r->e, 1, "pppoe-refused"));
    run_free(r);
}

/* An LCP Configure-Request or -Ack from the host or the concentrator carrying MRU @mru (an Ack
 * repeats the peer's request, RFC 1661 5.2); the concentrator's request asks for MS-CHAPv2. */
static guint32 lcp_mru(run *r, gboolean from_host, guint8 code, guint16 mru)
{
    pd_observation o = next(r, from_host ? HOST : AC, from_host ? AC : HOST, PD_PPPOE_SESSION,
                            0.01);
    o.pppoe.session_id = SID;
    o.pppoe.ppp.protocol = PD_PPP_LCP;
    o.pppoe.ppp.code = code;
    o.pppoe.ppp.mru = mru;
    o.pppoe.ppp.cp_options = 1u << PD_LCP_OPT_MRU;
    gboolean auth = (code == PD_CP_CONF_REQ) != from_host; /* the concentrator's request */
    if (auth) {
        o.pppoe.ppp.cp_options |= 1u << PD_LCP_OPT_AUTH;
        o.pppoe.ppp.auth_protocol = PD_PPP_CHAP;
        o.pppoe.ppp.auth_algorithm = 0x81;
    }
    return feed(r, &o);
}

/* A session up with the host asking for MRU @host_mru and the concentrator for @ac_mru, each
 * acknowledged, after a PADS granting PPP-Max-Payload @max_payload (RFC 4638; 0: none); returns
 * the frame of the host's Ack of the concentrator's request (the concentrator's Ack of the
 * host's is the frame after). */
static guint32 session_with_mru(run *r, guint16 host_mru, guint16 ac_mru, guint16 max_payload)
{
    padi(r, 0);
    pado(r, 0.002);
    padr(r, 0.004);
    pd_observation o = next(r, AC, HOST, PD_PPPOE_PADS, 0.016);
    o.pppoe.session_id = SID;
    o.pppoe.max_payload = max_payload;
    feed(r, &o);
    lcp_mru(r, TRUE, PD_CP_CONF_REQ, host_mru);
    lcp_mru(r, FALSE, PD_CP_CONF_REQ, ac_mru);
    guint32 ack = lcp_mru(r, TRUE, PD_CP_CONF_ACK, ac_mru);
    lcp_mru(r, FALSE, PD_CP_CONF_ACK, host_mru);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    ppp(r, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.03);
    ppp(r, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=5F69 M=Access granted", 0.02);
    ipcp_up(r);
    pd_engine_finish(r->e);
    return ack;
}

/* An MRU above what a PPPoE session carries (RFC 2516 section 7: 1492; RFC 4638: more where
 * PPP-Max-Payload grants it), either side's: an advisory that leaves the session healthy, naming
 * the side and the Ack; none within the limit. */
static void test_mru(void)
{
    /* the concentrator asks for 1500, no PPP-Max-Payload: said of the server */
    run *r = run_new();
    guint32 ack = session_with_mru(r, 1492, 1500, 0);
    const pd_finding *f = live(r->e, 0, "pppoe-mru-too-large");
    g_assert_nonnull(f);
    g_assert_true(evidence_has(f, ack));
    g_assert_nonnull(strstr(f->cause, "The server asked in LCP for a Maximum-Receive-Unit of 1500"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_HEALTHY);
    run_free(r);
    /* the host asks for 1500 with PPP-Max-Payload 1500 granted: nothing to say */
    r = run_new();
    session_with_mru(r, 1500, 1492, 1500);
    g_assert_null(live(r->e, 0, "pppoe-mru-too-large"));
    g_assert_cmpint(pd_engine_session(r->e, 0)->verdict, ==, PD_VERDICT_HEALTHY);
    run_free(r);
    /* ... and 1508 with 1500 granted: above what was granted, said of the client */
    r = run_new();
    ack = session_with_mru(r, 1508, 1492, 1500);
    f = live(r->e, 0, "pppoe-mru-too-large");
    g_assert_nonnull(f);
    g_assert_true(evidence_has(f, ack + 1));
    g_assert_nonnull(strstr(f->cause, "PPP-Max-Payload of 1500 bytes"));
    run_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pppoe/healthy", test_healthy);
    g_test_add_func("/pppoe/no-offer", test_no_offer);
    g_test_add_func("/pppoe/one-padi-too-early", test_one_padi_too_early);
    g_test_add_func("/pppoe/lone-padi", test_lone_padi);
    g_test_add_func("/pppoe/late-offer", test_late_offer);
    g_test_add_func("/pppoe/refused", test_refused);
    g_test_add_func("/pppoe/refused-tags-cut", test_refused_tags_cut);
    g_test_add_func("/pppoe/padr-unanswered", test_padr_unanswered);
    g_test_add_func("/pppoe/bad-password", test_bad_password);
    g_test_add_func("/pppoe/terminated-by-ac", test_terminated_by_ac);
    g_test_add_func("/pppoe/echo-lost", test_echo_lost);
    g_test_add_func("/pppoe/strays", test_strays);
    g_test_add_func("/pppoe/retry-is-new-session", test_retry_is_new_session);
    g_test_add_func("/pppoe/refused-attempts-settle", test_refused_attempts_settle);
    g_test_add_func("/pppoe/mru", test_mru);
    return g_test_run();
}
