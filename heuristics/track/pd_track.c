/* pd_track.c: the tracker of PPTP control connections (see pd_track.h): TCP 1723 connections
 * (RFC 2637 section 2), the control messages and the calls they set up (Call ID / Peer Call
 * ID); with pd_track_gre.c (the calls' GRE), the PPTP transport (pd_transport_pptp,
 * pd_transport.h). It records what the observations
 * say and decides nothing: after recording, it tells the rule families (pd_events.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_track.h"
#include "pd_events.h"
#include "pd_retention.h"
#include "pd_track_gre.h"
#include "pd_names.h"
#include "pd_transport.h"

#include <string.h>

/* The PPTP server's port of TCP observation @o: 1723, or the port the user decodes as PPTP. */
static guint16 pptp_port(const pd_observation *o)
{
    return o->tcp.server_port ? o->tcp.server_port : PD_PPTP_PORT;
}

/* A TCP connection on the PPTP port that is not PPTP (e->pptp.not_pptp). */
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
    if (!e->pptp.not_pptp)
        e->pptp.not_pptp = g_hash_table_new_full(pd_tcp_key_hash, pd_tcp_key_eq, NULL, g_free);
    e->pptp.n_not_pptp++;
    if (g_hash_table_size(e->pptp.not_pptp) >= e->cfg.max_sessions) {
        double before = o->time - e->cfg.lcp_timeout;
        g_hash_table_foreach_remove(e->pptp.not_pptp, not_pptp_gone, &before);
        if (g_hash_table_size(e->pptp.not_pptp) >= e->cfg.max_sessions)
            return;
    }
    not_pptp_conn *c = g_new0(not_pptp_conn, 1);
    c->key = *k;
    g_hash_table_replace(e->pptp.not_pptp, &c->key, c);
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
        if (!e->pptp.not_pptp || !g_hash_table_contains(e->pptp.not_pptp, k))
            not_pptp_remember(e, k, o);
        return TRUE;
    }
    not_pptp_conn *c = e->pptp.not_pptp ? g_hash_table_lookup(e->pptp.not_pptp, k) : NULL;
    if (!c)
        return FALSE;
    if (syn && from_client && c->closed_time) {
        g_hash_table_remove(e->pptp.not_pptp, k);
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
        *from_client = !g_hash_table_contains(e->pptp.by_tcp, &r) &&
                       (syn || !(o->tcp.flags & PD_TCP_SYN));
    }
    k.client = *from_client ? o->src : o->dst;
    k.server = *from_client ? o->dst : o->src;
    k.cport = *from_client ? o->tcp.sport : o->tcp.dport;
    pd_session *s = g_hash_table_lookup(e->pptp.by_tcp, &k);
    /* A new SYN on a closed connection's 4-tuple opens a new session (port reuse). */
    if (s && syn && *from_client && s->ctl.tcp == PD_TCP_CLOSED)
        s = NULL;
    if (!s) {
        if (o->kind != PD_OBS_TCP)
            return NULL;
        if (not_pptp(e, o, &k, syn, *from_client)) {
            e->refused = TRUE; /* no session will hold its frames */
            return NULL;
        }
        if (!pd_session_room(e, o))
            return NULL;
        s = pd_session_new(e, o->frame, o->time, PD_CARRIER_PPTP);
        s->ctl.key = k;
        s->info.client = k.client;
        s->info.server = k.server;
        s->info.client_port = k.cport;
        s->info.server_port = pptp_port(o);
        s->ctl.midstream = !syn;
        /* the key lives in the session (both tables drop it before the session goes) */
        g_hash_table_replace(e->pptp.by_tcp, &s->ctl.key, s);
        g_hash_table_replace(e->pptp.by_hosts, &s->ctl.key, s);
    }
    pd_session_note_ttl(s, *from_client ? PD_DIR_PNS : PD_DIR_PAC, o->ttl);
    return s;
}

/* The control connection or the session's calls ended at @o: each open call ends. */
static void close_calls(pd_engine *e, pd_session *s, const pd_observation *o)
{
    for (guint i = 0; i < s->n_links; i++) {
        pd_link *c = s->links[i];
        if (c->end_frame)
            continue;
        c->end_frame = o->frame;
        pd_call_end(e, c, -1, o->frame, o->time);
    }
}

/* The control connection of @s is closed at @o (FIN, RST, or a reset answering its SYN): it
 * settles lcp_timeout seconds later (pd_evict_settled), and then no longer counts against
 * max_sessions. */
static void mark_closed(pd_engine *e, pd_session *s, const pd_observation *o)
{
    s->ctl.tcp = PD_TCP_CLOSED;
    s->closed_time = o->time;
    pd_fifo_push(&e->settling, s->info.index);
}

static void tcp_closed(pd_engine *e, pd_session *s, const pd_observation *o, gboolean from_client)
{
    int dir = from_client ? PD_DIR_PNS : PD_DIR_PAC;
    if (from_client && !s->ctl.client_teardown)
        s->ctl.client_teardown = o->frame;
    pd_emit_kind(e, PD_EV_FIN_RST, o, s, NULL, NULL, dir);
    if (s->ctl.tcp == PD_TCP_CLOSED)
        return;
    mark_closed(e, s, o);
    pd_milestone_add(e, s, o->frame, PD_MS_CONTROL_CLOSED);
    close_calls(e, s, o);
    pd_emit_kind(e, PD_EV_CONTROL_END, o, s, NULL, NULL, dir);
    pd_retention_closed(e, s, s->ctl.sccrq_frame != 0);
}

/* A call request of @s not tracked because the session has max_calls calls: counted, and said
 * once per session (PD_EV_CALL_CAPPED). */
static void call_capped(pd_engine *e, pd_session *s, const pd_observation *o)
{
    e->n_calls_capped++;
    if (s->n_links_capped++ == 0)
        pd_emit_kind(e, PD_EV_CALL_CAPPED, o, s, NULL, NULL, -1);
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
    not_pptp_remember(e, &s->ctl.key, o);
    e->n_dropped++;
    pd_session_forget(e, s, FALSE);
}

/* The first SYN of control connection @s (at @o) among its client's SYNs to the PPTP port of
 * many hosts (pd_probe.h). The client's previous SYN to that port (e->last_syn, read before it
 * is replaced) stands for the first table: a record is opened only when it went to another
 * host at most PD_PROBE_AGE_S seconds before. */
static void probe_hosts(pd_engine *e, pd_session *s, const pd_observation *o)
{
    pd_probe_key k = pd_probe_key_of(&s->ctl.key.client, NULL, s->info.server_port);
    pd_probe_target now = {pd_probe_host(&s->ctl.key.server), o->frame, o->time};
    if (pd_probes_find(e->probes, &k)) {
        pd_probes_add(e->probes, &k, now.target, now.frame, now.time);
        return;
    }
    guint32 prev = GPOINTER_TO_UINT(g_hash_table_lookup(e->pptp.last_syn, &s->ctl.key.client));
    pd_session *p = prev ? pd_track_frame_session(e, prev) : NULL;
    if (!p || p == s || !p->ctl.n_syn || p->info.server_port != s->info.server_port ||
        pd_addr_equal(&p->ctl.key.server, &s->ctl.key.server) ||
        o->time - p->ctl.first_syn_time > PD_PROBE_AGE_S)
        return;
    pd_probe_target before = {pd_probe_host(&p->ctl.key.server), p->ctl.first_syn, p->ctl.first_syn_time};
    pd_probes_open(e->probes, &k, &before, &now);
}

/* Whether the payload of segment @o, sent in direction @dir of control connection @s, is the
 * first byte of that direction's stream: its Sequence Number is one past the SYN's (RFC 9293
 * 3.4); TRUE too when that SYN is not in the capture (nothing tells otherwise). FALSE means the
 * capture lost a segment before it: it may begin in the middle of a message. */
static gboolean stream_start(const pd_session *s, int dir, const pd_observation *o)
{
    return !(s->ctl.has_isn & (1u << dir)) || o->tcp.seq == s->ctl.isn[dir] + 1;
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
    if (o->tcp.payload_len && !s->ctl.payload_seen) {
        s->ctl.payload_seen = TRUE;
        if (!s->ctl.midstream && s->ctl.tcp != PD_TCP_CLOSED &&
            o->tcp.payload_start == PD_TCP_START_OTHER && stream_start(s, dir, o)) {
            drop_not_pptp(e, s, o);
            return;
        }
    }
    if (o->tcp.flags & PD_TCP_SYN) {
        s->ctl.isn[dir] = o->tcp.seq;
        s->ctl.has_isn |= 1u << dir;
    }
    e->saw_pptp = TRUE;
    pd_touch(e, s, o, NULL);
    guint8 fl = o->tcp.flags;
    pd_sent_by(s, dir, (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN);
    if (from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == PD_TCP_SYN) {
        if (s->ctl.n_syn++ == 0) {
            s->ctl.first_syn = o->frame;
            s->ctl.first_syn_time = o->time;
            s->ctl.tcp = PD_TCP_SYN_SENT;
            probe_hosts(e, s, o);
        }
        s->ctl.last_syn = o->frame;
        /* keyed by the address in the session's key (kept until it is evicted) */
        g_hash_table_replace(e->pptp.last_syn, &s->ctl.key.client, GUINT_TO_POINTER(o->frame));
        pd_emit_kind(e, PD_EV_SYN, o, s, NULL, NULL, PD_DIR_PNS);
        return;
    }
    if (!from_client && (fl & (PD_TCP_SYN | PD_TCP_ACK)) == (PD_TCP_SYN | PD_TCP_ACK)) {
        if (s->ctl.tcp == PD_TCP_SYN_SENT || s->ctl.tcp == PD_TCP_NONE) {
            s->ctl.tcp = PD_TCP_ESTABLISHED;
            s->ctl.synack_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_TCP_CONNECTED);
            pd_emit_kind(e, PD_EV_SYNACK, o, s, NULL, NULL, PD_DIR_PAC);
        }
        return;
    }
    if ((fl & PD_TCP_RST) && !from_client && s->ctl.tcp == PD_TCP_SYN_SENT) {
        mark_closed(e, s, o);
        pd_emit_kind(e, PD_EV_RESET_ON_SYN, o, s, NULL, NULL, PD_DIR_PAC);
        return;
    }
    if (fl & (PD_TCP_RST | PD_TCP_FIN)) {
        tcp_closed(e, s, o, from_client);
        return;
    }
    if (s->ctl.tcp == PD_TCP_NONE)
        s->ctl.tcp = PD_TCP_ESTABLISHED; /* capture started mid-connection */
}

/* OCRP (PAC -> PNS: Call ID of the PAC, Peer Call ID = the PNS's) or ICRP (PNS -> PAC answering
 * an ICRQ: Call ID of the PNS, Peer = the PAC's). Returns the call. */
static pd_link *call_reply(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_obs_pptp *p = &o->pptp;
    if (!p->has_call_id || !p->has_peer_call_id)
        return NULL;
    gboolean ocrp = p->type == PD_PPTP_OCRP;
    guint16 pns = ocrp ? p->peer_call_id : p->call_id;
    guint16 pac = ocrp ? p->call_id : p->peer_call_id;
    pd_link *c = ocrp ? pd_pptp_call_by_id(s, TRUE, pns) : pd_pptp_call_by_id(s, FALSE, pac);
    if (!c) {
        if (s->n_links >= e->cfg.max_calls)
            return NULL;
        c = pd_link_new(s);
    }
    c->pptp.has_pns_id = c->pptp.has_pac_id = TRUE;
    c->pptp.pns_id = pns;
    c->pptp.pac_id = pac;
    if (!c->reply_frame)
        c->reply_frame = o->frame;
    if (p->has_result && p->result == 1 && !c->established) {
        c->established = TRUE;
        c->up_time = o->time;
        pd_milestone_add(e, s, o->frame, PD_MS_CALL_UP);
        pd_call_bind(e, c, PD_DIR_PNS, &s->info.client, &s->info.server, c->pptp.pac_id);
        pd_call_bind(e, c, PD_DIR_PAC, &s->info.server, &s->info.client, c->pptp.pns_id);
        pd_emit_kind(e, PD_EV_CALL_UP, o, s, c, NULL, -1);
    }
    return c;
}

static void on_pptp(pd_engine *e, const pd_observation *o)
{
    gboolean from_client;
    pd_session *s = tcp_session(e, o, &from_client);
    if (!s)
        return;
    pd_touch(e, s, o, NULL);
    const pd_obs_pptp *p = &o->pptp;
    int dir = from_client ? PD_DIR_PNS : PD_DIR_PAC;
    pd_link *c = NULL;
    switch (p->type) {
    case PD_PPTP_SCCRQ:
        if (!s->ctl.sccrq_frame)
            s->ctl.sccrq_frame = o->frame;
        break;
    case PD_PPTP_SCCRP:
        if (p->has_result && p->result == 1 && !s->ctl.sccrp_frame) {
            s->ctl.sccrp_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_CONTROL_UP);
        }
        break;
    case PD_PPTP_OCRQ: /* PNS -> PAC, Call ID of the PNS */
        if (!p->has_call_id)
            break;
        c = pd_pptp_call_by_id(s, TRUE, p->call_id);
        if (!c) {
            if (s->n_links >= e->cfg.max_calls) {
                call_capped(e, s, o);
                break;
            }
            c = pd_link_new(s);
            c->pptp.has_pns_id = TRUE;
            c->pptp.pns_id = p->call_id;
        }
        if (!c->request_frame)
            c->request_frame = o->frame;
        pd_call_bind(e, c, PD_DIR_PAC, &s->info.server, &s->info.client, c->pptp.pns_id);
        break;
    case PD_PPTP_OCRP:
    case PD_PPTP_ICRP:
        c = call_reply(e, s, o);
        break;
    case PD_PPTP_ICRQ: /* PAC -> PNS: Call ID of the PAC */
        if (p->has_call_id && !pd_pptp_call_by_id(s, FALSE, p->call_id) &&
            s->n_links >= e->cfg.max_calls)
            call_capped(e, s, o);
        else if (p->has_call_id && !pd_pptp_call_by_id(s, FALSE, p->call_id)) {
            c = pd_link_new(s);
            c->pptp.has_pac_id = TRUE;
            c->pptp.pac_id = p->call_id;
            c->request_frame = o->frame;
        }
        break;
    case PD_PPTP_CCRQ: /* PNS -> PAC, Call ID of the PNS */
    case PD_PPTP_CDN:  /* PAC -> PNS, Call ID of the PAC */
        if (p->type == PD_PPTP_CCRQ && !s->ctl.client_teardown)
            s->ctl.client_teardown = o->frame;
        if (!p->has_call_id)
            break;
        c = pd_pptp_call_by_id(s, p->type == PD_PPTP_CCRQ, p->call_id);
        if (!c && s->ctl.midstream)
            c = pd_take_gre_only_call(e, s, &o->src, FALSE, p->call_id);
        if (c && !c->end_frame) {
            c->end_frame = o->frame;
            pd_milestone_add(e, s, o->frame, PD_MS_CALL_CLEARED);
            /* The server's own reason (call-disconnected) comes before any inference. */
            pd_emit_kind(e, PD_EV_PPTP, o, s, c, NULL, dir);
            pd_call_end(e, c, -1, o->frame, o->time);
            return;
        }
        c = NULL; /* a call already over, or unknown: nothing ends here */
        break;
    case PD_PPTP_SLI: /* PNS -> PAC with the PAC's Call ID (RFC 2637 2.15); Windows servers also
                       * send it, with the PNS's (public pptpcrack-test.pcap, ndpi-pptp.pcap) */
        c = p->has_peer_call_id ? pd_pptp_call_by_id(s, !from_client, p->peer_call_id) : NULL;
        if (!c && p->has_call_id)
            c = pd_pptp_call_by_id(s, TRUE, p->call_id);
        if (!c && p->has_peer_call_id && s->ctl.midstream)
            c = pd_take_gre_only_call(e, s, &o->src, TRUE, p->peer_call_id);
        if (c && !c->pptp.sli_frame)
            c->pptp.sli_frame = o->frame;
        break;
    case PD_PPTP_StopCCRQ:
        if (from_client && !s->ctl.client_teardown)
            s->ctl.client_teardown = o->frame;
        close_calls(e, s, o);
        break;
    default:
        break;
    }
    pd_emit_kind(e, PD_EV_PPTP, o, s, c, NULL, dir);
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
        if (s->ctl.n_syn && s->ctl.first_syn_time >= since && pd_addr_equal(&s->ctl.key.client, client))
            fn(e, s, data);
    }
}

/* An ICMP error quoting a SYN to the PPTP port of a connection waiting for its SYN/ACK
 * (PD_EV_ICMP_SYN: a rule claims the frame if it speaks of it), or quoting GRE of a flow the
 * capture holds (PD_EV_ICMP_GRE). */
static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
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
        pd_session *s = g_hash_table_lookup(e->pptp.by_tcp, &k);
        if (!s || s->ctl.tcp != PD_TCP_SYN_SENT)
            return;
        pd_emit_kind(e, PD_EV_ICMP_SYN, o, s, NULL, NULL, -1);
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
    pd_flow *f = g_hash_table_lookup(e->pptp.by_gre, &k);
    if (!f)
        return; /* GRE we never saw: no session to speak about */
    pd_session *s = f->call ? f->call->s : f->orphan;
    pd_touch(e, s, o, NULL);
    pd_emit_kind(e, PD_EV_ICMP_GRE, o, s, f->call, f, f->dir);
}

/* PPTP takes TCP 1723, its control messages, the calls' GRE (pd_track_gre.c) and the ICMP
 * errors that quote either. */
const pd_transport pd_transport_pptp = {
    .name = "pptp",
    .observe = {[PD_OBS_TCP] = on_tcp, [PD_OBS_PPTP] = on_pptp, [PD_OBS_GRE] = pd_track_gre,
                [PD_OBS_ICMP_ERROR] = on_icmp},
    .settle = pd_pptp_settle,
    .forget = pd_pptp_forget,
};
