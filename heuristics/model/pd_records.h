/* pd_records.h: the engine's private types (not for the plugin): the transport-neutral records
 * of sessions (one connection attempt: a carrier and its links), links (each with its PPP) and
 * frames, the engine's state that holds them, and the calls that make, find and free them
 * (pd_records.c). A transport's own part of them is in its header (PPTP's Call IDs, GRE flows
 * and control connection: pd_pptp.h), a member of each record here.
 *
 * The tracker (pd_track.c, pd_track_gre.c, pd_track_path.c) records facts with their frames
 * and times and decides nothing; the PPP negotiation of a link is kept by pd_ppp.c; caps and
 * eviction by pd_retention.c; rules (rules/ *.c, interface in pd_family.h, kit in pd_kit.h)
 * read these records, keep their own slices of state and propose findings through
 * pd_verdict.h.
 *
 * Frame numbers are Wireshark's (1-based, 0 = none); times are seconds since the epoch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_RECORDS_H
#define PD_RECORDS_H

#include "pd_engine.h"
#include "pd_framemap.h"
#include "pd_ppp.h"
#include "pd_probe.h"

G_BEGIN_DECLS

/** Direction of a link's packets and PPP: the sender (the client: PPTP's PNS; the server: its
 *  PAC). The PPP module's link direction 0/1 is this. */
enum { PD_DIR_PNS = 0, PD_DIR_PAC = 1 };


/** Most rule families (rules/ *.c); each may keep one slice of state per call and per session. */
#define PD_MAX_FAMILIES 24
/** Most families that keep a slice per call (pd_family.call_slice > 0) and per session
 *  (session_slice > 0): the length of pd_link.slice and pd_session.slice, which hold only those
 *  families' slices, in pd_families[] order (test heuristics.catalogue checks). */
#define PD_MAX_CALL_SLICES 6
#define PD_MAX_SESSION_SLICES 8
/** Room for one more item in @v, an array of @n items of @size bytes whose room grows in powers
 *  of two, with no header (a session's links and findings: a GPtrArray would cost 48 bytes more
 *  each): @v itself, or @v reallocated (NULL: a new array) when @n is 0 or a power of two. */
gpointer pd_vec_room(gpointer v, guint n, gsize size);
/** Appends @item to @v, such an array of @n items (both lvalues, evaluated more than once). */
#define PD_VEC_APPEND(v, n, item) ((v) = pd_vec_room((v), (n), sizeof *(v)), (v)[(n)++] = (item))
/** Removes item @i (< *@n) of such an array @v, keeping the others' order; *@n decreases. */
void pd_vec_remove(gpointer v, guint *n, guint i, gsize size);
/** Inserts *@item (@size bytes) at position @i (<= *@n) of such an array @v; *@n increases.
 *  Returns the array (maybe moved). */
gpointer pd_vec_insert(gpointer v, guint *n, guint i, gconstpointer item, gsize size);
/** Frees @slice, an array of @n slices (pd_link.slice, pd_session.slice), and its slices; NULL
 *  is none. */
void pd_slices_free(void **slice, guint n);
/** Light sessions (pd_session.light: TCP 1723 connections closed before any SCCRQ) and settled
 *  ones (pd_engine.n_settled) do not count against max_sessions, but all sessions together stay
 *  below this many times max_sessions. */
#define PD_LIGHT_FACTOR 4

typedef struct pd_session pd_session;
typedef struct pd_link pd_link;

/** A first-in, first-out queue of session indexes (pd_session_info.index): 4 bytes an entry
 *  (a GQueue link costs 32), in a GArray of which the first @head entries are gone. */
typedef struct {
    GArray *v;                  /**< guint */
    guint head;
} pd_fifo;
/** TRUE when queue @q holds no entry. */
static inline gboolean pd_fifo_empty(const pd_fifo *q)
{
    return q->head >= q->v->len;
}

/** How a call's GRE is known to be missing from the capture, not lost on the way (a Sequence
 *  Number a flow skipped, RFC 2637 4.1: consecutive per direction). */
typedef enum {
    /** the receiver acknowledged a packet the capture does not hold: it arrived (RFC 2637 4.4,
     *  the Acknowledgment Number is the highest Sequence Number received) */
    PD_CAPTURE_LOSS_ACKED = 1,
    /** the capture point's own side skipped Sequence Numbers: the capture is taken on that host
     *  or its link (pd_session_vantage: its TTLs are as sent), where every packet it sends
     *  passes, so the capture lost them, and most likely its peer's missing packets of the
     *  same stretch too (a capture's drops take whatever arrives, in both directions) */
    PD_CAPTURE_LOSS_OWN,
    /** the capture file records packets dropped by the capture (the pcapng Enhanced Packet
     *  Block's epb_dropcount option, "frame.drop_count": lost between the previous packet of the
     *  interface and this one) between the flow's packets either side of the skip; or its
     *  interface statistics record drops without saying where (pd_link.drops_frame 0: likely,
     *  not confirmed) */
    PD_CAPTURE_LOSS_DROPS,
} pd_capture_loss;

/** How the capture, not the network, lost packets of a link (pd_link.capture_lost). */
typedef struct {
    guint32 frame;       /**< the first frame that shows it */
    guint32 seq;         /**< the GRE Sequence Number lost (the first skipped, unless
                              acknowledged) */
    guint32 drops_frame; /**< PD_CAPTURE_LOSS_DROPS: the latest frame a drop count came with
                              before the skip was seen; 0 when only the file's interface
                              statistics record drops (drops_anywhere) */
    guint8 dir;          /**< the direction (PD_DIR_*) whose packet the capture lost */
    guint8 why;          /**< how that is known: pd_capture_loss */
} pd_capture_lost;

#include "pd_pptp.h"
#include "pd_pppoe.h"
#include "pd_l2tp.h"
#include "pd_ppponly.h"
#include "pd_ike.h"


/** A link of a session: one PPP negotiation its carrier carries (a PPTP call with its GRE, a
 *  PPPoE or L2TP session; SSTP's PPP next). What is the carrier's own is in its part
 *  (pptp: pd_pptp.h). */
struct pd_link {
    pd_session *s;
    guint index;                /**< position in the session's links */
    guint32 request_frame, reply_frame; /**< the link's set-up request and its answer (PPTP:
                                     Outgoing-Call-Request and -Reply, RFC 2637 2.7-2.8) */
    guint32 net_frame;          /**< PPP reached the network phase (pd_ppp_link.net_up, kept
                                     once ppp is freed), 0 if not */
    guint32 end_frame;          /**< the carrier ended the link (PPTP: CCRQ/CDN or the end of
                                     the control connection), 0 if none */
    guint8 established;         /**< the carrier said the link is set up (PPTP: the reply said
                                     Connected) */
    guint8 before_capture;      /**< set up before the capture started (PPTP: the call of a GRE-only
                                     session, which a control connection seen mid-stream may take
                                     over, pd_take_gre_only_call, its Call IDs the keys of its
                                     GRE, RFC 2637 4.1; L2TP: an L2TP session of a tunnel whose
                                     set-up is not in the capture, found by its data messages) */
    double up_time;             /**< time of the reply (reply_frame) */
    pd_capture_lost *capture_lost; /**< evidence that the capture, not the network, lost the
                                        link's packets: NULL if none (most links) */
    pd_link *collides_with;     /**< a live link of another session whose packets carry the same
                                     key as ours (PPTP: GRE source, destination and Call ID) */
    /** PPP negotiation and liveness state; NULL once the link is settled (see retention): then
     *  rules no longer look at the link. */
    pd_ppp_link *ppp;
    /** Rules' own per-link state: PD_MAX_CALL_SLICES pointers, made with the first slice a
     *  family keeps (NULL until then), freed with ppp. */
    void **slice;
    pd_pptp_call pptp;          /**< PPTP's part: Call IDs, GRE flows */
    pd_pppoe_link pppoe;        /**< PPPoE's part: SESSION_ID */
    pd_l2tp_call *l2tp;         /**< L2TP's part (pd_l2tp.h): Session IDs, its CDN; owned, NULL
                                     for other carriers */
};

/** Frames a DNS session marks (pd_session.dns_frames): first and last query, response, first
 *  NXDOMAIN. */
#define PD_DNS_MARKS 4

/** A session: one connection attempt from a client to a server: its carrier (the TCP 1723
 *  control connection of PPTP today, ctl; or GRE seen without one; or a DNS lookup), its links
 *  (pd_link: each PPP link with its pd_ppp state), the path's facts the tracker keeps for it,
 *  its findings. */
struct pd_session {
    pd_session_info info;
    pd_pptp_ctl ctl;            /**< PPTP's carrier: the control connection (pd_pptp.h) */
    pd_session *merged_into;    /**< GRE-only session whose calls a control connection took
                                     over: its other frames (ICMP errors) are that session's */
    guint n_links;              /**< entries in links */
    guint n_links_capped;       /**< links not tracked because of max_calls */
    guint n_findings;           /**< entries in findings */
    guint8 client_ttl, server_ttl; /**< first TTL seen from each side (0: none yet) */
    /* bit fields: a session is kept for every connection attempt of the capture */
    guint8 ppp_roles : 1;       /**< GRE-only: client and server named by PPP (who
                                     authenticates), not by who sent the first GRE packet */
    guint8 light : 1;           /**< closed before its carrier set anything up, with no finding
                                     (a health check: connect, close): does not count against
                                     max_sessions */
    guint8 entangled : 1;       /**< another session's state points into this one (a GRE-only
                                     session it took over or that took over its GRE, a live call
                                     of another session sharing its GRE key): never evicted */
    guint8 sent_by_client : 1;  /**< the capture holds a frame the client sent */
    guint8 sent_by_server : 1;  /**< ... the server sent */
    guint8 client_past_syn : 1; /**< ... a client frame that answers the server (TCP: a segment
                                     other than a SYN; pd_session_one_way) */
    guint8 ttl_varies : 1;      /**< a side's carrier packets came with two TTLs: the capture
                                     sees them on two legs of a router (pd_session_same_link) */
    double closed_time;         /**< when the carrier closed */
    double last_time;
    pd_pppoe_disc *pppoe;       /**< PPPoE's carrier (pd_pppoe.h), owned; NULL for the others */
    pd_l2tp_tunnel *l2tp;       /**< L2TP's carrier (pd_l2tp.h), owned; NULL for the others */
    pd_ppponly_link *ppponly;   /**< PPP captured on its own (pd_ppponly.h), owned; NULL for the
                                     others */
    pd_ike_sa *ike;             /**< IKE's carrier (pd_ike.h), owned; NULL for the others */
    pd_link **links;            /**< n_links links, owned (pd_vec_room) */
    pd_finding **findings;      /**< n_findings findings, owned, in the order they were made
                                     (pd_vec_room) */
    guint32 *dns_frames;        /**< DNS sessions (made at the end): the PD_DNS_MARKS frames
                                     they mark (0: none); NULL for the others */
    /** Rules' own per-session state: PD_MAX_SESSION_SLICES pointers, made with the first slice
     *  a family keeps (NULL until then: most sessions keep none). */
    void **slice;
};

/** A DNS lookup: one querier, one name (RFC 1035). */
typedef struct {
    pd_addr client, server;
    char name[128];
    guint16 qtype;
    guint n_queries;
    guint32 first_query, last_query, response, nx_frame; /**< nx_frame: first NXDOMAIN */
    guint8 rcode;
    gboolean ok;                /**< answered without error */
    guint32 answer_frame;       /**< the first response with answers (0: none yet) */
    double answer_time;         /**< when it came, seconds (the engine's clock) */
    pd_addr answer;             /**< the first address answered (family 0: none yet) */
} pd_dns_lookup;

/** The one direction the capture holds of session @s, when it holds one only (asymmetric
 *  routing, a SPAN session of one direction): PD_DIR_PNS when every frame of the session
 *  (TCP and GRE) was sent by the client and one of them answers the server (a segment other
 *  than a SYN acknowledges the server's SYN/ACK, RFC 9293 3.5), PD_DIR_PAC when every frame was
 *  sent by the server (each answers the client); -1 otherwise (both directions, or a client's
 *  SYNs alone: unanswered, not missing). GRE-only sessions: -1. */
static inline int pd_session_one_way(const pd_session *s)
{
    if (s->info.gre_only)
        return -1;
    if (s->sent_by_client && !s->sent_by_server && s->client_past_syn)
        return PD_DIR_PNS;
    if (s->sent_by_server && !s->sent_by_client)
        return PD_DIR_PAC;
    return -1;
}

/** The owner of a frame, the value the engine keeps for every frame of a tracked session (4
 *  bytes a frame in its frame -> owner map, pd_framemap.h): PD_OWNER_FLOW | flow index (GRE
 *  frames: the session follows the flow when it is matched), else session index + 1 (0: none).
 *  The flow or session may have been evicted (NULL in all_flows or sessions) until the map is
 *  swept. */
#define PD_OWNER_FLOW 0x80000000u

/** What the engine keeps beyond the owner, only for frames with a finding, or filed under a
 *  session after the fact (DNS lookups, made at the end). A frame's milestone is not here: it
 *  is in its session's list (pd_session_milestone_at). */
typedef struct {
    pd_session *session;        /**< set after the fact; an owning flow still wins */
    guint32 frame;              /**< its frame number: the key in the engine's frames set */
    guint n_findings;           /**< findings attached to the frame (pd_frame_rec_finding) */
    /** The findings, not owned: the one itself when n_findings is 1 (most frames with a
     *  finding have one), else an array of exactly n_findings (a GPtrArray would cost 80
     *  bytes more a record). */
    union {
        pd_finding *one;
        pd_finding **many;
    } findings;
} pd_frame_rec;

struct pd_engine {
    pd_config cfg;
    GPtrArray *sessions;        /**< pd_session*, by index (NULL: evicted) */
    pd_pptp_state pptp;         /**< PPTP's lookups (pd_pptp.h) */
    pd_pppoe_state pppoe;       /**< PPPoE's lookups (pd_pppoe.h) */
    pd_l2tp_state l2tp;         /**< L2TP's lookups (pd_l2tp.h) */
    pd_ppponly_state ppponly;   /**< the lookup of PPP links captured on their own */
    pd_ike_state ike;           /**< IKE's lookups (pd_ike.h) */
    pd_framemap *owners;        /**< frame number -> owner (PD_OWNER_FLOW) */
    GHashTable *frames;         /**< the side records, pd_frame_rec*: a set hashed by frame
                                     number (a set stores no value array: 12 bytes a bucket) */
    GArray *rec_bits;           /**< guint32 words, one bit per frame number: set once the frame
                                     had a side record (a clear bit spares the lookup) */
    GPtrArray *all_flows;       /**< pd_flow*, owned (NULL: evicted with its session) */
    GPtrArray *eoc;             /**< end-of-capture findings (provisional) */
    gboolean finished;
    guint32 last_frame;
    double last_time;           /**< the engine's clock: the latest frame time so far, seconds */
    guint32 last_time_frame;    /**< the frame that carried last_time */
    guint32 drops_frame;        /**< the latest frame before which the capture file records
                                     packets the capture dropped (pd_engine_capture_drops), 0 if
                                     none */
    guint64 drops_total;        /**< how many it records in all so far */
    guint64 drops_anywhere;     /**< drops the file records without saying where (its
                                     interface statistics), 0 if none */
    double unseen;              /**< seconds of the engine's clock in silences of the whole
                                     capture of PD_CAPTURE_GAP_S or more (pd_waited) */
    GArray *gaps;               /**< pd_gap: each such silence, in clock order (NULL until the
                                     first); emptied when the clock restarts */
    double stamp;               /**< the current observation's own time, as the capture has it
                                     (its o->time is the engine's clock), seconds */
    double time_back;           /**< seconds the current observation's own time is behind
                                     last_time (0: in order); the tracker gets it at last_time */
    guint n_ignored;
    gboolean saw_pptp;          /**< any TCP 1723 or GRE in the capture */
    GHashTable *dns;            /**< (querier, name) -> pd_dns_lookup* */
    guint eoc_sessions;         /**< sessions made at the end (DNS), dropped on withdraw */
    guint n_capped;             /**< frames of sessions not tracked because of max_sessions */
    gboolean refused;           /**< the current observation was refused by a cap, or is of a
                                     connection that is not PPTP: no session will hold it */
    guint n_calls_capped;       /**< calls not tracked because of max_calls (all sessions) */
    guint n_light;              /**< light sessions (pd_session.light) */
    pd_probes *probes;          /**< SYNs by source, for port scans (pd_probe.h) */
    guint n_dropped;            /**< of which sessions made before the connection showed it
                                     (their e->sessions entry is NULL) */
    guint n_settled;            /**< other sessions settled (closed lcp_timeout seconds ago, their
                                     links' working state freed): like light ones, they do not
                                     count against max_sessions */
    pd_fifo settling;           /**< closed sessions, oldest first, whose links hold state */
    pd_fifo evictable;          /**< settled sessions that may be evicted (health checks, healthy
                                     sessions with nothing else to say), oldest first */
    guint n_evicted;            /**< sessions evicted (their e->sessions entry is NULL) */
    guint n_evicted_light;      /**< of which health checks */
    guint unswept;              /**< sessions evicted since their frames' owners were last
                                     swept out */
    pd_frame_result scratch;
    GPtrArray *scratch_findings; /**< scratch.findings, filled from a side record per query */
};

/** Sets up @e's records (empty) / frees them. */
void pd_track_init(pd_engine *e);
void pd_track_clear(pd_engine *e);


/** Seconds of silence of the whole capture (no observation at all) from which on it is time
 *  the capture did not see rather than waiting: the capture paused, its host's clock stepped
 *  forward (NTP) or the host slept. A peer waiting for an answer repeats its request every
 *  Restart timer (RFC 1661 4.6: 3 s by default, as pppd and Windows do) and gives up after
 *  Max-Configure requests (10): no peer still waiting stays silent for its whole budget of 30 s,
 *  so a deadline of such a request (pd_waited) does not count such a silence. */
#define PD_CAPTURE_GAP_S 30.0
/** A silence of PD_CAPTURE_GAP_S seconds or more: where it ended (the engine's clock), and the
 *  seconds of all such silences until then. */
typedef struct {
    double end, unseen;
} pd_gap;
/** Seconds a frame's time may go back before the engine's clock restarts from it (see
 *  pd_engine_observe): longer than any timeout of pd_config (echo_timeout, 60 s by default), so
 *  such a step is no reordering within a session but another file or interface appended whole
 *  (mergecap -a), whose sessions keep their own times. */
#define PD_CLOCK_RESTART_S 300.0
/** Records milestone @m of @s at @frame. */
void pd_milestone_add(pd_engine *e, pd_session *s, guint32 frame, pd_milestone m);
/** The milestone of session @s in @frame (the last one recorded there), or PD_MS_NONE: a
 *  binary search of its milestones, which are in frame order. */
pd_milestone pd_session_milestone_at(const pd_session *s, guint32 frame);
/** The side record of @frame (findings, session filed after the fact), created if absent. */
pd_frame_rec *pd_frame_rec_get(pd_engine *e, guint32 frame);
/** The side record of @frame (frame number), or NULL if it has none: a bit per frame says which
 *  frames may have one, so most frames cost no hash lookup. */
pd_frame_rec *pd_frame_rec_find(const pd_engine *e, guint32 frame);
/** Finding @i (< @r's n_findings) of side record @r. */
pd_finding *pd_frame_rec_finding(const pd_frame_rec *r, guint i);
/** Attaches finding @f to side record @r (after the others). */
void pd_frame_rec_add_finding(pd_frame_rec *r, pd_finding *f);
/** Detaches from side record @r every finding of session @session (index) if @f is NULL, else
 *  finding @f. */
void pd_frame_rec_drop_findings(pd_frame_rec *r, const pd_finding *f, guint session);
/** Drops the side record of @frame, if any. */
void pd_frame_rec_remove(pd_engine *e, guint32 frame);
/** The owner of @frame (PD_OWNER_FLOW), or 0 if no observation of that frame touched a
 *  session (or its session was evicted and the map swept since). */
guint32 pd_frame_owner(const pd_engine *e, guint32 frame);

/** GHashFunc / GEqualFunc for pd_addr keys (all 17 bytes). */
guint pd_addr_hash(gconstpointer key);
gboolean pd_addr_eq(gconstpointer a, gconstpointer b);


/** Counts the frame of @o in session @s (its extent, and the frame's session). For events the
 *  tracker leaves a rule to claim (PD_EV_ICMP_SYN: an ICMP error quoting the SYN belongs to the
 *  session only if a rule speaks of it). */
void pd_track_touch(pd_engine *e, pd_session *s, const pd_observation *o);

/** The session a frame belongs to now, or NULL. */
pd_session *pd_track_frame_session(const pd_engine *e, guint32 frame);

/** The same from what the caller already looked up: the frame's owner (pd_frame_owner, 0 when
 *  none) and side record (pd_frame_rec_find, NULL when none). */
pd_session *pd_track_owner_session(const pd_engine *e, guint32 owner, const pd_frame_rec *r);


/** A DNS lookup's key (pd_engine.dns): querier and name, zero-padded. */
typedef struct {
    pd_addr client;
    char name[128];
} pd_dns_key;

/** A new session of @carrier (pd_carrier) at @frame, @time (seconds), index next in
 *  e->sessions, which holds it. */
pd_session *pd_session_new(pd_engine *e, guint32 frame, double time, pd_carrier carrier);
/** Frees session @s and what it owns (links, findings, slices; not its flows, which
 *  e->all_flows owns); NULL (an evicted session) is nothing. */
void pd_session_free(gpointer s);
/** A new link of @s (index next in its links), with a PPP link. */
pd_link *pd_link_new(pd_session *s);
/** Marks the frame of @o as belonging to @s (or to @flow, if not NULL) and keeps the session's
 *  extent (last frame, last time). The first session named keeps the frame; a flow always
 *  takes it. */
void pd_touch(pd_engine *e, pd_session *s, const pd_observation *o, pd_flow *flow);
/** Adds milestone @sm to @s's list, after those of its frame and earlier ones. */
void pd_milestone_insert(pd_session *s, pd_session_milestone sm);
/** The capture holds a frame of @s sent in direction @dir (PD_DIR_*), a SYN alone if @syn_only:
 *  the facts pd_session_one_way reads. */
void pd_sent_by(pd_session *s, int dir, gboolean syn_only);
/** A carrier packet of @s from direction @dir (PD_DIR_*) came with TTL (IPv6 Hop Limit) @ttl: the
 *  first of each side is kept (client_ttl, server_ttl), and a second value sets ttl_varies (a
 *  forwarded copy: the capture sees a router's two legs, pd_session_same_link). */
void pd_session_note_ttl(pd_session *s, int dir, guint8 ttl);
/** The roles of @s were guessed the wrong way round (a session whose set-up is not in the
 *  capture, named later by who authenticates): client and server exchange their addresses,
 *  ports, first TTLs and whether the capture holds a frame each sent (a frame of the new client
 *  counts as answering the server: no TCP here). The carrier's own parts and the links' PPP are
 *  the caller's to swap. */
void pd_session_swap_ends(pd_session *s);

G_END_DECLS

#endif /* PD_RECORDS_H */
