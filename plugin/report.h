/* report.h: the text report of the pptpdiag tap (`tshark -q -z pptpdiag,report[,FILTER]`).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_REPORT_H
#define PPTPDIAG_REPORT_H

#include <glib.h>

#include "pd_engine.h"

/** Registers the text report `-z pptpdiag,report[,FILTER]`. Call from the protocol registration
 *  routine, after pptpdiag_tap_register. */
void pptpdiag_report_register(void);

/** Writes the report of sessions @sessions (GArray of guint session indexes, ascending) of
 *  engine @e into a new GString: a summary line, then per session its endpoints, capture point,
 *  verdict (rule, confidence, RAS errors with their raserror.h names, cause, fix, evidence,
 *  end-of-capture flag), calls, milestone timeline, further findings and sequence view.
 *  @filter is printed as given (NULL: none). The caller frees the result. Call
 *  pptpdiag_capture_over first if the report is to include end-of-capture conclusions. */
GString *pptpdiag_report_format(const pd_engine *e, const GArray *sessions, const char *filter);

#endif /* PPTPDIAG_REPORT_H */
