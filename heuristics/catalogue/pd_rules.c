/* pd_rules.c: the catalogue (see pd_rules.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_rules.h"

#include "rules/rules.h"

/* The rule families (rules/ *.c), in the order the tracker runs their hooks. A new family is
 * one file in rules/, one line in rules/rules.h, one here and one in heuristics/CMakeLists.txt. */
#ifndef PD_FAMILIES_REVERSED
const pd_family *const pd_families[] = {
    &pd_family_scan,    &pd_family_tcp1723, &pd_family_control, &pd_family_mtu,
    &pd_family_gre,     &pd_family_lcp,     &pd_family_auth,    &pd_family_ccp,
    &pd_family_ipcp,    &pd_family_healthy, &pd_family_dns,     &pd_family_capacity,
    &pd_family_capture, &pd_family_pppoe,   &pd_family_l2tp,    &pd_family_ppponly,
    &pd_family_ike,     &pd_family_esp,
};
#else
/* The same families the other way round: a test build (heuristics/tests/CMakeLists.txt) that
 * checks that no result depends on this order (issue 31; THE ORDER is pd_verdict.c's). A
 * family missing here, or twice, fails rows_by_id's checks in those tests. */
const pd_family *const pd_families[] = {
    &pd_family_esp,     &pd_family_ike,
    &pd_family_ppponly, &pd_family_l2tp,    &pd_family_pppoe,   &pd_family_capture,
    &pd_family_capacity, &pd_family_dns,    &pd_family_healthy, &pd_family_ipcp,
    &pd_family_ccp,     &pd_family_auth,    &pd_family_lcp,     &pd_family_gre,
    &pd_family_mtu,     &pd_family_control, &pd_family_tcp1723, &pd_family_scan,
};
#endif
const guint pd_n_families = G_N_ELEMENTS(pd_families);

/* The catalogue: every family's rows, by rule id. */
static const pd_rule *const *rows_by_id(void)
{
    static const pd_rule *by_id[PD_RULE_COUNT];
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        for (guint i = 0; i < pd_n_families; i++)
            for (guint j = 0; j < pd_families[i]->n_rows; j++) {
                const pd_rule *r = pd_families[i]->rows[j];
                g_assert(r->id < PD_RULE_COUNT && !by_id[r->id]);
                by_id[r->id] = r;
            }
        for (guint id = 0; id < PD_RULE_COUNT; id++)
            g_assert(by_id[id]); /* every rule id has its row in one family */
        g_once_init_leave(&done, 1);
    }
    return by_id;
}

const pd_rule *pd_rule_get(pd_rule_id id)
{
    if ((int)id < 0 || id >= PD_RULE_COUNT)
        return NULL;
    return rows_by_id()[id];
}

const guint16 *pd_rule_ras(const pd_rule *rule, int variant)
{
    if (variant >= 0 && (guint)variant < rule->n_variants)
        return rule->variants[variant].ras;
    return rule->ras;
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
    [PD_MS_PPPOE_OFFER] = {"pppoe-offer", "PPPoE access concentrator answered (PADO)"},
    [PD_MS_PPPOE_SESSION] = {"pppoe-session", "PPPoE session established (PADS)"},
    [PD_MS_PPPOE_TERMINATED] = {"pppoe-terminated", "PPPoE session terminated (PADT)"},
    [PD_MS_L2TP_TUNNEL_UP] = {"l2tp-tunnel-up", "L2TP tunnel established (SCCCN)"},
    [PD_MS_L2TP_SESSION_UP] = {"l2tp-session-up", "L2TP session established (ICCN/OCCN)"},
    [PD_MS_L2TP_SESSION_CLEARED] = {"l2tp-session-cleared", "L2TP session cleared (CDN)"},
    [PD_MS_L2TP_TUNNEL_CLOSED] = {"l2tp-tunnel-closed", "L2TP tunnel closed (StopCCN)"},
    [PD_MS_IKE_ANSWERED] = {"ike-answered",
                            "IKE key exchange answered (IKE_SA_INIT, or main mode message 2)"},
    [PD_MS_IKE_AUTH_ANSWERED] = {"ike-auth-answered",
                                 "IKE encrypted exchange answered (IKE_AUTH, or main mode 6)"},
    [PD_MS_ESP_BOTH_WAYS] = {"esp-both-ways", "IPsec ESP flows in both directions"},
};

const char *pd_milestone_text(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].text : "";
}

const char *pd_milestone_name(pd_milestone m)
{
    return (m < PD_MS_COUNT) ? milestones[m].name : "";
}
