/* textfmt.h: text appended to a GString without printf and without g_string_append's general
 * path: the report's sequence views print a frame number, a time and a label on each of tens of
 * thousands of lines, and g_string_append_printf cost about 2,000 instructions per line there,
 * g_string_append about 110 per call (doc/bench-history.md, sessions 8 and 9); and the text of a
 * packet's text field made fit to print (pptpdiag_wire_text). Glue-side text helpers: no
 * Wireshark header, no diagnosis.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_TEXTFMT_H
#define PPTPDIAG_TEXTFMT_H

#include <string.h>

#include <glib.h>

/** Appends the @n bytes at @s (no NUL among them) to @out: what g_string_append_len does, with
 *  a plain copy when @out has room (GString's str, len and allocated_len are public fields; GLib
 *  2.76 inlines the same fast path). */
static inline void pptpdiag_append_len(GString *out, const char *s, gsize n)
{
    if (out->len + n < out->allocated_len) {
        memcpy(out->str + out->len, s, n);
        out->len += n;
        out->str[out->len] = '\0';
    } else {
        g_string_append_len(out, s, (gssize)n);
    }
}

/** Appends NUL-terminated @s to @out: what g_string_append does. */
static inline void pptpdiag_append_str(GString *out, const char *s)
{
    pptpdiag_append_len(out, s, strlen(s));
}

/** Appends string literal @lit to @out (its length known at compile time). */
#define pptpdiag_append_lit(out, lit) pptpdiag_append_len((out), "" lit "", sizeof(lit) - 1)

/** Appends @n spaces (none if @n <= 0): what "%*s" prints for an empty string. */
void pptpdiag_append_spaces(GString *out, int n);

/** Appends @v in decimal, right-aligned in @width characters: what "%*u" prints. */
void pptpdiag_append_uint(GString *out, guint v, int width);

/** Appends @v (seconds, or any quantity) with 3 decimals, right-aligned in @width characters:
 *  exactly what glibc's "%*.3f" prints, that is the binary value of @v rounded to the nearest
 *  thousandth, an exact tie to the even digit. Negative values (and -0.0), values of 4e12 and
 *  more, infinities and NaN are handed to printf itself. */
void pptpdiag_append_fixed3(GString *out, double v, int width);

/** Writes the text of the @n bytes at @v, a text field of a packet (a PPPoE tag's value, RFC
 *  2516 Appendix A; an L2TP Host Name or Error Message, RFC 2661 section 4.4), into @out (@size
 *  bytes, NUL-ended), as UTF-8 fit to print: up to the first NUL byte, cut to fit without
 *  splitting a UTF-8 character; a byte that is no UTF-8 (or begins a character the text's end
 *  cuts) becomes '?', a control character (below 0x20, and 0x7f) '.'. @size must be at least
 *  1. */
void pptpdiag_wire_text(const guint8 *v, gint n, char *out, gsize size);

#endif /* PPTPDIAG_TEXTFMT_H */
