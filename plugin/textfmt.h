/* textfmt.h: numbers appended to a GString as printf would write them, without printf: the
 * report's sequence views print a frame number and a time on each of tens of thousands of
 * lines, and g_string_append_printf cost about 2,000 instructions per line there (bench/README.md,
 * session 8). Glue-side text helpers: no Wireshark header, no diagnosis.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_TEXTFMT_H
#define PPTPDIAG_TEXTFMT_H

#include <glib.h>

/** Appends @v in decimal, right-aligned in @width characters: what "%*u" prints. */
void pptpdiag_append_uint(GString *out, guint v, int width);

/** Appends @v (seconds, or any quantity) with 3 decimals, right-aligned in @width characters:
 *  exactly what glibc's "%*.3f" prints, that is the binary value of @v rounded to the nearest
 *  thousandth, an exact tie to the even digit. Negative values (and -0.0), values of 4e12 and
 *  more, infinities and NaN are handed to printf itself. */
void pptpdiag_append_fixed3(GString *out, double v, int width);

#endif /* PPTPDIAG_TEXTFMT_H */
