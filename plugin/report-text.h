/* report-text.h: the text of the report's parts (report.c puts them together): its summary
 * lines, each session's block (endpoints, capture point, verdict, calls, milestone timeline,
 * further findings) and its last line; and how the report writes an address.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_REPORT_TEXT_H
#define PPTPDIAG_REPORT_TEXT_H

#include <glib.h>

#include "pd_engine.h"

/** Appends address @a to @out as the report writes it ("10.0.0.1", "2001:db8::1"). */
void pptpdiag_report_append_addr(GString *out, const pd_addr *a);

/** Appends the report's first lines to @out: its title, @filter as given (NULL: none), how many
 *  of engine @e's sessions @sessions (GArray of guint session indexes) holds and their verdicts,
 *  why it holds none, and what the engine's caps and eviction left out and the TCP connections
 *  that were no PPTP. */
void pptpdiag_report_text_head(GString *out, const pd_engine *e, const GArray *sessions,
                               const char *filter);

/** Appends the block of session @s of engine @e to @out: its endpoints, frames, capture point,
 *  verdict (rule, confidence, RAS errors with their raserror.h names, cause, fix, evidence,
 *  end-of-capture flag; why undetermined), calls, milestone timeline and further findings.
 *  Its sequence view (report-sequence.h) follows it. */
void pptpdiag_report_text_session(GString *out, const pd_engine *e, const pd_session_info *s);

/** Appends the report's last line to @out. */
void pptpdiag_report_text_tail(GString *out);

#endif /* PPTPDIAG_REPORT_TEXT_H */
