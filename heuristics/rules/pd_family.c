/* pd_family.c: the rule families' slices of call and session state (see pd_family.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"

/* The families that keep a slice per call ([0]) and per session ([1]), in pd_families[] order:
 * a family's rank here is its slot in pd_link.slice / pd_session.slice. The same for every
 * engine: made by the first pd_engine_new (pd_family_slots_init). */
static const pd_family *with_slice[2][MAX(PD_MAX_CALL_SLICES, PD_MAX_SESSION_SLICES)];
static guint n_with_slice[2];
static gboolean slots_made;

void pd_family_slots_init(void)
{
    if (slots_made)
        return;
    const guint max[2] = {PD_MAX_CALL_SLICES, PD_MAX_SESSION_SLICES};
    n_with_slice[0] = n_with_slice[1] = 0;
    for (guint i = 0; i < pd_n_families; i++) {
        gsize size[2] = {pd_families[i]->call_slice, pd_families[i]->session_slice};
        for (int k = 0; k < 2; k++) {
            if (!size[k])
                continue;
            if (n_with_slice[k] == max[k])
                g_error("pptpdiag: more rule families keep %s slices than pd_records.h has slots",
                        k ? "session" : "call");
            with_slice[k][n_with_slice[k]++] = pd_families[i];
        }
    }
    slots_made = TRUE;
}

/* The slot of @fam's slices in pd_link.slice (@session FALSE) or pd_session.slice (TRUE). */
static guint slice_slot(const pd_family *fam, gboolean session)
{
    int k = session ? 1 : 0;
    for (guint i = 0; i < n_with_slice[k]; i++)
        if (with_slice[k][i] == fam)
            return i;
    g_error("pptpdiag: rule family %s keeps no %s slice", fam->name, k ? "session" : "call");
}

void *pd_call_slice(pd_link *c, const pd_family *fam)
{
    if (!c->ppp)
        return NULL; /* settled: its working state is gone */
    guint i = slice_slot(fam, FALSE);
    if (!c->slice)
        c->slice = g_new0(void *, PD_MAX_CALL_SLICES);
    if (!c->slice[i])
        c->slice[i] = g_malloc0(fam->call_slice);
    return c->slice[i];
}

void *pd_session_slice_if_any(const pd_session *s, const pd_family *fam)
{
    return s->slice ? s->slice[slice_slot(fam, TRUE)] : NULL;
}

void *pd_session_slice(pd_session *s, const pd_family *fam)
{
    guint i = slice_slot(fam, TRUE);
    if (!s->slice)
        s->slice = g_new0(void *, PD_MAX_SESSION_SLICES);
    if (!s->slice[i])
        s->slice[i] = g_malloc0(fam->session_slice);
    return s->slice[i];
}
