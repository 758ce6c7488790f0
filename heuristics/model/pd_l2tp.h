/* pd_l2tp.h: L2TP's records (RFC 2661), the part of the engine's model that is L2TP's own: a
 * control connection attempt between a LAC and an LNS (pd_l2tp_tunnel, pd_session.l2tp: made for
 * L2TP sessions only), the L2TP sessions it carries (pd_l2tp_call, pd_link.l2tp: each with its
 * PPP), and the engine's lookups of both (pd_l2tp_state, pd_engine.l2tp). The tracker of L2TP
 * (track/pd_track_l2tp.c) writes them; L2TP's rule family (rules/l2tp.c) reads them. Included by
 * pd_records.h beside PPTP's pd_pptp.h and PPPoE's pd_pppoe.h.
 *
 * A session here is one control connection attempt of a LAC (the client: the sender of the
 * Start-Control-Connection-Request, RFC 2661 section 5.1) to an LNS (the server), by their
 * addresses and the Tunnel ID the LAC assigned in its SCCRQ (its retransmissions, section 5.8,
 * are the same attempt); the LNS's Tunnel ID comes in its SCCRP. Every later message carries the
 * receiver's Tunnel ID in its header (section 3.1), and so does a data message with the
 * receiver's Session ID. Direction PD_DIR_PNS is the LAC's, PD_DIR_PAC the LNS's. Frame numbers
 * are Wireshark's (1-based, 0 = none); times are seconds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_L2TP_H
#define PD_L2TP_H

#include "pd_engine.h"
#include "pd_observation.h"

G_BEGIN_DECLS

typedef struct pd_session pd_session;
typedef struct pd_link pd_link;

/** L2TP's part of a link (pd_link.l2tp, NULL for other carriers): one L2TP session (RFC 2661
 *  section 3.3, a call), set up by ICRQ/ICRP/ICCN or OCRQ/OCRP/OCCN (sections 6.6-6.11). */
typedef struct {
    guint16 sid[2];             /**< the Session ID each side assigned (Assigned Session ID
                                     AVP, 4.4.4) [LAC, LNS], 0 until seen */
    guint8 request_by;          /**< PD_DIR_* of the side that sent the ICRQ or OCRQ */
    guint8 cdn_by;              /**< PD_DIR_* of the side that sent cdn_frame */
    guint32 cdn_frame;          /**< the first Call-Disconnect-Notify (6.12), 0 if none */
    guint16 cdn_result;         /**< its Result Code (4.4.2: 1 lost carrier, 2 general error,
                                     3 administrative, 4 no facilities, ...), 0 if none */
    guint16 cdn_error;          /**< its Error Code, when cdn_has_error */
    guint8 cdn_has_error;
    char *cdn_message;          /**< its Error Message, NULL if none; owned */
} pd_l2tp_call;

/** L2TP's carrier (pd_session.l2tp): one control connection attempt (RFC 2661 section 5.1) and
 *  how it ended. */
typedef struct {
    guint16 tid[2];             /**< the Tunnel ID each side assigned (Assigned Tunnel ID AVP,
                                     4.4.3) [LAC, LNS], 0 until seen */
    guint n_sccrq;              /**< SCCRQs the LAC sent (the first and its retransmissions) */
    guint32 first_sccrq, last_sccrq;
    double first_sccrq_time;    /**< seconds */
    guint32 answered;           /**< the first frame that shows the LNS answered: its own first
                                     message (SCCRP, ZLB, StopCCN), or a message of the LAC's that
                                     carries the LNS's Tunnel ID (the SCCRP is then out of the
                                     capture); 0 while unanswered */
    guint32 sccrp_frame;        /**< the Start-Control-Connection-Reply (5.1) */
    guint32 scccn_frame;        /**< the Start-Control-Connection-Connected: the tunnel is up */
    guint32 stop_frame;         /**< the first Stop-Control-Connection-Notification (6.4) */
    guint8 stop_by;             /**< PD_DIR_* that sent it */
    guint8 stop_has_error;
    guint8 closed;              /**< the attempt is over (a StopCCN, or the LAC's next attempt
                                     to the same LNS replaced an unanswered one): the session
                                     settles (pd_retention.h) */
    guint8 midstream;           /**< the SCCRQ is not in the capture (it began at the SCCRP) */
    guint8 before_capture;      /**< the tunnel was set up before the capture began (it began
                                     mid-tunnel: found by a data message; roles_unsure) */
    guint16 stop_result;        /**< its Result Code (4.4.2: 1 general request to clear, 2
                                     general error, 3 already exists, 4 not authorized, 5 version
                                     not supported, 6 being shut down, 7 FSM error), 0: none */
    guint16 stop_error;         /**< its Error Code, when stop_has_error */
    char *stop_message;         /**< its Error Message, NULL if none; owned */
    char *lns_name;             /**< the Host Name AVP of the SCCRP (4.4.3), NULL if none; owned */
} pd_l2tp_tunnel;

/** A key of the engine's L2TP lookups (pd_l2tp_state): the receiver's address, the sender's, and
 *  the receiver's Tunnel ID and Session ID as a message's header carries them (RFC 2661 3.1;
 *  Session ID 0 for the tunnel itself). No padding. */
typedef struct {
    pd_addr to, from;
    guint16 tunnel_id, session_id;
} pd_l2tp_key;

/** A key of pd_l2tp_state.by_udp: the LAC's and LNS's addresses and UDP ports, as the datagram
 *  an ICMP error quotes shows them (RFC 792: its IP header and the UDP header). No padding. */
typedef struct {
    pd_addr lac, lns;
    guint16 lac_port, lns_port;
} pd_l2tp_udp_key;

/** The engine's L2TP lookups (pd_engine.l2tp), made by pd_l2tp_init. */
typedef struct {
    GHashTable *by_tunnel;      /**< pd_l2tp_key (session_id 0) -> pd_session*: each side's
                                     Tunnel ID as the receiver, once known */
    GHashTable *by_call;        /**< pd_l2tp_key -> pd_link*: each side's Session ID as the
                                     receiver, once known */
    GHashTable *by_udp;         /**< pd_l2tp_udp_key -> the latest pd_session* between those
                                     addresses and ports */
} pd_l2tp_state;

/** Sets up @st's lookups (empty) / frees them (not the sessions and links they point to). */
void pd_l2tp_init(pd_l2tp_state *st);
void pd_l2tp_clear(pd_l2tp_state *st);
/** The key of the messages that @to receives from @from with Tunnel ID @tid and Session ID @sid
 *  in their header (zero-padded: keys compare with memcmp). */
pd_l2tp_key pd_l2tp_key_of(const pd_addr *to, const pd_addr *from, guint16 tid, guint16 sid);
/** Frees what @t owns (its texts) and @t; pd_session_free calls it. */
void pd_l2tp_tunnel_free(pd_l2tp_tunnel *t);
/** Frees what @c owns (its text) and @c (NULL: nothing); pd_session_free calls it. */
void pd_l2tp_call_free(pd_l2tp_call *c);
/** L2TP's part of forgetting session @s (pd_transport.forget): it leaves the lookups. */
void pd_l2tp_forget(pd_engine *e, pd_session *s, gboolean keep);

G_END_DECLS

#endif /* PD_L2TP_H */
