/* test_addr.c: pd_addr_to_str writes what inet_ntop(3) writes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <string.h>

#include "pd_observation.h"

static void check(const pd_addr *a)
{
    char want[64], got[64];
    g_assert_nonnull(inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, want, sizeof want));
    memset(got, 'x', sizeof got);
    g_assert_true(pd_addr_to_str(a, got, sizeof got) == got);
    g_assert_cmpstr(got, ==, want);
}

/* Every value of every IPv4 byte beside random others, then random addresses. */
static void test_ipv4(void)
{
    static const guint8 edge[] = {0, 9, 10, 99, 100, 255};
    GRand *r = g_rand_new_with_seed(4);
    for (int pos = 0; pos < 4; pos++)
        for (guint v = 0; v < 256; v++)
            for (int k = 0; k < 4; k++) {
                guint8 b[4];
                for (int i = 0; i < 4; i++)
                    b[i] = (guint8)g_rand_int_range(r, 0, 256);
                b[pos] = (guint8)v;
                if (k == 0) /* the others all 0, 9, 10, 99, 100 or 255 */
                    for (int i = 0; i < 4; i++)
                        if (i != pos)
                            b[i] = edge[(v + i) % G_N_ELEMENTS(edge)];
                pd_addr a = pd_addr_v4(b);
                check(&a);
            }
    for (int n = 0; n < 100000; n++) {
        guint32 w = g_rand_int(r);
        pd_addr a = pd_addr_v4((const guint8 *)&w);
        check(&a);
    }
    g_rand_free(r);
}

/* IPv6 goes to inet_ntop; an unset address is "?"; a short buffer stays a string. */
static void test_other(void)
{
    pd_addr a;
    memset(&a, 0, sizeof a);
    char buf[64];
    g_assert_cmpstr(pd_addr_to_str(&a, buf, sizeof buf), ==, "?");
    a.family = 6;
    a.bytes[0] = 0x20, a.bytes[1] = 0x01, a.bytes[2] = 0x0d, a.bytes[3] = 0xb8, a.bytes[15] = 1;
    check(&a);
    const guint8 b[4] = {192, 168, 100, 200};
    a = pd_addr_v4(b);
    char small[8];
    pd_addr_to_str(&a, small, sizeof small); /* too short for 15 characters */
    g_assert_cmpuint(strlen(small), <, sizeof small);
    g_assert_cmpstr(pd_addr_to_str(&a, buf, 16), ==, "192.168.100.200");
}

/* Private addresses (RFC 1918, RFC 6598, RFC 4193) and their edges. */
static void test_private(void)
{
    static const struct { guint8 b[4]; gboolean priv; } v4[] = {
        {{10, 0, 0, 1}, TRUE},      {{172, 16, 0, 1}, TRUE},  {{172, 31, 255, 1}, TRUE},
        {{172, 32, 0, 1}, FALSE},   {{172, 15, 0, 1}, FALSE}, {{192, 168, 1, 1}, TRUE},
        {{192, 169, 1, 1}, FALSE},  {{100, 64, 0, 1}, TRUE},  {{100, 127, 0, 1}, TRUE},
        {{100, 128, 0, 1}, FALSE},  {{203, 0, 113, 10}, FALSE}, {{11, 0, 0, 1}, FALSE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(v4); i++) {
        pd_addr a = pd_addr_v4(v4[i].b);
        g_assert_cmpint(pd_addr_private(&a), ==, v4[i].priv);
    }
    pd_addr a;
    memset(&a, 0, sizeof a);
    a.family = 6;
    a.bytes[0] = 0xfd;
    g_assert_true(pd_addr_private(&a));
    a.bytes[0] = 0x20;
    g_assert_false(pd_addr_private(&a));
    a.family = 0;
    g_assert_false(pd_addr_private(&a));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/addr/ipv4", test_ipv4);
    g_test_add_func("/addr/other", test_other);
    g_test_add_func("/addr/private", test_private);
    return g_test_run();
}
