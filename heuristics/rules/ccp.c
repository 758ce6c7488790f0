/* rules/ccp.c: CCP and MPPE (RFC 1962, RFC 3078): one side requires encryption, the other
 * refuses it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* The client refusing means the local computer lacks the required encryption (741), the server
 * refusing the remote computer (742); 768 in both (seed 003). */
static const pd_variant mppe_variants[] = {
    {.name = "refused-by-client", .ras = {741, 768, 0}, .wire = "the client rejected the server's MPPE (or Protocol-Rejected CCP)"},
    {.name = "refused-by-server", .ras = {742, 768, 0}, .wire = "the server rejected the client's MPPE (or Protocol-Rejected CCP)"},
    /* Each side requires a strength the other does not offer: to Windows the remote computer
     * does not support the required encryption type (raserror.h ERROR_NO_REMOTE_ENCRYPTION). */
    {.name = "no-common-strength", .ras = {742, 768, 0}, .wire = "both sides' CCP Configure-Requests carry MPPE with no strength (40, 56, 128-bit) in common, then the link ends"},
};

static const pd_rule mppe_not_agreed = {
    .id = PD_RULE_MPPE_NOT_AGREED, .name = "mppe-not-agreed", .key = "mppe_not_agreed",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "MPPE encryption not agreed: CCP refused while encryption is required",
    .ras = {741, 742, 768, 0},
    .fix = "Make the encryption settings match: PPTP needs MPPE (128-bit) on both sides; on the client "
           "set 'Data encryption: require' or 'optional' consistently with the server, on pppd remove "
           "nomppe / add require-mppe-128 on both ends.",
    .seeds = "003_965bd2a90097e84d.txt (741, 768), 004_10239a7ff750633b.txt (741, 768), 001_0504ecfb6838ebee.txt (no CCP/MPPE)",
    .wire = "CCP Configure-Reject of the MPPE option, or LCP Protocol-Reject of CCP, then the link ends before CCP opens",
    .confidence = "confirmed",
    .variants = mppe_variants, .n_variants = G_N_ELEMENTS(mppe_variants),
};

static const pd_rule *const rows[] = {&mppe_not_agreed};

/* "40-bit", "40/128-bit": the strengths in @bits (PD_MPPE_STRENGTHS). */
static char *strengths(guint32 bits)
{
    GString *s = g_string_new(NULL);
    static const struct { guint32 bit; const char *name; } names[] = {
        {PD_MPPE_40, "40"}, {PD_MPPE_56, "56"}, {PD_MPPE_128, "128"}};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (bits & names[i].bit)
            g_string_append_printf(s, "%s%s", s->len ? "/" : "", names[i].name);
    g_string_append(s, "-bit");
    return g_string_free(s, FALSE);
}

/* Both sides asked for MPPE with no strength in common (RFC 3078 2.1: the peers must agree on
 * one), and the link ended before CCP opened: whoever ended it, that is why. */
static gboolean no_common_strength(pd_engine *e, pd_link *c, const pd_call_end_info *end,
                                   GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    guint32 b[2] = {l->ccp_mppe_bits[PD_DIR_PNS], l->ccp_mppe_bits[PD_DIR_PAC]};
    if (!b[0] || !b[1] || (b[0] & b[1]))
        return FALSE;
    char *sc = strengths(b[PD_DIR_PNS]), *ss = strengths(b[PD_DIR_PAC]);
    char *ended = pd_ended_text(c, end->by, end->frame);
    char *cause = g_strdup_printf(
        "The client offered only %s MPPE encryption (CCP Configure-Request, frame %u) and the "
        "server only %s (frame %u): no strength in common, and %s before CCP opened.",
        sc, l->ccp_mppe_req[PD_DIR_PNS], ss, l->ccp_mppe_req[PD_DIR_PAC], ended);
    guint32 ev[3] = {l->ccp_mppe_req[PD_DIR_PNS], l->ccp_mppe_req[PD_DIR_PAC], end->frame};
    pd_propose(e, c, end->frame, cands, PD_RULE_MPPE_NOT_AGREED, 2, PD_CONF_CONFIRMED, cause, ev,
               G_N_ELEMENTS(ev));
    g_free(sc);
    g_free(ss);
    g_free(ended);
    return TRUE;
}

/* One side asked for MPPE in CCP, the other refused it, and the link ended. */
static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    if (c->net_frame || (l->ccp_ack[0] && l->ccp_ack[1]))
        return;
    if (no_common_strength(e, c, end, cands))
        return;
    for (int x = 0; x < 2; x++) {
        int peer = 1 - x;
        if (!l->ccp_refused[x])
            continue;
        char *ended = pd_ended_text(c, end->by, end->frame);
        char *asked = l->ccp_mppe_req[peer]
                          ? g_strdup_printf(" (CCP Configure-Request, frame %u)", l->ccp_mppe_req[peer])
                          : g_strdup("");
        char *cause = g_strdup_printf(
            "The %s asked for MPPE encryption%s; the %s refused it (%s, frame %u) and %s: the %s "
            "requires encryption that the %s will not do.",
            pd_side_name(peer), asked, pd_side_name(x), l->ccp_refused_how[x], l->ccp_refused[x],
            ended, pd_side_name(peer), pd_side_name(x));
        g_free(asked);
        g_free(ended);
        guint32 ev[2] = {l->ccp_mppe_req[peer], l->ccp_refused[x]};
        pd_propose(e, c, end->frame, cands, PD_RULE_MPPE_NOT_AGREED, x == PD_DIR_PNS ? 0 : 1,
                   PD_CONF_CONFIRMED, cause, ev, G_N_ELEMENTS(ev));
        return;
    }
}

const pd_family pd_family_ccp = {
    .name = "ccp", .rows = rows, .n_rows = G_N_ELEMENTS(rows), .on_call_end = on_call_end,
};
