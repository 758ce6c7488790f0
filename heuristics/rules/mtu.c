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

static const pd_rule mtu_too_small = {
    .id = PD_RULE_MTU_TOO_SMALL, .name = "mtu-too-small", .key = "mtu_too_small",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "Path MTU too small for the tunnel: large GRE packets with DF set are rejected",
    .ras = {0},
    .fix = "Lower the VPN interface MTU (1400, or 1300 behind PPPoE/extra encapsulation) and clamp TCP "
           "MSS on the tunnel; make sure ICMP fragmentation-needed reaches the sender.",
    .seeds = "001_0504ecfb6838ebee.txt (MTU/MRU and fragmentation issues)",
    .wire = "ICMP fragmentation needed (next-hop MTU) or Packet Too Big quoting the call's GRE, or " G_STRINGIFY(BH_MIN_LOST) " or more GRE packets of " G_STRINGIFY(BH_MIN_BYTES) " bytes or more with DF never acknowledged while smaller ones are (black hole)",
    .confidence = "confirmed (ICMP), likely (acknowledgments)",
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&mtu_too_small};

/* A GRE data packet a side sent: its sequence number, size (IP total length) and DF bit. */
typedef struct {
    guint32 seq, frame;
    guint16 len;
    gboolean df;
    double time;
} sent_rec;

typedef struct {
    gboolean reported;
    sent_rec sent[2][SENT];
    guint sent_pos[2];
} mtu_state;

/* ICMP fragmentation needed (RFC 1191) or Packet Too Big (RFC 4443) quoting the call's GRE. */
static void too_big(pd_engine *e, pd_session *s, pd_flow *fl, const pd_observation *o)
{
    pd_call *c = fl->call;
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
    g_free(icmp_src);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    pd_evidence(f, quoted);
}

/* Large packets with DF set that the peer never acknowledged, while the smaller ones before
 * were: a path MTU black hole (no ICMP came back). @ack is the peer's latest acknowledgment. */
static void black_hole(pd_engine *e, pd_call *c, mtu_state *st, int sender, guint32 ack,
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
}

static void on_gre(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    mtu_state *st = pd_call_slice(c, &pd_family_mtu);
    const pd_obs_gre *g = &o->gre;
    if (g->has_seq && g->ppp_protocol && o->ip_len) {
        sent_rec *r = &st->sent[dir][st->sent_pos[dir]++ % SENT];
        r->seq = g->seq;
        r->frame = o->frame;
        r->len = o->ip_len;
        r->df = o->df;
        r->time = o->time;
    }
    if (g->has_ack && !st->reported && c->up_frame)
        black_hole(e, c, st, 1 - dir, g->ack, o);
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
    .name = "mtu", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .call_slice = sizeof(mtu_state), .on_event = on_event,
};
