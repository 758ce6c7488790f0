/* pd_framemap.c: the frame -> owner map (pd_framemap.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_framemap.h"

#include <string.h>

/* A page: frames page * PD_FRAMEMAP_PAGE + 0 .. PD_FRAMEMAP_PAGE - 1.
 * Dense (cap == PD_FRAMEMAP_PAGE): v[offset], 0 where a frame has no value.
 * Sparse: v[0 .. n) are the values of the frames at offsets off(p)[0 .. n), ascending; the
 * offsets follow the cap values. A sparse page turns dense when it would outgrow half a page
 * (a dense page is then smaller than a sparse one of the next size). */
typedef struct {
    guint16 n, cap;
    guint32 v[];
} page;

struct pd_framemap {
    GPtrArray *pages;   /* page*, by page number; NULL where no frame has a value */
    guint32 last;       /* the last frame added, when has_last */
    gboolean has_last;
};

#define FIRST_CAP 4

static gboolean dense(const page *p) { return p->cap == PD_FRAMEMAP_PAGE; }
static guint8 *offs(page *p) { return (guint8 *)(p->v + p->cap); }
static const guint8 *offs_c(const page *p) { return (const guint8 *)(p->v + p->cap); }
static gsize page_size(guint cap)
{
    return sizeof(page) + cap * sizeof(guint32) + (cap == PD_FRAMEMAP_PAGE ? 0 : cap);
}

pd_framemap *pd_framemap_new(void)
{
    pd_framemap *m = g_new0(pd_framemap, 1);
    m->pages = g_ptr_array_new_with_free_func(g_free);
    return m;
}

void pd_framemap_free(pd_framemap *m)
{
    if (!m)
        return;
    g_ptr_array_free(m->pages, TRUE);
    g_free(m);
}

guint32 pd_framemap_get(const pd_framemap *m, guint32 frame)
{
    guint pi = frame / PD_FRAMEMAP_PAGE, off = frame % PD_FRAMEMAP_PAGE;
    const page *p = pi < m->pages->len ? g_ptr_array_index(m->pages, pi) : NULL;
    if (!p)
        return 0;
    if (dense(p))
        return p->v[off];
    const guint8 *o = offs_c(p);
    guint lo = 0, hi = p->n;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (o[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && o[lo] == off ? p->v[lo] : 0;
}

/* Page @pi, full, with room for one more entry: twice the room, or dense. */
static page *grow(pd_framemap *m, guint pi)
{
    page *p = g_ptr_array_index(m->pages, pi);
    guint cap = p->cap * 2u;
    page *q;
    if (cap > PD_FRAMEMAP_PAGE / 2) {
        q = g_malloc0(page_size(PD_FRAMEMAP_PAGE));
        q->cap = PD_FRAMEMAP_PAGE;
        for (guint i = 0; i < p->n; i++)
            q->v[offs(p)[i]] = p->v[i];
        q->n = p->n;
        g_free(p);
    } else {
        guint old = p->cap;
        q = g_realloc(p, page_size(cap));
        q->cap = (guint16)cap;
        memmove(offs(q), q->v + old, q->n);
    }
    g_ptr_array_index(m->pages, pi) = q;
    return q;
}

guint32 *pd_framemap_last(pd_framemap *m, guint32 frame)
{
    if (m->has_last && frame < m->last)
        return NULL;
    gboolean again = m->has_last && frame == m->last;
    guint pi = frame / PD_FRAMEMAP_PAGE, off = frame % PD_FRAMEMAP_PAGE;
    if (pi >= m->pages->len)
        g_ptr_array_set_size(m->pages, pi + 1);
    page *p = g_ptr_array_index(m->pages, pi);
    if (!p) {
        p = g_malloc0(page_size(FIRST_CAP));
        p->cap = FIRST_CAP;
        g_ptr_array_index(m->pages, pi) = p;
    }
    m->last = frame;
    m->has_last = TRUE;
    if (dense(p))
        return &p->v[off]; /* a frame after the last one added is still 0 */
    if (again && p->n && offs(p)[p->n - 1] == off)
        return &p->v[p->n - 1];
    if (p->n == p->cap) {
        p = grow(m, pi);
        if (dense(p))
            return &p->v[off];
    }
    offs(p)[p->n] = (guint8)off;
    p->v[p->n] = 0;
    return &p->v[p->n++];
}

void pd_framemap_sweep(pd_framemap *m, gboolean (*gone)(guint32 value, gpointer data),
                       gpointer data)
{
    for (guint pi = 0; pi < m->pages->len; pi++) {
        page *p = g_ptr_array_index(m->pages, pi);
        if (!p)
            continue;
        guint keep = 0;
        if (dense(p)) {
            for (guint i = 0; i < PD_FRAMEMAP_PAGE; i++) {
                if (p->v[i] && gone(p->v[i], data))
                    p->v[i] = 0;
                keep += p->v[i] != 0;
            }
        } else {
            guint8 *o = offs(p);
            for (guint i = 0; i < p->n; i++)
                if (p->v[i] && !gone(p->v[i], data)) {
                    o[keep] = o[i];
                    p->v[keep++] = p->v[i];
                }
        }
        p->n = (guint16)keep;
        if (!keep) {
            g_ptr_array_index(m->pages, pi) = NULL;
            g_free(p);
        }
    }
}

guint pd_framemap_count(const pd_framemap *m)
{
    guint n = 0;
    for (guint pi = 0; pi < m->pages->len; pi++) {
        const page *p = g_ptr_array_index(m->pages, pi);
        if (!p)
            continue;
        if (dense(p)) {
            for (guint i = 0; i < PD_FRAMEMAP_PAGE; i++)
                n += p->v[i] != 0;
        } else {
            for (guint i = 0; i < p->n; i++)
                n += p->v[i] != 0;
        }
    }
    return n;
}

gsize pd_framemap_bytes(const pd_framemap *m)
{
    gsize n = sizeof(*m) + m->pages->len * sizeof(gpointer);
    for (guint pi = 0; pi < m->pages->len; pi++) {
        const page *p = g_ptr_array_index(m->pages, pi);
        if (p)
            n += page_size(p->cap);
    }
    return n;
}
