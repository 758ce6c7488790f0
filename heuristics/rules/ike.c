/* rules/ike.c: IPsec VPNs from what the wire shows without keys (IKEv1, RFC 2409: L2TP/IPsec;
 * IKEv2, RFC 7296; ESP, RFC 4303; NAT traversal, RFC 3947/3948): the initiator's first message
 * unanswered or refused by an ICMP error; the responder refusing every proposal; NAT detected and
 * UDP 4500 then unanswered; IKE_AUTH lost on a path that carried IKE_SA_INIT (large messages
 * fragmented); an IKEv1 main mode 5 the responder cannot read (pre-shared keys differ); IKEv2
 * ending after its encrypted authentication with no ESP (ESP itself: rules/esp.c).
 * INVALID_KE_PAYLOAD and COOKIE are normal exchanges (RFC 7296 sections 1.2, 2.6), never
 * findings. What IKE encrypts (identities, certificates, EAP, AUTHENTICATION_FAILED) is never
 * read: causes after the encrypted step are inferences with their alternatives listed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_names.h"

/* Seconds the initiator's messages may go unanswered, when retransmitted, before the attempt
 * counts as unanswered: IKE retransmits with a growing timeout (RFC 7296 section 2.1; the lab's
 * strongSwan: 0, 2, 5.6, 12.2 s; Windows about 1, 2, 4, 8 s). The same span after an answer
 * with no next message from the initiator (UDP 4500 after NAT detection). */
#define IKE_WAIT_S 10
/* Seconds without the initiator's next message after the responder's answer, once NAT was
 * detected, that show it did not arrive: the initiator sends IKE_AUTH (IKEv1: main mode 5) as soon
 * as the answer comes (RFC 7296 section 1.2; the lab: within 25 ms), to UDP 4500. */
#define IKE_NEXT_S 3

enum { V_IKEV2, V_IKEV1 };
static const pd_variant proposal_variants[] = {
    [V_IKEV2] = {.name = "ikev2", .ras = {13868, 0},
                 .wire = "IKEv2: IKE_SA_INIT answered with NO_PROPOSAL_CHOSEN"},
    [V_IKEV1] = {.name = "ikev1", .ras = {788, 0},
                 .wire = "IKEv1 (L2TP/IPsec): main mode message 1 answered by an Informational "
                         "with NO_PROPOSAL_CHOSEN"},
};

enum { RETRANSMITTED, NOTHING_AFTER_NAT };
static const pd_variant udp4500_variants[] = {
    [RETRANSMITTED] = {.name = "retransmitted", .ras = {809, 0},
                       .wire = "the initiator's next messages, on UDP 4500, retransmitted "
                               "without an answer"},
    [NOTHING_AFTER_NAT] = {.name = "nothing-after-nat", .ras = {809, 0},
                           .wire = "no next message of the initiator at all for " G_STRINGIFY(IKE_NEXT_S) " s or more until the capture ends (a capture on the "
                                   "responder's side, where UDP 4500 never arrives; or a Windows "
                                   "L2TP/IPsec client that will not use NAT traversal toward a "
                                   "server behind NAT)"},
};

enum { INFERRED, FRAGMENTS_SEEN };
static const pd_variant fragments_variants[] = {
    [INFERRED] = {.name = "inferred", .ras = {809, 0},
                  .wire = "IKE_AUTH requests retransmitted and unanswered on the path that "
                          "carried IKE_SA_INIT, the fragments themselves not in the capture"},
    [FRAGMENTS_SEEN] = {.name = "fragments-seen", .ras = {809, 0},
                        .wire = "the same, with the IKE messages IP-fragmented in the capture "
                                "(the responder's answers reassembled from fragments, the "
                                "initiator retransmitting as if they never came)"},
};

static const pd_rule unanswered = {
    .id = PD_RULE_UDP500_UNANSWERED, .name = "udp500-unanswered", .key = "udp500_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "IKE unanswered: the initiator's first message to UDP 500 got no reply",
    .ras = {809, 792, 0},
    .fix = "Check that the client's network lets UDP 500 and 4500 out (hotel and guest networks "
           "often allow only web traffic; accept any captive portal first), that no firewall on "
           "the path drops them, that the server address is right, and that the server is up with "
           "its IKE service (RRAS, strongSwan, the firewall's VPN) listening on UDP 500.",
    .seeds = "003_965bd2a90097e84d.txt (809; IPsec's outbound UDP 500 and 4500; 792 for L2TP/IPsec "
             "on older clients), 004_10239a7ff750633b.txt (809), RFC 7296 section 2.1, RFC 2408",
    .wire = "IKEv2 IKE_SA_INIT requests, or IKEv1 main or aggressive mode first messages, of one "
            "initiator SPI retransmitted for " G_STRINGIFY(IKE_WAIT_S) " s, or until the capture "
            "ends, and no message from the responder (a lone request concludes nothing)",
    .confidence = "likely (an inference from silence; withdrawn if the responder answers later)",
};

static const pd_rule unreachable = {
    .id = PD_RULE_UDP500_UNREACHABLE, .name = "udp500-unreachable", .key = "udp500_unreachable",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "IKE unreachable: an ICMP error answered the initiator's datagram to UDP 500 or 4500",
    .ras = {809, 0},
    .fix = "The device that sent the ICMP error blocks IKE or has no route to the server: allow "
           "UDP 500 and 4500 on it (IPsec passthrough on a home router), check the server address "
           "and routing; if the server itself answered port unreachable, start its IKE service.",
    .seeds = "003_965bd2a90097e84d.txt (809; UDP 500 and 4500), 002_fa665eea06b4fd6a.txt (the ICMP "
             "error's source is the device that blocks), RFC 792, RFC 1812 5.2.7.1",
    .wire = "ICMP Destination Unreachable quoting a UDP datagram of the initiator to the "
            "responder's UDP 500 or 4500 before the responder answered (on UDP 4500, after NAT "
            "detection: before it answered there); names the device (`pptpdiag.blocked_by`)",
    .confidence = "confirmed",
};

static const pd_rule no_proposal = {
    .id = PD_RULE_IKE_NO_PROPOSAL_CHOSEN, .name = "ike-no-proposal-chosen",
    .key = "ike_no_proposal_chosen",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "IKE refused: the responder accepts none of the initiator's proposals "
               "(NO_PROPOSAL_CHOSEN)",
    .ras = {13868, 0},
    .fix = "Give both sides a proposal in common, and a strong one: on the server allow the "
           "client's suites or, better, make the client offer stronger ones. A Windows client's "
           "defaults include 3DES, SHA-1 and DH group 2 (MODP1024); set its proposals with "
           "PowerShell Set-VpnConnectionIPsecConfiguration (e.g. -EncryptionMethod AES256 "
           "-IntegrityCheckMethod SHA256 -DHGroup Group14 -CipherTransformConstants AES256 "
           "-AuthenticationTransformConstants SHA256128 -PfsGroup PFS2048), and on a Windows "
           "RRAS server Set-VpnServerConfiguration -CustomPolicy with the same suite; the "
           "server's IKE log names what it wanted.",
    .seeds = "RFC 7296 sections 2.7 and 3.10.1 (NO_PROPOSAL_CHOSEN), RFC 2408 3.14.1, RFC 8247 "
             "(weak transforms), winerror.h ERROR_IPSEC_IKE_POLICY_MATCH (13868), raserror.h "
             "ERROR_OAKLEY_ATTRIB_FAIL (788); Microsoft: Set-VpnConnectionIPsecConfiguration "
             "(doc/sources.md)",
    .wire = "the responder's IKE_SA_INIT response, or IKEv1 Informational, in clear with the notify "
            "NO_PROPOSAL_CHOSEN (14) answering the initiator's first message; the cause lists "
            "what the initiator offered, weak transforms marked",
    .confidence = "confirmed",
    .variants = proposal_variants, .n_variants = G_N_ELEMENTS(proposal_variants),
};

static const pd_rule udp4500 = {
    .id = PD_RULE_UDP4500_UNANSWERED, .name = "udp4500-unanswered", .key = "udp4500_unanswered",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "IKE behind NAT: the exchange moved to UDP 4500 and got no reply there",
    .ras = {809, 0},
    .fix = "Allow UDP 4500 both ways on the NAT device and the firewalls on the path (IPsec "
           "passthrough on a home router): after NAT is detected, IKE and ESP travel in UDP 4500 "
           "(RFC 3948). For a Windows L2TP/IPsec client and a server behind NAT, Windows must be "
           "allowed to use NAT traversal toward it: set HKLM\\SYSTEM\\CurrentControlSet\\Services"
           "\\PolicyAgent AssumeUDPEncapsulationContextOnSendRule (DWORD) to 1 (the server is "
           "behind NAT) or 2 (both are) and restart; or give the server a public address.",
    .seeds = "003_965bd2a90097e84d.txt (NAT on client or server, "
             "AssumeUDPEncapsulationContextOnSendRule; 809), 004_10239a7ff750633b.txt (IPsec "
             "encapsulated within UDP needs the encapsulation setting), RFC 3947 section 3, RFC "
             "3948, RFC 7296 section 2.23 (NAT detection)",
    .wire = "the NAT detection hashes, recomputed from the addresses and ports in the capture "
            "(SHA-1 for IKEv2, the negotiated hash for IKEv1), show a peer behind NAT; the "
            "responder answered on UDP 500, and then (variants below) for " G_STRINGIFY(IKE_WAIT_S) " s or until the capture ends",
    .confidence = "likely (an inference from silence)",
    .variants = udp4500_variants, .n_variants = G_N_ELEMENTS(udp4500_variants),
};

static const pd_rule fragments = {
    .id = PD_RULE_IKE_FRAGMENTS_LOST, .name = "ike-fragments-lost", .key = "ike_fragments_lost",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_SEQUENCE,
    .summary = "IKE_AUTH lost: messages too large for the path, fragmented and dropped",
    .ras = {809, 0},
    .fix = "Turn on IKEv2 fragmentation (RFC 7383) on both sides (Windows 10 1803 and later "
           "clients support it; RRAS: Set-VpnServerConfiguration or the registry value "
           "EnableIKEv2Fragmentation; strongSwan fragmentation=yes), let the firewalls on the "
           "path pass IP fragments of UDP 500 and 4500, or make the messages smaller (a "
           "certificate with fewer names, no unneeded intermediates sent).",
    .seeds = "RFC 7383 sections 1 and 2 (IKE messages with certificates exceed the path MTU; "
             "networks that drop IP fragments), RFC 7296 section 2.1; 003_965bd2a90097e84d.txt "
             "(809); Microsoft: IKEv2 fragmentation for Always On VPN (doc/sources.md)",
    .wire = "the responder answered IKE_SA_INIT; IKE_AUTH requests (which carry certificates) "
            "then retransmitted for " G_STRINGIFY(IKE_WAIT_S) " s or until the capture ends with "
            "no answer arriving on the path that carried IKE_SA_INIT (no NAT move to UDP 4500)",
    .confidence = "likely (an inference from silence; alternatives listed)",
    .variants = fragments_variants, .n_variants = G_N_ELEMENTS(fragments_variants),
};

static const pd_rule psk = {
    .id = PD_RULE_IKE_PSK_MISMATCH, .name = "ike-psk-mismatch", .key = "ike_psk_mismatch",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "IKEv1 authentication not accepted: the pre-shared keys most likely differ",
    .ras = {789, 0},
    .fix = "Enter the same pre-shared key on the client (VPN connection properties, Security, "
           "Advanced settings) and on the server; if certificates are used instead, check that "
           "the client has a valid machine certificate the server trusts.",
    .seeds = "004_10239a7ff750633b.txt (785-793: check the preshared key), "
             "003_965bd2a90097e84d.txt (789), RFC 2409 section 5 (main mode 5 and 6 are "
             "encrypted with keys derived from the pre-shared key), RFC 2408 3.14.1 "
             "(PAYLOAD_MALFORMED)",
    .wire = "IKEv1 main mode 1-4 complete, then the initiator's encrypted message 5 retransmitted "
            "without message 6; the responder answering with an encrypted Informational (what "
            "it could not decrypt) makes it likely, silence only possible",
    .confidence = "likely with the responder's Informational, else possible",
};

static const pd_rule auth_failed = {
    .id = PD_RULE_IKE_AUTH_FAILED, .name = "ike-auth-failed", .key = "ike_auth_failed",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "IKEv2 authentication failed: the exchange ended after IKE_AUTH, no ESP followed",
    .ras = {13801, 691, 13806, 0},
    .fix = "The wire does not show which credential failed: the client's and server's logs do "
           "(Windows: the RasClient events in the Application log; the server's IKE log), or "
           "Wireshark shows it with the IKEv2 decryption table (Protocols > ISAKMP). Check the "
           "user name and password (EAP-MSCHAPv2: 691), the server certificate's name against "
           "the address the client dials and its chain to a root the client trusts (13801), and "
           "the client's machine certificate where used (13806).",
    .seeds = "RFC 7296 sections 2.15, 2.16 and 3.10.1 (AUTHENTICATION_FAILED is encrypted), "
             "winerror.h ERROR_IPSEC_IKE_AUTH_FAIL (13801), ERROR_IPSEC_IKE_NO_CERT (13806), "
             "raserror.h 691",
    .wire = "IKEv2: IKE_AUTH answered, then an INFORMATIONAL exchange of either peer (a Delete "
            "or a notify such as AUTHENTICATION_FAILED, encrypted) and no ESP in either "
            "direction until the capture ends",
    .confidence = "likely (the authentication's outcome is encrypted; its alternatives listed)",
};

static const pd_rule *const rows[] = {&unanswered, &unreachable, &no_proposal, &udp4500,
                                      &fragments,  &psk,         &auth_failed};

typedef struct {
    pd_finding *pending; /* the unanswered inference, superseded when the responder answers */
    guint8 fired;        /* the unanswered inference was made (not at the end) */
    guint8 auth_fired;   /* an inference about the encrypted step was made */
} ike_state;

const pd_family pd_family_ike;

/* The responder's address as text, with its port. */
static char *responder_text(const pd_session *s)
{
    char a[46];
    pd_addr_to_str(&s->info.server, a, sizeof a);
    return g_strdup(a);
}

/* "IKE_SA_INIT requests" or "main mode first messages", for IKE version @version. */
static const char *first_messages(const pd_ike_sa *a)
{
    return a->version == 2 ? "IKE_SA_INIT requests"
           : a->exchange == PD_IKE_V1_AGGRESSIVE ? "aggressive mode first messages"
                                                 : "main mode first messages";
}

/* The initiator's first messages unanswered: at frame @frame (@now, seconds), or at the end of
 * the capture (@eoc). A lone message concludes nothing: IKE retransmits (RFC 7296 2.1). */
static void check_unanswered(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_ike_sa *a = s->ike;
    if (a->answered || a->n_init < 2 || (!eoc && now - a->first_init_time < IKE_WAIT_S))
        return;
    ike_state *st = pd_session_slice(s, &pd_family_ike);
    if (st->fired)
        return;
    st->fired = !eoc;
    char *r = responder_text(s);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_UDP500_UNANSWERED, PD_NO_VARIANT, PD_CONF_LIKELY,
        g_strdup_printf("The initiator sent %u IKEv%u %s to %s port %u over %.1f s%s and the "
                        "responder never answered: UDP %u is dropped on the path (a firewall or "
                        "the ISP), or the server is down or its IKE service not running. Windows "
                        "reports this as error 809 (older clients: 792 for L2TP/IPsec).",
                        a->n_init, a->version, first_messages(a), r, s->info.server_port,
                        a->last_init_time - a->first_init_time,
                        eoc ? " (until the end of the capture)" : "", s->info.server_port));
    g_free(r);
    pd_evidence(f, a->first_init);
    pd_evidence(f, a->last_init);
    if (!eoc)
        st->pending = f;
}

/* An ICMP error quoting the initiator's datagram to the responder, before the responder
 * answered; or, on UDP 4500 (after NAT detection), before it answered there. */
static void icmp_unreachable(pd_engine *e, pd_session *s, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    const pd_ike_sa *a = s->ike;
    gboolean natt = ic->quoted_udp_dport == PD_NATT_PORT || ic->quoted_udp_sport == PD_NATT_PORT;
    if ((a->answered && !(natt && !a->n_auth_answers)) ||
        pd_verdict_silent(s, NULL, PD_RULE_UDP500_UNREACHABLE, PD_CONF_CONFIRMED))
        return;
    pd_track_touch(e, s, o);
    char *src = pd_addr_dup(&o->src), *r = responder_text(s);
    const char *what = pd_icmp_code_name(o->src.family, ic->type, ic->code);
    gboolean v4 = o->src.family == 4;
    gboolean server_itself = pd_addr_equal(&o->src, &s->info.server);
    pd_finding *f = pd_finding_new(
        e, s, NULL, o->frame, PD_RULE_UDP500_UNREACHABLE, PD_NO_VARIANT, PD_CONF_CONFIRMED,
        g_strdup_printf("%s answered the initiator's IKE datagram to %s port %u with ICMP "
                        "Destination Unreachable (%s, code %u): %s",
                        src, r, ic->quoted_udp_dport, what ? what : "destination unreachable",
                        ic->code,
                        v4 && server_itself && ic->code == 3
                            ? "the server is up but nothing listens on that port (its IKE "
                              "service is not running)."
                        : v4 && (ic->code == 1 || ic->code == 0)
                            ? "that device has no route to the server, or the server is down."
                            : "that device blocks IKE (a firewall rule that rejects)."));
    g_free(src);
    g_free(r);
    if (!f)
        return;
    f->has_blocked_by = TRUE;
    f->blocked_by = o->src;
    f->quoted_frame = natt && a->last_auth ? a->last_auth : a->last_init;
    pd_evidence(f, natt && a->first_auth ? a->first_auth : a->first_init);
    pd_evidence(f, f->quoted_frame);
}

/* What the initiator offered (its first SA payload), by proposal, weak transforms marked. */
static GString *offered_text(const pd_ike_sa *a)
{
    GString *g = g_string_new(NULL);
    int proposal = -1;
    gboolean weak = FALSE;
    for (guint i = 0; i < a->n_offered; i++) {
        const pd_ike_xform *x = &a->offered[i];
        const char *n = pd_ike_xform_name(a->version, x->type, x->id);
        if (!n && a->version == 1 && x->type == 3)
            continue; /* an authentication method pptpdiag does not name */
        if (x->proposal != proposal) {
            g_string_append_printf(g, "%s#%u ", g->len ? "; " : "", x->proposal);
            proposal = x->proposal;
        } else {
            g_string_append(g, "/");
        }
        if (n)
            g_string_append(g, n);
        else
            g_string_append_printf(g, "transform %u.%u", x->type, x->id);
        if (x->keylen)
            g_string_append_printf(g, "-%u", x->keylen);
        if (pd_ike_xform_weak(a->version, x->type, x->id)) {
            g_string_append(g, " (weak)");
            weak = TRUE;
        }
    }
    if (weak)
        g_string_append(g, "; the transforms marked weak are ones RFC 8247 says not to use");
    return g;
}

/* The responder refused in clear (its notify's type recorded by the tracker). */
static void refused(pd_engine *e, pd_session *s)
{
    const pd_ike_sa *a = s->ike;
    if (a->refusal != PD_IKE_N_NO_PROPOSAL_CHOSEN)
        return;
    char *r = responder_text(s);
    GString *offered = offered_text(a);
    pd_finding *f = pd_finding_new(
        e, s, NULL, a->refusal_frame, PD_RULE_IKE_NO_PROPOSAL_CHOSEN,
        a->version == 2 ? V_IKEV2 : V_IKEV1, PD_CONF_CONFIRMED,
        g_strdup_printf("The responder %s answered the initiator's IKEv%u proposals with "
                        "NO_PROPOSAL_CHOSEN: it accepts none of them. %s%s%s Windows reports "
                        "this as error %s.",
                        r, a->version,
                        offered->len ? "The initiator offered: " : "",
                        offered->len ? offered->str : "", offered->len ? "." : "",
                        a->version == 2 ? "13868 (ERROR_IPSEC_IKE_POLICY_MATCH)"
                                        : "788 for L2TP/IPsec"));
    g_free(r);
    g_string_free(offered, TRUE);
    pd_evidence(f, a->first_init);
    pd_evidence(f, a->refusal_frame);
}

/* Who is behind NAT, as the hashes showed: text. */
static const char *nat_text(guint8 nat)
{
    if ((nat & PD_IKE_NAT_INITIATOR) && (nat & PD_IKE_NAT_RESPONDER))
        return "both peers are behind NAT";
    return nat & PD_IKE_NAT_RESPONDER ? "the responder (the server) is behind NAT"
                                      : "the initiator (the client) is behind NAT";
}

/* NAT detected, then UDP 4500 unanswered: at @frame (@now), or at the end (@eoc). */
static gboolean check_udp4500(pd_engine *e, pd_session *s, guint32 frame, double now,
                              gboolean eoc)
{
    const pd_ike_sa *a = s->ike;
    if (!(a->nat & (PD_IKE_NAT_INITIATOR | PD_IKE_NAT_RESPONDER)) || !a->answered ||
        a->n_auth_answers)
        return FALSE;
    gboolean retransmitted = a->n_auth >= 2 && a->auth_natt &&
                             (eoc || now - a->first_auth_time >= IKE_WAIT_S);
    gboolean nothing = eoc && !a->n_auth && now - a->answered_time >= IKE_NEXT_S;
    if (!retransmitted && !nothing)
        return FALSE;
    gboolean windows_v1 = a->version == 1 && (a->nat & PD_IKE_NAT_RESPONDER);
    gboolean client_side = pd_session_vantage(s) == PD_VANTAGE_CLIENT;
    char *r = responder_text(s);
    pd_finding *f = pd_finding_new(
        e, s, NULL, frame, PD_RULE_UDP4500_UNANSWERED,
        retransmitted ? RETRANSMITTED : NOTHING_AFTER_NAT, PD_CONF_LIKELY,
        retransmitted
            ? g_strdup_printf("The NAT detection hashes show that %s (frame %u), so the "
                              "initiator moved to UDP 4500: it sent %u messages to %s port 4500 "
                              "over %.1f s%s and none was answered. UDP 4500 is dropped on the "
                              "path (the NAT device or a firewall lets UDP 500 through but not "
                              "4500). Windows reports this as error 809.",
                              nat_text(a->nat), a->natd_frame, a->n_auth, r,
                              a->last_auth_time - a->first_auth_time,
                              eoc ? " (until the end of the capture)" : "")
            : g_strdup_printf("The NAT detection hashes show that %s (frame %u); the "
                              "responder %s answered on UDP 500, and then nothing more came from "
                              "the initiator for %.0f s, until the end of the capture. Its next "
                              "message goes to UDP 4500: %sthe initiator never sent it%s, or "
                              "the capture's own filter left UDP 4500 out (`udp port 500`). "
                              "Windows reports %s as error 809.",
                              nat_text(a->nat), a->natd_frame, r, now - a->answered_time,
                              client_side ? "captured on the initiator's side, " /* it would show */
                                          : "either UDP 4500 is dropped before it reaches this "
                                            "capture point, or ",
                              windows_v1 ? (a->nat & PD_IKE_NAT_INITIATOR
                                                ? " (a Windows L2TP/IPsec client does not use NAT "
                                                  "traversal when both it and the server are "
                                                  "behind NAT unless the registry value "
                                                  "AssumeUDPEncapsulationContextOnSendRule is 2)"
                                                : " (a Windows L2TP/IPsec client does not use NAT "
                                                  "traversal toward a server behind NAT unless "
                                                  "the registry value "
                                                  "AssumeUDPEncapsulationContextOnSendRule is 1 "
                                                  "or 2)")
                                         : "",
                              client_side ? "the first" : "the first two"));
    g_free(r);
    if (!f)
        return TRUE;
    if (a->version == 2) /* the registry value is L2TP/IPsec's (IKEv1) */
        pd_finding_set_fixed_fix(
            f, "Allow UDP 4500 both ways on the NAT device and the firewalls on the path (IPsec "
               "passthrough on a home router): after NAT is detected, IKE and ESP travel in UDP "
               "4500 (RFC 3948, RFC 7296 section 2.23); or give the server a public address.");
    pd_evidence(f, a->natd_frame);
    pd_evidence(f, pd_ike_answer(a));
    pd_evidence(f, retransmitted ? a->first_auth : 0);
    pd_evidence(f, retransmitted ? a->last_auth : 0);
    return TRUE;
}

/* TRUE when side @by's informational exchange followed the responder's last IKE_AUTH answer
 * within IKE_WAIT_S: the end of the authentication, not of an SA that was up and carried no ESP
 * (rules/esp.c). */
static gboolean info_soon(const pd_ike_sa *a, int by)
{
    return a->info_time[by] - a->last_auth_answer_time < IKE_WAIT_S;
}

/* The encrypted step: IKE_AUTH lost (fragments), IKEv1 main mode 5 not accepted (PSK), IKEv2
 * ended after IKE_AUTH (authentication failed). At @frame (@now), or at the end (@eoc). */
static void check_auth(pd_engine *e, pd_session *s, guint32 frame, double now, gboolean eoc)
{
    const pd_ike_sa *a = s->ike;
    ike_state *st = pd_session_slice(s, &pd_family_ike);
    if (st->auth_fired || !a->answered || a->n_esp[0] || a->n_esp[1])
        return;
    if (check_udp4500(e, s, frame, now, eoc)) {
        st->auth_fired = TRUE;
        return;
    }
    if (a->nat & (PD_IKE_NAT_INITIATOR | PD_IKE_NAT_RESPONDER) && a->auth_natt &&
        !a->n_auth_answers)
        return; /* behind NAT: UDP 4500's rule speaks, when it can */
    gboolean waited = eoc || (a->n_auth && now - a->first_auth_time >= IKE_WAIT_S);
    char *r = responder_text(s);
    if (a->version == 1 && a->n_auth >= 2 && !a->n_auth_answers && (waited || a->info[1])) {
        st->auth_fired = TRUE;
        gboolean info = a->info[PD_DIR_PAC] != 0;
        pd_finding *f = pd_finding_new(
            e, s, NULL, frame, PD_RULE_IKE_PSK_MISMATCH, PD_NO_VARIANT,
            info ? PD_CONF_LIKELY : PD_CONF_POSSIBLE,
            g_strdup_printf("Main mode messages 1 to 4 completed with %s, then the initiator sent "
                            "its encrypted message 5 (%u times) without message 6 in reply%s. "
                            "Message 5 is encrypted with keys derived from the pre-shared key: "
                            "%s Windows reports this as error 789.",
                            r, a->n_auth,
                            info ? ", and the responder answered with an encrypted "
                                   "Informational message instead"
                                 : "",
                            info ? "a responder that cannot decrypt it, because the two pre-shared "
                                   "keys differ, says so in an Informational message."
                                 : "a responder whose pre-shared key differs cannot read it; the "
                                   "responder may also be dropping it (certificates that make it "
                                   "too large for the path)."));
        pd_evidence(f, pd_ike_answer(a));
        pd_evidence(f, a->first_auth);
        pd_evidence(f, a->info[PD_DIR_PAC]);
    } else if (a->version == 2 && a->n_auth >= 2 && (waited || eoc) &&
               (!a->n_auth_answers ||
                (a->resp_fragmented && a->n_retx_answered >= 2 && eoc))) {
        st->auth_fired = TRUE;
        gboolean seen = a->resp_fragmented || a->init_fragmented;
        pd_finding *f = pd_finding_new(
            e, s, NULL, frame, PD_RULE_IKE_FRAGMENTS_LOST, seen ? FRAGMENTS_SEEN : INFERRED,
            PD_CONF_LIKELY,
            g_strdup_printf("%s answered IKE_SA_INIT (frame %u), but the initiator sent %u "
                            "IKE_AUTH requests over %.1f s%s %s. IKE_AUTH carries the "
                            "certificates, the largest IKE messages: %s IP fragments, and a "
                            "device on the path that drops IP fragments loses them; the "
                            "responder may also have failed while processing IKE_AUTH (its log "
                            "says). Windows reports this as error 809.",
                            r, pd_ike_answer(a), a->n_auth, a->last_auth_time - a->first_auth_time,
                            eoc ? " (until the end of the capture)" : "",
                            a->n_auth_answers ? "and kept retransmitting after the responder's "
                                                "answers, which left here as IP fragments"
                                              : "and no answer arrived on the path that "
                                                "carried IKE_SA_INIT",
                            seen ? "they travel as" : "they leave as"));
        pd_evidence(f, pd_ike_answer(a));
        pd_evidence(f, a->first_auth);
        pd_evidence(f, a->last_auth);
        pd_evidence(f, a->first_auth_answer);
    } else if (a->version == 2 && eoc && a->n_auth_answers &&
               (a->info[PD_DIR_PNS] > a->last_auth_answer ||
                a->info[PD_DIR_PAC] > a->last_auth_answer) &&
               info_soon(a, a->info[PD_DIR_PNS] > a->last_auth_answer ? PD_DIR_PNS : PD_DIR_PAC)) {
        st->auth_fired = TRUE;
        int by = a->info[PD_DIR_PNS] > a->last_auth_answer ? PD_DIR_PNS : PD_DIR_PAC;
        pd_finding *f = pd_finding_new(
            e, s, NULL, a->info[by], PD_RULE_IKE_AUTH_FAILED, PD_NO_VARIANT, PD_CONF_LIKELY,
            g_strdup_printf("%s answered %u IKE_AUTH messages, then the %s began an "
                            "INFORMATIONAL exchange (frame %u) and no ESP followed in either "
                            "direction: the encrypted authentication failed and the SA was "
                            "deleted. What failed is encrypted: the EAP user name or password "
                            "(691), the server certificate's name or chain as the client checks "
                            "it (13801), the client's certificate (13806), or a pre-shared key "
                            "(13801); the peers' logs, or Wireshark with the IKEv2 decryption "
                            "table, tell which.",
                            r, a->n_auth_answers, by == PD_DIR_PNS ? "initiator" : "responder",
                            a->info[by]));
        pd_evidence(f, a->first_auth);
        pd_evidence(f, a->last_auth_answer);
        pd_evidence(f, a->info[by]);
    }
    g_free(r);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    pd_session *s = ev->s;
    if (!s || !s->ike)
        return;
    const pd_ike_sa *a = s->ike;
    guint32 frame = ev->o->frame;
    switch (ev->kind) {
    case PD_EV_TICK:
        check_unanswered(e, s, frame, ev->o->time, FALSE);
        check_auth(e, s, frame, ev->o->time, FALSE);
        break;
    case PD_EV_IKE:
        if (a->answered == frame) { /* the inference from silence no longer stands */
            ike_state *st = pd_session_slice_if_any(s, &pd_family_ike);
            if (st && st->pending) {
                pd_supersede(s, st->pending, frame);
                st->pending = NULL;
            }
        }
        if (a->refusal_frame == frame)
            refused(e, s);
        break;
    case PD_EV_ICMP_IKE:
        icmp_unreachable(e, s, ev->o);
        break;
    default:
        break;
    }
}

static void on_finish(pd_engine *e, pd_session *s)
{
    if (!s->ike)
        return;
    const pd_ike_sa *a = s->ike;
    guint32 last = MAX(MAX(a->last_init, a->last_auth), MAX(a->answered, a->last_auth_answer));
    last = MAX(last, MAX(a->init_ok, a->natd_frame)); /* never before its evidence */
    check_unanswered(e, s, a->last_init, e->last_time, TRUE);
    check_auth(e, s, last, e->last_time, TRUE);
}

const pd_family pd_family_ike = {
    .name = "ike", .carrier = PD_CARRIER_IKE, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .session_slice = sizeof(ike_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_IKE) | PD_EV_BIT(PD_EV_ICMP_IKE) | PD_EV_BIT(PD_EV_TICK),
    .on_finish = on_finish,
};
