/* pd_ike.c: IKE's records (see pd_ike.h): the lookups of IKE SA attempts and of the peers, and
 * the NAT detection hashes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_records.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_ike_key) == 2 * sizeof(pd_addr) + 8);   /* no padding */
G_STATIC_ASSERT(sizeof(pd_ike_peers) == 2 * sizeof(pd_addr));     /* no padding */

static guint key_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_ike_key)); }
static gboolean key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_ike_key)) == 0;
}
static guint peers_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_ike_peers)); }
static gboolean peers_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_ike_peers)) == 0;
}

void pd_ike_init(pd_ike_state *st)
{
    st->by_spi = g_hash_table_new_full(key_hash, key_eq, g_free, NULL);
    st->by_peers = g_hash_table_new_full(peers_hash, peers_eq, g_free, NULL);
}

void pd_ike_clear(pd_ike_state *st)
{
    g_hash_table_destroy(st->by_spi);
    g_hash_table_destroy(st->by_peers);
}

pd_ike_key pd_ike_key_of(const pd_addr *initiator, const pd_addr *responder, const guint8 *ispi)
{
    pd_ike_key k;
    memset(&k, 0, sizeof k);
    k.initiator = *initiator;
    k.responder = *responder;
    memcpy(k.ispi, ispi, sizeof k.ispi);
    return k;
}

pd_ike_peers pd_ike_peers_of(const pd_addr *initiator, const pd_addr *responder)
{
    pd_ike_peers p;
    memset(&p, 0, sizeof p);
    p.initiator = *initiator;
    p.responder = *responder;
    return p;
}

/* Removes @key from @table if it maps to @value. */
static void drop_if(GHashTable *table, gconstpointer key, gconstpointer value)
{
    if (g_hash_table_lookup(table, key) == value)
        g_hash_table_remove(table, key);
}

void pd_ike_forget(pd_engine *e, pd_session *s, gboolean keep)
{
    (void)keep;
    if (s->info.carrier != PD_CARRIER_IKE || !s->ike)
        return;
    pd_ike_key k = pd_ike_key_of(&s->info.client, &s->info.server, s->ike->ispi);
    drop_if(e->ike.by_spi, &k, s);
    pd_ike_peers p = pd_ike_peers_of(&s->info.client, &s->info.server);
    drop_if(e->ike.by_peers, &p, s);
}

int pd_ike_natd_matches(const guint8 *hash, guint len, const guint8 *ispi, const guint8 *rspi,
                        const pd_addr *a, guint16 port)
{
    GChecksumType type;
    switch (len) {
    case 16: type = G_CHECKSUM_MD5; break;
    case 20: type = G_CHECKSUM_SHA1; break;
    case 32: type = G_CHECKSUM_SHA256; break;
    case 48: type = G_CHECKSUM_SHA384; break;
    case 64: type = G_CHECKSUM_SHA512; break;
    default: return -1;
    }
    if (a->family != 4 && a->family != 6)
        return -1;
    guint8 digest[64], p[2] = {(guint8)(port >> 8), (guint8)port};
    gsize n = sizeof digest;
    GChecksum *c = g_checksum_new(type);
    g_checksum_update(c, ispi, 8);
    g_checksum_update(c, rspi, 8);
    g_checksum_update(c, a->bytes, a->family == 4 ? 4 : 16);
    g_checksum_update(c, p, 2);
    g_checksum_get_digest(c, digest, &n);
    g_checksum_free(c);
    return memcmp(digest, hash, MIN(n, (gsize)PD_IKE_NATD_MAX)) == 0;
}
