/* rules/rules.h: the rule families, one per file in this folder (pd_family.h says what a family
 * is). pd_families[] in pd_rules.c lists them in the order their hooks run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_RULES_RULES_H
#define PD_RULES_RULES_H

#include "pd_family.h"

extern const pd_family pd_family_scan;     /**< rules/scan.c: port scans probing TCP 1723 */
extern const pd_family pd_family_tcp1723;  /**< rules/tcp1723.c: the TCP handshake to 1723 */
extern const pd_family pd_family_control;  /**< rules/control.c: PPTP control messages */
extern const pd_family pd_family_mtu;      /**< rules/mtu.c: path MTU */
extern const pd_family pd_family_gre;      /**< rules/gre.c: the calls' GRE */
extern const pd_family pd_family_lcp;      /**< rules/lcp.c: LCP */
extern const pd_family pd_family_auth;     /**< rules/auth.c: PAP, CHAP, MS-CHAPv2 */
extern const pd_family pd_family_ccp;      /**< rules/ccp.c: CCP/MPPE */
extern const pd_family pd_family_ipcp;     /**< rules/ipcp.c: IPCP */
extern const pd_family pd_family_healthy;  /**< rules/healthy.c: the network phase reached */
extern const pd_family pd_family_dns;      /**< rules/dns.c: the server's name */
extern const pd_family pd_family_capacity; /**< rules/capacity.c: pptpdiag's own caps */
extern const pd_family pd_family_capture;  /**< rules/capture.c: what the capture lacks */
extern const pd_family pd_family_pppoe;    /**< rules/pppoe.c: PPPoE Discovery and PADT */
extern const pd_family pd_family_ppponly;  /**< rules/ppponly.c: PPP captured without its
                                               carrier (notes about the capture) */
extern const pd_family pd_family_l2tp;     /**< rules/l2tp.c: L2TP tunnel and session set-up
                                                and end (RFC 2661) */
extern const pd_family pd_family_ike;      /**< rules/ike.c: IKEv1, IKEv2 and ESP without keys
                                                (L2TP/IPsec, IKEv2 VPNs) */
extern const pd_family pd_family_esp;      /**< rules/esp.c: the ESP of an IPsec SA */

#endif /* PD_RULES_RULES_H */
