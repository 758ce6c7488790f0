/* pd_observation.h: what one captured frame says, in plain C (no Wireshark types).
 *
 * The plugin turns each interesting frame into one or more observations and feeds them to the
 * engine (pd_engine.h) in capture order. Everything here is already decoded: numbers are in host
 * byte order, times in seconds, frame numbers as Wireshark counts them (1-based).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_OBSERVATION_H
#define PD_OBSERVATION_H

#include <glib.h>
#include <string.h>

#include "pd_obs_ipsec.h"

G_BEGIN_DECLS

/** An IPv4 or IPv6 address, or an Ethernet MAC address (PPPoE: RFC 2516 has no IP outside
 *  PPP). family is 4, 6 or PD_ADDR_MAC (0: unset); bytes in network byte order (a MAC in
 *  transmission order), IPv4 and MAC use the first 4 and 6 bytes and leave the rest zero, so two
 *  pd_addr compare with memcmp. */
typedef struct {
    guint8 family;
    guint8 bytes[16];
} pd_addr;

/** pd_addr.family of an Ethernet MAC address (IEEE 802: 6 bytes). */
#define PD_ADDR_MAC 48
/** pd_addr.family of one end of a PPP link captured without its carrier (PD_OBS_PPP), where the
 *  capture records the direction but no address (pppd's record file, a PPP link layer with a
 *  direction): bytes[0] is PD_END_LOCAL (the host that took the capture) or PD_END_PEER (the
 *  other end of its link). */
#define PD_ADDR_END 200
enum { PD_END_LOCAL = 1, PD_END_PEER = 2 };

/** Formats @a into @buf (at least 46 bytes, INET6_ADDRSTRLEN) as inet_ntop(3) does (IPv4 as
 *  four decimal bytes without leading zeros, IPv6 as RFC 5952 text; a MAC as six lower-case
 *  hexadecimal pairs joined by colons, as Wireshark shows it unresolved; a PD_ADDR_END "this
 *  host" or "its peer") and returns @buf; "?"
 *  for an unset address; an empty string if @len is too short. */
const char *pd_addr_to_str(const pd_addr *a, char *buf, gsize len);
/** Builds an IPv4 pd_addr from 4 bytes in network byte order. */
pd_addr pd_addr_v4(const guint8 b[4]);
/** Builds a MAC pd_addr from 6 bytes in transmission order. */
pd_addr pd_addr_mac(const guint8 b[6]);
/** Builds a PD_ADDR_END pd_addr: @end is PD_END_LOCAL or PD_END_PEER. */
pd_addr pd_addr_end(guint8 end);
/** TRUE if both addresses are set and equal. */
gboolean pd_addr_equal(const pd_addr *a, const pd_addr *b);

/** TRUE if @a can be the source of a packet on the wire: not unspecified (0.0.0.0, ::), not
 *  limited broadcast (255.255.255.255), not multicast (224.0.0.0/4, ff00::/8), not IPv4
 *  loopback (127.0.0.0/8) (RFC 1122 3.2.1.3, RFC 1812 4.2.2.11, RFC 4291 2.7); a MAC that is
 *  not all zeros and has the group bit clear (IEEE 802: the low bit of the first byte; the
 *  broadcast address ff:ff:ff:ff:ff:ff has it set); a PD_ADDR_END. */
gboolean pd_addr_unicast(const pd_addr *a);

/** TRUE if @a is a private address, one a NAT usually stands in front of: IPv4 10/8,
 *  172.16/12, 192.168/16 (RFC 1918 section 3) and the shared space 100.64/10 of carrier-grade
 *  NAT (RFC 6598), IPv6 unique local fc00::/7 (RFC 4193). */
gboolean pd_addr_private(const pd_addr *a);

/** The TCP port of the PPTP control connection (RFC 2637 section 2). */
#define PD_PPTP_PORT 1723
/** IP protocol number of GRE (RFC 2637 section 4; 000_99d798588dca01d4.txt). */
#define PD_IPPROTO_GRE 47
#define PD_IPPROTO_TCP 6
#define PD_IPPROTO_ICMP 1
#define PD_IPPROTO_UDP 17
#define PD_IPPROTO_ESP 50 /**< Encapsulating Security Payload (RFC 4303) */
/** IPv6 Next Header of ICMPv6 (RFC 4443 section 1). */
#define PD_IPPROTO_ICMPV6 58

/** TCP flag bits as in the TCP header (RFC 9293 section 3.1). */
enum {
    PD_TCP_FIN = 0x01,
    PD_TCP_SYN = 0x02,
    PD_TCP_RST = 0x04,
    PD_TCP_PSH = 0x08,
    PD_TCP_ACK = 0x10,
};

/** PPTP Control Message Types (RFC 2637 section 2). */
typedef enum {
    PD_PPTP_SCCRQ = 1,  /**< Start-Control-Connection-Request */
    PD_PPTP_SCCRP = 2,  /**< Start-Control-Connection-Reply */
    PD_PPTP_StopCCRQ = 3, /**< Stop-Control-Connection-Request */
    PD_PPTP_StopCCRP = 4, /**< Stop-Control-Connection-Reply */
    PD_PPTP_ECHORQ = 5, /**< Echo-Request */
    PD_PPTP_ECHORP = 6, /**< Echo-Reply */
    PD_PPTP_OCRQ = 7,   /**< Outgoing-Call-Request */
    PD_PPTP_OCRP = 8,   /**< Outgoing-Call-Reply */
    PD_PPTP_ICRQ = 9,   /**< Incoming-Call-Request */
    PD_PPTP_ICRP = 10,  /**< Incoming-Call-Reply */
    PD_PPTP_ICCN = 11,  /**< Incoming-Call-Connected */
    PD_PPTP_CCRQ = 12,  /**< Call-Clear-Request */
    PD_PPTP_CDN = 13,   /**< Call-Disconnect-Notify */
    PD_PPTP_WEN = 14,   /**< WAN-Error-Notify */
    PD_PPTP_SLI = 15,   /**< Set-Link-Info */
} pd_pptp_type;

/** PPP protocol numbers we follow (RFC 1661, 1994, 2759, 1962, 1332, 3078). */
enum {
    PD_PPP_LCP = 0xc021,
    PD_PPP_PAP = 0xc023,
    PD_PPP_CHAP = 0xc223,
    PD_PPP_CCP = 0x80fd,
    PD_PPP_IPCP = 0x8021,
    PD_PPP_IPV6CP = 0x8057,
    PD_PPP_IP = 0x0021,
    PD_PPP_IPV6 = 0x0057,
    PD_PPP_COMP = 0x00fd, /**< compressed/encrypted datagram (MPPE, RFC 3078) */
};

/** LCP/NCP packet codes (RFC 1661 section 5). */
enum {
    PD_CP_CONF_REQ = 1,
    PD_CP_CONF_ACK = 2,
    PD_CP_CONF_NAK = 3,
    PD_CP_CONF_REJ = 4,
    PD_CP_TERM_REQ = 5,
    PD_CP_TERM_ACK = 6,
    PD_CP_CODE_REJ = 7,
    PD_CP_PROTO_REJ = 8,
    PD_CP_ECHO_REQ = 9,
    PD_CP_ECHO_REP = 10,
};

/** CHAP codes (RFC 1994 section 4; MS-CHAPv2 uses the same, RFC 2759). */
enum { PD_CHAP_CHALLENGE = 1, PD_CHAP_RESPONSE = 2, PD_CHAP_SUCCESS = 3, PD_CHAP_FAILURE = 4 };
/** PAP codes (RFC 1334 section 2.2). */
enum { PD_PAP_REQ = 1, PD_PAP_ACK = 2, PD_PAP_NAK = 3 };

/** PPPoE CODE field (RFC 2516 section 4 and 5): the Discovery stage's packets, and 0 for a
 *  Session stage packet (Ethertype 0x8864) that carries a PPP frame. */
typedef enum {
    PD_PPPOE_SESSION = 0x00, /**< Session stage: PPP inside (RFC 2516 section 6) */
    PD_PPPOE_PADO = 0x07,    /**< Active Discovery Offer, from an access concentrator */
    PD_PPPOE_PADI = 0x09,    /**< Active Discovery Initiation, broadcast by the host */
    PD_PPPOE_PADR = 0x19,    /**< Active Discovery Request, to the chosen concentrator */
    PD_PPPOE_PADS = 0x65,    /**< Active Discovery Session-confirmation: SESSION_ID assigned
                                  (0 with an error tag: refused) */
    PD_PPPOE_PADT = 0xa7,    /**< Active Discovery Terminate: either side ends the session */
} pd_pppoe_code;

/** PPPoE TAG_TYPEs read (RFC 2516 Appendix A; PPP-Max-Payload: RFC 4638 section 4). */
enum {
    PD_PPPOE_TAG_SERVICE_NAME = 0x0101,
    PD_PPPOE_TAG_AC_NAME = 0x0102,
    PD_PPPOE_TAG_HOST_UNIQ = 0x0103,
    PD_PPPOE_TAG_AC_COOKIE = 0x0104,
    PD_PPPOE_TAG_MAX_PAYLOAD = 0x0120,
    PD_PPPOE_TAG_SERVICE_NAME_ERROR = 0x0201,
    PD_PPPOE_TAG_AC_SYSTEM_ERROR = 0x0202,
    PD_PPPOE_TAG_GENERIC_ERROR = 0x0203,
};

/** The UDP port of L2TP (RFC 2661 section 8.1). */
#define PD_L2TP_PORT 1701

/** L2TP control message types (RFC 2661 section 3.2: the Message Type AVP's value, section
 *  4.4.1); PD_L2TP_ZLB is a control message without AVPs, an acknowledgment only (section 5.8). */
typedef enum {
    PD_L2TP_ZLB = 0,      /**< Zero-Length Body: no AVP, no Message Type */
    PD_L2TP_SCCRQ = 1,    /**< Start-Control-Connection-Request */
    PD_L2TP_SCCRP = 2,    /**< Start-Control-Connection-Reply */
    PD_L2TP_SCCCN = 3,    /**< Start-Control-Connection-Connected */
    PD_L2TP_StopCCN = 4,  /**< Stop-Control-Connection-Notification */
    PD_L2TP_HELLO = 6,    /**< Hello (keepalive) */
    PD_L2TP_OCRQ = 7,     /**< Outgoing-Call-Request */
    PD_L2TP_OCRP = 8,     /**< Outgoing-Call-Reply */
    PD_L2TP_OCCN = 9,     /**< Outgoing-Call-Connected */
    PD_L2TP_ICRQ = 10,    /**< Incoming-Call-Request */
    PD_L2TP_ICRP = 11,    /**< Incoming-Call-Reply */
    PD_L2TP_ICCN = 12,    /**< Incoming-Call-Connected */
    PD_L2TP_CDN = 14,     /**< Call-Disconnect-Notify */
    PD_L2TP_WEN = 15,     /**< WAN-Error-Notify */
    PD_L2TP_SLI = 16,     /**< Set-Link-Info */
} pd_l2tp_type;

/** What kind of frame an observation describes. */
typedef enum {
    PD_OBS_TCP,        /**< a TCP segment to or from port 1723 (one per frame) */
    PD_OBS_PPTP,       /**< one PPTP control message (several per frame are possible) */
    PD_OBS_GRE,        /**< an enhanced GRE packet (RFC 2637 section 4.1) */
    PD_OBS_ICMP_ERROR, /**< an ICMP error quoting a TCP or GRE packet */
    PD_OBS_DNS,        /**< a DNS query or response (UDP port 53) */
    PD_OBS_TCP_SYN,    /**< a TCP SYN without ACK between two ports neither of which is the
                            PPTP server's (one per frame): a connection attempt to another
                            service, counted to tell a port scan (rules/scan.c); only the outer
                            addresses, ttl and tcp's ports and flags are set */
    PD_OBS_PPPOE,      /**< a PPPoE packet (RFC 2516), Discovery or Session stage (one per
                            frame): src and dst are the Ethernet MAC addresses (PD_ADDR_MAC),
                            no IP field is set */
    PD_OBS_L2TP,       /**< an L2TP version 2 message on UDP (RFC 2661 section 3.1), control or
                            data (one per frame), with the outer IP addresses */
    PD_OBS_PPP,        /**< a PPP frame captured without its carrier (one per frame,
                            pd_obs_pppframe): src and dst are the ends of the link,
                            PD_ADDR_END or MAC addresses (pd_ppp_form), or unset (family 0)
                            where the capture does not record who sent the frame; no IP field
                            is set */
    PD_OBS_IKE,        /**< an IKE message (IKEv1, RFC 2408/2409; IKEv2, RFC 7296) on UDP 500,
                            or on UDP 4500 after the Non-ESP Marker (RFC 3948 section 2.2), one
                            per frame (pd_obs_ike), with the outer IP addresses; a message
                            Wireshark reassembled from IP fragments counts once, in the frame
                            that completed it */
    PD_OBS_ESP,        /**< an ESP packet (RFC 4303) Wireshark did not decrypt: on IP
                            (protocol 50) or in UDP 4500 (RFC 3948), one per frame (pd_obs_esp),
                            with the outer IP addresses */
} pd_obs_kind;

/** The number of pd_obs_kind values. */
#define PD_OBS_N_KINDS (PD_OBS_ESP + 1)

/** PPP protocol numbers are odd in their low octet and even in their high octet (RFC 1661
 *  section 2); anything else is not a valid protocol number. */
#define PD_PPP_PROTOCOL_VALID(p) (((p) & 0x0001) == 1 && ((p) & 0x0100) == 0)

/** What the first bytes of a TCP 1723 segment's payload are (pd_obs_tcp.payload_start). */
typedef enum {
    PD_TCP_START_UNKNOWN, /**< no payload, or fewer than 8 of its bytes captured */
    PD_TCP_START_PPTP,    /**< a PPTP control message header: Length of at least 12 bytes,
                               PPTP Message Type 1, Magic Cookie 0x1A2B3C4D (RFC 2637 section 2.1) */
    PD_TCP_START_OTHER,   /**< 8 bytes or more captured that are no such header */
} pd_tcp_start;

/** TCP header facts. Ports in host byte order. */
typedef struct {
    guint16 sport, dport;
    guint16 server_port;  /**< the PPTP server's port when it is not 1723: a port the user decodes
                               as PPTP (Decode As, `-d tcp.port==N,pptp`); 0 means 1723 */
    guint8 flags;         /**< PD_TCP_* bits */
    guint8 payload_start; /**< pd_tcp_start: whether the payload begins with a PPTP header (the
                               first payload of a connection must: RFC 2637 section 2.1) */
    guint32 payload_len;  /**< bytes of TCP payload */
    guint32 seq;          /**< Sequence Number (RFC 9293 3.1), when flags were captured: a SYN's
                               is the initial one, and the first payload byte of the stream is
                               numbered one more (3.4) */
} pd_obs_tcp;

/** One PPTP control message. Fields not carried by the message type are 0 and has_* FALSE. */
typedef struct {
    guint16 type;          /**< pd_pptp_type */
    gboolean has_call_id, has_peer_call_id;
    guint16 call_id;       /**< the sender's Call ID */
    guint16 peer_call_id;  /**< the Call ID the sender's peer assigned */
    gboolean has_result;
    guint8 result;         /**< Result Code of SCCRP/StopCCRP/OCRP/ICRP/CDN/Echo-Reply */
    guint8 error;          /**< General Error Code (RFC 2637 section 2.16) */
    guint16 cause;         /**< Cause Code (CDN) */
    gboolean has_reason;
    guint8 reason;         /**< Reason of StopCCRQ (RFC 2637 section 2.3) */
    guint32 wan_errors[6]; /**< WEN counters (RFC 2637 section 2.12): CRC, framing, hardware
                                overruns, buffer overruns, time-out, alignment errors */
} pd_obs_pptp;

/** One PPP frame (RFC 1661 section 2) as its carrier delivered it (inside PPTP's GRE today):
 *  its protocol, and for a control packet (LCP, IPCP, IPV6CP, CCP, CHAP, PAP) its code and the
 *  options and texts the PPP module reads (pd_ppp.h). */
typedef struct {
    guint16 protocol;      /**< PPP protocol number; 0 when there is no PPP payload */
    guint8 code;           /**< LCP/NCP/CHAP/PAP code, 0 when none */
    char message[96];      /**< CHAP Success/Failure or PAP Ack/Nak message (e.g. "E=691 R=1
                                ..."), or the text of an LCP/NCP Terminate-Request, or "" */
    gboolean malformed;    /**< the PPP frame did not parse (Wireshark: malformed) */
    guint32 cp_options;    /**< Configure-Request/Ack/Nak/Reject of LCP, IPCP or CCP: bit n set
                                when option type n (< 32) is present (RFC 1661 section 6) */
    guint16 auth_protocol; /**< LCP Authentication-Protocol option value (0xc223 CHAP, 0xc023
                                PAP), 0 when absent (RFC 1661 section 6.2) */
    guint8 auth_algorithm; /**< its CHAP algorithm (5 MD5, 0x80 MS-CHAP, 0x81 MS-CHAPv2) */
    gboolean has_ipcp_address;
    guint8 ipcp_address[4];/**< IPCP IP-Address option (RFC 1332 section 3.3), network order */
    guint16 rejected_protocol; /**< LCP Protocol-Reject: the rejected protocol (RFC 1661 5.7) */
    guint8 rejected_code;  /**< LCP Code-Reject: the code of the packet it rejects (RFC 1661
                                5.6), 0 when not in the capture */
    guint32 mppe_bits;     /**< CCP Configure-*: the MPPE/MPPC option's Supported Bits (RFC 3078
                                2.1; host order; PD_MPPE_40/56/128), 0 when absent */
    guint16 mru;           /**< LCP Configure-*: the Maximum-Receive-Unit option's value, bytes
                                (RFC 1661 6.1), 0 when absent */
} pd_obs_ppp;

/** One enhanced GRE packet and the PPP frame inside it, if any. */
typedef struct {
    guint16 call_id;       /**< Key field's Call ID: the receiver's Call ID (RFC 2637 4.1) */
    gboolean has_seq, has_ack;
    guint32 seq, ack;
    guint16 payload_len;   /**< Key field's Payload Length, bytes (0: acknowledgment only) */
    pd_obs_ppp ppp;        /**< the PPP frame it carries (ppp.protocol 0: none) */
} pd_obs_gre;

/** One PPPoE packet (RFC 2516 section 4): its header and, for the Discovery stage, the tags
 *  pptpdiag reads (the first of each type); for the Session stage, the PPP frame it carries.
 *  Texts are the tag's bytes (UTF-8, not NUL-terminated on the wire), cut to fit, NUL-ended. */
typedef struct {
    guint8 code;               /**< pd_pppoe_code */
    guint16 session_id;        /**< SESSION_ID: 0 in PADI, PADO and PADR; in PADS the session
                                    assigned (0 when refused); in PADT and Session packets the
                                    session's */
    gboolean has_service_name; /**< a Service-Name tag is present (its value may be empty: any
                                    service, RFC 2516 Appendix A) */
    char service_name[64];
    char ac_name[64];          /**< AC-Name tag, "" when absent */
    gboolean has_cookie;       /**< an AC-Cookie tag is present */
    guint16 max_payload;       /**< PPP-Max-Payload tag (RFC 4638 section 4), 0 when absent */
    guint16 error_tag;         /**< the first Service-Name-Error, AC-System-Error or
                                    Generic-Error tag's type, 0 when none */
    char error_text[96];       /**< its value (RFC 2516 Appendix A: a reason, may be empty) */
    pd_obs_ppp ppp;            /**< PD_PPPOE_SESSION: the PPP frame carried (ppp.protocol 0:
                                    none) */
} pd_obs_pppoe;

/** One L2TP version 2 message on UDP (RFC 2661 section 3.1): its header; for a control message
 *  the AVPs pptpdiag reads (the first of each attribute type; an AVP hidden with the H bit,
 *  section 4.3, is not read: hidden says so); for a data message the PPP frame it carries.
 *  Texts are the AVP's bytes, cut to fit, NUL-ended. Numbers in host byte order. */
typedef struct {
    guint16 sport, dport;        /**< UDP source and destination ports */
    gboolean control;            /**< the T bit: a control message (else a data message) */
    guint16 tunnel_id;           /**< the header's Tunnel ID: the receiver's (section 3.1; 0 in
                                      an SCCRQ, which has none yet) */
    guint16 session_id;          /**< the header's Session ID: the receiver's, 0 for a message
                                      about the tunnel */
    gboolean has_seq;            /**< the S bit (set on every control message): Ns and Nr */
    guint16 ns, nr;              /**< Ns and Nr (section 5.8: they wrap at 65536) */
    guint16 type;                /**< a control message's pd_l2tp_type; PD_L2TP_ZLB for a
                                      message without AVPs */
    gboolean zlb;                /**< a control message without AVPs (section 5.8) */
    guint16 assigned_tunnel_id;  /**< Assigned Tunnel ID AVP (type 9): the sender's Tunnel ID
                                      (SCCRQ, SCCRP, StopCCN), 0 when absent */
    guint16 assigned_session_id; /**< Assigned Session ID AVP (type 14): the sender's Session
                                      ID (ICRQ, ICRP, OCRQ, OCRP, CDN), 0 when absent */
    gboolean has_result;         /**< a Result Code AVP (type 1: StopCCN, CDN; section 4.4.2) */
    guint16 result;              /**< its Result Code (StopCCN: 1 general request to clear,
                                      2 general error, 3 already exists, 4 not authorized,
                                      5 protocol version not supported, 6 being shut down,
                                      7 finite state machine error; CDN: section 4.4.2) */
    gboolean has_error;          /**< its optional Error Code is present */
    guint16 error;               /**< its Error Code (section 4.4.2: 0 no general error, 1 no
                                      control connection, 2 length wrong, 3 a field out of range,
                                      4 insufficient resources, 5 invalid Session ID, 6 vendor
                                      specific, 7 try another LNS, 8 unknown mandatory AVP) */
    char error_message[96];      /**< its optional Error Message, "" when none */
    char host_name[64];          /**< Host Name AVP (type 7, SCCRQ and SCCRP), "" when absent */
    gboolean hidden;             /**< an AVP pptpdiag reads was hidden (H bit): not read */
    pd_obs_ppp ppp;              /**< a data message: the PPP frame carried (ppp.protocol 0:
                                      none) */
} pd_obs_l2tp;

/** How a PPP frame without its carrier was captured (pd_obs_pppframe.form). */
typedef enum {
    /** the capture's link layer is PPP: HDLC-like framing (RFC 1662; tcpdump's DLT_PPP and
     *  DLT_PPP_SERIAL), pppd's record file (read as PPP with a direction), DLT_PPP_WITH_DIR. The
     *  ends are PD_ADDR_END where the file records the direction (sent or received), unset
     *  where it does not. */
    PD_PPP_FORM_LINK = 1,
    /** Microsoft Network Monitor's view of a Windows VPN or dial-up adapter (NDISWAN): an
     *  Ethernet frame whose type field holds a PPP protocol number (LCP 0xc021, CHAP 0xc223,
     *  ...; Wireshark registers them as Ethertypes for these captures, packet-ppp.c), the PPP
     *  protocol and packet with no Address and Control; IP in such frames is the link's data.
     *  The ends are the frame's MAC addresses, which NDISWAN makes up. */
    PD_PPP_FORM_NDISWAN = 2,
} pd_ppp_form;

/** A PPP frame captured without its carrier (PD_OBS_PPP): a capture on the PPP link itself,
 *  where the carrier under it (PPTP, L2TP, PPPoE, a serial line) is not in the capture. */
typedef struct {
    guint32 interface;     /**< the capture's interface (pcapng Interface ID; 0 in other files):
                                one link per interface and pair of ends */
    guint8 form;           /**< pd_ppp_form */
    pd_obs_ppp ppp;        /**< the frame; for the user's data (IP, IPv6, compressed) only the
                                protocol is set */
} pd_obs_pppframe;

/** LCP option types we look at (RFC 1661 section 6). */
enum { PD_LCP_OPT_MRU = 1, PD_LCP_OPT_AUTH = 3 };
/** CCP option type of MPPE/MPPC (RFC 3078 section 2.1). */
enum { PD_CCP_OPT_MPPE = 18 };
/** MPPE strength bits of the MPPE/MPPC option's Supported Bits (RFC 3078 section 2.1: L 40-bit,
 *  M 56-bit, S 128-bit), host order. */
enum { PD_MPPE_40 = 0x20, PD_MPPE_128 = 0x40, PD_MPPE_56 = 0x80,
       PD_MPPE_STRENGTHS = PD_MPPE_40 | PD_MPPE_56 | PD_MPPE_128 };
/** IPCP option type IP-Address (RFC 1332 section 3.3). */
enum { PD_IPCP_OPT_ADDRESS = 3 };

/** One DNS message (RFC 1035): its header facts, its first question, and the first address it
 *  answers; the other answers are only counted. */
typedef struct {
    guint16 id;            /**< transaction ID */
    gboolean response;
    guint8 rcode;          /**< response code (3: NXDOMAIN, RFC 1035 section 4.1.1) */
    guint16 qtype;         /**< 1 A, 28 AAAA, ... */
    char qname[128];       /**< query name, "" if absent */
    guint n_answers;       /**< answer RRs */
    pd_addr answer;        /**< the first A (RFC 1035 3.4.1) or else AAAA (RFC 3596 2.2) record's
                                address in the message, family 0 when none */
} pd_obs_dns;

/** An ICMP Destination Unreachable / Time Exceeded / Fragmentation Needed that quotes a packet.
 *  The quoted packet's addresses are in quoted_src/quoted_dst; quoted_proto tells which of
 *  quoted_tcp / quoted_gre is filled (partly: a quote carries few payload bytes). */
typedef struct {
    guint8 type, code;     /**< ICMPv4 type and code (RFC 792), or ICMPv6 (RFC 4443) if v6 */
    guint16 mtu;           /**< next-hop MTU for fragmentation needed (RFC 1191), else 0 */
    pd_addr quoted_src, quoted_dst;
    guint8 quoted_proto;   /**< PD_IPPROTO_TCP, PD_IPPROTO_GRE, or another protocol number */
    guint16 quoted_ip_id;  /**< IPv4 Identification of the quoted packet (0 for IPv6) */
    gboolean quoted_has_gre_call_id;
    pd_obs_tcp quoted_tcp;
    pd_obs_gre quoted_gre;
    guint16 quoted_udp_sport, quoted_udp_dport; /**< PD_IPPROTO_UDP: the quoted datagram's
                                                     ports (RFC 768), 0 when not captured */
} pd_obs_icmp;

/** What a frame cut by the snapshot length (pd_observation.cut_at) lost of the bytes pptpdiag
 *  reads (pd_observation.lost), by part; the readers that know each layout decide it (the
 *  plugin's headers.c). A field not captured is left 0 / has_* FALSE in the observation, which
 *  cannot tell it from a field the packet did not carry: these bits can. */
typedef enum {
    /** a PPTP control message of the segment, whole, or a field of one that pptpdiag reads: Call
     *  ID, Peer's Call ID, Result Code, Error Code, Cause Code, Reason, WEN counters (RFC 2637
     *  2.1-2.16); also when the segment's payload holds no captured PPTP header at all */
    PD_LOST_PPTP = 1u << 0,
    /** of the enhanced GRE header (RFC 2637 4.1), the Sequence or Acknowledgment Number its S
     *  or A bit announces (a header cut before its Key gives no observation at all) */
    PD_LOST_GRE = 1u << 1,
    /** the PPP protocol of a GRE payload, or of a control packet (LCP, IPCP, IPV6CP, CCP, CHAP,
     *  PAP, RFC 1661 section 5) its Code, and for LCP/IPCP/CCP Configure-Request/Ack/Nak/Reject
     *  its options up to its Length, for LCP Code-Reject and Protocol-Reject the code or
     *  protocol rejected */
    PD_LOST_PPP = 1u << 2,
    /** the text pd_obs_ppp.message holds (a CHAP Success/Failure or PAP Ack/Nak message, a
     *  Terminate-Request/Ack's data): what was captured of it is there, the rest is not */
    PD_LOST_TEXT = 1u << 3,
    /** of the packet an ICMP error quotes, the GRE Key or the TCP ports (RFC 792 quotes the IP
     *  header and 8 bytes more, so the error on the wire held them) */
    PD_LOST_QUOTE = 1u << 4,
    /** the TCP header's flags (RFC 9293 section 3.1: byte 13) */
    PD_LOST_TCP = 1u << 5,
    /** of an L2TP control message (RFC 2661 section 3.1), a header field after the Tunnel and
     *  Session IDs (Ns, Nr) or an AVP pptpdiag reads (pd_obs_l2tp); a header cut before the
     *  Session ID gives no observation at all */
    PD_LOST_L2TP = 1u << 6,
    /** of a PPPoE Discovery packet (RFC 2516 section 5), tags within its LENGTH that the
     *  capture does not hold: one the cut split, or the bytes after it (an error tag and its
     *  text among them, perhaps) */
    PD_LOST_PPPOE = 1u << 7,
    /** of an IKE message in clear (pd_obs_ike), a payload whose fields pptpdiag reads (SA, KE,
     *  Notify, Vendor ID, NAT-D, Encrypted Fragment numbers) or any payload after the one the
     *  cut split, not encrypted bytes (a header cut before its 28th byte gives no observation).
     *  PD_LOST_L2TP's bit (lost has 8 bits, all taken): no frame holds both messages */
    PD_LOST_IKE = PD_LOST_L2TP,
} pd_lost;

/** Whether what an observation read was carried inside ESP (RFC 4303) that Wireshark decrypted
 *  with the user's ESP SAs (pd_observation.esp). */
typedef enum {
    PD_ESP_NONE = 0, /**< in clear */
    PD_ESP_IP,       /**< in ESP directly on IP (protocol 50), transport or tunnel mode */
    PD_ESP_UDP,      /**< in ESP encapsulated in UDP port 4500 (NAT traversal, RFC 3948) */
} pd_esp;

/** One observation: a frame's outer addresses and what it carries. A TCP frame to or from port
 *  1723 gives one PD_OBS_TCP observation, then one PD_OBS_PPTP observation per control message
 *  it carries (with the same tcp member). */
typedef struct {
    guint32 frame;   /**< frame number, 1-based */
    double time;     /**< absolute time of the frame, seconds since the epoch */
    pd_addr src, dst;/**< outer IP source and destination */
    guint8 ttl;      /**< outer IPv4 TTL or IPv6 Hop Limit */
    guint16 ip_id;   /**< outer IPv4 Identification (0 for IPv6) */
    pd_obs_kind kind;
    pd_obs_tcp tcp;  /**< PD_OBS_TCP and PD_OBS_PPTP */
    pd_obs_pptp pptp;/**< PD_OBS_PPTP */
    pd_obs_gre gre;  /**< PD_OBS_GRE */
    pd_obs_icmp icmp;/**< PD_OBS_ICMP_ERROR */
    pd_obs_dns dns;  /**< PD_OBS_DNS */
    pd_obs_pppoe pppoe; /**< PD_OBS_PPPOE */
    pd_obs_l2tp l2tp;   /**< PD_OBS_L2TP */
    pd_obs_pppframe pppframe; /**< PD_OBS_PPP */
    pd_obs_ike ike;     /**< PD_OBS_IKE */
    pd_obs_esp espkt;   /**< PD_OBS_ESP */
    guint16 ip_len;  /**< outer IPv4 Total Length or IPv6 payload length + 40, bytes */
    gboolean df;     /**< outer IPv4 Don't Fragment bit */
    guint32 cut_at;  /**< the frame was cut by the capture's snapshot length: the bytes captured
                          (the frame's captured length); 0 when the whole frame is there */
    guint8 lost;     /**< of a cut frame (cut_at), what the cut took that pptpdiag reads:
                          pd_lost bits, the same in every observation of the frame; 0 when the
                          cut took only bytes it never reads (an SCCRQ's Host Name and Vendor
                          String, an OCRQ's Phone Number, encrypted PPP data, a CHAP Response's
                          value), so that nothing concluded from the frame rests on cut bytes */
    guint8 esp;      /**< pd_esp: what was read came out of ESP that Wireshark decrypted (its ESP
                          SA table), PD_ESP_NONE when it was in clear */
} pd_observation;

/** A hash of the @n bytes at @p for the engine's hash tables (keys of addresses, ports, Call
 *  IDs: hashed on every packet): FNV-1a over 4-byte words, then the odd bytes. Inline: each
 *  key's hash function passes its constant size, and the loops unroll. */
static inline guint pd_hash_bytes(const void *p, gsize n)
{
    const guint8 *b = p;
    guint32 h = 2166136261u;
    gsize i = 0;
    for (; i + 4 <= n; i += 4) {
        guint32 w;
        memcpy(&w, b + i, 4);
        h = (h ^ w) * 16777619u;
        h ^= h >> 15;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

G_END_DECLS

#endif /* PD_OBSERVATION_H */
