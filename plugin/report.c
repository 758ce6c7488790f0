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

#include "capture.h"
#include "framelabel.h"
#include "pd_raserror.h"
#include "pd_rules.h"
#include "tap-sessions.h"
#include "textfmt.h"
#include "ws-compat.h"

#define REPORT_CLI "pptpdiag,report"
#define WRAP 100 /* columns of wrapped text (cause, fix) */

/* ---- formatting helpers ------------------------------------------------------------------ */

static void append_addr(GString *out, const pd_addr *a)
{
    char buf[64];
    pptpdiag_append_str(out, pd_addr_to_str(a, buf, sizeof buf));
}

/* "10.0.0.1:1234" or "[2001:db8::1]:1234" */
static void append_endpoint(GString *out, const pd_addr *a, guint16 port)
{
    if (a->family == 6)
        g_string_append_c(out, '[');
    append_addr(out, a);
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
        if (f->rule == PD_RULE_MTU_TOO_SMALL)
            pptpdiag_append_lit(out, "path MTU reported by: ");
        else
            pptpdiag_append_lit(out, "blocked by: ");
        append_addr(out, &f->blocked_by);
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

/* A session's notes: @len of them in @v, room for @cap (counted before they are made). */
typedef struct {
    frame_note *v;
    guint len, cap;
} note_list;

static void note_add(note_list *notes, guint32 frame, const char *prefix, const char *text,
                     gboolean quoted)
{
    g_assert(notes->len < notes->cap);
    frame_note n = {frame, notes->len, prefix, text, quoted};
    notes->v[notes->len++] = n;
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
static gboolean notes_of(const note_list *notes, guint *i, guint32 frame, frame_notes *fn)
{
    while (*i < notes->len && notes->v[*i].frame < frame)
        (*i)++;
    fn->first = *i;
    fn->count = 0;
    fn->quoted = FALSE;
    while (*i < notes->len && notes->v[*i].frame == frame) {
        fn->quoted |= notes->v[*i].quoted;
        fn->count++;
        (*i)++;
    }
    return fn->count > 0;
}

/* Appends "  [text; text]" for @fn's texts, or nothing when they are all empty. */
static void append_note_texts(GString *out, const note_list *notes, const frame_notes *fn)
{
    gsize start = out->len;
    pptpdiag_append_lit(out, "  [");
    gsize body = out->len;
    for (guint k = fn->first; k < fn->first + fn->count; k++) {
        const frame_note *n = &notes->v[k];
        if (!n->text)
            continue;
        if (out->len > body)
            pptpdiag_append_lit(out, "; ");
        pptpdiag_append_str(out, n->prefix);
        pptpdiag_append_str(out, n->text);
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
    pptpdiag_append_str(out, line);
}

/* A frame the sequence view draws, with the index of its label (G_MAXUINT: it has none). */
typedef struct {
    guint32 frame;
    guint label;
} drawn_frame;

/* @labels: the indexes (guint, ascending; see framelabel.h) of the labels of the frames the
 * engine files under session @s, between its first and last frame (report_index_labels). */
static void append_sequence(GString *out, const pd_engine *e, const pd_session_info *s,
                            const GArray *labels)
{
    guint n_calls = pd_engine_n_calls(e, s->index), n_findings = pd_engine_n_findings(e, s->index);
    note_list notes_ = {NULL, 0, s->n_milestones + 3 * n_calls};
    for (guint i = 0; i < n_findings; i++) {
        const pd_finding *f = pd_engine_finding(e, s->index, i);
        notes_.cap += 2 + f->n_evidence;
    }
    notes_.v = g_new(frame_note, MAX(notes_.cap, 1));
    note_list *notes = &notes_;
    gboolean has_router = FALSE;
    pd_addr router;
    memset(&router, 0, sizeof router);

    /* What the engine names: milestones, calls, findings with their evidence. */
    for (guint i = 0; i < s->n_milestones; i++) {
        const pd_session_milestone *m = &s->milestones[i];
        if (m->frame)
            note_add(notes, m->frame, "", pd_milestone_name(m->milestone), FALSE);
    }
    for (guint i = 0; i < n_calls; i++) {
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
    for (guint i = 0; i < n_findings; i++) {
        const pd_finding *f = pd_engine_finding(e, s->index, i);
        if (f->frame)
            note_add(notes, f->frame, "finding ", pd_rule_get(f->rule)->name, FALSE);
        for (guint j = 0; j < f->n_evidence; j++) {
            guint32 ev = f->evidence[j];
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
    /* by frame, then in the order they were made */
    qsort(notes->v, notes->len, sizeof(frame_note), cmp_note);

    /* The frames to draw: the session's labelled frames (keepalives and data only when named
     * above) and every frame named above that has no label at all. Both lists ascend and have
     * no frame in common: merged, each frame with its label's index (G_MAXUINT: none). */
    guint nl = labels ? labels->len : 0;
    drawn_frame *drawn = g_new(drawn_frame, nl + notes->len + 1);
    guint n_drawn = 0, ni = 0, li = 0;
    frame_notes fn;
    pptpdiag_label ignored;
    for (guint i = 0; i <= notes->len; i++) {
        guint32 fr = i < notes->len ? notes->v[i].frame : G_MAXUINT32;
        if (i < notes->len &&
            ((i > 0 && notes->v[i - 1].frame == fr) || pptpdiag_labels_get(fr, &ignored)))
            continue; /* not a frame without label */
        for (; li < nl; li++) { /* the labelled frames before it */
            guint idx = g_array_index(labels, guint, li);
            pptpdiag_label l;
            pptpdiag_labels_nth(idx, &l);
            if (l.frame > fr)
                break;
            if (l.minor && !notes_of(notes, &ni, l.frame, &fn))
                continue;
            drawn[n_drawn].frame = l.frame;
            drawn[n_drawn++].label = idx;
            if (!has_router && lane_of(&l.src, s, NULL) == LANE_UNKNOWN) {
                router = l.src;
                has_router = TRUE;
            }
        }
        if (i < notes->len) {
            drawn[n_drawn].frame = fr;
            drawn[n_drawn++].label = G_MAXUINT;
        }
    }

    pptpdiag_append_lit(out, "  sequence: ");
    pptpdiag_append_uint(out, n_drawn, 0);
    if (n_drawn == 1)
        pptpdiag_append_lit(out, " frame; lanes: client ");
    else
        pptpdiag_append_lit(out, " frames; lanes: client ");
    append_addr(out, &s->client);
    if (has_router) {
        pptpdiag_append_lit(out, " | router ");
        append_addr(out, &router);
    }
    if (s->name)
        pptpdiag_append_lit(out, " | DNS server ");
    else
        pptpdiag_append_lit(out, " | server ");
    append_addr(out, &s->server);
    g_string_append_c(out, '\n');
    /* "    %7s %9s  %-25s%-25s%s\n": frame, time, client, router or "", server */
    if (has_router)
        pptpdiag_append_lit(out, "      frame      time  client                   router"
                                 "                   server\n");
    else
        pptpdiag_append_lit(out, "      frame      time  client                             "
                                 "               server\n");
    double t0 = 0;
    gboolean have_t0 = FALSE;
    ni = 0;
    for (guint i = 0; i < n_drawn; i++) {
        const drawn_frame *d = &drawn[i];
        guint32 fr = d->frame;
        gboolean noted = notes_of(notes, &ni, fr, &fn);
        pptpdiag_label l;
        gboolean labelled = d->label != G_MAXUINT && pptpdiag_labels_nth(d->label, &l);
        if (labelled && !have_t0) {
            t0 = l.time;
            have_t0 = TRUE;
        }
        pptpdiag_append_lit(out, "    ");
        pptpdiag_append_uint(out, fr, 7);
        g_string_append_c(out, ' ');
        if (labelled)
            pptpdiag_append_fixed3(out, l.time - t0, 9);
        else
            pptpdiag_append_lit(out, "        ?");
        pptpdiag_append_lit(out, "  ");
        int from = LANE_UNKNOWN, to = LANE_UNKNOWN;
        if (labelled) {
            from = lane_of(&l.src, s, has_router ? &router : NULL);
            to = lane_of(&l.dst, s, has_router ? &router : NULL);
        }
        draw_lanes(out, has_router, from, to, noted && fn.quoted);
        pptpdiag_append_lit(out, "  ");
        if (!labelled) {
            pptpdiag_append_lit(out, "(no label)");
        } else {
            if (from == LANE_UNKNOWN || to == LANE_UNKNOWN) {
                append_addr(out, &l.src);
                pptpdiag_append_lit(out, " -> ");
                append_addr(out, &l.dst);
                pptpdiag_append_lit(out, ": ");
            } else if (from == LANE_ROUTER && !pd_addr_equal(&l.src, &router)) {
                pptpdiag_append_lit(out, "from ");
                append_addr(out, &l.src);
                pptpdiag_append_lit(out, ": ");
            }
            pptpdiag_append_str(out, l.text);
        }
        if (noted)
            append_note_texts(out, notes, &fn);
        g_string_append_c(out, '\n');
    }
    g_free(drawn);
    g_free(notes->v);
}

/* ---- the report -------------------------------------------------------------------------- */

static void append_session(GString *out, const pd_engine *e, const pd_session_info *s,
                           const GArray *labels)
{
    pptpdiag_append_lit(out, "session ");
    pptpdiag_append_uint(out, s->index, 0);
    if (s->roles_unsure)
        pptpdiag_append_lit(out, ": ");
    else
        pptpdiag_append_lit(out, ": client ");
    if (s->name) { /* a DNS lookup: "server" is the DNS server */
        append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> DNS server ");
        append_addr(out, &s->server);
        pptpdiag_append_lit(out, " (lookup of ");
        pptpdiag_append_str(out, s->name);
        g_string_append_c(out, ')');
    } else if (s->roles_unsure) {
        /* no authentication names the server: "client" would only be the first sender */
        pptpdiag_append_lit(out, "peer A ");
        append_addr(out, &s->client);
        pptpdiag_append_lit(out, ", peer B ");
        append_addr(out, &s->server);
        pptpdiag_append_lit(out, " (GRE only: its control connection is not in the capture, and "
                                 "no authentication in it says which peer is the client; peer A, "
                                 "the one peer with a private address or else the first to send "
                                 "GRE, is called the client below)");
    } else if (s->gre_only || !s->client_port) {
        append_addr(out, &s->client);
        pptpdiag_append_lit(out, " -> server ");
        append_addr(out, &s->server);
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
    guint *count = g_new0(guint, n + 1);
    for (guint i = 0; i < sessions->len; i++) {
        guint si = g_array_index(sessions, guint, i);
        if (si < n && !lists[si])
            lists[si] = g_array_new(FALSE, FALSE, sizeof(guint));
    }
    /* First the session of each label (G_MAXUINT: none reported) and how many each has, then
     * the lists filled at their final size. */
    guint nlabels = pptpdiag_labels_count();
    guint *owner = g_new(guint, MAX(nlabels, 1));
    for (guint i = 0; i < nlabels; i++) {
        guint32 frame = pptpdiag_labels_frame_at(i);
        guint si;
        owner[i] = G_MAXUINT;
        if (!pd_engine_frame_session(e, frame, &si) || si >= n || !lists[si])
            continue;
        const pd_session_info *s = pd_engine_session(e, si);
        if (!s || frame < s->first_frame || frame > s->last_frame)
            continue;
        owner[i] = si;
        count[si]++;
    }
    for (guint si = 0; si < n; si++) {
        if (lists[si]) {
            g_array_set_size(lists[si], count[si]);
            count[si] = 0;
        }
    }
    for (guint i = 0; i < nlabels; i++)
        if (owner[i] != G_MAXUINT)
            g_array_index(lists[owner[i]], guint, count[owner[i]]++) = i;
    g_free(owner);
    g_free(count);
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
    pptpdiag_append_lit(out, "=== end of PPTP diagnosis report ===\n");
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
    pptpdiag_ask();
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
