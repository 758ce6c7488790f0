/* pd_obscodec.h: a byte format for sequences of engine operations (observations, finish,
 * queries), shared by the libFuzzer harness (fuzz_engine.c), the plugin's observation dump
 * (plugin/obsdump.c, PPTPDIAG_DUMP_OBS) and the codec's own test.
 *
 * The stream is a sequence of records. Each record starts with one op byte; only its low 3 bits
 * count (so any byte is an op):
 *
 *   0 OBSERVE   tagged fields, then tag 0 (END). Each field is one tag byte and a value of the
 *               width its type gives (little endian; an array of numbers: 1 byte n, then n
 *               values, those past the member's end dropped). A tag is a stable number given to
 *               one member of pd_observation (pd_obscodec.c's table; never renumbered, new
 *               members get new tags), so a stream stays valid and keeps its meaning when
 *               members are added to pd_observation. Unknown tags carry no value and are
 *               skipped. Fields absent from a record are 0, except the frame (previous frame
 *               + 1) and the time (previous time). Enums (kind) are reduced modulo their number
 *               of values; times are finite and clamped to [0, PD_OBSCODEC_MAX_TIME]; strings
 *               are NUL-terminated within their member.
 *   1 FINISH    pd_engine_finish
 *   2 FRAME     i16: pd_engine_frame(previous frame + i16)
 *   3 SESSION   u8: pd_engine_session(u8), and its calls and findings
 *   4 CALL      u8 session, u8 index: pd_engine_call
 *   5 FINDING   u8 session, u8 index: pd_engine_finding
 *   6 WALK      every session, call and finding, and every frame the engine has seen so far
 *   7 NOP
 *
 * A stream that ends inside a record ends there (the partial record is dropped).
 *
 * Pure C + GLib; it never includes a Wireshark header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_OBSCODEC_H
#define PD_OBSCODEC_H

#include <glib.h>

#include "pd_observation.h"

G_BEGIN_DECLS

/** The record types (low 3 bits of the op byte). */
typedef enum {
    PD_OP_OBSERVE = 0,
    PD_OP_FINISH = 1,
    PD_OP_FRAME = 2,
    PD_OP_SESSION = 3,
    PD_OP_CALL = 4,
    PD_OP_FINDING = 5,
    PD_OP_WALK = 6,
    PD_OP_NOP = 7,
} pd_op;

/** Largest time a decoded observation carries (seconds): pcapng's 64-bit microseconds. */
#define PD_OBSCODEC_MAX_TIME 1.8e13

/** One decoded record. */
typedef struct {
    pd_op op;
    pd_observation obs; /**< PD_OP_OBSERVE */
    gint32 arg[2];      /**< FRAME: the frame number (already resolved); SESSION: session;
                             CALL, FINDING: session, index */
} pd_record;

/** Decoder state: the bytes and what the previous records left (frame, time). */
typedef struct {
    const guint8 *p, *end;
    guint32 frame;
    double time;
} pd_decoder;

/** Starts decoding @len bytes at @data. */
void pd_decoder_init(pd_decoder *d, const guint8 *data, gsize len);

/** Decodes the next record into @r; FALSE at the end of the stream. */
gboolean pd_decoder_next(pd_decoder *d, pd_record *r);

/** Appends an OBSERVE record for @obs to @out: every member of the table that is not zero, with
 *  the frame and the time always. Decoding it gives back @obs (members in the table). */
void pd_encode_observation(GByteArray *out, const pd_observation *obs);

/** Appends a record without arguments (FINISH, WALK, NOP) to @out. */
void pd_encode_op(GByteArray *out, pd_op op);

/** Byte offsets of pd_observation that no table entry covers, as a GArray of guint (padding,
 *  or members added to pd_observation but not yet to the codec). For the codec's test. */
GArray *pd_obscodec_uncovered(void);

/** Name of the table entry covering byte @offset of pd_observation, or NULL. */
const char *pd_obscodec_field_at(gsize offset);

G_END_DECLS

#endif /* PD_OBSCODEC_H */
