/* test_headers.c: the readers that replace wanted fields (headers-dns.c, headers-ppp.c's options
 * and malformed test) on packets built byte by byte: what each reads, and what it does with
 * names that loop, counts and lengths that lie.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include <epan/tvbuff.h>

#include "headers-dns.h"
#include "headers-ppp.h"

static tvbuff_t *tvb_of(const guint8 *b, gsize n)
{
    return tvb_new_real_data(b, (guint)n, (gint)n);
}

static pd_obs_dns dns_of(const guint8 *b, gsize n, gboolean *ok)
{
    pd_obs_dns d;
    memset(&d, 0, sizeof d);
    tvbuff_t *t = tvb_of(b, n);
    *ok = hdr_dns_at(t, 0, &d);
    tvb_free(t);
    return d;
}

/* A response for vpn.example.com: a CNAME (its name a pointer to the question), then in the
 * additional section an AAAA and an A: the A is the address, as Wireshark's first dns.a. */
static void test_dns_response(void)
{
    static const guint8 m[] = {
        0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 2,
        3, 'v', 'p', 'n', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
        0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 2, 'g', 'w', 0, /* CNAME gw. */
        0xc0, 45, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 1,
        0xc0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 198, 51, 100, 7,
    };
    gboolean ok;
    pd_obs_dns d = dns_of(m, sizeof m, &ok);
    g_assert_true(ok);
    g_assert_cmpuint(d.id, ==, 0x1234);
    g_assert_true(d.response);
    g_assert_cmpuint(d.rcode, ==, 0);
    g_assert_cmpuint(d.n_answers, ==, 1);
    g_assert_cmpstr(d.qname, ==, "vpn.example.com");
    g_assert_cmpuint(d.qtype, ==, 1);
    g_assert_cmpuint(d.answer.family, ==, 4);
    g_assert_cmpmem(d.answer.bytes, 4, ((guint8[]){198, 51, 100, 7}), 4);
}

/* Only an AAAA: its address. NXDOMAIN: rcode 3 and no address. */
static void test_dns_aaaa_and_nxdomain(void)
{
    static const guint8 m[] = {
        0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 'v', 0, 0, 28, 0, 1,
        0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 9,
    };
    gboolean ok;
    pd_obs_dns d = dns_of(m, sizeof m, &ok);
    g_assert_true(ok);
    g_assert_cmpstr(d.qname, ==, "v");
    g_assert_cmpuint(d.qtype, ==, 28);
    g_assert_cmpuint(d.answer.family, ==, 6);
    g_assert_cmpuint(d.answer.bytes[15], ==, 9);
    static const guint8 nx[] = {0, 2, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0, 4, 'w', 'p', 'a', 'd',
                                0, 0, 1, 0, 1};
    d = dns_of(nx, sizeof nx, &ok);
    g_assert_true(ok);
    g_assert_cmpuint(d.rcode, ==, 3);
    g_assert_cmpstr(d.qname, ==, "wpad");
    g_assert_cmpuint(d.answer.family, ==, 0);
}

/* Bad input: a name that points at itself, counts of 65535 records that are not there, a label
 * past the captured bytes, a byte that is no printable ASCII, fewer than 12 bytes. */
static void test_dns_bad_input(void)
{
    gboolean ok;
    static const guint8 loop[] = {0, 3, 0x81, 0x80, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                  1, 'a', 0xc0, 12};
    pd_obs_dns d = dns_of(loop, sizeof loop, &ok);
    g_assert_true(ok); /* the header read; the name loops: nothing more */
    g_assert_cmpuint(d.n_answers, ==, 65535);
    g_assert_cmpstr(d.qname, ==, "");
    g_assert_cmpuint(d.answer.family, ==, 0);
    static const guint8 lying[] = {0, 4, 0x81, 0x80, 0, 1, 0xff, 0xff, 0, 0, 0, 0,
                                   2, 'x', 0x01, 0, 0, 1, 0, 1, 0xc0, 12, 0, 1};
    d = dns_of(lying, sizeof lying, &ok);
    g_assert_true(ok);
    g_assert_cmpstr(d.qname, ==, "x?");
    g_assert_cmpuint(d.qtype, ==, 1);
    g_assert_cmpuint(d.answer.family, ==, 0); /* the record is cut after its type */
    static const guint8 cut[] = {0, 5, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 9, 'c', 'u', 't'};
    d = dns_of(cut, sizeof cut, &ok);
    g_assert_true(ok);
    g_assert_cmpstr(d.qname, ==, "");
    d = dns_of(cut, 11, &ok);
    g_assert_false(ok);
}

static pd_obs_ppp ppp_of(const guint8 *b, gsize n, gint len)
{
    pd_obs_ppp p;
    memset(&p, 0, sizeof p);
    tvbuff_t *t = tvb_of(b, n);
    hdr_ppp_at(t, 0, len, &p);
    tvb_free(t);
    return p;
}

/* LCP Configure-Request (MRU, Authentication-Protocol MS-CHAPv2, Magic-Number), IPCP
 * Configure-Nak with an IP-Address, CCP Configure-Request with MPPE 128-bit, LCP
 * Protocol-Reject: what the tree's option items said, read from the bytes. */
static void test_ppp_options(void)
{
    static const guint8 lcp[] = {0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 19, 1, 4, 0x05, 0x78,
                                 3, 5, 0xc2, 0x23, 0x81, 5, 6, 1, 2, 3, 4};
    pd_obs_ppp p = ppp_of(lcp, sizeof lcp, -1);
    g_assert_cmpuint(p.protocol, ==, PD_PPP_LCP);
    g_assert_cmpuint(p.code, ==, PD_CP_CONF_REQ);
    g_assert_cmpuint(p.cp_options, ==, (1u << 1) | (1u << 3) | (1u << 5));
    g_assert_cmpuint(p.auth_protocol, ==, PD_PPP_CHAP);
    g_assert_cmpuint(p.auth_algorithm, ==, 0x81);
    g_assert_false(p.malformed);
    static const guint8 ipcp[] = {0x80, 0x21, 3, 7, 0, 10, 3, 6, 192, 0, 2, 44};
    p = ppp_of(ipcp, sizeof ipcp, -1);
    g_assert_true(p.has_ipcp_address);
    g_assert_cmpmem(p.ipcp_address, 4, ((guint8[]){192, 0, 2, 44}), 4);
    static const guint8 ccp[] = {0x80, 0xfd, 1, 2, 0, 10, 18, 6, 0x01, 0, 0, 0x40};
    p = ppp_of(ccp, sizeof ccp, -1);
    g_assert_cmpuint(p.mppe_bits, ==, 0x01000040);
    g_assert_cmpuint(p.cp_options, ==, 1u << 18);
    static const guint8 rej[] = {0xc0, 0x21, 8, 3, 0, 8, 0x12, 0x34};
    p = ppp_of(rej, sizeof rej, -1);
    g_assert_cmpuint(p.rejected_protocol, ==, 0x1234);
}

/* An option whose length is below 2 ends the walk (the options before it count); a Length past
 * what the carrier delivers (here PPPoE's LENGTH, 8) is malformed, one within it is not. */
static void test_ppp_lengths(void)
{
    static const guint8 bad_opt[] = {0xc0, 0x21, 1, 1, 0, 12, 1, 4, 0x05, 0x78, 3, 1, 5, 6};
    pd_obs_ppp p = ppp_of(bad_opt, sizeof bad_opt, -1);
    g_assert_cmpuint(p.cp_options, ==, 1u << 1);
    g_assert_cmpuint(p.auth_protocol, ==, 0);
    static const guint8 echo[] = {0xc0, 0x21, 9, 1, 0, 64, 1, 2, 3, 4};
    p = ppp_of(echo, sizeof echo, -1);
    g_assert_cmpuint(p.code, ==, PD_CP_ECHO_REQ);
    g_assert_true(p.malformed);
    static const guint8 fits[] = {0xc0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4, 0, 0};
    g_assert_false(ppp_of(fits, sizeof fits, -1).malformed);
    g_assert_true(ppp_of(fits, sizeof fits, 8).malformed); /* the carrier gives 6 of its 8 */
    static const guint8 data[] = {0x00, 0xfd, 0x90, 0x01, 0x02};
    p = ppp_of(data, sizeof data, -1);
    g_assert_cmpuint(p.protocol, ==, PD_PPP_COMP);
    g_assert_false(p.malformed);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dns/response", test_dns_response);
    g_test_add_func("/dns/aaaa-and-nxdomain", test_dns_aaaa_and_nxdomain);
    g_test_add_func("/dns/bad-input", test_dns_bad_input);
    g_test_add_func("/ppp/options", test_ppp_options);
    g_test_add_func("/ppp/lengths", test_ppp_lengths);
    return g_test_run();
}
