/* pd_engine.c: the engine's public face (see pd_engine.h): observations in, in capture order;
 * the end of the capture; queries. The work is done by the tracker (pd_track.c), the PPP module
 * (pd_ppp.c), the rule families (rules/ *.c) and the verdict (pd_verdict.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_family.h"

#include <string.h>

/* ---- small shared helpers ---------------------------------------------------------------- */

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

const char *pd_verdict_name(pd_verdict v)
{
    switch (v) {
    case PD_VERDICT_HEALTHY: return "healthy";
    case PD_VERDICT_FAILED: return "failed";
    default: return "undetermined";
    }
}

const char *pd_side_name(int dir)
{
    return dir == PD_DIR_PNS ? "client" : "server";
}

static gboolean initial_ttl(guint8 ttl)
{
    return ttl == 64 || ttl == 128 || ttl == 255 || ttl == 32;
}

guint pd_hops_away(guint8 ttl)
{
    return ttl <= 32 ? 32u - ttl : ttl <= 64 ? 64u - ttl : ttl <= 128 ? 128u - ttl : 255u - ttl;
}

gboolean pd_session_same_link(const pd_session *s)
{
    return s->client_ttl && s->server_ttl && initial_ttl(s->client_ttl) &&
           initial_ttl(s->server_ttl) && !s->ttl_varies;
}

gboolean pd_call_capture_lacks_gre(const pd_call *c, double now)
{
    if (!c->established || pd_call_gre(c, PD_DIR_PNS) || pd_call_gre(c, PD_DIR_PAC))
        return FALSE;
    if (c->sli_frame)
        return TRUE;
    pd_vantage v = pd_session_vantage(c->s);
    if (v != PD_VANTAGE_CLIENT && v != PD_VANTAGE_SERVER && !pd_session_same_link(c->s))
        return FALSE;
    return now - c->up_time >= PD_OWN_GRE_GRACE;
}

double pd_call_wait_start(const pd_call *c, guint32 *frame)
{
    const pd_ppp_link *l = c->ppp;
    int first = -1; /* the direction of the call's first GRE packet */
    for (int d = 0; l && d < 2; d++)
        if (l->first_rx[d] && (first < 0 || l->first_rx_time[d] < l->first_rx_time[first]))
            first = d;
    gboolean gre = first >= 0 && l->first_rx_time[first] >= c->up_time;
    if (frame)
        *frame = gre ? l->first_rx[first] : c->reply_frame;
    return gre ? l->first_rx_time[first] : c->up_time;
}

double pd_unseen_since(const pd_engine *e, double since)
{
    if (!e->gaps || !e->gaps->len)
        return 0;
    /* the first silence that ended after @since: the ones before it are not in the window */
    guint lo = 0, hi = e->gaps->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(e->gaps, pd_gap, mid).end <= since)
            lo = mid + 1;
        else
            hi = mid;
    }
    return e->unseen - (lo ? g_array_index(e->gaps, pd_gap, lo - 1).unseen : 0);
}

double pd_waited(const pd_engine *e, double since)
{
    return e->last_time - since - pd_unseen_since(e, since);
}

pd_vantage pd_session_vantage(const pd_session *s)
{
    if (s->client_ttl == 0 || s->server_ttl == 0)
        return PD_VANTAGE_UNKNOWN;
    gboolean c = initial_ttl(s->client_ttl), v = initial_ttl(s->server_ttl);
    if (c && !v)
        return PD_VANTAGE_CLIENT;
    if (v && !c)
        return PD_VANTAGE_SERVER;
    if (!c && !v)
        return PD_VANTAGE_BETWEEN;
    return PD_VANTAGE_UNKNOWN;
}

char *pd_addr_dup(const pd_addr *a)
{
    char buf[64];
    return g_strdup(pd_addr_to_str(a, buf, sizeof buf));
}

char *pd_quoted_text(const char *msg)
{
    return msg && msg[0] ? g_strdup_printf(" \"%s\"", msg) : g_strdup("");
}

char *pd_ended_text(const pd_call *c, int by, guint32 frame)
{
    if (by >= 0 && c->ppp && c->ppp->lcp_term[by]) {
        char *m = pd_quoted_text(c->ppp->term_msg[by]);
        char *out = g_strdup_printf("the %s then ended the link (LCP Terminate-Request%s, frame %u)",
                                    pd_side_name(by), m, c->ppp->lcp_term[by]);
        g_free(m);
        return out;
    }
    return g_strdup_printf("the call then ended (frame %u)", frame);
}

/* The families that keep a slice per call ([0]) and per session ([1]), in pd_families[] order:
 * a family's rank here is its slot in pd_call.slice / pd_session.slice. The same for every
 * engine: made by the first pd_engine_new. */
static const pd_family *with_slice[2][MAX(PD_MAX_CALL_SLICES, PD_MAX_SESSION_SLICES)];
static guint n_with_slice[2];
static gboolean slots_made;

static void make_slots(void)
{
    const guint max[2] = {PD_MAX_CALL_SLICES, PD_MAX_SESSION_SLICES};
    n_with_slice[0] = n_with_slice[1] = 0;
    for (guint i = 0; i < pd_n_families; i++) {
        gsize size[2] = {pd_families[i]->call_slice, pd_families[i]->session_slice};
        for (int k = 0; k < 2; k++) {
            if (!size[k])
                continue;
            if (n_with_slice[k] == max[k])
                g_error("pptpdiag: more rule families keep %s slices than pd_track.h has slots",
                        k ? "session" : "call");
            with_slice[k][n_with_slice[k]++] = pd_families[i];
        }
    }
    slots_made = TRUE;
}

/* The slot of @fam's slices in pd_call.slice (@session FALSE) or pd_session.slice (TRUE). */
static guint slice_slot(const pd_family *fam, gboolean session)
{
    int k = session ? 1 : 0;
    for (guint i = 0; i < n_with_slice[k]; i++)
        if (with_slice[k][i] == fam)
            return i;
    g_error("pptpdiag: rule family %s keeps no %s slice", fam->name, k ? "session" : "call");
}

void *pd_call_slice(pd_call *c, const pd_family *fam)
{
    if (!c->ppp)
        return NULL; /* settled: its working state is gone */
    guint i = slice_slot(fam, FALSE);
    if (!c->slice)
        c->slice = g_new0(void *, PD_MAX_CALL_SLICES);
    if (!c->slice[i])
        c->slice[i] = g_malloc0(fam->call_slice);
    return c->slice[i];
}

void *pd_session_slice_if_any(const pd_session *s, const pd_family *fam)
{
    return s->slice ? s->slice[slice_slot(fam, TRUE)] : NULL;
}

void *pd_session_slice(pd_session *s, const pd_family *fam)
{
    guint i = slice_slot(fam, TRUE);
    if (!s->slice)
        s->slice = g_new0(void *, PD_MAX_SESSION_SLICES);
    if (!s->slice[i])
        s->slice[i] = g_malloc0(fam->session_slice);
    return s->slice[i];
}

/* ---- the end of the capture -------------------------------------------------------------- */

/* A new observation after pd_engine_finish (a live capture goes on): what the end concluded is
 * withdrawn, with the sessions it made (DNS lookups). */
static void withdraw_eoc(pd_engine *e)
{
    for (guint i = 0; i < e->eoc->len; i++) {
        pd_finding *f = g_ptr_array_index(e->eoc, i);
        pd_session *s = g_ptr_array_index(e->sessions, f->session);
        pd_frame_rec *r = pd_frame_rec_find(e, f->frame);
        if (r)
            pd_frame_rec_drop_findings(r, f, 0);
        for (guint j = 0; j < s->n_findings; j++)
            if (s->findings[j] == f) {
                pd_vec_remove(s->findings, &s->n_findings, j, sizeof *s->findings);
                break;
            }
        pd_finding_free(f);
        pd_verdict_update(s);
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
            if (pd_families[k]->on_finish)
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
    if (!slots_made)
        make_slots();
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

static gboolean addr_set(const pd_addr *a)
{
    return a->family == 4 || a->family == 6;
}

gboolean pd_engine_observe(pd_engine *e, const pd_observation *o)
{
    /* Out of order, or without both outer addresses (nothing to key a session on). */
    if (o->frame < e->last_frame || !addr_set(&o->src) || !addr_set(&o->dst) ||
        (o->kind == PD_OBS_ICMP_ERROR &&
         (!addr_set(&o->icmp.quoted_src) || !addr_set(&o->icmp.quoted_dst)))) {
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
    return e->n_not_pptp;
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
    return s ? s->n_calls : 0;
}

gboolean pd_engine_call(const pd_engine *e, guint session, guint i, pd_call_info *out)
{
    if (i >= pd_engine_n_calls(e, session))
        return FALSE;
    const pd_session *s = g_ptr_array_index(e->sessions, session);
    const pd_call *c = s->calls[i];
    memset(out, 0, sizeof *out);
    out->has_pns_id = c->has_pns_id;
    out->has_pac_id = c->has_pac_id;
    out->pns_call_id = c->pns_id;
    out->pac_call_id = c->pac_id;
    out->request_frame = c->request_frame;
    out->reply_frame = c->reply_frame;
    out->established = c->established;
    out->before_capture = c->before_capture;
    out->end_frame = c->end_frame;
    for (int d = 0; d < 2; d++)
        out->gre_packets[d] = pd_call_gre(c, d);
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

/* "1 GRE packet", "3 LCP Configure-Requests": @n and a noun made plural by an "s". */
static char *counted(guint n, const char *noun)
{
    return g_strdup_printf("%u %s%s", n, noun, n == 1 ? "" : "s");
}

/* The latest call that was connected but whose PPP never reached the network phase. */
static const pd_call *call_not_up(const pd_session *s)
{
    for (guint i = s->n_calls; i > 0; i--) {
        const pd_call *c = s->calls[i - 1];
        if (c->established && !c->up_frame)
            return c;
    }
    return NULL;
}

char *pd_engine_undetermined_reason(const pd_engine *e, guint session)
{
    const pd_session *s = session_at(e, session);
    if (!s || s->info.verdict != PD_VERDICT_UNDETERMINED)
        return NULL;
    const pd_finding *v = s->info.verdict_finding;
    if (v && v->rule == PD_RULE_CAPTURE_TRUNCATED && v->variant == PD_TRUNCATED_FIELDS)
        return g_strdup_printf("the capture cut fields pptpdiag reads (capture-truncated, frame "
                               "%u): what would decide the outcome may be past the cut",
                               v->frame);
    if (v && pd_rule_get(v->rule)->no_vpn_attempt)
        return g_strdup_printf("no VPN connection was attempted here (%s, frame %u), so none "
                               "failed", pd_rule_get(v->rule)->name, v->frame);
    for (guint i = s->n_findings; i > 0; i--) {
        const pd_finding *f = s->findings[i - 1];
        if (f->superseded_by)
            return g_strdup_printf("%s (frame %u) was contradicted by frame %u, and nothing else "
                                   "in the capture decides the outcome",
                                   pd_rule_get(f->rule)->name, f->frame, f->superseded_by);
    }
    if (s->info.verdict_finding) {
        const pd_finding *f = s->info.verdict_finding;
        return g_strdup_printf("only a note was made (%s, frame %u): it does not decide the "
                               "outcome", pd_rule_get(f->rule)->name, f->frame);
    }
    if (s->info.gre_only)
        return g_strdup("only GRE of this tunnel is in the capture: its control connection (TCP "
                        "1723) began before the capture, so the call's setup is not in it");
    if (s->midstream)
        return g_strdup("the capture starts in the middle of the control connection (its first "
                        "segment is no SYN): how the tunnel was set up is not in it");
    const pd_call *c = call_not_up(s);
    if (c) {
        /* measured as gre-blocked's deadline is (rules/gre.c) */
        guint32 from;
        double since = pd_call_wait_start(c, &from);
        double after = pd_waited(e, since), unseen = pd_unseen_since(e, since);
        GString *out = g_string_new(NULL);
        if (c->ppp) {
            guint sent = c->ppp->lcp_req_n[PD_DIR_PNS] + c->ppp->lcp_req_n[PD_DIR_PAC];
            char *n = counted(sent, "LCP Configure-Request");
            if (!sent)
                g_string_append(out, "no LCP Configure-Request yet, ");
            else if (c->ppp->lcp_opened)
                g_string_append_printf(out, "LCP opened (frame %u), ", c->ppp->lcp_opened);
            else if (!c->ppp->lcp_ack[PD_DIR_PNS] && !c->ppp->lcp_ack[PD_DIR_PAC])
                g_string_append_printf(out, "%s unanswered, ", n);
            else
                g_string_append_printf(out, "LCP not open after %s, ", n);
            g_free(n);
        }
        g_string_append_printf(out, "capture ends %.1f s after %s (frame %u)", after,
                               from == c->reply_frame ? "the call was connected"
                                                      : "the call's first GRE packet",
                               from);
        if (unseen > 0)
            g_string_append_printf(out, ", not counting %.0f s in which the capture shows no "
                                        "frame at all", unseen);
        if (after < e->cfg.lcp_timeout)
            g_string_append_printf(out, ": too short to tell (PPP is given %.0f s)",
                                   e->cfg.lcp_timeout);
        else
            g_string_append(out, ", and PPP did not reach the network phase for a reason the "
                                 "capture does not show");
        return g_string_free(out, FALSE);
    }
    if (s->tcp == PD_TCP_SYN_SENT && s->n_syn) {
        char *n = counted(s->n_syn, "SYN");
        char *out = g_strdup_printf("%s to TCP 1723 unanswered, capture ends %.1f s after the "
                                    "first: too short to tell (the client is given %.0f s)",
                                    n, e->last_time - s->first_syn_time, e->cfg.syn_timeout);
        g_free(n);
        return out;
    }
    if (s->n_calls == 0 && !s->info.name)
        return g_strdup("no call was placed on this control connection, and nothing in the "
                        "capture says it failed");
    return g_strdup("no failure and no working tunnel in the capture: it shows neither outcome");
}
