/* pd_ike.h: the records of IPsec VPNs as the wire shows them without keys (IKEv1, RFC 2408/2409,
 * the key exchange of L2TP/IPsec; IKEv2, RFC 7296): the part of the engine's model that is this
 * carrier's own. A session (PD_CARRIER_IKE) is one IKE SA attempt of an initiator to a responder,
 * known by the initiator's SPI, with the ESP (RFC 4303) the two peers exchange after it; client
 * is the initiator, server the responder. It has no link: what ESP carries (the L2TP and PPP of
 * L2TP/IPsec, the tunnel's IP of IKEv2) is encrypted, unless Wireshark decrypted it (the
 * decrypted L2TP is then an L2TP session of its own, pd_observation.esp). The tracker
 * (track/pd_track_ike.c) writes them; the family ike (rules/ike.c) reads them. Included by
 * pd_records.h.
 *
 * Frame numbers are Wireshark's (1-based, 0 = none); times are seconds since the epoch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_IKE_H
#define PD_IKE_H

#include "pd_engine.h"
#include "pd_observation.h"

G_BEGIN_DECLS

typedef struct pd_session pd_session;

/** What the NAT detection hashes of an exchange showed (pd_ike_sa.nat): RFC 7296 section 2.23,
 *  RFC 3947 section 3. */
enum {
    PD_IKE_NAT_CHECKED = 1u << 0,   /**< a message carried both hashes and they were compared */
    PD_IKE_NAT_INITIATOR = 1u << 1, /**< the initiator is behind a NAT */
    PD_IKE_NAT_RESPONDER = 1u << 2, /**< the responder is behind a NAT */
};

/** The carrier part of an IKE session (pd_session.ike). [0] is the initiator's side
 *  (PD_DIR_PNS), [1] the responder's. */
typedef struct {
    guint8 version;             /**< 1 (IKEv1) or 2 (IKEv2) */
    guint8 exchange;            /**< the first message's exchange (pd_ike_exchange: IKEv1 main or
                                     aggressive mode, IKEv2 IKE_SA_INIT) */
    guint8 ispi[8];             /**< the initiator's SPI: the key (pd_ike_key) */
    guint8 midstream;           /**< the capture lacks the first message (it began later) */
    guint8 closed;              /**< the attempt is over (a Delete seen, or the initiator's next
                                     attempt): the session settles (pd_retention.h) */
    guint8 nat;                 /**< PD_IKE_NAT_* */
    guint8 retry;               /**< the responder's latest clear answer asked the initiator to
                                     try again (INVALID_KE_PAYLOAD, COOKIE: RFC 7296 1.2, 2.6) */
    guint16 vendors[2];         /**< each side's PD_IKE_VID_* bits */
    /* The exchange in clear: IKEv2 IKE_SA_INIT, IKEv1 main mode 1-4 or aggressive 1-2 */
    guint n_init;               /**< the initiator's first messages (the first and its
                                     retransmissions, and a new IKE_SA_INIT after COOKIE or
                                     INVALID_KE_PAYLOAD) */
    guint32 first_init, last_init;
    double first_init_time, last_init_time;
    guint32 answered;           /**< the responder's first message, 0 while unanswered */
    double answered_time;
    guint32 init_ok;            /**< the responder's first clear answer that neither asked for a
                                     retry nor refused: the key exchange done (IKEv2 IKE_SA_INIT
                                     response, IKEv1 main mode 2 or 4), 0: none */
    guint16 refusal;            /**< the first error notify (type below 8192, other than
                                     INVALID_KE_PAYLOAD) the responder sent in clear, 0: none */
    guint32 refusal_frame;
    guint n_offered;            /**< transforms the initiator's first SA payload offered */
    pd_ike_xform offered[PD_IKE_MAX_XFORMS];
    guint32 natd_frame;         /**< the message whose hashes decided nat, 0: none */
    /* The encrypted exchanges: IKEv2 IKE_AUTH, IKEv1 main mode 5-6 and quick mode */
    guint n_auth;               /**< the initiator's encrypted requests (retransmissions too) */
    guint32 first_auth, last_auth;
    double first_auth_time, last_auth_time;
    guint8 auth_natt;           /**< the initiator's first encrypted request went to UDP 4500 */
    guint8 init_fragmented;     /**< an initiator's message came in IP fragments */
    guint8 resp_fragmented;     /**< a responder's message came in IP fragments */
    guint n_auth_answers;       /**< the responder's encrypted messages */
    guint32 first_auth_answer, last_auth_answer;
    guint32 answer_mid;         /**< IKEv2: the Message ID of the responder's latest answer */
    guint n_retx_answered;      /**< IKEv2: the initiator's encrypted requests with a Message ID
                                     the responder had already answered (retransmitted: the
                                     answer did not reach it, RFC 7296 section 2.1) */
    double last_auth_answer_time;
    guint32 info[2];            /**< each side's first encrypted informational exchange message
                                     (IKEv1 Informational, IKEv2 INFORMATIONAL: a Delete, a
                                     notify such as AUTHENTICATION_FAILED), 0: none */
    double info_time[2];
    guint32 quick_answered;     /**< IKEv1: the responder's first quick mode message; 0: none */
    double up_time;             /**< when the SA was (last) seen set up: IKEv1 quick_done,
                                     IKEv2 the responder's latest IKE_AUTH answer */
    guint32 quick_done;         /**< IKEv1: the initiator's third quick mode message (the
                                     IPsec SA is up); 0: none */
    /* ESP after the SA, per direction */
    guint n_esp[2];             /**< ESP packets each side sent (decrypted or not) */
    guint32 esp_first[2], esp_last[2];
    guint n_esp_clear;          /**< of them, those Wireshark decrypted (pd_observation.esp) */
    guint8 first_esp_natt;      /**< the first ESP packet was in UDP 4500 */
} pd_ike_sa;

/** The frame that shows the responder took part in the key exchange: its answer that set it up
 *  (init_ok), else its first answer. */
static inline guint32 pd_ike_answer(const pd_ike_sa *a)
{
    return a->init_ok ? a->init_ok : a->answered;
}

/** A session's key (pd_ike_state.by_spi): initiator, responder, the initiator's SPI. No
 *  padding. */
typedef struct {
    pd_addr initiator, responder;
    guint8 ispi[8];
} pd_ike_key;

/** The peers' key (pd_ike_state.by_peers): initiator and responder. */
typedef struct {
    pd_addr initiator, responder;
} pd_ike_peers;

/** The engine's lookups of this carrier (pd_engine.ike), made by pd_ike_init. */
typedef struct {
    GHashTable *by_spi;         /**< pd_ike_key -> pd_session* */
    GHashTable *by_peers;       /**< pd_ike_peers -> the latest pd_session* between them (ESP and
                                     ICMP errors find their session by it) */
} pd_ike_state;

/** Sets up @st's lookups (empty) / frees them (not the sessions they point to). */
void pd_ike_init(pd_ike_state *st);
void pd_ike_clear(pd_ike_state *st);
/** This carrier's part of forgetting session @s (pd_transport.forget): it leaves the lookups. */
void pd_ike_forget(pd_engine *e, pd_session *s, gboolean keep);

/** The key of @initiator's SA with @responder whose SPI is @ispi (8 bytes). */
pd_ike_key pd_ike_key_of(const pd_addr *initiator, const pd_addr *responder, const guint8 *ispi);
/** The peers' key of @initiator and @responder. */
pd_ike_peers pd_ike_peers_of(const pd_addr *initiator, const pd_addr *responder);

/** Whether the NAT detection hash @hash (@len bytes) of the IKE message with SPIs @ispi and
 *  @rspi (8 bytes each, as in its header) is the hash of address @a and UDP port @port (host
 *  byte order): IKEv2 SHA-1(SPIi | SPIr | IP | port) (RFC 7296 section 2.23); IKEv1
 *  HASH(CKY-I | CKY-R | IP | port) with the negotiated hash (RFC 3947 section 3.2), told by the
 *  hash's length (16 MD5, 20 SHA-1, 32 SHA-256, 48 SHA-384, 64 SHA-512; only the first
 *  PD_IKE_NATD_MAX bytes of longer ones compared). Returns -1 when it cannot tell (no address,
 *  an unknown length), else TRUE or FALSE. */
int pd_ike_natd_matches(const guint8 *hash, guint len, const guint8 *ispi, const guint8 *rspi,
                        const pd_addr *a, guint16 port);

G_END_DECLS

#endif /* PD_IKE_H */
