/* framelabel.h: a short text per frame ("PPTP SCCRP (result 1)", "GRE LCP Configure-Request",
 * "ICMP Destination Unreachable (communication administratively prohibited), quoting GRE",
 * "PPPoE PADS session 0x0001", "PPPoE CHAP Failure", "L2TP StopCCN result 2 error 6 (No
 * Authorization)", "L2TP CHAP Failure", "IKE_SA_INIT response (NO_PROPOSAL_CHOSEN)", "IKEv1
 * Main Mode", "ESP"), recorded on the first pass from the observations the
 * plugin extracted, for the sequence view of the report (report-sequence.c).
 * Names what the frame carries; concludes nothing.
 *
 * A formatter, not a store: a frame's label (time, addresses, text) is a payload of the frame in
 * the engine's frame store (pd_engine_frame_attach), which forgets it with the frame; what this
 * file keeps is the addresses labels name (interned, per file) and the memo of texts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_FRAMELABEL_H
#define PPTPDIAG_FRAMELABEL_H

#include <glib.h>

#include "pd_engine.h"
#include "pd_observation.h"

/** One frame's label. */
typedef struct {
    guint32 frame;
    double time;         /**< absolute time of the frame, seconds */
    pd_addr src, dst;    /**< outer IP addresses */
    const char *text;    /**< interned: lives as long as the process; NULL unless texts were
                          *   wanted (pptpdiag_labels_want_text) */
    gboolean minor;      /**< keepalive, PPP data, acknowledgment only: left out of the sequence
                          *   view unless the engine names the frame (FALSE without texts) */
} pptpdiag_label;

/** Registers the init and cleanup routines that drop the addresses the labels of the previous
 *  file named (the labels themselves are the engine's, freed with it). Call from the protocol
 *  registration routine. */
void pptpdiag_labels_register(void);

/** Makes pptpdiag_labels_record also write each frame's text and minor flag, which only the
 *  report reads: formatting them costs more than the rest of the label on PPTP traffic. Call
 *  when a report is registered (before a file is read); it stays on for the process. */
void pptpdiag_labels_want_text(void);

/** TRUE once pptpdiag_labels_want_text was called: a report will draw the labels of the
 *  frames of sessions. */
gboolean pptpdiag_labels_wanted(void);

/** Readies @e, a new engine, to hold labels: they are its frame payloads (24 bytes, beside the 4
 *  of the frame number: pd_engine_frame_attach). Call once, before its first observation. */
void pptpdiag_labels_prepare(pd_engine *e);

/** Records in engine @e the label of the frame whose @n observations (all of one frame, n > 0)
 *  are @obs, after @e observed them. Frames must come in ascending order (the first pass); a
 *  frame already recorded is ignored. The dissector records DNS frames, and only when a report
 *  wants labels the frames of sessions the engine tracks, so the labels stop growing at the
 *  engine's caps (about 28 bytes per recorded frame). The label of a frame of a session goes
 *  when the engine forgets the frame (its session evicted: nobody sweeps it); that of a frame
 *  no session holds when it is recorded (a DNS frame) stays until @e is freed. */
void pptpdiag_labels_record(pd_engine *e, const pd_observation *obs, guint n);

/** Marks @frame in engine @e as one that gave observations but has no label (4 bytes, kept as
 *  a label is): it counts for pptpdiag_labels_has only. Frames must come in ascending order; a
 *  frame already marked is ignored. */
void pptpdiag_labels_mark(pd_engine *e, guint32 frame);

/** The first label of engine @e at or after frame *@frame: writes its frame to *@frame and the
 *  label to *@out (if not NULL) and returns TRUE; FALSE when there is none (*@frame
 *  unchanged). The labels in frame order: start at 0, go on from the frame after. */
gboolean pptpdiag_labels_next(const pd_engine *e, guint32 *frame, pptpdiag_label *out);

/** TRUE if @frame has a label or a mark in engine @e (recorded on the first pass). */
gboolean pptpdiag_labels_has(const pd_engine *e, guint32 frame);

/** Fills @out with the label of @frame in engine @e; FALSE if that frame has none. */
gboolean pptpdiag_labels_get(const pd_engine *e, guint32 frame, pptpdiag_label *out);

/** The text of a set of observations of one frame, as pptpdiag_labels_record makes it
 *  (interned); *minor receives the minor flag. Exposed for tests and other views. */
const char *pptpdiag_label_text(const pd_observation *obs, guint n, gboolean *minor);

/** The same text and minor flag as pptpdiag_label_text, from a memo of the texts made so far
 *  for frames that are a GRE packet alone, a TCP segment with at most one PPTP message or an
 *  ESP packet alone (their texts depend on a few numbers: the PPP protocol and code, the TCP
 *  flags, the PPTP message type and result, whether ESP is in UDP); other frames' texts are
 *  made each time. The memo lives until the
 *  labels' cleanup routine: one entry per combination seen, at most 4096. */
const char *pptpdiag_label_text_memo(const pd_observation *obs, guint n, gboolean *minor);

#endif /* PPTPDIAG_FRAMELABEL_H */
