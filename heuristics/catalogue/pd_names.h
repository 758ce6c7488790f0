/* pd_names.h: the standard names of protocol values, in one table each, used by the rules'
 * causes, the report's labels and the plugin alike.
 *
 * Every function returns a constant string, or NULL when the value has no name in its standard
 * (the caller prints the number instead). Values are in host byte order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_NAMES_H
#define PD_NAMES_H

#include <glib.h>

G_BEGIN_DECLS

/** Abbreviation of a PPTP Control Message Type ("SCCRQ", "OCRP", ...; RFC 2637 section 2). */
const char *pd_pptp_msg_abbrev(guint16 type);
/** Full name of a PPTP Control Message Type ("Outgoing-Call-Reply"; RFC 2637 section 2). */
const char *pd_pptp_msg_name(guint16 type);
/** Name of the Result Code @code of message @type: SCCRP and StopCCRP (2.2, 2.4), OCRP and ICRP
 *  (2.8, 2.10, same codes), CDN (2.13), and the Reason of StopCCRQ (2.3). */
const char *pd_pptp_result_name(guint16 type, guint8 code);
/** Name of a General Error Code ("No-Resource"; RFC 2637 section 2.16). */
const char *pd_pptp_error_name(guint8 code);

/** Abbreviation of an L2TP control message type ("SCCRQ", "StopCCN", "ZLB" for 0; RFC 2661
 *  section 3.2). */
const char *pd_l2tp_msg_abbrev(guint16 type);
/** Name of the Result Code @code of L2TP message @type (PD_L2TP_StopCCN or PD_L2TP_CDN; RFC 2661
 *  section 4.4.2): "Requester is not authorized to establish a control channel". */
const char *pd_l2tp_result_name(guint16 type, guint16 code);
/** Name of an L2TP Error Code of the Result Code AVP ("Insufficient resources"; RFC 2661 section
 *  4.4.2, General Error Codes). */
const char *pd_l2tp_error_name(guint16 code);

/** The name of IKE Notify Message Type @type (RFC 7296 section 3.10.1, IANA "IKEv2 Notify
 *  Message Types"; IKEv1's errors below 8192 share them, RFC 2408 section 3.14.1), e.g.
 *  "NO_PROPOSAL_CHOSEN"; NULL when unknown. */
const char *pd_ike_notify_name(guint16 type);
/** The name of an SA transform (pd_ike_xform) of IKE version @version: IKEv2 Transform Type
 *  @type and ID @id (RFC 7296 section 3.3.2, IANA "IKEv2 Transform Attribute Types" and
 *  RFC 8247/RFC 4307 names: "AES-CBC", "HMAC-SHA2-256-128", "MODP1024"), or IKEv1 Phase 1
 *  attribute class @type and value @id (RFC 2409 Appendix A: "3DES-CBC", "SHA1", "PSK",
 *  "MODP1024"); NULL when unknown. */
const char *pd_ike_xform_name(guint8 version, guint8 type, guint16 id);
/** TRUE when that transform is one RFC 8247 (IKEv2) or RFC 8221 calls weak or MUST NOT/SHOULD
 *  NOT: DES, 3DES, MD5, SHA-1 integrity, MODP768/1024/1536 groups. */
gboolean pd_ike_xform_weak(guint8 version, guint8 type, guint16 id);

/** Name of a PPP protocol number ("LCP", "IPCP", "compressed" for 0x00fd; RFC 1661, 1332, 1962,
 *  3078, 5072). */
const char *pd_ppp_protocol_name(guint16 protocol);
/** Name of an LCP/NCP code ("Configure-Request"; RFC 1661 section 5, RFC 1570 codes 12-13,
 *  RFC 1962 codes 14-15). */
const char *pd_ppp_cp_code_name(guint8 code);
/** Name of a CHAP code ("Failure"; RFC 1994 section 4, RFC 2759). */
const char *pd_chap_code_name(guint8 code);
/** Name of a PAP code ("Authenticate-Nak"; RFC 1334 section 2.2). */
const char *pd_pap_code_name(guint8 code);
/** Name of an authentication protocol as LCP's Authentication-Protocol option gives it: protocol
 *  and, for CHAP, the algorithm (5 MD5, 0x80 MS-CHAP, 0x81 MS-CHAPv2; RFC 1994, RFC 2759). Never
 *  NULL: "an authentication protocol" when unknown. */
const char *pd_auth_protocol_name(guint16 protocol, guint8 algorithm);

/** Name of an ICMP error type ("Destination Unreachable", "Packet Too Big"); @family 4 for ICMPv4
 *  (RFC 792) or 6 for ICMPv6 (RFC 4443). */
const char *pd_icmp_type_name(guint8 family, guint8 type);
/** Name of an ICMP error code ("communication administratively prohibited"): Destination
 *  Unreachable codes of RFC 792/RFC 1812 (v4) or RFC 4443 section 3.1 (v6), Time Exceeded codes. */
const char *pd_icmp_code_name(guint8 family, guint8 type, guint8 code);
/** TRUE for Destination Unreachable codes that say a device refuses the packet by policy
 *  (administratively prohibited: v4 codes 9, 10, 13 (RFC 1812 5.2.7.1); v6 code 1). */
gboolean pd_icmp_prohibited(guint8 family, guint8 type, guint8 code);

/** TRUE for "the packet is too big for the next hop": ICMPv4 Destination Unreachable code 4
 *  (fragmentation needed and DF set, RFC 1191) or ICMPv6 Packet Too Big (RFC 4443 3.2). */
gboolean pd_icmp_too_big(guint8 family, guint8 type, guint8 code);

G_END_DECLS

#endif /* PD_NAMES_H */
