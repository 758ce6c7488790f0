/* pd_engine.c: session tracking and rules (see pd_engine.h).
 *
 * Sources for the protocol facts: RFC 2637 (PPTP: control connection, calls, enhanced GRE),
 * RFC 1661 (LCP/NCP automaton), RFC 1994 and RFC 2759 (CHAP, MS-CHAPv2 Failure "E=" codes),
 * RFC 1334 (PAP). Causes and fixes: the seeds named in pd_rules.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_engine.h"

#include <stdlib.h>
#include <string.h>

#include "pd_raserror.h"

/* ---- keys -------------------------------------------------------------------------------- */

/* Control connection: client (PNS) address and port, server (PAC) address. */
typedef struct {
    pd_addr client, server;
    guint16 cport;
} tcp_key;

/* One direction of GRE: source, destination and the Call ID in the key field. */
typedef struct {
    pd_addr src, dst;
    guint16 call_id;
} gre_key;

/* An unordered address pair, for GRE seen without its control connection. */
typedef struct {
    pd_addr lo, hi;
} pair_key;

static guint bytes_hash(const void *p, gsize n)
{
    const guint8 *b = p;
    guint32 h = 2166136261u; /* FNV-1a */
    for (gsize i = 0; i < n; i++) {
        h ^= b[i];
        h *= 16777619u;
    }
    return h;
}

static guint tcp_key_hash(gconstpointer k) { return bytes_hash(k, sizeof(tcp_key)); }
static gboolean tcp_key_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(tcp_key)) == 0; }
static guint gre_key_hash(gconstpointer k) { return bytes_hash(k, sizeof(gre_key)); }
static gboolean gre_key_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(gre_key)) == 0; }
static guint pair_key_hash(gconstpointer k) { return bytes_hash(k, sizeof(pair_key)); }
static gboolean pair_key_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(pair_key)) == 0; }

/* ---- state ------------------------------------------------------------------------------- */

enum { DIR_PNS = 0, DIR_PAC = 1 }; /* GRE sent by the client (PNS) / by the server (PAC) */

typedef struct pd_session pd_session;
typedef struct pd_call pd_call;

#define RECENT 8

/* GRE packets in one direction of a call (or of a GRE-only session while unmatched). */
typedef struct {
    gre_key key;
    pd_call *call;          /* NULL while GRE-only */
    pd_session *orphan;     /* GRE-only session holding the flow while call == NULL */
    int dir;                /* DIR_PNS or DIR_PAC once matched */
    guint n;
    guint32 first_frame, last_frame;
    struct {
        guint16 ip_id;
        guint32 frame;
    } recent[RECENT];       /* last packets, to find the one an ICMP error quotes */
    guint recent_pos;
} pd_flow;

struct pd_call {
    pd_session *s;
    gboolean has_pns_id, has_pac_id;
    guint16 pns_id, pac_id;     /* Call IDs assigned by the PNS (client) and the PAC (server) */
    guint32 request_frame, reply_frame;
    gboolean established;
    double up_time;             /* time of the reply that set the call up, seconds */
    pd_flow *flow[2];
    /* LCP per sender direction */
    guint lcp_req_n[2];
    guint32 lcp_req_first[2], lcp_req_last[2];
    guint32 lcp_ack[2];         /* first Configure-Ack sent by that side */
    guint lcp_req_after_ack[2]; /* Configure-Requests a side repeated after the peer acked one */
    guint32 lcp_opened;
    /* authentication */
    guint32 auth_req, auth_resp, auth_ok, auth_fail;
    /* network phase */
    guint32 ncp_ack[2][2];      /* [IPCP=0 / IPV6CP=1][sender]: first Configure-Ack */
    guint32 data[2], up_frame;
    guint32 end_frame;
    gboolean failed;            /* a failure finding exists for this call */
};

struct pd_session {
    pd_session_info info;
    tcp_key key;
    enum { TCP_NONE, TCP_SYN_SENT, TCP_ESTABLISHED, TCP_CLOSED } tcp;
    gboolean midstream;
    guint n_syn;
    guint32 first_syn, last_syn, synack_frame, rst_frame;
    double first_syn_time;
    gboolean syn_fired;
    guint8 client_ttl, server_ttl;
    guint32 sccrp_frame;
    double last_time;
    GPtrArray *calls;    /* pd_call* */
    GPtrArray *flows;    /* pd_flow* owned by a GRE-only session while unmatched */
    GPtrArray *findings; /* pd_finding*, owned */
};

/* What the engine keeps per frame; resolved into a pd_frame_result on query. */
typedef struct {
    pd_session *session;
    pd_flow *flow;       /* for GRE frames: the session follows the flow if it gets matched */
    pd_milestone milestone;
    GPtrArray *findings; /* pd_finding*, not owned */
} frame_rec;

struct pd_engine {
    pd_config cfg;
    GPtrArray *sessions;    /* pd_session*, by index */
    GHashTable *by_tcp;     /* tcp_key -> pd_session* (latest with that key) */
    GHashTable *by_gre;     /* gre_key -> pd_flow* */
    GHashTable *by_pair;    /* pair_key -> pd_session* (GRE-only) */
    GHashTable *frames;     /* frame number -> frame_rec* */
    GPtrArray *all_flows;   /* pd_flow*, owned */
    GPtrArray *eoc;         /* end-of-capture findings (provisional) */
    gboolean finished;
    guint32 last_frame;
    double last_time;
    guint n_ignored;
    pd_frame_result scratch;
};

/* ---- small helpers ----------------------------------------------------------------------- */

pd_config pd_config_default(void)
{
    pd_config c = {.lcp_timeout = 10.0, .syn_timeout = 5.0};
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

static gboolean initial_ttl(guint8 ttl)
{
    return ttl == 64 || ttl == 128 || ttl == 255 || ttl == 32;
}

/* Routers between the sender and the capture point, guessing the usual initial TTLs. */
static guint hops_away(guint8 ttl)
{
    return ttl <= 32 ? 32u - ttl : ttl <= 64 ? 64u - ttl : ttl <= 128 ? 128u - ttl : 255u - ttl;
}

static pd_vantage session_vantage(const pd_session *s)
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

static frame_rec *rec_get(pd_engine *e, guint32 frame)
{
    frame_rec *r = g_hash_table_lookup(e->frames, GUINT_TO_POINTER(frame));
    if (!r) {
        r = g_new0(frame_rec, 1);
        g_hash_table_insert(e->frames, GUINT_TO_POINTER(frame), r);
    }
    return r;
}

static void rec_free(gpointer p)
{
    frame_rec *r = p;
    if (r->findings)
        g_ptr_array_free(r->findings, TRUE);
    g_free(r);
}

static void finding_free(gpointer p)
{
    pd_finding *f = p;
    g_free(f->cause);
    g_array_free(f->evidence, TRUE);
    g_free(f);
}

static void call_free(gpointer p) { g_free(p); }

static void session_free(gpointer p)
{
    pd_session *s = p;
    g_ptr_array_free(s->calls, TRUE);
    g_ptr_array_free(s->flows, TRUE);
    g_ptr_array_free(s->findings, TRUE);
    g_array_free(s->info.milestones, TRUE);
    g_free(s);
}

static pd_session *session_new(pd_engine *e, const pd_observation *o)
{
    pd_session *s = g_new0(pd_session, 1);
    s->info.index = e->sessions->len;
    s->info.first_frame = o->frame;
    s->info.last_frame = o->frame;
    s->info.milestones = g_array_new(FALSE, FALSE, sizeof(pd_session_milestone));
    s->calls = g_ptr_array_new_with_free_func(call_free);
    s->flows = g_ptr_array_new();
    s->findings = g_ptr_array_new_with_free_func(finding_free);
    s->last_time = o->time;
    g_ptr_array_add(e->sessions, s);
    return s;
}

/* Marks @frame as belonging to @s and keeps the session's extent. */
static void touch(pd_engine *e, pd_session *s, const pd_observation *o, pd_flow *flow)
{
    frame_rec *r = rec_get(e, o->frame);
    if (flow)
        r->flow = flow;
    else if (!r->session)
        r->session = s;
    if (o->frame > s->info.last_frame)
        s->info.last_frame = o->frame;
    if (o->time > s->last_time)
        s->last_time = o->time;
}

static void milestone(pd_engine *e, pd_session *s, guint32 frame, pd_milestone m)
{
    pd_session_milestone sm = {frame, m};
    g_array_append_val(s->info.milestones, sm);
    rec_get(e, frame)->milestone = m;
}

static int cmp_u32(gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
    return (x > y) - (x < y);
}

/* Adds frame numbers (0 = none) to a finding's evidence, keeping it sorted and unique. */
static void evidence(pd_finding *f, guint32 frame)
{
    if (frame == 0)
        return;
    for (guint i = 0; i < f->evidence->len; i++) {
        if (g_array_index(f->evidence, guint32, i) == frame)
            return;
    }
    g_array_append_val(f->evidence, frame);
    g_array_sort(f->evidence, cmp_u32);
}

pd_verdict pd_finding_verdict(const pd_finding *f)
{
    if (f->rule == PD_RULE_HEALTHY)
        return PD_VERDICT_HEALTHY;
    return pd_rule_get(f->rule)->severity >= PD_SEV_WARN ? PD_VERDICT_FAILED
                                                         : PD_VERDICT_UNDETERMINED;
}

static int finding_rank(const pd_finding *f)
{
    return (int)pd_rule_get(f->rule)->severity * 8 + (int)f->confidence;
}

static void update_verdict(pd_session *s)
{
    const pd_finding *best = NULL;
    for (guint i = 0; i < s->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(s->findings, i);
        if (!best || finding_rank(f) > finding_rank(best))
            best = f;
    }
    s->info.verdict_finding = best;
    s->info.verdict = best ? pd_finding_verdict(best) : PD_VERDICT_UNDETERMINED;
}

/* Creates a finding attached to @frame, with the rule's RAS codes and fix; the caller adds the
 * cause (ownership passes) and evidence. */
static pd_finding *finding_add(pd_engine *e, pd_session *s, guint32 frame, pd_rule_id rule,
                               pd_confidence conf, char *cause)
{
    const pd_rule *r = pd_rule_get(rule);
    pd_finding *f = g_new0(pd_finding, 1);
    f->frame = frame;
    f->session = s->info.index;
    f->rule = rule;
    f->confidence = conf;
    for (guint i = 0; i < PD_MAX_RAS && r->ras[i]; i++)
        f->ras[f->n_ras++] = r->ras[i];
    f->cause = cause;
    f->fix = r->fix;
    f->evidence = g_array_new(FALSE, FALSE, sizeof(guint32));
    evidence(f, frame);
    g_ptr_array_add(s->findings, f);
    frame_rec *rec = rec_get(e, frame);
    if (!rec->findings)
        rec->findings = g_ptr_array_new();
    g_ptr_array_add(rec->findings, f);
    if (!rec->session && !rec->flow)
        rec->session = s;
    return f;
}

static char *addr_str(const pd_addr *a)
{
    char buf[64];
    return g_strdup(pd_addr_to_str(a, buf, sizeof buf));
}

/* ---- sessions and calls ------------------------------------------------------------------ */

static pd_call *call_new(pd_session *s)
{
    pd_call *c = g_new0(pd_call, 1);
    c->s = s;
    g_ptr_array_add(s->calls, c);
    return c;
}

static pd_call *call_by_pns(pd_session *s, guint16 id)
{
    for (guint i = s->calls->len; i-- > 0;) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->has_pns_id && c->pns_id == id)
            return c;
    }
    return NULL;
}

static pd_call *call_by_pac(pd_session *s, guint16 id)
{
    for (guint i = s->calls->len; i-- > 0;) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->has_pac_id && c->pac_id == id)
            return c;
    }
    return NULL;
}

static void flow_unlink_orphan(pd_engine *e, pd_flow *f)
{
    pd_session *o = f->orphan;
    if (!o)
        return;
    g_ptr_array_remove(o->flows, f);
    f->orphan = NULL;
    if (o->flows->len == 0 && o->findings->len == 0) {
        o->info.absorbed = TRUE;
        pair_key pk;
        memset(&pk, 0, sizeof pk);
        gboolean lo = memcmp(&f->key.src, &f->key.dst, sizeof(pd_addr)) < 0;
        pk.lo = lo ? f->key.src : f->key.dst;
        pk.hi = lo ? f->key.dst : f->key.src;
        if (g_hash_table_lookup(e->by_pair, &pk) == o)
            g_hash_table_remove(e->by_pair, &pk);
    }
}

/* The GRE direction (@src -> @dst, key @call_id) now belongs to @c as @dir: adopt any flow seen
 * before the control connection said so, or prepare an empty one. */
static void call_bind(pd_engine *e, pd_call *c, int dir, const pd_addr *src, const pd_addr *dst,
                      guint16 call_id)
{
    if (c->flow[dir])
        return;
    gre_key k;
    memset(&k, 0, sizeof k);
    k.src = *src;
    k.dst = *dst;
    k.call_id = call_id;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (f && f->call && f->call != c) {
        /* Call ID reused by a newer call: the older call's flow ends here. */
        f->call->flow[f->dir] = NULL;
        f = NULL;
    }
    if (!f) {
        f = g_new0(pd_flow, 1);
        f->key = k;
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_replace(e->by_gre, &f->key, f);
    }
    flow_unlink_orphan(e, f);
    f->call = c;
    f->dir = dir;
    c->flow[dir] = f;
}

/* ---- rules ------------------------------------------------------------------------------- */

static const char *side_name(int dir) { return dir == DIR_PNS ? "client" : "server"; }

/* Healthy: the call reached PPP's network phase. */
static void check_up(pd_engine *e, pd_call *c, guint32 frame)
{
    if (c->up_frame || c->failed)
        return;
    int ncp = -1; /* the NCP acknowledged by both sides */
    for (int p = 0; p < 2 && ncp < 0; p++)
        if (c->ncp_ack[p][0] && c->ncp_ack[p][1])
            ncp = p;
    gboolean data = c->data[0] && c->data[1];
    if (ncp < 0 && !data)
        return;
    c->up_frame = frame;
    milestone(e, c->s, frame, PD_MS_NCP_UP);
    pd_finding *f = finding_add(
        e, c->s, frame, PD_RULE_HEALTHY, PD_CONF_CONFIRMED,
        ncp >= 0 ? g_strdup_printf("The PPTP call is up: LCP opened, authentication passed and %s "
                                   "was acknowledged in both directions.",
                                   ncp == 0 ? "IPCP" : "IPV6CP")
                 : g_strdup("The PPTP call is up: PPP data flows over GRE in both directions."));
    evidence(f, c->reply_frame);
    evidence(f, c->lcp_opened);
    evidence(f, c->auth_ok);
    if (ncp >= 0) {
        evidence(f, c->ncp_ack[ncp][0]);
        evidence(f, c->ncp_ack[ncp][1]);
    } else {
        evidence(f, c->data[0]);
        evidence(f, c->data[1]);
    }
    update_verdict(c->s);
}

/* Wording of "GRE did not get through", for the capture point. Returns NULL when the trace does
 * not show GRE missing in a direction (then another rule must explain the failure). */
static char *gre_absence_cause(const pd_call *c, pd_vantage v, int *lost_dir)
{
    guint n_pns = c->flow[DIR_PNS] ? c->flow[DIR_PNS]->n : 0;
    guint n_pac = c->flow[DIR_PAC] ? c->flow[DIR_PAC]->n : 0;
    *lost_dir = -1;
    if (n_pns == 0 && n_pac == 0) {
        return g_strdup(
            "The call was set up on TCP 1723 but no GRE (IP protocol 47) packet of it was seen in "
            "either direction: GRE is blocked between the peers, or blocked before it reaches this "
            "capture point. A capture on the client side would show whether the client's GRE left "
            "and whether an ICMP error came back.");
    }
    if (n_pns > 0 && n_pac == 0) {
        *lost_dir = DIR_PAC;
        if (v == PD_VANTAGE_SERVER)
            return g_strdup_printf(
                "GRE from the client reached the server (%u packets) but the server sent none: the "
                "server does not answer on the call (routing or PPP service state on the server), "
                "or the capture misses its GRE.", n_pns);
        return g_strdup_printf(
            "The client sent %u GRE packets (PPP LCP Configure-Requests) and no GRE came back from "
            "the server: GRE (IP protocol 47) is blocked on the path, for the client's GRE on its "
            "way to the server or for the server's replies. A capture on the server side would "
            "tell which direction is blocked.", n_pns);
    }
    if (n_pac > 0 && n_pns == 0) {
        *lost_dir = DIR_PNS;
        if (v == PD_VANTAGE_CLIENT)
            return g_strdup_printf(
                "GRE from the server reached the client (%u packets) but the client sent none: the "
                "client's PPP did not start, or the capture misses its GRE.", n_pac);
        return g_strdup_printf(
            "The server sent %u GRE packets (PPP LCP Configure-Requests) and no GRE arrived from the "
            "client: the client's GRE (IP protocol 47) is blocked on the path (its replies may be "
            "blocked too). A capture on the client side would show whether its GRE left and "
            "whether an ICMP error came back.", n_pac);
    }
    /* Both directions seen: does one side keep asking although the other acknowledged? */
    for (int d = 0; d < 2; d++) {
        int peer = 1 - d;
        if (c->lcp_req_after_ack[d] >= 2 && c->lcp_ack[d] == 0) {
            *lost_dir = peer;
            return g_strdup_printf(
                "GRE passes from the %s to the %s, but the %s's GRE does not arrive at the %s: the "
                "%s acknowledged the %s's LCP Configure-Request (frame %u), yet the %s kept "
                "repeating it (%u times after that) and never acknowledged the %s's requests. "
                "GRE from the %s is dropped on the way.",
                side_name(d), side_name(peer), side_name(peer), side_name(d), side_name(peer),
                side_name(d), c->lcp_ack[peer], side_name(d), c->lcp_req_after_ack[d],
                side_name(peer), side_name(peer));
        }
    }
    return NULL;
}

/* GRE blocked, by absence: the call was set up and PPP never completed. @frame is where the
 * finding goes; @ended says the call or control connection ended there; @eoc marks a provisional
 * end-of-capture conclusion, which leaves the call open to later evidence. */
static pd_finding *check_gre_absence(pd_engine *e, pd_call *c, guint32 frame, double now,
                                     gboolean ended, gboolean eoc)
{
    if (!c->established || c->failed || c->up_frame || c->lcp_opened)
        return NULL;
    double elapsed = now - c->up_time;
    gboolean waited = elapsed >= e->cfg.lcp_timeout;
    if (!ended && !waited)
        return NULL;
    int lost;
    char *cause = gre_absence_cause(c, session_vantage(c->s), &lost);
    if (!cause)
        return NULL;
    gboolean retried = c->lcp_req_n[0] >= 2 || c->lcp_req_n[1] >= 2;
    pd_confidence conf = (waited || retried) ? PD_CONF_LIKELY : PD_CONF_POSSIBLE;
    if (conf == PD_CONF_POSSIBLE) {
        char *more = g_strdup_printf(
            "%s The call ended %.2f s after it was set up, before any retry: the peer may also have "
            "given up for another reason.", cause, elapsed);
        g_free(cause);
        cause = more;
    }
    pd_finding *f = finding_add(e, c->s, frame, PD_RULE_GRE_BLOCKED, conf, cause);
    evidence(f, c->reply_frame);
    for (int d = 0; d < 2; d++) {
        evidence(f, c->lcp_req_first[d]);
        evidence(f, c->lcp_req_last[d]);
        evidence(f, c->lcp_ack[d]);
    }
    evidence(f, c->end_frame);
    if (!eoc)
        c->failed = TRUE;
    update_verdict(c->s);
    return f;
}

/* An ICMP error quoting one of the call's GRE packets: the sender of the ICMP blocks GRE. */
static void gre_icmp(pd_engine *e, pd_flow *fl, const pd_observation *o)
{
    pd_call *c = fl->call;
    pd_session *s = c ? c->s : fl->orphan;
    guint32 quoted = 0;
    for (guint i = 0; i < RECENT; i++) {
        if (fl->recent[i].frame && fl->recent[i].ip_id == o->icmp.quoted_ip_id)
            quoted = fl->recent[i].frame;
    }
    char *icmp_src = addr_str(&o->src);
    const char *what;
    switch (o->icmp.code) {
    case 0: what = "network unreachable"; break;
    case 1: what = "host unreachable"; break;
    case 2: what = "protocol unreachable"; break;
    case 3: what = "port unreachable"; break;
    case 9: case 10: case 13: what = "communication administratively prohibited"; break;
    default: what = "destination unreachable"; break;
    }
    char quoted_txt[64];
    if (quoted)
        g_snprintf(quoted_txt, sizeof quoted_txt, "the GRE packet in frame %u", quoted);
    else
        g_strlcpy(quoted_txt, "a GRE packet of this call (not in the capture)", sizeof quoted_txt);
    char *cause = g_strdup_printf(
        "%s answered %s with ICMP Destination Unreachable (%s, code %u): %s does not let GRE (IP "
        "protocol 47) through, so PPP cannot be negotiated over the call although TCP 1723 works.",
        icmp_src, quoted_txt, what, o->icmp.code, icmp_src);
    g_free(icmp_src);
    pd_finding *f = finding_add(e, s, o->frame, PD_RULE_GRE_BLOCKED, PD_CONF_CONFIRMED, cause);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    evidence(f, quoted);
    if (c) {
        evidence(f, c->reply_frame);
        c->failed = TRUE;
    }
    update_verdict(s);
}

/* MS-CHAPv2 Failure "E=nnn" (RFC 2759 section 6); 0 when absent. */
static guint16 failure_code(const char *msg)
{
    const char *p = strstr(msg, "E=");
    if (!p || (p != msg && p[-1] != ' '))
        return 0;
    long v = strtol(p + 2, NULL, 10);
    return (v > 0 && v < 65536) ? (guint16)v : 0;
}

static void auth_failed(pd_engine *e, pd_call *c, const pd_observation *o, int dir, gboolean pap)
{
    if (c->failed)
        return;
    c->auth_fail = o->frame;
    guint16 code = pap ? 0 : failure_code(o->gre.ppp_message);
    const pd_raserror *re = code ? pd_raserror_lookup(code) : NULL;
    char *cause;
    if (pap)
        cause = g_strdup_printf("The %s answered the PAP Authenticate-Request with "
                                "Authenticate-Nak: user name or password rejected.",
                                side_name(dir));
    else if (code)
        cause = g_strdup_printf("The %s answered the CHAP Response with Failure E=%u (%s: %s)%s%s.",
                                side_name(dir), code, re ? re->name : "unknown RAS error",
                                re ? re->message : "", o->gre.ppp_message[0] ? " Message: " : "",
                                o->gre.ppp_message);
    else
        cause = g_strdup_printf("The %s answered the CHAP Response with Failure%s%s: user name "
                                "or password rejected.",
                                side_name(dir), o->gre.ppp_message[0] ? ": " : "",
                                o->gre.ppp_message);
    pd_finding *f = finding_add(e, c->s, o->frame, PD_RULE_AUTH_FAILED, PD_CONF_CONFIRMED, cause);
    if (code) {
        f->ras[0] = code;
        f->n_ras = 1;
    }
    evidence(f, c->auth_req);
    evidence(f, c->auth_resp);
    c->failed = TRUE;
    update_verdict(c->s);
}

/* TCP 1723 unanswered: SYNs for syn_timeout seconds without SYN/ACK or RST. @now is the time
 * of @frame, or of the capture's end when @eoc (a provisional end-of-capture conclusion). */
static void check_syn_unanswered(pd_engine *e, pd_session *s, guint32 frame, double now,
                                 gboolean eoc)
{
    double waited = now - s->first_syn_time;
    if (s->tcp != TCP_SYN_SENT || s->syn_fired || waited < e->cfg.syn_timeout)
        return;
    if (!eoc)
        s->syn_fired = TRUE;
    char *srv = addr_str(&s->info.server);
    pd_finding *f = finding_add(
        e, s, frame, PD_RULE_TCP1723_UNANSWERED, PD_CONF_LIKELY,
        g_strdup_printf("%u SYN%s to %s port 1723 got neither SYN/ACK nor reset in %.1f s%s: TCP "
                        "1723 is silently dropped on the path (firewall or ISP), or the server is "
                        "down or unreachable.",
                        s->n_syn, s->n_syn == 1 ? "" : "s", srv, waited,
                        eoc ? " (until the end of the capture)" : ""));
    g_free(srv);
    evidence(f, s->first_syn);
    evidence(f, s->last_syn);
    update_verdict(s);
}

/* Wording of a SYN answered by RST, with what the TTLs say about who sent the reset. */
static char *refused_cause(const pd_session *s, const pd_observation *rst)
{
    char *srv = addr_str(&s->info.server);
    char *out;
    if (session_vantage(s) == PD_VANTAGE_SERVER) {
        out = g_strdup_printf(
            "The SYN reached the server and %s itself answered with a reset (RST, TTL %u as sent): "
            "nothing listens on TCP 1723 there. The PPTP service (RRAS on Windows, pptpd on Linux) "
            "is not running or not bound to this address.", srv, rst->ttl);
    } else {
        guint hops = hops_away(rst->ttl);
        out = g_strdup_printf(
            "The SYN to %s port 1723 was answered by a reset (RST) in the server's name, from %u "
            "router hop%s away (TTL %u): nothing listens on TCP 1723 at the server (PPTP service "
            "not running), or a firewall on the path rejects TCP 1723 with a reset. A capture on "
            "the server side separates the two: a server that receives the SYN and resets it is "
            "not listening; if the SYN never arrives there, a firewall forged the reset%s.",
            srv, hops, hops == 1 ? "" : "s", rst->ttl,
            hops == 0 ? " (a reset from 0 hops away comes from this link: the first router or "
                        "firewall, unless the server shares the link)" : "");
    }
    g_free(srv);
    return out;
}

/* ---- observation handlers ---------------------------------------------------------------- */

static pd_session *tcp_session(pd_engine *e, const pd_observation *o, gboolean *from_client)
{
    tcp_key k;
    memset(&k, 0, sizeof k);
    if (o->tcp.dport == PD_PPTP_PORT) {
        *from_client = TRUE;
        k.client = o->src;
        k.server = o->dst;
        k.cport = o->tcp.sport;
    } else {
        *from_client = FALSE;
        k.client = o->dst;
        k.server = o->src;
        k.cport = o->tcp.dport;
    }
    pd_session *s = g_hash_table_lookup(e->by_tcp, &k);
    gboolean syn = (o->tcp.flags & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN;
    /* A new SYN on a closed connection's 4-tuple opens a new session (port reuse). */
    if (s && syn && *from_client && s->tcp == TCP_CLOSED)
        s = NULL;
    if (!s) {
        if (o->kind != PD_OBS_TCP)
            return NULL;
        s = session_new(e, o);
        s->key = k;
        s->info.client = k.client;
        s->info.server = k.server;
        s->info.client_port = k.cport;
        s->midstream = !syn;
        g_hash_table_replace(e->by_tcp, &s->key, s);
    }
    if (*from_client && !s->client_ttl)
        s->client_ttl = o->ttl;
    if (!*from_client && !s->server_ttl)
        s->server_ttl = o->ttl;
    return s;
}

static void close_calls(pd_engine *e, pd_session *s, const pd_observation *o)
{
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (!c->end_frame)
            c->end_frame = o->frame;
        check_gre_absence(e, c, o->frame, o->time, TRUE, FALSE);
    }
}

static void on_tcp(pd_engine *e, const pd_observation *o)
{
    if (o->tcp.sport != PD_PPTP_PORT && o->tcp.dport != PD_PPTP_PORT)
        return;
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    touch(e, s, o, NULL);
    guint8 fl = o->tcp.flags;
    if (from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN) {
        if (s->n_syn++ == 0) {
            s->first_syn = o->frame;
            s->first_syn_time = o->time;
            s->tcp = TCP_SYN_SENT;
        }
        s->last_syn = o->frame;
        if (s->n_syn >= 2) /* a retransmission */
            check_syn_unanswered(e, s, o->frame, o->time, FALSE);
        return;
    }
    if (!from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == (PD_TCP_SYN | PD_TCP_ACK)) {
        if (s->tcp == TCP_SYN_SENT || s->tcp == TCP_NONE) {
            s->tcp = TCP_ESTABLISHED;
            s->synack_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_TCP_CONNECTED);
        }
        return;
    }
    if (fl & PD_TCP_RST) {
        if (!from_client && s->tcp == TCP_SYN_SENT) {
            s->rst_frame = o->frame;
            s->tcp = TCP_CLOSED;
            pd_finding *f = finding_add(e, s, o->frame, PD_RULE_TCP1723_REFUSED,
                                        PD_CONF_CONFIRMED, refused_cause(s, o));
            evidence(f, s->first_syn);
            update_verdict(s);
            return;
        }
        if (s->tcp != TCP_CLOSED) {
            s->tcp = TCP_CLOSED;
            milestone(e, s, o->frame, PD_MS_CONTROL_CLOSED);
            close_calls(e, s, o);
        }
        return;
    }
    if (fl & PD_TCP_FIN) {
        if (s->tcp != TCP_CLOSED) {
            s->tcp = TCP_CLOSED;
            milestone(e, s, o->frame, PD_MS_CONTROL_CLOSED);
            close_calls(e, s, o);
        }
        return;
    }
    if (s->tcp == TCP_NONE)
        s->tcp = TCP_ESTABLISHED; /* capture started mid-connection */
}

static void on_pptp(pd_engine *e, const pd_observation *o)
{
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    touch(e, s, o, NULL);
    const pd_obs_pptp *p = &o->pptp;
    pd_call *c = NULL;
    switch (p->type) {
    case PD_PPTP_SCCRP:
        if (p->has_result && p->result == 1 && !s->sccrp_frame) {
            s->sccrp_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_CONTROL_UP);
        }
        break;
    case PD_PPTP_OCRQ: /* PNS -> PAC, Call ID of the PNS */
        if (!p->has_call_id)
            break;
        c = call_by_pns(s, p->call_id);
        if (!c) {
            c = call_new(s);
            c->has_pns_id = TRUE;
            c->pns_id = p->call_id;
        }
        if (!c->request_frame)
            c->request_frame = o->frame;
        call_bind(e, c, DIR_PAC, &s->info.server, &s->info.client, c->pns_id);
        break;
    case PD_PPTP_OCRP: /* PAC -> PNS: Call ID of the PAC, Peer Call ID = the PNS's */
    case PD_PPTP_ICRP: /* PNS -> PAC answering an ICRQ: Call ID of the PNS, Peer = the PAC's */
        if (!p->has_call_id || !p->has_peer_call_id)
            break;
        {
            gboolean ocrp = p->type == PD_PPTP_OCRP;
            guint16 pns = ocrp ? p->peer_call_id : p->call_id;
            guint16 pac = ocrp ? p->call_id : p->peer_call_id;
            c = ocrp ? call_by_pns(s, pns) : call_by_pac(s, pac);
            if (!c) {
                c = call_new(s);
                c->request_frame = 0;
            }
            c->has_pns_id = c->has_pac_id = TRUE;
            c->pns_id = pns;
            c->pac_id = pac;
            if (!c->reply_frame)
                c->reply_frame = o->frame;
            if (p->has_result && p->result == 1 && !c->established) {
                c->established = TRUE;
                c->up_time = o->time;
                milestone(e, s, o->frame, PD_MS_CALL_UP);
                call_bind(e, c, DIR_PNS, &s->info.client, &s->info.server, c->pac_id);
                call_bind(e, c, DIR_PAC, &s->info.server, &s->info.client, c->pns_id);
            }
        }
        break;
    case PD_PPTP_ICRQ: /* PAC -> PNS: Call ID of the PAC */
        if (p->has_call_id && !call_by_pac(s, p->call_id)) {
            c = call_new(s);
            c->has_pac_id = TRUE;
            c->pac_id = p->call_id;
            c->request_frame = o->frame;
        }
        break;
    case PD_PPTP_CCRQ: /* PNS -> PAC, Call ID of the PNS */
    case PD_PPTP_CDN:  /* PAC -> PNS, Call ID of the PAC */
        if (!p->has_call_id)
            break;
        c = p->type == PD_PPTP_CCRQ ? call_by_pns(s, p->call_id) : call_by_pac(s, p->call_id);
        if (c && !c->end_frame) {
            c->end_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_CALL_CLEARED);
            check_gre_absence(e, c, o->frame, o->time, TRUE, FALSE);
        }
        break;
    case PD_PPTP_StopCCRQ:
        close_calls(e, s, o);
        break;
    default:
        break;
    }
}

/* GRE-only session for an address pair (capture started mid-session, or GRE came before the
 * control connection that will claim it). */
static pd_session *orphan_session(pd_engine *e, const pd_observation *o)
{
    pair_key pk;
    memset(&pk, 0, sizeof pk);
    gboolean lo = memcmp(&o->src, &o->dst, sizeof(pd_addr)) < 0;
    pk.lo = lo ? o->src : o->dst;
    pk.hi = lo ? o->dst : o->src;
    pd_session *s = g_hash_table_lookup(e->by_pair, &pk);
    if (!s) {
        s = session_new(e, o);
        s->info.gre_only = TRUE;
        s->info.client = o->src; /* unknown roles: first sender */
        s->info.server = o->dst;
        pair_key *kk = g_memdup2(&pk, sizeof pk);
        g_hash_table_insert(e->by_pair, kk, s);
        milestone(e, s, o->frame, PD_MS_GRE_NO_CONTROL);
    }
    return s;
}

static void on_ppp(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    int peer = 1 - dir;
    switch (g->ppp_protocol) {
    case PD_PPP_LCP:
        if (g->ppp_code == PD_CP_CONF_REQ) {
            if (c->lcp_req_n[dir]++ == 0)
                c->lcp_req_first[dir] = o->frame;
            c->lcp_req_last[dir] = o->frame;
            if (c->lcp_ack[peer])
                c->lcp_req_after_ack[dir]++;
        } else if (g->ppp_code == PD_CP_CONF_ACK) {
            if (!c->lcp_ack[dir])
                c->lcp_ack[dir] = o->frame;
            if (c->lcp_ack[peer] && !c->lcp_opened) {
                c->lcp_opened = o->frame;
                milestone(e, c->s, o->frame, PD_MS_LCP_OPENED);
            }
        }
        break;
    case PD_PPP_CHAP:
        if (g->ppp_code == PD_CHAP_CHALLENGE && !c->auth_req)
            c->auth_req = o->frame;
        else if (g->ppp_code == PD_CHAP_RESPONSE)
            c->auth_resp = o->frame;
        else if (g->ppp_code == PD_CHAP_SUCCESS && !c->auth_ok) {
            c->auth_ok = o->frame;
            milestone(e, c->s, o->frame, PD_MS_AUTH_OK);
        } else if (g->ppp_code == PD_CHAP_FAILURE)
            auth_failed(e, c, o, dir, FALSE);
        break;
    case PD_PPP_PAP:
        if (g->ppp_code == PD_PAP_REQ)
            c->auth_resp = o->frame;
        else if (g->ppp_code == PD_PAP_ACK && !c->auth_ok) {
            c->auth_ok = o->frame;
            milestone(e, c->s, o->frame, PD_MS_AUTH_OK);
        } else if (g->ppp_code == PD_PAP_NAK)
            auth_failed(e, c, o, dir, TRUE);
        break;
    case PD_PPP_IPCP:
    case PD_PPP_IPV6CP:
        if (g->ppp_code == PD_CP_CONF_ACK) {
            int p = g->ppp_protocol == PD_PPP_IPCP ? 0 : 1;
            if (!c->ncp_ack[p][dir])
                c->ncp_ack[p][dir] = o->frame;
        }
        check_up(e, c, o->frame);
        break;
    case PD_PPP_COMP:
    case PD_PPP_IP:
    case PD_PPP_IPV6:
        if (!c->data[dir])
            c->data[dir] = o->frame;
        check_up(e, c, o->frame);
        break;
    default:
        break;
    }
}

static void on_gre(pd_engine *e, const pd_observation *o)
{
    gre_key k;
    memset(&k, 0, sizeof k);
    k.src = o->src;
    k.dst = o->dst;
    k.call_id = o->gre.call_id;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (!f) {
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->orphan = orphan_session(e, o);
        g_ptr_array_add(f->orphan->flows, f);
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_insert(e->by_gre, &f->key, f);
    }
    if (f->n++ == 0)
        f->first_frame = o->frame;
    f->last_frame = o->frame;
    f->recent[f->recent_pos].ip_id = o->ip_id;
    f->recent[f->recent_pos].frame = o->frame;
    f->recent_pos = (f->recent_pos + 1) % RECENT;
    pd_session *s = f->call ? f->call->s : f->orphan;
    touch(e, s, o, f);
    if (f->call && o->gre.ppp_protocol)
        on_ppp(e, f->call, f->dir, o);
}

static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    gboolean v4 = o->src.family == 4;
    gboolean unreachable = v4 ? ic->type == 3 && ic->code != 4 : ic->type == 1;
    if (!unreachable || ic->quoted_proto != PD_IPPROTO_GRE || !ic->quoted_has_gre_call_id)
        return;
    gre_key k;
    memset(&k, 0, sizeof k);
    k.src = ic->quoted_src;
    k.dst = ic->quoted_dst;
    k.call_id = ic->quoted_gre.call_id;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (!f)
        return; /* GRE we never saw: no session to speak about */
    pd_session *s = f->call ? f->call->s : f->orphan;
    touch(e, s, o, NULL);
    gre_icmp(e, f, o);
}

/* After each observation: calls of @s whose LCP deadline has passed. */
static void check_deadlines(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (!s)
        return;
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->established && !c->failed && !c->up_frame && !c->lcp_opened && !c->end_frame)
            check_gre_absence(e, c, o->frame, o->time, FALSE, FALSE);
    }
}

static pd_session *frame_session(const pd_engine *e, guint32 frame)
{
    const frame_rec *r = g_hash_table_lookup(e->frames, GUINT_TO_POINTER(frame));
    if (!r)
        return NULL;
    if (r->flow)
        return r->flow->call ? r->flow->call->s : r->flow->orphan;
    return r->session;
}

/* ---- end of capture ---------------------------------------------------------------------- */

static void withdraw_eoc(pd_engine *e)
{
    for (guint i = 0; i < e->eoc->len; i++) {
        pd_finding *f = g_ptr_array_index(e->eoc, i);
        pd_session *s = g_ptr_array_index(e->sessions, f->session);
        frame_rec *r = g_hash_table_lookup(e->frames, GUINT_TO_POINTER(f->frame));
        if (r && r->findings)
            g_ptr_array_remove(r->findings, f);
        g_ptr_array_remove(s->findings, f); /* frees it */
        update_verdict(s);
    }
    g_ptr_array_set_size(e->eoc, 0);
    e->finished = FALSE;
}

void pd_engine_finish(pd_engine *e)
{
    if (e->finished)
        return;
    e->finished = TRUE;
    for (guint i = 0; i < e->sessions->len; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        guint before = s->findings->len;
        check_syn_unanswered(e, s, s->info.last_frame, e->last_time, TRUE);
        for (guint j = 0; j < s->calls->len; j++) {
            pd_call *c = g_ptr_array_index(s->calls, j);
            if (!c->end_frame && c->established && !c->failed && !c->up_frame &&
                e->last_time - c->up_time >= e->cfg.lcp_timeout)
                check_gre_absence(e, c, s->info.last_frame, e->last_time, FALSE, TRUE);
        }
        for (guint j = before; j < s->findings->len; j++) {
            pd_finding *f = g_ptr_array_index(s->findings, j);
            f->end_of_capture = TRUE;
            g_ptr_array_add(e->eoc, f);
        }
    }
}

gboolean pd_engine_finished(const pd_engine *e) { return e->finished; }

/* ---- public ------------------------------------------------------------------------------ */

pd_engine *pd_engine_new(const pd_config *config)
{
    pd_engine *e = g_new0(pd_engine, 1);
    e->cfg = config ? *config : pd_config_default();
    e->sessions = g_ptr_array_new_with_free_func(session_free);
    e->by_tcp = g_hash_table_new(tcp_key_hash, tcp_key_eq);
    e->by_gre = g_hash_table_new(gre_key_hash, gre_key_eq);
    e->by_pair = g_hash_table_new_full(pair_key_hash, pair_key_eq, g_free, NULL);
    e->frames = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, rec_free);
    e->all_flows = g_ptr_array_new_with_free_func(g_free);
    e->eoc = g_ptr_array_new();
    return e;
}

void pd_engine_free(pd_engine *e)
{
    if (!e)
        return;
    g_hash_table_destroy(e->frames);
    g_hash_table_destroy(e->by_tcp);
    g_hash_table_destroy(e->by_gre);
    g_hash_table_destroy(e->by_pair);
    g_ptr_array_free(e->eoc, TRUE);
    g_ptr_array_free(e->sessions, TRUE);
    g_ptr_array_free(e->all_flows, TRUE);
    g_free(e);
}

void pd_engine_observe(pd_engine *e, const pd_observation *o)
{
    if (o->frame < e->last_frame) {
        e->n_ignored++;
        return;
    }
    if (e->finished)
        withdraw_eoc(e);
    e->last_frame = o->frame;
    if (o->time > e->last_time)
        e->last_time = o->time;
    switch (o->kind) {
    case PD_OBS_TCP: on_tcp(e, o); break;
    case PD_OBS_PPTP: on_pptp(e, o); break;
    case PD_OBS_GRE: on_gre(e, o); break;
    case PD_OBS_ICMP_ERROR: on_icmp(e, o); break;
    }
    check_deadlines(e, frame_session(e, o->frame), o);
}

const pd_frame_result *pd_engine_frame(const pd_engine *e, guint32 frame)
{
    const frame_rec *r = g_hash_table_lookup(e->frames, GUINT_TO_POINTER(frame));
    if (!r)
        return NULL;
    pd_session *s = frame_session(e, frame);
    pd_frame_result *out = &((pd_engine *)e)->scratch;
    out->has_session = s != NULL;
    out->session = s ? s->info.index : 0;
    out->milestone = r->milestone;
    out->findings = (r->findings && r->findings->len) ? r->findings : NULL;
    return out;
}

guint pd_engine_n_sessions(const pd_engine *e) { return e->sessions->len; }

const pd_session_info *pd_engine_session(const pd_engine *e, guint index)
{
    if (index >= e->sessions->len)
        return NULL;
    pd_session *s = g_ptr_array_index(e->sessions, index);
    s->info.vantage = session_vantage(s);
    return &s->info;
}

guint pd_engine_n_ignored(const pd_engine *e) { return e->n_ignored; }

guint pd_engine_n_calls(const pd_engine *e, guint session)
{
    if (session >= e->sessions->len)
        return 0;
    return ((pd_session *)g_ptr_array_index(e->sessions, session))->calls->len;
}

gboolean pd_engine_call(const pd_engine *e, guint session, guint i, pd_call_info *out)
{
    if (i >= pd_engine_n_calls(e, session))
        return FALSE;
    const pd_session *s = g_ptr_array_index(e->sessions, session);
    const pd_call *c = g_ptr_array_index(s->calls, i);
    memset(out, 0, sizeof *out);
    out->has_pns_id = c->has_pns_id;
    out->has_pac_id = c->has_pac_id;
    out->pns_call_id = c->pns_id;
    out->pac_call_id = c->pac_id;
    out->request_frame = c->request_frame;
    out->reply_frame = c->reply_frame;
    out->established = c->established;
    out->end_frame = c->end_frame;
    for (int d = 0; d < 2; d++)
        out->gre_packets[d] = c->flow[d] ? c->flow[d]->n : 0;
    return TRUE;
}

guint pd_engine_n_findings(const pd_engine *e, guint session)
{
    if (session >= e->sessions->len)
        return 0;
    return ((pd_session *)g_ptr_array_index(e->sessions, session))->findings->len;
}

const pd_finding *pd_engine_finding(const pd_engine *e, guint session, guint i)
{
    if (i >= pd_engine_n_findings(e, session))
        return NULL;
    const pd_session *s = g_ptr_array_index(e->sessions, session);
    return g_ptr_array_index(s->findings, i);
}
