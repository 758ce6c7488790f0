/* obsdump.h: opt-in dump of the observations the plugin feeds to the engine, for the fuzzer's
 * seed corpus (heuristics/fuzz/make-corpus.sh). Set PPTPDIAG_DUMP_OBS=/path/file: every
 * observation is appended to that file as a pd_obscodec.h OBSERVE record, and pptpdiag is
 * enabled by default (it is disabled by default otherwise; packet-pptpdiag.c), so that a plain
 * `tshark -r` feeds the engine. Unset: nothing.
 *
 * A development hook: only in a plugin built with -DPPTPDIAG_DEV_HOOKS=ON (scripts/dev/test.sh,
 * bench/run.sh's builds; not packages), which links the fuzz codec (heuristics/fuzz). Without
 * it the two functions below are inline no-ops and PPTPDIAG_DUMP_OBS is not read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_OBSDUMP_H
#define PPTPDIAG_OBSDUMP_H

#include <glib.h>

#include "pd_observation.h"

#ifdef PPTPDIAG_DEV_HOOKS

/** Appends @obs to the file PPTPDIAG_DUMP_OBS names, if it is set (read once per process). */
void pptpdiag_obsdump(const pd_observation *obs);

/** TRUE when PPTPDIAG_DUMP_OBS is set: pptpdiag is then enabled by default. */
gboolean pptpdiag_obsdump_wanted(void);

#else

static inline void pptpdiag_obsdump(const pd_observation *obs)
{
    (void)obs;
}

static inline gboolean pptpdiag_obsdump_wanted(void)
{
    return FALSE;
}

#endif /* PPTPDIAG_DEV_HOOKS */

#endif /* PPTPDIAG_OBSDUMP_H */
