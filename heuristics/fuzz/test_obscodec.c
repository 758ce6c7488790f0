/* test_obscodec.c: the record format of pd_obscodec.h: round trips, defaults, sanitising,
 * truncation, unknown tags, and that the codec covers every member of pd_observation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "pd_obscodec.h"

/* Bytes of pd_observation that are padding on x86_64 (LP64, GCC/clang): the codec must cover
 * all the others. When this test fails after a member was added to pd_observation, add the
 * member to pd_obscodec.c's table with a new tag. */
#define PADDING_BYTES_LP64 78 /* pd_obs_tcp.payload_start took a padding byte (twice); PPPoE
                                 * added 4: after its code, and its pd_obs_ppp's 3; L2TP 9: after
                                 * its type, its result and its host name, and its pd_obs_ppp's 3;
                                 * pd_obs_ppp.mru 2 at the end of each of the five pd_obs_ppp; PPP
                                 * on its own 10: 3 after pppframe.form, its pd_obs_ppp's 3, and 4
                                 * more at the end of pd_observation; esp took one of those; IKE
                                 * and ESP 6: one after ike.n_notify and one after ike.n_xforms
                                 * (16-bit arrays follow), 2 at the end of pd_obs_ike and 2 at the
                                 * end of pd_obs_esp (4-byte alignment) */

static pd_observation full_observation(void)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    const guint8 v4a[4] = {10, 0, 0, 1}, v4b[4] = {192, 0, 2, 7};
    o.frame = 1234567;
    o.time = 1700000000.123456;
    o.src = pd_addr_v4(v4a);
    o.dst.family = 6;
    for (int i = 0; i < 16; i++)
        o.dst.bytes[i] = (guint8)(0x20 + i);
    o.ttl = 63;
    o.ip_id = 0xbeef;
    o.kind = PD_OBS_ICMP_ERROR;
    o.tcp = (pd_obs_tcp){.sport = 1723, .dport = 40000, .server_port = 1724,
                         .flags = PD_TCP_SYN | PD_TCP_ACK,
                         .payload_start = PD_TCP_START_PPTP, .payload_len = 156};
    o.pptp.type = PD_PPTP_OCRP;
    o.pptp.has_call_id = o.pptp.has_peer_call_id = o.pptp.has_result = TRUE;
    o.pptp.call_id = 0x1234;
    o.pptp.peer_call_id = 0x5678;
    o.pptp.result = 1;
    o.pptp.error = 2;
    o.pptp.cause = 3;
    o.gre.call_id = 0x4321;
    o.gre.has_seq = o.gre.has_ack = TRUE;
    o.gre.seq = 0xdeadbeef;
    o.gre.ack = 7;
    o.gre.payload_len = 40;
    o.gre.ppp.protocol = PD_PPP_CHAP;
    o.gre.ppp.code = PD_CHAP_FAILURE;
    g_strlcpy(o.gre.ppp.message, "E=691 R=1 C=00112233445566778899aabbccddeeff V=3",
              sizeof o.gre.ppp.message);
    o.icmp.type = 3;
    o.icmp.code = 13;
    o.icmp.mtu = 1400;
    o.icmp.quoted_src = pd_addr_v4(v4b);
    o.icmp.quoted_dst = pd_addr_v4(v4a);
    o.icmp.quoted_proto = PD_IPPROTO_GRE;
    o.icmp.quoted_ip_id = 99;
    o.icmp.quoted_has_gre_call_id = TRUE;
    o.icmp.quoted_tcp = (pd_obs_tcp){.sport = 5, .dport = 6, .server_port = 9, .flags = 7,
                                     .payload_start = PD_TCP_START_OTHER, .payload_len = 8};
    o.icmp.quoted_gre = o.gre;
    o.icmp.quoted_gre.ppp.message[3] = 'x';
    o.dns.answer = o.dst;
    o.pppoe.code = PD_PPPOE_PADS;
    o.pppoe.session_id = 0x0bad;
    o.pppoe.has_service_name = o.pppoe.has_cookie = TRUE;
    g_strlcpy(o.pppoe.service_name, "dev-internet", sizeof o.pppoe.service_name);
    g_strlcpy(o.pppoe.ac_name, "dev-bras1", sizeof o.pppoe.ac_name);
    o.pppoe.max_payload = 1500;
    o.pppoe.error_tag = PD_PPPOE_TAG_AC_SYSTEM_ERROR;
    g_strlcpy(o.pppoe.error_text, "RP-PPPoE: Server: No client slots available",
              sizeof o.pppoe.error_text);
    o.pppoe.ppp = o.gre.ppp;
    o.l2tp.sport = o.l2tp.dport = PD_L2TP_PORT;
    o.l2tp.control = o.l2tp.has_seq = o.l2tp.zlb = TRUE;
    o.l2tp.tunnel_id = 0x1234;
    o.l2tp.session_id = 0x5678;
    o.l2tp.ns = 0xffff; /* Ns and Nr wrap (RFC 2661 5.8) */
    o.l2tp.nr = 1;
    o.l2tp.type = PD_L2TP_StopCCN;
    o.l2tp.assigned_tunnel_id = 0x4321;
    o.l2tp.assigned_session_id = 0x8765;
    o.l2tp.has_result = o.l2tp.has_error = o.l2tp.hidden = TRUE;
    o.l2tp.result = 2;
    o.l2tp.error = 6;
    g_strlcpy(o.l2tp.error_message, "No Authorization", sizeof o.l2tp.error_message);
    g_strlcpy(o.l2tp.host_name, "lns.example", sizeof o.l2tp.host_name);
    o.l2tp.ppp = o.gre.ppp;
    o.icmp.quoted_udp_sport = 40000;
    o.icmp.quoted_udp_dport = PD_L2TP_PORT;
    o.pppoe.ppp.cp_options = 0x2a;
    o.pppoe.ppp.ipcp_address[2] = 10;
    o.pppoe.ppp.mppe_bits = PD_MPPE_128;
    o.ike.sport = 4500;
    o.ike.dport = 61000;
    o.ike.natt = o.ike.ip_fragmented = o.ike.encrypted = TRUE;
    o.ike.version = 2;
    o.ike.exchange = PD_IKE_AUTH;
    o.ike.flags = PD_IKE_F_INITIATOR;
    o.ike.first_payload = 53;
    for (guint i = 0; i < 8; i++) {
        o.ike.ispi[i] = (guint8)(0xa0 + i);
        o.ike.rspi[i] = (guint8)(i == 7 ? 0 : 0xb0 + i); /* a zero last byte is sent too */
    }
    o.ike.message_id = 0x01020304;
    o.ike.length = 1432;
    o.ike.frag_number = 2;
    o.ike.frag_total = 3;
    o.ike.n_notify = PD_IKE_MAX_NOTIFY;
    for (guint i = 0; i < PD_IKE_MAX_NOTIFY; i++)
        o.ike.notify[i] = (guint16)(PD_IKE_N_NAT_DETECTION_SOURCE_IP + i);
    o.ike.n_xforms = PD_IKE_MAX_XFORMS - 1; /* the last element stays 0 */
    for (guint i = 0; i + 1 < PD_IKE_MAX_XFORMS; i++)
        o.ike.xforms[i] = (pd_ike_xform){.proposal = (guint8)(1 + i / 4),
                                         .type = (guint8)(1 + i % 4), .id = (guint16)(12 + i),
                                         .keylen = (guint16)(i % 4 == 0 ? 256 : 0)};
    o.ike.ke_group = 19;
    o.ike.vendors = PD_IKE_VID_MS_NT5 | PD_IKE_VID_FRAGMENTATION;
    o.ike.natd_src_len = 20;
    o.ike.natd_dst_len = PD_IKE_NATD_MAX;
    for (guint i = 0; i < PD_IKE_NATD_MAX; i++) {
        o.ike.natd_src[i] = (guint8)(i < 20 ? 0x40 + i : 0);
        o.ike.natd_dst[i] = (guint8)(0x80 + i);
    }
    o.espkt = (pd_obs_esp){.spi = 0xc0483328, .seq = 7, .natt = TRUE, .sport = 4500,
                           .dport = 4500, .len = 1400};
    return o;
}

static void test_round_trip(void)
{
    pd_observation o = full_observation(), z;
    memset(&z, 0, sizeof z);
    z.frame = 5;
    GByteArray *b = g_byte_array_new();
    pd_encode_observation(b, &o);
    pd_encode_op(b, PD_OP_FINISH);
    pd_encode_observation(b, &z);
    pd_encode_op(b, PD_OP_WALK);
    pd_decoder d;
    pd_record r;
    pd_decoder_init(&d, b->data, b->len);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_OBSERVE);
    g_assert_cmpmem(&r.obs, sizeof r.obs, &o, sizeof o);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_FINISH);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_OBSERVE);
    g_assert_cmpmem(&r.obs, sizeof r.obs, &z, sizeof z);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_WALK);
    g_assert_false(pd_decoder_next(&d, &r));
    /* every strict prefix ends early, cleanly */
    for (guint len = 0; len < b->len; len++) {
        pd_decoder_init(&d, b->data, len);
        guint n = 0;
        while (pd_decoder_next(&d, &r))
            n++;
        g_assert_cmpuint(n, <=, 3);
    }
    g_byte_array_free(b, TRUE);
}

static void test_defaults_and_sanitising(void)
{
    const guint8 nan_le[8] = {0, 0, 0, 0, 0, 0, 0xf8, 0x7f};
    guint8 s[64];
    gsize n = 0;
    /* OBSERVE (op 8: only the low 3 bits count) */
    s[n++] = 0x08;
    s[n++] = 1; s[n++] = 10; s[n++] = 0; s[n++] = 0; s[n++] = 0; /* frame 10 */
    s[n++] = 2; s[n++] = 0xfd;                                   /* frame: previous (0) - 3 */
    s[n++] = 9; s[n++] = 9;                                      /* kind 9 */
    s[n++] = 255;                                                /* unknown tag: skipped */
    s[n++] = 3; memcpy(s + n, nan_le, 8); n += 8;                /* time NaN */
    s[n++] = 0;                                                  /* END */
    /* OBSERVE with the time 1 us earlier than the previous one and no frame */
    s[n++] = 0;
    s[n++] = 4; s[n++] = 0xff; s[n++] = 0xff; s[n++] = 0xff; s[n++] = 0xff;
    s[n++] = 0;
    /* FRAME: the previous frame - 1 */
    s[n++] = 2; s[n++] = 0xff; s[n++] = 0xff;
    /* OBSERVE with a message of 200 bytes that the stream does not hold */
    s[n++] = 0; s[n++] = 31; s[n++] = 200; s[n++] = 'E'; s[n++] = '=';

    pd_decoder d;
    pd_record r;
    pd_decoder_init(&d, s, n);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_OBSERVE);
    g_assert_cmpuint(r.obs.frame, ==, (guint32)-3);
    g_assert_cmpint(r.obs.kind, ==, 9 % PD_OBS_N_KINDS);
    g_assert_cmpfloat(r.obs.time, ==, 0);
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_OBSERVE);
    g_assert_cmpuint(r.obs.frame, ==, (guint32)-2); /* previous + 1 */
    g_assert_cmpfloat(r.obs.time, ==, 0);           /* clamped at 0 */
    g_assert_true(pd_decoder_next(&d, &r));
    g_assert_cmpint(r.op, ==, PD_OP_FRAME);
    g_assert_cmpint(r.arg[0], ==, (gint32)(guint32)-3);
    g_assert_false(pd_decoder_next(&d, &r)); /* truncated record */
    g_assert_false(pd_decoder_next(&d, &r));
}

/* An array's count beyond the member's elements: the rest is read and dropped, and the fields
 * after it are read as they come; an array cut by the end of the stream drops the record. */
static void test_arrays(void)
{
    guint8 s[64];
    gsize n = 0;
    s[n++] = 0;                                   /* OBSERVE */
    s[n++] = 205; s[n++] = PD_IKE_MAX_NOTIFY + 2; /* notify: 2 more than it holds */
    for (guint i = 0; i < PD_IKE_MAX_NOTIFY + 2; i++) {
        s[n++] = (guint8)(i + 1);
        s[n++] = 0x40;
    }
    s[n++] = 193; s[n++] = 2;                     /* ike.version */
    s[n++] = 0;                                   /* END */
    s[n++] = 0; s[n++] = 197; s[n++] = 8; s[n++] = 1; /* ike.ispi cut after 1 of 8 bytes */
    pd_decoder d;
    pd_record r;
    pd_decoder_init(&d, s, n);
    g_assert_true(pd_decoder_next(&d, &r));
    for (guint i = 0; i < PD_IKE_MAX_NOTIFY; i++)
        g_assert_cmpuint(r.obs.ike.notify[i], ==, 0x4000 + i + 1);
    g_assert_cmpuint(r.obs.ike.version, ==, 2);
    g_assert_false(pd_decoder_next(&d, &r));
}

static void test_covers_observation(void)
{
    GArray *u = pd_obscodec_uncovered();
#if GLIB_SIZEOF_VOID_P == 8 && GLIB_SIZEOF_LONG == 8
    if (u->len != PADDING_BYTES_LP64) {
        g_printerr("pd_observation (%zu bytes) has %u bytes no codec entry covers (expected %d "
                   "bytes of padding): add the new members to heuristics/fuzz/pd_obscodec.c.\n"
                   "uncovered offsets:", sizeof(pd_observation), u->len, PADDING_BYTES_LP64);
        for (guint i = 0; i < u->len; i++)
            g_printerr(" %u", g_array_index(u, guint, i));
        g_printerr("\n");
    }
    g_assert_cmpuint(u->len, ==, PADDING_BYTES_LP64);
#endif
    g_assert_cmpstr(pd_obscodec_field_at(0), ==, "frame");
    g_array_free(u, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/obscodec/round-trip", test_round_trip);
    g_test_add_func("/obscodec/defaults-and-sanitising", test_defaults_and_sanitising);
    g_test_add_func("/obscodec/arrays", test_arrays);
    g_test_add_func("/obscodec/covers-observation", test_covers_observation);
    return g_test_run();
}
