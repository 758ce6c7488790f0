/* pd_probe.c: connection attempts by source (see pd_probe.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_probe.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_probe_key) == 2 * sizeof(pd_addr) + 2); /* no padding */

/* One slot of the first table: the last SYN of a key hashed there. */
typedef struct {
    guint32 hash;     /* the key's hash (0 with time 0: empty) */
    guint32 target;
    guint32 frame;
    double time;
} slot;

struct pd_probes {
    slot *slots;         /* PD_PROBE_SLOTS, made with the first SYN */
    GHashTable *records; /* pd_probe_key -> pd_probe* (the key inside), made with the first */
    double swept;        /* when aged records were last dropped, seconds */
    guint n_refused;
};


static guint key_hash(gconstpointer k)
{
    return pd_hash_bytes(k, sizeof(pd_probe_key));
}

static gboolean key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_probe_key)) == 0;
}

pd_probes *pd_probes_new(void)
{
    return g_new0(pd_probes, 1);
}

void pd_probes_free(pd_probes *p)
{
    if (!p)
        return;
    g_free(p->slots);
    if (p->records)
        g_hash_table_destroy(p->records);
    g_free(p);
}

pd_probe_key pd_probe_key_of(const pd_addr *src, const pd_addr *dst, guint16 port)
{
    pd_probe_key k;
    memset(&k, 0, sizeof k);
    k.src = *src;
    if (dst)
        k.dst = *dst;
    else
        k.port = port;
    return k;
}

guint32 pd_probe_host(const pd_addr *a)
{
    return pd_hash_bytes(a, sizeof *a);
}

const pd_probe *pd_probes_find(const pd_probes *p, const pd_probe_key *k)
{
    return p->records && g_hash_table_size(p->records) ? g_hash_table_lookup(p->records, k) : NULL;
}

/* Puts @t into @r: updates its SYN if @r has the target (FALSE), else adds it, in place of the
 * target with the oldest SYN when @r is full (TRUE). */
static gboolean put(pd_probe *r, const pd_probe_target *t)
{
    if (t->time > r->newest)
        r->newest = t->time;
    guint oldest = 0;
    for (guint i = 0; i < r->n; i++) {
        if (r->targets[i].target == t->target) {
            if (t->time >= r->targets[i].time)
                r->targets[i] = *t;
            return FALSE;
        }
        if (r->targets[i].time < r->targets[oldest].time)
            oldest = i;
    }
    r->targets[r->n < PD_PROBE_KEEP ? r->n++ : oldest] = *t;
    return TRUE;
}

const pd_probe *pd_probes_add(pd_probes *p, const pd_probe_key *k, guint32 target,
                              guint32 frame, double time)
{
    pd_probe *r = (pd_probe *)pd_probes_find(p, k);
    pd_probe_target t = {target, frame, time};
    return r && put(r, &t) ? r : NULL;
}

gboolean pd_probes_seen(pd_probes *p, const pd_probe_key *k, guint32 target, guint32 frame,
                        double time, pd_probe_target *before)
{
    if (!p->slots)
        p->slots = g_new0(slot, PD_PROBE_SLOTS);
    guint32 h = key_hash(k) | 1u; /* never 0: an empty slot holds 0 */
    slot *s = &p->slots[(h >> 1) % PD_PROBE_SLOTS];
    if (s->hash == h && s->target != target && time - s->time <= PD_PROBE_AGE_S) {
        before->target = s->target;
        before->frame = s->frame;
        before->time = s->time;
        memset(s, 0, sizeof *s);
        return TRUE;
    }
    s->hash = h;
    s->target = target;
    s->frame = frame;
    s->time = time;
    return FALSE;
}

static gboolean aged(gpointer key, gpointer value, gpointer now)
{
    (void)key;
    return *(const double *)now - ((const pd_probe *)value)->newest > PD_PROBE_AGE_S;
}

const pd_probe *pd_probes_open(pd_probes *p, const pd_probe_key *k, const pd_probe_target *first,
                               const pd_probe_target *second)
{
    if (!p->records)
        p->records = g_hash_table_new_full(key_hash, key_eq, NULL, g_free);
    pd_probe *r = g_hash_table_lookup(p->records, k);
    if (!r) {
        /* Aged records go once per PD_PROBE_AGE_S of capture time, or when the cap is reached:
         * amortized, each record is looked at a bounded number of times. */
        double now = second->time;
        if (now - p->swept > PD_PROBE_AGE_S || g_hash_table_size(p->records) >= PD_PROBE_MAX) {
            g_hash_table_foreach_remove(p->records, aged, &now);
            p->swept = now;
        }
        if (g_hash_table_size(p->records) >= PD_PROBE_MAX) {
            p->n_refused++;
            return NULL;
        }
        r = g_new0(pd_probe, 1);
        r->key = *k;
        g_hash_table_insert(p->records, &r->key, r);
    }
    put(r, first);
    put(r, second);
    return r;
}

guint pd_probe_count(const pd_probe *r, double from, double to)
{
    guint n = 0;
    for (guint i = 0; r && i < r->n; i++)
        n += r->targets[i].time >= from && r->targets[i].time <= to;
    return n;
}

const pd_probe_target *pd_probe_oldest(const pd_probe *r, double from)
{
    const pd_probe_target *best = NULL;
    for (guint i = 0; r && i < r->n; i++)
        if (r->targets[i].time >= from && (!best || r->targets[i].time < best->time ||
                                           (r->targets[i].time == best->time &&
                                            r->targets[i].frame < best->frame)))
            best = &r->targets[i];
    return best;
}

guint pd_probes_n_records(const pd_probes *p)
{
    return p->records ? g_hash_table_size(p->records) : 0;
}

guint pd_probes_n_refused(const pd_probes *p)
{
    return p->n_refused;
}
