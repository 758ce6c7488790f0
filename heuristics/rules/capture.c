/* rules/capture.c: what the capture itself lacks, said as such and never blamed on the network:
 * GRE lost to a capture filter (the common `tcp port 1723` mistake), frames cut by the snapshot
 * length.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

static const pd_rule lacks_gre = {
    .id = PD_RULE_CAPTURE_LACKS_GRE, .name = "capture-lacks-gre", .key = "capture_lacks_gre",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture holds no GRE of a connected call: it was left out of the capture",
    .ras = {0},
    .fix = "Capture again without a capture filter, or with one that keeps GRE: `tcp port 1723 or "
           "ip proto 47` (tcpdump, Wireshark's capture filter), on the client or on the server.",
    .seeds = "001_0504ecfb6838ebee.txt (packet capture filters for PPTP: TCP 1723 and GRE)",
    .wire = "a connected call with no GRE in either direction, captured at a peer or on the peers' "
            "link (whose host sends LCP over GRE within " G_STRINGIFY(PD_OWN_GRE_GRACE) " s of the "
            "call coming up), or with a Set-Link-Info showing LCP ran (RFC 2637 2.15)",
    .confidence = "likely; the session stays undetermined (gre-blocked is not inferred)",
    .observation = TRUE,
};

static const pd_rule truncated = {
    .id = PD_RULE_CAPTURE_TRUNCATED, .name = "capture-truncated", .key = "capture_truncated",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture cut the session's frames short (snapshot length)",
    .ras = {0},
    .fix = "Capture again with the whole frames: `tcpdump -s 0` (the default of recent tcpdump), "
           "or no 'Limit each packet' in Wireshark's capture options.",
    .seeds = "001_0504ecfb6838ebee.txt (packet captures for PPTP diagnostics)",
    .wire = "a PPTP control message or GRE packet of the session whose frame was captured shorter "
            "than it was on the wire: Call IDs, Result Codes and PPP options past the cut are "
            "missing, so what depends on them cannot be told",
    .confidence = "confirmed (the capture file says so)",
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&lacks_gre, &truncated};

/* Per session. */
typedef struct {
    gboolean truncated_said;
} capture_state;

/* The first cut frame of a session's control connection or GRE: said once. */
static void on_event(pd_engine *e, const pd_event *ev)
{
    if ((ev->kind != PD_EV_PPTP && ev->kind != PD_EV_GRE && ev->kind != PD_EV_PPP) ||
        !ev->o->cut_at || !ev->s)
        return;
    capture_state *st = pd_session_slice(ev->s, &pd_family_capture);
    if (st->truncated_said)
        return;
    st->truncated_said = TRUE;
    pd_finding_new(
        e, ev->s, NULL, ev->o->frame, PD_RULE_CAPTURE_TRUNCATED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf(
            "The capture keeps only the first %u bytes of this frame (its snapshot length), which "
            "was longer on the wire: PPTP Call IDs and Result Codes, and PPP messages and options, "
            "past the cut are missing from this session's frames, so calls may go unmatched and "
            "what depends on them cannot be told. This is the capture's limit, not the network's.",
            ev->o->cut_at));
}

/* The finding's cause for call @c, up until @until (seconds). */
static char *cause_of(const pd_call *c, double until)
{
    pd_vantage v = pd_session_vantage(c->s);
    char *where =
        c->sli_frame
            ? g_strdup_printf("a Set-Link-Info (frame %u) carries the ACCMs PPP negotiated, so LCP "
                              "ran over GRE", c->sli_frame)
        : v == PD_VANTAGE_CLIENT || v == PD_VANTAGE_SERVER
            ? g_strdup_printf("the capture was taken on the %s, whose own GRE (its LCP "
                              "Configure-Requests) must be in it",
                              pd_vantage_name(v))
            : g_strdup("both sides' TTLs are at their initial values (no router between them), "
                       "so nothing on the way could drop GRE that this capture point would see");
    char *cause = g_strdup_printf(
        "No GRE (IP protocol 47) of this call is in the capture, in either direction, although the "
        "call was up from frame %u for %.1f s; %s. The GRE was left out of the capture, most "
        "likely by a capture filter such as `tcp port 1723`: whether GRE passes cannot be told "
        "from this capture.",
        c->reply_frame, until - c->up_time, where);
    g_free(where);
    return cause;
}

static void on_call_end(pd_engine *e, pd_call *c, const pd_call_end_info *end, GPtrArray *cands)
{
    if (!pd_call_capture_lacks_gre(c, end->time))
        return;
    guint32 ev[3] = {c->reply_frame, c->sli_frame, end->frame};
    pd_propose(e, c, end->frame, cands, PD_RULE_CAPTURE_LACKS_GRE, PD_NO_VARIANT, PD_CONF_LIKELY,
               cause_of(c, end->time), ev, G_N_ELEMENTS(ev));
}

/* Calls still up when the capture ends. */
static void on_finish(pd_engine *e, pd_session *s)
{
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->end_frame || !pd_call_capture_lacks_gre(c, s->last_time))
            continue;
        pd_finding *f = pd_propose(e, c, c->reply_frame, NULL, PD_RULE_CAPTURE_LACKS_GRE,
                                   PD_NO_VARIANT, PD_CONF_LIKELY, cause_of(c, s->last_time), NULL, 0);
        pd_evidence(f, c->sli_frame);
    }
}

const pd_family pd_family_capture = {
    .name = "capture", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_event = on_event,
    .on_call_end = on_call_end, .on_finish = on_finish, .session_slice = sizeof(capture_state),
};
