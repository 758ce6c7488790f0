/* pd_rules.h: the catalogue of diagnoses (rules) and session milestones.
 *
 * One row per rule: its stable name (the value of pptpdiag.rule), the severity of the frame where
 * it becomes conclusive, a constant summary (Wireshark groups expert infos by it), the RAS errors a
 * Windows client shows (best first), the fix, and the seeds it rests on. The cause is worded per
 * finding by the engine (it names frames, directions and the capture point).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_RULES_H
#define PD_RULES_H

#include <glib.h>

G_BEGIN_DECLS

/** How bad a finding is; maps onto Wireshark's PI_CHAT..PI_ERROR. */
typedef enum { PD_SEV_CHAT, PD_SEV_NOTE, PD_SEV_WARN, PD_SEV_ERROR } pd_severity;

/** How sure a finding is (DESIGN.md, Vocabulary): confirmed = the wire says so; likely =
 *  inferred from absence within a timeout; possible = consistent with the trace, not shown by it. */
typedef enum { PD_CONF_NONE, PD_CONF_POSSIBLE, PD_CONF_LIKELY, PD_CONF_CONFIRMED } pd_confidence;

/** Name of a confidence ("confirmed", "likely", "possible"; "" for NONE). */
const char *pd_confidence_name(pd_confidence c);

/** The rules. Values are stable (they index tables in the plugin). */
typedef enum {
    PD_RULE_HEALTHY,            /**< "healthy": PPP reached the network phase */
    PD_RULE_TCP1723_REFUSED,    /**< "tcp1723-refused": SYN to 1723 answered by RST */
    PD_RULE_TCP1723_UNANSWERED, /**< "tcp1723-unanswered": SYNs to 1723 never answered */
    PD_RULE_GRE_BLOCKED,        /**< "gre-blocked": call set up, PPP never completes over GRE */
    PD_RULE_AUTH_FAILED,        /**< "auth-failed": CHAP/MS-CHAPv2 Failure or PAP Nak */
    PD_RULE_TCP1723_UNREACHABLE,/**< "tcp1723-unreachable": ICMP error quoting the SYN */
    PD_RULE_CONTROL_CLOSED,     /**< "control-closed": server closed or reset TCP 1723 */
    PD_RULE_DNS_NXDOMAIN,       /**< "dns-nxdomain": the name did not resolve, no connection */
    PD_RULE_DNS_UNANSWERED,     /**< "dns-unanswered": DNS queries never answered */
    PD_RULE_CONTROL_REFUSED,    /**< "control-refused": SCCRP Result Code other than 1 */
    PD_RULE_CALL_REFUSED,       /**< "call-refused": OCRP/ICRP Result Code other than 1 */
    PD_RULE_CALL_DISCONNECTED,  /**< "call-disconnected": CDN the client did not ask for */
    PD_RULE_CONTROL_STOPPED,    /**< "control-stopped": StopCCRQ from the server */
    PD_RULE_WAN_ERROR,          /**< "wan-error": WAN-Error-Notify with error counters */
    PD_RULE_PPTP_ECHO_UNANSWERED,/**< "pptp-echo-unanswered": control Echo-Requests lost */
    PD_RULE_GRE_CALL_ID_MISMATCH,/**< "gre-call-id-mismatch": GRE for no call set up */
    PD_RULE_NAT_NO_HELPER,      /**< "nat-without-pptp-helper": NAT rejects the server's GRE */
    PD_RULE_GRE_ACK_STALLED,    /**< "gre-ack-stalled": acks stop while sequence goes on */
    PD_RULE_LCP_NOT_CONVERGING, /**< "lcp-not-converging": Configure-Nak loop */
    PD_RULE_LCP_TERMINATED,     /**< "lcp-terminated": a peer ended LCP before the network phase */
    PD_RULE_AUTH_PROTOCOL_REJECTED, /**< "auth-protocol-rejected": no common auth protocol */
    PD_RULE_MPPE_NOT_AGREED,    /**< "mppe-not-agreed": CCP/MPPE refused when required */
    PD_RULE_IPCP_FAILED,        /**< "ipcp-failed": IPCP rejected, looping or terminated */
    PD_RULE_PPP_INVALID,        /**< "ppp-invalid": malformed or rejected PPP packets in GRE */
    PD_RULE_LCP_ECHO_LOST,      /**< "lcp-echo-lost": LCP echoes unanswered, link dropped */
    PD_RULE_MTU_TOO_SMALL,      /**< "mtu-too-small": ICMP fragmentation needed quoting GRE */
    PD_RULE_STATE_CAP,          /**< "state-cap-reached": the engine stopped tracking more */
    PD_RULE_CAPTURE_LACKS_GRE,  /**< "capture-lacks-gre": a connected call's GRE is not in the
                                     capture (a capture filter), said as such */
    PD_RULE_CAPTURE_TRUNCATED,  /**< "capture-truncated": frames cut by the snapshot length */
    PD_RULE_GRE_REFUSED_ONCE,   /**< "gre-refused-then-passed": an ICMP error refused a call's
                                     GRE, but the call's GRE passed (an advisory) */
    PD_RULE_CAPTURE_OUT_OF_ORDER, /**< "capture-out-of-order": frame times go backwards (merged
                                       without sorting) */
    PD_RULE_CAPTURE_ONE_DIRECTION, /**< "capture-one-direction": the capture holds one peer's
                                        packets only (asymmetric routing, a SPAN of one side) */
    PD_RULE_CAPTURE_GAPS,       /**< "capture-gaps": the capture lost GRE its receiver
                                     acknowledged (drops of the capture, not the network) */
    PD_RULE_SCAN_PROBE,         /**< "scan-probe": a port scanner's single SYN to TCP 1723, no
                                     VPN client (a note, no RAS code) */
    PD_RULE_PPPOE_NO_OFFER,     /**< "pppoe-no-offer": PADIs, no PADO (RFC 2516 5.1-5.2) */
    PD_RULE_PPPOE_REFUSED,      /**< "pppoe-refused": an error tag in PADO/PADS, or SESSION_ID 0 */
    PD_RULE_PPPOE_NO_SESSION,   /**< "pppoe-padr-unanswered": PADO, PADRs, no PADS */
    PD_RULE_PPPOE_TERMINATED,   /**< "pppoe-terminated": the concentrator's PADT ended the
                                     session */
    PD_RULE_UDP1701_UNANSWERED, /**< "udp1701-unanswered": SCCRQs retransmitted, no answer from
                                     the LNS (RFC 2661 5.1, 5.8) */
    PD_RULE_UDP1701_UNREACHABLE,/**< "udp1701-unreachable": ICMP error quoting the LAC's UDP 1701
                                     datagram */
    PD_RULE_L2TP_TUNNEL_REFUSED,/**< "l2tp-tunnel-refused": StopCCN from the LNS before the
                                     tunnel was up (RFC 2661 6.4) */
    PD_RULE_L2TP_CALL_REFUSED,  /**< "l2tp-call-refused": CDN answering an ICRQ/OCRQ before the
                                     L2TP session was connected (6.12) */
    PD_RULE_L2TP_TERMINATED,    /**< "l2tp-terminated": CDN or StopCCN from the LNS ended an
                                     L2TP session nothing before it explains */
    PD_RULE_CAPTURE_LACKS_CARRIER, /**< "capture-lacks-carrier": PPP captured on its own, without
                                        its carrier (a note about the capture) */
    PD_RULE_PPPOE_MRU_TOO_LARGE, /**< "pppoe-mru-too-large": LCP agreed an MRU above 1492 (or the
                                      PPP-Max-Payload granted) on a PPPoE session (an advisory) */
    PD_RULE_UDP500_UNANSWERED,   /**< "udp500-unanswered": the initiator's first IKE message
                                      retransmitted, no answer (rules/ike.c) */
    PD_RULE_UDP500_UNREACHABLE,  /**< "udp500-unreachable": an ICMP error answered IKE */
    PD_RULE_IKE_NO_PROPOSAL_CHOSEN, /**< "ike-no-proposal-chosen": the responder accepts none of
                                         the initiator's proposals */
    PD_RULE_UDP4500_UNANSWERED,  /**< "udp4500-unanswered": NAT detected, then IKE on UDP 4500
                                      unanswered */
    PD_RULE_IKE_FRAGMENTS_LOST,  /**< "ike-fragments-lost": IKE_AUTH unanswered on a path that
                                      carried IKE_SA_INIT (large, fragmented messages lost) */
    PD_RULE_IKE_PSK_MISMATCH,    /**< "ike-psk-mismatch": IKEv1 main mode 5 not accepted (the
                                      pre-shared keys differ) */
    PD_RULE_IKE_AUTH_FAILED,     /**< "ike-auth-failed": IKEv2 ended after the encrypted
                                      authentication, no ESP */
    PD_RULE_ESP_BLOCKED,         /**< "esp-blocked": the IPsec SA set up, ESP one way or none */
    PD_RULE_ESP_NOT_DECRYPTED,   /**< "esp-not-decrypted": L2TP/IPsec's L2TP and PPP are inside
                                      ESP Wireshark did not decrypt (a note about the capture) */
    PD_RULE_COUNT
} pd_rule_id;

/** What kind of evidence a rule rests on, for grouping in Wireshark's Expert Information:
 *  the flow of packets (PI_SEQUENCE), a peer's answer that says no (PI_RESPONSE_CODE), or a
 *  packet that violates the protocol (PI_PROTOCOL). */
typedef enum { PD_GROUP_SEQUENCE, PD_GROUP_RESPONSE, PD_GROUP_PROTOCOL } pd_group;

/** Most RAS codes a rule or finding lists. */
#define PD_MAX_RAS 4

/** A variant of a rule: the same failure told apart by how it shows or by whom, with its own
 *  RAS codes (e.g. ipcp-failed when the server terminates IPCP, or when IPCP loops on Naks). */
typedef struct {
    const char *name;     /**< short name, unique within the rule, e.g. "terminated-by-server" */
    guint16 ras[PD_MAX_RAS + 1]; /**< RAS errors, best first, 0-terminated; empty: none */
    const char *wire;     /**< when it applies (documentation: doc/catalogue.md) */
} pd_variant;

/** One row of the catalogue. ras is 0-terminated. Rows live in the rule files (rules/ *.c),
 *  with named initialisers. */
typedef struct {
    pd_rule_id id;
    const char *name;     /**< stable short name, e.g. "gre-blocked" */
    const char *key;      /**< the same with '_' for Wireshark abbreviations, "gre_blocked" */
    pd_severity severity;
    pd_group group;
    const char *summary;  /**< constant text: no addresses, call IDs or frame numbers */
    guint16 ras[PD_MAX_RAS + 1]; /**< RAS errors of findings without a variant */
    const char *fix;
    const char *seeds;    /**< seed files the cause and fix come from */
    const char *wire;     /**< what is seen on the wire (documentation: doc/catalogue.md) */
    const char *confidence; /**< which confidence it gives when (documentation) */
    const pd_variant *variants; /**< its variants, or NULL: every finding uses ras */
    guint n_variants;
    /** A fallback: when a call ends, chosen only if no other rule offers an explanation (e.g.
     *  "a peer ended LCP and nothing on the wire says why"). */
    gboolean fallback;
    /** A fault seen on the way that does not by itself end the call (ppp-invalid, mtu-too-small,
     *  gre-ack-stalled, gre-call-id-mismatch): it counts for the verdict but never stands for
     *  "what explains this call", so it keeps no other rule from speaking. */
    gboolean observation;
    /** An advisory: a warning about something that did happen but that did not stop the
     *  session (gre-refused-then-passed: later or earlier frames show GRE passing), or about
     *  pptpdiag's own limits (state-cap-reached). It is no failure: a healthy call stays
     *  healthy, and it never explains a call. */
    gboolean advisory;
    /** It says what the session is: no VPN connection attempt at all (scan-probe: a port
     *  scanner's probe). A note that pre-empts the failures a client's attempt would have
     *  before its control connection (pd_verdict.c, THE ORDER, step 0): the session is
     *  undetermined for that reason. */
    gboolean no_vpn_attempt;
    /** Its findings' ICMP error reports a path MTU (Fragmentation Needed, Packet Too Big: RFC
     *  1191, RFC 8201) rather than refusing the packet: the error's sender
     *  (pd_finding.blocked_by) is the device that reported the path MTU, not one that blocks
     *  (mtu-too-small). */
    gboolean icmp_reports_mtu;
    /** A finding of it is the verdict itself, not its cause (healthy): where the verdict is
     *  shown with the rule that decided it, the rule's name is left out ("healthy (frame N)"). */
    gboolean is_verdict;
} pd_rule;

/** The RAS codes of a finding of @rule with variant @variant (-1: none), 0-terminated. */
const guint16 *pd_rule_ras(const pd_rule *rule, int variant);

/** The row for @id (0 <= id < PD_RULE_COUNT); never NULL for a valid id. */
const pd_rule *pd_rule_get(pd_rule_id id);

/** Milestones of a healthy session, in the order they normally occur (RFC 2637, RFC 1661). */
typedef enum {
    PD_MS_NONE,
    PD_MS_TCP_CONNECTED,   /**< SYN/ACK from the server on TCP 1723 */
    PD_MS_CONTROL_UP,      /**< SCCRP with Result Code 1 (RFC 2637 2.2) */
    PD_MS_CALL_UP,         /**< OCRP Connected (RFC 2637 2.8) or ICRP/ICCN */
    PD_MS_LCP_OPENED,      /**< Configure-Ack seen in both directions (RFC 1661 4.1) */
    PD_MS_AUTH_OK,         /**< CHAP Success / PAP Authenticate-Ack */
    PD_MS_NCP_UP,          /**< IPCP or IPV6CP opened, or data both ways: network phase */
    PD_MS_CALL_CLEARED,    /**< CCRQ or CDN (RFC 2637 2.10, 2.11) */
    PD_MS_CONTROL_CLOSED,  /**< StopCCRQ, FIN or RST on the control connection */
    PD_MS_GRE_NO_CONTROL,  /**< GRE whose control connection is not in the capture */
    PD_MS_CCP_UP,          /**< CCP Configure-Ack in both directions (MPPE agreed, RFC 3078) */
    PD_MS_DATA,            /**< first PPP data (IP or compressed/encrypted) in both directions */
    PD_MS_LCP_TERMINATE,   /**< first LCP Terminate-Request of a call (RFC 1661 5.5) */
    PD_MS_DNS_QUERY,       /**< a DNS lookup whose failure is reported */
    PD_MS_PPPOE_OFFER,     /**< PPPoE: the first PADO answering the host (RFC 2516 5.2) */
    PD_MS_PPPOE_SESSION,   /**< PPPoE: PADS with a SESSION_ID, the session set up (5.4) */
    PD_MS_PPPOE_TERMINATED,/**< PPPoE: PADT, the session ended (5.5) */
    PD_MS_L2TP_TUNNEL_UP,  /**< L2TP: SCCCN, the control connection set up (RFC 2661 5.1) */
    PD_MS_L2TP_SESSION_UP, /**< L2TP: ICCN or OCCN, an L2TP session set up (5.2, 6.7, 6.10) */
    PD_MS_L2TP_SESSION_CLEARED, /**< L2TP: CDN, an L2TP session cleared (6.12) */
    PD_MS_L2TP_TUNNEL_CLOSED,   /**< L2TP: StopCCN, the control connection closed (6.4) */
    PD_MS_IKE_ANSWERED,    /**< IKE: the responder's first answer to the key exchange in clear
                                (IKEv2 IKE_SA_INIT, IKEv1 main mode message 2) */
    PD_MS_IKE_AUTH_ANSWERED, /**< IKE: the responder's first encrypted answer (IKEv2 IKE_AUTH,
                                  IKEv1 main mode message 6) */
    PD_MS_ESP_BOTH_WAYS,   /**< IPsec: ESP from each peer (the SA carries traffic) */
    PD_MS_COUNT
} pd_milestone;

/** Constant text of a milestone, e.g. "PPTP call established". */
const char *pd_milestone_text(pd_milestone m);
/** Stable short name of a milestone, e.g. "call-up". */
const char *pd_milestone_name(pd_milestone m);

G_END_DECLS

#endif
