/* pd_pptp.h: PPTP's records (RFC 2637), the part of the engine's model that is PPTP's own:
 * a call's Call IDs and GRE flows (pd_pptp_call, in pd_link.pptp), the control connection that
 * carries the calls (pd_pptp_ctl, in pd_session.ctl), the engine's lookups of both
 * (pd_pptp_state, in pd_engine.pptp), and the calls that make, find and free them (pd_pptp.c).
 * The tracker of PPTP (track/pd_track.c, track/pd_track_gre.c) writes them; PPTP's rule families
 * read them. Included by pd_records.h, which holds the transport-neutral records (a session, its
 * links, their PPP): another transport's records go beside this file, not in it.
 *
 * Frame numbers are Wireshark's (1-based, 0 = none); times are seconds since the epoch; ports
 * and Call IDs in host byte order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_PPTP_H
#define PD_PPTP_H

#include "pd_engine.h"
#include "pd_observation.h"

G_BEGIN_DECLS

typedef struct pd_session pd_session;
typedef struct pd_link pd_link;

/** Packets remembered per GRE flow, to find the one an ICMP error quotes (by IPv4 ID, or for
 *  IPv6, which has no ID, by GRE sequence number). */
#define PD_RECENT 8

/** One direction of GRE (source, destination, Call ID in the key field; RFC 2637 4.1). */
typedef struct {
    pd_addr src, dst;
    guint16 call_id;
} pd_gre_key;

/** A GRE packet remembered so that an ICMP error quoting it can be matched (pd_flow_quoted). */
typedef struct {
    guint32 seq;            /**< GRE sequence number (RFC 2637 4.1), if has_seq */
    guint32 frame;          /**< 0: an empty entry */
    guint16 ip_id;          /**< IPv4 Identification (pd_observation.ip_id) */
    guint8 has_seq;         /**< TRUE if the packet carried a sequence number */
} pd_flow_packet;           /* 12 bytes */

/** What a flow keeps while its call is live: allocated with its first packet, freed (NULL) once
 *  the call is settled (rules no longer look at it; pd_flow_quoted then finds no packet). */
typedef struct {
    /** The last PD_RECENT packets, oldest overwritten first at recent_pos. */
    pd_flow_packet recent[PD_RECENT];
    guint32 acked;          /**< the highest Acknowledgment Number the flow carried: the peer's
                                 GRE that arrived (RFC 2637 4.4) */
    guint32 acked_frame;    /**< the frame that carried acked */
    guint32 seq_max;        /**< the highest Sequence Number the flow carried */
    guint32 gap_lo, gap_hi; /**< the latest run of Sequence Numbers the flow skipped (if
                                 has_gap): not in the capture, perhaps lost on the way */
    guint8 recent_pos;      /**< the next entry of recent to write */
    guint8 has_acked;       /**< acked is set */
    guint8 has_seq_max;     /**< seq_max is set */
    guint8 has_gap;         /**< gap_lo..gap_hi is set */
} pd_flow_live;

/** GRE packets in one direction of a call (or of a GRE-only session while unmatched). */
typedef struct {
    pd_gre_key key;
    guint8 dir;             /**< PD_DIR_* once matched */
    pd_link *call;          /**< the call (link) it belongs to; NULL while GRE-only */
    pd_session *orphan;     /**< GRE-only session holding the flow while call == NULL */
    guint n;                /**< packets seen */
    guint32 first_frame, last_frame;
    guint index;            /**< position in the engine's all_flows */
    pd_flow_live *live;     /**< NULL before the first packet and once the call is settled */
} pd_flow;

/** PPTP's part of a link (pd_link.pptp): one call (RFC 2637 2.7-2.11) and its GRE. */
typedef struct {
    guint16 pns_id, pac_id;     /**< Call IDs assigned by the PNS (client) and the PAC (server) */
    guint8 has_pns_id, has_pac_id; /**< TRUE when known (a byte each, as the flags below) */
    guint32 sli_frame;          /**< first Set-Link-Info of the call (RFC 2637 2.15: the PNS sends
                                     the ACCMs PPP negotiated, so LCP ran), 0 if none */
    pd_flow *flow[2];           /**< GRE sent by the client / by the server (PD_DIR_*) */
} pd_pptp_call;

/** TCP state of a control connection. */
typedef enum { PD_TCP_NONE, PD_TCP_SYN_SENT, PD_TCP_ESTABLISHED, PD_TCP_CLOSED } pd_tcp_state;

/** A control connection's key: client (PNS) address and port (host byte order), server (PAC)
 *  address. 36 bytes, no padding: hashed and compared as bytes. */
typedef struct {
    pd_addr client, server;
    guint16 cport;
} pd_tcp_key;

/** PPTP's carrier (pd_session.ctl): the control connection, TCP to port 1723 (RFC 2637 section
 *  2), or for a GRE-only session the GRE flows it holds while no control connection claims them. */
typedef struct {
    pd_tcp_key key;             /**< its key in the engine's pptp.by_tcp and pptp.by_hosts, which
                                     point to the session (control connections only; removed
                                     from both before it is freed) */
    guint n_syn;                /**< SYNs from the client */
    guint32 first_syn, last_syn, synack_frame;
    guint32 sccrq_frame, sccrp_frame; /**< SCCRQ, and SCCRP with Result Code 1 */
    guint32 client_teardown;    /**< first CCRQ/StopCCRQ/FIN/RST from the client */
    guint32 isn[2];             /**< initial sequence number of the client's (PD_DIR_PNS) and
                                     the server's SYN (if has_isn): the first byte of each
                                     direction's stream is number isn + 1 (RFC 9293 3.4) */
    double first_syn_time;
    GPtrArray *flows;           /**< pd_flow* held by a GRE-only session while unmatched; NULL
                                     until it holds one */
    GPtrArray *ended_flows;     /**< pd_flow* its calls no longer hold (a newer call reused the
                                     GRE key), not owned; NULL if none */
    guint8 tcp : 2;             /**< pd_tcp_state */
    guint8 midstream : 1;       /**< first segment seen was no SYN */
    guint8 payload_seen : 1;    /**< a segment with payload was seen (the first one of a
                                     connection seen from its SYN tells whether it is PPTP) */
    guint8 has_isn : 2;         /**< bit PD_DIR_*: isn[that direction] is known */
} pd_pptp_ctl;

/** An unordered address pair (the lower first, by bytes): the key of GRE-only sessions
 *  (pd_pptp_state.by_pair), GRE seen without its control connection. No padding. */
typedef struct {
    pd_addr lo, hi;
} pd_pair_key;
/** @a and @b as an unordered pair in *@pk. */
void pd_pair_of(const pd_addr *a, const pd_addr *b, pd_pair_key *pk);

/** The engine's PPTP lookups (pd_engine.pptp), made by pd_pptp_init. */
typedef struct {
    GHashTable *by_tcp;         /**< control connection key -> pd_session* */
    GHashTable *by_gre;         /**< pd_gre_key -> pd_flow* */
    GHashTable *by_pair;        /**< address pair -> GRE-only pd_session* */
    GHashTable *by_hosts;       /**< address pair (a session's key, its two addresses in
                                     either order) -> latest control connection's pd_session* */
    GHashTable *last_syn;       /**< pd_addr (client) -> GUINT frame of its last SYN to 1723;
                                     the key is the client address in the key of the session
                                     that sent it, or once that session is evicted a copy in
                                     kept_addrs */
    GPtrArray *kept_addrs;      /**< pd_addr*, owned: last_syn's keys of evicted sessions */
    GHashTable *not_pptp;       /**< pd_tcp_key -> its own copy (a not_pptp_conn, pd_track.c):
                                     TCP connections on the PPTP port that are not PPTP, whose
                                     frames make no session; NULL until the first */
    guint n_not_pptp;           /**< such connections seen (pd_engine_n_not_pptp) */
} pd_pptp_state;

/** Sets up @st's lookups (empty) / frees them (not the sessions and flows they point to). */
void pd_pptp_init(pd_pptp_state *st);
void pd_pptp_clear(pd_pptp_state *st);

/** PPTP's part of forgetting session @s (pd_transport.forget, called by retention's
 *  pd_session_forget before @s is freed): its control connection leaves the lookups, its GRE
 *  flows are freed (NULL in the engine's all_flows). Its client's last SYN stays known (under a
 *  copy of the address) when @keep_syn (an evicted session: a later connection's rules still
 *  count it), else it is forgotten if it was this session's (a session dropped as not PPTP). */
void pd_pptp_forget(pd_engine *e, pd_session *s, gboolean keep_syn);
/** PPTP's part of settling session @s (pd_transport.settle): its GRE flows' recent packets are
 *  freed (pd_flow.live NULL; pd_flow_quoted then finds none). */
void pd_pptp_settle(pd_engine *e, pd_session *s);

/** GHashFunc / GEqualFunc for pd_tcp_key keys (all 36 bytes). */
guint pd_tcp_key_hash(gconstpointer key);
gboolean pd_tcp_key_eq(gconstpointer a, gconstpointer b);

/** Frees what @ctl owns (not the flows, which the engine's all_flows owns); pd_session_free
 *  calls it. */
void pd_pptp_ctl_free(pd_pptp_ctl *ctl);
/** The latest call (link) of @s whose Call ID chosen by the PNS (@pns TRUE) or the PAC is @id,
 *  or NULL. */
pd_link *pd_pptp_call_by_id(pd_session *s, gboolean pns, guint16 id);
/** GRE packets of link @c sent by @dir (PD_DIR_*; 0 when none, or no flow). */
guint pd_pptp_gre(const pd_link *c, int dir);
/** The frame of the packet of @f that ICMP error @ic quotes, among the last PD_RECENT: for IPv4
 *  the one with the quoted Identification, for IPv6 the one with the quoted GRE sequence
 *  number; 0 when none (or the quote holds no sequence number, or the call is settled). */
guint32 pd_flow_quoted(const pd_flow *f, const pd_obs_icmp *ic);
/** Frees flow @f and its live state; NULL (an evicted flow) is nothing. */
void pd_flow_free(gpointer f);

G_END_DECLS

#endif /* PD_PPTP_H */
