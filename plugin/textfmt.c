/* textfmt.c: see textfmt.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "textfmt.h"

#include <string.h>

static const char spaces[] = "                                                                ";

void pptpdiag_append_spaces(GString *out, int n)
{
    while (n > 0) {
        int k = MIN(n, (int)sizeof spaces - 1);
        pptpdiag_append_len(out, spaces, (gsize)k);
        n -= k;
    }
}

/* @v in decimal, right-aligned in @width characters */
static void append_u64(GString *out, guint64 v, int width)
{
    char b[48];
    int n = (int)sizeof b;
    do {
        b[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    int pad = width - ((int)sizeof b - n);
    if (pad > 0 && pad <= n) { /* the padding written in front of the digits (widths < 28) */
        n -= pad;
        memset(b + n, ' ', (size_t)pad);
    } else {
        pptpdiag_append_spaces(out, pad);
    }
    pptpdiag_append_len(out, b + n, sizeof b - (gsize)n);
}

void pptpdiag_append_uint(GString *out, guint v, int width)
{
    append_u64(out, v, width);
}

void pptpdiag_append_fixed3(GString *out, double v, int width)
{
    /* IEEE 754 binary64: v = mant * 2^-s exactly. Below 4e12 (< 2^42), s >= 11 for every
     * value, so v * 1000 = mant * 1000 / 2^s with mant * 1000 < 2^63: integer arithmetic gives
     * the exact quotient and remainder, hence printf's rounding. */
    guint64 bits;
    memcpy(&bits, &v, sizeof bits);
    if ((bits >> 63) || !(v < 4e12)) { /* negative or -0.0, too large, NaN */
        g_string_append_printf(out, "%*.3f", width, v);
        return;
    }
    guint e = (guint)(bits >> 52) & 0x7ff;
    guint64 mant = bits & ((G_GUINT64_CONSTANT(1) << 52) - 1);
    guint s;
    if (e) {
        mant |= G_GUINT64_CONSTANT(1) << 52;
        s = 1075 - e;
    } else {
        s = 1074; /* subnormal */
    }
    guint64 m = mant * 1000, k;
    if (s >= 64) {
        k = 0; /* m / 2^s < 2^63 / 2^64: below one half */
    } else {
        k = m >> s;
        guint64 rem = m & ((G_GUINT64_CONSTANT(1) << s) - 1);
        guint64 half = G_GUINT64_CONSTANT(1) << (s - 1);
        if (rem > half || (rem == half && (k & 1)))
            k++;
    }
    /* k thousandths, k < 4e15: "I.FFF", the integer part right-aligned in what ".FFF" leaves */
    append_u64(out, k / 1000, width - 4);
    guint frac = (guint)(k % 1000);
    char f[4] = {'.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                 (char)('0' + frac % 10)};
    pptpdiag_append_len(out, f, sizeof f);
}

void pptpdiag_wire_text(const guint8 *v, gint n, char *out, gsize size)
{
    gsize k = 0;
    for (gint i = 0; i < n && v[i] && k + 1 < size;) {
        gunichar c = g_utf8_get_char_validated((const gchar *)v + i, n - i);
        if (c > 0x10ffff) { /* invalid, or a character the text's end cuts */
            out[k++] = '?';
            i++;
            continue;
        }
        gint w = g_utf8_skip[v[i]];
        if (k + (gsize)w >= size)
            break;
        if (c < 0x20 || c == 0x7f)
            out[k] = '.';
        else
            memcpy(out + k, v + i, (size_t)w);
        k += (gsize)w;
        i += w;
    }
    out[k] = '\0';
}
