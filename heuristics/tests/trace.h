/* trace.h: a tiny builder of observation sequences for the engine's unit tests (no pcap): a
 * client 10.10.1.2 (port CPORT) and a server 10.10.2.2 (port 1723), one control connection, one
 * call (Call IDs PNS_ID / PAC_ID). Frames are numbered from 1; @dt is the time since the previous
 * observation in seconds (the trace starts at 1000 s). Functions return the frame they made.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_TEST_TRACE_H
#define PD_TEST_TRACE_H

#include <string.h>

#include "pd_engine.h"

/** The client, the server, and a router on the client's side (IPv4, network byte order). */
extern const guint8 CLIENT[4], SERVER[4], ROUTER[4];
#define CPORT 40000
#define PNS_ID 29501 /* client's Call ID */
#define PAC_ID 7     /* server's Call ID */

/** A trace being built: its engine, the last frame, the clock (seconds), and the TTLs each side's
 *  packets arrive with (default 64 / 63: captured on the client). */
typedef struct {
    pd_engine *e;
    guint32 frame;
    double t;
    guint8 client_ttl, server_ttl;
    /** IPv6: every address X.Y.Z.W above becomes 2001:db8:Z::W (client 2001:db8:1::2, server
     *  2001:db8:2::2, router 2001:db8:1::1), packets carry no IP ID and GRE carries its sequence
     *  number (see next_seq), ICMP errors are ICMPv6 (the caller gives RFC 4443 types). */
    gboolean v6;
    /** GRE sequence numbers, per sender (RFC 2637 4.4: each side counts its own packets), and
     *  the number each GRE frame carried (frames below TRACE_SEQ_FRAMES). */
    guint32 next_seq[2];
#define TRACE_SEQ_FRAMES 4096
    guint32 seq_of[TRACE_SEQ_FRAMES];
    /** Frames cut by the snapshot length: base() gives every observation this cut_at and lost
     *  (pd_observation.h) until the test sets them back to 0 (whole frames). */
    guint32 cut_at;
    guint8 lost;
    /** pd_esp: base() gives every observation this esp (decrypted from ESP) until the test sets
     *  it back to PD_ESP_NONE */
    guint8 esp;
    /** TCP streams (one per direction of a connection) and the Sequence Number each sends next
     *  (see tcp_seq in trace.c); TRACE_STREAMS at most, the oldest reused after. */
#define TRACE_STREAMS 32
    struct {
        pd_addr src, dst;
        guint16 sport, dport;
        guint32 next;
    } streams[TRACE_STREAMS];
    guint n_streams;
} trace;

/** The address a test names by its IPv4 form @v4, in @tr's family (see trace.v6). */
pd_addr trace_addr(const trace *tr, const guint8 v4[4]);

/** A new trace with an engine of default configuration. */
trace *trace_new(void);
void trace_free(trace *tr);
/** The common part of the next observation, from the client or the server (not fed). */
pd_observation base(trace *tr, gboolean from_client, double dt);
/** A TCP segment on the control connection with PD_TCP_* @flags. */
guint32 tcp(trace *tr, gboolean from_client, guint8 flags, double dt);
/** A TCP segment from @src:@sport to @dst:@dport (TTL 64) with PD_TCP_* @flags and @payload
 *  bytes that begin as @start says (pd_tcp_start), numbered in sequence (its stream's next
 *  Sequence Number; a SYN begins the stream), observed as extract.c observes it: PD_OBS_TCP
 *  when either port is the PPTP port; else PD_OBS_TCP_SYN for a SYN without ACK, and nothing
 *  for any other segment (the frame is counted all the same). Returns its frame. */
guint32 tcp_at(trace *tr, const guint8 src[4], guint16 sport, const guint8 dst[4], guint16 dport,
               guint8 flags, guint32 payload, guint8 start, double dt);
/** @bytes of the stream from @src:@sport to @dst:@dport that the capture lost: its next segment
 *  comes that much further on (RFC 9293 3.4), as after a segment missing from the capture. */
void tcp_lose(trace *tr, const guint8 src[4], guint16 sport, const guint8 dst[4], guint16 dport,
              guint32 bytes);
/** A PPTP control message in its own TCP segment (-1: no Call ID / Peer Call ID / result). */
guint32 pptp(trace *tr, gboolean from_client, guint16 type, int call_id, int peer_id, int result,
             double dt);
/** A GRE packet of the call with a PPP frame (@proto 0: acknowledgment only; @msg may be NULL). */
guint32 gre(trace *tr, gboolean from_client, guint16 proto, guint8 code, const char *msg,
            double dt);
/** A GRE packet of the call built from @g (its call_id filled in when 0). */
guint32 gre_x(trace *tr, gboolean from_client, pd_obs_gre g, double dt);
/** A pd_obs_gre with a PPP control frame and its options (bit n: option type n). */
pd_obs_gre cp(guint16 proto, guint8 code, guint32 options);
/** An ICMP error from @from quoting the client's GRE packet sent in frame @quoted_frame (ICMPv6
 *  when tr->v6: @type and @code are then RFC 4443's; @type 2, Packet Too Big, carries MTU 1280). */
guint32 icmp_gre(trace *tr, const guint8 from[4], guint8 type, guint8 code, guint32 quoted_frame,
                 double dt);
/** An ICMP Destination Unreachable (@code) from @from quoting the client's SYN (ICMPv6 type 1
 *  when tr->v6: @code is then RFC 4443's). */
guint32 icmp_syn(trace *tr, const guint8 from[4], guint8 code, double dt);
/** An L2TP message (RFC 2661) between the client (the LAC) and the server (the LNS), both on UDP
 *  1701, built from @m (its ports filled in when 0); returns its frame. */
guint32 l2tp_x(trace *tr, gboolean from_client, pd_obs_l2tp m, double dt);
/** An L2TP control message of @type (PD_L2TP_ZLB: a ZLB, no AVP) whose header carries the
 *  receiver's Tunnel ID @tid and Session ID @sid, with the Assigned Tunnel ID @atid and Assigned
 *  Session ID @asid AVPs (0: absent); Ns and Nr 0. */
guint32 l2tp_ctl(trace *tr, gboolean from_client, guint16 type, guint16 tid, guint16 sid,
                 guint16 atid, guint16 asid, double dt);
/** An L2TP data message to the receiver's Tunnel ID @tid and Session ID @sid carrying a PPP
 *  frame (@proto 0: none; @msg may be NULL). */
guint32 l2tp_ppp(trace *tr, gboolean from_client, guint16 tid, guint16 sid, guint16 proto,
                 guint8 code, const char *msg, double dt);
/** An ICMP Destination Unreachable (@code; ICMPv6 type 1 when tr->v6) from @from quoting the
 *  client's UDP datagram from port 1701 to the server's port 1701. */
guint32 icmp_udp(trace *tr, const guint8 from[4], guint8 code, double dt);
/** SYN, SYN/ACK, ACK, Start-Control-Connection-Request and -Reply (Connected); returns the
 *  reply's frame. */
guint32 control_setup(trace *tr);
/** SYN, SYN/ACK, ACK, SCCRQ/SCCRP, OCRQ/OCRP: returns the OCRP frame. */
guint32 call_setup(trace *tr);
/** The healthy PPP exchange of the real "success" capture: returns the frame where the network
 *  phase is reached. */
guint32 ppp_success(trace *tr);
/** LCP up both ways, CHAP success: returns the CHAP Success frame. */
guint32 lcp_and_auth(trace *tr);
/** LCP up both ways, a CHAP Challenge and Response, and the server's @answer (PD_CHAP_SUCCESS or
 *  PD_CHAP_FAILURE) with message @msg: returns the answer's frame. */
guint32 lcp_and_chap(trace *tr, guint8 answer, const char *msg);
/** All findings on @frame, or NULL. */
GPtrArray *findings_at(trace *tr, guint32 frame);
/** The one finding on @frame (asserts there is exactly one). */
const pd_finding *only_finding_at(trace *tr, guint32 frame);
/** Asserts that pd_engine_frame_session says of every frame of @tr (and of frame 0 and the one
 *  after the last) what pd_engine_frame says of its session. */
void check_frame_sessions(trace *tr);
/** The finding of @rule on @frame, or NULL. */
const pd_finding *finding_of(trace *tr, guint32 frame, pd_rule_id rule);
/** Findings of at least warning severity in all frames so far. */
guint n_problems(trace *tr);
/** TRUE if @frame is among @f's evidence. */
gboolean has_evidence(const pd_finding *f, guint32 frame);
/** Session @session's verdict. */
pd_verdict verdict(trace *tr, guint session);

#endif /* PD_TEST_TRACE_H */
