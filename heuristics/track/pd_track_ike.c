/* pd_track_ike.c: the tracker of IPsec VPNs without keys (the transport pd_transport_ike,
 * pd_transport.h): an IKE SA attempt of an initiator to a responder is a session (pd_ike.h),
 * known by the initiator's SPI (IKEv1's initiator cookie, RFC 2408 section 3.1; IKEv2's SPIi,
 * RFC 7296 section 3.1); the ESP between the two peers after it (RFC 4303) is counted per
 * direction; ICMP errors quoting the initiator's UDP 500 or 4500 datagrams are linked to the
 * attempt. It records what the messages show in clear and decides nothing: after recording, it
 * tells the rule families (PD_EV_IKE, PD_EV_ICMP_IKE, PD_EV_ESP).
 *
 * Which peer sent a message: the session whose initiator is the sender (or the receiver) with
 * the message's initiator SPI; a message of no known SA makes a session only as the first
 * message of an exchange (IKEv2 IKE_SA_INIT request, IKEv1 main or aggressive mode with no
 * responder cookie), or, for a capture that began after it, from IKEv2's Initiator flag
 * (midstream; IKEv1 has none: its messages of an unknown SA make nothing). An IKE_SA_INIT
 * answered with INVALID_KE_PAYLOAD or COOKIE is retried (RFC 7296 sections 1.2 and 2.6): a new
 * IKE_SA_INIT of the same initiator to the same responder continues that session, under its
 * SPI too. Another first message of the same initiator to the same responder is its next attempt:
 * the earlier one, if unanswered, is over. Retransmissions (the same message again, RFC 7296
 * section 2.1) count as sent again. Behind NAT the initiator's messages move to UDP 4500 from
 * the same address: the addresses, not the ports, find the session.
 *
 * The NAT detection hashes (RFC 7296 section 2.23, RFC 3947 section 3.2) are recomputed from the
 * addresses and ports the capture shows: a source hash that is not the sender's shows the sender
 * behind a NAT, a destination hash that is not the receiver's the receiver (pd_ike_sa.nat).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_events.h"
#include "pd_names.h"
#include "pd_retention.h"
#include "pd_transport.h"

#include <string.h>

static const guint8 zero_spi[8];

/* The session whose initiator is @initiator, responder @responder, with SPI @ispi, or NULL. */
static pd_session *sa_of(pd_engine *e, const pd_addr *initiator, const pd_addr *responder,
                         const guint8 *ispi)
{
    pd_ike_key k = pd_ike_key_of(initiator, responder, ispi);
    return g_hash_table_lookup(e->ike.by_spi, &k);
}

/* The latest session of @initiator with @responder, or NULL. */
static pd_session *latest_of(pd_engine *e, const pd_addr *initiator, const pd_addr *responder)
{
    pd_ike_peers p = pd_ike_peers_of(initiator, responder);
    return g_hash_table_lookup(e->ike.by_peers, &p);
}

/* @s is also found by SPI @ispi of its initiator. */
static void key_spi(pd_engine *e, pd_session *s, const guint8 *ispi)
{
    pd_ike_key *k = g_new(pd_ike_key, 1);
    *k = pd_ike_key_of(&s->info.client, &s->info.server, ispi);
    g_hash_table_replace(e->ike.by_spi, k, s);
}

/* The attempt of @s is over at @o: it settles lcp_timeout seconds later (pd_evict_settled); one
 * that got no answer and found nothing is a light one (pd_retention_closed). Once. */
static void attempt_over(pd_engine *e, pd_session *s, double time)
{
    pd_ike_sa *a = s->ike;
    pd_retention_attempt_over(e, s, &a->closed, time, a->answered != 0);
}

/* A new attempt of the sender of @o (IKE version @version, first exchange @exchange, initiator
 * SPI @ispi) to its receiver; NULL when the cap refuses it (pd_session_room). */
static pd_session *new_session(pd_engine *e, const pd_observation *o, const pd_addr *initiator,
                               const pd_addr *responder, guint16 iport, guint16 rport)
{
    const pd_obs_ike *m = &o->ike;
    pd_session *old = latest_of(e, initiator, responder);
    if (old && !old->ike->answered)
        attempt_over(e, old, o->time);
    if (!pd_session_room(e, o))
        return NULL;
    pd_session *s = pd_session_new(e, o->frame, o->time, PD_CARRIER_IKE);
    s->info.client = *initiator;
    s->info.server = *responder;
    s->info.client_port = iport;
    s->info.server_port = rport;
    s->ike = g_new0(pd_ike_sa, 1);
    s->ike->version = m->version;
    s->ike->exchange = m->exchange;
    memcpy(s->ike->ispi, m->ispi, 8);
    key_spi(e, s, m->ispi);
    pd_ike_peers *p = g_new(pd_ike_peers, 1);
    *p = pd_ike_peers_of(initiator, responder);
    g_hash_table_replace(e->ike.by_peers, p, s);
    return s;
}

/* TRUE when @m is the first message of an exchange that sets up an IKE SA, sent by its
 * initiator: IKEv2 IKE_SA_INIT request, IKEv1 main or aggressive mode in clear with no responder
 * cookie yet. */
static gboolean first_message(const pd_obs_ike *m)
{
    if (memcmp(m->rspi, zero_spi, 8) != 0 || m->encrypted)
        return FALSE;
    if (m->version == 2)
        return m->exchange == PD_IKE_SA_INIT && (m->flags & PD_IKE_F_INITIATOR) &&
               !(m->flags & PD_IKE_F_RESPONSE);
    return m->exchange == PD_IKE_V1_MAIN || m->exchange == PD_IKE_V1_AGGRESSIVE;
}

/* TRUE when the responder's clear answer @m asks the initiator to try again (RFC 7296: a
 * COOKIE, section 2.6; INVALID_KE_PAYLOAD, section 1.2): no refusal. */
static gboolean asks_retry(const pd_obs_ike *m)
{
    for (guint i = 0; i < m->n_notify && i < PD_IKE_MAX_NOTIFY; i++)
        if (m->notify[i] == PD_IKE_N_INVALID_KE_PAYLOAD || m->notify[i] == PD_IKE_N_COOKIE)
            return TRUE;
    return FALSE;
}

/* The session of @o and its sender's side (*dir), making one for a first message or, from
 * IKEv2's Initiator flag, for an SA whose start the capture lacks; NULL for anything else. */
static pd_session *session_of(pd_engine *e, const pd_observation *o, int *dir)
{
    const pd_obs_ike *m = &o->ike;
    pd_session *s = sa_of(e, &o->src, &o->dst, m->ispi);
    if (s) {
        *dir = PD_DIR_PNS;
        return s;
    }
    s = sa_of(e, &o->dst, &o->src, m->ispi);
    if (s) {
        *dir = PD_DIR_PAC;
        return s;
    }
    *dir = PD_DIR_PNS;
    if (first_message(m)) {
        pd_session *old = latest_of(e, &o->src, &o->dst);
        if (old && old->ike->retry && !old->ike->closed && old->ike->version == m->version) {
            old->ike->retry = FALSE; /* the retry the responder asked for: the same attempt */
            key_spi(e, old, m->ispi);
            return old;
        }
        return new_session(e, o, &o->src, &o->dst, m->sport, m->dport);
    }
    if (m->version != 2 || memcmp(m->rspi, zero_spi, 8) == 0)
        return NULL;
    gboolean from_initiator = (m->flags & PD_IKE_F_INITIATOR) != 0;
    s = from_initiator ? new_session(e, o, &o->src, &o->dst, m->sport, m->dport)
                       : new_session(e, o, &o->dst, &o->src, m->dport, m->sport);
    if (!s)
        return NULL;
    s->ike->midstream = TRUE;
    s->ike->answered = o->frame; /* an SA past its first exchange was answered */
    s->ike->answered_time = o->time;
    *dir = from_initiator ? PD_DIR_PNS : PD_DIR_PAC;
    return s;
}

/* The NAT detection hashes of @m (from side @dir) compared with the addresses and ports of @o
 * (see the top). */
static void nat_detection(pd_ike_sa *a, const pd_observation *o, int dir)
{
    const pd_obs_ike *m = &o->ike;
    if (!m->natd_src_len || !m->natd_dst_len)
        return;
    int src = pd_ike_natd_matches(m->natd_src, m->natd_src_len, m->ispi, m->rspi, &o->src,
                                  m->sport);
    int dst = pd_ike_natd_matches(m->natd_dst, m->natd_dst_len, m->ispi, m->rspi, &o->dst,
                                  m->dport);
    if (src < 0 || dst < 0)
        return;
    guint8 was = a->nat;
    a->nat |= PD_IKE_NAT_CHECKED;
    if (!src)
        a->nat |= dir == PD_DIR_PNS ? PD_IKE_NAT_INITIATOR : PD_IKE_NAT_RESPONDER;
    if (!dst)
        a->nat |= dir == PD_DIR_PNS ? PD_IKE_NAT_RESPONDER : PD_IKE_NAT_INITIATOR;
    if (!a->natd_frame || a->nat != was)
        a->natd_frame = o->frame;
}

/* A message of the exchange in clear (IKE_SA_INIT, main mode 1-4, aggressive mode) from @dir. */
static void clear_message(pd_engine *e, pd_session *s, const pd_observation *o, int dir)
{
    pd_ike_sa *a = s->ike;
    const pd_obs_ike *m = &o->ike;
    if (dir == PD_DIR_PNS) {
        if (a->n_init++ == 0) {
            a->first_init = o->frame;
            a->first_init_time = o->time;
        }
        a->last_init = o->frame;
        a->last_init_time = o->time;
        if (!a->n_offered && m->n_xforms) {
            a->n_offered = MIN(m->n_xforms, PD_IKE_MAX_XFORMS);
            memcpy(a->offered, m->xforms, a->n_offered * sizeof a->offered[0]);
        }
        return;
    }
    if (!a->answered) {
        a->answered = o->frame;
        a->answered_time = o->time;
    }
    if (asks_retry(m)) {
        a->retry = TRUE;
        return;
    }
    gboolean refuses = FALSE;
    for (guint i = 0; i < m->n_notify && i < PD_IKE_MAX_NOTIFY; i++)
        if (m->notify[i] && m->notify[i] < 8192) { /* an error type (RFC 7296 3.10.1) */
            refuses = TRUE;
            if (!a->refusal) {
                a->refusal = m->notify[i];
                a->refusal_frame = o->frame;
            }
        }
    if (!refuses && !a->init_ok) {
        a->init_ok = o->frame;
        pd_milestone_add(e, s, o->frame, PD_MS_IKE_ANSWERED);
    }
}

/* An encrypted message (IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL; IKEv1 main mode 5-6, quick
 * mode, Informational) from @dir. */
static void encrypted_message(pd_engine *e, pd_session *s, const pd_observation *o, int dir)
{
    pd_ike_sa *a = s->ike;
    const pd_obs_ike *m = &o->ike;
    gboolean info = m->exchange == PD_IKE_INFORMATIONAL || m->exchange == PD_IKE_V1_INFO;
    if (info) {
        if (!a->info[dir]) {
            a->info[dir] = o->frame;
            a->info_time[dir] = o->time;
        }
        return;
    }
    if (m->version == 1 && m->exchange == PD_IKE_V1_QUICK) {
        if (dir == PD_DIR_PAC)
            a->quick_answered = a->quick_answered ? a->quick_answered : o->frame;
        else if (a->quick_answered && !a->quick_done) {
            a->quick_done = o->frame; /* the initiator's third message: the IPsec SA is up */
            a->up_time = o->time;
        }
        return;
    }
    gboolean auth = m->version == 2 ? m->exchange == PD_IKE_AUTH : m->exchange == PD_IKE_V1_MAIN ||
                                                                     m->exchange == PD_IKE_V1_AGGRESSIVE;
    if (!auth)
        return;
    if (dir == PD_DIR_PNS) {
        if (m->version == 2 && a->n_auth_answers && m->message_id <= a->answer_mid)
            a->n_retx_answered++;
        if (a->n_auth++ == 0) {
            a->first_auth = o->frame;
            a->first_auth_time = o->time;
            a->auth_natt = m->natt;
        }
        a->last_auth = o->frame;
        a->last_auth_time = o->time;
        return;
    }
    if (a->n_auth_answers++ == 0) {
        a->first_auth_answer = o->frame;
        pd_milestone_add(e, s, o->frame, PD_MS_IKE_AUTH_ANSWERED);
    }
    a->last_auth_answer = o->frame;
    a->last_auth_answer_time = o->time;
    a->answer_mid = m->message_id;
    if (m->version == 2)
        a->up_time = o->time;
}

static void on_ike(pd_engine *e, const pd_observation *o)
{
    int dir;
    pd_session *s = session_of(e, o, &dir);
    if (!s)
        return;
    pd_ike_sa *a = s->ike;
    const pd_obs_ike *m = &o->ike;
    pd_touch(e, s, o, NULL);
    /* the initiator answers the responder once its messages carry the responder's SPI (learnt
     * from its answer); its first messages only ask */
    pd_sent_by(s, dir, memcmp(m->rspi, zero_spi, 8) == 0);
    pd_session_note_ttl(s, dir, o->ttl);
    a->vendors[dir] |= m->vendors;
    if (m->ip_fragmented) {
        if (dir == PD_DIR_PNS)
            a->init_fragmented = TRUE;
        else
            a->resp_fragmented = TRUE;
    }
    nat_detection(a, o, dir);
    if (m->encrypted)
        encrypted_message(e, s, o, dir);
    else if (m->exchange == PD_IKE_SA_INIT || m->exchange == PD_IKE_V1_MAIN ||
             m->exchange == PD_IKE_V1_AGGRESSIVE)
        clear_message(e, s, o, dir);
    else if (dir == PD_DIR_PAC && !a->answered) {
        a->answered = o->frame; /* an informational in clear (IKEv1 notify) answers too */
        a->answered_time = o->time;
    }
    if (dir == PD_DIR_PAC && !a->refusal && !m->encrypted && m->exchange == PD_IKE_V1_INFO)
        for (guint i = 0; i < m->n_notify && i < PD_IKE_MAX_NOTIFY; i++)
            if (m->notify[i] && m->notify[i] < 8192) {
                a->refusal = m->notify[i];
                a->refusal_frame = o->frame;
                break;
            }
    pd_emit_kind(e, PD_EV_IKE, o, s, NULL, NULL, dir);
}

/* An ESP packet between the peers of an IKE session (undecrypted, PD_OBS_ESP; or a packet
 * Wireshark decrypted, pd_observation.esp): counted per direction; the first of a direction is
 * PD_EV_ESP. @own: the frame is the session's (an undecrypted packet; what was decrypted belongs
 * to the session of what it carries). */
static void esp_packet(pd_engine *e, const pd_observation *o, gboolean own)
{
    int dir = PD_DIR_PNS;
    pd_session *s = latest_of(e, &o->src, &o->dst);
    if (!s) {
        s = latest_of(e, &o->dst, &o->src);
        dir = PD_DIR_PAC;
    }
    if (!s)
        return;
    pd_ike_sa *a = s->ike;
    if (own) {
        pd_touch(e, s, o, NULL);
        pd_sent_by(s, dir, FALSE); /* ESP follows the responder's answers */
    } else {
        a->n_esp_clear++;
    }
    if (a->n_esp[dir]++ == 0) {
        a->esp_first[dir] = o->frame;
        if (!a->n_esp[1 - dir])
            a->first_esp_natt = o->kind == PD_OBS_ESP ? o->espkt.natt : o->esp == PD_ESP_UDP;
        if (a->n_esp[1 - dir])
            pd_milestone_add(e, s, o->frame, PD_MS_ESP_BOTH_WAYS);
        a->esp_last[dir] = o->frame;
        pd_emit_kind(e, PD_EV_ESP, o, s, NULL, NULL, dir);
        return;
    }
    a->esp_last[dir] = o->frame;
}

static void on_esp(pd_engine *e, const pd_observation *o)
{
    esp_packet(e, o, TRUE);
}

/* L2TP that Wireshark decrypted from ESP (L2TP/IPsec with the ESP SAs): the ESP it came in. */
static void on_l2tp(pd_engine *e, const pd_observation *o)
{
    if (o->esp)
        esp_packet(e, o, FALSE);
}

/* An ICMP Destination Unreachable (not a path MTU report) quoting a UDP datagram to or from port
 * 500 or 4500 between the peers of an IKE session: PD_EV_ICMP_IKE. */
static void on_icmp(pd_engine *e, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    if (ic->quoted_proto != PD_IPPROTO_UDP)
        return;
    guint16 sp = ic->quoted_udp_sport, dp = ic->quoted_udp_dport;
    if (sp != PD_IKE_PORT && dp != PD_IKE_PORT && sp != PD_NATT_PORT && dp != PD_NATT_PORT)
        return;
    gboolean unreachable = o->src.family == 4 ? ic->type == 3 : ic->type == 1;
    if (!unreachable || pd_icmp_too_big(o->src.family, ic->type, ic->code))
        return;
    pd_session *s = latest_of(e, &ic->quoted_src, &ic->quoted_dst);
    if (s)
        pd_emit_kind(e, PD_EV_ICMP_IKE, o, s, NULL, NULL, -1);
}

/* IKE takes IKE messages, ESP, L2TP decrypted from ESP, and the ICMP errors quoting IKE. */
const pd_transport pd_transport_ike = {
    .name = "ike",
    .observe = {[PD_OBS_IKE] = on_ike, [PD_OBS_ESP] = on_esp, [PD_OBS_L2TP] = on_l2tp,
                [PD_OBS_ICMP_ERROR] = on_icmp},
    .forget = pd_ike_forget,
};
