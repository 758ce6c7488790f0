/* pd_track_ppponly.c: the tracker of PPP captured without its carrier (PD_OBS_PPP; the transport
 * pd_transport_ppponly, pd_transport.h): a capture on the PPP link itself (Network Monitor on a
 * Windows VPN or dial-up adapter, pppd's record file, a PPP interface or serial line), where the
 * carrier under the PPP (PPTP, L2TP, PPPoE, a modem) is not in the capture. Each connection
 * attempt on a link (an interface and a pair of ends) is a session with one link, whose PPP goes
 * to the PPP module like any link's (pd_track_ppp); an LCP Configure-Request after the link's
 * LCP Terminate-Request begins the next attempt (a client dialling again). It records and
 * decides nothing: the PPP families (lcp, auth, ccp, ipcp, healthy) and ppponly read the facts.
 *
 * Who is the client: the authenticator, which asks for an Authentication-Protocol in its LCP
 * Configure-Request and sends the CHAP Challenge, Success and Failure and the PAP Ack and Nak,
 * is the server; the side that sends the CHAP Response or the PAP Authenticate-Request is the
 * client (RFC 1661 6.2, RFC 1994 4, RFC 1334 2.2, RFC 2759). Until a frame says so, the roles
 * are a guess (roles_unsure): the capturing host is the client (Network Monitor and pppd's
 * record file are most often run on the client that fails), or, where the ends are MAC
 * addresses, the sender of the link's first frame; the first frame that names them fixes them
 * (swapping the link's directions once, pd_ppp_link_swap). Where the capture records no
 * direction at all (DLT_PPP, PPP over HDLC), a frame's sender is known only from such a frame;
 * the other frames are counted (n_unsided) and not read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"
#include "pd_retention.h"
#include "pd_track_ppp.h"
#include "pd_transport.h"

#include <string.h>

/* A new attempt on the link of @o (key @k), or NULL when the cap refuses it (pd_session_room). */
static pd_session *new_session(pd_engine *e, const pd_observation *o, const pd_ppponly_key *k)
{
    if (!pd_session_room(e, o))
        return NULL;
    pd_session *s = pd_session_new(e, o->frame, o->time, PD_CARRIER_PPP);
    pd_ppponly_link *l = g_new0(pd_ppponly_link, 1);
    s->ppponly = l;
    l->interface = o->pppframe.interface;
    l->form = o->pppframe.form;
    l->end[0] = o->src;
    l->end[1] = o->dst;
    /* the guess (see the top): the capturing host, else the first sender */
    gboolean peer_first = o->src.family == PD_ADDR_END && o->src.bytes[0] == PD_END_PEER;
    s->info.client = peer_first ? o->dst : o->src;
    s->info.server = peer_first ? o->src : o->dst;
    s->info.roles_unsure = TRUE;
    pd_link *c = pd_link_new(s);
    c->established = TRUE; /* the link exists: its carrier set it up before its PPP */
    c->reply_frame = o->frame;
    c->up_time = o->time;
    g_hash_table_replace(e->ppponly.by_link, g_memdup2(k, sizeof *k), s);
    return s;
}

/* The roles of @s, named by frame @p sent by the end @sender (see the top): fixed once; when the
 * guess was the wrong way round, the ends and the link's directions swap. */
static void name_roles(pd_session *s, const pd_addr *sender, int role)
{
    if (s->ppp_roles || role < 0)
        return;
    s->ppp_roles = TRUE;
    s->info.roles_unsure = FALSE;
    if (!sender->family)
        return; /* no direction recorded: each frame's sender is its content's */
    gboolean is_client = pd_addr_equal(sender, &s->info.client);
    if (is_client == (role == PD_DIR_PNS))
        return;
    pd_session_swap_ends(s);
    pd_link *c = s->links[0];
    if (c->ppp)
        pd_ppp_link_swap(c->ppp);
    pd_slices_free(c->slice, PD_MAX_CALL_SLICES);
    c->slice = NULL;
}

/* TRUE when the attempt of @s on its link is over and an LCP Configure-Request begins the next:
 * its LCP was terminated, or it settled. */
static gboolean attempt_done(const pd_session *s)
{
    const pd_link *c = s->links[0];
    return s->ppponly->closed || !c->ppp || c->ppp->lcp_term[0] || c->ppp->lcp_term[1];
}

static void on_ppp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_ppp *p = &o->pppframe.ppp;
    if (!p->protocol)
        return;
    pd_ppponly_key k = pd_ppponly_key_of(o->pppframe.interface, &o->src, &o->dst);
    pd_session *s = g_hash_table_lookup(e->ppponly.by_link, &k);
    if (s && p->protocol == PD_PPP_LCP && p->code == PD_CP_CONF_REQ && attempt_done(s)) {
        pd_retention_attempt_over(e, s, &s->ppponly->closed, o->time, TRUE);
        s = NULL;
    }
    if (!s && !(s = new_session(e, o, &k)))
        return; /* refused by the cap */
    pd_link *c = s->links[0];
    pd_ppponly_link *l = s->ppponly;
    l->n_frames++;
    int role = pd_ppp_sender_role(p);
    name_roles(s, &o->src, role);
    int dir = !o->src.family ? role
            : pd_addr_equal(&o->src, &s->info.client) ? PD_DIR_PNS
            : pd_addr_equal(&o->src, &s->info.server) ? PD_DIR_PAC
                                                      : -1;
    pd_touch(e, s, o, NULL);
    if (dir < 0) {
        if (!l->n_unsided++)
            l->first_unsided = o->frame;
        return;
    }
    pd_sent_by(s, dir, FALSE);
    if (!c->ppp)
        return; /* settled */
    pd_ppp_activity(c->ppp, dir, o->frame, o->time, e->stamp);
    pd_track_ppp(e, c, NULL, dir, o, p);
    if (c->ppp && (c->ppp->lcp_term[0] || c->ppp->lcp_term[1]) && !c->end_frame) {
        c->end_frame = o->frame;
        pd_retention_attempt_over(e, s, &s->ppponly->closed, o->time, TRUE);
    }
}

/* PPP without its carrier takes PD_OBS_PPP frames. */
const pd_transport pd_transport_ppponly = {
    .name = "ppponly",
    .observe = {[PD_OBS_PPP] = on_ppp},
    .forget = pd_ppponly_forget,
};
