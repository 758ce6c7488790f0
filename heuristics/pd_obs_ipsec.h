/* pd_obs_ipsec.h: the observations of IPsec VPNs as the wire shows them without keys (IKEv1,
 * RFC 2408/2409; IKEv2, RFC 7296; ESP, RFC 4303): pd_obs_ike and pd_obs_esp, the members of
 * pd_observation (pd_observation.h) of kinds PD_OBS_IKE and PD_OBS_ESP, with the protocol
 * numbers they use. The plugin fills them (plugin/extract-ike.c, extract-esp.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_OBS_IPSEC_H
#define PD_OBS_IPSEC_H

#include <glib.h>

G_BEGIN_DECLS

/** The UDP ports of IKE (RFC 7296 section 2; RFC 2408) and of IKE and ESP after NAT traversal
 *  (RFC 3948 section 1, RFC 7296 section 2.23). */
#define PD_IKE_PORT 500
#define PD_NATT_PORT 4500

/** IKE exchange types (the header's Exchange Type): IKEv1's (RFC 2408 section 3.1, RFC 2409
 *  section 5) and IKEv2's (RFC 7296 section 3.1). */
typedef enum {
    PD_IKE_V1_MAIN = 2,        /**< IKEv1 Identity Protection (main mode) */
    PD_IKE_V1_AGGRESSIVE = 4,  /**< IKEv1 Aggressive mode */
    PD_IKE_V1_INFO = 5,        /**< IKEv1 Informational */
    PD_IKE_V1_QUICK = 32,      /**< IKEv1 Quick mode (RFC 2409 section 5.5) */
    PD_IKE_SA_INIT = 34,       /**< IKEv2 IKE_SA_INIT */
    PD_IKE_AUTH = 35,          /**< IKEv2 IKE_AUTH */
    PD_IKE_CREATE_CHILD_SA = 36, /**< IKEv2 CREATE_CHILD_SA */
    PD_IKE_INFORMATIONAL = 37, /**< IKEv2 INFORMATIONAL */
} pd_ike_exchange;

/** IKE header flags (pd_obs_ike.flags): IKEv1 (RFC 2408 section 3.1) Encryption; IKEv2 (RFC 7296
 *  section 3.1) Initiator and Response. */
enum { PD_IKE_F_V1_ENCRYPTED = 0x01, PD_IKE_F_INITIATOR = 0x08, PD_IKE_F_RESPONSE = 0x20 };

/** Notify message types read in clear (RFC 7296 section 3.10.1; IKEv1's own, RFC 2408 section
 *  3.14.1, share the error numbers below 16384). */
enum {
    PD_IKE_N_INVALID_PAYLOAD_TYPE = 1,
    PD_IKE_N_INVALID_SYNTAX = 7,
    PD_IKE_N_NO_PROPOSAL_CHOSEN = 14,
    PD_IKE_N_PAYLOAD_MALFORMED = 16,   /**< IKEv1 (RFC 2408 3.14.1) */
    PD_IKE_N_INVALID_KE_PAYLOAD = 17,  /**< IKEv2: the responder wants another DH group */
    PD_IKE_N_AUTHENTICATION_FAILED = 24,
    PD_IKE_N_NO_ADDITIONAL_SAS = 35,
    PD_IKE_N_INTERNAL_ADDRESS_FAILURE = 36,
    PD_IKE_N_TS_UNACCEPTABLE = 38,
    PD_IKE_N_NAT_DETECTION_SOURCE_IP = 16388,
    PD_IKE_N_NAT_DETECTION_DESTINATION_IP = 16389,
    PD_IKE_N_COOKIE = 16390,
    PD_IKE_N_FRAGMENTATION_SUPPORTED = 16430, /**< RFC 7383 section 2.3 */
};

/** Vendor IDs pptpdiag recognises (pd_obs_ike.vendors bits): what they say of the peer. */
enum {
    PD_IKE_VID_MS_NT5 = 1u << 0,     /**< "MS NT5 ISAKMPOAKLEY": a Windows peer (any version) */
    PD_IKE_VID_NATT_RFC3947 = 1u << 1, /**< RFC 3947 NAT traversal */
    PD_IKE_VID_NATT_DRAFT = 1u << 2, /**< a draft-ietf-ipsec-nat-t-ike version */
    PD_IKE_VID_FRAGMENTATION = 1u << 3, /**< IKEv1 fragmentation (Cisco's "FRAGMENTATION",
                                          Microsoft's IKE fragmentation) */
    PD_IKE_VID_DPD = 1u << 4,        /**< RFC 3706 Dead Peer Detection */
    PD_IKE_VID_STRONGSWAN = 1u << 5, /**< strongSwan */
};

/** Most SA transforms, notifies and NAT-D hashes an observation keeps of one message. */
#define PD_IKE_MAX_XFORMS 16
#define PD_IKE_MAX_NOTIFY 8
#define PD_IKE_NATD_MAX 32

/** One transform of an SA payload's proposals (pd_obs_ike.xforms), in both versions' terms:
 *  type is IKEv2's Transform Type (RFC 7296 section 3.3.2: 1 ENCR, 2 PRF, 3 INTEG, 4 DH group)
 *  or, for IKEv1, the Phase 1 attribute class (RFC 2409 Appendix A: 1 encryption algorithm,
 *  2 hash algorithm, 3 authentication method, 4 group description); id the transform ID or
 *  attribute value; keylen the Key Length attribute in bits, 0 when absent. */
typedef struct {
    guint8 proposal;      /**< IKEv2 Proposal Num; IKEv1: Transform Number */
    guint8 type;
    guint16 id;
    guint16 keylen;
} pd_ike_xform;

/** One IKE message on UDP (PD_OBS_IKE): its header and what it shows in clear. An encrypted
 *  message (IKEv2's Encrypted or Encrypted Fragment payload, IKEv1 with the E flag) shows only
 *  its header. Numbers in host byte order. */
typedef struct {
    guint16 sport, dport;     /**< UDP ports */
    gboolean natt;            /**< on UDP 4500 after the 4-byte Non-ESP Marker (RFC 3948) */
    gboolean ip_fragmented;   /**< the message came in IP fragments (Wireshark reassembled them) */
    guint8 version;           /**< the Major Version: 1 or 2 */
    guint8 exchange;          /**< pd_ike_exchange */
    guint8 flags;             /**< the header's flags byte (PD_IKE_F_*) */
    guint8 first_payload;     /**< the header's Next Payload */
    guint8 ispi[8], rspi[8];  /**< initiator's and responder's SPI (IKEv1 cookies); rspi zero in
                                   the first message */
    guint32 message_id;
    guint32 length;           /**< the header's Length: the whole message, bytes */
    gboolean encrypted;       /**< the rest is encrypted: IKEv2 Encrypted (46) or Encrypted
                                   Fragment (53, RFC 7383) payload; IKEv1 E flag */
    guint16 frag_number, frag_total; /**< IKEv2 Encrypted Fragment payload's numbers, else 0 */
    guint8 n_notify;          /**< notifies in clear (at most PD_IKE_MAX_NOTIFY kept) */
    guint16 notify[PD_IKE_MAX_NOTIFY]; /**< their Notify Message Types, in order */
    guint8 n_xforms;          /**< SA transforms (at most PD_IKE_MAX_XFORMS kept) */
    pd_ike_xform xforms[PD_IKE_MAX_XFORMS]; /**< of the first SA payload, in order */
    guint16 ke_group;         /**< the Key Exchange payload's DH group (IKEv2), 0 when none */
    guint16 vendors;          /**< PD_IKE_VID_* bits of its Vendor ID payloads */
    /** NAT detection (IKEv2 NAT_DETECTION_SOURCE_IP / DESTINATION_IP notifies, RFC 7296 2.23;
     *  IKEv1 NAT-D payloads, type 20 or 130, RFC 3947 section 3.2: the first is the
     *  destination's, the others the source's): the first source hash and the destination
     *  hash, their lengths (0: absent; the hash's own length, at most 255, which tells its
     *  algorithm; only the first PD_IKE_NATD_MAX bytes are kept) */
    guint8 natd_src_len, natd_dst_len;
    guint8 natd_src[PD_IKE_NATD_MAX], natd_dst[PD_IKE_NATD_MAX];
} pd_obs_ike;

/** An ESP packet Wireshark did not decrypt (PD_OBS_ESP, RFC 4303 section 2). */
typedef struct {
    guint32 spi;              /**< Security Parameters Index (never 0 on the wire) */
    guint32 seq;              /**< Sequence Number */
    gboolean natt;            /**< in UDP 4500 (RFC 3948), else on IP protocol 50 */
    guint16 sport, dport;     /**< natt: the UDP ports, else 0 */
    guint16 len;              /**< bytes of ESP on the wire (SPI to ICV) */
} pd_obs_esp;

G_END_DECLS

#endif /* PD_OBS_IPSEC_H */
