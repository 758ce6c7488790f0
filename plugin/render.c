/* render.c: what pptpdiag shows of a frame (see render.h): generated items, the Info column's
 * prefixes, expert infos; and when showing them is worth its cost.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "render.h"

#include <string.h>

#include <wireshark.h>

#include <epan/column-info.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "ws-compat.h"

int proto_pptpdiag = -1;

int hf_pptpdiag_session = -1;
int hf_pptpdiag_milestone = -1;
int hf_pptpdiag_finding = -1;
int hf_pptpdiag_verdict_frame = -1;
int hf_pptpdiag_verdict = -1;
int hf_pptpdiag_rule = -1;
int hf_pptpdiag_variant = -1;
int hf_pptpdiag_ras_error = -1;
int hf_pptpdiag_cause = -1;
int hf_pptpdiag_fix = -1;
int hf_pptpdiag_cause_line = -1;
int hf_pptpdiag_fix_line = -1;
int hf_pptpdiag_confidence = -1;
int hf_pptpdiag_evidence = -1;
int hf_pptpdiag_blocked_by = -1;
int hf_pptpdiag_blocked_by_ipv6 = -1;
int hf_pptpdiag_mtu_reported_by = -1;
int hf_pptpdiag_mtu_reported_by_ipv6 = -1;
int hf_pptpdiag_quoted_frame = -1;
int hf_pptpdiag_end_of_capture = -1;
int hf_pptpdiag_vantage = -1;
int hf_pptpdiag_superseded_by = -1;
int hf_pptpdiag_superseded = -1;
int hf_pptpdiag_superseded_rule = -1;
int hf_pptpdiag_superseded_ras_error = -1;
int hf_pptpdiag_superseded_confidence = -1;
int hf_pptpdiag_superseded_evidence = -1;

gint ett_pptpdiag = -1;
gint ett_pptpdiag_finding = -1;
gint ett_pptpdiag_evidence = -1;
gint ett_pptpdiag_text = -1;

expert_field ei_pptpdiag_milestone = EI_INIT;
expert_field ei_pptpdiag_rule[PD_RULE_COUNT];

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
    if (f->has_blocked_by && pd_rule_get(f->rule)->icmp_reports_mtu)
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

/* Which expert infos render_severity gave since render_init last ran (a new file, a
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

static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const pd_engine *e,
                   const pd_frame_result *r)
{
    proto_item *ti = proto_tree_add_item(tree, proto_pptpdiag, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *pt = proto_item_add_subtree(ti, ett_pptpdiag);
    const pd_session_info *s = r->has_session ? pd_engine_session(e, r->session) : NULL;
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
        if (!pd_rule_get(vf->rule)->is_verdict)
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
static gboolean only_session_unwanted(packet_info *pinfo, proto_tree *tree, const pd_engine *e,
                                      const pd_frame_result *r)
{
    if (r->milestone != PD_MS_NONE || r->findings || (tree && PTREE_DATA(tree)->visible))
        return FALSE;
    if (r->has_session && PINFO_FD_VISITED(pinfo) &&
        shows_verdict(pinfo, pd_engine_session(e, r->session)))
        return FALSE;
    hf_ref_type ref = proto_registrar_get_nth(proto_pptpdiag)->ref_type;
    return (ref == HF_REF_TYPE_NONE || ref == HF_REF_TYPE_INDIRECT) &&
           proto_registrar_get_nth(hf_pptpdiag_session)->ref_type == HF_REF_TYPE_NONE;
}

/* A new file, a redissection: Wireshark resets its highest severity, so the expert infos are
 * given again (render_severity). */
static void render_init(void)
{
    memset(severity_given, 0, sizeof severity_given);
}

void pptpdiag_render_register(void)
{
    register_init_routine(render_init);
}

void pptpdiag_render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const pd_engine *e,
                     const pd_frame_result *r)
{
    if (columns_only(pinfo, tree))
        render_columns(pinfo, r);
    else if (unseen(pinfo, tree)) {
        if (tap_listeners_require_dissection())
            render_severity(pinfo, r);
    } else if (!only_session_unwanted(pinfo, tree, e, r))
        render(tvb, pinfo, tree, e, r);
}
