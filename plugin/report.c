/* report.c: `tshark -q -z pptpdiag,report[,FILTER]`, a plain-text report printed at the end of
 * the run, one block per session (see report.h). Everything it says comes from the engine
 * (sessions, calls, milestones, findings) and from the frame labels (framelabel.h); it only
 * lays them out.
 *
 * FILTER (a display filter) selects sessions: a session is reported when at least one of its
 * frames passes the filter; a reported session is always reported whole.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "framelabel.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "pptpdiag.h"
#include "textfmt.h"
#include "ws-compat.h"

#define REPORT_CLI "pptpdiag,report"
#define WRAP 100 /* columns of wrapped text (cause, fix) */

/* ---- formatting helpers ------------------------------------------------------------------ */

static const char *addr_str(const pd_addr *a, char *buf, gsize len)
{
    if (!a->family) {
        g_strlcpy(buf, "?", len);
        return buf;
    }
    return pd_addr_to_str(a, buf, len);
}

/* "10.0.0.1:1234" or "[2001:db8::1]:1234" */
static void append_endpoint(GString *out, const pd_addr *a, guint16 port)
{
    char buf[64];
    addr_str(a, buf, sizeof buf);
    if (a->family == 6)
        g_string_append_printf(out, "[%s]:%u", buf, port);
    else
        g_string_append_printf(out, "%s:%u", buf, port);
}

static void append_spaces(GString *out, int n)
{
    for (int i = 0; i < n; i++)
        g_string_append_c(out, ' ');
}

/* "  label: text" wrapped at WRAP columns; continuation lines indented by @indent + 4. */
static void append_wrapped(GString *out, int indent, const char *label, const char *text)
{
    int col = indent + (int)strlen(label) + 2;
    append_spaces(out, indent);
    g_string_append(out, label);
    g_string_append_c(out, ':');
    const char *p = text ? text : "";
    gboolean first = TRUE;
    for (;;) {
        p += strspn(p, " \n\t"); /* words are what lies between spaces, newlines and tabs */
        int len = (int)strcspn(p, " \n\t");
        if (!len)
            break;
        if (!first && col + 1 + len > WRAP) {
            g_string_append_c(out, '\n');
            append_spaces(out, indent + 4);
            col = indent + 4;
        } else {
            g_string_append_c(out, ' ');
            col++;
        }
        g_string_append_len(out, p, len);
        col += len;
        p += len;
        first = FALSE;
    }
    g_string_append_c(out, '\n');
}

static void append_frames(GString *out, const GArray *frames)
{
    for (guint i = 0; frames && i < frames->len; i++) {
        if (i)
            g_string_append(out, ", ");
        pptpdiag_append_uint(out, g_array_index(frames, guint32, i), 0);
    }
    if (!frames || !frames->len)
        g_string_append(out, "none");
}

static void append_ras_lines(GString *out, int indent, const pd_finding *f)
{
    if (!f->n_ras) {
        g_string_append_printf(out, "%*sRAS errors: none\n", indent, "");
        return;
    }
    g_string_append_printf(out, "%*sRAS errors:\n", indent, "");
    for (guint i = 0; i < f->n_ras; i++) {
        const pd_raserror *r = pd_raserror_lookup(f->ras[i]);
        if (r)
            g_string_append_printf(out, "%*s%u %s: %s\n", indent + 2, "", r->code, r->name,
                                   r->message);
        else
            g_string_append_printf(out, "%*s%u\n", indent + 2, "", f->ras[i]);
    }
}

static void append_ras_short(GString *out, const pd_finding *f)
{
    for (guint i = 0; i < f->n_ras; i++) {
        const pd_raserror *r = pd_raserror_lookup(f->ras[i]);
        g_string_append_printf(out, "%s%u", i ? ", " : "", f->ras[i]);
        if (r)
            g_string_append_printf(out, " %s", r->name);
    }
    if (!f->n_ras)
        g_string_append(out, "none");
}

/* The fields of one finding, as the verdict or as a further finding. */
static void append_finding(GString *out, int indent, const pd_finding *f)
{
    const pd_rule *rule = pd_rule_get(f->rule);
    char buf[64];
    append_spaces(out, indent);
    g_string_append(out, "rule: ");
    g_string_append(out, rule->name);
    g_string_append(out, " (");
    g_string_append(out, rule->summary);
    g_string_append(out, ")\n");
    append_spaces(out, indent);
    g_string_append(out, "confidence: ");
    g_string_append(out, pd_confidence_name(f->confidence));
    g_string_append_c(out, '\n');
    append_spaces(out, indent);
    g_string_append(out, "concluded in frame: ");
    pptpdiag_append_uint(out, f->frame, 0);
    g_string_append_c(out, '\n');
    append_spaces(out, indent);
    g_string_append(out, "concluded only because the capture ended: ");
    g_string_append(out, f->end_of_capture ? "yes\n" : "no\n");
    if (f->superseded_by)
        g_string_append_printf(out, "%*ssuperseded by frame: %u (later frames contradicted it)\n",
                               indent, "", f->superseded_by);
    append_ras_lines(out, indent, f);
    if (f->has_blocked_by) {
        g_string_append_printf(out, "%*s%s: %s", indent, "",
                               f->rule == PD_RULE_MTU_TOO_SMALL ? "path MTU reported by"
                                                                : "blocked by",
                               addr_str(&f->blocked_by, buf, sizeof buf));
        if (f->quoted_frame)
            g_string_append_printf(out, " (its ICMP error quotes frame %u)", f->quoted_frame);
        g_string_append_c(out, '\n');
    } else if (f->quoted_frame) {
        g_string_append_printf(out, "%*sICMP error quotes frame: %u\n", indent, "",
                               f->quoted_frame);
    }
    append_wrapped(out, indent, "cause", f->cause);
    if (f->fix && f->fix[0])
        append_wrapped(out, indent, "fix", f->fix);
    append_spaces(out, indent);
    g_string_append(out, "evidence frames: ");
    append_frames(out, f->evidence);
    g_string_append_c(out, '\n');
}

/* "1 GRE packet", "2 GRE packets", "no GRE packet" */
static void append_count(GString *out, guint n, const char *noun)
{
    if (n)
        pptpdiag_append_uint(out, n, 0);
    else
        g_string_append(out, "no");
    g_string_append_c(out, ' ');
    g_string_append(out, noun);
    if (n > 1)
        g_string_append_c(out, 's');
}

static void append_calls(GString *out, const pd_engine *e, guint si)
{
    guint n = pd_engine_n_calls(e, si);
    g_string_append_printf(out, "  calls: %u\n", n);
    for (guint i = 0; i < n; i++) {
        pd_call_info c;
        if (!pd_engine_call(e, si, i, &c))
            continue;
        g_string_append(out, "    call ");
        pptpdiag_append_uint(out, i, 0);
        g_string_append(out, ": Call ID ");
        if (c.has_pns_id)
            pptpdiag_append_uint(out, c.pns_call_id, 0);
        else
            g_string_append(out, "not seen");
        g_string_append(out, " chosen by the client (PNS), Call ID ");
        if (c.has_pac_id)
            pptpdiag_append_uint(out, c.pac_call_id, 0);
        else
            g_string_append(out, "not seen");
        g_string_append(out, " chosen by the server (PAC)\n      ");
        if (c.before_capture) {
            g_string_append(out, "its set-up is not in the capture (Call IDs from its GRE)");
        } else {
            if (c.request_frame) {
                g_string_append(out, "requested in frame ");
                pptpdiag_append_uint(out, c.request_frame, 0);
            } else
                g_string_append(out, "request not in the capture");
            if (c.reply_frame) {
                g_string_append(out, ", answered in frame ");
                pptpdiag_append_uint(out, c.reply_frame, 0);
                g_string_append(out, c.established ? " (connected)" : " (not connected)");
            } else
                g_string_append(out, ", no answer in the capture");
        }
        if (c.end_frame) {
            g_string_append(out, ", ended in frame ");
            pptpdiag_append_uint(out, c.end_frame, 0);
            g_string_append_c(out, '\n');
        } else
            g_string_append(out, ", still up at the end of the capture\n");
        g_string_append(out, "      GRE: ");
        append_count(out, c.gre_packets[0], "packet");
        g_string_append(out, " from the client to the server, ");
        append_count(out, c.gre_packets[1], "packet");
        g_string_append(out, " from the server to the client\n");
    }
}

static void append_timeline(GString *out, const pd_session_info *s)
{
    guint n = s->milestones ? s->milestones->len : 0;
    g_string_append_printf(out, "  timeline (milestones): %u\n", n);
    for (guint i = 0; i < n; i++) {
        const pd_session_milestone *m = &g_array_index(s->milestones, pd_session_milestone, i);
        g_string_append(out, "    frame ");
        pptpdiag_append_uint(out, m->frame, 0);
        g_string_append(out, ": ");
        g_string_append(out, pd_milestone_name(m->milestone));
        g_string_append(out, ": ");
        g_string_append(out, pd_milestone_text(m->milestone));
        g_string_append_c(out, '\n');
    }
}

/* ---- sequence view ----------------------------------------------------------------------- */

enum { LANE_CLIENT, LANE_ROUTER, LANE_SERVER, LANE_UNKNOWN };
#define SEQ_WIDTH 51 /* columns of the lane drawing: lanes at 0, 25, 50 */

static const int lane_col[3] = {0, 25, 50};

/* What the engine says about a frame of the session, for the annotation column: "@prefix@text"
 * (both constant strings; no text: the frame is only to be drawn), or that an ICMP error of a
 * finding quotes the frame (its arrow stops at the router). Collected in an array, then sorted
 * by frame: a session's notes are made and drawn without one allocation each. */
typedef struct {
    guint32 frame;
    guint32 order; /* the order the notes were made in: a frame's texts are joined in it */
    const char *prefix, *text;
    gboolean quoted;
} frame_note;

static void note_add(GArray *notes, guint32 frame, const char *prefix, const char *text,
                     gboolean quoted)
{
    frame_note n = {frame, notes->len, prefix, text, quoted};
    g_array_append_val(notes, n);
}

static gint cmp_note(gconstpointer a, gconstpointer b)
{
    const frame_note *x = a, *y = b;
    if (x->frame != y->frame)
        return x->frame < y->frame ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The notes of one frame: @count of them from index @first of the sorted notes. */
typedef struct {
    guint first, count;
    gboolean quoted;
} frame_notes;

/* Fills @fn with the notes of frame @frame, moving *@i (ascending frames) past them; FALSE
 * when the frame has none. */
static gboolean notes_of(const GArray *notes, guint *i, guint32 frame, frame_notes *fn)
{
    while (*i < notes->len && g_array_index(notes, frame_note, *i).frame < frame)
        (*i)++;
    fn->first = *i;
    fn->count = 0;
    fn->quoted = FALSE;
    while (*i < notes->len && g_array_index(notes, frame_note, *i).frame == frame) {
        fn->quoted |= g_array_index(notes, frame_note, *i).quoted;
        fn->count++;
        (*i)++;
    }
    return fn->count > 0;
}

/* Appends "  [text; text]" for @fn's texts, or nothing when they are all empty. */
static void append_note_texts(GString *out, const GArray *notes, const frame_notes *fn)
{
    gsize start = out->len;
    g_string_append(out, "  [");
    gsize body = out->len;
    for (guint k = fn->first; k < fn->first + fn->count; k++) {
        const frame_note *n = &g_array_index(notes, frame_note, k);
        if (!n->text)
            continue;
        if (out->len > body)
            g_string_append(out, "; ");
        g_string_append(out, n->prefix);
        g_string_append(out, n->text);
    }
    if (out->len == body)
        g_string_truncate(out, start);
    else
        g_string_append_c(out, ']');
}

static int lane_of(const pd_addr *a, const pd_session_info *s, const pd_addr *router)
{
    if (pd_addr_equal(a, &s->client))
        return LANE_CLIENT;
    if (pd_addr_equal(a, &s->server))
        return LANE_SERVER;
    if (router && pd_addr_equal(a, router))
        return LANE_ROUTER;
    return LANE_UNKNOWN;
}

static void draw_lanes(GString *out, gboolean with_router, int from, int to, gboolean stop_x)
{
    char line[SEQ_WIDTH + 1];
    memset(line, ' ', SEQ_WIDTH);
    line[SEQ_WIDTH] = '\0';
    for (int l = 0; l < 3; l++)
        if (l != LANE_ROUTER || with_router)
            line[lane_col[l]] = '|';
    if (from != LANE_UNKNOWN && to != LANE_UNKNOWN && from != to) {
        int a = lane_col[from], b = lane_col[to];
        if (stop_x && with_router && from != LANE_ROUTER && to != LANE_ROUTER) {
            b = lane_col[LANE_ROUTER]; /* the packet an ICMP error quotes: it got that far */
            line[b] = 'X';
            for (int c = MIN(a, b) + 1; c < MAX(a, b); c++)
                line[c] = '-';
        } else if (a < b) {
            for (int c = a + 1; c < b - 1; c++)
                line[c] = '-';
            line[b - 1] = '>';
        } else {
            line[b + 1] = '<';
            for (int c = b + 2; c < a; c++)
                line[c] = '-';
        }
    }
    g_string_append(out, line);
}

static gint cmp_frame(gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
    return x < y ? -1 : x > y;
}

/* @labels: the indexes (guint, ascending; see framelabel.h) of the labels of the frames the
 * engine files under session @s, between its first and last frame (report_index_labels). */
static void append_sequence(GString *out, const pd_engine *e, const pd_session_info *s,
                            const GArray *labels)
{
    GArray *notes = g_array_new(FALSE, FALSE, sizeof(frame_note));
    gboolean has_router = FALSE;
    pd_addr router;
    memset(&router, 0, sizeof router);

    /* What the engine names: milestones, calls, findings with their evidence. */
    for (guint i = 0; s->milestones && i < s->milestones->len; i++) {
        const pd_session_milestone *m = &g_array_index(s->milestones, pd_session_milestone, i);
        if (m->frame)
            note_add(notes, m->frame, "", pd_milestone_name(m->milestone), FALSE);
    }
    for (guint i = 0; i < pd_engine_n_calls(e, s->index); i++) {
        pd_call_info c;
        if (!pd_engine_call(e, s->index, i, &c))
            continue;
        note_add(notes, c.request_frame != 0 ? c.request_frame : s->first_frame, NULL, NULL,
                 FALSE);
        if (c.reply_frame)
            note_add(notes, c.reply_frame, NULL, NULL, FALSE);
        if (c.end_frame)
            note_add(notes, c.end_frame, NULL, NULL, FALSE);
    }
    for (guint i = 0; i < pd_engine_n_findings(e, s->index); i++) {
        const pd_finding *f = pd_engine_finding(e, s->index, i);
        if (f->frame)
            note_add(notes, f->frame, "finding ", pd_rule_get(f->rule)->name, FALSE);
        for (guint j = 0; f->evidence && j < f->evidence->len; j++) {
            guint32 ev = g_array_index(f->evidence, guint32, j);
            if (f != s->verdict_finding)
                note_add(notes, ev, NULL, NULL, FALSE);
            else if (ev)
                note_add(notes, ev, "", "evidence", FALSE);
        }
        if (f->quoted_frame)
            note_add(notes, f->quoted_frame, NULL, NULL, TRUE);
        if (f->has_blocked_by && !has_router) {
            router = f->blocked_by;
            has_router = TRUE;
        }
    }
    g_array_sort(notes, cmp_note);

    /* The frames to draw: the session's labelled frames (keepalives and data only when named
     * above) and every frame named above that has no label. Both lists ascend. */
    GArray *frames = g_array_new(FALSE, FALSE, sizeof(guint32));
    guint ni = 0;
    frame_notes fn;
    for (guint i = 0; labels && i < labels->len; i++) {
        pptpdiag_label l;
        pptpdiag_labels_nth(g_array_index(labels, guint, i), &l);
        if (l.minor && !notes_of(notes, &ni, l.frame, &fn))
            continue;
        g_array_append_val(frames, l.frame);
        if (!has_router && lane_of(&l.src, s, NULL) == LANE_UNKNOWN) {
            router = l.src;
            has_router = TRUE;
        }
    }
    for (guint i = 0; i < notes->len; i++) {
        guint32 fr = g_array_index(notes, frame_note, i).frame;
        pptpdiag_label l;
        if ((i == 0 || g_array_index(notes, frame_note, i - 1).frame != fr) &&
            !pptpdiag_labels_get(fr, &l))
            g_array_append_val(frames, fr);
    }
    g_array_sort(frames, cmp_frame);

    char cb[64], rb[64], sb[64];
    g_string_append_printf(out, "  sequence: %u frame%s; lanes: client %s", frames->len,
                           frames->len == 1 ? "" : "s", addr_str(&s->client, cb, sizeof cb));
    if (has_router)
        g_string_append_printf(out, " | router %s", addr_str(&router, rb, sizeof rb));
    g_string_append_printf(out, " | %s %s\n", s->name ? "DNS server" : "server",
                           addr_str(&s->server, sb, sizeof sb));
    g_string_append_printf(out, "    %7s %9s  %-25s%-25s%s\n", "frame", "time", "client",
                           has_router ? "router" : "", "server");
    double t0 = 0;
    gboolean have_t0 = FALSE;
    ni = 0;
    for (guint i = 0; i < frames->len; i++) {
        guint32 fr = g_array_index(frames, guint32, i);
        gboolean noted = notes_of(notes, &ni, fr, &fn);
        pptpdiag_label l;
        gboolean labelled = pptpdiag_labels_get(fr, &l);
        if (labelled && !have_t0) {
            t0 = l.time;
            have_t0 = TRUE;
        }
        g_string_append(out, "    ");
        pptpdiag_append_uint(out, fr, 7);
        g_string_append_c(out, ' ');
        if (labelled)
            pptpdiag_append_fixed3(out, l.time - t0, 9);
        else
            g_string_append(out, "        ?");
        g_string_append(out, "  ");
        int from = LANE_UNKNOWN, to = LANE_UNKNOWN;
        if (labelled) {
            from = lane_of(&l.src, s, has_router ? &router : NULL);
            to = lane_of(&l.dst, s, has_router ? &router : NULL);
        }
        draw_lanes(out, has_router, from, to, noted && fn.quoted);
        g_string_append(out, "  ");
        if (!labelled) {
            g_string_append(out, "(no label)");
        } else {
            if (from == LANE_UNKNOWN || to == LANE_UNKNOWN) {
                char a[64], b[64];
                g_string_append_printf(out, "%s -> %s: ", addr_str(&l.src, a, sizeof a),
                                       addr_str(&l.dst, b, sizeof b));
            } else if (from == LANE_ROUTER && !pd_addr_equal(&l.src, &router)) {
                char a[64];
                g_string_append_printf(out, "from %s: ", addr_str(&l.src, a, sizeof a));
            }
            g_string_append(out, l.text);
        }
        if (noted)
            append_note_texts(out, notes, &fn);
        g_string_append_c(out, '\n');
    }
    g_array_free(frames, TRUE);
    g_array_free(notes, TRUE);
}

/* ---- the report -------------------------------------------------------------------------- */

static void append_session(GString *out, const pd_engine *e, const pd_session_info *s,
                           const GArray *labels)
{
    char cb[64], sb[64];
    g_string_append_printf(out, "session %u: client ", s->index);
    if (s->name) { /* a DNS lookup: "server" is the DNS server */
        g_string_append_printf(out, "%s -> DNS server %s (lookup of %s)",
                               addr_str(&s->client, cb, sizeof cb),
                               addr_str(&s->server, sb, sizeof sb), s->name);
    } else if (s->gre_only || !s->client_port) {
        g_string_append_printf(out, "%s -> server %s", addr_str(&s->client, cb, sizeof cb),
                               addr_str(&s->server, sb, sizeof sb));
        if (s->gre_only)
            g_string_append(out, " (GRE only: its control connection is not in the capture)");
    } else {
        append_endpoint(out, &s->client, s->client_port);
        g_string_append(out, " -> server ");
        append_endpoint(out, &s->server, s->server_port ? s->server_port : PD_PPTP_PORT);
    }
    g_string_append_c(out, '\n');
    g_string_append_printf(out, "  frames: %u to %u\n", s->first_frame, s->last_frame);
    g_string_append_printf(out, "  capture point: %s\n",
                           s->vantage == PD_VANTAGE_UNKNOWN ? "unknown (the TTLs do not tell)"
                                                            : pd_vantage_name(s->vantage));
    g_string_append_printf(out, "  verdict: %s\n", pd_verdict_name(s->verdict));
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
    g_string_append_printf(out, "  further findings: %u\n", further);
    for (guint i = 0; i < nf; i++) {
        const pd_finding *f = pd_engine_finding(e, s->index, i);
        if (f == s->verdict_finding)
            continue;
        g_string_append_printf(out, "    finding in frame %u: %s (%s), RAS ", f->frame,
                               pd_rule_get(f->rule)->name, pd_confidence_name(f->confidence));
        append_ras_short(out, f);
        g_string_append_c(out, '\n');
        append_finding(out, 6, f);
    }
    append_sequence(out, e, s, labels);
}

/* One pass over the labels: files the index of each label under the session the engine puts
 * its frame in, when that session is one of @sessions and the frame lies between the session's
 * first and last frame. Returns an array of pd_engine_n_sessions entries, NULL for a session
 * not reported, else a GArray of guint label indexes in frame order; free with
 * report_free_index. Linear in labels, whatever the sessions' overlap. */
static GArray **report_index_labels(const pd_engine *e, const GArray *sessions)
{
    guint n = pd_engine_n_sessions(e);
    GArray **lists = g_new0(GArray *, n + 1);
    for (guint i = 0; i < sessions->len; i++) {
        guint si = g_array_index(sessions, guint, i);
        if (si < n && !lists[si])
            lists[si] = g_array_new(FALSE, FALSE, sizeof(guint));
    }
    guint count = pptpdiag_labels_count();
    for (guint i = 0; i < count; i++) {
        guint32 frame = pptpdiag_labels_frame_at(i);
        const pd_frame_result *r = pd_engine_frame(e, frame);
        if (!r || !r->has_session || r->session >= n || !lists[r->session])
            continue;
        const pd_session_info *s = pd_engine_session(e, r->session);
        if (!s || frame < s->first_frame || frame > s->last_frame)
            continue;
        g_array_append_val(lists[r->session], i);
    }
    return lists;
}

static void report_free_index(GArray **lists, guint n)
{
    for (guint i = 0; i < n; i++)
        if (lists[i])
            g_array_free(lists[i], TRUE);
    g_free(lists);
}

GString *pptpdiag_report_format(const pd_engine *e, const GArray *sessions, const char *filter)
{
    GString *out = g_string_new(NULL);
    guint count[PD_VERDICT_FAILED + 1] = {0};
    for (guint i = 0; i < sessions->len; i++) {
        const pd_session_info *s = pd_engine_session(e, g_array_index(sessions, guint, i));
        if (s && s->verdict <= PD_VERDICT_FAILED)
            count[s->verdict]++;
    }
    g_string_append(out, "=== PPTP diagnosis report (pptpdiag) ===\n");
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
    GArray **labels = report_index_labels(e, sessions);
    guint n = pd_engine_n_sessions(e);
    for (guint i = 0; i < sessions->len; i++) {
        guint si = g_array_index(sessions, guint, i);
        const pd_session_info *s = pd_engine_session(e, si);
        if (!s)
            continue;
        g_string_append_c(out, '\n');
        append_session(out, e, s, si < n ? labels[si] : NULL);
    }
    report_free_index(labels, n);
    g_string_append(out, "=== end of PPTP diagnosis report ===\n");
    return out;
}

/* ---- the tap ----------------------------------------------------------------------------- */

typedef struct {
    char *filter;
    pptpdiag_seen *seen;
} report_tap;

static void report_reset(void *p)
{
    report_tap *rt = p;
    pptpdiag_seen_reset(rt->seen);
}

static tap_packet_status report_packet(void *p, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                       const void *data, tap_flags_t flags _U_)
{
    report_tap *rt = p;
    const pptpdiag_tap_info *info = data;
    pptpdiag_seen_add(rt->seen, info->frame);
    return TAP_PACKET_DONT_REDRAW; /* the report is printed once, at the end */
}

static void report_draw(void *p)
{
    report_tap *rt = p;
    /* One-pass tshark has no end-of-capture hook but the taps' draw callbacks: the report is
     * drawn at the end of the run, which is the end of the capture, and must include what only
     * that end tells. (In two passes the dissector has done it already.) */
    pptpdiag_capture_over();
    const pd_engine *e = pptpdiag_engine();
    if (!e)
        return;
    GArray *ids = pptpdiag_seen_sessions(rt->seen, e);
    GString *out = pptpdiag_report_format(e, ids, rt->filter);
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    g_array_free(ids, TRUE);
}

static void report_finish(void *p)
{
    report_tap *rt = p;
    pptpdiag_seen_free(rt->seen);
    g_free(rt->filter);
    g_free(rt);
}

/* opt_arg is "pptpdiag,report" or "pptpdiag,report,FILTER". */
static PD_STAT_TAP_INIT_RET report_init(const char *opt_arg, void *userdata _U_)
{
    const char *filter = NULL;
    gsize n = strlen(REPORT_CLI);
    if (strncmp(opt_arg, REPORT_CLI, n) != 0 || (opt_arg[n] != '\0' && opt_arg[n] != ',')) {
        fprintf(stderr, "tshark: invalid \"-z %s\"; use -z " REPORT_CLI "[,FILTER]\n", opt_arg);
        exit(1);
    }
    if (opt_arg[n] == ',' && opt_arg[n + 1] != '\0')
        filter = opt_arg + n + 1;
    pptpdiag_labels_want_text(); /* the sequence view draws them */
    report_tap *rt = g_new0(report_tap, 1);
    rt->filter = g_strdup(filter);
    rt->seen = pptpdiag_seen_new();
    GString *err = register_tap_listener(PPTPDIAG_TAP_NAME, rt, rt->filter, TL_REQUIRES_NOTHING,
                                         report_reset, report_packet, report_draw, report_finish);
    if (err) {
        fprintf(stderr, "tshark: couldn't register the pptpdiag report: %s\n", err->str);
        g_string_free(err, TRUE);
        report_finish(rt);
        exit(1);
    }
    PD_STAT_TAP_INIT_OK;
}

void pptpdiag_report_register(void)
{
    static stat_tap_ui ui = {
        REGISTER_STAT_GROUP_GENERIC, "PPTP Diagnosis Report", REPORT_CLI, report_init, 0, NULL,
    };
    register_stat_tap_ui(&ui, NULL);
}
