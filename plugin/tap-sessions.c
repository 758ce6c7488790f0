/* tap-sessions.c: the sessions a tap listener has seen (see pptpdiag.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pptpdiag.h"

struct pptpdiag_seen {
    GHashTable *first_frame; /* session index -> first frame seen of it (GUINT_TO_POINTER) */
    GArray *no_session;      /* guint32 frames seen while they belonged to no session */
};

pptpdiag_seen *pptpdiag_seen_new(void)
{
    pptpdiag_seen *s = g_new0(pptpdiag_seen, 1);
    s->first_frame = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->no_session = g_array_new(FALSE, FALSE, sizeof(guint32));
    return s;
}

void pptpdiag_seen_free(pptpdiag_seen *seen)
{
    if (!seen)
        return;
    g_hash_table_destroy(seen->first_frame);
    g_array_free(seen->no_session, TRUE);
    g_free(seen);
}

void pptpdiag_seen_reset(pptpdiag_seen *seen)
{
    g_hash_table_remove_all(seen->first_frame);
    g_array_set_size(seen->no_session, 0);
}

gboolean pptpdiag_seen_add(pptpdiag_seen *seen, const pptpdiag_tap_info *info)
{
    if (!info->has_session) {
        g_array_append_val(seen->no_session, info->frame);
        return FALSE;
    }
    gpointer key = GUINT_TO_POINTER(info->session);
    if (g_hash_table_contains(seen->first_frame, key))
        return FALSE;
    g_hash_table_insert(seen->first_frame, key, GUINT_TO_POINTER(info->frame));
    return TRUE;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

static void add_session(GArray *out, GHashTable *done, const pd_engine *e, guint index)
{
    const pd_session_info *s = pd_engine_session(e, index);
    if (!s || s->absorbed || g_hash_table_contains(done, GUINT_TO_POINTER(index)))
        return;
    g_hash_table_add(done, GUINT_TO_POINTER(index));
    g_array_append_val(out, index);
}

GArray *pptpdiag_seen_resolve(const pptpdiag_seen *seen, const pd_engine *e)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!e)
        return out;
    GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, seen->first_frame);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        guint index = GPOINTER_TO_UINT(k);
        /* Where does that frame belong now? (An absorbed GRE-only session's frames moved.) */
        const pd_frame_result *r = pd_engine_frame(e, GPOINTER_TO_UINT(v));
        if (r && r->has_session)
            index = r->session;
        add_session(out, done, e, index);
    }
    for (guint i = 0; i < seen->no_session->len; i++) {
        const pd_frame_result *r =
            pd_engine_frame(e, g_array_index(seen->no_session, guint32, i));
        if (r && r->has_session)
            add_session(out, done, e, r->session);
    }
    g_hash_table_destroy(done);
    g_array_sort(out, cmp_uint);
    return out;
}
