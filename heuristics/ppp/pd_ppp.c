/* pd_ppp.c: PPP negotiation of one link (see pd_ppp.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_ppp.h"

#include <string.h>

#include "pd_observation.h"

pd_ppp_link *pd_ppp_link_new(void)
{
    return g_new0(pd_ppp_link, 1);
}

/* Exchanges the two elements of array @a (any element type). */
#define SWAP2(a)                                                                               \
    do {                                                                                       \
        char tmp_[sizeof(a)[0]];                                                               \
        memcpy(tmp_, &(a)[0], sizeof tmp_);                                                    \
        memcpy(&(a)[0], &(a)[1], sizeof tmp_);                                                 \
        memcpy(&(a)[1], tmp_, sizeof tmp_);                                                    \
    } while (0)

void pd_ppp_link_swap(pd_ppp_link *l)
{
    SWAP2(l->lcp_req_n); SWAP2(l->lcp_req_first); SWAP2(l->lcp_req_last); SWAP2(l->lcp_ack);
    SWAP2(l->lcp_mru); SWAP2(l->lcp_mru_ack);
    SWAP2(l->lcp_req_after_ack); SWAP2(l->lcp_nak_n); SWAP2(l->lcp_nak_first);
    SWAP2(l->lcp_nak_last); SWAP2(l->auth_req); SWAP2(l->auth_asked); SWAP2(l->auth_asked_algo);
    SWAP2(l->auth_refused); SWAP2(l->auth_refused_rej); SWAP2(l->auth_offered);
    SWAP2(l->auth_offered_algo); SWAP2(l->lcp_term); SWAP2(l->term_msg);
    SWAP2(l->echo_first_unanswered); SWAP2(l->echo_last); SWAP2(l->echo_unanswered);
    SWAP2(l->ccp_mppe_req); SWAP2(l->ccp_mppe_bits); SWAP2(l->ccp_ack); SWAP2(l->ccp_refused);
    SWAP2(l->ccp_refused_how); SWAP2(l->ncp_ack[PD_NCP_IPCP]); SWAP2(l->ncp_ack[PD_NCP_IPV6CP]);
    SWAP2(l->ipcp_req); SWAP2(l->ipcp_nak_n); SWAP2(l->ipcp_nak_first); SWAP2(l->ipcp_nak_last);
    SWAP2(l->ipcp_rej_addr); SWAP2(l->ipcp_protrej); SWAP2(l->ipcp_term);
    SWAP2(l->ipcp_term_ack); SWAP2(l->data); SWAP2(l->first_rx); SWAP2(l->first_rx_time);
    SWAP2(l->last_rx); SWAP2(l->last_rx_time); SWAP2(l->last_rx_stamp);
}

void pd_ppp_activity(pd_ppp_link *l, int dir, guint32 frame, double time, double stamp)
{
    if (!l->first_rx[dir]) {
        l->first_rx[dir] = frame;
        l->first_rx_time[dir] = time;
    }
    l->last_rx[dir] = frame;
    l->last_rx_time[dir] = time;
    if (stamp > l->last_rx_stamp[dir])
        l->last_rx_stamp[dir] = stamp;
    l->echo_unanswered[1 - dir] = 0;
}

gboolean pd_ppp_ncp_up(const pd_ppp_link *l, int ncp)
{
    return l->ncp_ack[ncp][0] && l->ncp_ack[ncp][1];
}

const char *pd_ppp_phase(const pd_ppp_link *l)
{
    if (!l->lcp_opened)
        return "link establishment";
    if (!l->auth_ok && (l->auth_req[0] || l->auth_req[1]))
        return "authentication";
    return "network";
}

static void keep_text(char *dst, const char *msg)
{
    g_strlcpy(dst, msg ? msg : "", PD_PPP_TEXT);
}

static guint on_lcp(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f)
{
    int peer = 1 - dir;
    switch (f->code) {
    case PD_CP_CONF_REQ:
        if (l->lcp_req_n[dir]++ == 0)
            l->lcp_req_first[dir] = frame;
        l->lcp_req_last[dir] = frame;
        if (l->lcp_ack[peer])
            l->lcp_req_after_ack[dir]++;
        if (f->auth_protocol) {
            l->auth_req[dir] = frame;
            l->auth_asked[dir] = f->auth_protocol;
            l->auth_asked_algo[dir] = f->auth_algorithm;
        }
        return 0;
    case PD_CP_CONF_ACK:
        if (!l->lcp_ack[dir])
            l->lcp_ack[dir] = frame;
        if (f->mru) { /* the Ack repeats the peer's request (RFC 1661 5.2) */
            l->lcp_mru[peer] = f->mru;
            l->lcp_mru_ack[peer] = frame;
        }
        if (l->lcp_ack[peer] && !l->lcp_opened) {
            l->lcp_opened = frame;
            return PD_PPP_EV_LCP_OPENED;
        }
        return 0;
    case PD_CP_CONF_NAK:
    case PD_CP_CONF_REJ:
        if (f->code == PD_CP_CONF_NAK) {
            if (l->lcp_nak_n[dir]++ == 0)
                l->lcp_nak_first[dir] = frame;
            l->lcp_nak_last[dir] = frame;
        }
        if ((f->cp_options & (1u << PD_LCP_OPT_AUTH)) && l->auth_req[peer] && !l->auth_refused[dir]) {
            l->auth_refused[dir] = frame;
            l->auth_refused_rej[dir] = f->code == PD_CP_CONF_REJ;
            l->auth_offered[dir] = f->auth_protocol;
            l->auth_offered_algo[dir] = f->auth_algorithm;
        }
        return 0;
    case PD_CP_TERM_REQ:
        if (l->lcp_term[dir])
            return 0;
        l->lcp_term[dir] = frame;
        keep_text(l->term_msg[dir], f->message);
        return l->lcp_term[peer] ? 0 : PD_PPP_EV_LCP_TERMINATE;
    case PD_CP_PROTO_REJ:
        if (f->rejected_protocol == PD_PPP_CCP && !l->ccp_refused[dir]) {
            l->ccp_refused[dir] = frame;
            l->ccp_refused_how[dir] = "LCP Protocol-Reject of CCP";
        } else if (f->rejected_protocol == PD_PPP_IPCP && !l->ipcp_protrej[dir]) {
            l->ipcp_protrej[dir] = frame;
        }
        return 0;
    case PD_CP_ECHO_REQ:
        if (f->stamp < l->last_rx_stamp[peer])
            return 0; /* stored after a frame of the peer stamped later: answered */
        if (l->echo_unanswered[dir]++ == 0)
            l->echo_first_unanswered[dir] = frame;
        l->echo_last[dir] = frame;
        return 0;
    default:
        return 0;
    }
}

static guint on_ccp(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f)
{
    gboolean mppe = (f->cp_options & (1u << PD_CCP_OPT_MPPE)) != 0;
    switch (f->code) {
    case PD_CP_CONF_REQ:
        if (mppe && !l->ccp_mppe_req[dir])
            l->ccp_mppe_req[dir] = frame;
        if (mppe)
            l->ccp_mppe_bits[dir] = f->mppe_bits & PD_MPPE_STRENGTHS;
        return 0;
    case PD_CP_CONF_ACK:
        if (l->ccp_ack[dir])
            return 0;
        l->ccp_ack[dir] = frame;
        return l->ccp_ack[1 - dir] ? PD_PPP_EV_CCP_UP : 0;
    case PD_CP_CONF_REJ:
        if (mppe && !l->ccp_refused[dir]) {
            l->ccp_refused[dir] = frame;
            l->ccp_refused_how[dir] = "CCP Configure-Reject of MPPE";
        }
        return 0;
    default:
        return 0;
    }
}

static guint on_ipcp(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f)
{
    if (f->has_ipcp_address && f->code != PD_CP_CONF_REJ) {
        l->has_ipcp_addr = TRUE;
        memcpy(l->ipcp_addr, f->ipcp_address, 4);
    }
    switch (f->code) {
    case PD_CP_CONF_REQ:
        if (!l->ipcp_req[dir])
            l->ipcp_req[dir] = frame;
        return 0;
    case PD_CP_CONF_NAK:
        if (l->ipcp_nak_n[dir]++ == 0)
            l->ipcp_nak_first[dir] = frame;
        l->ipcp_nak_last[dir] = frame;
        return 0;
    case PD_CP_CONF_REJ:
        if ((f->cp_options & (1u << PD_IPCP_OPT_ADDRESS)) && !l->ipcp_rej_addr[dir])
            l->ipcp_rej_addr[dir] = frame;
        return 0;
    case PD_CP_TERM_REQ:
        /* An NCP terminated on its own, not as part of an LCP Terminate (RFC 1661 5.5). */
        if (l->ipcp_term[dir] || l->lcp_term[0] || l->lcp_term[1])
            return 0;
        l->ipcp_term[dir] = frame;
        keep_text(l->term_msg[dir], f->message);
        return PD_PPP_EV_IPCP_TERMINATE;
    case PD_CP_TERM_ACK:
        /* RFC 1661 5.5: it answers a Terminate-Request, or is unsolicited (the sender's IPCP is
         * closed): either way IPCP is not open on the sender from here on. */
        if (l->ipcp_term[1 - dir] || l->ipcp_term_ack[dir] || l->lcp_term[0] || l->lcp_term[1])
            return 0;
        l->ipcp_term_ack[dir] = frame;
        return PD_PPP_EV_IPCP_TERM_ACK;
    default:
        return 0;
    }
}

static guint on_auth(pd_ppp_link *l, guint32 frame, const pd_ppp_frame *f)
{
    gboolean chap = f->protocol == PD_PPP_CHAP;
    if (chap && f->code == PD_CHAP_CHALLENGE && !l->auth_challenge)
        l->auth_challenge = frame;
    else if ((chap && f->code == PD_CHAP_RESPONSE) || (!chap && f->code == PD_PAP_REQ))
        l->auth_response = frame;
    else if ((chap && f->code == PD_CHAP_SUCCESS) || (!chap && f->code == PD_PAP_ACK)) {
        if (!l->auth_ok) {
            l->auth_ok = frame;
            return PD_PPP_EV_AUTH_OK;
        }
    } else if ((chap && f->code == PD_CHAP_FAILURE) || (!chap && f->code == PD_PAP_NAK))
        l->auth_fail = frame;
    return 0;
}

/* PD_PPP_EV_NETWORK if the link has just reached the network phase at @frame (pd_ppp_link
 * net_up), else 0. */
static guint network(pd_ppp_link *l, guint32 frame)
{
    if (l->net_up)
        return 0;
    gboolean ipcp_asked = l->ipcp_req[0] || l->ipcp_req[1];
    if (!pd_ppp_ncp_up(l, PD_NCP_IPCP) &&
        (ipcp_asked || !(pd_ppp_ncp_up(l, PD_NCP_IPV6CP) || (l->data[0] && l->data[1]))))
        return 0;
    l->net_up = frame;
    return PD_PPP_EV_NETWORK;
}

guint pd_ppp_input(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f)
{
    guint ev = 0;
    switch (f->protocol) {
    case PD_PPP_LCP:
        return on_lcp(l, dir, frame, f);
    case PD_PPP_CHAP:
    case PD_PPP_PAP:
        return on_auth(l, frame, f);
    case PD_PPP_CCP:
        return on_ccp(l, dir, frame, f);
    case PD_PPP_IPCP:
    case PD_PPP_IPV6CP:
        if (f->protocol == PD_PPP_IPCP)
            ev = on_ipcp(l, dir, frame, f);
        if (f->code == PD_CP_CONF_ACK) {
            int p = f->protocol == PD_PPP_IPCP ? PD_NCP_IPCP : PD_NCP_IPV6CP;
            if (!l->ncp_ack[p][dir])
                l->ncp_ack[p][dir] = frame;
        }
        return ev | network(l, frame);
    case PD_PPP_COMP:
    case PD_PPP_IP:
    case PD_PPP_IPV6:
        if (l->data[dir])
            return 0;
        l->data[dir] = frame;
        return (l->data[1 - dir] ? PD_PPP_EV_DATA_BOTH : 0) | network(l, frame);
    default:
        return 0;
    }
}

/* The peer's frame (@protocol, @code) that @dir's frame at @frame proves, fed to the link as if
 * captured there (pd_ppp_input). */
static guint as_peer(pd_ppp_link *l, int dir, guint32 frame, guint16 protocol, guint8 code,
                     double stamp)
{
    pd_ppp_frame p = {.protocol = protocol, .code = code, .stamp = stamp};
    return pd_ppp_input(l, 1 - dir, frame, &p);
}

guint pd_ppp_imply(pd_ppp_link *l, int dir, guint32 frame, const pd_ppp_frame *f)
{
    int peer = 1 - dir;
    guint ev = 0;
    gboolean auth = f->protocol == PD_PPP_CHAP || f->protocol == PD_PPP_PAP;
    gboolean ncp = f->protocol == PD_PPP_CCP || f->protocol == PD_PPP_IPCP ||
                   f->protocol == PD_PPP_IPV6CP;
    gboolean data = f->protocol == PD_PPP_COMP || f->protocol == PD_PPP_IP ||
                    f->protocol == PD_PPP_IPV6;
    /* Past link establishment (authentication, an NCP, data: RFC 1661 3.2): the peer
     * acknowledged the sender's LCP Configure-Request. */
    if ((auth || ncp || data) && l->lcp_req_n[dir] && !l->lcp_ack[peer])
        ev |= as_peer(l, dir, frame, PD_PPP_LCP, PD_CP_CONF_ACK, f->stamp);
    /* In the network phase (an NCP, data) after its own authentication response: the peer
     * accepted it (RFC 1994 4.2, RFC 1334 2.2: Success or Authenticate-Ack). */
    if ((ncp || data) && l->auth_response && !l->auth_ok && !l->auth_fail) {
        gboolean pap = l->auth_asked[peer] == PD_PPP_PAP;
        ev |= as_peer(l, dir, frame, pap ? PD_PPP_PAP : PD_PPP_CHAP,
                      pap ? PD_PAP_ACK : PD_CHAP_SUCCESS, f->stamp);
    }
    switch (f->protocol) {
    case PD_PPP_LCP:
        /* a Configure-Ack answers the peer's Configure-Request (RFC 1661 5.2) */
        if (f->code == PD_CP_CONF_ACK && !l->lcp_req_n[peer])
            ev |= as_peer(l, dir, frame, PD_PPP_LCP, PD_CP_CONF_REQ, f->stamp);
        break;
    case PD_PPP_CHAP:
        /* a Response answers the peer's Challenge; Success or Failure its Response (RFC 1994
         * 4.1, 4.2) */
        if (f->code == PD_CHAP_RESPONSE && !l->auth_challenge)
            ev |= as_peer(l, dir, frame, PD_PPP_CHAP, PD_CHAP_CHALLENGE, f->stamp);
        else if ((f->code == PD_CHAP_SUCCESS || f->code == PD_CHAP_FAILURE) && !l->auth_response)
            ev |= as_peer(l, dir, frame, PD_PPP_CHAP, PD_CHAP_RESPONSE, f->stamp);
        break;
    case PD_PPP_PAP:
        if ((f->code == PD_PAP_ACK || f->code == PD_PAP_NAK) && !l->auth_response)
            ev |= as_peer(l, dir, frame, PD_PPP_PAP, PD_PAP_REQ, f->stamp);
        break;
    case PD_PPP_IPCP:
        if (f->code == PD_CP_CONF_ACK && !l->ipcp_req[peer])
            ev |= as_peer(l, dir, frame, PD_PPP_IPCP, PD_CP_CONF_REQ, f->stamp);
        break;
    default:
        break;
    }
    /* Data: the sender's NCP is open, so the peer acknowledged its Configure-Request (RFC 1661
     * 3.2; RFC 1332 for IPv4, RFC 5072 for IPv6, RFC 3078 for MPPE's CCP). */
    if (data) {
        if (l->ipcp_req[dir] && !l->ncp_ack[PD_NCP_IPCP][peer])
            ev |= as_peer(l, dir, frame, PD_PPP_IPCP, PD_CP_CONF_ACK, f->stamp);
        if (f->protocol == PD_PPP_COMP && l->ccp_mppe_req[dir] && !l->ccp_ack[peer])
            ev |= as_peer(l, dir, frame, PD_PPP_CCP, PD_CP_CONF_ACK, f->stamp);
    }
    return ev;
}

pd_ppp_frame pd_ppp_frame_of(const pd_obs_ppp *p)
{
    pd_ppp_frame f = {
        .protocol = p->protocol, .code = p->code, .message = p->message,
        .malformed = p->malformed, .cp_options = p->cp_options,
        .auth_protocol = p->auth_protocol, .auth_algorithm = p->auth_algorithm,
        .has_ipcp_address = p->has_ipcp_address, .rejected_protocol = p->rejected_protocol,
        .rejected_code = p->rejected_code, .mppe_bits = p->mppe_bits, .mru = p->mru,
    };
    memcpy(f.ipcp_address, p->ipcp_address, 4);
    return f;
}

int pd_ppp_sender_role(const pd_obs_ppp *p)
{
    switch (p->protocol) {
    case PD_PPP_CHAP:
        return p->code == PD_CHAP_RESPONSE ? 0
             : p->code == PD_CHAP_CHALLENGE || p->code == PD_CHAP_SUCCESS ||
                       p->code == PD_CHAP_FAILURE
                 ? 1
                 : -1;
    case PD_PPP_PAP:
        return p->code == PD_PAP_REQ ? 0 : p->code == PD_PAP_ACK || p->code == PD_PAP_NAK ? 1 : -1;
    case PD_PPP_LCP:
        return p->code == PD_CP_CONF_REQ && p->auth_protocol ? 1 : -1;
    default:
        return -1;
    }
}
