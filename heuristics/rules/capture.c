/* rules/capture.c: what the capture itself lacks, said as such and never blamed on the network:
 * GRE lost to a capture filter (the common `tcp port 1723` mistake), frames cut by the snapshot
 * length, frame times that go backwards (a capture merged without sorting), one direction only
 * (asymmetric routing, a port mirror of one side), packets the capture lost though their
 * receiver got them. The cut frames and the frame times are said of every carrier's sessions,
 * the rest of PPTP's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

#include <string.h>

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

/* What a cut took (pd_observation.lost): only what no conclusion rests on, or fields pptpdiag
 * reads (the variant indexes are pd_verdict.h's PD_TRUNCATED_*, which the verdict reads). */
static const pd_variant truncated_variants[] = {
    [PD_TRUNCATED_TAIL] = {
        .name = "tail-only", .ras = {0},
        .wire = "the cut took only bytes no conclusion rests on: the rest of a PPTP message past "
                "the fields pptpdiag reads (an SCCRQ's Host Name and Vendor String, an OCRQ's "
                "Phone Number and Subaddress), PPP data (MPPE), a CHAP Challenge or Response's "
                "value and name, TCP options, or the end of a message pptpdiag quotes as captured "
                "(an MS-CHAPv2 Failure's `E=` code counts only when whole): every conclusion "
                "stands"},
    [PD_TRUNCATED_FIELDS] = {
        .name = "fields-cut", .ras = {0},
        .wire = "the cut took fields pptpdiag reads: a PPTP Call ID, Result Code or whole control "
                "message, a GRE sequence or acknowledgment number, a PPP protocol, code or option, "
                "the TCP flags: in that session a symptom (a peer gave up without a reason on the "
                "wire) or an inference from absence does not decide the verdict; said on the first "
                "such frame (a tail-only note before it stays)"},
};

static const pd_rule truncated = {
    .id = PD_RULE_CAPTURE_TRUNCATED, .name = "capture-truncated", .key = "capture_truncated",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture cut the session's frames short (snapshot length)",
    .ras = {0},
    .fix = "Capture again with the whole frames: `tcpdump -s 0` (the default of recent tcpdump), "
           "or no 'Limit each packet' in Wireshark's capture options.",
    .seeds = "001_0504ecfb6838ebee.txt (packet captures for PPTP diagnostics)",
    .wire = "a frame of the session (TCP 1723, GRE, an ICMP error about them; a PPPoE packet, an "
            "L2TP message, a PPP frame captured on its own) captured shorter than "
            "it was on the wire, said on the first such frame; what the cut took decides the "
            "variant: only conclusions that rest on cut fields are not drawn. Also (fields-cut) "
            "GRE held apart from its call (GRE-only) between the hosts of a control connection "
            "whose PPTP fields were cut: the Call IDs that tie them may be what was cut",
    .confidence = "confirmed (the capture file says so)",
    .variants = truncated_variants, .n_variants = G_N_ELEMENTS(truncated_variants),
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
            "SYN/ACK; every server frame answers the client; L2TP: a LAC message with the LNS's "
            "Tunnel ID; IKE: an initiator message with the responder's SPI, or ESP): what the visible peer's packets "
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
    .summary = "The capture lost packets the network delivered: its gaps are the capture's, not the network's",
    .ras = {0},
    .fix = "Capture again with room to keep up: a larger buffer (`dumpcap -B 64` or `tcpdump -B "
           "65536`), writing to a fast disk, no display while capturing, a capture filter that "
           "keeps only TCP 1723 and GRE (`tcp port 1723 or ip proto 47`), a SPAN port not "
           "oversubscribed; check the drop counts the capture tool prints at the end.",
    .seeds = "",
    .wire = "a GRE acknowledgment (RFC 2637 4.4: the highest sequence number the receiver got) "
            "that names a sequence number of the peer's GRE the capture skipped (the receiver "
            "got the packet the capture does not hold), GRE sequence numbers skipped by the side "
            "the capture was taken on (its TTLs as sent: every packet it sends passes there), or "
            "a pcapng drop count (frame.drop_count) between a flow's packets either side of a "
            "skip, or drops the file's interface statistics record (pcapng ISB, which "
            "pptpdiag-check gives as the preference capture_drops); no loss or MTU finding rests "
            "on such gaps",
    .confidence = "confirmed (the receiver's own acknowledgment, the capturing host's own "
                  "packets, the capture file's drop count before the packet), likely (drops the "
                  "interface statistics count, not where); said at the end of the capture",
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&lacks_gre, &truncated, &out_of_order, &one_direction,
                                      &gaps};

/* Per session. */
typedef struct {
    gboolean tail_said;   /* capture-truncated said, tail-only: the cut took nothing read */
    gboolean fields_said; /* capture-truncated said, fields-cut: it took fields pptpdiag reads */
    guint32 pptp_lost;    /* the first frame whose cut took PPTP fields (PD_LOST_PPTP), or 0 */
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

/* What the cut of @o took that pptpdiag reads (o->lost, fields-cut), in words. */
static char *lost_text(const pd_observation *o)
{
    static const struct {
        guint bit;
        const char *what;
    } parts[] = {
        {PD_LOST_PPTP, "PPTP control messages or their Call IDs and Result Codes"},
        {PD_LOST_GRE, "the GRE header's sequence or acknowledgment number"},
        {PD_LOST_PPP, "the PPP protocol, code or options (LCP, authentication, CCP, IPCP)"},
        {PD_LOST_QUOTE, "the Call ID or ports of the packet the ICMP error quotes"},
        {PD_LOST_TCP, "the TCP flags"},
        {PD_LOST_TEXT, "the end of a PPP message pptpdiag quotes"},
        {PD_LOST_L2TP, "L2TP header fields or AVPs (Assigned Tunnel or Session ID, Result Code)"},
        {PD_LOST_PPPOE, "PPPoE Discovery tags (an error tag among them, perhaps)"},
    };
    GString *t = g_string_new("");
    guint n = 0;
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++)
        if (o->lost & parts[i].bit)
            n++;
    for (guint i = 0, k = 0; i < G_N_ELEMENTS(parts); i++) {
        if (!(o->lost & parts[i].bit))
            continue;
        k++;
        const char *what = parts[i].bit == PD_LOST_IKE && o->kind == PD_OBS_IKE
                               ? "IKE payloads in clear (proposals, notifies, vendor IDs, NAT "
                                 "detection)" /* PD_LOST_L2TP's bit */
                               : parts[i].what;
        g_string_append_printf(t, "%s%s", k == 1 ? "" : k == n ? " and " : ", ", what);
    }
    return g_string_free(t, FALSE);
}

/* What the cut of @o took when it took nothing a conclusion rests on (tail-only), in words. */
static const char *tail_text(const pd_observation *o)
{
    if (o->lost & PD_LOST_TEXT)
        return "the end of a PPP message, which pptpdiag quotes as far as it was captured";
    switch (o->kind) {
    case PD_OBS_TCP:
    case PD_OBS_PPTP:
        return o->tcp.payload_len
                   ? "the rest of a PPTP control message past the fields pptpdiag reads (such as "
                     "an SCCRQ's Host Name and Vendor String or an OCRQ's Phone Number)"
                   : "TCP options";
    case PD_OBS_GRE:
    case PD_OBS_PPPOE:
    case PD_OBS_L2TP:
    case PD_OBS_PPP:
        return "PPP data or the rest of a PPP packet past what pptpdiag reads (encrypted data, a "
               "CHAP Challenge or Response's value and name, an Echo's data)";
    case PD_OBS_IKE:
        return "the rest of an IKE message past what pptpdiag reads (nonces, key exchange data, "
               "certificates, encrypted payloads)";
    case PD_OBS_ESP:
        return "encrypted ESP data";
    default:
        return "the end of the packet the ICMP error quotes, past what pptpdiag reads";
    }
}

/* GRE held apart from its call (GRE-only session @s, at frame @o) between the hosts of a control
 * connection whose PPTP fields the capture cut: the Call IDs that tie GRE to its call (RFC 2637
 * 4.1) may be what was cut, so what @s seems to lack (its call's set-up, the other direction)
 * rests on cut bytes: a fields-cut note, once, though @o itself may be whole. */
static void unmatched_gre_note(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const capture_state *mine = pd_session_slice_if_any(s, &pd_family_capture);
    if (mine && mine->fields_said)
        return;
    pd_tcp_key hk;
    memset(&hk, 0, sizeof hk);
    hk.client = s->info.client;
    hk.server = s->info.server;
    pd_session *ctl = g_hash_table_lookup(e->pptp.by_hosts, &hk);
    const capture_state *cs = ctl ? pd_session_slice_if_any(ctl, &pd_family_capture) : NULL;
    if (!cs || !cs->pptp_lost)
        return;
    capture_state *st = pd_session_slice(s, &pd_family_capture);
    st->fields_said = TRUE;
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_CAPTURE_TRUNCATED, PD_TRUNCATED_FIELDS, PD_CONF_CONFIRMED,
        g_strdup_printf(
            "This GRE is held apart from its call, although the control connection between these "
            "hosts is in the capture: its snapshot length cut PPTP fields pptpdiag reads (frame "
            "%u), and the Call IDs that tie GRE to its call may be among them. What this GRE seems "
            "to lack (its call's set-up, the other direction) may be the cut's doing: a peer "
            "giving up without a reason on the wire, or what is inferred from packets missing, "
            "does not decide the verdict here. This is the capture's limit, not the network's.",
            cs->pptp_lost));
    pd_evidence(f, cs->pptp_lost);
}

/* A cut frame of a session: said on the first, as tail-only when the cut took nothing a
 * conclusion rests on (o->lost empty or only text); said again on the first whose cut took
 * fields pptpdiag reads (fields-cut, which the verdict reads: THE ORDER). Both stay: each is
 * true of its frame. On the frame's TICK: every observation of a session has one, and a TCP
 * 1723 segment cut before any PPTP header has no other. GRE-only sessions: unmatched_gre_note. */
static void truncated_note(pd_engine *e, const pd_event *ev)
{
    const pd_observation *o = ev->o;
    if (ev->kind != PD_EV_TICK || !o || !ev->s)
        return;
    if (ev->s->info.gre_only)
        unmatched_gre_note(e, ev->s, o);
    if (!o->cut_at)
        return;
    capture_state *st = pd_session_slice(ev->s, &pd_family_capture);
    if ((o->lost & PD_LOST_PPTP) && !st->pptp_lost)
        st->pptp_lost = o->frame;
    gboolean fields = (o->lost & ~(guint)PD_LOST_TEXT) != 0;
    if (st->fields_said || (!fields && st->tail_said))
        return;
    char *cause;
    if (fields) {
        char *what = lost_text(o);
        cause = g_strdup_printf(
            "The capture keeps only the first %u bytes of this frame (its snapshot length), which "
            "was longer on the wire, and the cut took fields pptpdiag reads: %s. What rests on "
            "them cannot be told in this session%s: a peer giving up without a reason on the "
            "wire, or what is inferred from packets missing, does not decide the verdict; what "
            "the captured bytes show still does. This is the capture's limit, not the network's.",
            o->cut_at, what,
            (o->lost & PD_LOST_PPTP) ? " (calls and their GRE may go unmatched)" : "");
        g_free(what);
    } else {
        cause = g_strdup_printf(
            "The capture keeps only the first %u bytes of this frame (its snapshot length), which "
            "was longer on the wire; the cut took only %s, and no conclusion rests on it. This is "
            "the capture's limit, not the network's.",
            o->cut_at, tail_text(o));
    }
    pd_finding_new(e, ev->s, NULL, o->frame, PD_RULE_CAPTURE_TRUNCATED,
                   fields ? PD_TRUNCATED_FIELDS : PD_TRUNCATED_TAIL, PD_CONF_CONFIRMED, cause);
    if (fields)
        st->fields_said = TRUE;
    else
        st->tail_said = TRUE;
}

/* Cut frames; frame times that went backwards. */
static void on_event(pd_engine *e, const pd_event *ev)
{
    count_back(e, ev);
    truncated_note(e, ev);
}

/* The finding's cause for call @c, up until @until (seconds). */
static char *cause_of(const pd_link *c, double until)
{
    pd_vantage v = pd_session_vantage(c->s);
    char *where =
        c->pptp.sli_frame
            ? g_strdup_printf("a Set-Link-Info (frame %u) carries the ACCMs PPP negotiated, so LCP "
                              "ran over GRE", c->pptp.sli_frame)
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
static pd_confidence lacks_conf(const pd_link *c)
{
    return c->pptp.sli_frame ? PD_CONF_CONFIRMED : PD_CONF_LIKELY;
}

static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    if (c->s->info.carrier != PD_CARRIER_PPTP || !pd_call_capture_lacks_gre(c, end->time))
        return;
    guint32 ev[3] = {c->reply_frame, c->pptp.sli_frame, end->frame};
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
    pd_supersede_one_way(s, f->frame); /* the note pre-empts them */
}

/* Calls whose GRE the capture lost, not the network (pd_link.capture_lost). */
static void gaps_note(pd_engine *e, pd_session *s)
{
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        const pd_capture_lost *lost = c->capture_lost;
        if (!lost)
            continue;
        int sender = lost->dir;
        const char *how = ""; /* the evidence, then what follows from it */
        pd_confidence conf = PD_CONF_CONFIRMED;
        char *evidence = NULL;
        switch ((pd_capture_loss)lost->why) {
        case PD_CAPTURE_LOSS_ACKED:
            evidence = g_strdup_printf(
                "The %s's acknowledgment here names GRE sequence number %u of the %s, a packet "
                "this capture does not hold: the %s received it, so the capture lost it",
                pd_side_name(1 - sender), lost->seq, pd_side_name(sender),
                pd_side_name(1 - sender));
            how = " (drops in the capturing host's buffers, a port mirror that cannot keep up, a "
                  "missing ring-buffer file)";
            break;
        case PD_CAPTURE_LOSS_OWN:
            evidence = g_strdup_printf(
                "The %s's GRE skips sequence numbers here (from %u): this capture was taken on "
                "the %s or its own link (its packets have the TTL they were sent with), where "
                "every packet it sends passes, so the capture lost them, and most likely the "
                "%s's packets missing from the same stretch too",
                pd_side_name(sender), lost->seq, pd_side_name(sender),
                pd_side_name(1 - sender));
            how = " (drops in the capturing host's buffers, a missing ring-buffer file)";
            break;
        case PD_CAPTURE_LOSS_DROPS:
        default:
            if (!lost->drops_frame) {
                conf = PD_CONF_LIKELY;
                evidence = g_strdup_printf(
                    "The %s's GRE skips sequence numbers here (from %u), and the capture file's "
                    "interface statistics (pcapng Interface Statistics Blocks) record "
                    "%" G_GUINT64_FORMAT " packets the capture dropped, though not where: most "
                    "likely the capture lost these",
                    pd_side_name(sender), lost->seq, e->drops_anywhere);
                break;
            }
            evidence = g_strdup_printf(
                "The capture file records packets the capture dropped (pcapng drop counts, "
                "frame.drop_count: %" G_GUINT64_FORMAT " in all, some just before frame %u) "
                "where the %s's GRE skips sequence numbers (from %u): the capture lost them",
                e->drops_total, lost->drops_frame, pd_side_name(sender), lost->seq);
            break;
        }
        pd_finding_new(e, s, c, lost->frame, PD_RULE_CAPTURE_GAPS, PD_NO_VARIANT, conf,
                       g_strdup_printf("%s%s. Gaps in this call's GRE are the capture's, not the "
                                       "network's: no loss or MTU conclusion is drawn from them.",
                                       evidence, how));
        g_free(evidence);
    }
}

/* Calls still up when the capture ends; frame times that went backwards; one direction; GRE the
 * capture lost. */
static void on_finish(pd_engine *e, pd_session *s)
{
    out_of_order_note(e, s);
    guint8 carrier = s->info.carrier;
    if (carrier == PD_CARRIER_PPTP || carrier == PD_CARRIER_L2TP || carrier == PD_CARRIER_IKE)
        one_direction_note(e, s); /* sessions of addresses and an answer that shows the other */
    if (carrier != PD_CARRIER_PPTP)
        return; /* GRE gaps and GRE left out: PPTP's */
    gaps_note(e, s);
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->end_frame || !pd_call_capture_lacks_gre(c, s->last_time))
            continue;
        pd_finding *f = pd_propose(e, c, c->reply_frame, NULL, PD_RULE_CAPTURE_LACKS_GRE,
                                   PD_NO_VARIANT, lacks_conf(c), cause_of(c, s->last_time), NULL, 0);
        pd_evidence(f, c->pptp.sli_frame);
    }
}

/* Every carrier's sessions: frames cut by the snapshot length and frame times that went backwards
 * are said of any session; one direction of PPTP's, L2TP's and IKE's (PPPoE's Discovery is
 * broadcast on one segment, PPP on its own has no addresses); GRE gaps and GRE left out of
 * PPTP's only. */
const pd_family pd_family_capture = {
    .name = "capture", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .on_event = on_event,
    .events = PD_EV_ALL,
    .on_call_end = on_call_end, .on_finish = on_finish, .session_slice = sizeof(capture_state),
};
