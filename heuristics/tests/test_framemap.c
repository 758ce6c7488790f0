/* test_framemap.c: pd_framemap against a GHashTable holding the same values, through appends in
 * dense runs and sparse stretches, rewrites of the last frame, sweeps and frames asked out of
 * order; and its size per frame, dense and sparse.
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/framemap/model", test_model);
    g_test_add_func("/framemap/size", test_size);
    return g_test_run();
}
