/* pd_retention.c: caps and eviction (see pd_retention.h): room for a new session under
 * max_sessions, the queues of settling and evictable sessions, freeing the working state of
 * settled calls, and forgetting evicted sessions and the owners of their frames.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_retention.h"
#include "pd_events.h"
#include "pd_transport.h"

/* TRUE when settled session @s may be evicted: a health check, or a healthy session whose only
 * finding is its healthy verdict (no warning, no note), that no other session points into and
 * that is no DNS lookup. Failures are never evicted: they are what the user came for. */
static gboolean evictable(const pd_session *s)
{
    if (s->entangled || s->info.gre_only || s->info.absorbed || s->info.name ||
        s->n_links_capped)
        return FALSE;
    if (s->light)
        return TRUE;
    return pd_verdict_only_healthy(s);
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

gboolean pd_owner_gone(const pd_engine *e, guint32 owner)
{
    return (owner & PD_OWNER_FLOW)
        ? g_ptr_array_index(e->all_flows, owner & ~PD_OWNER_FLOW) == NULL
        : g_ptr_array_index(e->sessions, owner - 1) == NULL;
}

static gboolean owner_gone(guint32 owner, gpointer data)
{
    return pd_owner_gone(data, owner);
}

/* Drops the owners of frames whose session or flow was evicted, and with them what the holder
 * attached to those frames (pd_engine_frame_attach): the one place where forgotten frames go. */
static void sweep_owners(pd_engine *e)
{
    pd_framemap_sweep(e->owners, owner_gone, e);
    e->unswept = 0;
}

void pd_fifo_push(pd_fifo *q, guint ix)
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

/* Forgets session @s: the transports' lookups and flows (pd_transport.forget), its frames'
 * records go, its index stays (NULL in e->sessions), it is freed. */
void pd_session_forget(pd_engine *e, pd_session *s, gboolean keep_syn)
{
    for (guint i = 0; i < pd_n_transports; i++)
        if (pd_transports[i]->forget)
            pd_transports[i]->forget(e, s, keep_syn);
    for (guint i = 0; i < s->n_findings; i++)
        forget_frame(e, s, s->findings[i]->frame);
    g_ptr_array_index(e->sessions, s->info.index) = NULL;
    pd_session_free(s);
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
    pd_session_forget(e, s, TRUE);
    return TRUE;
}

/* Room for another session? At most max_sessions sessions still open or settling count; light
 * sessions (health checks: closed before any SCCRQ) and settled ones (closed lcp_timeout seconds
 * ago, working state freed) do not, up to PD_LIGHT_FACTOR times the cap kept in all. Past that,
 * the oldest settled health check or healthy session is evicted to make room (evict_one): only
 * open sessions and failures kept fill the cap. Sessions dropped as not PPTP count nowhere.
 * Counts the refusals and tells the families once. */
gboolean pd_session_room(pd_engine *e, const pd_observation *o)
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
            pd_emit_kind(e, PD_EV_CAPPED, o, last, NULL, NULL, -1);
    }
    return FALSE;
}

/* Frees the working state (PPP link, rule slices, and the transports' own: pd_transport.settle)
 * of the links of sessions whose carrier closed lcp_timeout seconds or more before @now: late
 * packets (Terminate-Ack, retransmissions) have had their time; what stays is the summary the
 * queries return. */
void pd_evict_settled(pd_engine *e, double now)
{
    guint ix;
    pd_session *s;
    while (fifo_peek(&e->settling, &ix) &&
           now - (s = g_ptr_array_index(e->sessions, ix))->closed_time >= e->cfg.lcp_timeout) {
        fifo_pop(&e->settling);
        if (!s->light)
            e->n_settled++; /* no longer counts against max_sessions */
        for (guint i = 0; i < s->n_links; i++) {
            pd_link *c = s->links[i];
            g_clear_pointer(&c->ppp, g_free);
            pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
            c->slice = NULL;
        }
        for (guint i = 0; i < pd_n_transports; i++)
            if (pd_transports[i]->settle)
                pd_transports[i]->settle(e, s);
        if (evictable(s))
            pd_fifo_push(&e->evictable, s->info.index);
    }
}

void pd_retention_closed(pd_engine *e, pd_session *s, gboolean started)
{
    if (!started && s->n_links == 0 && s->n_findings == 0) {
        s->light = TRUE;
        e->n_light++;
    }
}

void pd_retention_attempt_over(pd_engine *e, pd_session *s, guint8 *closed, double time,
                               gboolean started)
{
    if (*closed)
        return;
    *closed = TRUE;
    s->closed_time = time;
    pd_fifo_push(&e->settling, s->info.index);
    pd_retention_closed(e, s, started);
}
