/* test_framemap.c: pd_framemap against a GHashTable holding the same values, through appends in
 * dense runs and sparse stretches, rewrites of the last frame, sweeps and frames asked out of
 * order; and its size per frame, dense and sparse. The holder's payloads and marks against a
 * model: the sweep that drops a frame's value drops what was attached to the frame while it had
 * it, and nothing else.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_framemap.h"

/* Every frame up to @upto has the value the model holds (0 when none). */
static void check_all(const pd_framemap *m, GHashTable *model, guint32 upto)
{
    for (guint32 f = 0; f <= upto; f++)
        g_assert_cmpuint(pd_framemap_get(m, f), ==,
                         GPOINTER_TO_UINT(g_hash_table_lookup(model, GUINT_TO_POINTER(f))));
    g_assert_cmpuint(pd_framemap_count(m), ==, g_hash_table_size(model));
}

static guint32 gone_mod;
static gboolean gone(guint32 v, gpointer data)
{
    (void)data;
    return v % 7 == gone_mod;
}

static gboolean model_gone(gpointer k, gpointer v, gpointer data)
{
    (void)k;
    return gone(GPOINTER_TO_UINT(v), data);
}

static void test_model(void)
{
    GRand *r = g_rand_new_with_seed(16);
    for (int round = 0; round < 20; round++) {
        pd_framemap *m = pd_framemap_new();
        GHashTable *model = g_hash_table_new(NULL, NULL);
        guint32 f = g_rand_int_range(r, 0, 3 * PD_FRAMEMAP_PAGE);
        for (int step = 0; step < 5000; step++) {
            /* a stretch where nearly every frame has a value, or one in 40 */
            gboolean dense_stretch = (step / 700) % 2 == round % 2;
            f += dense_stretch ? (guint32)g_rand_int_range(r, 0, 2) + 1
                               : (guint32)g_rand_int_range(r, 1, 80);
            guint32 *v = pd_framemap_last(m, f);
            g_assert_nonnull(v);
            g_assert_cmpuint(*v, ==, 0);
            if (g_rand_int_range(r, 0, 10) == 0)
                continue; /* added, never set: no entry */
            *v = g_rand_int_range(r, 1, 1000000);
            if (g_rand_boolean(r)) { /* the same frame again: read and rewritten in place */
                guint32 *again = pd_framemap_last(m, f);
                g_assert_true(again == v || *again == *v);
                g_assert_cmpuint(*again, ==, *v);
                *again += 1;
            }
            g_hash_table_insert(model, GUINT_TO_POINTER(f),
                                GUINT_TO_POINTER(pd_framemap_get(m, f)));
            if (f > 0)
                g_assert_null(pd_framemap_last(m, f - 1)); /* out of order */
            if (step % 1500 == 1499) {
                gone_mod = g_rand_int_range(r, 0, 7);
                pd_framemap_sweep(m, gone, NULL);
                g_hash_table_foreach_remove(model, model_gone, NULL);
                check_all(m, model, f + PD_FRAMEMAP_PAGE);
            }
        }
        check_all(m, model, f + 2 * PD_FRAMEMAP_PAGE);
        /* a sweep that drops everything frees every page */
        gone_mod = 0;
        for (guint32 k = 0; k < 7; k++, gone_mod = k)
            pd_framemap_sweep(m, gone, NULL);
        g_assert_cmpuint(pd_framemap_count(m), ==, 0);
        g_assert_cmpuint(pd_framemap_bytes(m), <=, 64 + (f / PD_FRAMEMAP_PAGE + 1) * 8);
        /* and frames go on after the last one added */
        guint32 *v = pd_framemap_last(m, f + 1);
        *v = 5;
        g_assert_cmpuint(pd_framemap_get(m, f + 1), ==, 5);
        pd_framemap_free(m);
        g_hash_table_destroy(model);
    }
    g_rand_free(r);
}

/* 4 bytes a frame (and a little) where every frame has a value; a sparse page costs about 5 a
 * value with its page's header, a few more for the page's slack. */
static void test_size(void)
{
    pd_framemap *m = pd_framemap_new();
    const guint32 n = 1000000;
    for (guint32 f = 1; f <= n; f++)
        *pd_framemap_last(m, f) = f;
    g_assert_cmpuint(pd_framemap_count(m), ==, n);
    g_assert_cmpuint(pd_framemap_get(m, 777777), ==, 777777);
    g_assert_cmpfloat((double)pd_framemap_bytes(m) / n, <, 4.1);
    pd_framemap_free(m);

    m = pd_framemap_new();
    for (guint32 f = 1; f <= n; f += 32) /* 8 frames a page */
        *pd_framemap_last(m, f) = f;
    g_assert_cmpuint(pd_framemap_get(m, 32 * 1000 + 1), ==, 32 * 1000 + 1);
    g_assert_cmpuint(pd_framemap_get(m, 32 * 1000 + 2), ==, 0);
    g_assert_cmpfloat((double)pd_framemap_bytes(m) / (n / 32), <, 7.0);
    pd_framemap_free(m);
}

/* What the model knows of an attachment: whether it is its frame's value's, and for a payload
 * the bytes it was filled with (the frame number, twice). */
typedef struct {
    gboolean held;
    guint32 fill[2];
} att_model;

/* Every frame up to @upto has the payload and the mark the models hold, found by frame and in
 * frame order. */
static void check_attachments(const pd_framemap *m, GHashTable *pay, GHashTable *marks,
                              guint32 upto)
{
    for (guint32 f = 0; f <= upto; f++) {
        const att_model *want = g_hash_table_lookup(pay, GUINT_TO_POINTER(f));
        gboolean held = 2;
        const guint32 *got = pd_framemap_payload(m, f, &held);
        g_assert_true((got != NULL) == (want != NULL));
        if (want) {
            g_assert_cmpint(held, ==, want->held);
            g_assert_cmpmem(got, sizeof want->fill, want->fill, sizeof want->fill);
        }
        want = g_hash_table_lookup(marks, GUINT_TO_POINTER(f));
        held = 2;
        g_assert_true(pd_framemap_marked(m, f, &held) == (want != NULL));
        if (want)
            g_assert_cmpint(held, ==, want->held);
    }
    /* and in any order: strides forward (the search gallops from the last answer), back, and
     * scattered */
    for (guint stride = 2; stride <= 97; stride = stride * 3 + 1)
        for (guint i = 0; i <= 2 * upto + 1; i++) {
            guint32 f = i <= upto ? (guint32)((i * stride) % (upto + 1)) : upto - (i - upto - 1);
            const att_model *want = g_hash_table_lookup(pay, GUINT_TO_POINTER(f));
            g_assert_true((pd_framemap_payload(m, f, NULL) != NULL) == (want != NULL));
        }
    guint n = 0;
    guint32 f = 0, prev = 0;
    gboolean held;
    for (const guint32 *p; (p = pd_framemap_payload_from(m, &f, &held)); f++, n++) {
        g_assert_true(n == 0 || f > prev);
        g_assert_cmpuint(p[0], ==, f);
        g_assert_nonnull(g_hash_table_lookup(pay, GUINT_TO_POINTER(f)));
        prev = f;
    }
    g_assert_cmpuint(n, ==, g_hash_table_size(pay));
}

static gboolean model_gone_att(gpointer k, gpointer v, gpointer data)
{
    const att_model *a = v;
    return a->held && !g_hash_table_contains(data, k); /* its frame's value went */
}

/* Payloads and marks, attached to frames with a value (the value's) and to frames without
 * (they stay), through sweeps that drop some values: what a sweep drops is exactly what was
 * attached to the frames whose value it dropped; contents move intact. */
static void test_attachments(void)
{
    GRand *r = g_rand_new_with_seed(31);
    for (int round = 0; round < 10; round++) {
        pd_framemap *m = pd_framemap_new();
        gsize empty = pd_framemap_bytes(m);
        pd_framemap_set_payload(m, 2 * sizeof(guint32));
        g_assert_cmpuint(pd_framemap_bytes(m), ==, empty); /* nothing until the first */
        GHashTable *model = g_hash_table_new(NULL, NULL);
        GHashTable *pay = g_hash_table_new_full(NULL, NULL, NULL, g_free);
        GHashTable *marks = g_hash_table_new_full(NULL, NULL, NULL, g_free);
        guint32 f = 1;
        for (int step = 0; step < 6000; step++) {
            f += (guint32)g_rand_int_range(r, 1, round % 2 ? 3 : 40);
            if (g_rand_int_range(r, 0, 4)) { /* most frames get a value */
                guint32 v = g_rand_int_range(r, 1, 1000000);
                *pd_framemap_last(m, f) = v;
                g_hash_table_insert(model, GUINT_TO_POINTER(f), GUINT_TO_POINTER(v));
            }
            gboolean has_value = g_hash_table_contains(model, GUINT_TO_POINTER(f));
            int what = g_rand_int_range(r, 0, 4); /* a payload, a mark, both or neither */
            if (what & 1) {
                guint32 *p = pd_framemap_attach(m, f);
                g_assert_nonnull(p);
                g_assert_cmpuint(p[0], ==, 0);
                g_assert_cmpuint(p[1], ==, 0);
                att_model *a = g_new(att_model, 1);
                a->held = has_value;
                a->fill[0] = a->fill[1] = p[0] = p[1] = f;
                g_hash_table_insert(pay, GUINT_TO_POINTER(f), a);
                g_assert_null(pd_framemap_attach(m, f));     /* once a frame */
                g_assert_null(pd_framemap_attach(m, f - 1)); /* in order */
            }
            if (what & 2) {
                g_assert_true(pd_framemap_mark(m, f));
                att_model *a = g_new0(att_model, 1);
                a->held = has_value;
                g_hash_table_insert(marks, GUINT_TO_POINTER(f), a);
                g_assert_false(pd_framemap_mark(m, f));
            }
            if (step % 1000 == 999) {
                gone_mod = g_rand_int_range(r, 0, 7);
                pd_framemap_sweep(m, gone, NULL);
                g_hash_table_foreach_remove(model, model_gone, NULL);
                g_hash_table_foreach_remove(pay, model_gone_att, model);
                g_hash_table_foreach_remove(marks, model_gone_att, model);
                check_all(m, model, f + 1);
                check_attachments(m, pay, marks, f + 1);
            }
        }
        check_attachments(m, pay, marks, f + 1);
        /* every value gone: only what was attached to frames without one stays */
        for (guint32 k = 0; k < 7; k++) {
            gone_mod = k;
            pd_framemap_sweep(m, gone, NULL);
        }
        g_hash_table_remove_all(model);
        g_hash_table_foreach_remove(pay, model_gone_att, model);
        g_hash_table_foreach_remove(marks, model_gone_att, model);
        check_attachments(m, pay, marks, f + 1);
        pd_framemap_free(m);
        g_hash_table_destroy(model);
        g_hash_table_destroy(pay);
        g_hash_table_destroy(marks);
    }
    g_rand_free(r);

    /* payloads off: refused; marks need no size */
    pd_framemap *m = pd_framemap_new();
    g_assert_null(pd_framemap_attach(m, 1));
    g_assert_true(pd_framemap_mark(m, 1));
    pd_framemap_free(m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/framemap/model", test_model);
    g_test_add_func("/framemap/size", test_size);
    g_test_add_func("/framemap/attachments", test_attachments);
    return g_test_run();
}
