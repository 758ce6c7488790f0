/* report-sequence.c: the sequence view of a session (see report-sequence.h), drawn from the
 * engine's session (milestones, calls, findings) and the frame labels (framelabel.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "report-sequence.h"

#include <stdlib.h>
#include <string.h>

#include "framelabel.h"
#include "pd_rules.h"
#include "report-text.h"
#include "textfmt.h"

/* ---- lanes and notes --------------------------------------------------------------------- */

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

/* ---- the view ---------------------------------------------------------------------------- */

/* A frame the sequence view draws, whether it has a label, and the label (looked up once: the
 * array is sized for every label of the session, but only the frames drawn are written). */
typedef struct {
    guint32 frame;
    gboolean labelled;
    pptpdiag_label l;
} drawn_frame;

/* @labels: the frames (guint32, ascending) of the labels (framelabel.h) of the frames the engine
 * files under session @s, between its first and last frame (report.c, report_index_labels). */
void pptpdiag_report_sequence(GString *out, const pd_engine *e, const pd_session_info *s,
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
            ((i > 0 && notes->v[i - 1].frame == fr) || pptpdiag_labels_get(e, fr, &ignored)))
            continue; /* not a frame without label */
        for (; li < nl; li++) { /* the labelled frames before it */
            pptpdiag_label l;
            if (g_array_index(labels, guint32, li) > fr)
                break;
            if (!pptpdiag_labels_get(e, g_array_index(labels, guint32, li), &l))
                continue; /* never: the list is made of labels */
            if (l.minor && !notes_of(notes, &ni, l.frame, &fn))
                continue;
            drawn[n_drawn].frame = l.frame;
            drawn[n_drawn].l = l;
            drawn[n_drawn++].labelled = TRUE;
            if (!has_router && lane_of(&l.src, s, NULL) == LANE_UNKNOWN) {
                router = l.src;
                has_router = TRUE;
            }
        }
        if (i < notes->len) {
            drawn[n_drawn].frame = fr;
            drawn[n_drawn++].labelled = FALSE;
        }
    }

    pptpdiag_append_lit(out, "  sequence: ");
    pptpdiag_append_uint(out, n_drawn, 0);
    if (n_drawn == 1)
        pptpdiag_append_lit(out, " frame; lanes: client ");
    else
        pptpdiag_append_lit(out, " frames; lanes: client ");
    pptpdiag_report_append_addr(out, &s->client);
    if (has_router) {
        pptpdiag_append_lit(out, " | router ");
        pptpdiag_report_append_addr(out, &router);
    }
    if (s->name)
        pptpdiag_append_lit(out, " | DNS server ");
    else
        pptpdiag_append_lit(out, " | server ");
    pptpdiag_report_append_addr(out, &s->server);
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
        const pptpdiag_label *l = &d->l; /* unset unless labelled */
        gboolean labelled = d->labelled;
        if (labelled && !have_t0) {
            t0 = l->time;
            have_t0 = TRUE;
        }
        pptpdiag_append_lit(out, "    ");
        pptpdiag_append_uint(out, fr, 7);
        g_string_append_c(out, ' ');
        if (labelled)
            pptpdiag_append_fixed3(out, l->time - t0, 9);
        else
            pptpdiag_append_lit(out, "        ?");
        pptpdiag_append_lit(out, "  ");
        int from = LANE_UNKNOWN, to = LANE_UNKNOWN;
        if (labelled) {
            from = lane_of(&l->src, s, has_router ? &router : NULL);
            to = lane_of(&l->dst, s, has_router ? &router : NULL);
        }
        draw_lanes(out, has_router, from, to, noted && fn.quoted);
        pptpdiag_append_lit(out, "  ");
        if (!labelled) {
            pptpdiag_append_lit(out, "(no label)");
        } else {
            if (from == LANE_UNKNOWN || to == LANE_UNKNOWN) {
                pptpdiag_report_append_addr(out, &l->src);
                pptpdiag_append_lit(out, " -> ");
                pptpdiag_report_append_addr(out, &l->dst);
                pptpdiag_append_lit(out, ": ");
            } else if (from == LANE_ROUTER && !pd_addr_equal(&l->src, &router)) {
                pptpdiag_append_lit(out, "from ");
                pptpdiag_report_append_addr(out, &l->src);
                pptpdiag_append_lit(out, ": ");
            }
            pptpdiag_append_str(out, l->text);
        }
        if (noted)
            append_note_texts(out, notes, &fn);
        g_string_append_c(out, '\n');
    }
    g_free(drawn);
    g_free(notes->v);
}
