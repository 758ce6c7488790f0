/* pd_ppponly.c: the records of PPP captured without its carrier (see pd_ppponly.h): the lookup of
 * links, made, freed and forgotten.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_records.h"

#include <string.h>

/* Keys are made whole by pd_ppponly_key_of (padding zeroed), so they hash and compare as bytes. */
static guint key_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_ppponly_key)); }
static gboolean key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_ppponly_key)) == 0;
}

pd_ppponly_key pd_ppponly_key_of(guint32 interface, const pd_addr *x, const pd_addr *y)
{
    pd_ppponly_key k;
    memset(&k, 0, sizeof k);
    k.interface = interface;
    gboolean swap = memcmp(x, y, sizeof *x) > 0;
    k.a = swap ? *y : *x;
    k.b = swap ? *x : *y;
    return k;
}

void pd_ppponly_init(pd_ppponly_state *st)
{
    st->by_link = g_hash_table_new_full(key_hash, key_eq, g_free, NULL);
}

void pd_ppponly_clear(pd_ppponly_state *st)
{
    g_hash_table_destroy(st->by_link);
}

void pd_ppponly_forget(pd_engine *e, pd_session *s, gboolean keep)
{
    (void)keep;
    if (s->info.carrier != PD_CARRIER_PPP || !s->ppponly)
        return;
    pd_ppponly_key k = pd_ppponly_key_of(s->ppponly->interface, &s->ppponly->end[0],
                                         &s->ppponly->end[1]);
    if (g_hash_table_lookup(e->ppponly.by_link, &k) == s)
        g_hash_table_remove(e->ppponly.by_link, &k);
}
