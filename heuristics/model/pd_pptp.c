/* pd_pptp.c: PPTP's records (see pd_pptp.h): the lookups of control connections, calls and
 * their GRE flows, made, searched and freed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_records.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_tcp_key) == 2 * sizeof(pd_addr) + 2); /* no padding */
G_STATIC_ASSERT(sizeof(pd_pair_key) == 2 * sizeof(pd_addr));

static guint pair_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_pair_key)); }
static gboolean pair_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_pair_key)) == 0;
}
static guint gre_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_gre_key)); }
static gboolean gre_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_gre_key)) == 0;
}

guint pd_tcp_key_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_tcp_key)); }
gboolean pd_tcp_key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_tcp_key)) == 0;
}

void pd_pair_of(const pd_addr *a, const pd_addr *b, pd_pair_key *pk)
{
    memset(pk, 0, sizeof *pk);
    gboolean lo = memcmp(a, b, sizeof(pd_addr)) < 0;
    pk->lo = lo ? *a : *b;
    pk->hi = lo ? *b : *a;
}

/* The engine's by_hosts: a control connection's key (the one in its session) by its two
 * addresses in either order, the port left out. */
static guint hosts_hash(gconstpointer k)
{
    const pd_tcp_key *t = k;
    pd_pair_key pk;
    pd_pair_of(&t->client, &t->server, &pk);
    return pair_hash(&pk);
}

static gboolean hosts_eq(gconstpointer a, gconstpointer b)
{
    const pd_tcp_key *x = a, *y = b;
    return (pd_addr_eq(&x->client, &y->client) && pd_addr_eq(&x->server, &y->server)) ||
           (pd_addr_eq(&x->client, &y->server) && pd_addr_eq(&x->server, &y->client));
}

void pd_pptp_init(pd_pptp_state *st)
{
    st->by_tcp = g_hash_table_new(pd_tcp_key_hash, pd_tcp_key_eq);
    st->by_gre = g_hash_table_new(gre_hash, gre_eq);
    st->by_pair = g_hash_table_new_full(pair_hash, pair_eq, g_free, NULL);
    st->by_hosts = g_hash_table_new(hosts_hash, hosts_eq);
    st->last_syn = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    st->kept_addrs = g_ptr_array_new_with_free_func(g_free);
}

void pd_pptp_clear(pd_pptp_state *st)
{
    g_hash_table_destroy(st->by_tcp);
    g_hash_table_destroy(st->by_gre);
    g_hash_table_destroy(st->by_pair);
    g_hash_table_destroy(st->by_hosts);
    g_hash_table_destroy(st->last_syn);
    g_ptr_array_free(st->kept_addrs, TRUE);
    if (st->not_pptp)
        g_hash_table_destroy(st->not_pptp);
}

void pd_pptp_ctl_free(pd_pptp_ctl *ctl)
{
    if (ctl->flows)
        g_ptr_array_free(ctl->flows, TRUE);
    if (ctl->ended_flows)
        g_ptr_array_free(ctl->ended_flows, TRUE);
}

pd_link *pd_pptp_call_by_id(pd_session *s, gboolean pns, guint16 id)
{
    for (guint i = s->n_links; i-- > 0;) {
        pd_link *c = s->links[i];
        if (pns ? (c->pptp.has_pns_id && c->pptp.pns_id == id) : (c->pptp.has_pac_id && c->pptp.pac_id == id))
            return c;
    }
    return NULL;
}

guint32 pd_flow_quoted(const pd_flow *f, const pd_obs_icmp *ic)
{
    gboolean v6 = ic->quoted_src.family == 6;
    if (v6 && !ic->quoted_gre.has_seq)
        return 0;
    guint32 quoted = 0;
    for (guint i = 0; f->live && i < PD_RECENT; i++) {
        const pd_flow_packet *p = &f->live->recent[i];
        if (!p->frame)
            continue;
        if (v6 ? p->has_seq && p->seq == ic->quoted_gre.seq : p->ip_id == ic->quoted_ip_id)
            quoted = MAX(quoted, p->frame);
    }
    return quoted;
}

guint pd_pptp_gre(const pd_link *c, int dir)
{
    return c->pptp.flow[dir] ? c->pptp.flow[dir]->n : 0;
}

void pd_flow_free(gpointer p)
{
    pd_flow *f = p;
    if (f)
        g_free(f->live);
    g_free(f);
}


/* Forgets flow @f: out of the GRE lookup and the engine's flows, freed. */
static void flow_evict(pd_engine *e, pd_flow *f)
{
    if (g_hash_table_lookup(e->pptp.by_gre, &f->key) == f)
        g_hash_table_remove(e->pptp.by_gre, &f->key);
    g_ptr_array_index(e->all_flows, f->index) = NULL;
    pd_flow_free(f);
}

void pd_pptp_forget(pd_engine *e, pd_session *s, gboolean keep_syn)
{
    if (s->info.carrier != PD_CARRIER_PPTP)
        return;
    gpointer key, frame;
    if (g_hash_table_lookup_extended(e->pptp.last_syn, &s->ctl.key.client, &key, &frame) &&
        key == &s->ctl.key.client) {
        if (keep_syn) {
            pd_addr *copy = g_memdup2(&s->ctl.key.client, sizeof s->ctl.key.client);
            g_ptr_array_add(e->pptp.kept_addrs, copy);
            g_hash_table_replace(e->pptp.last_syn, copy, frame);
        } else {
            g_hash_table_remove(e->pptp.last_syn, &s->ctl.key.client);
        }
    }
    if (g_hash_table_lookup(e->pptp.by_tcp, &s->ctl.key) == s)
        g_hash_table_remove(e->pptp.by_tcp, &s->ctl.key);
    if (g_hash_table_lookup(e->pptp.by_hosts, &s->ctl.key) == s)
        g_hash_table_remove(e->pptp.by_hosts, &s->ctl.key);
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        for (int d = 0; d < 2; d++)
            if (c->pptp.flow[d])
                flow_evict(e, c->pptp.flow[d]);
    }
    for (guint i = 0; s->ctl.flows && i < s->ctl.flows->len; i++)
        flow_evict(e, g_ptr_array_index(s->ctl.flows, i));
    for (guint i = 0; s->ctl.ended_flows && i < s->ctl.ended_flows->len; i++)
        flow_evict(e, g_ptr_array_index(s->ctl.ended_flows, i));
}

void pd_pptp_settle(pd_engine *e, pd_session *s)
{
    (void)e;
    if (s->info.carrier != PD_CARRIER_PPTP)
        return;
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        for (int d = 0; d < 2; d++)
            if (c->pptp.flow[d] && c->pptp.flow[d]->call == c)
                g_clear_pointer(&c->pptp.flow[d]->live, g_free);
    }
    for (guint i = 0; s->ctl.ended_flows && i < s->ctl.ended_flows->len; i++) {
        pd_flow *f = g_ptr_array_index(s->ctl.ended_flows, i);
        g_clear_pointer(&f->live, g_free);
    }
}
