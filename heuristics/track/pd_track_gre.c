/* pd_track_gre.c: the tracker's GRE (see pd_track_gre.h): the enhanced GRE of PPTP calls (RFC
 * 2637 section 4, keyed by the receiver's Call ID), flows bound to their calls, GRE seen without
 * its control connection (GRE-only sessions, calls set up before the capture) and taken over
 * when the control connection shows, sequence gaps the capture lost, and each call's PPP frames
 * fed to its PPP link (pd_ppp.h). It records; the rule families judge (pd_events.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_track_gre.h"
#include "pd_track_ppp.h"
#include "pd_events.h"
#include "pd_retention.h"

#include <string.h>

/* Flow @f no longer belongs to its GRE-only (or mismatch) holder: a call of session @to took it.
 * A GRE-only holder left with no GRE and no finding is absorbed into @to. */
static void flow_unlink_orphan(pd_engine *e, pd_flow *f, pd_session *to)
{
    pd_session *o = f->orphan;
    if (!o)
        return;
    g_ptr_array_remove(o->ctl.flows, f);
    f->orphan = NULL;
    if (o->ctl.flows->len == 0 && o->n_findings == 0) {
        o->info.absorbed = TRUE;
        o->merged_into = to;
        to->entangled = TRUE;
        pd_pair_key pk;
        pd_pair_of(&f->key.src, &f->key.dst, &pk);
        if (g_hash_table_lookup(e->pptp.by_pair, &pk) == o)
            g_hash_table_remove(e->pptp.by_pair, &pk);
    }
}

static void call_swap(pd_link *c);

/* GRE of call @c in direction @dir, flow @f, came before the reply that set the call up (a
 * capture merged without sorting: derived/tapmerge2-healthy_long-client.pcap) and was held by a
 * GRE-only call: while @c's PPP has seen nothing, what that call's PPP saw (and the rule
 * families' state of it) becomes @c's, its directions turned to @dir. */
static void take_early_ppp(pd_link *c, pd_flow *f, int dir)
{
    pd_link *g = f->call;
    if (!g->ppp || !c->ppp || c->ppp->last_rx[0] || c->ppp->last_rx[1])
        return;
    if (f->dir != dir)
        call_swap(g);
    pd_ppp_link *l = c->ppp;
    c->ppp = g->ppp;
    g->ppp = l;
    void **t = c->slice;
    c->slice = g->slice;
    g->slice = t;
}

/* Whether call @c's evidence of GRE the capture lost is only the file's drops without a place
 * (likely): any other evidence (confirmed) takes over from it. */
static gboolean capture_lost_weak(const pd_link *c)
{
    return c->capture_lost->why == PD_CAPTURE_LOSS_DROPS && !c->capture_lost->drops_frame;
}

/* Call @c's GRE of direction @dir is missing from the capture, not lost on the way: the first
 * evidence (frame @frame, Sequence Number @seq, how: pd_capture_loss) is kept, unless it is
 * weak (capture_lost_weak). */
static void capture_lost(pd_link *c, guint32 frame, guint32 seq, int dir, pd_capture_loss why,
                         guint32 drops_frame)
{
    if (!c->capture_lost)
        c->capture_lost = g_new(pd_capture_lost, 1);
    else if (!capture_lost_weak(c))
        return;
    *c->capture_lost = (pd_capture_lost){.frame = frame, .seq = seq, .drops_frame = drops_frame,
                                         .dir = (guint8)dir, .why = (guint8)why};
}

/* Flow @f of call @c (NULL: none) has just skipped Sequence Numbers (its live gap_lo..gap_hi) at
 * @o, its packet before being frame @prev: the capture lost them when the capture file records
 * drops in between (e->drops_frame), or when the capture is taken where @f's side sends (its
 * TTLs as sent: every packet it sends passes there); most likely when the file records drops
 * without saying where (e->drops_anywhere). Only in the network phase of a call whose
 * GRE key no other live call shares: before it, a call set up again with the same Call IDs
 * (a retry) can still receive the earlier call's last packets, whose numbers skip. */
static void capture_skipped(pd_engine *e, pd_link *c, pd_flow *f, guint32 prev,
                            const pd_observation *o)
{
    if (!c || !c->net_frame || c->collides_with)
        return;
    pd_vantage own = f->dir == PD_DIR_PNS ? PD_VANTAGE_CLIENT : PD_VANTAGE_SERVER;
    guint32 lo = f->live->gap_lo;
    if (e->drops_frame > prev && e->drops_frame <= o->frame &&
        (!c->capture_lost || capture_lost_weak(c))) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_DROPS, e->drops_frame);
    } else if (pd_session_vantage(c->s) == own) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_OWN, 0);
    } else if (e->drops_anywhere && !c->capture_lost) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_DROPS, 0);
    }
}

/* The GRE direction (@src -> @dst, key @call_id) now belongs to @c as @dir: adopt any flow seen
 * before the control connection said so, or prepare an empty one. */
void pd_call_bind(pd_engine *e, pd_link *c, int dir, const pd_addr *src, const pd_addr *dst,
                  guint16 call_id)
{
    if (c->pptp.flow[dir])
        return;
    pd_gre_key k;
    memset(&k, 0, sizeof k);
    k.src = *src;
    k.dst = *dst;
    k.call_id = call_id;
    pd_flow *f = g_hash_table_lookup(e->pptp.by_gre, &k);
    if (f && f->call && f->call != c) {
        /* GRE seen before the control connection that sets it up (f->orphan: a GRE-only call
         * holds it) is adopted; else the Call ID is reused by a newer call: the older call's
         * flow ends here. If the older call is still up on another control connection, the two
         * calls share a GRE key. */
        gboolean adopt = f->orphan != NULL;
        if (adopt)
            take_early_ppp(c, f, dir);
        if (!adopt && f->call->established && !f->call->end_frame && f->call->s != c->s) {
            c->collides_with = f->call;
            f->call->s->entangled = TRUE;
        }
        if (!adopt) { /* the older call keeps it, to free it with its session */
            pd_session *old = f->call->s;
            if (!old->ctl.ended_flows)
                old->ctl.ended_flows = g_ptr_array_new();
            g_ptr_array_add(old->ctl.ended_flows, f);
        }
        f->call->pptp.flow[f->dir] = NULL;
        if (!adopt)
            f = NULL;
    }
    if (!f) {
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->index = e->all_flows->len;
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_replace(e->pptp.by_gre, &f->key, f);
    }
    flow_unlink_orphan(e, f, c->s);
    f->call = c;
    f->dir = dir;
    c->pptp.flow[dir] = f;
}

/* The Call IDs of call @c set up before the capture: the keys of its GRE (GRE to the server
 * carries the server's Call ID, GRE to the client the client's: RFC 2637 4.1). */
static void gre_only_ids(pd_link *c)
{
    c->pptp.has_pac_id = c->pptp.flow[PD_DIR_PNS] != NULL;
    c->pptp.pac_id = c->pptp.has_pac_id ? c->pptp.flow[PD_DIR_PNS]->key.call_id : 0;
    c->pptp.has_pns_id = c->pptp.flow[PD_DIR_PAC] != NULL;
    c->pptp.pns_id = c->pptp.has_pns_id ? c->pptp.flow[PD_DIR_PAC]->key.call_id : 0;
}

/* Call @c's roles were guessed the wrong way round: its directions swap (GRE flows, PPP facts,
 * Call IDs); the rule families' state of the call starts again (their findings stay). */
static void call_swap(pd_link *c)
{
    pd_flow *f = c->pptp.flow[0];
    c->pptp.flow[0] = c->pptp.flow[1];
    c->pptp.flow[1] = f;
    for (int d = 0; d < 2; d++)
        if (c->pptp.flow[d])
            c->pptp.flow[d]->dir = d;
    if (c->ppp)
        pd_ppp_link_swap(c->ppp);
    pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
    c->slice = NULL;
    gre_only_ids(c);
}

/* The call of GRE-only session @a that a new GRE direction, sent by @o's sender, joins: the
 * latest call with GRE only the other way, else a new call set up before the capture (NULL at
 * max_calls). Its direction goes to @dir. */
static pd_link *gre_only_call(pd_engine *e, pd_session *a, const pd_observation *o, int *dir)
{
    *dir = pd_addr_equal(&o->src, &a->info.client) ? PD_DIR_PNS : PD_DIR_PAC;
    for (guint i = a->n_links; i-- > 0;) {
        pd_link *c = a->links[i];
        if (!c->pptp.flow[*dir] && c->pptp.flow[1 - *dir])
            return c;
    }
    if (a->n_links >= e->cfg.max_calls)
        return NULL;
    pd_link *c = pd_link_new(a);
    c->before_capture = TRUE;
    return c;
}

/* A control connection @s seen mid-stream names, in a Set-Link-Info, Call-Clear-Request or
 * Call-Disconnect-Notify from @sender, the Call ID @id: the key of the GRE @sender sends
 * (@sent: Set-Link-Info's Peer Call ID, RFC 2637 2.15) or receives (a Call ID, its own: 2.11,
 * 2.13). If a GRE-only session between the same hosts holds that GRE, its call (flows, PPP,
 * findings) moves to @s, with the roles @s shows (who listens on TCP 1723); a GRE-only session
 * left without calls is absorbed into @s with its milestones. Returns the call, or NULL. */
pd_link *pd_take_gre_only_call(pd_engine *e, pd_session *s, const pd_addr *sender,
                               gboolean sent, guint16 id)
{
    pd_pair_key pk;
    pd_pair_of(&s->info.client, &s->info.server, &pk);
    pd_session *a = g_hash_table_lookup(e->pptp.by_pair, &pk);
    if (!a || !a->info.gre_only || s->n_links >= e->cfg.max_calls)
        return NULL;
    pd_link *g = NULL;
    for (guint i = 0; i < a->n_links && !g; i++) {
        pd_link *c = a->links[i];
        for (int d = 0; d < 2; d++) {
            const pd_flow *f = c->pptp.flow[d];
            if (f && f->key.call_id == id && pd_addr_equal(sent ? &f->key.src : &f->key.dst, sender))
                g = c;
        }
    }
    if (!g)
        return NULL;
    s->entangled = TRUE;
    if (!pd_addr_equal(&a->info.client, &s->info.client))
        call_swap(g);
    guint from = g->index;
    pd_vec_remove(a->links, &a->n_links, from, sizeof *a->links);
    for (guint i = from; i < a->n_links; i++)
        a->links[i]->index = i;
    g->s = s;
    g->index = s->n_links;
    PD_VEC_APPEND(s->links, s->n_links, g);
    /* Its findings (and, when nothing else is left, the session's own) go along. */
    pd_findings_move_call(a, from, s, g, a->n_links == 0);
    for (int d = 0; d < 2; d++)
        if (g->pptp.flow[d])
            flow_unlink_orphan(e, g->pptp.flow[d], s);
    if (a->info.absorbed) {
        for (guint i = 0; i < a->info.n_milestones; i++)
            pd_milestone_insert(s, a->info.milestones[i]);
        a->info.n_milestones = 0;
    }
    s->info.first_frame = MIN(s->info.first_frame, a->info.first_frame);
    s->info.last_frame = MAX(s->info.last_frame, a->info.last_frame);
    s->last_time = MAX(s->last_time, a->last_time);
    return g;
}

/* GRE-only session for an address pair (capture started mid-session, or GRE came before the
 * control connection that will claim it). */
static pd_session *orphan_session(pd_engine *e, const pd_observation *o)
{
    pd_pair_key pk;
    pd_pair_of(&o->src, &o->dst, &pk);
    pd_session *s = g_hash_table_lookup(e->pptp.by_pair, &pk);
    if (!s) {
        if (!pd_session_room(e, o))
            return NULL;
        s = pd_session_new(e, o->frame, o->time, PD_CARRIER_PPTP);
        s->info.gre_only = TRUE;
        s->info.roles_unsure = TRUE;
        /* Unknown roles until authentication names the server (gre_only_roles): the one peer
         * with a private address is called the client (a client behind NAT dialling a public
         * server, the common case), else the first sender of GRE. */
        gboolean swap = !pd_addr_private(&o->src) && pd_addr_private(&o->dst);
        s->info.client = swap ? o->dst : o->src;
        s->info.server = swap ? o->src : o->dst;
        g_hash_table_insert(e->pptp.by_pair, g_memdup2(&pk, sizeof pk), s);
        pd_milestone_add(e, s, o->frame, PD_MS_GRE_NO_CONTROL);
    }
    return s;
}

/* The control connection between @o's two hosts (either way round, any client port: the
 * engine's by_hosts), or NULL. */
static pd_session *hosts_session(pd_engine *e, const pd_observation *o)
{
    pd_tcp_key hk;
    memset(&hk, 0, sizeof hk);
    hk.client = o->src;
    hk.server = o->dst;
    return g_hash_table_lookup(e->pptp.by_hosts, &hk);
}

/* GRE between the hosts of a control connection with a live call, with a Call ID none of its
 * calls set up: the session that should own it, or NULL. */
static pd_session *mismatch_session(pd_engine *e, const pd_observation *o)
{
    pd_session *s = hosts_session(e, o);
    if (!s || s->ctl.midstream)
        return NULL;
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->established && !c->end_frame)
            return s;
    }
    return NULL;
}

/* GRE from the client to the server of a control connection whose capture holds the client's
 * direction only (pd_session_one_way): its key is the server's Call ID, from an
 * Outgoing-Call-Reply the capture lacks (RFC 2637 2.8, 4.1), so it belongs to the latest call
 * requested there, open, without a reply and without GRE from the client yet; or NULL. */
static pd_link *one_way_call(pd_engine *e, const pd_observation *o)
{
    pd_session *s = hosts_session(e, o);
    if (!s || !pd_addr_equal(&s->info.client, &o->src) ||
        pd_session_one_way(s) != PD_DIR_PNS)
        return NULL;
    for (guint i = s->n_links; i-- > 0;) {
        pd_link *c = s->links[i];
        if (c->request_frame && !c->reply_frame && !c->pptp.has_pac_id && !c->end_frame &&
            !c->pptp.flow[PD_DIR_PNS] && c->ppp)
            return c;
    }
    return NULL;
}

/* Who is who in GRE-only session @s (the capture started mid-session): the authenticator, which
 * sends the CHAP Challenge, Success and Failure and the PAP Ack and Nak, is the server
 * (pd_ppp_sender_role), not the first sender of GRE. Roles are swapped at most once, with the
 * directions of the session's calls. */
static void gre_only_roles(pd_session *s, const pd_observation *o)
{
    if (s->ppp_roles || pd_ppp_sender_role(&o->gre.ppp) != PD_DIR_PAC)
        return;
    s->ppp_roles = TRUE;
    s->info.roles_unsure = FALSE;
    if (!pd_addr_equal(&o->src, &s->info.client))
        return;
    pd_session_swap_ends(s);
    for (guint i = 0; i < s->n_links; i++)
        call_swap(s->links[i]);
}

void pd_track_gre(pd_engine *e, const pd_observation *o)
{
    pd_gre_key k;
    memset(&k, 0, sizeof k);
    k.src = o->src;
    k.dst = o->dst;
    k.call_id = o->gre.call_id;
    e->saw_pptp = TRUE;
    pd_flow *f = g_hash_table_lookup(e->pptp.by_gre, &k);
    pd_link *oc = f ? NULL : one_way_call(e, o);
    if (oc) {
        oc->pptp.has_pac_id = TRUE;
        oc->pptp.pac_id = o->gre.call_id;
        pd_call_bind(e, oc, PD_DIR_PNS, &o->src, &o->dst, oc->pptp.pac_id);
        f = oc->pptp.flow[PD_DIR_PNS];
    }
    if (!f) {
        pd_session *owner = mismatch_session(e, o);
        if (owner && owner->n_links_capped) {
            e->refused = TRUE; /* likely a call not tracked because of max_calls */
            return;            /* (state-cap-reached) */
        }
        pd_session *holder = owner ? owner : orphan_session(e, o);
        if (!holder || (holder->ctl.flows && holder->ctl.flows->len >= e->cfg.max_calls) ||
            e->all_flows->len >= 2 * (guint64)e->cfg.max_sessions) {
            e->refused = TRUE; /* capped: counted nowhere, diagnosed nowhere (state-cap-reached */
            return;            /* says so) */
        }
        int dir = 0;
        pd_link *gc = owner ? NULL : gre_only_call(e, holder, o, &dir);
        if (!owner && !gc)
            return;
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->orphan = holder;
        if (gc) { /* GRE-only: the call set up before the capture, whose PPP is analysed */
            f->call = gc;
            f->dir = dir;
            gc->pptp.flow[dir] = f;
            gre_only_ids(gc);
        }
        if (!holder->ctl.flows)
            holder->ctl.flows = g_ptr_array_new();
        g_ptr_array_add(holder->ctl.flows, f);
        f->index = e->all_flows->len;
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_insert(e->pptp.by_gre, &f->key, f);
        if (owner)
            pd_emit_kind(e, PD_EV_GRE_UNKNOWN, o, owner, NULL, f, -1);
    }
    guint32 prev_frame = f->n ? f->last_frame : 0; /* the flow's packet before this one */
    if (f->n++ == 0)
        f->first_frame = o->frame;
    f->last_frame = o->frame;
    pd_link *c = f->call;
    if (!f->live && (!c || c->ppp)) /* not once the call is settled */
        f->live = g_new0(pd_flow_live, 1);
    pd_flow_live *l = f->live;
    if (l) {
        pd_flow_packet *p = &l->recent[l->recent_pos];
        p->ip_id = o->ip_id;
        p->has_seq = o->gre.has_seq;
        p->seq = o->gre.seq;
        p->frame = o->frame;
        l->recent_pos = (l->recent_pos + 1) % PD_RECENT;
    }
    pd_session *s = c ? c->s : f->orphan;
    pd_touch(e, s, o, f);
    if (c && s->info.gre_only)
        gre_only_roles(s, o);
    if (c && !s->info.gre_only)
        pd_sent_by(s, f->dir, FALSE);
    if (!c || !c->ppp || !l)
        return; /* GRE of unknown Call ID, or a settled call: counted, no longer analysed */
    pd_ppp_activity(c->ppp, f->dir, o->frame, o->time, e->stamp);
    /* Sequence numbers this flow skipped (the latest run): packets the capture does not hold. */
    if (o->gre.has_seq) {
        gint32 ahead = l->has_seq_max ? (gint32)(o->gre.seq - l->seq_max) : 1;
        if (l->has_seq_max && ahead > 1) {
            l->gap_lo = l->seq_max + 1;
            l->gap_hi = o->gre.seq - 1;
            l->has_gap = TRUE;
            capture_skipped(e, c, f, prev_frame, o);
        } else if (l->has_gap && o->gre.seq - l->gap_lo <= l->gap_hi - l->gap_lo) {
            l->has_gap = FALSE; /* one of them came late (reordered): the run is not trusted */
        }
        if (ahead > 0) {
            l->seq_max = o->gre.seq;
            l->has_seq_max = TRUE;
        }
    }
    /* An acknowledgment naming a packet that its sender's flow skipped: the receiver got it
     * (RFC 2637 4.4), so the capture lost it; the acknowledgment may come before the packet
     * that shows the gap (the receiver's latest, acked) or after it. */
    const pd_flow_live *peer = c->pptp.flow[1 - f->dir] ? c->pptp.flow[1 - f->dir]->live : NULL;
    if (o->gre.has_ack && peer && peer->has_gap &&
        o->gre.ack - peer->gap_lo <= peer->gap_hi - peer->gap_lo) {
        capture_lost(c, o->frame, o->gre.ack, 1 - f->dir, PD_CAPTURE_LOSS_ACKED, 0);
    } else if (o->gre.has_seq && l->has_gap && l->gap_hi == o->gre.seq - 1 && peer &&
               peer->has_acked && peer->acked - l->gap_lo <= l->gap_hi - l->gap_lo) {
        capture_lost(c, peer->acked_frame, peer->acked, f->dir, PD_CAPTURE_LOSS_ACKED, 0);
    }
    /* One direction captured: an acknowledgment that moves on says the peer's GRE kept
     * arriving (RFC 2637 4.4), so the peer is alive though none of its frames is here. */
    if (o->gre.has_ack && (!l->has_acked || (gint32)(o->gre.ack - l->acked) > 0)) {
        if (l->has_acked && pd_session_one_way(s) == (int)f->dir)
            pd_ppp_activity(c->ppp, 1 - f->dir, o->frame, o->time, e->stamp);
        l->acked = o->gre.ack;
        l->acked_frame = o->frame;
        l->has_acked = TRUE;
    }
    pd_emit_kind(e, PD_EV_GRE, o, s, c, f, f->dir);
    if (o->gre.ppp.protocol)
        pd_track_ppp(e, c, f, f->dir, o, &o->gre.ppp);
}
