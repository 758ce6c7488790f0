/* obsdump.c: PPTPDIAG_DUMP_OBS, see obsdump.h (built only with -DPPTPDIAG_DEV_HOOKS=ON).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "obsdump.h"

#include <stdio.h>

#include "pd_obscodec.h"

void pptpdiag_obsdump(const pd_observation *obs)
{
    static gboolean checked;
    static FILE *out;
    if (!checked) {
        checked = TRUE;
        const char *path = g_getenv("PPTPDIAG_DUMP_OBS");
        if (path && *path && !(out = fopen(path, "ab")))
            g_warning("pptpdiag: cannot open PPTPDIAG_DUMP_OBS=%s", path);
    }
    if (!out)
        return;
    GByteArray *b = g_byte_array_sized_new(128);
    pd_encode_observation(b, obs);
    if (fwrite(b->data, 1, b->len, out) != b->len || fflush(out) != 0)
        g_warning("pptpdiag: cannot write PPTPDIAG_DUMP_OBS");
    g_byte_array_free(b, TRUE);
}

gboolean pptpdiag_obsdump_wanted(void)
{
    return g_getenv("PPTPDIAG_DUMP_OBS") != NULL;
}
