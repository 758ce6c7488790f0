/* pd_pppoe.c: PPPoE's records (see pd_pppoe.h): the lookups of hosts in Discovery and of PPPoE
 * sessions, made, freed and forgotten.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_records.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_pppoe_key) == 2 * sizeof(pd_addr) + 2); /* no padding */

static guint key_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_pppoe_key)); }
static gboolean key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_pppoe_key)) == 0;
}

void pd_pppoe_init(pd_pppoe_state *st)
{
    st->by_host = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    st->by_sid = g_hash_table_new_full(key_hash, key_eq, g_free, NULL);
}

void pd_pppoe_clear(pd_pppoe_state *st)
{
    g_hash_table_destroy(st->by_host);
    g_hash_table_destroy(st->by_sid);
}

void pd_pppoe_disc_free(pd_pppoe_disc *d)
{
    g_free(d->service_name);
    g_free(d->ac_name);
    g_free(d->error_text);
    g_free(d);
}

void pd_pppoe_forget(pd_engine *e, pd_session *s, gboolean keep)
{
    (void)keep;
    if (s->info.carrier != PD_CARRIER_PPPOE)
        return;
    if (g_hash_table_lookup(e->pppoe.by_host, &s->info.client) == s)
        g_hash_table_remove(e->pppoe.by_host, &s->info.client);
    for (guint i = 0; i < s->n_links; i++) {
        pd_pppoe_key k;
        memset(&k, 0, sizeof k);
        k.host = s->info.client;
        k.ac = s->info.server;
        k.session_id = s->links[i]->pppoe.session_id;
        if (g_hash_table_lookup(e->pppoe.by_sid, &k) == s->links[i])
            g_hash_table_remove(e->pppoe.by_sid, &k);
    }
}
