/* pd_framemap.h: the tracker's frame -> owner map: a 32-bit value for every frame an observation
 * filed under a session, appended in frame order, read in any order.
 *
 * Frames are grouped in pages of PD_FRAMEMAP_PAGE consecutive frame numbers, made when the
 * first frame of the page is added. A page where few frames have a value (a PPTP session among
 * other traffic) keeps them as a sorted list, 5 bytes a frame; one where more than half do (a
 * PPTP-heavy capture) keeps a plain array, 4 bytes a frame of the page. GLib has no map this
 * small: a GHashTable costs about 20 bytes an entry, the sorted array of (frame, value) pairs
 * this replaces 8 (doc/bench-history.md, session 12).
 *
 * Frame numbers are Wireshark's (1-based; 0 is a valid key but never observed). Value 0 means
 * "none": a frame whose value is 0 has no entry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_FRAMEMAP_H
#define PD_FRAMEMAP_H

#include <glib.h>

G_BEGIN_DECLS

/** Consecutive frame numbers per page. */
#define PD_FRAMEMAP_PAGE 256

typedef struct pd_framemap pd_framemap;

/** An empty map; free with pd_framemap_free. */
pd_framemap *pd_framemap_new(void);
void pd_framemap_free(pd_framemap *m);

/** The value of @frame, or 0 if it has none. */
guint32 pd_framemap_get(const pd_framemap *m, guint32 frame);

/** The value of @frame to read and write in place, @frame being the last frame added or a later
 *  one (which is added, with value 0: it has no entry until set to another). Returns NULL when
 *  @frame is before the last frame added (frames are added in order). The pointer is valid until
 *  the next call of this function or pd_framemap_sweep. */
guint32 *pd_framemap_last(pd_framemap *m, guint32 frame);

/** Drops the value of every frame for which @gone(@value, @data) returns TRUE (and pages left
 *  empty). Frames added later must still come after the last frame added before. */
void pd_framemap_sweep(pd_framemap *m, gboolean (*gone)(guint32 value, gpointer data),
                       gpointer data);

/** Frames with a value (not 0), for tests and figures. */
guint pd_framemap_count(const pd_framemap *m);

/** Bytes the map has allocated (pages and their index, without malloc's own overhead). */
gsize pd_framemap_bytes(const pd_framemap *m);

G_END_DECLS

#endif /* PD_FRAMEMAP_H */
