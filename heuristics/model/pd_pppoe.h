/* pd_pppoe.h: PPPoE's records (RFC 2516), the part of the engine's model that is PPPoE's own:
 * a host's Discovery stage with one access concentrator (pd_pppoe_disc, pd_session.pppoe: made
 * for PPPoE sessions only),
 * the PPPoE session it set up (pd_pppoe_link, in pd_link.pppoe: one SESSION_ID carrying PPP),
 * and the engine's lookups of both (pd_pppoe_state, in pd_engine.pppoe). The tracker of PPPoE
 * (track/pd_track_pppoe.c) writes them; PPPoE's rule family (rules/pppoe.c) reads them.
 * Included by pd_records.h beside PPTP's pd_pptp.h.
 *
 * A session here is one connection attempt of a host (its MAC address: the client) to an access
 * concentrator (the server; unknown, family 0, until one answers): the PADIs it broadcast, the
 * PADO that answered, PADR, PADS and the PPP that followed, until a PADT or the host's next
 * PADI. Frame numbers are Wireshark's (1-based, 0 = none); times are seconds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_PPPOE_H
#define PD_PPPOE_H

#include "pd_engine.h"
#include "pd_observation.h"

G_BEGIN_DECLS

typedef struct pd_session pd_session;
typedef struct pd_link pd_link;

/** PPPoE's part of a link (pd_link.pppoe): the PPPoE session (RFC 2516 section 6). */
typedef struct {
    guint16 session_id;         /**< SESSION_ID the PADS assigned */
} pd_pppoe_link;

/** PPPoE's carrier (pd_session.pppoe): the Discovery stage of one host with one access
 *  concentrator (RFC 2516 section 5), and how the session ended. */
typedef struct {
    guint n_padi;               /**< PADIs the host sent (broadcast) */
    guint32 first_padi, last_padi;
    double first_padi_time;     /**< seconds */
    guint n_pado;               /**< PADOs that reached the host (from any concentrator) */
    guint32 pado_frame;         /**< the first PADO */
    guint n_padr;               /**< PADRs the host sent to the concentrator */
    guint32 first_padr, last_padr;
    double first_padr_time;     /**< seconds */
    guint32 pads_frame;         /**< the PADS that assigned a SESSION_ID (not 0), 0 if none */
    guint32 refused_frame;      /**< the first PADO or PADS with an error tag, or a PADS with
                                     SESSION_ID 0 (RFC 2516 5.4: the concentrator refused) */
    guint16 error_tag;          /**< that packet's error tag type (pd_observation.h), 0: none */
    guint8 refused_by_pads;     /**< refused_frame is a PADS (else a PADO) */
    guint8 refusal_cut;         /**< the snapshot length cut that packet's tags (PD_LOST_PPPOE):
                                     an error tag may be past the cut */
    guint8 closed;              /**< the attempt is over (PADT, a PADS refusing, or the host's
                                     next attempt began): the session settles (pd_retention.h) */
    guint32 padt_frame;         /**< the first PADT of the session, 0 if none */
    char *service_name;         /**< the Service-Name the host asked for (its first PADI's; ""
                                     any service), NULL if it named none; owned */
    char *ac_name;              /**< AC-Name of the concentrator that answered, NULL if none;
                                     owned */
    char *error_text;           /**< the error tag's text, NULL if none; owned */
    guint16 max_payload;        /**< PPP-Max-Payload the concentrator granted in its PADS (RFC
                                     4638), 0: none (rules/pppoe.c: the MRU it allows) */
} pd_pppoe_disc;

/** A PPPoE session's key (pd_pppoe_state.by_sid): host and concentrator MAC addresses and
 *  SESSION_ID (RFC 2516 section 4: the three identify a session). No padding. */
typedef struct {
    pd_addr host, ac;
    guint16 session_id;
} pd_pppoe_key;

/** The engine's PPPoE lookups (pd_engine.pppoe), made by pd_pppoe_init. */
typedef struct {
    GHashTable *by_host;        /**< pd_addr (host MAC) -> the host's latest pd_session* still
                                     in Discovery (no PADS yet) or set up */
    GHashTable *by_sid;         /**< pd_pppoe_key -> pd_link* of a set-up PPPoE session */
} pd_pppoe_state;

/** Sets up @st's lookups (empty) / frees them (not the sessions and links they point to). */
void pd_pppoe_init(pd_pppoe_state *st);
void pd_pppoe_clear(pd_pppoe_state *st);
/** Frees what @d owns (its texts); pd_session_free calls it. */
void pd_pppoe_disc_free(pd_pppoe_disc *d);
/** PPPoE's part of forgetting session @s (pd_transport.forget): it leaves the lookups. */
void pd_pppoe_forget(pd_engine *e, pd_session *s, gboolean keep);

G_END_DECLS

#endif /* PD_PPPOE_H */
