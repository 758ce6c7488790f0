/* test_textfmt.c: textfmt.c's numbers are byte for byte what printf writes, its appends what
 * GString's own write.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "textfmt.h"

static void check_fixed3(double v, int width)
{
    GString *s = g_string_new("x");
    pptpdiag_append_fixed3(s, v, width);
    char *want = g_strdup_printf("x%*.3f", width, v);
    if (strcmp(s->str, want) != 0)
        g_error("%.17g width %d: \"%s\", printf \"%s\"", v, width, s->str, want);
    g_free(want);
    g_string_free(s, TRUE);
}

/* Exact ties (thousandths ending in 5, exactly representable: multiples of 1/2^k) round to
 * the even digit, as glibc's printf does; the doubles either side round away from them. */
static void test_fixed3_ties(void)
{
    for (int k = 0; k < 2000; k++) {
        double t = (k + 0.5) / 1000.0; /* rarely exact: both roundings are checked below */
        check_fixed3(t, 9);
        check_fixed3(nextafter(t, 0), 9);
        check_fixed3(nextafter(t, 1e9), 9);
    }
    for (int k = 0; k < 4096; k++) {
        double t = k / 2048.0 + 7.0; /* exact in binary; some are exact ties: 7.0625 ... */
        check_fixed3(t, 9);
    }
    check_fixed3(0.0625, 9);  /* 62.5 thousandths: "0.062" */
    check_fixed3(0.1875, 9);  /* "0.188" */
    check_fixed3(1024.0625, 0);
}

static void test_fixed3_values(void)
{
    const double fixed[] = {0.0, 1e-300, 4.9e-324, 0.0004999999, 0.0005, 0.9995, 0.9994999,
                            1.0, 9.9995, 99999.9995, 123456.789, 3999999999999.999,
                            1763000000.123456, 59.99999999};
    for (gsize i = 0; i < G_N_ELEMENTS(fixed); i++)
        for (int w = 0; w <= 60; w += w < 12 ? 3 : 16)
            check_fixed3(fixed[i], w);
    /* Frame times as the report computes them: the difference of two absolute times. */
    GRand *r = g_rand_new_with_seed(16);
    for (int i = 0; i < 200000; i++) {
        double t0 = 1.7e9 + g_rand_double_range(r, 0, 1e6);
        double t = t0 + g_rand_int_range(r, 0, 100000000) / 1e6;
        check_fixed3(t - t0, 9);
        check_fixed3(g_rand_double_range(r, 0, 4e12), 9);
        check_fixed3(ldexp(g_rand_double(r), -g_rand_int_range(r, 0, 1100)), 9);
    }
    g_rand_free(r);
}

/* What printf itself is handed: the sign of negatives and -0.0, large values, NaN. */
static void test_fixed3_printf_cases(void)
{
    const double vals[] = {-0.0, -0.0005, -12.3456, 4e12, 1e20, INFINITY, -INFINITY, NAN};
    for (gsize i = 0; i < G_N_ELEMENTS(vals); i++)
        check_fixed3(vals[i], 9);
}

static void test_uint(void)
{
    const guint vals[] = {0, 7, 10, 999, 1000000, G_MAXUINT};
    for (gsize i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (int w = 0; w <= 100; w += w < 12 ? 1 : 11) { /* past 27: padding appended apart */
            GString *s = g_string_new(NULL);
            pptpdiag_append_uint(s, vals[i], w);
            char *want = g_strdup_printf("%*u", w, vals[i]);
            g_assert_cmpstr(s->str, ==, want);
            g_free(want);
            g_string_free(s, TRUE);
        }
    }
}

/* Text appended piece by piece, through the room left and past it (the string grows), as
 * g_string_append_len and printf's "%*s" would have written it. */
static void test_append(void)
{
    GRand *r = g_rand_new_with_seed(9);
    GString *s = g_string_sized_new(1), *want = g_string_sized_new(1);
    char piece[300];
    for (int i = 0; i < 20000; i++) {
        int n = g_rand_int_range(r, 0, (int)sizeof piece);
        for (int k = 0; k < n; k++)
            piece[k] = (char)g_rand_int_range(r, 'a', 'z' + 1);
        switch (g_rand_int_range(r, 0, 4)) {
        case 0:
            pptpdiag_append_len(s, piece, (gsize)n);
            g_string_append_len(want, piece, n);
            break;
        case 1:
            piece[n] = '\0';
            pptpdiag_append_str(s, piece);
            g_string_append(want, piece);
            break;
        case 2:
            pptpdiag_append_lit(s, "lit; ");
            g_string_append(want, "lit; ");
            break;
        default:
            pptpdiag_append_spaces(s, n - 20);
            g_string_append_printf(want, "%*s", MAX(n - 20, 0), "");
            break;
        }
        g_assert_cmpuint(s->len, ==, want->len);
        g_assert_cmpuint(strlen(s->str), ==, s->len); /* still NUL-terminated */
    }
    g_assert_cmpstr(s->str, ==, want->str);
    g_string_free(s, TRUE);
    g_string_free(want, TRUE);
    g_rand_free(r);
}

/* A packet's text: up to a NUL, '?' for a byte that is no UTF-8, '.' for a control character,
 * cut to fit before a character that does not (extract-pppoe.c's tags, extract-l2tp.c's AVPs). */
static void test_wire_text(void)
{
    char out[8];
    pptpdiag_wire_text((const guint8 *)"ab\0cd", 5, out, sizeof out);
    g_assert_cmpstr(out, ==, "ab");
    pptpdiag_wire_text((const guint8 *)"a\xff\tb", 4, out, sizeof out);
    g_assert_cmpstr(out, ==, "a?.b");
    pptpdiag_wire_text((const guint8 *)"abcdef\xc3\xa9", 8, out, sizeof out);
    g_assert_cmpstr(out, ==, "abcdef"); /* the é's 2 bytes do not fit in the 8 with the NUL */
    pptpdiag_wire_text((const guint8 *)"ab\xc3", 3, out, sizeof out);
    g_assert_cmpstr(out, ==, "ab?"); /* a character the text's end cuts */
    pptpdiag_wire_text((const guint8 *)"", 0, out, sizeof out);
    g_assert_cmpstr(out, ==, "");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/textfmt/fixed3/ties", test_fixed3_ties);
    g_test_add_func("/textfmt/fixed3/values", test_fixed3_values);
    g_test_add_func("/textfmt/fixed3/printf-cases", test_fixed3_printf_cases);
    g_test_add_func("/textfmt/uint", test_uint);
    g_test_add_func("/textfmt/append", test_append);
    g_test_add_func("/textfmt/wire-text", test_wire_text);
    return g_test_run();
}
