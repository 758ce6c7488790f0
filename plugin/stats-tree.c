/* stats-tree.c: `tshark -z pptpdiag,tree[,FILTER]` and Statistics › PPTP Diagnosis in the GUI:
 * sessions by verdict, by the rule of their verdict and by the RAS errors of their verdict (a
 * session whose verdict lists 806 and 721 counts under both), and, only when there are any,
 * the frames of sessions and the calls pptpdiag's caps kept from being diagnosed (whole
 * capture), and the frames read while pptpdiag was disabled (the GUI: this tree, opened on a
 * file read without pptpdiag, enables it; the file must be read again). Each session counts
 * once; with a
 * FILTER, a session counts when at least one of its frames passes it.
 *
 * When to count. A stats tree sees frames, and a session's verdict may be known only at the
 * end of the capture (end-of-capture conclusions), which a stats tree has no hook for in one
 * pass. So the tree's packet callback records which frames it saw, and counts their sessions
 * (as the engine answers) at once only when the engine is already finished (two passes, the
 * GUI's retap: every verdict is known). For one pass, the tree's init callback attaches a
 * helper listener to the same tap whose draw callback, called by tshark at the end of the run,
 * says that the capture is over (pptpdiag_capture_over) and sets every count from the sessions
 * of the frames seen. tshark draws listeners newest first (register_tap_listener prepends), and
 * the helper is registered after the tree's own listener (tshark calls the init callback after
 * attaching the tree), so the counts are set before the tree prints. Setting (not adding) makes
 * the helper idempotent, so a GUI redraw changes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "stats-tree.h"

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "capture.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "tap-sessions.h"

#define NODE_SESSIONS "PPTP sessions"
#define NODE_VERDICT "by verdict"
#define NODE_RULE "by rule of the verdict"
#define NODE_RAS "by RAS error of the verdict"
#define NODE_NO_RULE "(no rule)"

/* What one tree keeps besides its nodes. */
typedef struct {
    stats_tree *st;
    pptpdiag_seen *seen;       /* sessions whose frames passed the filter */
    GHashTable *counted;       /* session indexes counted by the packet callback */
    gboolean helper;           /* the helper listener is attached (its tapdata is this) */
    GHashTable *counts[3];     /* node name -> count, under verdict, rule, RAS */
    int total, with_ras;       /* sessions counted; those whose verdict lists a RAS error */
    int n_sessions, n_verdict, n_rule, n_ras; /* node ids */
} tree_state;

static GHashTable *states; /* stats_tree* -> tree_state* */

static tree_state *state_of(stats_tree *st)
{
    return states ? g_hash_table_lookup(states, st) : NULL;
}

static char *ras_node_name(guint16 code)
{
    const pd_raserror *r = pd_raserror_lookup(code);
    return r ? g_strdup_printf("%u %s", code, r->name) : g_strdup_printf("%u", code);
}

/* The nodes a session counts under, below the "by ..." nodes (category, name), in @out. */
static void session_nodes(const pd_session_info *s, GPtrArray *cat, GPtrArray *name)
{
    const pd_finding *f = s->verdict_finding;
    g_ptr_array_add(cat, GINT_TO_POINTER(0));
    g_ptr_array_add(name, g_strdup(pd_verdict_name(s->verdict)));
    g_ptr_array_add(cat, GINT_TO_POINTER(1));
    g_ptr_array_add(name, g_strdup(f ? pd_rule_get(f->rule)->name : NODE_NO_RULE));
    for (guint i = 0; f && i < f->n_ras; i++) {
        g_ptr_array_add(cat, GINT_TO_POINTER(2));
        g_ptr_array_add(name, ras_node_name(f->ras[i]));
    }
}

/* Adds @delta to the count of node @name under category @c and sets the node to it (always
 * MN_SET, never MN_INCREASE: the latter also feeds the burst columns, which would then differ
 * between counting in the packet callback and in the helper). */
static void bump(tree_state *ts, int c, const char *name, int delta)
{
    int parent = c == 0 ? ts->n_verdict : c == 1 ? ts->n_rule : ts->n_ras;
    int value = GPOINTER_TO_INT(g_hash_table_lookup(ts->counts[c], name)) + delta;
    char *key = g_strdup(name); /* @name may be the key replace frees */
    g_hash_table_replace(ts->counts[c], key, GINT_TO_POINTER(value));
    stats_tree_manip_node_int(MN_SET, ts->st, key, parent, FALSE, value);
}

#define NODE_CAPPED "not diagnosed (frames and calls over pptpdiag's caps)"
#define NODE_EVICTED "not listed (settled health checks and healthy sessions evicted)"
#define NODE_UNREAD "not diagnosed (frames read while pptpdiag was disabled: reload the file)"

static void set_totals(tree_state *ts)
{
    /* What the caps kept from being diagnosed, only when something was (sessions + calls) */
    const pd_engine *e = pptpdiag_engine();
    guint calls = 0, capped = e ? pd_engine_n_capped(e, &calls) : 0;
    if (capped + calls)
        stats_tree_manip_node_int(MN_SET, ts->st, NODE_CAPPED, 0, TRUE, (gint)(capped + calls));
    /* Frames read while pptpdiag was disabled (a GUI retap after this tree enabled it) */
    guint64 unread = pptpdiag_unread();
    if (unread)
        stats_tree_manip_node_int(MN_SET, ts->st, NODE_UNREAD, 0, TRUE,
                                  (gint)MIN(unread, (guint64)G_MAXINT));
    guint evicted = e ? pd_engine_n_evicted(e, NULL) : 0;
    if (evicted)
        stats_tree_manip_node_int(MN_SET, ts->st, NODE_EVICTED, 0, TRUE, (gint)evicted);
    stats_tree_manip_node_int(MN_SET, ts->st, NODE_SESSIONS, 0, TRUE, ts->total);
    stats_tree_manip_node_int(MN_SET, ts->st, NODE_VERDICT, ts->n_sessions, TRUE, ts->total);
    stats_tree_manip_node_int(MN_SET, ts->st, NODE_RULE, ts->n_sessions, TRUE, ts->total);
    stats_tree_manip_node_int(MN_SET, ts->st, NODE_RAS, ts->n_sessions, TRUE, ts->with_ras);
}

/* Counts one session. */
static void count_session(tree_state *ts, const pd_session_info *s)
{
    GPtrArray *cat = g_ptr_array_new(), *name = g_ptr_array_new_with_free_func(g_free);
    session_nodes(s, cat, name);
    for (guint i = 0; i < cat->len; i++)
        bump(ts, GPOINTER_TO_INT(g_ptr_array_index(cat, i)), g_ptr_array_index(name, i), 1);
    ts->total++;
    if (s->verdict_finding && s->verdict_finding->n_ras)
        ts->with_ras++;
    set_totals(ts);
    g_ptr_array_free(cat, TRUE);
    g_ptr_array_free(name, TRUE);
}

/* Sets every count to 0 (the nodes stay). */
static void zero(tree_state *ts)
{
    for (int c = 0; c < 3; c++) {
        GList *keys = g_hash_table_get_keys(ts->counts[c]);
        for (GList *l = keys; l; l = l->next)
            bump(ts, c, l->data, -GPOINTER_TO_INT(g_hash_table_lookup(ts->counts[c], l->data)));
        g_list_free(keys);
    }
    ts->total = ts->with_ras = 0;
    set_totals(ts);
    g_hash_table_remove_all(ts->counted);
}

/* Sets every count from the sessions seen, as the engine knows them now. */
static void recount(tree_state *ts, const pd_engine *e)
{
    zero(ts);
    GArray *ids = pptpdiag_seen_sessions(ts->seen, e);
    for (guint i = 0; i < ids->len; i++) {
        guint index = g_array_index(ids, guint, i);
        g_hash_table_add(ts->counted, GUINT_TO_POINTER(index));
        count_session(ts, pd_engine_session(e, index));
    }
    g_array_free(ids, TRUE);
}

static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo _U_,
                                     epan_dissect_t *edt _U_, const void *data,
                                     tap_flags_t flags _U_)
{
    tree_state *ts = state_of(st);
    const pptpdiag_tap_info *info = data;
    const pd_engine *e = pptpdiag_engine();
    if (!ts || !e)
        return TAP_PACKET_DONT_REDRAW;
    pptpdiag_seen_add(ts->seen, info->frame);
    if (!pd_engine_finished(e))
        return TAP_PACKET_DONT_REDRAW; /* one pass: counted by the helper at the end */
    guint index;
    if (!pd_engine_frame_session(e, info->frame, &index) ||
        g_hash_table_contains(ts->counted, GUINT_TO_POINTER(index)))
        return TAP_PACKET_DONT_REDRAW;
    const pd_session_info *s = pd_engine_session(e, index);
    if (!s || s->absorbed) /* the engine moves an absorbed session's frames: never expected */
        return TAP_PACKET_DONT_REDRAW;
    g_hash_table_add(ts->counted, GUINT_TO_POINTER(index));
    count_session(ts, s);
    return TAP_PACKET_REDRAW;
}

/* The helper listener's draw: set the counts (see the top). In one-pass tshark this draw
 * callback is the only hook that runs at the end of the capture, so it first says that the
 * capture is over, for the verdicts that only the end tells. */
static void helper_draw(void *p)
{
    tree_state *ts = p;
    pptpdiag_capture_over();
    const pd_engine *e = pptpdiag_engine();
    if (!e)
        return;
    recount(ts, e);
}

/* The helper listener's finish, called whenever Wireshark frees the listener: by
 * remove_tap_listener in tree_cleanup, or (4.6) by epan_cleanup before the tree's cleanup,
 * which then must not remove it again (a double free). */
static void helper_finish(void *p)
{
    ((tree_state *)p)->helper = FALSE;
}

static void tree_init(stats_tree *st)
{
    pptpdiag_ask();
    if (!states)
        states = g_hash_table_new(g_direct_hash, g_direct_equal);
    tree_state *ts = state_of(st);
    if (!ts) {
        ts = g_new0(tree_state, 1);
        ts->st = st;
        ts->seen = pptpdiag_seen_new();
        ts->counted = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (int c = 0; c < 3; c++)
            ts->counts[c] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(states, st, ts);
    } else {
        /* A reset (GUI retap): the tree's nodes were cleared; start again. */
        pptpdiag_seen_reset(ts->seen);
        g_hash_table_remove_all(ts->counted);
        for (int c = 0; c < 3; c++)
            g_hash_table_remove_all(ts->counts[c]);
        ts->total = ts->with_ras = 0;
    }
    ts->n_sessions = stats_tree_create_node(st, NODE_SESSIONS, 0, STAT_DT_INT, TRUE);
    ts->n_verdict = stats_tree_create_node(st, NODE_VERDICT, ts->n_sessions, STAT_DT_INT, TRUE);
    for (int v = PD_VERDICT_FAILED; v >= PD_VERDICT_UNDETERMINED; v--)
        bump(ts, 0, pd_verdict_name(v), 0);
    ts->n_rule = stats_tree_create_node(st, NODE_RULE, ts->n_sessions, STAT_DT_INT, TRUE);
    ts->n_ras = stats_tree_create_node(st, NODE_RAS, ts->n_sessions, STAT_DT_INT, TRUE);
    if (!ts->helper) {
        GString *err = register_tap_listener(PPTPDIAG_TAP_NAME, ts, NULL, TL_REQUIRES_NOTHING,
                                             NULL, NULL, helper_draw, helper_finish);
        if (err)
            g_string_free(err, TRUE); /* the tree still counts in two passes */
        else
            ts->helper = TRUE;
    }
}

static void tree_cleanup(stats_tree *st)
{
    tree_state *ts = state_of(st);
    if (!ts)
        return;
    if (ts->helper)
        remove_tap_listener(ts);
    g_hash_table_remove(states, st);
    pptpdiag_seen_free(ts->seen);
    g_hash_table_destroy(ts->counted);
    for (int c = 0; c < 3; c++)
        g_hash_table_destroy(ts->counts[c]);
    g_free(ts);
}

void pptpdiag_stats_tree_register(void)
{
    stats_tree_register_plugin(PPTPDIAG_TAP_NAME, "pptpdiag", "PPTP Diagnosis", 0, tree_packet,
                               tree_init, tree_cleanup);
}
