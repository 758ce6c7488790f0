/* rules/mtu.c: the path MTU (RFC 1191, RFC 4443): an ICMP fragmentation-needed / Packet Too Big
 * quoting the call's GRE, or large packets with DF set silently lost (a black hole).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_names.h"
#include "rules.h"

/* A black hole: BH_MIN_LOST or more data packets of BH_MIN_BYTES bytes or more, with DF, not
 * acknowledged BH_WAIT_S seconds after they were sent, while smaller ones before were. */
#define BH_MIN_LOST 3
#define BH_MIN_BYTES 1000
#define BH_WAIT_S 0.5
/* Data packets remembered per sender. */
#define SENT 8
/* A silent black hole seen from the sender's side: BH_MIN_LOST or more large DF packets whose
 * sequence numbers the peer's acknowledgments jump over (RFC 2637 4.4: the acknowledgment is the
 * highest sequence number received), none acknowledged as such, while BH_MIN_LOST or more smaller
 * ones were, and more often than jumped over. From the receiver's side: BH_MIN_LOST or more of
 * the peer's sequence numbers never arrive, GAP_MIN_PERCENT % or more of them, unless the
 * capture lost them, not the path (pd_link.capture_lost: the receiver acknowledges one of them,
 * the capturing host's own packets skip too, or the file records the capture's drops). */
#define GAP_MIN_PERCENT 5
/* IPv4 tunnel overhead, bytes: outer IP 20, GRE with sequence and acknowledgment numbers 16 (RFC
 * 2637 4.1), PPP address, control and protocol 4 (RFC 1662), MPPE header 2 and the inner
 * protocol 2 (RFC 3078 3); and the TCP/IP headers inside, for the MSS. */
#define TUNNEL_OVERHEAD 44
#define INNER_TCPIP 40

static const pd_rule mtu_too_small = {
    .id = PD_RULE_MTU_TOO_SMALL, .name = "mtu-too-small", .key = "mtu_too_small",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "Path MTU too small for the tunnel: large GRE packets with DF set are rejected",
    .ras = {0},
    .fix = "Lower the VPN interface MTU (1400, or 1300 behind PPPoE/extra encapsulation) and clamp TCP "
           "MSS on the tunnel; make sure ICMP fragmentation-needed reaches the sender.",
    .seeds = "001_0504ecfb6838ebee.txt (MTU/MRU and fragmentation issues)",
    .wire = "ICMP fragmentation needed (next-hop MTU) or Packet Too Big quoting the call's GRE, or " G_STRINGIFY(BH_MIN_LOST) " or more GRE packets of " G_STRINGIFY(BH_MIN_BYTES) " bytes or more with DF never acknowledged while smaller ones are, or jumped over by the peer's acknowledgments while smaller ones are acknowledged (black hole, sender's side), or " G_STRINGIFY(BH_MIN_LOST) " or more (and " G_STRINGIFY(GAP_MIN_PERCENT) "% or more) of the peer's GRE sequence numbers missing (receiver's side: a black hole or a lossy path)",
    .confidence = "confirmed (ICMP), likely (acknowledgments stop), possible (acknowledgments jump over the large packets; sequence gaps)",
    .observation = TRUE,
    .icmp_reports_mtu = TRUE,
};

static const pd_rule *const rows[] = {&mtu_too_small};

/* A GRE data packet a side sent: its sequence number, size (IP total length) and DF bit, and
 * whether the peer acknowledged it as such (ACKED) or jumped over it (SKIPPED). */
typedef struct {
    guint32 seq, frame;
    guint16 len;
    gboolean df;
    double time;
    enum { PENDING, ACKED, SKIPPED } fate;
} sent_rec;

/* Per sender: acknowledgments of its large (DF, BH_MIN_BYTES or more) and small packets, and its
 * sequence numbers as they arrive (to count the missing ones). */
typedef struct {
    guint big_skipped, big_acked, small_acked, small_skipped;
    guint32 first_skipped, last_skipped;
    guint16 min_skipped, max_acked;
    gboolean has_seq;
    guint32 first_seq, max_seq;
    guint n_seq;
    guint32 first_seq_frame, first_gap_frame; /* the first packet, the first after a gap */
} dir_state;

typedef struct {
    gboolean reported;
    pd_finding *gaps;   /* the receiver's-side finding, superseded if the capture lost them */
    sent_rec sent[2][SENT];
    guint sent_pos[2];
    dir_state d[2];
} mtu_state;

/* ICMP fragmentation needed (RFC 1191) or Packet Too Big (RFC 4443) quoting the call's GRE. */
static void too_big(pd_engine *e, pd_session *s, pd_flow *fl, const pd_observation *o)
{
    pd_link *c = fl->call;
    mtu_state *st = c ? pd_call_slice(c, &pd_family_mtu) : NULL;
    guint32 quoted = pd_flow_quoted(fl, &o->icmp);
    if (st && st->reported)
        return;
    if (st)
        st->reported = TRUE;
    char *icmp_src = pd_addr_dup(&o->src);
    char mtu[48] = "";
    if (o->icmp.mtu)
        g_snprintf(mtu, sizeof mtu, " (%s MTU %u bytes)", o->src.family == 6 ? "its" : "next-hop",
                   o->icmp.mtu);
    char quoted_txt[48];
    if (quoted)
        g_snprintf(quoted_txt, sizeof quoted_txt, "the GRE packet in frame %u", quoted);
    else
        g_strlcpy(quoted_txt, "a GRE packet of this call", sizeof quoted_txt);
    pd_finding *f = pd_finding_new(
        e, s, c, o->frame, PD_RULE_MTU_TOO_SMALL, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        o->src.family == 6
            ? g_strdup_printf("%s cannot forward %s, which is larger than its link MTU (IPv6 "
                              "routers never fragment): it answered with ICMPv6 Packet Too "
                              "Big%s. Tunnel packets this large are lost on this path; the tunnel "
                              "MTU must be lowered.",
                              icmp_src, quoted_txt, mtu)
            : g_strdup_printf("%s cannot forward %s without fragmenting it and DF is set: it "
                              "answered with ICMP fragmentation needed%s. Tunnel packets this "
                              "large are lost on this path; the tunnel MTU must be lowered.",
                              icmp_src, quoted_txt, mtu));
    guint overhead = TUNNEL_OVERHEAD + (o->src.family == 6 ? 20 : 0); /* IPv6 header: 40 */
    if (o->icmp.mtu >= 2 * (overhead + INNER_TCPIP))
        pd_finding_set_fix(
            f, g_strdup_printf(
                   "%s reported a next-hop MTU of %u bytes: set the VPN interface MTU to at most %u "
                   "(%u less %u bytes of IP, GRE, PPP and MPPE headers) and clamp TCP MSS on the "
                   "tunnel to %u; and let ICMP fragmentation-needed reach the sender, so that Path "
                   "MTU Discovery works.",
                   icmp_src, o->icmp.mtu, o->icmp.mtu - overhead, o->icmp.mtu, overhead,
                   o->icmp.mtu - overhead - INNER_TCPIP));
    g_free(icmp_src);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    pd_evidence(f, quoted);
}

/* The fix when no ICMP gives the path MTU: it lies between the largest packet that passed and
 * the smallest that was lost (bytes, outer IP). */
static char *black_hole_fix(guint16 max_passed, guint16 min_lost)
{
    return g_strdup_printf(
        "The path MTU lies between %u bytes (the largest GRE packet that passed) and %u (the "
        "smallest lost): find it with `ping -M do -s SIZE` (Windows: `ping -f -l SIZE`) to the "
        "server, then set the VPN interface MTU to it less %u bytes of IP, GRE, PPP and MPPE "
        "headers (1400 is the usual value) and clamp TCP MSS on the tunnel 40 bytes lower; and "
        "find the device that drops large packets without sending ICMP fragmentation-needed (a "
        "firewall dropping ICMP) and let that ICMP through.",
        max_passed, min_lost, TUNNEL_OVERHEAD);
}

/* Large packets with DF set that the peer never acknowledged, while the smaller ones before
 * were: a path MTU black hole (no ICMP came back). @ack is the peer's latest acknowledgment. */
static void black_hole(pd_engine *e, pd_link *c, mtu_state *st, int sender, guint32 ack,
                       const pd_observation *o)
{
    guint n_lost = 0, min_lost = G_MAXUINT16, max_acked = 0;
    guint32 first = 0, last = 0;
    for (guint i = 0; i < SENT; i++) {
        const sent_rec *p = &st->sent[sender][i];
        if (!p->frame)
            continue;
        if ((gint32)(p->seq - ack) <= 0) {
            max_acked = MAX(max_acked, p->len);
        } else if (o->time - p->time >= BH_WAIT_S) {
            if (!p->df)
                return;
            n_lost++;
            min_lost = MIN(min_lost, p->len);
            first = first && first < p->frame ? first : p->frame;
            last = MAX(last, p->frame);
        }
    }
    if (n_lost < BH_MIN_LOST || max_acked == 0 || min_lost <= max_acked || min_lost < BH_MIN_BYTES)
        return;
    st->reported = TRUE;
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_MTU_TOO_SMALL, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("The %s's GRE packets of %u bytes and more with DF set (%u of them, frames "
                        "%u to %u) were never acknowledged by the %s (its acknowledgment stays at "
                        "%u), while its smaller packets (up to %u bytes) were: large packets are "
                        "lost on the path and no ICMP fragmentation-needed comes back (an MTU "
                        "black hole).",
                        pd_side_name(sender), min_lost, n_lost, first, last,
                        pd_side_name(1 - sender), ack, max_acked));
    pd_evidence(f, first);
    pd_evidence(f, last);
    pd_finding_set_fix(f, black_hole_fix(max_acked, min_lost));
}

/* The peer's acknowledgment @ack of @sender's packets: which of them it names exactly and which
 * it jumps over; a black hole when the large ones are all jumped over and the small ones not. */
static void ack_fates(pd_engine *e, pd_link *c, mtu_state *st, int sender, guint32 ack,
                      const pd_observation *o)
{
    dir_state *d = &st->d[sender];
    for (guint i = 0; i < SENT; i++) {
        sent_rec *p = &st->sent[sender][i];
        if (!p->frame || p->fate != PENDING || (gint32)(ack - p->seq) < 0)
            continue;
        gboolean big = p->df && p->len >= BH_MIN_BYTES;
        p->fate = ack == p->seq ? ACKED : SKIPPED;
        if (p->fate == ACKED && big) {
            d->big_acked++;
        } else if (p->fate == ACKED) {
            d->small_acked++;
            d->max_acked = MAX(d->max_acked, p->len);
        } else if (big) {
            d->big_skipped++;
            d->min_skipped = d->big_skipped == 1 ? p->len : MIN(d->min_skipped, p->len);
            d->first_skipped = d->first_skipped ? d->first_skipped : p->frame;
            d->last_skipped = MAX(d->last_skipped, p->frame);
        } else {
            d->small_skipped++;
        }
    }
    if (st->reported || d->big_skipped < BH_MIN_LOST || d->big_acked ||
        d->small_acked < BH_MIN_LOST || d->small_acked <= d->small_skipped || !d->max_acked)
        return;
    st->reported = TRUE;
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_MTU_TOO_SMALL, PD_NO_VARIANT, PD_CONF_POSSIBLE,
        g_strdup_printf(
            "The %s sent %u GRE packets of %u bytes and more with DF set (frames %u to %u) that the "
            "%s's acknowledgments jumped over, never naming one of them, while they named %u of its "
            "smaller packets (up to %u bytes): the large packets most likely never arrived, and no "
            "ICMP fragmentation-needed came back (an MTU black hole). Their contents are encrypted: "
            "a capture on the %s side would show them missing.",
            pd_side_name(sender), d->big_skipped, d->min_skipped, d->first_skipped,
            d->last_skipped, pd_side_name(1 - sender), d->small_acked, d->max_acked,
            pd_side_name(1 - sender)));
    pd_evidence(f, d->first_skipped);
    pd_evidence(f, d->last_skipped);
    pd_finding_set_fix(f, black_hole_fix(d->max_acked, d->min_skipped));
}

/* @sender's sequence numbers as they arrive at a capture point on the receiver's side: enough of
 * them missing is GRE lost on the way (large packets in a black hole, or a lossy path). */
static void seq_gaps(pd_engine *e, pd_link *c, mtu_state *st, int sender, const pd_observation *o)
{
    dir_state *d = &st->d[sender];
    guint32 seq = o->gre.seq;
    if (!d->has_seq) {
        d->has_seq = TRUE;
        d->first_seq = d->max_seq = seq;
        d->first_seq_frame = o->frame;
    } else if ((gint32)(seq - d->max_seq) > 0) {
        if (seq - d->max_seq > 1 && !d->first_gap_frame)
            d->first_gap_frame = o->frame;
        d->max_seq = seq;
    }
    d->n_seq++;
    pd_vantage v = pd_session_vantage(c->s);
    if (st->reported || v != (sender == PD_DIR_PNS ? PD_VANTAGE_SERVER : PD_VANTAGE_CLIENT))
        return;
    if (c->capture_lost &&
        (c->capture_lost->dir == sender || c->capture_lost->why != PD_CAPTURE_LOSS_ACKED))
        return; /* the capture lost them: the receiver acknowledged a missing one, or the capture
                   also lost its own side's packets, or the file records its drops */
    guint span = d->max_seq - d->first_seq + 1;
    guint missing = span > d->n_seq ? span - d->n_seq : 0;
    if (missing < BH_MIN_LOST || missing * 100 < span * GAP_MIN_PERCENT)
        return;
    st->reported = TRUE;
    pd_finding *f = pd_finding_new(
        e, c->s, c, o->frame, PD_RULE_MTU_TOO_SMALL, PD_NO_VARIANT, PD_CONF_POSSIBLE,
        g_strdup_printf(
            "%u of the %s's %u GRE packets (sequence numbers %u to %u) never arrived at the %s, "
            "while its other packets, LCP echoes among them, did: GRE from the %s is lost on the "
            "way. Either large packets with DF set are dropped without ICMP fragmentation-needed "
            "(an MTU black hole) or the path loses packets; this capture cannot show their sizes, "
            "a capture on the %s side can. Unless the capture itself dropped them: if the "
            "capture tool counted drops (Wireshark's status bar, Dropped), set the preference "
            "pptpdiag.capture_drops (pptpdiag-check does).",
            missing, pd_side_name(sender), span, d->first_seq, d->max_seq,
            pd_side_name(1 - sender), pd_side_name(sender), pd_side_name(sender)));
    pd_evidence(f, d->first_seq_frame);  /* where the count starts */
    pd_evidence(f, d->first_gap_frame);  /* the first packet after missing ones */
    st->gaps = f;
}

static void on_gre(pd_engine *e, pd_link *c, int dir, const pd_observation *o)
{
    mtu_state *st = pd_call_slice(c, &pd_family_mtu);
    const pd_obs_gre *g = &o->gre;
    /* Only data of the network phase counts: what a side sent before it (LCP, authentication,
     * CCP, IPCP) is acknowledged in bulk by the peer's first packets, which would read as
     * small packets jumped over and outweigh a black hole's evidence. */
    if (g->has_seq && g->ppp.protocol && o->ip_len && c->net_frame) {
        sent_rec *r = &st->sent[dir][st->sent_pos[dir]++ % SENT];
        *r = (sent_rec){.seq = g->seq, .frame = o->frame, .len = o->ip_len, .df = o->df,
                        .time = o->time};
    }
    if (g->has_seq && c->net_frame)
        seq_gaps(e, c, st, dir, o);
    if (st->gaps && c->capture_lost) /* an acknowledgment came for one of the missing packets */
        pd_supersede(c->s, g_steal_pointer(&st->gaps), c->capture_lost->frame);
    if (g->has_ack && !st->reported && c->net_frame)
        black_hole(e, c, st, 1 - dir, g->ack, o);
    if (g->has_ack && c->net_frame)
        ack_fates(e, c, st, 1 - dir, g->ack, o);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind == PD_EV_GRE) {
        on_gre(e, ev->c, ev->dir, ev->o);
    } else if (ev->kind == PD_EV_ICMP_GRE) {
        const pd_obs_icmp *ic = &ev->o->icmp;
        if (pd_icmp_too_big(ev->o->src.family, ic->type, ic->code))
            too_big(e, ev->s, ev->flow, ev->o);
    }
}

const pd_family pd_family_mtu = {
    .name = "mtu", .carrier = PD_CARRIER_PPTP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .call_slice = sizeof(mtu_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_GRE) | PD_EV_BIT(PD_EV_ICMP_GRE),
};
