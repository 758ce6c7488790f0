/* rules/capacity.c: pptpdiag's own limits: more sessions than the max_sessions preference, more
 * calls on a control connection than max_calls.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

static const pd_rule state_cap = {
    .id = PD_RULE_STATE_CAP, .name = "state-cap-reached", .key = "state_cap_reached",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "pptpdiag stopped tracking new sessions or calls: a state cap was reached",
    .ras = {0},
    .fix = "Raise the cap in the pptpdiag preferences, or split the capture (editcap -c) or filter it "
           "to the hosts of interest before opening it.",
    .seeds = "",
    .wire = "more sessions than `max_sessions` in one capture (TCP 1723 connections closed before any SCCRQ, health checks, and sessions closed `lcp_timeout` seconds ago do not count), or more calls than `max_calls` on one control connection: the rest are counted, not diagnosed",
    .confidence = "confirmed",
    .observation = TRUE,
    .advisory = TRUE, /* pptpdiag's limit, no failure of the network: the verdict stays */
};

static const pd_rule *const rows[] = {&state_cap};

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind == PD_EV_CALL_CAPPED)
        pd_finding_new(e, ev->s, NULL, ev->o->frame, PD_RULE_STATE_CAP, PD_NO_VARIANT,
                       PD_CONF_CONFIRMED,
                       g_strdup_printf("pptpdiag tracks at most %u calls per control connection "
                                       "(preference pptpdiag.max_calls); calls requested from "
                                       "this frame on are not diagnosed, nor is their GRE.",
                                       e->cfg.max_calls));
    if (ev->kind != PD_EV_CAPPED)
        return;
    pd_finding_new(e, ev->s, NULL, ev->o->frame, PD_RULE_STATE_CAP, PD_NO_VARIANT,
                   PD_CONF_CONFIRMED,
                   g_strdup_printf("pptpdiag tracks at most %u sessions per capture (preference "
                                   "pptpdiag.max_sessions); sessions starting from this frame on "
                                   "are not diagnosed.",
                                   e->cfg.max_sessions));
}

const pd_family pd_family_capacity = {
    .name = "capacity", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_CAPPED) | PD_EV_BIT(PD_EV_CALL_CAPPED),
};
