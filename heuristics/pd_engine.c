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

static guint bytes_hash_addr(gconstpointer k) { return bytes_hash(k, sizeof(pd_addr)); }
static gboolean addr_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(pd_addr)) == 0; }
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

/* A GRE data packet a side sent: its sequence number, size (IP total length) and DF bit. */
typedef struct {
    guint32 seq, frame;
    guint16 len;
    gboolean df;
    double time;
} sent_rec;

/* What a call needs only while PPP is negotiated and the link lives (index: the side that sent
 * the packet). Freed when the call is settled, so finished sessions keep only their summary. */
typedef struct {
    /* LCP details */
    guint lcp_nak_n[2];
    guint32 lcp_nak_first[2], lcp_nak_last[2];
    guint32 auth_req[2];        /* last Configure-Request asking for an Authentication-Protocol */
    guint16 auth_asked[2];
    guint8 auth_asked_algo[2];
    guint32 auth_refused[2];    /* that side Nak'd or Rejected the peer's Authentication-Protocol */
    gboolean auth_refused_rej[2];
    guint16 auth_offered[2];    /* what its Nak suggested instead (0: none) */
    guint8 auth_offered_algo[2];
    guint32 lcp_term[2];        /* first LCP Terminate-Request */
    char term_msg[2][96];
    /* CCP */
    guint32 ccp_mppe_req[2];    /* first CCP Configure-Request carrying MPPE */
    guint32 ccp_ack[2];
    guint32 ccp_refused[2];     /* that side rejected the peer's MPPE or Protocol-Rejected CCP */
    const char *ccp_refused_how[2];
    /* IPCP */
    guint ipcp_nak_n[2];
    guint32 ipcp_nak_first[2], ipcp_nak_last[2];
    guint32 ipcp_rej_addr[2];   /* Configure-Reject of the IP-Address option */
    guint32 ipcp_protrej[2];    /* LCP Protocol-Reject of IPCP */
    guint32 ipcp_term[2];
    gboolean has_ipcp_addr;
    guint8 ipcp_addr[4];        /* last address one side proposed or acknowledged */
    /* liveness */
    guint32 last_gre[2];
    double last_gre_time[2];
    guint echo_unanswered[2];   /* LCP Echo-Requests of that side not followed by peer GRE */
    guint32 echo_first_unanswered[2], echo_last[2];
    /* GRE acknowledgments (RFC 2637 4.4) */
    gboolean has_max_seq[2];
    guint32 max_seq[2];
    gboolean has_last_ack[2];
    guint32 last_ack[2], ack_since[2];
    guint ack_same_n[2];
    sent_rec sent[2][RECENT];   /* last data packets per side, for lost-large-packet checks */
    guint sent_pos[2];
} call_work;

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
    guint32 auth_req_frame, auth_resp, auth_ok, auth_fail;
    /* network phase */
    guint32 ncp_ack[2][2];      /* [IPCP=0 / IPV6CP=1][sender]: first Configure-Ack */
    guint32 data[2], up_frame;
    guint32 end_frame;
    gboolean failed;            /* a confirmed failure finding exists for this call */
    pd_finding *absence;        /* the gre-blocked finding made from absence, if any */
    call_work *w;               /* negotiation and liveness state; freed (NULL) once the call
                                   is settled (see evict) */
    gboolean ack_stalled;
    guint32 invalid_frame;
    pd_call *collides_with;     /* a live call of another control connection with our GRE key */
    gboolean mtu_reported;
    pd_finding *auth_finding;   /* the latest auth-failed finding */
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
    guint32 sccrp_frame, sccrq_frame;
    guint32 client_teardown;  /* first CCRQ/StopCCRQ/FIN/RST from the client */
    gboolean control_failed; /* a control-connection finding exists */
    guint32 echo_req[2];      /* oldest unanswered PPTP Echo-Request per side [client, server] */
    double echo_req_time[2];
    guint echo_n[2];
    guint32 dns_frames[4];    /* DNS sessions (made at the end): the frames they mark */
    gboolean unknown_key_reported; /* a gre-call-id-mismatch for an unknown GRE key was made */
    double closed_time;       /* when the control connection closed (settling starts) */
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
    GHashTable *by_hosts;   /* pair_key -> pd_session* (latest control connection of the pair) */
    GHashTable *frames;     /* frame number -> frame_rec* */
    GPtrArray *all_flows;   /* pd_flow*, owned */
    GPtrArray *eoc;         /* end-of-capture findings (provisional) */
    gboolean finished;
    guint32 last_frame;
    double last_time;
    guint n_ignored;
    gboolean saw_pptp;      /* any TCP 1723 or GRE in the capture */
    GHashTable *dns;        /* dns_key -> dns_lookup* */
    GHashTable *last_syn;   /* pd_addr (client) -> GUINT frame of its last SYN to 1723 */
    guint eoc_sessions;     /* sessions made by pd_engine_finish (DNS), dropped on withdraw */
    guint n_capped;         /* sessions not tracked because of max_sessions */
    GQueue *settling;       /* closed sessions, oldest first, whose calls still hold work state */
    pd_frame_result scratch;
};

/* A DNS lookup: one querier, one name. */
typedef struct {
    pd_addr client, server;
    char name[128];
    guint16 qtype;
    guint n_queries;
    guint32 first_query, last_query, response, nx_frame; /* nx_frame: first NXDOMAIN */
    guint8 rcode;
    gboolean ok;            /* answered without error */
} dns_lookup;

/* ---- small helpers ----------------------------------------------------------------------- */

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

static void call_free(gpointer p)
{
    pd_call *c = p;
    g_free(c->w);
    g_free(c);
}

static void session_free(gpointer p)
{
    pd_session *s = p;
    g_ptr_array_free(s->calls, TRUE);
    g_ptr_array_free(s->flows, TRUE);
    g_ptr_array_free(s->findings, TRUE);
    g_array_free(s->info.milestones, TRUE);
    g_free(s->info.name);
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
    if (f->superseded_by)
        return PD_VERDICT_UNDETERMINED;
    if (f->rule == PD_RULE_HEALTHY)
        return PD_VERDICT_HEALTHY;
    return pd_rule_get(f->rule)->severity >= PD_SEV_WARN ? PD_VERDICT_FAILED
                                                         : PD_VERDICT_UNDETERMINED;
}

/* Failures outrank the healthy finding, which outranks notes; then confidence. */
static int finding_rank(const pd_finding *f)
{
    return (int)pd_rule_get(f->rule)->severity * 16 + (int)f->confidence * 2 +
           (f->rule == PD_RULE_HEALTHY);
}

static void update_verdict(pd_session *s)
{
    const pd_finding *best = NULL;
    for (guint i = 0; i < s->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(s->findings, i);
        if (f->superseded_by)
            continue;
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

/* A finding inferred from absence (likely/possible) that @frame contradicts no longer counts. */
static void supersede(pd_session *s, pd_finding *f, guint32 frame)
{
    if (!f || f->superseded_by || f->confidence == PD_CONF_CONFIRMED)
        return;
    f->superseded_by = frame;
    update_verdict(s);
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
    c->w = g_new0(call_work, 1);
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
        /* Call ID reused by a newer call: the older call's flow ends here. If the older call is
         * still up on another control connection, the two calls share a GRE key. */
        if (f->call->established && !f->call->end_frame && f->call->s != c->s)
            c->collides_with = f->call;
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
            "way to the server or for the server's replies; a NAT device in front of the client "
            "without a PPTP helper also loses the server's GRE this way. A capture on the server "
            "side would tell which direction is blocked (and show a NAT's ICMP error).", n_pns);
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
    if (!c->established || c->failed || c->absence || c->up_frame || c->lcp_opened)
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
        c->absence = f;
    update_verdict(c->s);
    return f;
}

/* The client's own address answers the server's GRE with ICMP protocol unreachable, although the
 * client's GRE came from it: a NAT device that forwards GRE out but cannot map it back. */
static void nat_no_helper(pd_engine *e, pd_flow *fl, const pd_observation *o, guint32 quoted)
{
    pd_call *c = fl->call;
    pd_session *s = c->s;
    char *nat = addr_str(&o->src);
    guint icmp_hops = hops_away(o->ttl), client_hops = hops_away(s->client_ttl);
    gboolean differ = s->client_ttl && icmp_hops != client_hops;
    char qbuf[32] = "";
    char *ttl_txt =
        differ ? g_strdup_printf("Its ICMP arrives from %u hop%s away, the client's packets from %u: "
                                 "the address belongs to a router, not to the client.",
                                 icmp_hops, icmp_hops == 1 ? "" : "s", client_hops)
               : g_strdup("The TTLs do not tell a NAT device from the client host itself: if "
                          "no NAT is involved, the client's PPTP software stopped listening for "
                          "GRE (a client-side capture separates the two).");
    if (quoted)
        g_snprintf(qbuf, sizeof qbuf, " (frame %u)", quoted);
    char *cause = g_strdup_printf(
        "%s, the client's address as seen here, answered the server's GRE%s with ICMP Destination "
        "Unreachable (protocol unreachable, code 2), although the client's GRE comes from that "
        "address: %s is a NAT device that forwards the client's GRE but cannot map the server's "
        "GRE back to the client (no PPTP helper / passthrough). %s",
        nat, qbuf, nat, ttl_txt);
    g_free(ttl_txt);
    g_free(nat);
    pd_finding *f = finding_add(e, s, o->frame, PD_RULE_NAT_NO_HELPER,
                                differ ? PD_CONF_CONFIRMED : PD_CONF_LIKELY, cause);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    evidence(f, quoted);
    evidence(f, c->reply_frame);
    evidence(f, c->flow[DIR_PNS] ? c->flow[DIR_PNS]->first_frame : 0);
    c->failed = TRUE;
    update_verdict(s);
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
    if (o->icmp.code == 2 && c && fl->dir == DIR_PAC && pd_addr_equal(&o->src, &o->icmp.quoted_dst)) {
        if (!c->failed)
            nat_no_helper(e, fl, o, quoted);
        return;
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
    /* A later Failure (e.g. E=709 after a password change that followed E=648) replaces the
     * earlier one as the session's explanation. */
    if (c->failed && !c->auth_finding)
        return;
    if (c->auth_finding)
        c->auth_finding->superseded_by = o->frame;
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
    evidence(f, c->auth_req_frame);
    evidence(f, c->auth_resp);
    c->auth_finding = f;
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

/* ---- PPP negotiation rules ---------------------------------------------------------------- */

/* Name of an authentication protocol as LCP's Authentication-Protocol option gives it. */
static const char *auth_name(guint16 proto, guint8 algo)
{
    switch (proto) {
    case PD_PPP_CHAP:
        return algo == 0x81 ? "MS-CHAPv2" : algo == 0x80 ? "MS-CHAP" : algo == 5 ? "CHAP (MD5)"
                                                                      : "CHAP";
    case PD_PPP_PAP: return "PAP";
    case 0xc227: return "EAP";
    default: return "an authentication protocol";
    }
}

/* " (text)" for a Terminate-Request's message, or "". */
static char *quoted_msg(const char *msg)
{
    return msg && msg[0] ? g_strdup_printf(" \"%s\"", msg) : g_strdup("");
}

/* Who ended it, as text: "the server ended the link (LCP Terminate-Request "...", frame N)" or
 * "the call ended (frame N)". */
static char *ended_text(const pd_call *c, int by, guint32 frame)
{
    if (by >= 0 && c->w->lcp_term[by]) {
        char *m = quoted_msg(c->w->term_msg[by]);
        char *out = g_strdup_printf("the %s then ended the link (LCP Terminate-Request%s, frame %u)",
                                    side_name(by), m, c->w->lcp_term[by]);
        g_free(m);
        return out;
    }
    return g_strdup_printf("the call then ended (frame %u)", frame);
}

static void set_ras(pd_finding *f, guint16 a, guint16 b)
{
    f->n_ras = 0;
    if (a)
        f->ras[f->n_ras++] = a;
    if (b)
        f->ras[f->n_ras++] = b;
}

/* A confirmed failure of call @c concluded at @frame: the finding with two evidence frames (0:
 * none), the call marked failed (no other rule speaks for it afterwards), the verdict updated.
 * The caller may still adjust the finding's RAS codes. */
static pd_finding *call_failed(pd_engine *e, pd_call *c, guint32 frame, pd_rule_id rule,
                               char *cause, guint32 ev1, guint32 ev2)
{
    pd_finding *f = finding_add(e, c->s, frame, rule, PD_CONF_CONFIRMED, cause);
    evidence(f, ev1);
    evidence(f, ev2);
    c->failed = TRUE;
    update_verdict(c->s);
    return f;
}

/* One side refused the Authentication-Protocol the other asked for, and the link ended. */
static gboolean auth_protocol_rejected(pd_engine *e, pd_call *c, int by, guint32 frame)
{
    for (int x = 0; x < 2; x++) {
        int peer = 1 - x;
        if (!c->w->auth_refused[x] || c->auth_ok)
            continue;
        char offered[64] = "";
        if (!c->w->auth_refused_rej[x] && c->w->auth_offered[x])
            g_snprintf(offered, sizeof offered, ", suggesting %s",
                       auth_name(c->w->auth_offered[x], c->w->auth_offered_algo[x]));
        char *end = ended_text(c, by, frame);
        char *cause = g_strdup_printf(
            "The %s asked for %s (LCP Authentication-Protocol, frame %u); the %s refused it "
            "(Configure-%s%s, frame %u) and %s: the two sides share no authentication protocol%s.",
            side_name(peer), auth_name(c->w->auth_asked[peer], c->w->auth_asked_algo[peer]),
            c->w->auth_req[peer], side_name(x), c->w->auth_refused_rej[x] ? "Reject" : "Nak", offered,
            c->w->auth_refused[x], end,
            x == DIR_PNS ? " (the client is configured not to use the server's protocol)"
                         : " (the server does not accept the client's protocol)");
        g_free(end);
        call_failed(e, c, frame, PD_RULE_AUTH_PROTOCOL_REJECTED, cause, c->w->auth_req[peer],
                    c->w->auth_refused[x]);
        return TRUE;
    }
    return FALSE;
}

/* One side asked for MPPE in CCP, the other refused it, and the link ended. */
static gboolean mppe_not_agreed(pd_engine *e, pd_call *c, int by, guint32 frame)
{
    if (c->w->ccp_ack[0] && c->w->ccp_ack[1])
        return FALSE;
    for (int x = 0; x < 2; x++) {
        int peer = 1 - x;
        if (!c->w->ccp_refused[x])
            continue;
        char *end = ended_text(c, by, frame);
        char *asked = c->w->ccp_mppe_req[peer]
                          ? g_strdup_printf(" (CCP Configure-Request, frame %u)", c->w->ccp_mppe_req[peer])
                          : g_strdup("");
        char *cause = g_strdup_printf(
            "The %s asked for MPPE encryption%s; the %s refused it (%s, frame %u) and %s: the %s "
            "requires encryption that the %s will not do.",
            side_name(peer), asked, side_name(x), c->w->ccp_refused_how[x], c->w->ccp_refused[x], end,
            side_name(peer), side_name(x));
        g_free(asked);
        g_free(end);
        pd_finding *f = call_failed(e, c, frame, PD_RULE_MPPE_NOT_AGREED, cause,
                                    c->w->ccp_mppe_req[peer], c->w->ccp_refused[x]);
        /* The client refusing: the local computer lacks the required encryption (741); the
         * server refusing: the remote computer does (742). 768 in both (seed 003). */
        set_ras(f, x == DIR_PNS ? 741 : 742, 768);
        return TRUE;
    }
    return FALSE;
}

/* Configure-Naks that never let LCP open (RFC 1661 4.6: Max-Failure, default 5). */
static gboolean lcp_not_converging(pd_engine *e, pd_call *c, int by, guint32 frame,
                                   gboolean ended)
{
    guint n = c->w->lcp_nak_n[0] + c->w->lcp_nak_n[1];
    if (c->lcp_opened || c->failed || n < (ended ? 5u : 10u))
        return FALSE;
    int x = c->w->lcp_nak_n[0] >= c->w->lcp_nak_n[1] ? 0 : 1;
    char *end = ended ? ended_text(c, by, frame) : g_strdup("LCP is still not open");
    char *cause = g_strdup_printf(
        "LCP did not converge: the %s answered %u of the %s's Configure-Requests with "
        "Configure-Nak (frames %u to %u) and LCP never opened; %s. The two sides insist on "
        "incompatible LCP options.",
        side_name(x), c->w->lcp_nak_n[x], side_name(1 - x), c->w->lcp_nak_first[x], c->w->lcp_nak_last[x],
        end);
    g_free(end);
    call_failed(e, c, frame, PD_RULE_LCP_NOT_CONVERGING, cause, c->w->lcp_nak_first[x],
                c->w->lcp_nak_last[x]);
    return TRUE;
}

/* IPCP failures: Terminate-Request of IPCP (@term_by >= 0, in-line), or at the end of the
 * call a rejected address, a Nak loop or a Protocol-Reject of IPCP. */
static gboolean ipcp_failed(pd_engine *e, pd_call *c, int term_by, int by, guint32 frame)
{
    if (c->failed || !c->w)
        return FALSE;
    gboolean ipcp_up = c->ncp_ack[0][0] && c->ncp_ack[0][1];
    char addr[32] = "";
    if (c->w->has_ipcp_addr)
        g_snprintf(addr, sizeof addr, " %u.%u.%u.%u", c->w->ipcp_addr[0], c->w->ipcp_addr[1],
                   c->w->ipcp_addr[2], c->w->ipcp_addr[3]);
    char *cause = NULL;
    guint16 ras1 = 0, ras2 = 0;
    guint32 ev1 = 0, ev2 = 0;
    if (term_by >= 0) {
        char *m = quoted_msg(c->w->term_msg[term_by]);
        gboolean v6 = c->ncp_ack[1][0] && c->ncp_ack[1][1];
        cause = g_strdup_printf(
            "The %s terminated IPCP (IPCP Terminate-Request%s, frame %u)%s%s: the tunnel has no "
            "IPv4%s. %s",
            side_name(term_by), m, c->w->ipcp_term[term_by],
            ipcp_up ? " after IPCP had opened with address" : "", ipcp_up ? addr : "",
            v6 ? " (IPV6CP is up, so only IPv6 works)" : "",
            term_by == DIR_PAC ? "The server refuses the address for this user (e.g. the user's "
                                 "allowed addresses do not include the pool) or cannot assign one."
                               : "The client refused the IPv4 configuration the server offered.");
        g_free(m);
        ras1 = term_by == DIR_PAC ? 735 : 733;
        ras2 = term_by == DIR_PAC ? 738 : 720;
        ev1 = c->ncp_ack[0][DIR_PNS];
        ev2 = c->ncp_ack[0][DIR_PAC];
    } else if (!ipcp_up) {
        char *end = ended_text(c, by, frame);
        int x;
        if (c->w->ipcp_rej_addr[DIR_PAC] || c->w->ipcp_rej_addr[DIR_PNS]) {
            x = c->w->ipcp_rej_addr[DIR_PAC] ? DIR_PAC : DIR_PNS;
            cause = g_strdup_printf("The %s rejected the IP-Address option of IPCP (Configure-Reject, "
                                    "frame %u): no IPv4 address was assigned, and %s.",
                                    side_name(x), c->w->ipcp_rej_addr[x], end);
            ras1 = 738;
            ras2 = 720;
            ev1 = c->w->ipcp_rej_addr[x];
        } else if (c->w->ipcp_protrej[DIR_PAC] || c->w->ipcp_protrej[DIR_PNS]) {
            x = c->w->ipcp_protrej[DIR_PAC] ? DIR_PAC : DIR_PNS;
            cause = g_strdup_printf("The %s does not run IPCP (LCP Protocol-Reject of IPCP, frame %u), "
                                    "and %s: no IPv4 over the tunnel.",
                                    side_name(x), c->w->ipcp_protrej[x], end);
            ras1 = 733;
            ras2 = 720;
            ev1 = c->w->ipcp_protrej[x];
        } else if (c->w->ipcp_nak_n[0] + c->w->ipcp_nak_n[1] >= 5) {
            x = c->w->ipcp_nak_n[DIR_PAC] >= c->w->ipcp_nak_n[DIR_PNS] ? DIR_PAC : DIR_PNS;
            cause = g_strdup_printf("IPCP did not converge: the %s answered %u IPCP Configure-Requests "
                                    "with Configure-Nak (frames %u to %u, last address%s), and %s.",
                                    side_name(x), c->w->ipcp_nak_n[x], c->w->ipcp_nak_first[x],
                                    c->w->ipcp_nak_last[x], addr[0] ? addr : " none", end);
            ras1 = 732;
            ras2 = 735;
            ev1 = c->w->ipcp_nak_first[x];
            ev2 = c->w->ipcp_nak_last[x];
        }
        g_free(end);
    }
    if (!cause)
        return FALSE;
    set_ras(call_failed(e, c, frame, PD_RULE_IPCP_FAILED, cause, ev1, ev2), ras1, ras2);
    return TRUE;
}

/* Fallback: a peer ended LCP before the network phase and nothing on the wire says why. */
static void lcp_terminated(pd_engine *e, pd_call *c, int by, guint32 frame)
{
    const char *phase = !c->lcp_opened                     ? "link establishment"
                        : !c->auth_ok && (c->w->auth_req[0] || c->w->auth_req[1]) ? "authentication"
                                                                          : "network";
    char *m = quoted_msg(c->w->term_msg[by]);
    char *cause = g_strdup_printf(
        "The %s ended PPP with an LCP Terminate-Request%s (frame %u) in the %s phase, before the "
        "tunnel was up; the trace shows no refusal that explains it. The %s's PPP log says why.",
        side_name(by), m, c->w->lcp_term[by], phase, side_name(by));
    g_free(m);
    set_ras(call_failed(e, c, frame, PD_RULE_LCP_TERMINATED, cause, c->lcp_opened, c->auth_ok),
            by == DIR_PAC ? 719 : 734, 0);
}

/* After the network phase: the link ended while one side's LCP echoes went unanswered. */
static gboolean lcp_echo_lost(pd_engine *e, pd_call *c, int by, guint32 frame, double now,
                              gboolean eoc)
{
    if (!c->w)
        return FALSE;
    int d = c->w->echo_unanswered[0] >= c->w->echo_unanswered[1] ? 0 : 1;
    int peer = 1 - d;
    guint n = c->w->echo_unanswered[d];
    double silent = c->w->last_gre[peer] ? now - c->w->last_gre_time[peer] : 0;
    if (c->failed || n == 0 || (n < 2 && silent < 5.0) || (eoc && n < 3))
        return FALSE;
    char *end = eoc ? g_strdup("the capture ends with the link silent")
                    : ended_text(c, by, frame);
    char *cause = g_strdup_printf(
        "After the tunnel was up, the %s's LCP Echo-Requests got no reply (%u since frame %u) and "
        "no GRE from the %s %s since frame %u (%.1f s); %s. GRE from the %s stopped getting "
        "through mid-session (a firewall, IPS or NAT dropping GRE, or the path failed).",
        side_name(d), n, c->w->echo_first_unanswered[d], side_name(peer),
        session_vantage(c->s) == (d == DIR_PNS ? PD_VANTAGE_CLIENT : PD_VANTAGE_SERVER)
            ? "reached this capture point"
            : "was seen",
        c->w->last_gre[peer], silent, end, side_name(peer));
    g_free(end);
    pd_finding *f = finding_add(e, c->s, frame, PD_RULE_LCP_ECHO_LOST, PD_CONF_LIKELY, cause);
    evidence(f, c->up_frame);
    evidence(f, c->w->last_gre[peer]);
    evidence(f, c->w->echo_first_unanswered[d]);
    evidence(f, c->w->echo_last[d]);
    if (!eoc)
        c->failed = TRUE;
    update_verdict(c->s);
    return TRUE;
}

/* The call's PPP ended: an LCP Terminate-Request from @by, or (@by < 0) the call or the control
 * connection ended at @frame. Says why, from what the negotiation showed. */
static void explain_end(pd_engine *e, pd_call *c, int by, guint32 frame, double now)
{
    if (c->failed || c->absence || !c->w)
        return;
    if (c->up_frame) {
        if (!ipcp_failed(e, c, -1, by, frame))
            lcp_echo_lost(e, c, by, frame, now, FALSE);
        return;
    }
    if (!c->lcp_opened && check_gre_absence(e, c, frame, now, TRUE, FALSE))
        return;
    if (auth_protocol_rejected(e, c, by, frame) || mppe_not_agreed(e, c, by, frame) ||
        lcp_not_converging(e, c, by, frame, TRUE) || ipcp_failed(e, c, -1, by, frame))
        return;
    if (by >= 0 && !c->invalid_frame) /* invalid packets already explain it */
        lcp_terminated(e, c, by, frame);
}

/* A malformed PPP frame, an LCP Code-Reject, or a Protocol-Reject of a number that is no PPP
 * protocol (RFC 1661 sections 2, 5.6, 5.7). */
static void ppp_invalid(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    if (c->invalid_frame)
        return;
    char *cause;
    if (g->ppp_malformed)
        cause = g_strdup_printf("The PPP frame the %s sent inside GRE is malformed (it does not "
                                "parse as PPP protocol 0x%04x): a device on the path altered it, "
                                "or the %s's PPTP software is faulty.",
                                side_name(dir), g->ppp_protocol, side_name(dir));
    else if (g->ppp_code == PD_CP_CODE_REJ)
        cause = g_strdup_printf("The %s answered an LCP packet with Code-Reject: it received an LCP "
                                "code it does not know, i.e. an invalid or altered PPP packet.",
                                side_name(dir));
    else
        cause = g_strdup_printf("The %s answered with LCP Protocol-Reject of protocol 0x%04x, which "
                                "is not a valid PPP protocol number (RFC 1661 section 2): the PPP "
                                "packet it received was invalid or altered on the way.",
                                side_name(dir), g->rejected_protocol);
    c->invalid_frame = o->frame;
    finding_add(e, c->s, o->frame, PD_RULE_PPP_INVALID, PD_CONF_CONFIRMED, cause);
    update_verdict(c->s);
}

/* GRE acknowledgments (RFC 2637 4.4) from @dir stay the same while the peer's sequence numbers
 * go on: the peer's GRE no longer reaches @dir. */
/* Large packets with DF set that the peer never acknowledged, while the smaller ones before
 * were: a path MTU black hole (no ICMP came back). @ack is the peer's latest acknowledgment. */
static void mtu_black_hole(pd_engine *e, pd_call *c, int sender, guint32 ack, const pd_observation *o)
{
    guint n_lost = 0, min_lost = G_MAXUINT16, max_acked = 0;
    guint32 first = 0, last = 0;
    for (guint i = 0; i < RECENT; i++) {
        const sent_rec *p = &c->w->sent[sender][i];
        if (!p->frame)
            continue;
        if ((gint32)(p->seq - ack) <= 0) {
            max_acked = MAX(max_acked, p->len);
        } else if (o->time - p->time >= 0.5) {
            if (!p->df)
                return;
            n_lost++;
            min_lost = MIN(min_lost, p->len);
            first = first && first < p->frame ? first : p->frame;
            last = MAX(last, p->frame);
        }
    }
    if (n_lost < 3 || max_acked == 0 || min_lost <= max_acked || min_lost < 1000)
        return;
    c->mtu_reported = TRUE;
    pd_finding *f = finding_add(
        e, c->s, o->frame, PD_RULE_MTU_TOO_SMALL, PD_CONF_LIKELY,
        g_strdup_printf("The %s's GRE packets of %u bytes and more with DF set (%u of them, frames "
                        "%u to %u) were never acknowledged by the %s (its acknowledgment stays at "
                        "%u), while its smaller packets (up to %u bytes) were: large packets are "
                        "lost on the path and no ICMP fragmentation-needed comes back (an MTU "
                        "black hole).",
                        side_name(sender), min_lost, n_lost, first, last, side_name(1 - sender), ack,
                        max_acked));
    evidence(f, first);
    evidence(f, last);
    update_verdict(c->s);
}

static void gre_acks(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    int peer = 1 - dir;
    if (g->has_seq && g->ppp_protocol && o->ip_len) {
        guint i = c->w->sent_pos[dir]++ % RECENT;
        c->w->sent[dir][i].seq = g->seq;
        c->w->sent[dir][i].frame = o->frame;
        c->w->sent[dir][i].len = o->ip_len;
        c->w->sent[dir][i].df = o->df;
        c->w->sent[dir][i].time = o->time;
    }
    if (g->has_ack && !c->mtu_reported && c->up_frame)
        mtu_black_hole(e, c, peer, g->ack, o);
    if (g->has_seq && (!c->w->has_max_seq[dir] || (gint32)(g->seq - c->w->max_seq[dir]) > 0)) {
        c->w->max_seq[dir] = g->seq;
        c->w->has_max_seq[dir] = TRUE;
    }
    if (!g->has_ack)
        return;
    if (!c->w->has_last_ack[dir] || g->ack != c->w->last_ack[dir]) {
        c->w->has_last_ack[dir] = TRUE;
        c->w->last_ack[dir] = g->ack;
        c->w->ack_since[dir] = o->frame;
        c->w->ack_same_n[dir] = 0;
        return;
    }
    c->w->ack_same_n[dir]++;
    if (c->ack_stalled || !c->up_frame || !c->w->has_max_seq[peer] || c->w->ack_same_n[dir] < 3 ||
        (gint32)(c->w->max_seq[peer] - c->w->last_ack[dir]) < 10)
        return;
    c->ack_stalled = TRUE;
    pd_finding *f = finding_add(
        e, c->s, o->frame, PD_RULE_GRE_ACK_STALLED, PD_CONF_LIKELY,
        g_strdup_printf("The %s's GRE keeps arriving, but its acknowledgment number stayed at %u "
                        "since frame %u (%u packets) while the %s's sequence numbers went on to %u: "
                        "the %s's GRE no longer reaches the %s.",
                        side_name(dir), c->w->last_ack[dir], c->w->ack_since[dir], c->w->ack_same_n[dir] + 1,
                        side_name(peer), c->w->max_seq[peer], side_name(peer), side_name(dir)));
    evidence(f, c->w->ack_since[dir]);
    evidence(f, c->w->last_gre[peer]);
    update_verdict(c->s);
}

/* ---- control connection rules (RFC 2637 section 2) ----------------------------------------- */

/* RFC 2637 names of Result Codes per message, and of General Error Codes (section 2.16). */
static const char *result_name(guint16 type, guint8 code)
{
    static const char *const sccrp[] = {NULL, "Successful channel establishment", "General error",
                                        "Command channel already exists",
                                        "Requester is not authorized to establish a command channel",
                                        "The protocol version of the requester is not supported"};
    static const char *const ocrp[] = {NULL, "Connected", "General Error", "No Carrier", "Busy",
                                       "No Dial Tone", "Time-out", "Do Not Accept"};
    static const char *const cdn[] = {NULL, "Lost Carrier", "General Error", "Admin Shutdown",
                                      "Request"};
    static const char *const stop[] = {NULL, "None (general request)", "Stop-Protocol",
                                       "Stop-Local-Shutdown"};
    switch (type) {
    case PD_PPTP_SCCRP: return code < G_N_ELEMENTS(sccrp) && sccrp[code] ? sccrp[code] : "unknown";
    case PD_PPTP_OCRP: return code < G_N_ELEMENTS(ocrp) && ocrp[code] ? ocrp[code] : "unknown";
    case PD_PPTP_CDN: return code < G_N_ELEMENTS(cdn) && cdn[code] ? cdn[code] : "unknown";
    case PD_PPTP_StopCCRQ: return code < G_N_ELEMENTS(stop) && stop[code] ? stop[code] : "unknown";
    default: return "unknown";
    }
}

static const char *error_name(guint8 code)
{
    static const char *const names[] = {"None", "Not-Connected", "Bad-Format", "Bad-Value",
                                        "No-Resource", "Bad-Call ID", "PAC-Error"};
    return code < G_N_ELEMENTS(names) ? names[code] : "unknown";
}

/* ", General Error Code 4 (No-Resource)" when the message carries one. */
static char *error_text(const pd_obs_pptp *p)
{
    return p->error ? g_strdup_printf(", General Error Code %u (%s)", p->error, error_name(p->error))
                    : g_strdup("");
}

static gboolean session_failed(const pd_session *s)
{
    return s->info.verdict == PD_VERDICT_FAILED;
}

/* SCCRP or OCRP/ICRP whose Result Code is not success. */
static void pptp_refused(pd_engine *e, pd_session *s, pd_call *c, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    gboolean control = p->type == PD_PPTP_SCCRP;
    char *err = error_text(p);
    guint16 t = p->type == PD_PPTP_ICRP ? PD_PPTP_OCRP : p->type; /* same codes (2.8, 2.10) */
    char *cause;
    if (control)
        cause = g_strdup_printf(
            "The server refused the control connection: Start-Control-Connection-Reply with Result "
            "Code %u (%s)%s. %s",
            p->result, result_name(t, p->result), err,
            p->result == 3   ? "Another control connection from this address is still active."
            : p->result == 4 ? "The server does not accept PPTP from this client."
            : p->result == 5 ? "Client and server PPTP versions are incompatible."
            : p->error == 4  ? "The server has no resources left (ports, address pool)."
                             : "The server's PPTP service failed.");
    else
        cause = g_strdup_printf(
            "The server refused the call: %s with Result Code %u (%s)%s. %s",
            p->type == PD_PPTP_ICRP ? "Incoming-Call-Reply" : "Outgoing-Call-Reply", p->result,
            result_name(t, p->result), err,
            p->error == 4 || p->result == 4 || p->result == 3
                ? "Its ports or address pool are exhausted (no resource for another call)."
                : "The server could not start PPP for the call.");
    g_free(err);
    pd_finding *f = finding_add(e, s, o->frame,
                                control ? PD_RULE_CONTROL_REFUSED : PD_RULE_CALL_REFUSED,
                                PD_CONF_CONFIRMED, cause);
    evidence(f, control ? s->sccrq_frame : c ? c->request_frame : 0);
    if (c)
        c->failed = TRUE;
    s->control_failed = control;
    update_verdict(s);
}

/* Two live calls of different control connections between the same hosts use the same Call ID
 * towards the client address: their GRE is indistinguishable (RFC 2637 4.1 keys GRE by it). */
static void call_id_collision(pd_engine *e, pd_call *c, const pd_observation *o)
{
    pd_call *other = c->collides_with;
    char *client = addr_str(&c->s->info.client);
    pd_finding *f = finding_add(
        e, c->s, o->frame, PD_RULE_GRE_CALL_ID_MISMATCH, PD_CONF_LIKELY,
        g_strdup_printf("Two control connections from %s (TCP ports %u and %u) both set up a call "
                        "with Call ID %u while the first is still up: the server's GRE for both "
                        "calls carries the same key, so a NAT device in front of several clients "
                        "(without a PPTP helper, which would rewrite the Call IDs) cannot deliver "
                        "it to the right one.",
                        client, other->s->info.client_port, c->s->info.client_port, c->pns_id));
    g_free(client);
    evidence(f, other->request_frame);
    evidence(f, other->reply_frame);
    evidence(f, c->request_frame);
    update_verdict(c->s);
}

/* Call-Disconnect-Notify from the server that the client did not ask for (RFC 2637 2.11). */
static void call_disconnected(pd_engine *e, pd_call *c, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    char *err = error_text(p);
    char *ppp = c->up_frame ? g_strdup(", while the tunnel was up")
                : g_strdup_printf(", %.1f s after the call was set up and before PPP completed "
                                  "(GRE seen: %u from the client, %u from the server; if GRE is "
                                  "blocked as well, a capture on the server side shows it)",
                                  o->time - c->up_time, c->flow[DIR_PNS] ? c->flow[DIR_PNS]->n : 0,
                                  c->flow[DIR_PAC] ? c->flow[DIR_PAC]->n : 0);
    call_failed(e, c, o->frame, PD_RULE_CALL_DISCONNECTED,
                g_strdup_printf("The server disconnected the call (Call-Disconnect-Notify with "
                                "Result Code %u (%s)%s, Cause Code %u) without the client asking "
                                "for it (no Call-Clear-Request)%s.",
                                p->result, result_name(PD_PPTP_CDN, p->result), err, p->cause,
                                ppp),
                c->reply_frame, c->up_frame);
    g_free(err);
    g_free(ppp);
}

/* The server closed (FIN) or reset the control connection, the client not having asked. */
static void control_closed(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (s->client_teardown || s->control_failed || session_failed(s))
        return;
    gboolean rst = (o->tcp.flags & PD_TCP_RST) != 0;
    const char *how = rst ? "reset" : "closed (FIN)";
    char *cause;
    guint32 ev = 0;
    pd_call *up = NULL;
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->established)
            up = c;
    }
    if (!s->sccrp_frame) {
        if (s->midstream)
            return;
        cause = g_strdup_printf(
            "The server %s the control connection %s, without a Start-Control-Connection-Reply: "
            "it accepts TCP 1723 but refuses PPTP sessions. Usual causes: its connection limit or "
            "address pool is exhausted (e.g. pptpd allows as many connections as remoteip has "
            "addresses), another session of this client is still active, or the service is "
            "restarting.",
            how, s->sccrq_frame ? "right after the client's Start-Control-Connection-Request"
                                : "before the client's Start-Control-Connection-Request");
        ev = s->sccrq_frame;
    } else if (up && up->up_frame) {
        cause = g_strdup_printf(
            "The server %s the control connection while the tunnel was up (network phase since "
            "frame %u), without Call-Disconnect-Notify or Stop-Control-Connection-Request: the "
            "server dropped the session (service restart, policy) or a device on the path reset "
            "TCP 1723.",
            how, up->up_frame);
        ev = up->up_frame;
    } else if (up) {
        cause = g_strdup_printf(
            "The server %s the control connection while PPP was being negotiated on the call set "
            "up in frame %u, without Call-Disconnect-Notify: the server gave up on the call (PPP "
            "negotiation failed or timed out on its side).",
            how, up->reply_frame);
        ev = up->reply_frame;
    } else {
        cause = g_strdup_printf(
            "The server %s the control connection after it was established (frame %u) and before "
            "any call was set up.",
            how, s->sccrp_frame);
        ev = s->sccrp_frame;
    }
    s->control_failed = TRUE;
    pd_finding *f = finding_add(e, s, o->frame, PD_RULE_CONTROL_CLOSED, PD_CONF_CONFIRMED, cause);
    evidence(f, ev);
    update_verdict(s);
}

/* PPTP Echo-Request of side @x (0 client, 1 server) unanswered for echo_timeout seconds, seen
 * when @x sends another one (@closing FALSE) or gives the connection up (@closing TRUE). */
static void pptp_echo_check(pd_engine *e, pd_session *s, int x, const pd_observation *o,
                            gboolean closing)
{
    double waited = o->time - s->echo_req_time[x];
    if (s->echo_n[x] == 0 || s->control_failed || waited < e->cfg.echo_timeout)
        return;
    const char *who = x == 0 ? "client" : "server";
    pd_finding *f = finding_add(
        e, s, o->frame, PD_RULE_PPTP_ECHO_UNANSWERED, PD_CONF_LIKELY,
        g_strdup_printf("The %s's PPTP Echo-Requests on the control connection went unanswered "
                        "(%u since frame %u, %.0f s)%s: the path to the %s died or a stateful "
                        "firewall/NAT dropped the TCP 1723 connection.",
                        who, s->echo_n[x], s->echo_req[x], waited,
                        closing ? ", and it gave the connection up" : "",
                        x == 0 ? "server" : "client"));
    evidence(f, s->echo_req[x]);
    s->control_failed = TRUE;
    update_verdict(s);
}

/* WAN-Error-Notify (RFC 2637 2.12): the server's error counters for the call. */
static void wan_error(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const guint32 *w = o->pptp.wan_errors;
    pd_finding *f = finding_add(
        e, s, o->frame, PD_RULE_WAN_ERROR, PD_CONF_CONFIRMED,
        g_strdup_printf("The server reports line errors on the call (WAN-Error-Notify): CRC %u, "
                        "framing %u, hardware overruns %u, buffer overruns %u, time-out %u, "
                        "alignment %u.",
                        w[0], w[1], w[2], w[3], w[4], w[5]));
    (void)f;
    update_verdict(s);
}

/* ---- observation handlers ---------------------------------------------------------------- */

static void pair_of(const pd_addr *a, const pd_addr *b, pair_key *pk)
{
    memset(pk, 0, sizeof *pk);
    gboolean lo = memcmp(a, b, sizeof(pd_addr)) < 0;
    pk->lo = lo ? *a : *b;
    pk->hi = lo ? *b : *a;
}

/* Room for another session? Counts the refusals and reports the cap once. */
static gboolean session_room(pd_engine *e, const pd_observation *o)
{
    if (e->sessions->len < e->cfg.max_sessions)
        return TRUE;
    if (e->n_capped++ == 0 && e->sessions->len > 0) {
        pd_session *last = g_ptr_array_index(e->sessions, e->sessions->len - 1);
        finding_add(e, last, o->frame, PD_RULE_STATE_CAP, PD_CONF_CONFIRMED,
                    g_strdup_printf("pptpdiag tracks at most %u sessions per capture (preference "
                                    "pptpdiag.max_sessions); sessions starting from this frame on "
                                    "are not diagnosed.",
                                    e->cfg.max_sessions));
    }
    return FALSE;
}

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
        if (o->kind != PD_OBS_TCP || !session_room(e, o))
            return NULL;
        s = session_new(e, o);
        s->key = k;
        s->info.client = k.client;
        s->info.server = k.server;
        s->info.client_port = k.cport;
        s->midstream = !syn;
        g_hash_table_replace(e->by_tcp, &s->key, s);
        pair_key pk;
        pair_of(&k.client, &k.server, &pk);
        g_hash_table_replace(e->by_hosts, g_memdup2(&pk, sizeof pk), s);
    }
    if (*from_client && !s->client_ttl)
        s->client_ttl = o->ttl;
    if (!*from_client && !s->server_ttl)
        s->server_ttl = o->ttl;
    return s;
}

/* The control connection or the session's calls ended at @o: each open call is explained. */
static void close_calls(pd_engine *e, pd_session *s, const pd_observation *o)
{
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->end_frame)
            continue;
        c->end_frame = o->frame;
        explain_end(e, c, -1, o->frame, o->time);
        check_gre_absence(e, c, o->frame, o->time, TRUE, FALSE);
    }
}

static void tcp_closed(pd_engine *e, pd_session *s, const pd_observation *o, gboolean from_client)
{
    if (from_client && !s->client_teardown)
        s->client_teardown = o->frame;
    pptp_echo_check(e, s, from_client ? 0 : 1, o, TRUE);
    if (s->tcp == TCP_CLOSED)
        return;
    s->tcp = TCP_CLOSED;
    milestone(e, s, o->frame, PD_MS_CONTROL_CLOSED);
    close_calls(e, s, o);
    s->closed_time = o->time;
    g_queue_push_tail(e->settling, s);
    if (!from_client)
        control_closed(e, s, o);
}

static void on_tcp(pd_engine *e, const pd_observation *o)
{
    if (o->tcp.sport != PD_PPTP_PORT && o->tcp.dport != PD_PPTP_PORT)
        return;
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    e->saw_pptp = TRUE;
    touch(e, s, o, NULL);
    guint8 fl = o->tcp.flags;
    if (from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN) {
        if (s->n_syn++ == 0) {
            s->first_syn = o->frame;
            s->first_syn_time = o->time;
            s->tcp = TCP_SYN_SENT;
        }
        s->last_syn = o->frame;
        g_hash_table_replace(e->last_syn, g_memdup2(&o->src, sizeof o->src),
                             GUINT_TO_POINTER(o->frame));
        if (s->n_syn >= 2) /* a retransmission */
            check_syn_unanswered(e, s, o->frame, o->time, FALSE);
        return;
    }
    if (!from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == (PD_TCP_SYN | PD_TCP_ACK)) {
        if (s->tcp == TCP_SYN_SENT || s->tcp == TCP_NONE) {
            s->tcp = TCP_ESTABLISHED;
            s->synack_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_TCP_CONNECTED);
            for (guint i = 0; i < s->findings->len; i++) {
                pd_finding *f = g_ptr_array_index(s->findings, i);
                if (f->rule == PD_RULE_TCP1723_UNANSWERED)
                    supersede(s, f, o->frame);
            }
        }
        return;
    }
    if ((fl & PD_TCP_RST) && !from_client && s->tcp == TCP_SYN_SENT) {
        s->rst_frame = o->frame;
        s->tcp = TCP_CLOSED;
        s->control_failed = TRUE;
        pd_finding *f = finding_add(e, s, o->frame, PD_RULE_TCP1723_REFUSED, PD_CONF_CONFIRMED,
                                    refused_cause(s, o));
        evidence(f, s->first_syn);
        update_verdict(s);
        return;
    }
    if (fl & (PD_TCP_RST | PD_TCP_FIN)) {
        tcp_closed(e, s, o, from_client);
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
    int side = from_client ? 0 : 1;
    pd_call *c = NULL;
    switch (p->type) {
    case PD_PPTP_SCCRQ:
        if (!s->sccrq_frame)
            s->sccrq_frame = o->frame;
        break;
    case PD_PPTP_SCCRP:
        if (p->has_result && p->result == 1 && !s->sccrp_frame) {
            s->sccrp_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_CONTROL_UP);
        } else if (p->has_result && p->result != 1 && !s->control_failed) {
            pptp_refused(e, s, NULL, o);
        }
        break;
    case PD_PPTP_OCRQ: /* PNS -> PAC, Call ID of the PNS */
        if (!p->has_call_id)
            break;
        c = call_by_pns(s, p->call_id);
        if (!c) {
            if (s->calls->len >= e->cfg.max_calls)
                break;
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
                if (s->calls->len >= e->cfg.max_calls)
                    break;
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
                milestone(e, s, o->frame, PD_MS_CALL_UP);
                call_bind(e, c, DIR_PNS, &s->info.client, &s->info.server, c->pac_id);
                call_bind(e, c, DIR_PAC, &s->info.server, &s->info.client, c->pns_id);
                if (c->collides_with)
                    call_id_collision(e, c, o);
            } else if (p->has_result && p->result != 1 && !c->established && !c->failed) {
                pptp_refused(e, s, c, o);
            }
        }
        break;
    case PD_PPTP_ICRQ: /* PAC -> PNS: Call ID of the PAC */
        if (p->has_call_id && !call_by_pac(s, p->call_id) && s->calls->len < e->cfg.max_calls) {
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
        c = p->type == PD_PPTP_CCRQ ? call_by_pns(s, p->call_id) : call_by_pac(s, p->call_id);
        if (c && !c->end_frame) {
            c->end_frame = o->frame;
            milestone(e, s, o->frame, PD_MS_CALL_CLEARED);
            /* The server's own reason, when it hangs up unasked, comes before any inference. */
            if (p->type == PD_PPTP_CDN && !s->client_teardown && !c->failed && !c->absence)
                call_disconnected(e, c, o);
            explain_end(e, c, -1, o->frame, o->time);
            check_gre_absence(e, c, o->frame, o->time, TRUE, FALSE);
        }
        break;
    case PD_PPTP_StopCCRQ:
        if (from_client && !s->client_teardown)
            s->client_teardown = o->frame;
        close_calls(e, s, o);
        if (!from_client && !s->client_teardown && !s->control_failed && !session_failed(s)) {
            pd_finding *f = finding_add(
                e, s, o->frame, PD_RULE_CONTROL_STOPPED, PD_CONF_CONFIRMED,
                g_strdup_printf("The server stopped the control connection "
                                "(Stop-Control-Connection-Request, Reason %u (%s)) without the "
                                "client asking for it.",
                                p->reason, result_name(PD_PPTP_StopCCRQ, p->reason)));
            evidence(f, s->sccrp_frame);
            s->control_failed = TRUE;
            update_verdict(s);
        }
        break;
    case PD_PPTP_ECHORQ:
        pptp_echo_check(e, s, side, o, FALSE);
        if (s->echo_n[side]++ == 0) {
            s->echo_req[side] = o->frame;
            s->echo_req_time[side] = o->time;
        }
        break;
    case PD_PPTP_ECHORP:
        s->echo_n[1 - side] = 0;
        break;
    case PD_PPTP_WEN:
        wan_error(e, s, o);
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
    pair_of(&o->src, &o->dst, &pk);
    pd_session *s = g_hash_table_lookup(e->by_pair, &pk);
    if (!s) {
        if (!session_room(e, o))
            return NULL;
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

/* GRE between the hosts of a control connection whose calls are known, with a Call ID none of
 * them set up: the session that should own it, or NULL. */
static pd_session *mismatch_session(pd_engine *e, const pd_observation *o)
{
    pair_key pk;
    pair_of(&o->src, &o->dst, &pk);
    pd_session *s = g_hash_table_lookup(e->by_hosts, &pk);
    if (!s || s->midstream || s->calls->len == 0)
        return NULL;
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->established && !c->end_frame)
            return s;
    }
    return NULL;
}

static void gre_call_id_mismatch(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (s->unknown_key_reported)
        return;
    s->unknown_key_reported = TRUE;
    gboolean to_server = pd_addr_equal(&o->dst, &s->info.server);
    GString *ids = g_string_new("");
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->established)
            g_string_append_printf(ids, "%s%u", ids->len ? ", " : "",
                                   to_server ? c->pac_id : c->pns_id);
    }
    pd_finding *f = finding_add(
        e, s, o->frame, PD_RULE_GRE_CALL_ID_MISMATCH, PD_CONF_LIKELY,
        g_strdup_printf("GRE from the %s carries Call ID %u, but the calls set up on this control "
                        "connection expect %s in that direction: a NAT device without a PPTP helper "
                        "rewrites or mixes up the Call IDs (e.g. several clients behind one address), "
                        "so the %s cannot match this GRE to its call.",
                        to_server ? "client" : "server", o->gre.call_id, ids->str,
                        to_server ? "server" : "client"));
    g_string_free(ids, TRUE);
    for (guint i = 0; i < s->calls->len; i++)
        evidence(f, ((pd_call *)g_ptr_array_index(s->calls, i))->reply_frame);
    update_verdict(s);
}

static void on_lcp(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    int peer = 1 - dir;
    switch (g->ppp_code) {
    case PD_CP_CONF_REQ:
        if (c->lcp_req_n[dir]++ == 0)
            c->lcp_req_first[dir] = o->frame;
        c->lcp_req_last[dir] = o->frame;
        if (c->lcp_ack[peer])
            c->lcp_req_after_ack[dir]++;
        if (g->auth_protocol) {
            c->w->auth_req[dir] = o->frame;
            c->w->auth_asked[dir] = g->auth_protocol;
            c->w->auth_asked_algo[dir] = g->auth_algorithm;
        }
        break;
    case PD_CP_CONF_ACK:
        if (!c->lcp_ack[dir])
            c->lcp_ack[dir] = o->frame;
        if (c->lcp_ack[peer] && !c->lcp_opened) {
            c->lcp_opened = o->frame;
            milestone(e, c->s, o->frame, PD_MS_LCP_OPENED);
            supersede(c->s, c->absence, o->frame);
        }
        break;
    case PD_CP_CONF_NAK:
    case PD_CP_CONF_REJ:
        if (g->ppp_code == PD_CP_CONF_NAK) {
            if (c->w->lcp_nak_n[dir]++ == 0)
                c->w->lcp_nak_first[dir] = o->frame;
            c->w->lcp_nak_last[dir] = o->frame;
        }
        if ((g->cp_options & (1u << PD_LCP_OPT_AUTH)) && c->w->auth_req[peer] && !c->w->auth_refused[dir]) {
            c->w->auth_refused[dir] = o->frame;
            c->w->auth_refused_rej[dir] = g->ppp_code == PD_CP_CONF_REJ;
            c->w->auth_offered[dir] = g->auth_protocol;
            c->w->auth_offered_algo[dir] = g->auth_algorithm;
        }
        lcp_not_converging(e, c, dir, o->frame, FALSE);
        break;
    case PD_CP_TERM_REQ:
        if (c->w->lcp_term[dir])
            break;
        c->w->lcp_term[dir] = o->frame;
        g_strlcpy(c->w->term_msg[dir], g->ppp_message, sizeof c->w->term_msg[dir]);
        if (!c->w->lcp_term[peer])
            milestone(e, c->s, o->frame, PD_MS_LCP_TERMINATE);
        if (!c->w->lcp_term[peer])
            explain_end(e, c, dir, o->frame, o->time);
        break;
    case PD_CP_CODE_REJ:
        ppp_invalid(e, c, dir, o);
        break;
    case PD_CP_PROTO_REJ:
        if (!PD_PPP_PROTOCOL_VALID(g->rejected_protocol))
            ppp_invalid(e, c, dir, o);
        else if (g->rejected_protocol == PD_PPP_CCP && !c->w->ccp_refused[dir]) {
            c->w->ccp_refused[dir] = o->frame;
            c->w->ccp_refused_how[dir] = "LCP Protocol-Reject of CCP";
        } else if (g->rejected_protocol == PD_PPP_IPCP && !c->w->ipcp_protrej[dir])
            c->w->ipcp_protrej[dir] = o->frame;
        break;
    case PD_CP_ECHO_REQ:
        if (c->w->echo_unanswered[dir]++ == 0)
            c->w->echo_first_unanswered[dir] = o->frame;
        c->w->echo_last[dir] = o->frame;
        break;
    default:
        break;
    }
}

static void on_ccp(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    gboolean mppe = (g->cp_options & (1u << PD_CCP_OPT_MPPE)) != 0;
    switch (g->ppp_code) {
    case PD_CP_CONF_REQ:
        if (mppe && !c->w->ccp_mppe_req[dir])
            c->w->ccp_mppe_req[dir] = o->frame;
        break;
    case PD_CP_CONF_ACK:
        if (!c->w->ccp_ack[dir])
            c->w->ccp_ack[dir] = o->frame;
        if (c->w->ccp_ack[1 - dir] && c->w->ccp_ack[dir] == o->frame)
            milestone(e, c->s, o->frame, PD_MS_CCP_UP);
        break;
    case PD_CP_CONF_REJ:
        if (mppe && !c->w->ccp_refused[dir]) {
            c->w->ccp_refused[dir] = o->frame;
            c->w->ccp_refused_how[dir] = "CCP Configure-Reject of MPPE";
        }
        break;
    default:
        break;
    }
}

static void on_ipcp(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    if (g->has_ipcp_address && g->ppp_code != PD_CP_CONF_REJ) {
        c->w->has_ipcp_addr = TRUE;
        memcpy(c->w->ipcp_addr, g->ipcp_address, 4);
    }
    switch (g->ppp_code) {
    case PD_CP_CONF_NAK:
        if (c->w->ipcp_nak_n[dir]++ == 0)
            c->w->ipcp_nak_first[dir] = o->frame;
        c->w->ipcp_nak_last[dir] = o->frame;
        if (c->w->ipcp_nak_n[dir] >= 10 && !(c->ncp_ack[0][0] && c->ncp_ack[0][1]))
            ipcp_failed(e, c, -1, -1, o->frame);
        break;
    case PD_CP_CONF_REJ:
        if ((g->cp_options & (1u << PD_IPCP_OPT_ADDRESS)) && !c->w->ipcp_rej_addr[dir])
            c->w->ipcp_rej_addr[dir] = o->frame;
        break;
    case PD_CP_TERM_REQ:
        /* An NCP terminated on its own, not as part of an LCP Terminate (RFC 1661 5.5). */
        if (!c->w->ipcp_term[dir] && !c->w->lcp_term[0] && !c->w->lcp_term[1]) {
            c->w->ipcp_term[dir] = o->frame;
            g_strlcpy(c->w->term_msg[dir], g->ppp_message, sizeof c->w->term_msg[dir]);
            ipcp_failed(e, c, dir, -1, o->frame);
        }
        break;
    default:
        break;
    }
}

static void on_ppp(pd_engine *e, pd_call *c, int dir, const pd_observation *o)
{
    const pd_obs_gre *g = &o->gre;
    if (g->ppp_malformed)
        ppp_invalid(e, c, dir, o);
    switch (g->ppp_protocol) {
    case PD_PPP_LCP:
        on_lcp(e, c, dir, o);
        break;
    case PD_PPP_CHAP:
        if (g->ppp_code == PD_CHAP_CHALLENGE && !c->auth_req_frame)
            c->auth_req_frame = o->frame;
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
    case PD_PPP_CCP:
        on_ccp(e, c, dir, o);
        break;
    case PD_PPP_IPCP:
    case PD_PPP_IPV6CP:
        if (g->ppp_protocol == PD_PPP_IPCP)
            on_ipcp(e, c, dir, o);
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
        if (!c->data[dir]) {
            c->data[dir] = o->frame;
            if (c->data[1 - dir])
                milestone(e, c->s, o->frame, PD_MS_DATA);
        }
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
    e->saw_pptp = TRUE;
    pd_flow *f = g_hash_table_lookup(e->by_gre, &k);
    if (!f) {
        pd_session *owner = mismatch_session(e, o);
        pd_session *holder = owner ? owner : orphan_session(e, o);
        if (!holder || holder->flows->len >= e->cfg.max_calls ||
            e->all_flows->len >= 2 * (guint64)e->cfg.max_sessions)
            return; /* capped: counted nowhere, diagnosed nowhere (state-cap-reached says so) */
        f = g_new0(pd_flow, 1);
        f->key = k;
        f->orphan = holder;
        g_ptr_array_add(holder->flows, f);
        g_ptr_array_add(e->all_flows, f);
        g_hash_table_insert(e->by_gre, &f->key, f);
        if (owner)
            gre_call_id_mismatch(e, owner, o);
    }
    if (f->n++ == 0)
        f->first_frame = o->frame;
    f->last_frame = o->frame;
    f->recent[f->recent_pos].ip_id = o->ip_id;
    f->recent[f->recent_pos].frame = o->frame;
    f->recent_pos = (f->recent_pos + 1) % RECENT;
    pd_session *s = f->call ? f->call->s : f->orphan;
    touch(e, s, o, f);
    pd_call *c = f->call;
    if (!c || !c->w)
        return; /* GRE-only, or a settled call: counted, no longer analysed */
    int dir = f->dir;
    c->w->last_gre[dir] = o->frame;
    c->w->last_gre_time[dir] = o->time;
    c->w->echo_unanswered[1 - dir] = 0;
    gre_acks(e, c, dir, o);
    if (o->gre.ppp_protocol)
        on_ppp(e, c, dir, o);
}

/* ICMP fragmentation needed (RFC 1191) or Packet Too Big (RFC 4443) quoting the call's GRE. */
static void mtu_too_small(pd_engine *e, pd_flow *fl, const pd_observation *o)
{
    pd_call *c = fl->call;
    pd_session *s = c ? c->s : fl->orphan;
    guint32 quoted = 0;
    for (guint i = 0; i < RECENT; i++)
        if (fl->recent[i].frame && fl->recent[i].ip_id == o->icmp.quoted_ip_id)
            quoted = fl->recent[i].frame;
    if (c && c->mtu_reported)
        return;
    if (c)
        c->mtu_reported = TRUE;
    char *icmp_src = addr_str(&o->src);
    char mtu[48] = "";
    if (o->icmp.mtu)
        g_snprintf(mtu, sizeof mtu, " (next-hop MTU %u bytes)", o->icmp.mtu);
    char quoted_txt[48];
    if (quoted)
        g_snprintf(quoted_txt, sizeof quoted_txt, "the GRE packet in frame %u", quoted);
    else
        g_strlcpy(quoted_txt, "a GRE packet of this call", sizeof quoted_txt);
    pd_finding *f = finding_add(
        e, s, o->frame, PD_RULE_MTU_TOO_SMALL, PD_CONF_CONFIRMED,
        g_strdup_printf("%s cannot forward %s without fragmenting it and DF is set: it answered "
                        "with ICMP fragmentation needed%s. Tunnel packets this large are lost on "
                        "this path; the tunnel MTU must be lowered.",
                        icmp_src, quoted_txt, mtu));
    g_free(icmp_src);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = quoted;
    evidence(f, quoted);
    update_verdict(s);
}

/* An ICMP error quoting a SYN to TCP 1723. */
static void tcp1723_unreachable(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (ic->quoted_tcp.dport != PD_PPTP_PORT)
        return;
    tcp_key k;
    memset(&k, 0, sizeof k);
    k.client = ic->quoted_src;
    k.server = ic->quoted_dst;
    k.cport = ic->quoted_tcp.sport;
    pd_session *s = g_hash_table_lookup(e->by_tcp, &k);
    if (!s || s->tcp != TCP_SYN_SENT || s->control_failed)
        return;
    touch(e, s, o, NULL);
    char *src = addr_str(&o->src), *srv = addr_str(&s->info.server);
    gboolean v4 = o->src.family == 4;
    const char *what = !v4              ? "destination unreachable"
                       : ic->code == 1  ? "host unreachable"
                       : ic->code == 3  ? "port unreachable"
                       : ic->code == 0  ? "network unreachable"
                       : ic->code == 13 || ic->code == 9 || ic->code == 10
                           ? "communication administratively prohibited"
                           : "destination unreachable";
    gboolean server_itself = pd_addr_equal(&o->src, &s->info.server);
    pd_finding *f = finding_add(
        e, s, o->frame, PD_RULE_TCP1723_UNREACHABLE, PD_CONF_CONFIRMED,
        g_strdup_printf("%s answered the SYN to %s port 1723 with ICMP Destination Unreachable "
                        "(%s, code %u): %s",
                        src, srv, what, ic->code,
                        server_itself && ic->code == 3
                            ? "the server is up but nothing listens on TCP 1723 (PPTP service "
                              "not running)."
                        : ic->code == 1 || ic->code == 0
                            ? "that device has no route to the server, or the server is down."
                            : "that device blocks TCP 1723 (a firewall rule that rejects)."));
    g_free(src);
    g_free(srv);
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = s->last_syn;
    evidence(f, s->first_syn);
    evidence(f, s->last_syn);
    s->control_failed = TRUE;
    s->syn_fired = TRUE;
    update_verdict(s);
}

static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    gboolean v4 = o->src.family == 4;
    gboolean unreachable = v4 ? ic->type == 3 : ic->type == 1;
    gboolean too_big = v4 ? ic->type == 3 && ic->code == 4 : ic->type == 2;
    if (ic->quoted_proto == PD_IPPROTO_TCP && unreachable && !too_big) {
        tcp1723_unreachable(e, o);
        return;
    }
    if ((!unreachable && !too_big) || ic->quoted_proto != PD_IPPROTO_GRE ||
        !ic->quoted_has_gre_call_id)
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
    if (too_big)
        mtu_too_small(e, f, o);
    else
        gre_icmp(e, f, o);
}

/* ---- DNS --------------------------------------------------------------------------------- */

typedef struct {
    pd_addr client;
    char name[128];
} dns_key;

static guint dns_key_hash(gconstpointer k) { return bytes_hash(k, sizeof(dns_key)); }
static gboolean dns_key_eq(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(dns_key)) == 0; }

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
    dns_lookup *l = g_hash_table_lookup(e->dns, &k);
    if (!l) {
        if (d->response || g_hash_table_size(e->dns) >= e->cfg.max_sessions)
            return;
        l = g_new0(dns_lookup, 1);
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
        if (d->rcode == 0 && d->n_answers > 0)
            l->ok = TRUE;
    }
}

/* After each observation: calls of @s whose LCP deadline has passed. */
static void check_deadlines(pd_engine *e, pd_session *s, const pd_observation *o)
{
    if (!s)
        return;
    for (guint i = 0; i < s->calls->len; i++) {
        pd_call *c = g_ptr_array_index(s->calls, i);
        if (c->established && !c->failed && !c->absence && !c->up_frame && !c->lcp_opened &&
            !c->end_frame)
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

/* ---- eviction ---------------------------------------------------------------------------- */

/* Frees the working state of the calls of sessions whose control connection closed lcp_timeout
 * seconds or more before @now: late packets (Terminate-Ack, retransmissions) have had their
 * time; what stays is the summary the queries return (calls, findings, milestones). */
static void evict_settled(pd_engine *e, double now)
{
    pd_session *s;
    while ((s = g_queue_peek_head(e->settling)) && now - s->closed_time >= e->cfg.lcp_timeout) {
        g_queue_pop_head(e->settling);
        for (guint i = 0; i < s->calls->len; i++) {
            pd_call *c = g_ptr_array_index(s->calls, i);
            g_clear_pointer(&c->w, g_free);
        }
    }
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
    /* Sessions pd_engine_finish made (DNS lookups) go too, with their frames. */
    while (e->eoc_sessions > 0) {
        pd_session *s = g_ptr_array_index(e->sessions, e->sessions->len - 1);
        for (guint i = 0; i < G_N_ELEMENTS(s->dns_frames); i++)
            g_hash_table_remove(e->frames, GUINT_TO_POINTER(s->dns_frames[i]));
        g_ptr_array_set_size(e->sessions, e->sessions->len - 1);
        e->eoc_sessions--;
    }
    e->finished = FALSE;
}

/* At the end: a querier whose last lookup of a name failed, and that tried no TCP 1723 after
 * it, gets a DNS session with that lookup as its finding (868). */
static void finish_dns(pd_engine *e)
{
    /* The last failed lookup per querier. */
    GHashTable *last = g_hash_table_new(bytes_hash_addr, addr_eq);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, e->dns);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        dns_lookup *l = v;
        gboolean nx = l->response && l->rcode == 3;
        gboolean silent = !l->response && l->n_queries >= 2;
        if (l->ok || (!nx && !silent))
            continue;
        guint32 at = nx ? l->response : l->last_query;
        guint32 syn = GPOINTER_TO_UINT(g_hash_table_lookup(e->last_syn, &l->client));
        if (syn > at)
            continue; /* a connection attempt followed: the lookup was not what failed */
        dns_lookup *prev = g_hash_table_lookup(last, &l->client);
        if (!prev || prev->last_query < l->last_query)
            g_hash_table_replace(last, &l->client, l);
    }
    g_hash_table_iter_init(&it, last);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        dns_lookup *l = v;
        gboolean nx = l->response && l->rcode == 3;
        pd_observation o;
        memset(&o, 0, sizeof o);
        o.frame = l->first_query;
        pd_session *s = session_new(e, &o);
        e->eoc_sessions++;
        s->info.client = l->client;
        s->info.server = l->server;
        s->info.name = g_strdup(l->name);
        s->info.last_frame = MAX(l->last_query, l->response);
        milestone(e, s, l->first_query, PD_MS_DNS_QUERY);
        rec_get(e, l->first_query)->session = s;
        guint32 marks[4] = {l->first_query, l->last_query, l->response, l->nx_frame};
        for (guint i = 0; i < 4; i++) {
            s->dns_frames[i] = marks[i];
            if (marks[i])
                rec_get(e, marks[i])->session = s;
        }
        char *srv = addr_str(&l->server);
        char *cause = nx ? g_strdup_printf(
                               "%s answered the lookup of %s with NXDOMAIN (no such name) and the "
                               "client made no TCP 1723 connection after it: if %s is the VPN "
                               "server's name, the connection fails before it starts (the name is "
                               "wrong or its DNS record missing).",
                               srv, l->name, l->name)
                         : g_strdup_printf(
                               "The client asked %s for %s %u times and got no answer, and made no "
                               "TCP 1723 connection after it: if %s is the VPN server's name, the "
                               "connection fails before it starts (DNS server unreachable).",
                               srv, l->name, l->n_queries, l->name);
        g_free(srv);
        pd_finding *f = finding_add(e, s, nx ? l->nx_frame : l->last_query,
                                    nx ? PD_RULE_DNS_NXDOMAIN : PD_RULE_DNS_UNANSWERED,
                                    e->saw_pptp ? PD_CONF_POSSIBLE : PD_CONF_LIKELY, cause);
        evidence(f, l->first_query);
        evidence(f, l->last_query);
        evidence(f, l->response);
        update_verdict(s);
    }
    g_hash_table_destroy(last);
}

void pd_engine_finish(pd_engine *e)
{
    if (e->finished)
        return;
    e->finished = TRUE;
    guint n_before = e->sessions->len;
    finish_dns(e);
    for (guint i = n_before; i < e->sessions->len; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        for (guint j = 0; j < s->findings->len; j++) {
            pd_finding *f = g_ptr_array_index(s->findings, j);
            f->end_of_capture = TRUE;
        }
    }
    for (guint i = 0; i < n_before; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        guint before = s->findings->len;
        check_syn_unanswered(e, s, s->info.last_frame, e->last_time, TRUE);
        for (guint j = 0; j < s->calls->len; j++) {
            pd_call *c = g_ptr_array_index(s->calls, j);
            if (!c->end_frame && c->established && !c->failed && !c->absence && !c->up_frame &&
                e->last_time - c->up_time >= e->cfg.lcp_timeout)
                check_gre_absence(e, c, s->info.last_frame, e->last_time, FALSE, TRUE);
            if (!c->end_frame && c->up_frame)
                lcp_echo_lost(e, c, -1, s->info.last_frame, e->last_time, TRUE);
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
    e->by_hosts = g_hash_table_new_full(pair_key_hash, pair_key_eq, g_free, NULL);
    e->settling = g_queue_new();
    e->dns = g_hash_table_new_full(dns_key_hash, dns_key_eq, g_free, g_free);
    e->last_syn = g_hash_table_new_full(bytes_hash_addr, addr_eq, g_free, NULL);
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
    g_hash_table_destroy(e->by_hosts);
    g_queue_free(e->settling);
    g_hash_table_destroy(e->dns);
    g_hash_table_destroy(e->last_syn);
    g_ptr_array_free(e->eoc, TRUE);
    g_ptr_array_free(e->sessions, TRUE);
    g_ptr_array_free(e->all_flows, TRUE);
    g_free(e);
}

static gboolean addr_set(const pd_addr *a)
{
    return a->family == 4 || a->family == 6;
}

void pd_engine_observe(pd_engine *e, const pd_observation *o)
{
    /* Out of order, or without both outer addresses (nothing to key a session on). */
    if (o->frame < e->last_frame || !addr_set(&o->src) || !addr_set(&o->dst) ||
        (o->kind == PD_OBS_ICMP_ERROR &&
         (!addr_set(&o->icmp.quoted_src) || !addr_set(&o->icmp.quoted_dst)))) {
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
    case PD_OBS_DNS: on_dns(e, o); break;
    }
    evict_settled(e, o->time);
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
