/* rules/healthy.c: the call reached PPP's network phase (RFC 1661 3.2; a PPP fact,
 * pd_ppp_link.net_up, which the other rules read too): IPCP acknowledged in both directions; or,
 * when nobody asked for IPCP (an IPv6-only tunnel, or a capture without the negotiation), IPV6CP
 * acknowledged or PPP data flowing both ways. Healthy means the user's IPv4 traffic works: IPV6CP
 * alone does not make a session healthy while IPCP is still negotiating or failed (lab
 * chap_ip_restriction). The finding is made when the phase is reached and nothing explains the
 * call otherwise (a failure reached first stays the call's explanation). A call set up before the capture started (a capture that
 * starts mid-session: lab capture_mid_session, public pptpcrack-test.pcap) shows only data both
 * ways: healthy, likely.
 * An IPsec session (PD_CARRIER_IKE, no PPP of its own) is healthy once its SA is up and ESP flows
 * both ways: confirmed for IKEv2, whose SA is the VPN; likely for IKEv1 (L2TP/IPsec), whose L2TP
 * and PPP inside the ESP may still fail (an L2TP session of its own says so when Wireshark
 * decrypted them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

static const pd_rule healthy = {
    .id = PD_RULE_HEALTHY, .name = "healthy", .key = "healthy",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "Session healthy: PPP reached the network phase, or IPsec ESP flows both ways",
    .ras = {0}, .fix = "", .seeds = "",
    .wire = "PPP reaches the network phase over the call: IPCP Configure-Ack in both directions; when no IPCP Configure-Request was seen, IPV6CP Configure-Ack in both directions or PPP data both ways. IPsec: the SA set up (IKEv2 IKE_AUTH answered, IKEv1 quick mode done) and ESP both ways",
    .confidence = "confirmed; likely for a call set up before the capture started (only PPP data both ways is seen) and for L2TP/IPsec (IKEv1) without its ESP decrypted",
    .is_verdict = TRUE,
};

static const pd_rule *const rows[] = {&healthy};

static void check_up(pd_engine *e, pd_link *c, guint32 frame)
{
    const pd_ppp_link *l = c->ppp;
    int ncp = pd_ppp_ncp_up(l, PD_NCP_IPCP)     ? PD_NCP_IPCP
              : pd_ppp_ncp_up(l, PD_NCP_IPV6CP) ? PD_NCP_IPV6CP
                                                : -1;
    pd_finding *f;
    if (c->before_capture && ncp < 0) {
        /* The capture starts mid-session: data both ways is what shows the tunnel works. */
        gboolean pptp = c->s->info.carrier == PD_CARRIER_PPTP;
        f = pd_finding_new(
            e, c->s, c, frame, PD_RULE_HEALTHY, PD_NO_VARIANT, PD_CONF_LIKELY,
            g_strdup_printf("The %s was set up before the capture started, so its PPP "
                            "negotiation is not in it; PPP data flows over %s in both directions "
                            "(from the client in frame %u, from the server in frame %u): the "
                            "tunnel carries the user's traffic.",
                            pptp ? "PPTP call" : pd_link_noun(c), pd_link_packets(c),
                            l->data[0], l->data[1]));
        pd_evidence(f, l->data[0]);
        pd_evidence(f, l->data[1]);
    } else {
        f = pd_finding_new(e, c->s, c, frame, PD_RULE_HEALTHY, PD_NO_VARIANT, PD_CONF_CONFIRMED,
                           NULL);
        /* one of three sentences per carrier, kept once, not once per call */
        static const char *const up[4][3] = {
            {"The PPTP call is up: LCP opened, authentication passed and IPCP was acknowledged in "
             "both directions.",
             "The PPTP call is up: LCP opened, authentication passed and IPV6CP was acknowledged "
             "in both directions.",
             "The PPTP call is up: PPP data flows over GRE in both directions."},
            {"The PPPoE session is up: LCP opened, authentication passed and IPCP was acknowledged "
             "in both directions.",
             "The PPPoE session is up: LCP opened, authentication passed and IPV6CP was "
             "acknowledged in both directions.",
             "The PPPoE session is up: PPP data flows in both directions."},
            {"The L2TP session is up: LCP opened, authentication passed and IPCP was acknowledged "
             "in both directions.",
             "The L2TP session is up: LCP opened, authentication passed and IPV6CP was "
             "acknowledged in both directions.",
             "The L2TP session is up: PPP data flows in both directions."},
            {"The PPP link is up: LCP opened, authentication passed and IPCP was acknowledged in "
             "both directions.",
             "The PPP link is up: LCP opened, authentication passed and IPV6CP was acknowledged "
             "in both directions.",
             "The PPP link is up: PPP data flows in both directions."},
        };
        guint8 carrier = c->s->info.carrier;
        pd_finding_set_fixed_cause(
            f, up[carrier == PD_CARRIER_PPPOE ? 1 : carrier == PD_CARRIER_L2TP ? 2
                  : carrier == PD_CARRIER_PPP  ? 3 : 0]
                 [ncp == PD_NCP_IPCP ? 0 : ncp == PD_NCP_IPV6CP ? 1 : 2]);
        pd_evidence(f, c->reply_frame);
        pd_evidence(f, l->lcp_opened);
        pd_evidence(f, l->auth_ok);
        pd_evidence(f, ncp >= 0 ? l->ncp_ack[ncp][0] : l->data[0]);
        pd_evidence(f, ncp >= 0 ? l->ncp_ack[ncp][1] : l->data[1]);
    }
    if (f)
        pd_milestone_add(e, c->s, frame, PD_MS_NCP_UP);
}

/* An IPsec session's ESP began in its second direction (PD_EV_ESP): healthy if the SA is up. */
static void check_ipsec(pd_engine *e, pd_session *s, guint32 frame)
{
    const pd_ike_sa *a = s->ike;
    if (!a->n_esp[0] || !a->n_esp[1])
        return;
    gboolean v2 = a->version == 2;
    guint32 up = v2 ? a->last_auth_answer : a->quick_done;
    if (!up && !a->midstream)
        return; /* ESP of another SA between the peers: this attempt set up nothing */
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_HEALTHY, PD_NO_VARIANT,
        v2 && up ? PD_CONF_CONFIRMED : PD_CONF_LIKELY,
        g_strdup_printf("%s and ESP flows in both directions (from the initiator in frame %u, "
                        "from the responder in frame %u): %s",
                        v2 ? (up ? "The IKEv2 SA is up (IKE_AUTH answered)"
                                 : "The IKEv2 SA was set up before the capture started")
                           : (up ? "The IPsec SA is up (IKEv1 quick mode done)"
                                 : "An IPsec SA is in use"),
                        a->esp_first[0], a->esp_first[1],
                        v2 ? "the VPN carries the user's traffic."
                           : a->n_esp_clear ? "the tunnel inside it is diagnosed on its own (the "
                                              "L2TP Wireshark decrypted)."
                                            : "the IPsec layer works; the L2TP and PPP inside it "
                                              "are encrypted, so whether they came up is not "
                                              "seen."));
    pd_evidence(f, pd_ike_answer(a));
    pd_evidence(f, up);
    pd_evidence(f, a->esp_first[0]);
    pd_evidence(f, a->esp_first[1]);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind == PD_EV_PPP && (ev->ppp_events & PD_PPP_EV_NETWORK))
        check_up(e, ev->c, ev->o->frame);
    else if (ev->kind == PD_EV_ESP && ev->s && ev->s->ike)
        check_ipsec(e, ev->s, ev->o->frame);
}

const pd_family pd_family_healthy = {
    .name = "healthy", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPP) | PD_EV_BIT(PD_EV_ESP),
};
