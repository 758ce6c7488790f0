/* rules/capture.c: what the capture itself lacks, said as such and never blamed on the network:
 * GRE lost to a capture filter (the common `tcp port 1723` mistake), frames cut by the snapshot
 * length, frame times that go backwards (a capture merged without sorting), one direction only
 * (asymmetric routing, a port mirror of one side), packets the capture lost though their
 * receiver got them.
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
    .confidence = "confirmed when a Set-Link-Info of the call shows LCP ran (RFC 2637 2.15), else likely; the session stays undetermined (gre-blocked is not inferred)",
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

/* A frame stamped this many seconds or more before a frame ahead of it counts as out of order:
 * smaller steps (the jitter of timestamps taken on several CPUs or NIC queues) move no timeout
 * the rules use. */
#define TIME_BACK_MIN_S 0.1

static const pd_rule out_of_order = {
    .id = PD_RULE_CAPTURE_OUT_OF_ORDER, .name = "capture-out-of-order",
    .key = "capture_out_of_order",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture's frame times go backwards: it was merged or written without sorting",
    .ras = {0},
    .fix = "Sort the capture by time before opening it: `reordercap in.pcapng sorted.pcapng` "
           "(Wireshark's tool), or merge per-interface files with `mergecap` without `-a`.",
    .seeds = "",
    .wire = "a frame of the session (TCP 1723, its GRE) stamped " G_STRINGIFY(TIME_BACK_MIN_S)
            " s or more before a frame ahead of it in the capture; pptpdiag takes it as happening "
            "when the latest frame did, so no timeout or silence counts time that went back",
    .confidence = "confirmed (the capture file says so); said at the end of the capture",
    .observation = TRUE,
};

static const pd_rule one_direction = {
    .id = PD_RULE_CAPTURE_ONE_DIRECTION, .name = "capture-one-direction",
    .key = "capture_one_direction",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture holds one peer's packets only: the other direction is not in it",
    .ras = {0},
    .fix = "Capture where both directions pass (on the client or on the server itself), or mirror "
           "both directions of the port (a SPAN session of 'both', or the ingress and egress "
           "ports of an asymmetric path) and merge the captures.",
    .seeds = "",
    .wire = "every frame of the control connection and its GRE sent by one peer, one of them "
            "answering the other (a client segment other than a SYN acknowledges the server's "
            "SYN/ACK; every server frame answers the client): what the visible peer's packets "
            "prove the other sent counts (a Configure-Ack its Configure-Request, a CHAP Response "
            "its Challenge, IPCP and data the authentication, advancing GRE acknowledgments its "
            "GRE), and the other's silence concludes nothing: no symptom and no inference from "
            "absence decides the verdict",
    .confidence = "confirmed (the capture holds no frame of the other peer while the visible "
                  "one answers it); said at the end of the capture",
    .observation = TRUE,
};

static const pd_rule gaps = {
    .id = PD_RULE_CAPTURE_GAPS, .name = "capture-gaps", .key = "capture_gaps",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture lost packets the receiver got: its gaps are the capture's, not the network's",
    .ras = {0},
    .fix = "Capture again with room to keep up: a larger buffer (`dumpcap -B 64` or `tcpdump -B "
           "65536`), writing to a fast disk, no display while capturing, a capture filter that "
           "keeps only TCP 1723 and GRE (`tcp port 1723 or ip proto 47`), a SPAN port not "
           "oversubscribed; check the drop counts the capture tool prints at the end.",
    .seeds = "",
    .wire = "a GRE acknowledgment (RFC 2637 4.4: the highest sequence number the receiver got) "
            "that names a sequence number of the peer's GRE the capture skipped: the receiver "
            "got the packet the capture does not hold; no loss or MTU finding rests on such gaps",
    .confidence = "confirmed (the receiver's own acknowledgment); said at the end of the capture",
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&lacks_gre, &truncated, &out_of_order, &one_direction,
                                      &gaps};

/* Per session. */
typedef struct {
    gboolean truncated_said;
    guint n_back;         /* frames stamped TIME_BACK_MIN_S or more behind the engine's clock */
    guint32 first_back;   /* the first of them */
    guint32 first_ahead;  /* the frame holding the latest time then */
    double first_step;    /* how far the first went back, seconds */
    double max_step;      /* the largest step back, seconds */
    guint32 last_counted; /* a frame makes several events: counted once */
} capture_state;

/* The session's frames stamped before a frame ahead of them: counted, said at the end. */
static void count_back(pd_engine *e, const pd_event *ev)
{
    if (!ev->s || !ev->o || e->time_back < TIME_BACK_MIN_S)
        return;
    capture_state *st = pd_session_slice(ev->s, &pd_family_capture);
    if (st->last_counted == ev->o->frame)
        return;
    st->last_counted = ev->o->frame;
    if (st->n_back++ == 0) {
        st->first_back = ev->o->frame;
        st->first_ahead = e->last_time_frame;
        st->first_step = e->time_back;
    }
    if (e->time_back > st->max_step)
        st->max_step = e->time_back;
}

/* The first cut frame of a session's control connection or GRE: said once. */
static void on_event(pd_engine *e, const pd_event *ev)
{
    count_back(e, ev);
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

/* A Set-Link-Info of the call carries what PPP negotiated over GRE (RFC 2637 2.15): the GRE
 * was there and the capture lost it, confirmed; else the capture point says it, likely. */
static pd_confidence lacks_conf(const pd_call *c)
{
    return c->sli_frame ? PD_CONF_CONFIRMED : PD_CONF_LIKELY;
}

static void on_call_end(pd_engine *e, pd_call *c, const pd_call_end_info *end, GPtrArray *cands)
{
    if (!pd_call_capture_lacks_gre(c, end->time))
        return;
    guint32 ev[3] = {c->reply_frame, c->sli_frame, end->frame};
    pd_propose(e, c, end->frame, cands, PD_RULE_CAPTURE_LACKS_GRE, PD_NO_VARIANT, lacks_conf(c),
               cause_of(c, end->time), ev, G_N_ELEMENTS(ev));
}

/* Frame times that went backwards in session @s, said on the first such frame. */
static void out_of_order_note(pd_engine *e, pd_session *s)
{
    const capture_state *st = pd_session_slice_if_any(s, &pd_family_capture);
    if (!st || !st->n_back)
        return;
    pd_finding *f = pd_finding_new(
        e, s, NULL, st->first_back, PD_RULE_CAPTURE_OUT_OF_ORDER, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf(
            "Frame times go backwards %u time%s in this session (first here, stamped %.3f s "
            "before frame %u ahead of it; at most %.3f s): the capture was merged from several "
            "interfaces or files without sorting, or its clock was stepped back. pptpdiag takes "
            "such a frame as happening when the latest frame before it did, so no timeout or "
            "silence counts time that went back; but a reply may be stored before its request, "
            "and conclusions drawn from timing or from the order of frames are weaker. This is "
            "the capture's limit, not the network's.",
            st->n_back, st->n_back == 1 ? "" : "s", st->first_step, st->first_ahead,
            st->max_step));
    pd_evidence(f, st->first_ahead);
}

/* A session of which the capture holds one direction only (pd_session_one_way), said on its
 * first frame. */
static void one_direction_note(pd_engine *e, pd_session *s)
{
    int seen = pd_session_one_way(s);
    if (seen < 0)
        return;
    char *srv = pd_addr_dup(&s->info.server), *cli = pd_addr_dup(&s->info.client);
    pd_finding *f = pd_finding_new(
        e, s, NULL, s->info.first_frame, PD_RULE_CAPTURE_ONE_DIRECTION, PD_NO_VARIANT,
        PD_CONF_CONFIRMED,
        g_strdup_printf(
            "The capture holds only the packets the %s (%s) sent in this session, none of the "
            "%s's (%s), though the %s's packets answer them: the capture sees one direction "
            "(asymmetric routing, or a port mirror of one direction). What the %s's packets "
            "prove the %s sent is counted; the %s's silence here is the capture's limit, not "
            "the network's, and decides nothing.",
            pd_side_name(seen), seen == PD_DIR_PNS ? cli : srv, pd_side_name(1 - seen),
            seen == PD_DIR_PNS ? srv : cli, pd_side_name(seen), pd_side_name(seen),
            pd_side_name(1 - seen), pd_side_name(1 - seen)));
    g_free(srv);
    g_free(cli);
    pd_evidence(f, s->info.last_frame);
    pd_supersede_one_way(s, s->info.last_frame); /* what the whole capture shows */
}

/* Calls whose GRE the capture lost though the receiver got it (pd_call.capture_lost). */
static void gaps_note(pd_engine *e, pd_session *s)
{
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        if (!c->capture_lost)
            continue;
        int sender = c->capture_lost_dir;
        pd_finding_new(
            e, s, c, c->capture_lost, PD_RULE_CAPTURE_GAPS, PD_NO_VARIANT,
            PD_CONF_CONFIRMED,
            g_strdup_printf(
                "The %s's acknowledgment here names GRE sequence number %u of the %s, a packet "
                "this capture does not hold: the %s received it, so the capture lost it (drops "
                "in the capturing host's buffers, a port mirror that cannot keep up, a missing "
                "ring-buffer file). Gaps in this call's GRE are the capture's, not the network's: "
                "no loss or MTU conclusion is drawn from them.",
                pd_side_name(1 - sender), c->capture_lost_seq, pd_side_name(sender),
                pd_side_name(1 - sender)));
    }
}

/* Calls still up when the capture ends; frame times that went backwards; one direction; GRE the
 * capture lost. */
static void on_finish(pd_engine *e, pd_session *s)
{
    out_of_order_note(e, s);
    one_direction_note(e, s);
    gaps_note(e, s);
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        if (c->end_frame || !pd_call_capture_lacks_gre(c, s->last_time))
            continue;
        pd_finding *f = pd_propose(e, c, c->reply_frame, NULL, PD_RULE_CAPTURE_LACKS_GRE,
                                   PD_NO_VARIANT, lacks_conf(c), cause_of(c, s->last_time), NULL, 0);
        pd_evidence(f, c->sli_frame);
    }
}

const pd_family pd_family_capture = {
    .name = "capture", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_event = on_event,
    .events = PD_EV_ALL,
    .on_call_end = on_call_end, .on_finish = on_finish, .session_slice = sizeof(capture_state),
};
