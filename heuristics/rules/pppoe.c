/* rules/pppoe.c: PPPoE's Discovery stage (RFC 2516 section 5) and its end: no access
 * concentrator answers the host's PADIs, a concentrator refuses (an error tag in its PADO or
 * PADS, or a PADS with SESSION_ID 0), a PADR never confirmed, a PADT from the concentrator that
 * ends a session nothing else explains; an MRU agreed above what the session carries over
 * Ethernet (an advisory). The PPP inside the session is the PPP families' (lcp,
 * auth, ccp, ipcp, healthy), as for any link.
 *
 * Windows names a broadband (PPPoE) connection that gets no answer differently by version:
 * 651 ERROR_FROM_DEVICE since Windows 7, 815 ERROR_BROADBAND_TIMEOUT on Vista, 678
 * ERROR_NO_ANSWER on XP (raserror.h; doc/sources.md, "PPPoE").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* Seconds a host waits for a PADO or PADS before the Discovery stage counts as unanswered, when
 * it has also repeated its request: RFC 2516 5.1 has the host resend its PADI with a growing
 * timeout; pppd's rp-pppoe plugin waits 5 s, then 10 s (lab: PADIs at 0, 5 and 15 s). */
#define PPPOE_WAIT_S 10.0

static const pd_rule no_offer = {
    .id = PD_RULE_PPPOE_NO_OFFER, .name = "pppoe-no-offer", .key = "pppoe_no_offer",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPPoE: no access concentrator answered the host's PADIs",
    .ras = {651, 815, 678, 0},
    .fix = "Check the line first: the DSL or fibre modem must be up and in bridge mode, the cable in "
           "its LAN (not WAN) port, and the VLAN the ISP requires set on the router or modem. Leave "
           "the connection's Service Name empty unless the ISP gave one. If all of that is right, "
           "the ISP's access concentrator for this line does not answer: call the ISP.",
    .seeds = "RFC 2516 5.1-5.2; raserror.h (651, 815, 678)",
    .wire = "PADIs broadcast by the host, repeated, for 10 s or until the capture ends, and no "
            "PADO (a lone PADI concludes nothing: its answer may be a unicast the capture does "
            "not see)",
    .confidence = "likely (an inference from silence; withdrawn if a PADO comes later)",
};

static const pd_rule refused = {
    .id = PD_RULE_PPPOE_REFUSED, .name = "pppoe-refused", .key = "pppoe_refused",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPPoE: the access concentrator refused the session (error tag or SESSION_ID 0)",
    .ras = {651, 815, 678, 0},
    .fix = "The tag's text is the concentrator's reason. AC-System-Error: the concentrator is out "
           "of sessions or resources (often one session per line or per MAC address: end the "
           "other session, or wait for the ISP to time it out); Service-Name-Error: clear the "
           "connection's Service Name or set the one the ISP gave; otherwise ask the ISP with the "
           "text.",
    .seeds = "RFC 2516 5.2, 5.4 and Appendix A (Service-Name-Error, AC-System-Error, Generic-Error)",
    .wire = "a PADO or PADS carrying Service-Name-Error, AC-System-Error or Generic-Error, or a PADS "
            "with SESSION_ID 0",
    .confidence = "confirmed",
};

static const pd_rule no_session = {
    .id = PD_RULE_PPPOE_NO_SESSION, .name = "pppoe-padr-unanswered", .key = "pppoe_padr_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPPoE: the access concentrator offered (PADO) but never confirmed the PADR",
    .ras = {651, 815, 678, 0},
    .fix = "The concentrator answers but does not set up the session: it may allow one session per "
           "line or MAC address (end the other one, or wait for it to time out), or be overloaded. "
           "Restart the modem and router; if it persists, ask the ISP.",
    .seeds = "RFC 2516 5.3-5.4",
    .wire = "PADO from the concentrator, PADRs from the host, repeated, for 10 s or until the "
            "capture ends, no PADS",
    .confidence = "likely (withdrawn if a PADS comes later)",
};

static const pd_rule terminated = {
    .id = PD_RULE_PPPOE_TERMINATED, .name = "pppoe-terminated", .key = "pppoe_terminated",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "PPPoE: the access concentrator ended the session (PADT)",
    .ras = {629, 628, 0},
    .fix = "The ISP's side ended the session: look for a reason in its logs (idle or session time "
           "limit, the account logged in elsewhere, a maintenance restart); reconnect, and call the "
           "ISP if it happens again.",
    .seeds = "RFC 2516 5.5; raserror.h (628, 629)",
    .wire = "PADT from the concentrator ending a session that nothing before it explains, with no "
            "LCP Terminate-Request before it (after one, a PADT is the orderly end)",
    .confidence = "confirmed",
};

/* The largest PPP payload a PPPoE session carries over Ethernet: 1500 less the PPPoE header (6
 * bytes) and the PPP Protocol (2) (RFC 2516 section 7), unless PPP-Max-Payload grants more. */
#define PPPOE_MAX_MRU 1492

static const pd_rule mru_too_large = {
    .id = PD_RULE_PPPOE_MRU_TOO_LARGE, .name = "pppoe-mru-too-large", .key = "pppoe_mru_too_large",
    .severity = PD_SEV_WARN, .group = PD_GROUP_PROTOCOL,
    .summary = "PPPoE: LCP agreed an MRU above what the session carries over Ethernet (1492)",
    .ras = {0},
    .fix = "Set the PPPoE connection's MTU and MRU to 1492 or less (a router's PPPoE or WAN "
           "interface: MTU 1492; pppd: `mtu 1492 mru 1492`), on the host and on the access "
           "concentrator; or, where the ISP and every Ethernet link on the way take larger frames, "
           "have the concentrator grant that size with PPP-Max-Payload (RFC 4638).",
    .seeds = "RFC 2516 section 7 (the MRU MUST NOT be negotiated above 1492); RFC 4638 sections "
             "4-5 (PPP-Max-Payload); RFC 1661 section 6.1",
    .wire = "an LCP Configure-Ack of a PPPoE session acknowledging a Maximum-Receive-Unit above "
            "1492, or above the PPP-Max-Payload the concentrator's PADS granted: large packets "
            "toward that side cannot fit an Ethernet frame; said when LCP opens",
    .confidence = "possible (the MRU is on the wire; whether packets that large were sent and lost "
                  "is not): an advisory that does not fail the session",
    .observation = TRUE,
    .advisory = TRUE,
};

static const pd_rule *const rows[] = {&no_offer, &refused, &no_session, &terminated,
                                      &mru_too_large};

typedef struct {
    pd_finding *pending; /* an inference from silence, superseded when the answer comes */
    guint8 fired;        /* the inference was made before the end of the capture */
} pppoe_state;

/* Whom the host asked: "for service 'X'", "for any service", or "" (no Service-Name tag). */
static char *asked_for(const pd_pppoe_disc *d)
{
    if (!d->service_name)
        return g_strdup("");
    if (!d->service_name[0])
        return g_strdup(" for any service (an empty Service-Name)");
    return g_strdup_printf(" for the service '%s'", d->service_name);
}

/* The session's state when @n requests of the host, the first at @first (seconds), went
 * unanswered long enough to conclude at @now: the host repeated its request (RFC 2516 5.1: it
 * resends what got no answer; a host whose answer the capture does not hold, another host's
 * unicast PADO, does not), and PPPOE_WAIT_S passed, or the capture ended (@eoc: a provisional
 * conclusion). NULL when not, or when the session already concluded so (once per answer). */
static pppoe_state *unanswered(pd_session *s, guint n, double first, double now, gboolean eoc)
{
    if (n < 2 || (!eoc && now - first < PPPOE_WAIT_S))
        return NULL;
    pppoe_state *st = pd_session_slice(s, &pd_family_pppoe);
    if (st->fired)
        return NULL;
    st->fired = !eoc;
    return st;
}

/* No PADO after the host's PADIs: at a PADI @frame (@now), or at the end of the capture
 * (@eoc). */
static void check_no_offer(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_pppoe_disc *d = s->pppoe;
    if (!d->n_padi || d->n_pado || d->n_padr || d->pads_frame)
        return;
    pppoe_state *st = unanswered(s, d->n_padi, d->first_padi_time, now, eoc);
    if (!st)
        return;
    double waited = now - d->first_padi_time;
    char *svc = asked_for(d);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_PPPOE_NO_OFFER, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf(
            "The host sent %u PADI%s%s over %.1f s%s and no access concentrator answered with a "
            "PADO: none is reachable on this Ethernet segment (the modem is down or not in bridge "
            "mode, the cable is in the wrong port, a VLAN the ISP requires is missing), or none "
            "offers what the host asked for (RFC 2516 5.2: a concentrator that cannot serve a "
            "PADI does not answer it). Windows reports this as error 651 (Windows 7 and later), "
            "815 (Vista) or 678 (XP).",
            d->n_padi, d->n_padi == 1 ? "" : "s", svc, waited,
            eoc ? " (until the end of the capture)" : ""));
    g_free(svc);
    pd_evidence(f, d->first_padi);
    pd_evidence(f, d->last_padi);
    if (!eoc)
        st->pending = f;
}

/* PADRs without a PADS: as check_no_offer. */
static void check_no_session(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_pppoe_disc *d = s->pppoe;
    if (!d->n_padr || d->pads_frame || d->refused_frame)
        return;
    pppoe_state *st = unanswered(s, d->n_padr, d->first_padr_time, now, eoc);
    if (!st)
        return;
    double waited = now - d->first_padr_time;
    char ac[46];
    pd_addr_to_str(&s->info.server, ac, sizeof ac);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_PPPOE_NO_SESSION, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf(
            "The access concentrator %s%s%s%s offered a session (PADO, frame %u), but the host's "
            "%u PADR%s over %.1f s%s got no PADS: the concentrator will not set up the session "
            "(a limit of sessions per line or MAC address, an AC-Cookie it no longer accepts, "
            "overload), or its PADS is lost.",
            ac, d->ac_name ? " ('" : "", d->ac_name ? d->ac_name : "", d->ac_name ? "')" : "",
            d->pado_frame, d->n_padr, d->n_padr == 1 ? "" : "s", waited,
            eoc ? " (until the end of the capture)" : ""));
    pd_evidence(f, d->pado_frame);
    pd_evidence(f, d->first_padr);
    pd_evidence(f, d->last_padr);
    if (!eoc)
        st->pending = f;
}

/* Name of a PPPoE error tag (RFC 2516 Appendix A). */
static const char *tag_name(guint16 tag)
{
    switch (tag) {
    case PD_PPPOE_TAG_SERVICE_NAME_ERROR: return "Service-Name-Error";
    case PD_PPPOE_TAG_AC_SYSTEM_ERROR: return "AC-System-Error";
    case PD_PPPOE_TAG_GENERIC_ERROR: return "Generic-Error";
    default: return "no error tag";
    }
}

/* The concentrator refused, in the PADO or PADS at @o. */
static void on_refused(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_pppoe_disc *d = s->pppoe;
    char ac[46];
    pd_addr_to_str(&s->info.server, ac, sizeof ac);
    char *svc = asked_for(d);
    char *reason = d->error_tag
        ? g_strdup_printf("%s%s%s%s", tag_name(d->error_tag), d->error_text && d->error_text[0]
                                                                   ? " \""
                                                                   : " (no text)",
                          d->error_text ? d->error_text : "",
                          d->error_text && d->error_text[0] ? "\"" : "")
        : d->refusal_cut
            ? g_strdup("SESSION_ID 0; its tags were cut by the capture's snapshot length, so the "
                       "error tag that says why is not in the capture")
            : g_strdup("SESSION_ID 0 and no error tag");
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_PPPOE_REFUSED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("The access concentrator %s%s%s%s refused the host's request%s in its %s: "
                        "%s.",
                        ac, d->ac_name ? " ('" : "", d->ac_name ? d->ac_name : "",
                        d->ac_name ? "')" : "", svc, d->refused_by_pads ? "PADS" : "PADO",
                        reason));
    g_free(svc);
    g_free(reason);
    pd_evidence(f, d->first_padi);
    pd_evidence(f, d->last_padr);
    pd_evidence(f, d->refused_frame);
}

/* An answer came: the inference from silence made before it no longer stands. */
static void answered(pd_session *s, guint32 frame)
{
    pppoe_state *st = pd_session_slice(s, &pd_family_pppoe);
    if (st->pending) {
        pd_supersede(s, st->pending, frame);
        st->pending = NULL;
    }
    st->fired = FALSE;
}

/* LCP of link @c opened: an MRU either side asked for and its peer acknowledged above what the
 * session carries (PPPOE_MAX_MRU, or the PPP-Max-Payload granted). */
static void check_mru(pd_engine *e, pd_link *c, guint32 frame)
{
    const pd_pppoe_disc *d = c->s->pppoe;
    const pd_ppp_link *l = c->ppp;
    guint limit = MAX(PPPOE_MAX_MRU, d->max_payload);
    for (int dir = 0; l && dir < 2; dir++) {
        if (l->lcp_mru[dir] <= limit)
            continue;
        int peer = 1 - dir;
        char *granted = d->max_payload > PPPOE_MAX_MRU
                            ? g_strdup_printf(", and above the PPP-Max-Payload of %u bytes the "
                                              "concentrator granted", d->max_payload)
                            : g_strdup(" (no PPP-Max-Payload granted a larger size, RFC 4638)");
        pd_finding *f = pd_finding_new(
            e, c->s, c, frame, PD_RULE_PPPOE_MRU_TOO_LARGE, PD_NO_VARIANT, PD_CONF_POSSIBLE,
            g_strdup_printf(
                "The %s asked in LCP for a Maximum-Receive-Unit of %u bytes and the %s "
                "acknowledged it (frame %u): above the %u bytes of PPP a PPPoE session carries "
                "over Ethernet (RFC 2516 section 7: 1500 less the PPPoE header and the PPP "
                "protocol)%s. The %s may now send it packets of up to %u bytes, which do not fit "
                "an Ethernet frame and are dropped on the way: small packets pass, large ones "
                "vanish (web pages that stall, downloads that hang). The session itself is up.",
                pd_side_name(dir), l->lcp_mru[dir], pd_side_name(peer), l->lcp_mru_ack[dir],
                PPPOE_MAX_MRU, granted, pd_side_name(peer), l->lcp_mru[dir]));
        g_free(granted);
        pd_evidence(f, l->lcp_mru_ack[dir]);
        pd_evidence(f, d->pads_frame);
    }
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    if (!s || !s->pppoe)
        return;
    const pd_pppoe_disc *d = s->pppoe;
    if (ev->kind == PD_EV_PPP) {
        if (ev->ppp_events & PD_PPP_EV_LCP_OPENED)
            check_mru(e, ev->c, ev->o->frame);
        return;
    }
    if (ev->kind == PD_EV_TICK) {
        check_no_offer(e, s, ev->o->frame, ev->o->time, FALSE);
        check_no_session(e, s, ev->o->frame, ev->o->time, FALSE);
        return;
    }
    switch (ev->o->pppoe.code) {
    case PD_PPPOE_PADO:
        if (d->pado_frame == ev->o->frame)
            answered(s, ev->o->frame);
        if (d->refused_frame == ev->o->frame)
            on_refused(e, s, ev->o);
        break;
    case PD_PPPOE_PADS:
        if (d->pads_frame == ev->o->frame)
            answered(s, ev->o->frame);
        if (d->refused_frame == ev->o->frame)
            on_refused(e, s, ev->o);
        break;
    default:
        break;
    }
}

/* A link ended by the concentrator's PADT, with nothing else to explain it. A PADT after an LCP
 * Terminate-Request of either side is the orderly end of the session (RFC 2516 5.5: the PPP
 * link is closed, then the session; pppoe-server sends it when the host hangs up), not this. */
static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    const pd_pppoe_disc *d = c->s->pppoe;
    if (!d || end->frame != d->padt_frame || end->by != PD_DIR_PAC || !c->ppp ||
        c->ppp->lcp_term[PD_DIR_PNS] || c->ppp->lcp_term[PD_DIR_PAC])
        return;
    char ac[46];
    pd_addr_to_str(&c->s->info.server, ac, sizeof ac);
    guint32 ev[] = {c->reply_frame, c->net_frame, d->padt_frame};
    pd_propose(e, c, d->padt_frame, cands, PD_RULE_PPPOE_TERMINATED, PD_NO_VARIANT,
               PD_CONF_CONFIRMED,
               g_strdup_printf("The access concentrator %s ended the PPPoE session (SESSION_ID "
                               "0x%04x) with a PADT %s, and nothing before it says why.",
                               ac, c->pppoe.session_id,
                               c->net_frame ? "while the link was up"
                                            : "before PPP reached the network phase"),
               ev, G_N_ELEMENTS(ev));
}

static void on_finish(pd_engine *e, pd_session *s)
{
    if (!s->pppoe)
        return;
    check_no_offer(e, s, s->pppoe->last_padi, e->last_time, TRUE);
    check_no_session(e, s, s->pppoe->last_padr, e->last_time, TRUE);
}

const pd_family pd_family_pppoe = {
    .name = "pppoe", .carrier = PD_CARRIER_PPPOE, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(pppoe_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPPOE) | PD_EV_BIT(PD_EV_TICK) | PD_EV_BIT(PD_EV_PPP),
    .on_call_end = on_call_end, .on_finish = on_finish,
};
