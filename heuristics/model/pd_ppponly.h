/* pd_ppponly.h: the records of PPP captured without its carrier (PD_OBS_PPP: Network Monitor's
 * NDISWAN view of a Windows VPN adapter, pppd's record file, a PPP link layer): the part of the
 * engine's model that is this carrier's own. A session is one connection attempt on one PPP
 * link (an interface and a pair of ends), from its LCP negotiation to its LCP Terminate-Request;
 * its one link is the PPP. The tracker (track/pd_track_ppponly.c) writes them; the family
 * ppponly (rules/ppponly.c) reads them. Included by pd_records.h.
 *
 * Frame numbers are Wireshark's (1-based, 0 = none).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_PPPONLY_H
#define PD_PPPONLY_H

#include "pd_engine.h"
#include "pd_observation.h"

G_BEGIN_DECLS

typedef struct pd_session pd_session;

/** The carrier part of a session of PPP captured on its own (pd_session.ppponly). */
typedef struct {
    guint32 interface;          /**< the capture's interface (pd_obs_pppframe.interface) */
    pd_addr end[2];             /**< the ends as the link's first frame gave them (its source
                                     and destination; unset where the capture records no
                                     direction): the link's key with interface */
    guint8 form;                /**< pd_ppp_form of its frames */
    guint8 closed;              /**< the attempt is over (an LCP Terminate-Request, or the next
                                     attempt began): the session settles (pd_retention.h) */
    guint n_unsided;            /**< frames whose sender neither the capture records nor their
                                     content tells (pd_track_ppponly.c): not read */
    guint32 first_unsided;      /**< the first of them, 0 if none */
    guint n_frames;             /**< the link's PPP frames in the capture */
} pd_ppponly_link;

/** A link's key (pd_ppponly_state.by_link): the interface and the two ends, the lower one
 *  (memcmp) first, so that both directions find it; ends unset where the capture records no
 *  direction. No padding. */
typedef struct {
    guint32 interface;
    pd_addr a, b;
} pd_ppponly_key;

/** The key of the link on @interface between @x and @y, in either order. */
pd_ppponly_key pd_ppponly_key_of(guint32 interface, const pd_addr *x, const pd_addr *y);

/** The engine's lookups of this carrier (pd_engine.ppponly), made by pd_ppponly_init. */
typedef struct {
    GHashTable *by_link;        /**< pd_ppponly_key -> the link's latest pd_session* */
} pd_ppponly_state;

/** Sets up @st's lookups (empty) / frees them (not the sessions they point to). */
void pd_ppponly_init(pd_ppponly_state *st);
void pd_ppponly_clear(pd_ppponly_state *st);
/** This carrier's part of forgetting session @s (pd_transport.forget): it leaves the lookup. */
void pd_ppponly_forget(pd_engine *e, pd_session *s, gboolean keep);

G_END_DECLS

#endif /* PD_PPPONLY_H */
