/* report-text.c: the text of the report's parts (see report-text.h). Everything it says comes
 * from the engine (sessions, calls, milestones, findings); it only lays it out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report-text.h"

#include <string.h>

#include "pd_raserror.h"
#include "pd_rules.h"
#include "textfmt.h"

#define WRAP 100 /* columns of wrapped text (cause, fix) */

/* ---- formatting helpers ------------------------------------------------------------------ */

void pptpdiag_report_append_addr(GString *out, const pd_addr *a)
{
    char buf[64];
    pptpdiag_append_str(out, pd_addr_to_str(a, buf, sizeof buf));
}

/* "10.0.0.1:1234" or "[2001:db8::1]:1234" */
static void append_endpoint(GString *out, const pd_addr *a, guint16 port)
{
    if (a->family == 6)
        g_string_append_c(out, '[');
    pptpdiag_report_append_addr(out, a);
    if (a->family == 6)
        g_string_append_c(out, ']');
    g_string_append_c(out, ':');
    pptpdiag_append_uint(out, port, 0);
}

/* Words are what lies between spaces, newlines and tabs. */
static gboolean is_gap(char c)
{
    return c == ' ' || c == '\n' || c == '\t';
}

/* "  label: text" wrapped at WRAP columns; continuation lines indented by @indent + 4. */
static void append_wrapped(GString *out, int indent, const char *label, const char *text)
{
    int col = indent + (int)strlen(label) + 2;
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_str(out, label);
    g_string_append_c(out, ':');
    const char *p = text ? text : "";
    gboolean first = TRUE;
    for (;;) {
        while (is_gap(*p))
            p++;
        const char *word = p;
        while (*p && !is_gap(*p))
            p++;
        int len = (int)(p - word);
        if (!len)
            break;
        if (!first && col + 1 + len > WRAP) {
            g_string_append_c(out, '\n');
            pptpdiag_append_spaces(out, indent + 4);
            col = indent + 4;
        } else {
            g_string_append_c(out, ' ');
            col++;
        }
        pptpdiag_append_len(out, word, (gsize)len);
        col += len;
        first = FALSE;
    }
    g_string_append_c(out, '\n');
}

static void append_frames(GString *out, const guint32 *frames, guint n)
{
    for (guint i = 0; i < n; i++) {
        if (i)
            pptpdiag_append_lit(out, ", ");
        pptpdiag_append_uint(out, frames[i], 0);
    }
    if (!n)
        pptpdiag_append_lit(out, "none");
}

static void append_ras_lines(GString *out, int indent, const pd_finding *f)
{
    pptpdiag_append_spaces(out, indent);
    if (!f->n_ras) {
        pptpdiag_append_lit(out, "RAS errors: none\n");
        return;
    }
    pptpdiag_append_lit(out, "RAS errors:\n");
    for (guint i = 0; i < f->n_ras; i++) {
        const pd_raserror *r = pd_raserror_lookup(f->ras[i]);
        pptpdiag_append_spaces(out, indent + 2);
        pptpdiag_append_uint(out, r ? r->code : f->ras[i], 0);
        if (r) {
            g_string_append_c(out, ' ');
            pptpdiag_append_str(out, r->name);
            pptpdiag_append_lit(out, ": ");
            pptpdiag_append_str(out, r->message);
        }
        g_string_append_c(out, '\n');
    }
}

static void append_ras_short(GString *out, const pd_finding *f)
{
    for (guint i = 0; i < f->n_ras; i++) {
        const pd_raserror *r = pd_raserror_lookup(f->ras[i]);
        if (i)
            pptpdiag_append_lit(out, ", ");
        pptpdiag_append_uint(out, f->ras[i], 0);
        if (r) {
            g_string_append_c(out, ' ');
            pptpdiag_append_str(out, r->name);
        }
    }
    if (!f->n_ras)
        pptpdiag_append_lit(out, "none");
}

/* The fields of one finding, as the verdict or as a further finding. */
static void append_finding(GString *out, int indent, const pd_finding *f)
{
    const pd_rule *rule = pd_rule_get(f->rule);
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_lit(out, "rule: ");
    pptpdiag_append_str(out, rule->name);
    pptpdiag_append_lit(out, " (");
    pptpdiag_append_str(out, rule->summary);
    pptpdiag_append_lit(out, ")\n");
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_lit(out, "confidence: ");
    pptpdiag_append_str(out, pd_confidence_name(f->confidence));
    g_string_append_c(out, '\n');
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_lit(out, "concluded in frame: ");
    pptpdiag_append_uint(out, f->frame, 0);
    g_string_append_c(out, '\n');
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_lit(out, "concluded only because the capture ended: ");
    pptpdiag_append_str(out, f->end_of_capture ? "yes\n" : "no\n");
    if (f->superseded_by) {
        pptpdiag_append_spaces(out, indent);
        pptpdiag_append_lit(out, "superseded by frame: ");
        pptpdiag_append_uint(out, f->superseded_by, 0);
        /* a finding that pre-empts it (what the session is, e.g. a scanner's probe) may come
         * before it */
        if (f->superseded_by > f->frame)
            pptpdiag_append_lit(out, " (later frames contradicted it)\n");
        else
            pptpdiag_append_lit(out, " (a finding in that frame pre-empts it)\n");
    }
    append_ras_lines(out, indent, f);
    if (f->has_blocked_by) {
        pptpdiag_append_spaces(out, indent);
        if (pd_rule_get(f->rule)->icmp_reports_mtu)
            pptpdiag_append_lit(out, "path MTU reported by: ");
        else
            pptpdiag_append_lit(out, "blocked by: ");
        pptpdiag_report_append_addr(out, &f->blocked_by);
        if (f->quoted_frame) {
            pptpdiag_append_lit(out, " (its ICMP error quotes frame ");
            pptpdiag_append_uint(out, f->quoted_frame, 0);
            g_string_append_c(out, ')');
        }
        g_string_append_c(out, '\n');
    } else if (f->quoted_frame) {
        pptpdiag_append_spaces(out, indent);
        pptpdiag_append_lit(out, "ICMP error quotes frame: ");
        pptpdiag_append_uint(out, f->quoted_frame, 0);
        g_string_append_c(out, '\n');
    }
    append_wrapped(out, indent, "cause", f->cause);
    if (f->fix && f->fix[0])
        append_wrapped(out, indent, "fix", f->fix);
    pptpdiag_append_spaces(out, indent);
    pptpdiag_append_lit(out, "evidence frames: ");
    append_frames(out, f->evidence, f->n_evidence);
    g_string_append_c(out, '\n');
}

/* "1 GRE packet", "2 GRE packets", "no GRE packet" */
static void append_count(GString *out, guint n, const char *noun)
{
    if (n)
        pptpdiag_append_uint(out, n, 0);
    else
        pptpdiag_append_lit(out, "no");
    g_string_append_c(out, ' ');
    pptpdiag_append_str(out, noun);
    if (n > 1)
        g_string_append_c(out, 's');
}

static void append_calls(GString *out, const pd_engine *e, guint si)
{
    const pd_session_info *s = pd_engine_session(e, si);
    gboolean pppoe = s && s->carrier == PD_CARRIER_PPPOE;
    gboolean alone = s && s->carrier == PD_CARRIER_PPP;
    gboolean l2tp = s && s->carrier == PD_CARRIER_L2TP;
    guint n = pd_engine_n_calls(e, si);
    pptpdiag_append_lit(out, "  calls: ");
    pptpdiag_append_uint(out, n, 0);
    g_string_append_c(out, '\n');
    for (guint i = 0; i < n; i++) {
        pd_call_info c;
        if (!pd_engine_call(e, si, i, &c))
            continue;
        pptpdiag_append_lit(out, "    call ");
        pptpdiag_append_uint(out, i, 0);
        if (alone) {
            g_string_append_printf(out, ": the PPP link, from frame %u", c.reply_frame);
            if (c.end_frame)
                g_string_append_printf(out, ", ended in frame %u\n", c.end_frame);
            else
                pptpdiag_append_lit(out, ", still up at the end of the capture\n");
            continue;
        }
        if (l2tp) {
            g_string_append_printf(out, ": L2TP session, Session IDs %u (LAC) and %u (LNS), "
                                        "Tunnel IDs %u and %u\n      ",
                                   c.l2tp_session_id[0], c.l2tp_session_id[1],
                                   c.l2tp_tunnel_id[0], c.l2tp_tunnel_id[1]);
            if (c.before_capture)
                pptpdiag_append_lit(out, "set up before the capture (found by its data messages)");
            else if (c.request_frame)
                g_string_append_printf(out, "requested in frame %u", c.request_frame);
            else
                pptpdiag_append_lit(out, "request not in the capture");
            if (!c.before_capture && c.reply_frame)
                g_string_append_printf(out, ", answered in frame %u%s", c.reply_frame,
                                       c.established ? " (connected)" : " (not connected)");
            if (c.end_frame)
                g_string_append_printf(out, ", ended in frame %u\n", c.end_frame);
            else
                pptpdiag_append_lit(out, ", still up at the end of the capture\n");
            continue;
        }
        if (pppoe) {
            g_string_append_printf(out, ": PPPoE session 0x%04x\n      requested in frame %u "
                                   "(PADR), answered in frame %u (PADS)", c.pppoe_session_id,
                                   c.request_frame, c.reply_frame);
            if (c.end_frame)
                g_string_append_printf(out, ", ended in frame %u\n", c.end_frame);
            else
                pptpdiag_append_lit(out, ", still up at the end of the capture\n");
            continue;
        }
        pptpdiag_append_lit(out, ": Call ID ");
        if (c.has_pns_id)
            pptpdiag_append_uint(out, c.pns_call_id, 0);
        else
            pptpdiag_append_lit(out, "not seen");
        pptpdiag_append_lit(out, " chosen by the client (PNS), Call ID ");
        if (c.has_pac_id)
            pptpdiag_append_uint(out, c.pac_call_id, 0);
        else
            pptpdiag_append_lit(out, "not seen");
        pptpdiag_append_lit(out, " chosen by the server (PAC)\n      ");
        if (c.before_capture) {
            pptpdiag_append_lit(out, "its set-up is not in the capture (Call IDs from its GRE)");
        } else {
            if (c.request_frame) {
                pptpdiag_append_lit(out, "requested in frame ");
                pptpdiag_append_uint(out, c.request_frame, 0);
            } else
                pptpdiag_append_lit(out, "request not in the capture");
            if (c.reply_frame) {
                pptpdiag_append_lit(out, ", answered in frame ");
                pptpdiag_append_uint(out, c.reply_frame, 0);
                pptpdiag_append_str(out, c.established ? " (connected)" : " (not connected)");
            } else
                pptpdiag_append_lit(out, ", no answer in the capture");
        }
        if (c.end_frame) {
            pptpdiag_append_lit(out, ", ended in frame ");
            pptpdiag_append_uint(out, c.end_frame, 0);
            g_string_append_c(out, '\n');
        } else
            pptpdiag_append_lit(out, ", still up at the end of the capture\n");
        pptpdiag_append_lit(out, "      GRE: ");
        append_count(out, c.gre_packets[0], "packet");
        pptpdiag_append_lit(out, " from the client to the server, ");
        append_count(out, c.gre_packets[1], "packet");
        pptpdiag_append_lit(out, " from the server to the client\n");
    }
}

static void append_timeline(GString *out, const pd_session_info *s)
{
    guint n = s->n_milestones;
    pptpdiag_append_lit(out, "  timeline (milestones): ");
    pptpdiag_append_uint(out, n, 0);
    g_string_append_c(out, '\n');
    for (guint i = 0; i < n; i++) {
        const pd_session_milestone *m = &s->milestones[i];
        pptpdiag_append_lit(out, "    frame ");
        pptpdiag_append_uint(out, m->frame, 0);
        pptpdiag_append_lit(out, ": ");
        pptpdiag_append_str(out, pd_milestone_name(m->milestone));
        pptpdiag_append_lit(out, ": ");
        pptpdiag_append_str(out, pd_milestone_text(m->milestone));
        g_string_append_c(out, '\n');
    }
}

/* ---- a session --------------------------------------------------------------------------- */

void pptpdiag_report_text_session(GString *out, const pd_engine *e, const pd_session_info *s)
{
    pptpdiag_append_lit(out, "session ");
    pptpdiag_append_uint(out, s->index, 0);
    if (s->carrier == PD_CARRIER_PPP)
        pptpdiag_append_lit(out, ": ");
    else if (s->roles_unsure)
        pptpdiag_append_lit(out, ": ");
    else
        pptpdiag_append_lit(out, ": client ");
    if (s->carrier == PD_CARRIER_PPP && !s->client.family) {
        pptpdiag_append_lit(out, "a PPP link captured on its own (its carrier is not in the "
                                 "capture, nor which end sent each frame)");
    } else if (s->carrier == PD_CARRIER_PPP) {
        pptpdiag_append_lit(out, "client ");
        pptpdiag_report_append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> server ");
        pptpdiag_report_append_addr(out, &s->server);
        pptpdiag_append_lit(out, " (PPP captured on its own: its carrier is not in the capture");
        if (s->roles_unsure)
            pptpdiag_append_lit(out, "; no authentication in it says which end is the client: "
                                     "the capturing host, or else the first sender, is called "
                                     "the client");
        g_string_append_c(out, ')');
    } else if (s->name) { /* a DNS lookup: "server" is the DNS server */
        pptpdiag_report_append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> DNS server ");
        pptpdiag_report_append_addr(out, &s->server);
        pptpdiag_append_lit(out, " (lookup of ");
        pptpdiag_append_str(out, s->name);
        g_string_append_c(out, ')');
    } else if (s->roles_unsure) {
        /* no authentication names the server: "client" would only be the first sender */
        pptpdiag_append_lit(out, "peer A ");
        pptpdiag_report_append_addr(out, &s->client);
        pptpdiag_append_lit(out, ", peer B ");
        pptpdiag_report_append_addr(out, &s->server);
        if (s->carrier == PD_CARRIER_L2TP)
            pptpdiag_append_lit(out, " (L2TP: the tunnel's set-up is not in the capture, or not "
                                     "readable in it, so which peer is the LAC, the client, is a "
                                     "guess: peer A, the one "
                                     "peer with a private address or else the first to send, is "
                                     "called the client below)");
        else
            pptpdiag_append_lit(out, " (GRE only: its control connection is not in the capture, "
                                     "and no authentication in it says which peer is the client; "
                                     "peer A, the one peer with a private address or else the "
                                     "first to send GRE, is called the client below)");
    } else if (s->carrier == PD_CARRIER_PPPOE) {
        pptpdiag_report_append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> access concentrator ");
        if (s->server.family)
            pptpdiag_report_append_addr(out, &s->server);
        else
            pptpdiag_append_lit(out, "(none answered)");
        pptpdiag_append_lit(out, " (PPPoE, by MAC address)");
    } else if (s->gre_only || !s->client_port) {
        pptpdiag_report_append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> server ");
        pptpdiag_report_append_addr(out, &s->server);
        if (s->gre_only)
            pptpdiag_append_lit(out, " (GRE only: its control connection is not in the capture)");
    } else {
        append_endpoint(out, &s->client, s->client_port);
        pptpdiag_append_lit(out, " -> server ");
        append_endpoint(out, &s->server, s->server_port ? s->server_port : PD_PPTP_PORT);
    }
    g_string_append_c(out, '\n');
    pptpdiag_append_lit(out, "  frames: ");
    pptpdiag_append_uint(out, s->first_frame, 0);
    pptpdiag_append_lit(out, " to ");
    pptpdiag_append_uint(out, s->last_frame, 0);
    if (s->esp == PD_ESP_UDP)
        pptpdiag_append_lit(out, "\n  carried in: ESP in UDP 4500 (NAT traversal), decrypted by "
                                 "Wireshark with the ESP SAs it was given");
    else if (s->esp)
        pptpdiag_append_lit(out, "\n  carried in: ESP (IP protocol 50), decrypted by Wireshark "
                                 "with the ESP SAs it was given");
    pptpdiag_append_lit(out, "\n  capture point: ");
    pptpdiag_append_str(out, s->vantage == PD_VANTAGE_UNKNOWN ? "unknown (the TTLs do not tell)"
                                                              : pd_vantage_name(s->vantage));
    pptpdiag_append_lit(out, "\n  verdict: ");
    pptpdiag_append_str(out, pd_verdict_name(s->verdict));
    g_string_append_c(out, '\n');
    char *why = pd_engine_undetermined_reason(e, s->index);
    if (why)
        append_wrapped(out, 2, "undetermined because", why);
    g_free(why);
    if (s->verdict_finding)
        append_finding(out, 4, s->verdict_finding);
    append_calls(out, e, s->index);
    append_timeline(out, s);
    guint nf = pd_engine_n_findings(e, s->index);
    guint further = 0;
    for (guint i = 0; i < nf; i++)
        if (pd_engine_finding(e, s->index, i) != s->verdict_finding)
            further++;
    pptpdiag_append_lit(out, "  further findings: ");
    pptpdiag_append_uint(out, further, 0);
    g_string_append_c(out, '\n');
    for (guint i = 0; i < nf; i++) {
        const pd_finding *f = pd_engine_finding(e, s->index, i);
        if (f == s->verdict_finding)
            continue;
        pptpdiag_append_lit(out, "    finding in frame ");
        pptpdiag_append_uint(out, f->frame, 0);
        pptpdiag_append_lit(out, ": ");
        pptpdiag_append_str(out, pd_rule_get(f->rule)->name);
        pptpdiag_append_lit(out, " (");
        pptpdiag_append_str(out, pd_confidence_name(f->confidence));
        pptpdiag_append_lit(out, "), RAS ");
        append_ras_short(out, f);
        g_string_append_c(out, '\n');
        append_finding(out, 6, f);
    }
}

/* ---- the summary and the end ------------------------------------------------------------- */

void pptpdiag_report_text_head(GString *out, const pd_engine *e, const GArray *sessions,
                               const char *filter)
{
    guint count[PD_VERDICT_FAILED + 1] = {0};
    for (guint i = 0; i < sessions->len; i++) {
        const pd_session_info *s = pd_engine_session(e, g_array_index(sessions, guint, i));
        if (s && s->verdict <= PD_VERDICT_FAILED)
            count[s->verdict]++;
    }
    pptpdiag_append_lit(out, "=== PPTP diagnosis report (pptpdiag) ===\n");
    g_string_append_printf(out, "filter: %s\n", filter ? filter : "none");
    g_string_append_printf(out, "sessions: %u (failed %u, healthy %u, undetermined %u)\n",
                           sessions->len, count[PD_VERDICT_FAILED], count[PD_VERDICT_HEALTHY],
                           count[PD_VERDICT_UNDETERMINED]);
    if (!sessions->len)
        g_string_append_printf(out, "%s\n",
                               pd_engine_n_sessions(e)  ? "no session matches the filter"
                               : pd_engine_saw_pptp(e) ? "no PPTP session in this capture"
                                                       : "no PPTP control connection or GRE in "
                                                         "this capture");
    guint capped_calls, capped = pd_engine_n_capped(e, &capped_calls);
    if (capped || capped_calls)
        g_string_append_printf(out, "not diagnosed: %u frames of sessions over "
                               "pptpdiag.max_sessions, %u calls over pptpdiag.max_calls\n",
                               capped, capped_calls);
    guint evicted_light, evicted = pd_engine_n_evicted(e, &evicted_light);
    if (evicted)
        g_string_append_printf(out, "not listed: %u settled sessions with nothing to report "
                               "(%u health checks, %u healthy), evicted to keep at most 4 times "
                               "pptpdiag.max_sessions; no failure is ever evicted\n",
                               evicted, evicted_light, evicted - evicted_light);
    guint dropped, not_pptp = pd_engine_n_not_pptp(e, &dropped);
    if (not_pptp) {
        g_string_append_printf(out, "not PPTP: %u TCP connection%s on port 1723 (or the port "
                               "decoded as PPTP) whose first bytes are no PPTP header, or from "
                               "that port to another (a client's own port): no session",
                               not_pptp, not_pptp == 1 ? "" : "s");
        if (dropped)
            g_string_append_printf(out, " (%u session index%s left unused: made at the SYN, "
                                   "before the first bytes showed it)", dropped,
                                   dropped == 1 ? "" : "es");
        g_string_append_c(out, '\n');
    }
}

void pptpdiag_report_text_tail(GString *out)
{
    pptpdiag_append_lit(out, "=== end of PPTP diagnosis report ===\n");
}
