/* pd_track.c: the tracker (see pd_track.h). It records what the observations say: control
 * connections (RFC 2637 section 2), their calls (Call ID / Peer Call ID), the GRE flows of the
 * calls (RFC 2637 section 4, keyed by the receiver's Call ID), ICMP errors linked to the packets
 * they quote, DNS lookups, and feeds each call's PPP frames to its PPP link (pd_ppp.h). It
 * decides nothing: after recording, it tells the rule families (pd_family.h) what happened.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"
#include "pd_names.h"

#include <string.h>

G_STATIC_ASSERT(sizeof(pd_tcp_key) == 2 * sizeof(pd_addr) + 2); /* no padding */

/* An unordered address pair, for GRE seen without its control connection. */
typedef struct {
    pd_addr lo, hi;
} pair_key;

/* A DNS lookup's key: querier and name. */
typedef struct {
    pd_addr client;
    char name[128];
} dns_key;


#define KEY_FUNCS(type)                                                                        \
    static guint type##_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(type)); }          \
    static gboolean type##_eq(gconstpointer a, gconstpointer b)                                \
    {                                                                                          \
        return memcmp(a, b, sizeof(type)) == 0;                                                \
    }
KEY_FUNCS(pd_tcp_key)
KEY_FUNCS(pair_key)
KEY_FUNCS(dns_key)
KEY_FUNCS(pd_gre_key)

guint pd_addr_hash(gconstpointer k) { return pd_hash_bytes(k, sizeof(pd_addr)); }
gboolean pd_addr_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(pd_addr)) == 0; }

/* ---- events ------------------------------------------------------------------------------ */

/* For each event kind, the families that take it (pd_family.events), in pd_families[] order:
 * built once, so an event costs a call only to the families that look at it. */
static struct {
    guint n;
    const pd_family *fam[PD_MAX_FAMILIES];
} handlers[PD_EV_N_KINDS];

static void handlers_init(void)
{
    static gsize ready;
    if (!g_once_init_enter(&ready))
        return;
    for (guint k = 0; k < PD_EV_N_KINDS; k++)
        for (guint i = 0; i < pd_n_families; i++)
            if (pd_families[i]->on_event && (pd_families[i]->events & PD_EV_BIT(k)))
                handlers[k].fam[handlers[k].n++] = pd_families[i];
    g_once_init_leave(&ready, 1);
}

static void emit(pd_engine *e, pd_event *ev)
{
    handlers_init();
    for (guint i = 0; i < handlers[ev->kind].n; i++)
        handlers[ev->kind].fam[i]->on_event(e, ev);
}

static void emit_kind(pd_engine *e, pd_event_kind kind, const pd_observation *o, pd_session *s,
                      pd_call *c, pd_flow *flow, int dir)
{
    pd_event ev = {.kind = kind, .o = o, .s = s, .c = c, .flow = flow, .dir = dir};
    emit(e, &ev);
}

/* The call's PPP ended (LCP Terminate-Request from @by, or the call or control connection ended,
 * @by -1): unless something explains the call already, each family may offer an explanation and
 * the verdict module keeps one. */
static void call_end(pd_engine *e, pd_call *c, int by, guint32 frame, double time)
{
    if (!c->ppp || pd_call_explanation(c))
        return;
    pd_call_end_info end = {by, frame, time};
    GPtrArray *cands = pd_candidates_new();
    for (guint i = 0; i < pd_n_families; i++)
        if (pd_families[i]->on_call_end)
            pd_families[i]->on_call_end(e, c, &end, cands);
    pd_verdict_choose(e, c, frame, cands);
    g_ptr_array_free(cands, TRUE);
}

/* ---- records ----------------------------------------------------------------------------- */

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
static void milestone_insert(pd_session *s, pd_session_milestone sm)
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
    milestone_insert(s, sm);
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

static pd_session *session_new(pd_engine *e, guint32 frame, double time)
{
    pd_session *s = g_new0(pd_session, 1);
    s->info.index = e->sessions->len;
    s->info.first_frame = frame;
    s->info.last_frame = frame;
    s->last_time = time;
    g_ptr_array_add(e->sessions, s);
    return s;
}

static void touch(pd_engine *e, pd_session *s, const pd_observation *o, pd_flow *flow);

void pd_track_touch(pd_engine *e, pd_session *s, const pd_observation *o)
{
    touch(e, s, o, NULL);
}

guint32 pd_frame_owner(const pd_engine *e, guint32 frame)
{
    return pd_framemap_get(e->owners, frame);
}

/* Marks the frame of @o as belonging to @s (or to @flow) and keeps the session's extent. The
 * first session named keeps the frame; a flow always takes it. */
static void touch(pd_engine *e, pd_session *s, const pd_observation *o, pd_flow *flow)
{
    guint32 *owner = pd_framemap_last(e->owners, o->frame); /* observations come in order */
    if (owner && flow)
        *owner = PD_OWNER_FLOW | flow->index;
    else if (owner && !*owner)
        *owner = s->info.index + 1;
    if (o->frame > s->info.last_frame)
        s->info.last_frame = o->frame;
    if (o->time > s->last_time)
        s->last_time = o->time;
}

static pd_call *call_new(pd_session *s)
{
    pd_call *c = g_new0(pd_call, 1);
    c->s = s;
    c->index = s->n_calls;
    c->ppp = pd_ppp_link_new();
    PD_VEC_APPEND(s->calls, s->n_calls, c);
    return c;
}

static pd_call *call_by_id(pd_session *s, gboolean pns, guint16 id)
{
    for (guint i = s->n_calls; i-- > 0;) {
        pd_call *c = s->calls[i];
        if (pns ? (c->has_pns_id && c->pns_id == id) : (c->has_pac_id && c->pac_id == id))
            return c;
    }
    return NULL;
}

static void pair_of(const pd_addr *a, const pd_addr *b, pair_key *pk)
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
    pair_key pk;
    pair_of(&t->client, &t->server, &pk);
    return pair_key_hash(&pk);
}

static gboolean hosts_eq(gconstpointer a, gconstpointer b)
{
    const pd_tcp_key *x = a, *y = b;
    return (pd_addr_eq(&x->client, &y->client) && pd_addr_eq(&x->server, &y->server)) ||
           (pd_addr_eq(&x->client, &y->server) && pd_addr_eq(&x->server, &y->client));
}

/* Flow @f no longer belongs to its GRE-only (or mismatch) holder: a call of session @to took it.
 * A GRE-only holder left with no GRE and no finding is absorbed into @to. */
static void flow_unlink_orphan(pd_engine *e, pd_flow *f, pd_session *to)
{
    pd_session *o = f->orphan;
    if (!o)
        return;
    g_ptr_array_remove(o->flows, f);
    f->orphan = NULL;
    if (o->flows->len == 0 && o->n_findings == 0) {
        o->info.absorbed = TRUE;
        o->merged_into = to;
        to->entangled = TRUE;
        pair_key pk;
        pair_of(&f->key.src, &f->key.dst, &pk);
        if (g_hash_table_lookup(e->by_pair, &pk) == o)
            g_hash_table_remove(e->by_pair, &pk);
    }
}

static void call_swap(pd_call *c);

/* GRE of call @c in direction @dir, flow @f, came before the reply that set the call up (a
 * capture merged without sorting: derived/tapmerge2-healthy_long-client.pcap) and was held by a
 * GRE-only call: while @c's PPP has seen nothing, what that call's PPP saw (and the rule
 * families' state of it) becomes @c's, its directions turned to @dir. */
static void take_early_ppp(pd_call *c, pd_flow *f, int dir)
{
    pd_call *g = f->call;
    if (!g->ppp || !c->ppp || c->ppp->last_rx[0] || c->ppp->last_rx[1])
        return;
    if (f->dir != dir)
        call_swap(g);
    pd_ppp_link *l = c->ppp;
    c->ppp = g->ppp;
    g->ppp = l;
    void **t = c->slice;
    c->slice = g->slice;
    g->slice = t;
}

/* Whether call @c's evidence of GRE the capture lost is only the file's drops without a place
 * (likely): any other evidence (confirmed) takes over from it. */
static gboolean capture_lost_weak(const pd_call *c)
{
    return c->capture_lost->why == PD_CAPTURE_LOSS_DROPS && !c->capture_lost->drops_frame;
}

/* Call @c's GRE of direction @dir is missing from the capture, not lost on the way: the first
 * evidence (frame @frame, Sequence Number @seq, how: pd_capture_loss) is kept, unless it is
 * weak (capture_lost_weak). */
static void capture_lost(pd_call *c, guint32 frame, guint32 seq, int dir, pd_capture_loss why,
                         guint32 drops_frame)
{
    if (!c->capture_lost)
        c->capture_lost = g_new(pd_capture_lost, 1);
    else if (!capture_lost_weak(c))
        return;
    *c->capture_lost = (pd_capture_lost){.frame = frame, .seq = seq, .drops_frame = drops_frame,
                                         .dir = (guint8)dir, .why = (guint8)why};
}

/* Flow @f of call @c (NULL: none) has just skipped Sequence Numbers (its live gap_lo..gap_hi) at
 * @o, its packet before being frame @prev: the capture lost them when the capture file records
 * drops in between (e->drops_frame), or when the capture is taken where @f's side sends (its
 * TTLs as sent: every packet it sends passes there); most likely when the file records drops
 * without saying where (e->drops_anywhere). Only in the network phase of a call whose
 * GRE key no other live call shares: before it, a call set up again with the same Call IDs
 * (a retry) can still receive the earlier call's last packets, whose numbers skip. */
static void capture_skipped(pd_engine *e, pd_call *c, pd_flow *f, guint32 prev,
                            const pd_observation *o)
{
    if (!c || !c->up_frame || c->collides_with)
        return;
    pd_vantage own = f->dir == PD_DIR_PNS ? PD_VANTAGE_CLIENT : PD_VANTAGE_SERVER;
    guint32 lo = f->live->gap_lo;
    if (e->drops_frame > prev && e->drops_frame <= o->frame &&
        (!c->capture_lost || capture_lost_weak(c))) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_DROPS, e->drops_frame);
    } else if (pd_session_vantage(c->s) == own) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_OWN, 0);
    } else if (e->drops_anywhere && !c->capture_lost) {
        capture_lost(c, o->frame, lo, f->dir, PD_CAPTURE_LOSS_DROPS, 0);
    }
}

/* The GRE direction (@src -> @dst, key @call_id) now belongs to @c as @dir: adopt any flow seen
 * before the control connection said so, or prepare an empty one. */
static void call_bind(pd_engine *e, pd_call *c, int dir, const pd_addr *src, const pd_addr *dst,
                      guint16 call_id)
{
    if (c->flow[dir])
        return;
    pd_gre_key k;
    memset(&k, 0, sizeof k);
    k.src = *src;
    k.dst = *dst;
    k.call_id = call_id;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (f && f->call && f->call != c) {
        /* GRE seen before the control connection that sets it up (f->orphan: a GRE-only call
         * holds it) is adopted; else the Call ID is reused by a newer call: the older call's
         * flow ends here. If the older call is still up on another control connection, the two
         * calls share a GRE key. */
        gboolean adopt = f->orphan != NULL;
        if (adopt)
            take_early_ppp(c, f, dir);
        if (!adopt && f->call->established && !f->call->end_frame && f->call->s != c->s) {
            c->collides_with = f->call;
            f->call->s->entangled = TRUE;
        }
        if (!adopt) { /* the older call keeps it, to free it with its session */
            pd_session *old = f->call->s;
            if (!old->ended_flows)
                old->ended_flows = g_ptr_array_new();
            g_ptr_array_add(old->ended_flows, f);
        }
        f->call->flow[f->dir] = NULL;
        if (!adopt)
            f = NULL;
    }
    if (!f) {
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->index = e->all_flows->len;
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_replace(e->by_gre, &f->key, f);
    }
    flow_unlink_orphan(e, f, c->s);
    f->call = c;
    f->dir = dir;
    c->flow[dir] = f;
}

/* ---- calls set up before the capture (GRE-only sessions) --------------------------------- */

/* The Call IDs of call @c set up before the capture: the keys of its GRE (GRE to the server
 * carries the server's Call ID, GRE to the client the client's: RFC 2637 4.1). */
static void gre_only_ids(pd_call *c)
{
    c->has_pac_id = c->flow[PD_DIR_PNS] != NULL;
    c->pac_id = c->has_pac_id ? c->flow[PD_DIR_PNS]->key.call_id : 0;
    c->has_pns_id = c->flow[PD_DIR_PAC] != NULL;
    c->pns_id = c->has_pns_id ? c->flow[PD_DIR_PAC]->key.call_id : 0;
}

/* Call @c's roles were guessed the wrong way round: its directions swap (GRE flows, PPP facts,
 * Call IDs); the rule families' state of the call starts again (their findings stay). */
static void call_swap(pd_call *c)
{
    pd_flow *f = c->flow[0];
    c->flow[0] = c->flow[1];
    c->flow[1] = f;
    for (int d = 0; d < 2; d++)
        if (c->flow[d])
            c->flow[d]->dir = d;
    if (c->ppp)
        pd_ppp_link_swap(c->ppp);
    pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
    c->slice = NULL;
    gre_only_ids(c);
}

/* The call of GRE-only session @a that a new GRE direction, sent by @o's sender, joins: the
 * latest call with GRE only the other way, else a new call set up before the capture (NULL at
 * max_calls). Its direction goes to @dir. */
static pd_call *gre_only_call(pd_engine *e, pd_session *a, const pd_observation *o, int *dir)
{
    *dir = pd_addr_equal(&o->src, &a->info.client) ? PD_DIR_PNS : PD_DIR_PAC;
    for (guint i = a->n_calls; i-- > 0;) {
        pd_call *c = a->calls[i];
        if (!c->flow[*dir] && c->flow[1 - *dir])
            return c;
    }
    if (a->n_calls >= e->cfg.max_calls)
        return NULL;
    pd_call *c = call_new(a);
    c->before_capture = TRUE;
    return c;
}

/* A control connection @s seen mid-stream names, in a Set-Link-Info, Call-Clear-Request or
 * Call-Disconnect-Notify from @sender, the Call ID @id: the key of the GRE @sender sends
 * (@sent: Set-Link-Info's Peer Call ID, RFC 2637 2.15) or receives (a Call ID, its own: 2.11,
 * 2.13). If a GRE-only session between the same hosts holds that GRE, its call (flows, PPP,
 * findings) moves to @s, with the roles @s shows (who listens on TCP 1723); a GRE-only session
 * left without calls is absorbed into @s with its milestones. Returns the call, or NULL. */
static pd_call *take_gre_only_call(pd_engine *e, pd_session *s, const pd_addr *sender,
                                   gboolean sent, guint16 id)
{
    pair_key pk;
    pair_of(&s->info.client, &s->info.server, &pk);
    pd_session *a = g_hash_table_lookup(e->by_pair, &pk);
    if (!a || !a->info.gre_only || s->n_calls >= e->cfg.max_calls)
        return NULL;
    pd_call *g = NULL;
    for (guint i = 0; i < a->n_calls && !g; i++) {
        pd_call *c = a->calls[i];
        for (int d = 0; d < 2; d++) {
            const pd_flow *f = c->flow[d];
            if (f && f->key.call_id == id && pd_addr_equal(sent ? &f->key.src : &f->key.dst, sender))
                g = c;
        }
    }
    if (!g)
        return NULL;
    s->entangled = TRUE;
    if (!pd_addr_equal(&a->info.client, &s->info.client))
        call_swap(g);
    guint from = g->index;
    pd_vec_remove(a->calls, &a->n_calls, from, sizeof *a->calls);
    for (guint i = from; i < a->n_calls; i++)
        a->calls[i]->index = i;
    g->s = s;
    g->index = s->n_calls;
    PD_VEC_APPEND(s->calls, s->n_calls, g);
    /* Its findings (and, when nothing else is left, the session's own) go along, before @s's
     * (they came first). */
    gboolean all = a->n_calls == 0;
    guint put = 0;
    for (guint i = 0; i < a->n_findings;) {
        pd_finding *f = a->findings[i];
        if (f->call == (gint)from || (all && f->call < 0)) {
            pd_vec_remove(a->findings, &a->n_findings, i, sizeof *a->findings);
            f->session = s->info.index;
            f->call = f->call < 0 ? -1 : (gint)g->index;
            s->findings = pd_vec_insert(s->findings, &s->n_findings, put++, &f, sizeof f);
            continue;
        }
        if (f->call > (gint)from)
            f->call--;
        i++;
    }
    for (int d = 0; d < 2; d++)
        if (g->flow[d])
            flow_unlink_orphan(e, g->flow[d], s);
    if (a->info.absorbed) {
        for (guint i = 0; i < a->info.n_milestones; i++)
            milestone_insert(s, a->info.milestones[i]);
        a->info.n_milestones = 0;
    }
    s->info.first_frame = MIN(s->info.first_frame, a->info.first_frame);
    s->info.last_frame = MAX(s->info.last_frame, a->info.last_frame);
    s->last_time = MAX(s->last_time, a->last_time);
    pd_verdict_update(a);
    pd_verdict_update(s);
    return g;
}

static void session_free(gpointer p);

/* TRUE when settled session @s may be evicted: a health check, or a healthy session whose only
 * finding is its healthy verdict (no warning, no note), that no other session points into and
 * that is no DNS lookup. Failures are never evicted: they are what the user came for. */
static gboolean evictable(const pd_session *s)
{
    if (s->entangled || s->info.gre_only || s->info.absorbed || s->info.name ||
        s->n_calls_capped)
        return FALSE;
    if (s->light)
        return TRUE;
    if (s->info.verdict != PD_VERDICT_HEALTHY)
        return FALSE;
    for (guint i = 0; i < s->n_findings; i++) {
        const pd_finding *f = s->findings[i];
        if (f->rule != PD_RULE_HEALTHY && !f->superseded_by)
            return FALSE;
    }
    return TRUE;
}

/* Forgets frame @frame's side record of @s (its findings), and the record if nothing else is
 * left in it. */
static void forget_frame(pd_engine *e, pd_session *s, guint32 frame)
{
    pd_frame_rec *r = pd_frame_rec_find(e, frame);
    if (!r)
        return;
    pd_frame_rec_drop_findings(r, NULL, s->info.index);
    if (r->session == s)
        r->session = NULL;
    if (!r->session && !r->n_findings)
        pd_frame_rec_remove(e, frame);
}

static void flow_free(gpointer p)
{
    pd_flow *f = p;
    if (f)
        g_free(f->live);
    g_free(f);
}

static void flow_evict(pd_engine *e, pd_flow *f)
{
    if (g_hash_table_lookup(e->by_gre, &f->key) == f)
        g_hash_table_remove(e->by_gre, &f->key);
    g_ptr_array_index(e->all_flows, f->index) = NULL;
    flow_free(f);
}

/* TRUE when the session or flow of @owner was evicted. */
static gboolean owner_gone(guint32 owner, gpointer data)
{
    const pd_engine *e = data;
    return (owner & PD_OWNER_FLOW)
        ? g_ptr_array_index(e->all_flows, owner & ~PD_OWNER_FLOW) == NULL
        : g_ptr_array_index(e->sessions, owner - 1) == NULL;
}

/* Drops the owners of frames whose session or flow was evicted. */
static void sweep_owners(pd_engine *e)
{
    pd_framemap_sweep(e->owners, owner_gone, e);
    e->unswept = 0;
}

/* ---- the queues of settling and evictable sessions ---------------------------------------- */

static void fifo_push(pd_fifo *q, guint ix)
{
    g_array_append_val(q->v, ix);
}

/* The oldest entry of @q in *@ix; FALSE if @q is empty. */
static gboolean fifo_peek(const pd_fifo *q, guint *ix)
{
    if (q->head >= q->v->len)
        return FALSE;
    *ix = g_array_index(q->v, guint, q->head);
    return TRUE;
}

/* Drops the oldest entry of @q (not empty); the room of gone entries is reused once they are
 * half the array (amortized: each entry is moved at most once per halving). */
static void fifo_pop(pd_fifo *q)
{
    if (++q->head >= 64 && q->head * 2 >= q->v->len) {
        g_array_remove_range(q->v, 0, q->head);
        q->head = 0;
    }
}

/* Forgets session @s: its lookups, its frames' records and its flows go, its index stays (NULL
 * in e->sessions), it is freed. Its client's last SYN stays known (under a copy of the address)
 * when @keep_syn, else it is forgotten if it was this session's. */
static void session_forget(pd_engine *e, pd_session *s, gboolean keep_syn)
{
    gpointer key, frame;
    if (g_hash_table_lookup_extended(e->last_syn, &s->key.client, &key, &frame) &&
        key == &s->key.client) {
        if (keep_syn) {
            pd_addr *copy = g_memdup2(&s->key.client, sizeof s->key.client);
            g_ptr_array_add(e->kept_addrs, copy);
            g_hash_table_replace(e->last_syn, copy, frame);
        } else {
            g_hash_table_remove(e->last_syn, &s->key.client);
        }
    }
    if (g_hash_table_lookup(e->by_tcp, &s->key) == s)
        g_hash_table_remove(e->by_tcp, &s->key);
    if (g_hash_table_lookup(e->by_hosts, &s->key) == s)
        g_hash_table_remove(e->by_hosts, &s->key);
    for (guint i = 0; i < s->n_findings; i++)
        forget_frame(e, s, s->findings[i]->frame);
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        for (int d = 0; d < 2; d++)
            if (c->flow[d])
                flow_evict(e, c->flow[d]);
    }
    for (guint i = 0; s->flows && i < s->flows->len; i++)
        flow_evict(e, g_ptr_array_index(s->flows, i));
    for (guint i = 0; s->ended_flows && i < s->ended_flows->len; i++)
        flow_evict(e, g_ptr_array_index(s->ended_flows, i));
    g_ptr_array_index(e->sessions, s->info.index) = NULL;
    session_free(s);
    /* Sweep once as many sessions went as the cap holds: amortized, each frame's owner is looked
     * at a bounded number of times per cap's worth of new sessions. */
    if (++e->unswept >= MAX(e->cfg.max_sessions, 64u))
        sweep_owners(e);
}

/* Evicts the oldest evictable settled session, if any (a session that became unfit since it
 * settled is passed over): its state, its frames' records and lookups go, its index stays
 * (NULL), it is counted. Returns TRUE if one was evicted. */
static gboolean evict_one(pd_engine *e)
{
    pd_session *s = NULL;
    guint ix;
    while (fifo_peek(&e->evictable, &ix)) {
        fifo_pop(&e->evictable);
        s = g_ptr_array_index(e->sessions, ix);
        if (evictable(s))
            break;
        s = NULL;
    }
    if (!s)
        return FALSE;
    e->n_evicted++;
    e->n_evicted_light += s->light;
    session_forget(e, s, TRUE);
    return TRUE;
}

/* Room for another session? At most max_sessions sessions still open or settling count; light
 * sessions (health checks: closed before any SCCRQ) and settled ones (closed lcp_timeout seconds
 * ago, working state freed) do not, up to PD_LIGHT_FACTOR times the cap kept in all. Past that,
 * the oldest settled health check or healthy session is evicted to make room (evict_one): only
 * open sessions and failures kept fill the cap. Sessions dropped as not PPTP count nowhere.
 * Counts the refusals and tells the families once. */
static gboolean session_room(pd_engine *e, const pd_observation *o)
{
    guint kept = e->sessions->len - e->n_dropped;
    if (kept - e->n_light - e->n_settled < e->cfg.max_sessions &&
        (kept - e->n_evicted < PD_LIGHT_FACTOR * (guint64)e->cfg.max_sessions ||
         evict_one(e)))
        return TRUE;
    e->refused = TRUE;
    if (e->n_capped++ == 0 && e->sessions->len > 0) {
        pd_session *last = NULL;
        for (guint i = e->sessions->len; i > 0 && !last; i--)
            last = g_ptr_array_index(e->sessions, i - 1);
        if (last)
            emit_kind(e, PD_EV_CAPPED, o, last, NULL, NULL, -1);
    }
    return FALSE;
}

/* ---- the control connection (TCP 1723) ---------------------------------------------------- */

/* The PPTP server's port of TCP observation @o: 1723, or the port the user decodes as PPTP. */
static guint16 pptp_port(const pd_observation *o)
{
    return o->tcp.server_port ? o->tcp.server_port : PD_PPTP_PORT;
}

/* A TCP connection on the PPTP port that is not PPTP (e->not_pptp). */
typedef struct {
    pd_tcp_key key;             /* as tcp_session keys its frames */
    double closed_time;         /* when a FIN or RST was seen on it, seconds (0: open) */
} not_pptp_conn;

/* TRUE for a remembered connection closed at or before *@before (seconds). */
static gboolean not_pptp_gone(gpointer key, gpointer value, gpointer before)
{
    (void)key;
    const not_pptp_conn *c = value;
    return c->closed_time && c->closed_time <= *(const double *)before;
}

/* Remembers the connection of key @k as not PPTP, and counts it. At most max_sessions are
 * remembered: past that, connections closed lcp_timeout seconds ago are forgotten first, and
 * if none was, this one is not remembered (its later frames may then make a session, as a
 * connection seen mid-stream). */
static void not_pptp_remember(pd_engine *e, const pd_tcp_key *k, const pd_observation *o)
{
    if (!e->not_pptp)
        e->not_pptp = g_hash_table_new_full(pd_tcp_key_hash, pd_tcp_key_eq, NULL, g_free);
    e->n_not_pptp++;
    if (g_hash_table_size(e->not_pptp) >= e->cfg.max_sessions) {
        double before = o->time - e->cfg.lcp_timeout;
        g_hash_table_foreach_remove(e->not_pptp, not_pptp_gone, &before);
        if (g_hash_table_size(e->not_pptp) >= e->cfg.max_sessions)
            return;
    }
    not_pptp_conn *c = g_new0(not_pptp_conn, 1);
    c->key = *k;
    g_hash_table_replace(e->not_pptp, &c->key, c);
}

/* TRUE when the TCP segment @o (key @k, no session holds it; @syn: a SYN without ACK from
 * @from_client's side) is of a connection that is not PPTP: a SYN from the PPTP port to
 * another port (its sender picked the PPTP port as its own ephemeral port: a client of another
 * service, RFC 6056), remembered from there on, or a segment of a connection remembered so (a
 * FIN or RST closes it). A new SYN from the client of a closed one forgets it: the ports are
 * used again, and the new connection shows what it is. */
static gboolean not_pptp(pd_engine *e, const pd_observation *o, const pd_tcp_key *k, gboolean syn,
                         gboolean from_client)
{
    guint16 port = pptp_port(o);
    if (syn && o->tcp.sport == port && o->tcp.dport != port) {
        if (!e->not_pptp || !g_hash_table_contains(e->not_pptp, k))
            not_pptp_remember(e, k, o);
        return TRUE;
    }
    not_pptp_conn *c = e->not_pptp ? g_hash_table_lookup(e->not_pptp, k) : NULL;
    if (!c)
        return FALSE;
    if (syn && from_client && c->closed_time) {
        g_hash_table_remove(e->not_pptp, k);
        return FALSE;
    }
    if ((o->tcp.flags & (PD_TCP_FIN | PD_TCP_RST)) && !c->closed_time)
        c->closed_time = MAX(o->time, 1e-9);
    return TRUE;
}

static pd_session *tcp_session(pd_engine *e, const pd_observation *o, gboolean *from_client)
{
    pd_tcp_key k;
    memset(&k, 0, sizeof k);
    gboolean syn = (o->tcp.flags & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN;
    guint16 port = pptp_port(o);
    *from_client = o->tcp.dport == port;
    if (o->tcp.sport == port && o->tcp.dport == port) {
        /* Port 1723 on both sides (a client that picked 1723 as its own port): the side is the
         * one a known connection gives, else the SYN's sender is the client. */
        pd_tcp_key r;
        memset(&r, 0, sizeof r);
        r.client = o->dst;
        r.server = o->src;
        r.cport = port;
        *from_client = !g_hash_table_contains(e->by_tcp, &r) &&
                       (syn || !(o->tcp.flags & PD_TCP_SYN));
    }
    k.client = *from_client ? o->src : o->dst;
    k.server = *from_client ? o->dst : o->src;
    k.cport = *from_client ? o->tcp.sport : o->tcp.dport;
    pd_session *s = g_hash_table_lookup(e->by_tcp, &k);
    /* A new SYN on a closed connection's 4-tuple opens a new session (port reuse). */
    if (s && syn && *from_client && s->tcp == PD_TCP_CLOSED)
        s = NULL;
    if (!s) {
        if (o->kind != PD_OBS_TCP)
            return NULL;
        if (not_pptp(e, o, &k, syn, *from_client)) {
            e->refused = TRUE; /* no session will hold its frames */
            return NULL;
        }
        if (!session_room(e, o))
            return NULL;
        s = session_new(e, o->frame, o->time);
        s->key = k;
        s->info.client = k.client;
        s->info.server = k.server;
        s->info.client_port = k.cport;
        s->info.server_port = pptp_port(o);
        s->midstream = !syn;
        /* the key lives in the session (both tables drop it before the session goes) */
        g_hash_table_replace(e->by_tcp, &s->key, s);
        g_hash_table_replace(e->by_hosts, &s->key, s);
    }
    guint8 *ttl = *from_client ? &s->client_ttl : &s->server_ttl;
    if (!*ttl)
        *ttl = o->ttl;
    else if (o->ttl && o->ttl != *ttl)
        s->ttl_varies = TRUE; /* a forwarded copy: the capture is on a router's two legs */
    return s;
}

/* The control connection or the session's calls ended at @o: each open call ends. */
static void close_calls(pd_engine *e, pd_session *s, const pd_observation *o)
{
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        if (c->end_frame)
            continue;
        c->end_frame = o->frame;
        call_end(e, c, -1, o->frame, o->time);
    }
}

/* The control connection of @s is closed at @o (FIN, RST, or a reset answering its SYN): it
 * settles lcp_timeout seconds later (evict_settled), and then no longer counts against
 * max_sessions. */
static void mark_closed(pd_engine *e, pd_session *s, const pd_observation *o)
{
    s->tcp = PD_TCP_CLOSED;
    s->closed_time = o->time;
    fifo_push(&e->settling, s->info.index);
}

static void tcp_closed(pd_engine *e, pd_session *s, const pd_observation *o, gboolean from_client)
{
    int dir = from_client ? PD_DIR_PNS : PD_DIR_PAC;
    if (from_client && !s->client_teardown)
        s->client_teardown = o->frame;
    emit_kind(e, PD_EV_FIN_RST, o, s, NULL, NULL, dir);
    if (s->tcp == PD_TCP_CLOSED)
        return;
    mark_closed(e, s, o);
    pd_milestone_add(e, s, o->frame, PD_MS_CONTROL_CLOSED);
    close_calls(e, s, o);
    emit_kind(e, PD_EV_CONTROL_END, o, s, NULL, NULL, dir);
    if (!s->sccrq_frame && s->n_calls == 0 && s->n_findings == 0) {
        s->light = TRUE; /* a health check: connect, close; nothing to diagnose */
        e->n_light++;
    }
}

/* A call request of @s not tracked because the session has max_calls calls: counted, and said
 * once per session (PD_EV_CALL_CAPPED). */
static void call_capped(pd_engine *e, pd_session *s, const pd_observation *o)
{
    e->n_calls_capped++;
    if (s->n_calls_capped++ == 0)
        emit_kind(e, PD_EV_CALL_CAPPED, o, s, NULL, NULL, -1);
}

int pd_session_one_way(const pd_session *s)
{
    if (s->info.gre_only)
        return -1;
    if (s->sent_by_client && !s->sent_by_server && s->client_past_syn)
        return PD_DIR_PNS;
    if (s->sent_by_server && !s->sent_by_client)
        return PD_DIR_PAC;
    return -1;
}

/* Which direction of @s the capture holds a frame of (pd_session_one_way). */
static void sent_by(pd_session *s, int dir, gboolean syn_only)
{
    if (dir == PD_DIR_PNS) {
        s->sent_by_client = TRUE;
        s->client_past_syn |= !syn_only;
    } else {
        s->sent_by_server = TRUE;
    }
}

/* Session @s turned out not to be PPTP at @o: the first payload of a connection seen from its
 * SYN does not begin with a PPTP control message header (RFC 2637 section 2.1: every message
 * does, and the first byte of the stream begins one). The connection is remembered as not PPTP
 * (its later frames make no session) and the session is dropped: its index stays unused (NULL,
 * as an evicted session's), so no other session is renumbered; its frames so far belong to
 * none; it is counted (pd_engine_n_not_pptp). */
static void drop_not_pptp(pd_engine *e, pd_session *s, const pd_observation *o)
{
    e->refused = TRUE; /* its frames, this one too, are no session's */
    not_pptp_remember(e, &s->key, o);
    e->n_dropped++;
    session_forget(e, s, FALSE);
}

/* The first SYN of control connection @s (at @o) among its client's SYNs to the PPTP port of
 * many hosts (pd_probe.h). The client's previous SYN to that port (e->last_syn, read before it
 * is replaced) stands for the first table: a record is opened only when it went to another
 * host at most PD_PROBE_AGE_S seconds before. */
static void probe_hosts(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_probe_key k = pd_probe_key_of(&s->key.client, NULL, s->info.server_port);
    pd_probe_target now = {pd_probe_host(&s->key.server), o->frame, o->time};
    if (pd_probes_find(e->probes, &k)) {
        pd_probes_add(e->probes, &k, now.target, now.frame, now.time);
        return;
    }
    guint32 prev = GPOINTER_TO_UINT(g_hash_table_lookup(e->last_syn, &s->key.client));
    pd_session *p = prev ? pd_track_frame_session(e, prev) : NULL;
    if (!p || p == s || !p->n_syn || p->info.server_port != s->info.server_port ||
        pd_addr_equal(&p->key.server, &s->key.server) ||
        o->time - p->first_syn_time > PD_PROBE_AGE_S)
        return;
    pd_probe_target before = {pd_probe_host(&p->key.server), p->first_syn, p->first_syn_time};
    pd_probes_open(e->probes, &k, &before, &now);
}

/* Whether the payload of segment @o, sent in direction @dir of control connection @s, is the
 * first byte of that direction's stream: its Sequence Number is one past the SYN's (RFC 9293
 * 3.4); TRUE too when that SYN is not in the capture (nothing tells otherwise). FALSE means the
 * capture lost a segment before it: it may begin in the middle of a message. */
static gboolean stream_start(const pd_session *s, int dir, const pd_observation *o)
{
    return !(s->has_isn & (1u << dir)) || o->tcp.seq == s->isn[dir] + 1;
}

static void on_tcp(pd_engine *e, const pd_observation *o)
{
    if (o->tcp.sport != pptp_port(o) && o->tcp.dport != pptp_port(o))
        return;
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    int dir = from_client ? PD_DIR_PNS : PD_DIR_PAC;
    if (o->tcp.payload_len && !s->payload_seen) {
        s->payload_seen = TRUE;
        if (!s->midstream && s->tcp != PD_TCP_CLOSED &&
            o->tcp.payload_start == PD_TCP_START_OTHER && stream_start(s, dir, o)) {
            drop_not_pptp(e, s, o);
            return;
        }
    }
    if (o->tcp.flags & PD_TCP_SYN) {
        s->isn[dir] = o->tcp.seq;
        s->has_isn |= 1u << dir;
    }
    e->saw_pptp = TRUE;
    touch(e, s, o, NULL);
    guint8 fl = o->tcp.flags;
    sent_by(s, dir, (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN);
    if (from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN) {
        if (s->n_syn++ == 0) {
            s->first_syn = o->frame;
            s->first_syn_time = o->time;
            s->tcp = PD_TCP_SYN_SENT;
            probe_hosts(e, s, o);
        }
        s->last_syn = o->frame;
        /* keyed by the address in the session's key (kept until it is evicted) */
        g_hash_table_replace(e->last_syn, &s->key.client, GUINT_TO_POINTER(o->frame));
        emit_kind(e, PD_EV_SYN, o, s, NULL, NULL, PD_DIR_PNS);
        return;
    }
    if (!from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == (PD_TCP_SYN | PD_TCP_ACK)) {
        if (s->tcp == PD_TCP_SYN_SENT || s->tcp == PD_TCP_NONE) {
            s->tcp = PD_TCP_ESTABLISHED;
            s->synack_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_TCP_CONNECTED);
            emit_kind(e, PD_EV_SYNACK, o, s, NULL, NULL, PD_DIR_PAC);
        }
        return;
    }
    if ((fl & PD_TCP_RST) && !from_client && s->tcp == PD_TCP_SYN_SENT) {
        mark_closed(e, s, o);
        emit_kind(e, PD_EV_RESET_ON_SYN, o, s, NULL, NULL, PD_DIR_PAC);
        return;
    }
    if (fl & (PD_TCP_RST | PD_TCP_FIN)) {
        tcp_closed(e, s, o, from_client);
        return;
    }
    if (s->tcp == PD_TCP_NONE)
        s->tcp = PD_TCP_ESTABLISHED; /* capture started mid-connection */
}

/* OCRP (PAC -> PNS: Call ID of the PAC, Peer Call ID = the PNS's) or ICRP (PNS -> PAC answering
 * an ICRQ: Call ID of the PNS, Peer = the PAC's). Returns the call. */
static pd_call *call_reply(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    if (!p->has_call_id || !p->has_peer_call_id)
        return NULL;
    gboolean ocrp = p->type == PD_PPTP_OCRP;
    guint16 pns = ocrp ? p->peer_call_id : p->call_id;
    guint16 pac = ocrp ? p->call_id : p->peer_call_id;
    pd_call *c = ocrp ? call_by_id(s, TRUE, pns) : call_by_id(s, FALSE, pac);
    if (!c) {
        if (s->n_calls >= e->cfg.max_calls)
            return NULL;
        c = call_new(s);
    }
    c->has_pns_id = c->has_pac_id = TRUE;
    c->pns_id = pns;
    c->pac_id = pac;
    if (!c->reply_frame)
        c->reply_frame = o->frame;
    if (p->has_result && p->result == 1 && !c->established) {
        c->established = TRUE;
        c->up_time = o->time;
        pd_milestone_add(e, s, o->frame, PD_MS_CALL_UP);
        call_bind(e, c, PD_DIR_PNS, &s->info.client, &s->info.server, c->pac_id);
        call_bind(e, c, PD_DIR_PAC, &s->info.server, &s->info.client, c->pns_id);
        emit_kind(e, PD_EV_CALL_UP, o, s, c, NULL, -1);
    }
    return c;
}

static void on_pptp(pd_engine *e, const pd_observation *o)
{
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    touch(e, s, o, NULL);
    const pd_obs_pptp *p = &o->pptp;
    int dir = from_client ? PD_DIR_PNS : PD_DIR_PAC;
    pd_call *c = NULL;
    switch (p->type) {
    case PD_PPTP_SCCRQ:
        if (!s->sccrq_frame)
            s->sccrq_frame = o->frame;
        break;
    case PD_PPTP_SCCRP:
        if (p->has_result && p->result == 1 && !s->sccrp_frame) {
            s->sccrp_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_CONTROL_UP);
        }
        break;
    case PD_PPTP_OCRQ: /* PNS -> PAC, Call ID of the PNS */
        if (!p->has_call_id)
            break;
        c = call_by_id(s, TRUE, p->call_id);
        if (!c) {
            if (s->n_calls >= e->cfg.max_calls) {
                call_capped(e, s, o);
                break;
            }
            c = call_new(s);
            c->has_pns_id = TRUE;
            c->pns_id = p->call_id;
        }
        if (!c->request_frame)
            c->request_frame = o->frame;
        call_bind(e, c, PD_DIR_PAC, &s->info.server, &s->info.client, c->pns_id);
        break;
    case PD_PPTP_OCRP:
    case PD_PPTP_ICRP:
        c = call_reply(e, s, o);
        break;
    case PD_PPTP_ICRQ: /* PAC -> PNS: Call ID of the PAC */
        if (p->has_call_id && !call_by_id(s, FALSE, p->call_id) &&
            s->n_calls >= e->cfg.max_calls)
            call_capped(e, s, o);
        else if (p->has_call_id && !call_by_id(s, FALSE, p->call_id)) {
            c = call_new(s);
            c->has_pac_id = TRUE;
            c->pac_id = p->call_id;
            c->request_frame = o->frame;
        }
        break;
    case PD_PPTP_CCRQ: /* PNS -> PAC, Call ID of the PNS */
    case PD_PPTP_CDN:  /* PAC -> PNS, Call ID of the PAC */
        if (p->type == PD_PPTP_CCRQ && !s->client_teardown)
            s->client_teardown = o->frame;
        if (!p->has_call_id)
            break;
        c = call_by_id(s, p->type == PD_PPTP_CCRQ, p->call_id);
        if (!c && s->midstream)
            c = take_gre_only_call(e, s, &o->src, FALSE, p->call_id);
        if (c && !c->end_frame) {
            c->end_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_CALL_CLEARED);
            /* The server's own reason (call-disconnected) comes before any inference. */
            emit_kind(e, PD_EV_PPTP, o, s, c, NULL, dir);
            call_end(e, c, -1, o->frame, o->time);
            return;
        }
        c = NULL; /* a call already over, or unknown: nothing ends here */
        break;
    case PD_PPTP_SLI: /* PNS -> PAC with the PAC's Call ID (RFC 2637 2.15); Windows servers also
                       * send it, with the PNS's (public pptpcrack-test.pcap, ndpi-pptp.pcap) */
        c = p->has_peer_call_id ? call_by_id(s, !from_client, p->peer_call_id) : NULL;
        if (!c && p->has_call_id)
            c = call_by_id(s, TRUE, p->call_id);
        if (!c && p->has_peer_call_id && s->midstream)
            c = take_gre_only_call(e, s, &o->src, TRUE, p->peer_call_id);
        if (c && !c->sli_frame)
            c->sli_frame = o->frame;
        break;
    case PD_PPTP_StopCCRQ:
        if (from_client && !s->client_teardown)
            s->client_teardown = o->frame;
        close_calls(e, s, o);
        break;
    default:
        break;
    }
    emit_kind(e, PD_EV_PPTP, o, s, c, NULL, dir);
}

/* ---- GRE --------------------------------------------------------------------------------- */

/* GRE-only session for an address pair (capture started mid-session, or GRE came before the
 * control connection that will claim it). */
static pd_session *orphan_session(pd_engine *e, const pd_observation *o)
{
    pair_key pk;
    pair_of(&o->src, &o->dst, &pk);
    pd_session *s = g_hash_table_lookup(e->by_pair, &pk);
    if (!s) {
        if (!session_room(e, o))
            return NULL;
        s = session_new(e, o->frame, o->time);
        s->info.gre_only = TRUE;
        s->info.roles_unsure = TRUE;
        /* Unknown roles until authentication names the server (gre_only_roles): the one peer
         * with a private address is called the client (a client behind NAT dialling a public
         * server, the common case), else the first sender of GRE. */
        gboolean swap = !pd_addr_private(&o->src) && pd_addr_private(&o->dst);
        s->info.client = swap ? o->dst : o->src;
        s->info.server = swap ? o->src : o->dst;
        g_hash_table_insert(e->by_pair, g_memdup2(&pk, sizeof pk), s);
        pd_milestone_add(e, s, o->frame, PD_MS_GRE_NO_CONTROL);
    }
    return s;
}

/* GRE between the hosts of a control connection with a live call, with a Call ID none of its
 * calls set up: the session that should own it, or NULL. */
static pd_session *mismatch_session(pd_engine *e, const pd_observation *o)
{
    pd_tcp_key hk;
    memset(&hk, 0, sizeof hk);
    hk.client = o->src;
    hk.server = o->dst;
    pd_session *s = g_hash_table_lookup(e->by_hosts, &hk);
    if (!s || s->midstream)
        return NULL;
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        if (c->established && !c->end_frame)
            return s;
    }
    return NULL;
}

/* GRE from the client to the server of a control connection whose capture holds the client's
 * direction only (pd_session_one_way): its key is the server's Call ID, from an
 * Outgoing-Call-Reply the capture lacks (RFC 2637 2.8, 4.1), so it belongs to the latest call
 * requested there, open, without a reply and without GRE from the client yet; or NULL. */
static pd_call *one_way_call(pd_engine *e, const pd_observation *o)
{
    pd_tcp_key hk;
    memset(&hk, 0, sizeof hk);
    hk.client = o->src;
    hk.server = o->dst;
    pd_session *s = g_hash_table_lookup(e->by_hosts, &hk);
    if (!s || !pd_addr_equal(&s->info.client, &o->src) ||
        pd_session_one_way(s) != PD_DIR_PNS)
        return NULL;
    for (guint i = s->n_calls; i-- > 0;) {
        pd_call *c = s->calls[i];
        if (c->request_frame && !c->reply_frame && !c->has_pac_id && !c->end_frame &&
            !c->flow[PD_DIR_PNS] && c->ppp)
            return c;
    }
    return NULL;
}

pd_ppp_frame pd_ppp_frame_of(const pd_obs_gre *g)
{
    pd_ppp_frame f = {
        .protocol = g->ppp_protocol, .code = g->ppp_code, .message = g->ppp_message,
        .malformed = g->ppp_malformed, .cp_options = g->cp_options,
        .auth_protocol = g->auth_protocol, .auth_algorithm = g->auth_algorithm,
        .has_ipcp_address = g->has_ipcp_address, .rejected_protocol = g->rejected_protocol,
        .rejected_code = g->rejected_code,
        .mppe_bits = g->mppe_bits,
    };
    memcpy(f.ipcp_address, g->ipcp_address, 4);
    return f;
}

/* PPP milestones the PPP module's events stand for. */
static void ppp_milestones(pd_engine *e, pd_session *s, guint32 frame, guint ev)
{
    static const struct {
        guint ev;
        pd_milestone ms;
    } map[] = {
        {PD_PPP_EV_LCP_OPENED, PD_MS_LCP_OPENED}, {PD_PPP_EV_AUTH_OK, PD_MS_AUTH_OK},
        {PD_PPP_EV_CCP_UP, PD_MS_CCP_UP},         {PD_PPP_EV_DATA_BOTH, PD_MS_DATA},
        {PD_PPP_EV_LCP_TERMINATE, PD_MS_LCP_TERMINATE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(map); i++)
        if (ev & map[i].ev)
            pd_milestone_add(e, s, frame, map[i].ms);
}

/* Who is who in GRE-only session @s (the capture started mid-session): the authenticator, which
 * sends the CHAP Challenge, Success and Failure and the PAP Ack and Nak, is the server (RFC 1994
 * 4, RFC 1334 2.2, RFC 2759), not the first sender of GRE. Roles are swapped at most once, with
 * the directions of the session's calls. */
static void gre_only_roles(pd_session *s, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    gboolean chap = g->ppp_protocol == PD_PPP_CHAP, pap = g->ppp_protocol == PD_PPP_PAP;
    gboolean from_authenticator =
        (chap && g->ppp_code != PD_CHAP_RESPONSE && g->ppp_code) ||
        (pap && (g->ppp_code == PD_PAP_ACK || g->ppp_code == PD_PAP_NAK));
    if (!from_authenticator || s->ppp_roles)
        return;
    s->ppp_roles = TRUE;
    s->info.roles_unsure = FALSE;
    if (!pd_addr_equal(&o->src, &s->info.client))
        return;
    pd_addr a = s->info.client;
    s->info.client = s->info.server;
    s->info.server = a;
    for (guint i = 0; i < s->n_calls; i++)
        call_swap(s->calls[i]);
}

static void on_gre(pd_engine *e, const pd_observation *o)
{
    pd_gre_key k;
    memset(&k, 0, sizeof k);
    k.src = o->src;
    k.dst = o->dst;
    k.call_id = o->gre.call_id;
    e->saw_pptp = TRUE;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    pd_call *oc = f ? NULL : one_way_call(e, o);
    if (oc) {
        oc->has_pac_id = TRUE;
        oc->pac_id = o->gre.call_id;
        call_bind(e, oc, PD_DIR_PNS, &o->src, &o->dst, oc->pac_id);
        f = oc->flow[PD_DIR_PNS];
    }
    if (!f) {
        pd_session *owner = mismatch_session(e, o);
        if (owner && owner->n_calls_capped) {
            e->refused = TRUE; /* likely a call not tracked because of max_calls */
            return;            /* (state-cap-reached) */
        }
        pd_session *holder = owner ? owner : orphan_session(e, o);
        if (!holder || (holder->flows && holder->flows->len >= e->cfg.max_calls) ||
            e->all_flows->len >= 2 * (guint64)e->cfg.max_sessions) {
            e->refused = TRUE; /* capped: counted nowhere, diagnosed nowhere (state-cap-reached */
            return;            /* says so) */
        }
        int dir = 0;
        pd_call *gc = owner ? NULL : gre_only_call(e, holder, o, &dir);
        if (!owner && !gc)
            return;
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->orphan = holder;
        if (gc) { /* GRE-only: the call set up before the capture, whose PPP is analysed */
            f->call = gc;
            f->dir = dir;
            gc->flow[dir] = f;
            gre_only_ids(gc);
        }
        if (!holder->flows)
            holder->flows = g_ptr_array_new();
        g_ptr_array_add(holder->flows, f);
        f->index = e->all_flows->len;
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_insert(e->by_gre, &f->key, f);
        if (owner)
            emit_kind(e, PD_EV_GRE_UNKNOWN, o, owner, NULL, f, -1);
    }
    guint32 prev_frame = f->n ? f->last_frame : 0; /* the flow's packet before this one */
    if (f->n++ == 0)
        f->first_frame = o->frame;
    f->last_frame = o->frame;
    pd_call *c = f->call;
    if (!f->live && (!c || c->ppp)) /* not once the call is settled */
        f->live = g_new0(pd_flow_live, 1);
    pd_flow_live *l = f->live;
    if (l) {
        pd_flow_packet *p = &l->recent[l->recent_pos];
        p->ip_id = o->ip_id;
        p->has_seq = o->gre.has_seq;
        p->seq = o->gre.seq;
        p->frame = o->frame;
        l->recent_pos = (l->recent_pos + 1) % PD_RECENT;
    }
    pd_session *s = c ? c->s : f->orphan;
    touch(e, s, o, f);
    if (c && s->info.gre_only)
        gre_only_roles(s, o);
    if (c && !s->info.gre_only)
        sent_by(s, f->dir, FALSE);
    if (!c || !c->ppp || !l)
        return; /* GRE of unknown Call ID, or a settled call: counted, no longer analysed */
    pd_ppp_activity(c->ppp, f->dir, o->frame, o->time, e->stamp);
    /* Sequence numbers this flow skipped (the latest run): packets the capture does not hold. */
    if (o->gre.has_seq) {
        gint32 ahead = l->has_seq_max ? (gint32)(o->gre.seq - l->seq_max) : 1;
        if (l->has_seq_max && ahead > 1) {
            l->gap_lo = l->seq_max + 1;
            l->gap_hi = o->gre.seq - 1;
            l->has_gap = TRUE;
            capture_skipped(e, c, f, prev_frame, o);
        } else if (l->has_gap && o->gre.seq - l->gap_lo <= l->gap_hi - l->gap_lo) {
            l->has_gap = FALSE; /* one of them came late (reordered): the run is not trusted */
        }
        if (ahead > 0) {
            l->seq_max = o->gre.seq;
            l->has_seq_max = TRUE;
        }
    }
    /* An acknowledgment naming a packet that its sender's flow skipped: the receiver got it
     * (RFC 2637 4.4), so the capture lost it; the acknowledgment may come before the packet
     * that shows the gap (the receiver's latest, acked) or after it. */
    const pd_flow_live *peer = c->flow[1 - f->dir] ? c->flow[1 - f->dir]->live : NULL;
    if (o->gre.has_ack && peer && peer->has_gap &&
        o->gre.ack - peer->gap_lo <= peer->gap_hi - peer->gap_lo) {
        capture_lost(c, o->frame, o->gre.ack, 1 - f->dir, PD_CAPTURE_LOSS_ACKED, 0);
    } else if (o->gre.has_seq && l->has_gap && l->gap_hi == o->gre.seq - 1 && peer &&
               peer->has_acked && peer->acked - l->gap_lo <= l->gap_hi - l->gap_lo) {
        capture_lost(c, peer->acked_frame, peer->acked, f->dir, PD_CAPTURE_LOSS_ACKED, 0);
    }
    /* One direction captured: an acknowledgment that moves on says the peer's GRE kept
     * arriving (RFC 2637 4.4), so the peer is alive though none of its frames is here. */
    if (o->gre.has_ack && (!l->has_acked || (gint32)(o->gre.ack - l->acked) > 0)) {
        if (l->has_acked && pd_session_one_way(s) == (int)f->dir)
            pd_ppp_activity(c->ppp, 1 - f->dir, o->frame, o->time, e->stamp);
        l->acked = o->gre.ack;
        l->acked_frame = o->frame;
        l->has_acked = TRUE;
    }
    emit_kind(e, PD_EV_GRE, o, s, c, f, f->dir);
    if (!o->gre.ppp_protocol)
        return;
    pd_ppp_frame pf = pd_ppp_frame_of(&o->gre);
    pf.stamp = e->stamp;
    guint ev = pd_ppp_input(c->ppp, f->dir, o->frame, &pf);
    if (pd_session_one_way(s) == (int)f->dir) /* what the peer sent, out of the capture */
        ev |= pd_ppp_imply(c->ppp, f->dir, o->frame, &pf);
    ppp_milestones(e, s, o->frame, ev);
    pd_event pe = {.kind = PD_EV_PPP, .o = o, .s = s, .c = c, .flow = f, .dir = f->dir,
                   .ppp_events = ev, .ppp = &pf};
    emit(e, &pe);
    if (ev & PD_PPP_EV_LCP_TERMINATE)
        call_end(e, c, f->dir, o->frame, o->time);
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

guint pd_call_gre(const pd_call *c, int dir)
{
    return c->flow[dir] ? c->flow[dir]->n : 0;
}

/* ---- ICMP and DNS ------------------------------------------------------------------------ */

/* An ICMP error that no device can have sent: from an address that is no unicast sender, or
 * from the sender of the packet it quotes (an error about a packet goes to its sender, never
 * comes from it). It names no blocking device and proves nothing about the path. */
static gboolean icmp_impossible(const pd_observation *o)
{
    return !pd_addr_unicast(&o->src) || pd_addr_equal(&o->src, &o->icmp.quoted_src);
}

static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (icmp_impossible(o)) {
        e->n_ignored++;
        return;
    }
    gboolean v4 = o->src.family == 4;
    gboolean unreachable = v4 ? ic->type == 3 : ic->type == 1;
    gboolean too_big = pd_icmp_too_big(o->src.family, ic->type, ic->code);
    if (ic->quoted_proto == PD_IPPROTO_TCP && unreachable && !too_big) {
        if (ic->quoted_tcp.dport != PD_PPTP_PORT)
            return;
        pd_tcp_key k;
        memset(&k, 0, sizeof k);
        k.client = ic->quoted_src;
        k.server = ic->quoted_dst;
        k.cport = ic->quoted_tcp.sport;
        pd_session *s = g_hash_table_lookup(e->by_tcp, &k);
        if (!s || s->tcp != PD_TCP_SYN_SENT)
            return;
        emit_kind(e, PD_EV_ICMP_SYN, o, s, NULL, NULL, -1);
        return;
    }
    if ((!unreachable && !too_big) || ic->quoted_proto != PD_IPPROTO_GRE ||
        !ic->quoted_has_gre_call_id)
        return;
    pd_gre_key k;
    memset(&k, 0, sizeof k);
    k.src = ic->quoted_src;
    k.dst = ic->quoted_dst;
    k.call_id = ic->quoted_gre.call_id;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (!f)
        return; /* GRE we never saw: no session to speak about */
    pd_session *s = f->call ? f->call->s : f->orphan;
    touch(e, s, o, NULL);
    emit_kind(e, PD_EV_ICMP_GRE, o, s, f->call, f, f->dir);
}

/* A/AAAA lookups and their answers, kept per querier and name (bounded by max_sessions). */
static void on_dns(pd_engine *e, const pd_observation *o)
{
    const pd_obs_dns *d = &o->dns;
    if (!d->qname[0] || (d->qtype != 1 && d->qtype != 28))
        return;
    dns_key k;
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
    pd_session *s = session_new(e, l->first_query, 0);
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

/* ---- SYNs to other ports ------------------------------------------------------------------ */

/* A SYN to a port that is not PPTP's (PD_OBS_TCP_SYN): counted among its source's SYNs to the
 * ports of that host (pd_probe.h); when the record gains a port, the families hear of it
 * (PD_EV_PROBE). No session holds the frame unless a rule claims it (pd_track_touch). */
static void on_syn(pd_engine *e, const pd_observation *o)
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
    emit(e, &ev);
}

void pd_track_sessions_since(pd_engine *e, const pd_addr *client, double since,
                             void (*fn)(pd_engine *e, pd_session *s, gpointer data),
                             gpointer data)
{
    for (guint i = e->sessions->len; i-- > 0;) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        if (!s)
            continue; /* evicted or dropped */
        if (s->last_time < since)
            break; /* made before @since, and so was every earlier session */
        if (s->n_syn && s->first_syn_time >= since && pd_addr_equal(&s->key.client, client))
            fn(e, s, data);
    }
}

/* ---- the observation stream -------------------------------------------------------------- */

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

/* Frees the working state (PPP link, rule slices, the GRE flows' recent packets) of the calls
 * of sessions whose control connection closed lcp_timeout seconds or more before @now: late
 * packets (Terminate-Ack, retransmissions) have had their time; what stays is the summary the
 * queries return. */
static void evict_settled(pd_engine *e, double now)
{
    guint ix;
    pd_session *s;
    while (fifo_peek(&e->settling, &ix) &&
           now - (s = g_ptr_array_index(e->sessions, ix))->closed_time >= e->cfg.lcp_timeout) {
        fifo_pop(&e->settling);
        if (!s->light)
            e->n_settled++; /* no longer counts against max_sessions */
        for (guint i = 0; i < s->n_calls; i++) {
            pd_call *c = s->calls[i];
            g_clear_pointer(&c->ppp, g_free);
            pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
            c->slice = NULL;
            for (int d = 0; d < 2; d++)
                if (c->flow[d] && c->flow[d]->call == c)
                    g_clear_pointer(&c->flow[d]->live, g_free);
        }
        for (guint i = 0; s->ended_flows && i < s->ended_flows->len; i++) {
            pd_flow *f = g_ptr_array_index(s->ended_flows, i);
            g_clear_pointer(&f->live, g_free);
        }
        if (evictable(s))
            fifo_push(&e->evictable, s->info.index);
    }
}

void pd_track_observe(pd_engine *e, const pd_observation *o)
{
    /* First what this frame's time settles: a session that closed lcp_timeout seconds ago no
     * longer counts against max_sessions when this frame opens a new one. */
    evict_settled(e, o->time);
    switch (o->kind) {
    case PD_OBS_TCP: on_tcp(e, o); break;
    case PD_OBS_PPTP: on_pptp(e, o); break;
    case PD_OBS_GRE: on_gre(e, o); break;
    case PD_OBS_ICMP_ERROR: on_icmp(e, o); break;
    case PD_OBS_DNS: on_dns(e, o); break;
    case PD_OBS_TCP_SYN: on_syn(e, o); break;
    }
    pd_session *s = pd_track_frame_session(e, o->frame);
    if (s)
        emit_kind(e, PD_EV_TICK, o, s, NULL, NULL, -1);
}

/* ---- construction ------------------------------------------------------------------------ */

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

static void session_free(gpointer p)
{
    pd_session *s = p;
    if (!s)
        return; /* evicted */
    for (guint i = 0; i < s->n_calls; i++) {
        pd_call *c = s->calls[i];
        g_free(c->ppp);
        g_free(c->capture_lost);
        pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
        g_free(c);
    }
    pd_slices_free(s->slice, PD_MAX_SESSION_SLICES);
    g_free(s->dns_frames);
    for (guint i = 0; i < s->n_findings; i++) {
        pd_finding_free(s->findings[i]);
    }
    g_free(s->calls);
    if (s->flows)
        g_ptr_array_free(s->flows, TRUE);
    if (s->ended_flows)
        g_ptr_array_free(s->ended_flows, TRUE);
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
    e->sessions = g_ptr_array_new_with_free_func(session_free);
    e->by_tcp = g_hash_table_new(pd_tcp_key_hash, pd_tcp_key_eq);
    e->by_gre = g_hash_table_new(pd_gre_key_hash, pd_gre_key_eq);
    e->by_pair = g_hash_table_new_full(pair_key_hash, pair_key_eq, g_free, NULL);
    e->by_hosts = g_hash_table_new(hosts_hash, hosts_eq);
    e->owners = pd_framemap_new();
    e->scratch_findings = g_ptr_array_new();
    e->frames = g_hash_table_new_full(rec_hash, rec_eq, rec_free, NULL);
    e->rec_bits = g_array_new(FALSE, TRUE, sizeof(guint32));
    e->all_flows = g_ptr_array_new_with_free_func(flow_free);
    e->eoc = g_ptr_array_new();
    e->settling.v = g_array_new(FALSE, FALSE, sizeof(guint));
    e->evictable.v = g_array_new(FALSE, FALSE, sizeof(guint));
    e->dns = g_hash_table_new_full(dns_key_hash, dns_key_eq, g_free, g_free);
    e->last_syn = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    e->kept_addrs = g_ptr_array_new_with_free_func(g_free);
    e->probes = pd_probes_new();
}

void pd_track_clear(pd_engine *e)
{
    g_hash_table_destroy(e->frames);
    g_array_free(e->rec_bits, TRUE);
    pd_framemap_free(e->owners);
    g_ptr_array_free(e->scratch_findings, TRUE);
    g_hash_table_destroy(e->by_tcp);
    g_hash_table_destroy(e->by_gre);
    g_hash_table_destroy(e->by_pair);
    g_hash_table_destroy(e->by_hosts);
    g_array_free(e->settling.v, TRUE);
    g_array_free(e->evictable.v, TRUE);
    g_hash_table_destroy(e->dns);
    g_hash_table_destroy(e->last_syn);
    g_ptr_array_free(e->kept_addrs, TRUE);
    pd_probes_free(e->probes);
    if (e->not_pptp)
        g_hash_table_destroy(e->not_pptp);
    g_ptr_array_free(e->eoc, TRUE);
    g_ptr_array_free(e->sessions, TRUE);
    g_ptr_array_free(e->all_flows, TRUE);
}
