/* packet-pptpdiag.c: the pptpdiag postdissector: registers the protocol, its fields, expert
 * infos and preferences; on the first pass feeds each frame's observations to the engine
 * (heuristics/); on every pass renders what the engine concluded for the frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <string.h>

#include <wireshark.h>

#include <epan/column-info.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "extract.h"
#include "framelabel.h"
#include "obsdump.h" /* PPTPDIAG_DUMP_OBS hook (fuzz corpus), see obsdump.h */
#include "pd_engine.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "pptpdiag.h"
#include "ws-compat.h"

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#ifdef PD_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

static int proto_pptpdiag = -1;
static int pptpdiag_tap = -1;
static dissector_handle_t pptpdiag_handle;

static int hf_pptpdiag_session = -1;
static int hf_pptpdiag_milestone = -1;
static int hf_pptpdiag_finding = -1;
static int hf_pptpdiag_verdict_frame = -1;
static int hf_pptpdiag_verdict = -1;
static int hf_pptpdiag_rule = -1;
static int hf_pptpdiag_variant = -1;
static int hf_pptpdiag_ras_error = -1;
static int hf_pptpdiag_cause = -1;
static int hf_pptpdiag_fix = -1;
static int hf_pptpdiag_cause_line = -1;
static int hf_pptpdiag_fix_line = -1;
static int hf_pptpdiag_confidence = -1;
static int hf_pptpdiag_evidence = -1;
static int hf_pptpdiag_blocked_by = -1;
static int hf_pptpdiag_blocked_by_ipv6 = -1;
static int hf_pptpdiag_mtu_reported_by = -1;
static int hf_pptpdiag_mtu_reported_by_ipv6 = -1;
static int hf_pptpdiag_quoted_frame = -1;
static int hf_pptpdiag_end_of_capture = -1;
static int hf_pptpdiag_vantage = -1;
static int hf_pptpdiag_superseded_by = -1;
static int hf_pptpdiag_superseded = -1;
static int hf_pptpdiag_superseded_rule = -1;
static int hf_pptpdiag_superseded_ras_error = -1;
static int hf_pptpdiag_superseded_confidence = -1;
static int hf_pptpdiag_superseded_evidence = -1;

static gint ett_pptpdiag = -1;
static gint ett_pptpdiag_finding = -1;
static gint ett_pptpdiag_evidence = -1;
static gint ett_pptpdiag_text = -1;

static expert_field ei_pptpdiag_milestone = EI_INIT;
static expert_field ei_pptpdiag_rule[PD_RULE_COUNT];

/* Preferences (whole seconds; 4.0 has no decimal preference), defaults from pd_config_default(). */
static guint pref_lcp_timeout;
static guint pref_syn_timeout;
static guint pref_echo_timeout;
static guint pref_max_sessions;
static guint pref_capture_drops; /* packets the file's interface statistics count as dropped */
static guint pref_max_calls;

/* The engine of the current capture file (created by the init routine). */
static pd_engine *engine;
static guint labels_swept_at; /* pd_engine_n_evicted when the labels were last swept */

/* PPTPDIAG_BENCH_FLOOR set (bench/run.sh): pptpdiag wants one field and does nothing else, so
 * the benchmark can show what tshark's protocol tree alone costs once a postdissector wants a
 * field (bench/README.md). */
static gboolean bench_floor;

/* The time of the last frame of the first pass, of any kind (seconds since the epoch): the end
 * of the capture, for pd_engine_capture_end. */
static double last_frame_time;

/* What this file cost, for the debug log at its end (pptpdiag_cleanup): the dissector's calls,
 * those with a protocol tree, and whether pptpdiag wanted fields (which makes tshark build a
 * tree for every frame). */
static guint64 n_calls, n_calls_tree;
static gboolean fields_wanted;

/* Frames of this file dissected in its first pass, and frames dissected again whose first pass
 * pptpdiag missed (it was disabled while the file was read; see pptpdiag_unread). */
static guint64 n_first_pass, n_unread;

/* The log domain of pptpdiag's messages (tshark --log-debug pptpdiag shows the debug ones). */
#define PD_LOG_DOMAIN "pptpdiag"

pd_engine *pptpdiag_engine(void)
{
    return engine;
}

void pptpdiag_capture_over(void)
{
    if (engine && !pd_engine_finished(engine)) {
        pd_engine_capture_end(engine, last_frame_time);
        pd_engine_finish(engine);
    }
}

/* ---- rendering --------------------------------------------------------------------------- */

static int severity_pi(pd_severity s)
{
    switch (s) {
    case PD_SEV_ERROR: return PI_ERROR;
    case PD_SEV_WARN: return PI_WARN;
    case PD_SEV_NOTE: return PI_NOTE;
    default: return PI_CHAT;
    }
}

/* One line of @text from @p: at most 160 characters, broken at a space; returns its length. */
static gsize line_len(const char *p)
{
    gsize n = strlen(p);
    if (n > 160) {
        n = 160;
        while (n > 40 && p[n] != ' ')
            n--;
    }
    return n;
}

/* A string field @hf whose text may be longer than a tree label (ITEM_LABEL_LENGTH): the field
 * carries the whole text (filters, -T fields, JSON). A long one is shown once: its label holds
 * the first line (at most 160 characters, broken at a space) and its subtree the next ones, so
 * the GUI and tshark -V show all of it with no "[truncated]" label. The next lines are items of
 * the field @hf_line, not text items: JSON gives an item's label as a key when it has no field,
 * so there the lines are values of pptpdiag.cause.line (fix.line), and pptpdiag.cause (fix)
 * alone the whole text. */
static void add_long_string(proto_tree *tree, int hf, int hf_line, tvbuff_t *tvb, const char *text)
{
    proto_item *ti = proto_tree_add_string(tree, hf, tvb, 0, 0, text);
    proto_item_set_generated(ti);
    if (strlen(text) <= 160)
        return;
    gsize n = line_len(text);
    proto_item_set_text(ti, "%s: %.*s ...", proto_registrar_get_name(hf), (int)n, text);
    proto_tree *sub = proto_item_add_subtree(ti, ett_pptpdiag_text);
    const char *p = text + n;
    while (*p == ' ')
        p++;
    while (*p) {
        n = line_len(p);
        char line[161]; /* line_len: at most 160 */
        memcpy(line, p, n);
        line[n] = '\0';
        proto_item *li = proto_tree_add_string_format(sub, hf_line, tvb, 0, 0, line, "%s", line);
        proto_item_set_generated(li);
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* An IPv4 or IPv6 address field (@hf4 or @hf6) holding @a. */
static void add_addr(proto_tree *tree, int hf4, int hf6, tvbuff_t *tvb, const pd_addr *a)
{
    proto_item *ti;
    if (a->family == 4) {
        guint32 v4;
        memcpy(&v4, a->bytes, 4);
        ti = proto_tree_add_ipv4(tree, hf4, tvb, 0, 0, v4);
    } else {
        ws_in6_addr v6;
        memcpy(v6.bytes, a->bytes, 16);
        ti = proto_tree_add_ipv6(tree, hf6, tvb, 0, 0, &v6);
    }
    proto_item_set_generated(ti);
}

/* The expert info of finding @f: its rule's, none once later frames superseded it. */
static expert_field *finding_ei(const pd_finding *f)
{
    return f->superseded_by ? NULL : &ei_pptpdiag_rule[f->rule];
}

/* The fields a finding's items go in. A superseded finding (a later frame contradicted it) stays
 * visible, in fields of its own (pptpdiag.superseded.*) and without a verdict, so that no filter
 * on the verdict, rule, RAS error or confidence, no colouring rule and no button of the profile
 * takes it for a live one (tcp.analysis likewise gives each state its own field). */
typedef struct {
    int verdict, rule, ras_error, confidence, evidence; /* -1 verdict: none */
} finding_fields;

static finding_fields fields_of(const pd_finding *f)
{
    if (f->superseded_by)
        return (finding_fields){-1, hf_pptpdiag_superseded_rule,
                                hf_pptpdiag_superseded_ras_error,
                                hf_pptpdiag_superseded_confidence,
                                hf_pptpdiag_superseded_evidence};
    return (finding_fields){hf_pptpdiag_verdict, hf_pptpdiag_rule, hf_pptpdiag_ras_error,
                            hf_pptpdiag_confidence, hf_pptpdiag_evidence};
}

/* The fields of one finding under @tree; the rule item gets the expert info if @expert. */
static void render_finding(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                           const pd_finding *f, gboolean expert)
{
    proto_item *ti;
    finding_fields ff = fields_of(f);
    if (ff.verdict >= 0) {
        ti = proto_tree_add_uint(tree, ff.verdict, tvb, 0, 0, pd_finding_verdict(f));
        proto_item_set_generated(ti);
    }
    ti = proto_tree_add_string(tree, ff.rule, tvb, 0, 0, pd_rule_get(f->rule)->name);
    proto_item_set_generated(ti);
    if (expert && finding_ei(f))
        expert_add_info(pinfo, ti, finding_ei(f));
    if (f->variant >= 0) {
        ti = proto_tree_add_string(tree, hf_pptpdiag_variant, tvb, 0, 0,
                                   pd_rule_get(f->rule)->variants[f->variant].name);
        proto_item_set_generated(ti);
    }
    for (guint i = 0; i < f->n_ras; i++) {
        ti = proto_tree_add_uint(tree, ff.ras_error, tvb, 0, 0, f->ras[i]);
        proto_item_set_generated(ti);
    }
    ti = proto_tree_add_uint(tree, ff.confidence, tvb, 0, 0, f->confidence);
    proto_item_set_generated(ti);
    add_long_string(tree, hf_pptpdiag_cause, hf_pptpdiag_cause_line, tvb, f->cause);
    if (f->fix && f->fix[0])
        add_long_string(tree, hf_pptpdiag_fix, hf_pptpdiag_fix_line, tvb, f->fix);
    /* The device that sent the ICMP error: one that blocks, or one that reports a path MTU. */
    if (f->has_blocked_by && f->rule == PD_RULE_MTU_TOO_SMALL)
        add_addr(tree, hf_pptpdiag_mtu_reported_by, hf_pptpdiag_mtu_reported_by_ipv6, tvb,
                 &f->blocked_by);
    else if (f->has_blocked_by)
        add_addr(tree, hf_pptpdiag_blocked_by, hf_pptpdiag_blocked_by_ipv6, tvb, &f->blocked_by);
    if (f->quoted_frame) {
        ti = proto_tree_add_uint(tree, hf_pptpdiag_quoted_frame, tvb, 0, 0, f->quoted_frame);
        proto_item_set_generated(ti);
    }
    if (f->end_of_capture) {
        ti = proto_tree_add_boolean(tree, hf_pptpdiag_end_of_capture, tvb, 0, 0, TRUE);
        proto_item_set_generated(ti);
    }
    if (f->superseded_by) {
        ti = proto_tree_add_uint(tree, hf_pptpdiag_superseded_by, tvb, 0, 0, f->superseded_by);
        proto_item_set_generated(ti);
    }
    proto_tree *et = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_pptpdiag_evidence, &ti,
                                                   "Evidence: %u frame%s", f->n_evidence,
                                                   f->n_evidence == 1 ? "" : "s");
    proto_item_set_generated(ti);
    for (guint i = 0; i < f->n_evidence; i++) {
        ti = proto_tree_add_uint(et, ff.evidence, tvb, 0, 0, f->evidence[i]);
        proto_item_set_generated(ti);
    }
}

/* The Info column: "[PPTP rule] " before it for each finding of the frame ("[PPTP rule,
 * superseded] " for one a later frame contradicted). */
static void render_columns(packet_info *pinfo, const pd_frame_result *r)
{
    for (guint i = 0; r->findings && i < r->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(r->findings, i);
        col_prepend_fence_fstr(pinfo->cinfo, COL_INFO,
                               f->superseded_by ? "[PPTP %s, superseded] " : "[PPTP %s] ",
                               pd_rule_get(f->rule)->name);
    }
}

/* Which expert infos render_severity gave since the init routine last ran (a new file, a
 * redissection: when Wireshark resets its highest severity too), by rule, the milestone last.
 * An expert info without item and without listener raises the highest severity and nothing
 * else, so giving the same one again changes nothing: it is given once. */
static gboolean severity_given[PD_RULE_COUNT + 1];

static void give_severity(packet_info *pinfo, expert_field *ei, guint slot)
{
    if (severity_given[slot])
        return;
    severity_given[slot] = TRUE;
    expert_add_info(pinfo, NULL, ei);
}

/* The expert infos render() gives, without their items (see unseen). */
static void render_severity(packet_info *pinfo, const pd_frame_result *r)
{
    if (r->milestone != PD_MS_NONE)
        give_severity(pinfo, &ei_pptpdiag_milestone, PD_RULE_COUNT);
    for (guint i = 0; r->findings && i < r->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(r->findings, i);
        if (finding_ei(f))
            give_severity(pinfo, finding_ei(f), f->rule);
    }
}

/* TRUE when this frame shows session @s's verdict: two-pass and GUI, on the session's first
 * frame. */
static gboolean shows_verdict(packet_info *pinfo, const pd_session_info *s)
{
    return s && PINFO_FD_VISITED(pinfo) && s->first_frame == pinfo->num && s->verdict_finding;
}

static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const pd_frame_result *r)
{
    proto_item *ti = proto_tree_add_item(tree, proto_pptpdiag, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *pt = proto_item_add_subtree(ti, ett_pptpdiag);
    const pd_session_info *s = r->has_session ? pd_engine_session(engine, r->session) : NULL;
    if (s) {
        ti = proto_tree_add_uint(pt, hf_pptpdiag_session, tvb, 0, 0, s->index);
        proto_item_set_generated(ti);
    }
    if (r->milestone != PD_MS_NONE) {
        ti = proto_tree_add_string(pt, hf_pptpdiag_milestone, tvb, 0, 0,
                                   pd_milestone_text(r->milestone));
        proto_item_set_generated(ti);
        expert_add_info(pinfo, ti, &ei_pptpdiag_milestone);
    }
    for (guint i = 0; r->findings && i < r->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(r->findings, i);
        const pd_rule *rule = pd_rule_get(f->rule);
        if (f->superseded_by)
            ti = proto_tree_add_none_format(pt, hf_pptpdiag_superseded, tvb, 0, 0,
                                            "Superseded finding: %s (%s, contradicted by frame "
                                            "%u)", rule->summary,
                                            pd_confidence_name(f->confidence), f->superseded_by);
        else
            ti = proto_tree_add_none_format(pt, hf_pptpdiag_finding, tvb, 0, 0,
                                            "Finding: %s (%s)", rule->summary,
                                            pd_confidence_name(f->confidence));
        proto_item_set_generated(ti);
        proto_tree *ft = proto_item_add_subtree(ti, ett_pptpdiag_finding);
        render_finding(ft, tvb, pinfo, f, TRUE);
    }
    render_columns(pinfo, r);
    /* Two-pass and GUI: the session's verdict also on its first frame. */
    if (shows_verdict(pinfo, s)) {
        const pd_finding *vf = s->verdict_finding;
        /* "healthy (frame N)", not "healthy (healthy, frame N)" */
        char rule[80] = "";
        if (vf->rule != PD_RULE_HEALTHY)
            g_snprintf(rule, sizeof rule, "%s, ", pd_rule_get(vf->rule)->name);
        proto_tree *vt = proto_tree_add_subtree_format(
            pt, tvb, 0, 0, ett_pptpdiag_finding, &ti, "Session %u verdict: %s (%sframe %u)",
            s->index, pd_verdict_name(s->verdict), rule, vf->frame);
        proto_item_set_generated(ti);
        ti = proto_tree_add_uint(vt, hf_pptpdiag_verdict_frame, tvb, 0, 0, vf->frame);
        proto_item_set_generated(ti);
        ti = proto_tree_add_uint(vt, hf_pptpdiag_vantage, tvb, 0, 0, s->vantage);
        proto_item_set_generated(ti);
        if (vf->frame != pinfo->num) /* else it is shown above */
            render_finding(vt, tvb, pinfo, vf, FALSE);
    }
}

/* TRUE when nothing asks for pptpdiag's items: the tree is not shown, no filter names a pptpdiag
 * or expert field, and no tap listener filters, needs the tree (TL_REQUIRES_PROTO_TREE,
 * TL_REQUIRES_PROTOCOLS) or reads expert infos (tshark -z expert, the GUI's Expert Information
 * dialog). Listeners that need no tree (pptpdiag's report and statistics tree, -z conv,tcp,
 * ...) read their own taps, not the items. */
static gboolean items_unwanted(proto_tree *tree)
{
    static int proto_expert = -2, expert_tap = -2;
    if (proto_expert == -2) {
        proto_expert = proto_get_id_by_filter_name("_ws.expert");
        expert_tap = find_tap_id("expert");
    }
    if ((tree && PTREE_DATA(tree)->visible) || proto_field_is_referenced(tree, proto_pptpdiag) ||
        (proto_expert >= 0 && proto_field_is_referenced(tree, proto_expert)))
        return FALSE;
    if (!tap_listeners_require_dissection())
        return TRUE; /* no tap listener at all */
    return !have_filtering_tap_listeners() &&
           !(union_of_tap_listener_flags() & (TL_REQUIRES_PROTO_TREE | TL_REQUIRES_PROTOCOLS)) &&
           (expert_tap < 0 || !have_tap_listener(expert_tap));
}

/* TRUE when nothing render() adds to this frame can be seen, but perhaps the severity of its
 * expert infos: the first pass (no columns) when items_unwanted. Wireshark keeps the highest
 * severity of the capture for the GUI's status bar: while a tap listener is registered (the
 * GUI registers some) the expert infos are still given, without their items and each once
 * (render_severity); with no listener at all (tshark -2's first pass), nothing is. The engine
 * works the same either way. */
static gboolean unseen(packet_info *pinfo, proto_tree *tree)
{
    return !PINFO_FD_VISITED(pinfo) && !pinfo->cinfo && items_unwanted(tree);
}

/* TRUE when of what render() adds to this frame only the Info column can be seen: a later pass
 * of tshark printing summary lines (tshark -2 without -V, -T or a filter naming pptpdiag), with
 * no Expert column: the "[PPTP rule]" prefixes are all it shows. */
static gboolean columns_only(packet_info *pinfo, proto_tree *tree)
{
    return PINFO_FD_VISITED(pinfo) && pinfo->cinfo && pinfo->cinfo->col_first &&
           pinfo->cinfo->col_first[COL_EXPERT] < 0 && items_unwanted(tree);
}

/* TRUE when of what render() adds to this frame only its session would show, and nothing asks
 * for that: the frame has no milestone and no finding and is not the first frame of a session
 * showing its verdict (later passes), the tree is not shown, and no filter, column or field
 * output names pptpdiag itself or pptpdiag.session (a filter on another field, such as
 * pptpdiag.verdict, names the protocol only through its child: Wireshark's indirect
 * reference). Spares the protocol item such a filter would otherwise have made in every frame
 * of every session. */
static gboolean only_session_unwanted(packet_info *pinfo, proto_tree *tree,
                                      const pd_frame_result *r)
{
    if (r->milestone != PD_MS_NONE || r->findings || (tree && PTREE_DATA(tree)->visible))
        return FALSE;
    if (r->has_session && PINFO_FD_VISITED(pinfo) &&
        shows_verdict(pinfo, pd_engine_session(engine, r->session)))
        return FALSE;
    hf_ref_type ref = proto_registrar_get_nth(proto_pptpdiag)->ref_type;
    return (ref == HF_REF_TYPE_NONE || ref == HF_REF_TYPE_INDIRECT) &&
           proto_registrar_get_nth(hf_pptpdiag_session)->ref_type == HF_REF_TYPE_NONE;
}

/* TRUE when the engine has nothing for @frame (its session was evicted). */
static gboolean frame_gone(guint32 frame)
{
    return pd_engine_frame(engine, frame) == NULL;
}

static int dissect_pptpdiag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    n_calls++;
    n_calls_tree += tree != NULL;
    if (!PINFO_FD_VISITED(pinfo))
        n_first_pass++;
    else if (!n_first_pass)
        n_unread++;
    if (!engine || bench_floor)
        return 0;
    const pd_frame_result *r;
    if (!PINFO_FD_VISITED(pinfo)) {
        last_frame_time = nstime_to_sec(&pinfo->abs_ts);
        guint64 drops = pptpdiag_extract_drops(pinfo);
        if (drops) /* a fact about the capture, whatever the frame carries */
            pd_engine_capture_drops(engine, pinfo->num, drops);
        pd_observation obs[PPTPDIAG_MAX_OBS];
        guint n = pptpdiag_extract(tvb, pinfo, tree, obs);
        gboolean dns = FALSE, kept = FALSE;
        for (guint i = 0; i < n; i++) {
            pptpdiag_obsdump(&obs[i]); /* PPTPDIAG_DUMP_OBS hook, see obsdump.h */
            gboolean ok = pd_engine_observe(engine, &obs[i]);
            kept |= i == 0 && ok; /* the frame's own: TCP, GRE, ICMP or DNS, then PPTP messages */
            dns |= obs[i].kind == PD_OBS_DNS;
        }
        /* The labels of sessions the engine evicted go too, once as many went as the cap
         * holds (one pass over the labels each time). Before this frame's result is asked
         * for: the sweep asks about other frames, in the engine's one scratch result. */
        if (n &&
            pd_engine_n_evicted(engine, NULL) - labels_swept_at >= MAX(pref_max_sessions, 64u)) {
            pptpdiag_labels_sweep(frame_gone);
            labels_swept_at = pd_engine_n_evicted(engine, NULL);
        }
        r = n ? pd_engine_frame(engine, pinfo->num) : NULL; /* no observation: nothing known */
        /* A label for a DNS frame (the engine makes DNS lookups into sessions only when the
         * capture ends: the tap below needs to know the frame), and, when a report will draw
         * them, for a frame the engine files (a frame of a session it tracks: beyond its caps,
         * memory stops growing). Other frames that gave observations the engine kept (no cap
         * refused them: a session may claim them later) get a 4-byte mark, for the tap on later
         * passes, only while a listener of the tap is registered (tshark -z pptpdiag,...); else
         * nothing. */
        if (n && (dns || (r && pptpdiag_labels_wanted())))
            pptpdiag_labels_record(obs, n, r != NULL);
        else if (kept && !r && have_tap_listener(pptpdiag_tap))
            pptpdiag_labels_mark(pinfo->num);
    } else {
        /* A later pass has begun (tshark -2, the GUI): the capture (so far) is over, and this
         * frame is to show what only its end tells. */
        pptpdiag_capture_over();
        r = pd_engine_frame(engine, pinfo->num);
    }
    if (r || pptpdiag_labels_has(pinfo->num)) {
        /* The tap: every frame with a label or mark (the same frames on every pass) or that
         * the engine knows, with or without a session yet (some sessions begin only at the end
         * of the capture, e.g. a DNS lookup never answered): listeners ask the engine. */
        pptpdiag_tap_info *ti = wmem_new(pinfo->pool, pptpdiag_tap_info);
        ti->frame = pinfo->num;
        tap_queue_packet(pptpdiag_tap, pinfo, ti);
    }
    if (!r)
        return 0;
    if (columns_only(pinfo, tree))
        render_columns(pinfo, r);
    else if (unseen(pinfo, tree)) {
        if (tap_listeners_require_dissection())
            render_severity(pinfo, r);
    } else if (!only_session_unwanted(pinfo, tree, r))
        render(tvb, pinfo, tree, r);
    return tvb_captured_length(tvb);
}

/* ---- registration ------------------------------------------------------------------------ */

/* Asks for the fields pptpdiag reads while it is enabled, and for none while it is disabled:
 * wanted fields make tshark build a protocol tree for every frame (tshark.c decides it once
 * per file, from postdissectors_want_hfids(), which does not look at whether the postdissector
 * is enabled), which a disabled pptpdiag must not cost (set_postdissector_wanted_hfids frees
 * the previous array). */
static void want_fields(void)
{
    GArray *wanted = NULL;
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_pptpdiag))) {
        wanted = pptpdiag_extract_init();
        bench_floor = g_getenv("PPTPDIAG_BENCH_FLOOR") != NULL;
        if (bench_floor) { /* one field, in few frames */
            int hf_one = proto_registrar_get_id_byname("pptp.call_id");
            g_array_set_size(wanted, 0);
            g_array_append_val(wanted, hf_one);
        }
    }
    fields_wanted = wanted != NULL;
    set_postdissector_wanted_hfids(pptpdiag_handle, wanted);
}

guint64 pptpdiag_unread(void)
{
    return n_unread;
}

void pptpdiag_ask(void)
{
    /* PPTPDIAG_BENCH_OFF set (bench/run.sh): the taps leave pptpdiag as it is, so that the
     * benchmark's runs with --disable-protocol pptpdiag measure tshark without it. */
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_pptpdiag)) ||
        g_getenv("PPTPDIAG_BENCH_OFF"))
        return;
    proto_set_decoding(proto_pptpdiag, TRUE);
    /* tshark opens the file (its init routines) before it starts the -z taps, and decides
     * whether to build trees after both: asked for now, the fields are wanted in time. */
    if (engine)
        want_fields();
}

static void pptpdiag_init(void)
{
    pd_config cfg = pd_config_default();
    cfg.lcp_timeout = pref_lcp_timeout;
    cfg.syn_timeout = pref_syn_timeout;
    cfg.echo_timeout = pref_echo_timeout;
    cfg.max_sessions = pref_max_sessions;
    cfg.max_calls = pref_max_calls;
    pd_engine_free(engine);
    engine = pd_engine_new(&cfg);
    if (pref_capture_drops) /* where in the capture, the statistics do not say */
        pd_engine_capture_drops(engine, 0, pref_capture_drops);
    labels_swept_at = 0;
    last_frame_time = 0;
    n_calls = n_calls_tree = n_first_pass = n_unread = 0;
    memset(severity_given, 0, sizeof severity_given);
    pptpdiag_extract_reset();
    want_fields();
}

/* The end of a file: says in the debug log what pptpdiag cost it (tshark --log-debug pptpdiag;
 * plugin/tests/not-asked.sh reads it), and, once per process, when a display filter, a field
 * output or a tap's filter named pptpdiag while pptpdiag was disabled (its default), which
 * flag enables it: a filter is known to a plugin only once the first frame is dissected
 * (tshark primes its fields frame by frame), too late to want fields for that frame. */
static void pptpdiag_cleanup(void)
{
    gboolean enabled = proto_is_protocol_enabled(find_protocol_by_id(proto_pptpdiag));
    ws_log(PD_LOG_DOMAIN, LOG_LEVEL_DEBUG,
           "end of file: pptpdiag %s, fields %s, dissector called on %" G_GUINT64_FORMAT
           " frames, %" G_GUINT64_FORMAT " of them with a protocol tree; postdissectors want "
           "fields: %s",
           enabled ? "enabled" : "disabled", fields_wanted ? "wanted" : "not wanted", n_calls,
           n_calls_tree, postdissectors_want_hfids() ? "yes" : "no");
    static gboolean hinted;
    if (!enabled && !hinted &&
        proto_registrar_get_nth(proto_pptpdiag)->ref_type != HF_REF_TYPE_NONE) {
        hinted = TRUE;
        ws_log(PD_LOG_DOMAIN, LOG_LEVEL_MESSAGE,
               "a filter or field names pptpdiag, which is disabled unless asked for: add "
               "--enable-protocol pptpdiag (or -C pptpdiag, the pptpdiag profile)");
    }
    pptpdiag_extract_reset();
    pd_engine_free(engine);
    engine = NULL;
}

/* value_string of RAS errors, built once from the engine's table: "ERROR_X: message". */
/* The RAS codes' value_string, built once from the engine's table into static storage
 * (registered fields keep pointing at it for the life of the process). */
#define MAX_RAS_VALS 64
static value_string *ras_vals(void)
{
    static value_string vs[MAX_RAS_VALS + 1];
    static char text[MAX_RAS_VALS][256];
    gsize n;
    const pd_raserror *t = pd_raserror_table(&n);
    g_assert(n <= MAX_RAS_VALS);
    for (gsize i = 0; i < n; i++) {
        g_snprintf(text[i], sizeof text[i], "%s: %s", t[i].name, t[i].message);
        vs[i].value = t[i].code;
        vs[i].strptr = text[i];
    }
    return vs;
}

/* The value_strings of verdict, confidence and vantage, from the engine's names (filters such
 * as pptpdiag.confidence == "confirmed" match them). Static: registered fields keep them. */
static value_string verdict_vals[PD_VERDICT_FAILED + 2];
static value_string confidence_vals[PD_CONF_CONFIRMED + 1];
static value_string vantage_vals[PD_VANTAGE_BETWEEN + 2];

static void fill_vals(void)
{
    for (int v = PD_VERDICT_UNDETERMINED; v <= PD_VERDICT_FAILED; v++)
        verdict_vals[v] = (value_string){(guint32)v, pd_verdict_name(v)};
    for (int c = PD_CONF_POSSIBLE; c <= PD_CONF_CONFIRMED; c++)
        confidence_vals[c - PD_CONF_POSSIBLE] = (value_string){(guint32)c, pd_confidence_name(c)};
    for (int v = PD_VANTAGE_UNKNOWN; v <= PD_VANTAGE_BETWEEN; v++)
        vantage_vals[v] = (value_string){(guint32)v, pd_vantage_name(v)};
}

static void proto_register_pptpdiag(void)
{
    fill_vals();
    static hf_register_info hf[] = {
        {&hf_pptpdiag_session, {"Session", "pptpdiag.session", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Index of the PPTP session (control connection and its calls), like tcp.stream", HFILL}},
        {&hf_pptpdiag_milestone, {"Milestone", "pptpdiag.milestone", FT_STRING, BASE_NONE, NULL,
          0x0, "A step of a healthy PPTP session reached in this frame", HFILL}},
        {&hf_pptpdiag_finding, {"Finding", "pptpdiag.finding", FT_NONE, BASE_NONE, NULL, 0x0,
          "A diagnosis concluded in this frame", HFILL}},
        {&hf_pptpdiag_verdict_frame, {"Verdict concluded in frame", "pptpdiag.verdict_frame",
          FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "On a session's first frame (two passes, GUI): the frame where the session's verdict "
          "became conclusive", HFILL}},
        {&hf_pptpdiag_verdict, {"Verdict", "pptpdiag.verdict", FT_UINT8, BASE_DEC,
          VALS(verdict_vals), 0x0, "healthy, failed or undetermined", HFILL}},
        {&hf_pptpdiag_rule, {"Rule", "pptpdiag.rule", FT_STRING, BASE_NONE, NULL, 0x0,
          "Stable short name of the rule that fired", HFILL}},
        {&hf_pptpdiag_variant, {"Variant", "pptpdiag.variant", FT_STRING, BASE_NONE, NULL, 0x0,
          "Which variant of the rule (how it showed or by whom), when it has variants: "
          "doc/catalogue.md lists them with their RAS errors", HFILL}},
        {&hf_pptpdiag_ras_error, {"RAS error", "pptpdiag.ras_error", FT_UINT16, BASE_DEC, NULL,
          0x0, "Windows RAS error the client likely shows (raserror.h), best first", HFILL}},
        {&hf_pptpdiag_cause, {"Cause", "pptpdiag.cause", FT_STRING, BASE_NONE, NULL, 0x0, NULL,
          HFILL}},
        {&hf_pptpdiag_fix, {"Fix", "pptpdiag.fix", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_pptpdiag_cause_line, {"Cause, next line", "pptpdiag.cause.line", FT_STRING,
          BASE_NONE, NULL, 0x0, "A line after the first of a long cause as the tree shows it "
          "(pptpdiag.cause holds the whole cause)", HFILL}},
        {&hf_pptpdiag_fix_line, {"Fix, next line", "pptpdiag.fix.line", FT_STRING, BASE_NONE,
          NULL, 0x0, "A line after the first of a long fix as the tree shows it (pptpdiag.fix "
          "holds the whole fix)", HFILL}},
        {&hf_pptpdiag_confidence, {"Confidence", "pptpdiag.confidence", FT_UINT8, BASE_DEC,
          VALS(confidence_vals), 0x0, "confirmed: the wire says so; likely: inferred from absence within a "
          "timeout; possible: consistent with the trace", HFILL}},
        {&hf_pptpdiag_evidence, {"Evidence frame", "pptpdiag.evidence", FT_FRAMENUM, BASE_NONE,
          NULL, 0x0, "A frame the verdict rests on", HFILL}},
        {&hf_pptpdiag_blocked_by, {"Blocked by", "pptpdiag.blocked_by", FT_IPv4, BASE_NONE, NULL,
          0x0, "Device that reported the block in an ICMP error", HFILL}},
        {&hf_pptpdiag_blocked_by_ipv6, {"Blocked by", "pptpdiag.blocked_by_ipv6", FT_IPv6,
          BASE_NONE, NULL, 0x0, "Device that reported the block in an ICMPv6 error", HFILL}},
        {&hf_pptpdiag_mtu_reported_by, {"Path MTU reported by", "pptpdiag.mtu_reported_by",
          FT_IPv4, BASE_NONE, NULL, 0x0,
          "Device whose ICMP error (fragmentation needed) said the tunnel's packets are too big",
          HFILL}},
        {&hf_pptpdiag_mtu_reported_by_ipv6, {"Path MTU reported by",
          "pptpdiag.mtu_reported_by_ipv6", FT_IPv6, BASE_NONE, NULL, 0x0,
          "Device whose ICMPv6 Packet Too Big said the tunnel's packets are too big", HFILL}},
        {&hf_pptpdiag_quoted_frame, {"ICMP error quotes frame", "pptpdiag.quoted_frame",
          FT_FRAMENUM, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_pptpdiag_end_of_capture, {"Concluded at the end of the capture",
          "pptpdiag.end_of_capture", FT_BOOLEAN, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_pptpdiag_vantage, {"Capture point", "pptpdiag.vantage", FT_UINT8, BASE_DEC,
          VALS(vantage_vals), 0x0, "Where the capture was taken, as far as TTLs tell", HFILL}},
        {&hf_pptpdiag_superseded_by, {"Superseded by", "pptpdiag.superseded_by", FT_FRAMENUM,
          BASE_NONE, NULL, 0x0,
          "A likely or possible finding that a later frame contradicted; it no longer counts",
          HFILL}},
        {&hf_pptpdiag_superseded, {"Superseded finding", "pptpdiag.superseded", FT_NONE,
          BASE_NONE, NULL, 0x0,
          "A finding a later frame contradicted, kept for the record: it matches none of the "
          "filters on pptpdiag.finding, verdict, rule, ras_error or confidence", HFILL}},
        {&hf_pptpdiag_superseded_rule, {"Rule", "pptpdiag.superseded.rule", FT_STRING,
          BASE_NONE, NULL, 0x0, "The rule of a superseded finding", HFILL}},
        {&hf_pptpdiag_superseded_ras_error, {"RAS error", "pptpdiag.superseded.ras_error",
          FT_UINT16, BASE_DEC, NULL, 0x0,
          "A Windows RAS error a superseded finding named (raserror.h): not the session's",
          HFILL}},
        {&hf_pptpdiag_superseded_confidence, {"Confidence", "pptpdiag.superseded.confidence",
          FT_UINT8, BASE_DEC, VALS(confidence_vals), 0x0,
          "The confidence a superseded finding had", HFILL}},
        {&hf_pptpdiag_superseded_evidence, {"Evidence frame", "pptpdiag.superseded.evidence",
          FT_FRAMENUM, BASE_NONE, NULL, 0x0, "A frame a superseded finding rested on", HFILL}},
    };
    static gint *ett[] = {&ett_pptpdiag, &ett_pptpdiag_finding, &ett_pptpdiag_evidence,
                          &ett_pptpdiag_text};

    /* The RAS error field names its code from the engine's table. */
    for (gsize i = 0; i < G_N_ELEMENTS(hf); i++) {
        if (hf[i].p_id == &hf_pptpdiag_ras_error ||
            hf[i].p_id == &hf_pptpdiag_superseded_ras_error)
            hf[i].hfinfo.strings = VALS(ras_vals());
    }

    proto_pptpdiag = proto_register_protocol("PPTP Diagnosis", "PPTPDIAG", "pptpdiag");
    /* Disabled by default, like TRANSUM: installed, pptpdiag costs nothing to runs that do not
     * ask for it. Asking enables it: --enable-protocol pptpdiag, the pptpdiag profile's
     * enabled_protos, Analyze › Enabled Protocols, its own taps (pptpdiag_ask), and
     * PPTPDIAG_DUMP_OBS, which wants what the engine is fed (obsdump.h). README.md says why. */
    if (!g_getenv("PPTPDIAG_DUMP_OBS"))
        proto_disable_by_default(proto_pptpdiag);
    proto_register_field_array(proto_pptpdiag, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    /* One expert info per rule, from the engine's catalogue; one for milestones. */
    /* static: Wireshark keeps pointing at the registered expert infos and their names */
    static ei_register_info ei[PD_RULE_COUNT + 1];
    static char ei_names[PD_RULE_COUNT][64];
    for (int i = 0; i < PD_RULE_COUNT; i++) {
        const pd_rule *r = pd_rule_get(i);
        ei[i].ids = &ei_pptpdiag_rule[i];
        ei_pptpdiag_rule[i] = (expert_field)EI_INIT;
        g_snprintf(ei_names[i], sizeof ei_names[i], "pptpdiag.%s", r->key);
        ei[i].eiinfo.name = ei_names[i];
        ei[i].eiinfo.group = r->group == PD_GROUP_RESPONSE   ? PI_RESPONSE_CODE
                             : r->group == PD_GROUP_PROTOCOL ? PI_PROTOCOL
                                                             : PI_SEQUENCE;
        ei[i].eiinfo.severity = severity_pi(r->severity);
        ei[i].eiinfo.summary = r->summary;
        ei[i].eiinfo.hf_info = (hf_register_info){
            NULL, {NULL, NULL, FT_NONE, BASE_NONE, NULL, 0, NULL, HFILL}};
    }
    ei[PD_RULE_COUNT].ids = &ei_pptpdiag_milestone;
    ei[PD_RULE_COUNT].eiinfo.name = "pptpdiag.session_milestone";
    ei[PD_RULE_COUNT].eiinfo.group = PI_SEQUENCE;
    ei[PD_RULE_COUNT].eiinfo.severity = PI_CHAT;
    ei[PD_RULE_COUNT].eiinfo.summary = "PPTP session milestone";
    ei[PD_RULE_COUNT].eiinfo.hf_info = (hf_register_info){
        NULL, {NULL, NULL, FT_NONE, BASE_NONE, NULL, 0, NULL, HFILL}};
    expert_module_t *em = expert_register_protocol(proto_pptpdiag);
    expert_register_field_array(em, ei, PD_RULE_COUNT + 1);

    pd_config def = pd_config_default();
    pref_lcp_timeout = (guint)def.lcp_timeout;
    pref_syn_timeout = (guint)def.syn_timeout;
    pref_echo_timeout = (guint)def.echo_timeout;
    pref_max_sessions = def.max_sessions;
    pref_max_calls = def.max_calls;
    module_t *prefs = prefs_register_protocol(proto_pptpdiag, NULL);
    prefs_register_uint_preference(
        prefs, "lcp_timeout", "PPP answer timeout (seconds)",
        "Seconds a PPTP call may wait without PPP completing and without GRE from one side "
        "before pptpdiag concludes that GRE is blocked (likely), counted from the call's first "
        "GRE packet (from its set-up when no GRE came); a silence of the whole capture of 30 s or "
        "more (a pause, a clock step) does not count. Default 10.",
        10, &pref_lcp_timeout);
    prefs_register_uint_preference(
        prefs, "syn_timeout", "TCP 1723 answer timeout (seconds)",
        "Seconds a retransmitted SYN to TCP 1723 may stay unanswered before pptpdiag concludes "
        "that the control connection is unanswered (likely). Default 5.",
        10, &pref_syn_timeout);
    prefs_register_uint_preference(
        prefs, "echo_timeout", "PPTP Echo-Reply timeout (seconds)",
        "Seconds a PPTP Echo-Request on the control connection may stay unanswered before "
        "pptpdiag concludes that the control connection is lost (RFC 2637 section 2.5). "
        "Default 60.",
        10, &pref_echo_timeout);
    prefs_register_uint_preference(
        prefs, "max_sessions", "Maximum sessions per capture",
        "Most sessions (control connections, GRE-only address pairs, DNS lookups) pptpdiag tracks "
        "open at once; beyond it new ones are counted, not diagnosed, and one "
        "state-cap-reached finding says so. Health checks and sessions closed lcp_timeout "
        "seconds ago do not count; 4 times it are kept in all, past that the oldest of those "
        "with nothing to report are evicted (the report says how many). Bounds memory. "
        "Default 20000.",
        10, &pref_max_sessions);
    prefs_register_uint_preference(
        prefs, "max_calls", "Maximum calls per session",
        "Most PPTP calls per control connection, and GRE flows per GRE-only session, pptpdiag "
        "tracks. Default 64.",
        10, &pref_max_calls);
    prefs_register_uint_preference(
        prefs, "capture_drops", "Packets the capture dropped (interface statistics)",
        "Packets the capture file's interface statistics count as dropped by the capture "
        "(pcapng Interface Statistics Blocks: the \"Dropped\" count of Wireshark's status bar "
        "and Capture File Properties), which no dissector can read: scripts/pptpdiag-check "
        "sets it from the file. Not 0: a GRE sequence gap that nothing else explains is said to "
        "be most likely the capture's (capture-gaps), not the network's. Drop counts recorded "
        "with the packets (frame.drop_count) are read without it. Default 0.",
        10, &pref_capture_drops);

    register_init_routine(pptpdiag_init);
    register_cleanup_routine(pptpdiag_cleanup);
    pptpdiag_handle = register_dissector("pptpdiag", dissect_pptpdiag, proto_pptpdiag);

    /* The tap and what listens to it: the report, the stats tree (and the frame labels the
     * report's sequence view uses). */
    pptpdiag_tap = register_tap(PPTPDIAG_TAP_NAME);
    pptpdiag_labels_register();
    pptpdiag_report_register();
    pptpdiag_stats_tree_register();
}

static void proto_reg_handoff_pptpdiag(void)
{
    static gboolean done = FALSE;
    if (done)
        return;
    done = TRUE;
    register_postdissector(pptpdiag_handle); /* wanted fields: see pptpdiag_init */
}

void plugin_register(void)
{
    static proto_plugin plug;
    plug.register_protoinfo = proto_register_pptpdiag;
    plug.register_handoff = proto_reg_handoff_pptpdiag;
    proto_register_plugin(&plug);
}

#ifdef PD_HAVE_PLUGIN_DESCRIBE
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
