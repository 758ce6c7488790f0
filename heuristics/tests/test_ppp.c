/* test_ppp.c: the PPP module on PPP alone, with no PPTP, GRE or engine: a link is fed frames
 * with a direction, as L2TP or PPPoE would feed it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "pd_observation.h"
#include "pd_ppp.h"

enum { A = 0, B = 1 }; /* the two ends of the link, whatever the transport calls them */

static guint feed(pd_ppp_link *l, int dir, guint32 frame, guint16 proto, guint8 code)
{
    pd_ppp_frame f = {.protocol = proto, .code = code, .message = "", .stamp = frame * 0.1};
    pd_ppp_activity(l, dir, frame, frame * 0.1, frame * 0.1);
    return pd_ppp_input(l, dir, frame, &f);
}

/* LCP opens when both ends acknowledged; authentication, CCP, IPCP and data follow (RFC 1661
 * 3.2 phases), each reported once, when it happens. */
static void test_phases(void)
{
    pd_ppp_link *l = pd_ppp_link_new();
    g_assert_cmpstr(pd_ppp_phase(l), ==, "link establishment");
    pd_ppp_frame req = {.protocol = PD_PPP_LCP, .code = PD_CP_CONF_REQ,
                        .cp_options = 1u << PD_LCP_OPT_AUTH, .auth_protocol = PD_PPP_CHAP,
                        .auth_algorithm = 0x81};
    g_assert_cmpuint(pd_ppp_input(l, B, 1, &req), ==, 0);
    g_assert_cmpuint(l->auth_req[B], ==, 1);
    g_assert_cmpuint(l->auth_asked[B], ==, PD_PPP_CHAP);
    g_assert_cmpuint(feed(l, A, 2, PD_PPP_LCP, PD_CP_CONF_REQ), ==, 0);
    g_assert_cmpuint(feed(l, A, 3, PD_PPP_LCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(l->lcp_opened, ==, 0);
    g_assert_cmpuint(feed(l, B, 4, PD_PPP_LCP, PD_CP_CONF_ACK), ==, PD_PPP_EV_LCP_OPENED);
    g_assert_cmpuint(l->lcp_opened, ==, 4);
    g_assert_cmpuint(feed(l, B, 5, PD_PPP_LCP, PD_CP_CONF_ACK), ==, 0); /* once */
    g_assert_cmpstr(pd_ppp_phase(l), ==, "authentication");
    g_assert_cmpuint(feed(l, B, 6, PD_PPP_CHAP, PD_CHAP_CHALLENGE), ==, 0);
    g_assert_cmpuint(feed(l, A, 7, PD_PPP_CHAP, PD_CHAP_RESPONSE), ==, 0);
    g_assert_cmpuint(feed(l, B, 8, PD_PPP_CHAP, PD_CHAP_SUCCESS), ==, PD_PPP_EV_AUTH_OK);
    g_assert_cmpuint(l->auth_challenge, ==, 6);
    g_assert_cmpuint(l->auth_response, ==, 7);
    g_assert_cmpstr(pd_ppp_phase(l), ==, "network");
    g_assert_cmpuint(feed(l, A, 9, PD_PPP_CCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(feed(l, B, 10, PD_PPP_CCP, PD_CP_CONF_ACK), ==, PD_PPP_EV_CCP_UP);
    g_assert_false(pd_ppp_ncp_up(l, PD_NCP_IPCP));
    g_assert_cmpuint(feed(l, A, 11, PD_PPP_IPCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(l->net_up, ==, 0);
    g_assert_cmpuint(feed(l, B, 12, PD_PPP_IPCP, PD_CP_CONF_ACK), ==, PD_PPP_EV_NETWORK);
    g_assert_cmpuint(l->net_up, ==, 12);
    g_assert_true(pd_ppp_ncp_up(l, PD_NCP_IPCP));
    g_assert_false(pd_ppp_ncp_up(l, PD_NCP_IPV6CP));
    g_assert_cmpuint(feed(l, A, 13, PD_PPP_COMP, 0), ==, 0);
    g_assert_cmpuint(feed(l, B, 14, PD_PPP_IP, 0), ==, PD_PPP_EV_DATA_BOTH);
    g_assert_cmpuint(feed(l, B, 15, PD_PPP_IP, 0), ==, 0);
    g_assert_cmpuint(l->net_up, ==, 12); /* once */
    g_free(l);
}

/* The network phase (pd_ppp_link.net_up, RFC 1661 3.2) as the healthy rule and the others read
 * it: IPV6CP up counts only while no IPCP Configure-Request was seen (an IPv6-only tunnel); data
 * both ways only then too (a capture that starts mid-session); IPV6CP up while IPCP negotiates
 * is not the network phase for the user's IPv4 traffic (lab chap_ip_restriction). */
static void test_network(void)
{
    pd_ppp_link *l = pd_ppp_link_new(); /* IPv6 only */
    g_assert_cmpuint(feed(l, A, 1, PD_PPP_IPV6CP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(feed(l, B, 2, PD_PPP_IPV6CP, PD_CP_CONF_ACK), ==, PD_PPP_EV_NETWORK);
    g_assert_cmpuint(l->net_up, ==, 2);
    g_free(l);
    l = pd_ppp_link_new(); /* IPCP asked, IPV6CP up: not yet; IPCP up: now */
    g_assert_cmpuint(feed(l, A, 1, PD_PPP_IPCP, PD_CP_CONF_REQ), ==, 0);
    g_assert_cmpuint(feed(l, A, 2, PD_PPP_IPV6CP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(feed(l, B, 3, PD_PPP_IPV6CP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(feed(l, A, 4, PD_PPP_IPV6, 0), ==, 0);
    g_assert_cmpuint(feed(l, B, 5, PD_PPP_IPV6, 0), ==, PD_PPP_EV_DATA_BOTH);
    g_assert_cmpuint(l->net_up, ==, 0);
    g_assert_cmpuint(feed(l, B, 6, PD_PPP_IPCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(feed(l, A, 7, PD_PPP_IPCP, PD_CP_CONF_ACK), ==, PD_PPP_EV_NETWORK);
    g_assert_cmpuint(l->net_up, ==, 7);
    g_free(l);
    l = pd_ppp_link_new(); /* mid-session: data both ways, no negotiation */
    g_assert_cmpuint(feed(l, B, 8, PD_PPP_COMP, 0), ==, 0);
    g_assert_cmpuint(feed(l, A, 9, PD_PPP_COMP, 0), ==, PD_PPP_EV_DATA_BOTH | PD_PPP_EV_NETWORK);
    g_assert_cmpuint(l->net_up, ==, 9);
    pd_ppp_link_swap(l); /* a property of the link, not of a direction */
    g_assert_cmpuint(l->net_up, ==, 9);
    g_free(l);
}

/* One direction of the link captured (issue 29, class 4): what A's frames prove B sent is
 * recorded as B's (pd_ppp_imply), so A's Configure-Ack, CHAP Response, IPCP and data open LCP,
 * pass authentication and bring IPCP up; from B's side alone, its Success and IPCP Ack and data
 * do the same; A's Response then Terminate-Request proves no Success. */
static guint feed_one_way(pd_ppp_link *l, int dir, guint32 frame, guint16 proto, guint8 code)
{
    pd_ppp_frame f = {.protocol = proto, .code = code, .message = "", .stamp = frame * 0.1};
    guint ev = feed(l, dir, frame, proto, code);
    return ev | pd_ppp_imply(l, dir, frame, &f);
}

static void test_one_way(void)
{
    pd_ppp_link *l = pd_ppp_link_new(); /* A's frames only */
    g_assert_cmpuint(feed_one_way(l, A, 1, PD_PPP_LCP, PD_CP_CONF_REQ), ==, 0);
    g_assert_cmpuint(feed_one_way(l, A, 2, PD_PPP_LCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(l->lcp_req_first[B], ==, 2);
    g_assert_cmpuint(l->lcp_opened, ==, 0); /* B's Ack of A's request: not proved yet */
    g_assert_cmpuint(feed_one_way(l, A, 3, PD_PPP_CHAP, PD_CHAP_RESPONSE), ==,
                     PD_PPP_EV_LCP_OPENED);
    g_assert_cmpuint(l->auth_challenge, ==, 3);
    g_assert_cmpuint(l->auth_ok, ==, 0);
    g_assert_cmpuint(feed_one_way(l, A, 4, PD_PPP_IPCP, PD_CP_CONF_REQ), ==, PD_PPP_EV_AUTH_OK);
    g_assert_cmpuint(feed_one_way(l, A, 5, PD_PPP_IPCP, PD_CP_CONF_ACK), ==, 0);
    g_assert_cmpuint(l->ipcp_req[B], ==, 5);
    g_assert_false(pd_ppp_ncp_up(l, PD_NCP_IPCP));
    feed_one_way(l, A, 6, PD_PPP_COMP, 0);
    g_assert_true(pd_ppp_ncp_up(l, PD_NCP_IPCP));
    g_assert_cmpuint(l->ncp_ack[PD_NCP_IPCP][B], ==, 6);
    g_free(l);

    l = pd_ppp_link_new(); /* B's (the authenticator's) frames only */
    feed_one_way(l, B, 1, PD_PPP_LCP, PD_CP_CONF_REQ);
    feed_one_way(l, B, 2, PD_PPP_LCP, PD_CP_CONF_ACK);
    g_assert_cmpuint(feed_one_way(l, B, 3, PD_PPP_CHAP, PD_CHAP_CHALLENGE), ==,
                     PD_PPP_EV_LCP_OPENED);
    g_assert_cmpuint(feed_one_way(l, B, 4, PD_PPP_CHAP, PD_CHAP_SUCCESS), ==, PD_PPP_EV_AUTH_OK);
    g_assert_cmpuint(l->auth_response, ==, 4);
    feed_one_way(l, B, 5, PD_PPP_IPCP, PD_CP_CONF_REQ);
    feed_one_way(l, B, 6, PD_PPP_IPCP, PD_CP_CONF_ACK);
    feed_one_way(l, B, 7, PD_PPP_IP, 0);
    g_assert_true(pd_ppp_ncp_up(l, PD_NCP_IPCP));
    g_free(l);

    l = pd_ppp_link_new(); /* A's Response, then its Terminate-Request: no Success proved */
    feed_one_way(l, A, 1, PD_PPP_LCP, PD_CP_CONF_REQ);
    feed_one_way(l, A, 2, PD_PPP_LCP, PD_CP_CONF_ACK);
    feed_one_way(l, A, 3, PD_PPP_CHAP, PD_CHAP_RESPONSE);
    feed_one_way(l, A, 4, PD_PPP_LCP, PD_CP_TERM_REQ);
    g_assert_cmpuint(l->auth_ok, ==, 0);
    g_assert_cmpuint(l->lcp_term[A], ==, 4);
    g_free(l);
}

/* Refusals are recorded with the refusing side and frame: an Authentication-Protocol Nak'd
 * with a suggestion, MPPE rejected, IPCP's address rejected, IPCP Protocol-Rejected. */
static void test_refusals(void)
{
    pd_ppp_link *l = pd_ppp_link_new();
    pd_ppp_frame req = {.protocol = PD_PPP_LCP, .code = PD_CP_CONF_REQ,
                        .cp_options = 1u << PD_LCP_OPT_AUTH, .auth_protocol = PD_PPP_CHAP,
                        .auth_algorithm = 0x81};
    pd_ppp_input(l, B, 1, &req);
    pd_ppp_frame nak = {.protocol = PD_PPP_LCP, .code = PD_CP_CONF_NAK,
                        .cp_options = 1u << PD_LCP_OPT_AUTH, .auth_protocol = PD_PPP_CHAP,
                        .auth_algorithm = 5};
    pd_ppp_input(l, A, 2, &nak);
    g_assert_cmpuint(l->auth_refused[A], ==, 2);
    g_assert_false(l->auth_refused_rej[A]);
    g_assert_cmpuint(l->auth_offered_algo[A], ==, 5);
    g_assert_cmpuint(l->lcp_nak_n[A], ==, 1);
    pd_ppp_frame ccp_rej = {.protocol = PD_PPP_CCP, .code = PD_CP_CONF_REJ,
                            .cp_options = 1u << PD_CCP_OPT_MPPE};
    pd_ppp_input(l, B, 3, &ccp_rej);
    g_assert_cmpuint(l->ccp_refused[B], ==, 3);
    g_assert_cmpstr(l->ccp_refused_how[B], ==, "CCP Configure-Reject of MPPE");
    pd_ppp_frame ipcp_rej = {.protocol = PD_PPP_IPCP, .code = PD_CP_CONF_REJ,
                             .cp_options = 1u << PD_IPCP_OPT_ADDRESS};
    pd_ppp_input(l, B, 4, &ipcp_rej);
    g_assert_cmpuint(l->ipcp_rej_addr[B], ==, 4);
    pd_ppp_frame protrej = {.protocol = PD_PPP_LCP, .code = PD_CP_PROTO_REJ,
                            .rejected_protocol = PD_PPP_IPCP};
    pd_ppp_input(l, A, 5, &protrej);
    g_assert_cmpuint(l->ipcp_protrej[A], ==, 5);
    pd_ppp_frame nak_addr = {.protocol = PD_PPP_IPCP, .code = PD_CP_CONF_NAK,
                             .has_ipcp_address = TRUE, .ipcp_address = {192, 168, 50, 10}};
    pd_ppp_input(l, B, 6, &nak_addr);
    g_assert_true(l->has_ipcp_addr);
    g_assert_cmpuint(l->ipcp_addr[3], ==, 10);
    g_assert_cmpuint(l->ipcp_nak_n[B], ==, 1);
    g_free(l);
}

/* Terminate-Requests: the first LCP one of the link is an event (the second end's is not); an
 * IPCP one counts as IPCP's own only outside an LCP termination. Their texts are kept. */
static void test_terminate(void)
{
    pd_ppp_link *l = pd_ppp_link_new();
    pd_ppp_frame ipcp_term = {.protocol = PD_PPP_IPCP, .code = PD_CP_TERM_REQ,
                              .message = "No IP address"};
    g_assert_cmpuint(pd_ppp_input(l, B, 1, &ipcp_term), ==, PD_PPP_EV_IPCP_TERMINATE);
    g_assert_cmpuint(pd_ppp_input(l, B, 2, &ipcp_term), ==, 0); /* once per side */
    g_assert_cmpstr(l->term_msg[B], ==, "No IP address");
    pd_ppp_frame lcp_term = {.protocol = PD_PPP_LCP, .code = PD_CP_TERM_REQ, .message = "bye"};
    g_assert_cmpuint(pd_ppp_input(l, A, 3, &lcp_term), ==, PD_PPP_EV_LCP_TERMINATE);
    g_assert_cmpuint(pd_ppp_input(l, B, 4, &lcp_term), ==, 0);
    g_assert_cmpuint(l->lcp_term[A], ==, 3);
    g_assert_cmpuint(l->lcp_term[B], ==, 4);
    g_assert_cmpuint(pd_ppp_input(l, A, 5, &ipcp_term), ==, 0); /* inside the LCP termination */
    g_free(l);
}

/* LCP Echo-Requests stay unanswered until anything comes back from the peer. */
static void test_echo(void)
{
    pd_ppp_link *l = pd_ppp_link_new();
    feed(l, A, 1, PD_PPP_LCP, PD_CP_ECHO_REQ);
    feed(l, A, 2, PD_PPP_LCP, PD_CP_ECHO_REQ);
    g_assert_cmpuint(l->echo_unanswered[A], ==, 2);
    g_assert_cmpuint(l->echo_first_unanswered[A], ==, 1);
    g_assert_cmpuint(l->echo_last[A], ==, 2);
    pd_ppp_activity(l, B, 3, 0.3, 0.3); /* e.g. a transport keep-alive or any PPP frame */
    g_assert_cmpuint(l->echo_unanswered[A], ==, 0);
    g_assert_cmpuint(l->last_rx[B], ==, 3);
    g_free(l);
}

/* Frames that are not PPP control or data change nothing. */
static void test_other(void)
{
    pd_ppp_link *l = pd_ppp_link_new();
    pd_ppp_link zero;
    memset(&zero, 0, sizeof zero);
    pd_ppp_frame none = {.protocol = 0};
    pd_ppp_frame unknown = {.protocol = 0x8207, .code = PD_CP_CONF_REQ};
    g_assert_cmpuint(pd_ppp_input(l, A, 1, &none), ==, 0);
    g_assert_cmpuint(pd_ppp_input(l, A, 2, &unknown), ==, 0);
    g_assert_cmpmem(l, sizeof *l, &zero, sizeof zero);
    g_free(l);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppp/phases", test_phases);
    g_test_add_func("/ppp/network", test_network);
    g_test_add_func("/ppp/refusals", test_refusals);
    g_test_add_func("/ppp/one-way", test_one_way);
    g_test_add_func("/ppp/terminate", test_terminate);
    g_test_add_func("/ppp/echo", test_echo);
    g_test_add_func("/ppp/other", test_other);
    return g_test_run();
}
