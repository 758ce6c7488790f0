/* capture.h: the holder of the capture file's engine. It makes the engine when a file is opened
 * (its init routine, from the preferences) and frees it when the file is closed (its cleanup
 * routine); it is the one place that says the capture is over (pptpdiag_capture_over); it
 * enables pptpdiag when a tap asks for it and wants the fields pptpdiag reads only while it is
 * enabled; it counts what the dissector was called on, for the debug log and for the frames
 * whose first pass pptpdiag missed. The registration and the dissector (packet-pptpdiag.c) and
 * the taps (report.c, stats-tree.c) call it; it calls none of them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_CAPTURE_H
#define PPTPDIAG_CAPTURE_H

#include <epan/packet.h>

#include "pd_engine.h"

/** The preferences the engine of a file is made with (whole seconds: 4.0 has no decimal
 *  preference). The registration routine sets their defaults from pd_config_default() and
 *  registers the preferences on these variables; the init routine reads them. */
typedef struct {
    guint lcp_timeout;   /**< seconds, pd_config.lcp_timeout */
    guint syn_timeout;   /**< seconds, pd_config.syn_timeout */
    guint echo_timeout;  /**< seconds, pd_config.echo_timeout */
    guint max_sessions;  /**< pd_config.max_sessions */
    guint max_calls;     /**< pd_config.max_calls */
    guint capture_drops; /**< packets the file's interface statistics count as dropped */
} pptpdiag_prefs;

/** The preference variables (static storage, for the life of the process). */
pptpdiag_prefs *pptpdiag_capture_prefs(void);

/** Remembers pptpdiag's protocol id @proto and postdissector @handle (for enabling it and
 *  wanting fields) and registers the init and cleanup routines that make and free the engine of
 *  each file. Call from the protocol registration routine, after registering @handle. */
void pptpdiag_capture_register(int proto, dissector_handle_t handle);

/** The engine of the capture file being dissected, or NULL between files. Valid until the
 *  file's cleanup routine; tap draw callbacks run before it. Readers only: the one place that
 *  changes it outside the dissector is pptpdiag_capture_over. */
pd_engine *pptpdiag_engine(void);

/** Counts one call of the dissector on the frame of @pinfo (@tree: its protocol tree, NULL when
 *  none is built), for the debug log at the end of the file and for pptpdiag_unread, and on the
 *  first pass takes the frame's time as the end of the capture so far. Returns the engine the
 *  dissector is to feed and read, or NULL when it is to do nothing: between files, or when
 *  PPTPDIAG_BENCH_FLOOR is set (the benchmark's floor, a development hook: capture.c). Call
 *  once per dissector call, first. */
pd_engine *pptpdiag_capture_frame(packet_info *pinfo, proto_tree *tree);

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

#endif /* PPTPDIAG_CAPTURE_H */
