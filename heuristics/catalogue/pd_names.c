/* pd_names.c: standard names of protocol values (see pd_names.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_names.h"

#include "pd_observation.h"

#define NAME_AT(table, i) ((gsize)(i) < G_N_ELEMENTS(table) ? (table)[i] : NULL)

const char *pd_pptp_msg_abbrev(guint16 type)
{
    static const char *const names[] = {
        [PD_PPTP_SCCRQ] = "SCCRQ", [PD_PPTP_SCCRP] = "SCCRP", [PD_PPTP_StopCCRQ] = "StopCCRQ",
        [PD_PPTP_StopCCRP] = "StopCCRP", [PD_PPTP_ECHORQ] = "ECHORQ", [PD_PPTP_ECHORP] = "ECHORP",
        [PD_PPTP_OCRQ] = "OCRQ", [PD_PPTP_OCRP] = "OCRP", [PD_PPTP_ICRQ] = "ICRQ",
        [PD_PPTP_ICRP] = "ICRP", [PD_PPTP_ICCN] = "ICCN", [PD_PPTP_CCRQ] = "CCRQ",
        [PD_PPTP_CDN] = "CDN", [PD_PPTP_WEN] = "WEN", [PD_PPTP_SLI] = "SLI",
    };
    return NAME_AT(names, type);
}

const char *pd_pptp_msg_name(guint16 type)
{
    static const char *const names[] = {
        [PD_PPTP_SCCRQ] = "Start-Control-Connection-Request",
        [PD_PPTP_SCCRP] = "Start-Control-Connection-Reply",
        [PD_PPTP_StopCCRQ] = "Stop-Control-Connection-Request",
        [PD_PPTP_StopCCRP] = "Stop-Control-Connection-Reply",
        [PD_PPTP_ECHORQ] = "Echo-Request", [PD_PPTP_ECHORP] = "Echo-Reply",
        [PD_PPTP_OCRQ] = "Outgoing-Call-Request", [PD_PPTP_OCRP] = "Outgoing-Call-Reply",
        [PD_PPTP_ICRQ] = "Incoming-Call-Request", [PD_PPTP_ICRP] = "Incoming-Call-Reply",
        [PD_PPTP_ICCN] = "Incoming-Call-Connected", [PD_PPTP_CCRQ] = "Call-Clear-Request",
        [PD_PPTP_CDN] = "Call-Disconnect-Notify", [PD_PPTP_WEN] = "WAN-Error-Notify",
        [PD_PPTP_SLI] = "Set-Link-Info",
    };
    return NAME_AT(names, type);
}

const char *pd_pptp_result_name(guint16 type, guint8 code)
{
    static const char *const sccrp[] = {NULL, "Successful channel establishment", "General error",
                                        "Command channel already exists",
                                        "Requester is not authorized to establish a command channel",
                                        "The protocol version of the requester is not supported"};
    static const char *const stopccrp[] = {NULL, "OK", "General error"};
    static const char *const ocrp[] = {NULL, "Connected", "General Error", "No Carrier", "Busy",
                                       "No Dial Tone", "Time-out", "Do Not Accept"};
    static const char *const cdn[] = {NULL, "Lost Carrier", "General Error", "Admin Shutdown",
                                      "Request"};
    static const char *const stop[] = {NULL, "None (general request)", "Stop-Protocol",
                                       "Stop-Local-Shutdown"};
    switch (type) {
    case PD_PPTP_SCCRP: return NAME_AT(sccrp, code);
    case PD_PPTP_StopCCRP: return NAME_AT(stopccrp, code);
    case PD_PPTP_OCRP:
    case PD_PPTP_ICRP: return NAME_AT(ocrp, code);
    case PD_PPTP_CDN: return NAME_AT(cdn, code);
    case PD_PPTP_StopCCRQ: return NAME_AT(stop, code);
    default: return NULL;
    }
}

const char *pd_pptp_error_name(guint8 code)
{
    static const char *const names[] = {"None", "Not-Connected", "Bad-Format", "Bad-Value",
                                        "No-Resource", "Bad-Call ID", "PAC-Error"};
    return NAME_AT(names, code);
}

const char *pd_l2tp_msg_abbrev(guint16 type)
{
    static const char *const names[] = {
        [PD_L2TP_ZLB] = "ZLB",     [PD_L2TP_SCCRQ] = "SCCRQ", [PD_L2TP_SCCRP] = "SCCRP",
        [PD_L2TP_SCCCN] = "SCCCN", [PD_L2TP_StopCCN] = "StopCCN", [PD_L2TP_HELLO] = "HELLO",
        [PD_L2TP_OCRQ] = "OCRQ",   [PD_L2TP_OCRP] = "OCRP",   [PD_L2TP_OCCN] = "OCCN",
        [PD_L2TP_ICRQ] = "ICRQ",   [PD_L2TP_ICRP] = "ICRP",   [PD_L2TP_ICCN] = "ICCN",
        [PD_L2TP_CDN] = "CDN",     [PD_L2TP_WEN] = "WEN",     [PD_L2TP_SLI] = "SLI",
    };
    return NAME_AT(names, type);
}

const char *pd_l2tp_result_name(guint16 type, guint16 code)
{
    static const char *const stop[] = {
        NULL, "General request to clear control connection", "General error",
        "Control channel already exists",
        "Requester is not authorized to establish a control channel",
        "The protocol version of the requester is not supported", "Requester is being shut down",
        "Finite State Machine error"};
    static const char *const cdn[] = {
        NULL, "Call disconnected due to loss of carrier", "Call disconnected for the reason "
        "indicated in error code", "Call disconnected for administrative reasons",
        "Call failed due to lack of appropriate facilities being available (temporary condition)",
        "Call failed due to lack of appropriate facilities being available (permanent condition)",
        "Invalid destination", "Call failed due to no carrier detected",
        "Call failed due to detection of a busy signal", "Call failed due to lack of a dial tone",
        "Call was not established within time allotted by LAC",
        "Call was connected but no appropriate framing was detected"};
    if (type == PD_L2TP_StopCCN)
        return NAME_AT(stop, code);
    return type == PD_L2TP_CDN ? NAME_AT(cdn, code) : NULL;
}

const char *pd_l2tp_error_name(guint16 code)
{
    static const char *const names[] = {
        "No general error", "No control connection exists yet for this LAC-LNS pair",
        "Length is wrong", "One of the field values was out of range or reserved field was non-zero",
        "Insufficient resources to handle this operation now",
        "The Session ID is invalid in this context",
        "A generic vendor-specific error occurred in the LAC", "Try another LNS",
        "Session or tunnel was shutdown due to receipt of an unknown AVP with the M-bit set"};
    return NAME_AT(names, code);
}

const char *pd_ppp_protocol_name(guint16 protocol)
{
    switch (protocol) {
    case PD_PPP_LCP: return "LCP";
    case PD_PPP_PAP: return "PAP";
    case PD_PPP_CHAP: return "CHAP";
    case PD_PPP_CCP: return "CCP";
    case PD_PPP_IPCP: return "IPCP";
    case PD_PPP_IPV6CP: return "IPV6CP";
    case PD_PPP_IP: return "IP";
    case PD_PPP_IPV6: return "IPv6";
    case PD_PPP_COMP: return "compressed";
    default: return NULL;
    }
}

const char *pd_ppp_cp_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_CP_CONF_REQ] = "Configure-Request", [PD_CP_CONF_ACK] = "Configure-Ack",
        [PD_CP_CONF_NAK] = "Configure-Nak", [PD_CP_CONF_REJ] = "Configure-Reject",
        [PD_CP_TERM_REQ] = "Terminate-Request", [PD_CP_TERM_ACK] = "Terminate-Ack",
        [PD_CP_CODE_REJ] = "Code-Reject", [PD_CP_PROTO_REJ] = "Protocol-Reject",
        [PD_CP_ECHO_REQ] = "Echo-Request", [PD_CP_ECHO_REP] = "Echo-Reply",
        [11] = "Discard-Request", [12] = "Identification", [13] = "Time-Remaining",
        [14] = "Reset-Request", [15] = "Reset-Ack",
    };
    return NAME_AT(names, code);
}

const char *pd_chap_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_CHAP_CHALLENGE] = "Challenge", [PD_CHAP_RESPONSE] = "Response",
        [PD_CHAP_SUCCESS] = "Success", [PD_CHAP_FAILURE] = "Failure",
    };
    return NAME_AT(names, code);
}

const char *pd_pap_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_PAP_REQ] = "Authenticate-Request", [PD_PAP_ACK] = "Authenticate-Ack",
        [PD_PAP_NAK] = "Authenticate-Nak",
    };
    return NAME_AT(names, code);
}

const char *pd_auth_protocol_name(guint16 protocol, guint8 algorithm)
{
    switch (protocol) {
    case PD_PPP_CHAP:
        return algorithm == 0x81 ? "MS-CHAPv2"
               : algorithm == 0x80 ? "MS-CHAP"
               : algorithm == 5    ? "CHAP (MD5)"
                                   : "CHAP";
    case PD_PPP_PAP: return "PAP";
    case 0xc227: return "EAP";
    default: return "an authentication protocol";
    }
}

const char *pd_icmp_type_name(guint8 family, guint8 type)
{
    if (family == 6) {
        switch (type) {
        case 1: return "Destination Unreachable";
        case 2: return "Packet Too Big";
        case 3: return "Time Exceeded";
        case 4: return "Parameter Problem";
        default: return NULL;
        }
    }
    switch (type) {
    case 3: return "Destination Unreachable";
    case 11: return "Time Exceeded";
    case 12: return "Parameter Problem";
    default: return NULL;
    }
}

const char *pd_icmp_code_name(guint8 family, guint8 type, guint8 code)
{
    static const char *const unreach4[] = {
        "network unreachable", "host unreachable", "protocol unreachable", "port unreachable",
        "fragmentation needed", "source route failed", "destination network unknown",
        "destination host unknown", "source host isolated", "network administratively prohibited",
        "host administratively prohibited", "network unreachable for TOS",
        "host unreachable for TOS", "communication administratively prohibited",
        "host precedence violation", "precedence cutoff in effect",
    };
    static const char *const exceeded4[] = {"TTL exceeded in transit",
                                            "fragment reassembly time exceeded"};
    static const char *const unreach6[] = {
        "no route to destination", "communication administratively prohibited",
        "beyond scope of source address", "address unreachable", "port unreachable",
        "source address failed ingress/egress policy", "reject route to destination",
    };
    static const char *const exceeded6[] = {"hop limit exceeded in transit",
                                            "fragment reassembly time exceeded"};
    if (family == 6)
        return type == 1 ? NAME_AT(unreach6, code) : type == 3 ? NAME_AT(exceeded6, code) : NULL;
    return type == 3 ? NAME_AT(unreach4, code) : type == 11 ? NAME_AT(exceeded4, code) : NULL;
}

gboolean pd_icmp_prohibited(guint8 family, guint8 type, guint8 code)
{
    if (family == 6)
        return type == 1 && code == 1;
    return type == 3 && (code == 9 || code == 10 || code == 13);
}

gboolean pd_icmp_too_big(guint8 family, guint8 type, guint8 code)
{
    return family == 6 ? type == 2 : type == 3 && code == 4;
}

const char *pd_ike_notify_name(guint16 type)
{
    static const struct { guint16 type; const char *name; } names[] = {
        {1, "UNSUPPORTED_CRITICAL_PAYLOAD"}, {4, "INVALID_IKE_SPI"},
        {5, "INVALID_MAJOR_VERSION"}, {7, "INVALID_SYNTAX"}, {9, "INVALID_MESSAGE_ID"},
        {11, "INVALID_SPI"}, {14, "NO_PROPOSAL_CHOSEN"}, {16, "PAYLOAD_MALFORMED"},
        {17, "INVALID_KE_PAYLOAD"}, {24, "AUTHENTICATION_FAILED"}, {34, "SINGLE_PAIR_REQUIRED"},
        {35, "NO_ADDITIONAL_SAS"}, {36, "INTERNAL_ADDRESS_FAILURE"}, {37, "FAILED_CP_REQUIRED"},
        {38, "TS_UNACCEPTABLE"}, {39, "INVALID_SELECTORS"}, {43, "TEMPORARY_FAILURE"},
        {44, "CHILD_SA_NOT_FOUND"}, {16388, "NAT_DETECTION_SOURCE_IP"},
        {16389, "NAT_DETECTION_DESTINATION_IP"}, {16390, "COOKIE"},
        {16430, "FRAGMENTATION_SUPPORTED"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (names[i].type == type)
            return names[i].name;
    return NULL;
}

/* The name of a Diffie-Hellman group (IANA "Transform Type 4 - Key Exchange Method", the same
 * numbers as IKEv1's Group Description, RFC 2409 6 and RFC 3526). */
static const char *dh_name(guint16 id)
{
    switch (id) {
    case 1: return "MODP768";
    case 2: return "MODP1024";
    case 5: return "MODP1536";
    case 14: return "MODP2048";
    case 15: return "MODP3072";
    case 16: return "MODP4096";
    case 17: return "MODP6144";
    case 18: return "MODP8192";
    case 19: return "ECP256";
    case 20: return "ECP384";
    case 21: return "ECP521";
    case 24: return "MODP2048-256";
    case 31: return "Curve25519";
    case 32: return "Curve448";
    default: return NULL;
    }
}

const char *pd_ike_xform_name(guint8 version, guint8 type, guint16 id)
{
    if (type == 4)
        return dh_name(id);
    if (version == 1) {
        switch (type) {
        case 1: return id == 1 ? "DES-CBC" : id == 5 ? "3DES-CBC" : id == 7 ? "AES-CBC" : NULL;
        case 2: return id == 1 ? "MD5" : id == 2 ? "SHA1" : id == 4 ? "SHA2-256"
                       : id == 5 ? "SHA2-384" : id == 6 ? "SHA2-512" : NULL;
        case 3: return id == 1 ? "PSK" : id == 3 ? "RSA-signature" : id == 65001 ? "XAUTH-PSK"
                       : id == 65005 ? "XAUTH-RSA" : NULL;
        default: return NULL;
        }
    }
    switch (type) {
    case 1:
        switch (id) {
        case 2: return "DES";
        case 3: return "3DES";
        case 12: return "AES-CBC";
        case 13: return "AES-CTR";
        case 18: return "AES-GCM-8";
        case 19: return "AES-GCM-12";
        case 20: return "AES-GCM-16";
        case 28: return "CHACHA20-POLY1305";
        default: return NULL;
        }
    case 2:
        switch (id) {
        case 1: return "PRF-HMAC-MD5";
        case 2: return "PRF-HMAC-SHA1";
        case 4: return "PRF-AES128-XCBC";
        case 5: return "PRF-HMAC-SHA2-256";
        case 6: return "PRF-HMAC-SHA2-384";
        case 7: return "PRF-HMAC-SHA2-512";
        default: return NULL;
        }
    case 3:
        switch (id) {
        case 1: return "HMAC-MD5-96";
        case 2: return "HMAC-SHA1-96";
        case 12: return "HMAC-SHA2-256-128";
        case 13: return "HMAC-SHA2-384-192";
        case 14: return "HMAC-SHA2-512-256";
        default: return NULL;
        }
    default:
        return NULL;
    }
}

gboolean pd_ike_xform_weak(guint8 version, guint8 type, guint16 id)
{
    if (type == 4)
        return id == 1 || id == 2 || id == 5;
    if (version == 1)
        return (type == 1 && (id == 1 || id == 5)) || (type == 2 && (id == 1 || id == 2));
    return (type == 1 && (id == 2 || id == 3)) || (type == 2 && id == 1) ||
           (type == 3 && (id == 1 || id == 2));
}
