/* test_order.c: THE ORDER's step 5 (findings/pd_verdict.c, silenced[]): a finding that would add
 * nothing to what already explains its call or session is refused where a rule makes it, so no
 * rule asks another's result; and the network phase is a PPP fact the rules read whatever
 * explains the call.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"
#include "trace.h"

#include <string.h>

static pd_session *session0(trace *tr)
{
    return g_ptr_array_index(tr->e->sessions, 0);
}

/* A call explained by a confirmed authentication failure: the server's Call-Disconnect-Notify
 * that follows adds nothing (call-disconnected: silenced by an explanation likely or surer), a
 * second Failure replaces the first (auth-failed: silenced only by another rule), and the table
 * answers per rule: an inferred gre-blocked is silenced, a confirmed one (the wire shows it) is
 * not; a rule with no row never is. */
static void test_silenced(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    guint32 fail = lcp_and_chap(tr, PD_CHAP_FAILURE, "E=691 R=1 C=00 V=3 M=bad");
    g_assert_nonnull(finding_of(tr, fail, PD_RULE_AUTH_FAILED));
    pd_session *s = session0(tr);
    pd_link *c = s->links[0];
    g_assert_true(pd_verdict_silent(s, c, PD_RULE_CALL_DISCONNECTED, PD_CONF_CONFIRMED));
    g_assert_true(pd_verdict_silent(s, c, PD_RULE_GRE_BLOCKED, PD_CONF_LIKELY));
    g_assert_false(pd_verdict_silent(s, c, PD_RULE_GRE_BLOCKED, PD_CONF_CONFIRMED));
    g_assert_false(pd_verdict_silent(s, c, PD_RULE_AUTH_FAILED, PD_CONF_CONFIRMED));
    g_assert_true(pd_verdict_silent(s, c, PD_RULE_HEALTHY, PD_CONF_CONFIRMED));
    g_assert_false(pd_verdict_silent(s, c, PD_RULE_MTU_TOO_SMALL, PD_CONF_POSSIBLE));
    /* about the session itself: the call's failure does not count for SESSION_OWN rows */
    g_assert_false(pd_verdict_silent(s, NULL, PD_RULE_PPTP_ECHO_UNANSWERED, PD_CONF_LIKELY));
    g_assert_true(pd_verdict_silent(s, NULL, PD_RULE_CONTROL_CLOSED, PD_CONF_CONFIRMED));
    /* pd_finding_new refuses what the table silences, and frees its cause */
    g_assert_null(pd_finding_new(tr->e, s, c, fail, PD_RULE_CALL_DISCONNECTED, PD_NO_VARIANT,
                                 PD_CONF_CONFIRMED, g_strdup("refused")));
    guint32 cdn = pptp(tr, FALSE, PD_PPTP_CDN, PAC_ID, -1, 3, 0.5);
    g_assert_null(finding_of(tr, cdn, PD_RULE_CALL_DISCONNECTED));
    guint32 again = gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_FAILURE, "E=709 R=0 C=00 V=3 M=x", 0.01);
    const pd_finding *f2 = finding_of(tr, again, PD_RULE_AUTH_FAILED);
    g_assert_nonnull(f2);
    g_assert_cmpuint(finding_of(tr, fail, PD_RULE_AUTH_FAILED)->superseded_by, ==, again);
    g_assert_true(s->info.verdict_finding == f2);
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    trace_free(tr);
}

/* The network phase reached is the call's PPP fact (pd_ppp_link.net_up, kept as net_frame), set
 * whether or not a finding already explains the call; the healthy finding is not made while a
 * failure explains it. */
static void test_network_fact(void)
{
    trace *tr = trace_new();
    call_setup(tr);
    guint32 up = ppp_success(tr);
    pd_link *c = session0(tr)->links[0];
    g_assert_cmpuint(c->net_frame, ==, up);
    g_assert_nonnull(finding_of(tr, up, PD_RULE_HEALTHY));
    trace_free(tr);

    tr = trace_new(); /* a failure first: the fact is kept, no healthy finding */
    call_setup(tr);
    lcp_and_chap(tr, PD_CHAP_FAILURE, "E=691 R=1 C=00 V=3 M=bad");
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    guint32 up2 = gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    c = session0(tr)->links[0];
    g_assert_cmpuint(c->net_frame, ==, up2);
    g_assert_null(finding_of(tr, up2, PD_RULE_HEALTHY));
    g_assert_cmpint(verdict(tr, 0), ==, PD_VERDICT_FAILED);
    trace_free(tr);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/order/silenced", test_silenced);
    g_test_add_func("/order/network-fact", test_network_fact);
    return g_test_run();
}
