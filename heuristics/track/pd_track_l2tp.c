/* pd_track_l2tp.c: the tracker of L2TP (RFC 2661 over UDP 1701; the transport pd_transport_l2tp,
 * pd_transport.h): a control connection attempt of a LAC to an LNS is a session (pd_l2tp.h),
 * each L2TP session it sets up (ICRQ/ICRP/ICCN, OCRQ/OCRP/OCCN) is a link, and the PPP inside
 * data messages goes to the PPP module like any link's (pd_track_ppp). ICMP errors quoting the
 * LAC's UDP 1701 datagrams are linked to the attempt. It records what the messages say and
 * decides nothing: after recording, it tells the rule families (PD_EV_L2TP, PD_EV_ICMP_L2TP,
 * PD_EV_PPP) and hands each link's end to the verdict module (pd_call_end).
 *
 * Messages are found by the header's Tunnel ID and Session ID, the receiver's (RFC 2661 3.1):
 * each side's, once known, is a key (receiver, sender, Tunnel ID, Session ID). A control
 * message no known tunnel receives (a StopCCN or CDN for nothing known) makes no session, but an
 * SCCRP (the capture began after the SCCRQ) and a message of the LAC carrying the LNS's Tunnel
 * ID whose SCCRP the capture lacks (one direction only). A data message no known L2TP session
 * receives is of a tunnel set up before the capture began (a capture that starts mid-tunnel:
 * tunnel_before_capture): a session is made from it, its roles a guess as for PPTP's GRE-only
 * sessions (roles_unsure: the one peer with a private address is the LAC, else the sender)
 * until a PPP frame of the authenticator (the LNS's side) or of the authenticatee names them
 * (swap_roles), and the other side's IDs are learnt from its first message. Retransmitted and duplicate control
 * messages (5.8) change nothing that is already recorded; Ns and Nr are not compared, so their
 * wrapping at 65536 does not matter.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"
#include "pd_names.h"
#include "pd_retention.h"
#include "pd_track_ppp.h"
#include "pd_transport.h"

#include <string.h>

/* The session whose side at @to receives messages from @from with Tunnel ID @tid, or NULL. */
static pd_session *tunnel_of(pd_engine *e, const pd_addr *to, const pd_addr *from, guint16 tid)
{
    if (!tid)
        return NULL;
    pd_l2tp_key k = pd_l2tp_key_of(to, from, tid, 0);
    return g_hash_table_lookup(e->l2tp.by_tunnel, &k);
}

/* The addresses of side @dir of @s and of its peer. */
static const pd_addr *side(const pd_session *s, int dir)
{
    return dir == PD_DIR_PNS ? &s->info.client : &s->info.server;
}

/* Side @dir of @s assigned Tunnel ID @tid (not 0): its messages are found by it. Once. */
static void tunnel_id(pd_engine *e, pd_session *s, int dir, guint16 tid)
{
    if (!tid || s->l2tp->tid[dir])
        return;
    s->l2tp->tid[dir] = tid;
    pd_l2tp_key *k = g_new(pd_l2tp_key, 1);
    *k = pd_l2tp_key_of(side(s, dir), side(s, 1 - dir), tid, 0);
    g_hash_table_replace(e->l2tp.by_tunnel, k, s);
}

/* Side @dir of link @c assigned Session ID @sid (not 0): data and call messages to it are found
 * by it. Once. */
static void session_id(pd_engine *e, pd_link *c, int dir, guint16 sid)
{
    pd_session *s = c->s;
    if (!sid || c->l2tp->sid[dir])
        return;
    c->l2tp->sid[dir] = sid;
    pd_l2tp_key *k = g_new(pd_l2tp_key, 1);
    *k = pd_l2tp_key_of(side(s, dir), side(s, 1 - dir), s->l2tp->tid[dir], sid);
    g_hash_table_replace(e->l2tp.by_call, k, c);
}

/* The link whose side at @to receives messages from @from with these IDs, or NULL. */
static pd_link *call_of(pd_engine *e, const pd_addr *to, const pd_addr *from, guint16 tid,
                        guint16 sid)
{
    if (!tid || !sid)
        return NULL;
    pd_l2tp_key k = pd_l2tp_key_of(to, from, tid, sid);
    return g_hash_table_lookup(e->l2tp.by_call, &k);
}

static pd_l2tp_udp_key udp_key(const pd_addr *lac, const pd_addr *lns, guint16 lac_port,
                               guint16 lns_port)
{
    pd_l2tp_udp_key u;
    memset(&u, 0, sizeof u);
    u.lac = *lac;
    u.lns = *lns;
    u.lac_port = lac_port;
    u.lns_port = lns_port;
    return u;
}

/* The attempt of @s is over at @o: it settles lcp_timeout seconds later (pd_evict_settled) and
 * then no longer counts against max_sessions; one that set nothing up and found nothing is a
 * light one (pd_retention_closed). Once. */
static void attempt_over(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_l2tp_tunnel *t = s->l2tp;
    pd_retention_attempt_over(e, s, &t->closed, o->time, t->n_sccrq > 0 || t->sccrp_frame);
}

/* A new attempt of the LAC at @lac to the LNS at @lns (ports @lac_port, @lns_port) at @o, the
 * LAC's Tunnel ID @tid; NULL when the cap refuses it (pd_session_room). The LAC's previous
 * attempt on the same addresses and ports, if the LNS never answered it, is over: the LAC gave
 * it up. */
static pd_session *new_session(pd_engine *e, const pd_observation *o, const pd_addr *lac,
                               const pd_addr *lns, guint16 lac_port, guint16 lns_port,
                               guint16 tid)
{
    pd_l2tp_udp_key u = udp_key(lac, lns, lac_port, lns_port);
    pd_session *old = g_hash_table_lookup(e->l2tp.by_udp, &u);
    if (old && !old->l2tp->answered)
        attempt_over(e, old, o);
    if (!pd_session_room(e, o))
        return NULL;
    pd_session *s = pd_session_new(e, o->frame, o->time, PD_CARRIER_L2TP);
    s->info.client = *lac;
    s->info.server = *lns;
    s->info.client_port = lac_port;
    s->info.server_port = lns_port;
    s->l2tp = g_new0(pd_l2tp_tunnel, 1);
    tunnel_id(e, s, PD_DIR_PNS, tid);
    g_hash_table_replace(e->l2tp.by_udp, g_memdup2(&u, sizeof u), s);
    return s;
}

/* The session of a message (not an SCCRQ) that no known tunnel receives: an SCCRP whose SCCRQ
 * is not in the capture (a session from there on, midstream), or a message of a LAC to its LNS
 * with the LNS's Tunnel ID while the LNS's SCCRP is not in the capture (it answered: the LAC
 * learnt that ID from it). NULL for anything else. */
static pd_session *session_without_key(pd_engine *e, const pd_observation *o)
{
    const pd_obs_l2tp *m = &o->l2tp;
    if (!m->zlb && m->type == PD_L2TP_SCCRP && m->tunnel_id && m->assigned_tunnel_id) {
        pd_session *s = new_session(e, o, &o->dst, &o->src, m->dport, m->sport, m->tunnel_id);
        if (s)
            s->l2tp->midstream = TRUE;
        return s;
    }
    pd_l2tp_udp_key u = udp_key(&o->src, &o->dst, m->sport, m->dport);
    pd_session *s = m->tunnel_id ? g_hash_table_lookup(e->l2tp.by_udp, &u) : NULL;
    if (!s || s->l2tp->tid[PD_DIR_PAC] || s->l2tp->closed)
        return NULL;
    tunnel_id(e, s, PD_DIR_PAC, m->tunnel_id);
    s->l2tp->answered = o->frame;
    return s;
}

/* The tunnel of @o, a message whose receiver's Tunnel ID no known tunnel has, when it was set up
 * before the capture began: one already made from a data message between these peers and ports
 * (either way round) that does not know the receiver's Tunnel ID yet learns it; else, for a
 * data message (@make: an L2TP session carries it, so the tunnel was up), a new one with the
 * roles guessed (see the top). NULL otherwise. */
static pd_session *tunnel_before_capture(pd_engine *e, const pd_observation *o, gboolean make)
{
    const pd_obs_l2tp *m = &o->l2tp;
    if (!m->tunnel_id)
        return NULL;
    for (int sender = PD_DIR_PNS; sender <= PD_DIR_PAC; sender++) {
        gboolean lac = sender == PD_DIR_PNS;
        pd_l2tp_udp_key u = lac ? udp_key(&o->src, &o->dst, m->sport, m->dport)
                                : udp_key(&o->dst, &o->src, m->dport, m->sport);
        pd_session *s = g_hash_table_lookup(e->l2tp.by_udp, &u);
        if (s && s->l2tp->before_capture && !s->l2tp->closed && !s->l2tp->tid[1 - sender]) {
            tunnel_id(e, s, 1 - sender, m->tunnel_id);
            return s;
        }
    }
    if (!make)
        return NULL;
    gboolean swap = !pd_addr_private(&o->src) && pd_addr_private(&o->dst); /* LAC behind NAT */
    pd_session *s = swap ? new_session(e, o, &o->dst, &o->src, m->dport, m->sport, 0)
                         : new_session(e, o, &o->src, &o->dst, m->sport, m->dport, 0);
    if (!s)
        return NULL;
    s->l2tp->before_capture = TRUE;
    s->l2tp->answered = o->frame;
    s->info.roles_unsure = TRUE;
    tunnel_id(e, s, swap ? PD_DIR_PNS : PD_DIR_PAC, m->tunnel_id);
    return s;
}

/* A request of side @by for an L2TP session with its Session ID @sid: a new link, or the one it
 * already made (a retransmission); NULL when max_calls refuses it or the ID is not known. */
static pd_link *call_requested(pd_engine *e, pd_session *s, const pd_observation *o, int by,
                               guint16 sid)
{
    if (!sid)
        return NULL;
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->l2tp && c->l2tp->sid[by] == sid && !c->end_frame)
            return c;
    }
    if (s->n_links >= e->cfg.max_calls) {
        e->n_calls_capped++;
        if (s->n_links_capped++ == 0)
            pd_emit_kind(e, PD_EV_CALL_CAPPED, o, s, NULL, NULL, -1);
        return NULL;
    }
    pd_link *c = pd_link_new(s);
    c->l2tp = g_new0(pd_l2tp_call, 1);
    c->l2tp->request_by = (guint8)by;
    session_id(e, c, by, sid);
    return c;
}

/* ICRQ or OCRQ from @dir (RFC 2661 6.6, 6.9): its link (call_requested). */
static pd_link *call_request(pd_engine *e, pd_session *s, const pd_observation *o, int dir)
{
    pd_link *c = call_requested(e, s, o, dir, o->l2tp.assigned_session_id);
    if (c && !c->request_frame)
        c->request_frame = o->frame;
    return c;
}

/* A message from @dir about an L2TP session, whose header carries the receiver's Session ID: its
 * link, or, when that ID is not known yet (the reply is not in the capture: one direction), the
 * open link requested by the receiver that waits for it, which learns it. */
static pd_link *call_to(pd_engine *e, pd_session *s, const pd_observation *o, int dir)
{
    const pd_obs_l2tp *m = &o->l2tp;
    pd_link *c = call_of(e, &o->dst, &o->src, m->tunnel_id, m->session_id);
    for (guint i = s->n_links; !c && m->session_id && i > 0; i--) {
        pd_link *l = s->links[i - 1];
        if (l->l2tp && !l->end_frame && !l->l2tp->sid[1 - dir] && l->l2tp->request_by == dir) {
            session_id(e, l, 1 - dir, m->session_id);
            return l;
        }
    }
    return c;
}

/* The tunnel ended at @o (a StopCCN from @by, RFC 2661 6.4): the families hear of it first,
 * then each open link ends (by the carrier: pd_call_end's -1), and the attempt is over. */
static void tunnel_stopped(pd_engine *e, pd_session *s, const pd_observation *o, int by)
{
    pd_l2tp_tunnel *t = s->l2tp;
    const pd_obs_l2tp *m = &o->l2tp;
    t->stop_frame = o->frame;
    t->stop_by = (guint8)by;
    t->stop_result = m->has_result ? m->result : 0;
    t->stop_has_error = m->has_result && m->has_error;
    t->stop_error = m->error;
    if (m->error_message[0])
        t->stop_message = g_strdup(m->error_message);
    pd_milestone_add(e, s, o->frame, PD_MS_L2TP_TUNNEL_CLOSED);
    pd_emit_kind(e, PD_EV_L2TP, o, s, NULL, NULL, by);
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->end_frame)
            continue;
        c->end_frame = o->frame;
        pd_call_end(e, c, -1, o->frame, o->time);
    }
    attempt_over(e, s, o);
}

/* A Call-Disconnect-Notify from @by ending link @c (RFC 2661 6.12): the families hear of it
 * first, then the link ends (by the carrier: pd_call_end's -1). */
static void call_disconnected(pd_engine *e, pd_link *c, const pd_observation *o, int by)
{
    pd_l2tp_call *l = c->l2tp;
    const pd_obs_l2tp *m = &o->l2tp;
    l->cdn_frame = o->frame;
    l->cdn_by = (guint8)by;
    l->cdn_result = m->has_result ? m->result : 0;
    l->cdn_has_error = m->has_result && m->has_error;
    l->cdn_error = m->error;
    if (m->error_message[0])
        l->cdn_message = g_strdup(m->error_message);
    c->end_frame = o->frame;
    pd_milestone_add(e, c->s, o->frame, PD_MS_L2TP_SESSION_CLEARED);
    pd_emit_kind(e, PD_EV_L2TP, o, c->s, c, NULL, by);
    pd_call_end(e, c, -1, o->frame, o->time);
}

/* A control message: its session (pd_l2tp.h), what it says, then PD_EV_L2TP. */
static void on_control(pd_engine *e, const pd_observation *o)
{
    const pd_obs_l2tp *m = &o->l2tp;
    guint16 type = m->zlb ? PD_L2TP_ZLB : m->type;
    pd_session *s;
    if (type == PD_L2TP_SCCRQ) {
        if (!m->assigned_tunnel_id)
            return; /* hidden or cut: nothing keys the attempt */
        s = tunnel_of(e, &o->src, &o->dst, m->assigned_tunnel_id);
        if (!s || s->l2tp->closed)
            s = new_session(e, o, &o->src, &o->dst, m->sport, m->dport, m->assigned_tunnel_id);
    } else {
        s = tunnel_of(e, &o->dst, &o->src, m->tunnel_id);
        if (!s && !m->tunnel_id) /* sent before the peer's Tunnel ID was known: by the sender's */
            s = tunnel_of(e, &o->src, &o->dst, m->assigned_tunnel_id);
        if (!s)
            s = session_without_key(e, o);
        if (!s)
            s = tunnel_before_capture(e, o, FALSE);
    }
    if (!s)
        return;
    pd_l2tp_tunnel *t = s->l2tp;
    int dir = pd_addr_equal(&o->src, &s->info.client) ? PD_DIR_PNS : PD_DIR_PAC;
    pd_touch(e, s, o, NULL);
    /* the LAC answers the LNS once its messages carry the LNS's Tunnel ID (learnt from the
     * SCCRP); before that (SCCRQs, a StopCCN giving up) it only asks */
    pd_sent_by(s, dir, !m->tunnel_id);
    pd_session_note_ttl(s, dir, o->ttl);
    if (dir == PD_DIR_PAC && !t->answered)
        t->answered = o->frame;
    pd_link *c = NULL;
    switch (type) {
    case PD_L2TP_SCCRQ:
        if (t->n_sccrq++ == 0) {
            t->first_sccrq = o->frame;
            t->first_sccrq_time = o->time;
        }
        t->last_sccrq = o->frame;
        break;
    case PD_L2TP_SCCRP:
        tunnel_id(e, s, dir, m->assigned_tunnel_id);
        if (!t->sccrp_frame) {
            t->sccrp_frame = o->frame;
            if (m->host_name[0])
                t->lns_name = g_strdup(m->host_name);
        }
        break;
    case PD_L2TP_SCCCN:
        if (!t->scccn_frame) {
            t->scccn_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_L2TP_TUNNEL_UP);
        }
        break;
    case PD_L2TP_StopCCN:
        tunnel_id(e, s, dir, m->assigned_tunnel_id);
        if (!t->stop_frame) {
            tunnel_stopped(e, s, o, dir);
            return;
        }
        break;
    case PD_L2TP_ICRQ:
    case PD_L2TP_OCRQ:
        c = call_request(e, s, o, dir);
        break;
    case PD_L2TP_ICRP:
    case PD_L2TP_OCRP:
        c = call_to(e, s, o, dir);
        if (!c) /* its request is not in the capture: the header names the requester's ID */
            c = call_requested(e, s, o, 1 - dir, m->session_id);
        if (c) {
            session_id(e, c, dir, m->assigned_session_id);
            if (!c->reply_frame)
                c->reply_frame = o->frame;
        }
        break;
    case PD_L2TP_ICCN:
    case PD_L2TP_OCCN:
        c = call_to(e, s, o, dir);
        if (c && !c->established) {
            c->established = TRUE;
            c->up_time = o->time;
            pd_milestone_add(e, s, o->frame, PD_MS_L2TP_SESSION_UP);
        }
        break;
    case PD_L2TP_CDN:
        c = call_to(e, s, o, dir);
        for (guint i = 0; !c && m->assigned_session_id && i < s->n_links; i++)
            if (s->links[i]->l2tp && s->links[i]->l2tp->sid[dir] == m->assigned_session_id)
                c = s->links[i]; /* the receiver's Session ID is not in the header (0) */
        if (c && !c->l2tp->cdn_frame) {
            call_disconnected(e, c, o, dir);
            return;
        }
        break;
    default:
        break;
    }
    pd_emit_kind(e, PD_EV_L2TP, o, s, c, NULL, dir);
}

/* The L2TP session of a data message @o of tunnel @s, set up before the capture began (the link
 * call_of did not find): the open link of the tunnel that does not know the receiver's Session ID
 * yet (its other direction was seen), else a new link, up since before the capture. NULL when
 * max_calls refuses it. With several L2TP sessions in such a tunnel (a LAC concentrating many
 * users; a VPN client has one), the two directions of each are paired by order only. */
static pd_link *call_before_capture(pd_engine *e, pd_session *s, const pd_observation *o, int dir)
{
    guint16 sid = o->l2tp.session_id;
    for (guint i = s->n_links; sid && i > 0; i--) {
        pd_link *l = s->links[i - 1];
        if (l->l2tp && l->before_capture && !l->end_frame && !l->l2tp->sid[1 - dir]) {
            session_id(e, l, 1 - dir, sid);
            return l;
        }
    }
    pd_link *c = call_requested(e, s, o, 1 - dir, sid);
    if (c && !c->established) {
        c->established = TRUE;
        c->before_capture = TRUE;
        c->up_time = o->time;
    }
    return c;
}

/* Tunnel @s, set up before the capture, had its roles guessed the wrong way round (a PPP frame
 * of the authenticator, the LNS's side, came from the side called the LAC): the ends, each
 * side's Tunnel and Session IDs, who sent the requests and notifications, and the links' PPP
 * swap; the rule families' state of the links starts again (their findings stay). The lookups
 * by Tunnel and Session ID name no role; the one by UDP ports is made again. */
static void swap_roles(pd_engine *e, pd_session *s)
{
    pd_l2tp_tunnel *t = s->l2tp;
    pd_l2tp_udp_key u = udp_key(&s->info.client, &s->info.server, s->info.client_port,
                                s->info.server_port);
    if (g_hash_table_lookup(e->l2tp.by_udp, &u) == s)
        g_hash_table_remove(e->l2tp.by_udp, &u);
    pd_session_swap_ends(s);
    guint16 tid = t->tid[0];
    t->tid[0] = t->tid[1];
    t->tid[1] = tid;
    t->stop_by = (guint8)(1 - t->stop_by);
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->l2tp) {
            guint16 sid = c->l2tp->sid[0];
            c->l2tp->sid[0] = c->l2tp->sid[1];
            c->l2tp->sid[1] = sid;
            c->l2tp->request_by = (guint8)(1 - c->l2tp->request_by);
            c->l2tp->cdn_by = (guint8)(1 - c->l2tp->cdn_by);
        }
        if (c->ppp)
            pd_ppp_link_swap(c->ppp);
        pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
        c->slice = NULL;
    }
    u = udp_key(&s->info.client, &s->info.server, s->info.client_port, s->info.server_port);
    g_hash_table_replace(e->l2tp.by_udp, g_memdup2(&u, sizeof u), s);
}

/* A data message: the PPP frame of the link its header's IDs name (RFC 2661 3.1); of a tunnel
 * and L2TP session whose set-up is not in the capture, the ones made for them
 * (tunnel_before_capture, call_before_capture). */
static void on_data(pd_engine *e, const pd_observation *o)
{
    const pd_obs_l2tp *m = &o->l2tp;
    pd_link *c = call_of(e, &o->dst, &o->src, m->tunnel_id, m->session_id);
    if (!c && m->session_id) {
        pd_session *t = tunnel_of(e, &o->dst, &o->src, m->tunnel_id);
        if (!t)
            t = tunnel_before_capture(e, o, TRUE);
        if (t && t->l2tp->before_capture && !t->l2tp->closed)
            c = call_before_capture(e, t, o,
                                    pd_addr_equal(&o->src, &t->info.client) ? PD_DIR_PNS
                                                                             : PD_DIR_PAC);
    }
    if (!c)
        return;
    pd_session *s = c->s;
    int dir = pd_addr_equal(&o->src, &s->info.client) ? PD_DIR_PNS : PD_DIR_PAC;
    int role = s->info.roles_unsure ? pd_ppp_sender_role(&m->ppp) : -1;
    if (role >= 0) { /* the roles guessed for a tunnel from before the capture: named now, once */
        s->info.roles_unsure = FALSE;
        if (role != dir) {
            swap_roles(e, s);
            dir = role;
        }
    }
    pd_touch(e, s, o, NULL);
    pd_sent_by(s, dir, FALSE);
    if (!c->ppp)
        return; /* settled */
    pd_ppp_activity(c->ppp, dir, o->frame, o->time, e->stamp);
    if (m->ppp.protocol)
        pd_track_ppp(e, c, NULL, dir, o, &m->ppp);
}

static void on_l2tp(pd_engine *e, const pd_observation *o)
{
    if (o->l2tp.control)
        on_control(e, o);
    else
        on_data(e, o);
}

/* An ICMP Destination Unreachable (not a path MTU report) quoting a UDP datagram a LAC sent to
 * its LNS on UDP 1701: PD_EV_ICMP_L2TP to the attempt on those addresses and ports. */
static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (ic->quoted_proto != PD_IPPROTO_UDP || (ic->quoted_udp_dport != PD_L2TP_PORT &&
                                               ic->quoted_udp_sport != PD_L2TP_PORT))
        return;
    gboolean unreachable = o->src.family == 4 ? ic->type == 3 : ic->type == 1;
    if (!unreachable || pd_icmp_too_big(o->src.family, ic->type, ic->code))
        return;
    pd_l2tp_udp_key u = udp_key(&ic->quoted_src, &ic->quoted_dst, ic->quoted_udp_sport,
                                ic->quoted_udp_dport);
    pd_session *s = g_hash_table_lookup(e->l2tp.by_udp, &u);
    if (s)
        pd_emit_kind(e, PD_EV_ICMP_L2TP, o, s, NULL, NULL, -1);
}

/* L2TP takes L2TP messages on UDP, control and data, and the ICMP errors quoting them. */
const pd_transport pd_transport_l2tp = {
    .name = "l2tp",
    .observe = {[PD_OBS_L2TP] = on_l2tp, [PD_OBS_ICMP_ERROR] = on_icmp},
    .forget = pd_l2tp_forget,
};
