/* pd_l2tp.c: L2TP's records (see pd_l2tp.h): the lookups of tunnels, L2TP sessions and the UDP
 * ports of attempts, made, freed and forgotten.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_records.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_l2tp_key) == 2 * sizeof(pd_addr) + 4);     /* no padding */
G_STATIC_ASSERT(sizeof(pd_l2tp_udp_key) == 2 * sizeof(pd_addr) + 4); /* no padding */

static guint key_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_l2tp_key)); }
static gboolean key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_l2tp_key)) == 0;
}
static guint udp_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_l2tp_udp_key)); }
static gboolean udp_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_l2tp_udp_key)) == 0;
}

void pd_l2tp_init(pd_l2tp_state *st)
{
    st->by_tunnel = g_hash_table_new_full(key_hash, key_eq, g_free, NULL);
    st->by_call = g_hash_table_new_full(key_hash, key_eq, g_free, NULL);
    st->by_udp = g_hash_table_new_full(udp_hash, udp_eq, g_free, NULL);
}

void pd_l2tp_clear(pd_l2tp_state *st)
{
    g_hash_table_destroy(st->by_tunnel);
    g_hash_table_destroy(st->by_call);
    g_hash_table_destroy(st->by_udp);
}

pd_l2tp_key pd_l2tp_key_of(const pd_addr *to, const pd_addr *from, guint16 tid, guint16 sid)
{
    pd_l2tp_key k;
    memset(&k, 0, sizeof k);
    k.to = *to;
    k.from = *from;
    k.tunnel_id = tid;
    k.session_id = sid;
    return k;
}

void pd_l2tp_tunnel_free(pd_l2tp_tunnel *t)
{
    g_free(t->stop_message);
    g_free(t->lns_name);
    g_free(t);
}

void pd_l2tp_call_free(pd_l2tp_call *c)
{
    if (!c)
        return;
    g_free(c->cdn_message);
    g_free(c);
}

/* Removes @key from @table if it maps to @value. */
static void drop_if(GHashTable *table, gconstpointer key, gconstpointer value)
{
    if (g_hash_table_lookup(table, key) == value)
        g_hash_table_remove(table, key);
}

void pd_l2tp_forget(pd_engine *e, pd_session *s, gboolean keep)
{
    (void)keep;
    const pd_l2tp_tunnel *t = s->l2tp;
    if (s->info.carrier != PD_CARRIER_L2TP || !t)
        return;
    const pd_addr *lac = &s->info.client, *lns = &s->info.server;
    pd_l2tp_key k = pd_l2tp_key_of(lac, lns, t->tid[PD_DIR_PNS], 0);
    drop_if(e->l2tp.by_tunnel, &k, s);
    k = pd_l2tp_key_of(lns, lac, t->tid[PD_DIR_PAC], 0);
    drop_if(e->l2tp.by_tunnel, &k, s);
    for (guint i = 0; i < s->n_links; i++) {
        const pd_l2tp_call *c = s->links[i]->l2tp;
        if (!c)
            continue;
        k = pd_l2tp_key_of(lac, lns, t->tid[PD_DIR_PNS], c->sid[PD_DIR_PNS]);
        drop_if(e->l2tp.by_call, &k, s->links[i]);
        k = pd_l2tp_key_of(lns, lac, t->tid[PD_DIR_PAC], c->sid[PD_DIR_PAC]);
        drop_if(e->l2tp.by_call, &k, s->links[i]);
    }
    pd_l2tp_udp_key u;
    memset(&u, 0, sizeof u);
    u.lac = *lac;
    u.lns = *lns;
    u.lac_port = s->info.client_port;
    u.lns_port = s->info.server_port;
    drop_if(e->l2tp.by_udp, &u, s);
}
