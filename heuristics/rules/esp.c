/* rules/esp.c: the ESP of an IPsec SA (RFC 4303; PD_CARRIER_IKE sessions, pd_ike.h): once the SA
 * is up, ESP in one direction only, or none from the initiator; and, about the capture, the L2TP
 * and PPP of L2TP/IPsec inside ESP that Wireshark did not decrypt. IKE's own exchanges are
 * rules/ike.c's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* Seconds without ESP from the initiator after the SA was set up that show none arrives (the
 * initiator sends at once: L2TP's SCCRQ, the user's traffic); an INFORMATIONAL of the initiator
 * sooner than that is the end of a failed authentication (rules/ike.c), not this. */
#define ESP_WAIT_S 10
/* ESP packets of one direction, with none the other way, that show ESP one way. */
#define ESP_ONE_WAY_MIN 3

enum { ONE_WAY, NONE_ARRIVED };
static const pd_variant esp_variants[] = {
    [ONE_WAY] = {.name = "one-way", .ras = {809, 0},
                 .wire = "ESP from one peer only (" G_STRINGIFY(ESP_ONE_WAY_MIN) " packets or more), none from the other"},
    [NONE_ARRIVED] = {.name = "none-arrived", .ras = {809, 0},
                      .wire = "no ESP at all from the initiator while the SA was up, until it "
                              "deleted the SA or the capture ended " G_STRINGIFY(ESP_WAIT_S) " s later"},
};

static const pd_rule esp_blocked = {
    .id = PD_RULE_ESP_BLOCKED, .name = "esp-blocked", .key = "esp_blocked",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "IPsec up but ESP does not pass: ESP in one direction only, or none",
    .ras = {809, 0},
    .fix = "Allow IP protocol 50 (ESP) both ways on the firewalls between the peers (IPsec "
           "passthrough on a home router), or let NAT traversal carry ESP in UDP 4500; check "
           "that the server routes its ESP back the way the client's came.",
    .seeds = "004_10239a7ff750633b.txt (IPsec VPNs need ESP beside UDP 500 and 1701), "
             "003_965bd2a90097e84d.txt (809), RFC 4303, RFC 3948",
    .wire = "the IPsec SA set up (IKEv1 quick mode done, IKEv2 IKE_AUTH answered), then (variants below)",
    .confidence = "likely (an inference from silence)",
    .variants = esp_variants, .n_variants = G_N_ELEMENTS(esp_variants),
};

static const pd_rule not_decrypted = {
    .id = PD_RULE_ESP_NOT_DECRYPTED, .name = "esp-not-decrypted", .key = "esp_not_decrypted",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture cannot show L2TP/IPsec's L2TP and PPP: they are inside ESP that "
               "Wireshark did not decrypt",
    .ras = {0},
    .fix = "To see them (and pptpdiag's L2TP and PPP diagnosis: an authentication failure 691, "
           "LCP, IPCP), give Wireshark the ESP SAs: Protocols > ESP > ESP SAs, with \"Attempt to "
           "detect/decode encrypted ESP payloads\" on (a Linux peer's `ip xfrm state` lists "
           "them); or capture on the client's VPN adapter, where PPP is in clear.",
    .seeds = "RFC 3193 section 2 (L2TP inside ESP transport mode), RFC 4303; Wireshark's ESP "
             "preferences (esp_sa table)",
    .wire = "ESP Wireshark did not decrypt between the peers of an IKEv1 SA (Windows uses IKEv1 "
            "for L2TP/IPsec only); said on the first such ESP packet",
    .confidence = "confirmed (the capture holds encrypted ESP)",
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&esp_blocked, &not_decrypted};

typedef struct {
    guint8 fired;  /* esp-blocked said */
    guint8 noted;  /* esp-not-decrypted said */
} esp_state;

const pd_family pd_family_esp;

/* TRUE when the IPsec SA of @a is up: IKEv1 quick mode done; IKEv2 IKE_AUTH answered. */
static gboolean sa_up(const pd_ike_sa *a)
{
    return a->version == 1 ? a->quick_done != 0 : a->n_auth_answers > 0;
}

/* ESP one way or none once the SA is up: at the end of the capture, or at the initiator's
 * informational exchange (its Delete). None: no ESP either way for ESP_WAIT_S after the SA was
 * set up, up to the initiator's Delete or the end of the capture. */
static void check_esp(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_ike_sa *a = s->ike;
    esp_state *st = pd_session_slice(s, &pd_family_esp);
    if (st->fired || !sa_up(a))
        return;
    guint32 up = a->version == 1 ? a->quick_done : a->last_auth_answer;
    int one = a->n_esp[0] >= ESP_ONE_WAY_MIN && !a->n_esp[1]   ? PD_DIR_PNS
              : a->n_esp[1] >= ESP_ONE_WAY_MIN && !a->n_esp[0] ? PD_DIR_PAC
                                                               : -1;
    gboolean deleted = a->info[PD_DIR_PNS] > up;
    double until = deleted ? a->info_time[PD_DIR_PNS] : now;
    gboolean none = !a->n_esp[0] && !a->n_esp[1] && (eoc || deleted) &&
                    until - a->up_time >= ESP_WAIT_S;
    if (one < 0 && !none)
        return;
    if (one >= 0 && !eoc && !deleted)
        return; /* one way so far: the end (or the initiator's Delete) decides */
    st->fired = TRUE;
    char s_addr[46];
    pd_addr_to_str(&s->info.server, s_addr, sizeof s_addr);
    const char *r = s_addr;
    const char *carrier = a->first_esp_natt ? "ESP in UDP 4500" : "ESP (IP protocol 50)";
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_ESP_BLOCKED, one >= 0 ? ONE_WAY : NONE_ARRIVED, PD_CONF_LIKELY,
        one >= 0
            ? g_strdup_printf("The IPsec SA with %s was set up (frame %u), then the %s sent %u "
                              "%s packets and none came back from the %s%s: %s is dropped on the "
                              "path between them (a firewall or router that passes IKE but not "
                              "ESP), or the other peer does not route its answers back. Windows "
                              "reports this as error 809.",
                              r, up, one == PD_DIR_PNS ? "initiator" : "responder",
                              a->n_esp[one], carrier, one == PD_DIR_PNS ? "responder" : "initiator",
                              eoc ? " until the end of the capture" : "", carrier)
            : g_strdup_printf("The IPsec SA with %s was set up (frame %u), then no ESP arrived "
                              "from the initiator%s: its ESP (IP protocol 50) is dropped before it "
                              "reaches this capture point (a firewall or router that passes IKE "
                              "but not ESP), unless the capture's own filter left ESP out (`udp "
                              "port 500`). Windows reports this as error 809.",
                              r, up,
                              deleted ? " before it deleted the SA"
                                      : " until the end of the capture"));
    pd_evidence(f, up);
    pd_evidence(f, one >= 0 ? a->esp_first[one] : a->info[PD_DIR_PNS]);
    pd_evidence(f, one >= 0 ? a->esp_last[one] : 0);
}

/* L2TP/IPsec's ESP that Wireshark did not decrypt: the note, on its first packet. */
static void esp_seen(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_ike_sa *a = s->ike;
    if (a->version != 1 || o->kind != PD_OBS_ESP)
        return;
    esp_state *st = pd_session_slice(s, &pd_family_esp);
    if (st->noted)
        return;
    st->noted = TRUE;
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_ESP_NOT_DECRYPTED, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("This IKEv1 SA (IKEv1 is what Windows uses for L2TP/IPsec) carries %s "
                        "that Wireshark did not decrypt: the L2TP tunnel and the PPP inside it "
                        "(where an authentication failure, 691, or an LCP or IPCP failure would "
                        "show) are not visible in this capture.",
                        o->espkt.natt ? "ESP in UDP 4500" : "ESP"));
    pd_evidence(f, o->frame);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    if (!s || !s->ike)
        return;
    const pd_ike_sa *a = s->ike;
    guint32 frame = ev->o->frame;
    if (ev->kind == PD_EV_ESP)
        esp_seen(e, s, ev->o);
    else if (ev->kind == PD_EV_IKE && ev->dir == PD_DIR_PNS && a->info[PD_DIR_PNS] == frame)
        check_esp(e, s, frame, ev->o->time, FALSE);
}

static void on_finish(pd_engine *e, pd_session *s)
{
    if (!s->ike)
        return;
    const pd_ike_sa *a = s->ike;
    guint32 last = MAX(MAX(a->last_init, a->last_auth), MAX(a->answered, a->last_auth_answer));
    check_esp(e, s, MAX(last, a->quick_done), e->last_time, TRUE);
}

const pd_family pd_family_esp = {
    .name = "esp", .carrier = PD_CARRIER_IKE, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(esp_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_IKE) | PD_EV_BIT(PD_EV_ESP),
    .on_finish = on_finish,
};
