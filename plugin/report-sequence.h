/* report-sequence.h: the sequence view of a session in the report: its frames in lanes
 * (client, the router an ICMP error came from, server), one line each with its time and label,
 * and what the engine says of the frame (milestones, findings, evidence).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_REPORT_SEQUENCE_H
#define PPTPDIAG_REPORT_SEQUENCE_H

#include <glib.h>

#include "pd_engine.h"

/** Appends the sequence view of session @s of engine @e to @out: the session's labelled frames
 *  (@labels: the frames, guint32, ascending, of the frame labels of framelabel.h that the
 *  engine files under @s between its first and last frame; NULL: none), keepalives and data only when
 *  the engine names them, and every frame it names that has no label. */
void pptpdiag_report_sequence(GString *out, const pd_engine *e, const pd_session_info *s,
                              const GArray *labels);

#endif /* PPTPDIAG_REPORT_SEQUENCE_H */
