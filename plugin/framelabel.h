/* framelabel.h: a short text per frame ("PPTP SCCRP (result 1)", "GRE LCP Configure-Request",
 * "ICMP Destination Unreachable (communication administratively prohibited), quoting GRE"),
 * recorded on the first pass from the observations the plugin extracted, for the sequence view
 * of the report (report-sequence.c). Names what the frame carries; concludes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_FRAMELABEL_H
#define PPTPDIAG_FRAMELABEL_H

#include <glib.h>

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

/** Registers the init and cleanup routines that drop the labels of the previous file. Call
 *  from the protocol registration routine. */
void pptpdiag_labels_register(void);

/** Makes pptpdiag_labels_record also write each frame's text and minor flag, which only the
 *  report reads: formatting them costs more than the rest of the label on PPTP traffic. Call
 *  when a report is registered (before a file is read); it stays on for the process. */
void pptpdiag_labels_want_text(void);

/** TRUE once pptpdiag_labels_want_text was called: a report will draw the labels of the
 *  frames of sessions. */
gboolean pptpdiag_labels_wanted(void);

/** Records the label of the frame whose @n observations (all of one frame, n > 0) are @obs.
 *  Frames must come in ascending order (the first pass); a frame already recorded is ignored.
 *  The dissector records DNS frames (@filed FALSE), and only when a report wants labels the
 *  frames of sessions the engine tracks (@filed TRUE), so the labels stop growing at the
 *  engine's caps (about 32 bytes per recorded frame). */
void pptpdiag_labels_record(const pd_observation *obs, guint n, gboolean filed);

/** Forgets the labels recorded @filed whose frame @gone says the engine no longer tracks (its
 *  session was evicted). One pass over the labels. */
void pptpdiag_labels_sweep(gboolean (*gone)(guint32 frame));

/** Marks @frame as one that gave observations but has no label (4 bytes): it counts for
 *  pptpdiag_labels_has only. Frames must come in ascending order; a frame already marked is
 *  ignored. */
void pptpdiag_labels_mark(guint32 frame);

/** Number of labels recorded for the current file. */
guint pptpdiag_labels_count(void);

/** Index of the first label whose frame is >= @frame (pptpdiag_labels_count() if none). */
guint pptpdiag_labels_lower_bound(guint32 frame);

/** Frame number of label @i (< pptpdiag_labels_count()); 0 if out of range. Cheaper than
 *  pptpdiag_labels_nth when only the frame is needed. */
guint32 pptpdiag_labels_frame_at(guint i);

/** Fills @out with label @i (< pptpdiag_labels_count()); FALSE if out of range. */
gboolean pptpdiag_labels_nth(guint i, pptpdiag_label *out);

/** TRUE if @frame has a label or a mark (recorded on the first pass). */
gboolean pptpdiag_labels_has(guint32 frame);

/** Fills @out with the label of @frame; FALSE if that frame has none. */
gboolean pptpdiag_labels_get(guint32 frame, pptpdiag_label *out);

/** The text of a set of observations of one frame, as pptpdiag_labels_record makes it
 *  (interned); *minor receives the minor flag. Exposed for tests and other views. */
const char *pptpdiag_label_text(const pd_observation *obs, guint n, gboolean *minor);

/** The same text and minor flag as pptpdiag_label_text, from a memo of the texts made so far
 *  for frames that are a GRE packet alone or a TCP segment with at most one PPTP message
 *  (their texts depend on a few numbers: the PPP protocol and code, the TCP flags, the PPTP
 *  message type and result); other frames' texts are made each time. The memo lives until the
 *  labels' cleanup routine: one entry per combination seen, at most 4096. */
const char *pptpdiag_label_text_memo(const pd_observation *obs, guint n, gboolean *minor);

#endif /* PPTPDIAG_FRAMELABEL_H */
