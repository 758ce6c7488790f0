/* test_catalogue.c: the RAS table agrees with raserror.h; the rule table is consistent.
 * Usage: test_catalogue [PATH/raserror.h]  (default: Debian mingw-w64-common's copy)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "pd_family.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "pd_records.h"

static const char *raserror_h = "/usr/share/mingw-w64/include/raserror.h";

/* Every name in our table is #defined in raserror.h as (RASBASE+code-600), or, for IKE's own
 * errors above 13800, in winerror.h (beside it) as __MSABI_LONG(code). */
static void test_names_match_raserror_h(void)
{
    gchar *text = NULL, *win = NULL;
    GError *err = NULL;
    g_assert_true(g_file_get_contents(raserror_h, &text, NULL, &err));
    g_assert_no_error(err);
    g_assert_nonnull(strstr(text, "#define RASBASE 600"));
    gchar *dir = g_path_get_dirname(raserror_h);
    gchar *winerror_h = g_build_filename(dir, "winerror.h", NULL);
    g_assert_true(g_file_get_contents(winerror_h, &win, NULL, &err));
    g_assert_no_error(err);
    g_free(dir);
    g_free(winerror_h);
    gsize n;
    const pd_raserror *t = pd_raserror_table(&n);
    g_assert_cmpuint(n, >, 10);
    for (gsize i = 0; i < n; i++) {
        gboolean ike = t[i].code > 13800;
        gchar *want = ike ? g_strdup_printf("#define %s __MSABI_LONG(%u)\n", t[i].name, t[i].code)
                          : g_strdup_printf("#define %s (RASBASE+%u)\n", t[i].name,
                                            t[i].code - 600u);
        if (!strstr(ike ? win : text, want))
            g_test_message("not in raserror.h: %s", want);
        g_assert_nonnull(strstr(ike ? win : text, want));
        g_assert_true(strlen(t[i].message) > 10);
        if (i > 0)
            g_assert_cmpuint(t[i - 1].code, <, t[i].code);
        g_free(want);
    }
    g_free(text);
    g_free(win);
}

static void test_lookup(void)
{
    g_assert_cmpstr(pd_raserror_lookup(806)->name, ==, "ERROR_VPN_GRE_BLOCKED");
    g_assert_cmpstr(pd_raserror_lookup(721)->name, ==, "ERROR_PPP_NO_RESPONSE");
    g_assert_cmpstr(pd_raserror_lookup(691)->name, ==, "ERROR_AUTHENTICATION_FAILURE");
    g_assert_null(pd_raserror_lookup(1));
}

/* Each rule: unique names, its RAS codes are known, its summary names no address or number. */
static void test_rules(void)
{
    for (int i = 0; i < PD_RULE_COUNT; i++) {
        const pd_rule *r = pd_rule_get(i);
        g_assert_nonnull(r);
        g_assert_cmpint(r->id, ==, i);
        g_assert_true(strlen(r->name) > 0 && strlen(r->summary) > 10);
        gchar *k = g_strdelimit(g_strdup(r->name), "-", '_');
        g_assert_cmpstr(k, ==, r->key);
        g_free(k);
        for (int j = 0; j < PD_RULE_COUNT; j++)
            g_assert_true(i == j || strcmp(r->name, pd_rule_get(j)->name) != 0);
        for (int j = 0; r->ras[j]; j++)
            g_assert_nonnull(pd_raserror_lookup(r->ras[j]));
        /* Every failure has a fix and its sources; RAS codes where Windows has one (MTU, stalled
         * acknowledgments, the engine's own cap and advisories, which are no failure, have
         * none). */
        if (r->severity >= PD_SEV_WARN) {
            gboolean no_ras = r->id == PD_RULE_MTU_TOO_SMALL || r->id == PD_RULE_GRE_ACK_STALLED ||
                              r->id == PD_RULE_STATE_CAP || r->advisory;
            g_assert_true(no_ras || r->ras[0] != 0);
            g_assert_true(strlen(r->fix) > 20);
            g_assert_true(r->id == PD_RULE_STATE_CAP || strlen(r->seeds) > 5);
        }
        /* "TCP 1723" and "IP protocol 47" are fine; no dotted addresses. */
        g_assert_null(strpbrk(r->summary, "%"));
        g_assert_false(g_regex_match_simple("[0-9]+\\.[0-9]+\\.", r->summary, 0, 0));
    }
    g_assert_null(pd_rule_get(PD_RULE_COUNT));
}

/* The families fit the engine's tables: pd_link.slice and pd_session.slice have a slot for each
 * family that keeps such a slice. */
static void test_families(void)
{
    guint n_call = 0, n_session = 0;
    g_assert_cmpuint(pd_n_families, <=, PD_MAX_FAMILIES);
    for (guint i = 0; i < pd_n_families; i++) {
        n_call += pd_families[i]->call_slice > 0;
        n_session += pd_families[i]->session_slice > 0;
    }
    g_assert_cmpuint(n_call, >, 0);
    g_assert_cmpuint(n_call, <=, PD_MAX_CALL_SLICES);
    g_assert_cmpuint(n_session, >, 0);
    g_assert_cmpuint(n_session, <=, PD_MAX_SESSION_SLICES);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (argc > 1 && argv[1][0])
        raserror_h = argv[1];
    g_test_add_func("/catalogue/raserror_h", test_names_match_raserror_h);
    g_test_add_func("/catalogue/lookup", test_lookup);
    g_test_add_func("/catalogue/rules", test_rules);
    g_test_add_func("/catalogue/families", test_families);
    return g_test_run();
}
