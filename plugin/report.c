/* report.c: `tshark -q -z pptpdiag,report[,FILTER]`, a plain-text report printed at the end of
 * the run, one block per session (see report.h): the tap listener, which sessions the report
 * holds, the frame labels each session's sequence view draws, and the order of its parts (the
 * text of report-text.c, the sequence views of report-sequence.c).
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
#include "report-sequence.h"
#include "report-text.h"
#include "tap-sessions.h"
#include "ws-compat.h"

#define REPORT_CLI "pptpdiag,report"

/* ---- the report -------------------------------------------------------------------------- */

/* Files the frame of each label under the session the engine puts it in, when that session is
 * one of @sessions and the frame lies between the session's first and last frame. Returns an
 * array of pd_engine_n_sessions entries, NULL for a session not reported, else a GArray of the
 * guint32 frames of its labels, ascending; free with report_free_index. Two passes over the
 * labels, whatever the sessions' overlap: linear in labels. */
static GArray **report_index_labels(const pd_engine *e, const GArray *sessions)
{
    guint n = pd_engine_n_sessions(e);
    GArray **lists = g_new0(GArray *, n + 1);
    guint *count = g_new0(guint, n + 1);
    for (guint i = 0; i < sessions->len; i++) {
        guint si = g_array_index(sessions, guint, i);
        if (si < n && !lists[si])
            lists[si] = g_array_new(FALSE, FALSE, sizeof(guint32));
    }
    /* First the session of each label (G_MAXUINT: none reported) and how many each has, then
     * the lists filled at their final size. */
    GArray *owner = g_array_new(FALSE, FALSE, sizeof(guint));
    guint32 frame = 0;
    while (pptpdiag_labels_next(e, &frame, NULL)) {
        guint si, none = G_MAXUINT;
        const pd_session_info *s;
        if (pd_engine_frame_session(e, frame, &si) && si < n && lists[si] &&
            (s = pd_engine_session(e, si)) && frame >= s->first_frame && frame <= s->last_frame) {
            g_array_append_val(owner, si);
            count[si]++;
        } else {
            g_array_append_val(owner, none);
        }
        if (frame++ == G_MAXUINT32)
            break;
    }
    for (guint si = 0; si < n; si++) {
        if (lists[si]) {
            g_array_set_size(lists[si], count[si]);
            count[si] = 0;
        }
    }
    frame = 0;
    for (guint i = 0; i < owner->len && pptpdiag_labels_next(e, &frame, NULL); i++, frame++) {
        guint si = g_array_index(owner, guint, i);
        if (si != G_MAXUINT)
            g_array_index(lists[si], guint32, count[si]++) = frame;
    }
    g_array_free(owner, TRUE);
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
    pptpdiag_report_text_head(out, e, sessions, filter);
    GArray **labels = report_index_labels(e, sessions);
    guint n = pd_engine_n_sessions(e);
    for (guint i = 0; i < sessions->len; i++) {
        guint si = g_array_index(sessions, guint, i);
        const pd_session_info *s = pd_engine_session(e, si);
        if (!s)
            continue;
        g_string_append_c(out, '\n');
        pptpdiag_report_text_session(out, e, s);
        pptpdiag_report_sequence(out, e, s, si < n ? labels[si] : NULL);
    }
    report_free_index(labels, n);
    pptpdiag_report_text_tail(out);
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
