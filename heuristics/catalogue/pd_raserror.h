/* pd_raserror.h: the Windows RAS error codes pptpdiag can name.
 *
 * Numbers and constant names are those of raserror.h (RASBASE = 600; Debian package
 * mingw-w64-common, /usr/share/mingw-w64/include/raserror.h), and for IKE's own errors above
 * 13800 (ERROR_IPSEC_IKE_*, which Windows' IKEv2 client shows) those of winerror.h in the same
 * package; the messages are the texts Windows shows, as quoted in the seeds
 * (003_965bd2a90097e84d.txt, 004_10239a7ff750633b.txt, 000_99d798588dca01d4.txt,
 * 001_0504ecfb6838ebee.txt; 785-793 there as "various L2TP errors") and in Microsoft's system
 * error code documentation (winerror.h's message texts, doc/sources.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_RASERROR_H
#define PD_RASERROR_H

#include <glib.h>

G_BEGIN_DECLS

/** One RAS error: its number (e.g. 806), raserror.h name and the message Windows shows. */
typedef struct {
    guint16 code;
    const char *name;
    const char *message;
} pd_raserror;

/** The whole table, sorted by code; *n receives its length. Never NULL. */
const pd_raserror *pd_raserror_table(gsize *n);

/** The entry for @code, or NULL if pptpdiag does not know it. */
const pd_raserror *pd_raserror_lookup(guint16 code);

G_END_DECLS

#endif
