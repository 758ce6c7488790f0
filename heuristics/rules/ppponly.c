/* rules/ppponly.c: PPP captured without its carrier (PD_CARRIER_PPP: Network Monitor's NDISWAN
 * view of a Windows VPN or dial-up adapter, pppd's record file, a PPP interface or serial line).
 * The PPP is the PPP families' (lcp, auth, ccp, ipcp, healthy), as on any link; this family says
 * what the capture itself lacks: the carrier under the PPP, and, where the capture records no
 * direction, which end sent each frame. Notes about the capture, never blamed on the network.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

enum { NO_CARRIER, NO_DIRECTION };

static const pd_variant lacks_variants[] = {
    [NO_CARRIER] = {
        .name = "carrier-not-captured", .ras = {0},
        .wire = "PPP frames with no carrier around them: the capture's link layer is PPP (HDLC-like "
                "framing, RFC 1662; a PPP interface; pppd's `record` file) or Network Monitor's "
                "NDISWAN frames (Ethernet frames whose type field holds the PPP protocol: LCP "
                "0xc021, CHAP 0xc223, ...); said on the link's first frame"},
    [NO_DIRECTION] = {
        .name = "no-direction", .ras = {0},
        .wire = "such a capture that does not record which end sent each frame (tcpdump's DLT_PPP, "
                "PPP over HDLC): a frame's sender is known only where the frame names it (the "
                "authenticator's LCP Configure-Request with an Authentication-Protocol and its CHAP "
                "Challenge, Success, Failure and PAP Ack, Nak; the client's CHAP Response and PAP "
                "Authenticate-Request); the others were not read, said at the end with their "
                "count"},
};

static const pd_rule lacks_carrier = {
    .id = PD_RULE_CAPTURE_LACKS_CARRIER, .name = "capture-lacks-carrier",
    .key = "capture_lacks_carrier",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "The capture holds a PPP link's frames but not the carrier under them",
    .ras = {0},
    .fix = "To see the carrier (PPTP's TCP 1723 and GRE, L2TP's UDP 1701, PPPoE, IKE and ESP), "
           "capture on the network adapter too: Wireshark or `pktmon` on Windows, `tcpdump -i "
           "eth0` elsewhere, beside this capture of the PPP link.",
    .seeds = "Wireshark packet-ppp.c and etypes (NDISWAN passes PPP's own protocols up with the "
             "PPP protocol number as the Ethernet type); pppd(8) `record`; RFC 1661 section 6.2, "
             "RFC 1994 section 4, RFC 1334 section 2.2 (who authenticates whom)",
    .wire = "PPP frames captured on the PPP link itself, without their carrier",
    .confidence = "confirmed (the capture's link layer says so)",
    .variants = lacks_variants, .n_variants = G_N_ELEMENTS(lacks_variants),
    .observation = TRUE,
};

static const pd_rule *const rows[] = {&lacks_carrier};

/* The carrier note, on the session's first frame (its one PPP observation: once). */
static void on_event(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    if (ev->kind != PD_EV_TICK || !s || !s->ppponly || ev->o->frame != s->info.first_frame)
        return;
    gboolean ndiswan = s->ppponly->form == PD_PPP_FORM_NDISWAN;
    pd_finding *f = pd_finding_new(
        e, s, NULL, ev->o->frame, PD_RULE_CAPTURE_LACKS_CARRIER, NO_CARRIER, PD_CONF_CONFIRMED,
        g_strdup_printf(
            "This capture was taken on the PPP link itself (%s): it holds the link's PPP from "
            "frame %u, but not the carrier under it (PPTP's TCP 1723 and GRE, L2TP, PPPoE, or a "
            "modem). The PPP is diagnosed as on any link; whether the carrier was blocked, "
            "refused or dropped cannot be seen here. This is the capture's limit, not the "
            "network's.",
            ndiswan ? "Network Monitor's view of a Windows VPN or dial-up adapter: PPP's own "
                      "packets in Ethernet frames whose type field is the PPP protocol"
                    : "a PPP interface, a serial line or pppd's record file",
            ev->o->frame));
    pd_evidence(f, ev->o->frame);
}

/* Frames whose sender the capture did not record and their content did not tell. */
static void on_finish(pd_engine *e, pd_session *s)
{
    const pd_ppponly_link *l = s->ppponly;
    if (!l || !l->n_unsided)
        return;
    pd_finding *f = pd_finding_new(
        e, s, NULL, l->first_unsided, PD_RULE_CAPTURE_LACKS_CARRIER, NO_DIRECTION,
        PD_CONF_CONFIRMED,
        g_strdup_printf(
            "The capture does not record which end of the link sent each frame, so a frame's "
            "sender is known only where the frame names it (the authenticator's LCP request and "
            "CHAP or PAP verdicts, the client's responses): %u of the link's %u PPP frames (the "
            "first: frame %u) told nothing and were not read. What rests on them (LCP and IPCP "
            "negotiation, echoes, data) cannot be told from this capture; capture with a tool "
            "that records the direction (pppd's `record`, Network Monitor, a pcapng file with "
            "directions).",
            l->n_unsided, l->n_frames, l->first_unsided));
    pd_evidence(f, l->first_unsided);
}

const pd_family pd_family_ppponly = {
    .name = "ppponly", .carrier = PD_CARRIER_PPP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_TICK), .on_finish = on_finish,
};
