/* pd_engine.h: the diagnosis engine. Feed it observations (pd_observation.h) in capture order;
 * it tracks PPTP control connections (TCP 1723), their calls (Call ID / Peer Call ID, RFC 2637),
 * the GRE flows of the calls and the PPP negotiation inside them, PPPoE (RFC 2516) and L2TP (RFC
 * 2661) sessions with theirs, and ICMP errors quoting those packets; it attaches findings to
 * frames and keeps a verdict per session.
 *
 * Lifetime: one engine per capture file. Not thread-safe. Pure C + GLib.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_ENGINE_H
#define PD_ENGINE_H

#include <glib.h>

#include "pd_observation.h"
#include "pd_rules.h"

G_BEGIN_DECLS

/** Timeouts the rules use, in seconds. */
typedef struct {
    /** How long a call may wait for a GRE answer, PPP not completing, before the engine says GRE
     *  is blocked (likely): from the call's first GRE packet (its first LCP Configure-Request),
     *  or from its set-up when no GRE came, a silence of the whole capture of 30 s or more (a
     *  pause of the capture, a clock step) not counted. pppd gives up LCP after 10
     *  Configure-Requests 3 s apart (RFC 1661 section 4.6 Max-Configure); Windows after a
     *  similar time. Default 10 s. */
    double lcp_timeout;
    /** How long a SYN to TCP 1723 may stay unanswered, when retransmitted, before the engine says
     *  the control connection is unanswered (likely). Default 5 s (Linux retransmits at 1, 3, 7
     *  s; Windows at 3, 9 s). */
    double syn_timeout;
    /** How long a PPTP Echo-Request on the control connection may stay unanswered before it
     *  counts as lost (RFC 2637 section 2.5 keep-alive, 60 s). Default 60 s. */
    double echo_timeout;
    /** Most sessions (control connections, GRE-only pairs, DNS lookups) the engine tracks per
     *  capture; beyond it new ones are counted, not tracked, and one state-cap-reached finding
     *  is made. Default 20000 (a session with ~26 frames costs about 3 KB: doc/bench-history.md). */
    guint max_sessions;
    /** Most calls per session and GRE flows per session. Default 64. GRE flows of all sessions
     *  together are capped at twice max_sessions. */
    guint max_calls;
} pd_config;

/** The defaults above. */
pd_config pd_config_default(void);

/** Where the capture was taken, as far as TTLs tell (packets sent by the capturing host carry an
 *  initial TTL such as 64, 128 or 255; packets that crossed a router carry less). */
typedef enum {
    PD_VANTAGE_UNKNOWN,
    PD_VANTAGE_CLIENT,  /**< on the client (PNS) or its link */
    PD_VANTAGE_SERVER,  /**< on the server (PAC) or its link */
    PD_VANTAGE_BETWEEN, /**< both sides' packets have crossed routers */
} pd_vantage;

/** Name of a vantage point ("client side", ...). */
const char *pd_vantage_name(pd_vantage v);

/** One diagnosis, attached to the frame where it became conclusive. Owned by the engine. */
typedef struct {
    guint32 frame;              /**< frame the finding is attached to */
    guint session;              /**< session index (see pd_session_info) */
    gint call;                  /**< the call it is about (index for pd_engine_call), -1: the
                                     session as a whole */
    pd_rule_id rule;
    gint variant;               /**< index in the rule's variants, -1 when none (pd_rules.h) */
    pd_confidence confidence;
    guint16 ras[PD_MAX_RAS];    /**< RAS errors, best first: the row's or its variant's */
    guint n_ras;
    guint n_evidence;           /**< frames in evidence */
    const char *cause;          /**< worded for this session and capture point */
    const char *fix;            /**< the fix for this capture (pd_finding_set_fix), else the
                                     rule's (pd_rule.fix) */
    guint32 *evidence;          /**< n_evidence frame numbers, ascending, unique */
    pd_addr blocked_by;         /**< device that reported the block in an ICMP error */
    guint8 has_blocked_by;      /**< TRUE when blocked_by is set */
    guint8 end_of_capture;      /**< TRUE when concluded only because the capture ended */
    guint8 own_cause : 1;       /**< cause was made for this finding, owned by it (else a fixed
                                     sentence: pd_finding_set_fixed_cause) */
    guint8 own_fix : 1;         /**< fix was made for this capture, owned by it (else the rule's
                                     or a fixed sentence) */
    guint32 quoted_frame;       /**< frame the ICMP error quotes, 0 if not in the capture */
    guint32 superseded_by;      /**< a likely/possible finding that later frames contradicted:
                                     the frame that did (0: still stands); such a finding no
                                     longer counts for the verdict */
} pd_finding;

/** What the engine knows about one frame. */
typedef struct {
    gboolean has_session;
    guint session;              /**< session index, when has_session */
    pd_milestone milestone;     /**< PD_MS_NONE if none */
    GPtrArray *findings;        /**< pd_finding*, NULL if none */
} pd_frame_result;

/** Session outcome. */
typedef enum {
    PD_VERDICT_UNDETERMINED, /**< the capture does not show the outcome */
    PD_VERDICT_HEALTHY,
    PD_VERDICT_FAILED,
} pd_verdict;

/** The verdict a finding implies: healthy for the healthy rule, failed for a rule of warning
 *  severity or worse, undetermined otherwise or when later frames superseded it. */
pd_verdict pd_finding_verdict(const pd_finding *f);

/** Name of a verdict ("undetermined", "healthy", "failed"). */
const char *pd_verdict_name(pd_verdict v);

/** A milestone with the frame it happened in. */
typedef struct {
    guint32 frame;
    pd_milestone milestone;
} pd_session_milestone;

/** The carrier of a session (pd_session_info.carrier): which transport's tracker made it. */
typedef enum {
    PD_CARRIER_NONE = 0, /**< none: a DNS lookup (the path's) */
    PD_CARRIER_PPTP,     /**< a PPTP control connection and its calls, or GRE seen without one */
    PD_CARRIER_PPPOE,    /**< a PPPoE host's Discovery stage and its session (RFC 2516); client
                              and server are the host's and the access concentrator's MAC
                              addresses, the ports 0 */
    PD_CARRIER_L2TP,     /**< an L2TP control connection attempt and its L2TP sessions (RFC
                              2661): client is the LAC (the sender of the SCCRQ), server the LNS,
                              the ports their UDP ports (1701 unless one side chose another,
                              section 8.1) */
    PD_CARRIER_PPP,      /**< a PPP link captured without its carrier (PD_OBS_PPP): one
                              connection attempt on the link, from an LCP Configure-Request to
                              the link's end; client and server are the ends (PD_ADDR_END or
                              MAC addresses, roles_unsure until authentication names the
                              server; unset where the capture does not record who sent a
                              frame), the ports 0 */
    PD_CARRIER_IKE,      /**< an IKE SA attempt (IKEv1, RFC 2409: L2TP/IPsec's key exchange;
                              IKEv2, RFC 7296) and the ESP after it (RFC 4303): client is the
                              initiator, server the responder, the ports their UDP ports (500,
                              or 4500 after NAT traversal); no links (pd_ike.h) */
} pd_carrier;

/** The number of pd_carrier values. */
#define PD_N_CARRIERS (PD_CARRIER_IKE + 1)

/** One session: one connection attempt of a client to a server: a PPTP control connection and
 *  its calls, or GRE seen without one; a PPPoE Discovery stage and its session; an L2TP control
 *  connection (tunnel) and its L2TP sessions (carrier). */
typedef struct {
    guint index;                /**< like tcp.stream: 0, 1, ... in order of first frame */
    pd_addr client, server;     /**< PNS and PAC addresses as seen at the capture point */
    guint16 client_port;        /**< client's TCP port (host byte order), 0 for GRE-only; L2TP:
                                     the LAC's UDP port */
    guint16 server_port;        /**< server's TCP port: 1723, or a port decoded as PPTP; 0 for
                                     GRE-only; L2TP: the LNS's UDP port (1701) */
    /* flags (TRUE or FALSE), a byte each beside the ports: a session is kept for every
     * control connection of the capture */
    guint8 gre_only;            /**< GRE seen without its control connection */
    guint8 roles_unsure;        /**< GRE-only, and no authentication exchange named the server
                                     (the authenticator, RFC 1994 4, RFC 1334 2.2): client is
                                     only a guess (the one peer with a private address,
                                     pd_addr_private, else the first sender of GRE, which a
                                     capture that starts mid-session does not make the client) */
    guint8 absorbed;            /**< GRE-only session later matched to a control connection */
    guint8 carrier;             /**< pd_carrier */
    guint8 esp;                 /**< pd_esp (pd_observation.h): its frames came out of ESP
                                     that Wireshark decrypted with the user's ESP SAs (an
                                     L2TP/IPsec VPN, RFC 3193): the first such frame's; 0 when
                                     none did */
    guint32 first_frame, last_frame;
    pd_vantage vantage;
    pd_verdict verdict;
    guint n_milestones;         /**< entries in milestones */
    const pd_finding *verdict_finding; /**< the finding the verdict rests on, or NULL */
    pd_session_milestone *milestones; /**< n_milestones milestones, in frame order (a
                                           session's newest in a frame last) */
    char *name;                 /**< DNS name looked up (DNS sessions), or NULL */
} pd_session_info;


typedef struct pd_engine pd_engine;

/** Creates an engine; @config may be NULL for the defaults. Free with pd_engine_free. */
pd_engine *pd_engine_new(const pd_config *config);
void pd_engine_free(pd_engine *e);

/** Feeds one observation. Observations must come in capture order (non-decreasing frame
 *  numbers); one that goes back in frame numbers, or that lacks an outer source or destination
 *  address (family 4 or 6, a MAC for PPPoE; none is needed for a PPP frame without its carrier,
 *  PD_OBS_PPP; for an ICMP error also the quoted ones), is ignored and counted
 *  (pd_engine_n_ignored); so is an ICMP error no device can have sent (see there).
 *  Quoted packets inside ICMP errors are never observations of their own. If the engine was
 *  finished, its end-of-capture findings are withdrawn first (a live capture goes on).
 *  Times need not be in order: the engine's clock is the latest time seen so far, and an
 *  observation stamped earlier (a capture merged from two interfaces without sorting) counts as
 *  happening at that time, so deadlines and silences never run backwards or twice; the session
 *  gets a capture-out-of-order note. A step back of more than 300 s (PD_CLOCK_RESTART_S: another
 *  file appended whole, mergecap -a) restarts the clock at the earlier time instead.
 *  Returns FALSE when the observation was ignored (above), refused by a cap (max_sessions,
 *  max_calls, the GRE flows' cap: pd_engine_n_capped) or is of a TCP connection on the PPTP port
 *  that is not PPTP (pd_engine_n_not_pptp): no session will ever hold its frame; FALSE also for
 *  a SYN to another port (PD_OBS_TCP_SYN), which is only counted: a session holds its frame only
 *  if a finding was made there at once (pd_engine_frame says). */
gboolean pd_engine_observe(pd_engine *e, const pd_observation *obs);

/** The capture's last frame, of any kind (pptpdiag reads only some), was stamped @time
 *  (seconds since the epoch): the silences the end of the capture concludes from (SYNs never
 *  answered, PPP that never completed) are measured up to it, not up to the last frame
 *  observed. Call before pd_engine_finish (after it, it changes nothing); a time not later
 *  than the engine's clock (the latest observation's, pd_engine_observe) changes nothing. */
void pd_engine_capture_end(pd_engine *e, double time);

/** The capture file records that the capture dropped @count packets (more than 0) on frame
 *  @frame's interface between that interface's previous packet and this one (pcapng Enhanced
 *  Packet Block option epb_dropcount, Wireshark's "frame.drop_count"): a GRE flow of a call
 *  whose Sequence Numbers (RFC 2637 4.1) skip across @frame lost those packets in the capture,
 *  not on the way (pd_capture_loss). Call before pd_engine_observe of @frame's observations, with
 *  frames in order; a frame earlier than the last so recorded changes nothing. @frame 0: the
 *  file records @count drops without saying where (pcapng Interface Statistics Blocks,
 *  isb_ifdrop and isb_osdrop): a skip the capturing host's own packets do not explain is then
 *  most likely the capture's (said as likely, not confirmed); call before the first
 *  observation. */
void pd_engine_capture_drops(pd_engine *e, guint32 frame, guint64 count);

/** Concludes what only the end of the capture can tell (SYNs never answered, a call whose PPP
 *  never completed within the timeout). Findings made here have end_of_capture set and are
 *  attached to the session's last frame. Idempotent until the next observation. */
void pd_engine_finish(pd_engine *e);

/** TRUE after pd_engine_finish and before the next observation. */
gboolean pd_engine_finished(const pd_engine *e);

/** What the engine knows about @frame, or NULL if the frame is none of its business. The result,
 *  its findings array included, lives in the engine's scratch space: valid until the next call
 *  of this function or the next observation; the findings it points to live until the engine is
 *  freed (or, for end-of-capture findings, until the next observation). */
const pd_frame_result *pd_engine_frame(const pd_engine *e, guint32 frame);

/** The session @frame belongs to, as pd_engine_frame's has_session and session say, without
 *  its milestone and findings (cheaper: for listeners that file frames under sessions). Returns
 *  FALSE when it belongs to none; else stores the session index in *@session. */
gboolean pd_engine_frame_session(const pd_engine *e, guint32 frame, guint *session);

/** Payloads: what the engine's holder (the plugin) keeps of its own per frame lives in the
 *  engine's frame store, not in a store of its own kept in step with the engine's: a payload of
 *  a fixed size (pd_engine_frame_payload_size) or a mark (a frame noted, no bytes). One attached
 *  to a frame the engine holds (a frame of a session or of a GRE flow it tracks) goes when the
 *  engine forgets the frame, by whatever path (its session evicted, or dropped as not PPTP):
 *  from then on these functions no longer return it, and the memory goes at the engine's next
 *  sweep of its frames. One attached to another frame (one no session holds yet, such as a DNS
 *  frame) stays until the engine is freed. Nothing is allocated until the first attach. */

/** Sets the size of @e's payloads to @size bytes (plain bytes, copied and moved by the engine,
 *  never freed one by one: no pointer to memory they would own). Call once, before the first
 *  pd_engine_frame_attach; 0 (the default) refuses payloads. */
void pd_engine_frame_payload_size(pd_engine *e, gsize size);

/** Attaches a payload (zeroed) to @frame and returns it to fill now (valid until the next call
 *  of this function or the next observation). Call after the frame's last observation: whether
 *  the engine holds the frame is decided then. Frames in ascending order: returns NULL for a
 *  frame not after the last one attached (a frame already attached keeps its payload), or when
 *  payloads are off. */
gpointer pd_engine_frame_attach(pd_engine *e, guint32 frame);

/** The payload of @frame, or NULL (none, or the engine forgot the frame). Valid until the next
 *  observation or pd_engine_frame_attach. */
gconstpointer pd_engine_frame_payload(const pd_engine *e, guint32 frame);

/** The payload of the first frame at or after *@frame that has one (forgotten frames passed
 *  over), whose frame it writes to *@frame; NULL when there is none (*@frame unchanged). For
 *  walking the payloads in frame order: the next call starts at the frame after. */
gconstpointer pd_engine_frame_payload_next(const pd_engine *e, guint32 *frame);

/** Marks @frame, after its last observation (as pd_engine_frame_attach, without bytes). Frames
 *  in ascending order: returns FALSE (nothing done) for a frame not after the last one
 *  marked. */
gboolean pd_engine_frame_mark(pd_engine *e, guint32 frame);

/** TRUE if @frame is marked (pd_engine_frame_mark) and the engine has not forgotten it. */
gboolean pd_engine_frame_marked(const pd_engine *e, guint32 frame);

/** Number of sessions (indexes 0 .. n-1), evicted ones (pd_engine_n_evicted) and ones dropped as
 *  not PPTP (pd_engine_n_not_pptp) included. */
guint pd_engine_n_sessions(const pd_engine *e);

/** Session @index (< pd_engine_n_sessions), or NULL (out of range, or evicted). */
const pd_session_info *pd_engine_session(const pd_engine *e, guint index);

/** One link of a session: a PPTP call (RFC 2637: Outgoing-Call-Request/Reply, or
 *  Incoming-Call-*), a PPPoE session (RFC 2516: PADR/PADS; pppoe_session_id, no Call IDs, no
 *  GRE), or an L2TP session (RFC 2661: ICRQ/ICRP/ICCN or OCRQ/OCRP/OCCN; l2tp_tunnel_id and
 *  l2tp_session_id, no Call IDs, no GRE). */
typedef struct {
    gboolean has_pns_id, has_pac_id;
    guint16 pns_call_id;      /**< Call ID the client (PNS) assigned, host byte order */
    guint16 pac_call_id;      /**< Call ID the server (PAC) assigned, host byte order */
    guint32 request_frame;    /**< OCRQ/ICRQ frame, 0 if not in the capture */
    guint32 reply_frame;      /**< OCRP/ICRP frame, 0 if not in the capture */
    gboolean established;     /**< the reply said Connected (Result Code 1) */
    gboolean before_capture;  /**< its set-up is not in the capture (GRE seen without it: set up
                                   before the capture started, or on a connection not decoded as
                                   PPTP); the Call IDs are those its GRE carries */
    guint32 end_frame;        /**< CCRQ/CDN or the end of the control connection, 0 if none */
    guint gre_packets[2];     /**< GRE packets seen [sent by the client, sent by the server] */
    guint16 pppoe_session_id; /**< a PPPoE session's SESSION_ID (the PADS's), host byte order */
    guint16 l2tp_tunnel_id[2];  /**< an L2TP session's tunnel: the Tunnel ID each side assigned
                                     (Assigned Tunnel ID AVP, RFC 2661 4.4.3) [LAC, LNS], host
                                     byte order, 0 when not in the capture */
    guint16 l2tp_session_id[2]; /**< its Session ID each side assigned (Assigned Session ID AVP,
                                     4.4.4) [LAC, LNS], 0 when not in the capture */
} pd_call_info;

/** Number of calls of session @session (0 if there is no such session). */
guint pd_engine_n_calls(const pd_engine *e, guint session);

/** Fills @out with call @i (< pd_engine_n_calls) of session @session; FALSE if out of range. */
gboolean pd_engine_call(const pd_engine *e, guint session, guint i, pd_call_info *out);

/** Number of findings of session @session, in the order they were made (0 if none). */
guint pd_engine_n_findings(const pd_engine *e, guint session);

/** Finding @i (< pd_engine_n_findings) of session @session, or NULL. Valid until the engine is
 *  freed, or for end-of-capture findings until the next observation. */
const pd_finding *pd_engine_finding(const pd_engine *e, guint session, guint i);

/** Why session @session is undetermined, in a newly allocated sentence (free with g_free), or
 *  NULL when its verdict is not undetermined (or there is no such session). It says what the
 *  capture lacks, from what the tracker recorded: fields its snapshot length cut (a fields-cut
 *  capture-truncated note is the verdict's finding), only GRE of a control connection that
 *  started before the capture, a control connection seen from its middle, a finding that later
 *  frames contradicted, only notes, or a capture that ends too soon after the call (within the
 *  LCP timeout, with the LCP Configure-Requests seen so far); or that no VPN connection was
 *  attempted at all (a verdict finding whose row has no_vpn_attempt: a port scanner's probe). */
char *pd_engine_undetermined_reason(const pd_engine *e, guint session);

/** TRUE if the capture held anything of PPTP: a TCP 1723 segment or a GRE packet. */
gboolean pd_engine_saw_pptp(const pd_engine *e);

/** Observations ignored because they went back in frame order, lacked addresses, or are ICMP
 *  errors no device can have sent (from a source that is no unicast address, or from the sender
 *  of the packet they quote). */
guint pd_engine_n_ignored(const pd_engine *e);

/** Sessions evicted so far to make room for new ones once PD_LIGHT_FACTOR (4) times
 *  max_sessions are kept: settled health checks (closed before any SCCRQ) and settled healthy
 *  sessions whose only finding is their healthy verdict, oldest first (never a failure, an
 *  open session, a DNS lookup or a GRE-only session). Their index stays: pd_engine_session
 *  returns NULL for it and their frames have no pd_engine_frame result. *@light (if not NULL)
 *  receives how many of them were health checks. */
guint pd_engine_n_evicted(const pd_engine *e, guint *light);

/** TCP connections on the PPTP port seen so far that are not PPTP, and so no session (RFC 2637
 *  section 2.1: every control message, the first bytes of the stream among them, begins with a
 *  header of Message Type 1 and Magic Cookie 0x1A2B3C4D): a SYN from the PPTP port to another
 *  port (a client that picked 1723 as its own port), or a connection seen from its SYN whose
 *  first payload is no PPTP header (another service on TCP 1723). A session made at such a
 *  connection's SYN is dropped when its payload shows it: its index stays unused
 *  (pd_engine_session returns NULL for it, as for an evicted one), its frames have no
 *  pd_engine_frame result. *@dropped (if not NULL) receives how many such sessions were
 *  dropped. */
guint pd_engine_n_not_pptp(const pd_engine *e, guint *dropped);

/** What pptpdiag's caps kept from being diagnosed in the capture so far: returns the frames
 *  (observations) of sessions not tracked because of max_sessions (TCP 1723 connections and
 *  GRE-only pairs): max_sessions sessions were open at once, or 4 times max_sessions were kept
 *  and none could be evicted (pd_engine_n_evicted); settled sessions and connections closed
 *  before any SCCRQ do not count against the cap. Frames, because telling untracked sessions
 *  apart would cost the state the cap saves. *@calls (if not NULL) receives the call requests not tracked because
 *  of max_calls. 0 and 0: every session and call was diagnosed. */
guint pd_engine_n_capped(const pd_engine *e, guint *calls);

G_END_DECLS

#endif /* PD_ENGINE_H */
