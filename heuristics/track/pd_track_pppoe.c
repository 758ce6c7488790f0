/* pd_track_pppoe.c: the tracker of PPPoE (RFC 2516; the transport pd_transport_pppoe,
 * pd_transport.h): a host's Discovery stage (PADI, PADO, PADR, PADS, PADT) is a session, the
 * PPPoE session a PADS sets up is its link, and the PPP inside Session-stage packets goes to the
 * PPP module like any link's (pd_track_ppp). It records what the packets say and decides
 * nothing: after recording, it tells the rule families (PD_EV_PPPOE, PD_EV_PPP).
 *
 * The host is the client (PD_DIR_PNS), the access concentrator the server (PD_DIR_PAC); both
 * are MAC addresses (PD_ADDR_MAC). A host's next PADI after its session was set up, refused or
 * terminated begins a new session (a new connection attempt).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"
#include "pd_retention.h"
#include "pd_track_ppp.h"
#include "pd_transport.h"

#include <string.h>

/* The session of the host at @host, or NULL. */
static pd_session *host_session(pd_engine *e, const pd_addr *host)
{
    return g_hash_table_lookup(e->pppoe.by_host, host);
}

/* The attempt of @s is over at @o: it settles lcp_timeout seconds later (pd_evict_settled) and
 * then no longer counts against max_sessions; one that set nothing up and found nothing is a
 * light one (pd_retention_closed). Once. */
static void attempt_over(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_pppoe_disc *d = s->pppoe;
    pd_retention_attempt_over(e, s, &d->closed, o->time, d->n_padr > 0);
}

/* A new PPPoE session of @host at @o, or NULL when the cap refuses it (pd_session_room). The
 * host's previous attempt, if any, is over. */
static pd_session *new_session(pd_engine *e, const pd_addr *host, const pd_observation *o)
{
    pd_session *old = host_session(e, host);
    if (old)
        attempt_over(e, old, o);
    if (!pd_session_room(e, o))
        return NULL;
    pd_session *s = pd_session_new(e, o->frame, o->time, PD_CARRIER_PPPOE);
    s->info.client = *host;
    s->pppoe = g_new0(pd_pppoe_disc, 1);
    g_hash_table_replace(e->pppoe.by_host, &s->info.client, s);
    return s;
}

/* TRUE when the Discovery stage of @s is over: a session was set up, refused or terminated, so
 * the host's next PADI is a new attempt. */
static gboolean discovery_over(const pd_session *s)
{
    const pd_pppoe_disc *d = s->pppoe;
    return d->pads_frame || d->refused_frame || d->padt_frame;
}

/* Keeps in @d the refusal of the PADO or PADS @o, the first one: its error tag (RFC 2516 Appendix
 * A: Service-Name-Error, AC-System-Error, Generic-Error) and whether the snapshot length cut its
 * tags (PD_LOST_PPPOE). */
static void note_refusal(pd_pppoe_disc *d, const pd_observation *o, gboolean pads)
{
    const pd_obs_pppoe *p = &o->pppoe;
    if (d->refused_frame)
        return;
    d->refused_frame = o->frame;
    d->refused_by_pads = pads;
    d->refusal_cut = (o->lost & PD_LOST_PPPOE) != 0;
    d->error_tag = p->error_tag;
    if (p->error_tag)
        d->error_text = g_strdup(p->error_text);
}

/* The session a PADS set up: link @c of @s, keyed by host, concentrator and SESSION_ID. */
static pd_link *session_up(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_pppoe_disc *d = s->pppoe;
    d->pads_frame = o->frame;
    pd_link *c = pd_link_new(s);
    c->pppoe.session_id = o->pppoe.session_id;
    c->established = TRUE;
    c->request_frame = d->last_padr;
    c->reply_frame = o->frame;
    c->up_time = o->time;
    pd_pppoe_key *k = g_new0(pd_pppoe_key, 1);
    k->host = s->info.client;
    k->ac = s->info.server;
    k->session_id = o->pppoe.session_id;
    g_hash_table_replace(e->pppoe.by_sid, k, c);
    pd_milestone_add(e, s, o->frame, PD_MS_PPPOE_SESSION);
    return c;
}

/* The session ended at @o (a PADT from @by): its link ends, it settles lcp_timeout seconds
 * later (pd_evict_settled). */
static void session_ended(pd_engine *e, pd_session *s, const pd_observation *o, int by)
{
    pd_pppoe_disc *d = s->pppoe;
    d->padt_frame = o->frame;
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->end_frame)
            continue;
        c->end_frame = o->frame;
        pd_call_end(e, c, by, o->frame, o->time);
    }
    attempt_over(e, s, o);
    pd_milestone_add(e, s, o->frame, PD_MS_PPPOE_TERMINATED);
}

/* A Discovery packet: its session (made by a host's first PADI, or by any Discovery packet of a
 * host the capture saw no PADI of), what it says, then PD_EV_PPPOE. */
static void on_discovery(pd_engine *e, const pd_observation *o)
{
    const pd_obs_pppoe *p = &o->pppoe;
    gboolean from_host = p->code == PD_PPPOE_PADI || p->code == PD_PPPOE_PADR;
    const pd_addr *host = from_host ? &o->src : &o->dst;
    pd_session *s = host_session(e, host);
    if (p->code == PD_PPPOE_PADT && (!s || !pd_addr_equal(&s->info.server, &o->src))) {
        pd_session *h = host_session(e, &o->src); /* a PADT the host sent */
        if (h) {
            s = h;
            host = &o->src;
            from_host = TRUE;
        }
    }
    if (!s || (p->code == PD_PPPOE_PADI && discovery_over(s)))
        s = new_session(e, host, o);
    if (!s)
        return; /* refused by the cap */
    pd_pppoe_disc *d = s->pppoe;
    int dir = from_host ? PD_DIR_PNS : PD_DIR_PAC;
    pd_touch(e, s, o, NULL);
    pd_sent_by(s, dir, FALSE);
    pd_link *c = NULL;
    switch (p->code) {
    case PD_PPPOE_PADI:
        if (d->n_padi++ == 0) {
            d->first_padi = o->frame;
            d->first_padi_time = o->time;
            if (p->has_service_name)
                d->service_name = g_strdup(p->service_name);
        }
        d->last_padi = o->frame;
        break;
    case PD_PPPOE_PADO:
        if (d->n_pado++ == 0) {
            d->pado_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_PPPOE_OFFER);
        }
        if (!s->info.server.family) {
            s->info.server = o->src;
            if (p->ac_name[0])
                d->ac_name = g_strdup(p->ac_name);
        }
        if (p->error_tag)
            note_refusal(d, o, FALSE);
        break;
    case PD_PPPOE_PADR:
        s->info.server = o->dst; /* the concentrator the host chose */
        if (d->n_padr++ == 0) {
            d->first_padr = o->frame;
            d->first_padr_time = o->time;
        }
        d->last_padr = o->frame;
        break;
    case PD_PPPOE_PADS:
        if (!s->info.server.family)
            s->info.server = o->src;
        if (p->max_payload)
            d->max_payload = p->max_payload;
        if (p->session_id && !p->error_tag) {
            if (!d->pads_frame)
                c = session_up(e, s, o);
        } else {
            note_refusal(d, o, TRUE);
            attempt_over(e, s, o);
        }
        break;
    case PD_PPPOE_PADT:
        if (!d->padt_frame) {
            c = s->n_links ? s->links[s->n_links - 1] : NULL;
            session_ended(e, s, o, dir);
        }
        break;
    default:
        break;
    }
    pd_emit_kind(e, PD_EV_PPPOE, o, s, c, NULL, dir);
}

/* A Session-stage packet: the PPP frame of the link with its SESSION_ID between the two MAC
 * addresses (either may be the host). A session the capture saw no PADS of (it started later)
 * is not followed. */
static void on_session(pd_engine *e, const pd_observation *o)
{
    pd_pppoe_key k;
    memset(&k, 0, sizeof k);
    k.host = o->src;
    k.ac = o->dst;
    k.session_id = o->pppoe.session_id;
    int dir = PD_DIR_PNS;
    pd_link *c = g_hash_table_lookup(e->pppoe.by_sid, &k);
    if (!c) {
        k.host = o->dst;
        k.ac = o->src;
        dir = PD_DIR_PAC;
        c = g_hash_table_lookup(e->pppoe.by_sid, &k);
    }
    if (!c)
        return;
    pd_session *s = c->s;
    pd_touch(e, s, o, NULL);
    pd_sent_by(s, dir, FALSE);
    if (!c->ppp)
        return; /* settled */
    pd_ppp_activity(c->ppp, dir, o->frame, o->time, e->stamp);
    if (o->pppoe.ppp.protocol)
        pd_track_ppp(e, c, NULL, dir, o, &o->pppoe.ppp);
}

static void on_pppoe(pd_engine *e, const pd_observation *o)
{
    if (o->pppoe.code == PD_PPPOE_SESSION)
        on_session(e, o);
    else
        on_discovery(e, o);
}

/* PPPoE takes PPPoE packets, Discovery and Session stage. */
const pd_transport pd_transport_pppoe = {
    .name = "pppoe",
    .observe = {[PD_OBS_PPPOE] = on_pppoe},
    .forget = pd_pppoe_forget,
};
