/* rules/auth.c: PPP authentication (RFC 1334 PAP, RFC 1994 CHAP, RFC 2759 MS-CHAPv2): the
 * credentials refused, or no authentication protocol both sides accept.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "pd_names.h"
#include "pd_raserror.h"

/* An MS-CHAPv2 Failure carries the RAS error as "E=nnn" (RFC 2759 section 6): each code it
 * defines is a variant with that code; the others keep 691 and name the code in the cause. */
static const pd_variant failed_variants[] = {
    {.name = "chap-e646", .ras = {646, 0}, .wire = "Failure E=646: logon outside the allowed hours"},
    {.name = "chap-e647", .ras = {647, 0}, .wire = "Failure E=647: account disabled"},
    {.name = "chap-e648", .ras = {648, 0}, .wire = "Failure E=648: password expired"},
    {.name = "chap-e649", .ras = {649, 0}, .wire = "Failure E=649: no dial-in permission"},
    {.name = "chap-e691", .ras = {691, 0}, .wire = "Failure E=691: user name or password rejected"},
    {.name = "chap-e709", .ras = {709, 0}, .wire = "Failure E=709: changing the password failed"},
    {.name = "chap-other-code", .ras = {691, 0}, .wire = "Failure with another E= code (named in the cause)"},
    {.name = "chap-no-code", .ras = {691, 0}, .wire = "CHAP Failure without an E= code"},
    {.name = "pap-nak", .ras = {691, 0}, .wire = "PAP Authenticate-Nak"},
};
enum { FAILED_CHAP_OTHER = 6, FAILED_CHAP_NO_CODE = 7, FAILED_PAP = 8 };

static const pd_rule failed = {
    .id = PD_RULE_AUTH_FAILED, .name = "auth-failed", .key = "auth_failed",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPP authentication failed: the server rejected the credentials",
    .ras = {691, 0},
    .fix = "Check the user name (with domain if needed), the password (Caps Lock) and the account "
           "(enabled, not expired, dial-in permitted) against the server's user database or RADIUS/NPS; "
           "make sure both sides allow the same authentication protocol (MS-CHAPv2 for PPTP).",
    .seeds = "001_0504ecfb6838ebee.txt (691), 004_10239a7ff750633b.txt (credentials), RFC 2759 section 6",
    .wire = "CHAP/MS-CHAPv2 Failure (the `E=` code is the RAS error; a later Failure supersedes an earlier one; a message the snapshot length cut before its code is whole gives no variant, the row's RAS codes) or PAP Authenticate-Nak",
    .confidence = "confirmed",
    .variants = failed_variants, .n_variants = G_N_ELEMENTS(failed_variants),
};

static const pd_rule protocol_rejected = {
    .id = PD_RULE_AUTH_PROTOCOL_REJECTED, .name = "auth-protocol-rejected", .key = "auth_protocol_rejected",
    .severity = PD_SEV_ERROR, .group = PD_GROUP_RESPONSE,
    .summary = "PPP authentication protocol refused: no common authentication protocol",
    .ras = {739, 691, 0},
    .fix = "Allow the same authentication protocol on both sides: MS-CHAPv2 for PPTP (on the client, "
           "uncheck PAP/SPAP/CHAP and allow MS-CHAP v2; on RRAS/NPS, allow MS-CHAP v2).",
    .seeds = "003_965bd2a90097e84d.txt (739), 004_10239a7ff750633b.txt (739), 001_0504ecfb6838ebee.txt (691: protocol)",
    .wire = "LCP Configure-Nak or Configure-Reject of the Authentication-Protocol one side asked for (e.g. MS-CHAPv2 refused, CHAP MD5 suggested), then the link ends",
    .confidence = "confirmed",
};

static const pd_rule *const rows[] = {&failed, &protocol_rejected};

typedef struct {
    pd_finding *last; /* the latest auth-failed finding */
} auth_state;

/* MS-CHAPv2 Failure "E=nnn" (RFC 2759 section 6); 0 when absent, or when the capture cut the
 * message (@cut: pd_observation.lost has PD_LOST_TEXT) where its digits might go on. */
static guint16 failure_code(const char *msg, gboolean cut)
{
    const char *p = strstr(msg, "E=");
    if (!p || (p != msg && p[-1] != ' '))
        return 0;
    char *end;
    long v = strtol(p + 2, &end, 10);
    if (cut && *end == '\0')
        return 0; /* "E=69" of "E=691": the code is past the cut */
    return (v > 0 && v < 65536) ? (guint16)v : 0;
}

/* The variant of a CHAP Failure with E=@code (0: none). */
static int chap_variant(guint16 code)
{
    if (!code)
        return FAILED_CHAP_NO_CODE;
    for (int i = 0; i < FAILED_CHAP_OTHER; i++)
        if (failed_variants[i].ras[0] == code)
            return i;
    return FAILED_CHAP_OTHER;
}

static void auth_failure(pd_engine *e, pd_link *c, const pd_observation *o, const pd_ppp_frame *p,
                         int dir, gboolean pap)
{
    auth_state *st = pd_call_slice(c, &pd_family_auth);
    const char *msg = p->message ? p->message : "";
    gboolean cut = (o->lost & PD_LOST_TEXT) != 0;
    guint16 code = pap ? 0 : failure_code(msg, cut);
    const pd_raserror *re = code ? pd_raserror_lookup(code) : NULL;
    char *cause;
    if (pap)
        cause = g_strdup_printf("The %s answered the PAP Authenticate-Request with "
                                "Authenticate-Nak: user name or password rejected.",
                                pd_side_name(dir));
    else if (code)
        cause = g_strdup_printf("The %s answered the CHAP Response with Failure E=%u (%s: %s)%s%s.",
                                pd_side_name(dir), code, re ? re->name : "unknown RAS error",
                                re ? re->message : "", msg[0] ? " Message: " : "", msg);
    else if (cut) /* the message that names the RAS error is past the snapshot length */
        cause = g_strdup_printf("The %s answered the CHAP Response with Failure: authentication "
                                "refused. The capture cut its message%s%s%s before the E= code "
                                "that says why (RFC 2759 section 6), so which RAS error it "
                                "carries cannot be told.",
                                pd_side_name(dir), msg[0] ? " (\"" : "", msg, msg[0] ? "\")" : "");
    else
        cause = g_strdup_printf("The %s answered the CHAP Response with Failure%s%s: user name "
                                "or password rejected.",
                                pd_side_name(dir), msg[0] ? ": " : "", msg);
    int variant = pap ? FAILED_PAP : code || !cut ? chap_variant(code) : PD_NO_VARIANT;
    pd_finding *f = pd_finding_new(e, c->s, c, o->frame, PD_RULE_AUTH_FAILED, variant,
                                   PD_CONF_CONFIRMED, cause);
    if (!f)
        return; /* another rule explains the call (THE ORDER) */
    /* A later Failure (e.g. E=709 after the password change that followed E=648) replaces the
     * earlier one as the explanation. */
    pd_supersede(c->s, st->last, o->frame);
    pd_evidence(f, c->ppp->auth_challenge);
    pd_evidence(f, c->ppp->auth_response);
    st->last = f;
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    if (ev->kind != PD_EV_PPP)
        return;
    if (ev->ppp->protocol == PD_PPP_CHAP && ev->ppp->code == PD_CHAP_FAILURE)
        auth_failure(e, ev->c, ev->o, ev->ppp, ev->dir, FALSE);
    else if (ev->ppp->protocol == PD_PPP_PAP && ev->ppp->code == PD_PAP_NAK)
        auth_failure(e, ev->c, ev->o, ev->ppp, ev->dir, TRUE);
}

/* One side refused the Authentication-Protocol the other asked for, and the link ended. */
static void on_call_end(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands)
{
    const pd_ppp_link *l = c->ppp;
    if (c->net_frame)
        return;
    for (int x = 0; x < 2; x++) {
        int peer = 1 - x;
        if (!l->auth_refused[x] || l->auth_ok)
            continue;
        char offered[64] = "";
        if (!l->auth_refused_rej[x] && l->auth_offered[x])
            g_snprintf(offered, sizeof offered, ", suggesting %s",
                       pd_auth_protocol_name(l->auth_offered[x], l->auth_offered_algo[x]));
        char *ended = pd_ended_text(c, end->by, end->frame);
        char *cause = g_strdup_printf(
            "The %s asked for %s (LCP Authentication-Protocol, frame %u); the %s refused it "
            "(Configure-%s%s, frame %u) and %s: the two sides share no authentication protocol%s.",
            pd_side_name(peer), pd_auth_protocol_name(l->auth_asked[peer], l->auth_asked_algo[peer]),
            l->auth_req[peer], pd_side_name(x), l->auth_refused_rej[x] ? "Reject" : "Nak", offered,
            l->auth_refused[x], ended,
            x == PD_DIR_PNS ? " (the client is configured not to use the server's protocol)"
                            : " (the server does not accept the client's protocol)");
        g_free(ended);
        guint32 ev[2] = {l->auth_req[peer], l->auth_refused[x]};
        pd_propose(e, c, end->frame, cands, PD_RULE_AUTH_PROTOCOL_REJECTED, PD_NO_VARIANT,
                   PD_CONF_CONFIRMED, cause, ev, G_N_ELEMENTS(ev));
        return;
    }
}

const pd_family pd_family_auth = {
    .name = "auth", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .call_slice = sizeof(auth_state), .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_PPP), .on_call_end = on_call_end,
};
