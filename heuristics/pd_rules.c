/* pd_rules.c: the catalogue (see pd_rules.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_rules.h"

static const pd_rule rules[PD_RULE_COUNT] = {
    [PD_RULE_HEALTHY] = {
        PD_RULE_HEALTHY, "healthy", "healthy", PD_SEV_NOTE, PD_GROUP_SEQUENCE,
        "PPTP session healthy: PPP reached the network phase over GRE",
        {0}, "", "",
        "PPP reaches the network phase over the call: IPCP or IPV6CP Configure-Ack in both directions, or PPP data both ways",
        "confirmed",
    },
    [PD_RULE_TCP1723_REFUSED] = {
        PD_RULE_TCP1723_REFUSED, "tcp1723-refused", "tcp1723_refused", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection refused: SYN to TCP 1723 answered by a reset",
        {807, 692, 0},
        "Check that the PPTP service runs on the server (RRAS on Windows, pptpd on Linux) and "
        "listens on TCP 1723; check that no firewall between client and server rejects outbound "
        "TCP 1723 (allow it, or use another VPN protocol if the network will not).",
        "003_965bd2a90097e84d.txt (807, 692), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
        "SYN to TCP 1723 answered by RST; the RST's TTL tells how far away its sender is, a server-side capture shows the server's own stack resetting it",
        "confirmed",
    },
    [PD_RULE_TCP1723_UNANSWERED] = {
        PD_RULE_TCP1723_UNANSWERED, "tcp1723-unanswered", "tcp1723_unanswered", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection unanswered: SYNs to TCP 1723 got no reply",
        {800, 809, 678, 0},
        "Check that the client network allows outbound TCP 1723 (hotel or guest networks often allow "
        "only web traffic; accept any captive portal first), that the server address is right and "
        "reachable (ping, telnet SERVER 1723), and that the server is up.",
        "003_965bd2a90097e84d.txt (678, 800, 809), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
        "SYNs to TCP 1723 retransmitted for `syn_timeout` seconds with neither SYN/ACK nor RST",
        "likely (withdrawn if a SYN/ACK comes later)",
    },
    [PD_RULE_GRE_BLOCKED] = {
        PD_RULE_GRE_BLOCKED, "gre-blocked", "gre_blocked", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "GRE (IP protocol 47) blocked: PPP never completed over the PPTP call",
        {806, 721, 718, 0},
        "Permit GRE (IP protocol 47) in both directions on every firewall and router between client "
        "and server, in addition to TCP 1723; on NAT devices enable PPTP passthrough (a PPTP/GRE "
        "helper, e.g. Linux nf_conntrack_pptp, Cisco 'ip nat service pptp').",
        "000_99d798588dca01d4.txt, 002_fa665eea06b4fd6a.txt (trace walkthrough), "
        "001_0504ecfb6838ebee.txt (721/718), 003_965bd2a90097e84d.txt (721, 806)",
        "call set up on TCP 1723 but PPP never completes over GRE: an ICMP error (administratively prohibited, host/protocol unreachable) quotes the call's GRE and names the device, or GRE from one side never arrives within `lcp_timeout`, or one side repeats an LCP Configure-Request the other acknowledged (its GRE back is lost)",
        "confirmed (ICMP), likely (absence, superseded if PPP then completes), possible (call cleared before any retry)",
    },
    [PD_RULE_AUTH_FAILED] = {
        PD_RULE_AUTH_FAILED, "auth-failed", "auth_failed", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP authentication failed: the server rejected the credentials",
        {691, 0},
        "Check the user name (with domain if needed), the password (Caps Lock) and the account "
        "(enabled, not expired, dial-in permitted) against the server's user database or RADIUS/NPS; "
        "make sure both sides allow the same authentication protocol (MS-CHAPv2 for PPTP).",
        "001_0504ecfb6838ebee.txt (691), 004_10239a7ff750633b.txt (credentials)",
        "CHAP/MS-CHAPv2 Failure (the `E=` code is the RAS error: 646, 647, 648, 649, 691, 709; a later Failure supersedes an earlier one) or PAP Authenticate-Nak",
        "confirmed",
    },
    [PD_RULE_TCP1723_UNREACHABLE] = {
        PD_RULE_TCP1723_UNREACHABLE, "tcp1723-unreachable", "tcp1723_unreachable", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection unreachable: ICMP error answered the SYN to TCP 1723",
        {809, 800, 678, 0},
        "The device that sent the ICMP error blocks TCP 1723 or has no route to the server: allow "
        "outbound TCP 1723 (and GRE) on it, check the server address and routing; if the server "
        "itself answered port unreachable, start the PPTP service there.",
        "003_965bd2a90097e84d.txt (678, 800, 809), 001_0504ecfb6838ebee.txt (807/678)",
        "ICMP Destination Unreachable (administratively prohibited, port, host or network unreachable) quoting the SYN to TCP 1723; names the device (`pptpdiag.blocked_by`)",
        "confirmed",
    },
    [PD_RULE_CONTROL_CLOSED] = {
        PD_RULE_CONTROL_CLOSED, "control-closed", "control_closed", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection closed by the server before the tunnel was up",
        {619, 628, 629, 0},
        "Look at the server's PPTP log for why it dropped the connection: connection limit or address "
        "pool exhausted (enlarge the pool or free ports), another connection already active, or the "
        "service restarting; clear hung connections on the client (rasdial /disconnect) and retry.",
        "001_0504ecfb6838ebee.txt (619), 003_965bd2a90097e84d.txt (628/629), 004_10239a7ff750633b.txt (628/629)",
        "the server closes (FIN) or resets TCP 1723 without the client asking: right after SCCRQ without SCCRP, before any call, during PPP negotiation or while the tunnel is up",
        "confirmed",
    },
    [PD_RULE_DNS_NXDOMAIN] = {
        PD_RULE_DNS_NXDOMAIN, "dns-nxdomain", "dns_nxdomain", PD_SEV_WARN, PD_GROUP_RESPONSE,
        "VPN server name did not resolve: DNS answered NXDOMAIN and no PPTP connection followed",
        {868, 0},
        "Check the VPN server name in the connection settings (typo, old name) and the DNS record; "
        "try the server's IP address; if the name is right, the client network's DNS is at fault.",
        "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868), 001_0504ecfb6838ebee.txt (DNS issues)",
        "the client's last A/AAAA lookup of a name is answered NXDOMAIN and no SYN to TCP 1723 follows from that client",
        "likely when the capture holds no PPTP at all, else possible (reported at the end of the capture)",
    },
    [PD_RULE_DNS_UNANSWERED] = {
        PD_RULE_DNS_UNANSWERED, "dns-unanswered", "dns_unanswered", PD_SEV_WARN, PD_GROUP_SEQUENCE,
        "VPN server name did not resolve: DNS queries were never answered",
        {868, 0},
        "Check that the client's DNS server is reachable and answers (nslookup NAME SERVER), that a "
        "captive portal was accepted, or use the VPN server's IP address.",
        "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868)",
        "the client asks the same A/AAAA name twice or more, never answered, and no SYN to TCP 1723 follows",
        "likely when the capture holds no PPTP at all, else possible (end of capture)",
    },
    [PD_RULE_CONTROL_REFUSED] = {
        PD_RULE_CONTROL_REFUSED, "control-refused", "control_refused", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPTP control connection refused: Start-Control-Connection-Reply with an error",
        {619, 628, 0},
        "Act on the Result Code: 'not authorized' means the server's access list refuses this client; "
        "'command channel already exists' means another connection from this address is active "
        "(close it or wait); 'protocol version not supported' means incompatible PPTP software.",
        "001_0504ecfb6838ebee.txt (619), RFC 2637 section 2.2",
        "Start-Control-Connection-Reply with a Result Code other than 1, decoded with its RFC 2637 name and General Error Code",
        "confirmed",
    },
    [PD_RULE_CALL_REFUSED] = {
        PD_RULE_CALL_REFUSED, "call-refused", "call_refused", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPTP call refused: Outgoing-Call-Reply with an error",
        {619, 0},
        "The server cannot take the call: its ports or address pool are exhausted (No-Resource, Busy), "
        "or its PPP service failed. Free or add ports and pool addresses on the server (RRAS ports, "
        "pptpd connections/remoteip) and retry.",
        "001_0504ecfb6838ebee.txt (619), RFC 2637 sections 2.8 and 2.16",
        "Outgoing-Call-Reply (or Incoming-Call-Reply) with a Result Code other than 1 (General Error, No Carrier, Busy, No Dial Tone, Time-out, Do Not Accept) and its General Error Code (e.g. No-Resource)",
        "confirmed",
    },
    [PD_RULE_CALL_DISCONNECTED] = {
        PD_RULE_CALL_DISCONNECTED, "call-disconnected", "call_disconnected", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPTP call disconnected by the server: Call-Disconnect-Notify without a Call-Clear-Request",
        {628, 629, 0},
        "The server ended the call (Result Code says why: lost carrier, administrative shutdown, "
        "general error). Check the server's log and policies (idle or session time limits).",
        "003_965bd2a90097e84d.txt (628/629), 004_10239a7ff750633b.txt (628/629), RFC 2637 section 2.11",
        "Call-Disconnect-Notify from the server without a Call-Clear-Request from the client, with its Result Code (Lost Carrier, General Error, Admin Shutdown) and Cause Code",
        "confirmed",
    },
    [PD_RULE_CONTROL_STOPPED] = {
        PD_RULE_CONTROL_STOPPED, "control-stopped", "control_stopped", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPTP control connection stopped by the server: Stop-Control-Connection-Request",
        {628, 629, 0},
        "The server shut the control connection (Reason says why: local shutdown, protocol version). "
        "Check that the PPTP service is not restarting or being stopped, and its log.",
        "003_965bd2a90097e84d.txt (628/629), RFC 2637 section 2.3",
        "Stop-Control-Connection-Request from the server without the client asking, with its Reason",
        "confirmed",
    },
    [PD_RULE_WAN_ERROR] = {
        PD_RULE_WAN_ERROR, "wan-error", "wan_error", PD_SEV_NOTE, PD_GROUP_RESPONSE,
        "PPTP WAN-Error-Notify: the server reports line errors on the call",
        {0},
        "The counters are the server's; frequent CRC or framing errors point to a faulty link or to a "
        "device that rewrites PPTP traffic on the path.",
        "RFC 2637 section 2.12",
        "WAN-Error-Notify with the server's CRC, framing, overrun, time-out and alignment error counters (a note: the session may still work)",
        "confirmed",
    },
    [PD_RULE_PPTP_ECHO_UNANSWERED] = {
        PD_RULE_PPTP_ECHO_UNANSWERED, "pptp-echo-unanswered", "pptp_echo_unanswered", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection lost: Echo-Requests on TCP 1723 unanswered",
        {628, 829, 0},
        "The path to the peer died or a stateful firewall/NAT dropped the idle TCP 1723 connection: "
        "check its idle timeout (keep it above the 60 s PPTP keep-alive) and the link.",
        "003_965bd2a90097e84d.txt (628/629, 806), RFC 2637 section 2.5",
        "an Echo-Request on the control connection unanswered for `echo_timeout` seconds (seen at the next Echo-Request or when its sender gives the connection up)",
        "likely",
    },
    [PD_RULE_GRE_CALL_ID_MISMATCH] = {
        PD_RULE_GRE_CALL_ID_MISMATCH, "gre-call-id-mismatch", "gre_call_id_mismatch", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "GRE Call ID matches no PPTP call set up on the control connection",
        {806, 721, 0},
        "A NAT device without a PPTP helper rewrites or mixes up the Call IDs (several clients behind "
        "one address): enable PPTP passthrough / the PPTP ALG on the NAT device, or give each client "
        "its own public address.",
        "001_0504ecfb6838ebee.txt (619, 721/718 NAT), 000_99d798588dca01d4.txt",
        "GRE between the hosts of a control connection whose Call ID no call set up, or two live calls of different control connections from one address with the same Call ID (several clients behind a NAT without PPTP helper)",
        "likely",
    },
    [PD_RULE_NAT_NO_HELPER] = {
        PD_RULE_NAT_NO_HELPER, "nat-without-pptp-helper", "nat_without_pptp_helper", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "NAT without PPTP helper: the client's address rejects the server's GRE",
        {806, 721, 0},
        "Enable PPTP passthrough on the NAT device in front of the client (a PPTP/GRE helper: Linux "
        "nf_conntrack_pptp + nf_nat_pptp, Cisco 'ip nat service pptp', 'PPTP passthrough' on home "
        "routers), or connect without NAT.",
        "001_0504ecfb6838ebee.txt (619, 721/718: NAT helpers), 000_99d798588dca01d4.txt",
        "the client's address (as the server sees it) answers the server's GRE with ICMP protocol unreachable although the client's GRE comes from it; TTLs show whether the address is a router",
        "confirmed when the ICMP and the client's packets come from different hop counts, else likely (both causes listed)",
    },
    [PD_RULE_GRE_ACK_STALLED] = {
        PD_RULE_GRE_ACK_STALLED, "gre-ack-stalled", "gre_ack_stalled", PD_SEV_WARN, PD_GROUP_SEQUENCE,
        "GRE acknowledgments stalled: one side's GRE no longer reaches the other",
        {0},
        "GRE is lost in one direction mid-session: a firewall or IPS on the path dropping GRE, or a "
        "NAT/stateful firewall whose GRE state expired. Check GRE rules and state timeouts.",
        "003_965bd2a90097e84d.txt (806: firewall or IPS closing GRE mid-way)",
        "one side's GRE keeps arriving but its acknowledgment number stays the same (3 packets or more) while the other side's sequence numbers go 10 or more beyond it",
        "likely",
    },
    [PD_RULE_LCP_NOT_CONVERGING] = {
        PD_RULE_LCP_NOT_CONVERGING, "lcp-not-converging", "lcp_not_converging", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP LCP not converging: Configure-Requests keep being Nak'd",
        {732, 0},
        "Client and server insist on incompatible LCP options (MRU, authentication, ...): align the "
        "PPP options on both sides (e.g. remove a forced MRU).",
        "RFC 1661 section 4.6 (Max-Failure)",
        "LCP Configure-Nak answered again and again (10 Naks, or 5 when the link then ends) without LCP opening",
        "confirmed",
    },
    [PD_RULE_LCP_TERMINATED] = {
        PD_RULE_LCP_TERMINATED, "lcp-terminated", "lcp_terminated", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP link terminated by a peer before the network phase",
        {719, 734, 0},
        "The peer that sent the Terminate-Request gave up for a reason it does not put on the wire "
        "(its text, if any, is in the cause): read that peer's PPP log.",
        "001_0504ecfb6838ebee.txt (721/718), RFC 1661 section 5.5",
        "LCP Terminate-Request (with its text) before the network phase that no other rule explains; names the phase (link establishment, authentication, network)",
        "confirmed (that it happened; the reason is in that peer's log)",
    },
    [PD_RULE_AUTH_PROTOCOL_REJECTED] = {
        PD_RULE_AUTH_PROTOCOL_REJECTED, "auth-protocol-rejected", "auth_protocol_rejected", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP authentication protocol refused: no common authentication protocol",
        {739, 691, 0},
        "Allow the same authentication protocol on both sides: MS-CHAPv2 for PPTP (on the client, "
        "uncheck PAP/SPAP/CHAP and allow MS-CHAP v2; on RRAS/NPS, allow MS-CHAP v2).",
        "003_965bd2a90097e84d.txt (739), 004_10239a7ff750633b.txt (739), 001_0504ecfb6838ebee.txt (691: protocol)",
        "LCP Configure-Nak or Configure-Reject of the Authentication-Protocol one side asked for (e.g. MS-CHAPv2 refused, CHAP MD5 suggested), then the link ends",
        "confirmed",
    },
    [PD_RULE_MPPE_NOT_AGREED] = {
        PD_RULE_MPPE_NOT_AGREED, "mppe-not-agreed", "mppe_not_agreed", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "MPPE encryption not agreed: CCP refused while encryption is required",
        {741, 742, 768, 0},
        "Make the encryption settings match: PPTP needs MPPE (128-bit) on both sides; on the client "
        "set 'Data encryption: require' or 'optional' consistently with the server, on pppd remove "
        "nomppe / add require-mppe-128 on both ends.",
        "003_965bd2a90097e84d.txt (741, 768), 004_10239a7ff750633b.txt (741, 768), 001_0504ecfb6838ebee.txt (no CCP/MPPE)",
        "CCP Configure-Reject of the MPPE option, or LCP Protocol-Reject of CCP, then the link ends before CCP opens; 741 when the client refuses, 742 when the server does",
        "confirmed",
    },
    [PD_RULE_IPCP_FAILED] = {
        PD_RULE_IPCP_FAILED, "ipcp-failed", "ipcp_failed", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP IPCP failed: no IPv4 address agreed for the tunnel",
        {735, 738, 733, 720},
        "Check the server's address assignment: pool size and range, the user's allowed addresses "
        "(chap-secrets, RADIUS Framed-IP-Address), DHCP relay on RRAS; on the client enable TCP/IPv4 "
        "on the VPN connection and do not force a static address the server refuses.",
        "001_0504ecfb6838ebee.txt (720, 619 pool), RFC 1332",
        "IPCP Terminate-Request outside an LCP termination (735), Configure-Reject of the IP-Address option (738), LCP Protocol-Reject of IPCP (733) or 10 IPCP Configure-Naks (732), with the address involved",
        "confirmed",
    },
    [PD_RULE_PPP_INVALID] = {
        PD_RULE_PPP_INVALID, "ppp-invalid", "ppp_invalid", PD_SEV_WARN, PD_GROUP_PROTOCOL,
        "Invalid PPP packet inside GRE: malformed, or rejected by the peer",
        {722, 0},
        "A device on the path rewrites PPTP/GRE traffic (a 'PPTP fixup' or inspection feature): "
        "disable it or update its firmware; otherwise update the peer's PPTP software.",
        "003_965bd2a90097e84d.txt (722), 004_10239a7ff750633b.txt (722)",
        "a malformed PPP frame inside GRE, an LCP Code-Reject, or an LCP Protocol-Reject of a number that is no valid PPP protocol (RFC 1661 section 2)",
        "confirmed",
    },
    [PD_RULE_LCP_ECHO_LOST] = {
        PD_RULE_LCP_ECHO_LOST, "lcp-echo-lost", "lcp_echo_lost", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPP link lost mid-session: LCP Echo-Requests unanswered",
        {829, 628, 0},
        "GRE stopped getting through after the tunnel was up: a firewall, IPS or NAT dropping GRE "
        "mid-session (state timeout), or the path went down. Check GRE state timeouts and the link.",
        "003_965bd2a90097e84d.txt (806: GRE closed mid-way; 628/629), 001_0504ecfb6838ebee.txt (721/718)",
        "after the network phase, LCP Echo-Requests of one side unanswered and no GRE from the other for 5 s or more, then the link or call ends (or 3 unanswered at the end of the capture)",
        "likely",
    },
    [PD_RULE_MTU_TOO_SMALL] = {
        PD_RULE_MTU_TOO_SMALL, "mtu-too-small", "mtu_too_small", PD_SEV_WARN, PD_GROUP_SEQUENCE,
        "Path MTU too small for the tunnel: large GRE packets with DF set are rejected",
        {0},
        "Lower the VPN interface MTU (1400, or 1300 behind PPPoE/extra encapsulation) and clamp TCP "
        "MSS on the tunnel; make sure ICMP fragmentation-needed reaches the sender.",
        "001_0504ecfb6838ebee.txt (MTU/MRU and fragmentation issues)",
        "ICMP fragmentation needed (next-hop MTU) or Packet Too Big quoting the call's GRE, or large DF GRE packets never acknowledged while smaller ones are (black hole)",
        "confirmed (ICMP), likely (acknowledgments)",
    },
    [PD_RULE_STATE_CAP] = {
        PD_RULE_STATE_CAP, "state-cap-reached", "state_cap_reached", PD_SEV_WARN, PD_GROUP_SEQUENCE,
        "pptpdiag stopped tracking new sessions: the state cap was reached",
        {0},
        "Raise the cap in the pptpdiag preferences, or split the capture (editcap -c) or filter it "
        "to the hosts of interest before opening it.",
        "",
        "more sessions than `max_sessions` in one capture: the rest are counted, not diagnosed",
        "confirmed",
    },
};

const pd_rule *pd_rule_get(pd_rule_id id)
{
    if ((int)id < 0 || id >= PD_RULE_COUNT)
        return NULL;
    return &rules[id];
}

const char *pd_confidence_name(pd_confidence c)
{
    switch (c) {
    case PD_CONF_CONFIRMED: return "confirmed";
    case PD_CONF_LIKELY: return "likely";
    case PD_CONF_POSSIBLE: return "possible";
    default: return "";
    }
}

static const struct {
    const char *name, *text;
} milestones[PD_MS_COUNT] = {
    [PD_MS_NONE] = {"", ""},
    [PD_MS_TCP_CONNECTED] = {"tcp-connected", "TCP connection to port 1723 established"},
    [PD_MS_CONTROL_UP] = {"control-up", "PPTP control connection established (SCCRP OK)"},
    [PD_MS_CALL_UP] = {"call-up", "PPTP call established"},
    [PD_MS_LCP_OPENED] = {"lcp-opened", "PPP LCP opened in both directions"},
    [PD_MS_AUTH_OK] = {"auth-ok", "PPP authentication succeeded"},
    [PD_MS_NCP_UP] = {"ncp-up", "PPP network phase reached: tunnel up"},
    [PD_MS_CALL_CLEARED] = {"call-cleared", "PPTP call cleared (CCRQ/CDN)"},
    [PD_MS_CONTROL_CLOSED] = {"control-closed", "PPTP control connection closed"},
    [PD_MS_GRE_NO_CONTROL] = {"gre-without-control",
                              "GRE without its PPTP control connection in the capture"},
    [PD_MS_CCP_UP] = {"ccp-up", "PPP CCP opened: MPPE agreed"},
    [PD_MS_DATA] = {"data", "PPP data flows in both directions"},
    [PD_MS_LCP_TERMINATE] = {"lcp-terminate", "PPP LCP Terminate-Request"},
    [PD_MS_DNS_QUERY] = {"dns-query", "DNS lookup of the VPN server name"},
};

const char *pd_milestone_text(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].text : "";
}

const char *pd_milestone_name(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].name : "";
}
