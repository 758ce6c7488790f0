/* tap-sessions.c: the pptpdiag tap, and the frames a tap listener has seen and the sessions
 * they belong to when the listener asks (see tap-sessions.h). Which session a frame belongs to
 * is the engine's answer (pd_engine_frame); this file keeps no session of its own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tap-sessions.h"

#include <epan/tap.h>

static int pptpdiag_tap = -1;

void pptpdiag_tap_register(void)
{
    pptpdiag_tap = register_tap(PPTPDIAG_TAP_NAME);
}

void pptpdiag_tap_queue(packet_info *pinfo)
{
    pptpdiag_tap_info *ti = wmem_new(pinfo->pool, pptpdiag_tap_info);
    ti->frame = pinfo->num;
    tap_queue_packet(pptpdiag_tap, pinfo, ti);
}

gboolean pptpdiag_tap_listened(void)
{
    return have_tap_listener(pptpdiag_tap);
}

/* A run of consecutive frame numbers: a listener without a filter sees every frame of the
 * pptpdiag tap in order, so a run per stretch of PPTP traffic, not an entry per frame. */
typedef struct {
    guint32 first, last;
} frame_run;

struct pptpdiag_seen {
    GArray *runs; /* frame_run, in the order seen */
};

pptpdiag_seen *pptpdiag_seen_new(void)
{
    pptpdiag_seen *s = g_new0(pptpdiag_seen, 1);
    s->runs = g_array_new(FALSE, FALSE, sizeof(frame_run));
    return s;
}

void pptpdiag_seen_free(pptpdiag_seen *seen)
{
    if (!seen)
        return;
    g_array_free(seen->runs, TRUE);
    g_free(seen);
}

void pptpdiag_seen_reset(pptpdiag_seen *seen)
{
    g_array_set_size(seen->runs, 0);
}

void pptpdiag_seen_add(pptpdiag_seen *seen, guint32 frame)
{
    if (seen->runs->len) {
        frame_run *r = &g_array_index(seen->runs, frame_run, seen->runs->len - 1);
        if (r->last != G_MAXUINT32 && frame == r->last + 1) {
            r->last = frame;
            return;
        }
    }
    frame_run r = {frame, frame};
    g_array_append_val(seen->runs, r);
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

GArray *pptpdiag_seen_sessions(const pptpdiag_seen *seen, const pd_engine *e)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!e)
        return out;
    guint n = pd_engine_n_sessions(e);
    guint8 *done = g_new0(guint8, n + 1); /* by session index: already looked at */
    for (guint i = 0; i < seen->runs->len; i++) {
        const frame_run *run = &g_array_index(seen->runs, frame_run, i);
        for (guint64 f = run->first; f <= run->last; f++) {
            guint index;
            if (!pd_engine_frame_session(e, (guint32)f, &index) || index >= n || done[index])
                continue;
            done[index] = 1;
            const pd_session_info *s = pd_engine_session(e, index);
            /* the engine moves an absorbed session's frames: never expected */
            if (s && !s->absorbed)
                g_array_append_val(out, index);
        }
    }
    g_free(done);
    g_array_sort(out, cmp_uint);
    return out;
}
