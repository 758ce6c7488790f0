/* pd_rules.c: the catalogue (see pd_rules.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_rules.h"

static const pd_rule rules[PD_RULE_COUNT] = {
    [PD_RULE_HEALTHY] = {
        PD_RULE_HEALTHY, "healthy", "healthy", PD_SEV_NOTE, PD_GROUP_SEQUENCE,
        "PPTP session healthy: PPP reached the network phase over GRE",
        {0}, "", "",
    },
    [PD_RULE_TCP1723_REFUSED] = {
        PD_RULE_TCP1723_REFUSED, "tcp1723-refused", "tcp1723_refused", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection refused: SYN to TCP 1723 answered by a reset",
        {807, 692, 0},
        "Check that the PPTP service runs on the server (RRAS on Windows, pptpd on Linux) and "
        "listens on TCP 1723; check that no firewall between client and server rejects outbound "
        "TCP 1723 (allow it, or use another VPN protocol if the network will not).",
        "003_965bd2a90097e84d.txt (807, 692), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
    },
    [PD_RULE_TCP1723_UNANSWERED] = {
        PD_RULE_TCP1723_UNANSWERED, "tcp1723-unanswered", "tcp1723_unanswered", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "PPTP control connection unanswered: SYNs to TCP 1723 got no reply",
        {800, 809, 678, 0},
        "Check that the client network allows outbound TCP 1723 (hotel or guest networks often allow "
        "only web traffic; accept any captive portal first), that the server address is right and "
        "reachable (ping, telnet SERVER 1723), and that the server is up.",
        "003_965bd2a90097e84d.txt (678, 800, 809), 004_10239a7ff750633b.txt, 001_0504ecfb6838ebee.txt (807/678)",
    },
    [PD_RULE_GRE_BLOCKED] = {
        PD_RULE_GRE_BLOCKED, "gre-blocked", "gre_blocked", PD_SEV_ERROR, PD_GROUP_SEQUENCE,
        "GRE (IP protocol 47) blocked: PPP never completed over the PPTP call",
        {806, 721, 0},
        "Permit GRE (IP protocol 47) in both directions on every firewall and router between client "
        "and server, in addition to TCP 1723; on NAT devices enable PPTP passthrough (a PPTP/GRE "
        "helper, e.g. Linux nf_conntrack_pptp, Cisco 'ip nat service pptp').",
        "000_99d798588dca01d4.txt, 002_fa665eea06b4fd6a.txt (trace walkthrough), "
        "001_0504ecfb6838ebee.txt (721/718), 003_965bd2a90097e84d.txt (721, 806)",
    },
    [PD_RULE_AUTH_FAILED] = {
        PD_RULE_AUTH_FAILED, "auth-failed", "auth_failed", PD_SEV_ERROR, PD_GROUP_RESPONSE,
        "PPP authentication failed: the server rejected the credentials",
        {691, 0},
        "Check the user name (with domain if needed), the password (Caps Lock) and the account "
        "(enabled, not expired, dial-in permitted) against the server's user database or RADIUS/NPS; "
        "make sure both sides allow the same authentication protocol (MS-CHAPv2 for PPTP).",
        "001_0504ecfb6838ebee.txt (691), 004_10239a7ff750633b.txt (credentials)",
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
};

const char *pd_milestone_text(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].text : "";
}

const char *pd_milestone_name(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].name : "";
}
