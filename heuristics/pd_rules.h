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
    PD_RULE_COUNT
} pd_rule_id;

/** What kind of evidence a rule rests on, for grouping in Wireshark's Expert Information:
 *  the flow of packets (PI_SEQUENCE) or a peer's answer that says no (PI_RESPONSE_CODE). */
typedef enum { PD_GROUP_SEQUENCE, PD_GROUP_RESPONSE } pd_group;

/** Most RAS codes a rule or finding lists. */
#define PD_MAX_RAS 4

/** One row of the catalogue. ras is 0-terminated. */
typedef struct {
    pd_rule_id id;
    const char *name;     /**< stable short name, e.g. "gre-blocked" */
    const char *key;      /**< the same with '_' for Wireshark abbreviations, "gre_blocked" */
    pd_severity severity;
    pd_group group;
    const char *summary;  /**< constant text: no addresses, call IDs or frame numbers */
    guint16 ras[PD_MAX_RAS + 1];
    const char *fix;
    const char *seeds;    /**< seed files the cause and fix come from */
} pd_rule;

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
    PD_MS_COUNT
} pd_milestone;

/** Constant text of a milestone, e.g. "PPTP call established". */
const char *pd_milestone_text(pd_milestone m);
/** Stable short name of a milestone, e.g. "call-up". */
const char *pd_milestone_name(pd_milestone m);

G_END_DECLS

#endif
