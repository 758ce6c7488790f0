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

/* What the holder attached (pd_framemap_attach, pd_framemap_mark): entries in frame order, entry
 * i being frame frames[i], the value's of its frame if bit i of held is set, and for payloads
 * the size bytes at bytes + i * size. */
typedef struct {
    guint32 *frames;
    guint32 *held;      /* one bit an entry */
    guint8 *bytes;      /* NULL: marks */
    guint n, cap;
    guint hint;         /* the last lookup's answer: later passes ask in frame order */
} column;

enum { PAYLOADS, MARKS, N_COLUMNS };

struct pd_framemap {
    GPtrArray *pages;   /* page*, by page number; NULL where no frame has a value */
    guint32 last;       /* the last frame added, when has_last */
    gboolean has_last;
    gsize size;         /* bytes a payload (0: payloads refused) */
    column *col[N_COLUMNS]; /* NULL until the first entry */
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

static void column_free(column *c)
{
    if (!c)
        return;
    g_free(c->frames);
    g_free(c->held);
    g_free(c->bytes);
    g_free(c);
}

void pd_framemap_free(pd_framemap *m)
{
    if (!m)
        return;
    g_ptr_array_free(m->pages, TRUE);
    for (int k = 0; k < N_COLUMNS; k++)
        column_free(m->col[k]);
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

/* ---- the holder's payloads and marks ----------------------------------------------------- */

void pd_framemap_set_payload(pd_framemap *m, gsize size)
{
    if (!m->col[PAYLOADS])
        m->size = (size + 7) & ~(gsize)7;
}

/* A new entry for @frame at the end of column @k (made if need be): its index, or -1 when
 * @frame is not after the column's last. */
static gint column_add(pd_framemap *m, int k, guint32 frame)
{
    gsize size = k == PAYLOADS ? m->size : 0;
    column *c = m->col[k];
    if (!c)
        c = m->col[k] = g_new0(column, 1);
    if (c->n && c->frames[c->n - 1] >= frame)
        return -1;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->frames = g_renew(guint32, c->frames, c->cap);
        c->held = g_renew(guint32, c->held, c->cap / 32);
        if (size)
            c->bytes = g_realloc(c->bytes, c->cap * size);
    }
    guint i = c->n++;
    c->frames[i] = frame;
    if (i % 32 == 0)
        c->held[i / 32] = 0;
    if (pd_framemap_get(m, frame))
        c->held[i / 32] |= 1u << (i % 32);
    if (size)
        memset(c->bytes + i * size, 0, size);
    return (gint)i;
}

gpointer pd_framemap_attach(pd_framemap *m, guint32 frame)
{
    if (!m->size)
        return NULL;
    gint i = column_add(m, PAYLOADS, frame);
    return i < 0 ? NULL : m->col[PAYLOADS]->bytes + (gsize)i * m->size;
}

gboolean pd_framemap_mark(pd_framemap *m, guint32 frame)
{
    return column_add(m, MARKS, frame) >= 0;
}

/* The index of the first entry of @c whose frame is at or after @frame (c->n if none). Frames
 * are mostly asked for in ascending order (the first pass, a session's frames in the report), so
 * the search starts at the last answer: that one or the next, else it gallops forward from it
 * (steps 1, 2, 4, ...: a few steps over the frames of other sessions in between), else it
 * searches what lies before it. */
static guint column_lower_bound(const column *c, guint32 frame)
{
    guint n = c->n, h = MIN(c->hint, n);
    guint lo = 0, hi = n;
    if (h == n || c->frames[h] >= frame) {
        if (h == 0 || c->frames[h - 1] < frame)
            return h; /* the last answer */
        hi = h;
    } else {
        guint step = 1; /* frames[h] < frame: the answer lies after h */
        lo = h + 1;
        while (lo + step <= n && c->frames[lo + step - 1] < frame) {
            lo += step;
            step *= 2;
        }
        hi = MIN(lo + step - 1, n);
    }
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (c->frames[mid] < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return ((column *)c)->hint = lo;
}

static gboolean column_held(const column *c, guint i)
{
    return (c->held[i / 32] >> (i % 32)) & 1u;
}

/* The entry of @frame in column @k, or -1; *@held as pd_framemap_payload. */
static gint column_find(const pd_framemap *m, int k, guint32 frame, gboolean *held)
{
    const column *c = m->col[k];
    if (!c || !c->n || c->frames[c->n - 1] < frame) /* the first pass asks past the last */
        return -1;
    guint i = column_lower_bound(c, frame);
    if (i >= c->n || c->frames[i] != frame)
        return -1;
    if (held)
        *held = column_held(c, i);
    return (gint)i;
}

gconstpointer pd_framemap_payload(const pd_framemap *m, guint32 frame, gboolean *held)
{
    gint i = column_find(m, PAYLOADS, frame, held);
    return i < 0 ? NULL : m->col[PAYLOADS]->bytes + (gsize)i * m->size;
}

gconstpointer pd_framemap_payload_from(const pd_framemap *m, guint32 *frame, gboolean *held)
{
    const column *c = m->col[PAYLOADS];
    if (!c || !c->n || c->frames[c->n - 1] < *frame)
        return NULL;
    guint i = column_lower_bound(c, *frame);
    *frame = c->frames[i];
    if (held)
        *held = column_held(c, i);
    return c->bytes + (gsize)i * m->size;
}

gboolean pd_framemap_marked(const pd_framemap *m, guint32 frame, gboolean *held)
{
    return column_find(m, MARKS, frame, held) >= 0;
}

/* Drops the entries of column @k that were the values of frames that have none now. */
static void column_sweep(pd_framemap *m, int k)
{
    column *c = m->col[k];
    gsize size = k == PAYLOADS ? m->size : 0;
    if (!c)
        return;
    guint keep = 0;
    guint32 word = 0; /* the bits of held being rewritten: a word is stored once full (its
                       * entries are all read by then, keep being at most i) */
    for (guint i = 0; i < c->n; i++) {
        guint32 held = column_held(c, i);
        if (held && !pd_framemap_get(m, c->frames[i]))
            continue;
        if (keep != i) {
            c->frames[keep] = c->frames[i];
            if (size)
                memcpy(c->bytes + keep * size, c->bytes + i * size, size);
        }
        word |= held << (keep % 32);
        if (++keep % 32 == 0) {
            c->held[keep / 32 - 1] = word;
            word = 0;
        }
    }
    if (keep % 32)
        c->held[keep / 32] = word;
    c->n = keep;
    c->hint = 0;
}

/* ---- sweep and figures ------------------------------------------------------------------ */

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
    for (int k = 0; k < N_COLUMNS; k++)
        column_sweep(m, k);
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
    for (int k = 0; k < N_COLUMNS; k++) {
        const column *c = m->col[k];
        if (c)
            n += sizeof *c + c->cap * (sizeof(guint32) + (k == PAYLOADS ? m->size : 0)) +
                 c->cap / 32 * sizeof(guint32);
    }
    return n;
}
