/* pd_track_path.c: the tracker's facts of the path (see pd_track_path.h): DNS lookups, and SYNs
 * to other ports (port scans). (An ICMP error is linked to the packet it quotes by the transport
 * of that packet: pd_transport.c checks that a device can have sent it.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_track_path.h"
#include "pd_transport.h"
#include "pd_events.h"

#include <string.h>

/* A/AAAA lookups and their answers, kept per querier and name (bounded by max_sessions). */
static void track_dns(pd_engine *e, const pd_observation *o)
{
    const pd_obs_dns *d = &o->dns;
    if (!d->qname[0] || (d->qtype != 1 && d->qtype != 28))
        return;
    pd_dns_key k;
    memset(&k, 0, sizeof k);
    k.client = d->response ? o->dst : o->src;
    g_strlcpy(k.name, d->qname, sizeof k.name);
    pd_dns_lookup *l = g_hash_table_lookup(e->dns, &k);
    if (!l) {
        if (d->response || g_hash_table_size(e->dns) >= e->cfg.max_sessions)
            return;
        l = g_new0(pd_dns_lookup, 1);
        l->client = k.client;
        l->server = o->dst;
        g_strlcpy(l->name, d->qname, sizeof l->name);
        l->qtype = d->qtype;
        g_hash_table_insert(e->dns, g_memdup2(&k, sizeof k), l);
    }
    if (!d->response) {
        if (l->n_queries++ == 0)
            l->first_query = o->frame;
        l->last_query = o->frame;
    } else {
        l->response = o->frame;
        l->rcode = d->rcode;
        if (d->rcode == 3 && !l->nx_frame)
            l->nx_frame = o->frame;
        if (d->rcode == 0 && d->n_answers > 0) {
            l->ok = TRUE;
            if (!l->answer_frame) {
                l->answer_frame = o->frame;
                l->answer_time = o->time;
            }
            if (!l->answer.family)
                l->answer = d->answer;
        }
    }
}

pd_session *pd_track_dns_session(pd_engine *e, const pd_dns_lookup *l)
{
    pd_session *s = pd_session_new(e, l->first_query, 0, PD_CARRIER_NONE);
    e->eoc_sessions++;
    s->info.client = l->client;
    s->info.server = l->server;
    s->info.name = g_strdup(l->name);
    s->info.last_frame = MAX(l->last_query, l->response);
    pd_milestone_add(e, s, l->first_query, PD_MS_DNS_QUERY);
    pd_frame_rec_get(e, l->first_query)->session = s;
    guint32 marks[PD_DNS_MARKS] = {l->first_query, l->last_query, l->response, l->nx_frame};
    s->dns_frames = g_new(guint32, PD_DNS_MARKS);
    for (guint i = 0; i < PD_DNS_MARKS; i++) {
        s->dns_frames[i] = marks[i];
        if (marks[i])
            pd_frame_rec_get(e, marks[i])->session = s;
    }
    return s;
}

/* A SYN to a port that is not PPTP's (PD_OBS_TCP_SYN): counted among its source's SYNs to the
 * ports of that host (pd_probe.h); when the record gains a port, the families hear of it
 * (PD_EV_PROBE). No session holds the frame unless a rule claims it (pd_track_touch). */
static void track_syn(pd_engine *e, const pd_observation *o)
{
    pd_probe_key k = pd_probe_key_of(&o->src, &o->dst, 0);
    const pd_probe *r = pd_probes_add(e->probes, &k, o->tcp.dport, o->frame, o->time);
    pd_probe_target before;
    if (!r && !pd_probes_find(e->probes, &k) &&
        pd_probes_seen(e->probes, &k, o->tcp.dport, o->frame, o->time, &before)) {
        pd_probe_target now = {o->tcp.dport, o->frame, o->time};
        r = pd_probes_open(e->probes, &k, &before, &now);
    }
    if (!r)
        return;
    pd_event ev = {.kind = PD_EV_PROBE, .o = o, .dir = -1, .probe = r};
    pd_emit(e, &ev);
}

/* The path's facts: DNS lookups, SYNs to other ports. */
const pd_transport pd_transport_path = {
    .name = "path",
    .observe = {[PD_OBS_DNS] = track_dns, [PD_OBS_TCP_SYN] = track_syn},
};
