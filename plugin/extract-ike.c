/* extract-ike.c: an IKE message's header and the payloads it shows in clear, read from its bytes
 * (see extract-ike.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-ike.h"

#include <string.h>

#include "headers.h"
#include "ws-compat.h"

/* The UDP header (RFC 768), the Non-ESP Marker before IKE on port 4500 (RFC 3948 section 2.2),
 * the IKE header (RFC 7296 section 3.1, RFC 2408 section 3.1: SPIs, Next Payload, Version,
 * Exchange Type, Flags, Message ID, Length) and a payload's generic header (Next Payload,
 * Critical bit and reserved, Payload Length: RFC 7296 section 3.2, RFC 2408 section 3.2). */
#define UDP_HDR 8
#define MARKER 4
#define IKE_HDR 28
#define GEN_HDR 4
/* Most payloads of a message, proposals of an SA payload and transforms of a proposal read:
 * every one of them is at least 4 bytes long, so a message of 65535 bytes holds fewer than
 * 16384; these bounds stop a chain whose lengths are consistent but absurd sooner. */
#define MAX_PAYLOADS 64
#define MAX_SUBSTRUCTS 64

/* Payload types (IKEv1: RFC 2408 section 3.1, RFC 3947 section 3.2 and the drafts' 130 for
 * NAT-D; IKEv2: RFC 7296 section 3.2, RFC 7383 section 2.5). */
enum {
    V1_SA = 1,
    V1_N = 11,
    V1_VID = 13,
    V1_NATD = 20,
    V1_NATD_DRAFT = 130,
    V2_SA = 33,
    V2_KE = 34,
    V2_N = 41,
    V2_V = 43,
    V2_SK = 46,
    V2_SKF = 53,
};

/* A data attribute (RFC 7296 section 3.3.5, RFC 2408 section 3.3): the AF bit set makes it a
 * 2-byte value in place of the length; classes up to 14 (Key Length) are read. */
#define ATTR_AF 0x8000
#define ATTR_CLASSES 15
#define ATTR_KEY_LENGTH 14
/* IKEv1 Protocol-ID of a proposal for the ISAKMP SA itself (RFC 2407 section 4.4.1). */
#define PROTO_ISAKMP 1

/* The Vendor IDs pptpdiag recognises (pd_obs_ike.vendors): a Vendor ID whose data begins with
 * one of these 16-byte hashes, as Wireshark's packet-isakmp.c lists them (MS NT5 ISAKMPOAKLEY
 * and the fragmentation hash, MD5("FRAGMENTATION"), are followed by 4 more bytes: a Windows
 * version, fragmentation flags). */
static const struct {
    guint8 hash[16];
    guint16 bit;
} vendor_ids[] = {
    {{0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87, 0xe4,
      0x61}, PD_IKE_VID_MS_NT5},
    {{0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45,
      0x2f}, PD_IKE_VID_NATT_RFC3947},
    /* draft-ietf-ipsec-nat-t-ike, -00, -01, -02, -02\n, -03 to -09 */
    {{0x4d, 0xf3, 0x79, 0x28, 0xe9, 0xfc, 0x4f, 0xd1, 0xb3, 0x26, 0x21, 0x70, 0xd5, 0x15, 0xc6,
      0x62}, PD_IKE_VID_NATT_DRAFT},
    {{0x44, 0x85, 0x15, 0x2d, 0x18, 0xb6, 0xbb, 0xcd, 0x0b, 0xe8, 0xa8, 0x46, 0x95, 0x79, 0xdd,
      0xcc}, PD_IKE_VID_NATT_DRAFT},
    {{0x16, 0xf6, 0xca, 0x16, 0xe4, 0xa4, 0x06, 0x6d, 0x83, 0x82, 0x1a, 0x0f, 0x0a, 0xea, 0xa8,
      0x62}, PD_IKE_VID_NATT_DRAFT},
    {{0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8, 0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4,
      0x48}, PD_IKE_VID_NATT_DRAFT},
    {{0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e, 0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b,
      0x1f}, PD_IKE_VID_NATT_DRAFT},
    {{0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f, 0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d,
      0x56}, PD_IKE_VID_NATT_DRAFT},
    {{0x99, 0x09, 0xb6, 0x4e, 0xed, 0x93, 0x7c, 0x65, 0x73, 0xde, 0x52, 0xac, 0xe9, 0x52, 0xfa,
      0x6b}, PD_IKE_VID_NATT_DRAFT},
    {{0x80, 0xd0, 0xbb, 0x3d, 0xef, 0x54, 0x56, 0x5e, 0xe8, 0x46, 0x45, 0xd4, 0xc8, 0x5c, 0xe3,
      0xee}, PD_IKE_VID_NATT_DRAFT},
    {{0x4d, 0x1e, 0x0e, 0x13, 0x6d, 0xea, 0xfa, 0x34, 0xc4, 0xf3, 0xea, 0x9f, 0x02, 0xec, 0x72,
      0x85}, PD_IKE_VID_NATT_DRAFT},
    {{0x43, 0x9b, 0x59, 0xf8, 0xba, 0x67, 0x6c, 0x4c, 0x77, 0x37, 0xae, 0x22, 0xea, 0xb8, 0xf5,
      0x82}, PD_IKE_VID_NATT_DRAFT},
    {{0x8f, 0x8d, 0x83, 0x82, 0x6d, 0x24, 0x6b, 0x6f, 0xc7, 0xa8, 0xa6, 0xa4, 0x28, 0xc1, 0x1d,
      0xe8}, PD_IKE_VID_NATT_DRAFT},
    {{0x42, 0xea, 0x5b, 0x6f, 0x89, 0x8d, 0x97, 0x73, 0xa5, 0x75, 0xdf, 0x26, 0xe7, 0xdd, 0x19,
      0xe1}, PD_IKE_VID_NATT_DRAFT},
    {{0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2,
      0xd3}, PD_IKE_VID_FRAGMENTATION},
    {{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01,
      0x00}, PD_IKE_VID_DPD},
    {{0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc, 0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b,
      0xeb}, PD_IKE_VID_STRONGSWAN},
};

/* The PD_IKE_VID_* bit of the Vendor ID data @v (@n bytes), 0 for one not recognised. */
static guint16 vendor_bit(const guint8 *v, gint n)
{
    if (n < 16)
        return 0;
    for (gsize i = 0; i < G_N_ELEMENTS(vendor_ids); i++)
        if (memcmp(v, vendor_ids[i].hash, 16) == 0)
            return vendor_ids[i].bit;
    return 0;
}

/* The data attributes between offsets @p and @e of @b (RFC 7296 section 3.3.5, RFC 2408
 * section 3.3): the 2-byte values (AF bit set) of classes below ATTR_CLASSES into @val, their
 * bits into the returned set; a 4-byte-headed variable-length one is skipped, one that runs
 * past @e ends the list. */
static guint32 read_attrs(const guint8 *b, gint p, gint e, guint16 val[ATTR_CLASSES])
{
    guint32 present = 0;
    while (e - p >= 4) {
        guint16 type = be16(b + p), v = be16(b + p + 2);
        if (type & ATTR_AF) {
            guint16 cls = type & ~ATTR_AF;
            if (cls < ATTR_CLASSES) {
                val[cls] = v;
                present |= 1u << cls;
            }
            p += 4;
        } else if (v > e - p - 4) {
            break; /* a length that lies ends the list */
        } else {
            p += 4 + v;
        }
    }
    return present;
}

/* The proposals of the IKEv2 SA payload whose body is between @p and @e of @b (RFC 7296 section
 * 3.3: Last Substruc 2 before another proposal, 0 after the last; Proposal Length, Proposal
 * Num, Protocol ID, SPI Size, Num Transforms, SPI, then the transforms: Last Substruc 3 or 0,
 * Transform Length, Type, ID, attributes) into @k's xforms. */
static void v2_sa(const guint8 *b, gint p, gint e, pd_obs_ike *k)
{
    for (guint n = 0; n < MAX_SUBSTRUCTS && e - p >= 8; n++) {
        gint plen = be16(b + p + 2);
        if (plen < 8 || plen > e - p)
            return;
        guint8 num = b[p + 4];
        gint t = p + 8 + b[p + 6], pe = p + plen;
        for (guint m = 0; m < MAX_SUBSTRUCTS && pe - t >= 8; m++) {
            gint tlen = be16(b + t + 2);
            if (tlen < 8 || tlen > pe - t)
                break;
            if (k->n_xforms == PD_IKE_MAX_XFORMS)
                return;
            guint16 val[ATTR_CLASSES] = {0};
            guint32 present = read_attrs(b, t + 8, t + tlen, val);
            pd_ike_xform *x = &k->xforms[k->n_xforms++];
            x->proposal = num;
            x->type = b[t + 4];
            x->id = be16(b + t + 6);
            x->keylen = (present >> ATTR_KEY_LENGTH) & 1 ? val[ATTR_KEY_LENGTH] : 0;
            if (b[t] == 0)
                break; /* the last transform */
            t += tlen;
        }
        if (b[p] == 0)
            return; /* the last proposal */
        p += plen;
    }
}

/* The proposals of the IKEv1 SA payload whose body is between @p and @e of @b (RFC 2408 section
 * 3.4: DOI, Situation, then Proposal payloads, 3.5: Proposal #, Protocol-ID, SPI Size,
 * # of Transforms, SPI, then Transform payloads, 3.6: Transform #, Transform-ID, SA attributes)
 * into @k's xforms: those of ISAKMP proposals, one per Phase 1 attribute of class 1 to 4 (RFC
 * 2409 Appendix A), the transform's Key Length on its encryption algorithm's. */
static void v1_sa(const guint8 *b, gint p, gint e, pd_obs_ike *k)
{
    p += 8; /* DOI, Situation (SIT_IDENTITY_ONLY: 4 bytes, RFC 2407 section 4.2) */
    for (guint n = 0; n < MAX_SUBSTRUCTS && e - p >= 8; n++) {
        gint plen = be16(b + p + 2);
        if (plen < 8 || plen > e - p)
            return;
        gint t = p + 8 + b[p + 6], pe = p + plen;
        for (guint m = 0; b[p + 5] == PROTO_ISAKMP && m < MAX_SUBSTRUCTS && pe - t >= 8; m++) {
            gint tlen = be16(b + t + 2);
            if (tlen < 8 || tlen > pe - t)
                break;
            guint16 val[ATTR_CLASSES] = {0};
            guint32 present = read_attrs(b, t + 8, t + tlen, val);
            for (guint cls = 1; cls <= 4; cls++) {
                if (!((present >> cls) & 1))
                    continue;
                if (k->n_xforms == PD_IKE_MAX_XFORMS)
                    return;
                pd_ike_xform *x = &k->xforms[k->n_xforms++];
                x->proposal = b[t + 4];
                x->type = (guint8)cls;
                x->id = val[cls];
                if (cls == 1 && (present >> ATTR_KEY_LENGTH) & 1)
                    x->keylen = val[ATTR_KEY_LENGTH];
            }
            if (b[t] == 0)
                break; /* the last transform */
            t += tlen;
        }
        if (b[p] == 0)
            return; /* the last proposal */
        p += plen;
    }
}

/* @n bytes of NAT detection data at @v into @out (the first PD_IKE_NATD_MAX), its length (at
 * most 255: the hash's, which tells its algorithm, pd_ike_natd_matches) into *@len. */
static void natd(const guint8 *v, gint n, guint8 *out, guint8 *len)
{
    *len = (guint8)MIN(n, 255);
    memcpy(out, v, MIN(n, PD_IKE_NATD_MAX));
}

/* A Notify's type into @k, and an IKEv2 NAT detection notify's data (@v, @n bytes). */
static void notify(guint16 type, const guint8 *v, gint n, pd_obs_ike *k)
{
    if (k->n_notify < PD_IKE_MAX_NOTIFY)
        k->notify[k->n_notify++] = type;
    if (k->version != 2)
        return;
    if (type == PD_IKE_N_NAT_DETECTION_SOURCE_IP && !k->natd_src_len)
        natd(v, n, k->natd_src, &k->natd_src_len);
    else if (type == PD_IKE_N_NAT_DETECTION_DESTINATION_IP && !k->natd_dst_len)
        natd(v, n, k->natd_dst, &k->natd_dst_len);
}

/* The reading of one message's payload chain. */
typedef struct {
    const guint8 *b; /* the message's captured bytes, from its header */
    gint cap;        /* how many */
    pd_obs_ike *k;
    gboolean sa_read;  /* its first SA payload was read */
    guint n_natd;      /* IKEv1 NAT-D payloads seen */
} chain;

/* The bytes from the start of the payload of @type at @p, @len bytes long (its generic header
 * captured), that pptpdiag reads: the whole of the first SA payload, of a Notify with NAT
 * detection data and of the first two IKEv1 NAT-D payloads, up to the Notify type of other
 * Notify payloads, the DH group of KE, 16 bytes of a Vendor ID's data, the numbers of an
 * Encrypted Fragment payload; the generic header of every other payload. */
static gint payload_need(const chain *c, guint8 type, gint p, gint len)
{
    gint v1_notify = GEN_HDR + 8, v2_notify = GEN_HDR + 4;
    if (c->k->version == 1) {
        switch (type) {
        case V1_SA: return c->sa_read ? GEN_HDR : len;
        case V1_N: return MIN(len, v1_notify);
        case V1_VID: return MIN(len, GEN_HDR + 16);
        case V1_NATD: case V1_NATD_DRAFT: return c->n_natd < 2 ? len : GEN_HDR;
        default: return GEN_HDR;
        }
    }
    switch (type) {
    case V2_SA: return c->sa_read ? GEN_HDR : len;
    case V2_KE: return MIN(len, GEN_HDR + 2);
    case V2_N: {
        if (len < v2_notify || c->cap - p < v2_notify)
            return MIN(len, v2_notify);
        guint16 t = be16(c->b + p + 6);
        return t == PD_IKE_N_NAT_DETECTION_SOURCE_IP ||
                       t == PD_IKE_N_NAT_DETECTION_DESTINATION_IP
                   ? len
                   : v2_notify;
    }
    case V2_V: return MIN(len, GEN_HDR + 16);
    case V2_SKF: return MIN(len, GEN_HDR + 4);
    default: return GEN_HDR;
    }
}

/* The payload of @type at @p, @len bytes long, of which the capture holds what pptpdiag reads
 * (payload_need), into the observation. FALSE when it ends the chain (Encrypted, Encrypted
 * Fragment: what follows is encrypted). */
static gboolean read_payload(chain *c, guint8 type, gint p, gint len)
{
    const guint8 *b = c->b;
    pd_obs_ike *k = c->k;
    gint body = p + GEN_HDR, e = p + len;
    if (k->version == 1) {
        switch (type) {
        case V1_SA:
            if (!c->sa_read)
                v1_sa(b, body, e, k);
            c->sa_read = TRUE;
            break;
        case V1_N: /* DOI, Protocol-ID, SPI Size, Notify Message Type, SPI, data */
            if (len >= GEN_HDR + 8)
                notify(be16(b + body + 6), NULL, 0, k);
            break;
        case V1_VID:
            k->vendors |= vendor_bit(b + body, len - GEN_HDR);
            break;
        case V1_NATD:
        case V1_NATD_DRAFT: /* the peer's (destination's) hash first, then the sender's */
            if (c->n_natd == 0)
                natd(b + body, len - GEN_HDR, k->natd_dst, &k->natd_dst_len);
            else if (c->n_natd == 1)
                natd(b + body, len - GEN_HDR, k->natd_src, &k->natd_src_len);
            c->n_natd++;
            break;
        default:
            break;
        }
        return TRUE;
    }
    switch (type) {
    case V2_SA:
        if (!c->sa_read)
            v2_sa(b, body, e, k);
        c->sa_read = TRUE;
        break;
    case V2_KE:
        if (len >= GEN_HDR + 2)
            k->ke_group = be16(b + body);
        break;
    case V2_N: /* Protocol ID, SPI Size, Notify Message Type, SPI, data */
        if (len >= GEN_HDR + 4) {
            gint data = body + 4 + b[body + 1];
            notify(be16(b + body + 2), b + MIN(data, e), MAX(e - data, 0), k);
        }
        break;
    case V2_V:
        k->vendors |= vendor_bit(b + body, len - GEN_HDR);
        break;
    case V2_SKF: /* Fragment Number, Total Fragments, then encrypted data */
        if (len >= GEN_HDR + 4) {
            k->frag_number = be16(b + body);
            k->frag_total = be16(b + body + 2);
        }
        k->encrypted = TRUE;
        return FALSE;
    case V2_SK:
        k->encrypted = TRUE;
        return FALSE;
    default:
        break;
    }
    return TRUE;
}

/* The payload chain from the header's Next Payload, up to the message's end @end (on the wire;
 * the capture holds c->cap bytes of it): what the cut took of what is read (PD_LOST_IKE), or 0. */
static guint8 read_chain(chain *c, gint end)
{
    guint8 type = c->k->first_payload;
    gint p = IKE_HDR;
    for (guint n = 0; type != 0 && n < MAX_PAYLOADS; n++) {
        if (end - p < GEN_HDR)
            return 0; /* too few bytes left for a payload: the chain ends */
        if (c->cap - p < GEN_HDR)
            return PD_LOST_IKE; /* the cut took this payload's header */
        guint8 next = c->b[p];
        gint len = be16(c->b + p + 2);
        if (len < GEN_HDR || len > end - p)
            return 0; /* a Payload Length that lies ends the chain */
        if (c->cap - p < payload_need(c, type, p, len))
            return PD_LOST_IKE; /* the cut took what is read of it */
        if (!read_payload(c, type, p, len))
            return 0; /* encrypted from here on */
        if (len > c->cap - p) /* the cut split it past what is read: the rest is lost */
            return next != 0 ? PD_LOST_IKE : 0;
        p += len;
        type = next;
    }
    return 0;
}

/* The bytes from the UDP header at @udp of @t to the IKE message it carries: 12 after the
 * Non-ESP Marker on port 4500 (RFC 3948 section 2.2), 8 on port 500, -1 for neither. */
static gint ike_offset(tvbuff_t *t, gint udp)
{
    gint cap = t && udp >= 0 ? tvb_captured_length_remaining(t, udp) : -1;
    if (cap < UDP_HDR)
        return -1;
    const guint8 *b = tvb_get_ptr(t, udp, MIN(cap, UDP_HDR + MARKER));
    guint16 sport = be16(b), dport = be16(b + 2);
    if ((sport == PD_NATT_PORT || dport == PD_NATT_PORT) && cap >= UDP_HDR + MARKER &&
        be32(b + UDP_HDR) == 0)
        return UDP_HDR + MARKER;
    return sport == PD_IKE_PORT || dport == PD_IKE_PORT ? UDP_HDR : -1;
}

gboolean pptpdiag_extract_ike(tvbuff_t *t, gint udp, pd_obs_ike *k, guint8 *lost)
{
    *lost = 0;
    gint off = ike_offset(t, udp);
    if (off < 0)
        return FALSE;
    gint cap = tvb_captured_length_remaining(t, udp);
    if (cap < off + IKE_HDR)
        return FALSE;
    gint wire = tvb_reported_length_remaining(t, udp);
    const guint8 *b = tvb_get_ptr(t, udp, cap); /* offsets below are from the UDP header */
    const guint8 *h = b + off;
    if (h[17] >> 4 != 1 && h[17] >> 4 != 2)
        return FALSE;
    k->sport = be16(b);
    k->dport = be16(b + 2);
    k->natt = off == UDP_HDR + MARKER;
    memcpy(k->ispi, h, 8);
    memcpy(k->rspi, h + 8, 8);
    k->first_payload = h[16];
    k->version = h[17] >> 4;
    k->exchange = h[18];
    k->flags = h[19];
    k->message_id = be32(h + 20);
    k->length = be32(h + 24);
    /* The datagram: its UDP Length, unless that says less than the headers or more than the
     * wire holds; the message: its Length within the datagram, at least its header. */
    gint dgram = be16(b + 4);
    if (dgram < off + IKE_HDR || dgram > wire)
        dgram = wire;
    gint end = (gint)MIN(MAX(k->length, (guint32)IKE_HDR), (guint32)(dgram - off));
    if (k->version == 1 && (k->flags & PD_IKE_F_V1_ENCRYPTED)) {
        k->encrypted = TRUE; /* nothing after the header is in clear (RFC 2408 section 3.1) */
        return TRUE;
    }
    chain c = {.b = h, .cap = cap - off, .k = k};
    guint8 l = read_chain(&c, end);
    *lost = cap >= wire ? 0 : l; /* not cut: what is missing was never on the wire */
    return TRUE;
}

/* The message read into @o (its frame facts set), ip_fragmented when Wireshark reassembled it
 * (@reassembled); of a cut frame, what the cut took as the reader says. */
static gboolean ike_message(const hdr_ip *ip, gboolean reassembled, pd_observation *o)
{
    guint8 lost;
    if (!pptpdiag_extract_ike(ip->tvb, ip->next, &o->ike, &lost))
        return FALSE;
    o->kind = PD_OBS_IKE;
    o->ike.ip_fragmented = reassembled;
    if (o->cut_at)
        o->lost = lost;
    return TRUE;
}

guint pptpdiag_ike_packet(tvbuff_t *frame, packet_info *pinfo, pd_observation *o)
{
    hdr_ip ip;
    gboolean reassembled = FALSE;
    if (!hdr_ip_of_udp(frame, pinfo, &ip) || ip.fragment) {
        tvbuff_t *r = pd_reassembled_ip_tvb(pinfo);
        if (!r || tvb_captured_length(r) < 8 || tvb_get_ntohs(r, 0) != pinfo->srcport ||
            tvb_get_ntohs(r, 2) != pinfo->destport ||
            !hdr_ip_reassembled(frame, pinfo, PD_IPPROTO_UDP, r, &ip))
            return 0;
        reassembled = TRUE;
    }
    hdr_ip_frame_facts(o, pinfo, &ip);
    if (pinfo->fd->cap_len < pinfo->fd->pkt_len)
        o->cut_at = pinfo->fd->cap_len; /* the snapshot length cut it */
    return ike_message(&ip, reassembled, o) ? 1 : 0;
}
