/* extract-pptp.c: the PPTP control messages of a TCP 1723 segment, read from its bytes and
 * joined when split across segments (see extract-pptp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-pptp.h"

#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>

#include "headers-pptp.h"

/* Most messages read from one segment: the observations of a frame (PPTPDIAG_MAX_OBS of
 * extract.h) bound the room the caller gives. */
#define MAX_MESSAGES 8

/* The start of a PPTP control message split across TCP segments, per direction of a control
 * connection, until its next segment comes (first pass only; pptpdiag_extract_pptp_reset). */
typedef struct {
    pd_addr src, dst;
    guint16 sport, dport;
} split_key;

typedef struct {
    guint32 next_seq;     /* where the rest begins */
    GByteArray *bytes;    /* the start of the message */
} split_part;

static GHashTable *splits; /* split_key -> split_part */

static guint split_key_hash(gconstpointer k)
{
    const guint8 *b = k;
    guint h = 2166136261u;
    for (gsize i = 0; i < sizeof(split_key); i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static gboolean split_key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(split_key)) == 0;
}

static void split_part_free(gpointer p)
{
    split_part *sp = p;
    g_byte_array_free(sp->bytes, TRUE);
    g_free(sp);
}

void pptpdiag_extract_pptp_reset(void)
{
    g_clear_pointer(&splits, g_hash_table_destroy);
}

/* Observations (into @out, at most @room) of the PPTP messages between offsets @o and @end of
 * @t (hdr_pptp_messages), with the frame facts of @tcp. */
static guint raw_messages(tvbuff_t *t, gint o, gint end, const pd_observation *tcp,
                          pd_observation *out, guint room)
{
    pd_obs_pptp msgs[MAX_MESSAGES];
    guint n = hdr_pptp_messages(t, o, end, msgs, MIN(room, G_N_ELEMENTS(msgs)));
    for (guint i = 0; i < n; i++) {
        out[i] = *tcp;
        out[i].kind = PD_OBS_PPTP;
        out[i].pptp = msgs[i];
    }
    return n;
}

/* Observations of the PPTP messages under each pptp item @items of the frame (the bytes the
 * pptp dissector says are a message; read by hdr_pptp_messages, not from its fields): for
 * segments whose payload offsets do not add up (an IP Total Length of 0 from a TSO capture,
 * e.g.) or that do not begin with a PPTP header. */
static guint item_messages(const GPtrArray *items, const pd_observation *tcp, pd_observation *out,
                           guint room)
{
    guint n = 0;
    for (guint i = 0; items && i < items->len && n < room; i++) {
        field_info *fi = g_ptr_array_index(items, i);
        if (fi->ds_tvb && fi->length > 0)
            n += raw_messages(fi->ds_tvb, fi->start, fi->start + fi->length, tcp, out + n,
                              room - n);
    }
    return n;
}

/* The PPTP control messages of a TCP 1723 segment, read from the bytes (RFC 2637 section 2 has
 * fixed layouts: hdr_pptp_messages; cheaper than wanting the pptp dissector's 18 fields, which
 * tshark would fill on every frame): the segment's payload when the pptp dissector found PPTP
 * in it or Wireshark's TCP analysis marks it a spurious retransmission (then it hands the
 * subdissector nothing: data first seen there, an ACK captured before the segment it
 * acknowledges; a true retransmission's messages were read from the first copy); messages
 * split across segments (Wireshark 4.0's pptp dissector does not reassemble them: Malformed)
 * are joined, their start kept until the next segment brings the rest; a segment cut by the
 * snapshot length gives the fields captured; else what lies under the pptp items
 * (item_messages). */
guint pptpdiag_extract_pptp(tvbuff_t *frame, const GPtrArray *items, gboolean spurious,
                           const hdr_ip *ip, const pd_observation *tcp, pd_observation *out,
                           guint room)
{
    gboolean item = items && items->len > 0;
    gint start = tcp->tcp.payload_len ? hdr_tcp_payload(ip) : -1;
    if (start < 0)
        return item_messages(items, tcp, out, room);
    gint end = start + (gint)tcp->tcp.payload_len;
    if (tvb_captured_length_remaining(frame, start) < (gint)tcp->tcp.payload_len)
        return item /* cut by the snapshot length: the fields captured */
                   ? raw_messages(frame, start, end, tcp, out, room)
                   : 0;
    split_key k;
    memset(&k, 0, sizeof k);
    k.src = tcp->src;
    k.dst = tcp->dst;
    k.sport = tcp->tcp.sport;
    k.dport = tcp->tcp.dport;
    guint32 seq = tcp->tcp.seq;
    split_part *sp = splits ? g_hash_table_lookup(splits, &k) : NULL;
    if (sp && sp->next_seq == seq) {
        /* The rest of a split message: read it whole, with what follows it. */
        guint len = (guint)(end - start);
        guint8 *buf = g_malloc(sp->bytes->len + len);
        memcpy(buf, sp->bytes->data, sp->bytes->len);
        tvb_memcpy(frame, buf + sp->bytes->len, start, len);
        guint total = sp->bytes->len + len;
        g_hash_table_remove(splits, &k);
        tvbuff_t *joined = tvb_new_real_data(buf, total, total);
        gint whole = hdr_pptp_whole(joined, 0, (gint)total);
        guint n = raw_messages(joined, 0, whole > 0 ? whole : (gint)total, tcp, out, room);
        if (whole > 0 && whole < (gint)total) { /* again a message split at the end */
            split_part *np = g_new0(split_part, 1);
            np->next_seq = seq + len;
            np->bytes = g_byte_array_new();
            g_byte_array_append(np->bytes, buf + whole, total - (guint)whole);
            g_hash_table_replace(splits, g_memdup2(&k, sizeof k), np);
        }
        tvb_free(joined);
        g_free(buf);
        return n;
    }
    if (sp)
        g_hash_table_remove(splits, &k); /* the rest never came in order: give up on it */
    gint whole = hdr_pptp_whole(frame, start, end);
    if (whole == end) /* whole messages; a true retransmission's were read from the first copy */
        return item || spurious
                   ? raw_messages(frame, start, end, tcp, out, room)
                   : 0;
    if (whole < 0)
        return item_messages(items, tcp, out, room);
    /* A message runs past the segment: the whole ones before it now, its start kept. */
    if (!splits)
        splits = g_hash_table_new_full(split_key_hash, split_key_eq, g_free, split_part_free);
    split_part *np = g_new0(split_part, 1);
    np->next_seq = seq + tcp->tcp.payload_len;
    np->bytes = g_byte_array_sized_new((guint)(end - whole));
    g_byte_array_set_size(np->bytes, (guint)(end - whole));
    tvb_memcpy(frame, np->bytes->data, whole, (size_t)(end - whole));
    g_hash_table_replace(splits, g_memdup2(&k, sizeof k), np);
    return raw_messages(frame, start, whole, tcp, out, room);
}


/* What note_pptp_port fills, and the protocol whose ports it notes. */
typedef struct {
    pptpdiag_pptp_ports *ports;
    int proto_pptp;
} port_walk;

static void note_pptp_port(const gchar *table, ftenum_t type, gpointer key, gpointer value,
                           gpointer user)
{
    (void)table;
    (void)type;
    port_walk *w = user;
    dissector_handle_t h = dtbl_entry_get_handle((dtbl_entry_t *)value);
    guint port = GPOINTER_TO_UINT(key);
    if (h && port < 65536 && port != PD_PPTP_PORT &&
        dissector_handle_get_protocol_index(h) == w->proto_pptp) {
        w->ports->bits[port / 8] |= (guint8)(1u << (port % 8));
        w->ports->any = TRUE;
    }
}

void pptpdiag_extract_pptp_ports(pptpdiag_pptp_ports *p)
{
    memset(p, 0, sizeof *p);
    port_walk w = {p, proto_get_id_by_filter_name("pptp")};
    if (w.proto_pptp >= 0)
        dissector_table_foreach("tcp.port", note_pptp_port, &w);
}
