/* pd_engine.c: the engine's public face (see pd_engine.h): observations in, in capture order;
 * the end of the capture; queries. The work is done by the tracker (pd_track*.c), the PPP module
 * (pd_ppp.c), the rule families (rules/ *.c) and the verdict (pd_verdict.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"
#include "pd_reason.h"
#include "pd_retention.h"
#include "pd_transport.h"

#include <string.h>

/* ---- names and defaults ------------------------------------------------------------------- */

pd_config pd_config_default(void)
{
    pd_config c = {.lcp_timeout = 10.0, .syn_timeout = 5.0, .echo_timeout = 60.0,
                   .max_sessions = 20000, .max_calls = 64};
    return c;
}

const char *pd_vantage_name(pd_vantage v)
{
    switch (v) {
    case PD_VANTAGE_CLIENT: return "client side";
    case PD_VANTAGE_SERVER: return "server side";
    case PD_VANTAGE_BETWEEN: return "between client and server";
    default: return "unknown";
    }
}

pd_verdict pd_finding_verdict(const pd_finding *f)
{
    return pd_verdict_of(f);
}

const char *pd_verdict_name(pd_verdict v)
{
    switch (v) {
    case PD_VERDICT_HEALTHY: return "healthy";
    case PD_VERDICT_FAILED: return "failed";
    default: return "undetermined";
    }
}

/* ---- the end of the capture -------------------------------------------------------------- */

/* A new observation after pd_engine_finish (a live capture goes on): what the end concluded is
 * withdrawn, with the sessions it made (DNS lookups). */
static void withdraw_eoc(pd_engine *e)
{
    for (guint i = 0; i < e->eoc->len; i++) {
        pd_finding *f = g_ptr_array_index(e->eoc, i);
        pd_finding_withdraw(e, g_ptr_array_index(e->sessions, f->session), f);
    }
    g_ptr_array_set_size(e->eoc, 0);
    while (e->eoc_sessions > 0) {
        pd_session *s = g_ptr_array_index(e->sessions, e->sessions->len - 1);
        for (guint i = 0; s->dns_frames && i < PD_DNS_MARKS; i++)
            pd_frame_rec_remove(e, s->dns_frames[i]);
        g_ptr_array_set_size(e->sessions, e->sessions->len - 1);
        e->eoc_sessions--;
    }
    e->finished = FALSE;
}

void pd_engine_capture_end(pd_engine *e, double time)
{
    /* not observed: the clock moves, no frame carries it, the next observation takes over */
    if (time > e->last_time && !e->finished)
        e->last_time = time;
}

void pd_engine_capture_drops(pd_engine *e, guint32 frame, guint64 count)
{
    if (!frame) {
        e->drops_anywhere += count;
        return;
    }
    if (count && frame > e->drops_frame && !e->finished) {
        e->drops_frame = frame;
        e->drops_total += count;
    }
}

void pd_engine_finish(pd_engine *e)
{
    if (e->finished)
        return;
    e->finished = TRUE;
    guint n_before = e->sessions->len;
    for (guint k = 0; k < pd_n_families; k++)
        if (pd_families[k]->on_finish_engine)
            pd_families[k]->on_finish_engine(e);
    for (guint i = n_before; i < e->sessions->len; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        for (guint j = 0; j < s->n_findings; j++)
            s->findings[j]->end_of_capture = TRUE;
    }
    for (guint i = 0; i < n_before; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        if (!s)
            continue; /* evicted */
        guint before = s->n_findings;
        for (guint k = 0; k < pd_n_families; k++)
            if (pd_families[k]->on_finish && pd_family_hears(pd_families[k], s))
                pd_families[k]->on_finish(e, s);
        for (guint j = before; j < s->n_findings; j++) {
            pd_finding *f = s->findings[j];
            f->end_of_capture = TRUE;
            g_ptr_array_add(e->eoc, f);
        }
    }
}

gboolean pd_engine_finished(const pd_engine *e) { return e->finished; }

/* Session @i, or NULL when there is none or it was evicted. */
static pd_session *session_at(const pd_engine *e, guint i)
{
    return i < e->sessions->len ? g_ptr_array_index(e->sessions, i) : NULL;
}

/* ---- public ------------------------------------------------------------------------------ */

pd_engine *pd_engine_new(const pd_config *config)
{
    pd_engine *e = g_new0(pd_engine, 1);
    e->cfg = config ? *config : pd_config_default();
    pd_family_slots_init();
    pd_transport_handlers_init();
    pd_track_init(e);
    return e;
}

void pd_engine_free(pd_engine *e)
{
    if (!e)
        return;
    pd_track_clear(e);
    if (e->gaps)
        g_array_free(e->gaps, TRUE);
    g_free(e);
}

/* TRUE when @a is set: IPv4 or IPv6, or a MAC for PPPoE observations (@mac_ok). */
static gboolean addr_set(const pd_addr *a, gboolean mac_ok)
{
    return a->family == 4 || a->family == 6 || (mac_ok && a->family == PD_ADDR_MAC);
}

gboolean pd_engine_observe(pd_engine *e, const pd_observation *o)
{
    /* Out of order, or without both outer addresses (nothing to key a session on); a PPP frame
     * without its carrier is keyed on its link, whatever its ends are (PD_OBS_PPP). */
    gboolean mac = o->kind == PD_OBS_PPPOE, link = o->kind == PD_OBS_PPP;
    if (o->frame < e->last_frame ||
        (!link && (!addr_set(&o->src, mac) || !addr_set(&o->dst, mac))) ||
        (o->kind == PD_OBS_ICMP_ERROR &&
         (!addr_set(&o->icmp.quoted_src, FALSE) || !addr_set(&o->icmp.quoted_dst, FALSE)))) {
        e->n_ignored++;
        return FALSE;
    }
    e->refused = FALSE;
    if (e->finished)
        withdraw_eoc(e);
    e->last_frame = o->frame;
    /* The engine's clock never goes back: a frame stamped earlier than one before it (a capture
     * merged from two interfaces without sorting, a clock stepped back) happens, for deadlines
     * and silences, when the latest frame before it did, so no interval counts time twice. A
     * time that is no number is treated the same way. A step back longer than any timeout is
     * another file appended whole (mergecap -a): the clock restarts there, so its sessions keep
     * their own times. */
    e->stamp = o->time;
    double back = e->last_time - o->time;
    e->time_back = back > 0 ? back : 0;
    gboolean restart = back > PD_CLOCK_RESTART_S;
    /* A silence of the whole capture of PD_CAPTURE_GAP_S or more ends here: time the capture
     * did not see, which deadlines do not count (pd_waited). A restarted clock starts anew. */
    if (restart && e->gaps) {
        g_array_set_size(e->gaps, 0);
        e->unseen = 0;
    } else if (e->last_time_frame && -back >= PD_CAPTURE_GAP_S) {
        if (!e->gaps)
            e->gaps = g_array_new(FALSE, FALSE, sizeof(pd_gap));
        e->unseen += -back;
        pd_gap g = {.end = o->time, .unseen = e->unseen};
        g_array_append_val(e->gaps, g);
    }
    if (o->time > e->last_time || restart || !e->last_time_frame) {
        e->last_time = restart ? o->time : MAX(o->time, e->last_time);
        e->last_time_frame = o->frame;
    }
    if (o->time == e->last_time) {
        pd_track_observe(e, o);
    } else {
        pd_observation now = *o;
        now.time = e->last_time;
        pd_track_observe(e, &now);
    }
    /* A SYN to another port is only counted (pd_probe.h): a session holds its frame only if a
     * rule claimed it at once */
    return !e->refused && o->kind != PD_OBS_TCP_SYN;
}

const pd_frame_result *pd_engine_frame(const pd_engine *e, guint32 frame)
{
    const pd_frame_rec *r = pd_frame_rec_find(e, frame);
    guint32 owner = pd_frame_owner(e, frame);
    if (!r && !owner)
        return NULL;
    pd_session *s = pd_track_owner_session(e, owner, r);
    if (!s && !(r && r->n_findings))
        return NULL; /* a frame of an evicted session, its owner not swept out yet */
    pd_frame_result *out = &((pd_engine *)e)->scratch;
    out->has_session = s != NULL;
    out->session = s ? s->info.index : 0;
    out->milestone = s ? pd_session_milestone_at(s, frame) : PD_MS_NONE;
    out->findings = NULL;
    if (r && r->n_findings) {
        GPtrArray *a = e->scratch_findings;
        g_ptr_array_set_size(a, 0);
        for (guint i = 0; i < r->n_findings; i++)
            g_ptr_array_add(a, pd_frame_rec_finding(r, i));
        out->findings = a;
    }
    return out;
}

gboolean pd_engine_frame_session(const pd_engine *e, guint32 frame, guint *session)
{
    const pd_session *s = pd_track_frame_session(e, frame);
    if (s)
        *session = s->info.index;
    return s != NULL;
}

/* ---- the holder's payloads and marks (kept in the frame map, swept with the owners) -------- */

/* TRUE when what was attached to @frame as the frame's (@held) is of a frame the engine has
 * forgotten since: its owner's session or flow is gone, the map not swept yet. */
static gboolean forgotten(const pd_engine *e, guint32 frame, gboolean held)
{
    if (!held)
        return FALSE;
    guint32 owner = pd_frame_owner(e, frame);
    return !owner || pd_owner_gone(e, owner);
}

void pd_engine_frame_payload_size(pd_engine *e, gsize size)
{
    pd_framemap_set_payload(e->owners, size);
}

gpointer pd_engine_frame_attach(pd_engine *e, guint32 frame)
{
    return pd_framemap_attach(e->owners, frame);
}

gconstpointer pd_engine_frame_payload(const pd_engine *e, guint32 frame)
{
    gboolean held = FALSE;
    gconstpointer p = pd_framemap_payload(e->owners, frame, &held);
    return p && !forgotten(e, frame, held) ? p : NULL;
}

gconstpointer pd_engine_frame_payload_next(const pd_engine *e, guint32 *frame)
{
    guint32 f = *frame;
    gboolean held = FALSE;
    gconstpointer p;
    while ((p = pd_framemap_payload_from(e->owners, &f, &held)) && forgotten(e, f, held)) {
        if (f == G_MAXUINT32)
            return NULL;
        f++;
    }
    if (p)
        *frame = f;
    return p;
}

gboolean pd_engine_frame_mark(pd_engine *e, guint32 frame)
{
    return pd_framemap_mark(e->owners, frame);
}

gboolean pd_engine_frame_marked(const pd_engine *e, guint32 frame)
{
    gboolean held = FALSE;
    return pd_framemap_marked(e->owners, frame, &held) && !forgotten(e, frame, held);
}

guint pd_engine_n_sessions(const pd_engine *e) { return e->sessions->len; }

const pd_session_info *pd_engine_session(const pd_engine *e, guint index)
{
    pd_session *s = session_at(e, index);
    if (!s)
        return NULL;
    s->info.vantage = pd_session_vantage(s);
    return &s->info;
}

guint pd_engine_n_ignored(const pd_engine *e) { return e->n_ignored; }

guint pd_engine_n_evicted(const pd_engine *e, guint *light)
{
    if (light)
        *light = e->n_evicted_light;
    return e->n_evicted;
}

guint pd_engine_n_not_pptp(const pd_engine *e, guint *dropped)
{
    if (dropped)
        *dropped = e->n_dropped;
    return e->pptp.n_not_pptp;
}

guint pd_engine_n_capped(const pd_engine *e, guint *calls)
{
    if (calls)
        *calls = e->n_calls_capped;
    return e->n_capped;
}

guint pd_engine_n_calls(const pd_engine *e, guint session)
{
    const pd_session *s = session_at(e, session);
    return s ? s->n_links : 0;
}

gboolean pd_engine_call(const pd_engine *e, guint session, guint i, pd_call_info *out)
{
    if (i >= pd_engine_n_calls(e, session))
        return FALSE;
    const pd_session *s = g_ptr_array_index(e->sessions, session);
    const pd_link *c = s->links[i];
    memset(out, 0, sizeof *out);
    out->has_pns_id = c->pptp.has_pns_id;
    out->has_pac_id = c->pptp.has_pac_id;
    out->pns_call_id = c->pptp.pns_id;
    out->pac_call_id = c->pptp.pac_id;
    out->request_frame = c->request_frame;
    out->reply_frame = c->reply_frame;
    out->established = c->established;
    out->before_capture = c->before_capture;
    out->end_frame = c->end_frame;
    for (int d = 0; d < 2; d++)
        out->gre_packets[d] = pd_pptp_gre(c, d);
    out->pppoe_session_id = c->pppoe.session_id;
    for (int d = 0; c->l2tp && d < 2; d++) {
        out->l2tp_tunnel_id[d] = s->l2tp->tid[d];
        out->l2tp_session_id[d] = c->l2tp->sid[d];
    }
    return TRUE;
}

guint pd_engine_n_findings(const pd_engine *e, guint session)
{
    const pd_session *s = session_at(e, session);
    return s ? s->n_findings : 0;
}

const pd_finding *pd_engine_finding(const pd_engine *e, guint session, guint i)
{
    if (i >= pd_engine_n_findings(e, session))
        return NULL;
    const pd_session *s = g_ptr_array_index(e->sessions, session);
    return s->findings[i];
}

gboolean pd_engine_saw_pptp(const pd_engine *e) { return e->saw_pptp; }

char *pd_engine_undetermined_reason(const pd_engine *e, guint session)
{
    const pd_session *s = session_at(e, session);
    if (!s || s->info.verdict != PD_VERDICT_UNDETERMINED)
        return NULL;
    return pd_undetermined_reason(e, s);
}
