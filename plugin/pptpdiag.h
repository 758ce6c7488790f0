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
 *  or that gave observations (on every pass that runs taps: the only pass in one-pass tshark,
 *  the second with -2, every retap in the GUI); it lives in the packet scope. Which session the
 *  frame belongs to is the engine's answer (pd_engine_frame), asked when it is needed: in one
 *  pass it may change until the end of the capture (a GRE-only session absorbed by its control
 *  connection, a session that begins only at the end). */
typedef struct {
    guint32 frame; /**< frame number */
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

/** Says that something asked for pptpdiag: a listener of the pptpdiag tap is being registered
 *  (`-z pptpdiag,report`, `-z pptpdiag,tree`, Statistics › PPTP Diagnosis). pptpdiag is disabled
 *  by default (an installed pptpdiag costs nothing to runs that do not ask for it); this enables
 *  it, and, when the current file's init routine has already run (tshark opens the file before
 *  it starts its -z taps, and decides whether to build protocol trees after both), asks for the
 *  fields it reads in time for the file's first frame. Does nothing when pptpdiag is enabled.
 *  Call from the tap's init callback, before register_tap_listener. */
void pptpdiag_ask(void);

/** The frames of the current file dissected again (a retap, a later pass) whose first pass
 *  pptpdiag missed: it was disabled while the file was read, and a tap enabled it afterwards
 *  (the GUI's Statistics › PPTP Diagnosis opened on a file read without pptpdiag). Nothing is
 *  known of them until the file is read again (View › Reload). 0 in tshark, whose taps ask for
 *  pptpdiag before the file is read. */
guint64 pptpdiag_unread(void);

/** Registers the text report `-z pptpdiag,report[,FILTER]` (report.c). Call from the protocol
 *  registration routine, after register_tap(PPTPDIAG_TAP_NAME). */
void pptpdiag_report_register(void);

/** Registers the stats tree `-z pptpdiag,tree` / Statistics › PPTP Diagnosis (stats-tree.c).
 *  Call from the protocol registration routine, after register_tap(PPTPDIAG_TAP_NAME). */
void pptpdiag_stats_tree_register(void);

/* ---- frames a tap listener has seen, and their sessions (tap-sessions.c) ------------------ */

/** The frames whose pptpdiag tap data passed a listener's filter. The listener records them as
 *  they come and asks which sessions they make only when it draws, so that the engine's answer
 *  is the one at the end of the capture. */
typedef struct pptpdiag_seen pptpdiag_seen;

/** A new, empty set. Free with pptpdiag_seen_free. */
pptpdiag_seen *pptpdiag_seen_new(void);
/** Frees @seen (NULL is fine). */
void pptpdiag_seen_free(pptpdiag_seen *seen);
/** Forgets every frame (a new file or a retap begins). */
void pptpdiag_seen_reset(pptpdiag_seen *seen);
/** Records frame number @frame (from the pptpdiag tap). Costs 8 bytes per run of consecutive
 *  frame numbers recorded one after the other (one run for a listener without a filter that
 *  sees a stretch of PPTP traffic), nothing for the other frames of a run. */
void pptpdiag_seen_add(pptpdiag_seen *seen, guint32 frame);
/** The indexes of the sessions the frames seen belong to, as engine @e answers now
 *  (pd_engine_frame): ascending, unique, without absorbed sessions; frames of no session are
 *  left out. Empty when @e is NULL. Returns a GArray of guint the caller frees. */
GArray *pptpdiag_seen_sessions(const pptpdiag_seen *seen, const pd_engine *e);

#endif /* PPTPDIAG_H */
