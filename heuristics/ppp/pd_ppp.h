/* pd_ppp.h: PPP negotiation of one link, independent of the transport that carries it.
 *
 * Feed it the PPP frames of one link (PPTP/GRE today; L2TP or PPPoE carry the same PPP) with the
 * direction they were sent in (0 or 1: for PPTP, 0 = client (PNS), 1 = server (PAC)); it keeps
 * what LCP, authentication (PAP, CHAP, MS-CHAPv2), CCP/MPPE, IPCP and IPV6CP did, per sender,
 * with frame numbers, and says what changed (pd_ppp_events). It decides nothing about failures:
 * rules read the facts.
 *
 * Sources: RFC 1661 (LCP automaton, codes, Protocol-Reject, Terminate), RFC 1570 (LCP
 * Identification, Time-Remaining), RFC 1334 (PAP), RFC 1994 and RFC 2759 (CHAP, MS-CHAPv2),
 * RFC 1962 and RFC 3078 (CCP, MPPE), RFC 1332 (IPCP), RFC 5072 (IPV6CP).
 *
 * Frame numbers are 1-based (0 = none), times in seconds. Not thread-safe.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_PPP_H
#define PD_PPP_H

#include <glib.h>

#include "pd_observation.h"

G_BEGIN_DECLS

/** One PPP frame as the transport decoded it. Numbers in host byte order. */
typedef struct {
    guint16 protocol;       /**< PPP protocol number (0xc021 LCP, ...); 0 = no PPP payload */
    guint8 code;            /**< LCP/NCP/CHAP/PAP code, 0 when none */
    const char *message;    /**< CHAP Success/Failure or PAP Ack/Nak message, or the text of a
                                 Terminate-Request; "" or NULL when none */
    gboolean malformed;     /**< the frame did not parse as PPP */
    guint32 cp_options;     /**< Configure-* options present: bit n for option type n < 32 */
    guint16 auth_protocol;  /**< LCP Authentication-Protocol option value, 0 when absent */
    guint8 auth_algorithm;  /**< its CHAP algorithm (5 MD5, 0x80 MS-CHAP, 0x81 MS-CHAPv2) */
    gboolean has_ipcp_address;
    guint8 ipcp_address[4]; /**< IPCP IP-Address option, network byte order */
    guint16 rejected_protocol; /**< LCP Protocol-Reject: the rejected protocol */
    guint8 rejected_code;   /**< LCP Code-Reject: the rejected packet's code, 0 if unknown */
    guint32 mppe_bits;      /**< CCP: MPPE Supported Bits (RFC 3078 2.1), host order, 0 if none */
    guint16 mru;            /**< LCP: the Maximum-Receive-Unit option (RFC 1661 6.1), bytes, 0
                                 if none */
    double stamp;           /**< the frame's own time as the capture has it, seconds (see
                                 pd_ppp_activity) */
} pd_ppp_frame;

/** What a frame changed (bits, pd_ppp_input's result). */
typedef enum {
    PD_PPP_EV_LCP_OPENED = 1 << 0,   /**< Configure-Ack now seen in both directions (RFC 1661 4.1) */
    PD_PPP_EV_AUTH_OK = 1 << 1,      /**< first CHAP Success / PAP Authenticate-Ack */
    PD_PPP_EV_LCP_TERMINATE = 1 << 2,/**< first LCP Terminate-Request of the link (RFC 1661 5.5) */
    PD_PPP_EV_IPCP_TERMINATE = 1 << 3,/**< an IPCP Terminate-Request on its own, outside an LCP
                                          termination (first per sender) */
    PD_PPP_EV_CCP_UP = 1 << 4,       /**< CCP Configure-Ack now seen in both directions */
    PD_PPP_EV_DATA_BOTH = 1 << 5,    /**< PPP data now seen in both directions */
    PD_PPP_EV_IPCP_TERM_ACK = 1 << 6,/**< an IPCP Terminate-Ack with no IPCP Terminate-Request of
                                          the peer seen, outside an LCP termination (first per
                                          sender): the request was lost before the capture
                                          point, or the sender's IPCP was closed (RFC 1661 allows
                                          an unsolicited Terminate-Ack) */
    PD_PPP_EV_NETWORK = 1 << 7,      /**< the network phase is now reached (pd_ppp_link.net_up) */
} pd_ppp_events;

/** Index of the NCPs in pd_ppp_link.ncp_ack. */
enum { PD_NCP_IPCP = 0, PD_NCP_IPV6CP = 1 };

/** Length of a kept Terminate-Request text, with its NUL. */
#define PD_PPP_TEXT 96

/** The facts of one link. Arrays of two are indexed by the sender's direction. Read-only outside
 *  pd_ppp.c. */
typedef struct {
    /* LCP (RFC 1661) */
    guint lcp_req_n[2];             /**< Configure-Requests sent */
    guint32 lcp_req_first[2], lcp_req_last[2];
    guint32 lcp_ack[2];             /**< first Configure-Ack sent */
    guint lcp_req_after_ack[2];     /**< Configure-Requests repeated after the peer acked one */
    guint32 lcp_opened;             /**< frame where LCP opened, 0 if not */
    guint16 lcp_mru[2];             /**< the Maximum-Receive-Unit the sender asked for and its
                                         peer acknowledged (the Configure-Ack's MRU option, RFC
                                         1661 6.1: the largest PPP payload it takes), bytes; 0:
                                         none acknowledged (the default, 1500, applies) */
    guint32 lcp_mru_ack[2];         /**< the Configure-Ack that acknowledged it */
    guint lcp_nak_n[2];             /**< Configure-Naks sent */
    guint32 lcp_nak_first[2], lcp_nak_last[2];
    guint32 auth_req[2];            /**< last Configure-Request asking for an Authentication-Protocol */
    guint16 auth_asked[2];          /**< the protocol it asked for */
    guint8 auth_asked_algo[2];
    guint32 auth_refused[2];        /**< Nak/Reject of the peer's Authentication-Protocol */
    gboolean auth_refused_rej[2];   /**< ... by Configure-Reject (else Nak) */
    guint16 auth_offered[2];        /**< what the Nak suggested instead (0: none) */
    guint8 auth_offered_algo[2];
    guint32 lcp_term[2];            /**< first LCP Terminate-Request */
    char term_msg[2][PD_PPP_TEXT];  /**< text of the Terminate-Request (LCP, or IPCP on its own) */
    guint32 echo_first_unanswered[2], echo_last[2];
    guint echo_unanswered[2];       /**< Echo-Requests not followed by any frame of the peer */
    /* authentication (RFC 1334, 1994, 2759) */
    guint32 auth_challenge, auth_response, auth_ok, auth_fail;
    /* CCP / MPPE (RFC 1962, 3078) */
    guint32 ccp_mppe_req[2];        /**< first CCP Configure-Request carrying MPPE */
    guint32 ccp_mppe_bits[2];       /**< the strengths (PD_MPPE_STRENGTHS) of the last such
                                         request, RFC 3078 2.1 */
    guint32 ccp_ack[2];
    guint32 ccp_refused[2];         /**< rejected the peer's MPPE, or Protocol-Rejected CCP */
    const char *ccp_refused_how[2]; /**< how, in words */
    /* IPCP (RFC 1332) and IPV6CP (RFC 5072) */
    guint32 ncp_ack[2][2];          /**< [PD_NCP_*][sender]: first Configure-Ack */
    guint32 ipcp_req[2];            /**< first IPCP Configure-Request */
    guint ipcp_nak_n[2];
    guint32 ipcp_nak_first[2], ipcp_nak_last[2];
    guint32 ipcp_rej_addr[2];       /**< Configure-Reject of the IP-Address option */
    guint32 ipcp_protrej[2];        /**< LCP Protocol-Reject of IPCP */
    guint32 ipcp_term[2];           /**< IPCP Terminate-Request on its own */
    guint32 ipcp_term_ack[2];       /**< IPCP Terminate-Ack answering no request in the capture */
    gboolean has_ipcp_addr;
    guint8 ipcp_addr[4];            /**< last address proposed or acknowledged, network order */
    /* data and liveness */
    guint32 data[2];                /**< first data frame (IP, IPv6, compressed) */
    guint32 first_rx[2];            /**< first frame of any kind the sender sent on the link */
    double first_rx_time[2];        /**< its time (pd_ppp_activity's clock) */
    guint32 last_rx[2];             /**< last frame of any kind the sender sent on the link */
    double last_rx_time[2];
    double last_rx_stamp[2];        /**< the latest own time of the sender's frames */
    /** Frame where the link reached the network phase (RFC 1661 3.2) so that the user's
     *  traffic can flow, 0 if not: IPCP acknowledged in both directions; or, while no IPCP
     *  Configure-Request was seen (an IPv6-only tunnel, a capture without the negotiation),
     *  IPV6CP acknowledged in both directions or data seen both ways. IPV6CP alone does not
     *  count while IPCP negotiates: the user's IPv4 traffic does not flow yet. */
    guint32 net_up;
} pd_ppp_link;

/** A new link with nothing seen. Free with g_free. */
pd_ppp_link *pd_ppp_link_new(void);

/** Exchanges the two directions of @l: every per-sender fact of direction 0 becomes direction
 *  1's and the reverse (for a link whose senders' roles were guessed wrong: a capture that
 *  starts mid-session names them later). Facts of the link as a whole stay. */
void pd_ppp_link_swap(pd_ppp_link *l);

/** Any frame (PPP or transport keep-alive) sent by @dir at @frame, @time: the peer's pending
 *  LCP Echo-Requests count as answered (something came back). @time is the caller's clock
 *  (seconds, never going back); @stamp the frame's own time as the capture has it, which goes
 *  back in a capture merged without sorting: an LCP Echo-Request stamped before a frame of the
 *  peer already seen (pd_ppp_frame.stamp) was answered, and does not count as pending. */
void pd_ppp_activity(pd_ppp_link *l, int dir, guint32 frame, double time, double stamp);

/** PPP frame @p of an observation (pd_obs_ppp, whatever carried it), as pd_ppp_input takes
 *  it: the message points into @p, which must outlive the result. */
pd_ppp_frame pd_ppp_frame_of(const pd_obs_ppp *p);

/** One PPP frame sent by @dir (0 or 1) at @frame. Returns what it changed (pd_ppp_events bits).
 *  A frame with protocol 0 changes nothing. */
guint pd_ppp_input(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f);

/** For a link whose peer's direction is not in the capture (asymmetric routing, a SPAN of one
 *  direction): records what the frame @f that @dir sent at @frame proves its peer sent, as the
 *  peer's frames at @frame, where the link has none of them yet; call it after pd_ppp_input of
 *  the same frame. What proves what (RFC 1661 3.2 and 5.2, RFC 1994 4, RFC 1334 2.2, RFC 1332,
 *  RFC 3078): a Configure-Ack of LCP or IPCP, the peer's Configure-Request; a CHAP
 *  Response, the peer's Challenge; a CHAP Success or Failure or a PAP Ack or Nak, the peer's
 *  Response or Authenticate-Request; authentication, an NCP or data, the peer's LCP
 *  Configure-Ack; an NCP or data after the sender's own authentication response, the peer's
 *  Success (or Authenticate-Ack); data, the peer's Configure-Ack of the sender's IPCP (and, for
 *  MPPE data, of its CCP) request. Returns the events (pd_ppp_events) the implied frames made. */
guint pd_ppp_imply(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f);

/** Which side sent PPP frame @p, by what it is: 1 (the server) for the authenticator's packets,
 *  its LCP Configure-Request asking for an Authentication-Protocol (RFC 1661 6.2) and its CHAP
 *  Challenge, Success and Failure (RFC 1994 4, RFC 2759) and PAP Authenticate-Ack and -Nak (RFC
 *  1334 2.2); 0 (the client) for the CHAP Response and the PAP Authenticate-Request; -1 when the
 *  packet does not say. A VPN or dial-up client authenticates to its server, not the reverse.
 *  For links whose roles the capture does not show (their set-up, or the direction, is not in
 *  it). */
int pd_ppp_sender_role(const pd_obs_ppp *p);

/** TRUE if IPCP (@ncp PD_NCP_IPCP) or IPV6CP was acknowledged in both directions. */
gboolean pd_ppp_ncp_up(const pd_ppp_link *l, int ncp);

/** The PPP phase the link reached, in words ("link establishment", "authentication",
 *  "network"), as RFC 1661 section 3.2 names them. */
const char *pd_ppp_phase(const pd_ppp_link *l);

G_END_DECLS

#endif /* PD_PPP_H */
