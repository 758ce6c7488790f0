/* pd_records.c: the engine's records (see pd_records.h): the frames' side records, milestones,
 * sessions, calls and flows made, found and freed, the hash keys of the engine's lookups, and
 * the growable arrays that hold a session's calls and findings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"

#include <string.h>


#define KEY_FUNCS(type)                                                                        \
    static guint type##_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(type)); }          \
    static gboolean type##_eq(gconstpointer a, gconstpointer b)                                \
    {                                                                                          \
        return memcmp(a, b, sizeof(type)) == 0;                                                \
    }
KEY_FUNCS(pd_dns_key)

guint pd_addr_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_addr)); }
gboolean pd_addr_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(pd_addr)) == 0; }

pd_frame_rec *pd_frame_rec_get(pd_engine *e, guint32 frame)
{
    pd_frame_rec *r = pd_frame_rec_find(e, frame);
    if (!r) {
        r = g_new0(pd_frame_rec, 1);
        r->frame = frame;
        g_hash_table_add(e->frames, r);
        guint w = frame / 32;
        if (w >= e->rec_bits->len)
            g_array_set_size(e->rec_bits, MAX(w + 1, 2 * e->rec_bits->len));
        g_array_index(e->rec_bits, guint32, w) |= 1u << (frame % 32);
    }
    return r;
}

pd_frame_rec *pd_frame_rec_find(const pd_engine *e, guint32 frame)
{
    guint w = frame / 32;
    if (w >= e->rec_bits->len || !(g_array_index(e->rec_bits, guint32, w) & 1u << (frame % 32)))
        return NULL;
    const pd_frame_rec probe = {.frame = frame};
    return g_hash_table_lookup(e->frames, &probe);
}

pd_finding *pd_frame_rec_finding(const pd_frame_rec *r, guint i)
{
    return r->n_findings == 1 ? r->findings.one : r->findings.many[i];
}

void pd_frame_rec_add_finding(pd_frame_rec *r, pd_finding *f)
{
    if (r->n_findings == 0) {
        r->findings.one = f;
    } else {
        if (r->n_findings == 1) {
            pd_finding *first = r->findings.one;
            r->findings.many = g_new(pd_finding *, 2);
            r->findings.many[0] = first;
        } else {
            r->findings.many = g_renew(pd_finding *, r->findings.many, r->n_findings + 1);
        }
        r->findings.many[r->n_findings] = f;
    }
    r->n_findings++;
}

void pd_frame_rec_drop_findings(pd_frame_rec *r, const pd_finding *f, guint session)
{
    guint keep = 0;
    for (guint i = 0; i < r->n_findings; i++) {
        pd_finding *x = pd_frame_rec_finding(r, i);
        if (f ? x != f : x->session != session) {
            if (r->n_findings > 1)
                r->findings.many[keep] = x;
            keep++;
        }
    }
    if (r->n_findings > 1 && keep <= 1) {
        pd_finding **many = r->findings.many;
        r->findings.one = keep ? many[0] : NULL;
        g_free(many);
    } else if (r->n_findings == 1 && !keep) {
        r->findings.one = NULL;
    }
    r->n_findings = keep;
}

void pd_frame_rec_remove(pd_engine *e, guint32 frame)
{
    const pd_frame_rec probe = {.frame = frame};
    g_hash_table_remove(e->frames, &probe);
}

/* Adds milestone @sm to @s's list, after those of its frame and earlier ones (the list stays in
 * frame order for pd_session_milestone_at, and the newest of a frame stays its last). */
void pd_milestone_insert(pd_session *s, pd_session_milestone sm)
{
    pd_session_info *in = &s->info;
    guint at = in->n_milestones; /* observations come in frame order: mostly the end */
    while (at > 0 && in->milestones[at - 1].frame > sm.frame)
        at--;
    in->milestones = pd_vec_insert(in->milestones, &in->n_milestones, at, &sm, sizeof sm);
}

void pd_milestone_add(pd_engine *e, pd_session *s, guint32 frame, pd_milestone m)
{
    (void)e;
    pd_session_milestone sm = {frame, m};
    pd_milestone_insert(s, sm);
}

pd_milestone pd_session_milestone_at(const pd_session *s, guint32 frame)
{
    const pd_session_milestone *ms = s->info.milestones;
    guint n = s->info.n_milestones;
    /* most frames asked about come after the session's last milestone (the first pass asks
     * for the newest frame) */
    if (!n || ms[n - 1].frame < frame)
        return PD_MS_NONE;
    guint lo = 0, hi = n; /* the first entry after @frame */
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (ms[mid].frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo && ms[lo - 1].frame == frame ? ms[lo - 1].milestone : PD_MS_NONE;
}

pd_session *pd_session_new(pd_engine *e, guint32 frame, double time, pd_carrier carrier)
{
    pd_session *s = g_new0(pd_session, 1);
    s->info.carrier = (guint8)carrier;
    s->info.index = e->sessions->len;
    s->info.first_frame = frame;
    s->info.last_frame = frame;
    s->last_time = time;
    g_ptr_array_add(e->sessions, s);
    return s;
}

void pd_track_touch(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_touch(e, s, o, NULL);
}

guint32 pd_frame_owner(const pd_engine *e, guint32 frame)
{
    return pd_framemap_get(e->owners, frame);
}

/* Marks the frame of @o as belonging to @s (or to @flow) and keeps the session's extent. The
 * first session named keeps the frame; a flow always takes it. */
void pd_touch(pd_engine *e, pd_session *s, const pd_observation *o, pd_flow *flow)
{
    guint32 *owner = pd_framemap_last(e->owners, o->frame); /* observations come in order */
    if (owner && flow)
        *owner = PD_OWNER_FLOW | flow->index;
    else if (owner && !*owner)
        *owner = s->info.index + 1;
    if (o->frame > s->info.last_frame)
        s->info.last_frame = o->frame;
    if (o->esp && !s->info.esp)
        s->info.esp = o->esp;
    if (o->time > s->last_time)
        s->last_time = o->time;
}

pd_link *pd_link_new(pd_session *s)
{
    pd_link *c = g_new0(pd_link, 1);
    c->s = s;
    c->index = s->n_links;
    c->ppp = pd_ppp_link_new();
    PD_VEC_APPEND(s->links, s->n_links, c);
    return c;
}

/* Which direction of @s the capture holds a frame of (pd_session_one_way). */
void pd_sent_by(pd_session *s, int dir, gboolean syn_only)
{
    if (dir == PD_DIR_PNS) {
        s->sent_by_client = TRUE;
        s->client_past_syn |= !syn_only;
    } else {
        s->sent_by_server = TRUE;
    }
}

void pd_session_note_ttl(pd_session *s, int dir, guint8 ttl)
{
    guint8 *first = dir == PD_DIR_PNS ? &s->client_ttl : &s->server_ttl;
    if (!*first)
        *first = ttl;
    else if (ttl && ttl != *first)
        s->ttl_varies = TRUE;
}

void pd_session_swap_ends(pd_session *s)
{
    pd_addr a = s->info.client;
    s->info.client = s->info.server;
    s->info.server = a;
    guint16 port = s->info.client_port;
    s->info.client_port = s->info.server_port;
    s->info.server_port = port;
    guint8 ttl = s->client_ttl;
    s->client_ttl = s->server_ttl;
    s->server_ttl = ttl;
    gboolean by_client = s->sent_by_client;
    s->sent_by_client = s->sent_by_server;
    s->sent_by_server = by_client;
    s->client_past_syn = s->sent_by_client;
}

pd_session *pd_track_frame_session(const pd_engine *e, guint32 frame)
{
    guint32 owner = pd_frame_owner(e, frame);
    if (owner & PD_OWNER_FLOW)
        return pd_track_owner_session(e, owner, NULL);
    return pd_track_owner_session(e, owner, pd_frame_rec_find(e, frame));
}

pd_session *pd_track_owner_session(const pd_engine *e, guint32 owner, const pd_frame_rec *r)
{
    if (owner & PD_OWNER_FLOW) {
        const pd_flow *f = g_ptr_array_index(e->all_flows, owner & ~PD_OWNER_FLOW);
        return !f ? NULL : f->call ? f->call->s : f->orphan;
    }
    pd_session *s = r && r->session ? r->session
                  : owner ? g_ptr_array_index(e->sessions, owner - 1)
                          : NULL;
    while (s && s->merged_into) /* a GRE-only session a control connection took over */
        s = s->merged_into;
    return s;
}

gpointer pd_vec_room(gpointer v, guint n, gsize size)
{
    if (n == 0 || !(n & (n - 1))) /* full: n is 0 or a power of two */
        v = g_realloc(v, (n ? 2 * (gsize)n : 1) * size);
    return v;
}

void pd_vec_remove(gpointer v, guint *n, guint i, gsize size)
{
    char *b = v;
    memmove(b + i * size, b + (i + 1) * size, (*n - i - 1) * size);
    (*n)--;
}

gpointer pd_vec_insert(gpointer v, guint *n, guint i, gconstpointer item, gsize size)
{
    char *b = pd_vec_room(v, *n, size);
    memmove(b + (i + 1) * size, b + i * size, (*n - i) * size);
    memcpy(b + i * size, item, size);
    (*n)++;
    return b;
}

void pd_slices_free(void **slice, guint n)
{
    for (guint j = 0; slice && j < n; j++)
        g_free(slice[j]);
    g_free(slice);
}

void pd_session_free(gpointer p)
{
    pd_session *s = p;
    if (!s)
        return; /* evicted */
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        g_free(c->ppp);
        g_free(c->capture_lost);
        pd_l2tp_call_free(c->l2tp);
        pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
        g_free(c);
    }
    pd_slices_free(s->slice, PD_MAX_SESSION_SLICES);
    g_free(s->dns_frames);
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding_free(s->findings[i]);
    }
    g_free(s->links);
    pd_pptp_ctl_free(&s->ctl);
    if (s->pppoe)
        pd_pppoe_disc_free(s->pppoe);
    if (s->l2tp)
        pd_l2tp_tunnel_free(s->l2tp);
    g_free(s->ppponly);
    g_free(s->ike);
    g_free(s->findings);
    g_free(s->info.milestones);
    g_free(s->info.name);
    g_free(s);
}

static guint rec_hash(gconstpointer p)
{
    return ((const pd_frame_rec *)p)->frame;
}

static gboolean rec_eq(gconstpointer a, gconstpointer b)
{
    return ((const pd_frame_rec *)a)->frame == ((const pd_frame_rec *)b)->frame;
}

static void rec_free(gpointer p)
{
    pd_frame_rec *r = p;
    if (r->n_findings > 1)
        g_free(r->findings.many);
    g_free(r);
}

void pd_track_init(pd_engine *e)
{
    e->sessions = g_ptr_array_new_with_free_func(pd_session_free);
    pd_pptp_init(&e->pptp);
    pd_pppoe_init(&e->pppoe);
    pd_l2tp_init(&e->l2tp);
    pd_ppponly_init(&e->ppponly);
    pd_ike_init(&e->ike);
    e->owners = pd_framemap_new();
    e->scratch_findings = g_ptr_array_new();
    e->frames = g_hash_table_new_full(rec_hash, rec_eq, rec_free, NULL);
    e->rec_bits = g_array_new(FALSE, TRUE, sizeof(guint32));
    e->all_flows = g_ptr_array_new_with_free_func(pd_flow_free);
    e->eoc = g_ptr_array_new();
    e->settling.v = g_array_new(FALSE, FALSE, sizeof(guint));
    e->evictable.v = g_array_new(FALSE, FALSE, sizeof(guint));
    e->dns = g_hash_table_new_full(pd_dns_key_hash, pd_dns_key_eq, g_free, g_free);
    e->probes = pd_probes_new();
}

void pd_track_clear(pd_engine *e)
{
    pd_pptp_clear(&e->pptp);
    pd_pppoe_clear(&e->pppoe);
    pd_l2tp_clear(&e->l2tp);
    pd_ppponly_clear(&e->ppponly);
    pd_ike_clear(&e->ike);
    g_hash_table_destroy(e->frames);
    g_array_free(e->rec_bits, TRUE);
    pd_framemap_free(e->owners);
    g_ptr_array_free(e->scratch_findings, TRUE);
    g_array_free(e->settling.v, TRUE);
    g_array_free(e->evictable.v, TRUE);
    g_hash_table_destroy(e->dns);
    pd_probes_free(e->probes);
    g_ptr_array_free(e->eoc, TRUE);
    g_ptr_array_free(e->sessions, TRUE);
    g_ptr_array_free(e->all_flows, TRUE);
}
