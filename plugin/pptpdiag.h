/* pptpdiag.h: what packet-pptpdiag.c shares with the rest of the plugin (the report tap, the
 * stats tree, the frame labels): the engine of the current capture file and the "pptpdiag" tap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_H
#define PPTPDIAG_H

#include <epan/packet.h>

#include "pd_engine.h"

/** Name of the tap packet-pptpdiag.c feeds; listeners attach to it with register_tap_listener. */
#define PPTPDIAG_TAP_NAME "pptpdiag"

/** What the pptpdiag tap carries for one frame. It is queued for every frame the engine knows
 *  (on every pass that runs taps: the only pass in one-pass tshark, the second with -2, every
 *  retap in the GUI); it lives in the packet scope. */
typedef struct {
    guint32 frame;        /**< frame number */
    gboolean has_session; /**< the frame belonged to a session when it was dissected; in one
                           *   pass some sessions begin only at the end (pd_engine_finish) */
    guint session;        /**< that session's index (see pd_session_info; a GRE-only session
                           *   may later be absorbed by its control connection) */
} pptpdiag_tap_info;

/** The engine of the capture file being dissected, or NULL between files. Valid until the
 *  file's cleanup routine; tap draw callbacks run before it. Readers only: the one place that
 *  changes it outside the dissector is pptpdiag_capture_over. */
pd_engine *pptpdiag_engine(void);

/** Says that the capture (as far as it has been read) is over: the engine concludes what only
 *  the end of the capture can tell (pd_engine_finish). The only function of the plugin that
 *  calls pd_engine_finish. Called by the dissector when a later pass begins (two-pass tshark,
 *  the GUI), and by the draw callbacks of the report and of the stats tree's helper, because in
 *  one-pass tshark a tap's draw callback is the only hook that runs at the end of the capture.
 *  Idempotent until the engine's next observation; does nothing between files (no engine). */
void pptpdiag_capture_over(void);

/** Registers the text report `-z pptpdiag,report[,FILTER]` (report.c). Call from the protocol
 *  registration routine, after register_tap(PPTPDIAG_TAP_NAME). */
void pptpdiag_report_register(void);

/** Registers the stats tree `-z pptpdiag,tree` / Statistics › PPTP Diagnosis (stats-tree.c).
 *  Call from the protocol registration routine, after register_tap(PPTPDIAG_TAP_NAME). */
void pptpdiag_stats_tree_register(void);

/* ---- sessions a tap listener has seen (tap-sessions.c) ----------------------------------- */

/** The sessions whose frames passed a listener's filter. In one-pass tshark a GRE-only session
 *  seen by the tap may later be absorbed by its control connection's session, and a frame may
 *  join a session only at the end of the capture; so the set keeps one frame per session index
 *  and every frame seen without a session, and maps them to sessions again when asked
 *  (pptpdiag_seen_resolve). */
typedef struct pptpdiag_seen pptpdiag_seen;

/** A new, empty set. Free with pptpdiag_seen_free. */
pptpdiag_seen *pptpdiag_seen_new(void);
/** Frees @seen (NULL is fine). */
void pptpdiag_seen_free(pptpdiag_seen *seen);
/** Forgets every session (a new file or a retap begins). */
void pptpdiag_seen_reset(pptpdiag_seen *seen);
/** Records the frame of @info (from the pptpdiag tap); TRUE if it has a session whose index
 *  was new. */
gboolean pptpdiag_seen_add(pptpdiag_seen *seen, const pptpdiag_tap_info *info);
/** The indexes of the sessions seen, as the engine knows them now: ascending, unique, without
 *  absorbed sessions. Returns a GArray of guint the caller frees. */
GArray *pptpdiag_seen_resolve(const pptpdiag_seen *seen, const pd_engine *e);

#endif /* PPTPDIAG_H */
