/* obsdump.h: opt-in dump of the observations the plugin feeds to the engine, for the fuzzer's
 * seed corpus (heuristics/fuzz/make-corpus.sh). Set PPTPDIAG_DUMP_OBS=/path/file: every
 * observation is appended to that file as a pd_obscodec.h OBSERVE record, and pptpdiag is
 * enabled by default (it is disabled by default otherwise; packet-pptpdiag.c), so that a plain
 * `tshark -r` feeds the engine. Unset: nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_OBSDUMP_H
#define PPTPDIAG_OBSDUMP_H

#include "pd_observation.h"

/** Appends @obs to the file PPTPDIAG_DUMP_OBS names, if it is set (read once per process). */
void pptpdiag_obsdump(const pd_observation *obs);

#endif
