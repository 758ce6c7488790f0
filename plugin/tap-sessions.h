/* tap-sessions.h: the "pptpdiag" tap, fed by the dissector (packet-pptpdiag.c) and read by the
 * report (report.c) and the stats tree (stats-tree.c): what it carries for a frame, and, for
 * its listeners, the frames they have seen and the sessions those belong to.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_TAP_SESSIONS_H
#define PPTPDIAG_TAP_SESSIONS_H

#include <epan/packet.h>

#include "pd_engine.h"

/** Name of the pptpdiag tap; listeners attach to it with register_tap_listener. */
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

/** Registers the pptpdiag tap (register_tap). Call from the protocol registration routine,
 *  before the listeners' registrations (pptpdiag_report_register, ...). */
void pptpdiag_tap_register(void);

/** Queues the pptpdiag tap's data for the frame of @pinfo (pptpdiag_tap_info, in pinfo's
 *  packet scope). */
void pptpdiag_tap_queue(packet_info *pinfo);

/** TRUE while a listener of the pptpdiag tap is registered (tshark -z pptpdiag,...). */
gboolean pptpdiag_tap_listened(void);

/* ---- frames a tap listener has seen, and their sessions ----------------------------------- */

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

#endif /* PPTPDIAG_TAP_SESSIONS_H */
