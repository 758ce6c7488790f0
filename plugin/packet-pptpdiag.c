/* packet-pptpdiag.c: the pptpdiag postdissector: registers the protocol, its fields, expert
 * infos and preferences, the tap and its listeners; on the first pass feeds each frame's
 * observations to the engine (heuristics/) of the capture file, which capture.c holds; on every
 * pass has what the engine concluded for the frame rendered (render.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>

#include "capture.h"
#include "extract.h"
#include "framelabel.h"
#include "obsdump.h" /* PPTPDIAG_DUMP_OBS, a development hook (fuzz corpus): obsdump.h */
#include "pd_engine.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "render.h"
#include "report.h"
#include "stats-tree.h"
#include "tap-sessions.h"
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

static dissector_handle_t pptpdiag_handle;

/* ---- dissection -------------------------------------------------------------------------- */

static int dissect_pptpdiag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    pd_engine *engine = pptpdiag_capture_frame(pinfo, tree);
    if (!engine)
        return 0;
    const pd_frame_result *r;
    if (!PINFO_FD_VISITED(pinfo)) {
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
        r = n ? pd_engine_frame(engine, pinfo->num) : NULL; /* no observation: nothing known */
        /* A label for a DNS frame (the engine makes DNS lookups into sessions only when the
         * capture ends: the tap below needs to know the frame), and, when a report will draw
         * them, for a frame the engine files (a frame of a session it tracks: beyond its caps,
         * memory stops growing). Other frames that gave observations the engine kept (no cap
         * refused them: a session may claim them later) get a 4-byte mark, for the tap on later
         * passes, only while a listener of the tap is registered (tshark -z pptpdiag,...); else
         * nothing. Labels and marks are the engine's: the label of a frame of a session goes
         * when the engine forgets the frame. */
        if (n && (dns || (r && pptpdiag_labels_wanted())))
            pptpdiag_labels_record(engine, obs, n);
        else if (kept && !r && pptpdiag_tap_listened())
            pptpdiag_labels_mark(engine, pinfo->num);
    } else {
        /* A later pass has begun (tshark -2, the GUI): the capture (so far) is over, and this
         * frame is to show what only its end tells. */
        pptpdiag_capture_over();
        r = pd_engine_frame(engine, pinfo->num);
    }
    if (r || pptpdiag_labels_has(engine, pinfo->num)) {
        /* The tap: every frame with a label or mark (the same frames on every pass) or that
         * the engine knows, with or without a session yet (some sessions begin only at the end
         * of the capture, e.g. a DNS lookup never answered): listeners ask the engine. */
        pptpdiag_tap_queue(pinfo);
    }
    if (!r)
        return 0;
    pptpdiag_render(tvb, pinfo, tree, engine, r);
    return tvb_captured_length(tvb);
}

/* ---- registration ------------------------------------------------------------------------ */

static int severity_pi(pd_severity s)
{
    switch (s) {
    case PD_SEV_ERROR: return PI_ERROR;
    case PD_SEV_WARN: return PI_WARN;
    case PD_SEV_NOTE: return PI_NOTE;
    default: return PI_CHAT;
    }
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
          VALS(confidence_vals), 0x0, "confirmed: the wire says so; likely: inferred from "
          "absence within a timeout; possible: consistent with the trace", HFILL}},
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
     * PPTPDIAG_DUMP_OBS (a development hook), which wants what the engine is fed (obsdump.h).
     * README.md says why. */
    if (!pptpdiag_obsdump_wanted())
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

    /* The preferences are the variables the engine of each file is made with (capture.h). */
    pptpdiag_prefs *pp = pptpdiag_capture_prefs();
    pd_config def = pd_config_default();
    pp->lcp_timeout = (guint)def.lcp_timeout;
    pp->syn_timeout = (guint)def.syn_timeout;
    pp->echo_timeout = (guint)def.echo_timeout;
    pp->max_sessions = def.max_sessions;
    pp->max_calls = def.max_calls;
    module_t *prefs = prefs_register_protocol(proto_pptpdiag, NULL);
    prefs_register_uint_preference(
        prefs, "lcp_timeout", "PPP answer timeout (seconds)",
        "Seconds a PPTP call may wait without PPP completing and without GRE from one side "
        "before pptpdiag concludes that GRE is blocked (likely), counted from the call's first "
        "GRE packet (from its set-up when no GRE came); a silence of the whole capture of 30 s or "
        "more (a pause, a clock step) does not count. Default 10.",
        10, &pp->lcp_timeout);
    prefs_register_uint_preference(
        prefs, "syn_timeout", "TCP 1723 answer timeout (seconds)",
        "Seconds a retransmitted SYN to TCP 1723 may stay unanswered before pptpdiag concludes "
        "that the control connection is unanswered (likely). Default 5.",
        10, &pp->syn_timeout);
    prefs_register_uint_preference(
        prefs, "echo_timeout", "PPTP Echo-Reply timeout (seconds)",
        "Seconds a PPTP Echo-Request on the control connection may stay unanswered before "
        "pptpdiag concludes that the control connection is lost (RFC 2637 section 2.5). "
        "Default 60.",
        10, &pp->echo_timeout);
    prefs_register_uint_preference(
        prefs, "max_sessions", "Maximum sessions per capture",
        "Most sessions (control connections, GRE-only address pairs, DNS lookups) pptpdiag tracks "
        "open at once; beyond it new ones are counted, not diagnosed, and one "
        "state-cap-reached finding says so. Health checks and sessions closed lcp_timeout "
        "seconds ago do not count; 4 times it are kept in all, past that the oldest of those "
        "with nothing to report are evicted (the report says how many). Bounds memory. "
        "Default 20000.",
        10, &pp->max_sessions);
    prefs_register_uint_preference(
        prefs, "max_calls", "Maximum calls per session",
        "Most PPTP calls per control connection, and GRE flows per GRE-only session, pptpdiag "
        "tracks. Default 64.",
        10, &pp->max_calls);
    prefs_register_uint_preference(
        prefs, "capture_drops", "Packets the capture dropped (interface statistics)",
        "Packets the capture file's interface statistics count as dropped by the capture "
        "(pcapng Interface Statistics Blocks: the \"Dropped\" count of Wireshark's status bar "
        "and Capture File Properties), which no dissector can read: pptpdiag-check "
        "sets it from the file. Not 0: a GRE sequence gap that nothing else explains is said to "
        "be most likely the capture's (capture-gaps), not the network's. Drop counts recorded "
        "with the packets (frame.drop_count) are read without it. Default 0.",
        10, &pp->capture_drops);

    pptpdiag_handle = register_dissector("pptpdiag", dissect_pptpdiag, proto_pptpdiag);
    /* The engine of each file (made and freed by capture.c's init and cleanup routines), and
     * which expert infos were given without their items (render.c's). */
    pptpdiag_capture_register(proto_pptpdiag, pptpdiag_handle);
    pptpdiag_render_register();

    /* The tap and what listens to it: the report, the stats tree (and the frame labels the
     * report's sequence view uses). */
    pptpdiag_tap_register();
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
    register_postdissector(pptpdiag_handle); /* wanted fields: capture.c, want_fields */
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
