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
 * The map also keeps what its holder (the engine's: pd_engine_frame_attach) attaches to frames,
 * so that there is one per-frame store, swept in one place: a payload of a fixed size per frame
 * and marks (a frame noted, no bytes), each in frame order, 4 bytes a frame and a bit beside the
 * payload, nothing at all until the first is attached. One attached while its frame has a value
 * is that value's: the sweep that drops the value drops it too. Others stay until the map is
 * freed.
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
/** Frees @m, its payloads and marks; NULL is nothing. */
void pd_framemap_free(pd_framemap *m);

/** The value of @frame, or 0 if it has none. */
guint32 pd_framemap_get(const pd_framemap *m, guint32 frame);

/** The value of @frame to read and write in place, @frame being the last frame added or a later
 *  one (which is added, with value 0: it has no entry until set to another). Returns NULL when
 *  @frame is before the last frame added (frames are added in order). The pointer is valid until
 *  the next call of this function or pd_framemap_sweep. */
guint32 *pd_framemap_last(pd_framemap *m, guint32 frame);

/** Drops the value of every frame for which @gone(@value, @data) returns TRUE (and pages left
 *  empty), and the payloads and marks that were those values' (pd_framemap_attach). Frames
 *  added later must still come after the last frame added before. */
void pd_framemap_sweep(pd_framemap *m, gboolean (*gone)(guint32 value, gpointer data),
                       gpointer data);

/** Sets the size of every payload to @size bytes (rounded up to a multiple of 8, so that each
 *  payload is aligned for any member); call before the first pd_framemap_attach (later, or with
 *  @size 0, the default, payloads are refused). Payloads are plain bytes: moved by the sweep,
 *  freed with the map, never one by one. */
void pd_framemap_set_payload(pd_framemap *m, gsize size);

/** Attaches a payload (zeroed) to @frame and returns it to fill, valid until the next attach or
 *  sweep. It is the value's of @frame if @frame has one now (it goes with it), else it stays.
 *  Returns NULL when payloads are off (pd_framemap_set_payload), or @frame is not after the last
 *  frame a payload was attached to (frames in order; a frame already attached is left as it
 *  is). */
gpointer pd_framemap_attach(pd_framemap *m, guint32 frame);

/** The payload of @frame, or NULL if it has none. *@held (if not NULL) receives TRUE when it is
 *  the value's of its frame (pd_framemap_attach). */
gconstpointer pd_framemap_payload(const pd_framemap *m, guint32 frame, gboolean *held);

/** The first payload of a frame at or after *@frame, whose frame it writes to *@frame; NULL if
 *  there is none (*@frame unchanged). *@held as pd_framemap_payload. */
gconstpointer pd_framemap_payload_from(const pd_framemap *m, guint32 *frame, gboolean *held);

/** Marks @frame, the value's of @frame if it has one now, as pd_framemap_attach. Returns FALSE
 *  (nothing done) when @frame is not after the last frame marked. */
gboolean pd_framemap_mark(pd_framemap *m, guint32 frame);

/** TRUE if @frame is marked; *@held (if not NULL) receives TRUE when the mark is the value's of
 *  its frame. */
gboolean pd_framemap_marked(const pd_framemap *m, guint32 frame, gboolean *held);

/** Frames with a value (not 0), for tests and figures. */
guint pd_framemap_count(const pd_framemap *m);

/** Bytes the map has allocated (pages and their index, payloads and marks, without malloc's own
 *  overhead). */
gsize pd_framemap_bytes(const pd_framemap *m);

G_END_DECLS

#endif /* PD_FRAMEMAP_H */
