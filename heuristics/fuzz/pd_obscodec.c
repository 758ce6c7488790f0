/* pd_obscodec.c: the record format of pd_obscodec.h, driven by one table of pd_observation's
 * members.
 *
 * To follow a new member of pd_observation: add a row to `fields` with a NEW tag (the next
 * unused number; never reuse or renumber one); an array of numbers is one row (FA: its elements,
 * every `stride` bytes). The test fuzz.codec fails until every byte of pd_observation but
 * padding is covered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_obscodec.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* How a member is stored in the stream. */
typedef enum {
    T_U8,    /* 1 byte */
    T_U16,   /* 2 bytes, little endian */
    T_U32,   /* 4 bytes, little endian */
    T_BOOL,  /* gboolean as 1 byte (non-zero: TRUE) */
    T_TIME,  /* double as 8 bytes (IEEE 754, little endian); non-finite: the previous time */
    T_ADDR,  /* pd_addr: 1 byte family (modulo 5: 0 unset, 1 IPv4, 2 IPv6, 3 MAC, 4 a PPP link's
                end), then 4, 16, 6 or 1 address bytes */
    T_STR,   /* char[N]: 1 byte length, then that many bytes (kept up to N-1) */
    T_KIND,  /* pd_obs_kind as 1 byte, reduced modulo N_KINDS */
} ftype;

/* Number of pd_obs_kind values (the last one + 1). */
#define N_KINDS PD_OBS_N_KINDS

typedef struct {
    guint8 tag;     /* stable, never renumbered; 0 is END */
    ftype type;
    gsize offset;   /* offsetof(pd_observation, member) (an array's: its first element's) */
    gsize size;     /* sizeof the member (an array's: of one element) */
    const char *name;
    guint count;    /* an array's elements (T_U8, T_U16, T_U32, T_BOOL), 0 for one member: in
                       the stream, 1 byte n (the elements up to the last that is not 0), then n
                       values of the type; elements past count are read and dropped */
    gsize stride;   /* bytes from one element to the next */
} field;

#define F(tag, type, member) \
    {tag, type, offsetof(pd_observation, member), sizeof(((pd_observation *)0)->member), \
     #member, 0, 0}
/* An array of @count numbers from @member (its first element), @stride bytes apart: a byte or
 * number array (stride: its element's size), or one member of an array of structs. */
#define FA(tag, type, member, count, stride) \
    {tag, type, offsetof(pd_observation, member), sizeof(((pd_observation *)0)->member), \
     #member, count, stride}

/* The 15 members of a pd_obs_ppp at @m, tags @t to @t + 14 (each carrier's PPP frame). */
#define PPP_FIELDS(t, m)                                                                        \
    F((t), T_U16, m.protocol), F((t) + 1, T_U8, m.code), F((t) + 2, T_STR, m.message),          \
    F((t) + 3, T_BOOL, m.malformed), F((t) + 4, T_U32, m.cp_options),                           \
    F((t) + 5, T_U16, m.auth_protocol), F((t) + 6, T_U8, m.auth_algorithm),                     \
    F((t) + 7, T_BOOL, m.has_ipcp_address), F((t) + 8, T_U8, m.ipcp_address[0]),                \
    F((t) + 9, T_U8, m.ipcp_address[1]), F((t) + 10, T_U8, m.ipcp_address[2]),                  \
    F((t) + 11, T_U8, m.ipcp_address[3]), F((t) + 12, T_U16, m.rejected_protocol),              \
    F((t) + 13, T_U8, m.rejected_code), F((t) + 14, T_U32, m.mppe_bits)

/* Tags 1 and 2 are the frame (absolute u32, relative i8), 3 and 4 the time (absolute double,
 * relative i32 microseconds); they are handled apart from the table. */
enum { TAG_END = 0, TAG_FRAME = 1, TAG_FRAME_DELTA = 2, TAG_TIME = 3, TAG_TIME_DELTA = 4 };

static const field fields[] = {
    F(5, T_ADDR, src),
    F(6, T_ADDR, dst),
    F(7, T_U8, ttl),
    F(8, T_U16, ip_id),
    F(9, T_KIND, kind),
    F(10, T_U16, tcp.sport),
    F(11, T_U16, tcp.dport),
    F(12, T_U8, tcp.flags),
    F(13, T_U32, tcp.payload_len),
    F(14, T_U16, pptp.type),
    F(15, T_BOOL, pptp.has_call_id),
    F(16, T_BOOL, pptp.has_peer_call_id),
    F(17, T_U16, pptp.call_id),
    F(18, T_U16, pptp.peer_call_id),
    F(19, T_BOOL, pptp.has_result),
    F(20, T_U8, pptp.result),
    F(21, T_U8, pptp.error),
    F(22, T_U16, pptp.cause),
    F(23, T_U16, gre.call_id),
    F(24, T_BOOL, gre.has_seq),
    F(25, T_BOOL, gre.has_ack),
    F(26, T_U32, gre.seq),
    F(27, T_U32, gre.ack),
    F(28, T_U16, gre.payload_len),
    F(29, T_U16, gre.ppp.protocol),
    F(30, T_U8, gre.ppp.code),
    F(31, T_STR, gre.ppp.message),
    F(32, T_U8, icmp.type),
    F(33, T_U8, icmp.code),
    F(34, T_U16, icmp.mtu),
    F(35, T_ADDR, icmp.quoted_src),
    F(36, T_ADDR, icmp.quoted_dst),
    F(37, T_U8, icmp.quoted_proto),
    F(38, T_U16, icmp.quoted_ip_id),
    F(39, T_BOOL, icmp.quoted_has_gre_call_id),
    F(40, T_U16, icmp.quoted_tcp.sport),
    F(41, T_U16, icmp.quoted_tcp.dport),
    F(42, T_U8, icmp.quoted_tcp.flags),
    F(43, T_U32, icmp.quoted_tcp.payload_len),
    F(44, T_U16, icmp.quoted_gre.call_id),
    F(45, T_BOOL, icmp.quoted_gre.has_seq),
    F(46, T_BOOL, icmp.quoted_gre.has_ack),
    F(47, T_U32, icmp.quoted_gre.seq),
    F(48, T_U32, icmp.quoted_gre.ack),
    F(49, T_U16, icmp.quoted_gre.payload_len),
    F(50, T_U16, icmp.quoted_gre.ppp.protocol),
    F(51, T_U8, icmp.quoted_gre.ppp.code),
    F(52, T_STR, icmp.quoted_gre.ppp.message),
    /* members added with the full catalogue */
    F(53, T_BOOL, pptp.has_reason),
    F(54, T_U8, pptp.reason),
    F(55, T_U32, pptp.wan_errors[0]),
    F(56, T_U32, pptp.wan_errors[1]),
    F(57, T_U32, pptp.wan_errors[2]),
    F(58, T_U32, pptp.wan_errors[3]),
    F(59, T_U32, pptp.wan_errors[4]),
    F(60, T_U32, pptp.wan_errors[5]),
    F(61, T_BOOL, gre.ppp.malformed),
    F(62, T_U32, gre.ppp.cp_options),
    F(63, T_U16, gre.ppp.auth_protocol),
    F(64, T_U8, gre.ppp.auth_algorithm),
    F(65, T_BOOL, gre.ppp.has_ipcp_address),
    F(66, T_U8, gre.ppp.ipcp_address[0]),
    F(67, T_U8, gre.ppp.ipcp_address[1]),
    F(68, T_U8, gre.ppp.ipcp_address[2]),
    F(69, T_U8, gre.ppp.ipcp_address[3]),
    F(70, T_U16, gre.ppp.rejected_protocol),
    F(71, T_BOOL, icmp.quoted_gre.ppp.malformed),
    F(72, T_U32, icmp.quoted_gre.ppp.cp_options),
    F(73, T_U16, icmp.quoted_gre.ppp.auth_protocol),
    F(74, T_U8, icmp.quoted_gre.ppp.auth_algorithm),
    F(75, T_BOOL, icmp.quoted_gre.ppp.has_ipcp_address),
    F(76, T_U8, icmp.quoted_gre.ppp.ipcp_address[0]),
    F(77, T_U8, icmp.quoted_gre.ppp.ipcp_address[1]),
    F(78, T_U8, icmp.quoted_gre.ppp.ipcp_address[2]),
    F(79, T_U8, icmp.quoted_gre.ppp.ipcp_address[3]),
    F(80, T_U16, icmp.quoted_gre.ppp.rejected_protocol),
    F(81, T_U16, dns.id),
    F(82, T_BOOL, dns.response),
    F(83, T_U8, dns.rcode),
    F(84, T_U16, dns.qtype),
    F(85, T_STR, dns.qname),
    F(86, T_U32, dns.n_answers),
    F(87, T_U16, ip_len),
    F(88, T_BOOL, df),
    F(89, T_U8, gre.ppp.rejected_code),
    F(90, T_U8, icmp.quoted_gre.ppp.rejected_code),
    F(95, T_U32, gre.ppp.mppe_bits),
    F(96, T_U32, icmp.quoted_gre.ppp.mppe_bits),
    F(97, T_U32, cut_at),
    F(98, T_U16, tcp.server_port),
    F(99, T_U16, icmp.quoted_tcp.server_port),
    F(100, T_ADDR, dns.answer),
    F(101, T_U8, lost),
    F(102, T_U8, tcp.payload_start),
    F(103, T_U8, icmp.quoted_tcp.payload_start),
    F(104, T_U32, tcp.seq),
    F(105, T_U32, icmp.quoted_tcp.seq),
    /* PPPoE (issue 32) */
    F(106, T_U8, pppoe.code),
    F(107, T_U16, pppoe.session_id),
    F(108, T_BOOL, pppoe.has_service_name),
    F(109, T_STR, pppoe.service_name),
    F(110, T_STR, pppoe.ac_name),
    F(111, T_BOOL, pppoe.has_cookie),
    F(112, T_U16, pppoe.max_payload),
    F(113, T_U16, pppoe.error_tag),
    F(114, T_STR, pppoe.error_text),
    PPP_FIELDS(115, pppoe.ppp),
    F(130, T_U16, l2tp.sport),
    F(131, T_U16, l2tp.dport),
    F(132, T_BOOL, l2tp.control),
    F(133, T_U16, l2tp.tunnel_id),
    F(134, T_U16, l2tp.session_id),
    F(135, T_BOOL, l2tp.has_seq),
    F(136, T_U16, l2tp.ns),
    F(137, T_U16, l2tp.nr),
    F(138, T_U16, l2tp.type),
    F(139, T_BOOL, l2tp.zlb),
    F(140, T_U16, l2tp.assigned_tunnel_id),
    F(141, T_U16, l2tp.assigned_session_id),
    F(142, T_BOOL, l2tp.has_result),
    F(143, T_U16, l2tp.result),
    F(144, T_BOOL, l2tp.has_error),
    F(145, T_U16, l2tp.error),
    F(146, T_STR, l2tp.error_message),
    F(147, T_STR, l2tp.host_name),
    F(148, T_BOOL, l2tp.hidden),
    PPP_FIELDS(149, l2tp.ppp),
    F(164, T_U16, icmp.quoted_udp_sport),
    F(165, T_U16, icmp.quoted_udp_dport),
    /* PPP captured without its carrier (issue 32) */
    F(166, T_U32, pppframe.interface),
    F(167, T_U8, pppframe.form),
    PPP_FIELDS(168, pppframe.ppp),
    /* the LCP Maximum-Receive-Unit of each carrier's PPP (issue 32: PPPoE's MTU) */
    F(183, T_U16, gre.ppp.mru),
    F(184, T_U16, icmp.quoted_gre.ppp.mru),
    F(185, T_U16, pppoe.ppp.mru),
    F(186, T_U16, l2tp.ppp.mru),
    F(187, T_U16, pppframe.ppp.mru),
    /* decrypted from ESP (issue 32: L2TP/IPsec with the ESP SAs) */
    F(188, T_U8, esp),
    /* IKE and ESP not decrypted (issue 33) */
    F(189, T_U16, ike.sport),
    F(190, T_U16, ike.dport),
    F(191, T_BOOL, ike.natt),
    F(192, T_BOOL, ike.ip_fragmented),
    F(193, T_U8, ike.version),
    F(194, T_U8, ike.exchange),
    F(195, T_U8, ike.flags),
    F(196, T_U8, ike.first_payload),
    FA(197, T_U8, ike.ispi[0], 8, 1),
    FA(198, T_U8, ike.rspi[0], 8, 1),
    F(199, T_U32, ike.message_id),
    F(200, T_U32, ike.length),
    F(201, T_BOOL, ike.encrypted),
    F(202, T_U16, ike.frag_number),
    F(203, T_U16, ike.frag_total),
    F(204, T_U8, ike.n_notify),
    FA(205, T_U16, ike.notify[0], PD_IKE_MAX_NOTIFY, sizeof(guint16)),
    F(206, T_U8, ike.n_xforms),
    FA(207, T_U8, ike.xforms[0].proposal, PD_IKE_MAX_XFORMS, sizeof(pd_ike_xform)),
    FA(208, T_U8, ike.xforms[0].type, PD_IKE_MAX_XFORMS, sizeof(pd_ike_xform)),
    FA(209, T_U16, ike.xforms[0].id, PD_IKE_MAX_XFORMS, sizeof(pd_ike_xform)),
    FA(210, T_U16, ike.xforms[0].keylen, PD_IKE_MAX_XFORMS, sizeof(pd_ike_xform)),
    F(211, T_U16, ike.ke_group),
    F(212, T_U16, ike.vendors),
    F(213, T_U8, ike.natd_src_len),
    F(214, T_U8, ike.natd_dst_len),
    FA(215, T_U8, ike.natd_src[0], PD_IKE_NATD_MAX, 1),
    FA(216, T_U8, ike.natd_dst[0], PD_IKE_NATD_MAX, 1),
    F(217, T_U32, espkt.spi),
    F(218, T_U32, espkt.seq),
    F(219, T_BOOL, espkt.natt),
    F(220, T_U16, espkt.sport),
    F(221, T_U16, espkt.dport),
    F(222, T_U16, espkt.len),
};

/* Members handled apart from the table (for pd_obscodec_uncovered). */
static const field special[] = {
    F(TAG_FRAME, T_U32, frame),
    F(TAG_TIME, T_TIME, time),
};

/* Bytes of a number of @type in the stream, 0 for the types no array holds. */
static gsize width(ftype type)
{
    switch (type) {
    case T_U8: case T_BOOL: return 1;
    case T_U16: return 2;
    case T_U32: return 4;
    default: return 0;
    }
}

static const field *by_tag(guint8 tag)
{
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
        if (fields[i].tag == tag)
            return &fields[i];
    return NULL;
}

/* ---- decoding ---------------------------------------------------------------------------- */

void pd_decoder_init(pd_decoder *d, const guint8 *data, gsize len)
{
    d->p = data;
    d->end = data + len;
    d->frame = 0;
    d->time = 0;
}

static gboolean take(pd_decoder *d, void *buf, gsize n)
{
    if ((gsize)(d->end - d->p) < n)
        return FALSE;
    memcpy(buf, d->p, n);
    d->p += n;
    return TRUE;
}

static gboolean take_le(pd_decoder *d, gsize n, guint64 *v)
{
    guint8 b[8];
    if (!take(d, b, n))
        return FALSE;
    *v = 0;
    for (gsize i = n; i-- > 0;)
        *v = (*v << 8) | b[i];
    return TRUE;
}

static double clamp_time(double t, double previous)
{
    if (!isfinite(t))
        return previous;
    return t < 0 ? 0 : t > PD_OBSCODEC_MAX_TIME ? PD_OBSCODEC_MAX_TIME : t;
}

/* Decodes a number of @type into @m (NULL: dropped); FALSE if the stream ends. */
static gboolean decode_number(pd_decoder *d, ftype type, guint8 *m)
{
    guint64 v;
    if (!take_le(d, width(type), &v))
        return FALSE;
    if (!m)
        return TRUE;
    switch (type) {
    case T_U8: *(guint8 *)m = (guint8)v; break;
    case T_U16: *(guint16 *)m = (guint16)v; break;
    case T_U32: *(guint32 *)m = (guint32)v; break;
    case T_BOOL: *(gboolean *)m = v != 0; break;
    default: break;
    }
    return TRUE;
}

/* Decodes one table field's value into @obs; FALSE if the stream ends. */
static gboolean decode_field(pd_decoder *d, const field *f, pd_observation *obs)
{
    guint8 *m = (guint8 *)obs + f->offset;
    guint64 v;
    if (f->count) { /* n, then n numbers: those past the array's end dropped */
        if (!take_le(d, 1, &v))
            return FALSE;
        for (guint i = 0; i < (guint)v; i++)
            if (!decode_number(d, f->type, i < f->count ? m + i * f->stride : NULL))
                return FALSE;
        return TRUE;
    }
    switch (f->type) {
    case T_U8:
        if (!take_le(d, 1, &v)) return FALSE;
        *(guint8 *)m = (guint8)v;
        return TRUE;
    case T_U16:
        if (!take_le(d, 2, &v)) return FALSE;
        *(guint16 *)m = (guint16)v;
        return TRUE;
    case T_U32:
        if (!take_le(d, 4, &v)) return FALSE;
        *(guint32 *)m = (guint32)v;
        return TRUE;
    case T_BOOL:
        if (!take_le(d, 1, &v)) return FALSE;
        *(gboolean *)m = v != 0;
        return TRUE;
    case T_KIND:
        if (!take_le(d, 1, &v)) return FALSE;
        *(pd_obs_kind *)m = (pd_obs_kind)(v % N_KINDS);
        return TRUE;
    case T_ADDR: {
        pd_addr *a = (pd_addr *)m;
        if (!take_le(d, 1, &v)) return FALSE;
        memset(a, 0, sizeof *a);
        static const guint8 families[5] = {0, 4, 6, PD_ADDR_MAC, PD_ADDR_END};
        static const guint8 sizes[5] = {0, 4, 16, 6, 1};
        a->family = families[v % 5];
        if (sizes[v % 5] && !take(d, a->bytes, sizes[v % 5])) return FALSE;
        return TRUE;
    }
    case T_STR: {
        char *s = (char *)m;
        guint8 buf[255];
        if (!take_le(d, 1, &v) || !take(d, buf, (gsize)v)) return FALSE;
        gsize n = MIN((gsize)v, f->size - 1);
        memcpy(s, buf, n);
        memset(s + n, 0, f->size - n);
        return TRUE;
    }
    case T_TIME:
        break;
    }
    return FALSE;
}

/* The fields of an OBSERVE record up to END; FALSE if the stream ends first. */
static gboolean decode_observation(pd_decoder *d, pd_observation *obs)
{
    guint32 frame = d->frame + 1;
    double time = d->time;
    memset(obs, 0, sizeof *obs);
    for (;;) {
        guint64 tag, v;
        if (!take_le(d, 1, &tag))
            return FALSE;
        switch (tag) {
        case TAG_END:
            obs->frame = frame;
            obs->time = time;
            d->frame = frame;
            d->time = time;
            return TRUE;
        case TAG_FRAME:
            if (!take_le(d, 4, &v)) return FALSE;
            frame = (guint32)v;
            break;
        case TAG_FRAME_DELTA:
            if (!take_le(d, 1, &v)) return FALSE;
            frame = d->frame + (guint32)(gint32)(gint8)v;
            break;
        case TAG_TIME: {
            double t;
            if (!take_le(d, 8, &v)) return FALSE;
            memcpy(&t, &v, sizeof t);
            time = clamp_time(t, d->time);
            break;
        }
        case TAG_TIME_DELTA:
            if (!take_le(d, 4, &v)) return FALSE;
            time = clamp_time(d->time + (gint32)(guint32)v * 1e-6, d->time);
            break;
        default: {
            const field *f = by_tag((guint8)tag);
            if (f && !decode_field(d, f, obs))
                return FALSE;
        }
        }
    }
}

gboolean pd_decoder_next(pd_decoder *d, pd_record *r)
{
    guint64 op, a, b;
    if (!take_le(d, 1, &op))
        return FALSE;
    memset(r, 0, sizeof *r);
    r->op = (pd_op)(op & 7);
    switch (r->op) {
    case PD_OP_OBSERVE:
        return decode_observation(d, &r->obs);
    case PD_OP_FRAME:
        if (!take_le(d, 2, &a)) return FALSE;
        r->arg[0] = (gint32)(d->frame + (guint32)(gint32)(gint16)a);
        return TRUE;
    case PD_OP_SESSION:
        if (!take_le(d, 1, &a)) return FALSE;
        r->arg[0] = (gint32)a;
        return TRUE;
    case PD_OP_CALL:
    case PD_OP_FINDING:
        if (!take_le(d, 1, &a) || !take_le(d, 1, &b)) return FALSE;
        r->arg[0] = (gint32)a;
        r->arg[1] = (gint32)b;
        return TRUE;
    default:
        return TRUE;
    }
}

/* ---- encoding ---------------------------------------------------------------------------- */

static void put_le(GByteArray *out, guint64 v, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        guint8 b = (guint8)(v >> (8 * i));
        g_byte_array_append(out, &b, 1);
    }
}

static gboolean is_zero(const guint8 *m, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (m[i])
            return FALSE;
    return TRUE;
}

/* The number of @type at @m, as the stream holds it. */
static guint64 number_at(ftype type, const guint8 *m)
{
    switch (type) {
    case T_U8: return *(const guint8 *)m;
    case T_U16: return *(const guint16 *)m;
    case T_U32: return *(const guint32 *)m;
    case T_BOOL: return *(const gboolean *)m != 0;
    default: return 0;
    }
}

/* TRUE if the member @f of @obs (every element of an array) is zero. */
static gboolean field_is_zero(const field *f, const pd_observation *obs)
{
    const guint8 *m = (const guint8 *)obs + f->offset;
    for (guint i = 0; i < MAX(f->count, 1u); i++)
        if (!is_zero(m + i * f->stride, f->size))
            return FALSE;
    return TRUE;
}

static void encode_field(GByteArray *out, const field *f, const pd_observation *obs)
{
    const guint8 *m = (const guint8 *)obs + f->offset;
    put_le(out, f->tag, 1);
    if (f->count) { /* the elements up to the last that is not 0 */
        guint n = f->count;
        while (n > 0 && is_zero(m + (n - 1) * f->stride, f->size))
            n--;
        put_le(out, n, 1);
        for (guint i = 0; i < n; i++)
            put_le(out, number_at(f->type, m + i * f->stride), width(f->type));
        return;
    }
    switch (f->type) {
    case T_U8: put_le(out, *(const guint8 *)m, 1); break;
    case T_U16: put_le(out, *(const guint16 *)m, 2); break;
    case T_U32: put_le(out, *(const guint32 *)m, 4); break;
    case T_BOOL: put_le(out, *(const gboolean *)m != 0, 1); break;
    case T_KIND: put_le(out, (guint64)*(const pd_obs_kind *)m, 1); break;
    case T_ADDR: {
        const pd_addr *a = (const pd_addr *)m;
        guint8 fam = a->family == 4 ? 1 : a->family == 6 ? 2 : a->family == PD_ADDR_MAC ? 3
                   : a->family == PD_ADDR_END ? 4 : 0;
        static const guint8 sizes[5] = {0, 4, 16, 6, 1};
        put_le(out, fam, 1);
        if (fam)
            g_byte_array_append(out, a->bytes, sizes[fam]);
        break;
    }
    case T_STR: {
        gsize n = strnlen((const char *)m, f->size - 1);
        put_le(out, n, 1);
        g_byte_array_append(out, m, (guint)n);
        break;
    }
    case T_TIME: break;
    }
}

void pd_encode_observation(GByteArray *out, const pd_observation *obs)
{
    guint64 t;
    put_le(out, PD_OP_OBSERVE, 1);
    put_le(out, TAG_FRAME, 1);
    put_le(out, obs->frame, 4);
    put_le(out, TAG_TIME, 1);
    memcpy(&t, &obs->time, sizeof t);
    put_le(out, t, 8);
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
        const field *f = &fields[i];
        if (!field_is_zero(f, obs))
            encode_field(out, f, obs);
    }
    put_le(out, TAG_END, 1);
}

void pd_encode_op(GByteArray *out, pd_op op)
{
    put_le(out, op, 1);
}

/* ---- coverage of pd_observation ---------------------------------------------------------- */

static const field *covering(gsize offset)
{
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
        for (guint e = 0; e < MAX(fields[i].count, 1u); e++) {
            gsize at = fields[i].offset + e * fields[i].stride;
            if (offset >= at && offset < at + fields[i].size)
                return &fields[i];
        }
    for (gsize i = 0; i < G_N_ELEMENTS(special); i++)
        if (offset >= special[i].offset && offset < special[i].offset + special[i].size)
            return &special[i];
    return NULL;
}

GArray *pd_obscodec_uncovered(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint off = 0; off < sizeof(pd_observation); off++)
        if (!covering(off))
            g_array_append_val(a, off);
    return a;
}

const char *pd_obscodec_field_at(gsize offset)
{
    const field *f = covering(offset);
    return f ? f->name : NULL;
}
