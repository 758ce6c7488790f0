/* tap-sessions.c: the frames a tap listener has seen, and the sessions they belong to when the
 * listener asks (see pptpdiag.h). Which session a frame belongs to is the engine's answer
 * (pd_engine_frame); this file keeps no session of its own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pptpdiag.h"

struct pptpdiag_seen {
    GArray *frames; /* guint32 frame numbers, in the order seen */
};

pptpdiag_seen *pptpdiag_seen_new(void)
{
    pptpdiag_seen *s = g_new0(pptpdiag_seen, 1);
    s->frames = g_array_new(FALSE, FALSE, sizeof(guint32));
    return s;
}

void pptpdiag_seen_free(pptpdiag_seen *seen)
{
    if (!seen)
        return;
    g_array_free(seen->frames, TRUE);
    g_free(seen);
}

void pptpdiag_seen_reset(pptpdiag_seen *seen)
{
    g_array_set_size(seen->frames, 0);
}

void pptpdiag_seen_add(pptpdiag_seen *seen, guint32 frame)
{
    g_array_append_val(seen->frames, frame);
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

GArray *pptpdiag_seen_sessions(const pptpdiag_seen *seen, const pd_engine *e)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!e)
        return out;
    GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < seen->frames->len; i++) {
        const pd_frame_result *r = pd_engine_frame(e, g_array_index(seen->frames, guint32, i));
        if (!r || !r->has_session || g_hash_table_contains(done, GUINT_TO_POINTER(r->session)))
            continue;
        guint index = r->session;
        g_hash_table_add(done, GUINT_TO_POINTER(index));
        const pd_session_info *s = pd_engine_session(e, index);
        if (s && !s->absorbed) /* the engine moves an absorbed session's frames: never expected */
            g_array_append_val(out, index);
    }
    g_hash_table_destroy(done);
    g_array_sort(out, cmp_uint);
    return out;
}
