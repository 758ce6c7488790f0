/* trace.c: the unit tests' trace builder (see trace.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"


const guint8 CLIENT[4] = {10, 10, 1, 2}, SERVER[4] = {10, 10, 2, 2}, ROUTER[4] = {10, 10, 1, 1};


trace *trace_new(void)
{
    trace *tr = g_new0(trace, 1);
    tr->e = pd_engine_new(NULL);
    tr->t = 1000.0;
    tr->client_ttl = 64; /* captured on the client */
    tr->server_ttl = 63;
    return tr;
}

void trace_free(trace *tr)
{
    pd_engine_free(tr->e);
    g_free(tr);
}

pd_addr trace_addr(const trace *tr, const guint8 v4[4])
{
    if (!tr->v6)
        return pd_addr_v4(v4);
    pd_addr a = {.family = 6, .bytes = {0x20, 0x01, 0x0d, 0xb8, 0, v4[2]}};
    a.bytes[15] = v4[3];
    return a;
}

pd_observation base(trace *tr, gboolean from_client, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    tr->t += dt;
    o.frame = ++tr->frame;
    o.time = tr->t;
    o.src = trace_addr(tr, from_client ? CLIENT : SERVER);
    o.dst = trace_addr(tr, from_client ? SERVER : CLIENT);
    o.ttl = from_client ? tr->client_ttl : tr->server_ttl;
    o.ip_id = tr->v6 ? 0 : (guint16)(0x1000 + o.frame);
    o.cut_at = tr->cut_at;
    o.lost = tr->lost;
    o.esp = tr->esp;
    return o;
}

/* The entry of trace.streams for the stream from @src:@sport to @dst:@dport, made if new. */
static guint32 *stream_next(trace *tr, const pd_addr *src, guint16 sport, const pd_addr *dst,
                            guint16 dport)
{
    for (guint i = 0; i < MIN(tr->n_streams, TRACE_STREAMS); i++)
        if (pd_addr_equal(&tr->streams[i].src, src) && pd_addr_equal(&tr->streams[i].dst, dst) &&
            tr->streams[i].sport == sport && tr->streams[i].dport == dport)
            return &tr->streams[i].next;
    guint i = tr->n_streams++ % TRACE_STREAMS;
    tr->streams[i].src = *src;
    tr->streams[i].dst = *dst;
    tr->streams[i].sport = sport;
    tr->streams[i].dport = dport;
    tr->streams[i].next = 1000000u * tr->n_streams; /* a stream seen from its middle */
    return &tr->streams[i].next;
}

/* Numbers TCP segment @o as its sender would (RFC 9293 3.4): a SYN takes a new initial
 * Sequence Number, the next segment one more; payload, SYN and FIN move the stream on. */
static void tcp_seq(trace *tr, pd_observation *o)
{
    guint32 *next = stream_next(tr, &o->src, o->tcp.sport, &o->dst, o->tcp.dport);
    if (o->tcp.flags & PD_TCP_SYN)
        *next = 0x10000000u + 7919u * o->frame; /* a new connection: a new number */
    o->tcp.seq = *next;
    *next += o->tcp.payload_len + ((o->tcp.flags & (PD_TCP_SYN | PD_TCP_FIN)) ? 1 : 0);
}

void tcp_lose(trace *tr, const guint8 src[4], guint16 sport, const guint8 dst[4], guint16 dport,
              guint32 bytes)
{
    pd_addr s = trace_addr(tr, src), d = trace_addr(tr, dst);
    *stream_next(tr, &s, sport, &d, dport) += bytes;
}

guint32 tcp(trace *tr, gboolean from_client, guint8 flags, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_TCP;
    o.tcp.sport = from_client ? CPORT : PD_PPTP_PORT;
    o.tcp.dport = from_client ? PD_PPTP_PORT : CPORT;
    o.tcp.flags = flags;
    tcp_seq(tr, &o);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

guint32 tcp_at(trace *tr, const guint8 src[4], guint16 sport, const guint8 dst[4], guint16 dport,
               guint8 flags, guint32 payload, guint8 start, double dt)
{
    pd_observation o = base(tr, TRUE, dt);
    o.src = trace_addr(tr, src);
    o.dst = trace_addr(tr, dst);
    o.ttl = 64;
    o.tcp.sport = sport;
    o.tcp.dport = dport;
    o.tcp.flags = flags;
    if (sport == PD_PPTP_PORT || dport == PD_PPTP_PORT) {
        o.kind = PD_OBS_TCP;
        o.tcp.payload_len = payload;
        o.tcp.payload_start = start;
    } else if ((flags & (PD_TCP_SYN | PD_TCP_ACK | PD_TCP_RST)) == PD_TCP_SYN) {
        o.kind = PD_OBS_TCP_SYN;
    } else {
        return o.frame;
    }
    tcp_seq(tr, &o);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* A PPTP control message in its own TCP segment. */
guint32 pptp(trace *tr, gboolean from_client, guint16 type, int call_id, int peer_id,
                    int result, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_TCP;
    o.tcp.sport = from_client ? CPORT : PD_PPTP_PORT;
    o.tcp.dport = from_client ? PD_PPTP_PORT : CPORT;
    o.tcp.flags = PD_TCP_ACK | PD_TCP_PSH;
    o.tcp.payload_len = 32;
    o.tcp.payload_start = PD_TCP_START_PPTP;
    tcp_seq(tr, &o);
    pd_engine_observe(tr->e, &o);
    o.kind = PD_OBS_PPTP;
    o.pptp.type = type;
    o.pptp.has_call_id = call_id >= 0;
    o.pptp.call_id = (guint16)(call_id >= 0 ? call_id : 0);
    o.pptp.has_peer_call_id = peer_id >= 0;
    o.pptp.peer_call_id = (guint16)(peer_id >= 0 ? peer_id : 0);
    o.pptp.has_result = result >= 0;
    o.pptp.result = (guint8)(result >= 0 ? result : 0);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* A GRE packet of the call, with a PPP frame (protocol 0: acknowledgment only). */
guint32 gre(trace *tr, gboolean from_client, guint16 proto, guint8 code, const char *msg,
                   double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_GRE;
    o.gre.call_id = from_client ? PAC_ID : PNS_ID;
    o.gre.has_seq = proto != 0;
    o.gre.seq = ++tr->next_seq[from_client ? 1 : 0];
    if (o.frame < TRACE_SEQ_FRAMES)
        tr->seq_of[o.frame] = o.gre.seq;
    o.gre.ppp.protocol = proto;
    o.gre.ppp.code = code;
    if (msg)
        g_strlcpy(o.gre.ppp.message, msg, sizeof o.gre.ppp.message);
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* An ICMP error from @from quoting the client's GRE packet sent in frame @quoted_frame. */
guint32 icmp_gre(trace *tr, const guint8 from[4], guint8 type, guint8 code,
                        guint32 quoted_frame, double dt)
{
    pd_observation o = base(tr, FALSE, dt);
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = trace_addr(tr, from);
    o.ttl = 64;
    o.icmp.type = type;
    o.icmp.code = code;
    if (tr->v6 && type == 2)
        o.icmp.mtu = 1280;
    o.icmp.quoted_src = trace_addr(tr, CLIENT);
    o.icmp.quoted_dst = trace_addr(tr, SERVER);
    o.icmp.quoted_proto = PD_IPPROTO_GRE;
    o.icmp.quoted_ip_id = tr->v6 ? 0 : (guint16)(0x1000 + quoted_frame);
    o.icmp.quoted_has_gre_call_id = TRUE;
    o.icmp.quoted_gre.call_id = PAC_ID;
    o.icmp.quoted_gre.has_seq = TRUE;
    o.icmp.quoted_gre.seq = quoted_frame < TRACE_SEQ_FRAMES ? tr->seq_of[quoted_frame] : 0;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

/* SYN, SYN/ACK, ACK, SCCRQ/SCCRP: returns the SCCRP frame. */
guint32 control_setup(trace *tr)
{
    tcp(tr, TRUE, PD_TCP_SYN, 0.01);
    tcp(tr, FALSE, PD_TCP_SYN | PD_TCP_ACK, 0.01);
    tcp(tr, TRUE, PD_TCP_ACK, 0.01);
    pptp(tr, TRUE, PD_PPTP_SCCRQ, -1, -1, -1, 0.01);
    return pptp(tr, FALSE, PD_PPTP_SCCRP, -1, -1, 1, 0.05);
}

/* control_setup, then OCRQ/OCRP: returns the OCRP frame. */
guint32 call_setup(trace *tr)
{
    control_setup(tr);
    pptp(tr, TRUE, PD_PPTP_OCRQ, PNS_ID, -1, -1, 0.9);
    return pptp(tr, FALSE, PD_PPTP_OCRP, PAC_ID, PNS_ID, 1, 0.01);
}

/* All findings on @frame, or NULL. */
GPtrArray *findings_at(trace *tr, guint32 frame)
{
    const pd_frame_result *r = pd_engine_frame(tr->e, frame);
    return r ? r->findings : NULL;
}

void check_frame_sessions(trace *tr)
{
    for (guint32 f = 0; f <= tr->frame + 1; f++) {
        const pd_frame_result *r = pd_engine_frame(tr->e, f);
        gboolean has = r && r->has_session;
        guint s = G_MAXUINT;
        g_assert_cmpint(pd_engine_frame_session(tr->e, f, &s), ==, has);
        g_assert_cmpuint(s, ==, has ? r->session : G_MAXUINT);
    }
}

const pd_finding *only_finding_at(trace *tr, guint32 frame)
{
    GPtrArray *f = findings_at(tr, frame);
    g_assert_nonnull(f);
    g_assert_cmpuint(f->len, ==, 1);
    return g_ptr_array_index(f, 0);
}

/* Number of findings of at least warning severity anywhere in frames 1..last. */
guint n_problems(trace *tr)
{
    guint n = 0;
    for (guint32 i = 1; i <= tr->frame; i++) {
        GPtrArray *f = findings_at(tr, i);
        for (guint j = 0; f && j < f->len; j++) {
            const pd_finding *x = g_ptr_array_index(f, j);
            if (pd_rule_get(x->rule)->severity >= PD_SEV_WARN)
                n++;
        }
    }
    return n;
}

gboolean has_evidence(const pd_finding *f, guint32 frame)
{
    for (guint i = 0; i < f->n_evidence; i++) {
        if (f->evidence[i] == frame)
            return TRUE;
    }
    return FALSE;
}

/* The healthy PPP exchange of the real "success" capture, in order. Returns the frame where the
 * network phase is reached. */
guint32 ppp_success(trace *tr)
{
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_ECHO_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_SUCCESS, "S=4E45 M=Access granted", 0.01);
    gre(tr, TRUE, PD_PPP_CCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
    return gre(tr, FALSE, PD_PPP_IPCP, PD_CP_CONF_ACK, NULL, 0.01);
}


/* A GRE packet of the call built from @g (call_id filled in when 0). */
guint32 gre_x(trace *tr, gboolean from_client, pd_obs_gre g, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_GRE;
    o.gre = g;
    if (!o.gre.call_id)
        o.gre.call_id = from_client ? PAC_ID : PNS_ID;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

pd_obs_gre cp(guint16 proto, guint8 code, guint32 options)
{
    pd_obs_gre g;
    memset(&g, 0, sizeof g);
    g.ppp.protocol = proto;
    g.ppp.code = code;
    g.ppp.cp_options = options;
    return g;
}

const pd_finding *finding_of(trace *tr, guint32 frame, pd_rule_id rule)
{
    GPtrArray *a = findings_at(tr, frame);
    for (guint i = 0; a && i < a->len; i++) {
        const pd_finding *f = g_ptr_array_index(a, i);
        if (f->rule == rule)
            return f;
    }
    return NULL;
}

pd_verdict verdict(trace *tr, guint session)
{
    return pd_engine_session(tr->e, session)->verdict;
}

guint32 lcp_and_chap(trace *tr, guint8 answer, const char *msg)
{
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_REQ, NULL, 0.1);
    gre(tr, TRUE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_LCP, PD_CP_CONF_ACK, NULL, 0.01);
    gre(tr, FALSE, PD_PPP_CHAP, PD_CHAP_CHALLENGE, NULL, 0.01);
    gre(tr, TRUE, PD_PPP_CHAP, PD_CHAP_RESPONSE, NULL, 0.01);
    return gre(tr, FALSE, PD_PPP_CHAP, answer, msg, 0.01);
}

/* LCP up both ways, CHAP success: returns the CHAP Success frame. */
guint32 lcp_and_auth(trace *tr)
{
    return lcp_and_chap(tr, PD_CHAP_SUCCESS, "S=1 M=ok");
}

/* An ICMP (ICMPv6) Destination Unreachable of @code from @from, @dt seconds on, quoting a packet
 * of the client to the server of protocol @proto; the caller fills the quote's ports. */
static pd_observation unreachable(trace *tr, const guint8 from[4], guint8 code, guint8 proto,
                                  double dt)
{
    pd_observation o = base(tr, FALSE, dt);
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = trace_addr(tr, from);
    o.ttl = 64;
    o.icmp.type = tr->v6 ? 1 : 3;
    o.icmp.code = code;
    o.icmp.quoted_src = trace_addr(tr, CLIENT);
    o.icmp.quoted_dst = trace_addr(tr, SERVER);
    o.icmp.quoted_proto = proto;
    return o;
}

guint32 icmp_syn(trace *tr, const guint8 from[4], guint8 code, double dt)
{
    pd_observation o = unreachable(tr, from, code, PD_IPPROTO_TCP, dt);
    o.icmp.quoted_tcp.sport = CPORT;
    o.icmp.quoted_tcp.dport = PD_PPTP_PORT;
    o.icmp.quoted_tcp.flags = PD_TCP_SYN;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

guint32 l2tp_x(trace *tr, gboolean from_client, pd_obs_l2tp m, double dt)
{
    pd_observation o = base(tr, from_client, dt);
    o.kind = PD_OBS_L2TP;
    o.l2tp = m;
    if (!o.l2tp.sport)
        o.l2tp.sport = PD_L2TP_PORT;
    if (!o.l2tp.dport)
        o.l2tp.dport = PD_L2TP_PORT;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}

guint32 l2tp_ctl(trace *tr, gboolean from_client, guint16 type, guint16 tid, guint16 sid,
                 guint16 atid, guint16 asid, double dt)
{
    pd_obs_l2tp m;
    memset(&m, 0, sizeof m);
    m.control = m.has_seq = TRUE;
    m.type = type;
    m.zlb = type == PD_L2TP_ZLB;
    m.tunnel_id = tid;
    m.session_id = sid;
    m.assigned_tunnel_id = atid;
    m.assigned_session_id = asid;
    return l2tp_x(tr, from_client, m, dt);
}

guint32 l2tp_ppp(trace *tr, gboolean from_client, guint16 tid, guint16 sid, guint16 proto,
                 guint8 code, const char *msg, double dt)
{
    pd_obs_l2tp m;
    memset(&m, 0, sizeof m);
    m.tunnel_id = tid;
    m.session_id = sid;
    m.ppp.protocol = proto;
    m.ppp.code = code;
    if (msg)
        g_strlcpy(m.ppp.message, msg, sizeof m.ppp.message);
    return l2tp_x(tr, from_client, m, dt);
}

guint32 icmp_udp(trace *tr, const guint8 from[4], guint8 code, double dt)
{
    pd_observation o = unreachable(tr, from, code, PD_IPPROTO_UDP, dt);
    o.icmp.quoted_udp_sport = PD_L2TP_PORT;
    o.icmp.quoted_udp_dport = PD_L2TP_PORT;
    pd_engine_observe(tr->e, &o);
    return o.frame;
}
