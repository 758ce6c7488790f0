/* test_labels.c: the memo of label texts (pptpdiag_label_text_memo) gives what
 * pptpdiag_label_text makes, for every combination of the facts a label shows, asked in any
 * order: a fact the memo's key left out would hand one frame another frame's text. And the
 * labels are the engine's: those of the frames of an evicted session are gone with them, with
 * no sweep by the plugin, while DNS frames' labels and marks stay.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "framelabel.h"

static GArray *sets; /* obs_set */

typedef struct {
    pd_observation obs[2];
    guint n;
} obs_set;

static void add_gre(guint16 proto, guint8 code, guint16 payload_len)
{
    obs_set s;
    memset(&s, 0, sizeof s);
    s.n = 1;
    s.obs[0].frame = 1;
    s.obs[0].kind = PD_OBS_GRE;
    s.obs[0].gre.ppp.protocol = proto;
    s.obs[0].gre.ppp.code = code;
    s.obs[0].gre.payload_len = payload_len;
    g_array_append_val(sets, s);
}

static void add_tcp(guint8 flags, guint32 payload_len, int pptp_type, gboolean has_result,
                    guint8 result)
{
    obs_set s;
    memset(&s, 0, sizeof s);
    s.n = pptp_type < 0 ? 1 : 2;
    for (guint i = 0; i < s.n; i++) {
        s.obs[i].frame = 1;
        s.obs[i].tcp.flags = flags;
        s.obs[i].tcp.payload_len = payload_len;
    }
    s.obs[0].kind = PD_OBS_TCP;
    if (pptp_type >= 0) {
        s.obs[1].kind = PD_OBS_PPTP;
        s.obs[1].pptp.type = (guint16)pptp_type;
        s.obs[1].pptp.has_result = has_result;
        s.obs[1].pptp.result = result;
    }
    g_array_append_val(sets, s);
}

static void add_esp(gboolean natt)
{
    obs_set s;
    memset(&s, 0, sizeof s);
    s.n = 1;
    s.obs[0].frame = 1;
    s.obs[0].kind = PD_OBS_ESP;
    s.obs[0].espkt.natt = natt;
    s.obs[0].espkt.spi = natt ? 0x1234 : 0x5678; /* not in the text */
    g_array_append_val(sets, s);
}

static void test_memo_same_texts(void)
{
    static const guint16 protos[] = {0, 0x0021, 0x0057, 0x00fd, 0xc021, 0xc023, 0xc223, 0x8021,
                                     0x8057, 0x80fd, 0x1234, 0x9999};
    static const guint8 flag_sets[] = {0, PD_TCP_SYN, PD_TCP_SYN | PD_TCP_ACK, PD_TCP_ACK,
                                       PD_TCP_ACK | PD_TCP_PSH, PD_TCP_FIN | PD_TCP_ACK,
                                       PD_TCP_RST, PD_TCP_RST | PD_TCP_ACK};
    sets = g_array_new(FALSE, FALSE, sizeof(obs_set));
    for (gsize p = 0; p < G_N_ELEMENTS(protos); p++)
        for (guint code = 0; code < 14; code++)
            for (guint len = 0; len < 2; len++)
                add_gre(protos[p], (guint8)code, (guint16)(len * 20));
    for (gsize f = 0; f < G_N_ELEMENTS(flag_sets); f++)
        for (guint len = 0; len < 2; len++) {
            add_tcp(flag_sets[f], len * 156, -1, FALSE, 0);
            for (int type = 0; type <= 16; type++)
                for (guint r = 0; r < 3; r++)
                    add_tcp(flag_sets[f], len * 156, type == 16 ? 99 : type, r > 0,
                            (guint8)(r > 0 ? r - 1 : 0));
        }
    add_esp(FALSE);
    add_esp(TRUE);
    GRand *rnd = g_rand_new_with_seed(16);
    for (guint round = 0; round < 3; round++) {
        for (guint i = sets->len; i > 1; i--) { /* shuffle: the memo fills in another order */
            guint j = (guint)g_rand_int_range(rnd, 0, (gint32)i);
            obs_set t = g_array_index(sets, obs_set, i - 1);
            g_array_index(sets, obs_set, i - 1) = g_array_index(sets, obs_set, j);
            g_array_index(sets, obs_set, j) = t;
        }
        for (guint i = 0; i < sets->len; i++) {
            const obs_set *s = &g_array_index(sets, obs_set, i);
            gboolean m1 = 2, m2 = 3;
            const char *made = pptpdiag_label_text(s->obs, s->n, &m1);
            const char *memo = pptpdiag_label_text_memo(s->obs, s->n, &m2);
            g_assert_cmpstr(memo, ==, made);
            g_assert_cmpint(m2, ==, m1);
            m2 = 3; /* again: the memo's last answer, as for a run of data packets */
            memo = pptpdiag_label_text_memo(s->obs, s->n, &m2);
            g_assert_cmpstr(memo, ==, made);
            g_assert_cmpint(m2, ==, m1);
        }
    }
    g_rand_free(rnd);
    g_array_free(sets, TRUE);
}

/* PPPoE frames: a Discovery packet by its code, with its session and error tag; a Session
 * packet by its PPP frame, as GRE's; a Session packet that carries what else pptpdiag reads is
 * only their carrier. */
static void test_pppoe_texts(void)
{
    pd_observation o[2];
    memset(o, 0, sizeof o);
    o[0].kind = PD_OBS_PPPOE;
    o[0].pppoe.code = PD_PPPOE_PADI;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==, "PPPoE PADI");
    o[0].pppoe.code = PD_PPPOE_PADS;
    o[0].pppoe.error_tag = PD_PPPOE_TAG_AC_SYSTEM_ERROR;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==,
                    "PPPoE PADS session 0x0000 (AC-System-Error)");
    o[0].pppoe.code = PD_PPPOE_SESSION;
    o[0].pppoe.session_id = 1;
    o[0].pppoe.error_tag = 0;
    o[0].pppoe.ppp.protocol = PD_PPP_CHAP;
    o[0].pppoe.ppp.code = PD_CHAP_FAILURE;
    gboolean minor = TRUE;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "PPPoE CHAP Failure");
    g_assert_false(minor);
    o[0].pppoe.ppp.protocol = PD_PPP_IP;
    o[0].pppoe.ppp.code = 0;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "PPPoE IP data");
    g_assert_true(minor);
    o[1] = o[0];
    o[0].kind = PD_OBS_GRE;
    o[0].gre.ppp.protocol = PD_PPP_LCP;
    o[0].gre.ppp.code = PD_CP_CONF_REQ;
    o[0].gre.payload_len = 20;
    g_assert_cmpstr(pptpdiag_label_text(o, 2, NULL), ==, "GRE LCP Configure-Request");
}

/* L2TP frames: a control message by its type, with its Result Code AVP; a ZLB (minor); a data
 * message by its PPP frame, as GRE's and PPPoE's; an ICMP error by the UDP port it quotes. */
static void test_l2tp_texts(void)
{
    pd_observation o[1];
    memset(o, 0, sizeof o);
    o[0].kind = PD_OBS_L2TP;
    o[0].l2tp.control = TRUE;
    o[0].l2tp.type = PD_L2TP_SCCRQ;
    gboolean minor = TRUE;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP SCCRQ");
    g_assert_false(minor);
    o[0].l2tp.type = PD_L2TP_StopCCN;
    o[0].l2tp.has_result = o[0].l2tp.has_error = TRUE;
    o[0].l2tp.result = 2;
    o[0].l2tp.error = 6;
    g_strlcpy(o[0].l2tp.error_message, "No Authorization", sizeof o[0].l2tp.error_message);
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==,
                    "L2TP StopCCN result 2 error 6 (No Authorization)");
    memset(&o[0].l2tp, 0, sizeof o[0].l2tp);
    o[0].l2tp.control = TRUE;
    o[0].l2tp.zlb = TRUE;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP ZLB");
    g_assert_true(minor);
    o[0].l2tp.zlb = FALSE;
    o[0].l2tp.type = PD_L2TP_HELLO;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP Hello");
    g_assert_true(minor);
    o[0].l2tp.type = 99;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP type 99");
    g_assert_false(minor);
    memset(&o[0].l2tp, 0, sizeof o[0].l2tp);
    o[0].l2tp.ppp.protocol = PD_PPP_CHAP;
    o[0].l2tp.ppp.code = PD_CHAP_FAILURE;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP CHAP Failure");
    g_assert_false(minor);
    o[0].l2tp.ppp.protocol = PD_PPP_IP;
    o[0].l2tp.ppp.code = 0;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "L2TP IP data");
    g_assert_true(minor);
    o[0].l2tp.ppp.protocol = 0;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==, "L2TP data (no PPP decoded)");
    memset(o, 0, sizeof o);
    o[0].kind = PD_OBS_ICMP_ERROR;
    o[0].src.family = 4;
    o[0].icmp.type = 3;
    o[0].icmp.code = 13;
    o[0].icmp.quoted_proto = PD_IPPROTO_UDP;
    o[0].icmp.quoted_udp_sport = o[0].icmp.quoted_udp_dport = PD_L2TP_PORT;
    g_assert_true(g_str_has_suffix(pptpdiag_label_text(o, 1, NULL), ", quoting UDP port 1701"));
    o[0].icmp.quoted_udp_sport = o[0].icmp.quoted_udp_dport = 0; /* not captured */
    g_assert_true(g_str_has_suffix(pptpdiag_label_text(o, 1, NULL), ", quoting IP protocol 17"));
}

/* IKE frames: IKEv2's by exchange, request or response, fragment numbers and the error notifies
 * in clear; IKEv1's by mode; an Informational exchange with nothing in clear is minor. ESP
 * frames are minor, as PPP's data. */
static void test_ike_esp_texts(void)
{
    pd_observation o[1];
    memset(o, 0, sizeof o);
    o[0].kind = PD_OBS_IKE;
    o[0].ike.version = 2;
    o[0].ike.exchange = PD_IKE_SA_INIT;
    o[0].ike.flags = PD_IKE_F_INITIATOR;
    o[0].ike.n_notify = 2;
    o[0].ike.notify[0] = PD_IKE_N_NAT_DETECTION_SOURCE_IP; /* a status: not named */
    o[0].ike.notify[1] = PD_IKE_N_NAT_DETECTION_DESTINATION_IP;
    gboolean minor = TRUE;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "IKE_SA_INIT request");
    g_assert_false(minor);
    o[0].ike.flags = PD_IKE_F_RESPONSE;
    o[0].ike.n_notify = 1;
    o[0].ike.notify[0] = PD_IKE_N_NO_PROPOSAL_CHOSEN;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==,
                    "IKE_SA_INIT response (NO_PROPOSAL_CHOSEN)");
    o[0].ike.n_notify = 2;
    o[0].ike.notify[1] = 9999;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==,
                    "IKE_SA_INIT response (NO_PROPOSAL_CHOSEN, notify 9999)");
    memset(&o[0].ike, 0, sizeof o[0].ike);
    o[0].ike.version = 2;
    o[0].ike.exchange = PD_IKE_AUTH;
    o[0].ike.encrypted = TRUE;
    o[0].ike.frag_number = 1;
    o[0].ike.frag_total = 3;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==, "IKE_AUTH request fragment 1/3");
    o[0].ike.frag_number = o[0].ike.frag_total = 0;
    o[0].ike.exchange = PD_IKE_INFORMATIONAL;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "INFORMATIONAL request");
    g_assert_true(minor);
    o[0].ike.exchange = 99;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "IKEv2 exchange 99 request");
    g_assert_false(minor);
    memset(&o[0].ike, 0, sizeof o[0].ike);
    o[0].ike.version = 1;
    o[0].ike.exchange = PD_IKE_V1_MAIN;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, NULL), ==, "IKEv1 Main Mode");
    o[0].ike.exchange = PD_IKE_V1_INFO;
    o[0].ike.n_notify = 1;
    o[0].ike.notify[0] = PD_IKE_N_NO_PROPOSAL_CHOSEN;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==,
                    "IKEv1 Informational (NO_PROPOSAL_CHOSEN)");
    g_assert_false(minor);
    memset(o, 0, sizeof o);
    o[0].kind = PD_OBS_ESP;
    g_assert_cmpstr(pptpdiag_label_text(o, 1, &minor), ==, "ESP");
    g_assert_true(minor);
    o[0].espkt.natt = TRUE;
    g_assert_cmpstr(pptpdiag_label_text_memo(o, 1, &minor), ==, "ESP in UDP");
    g_assert_true(minor);
}

/* Feeds @o (one observation, its frame's only one) to @e and labels its frame as the dissector
 * does (packet-pptpdiag.c): a DNS frame, or a frame the engine files, with a report asking for
 * labels; else a mark for a frame the engine kept. */
static void feed(pd_engine *e, pd_observation *o)
{
    gboolean kept = pd_engine_observe(e, o);
    const pd_frame_result *r = pd_engine_frame(e, o->frame);
    if (o->kind == PD_OBS_DNS || r)
        pptpdiag_labels_record(e, o, 1);
    else if (kept)
        pptpdiag_labels_mark(e, o->frame);
}

/* A TCP segment of @client:@port with the server's port 1723, @flags, at frame *@frame, time
 * *@t + @dt. */
static pd_observation segment(guint32 *frame, double *t, guint8 client, guint16 port,
                              gboolean from_client, guint8 flags, double dt)
{
    static const guint8 server[4] = {10, 10, 2, 2};
    const guint8 c[4] = {10, 0, 9, client};
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = ++*frame;
    o.time = *t += dt;
    o.src = pd_addr_v4(from_client ? c : server);
    o.dst = pd_addr_v4(from_client ? server : c);
    o.ttl = 64;
    o.kind = PD_OBS_TCP;
    o.tcp.sport = from_client ? port : PD_PPTP_PORT;
    o.tcp.dport = from_client ? PD_PPTP_PORT : port;
    o.tcp.flags = flags;
    return o;
}

/* Health checks (connect, close: the engine evicts them once settled, past 4 times
 * max_sessions) from 70 clients, labelled as they come, a DNS query before them and an ICMP
 * error quoting nothing the engine tracks (a mark) among them. Without any sweep call, the
 * label of every frame of an evicted session is gone (get, has, the walk in frame order), the
 * others are there with their texts; the DNS query's label and the mark stay. */
static void test_forgotten_with_frames(void)
{
    pd_config cfg = pd_config_default();
    cfg.max_sessions = 1;
    pd_engine *e = pd_engine_new(&cfg);
    pptpdiag_labels_prepare(e);
    pptpdiag_labels_want_text();
    guint32 frame = 0;
    double t = 1000;
    pd_observation q = segment(&frame, &t, 1, 0, TRUE, 0, 0);
    q.kind = PD_OBS_DNS;
    q.dns.qtype = 1;
    g_strlcpy(q.dns.qname, "vpn.example.test", sizeof q.dns.qname);
    feed(e, &q);
    guint32 icmp = 0;
    static const guint8 flags[4] = {PD_TCP_SYN, PD_TCP_SYN | PD_TCP_ACK, PD_TCP_ACK,
                                    PD_TCP_FIN | PD_TCP_ACK};
    for (guint i = 0; i < 70; i++) {
        for (guint k = 0; k < 4; k++) {
            pd_observation o = segment(&frame, &t, (guint8)(1 + i), (guint16)(30000 + i), k != 1,
                                       flags[k], k ? 0.001 : cfg.lcp_timeout + 1);
            feed(e, &o);
        }
        if (i == 35) { /* an ICMP error quoting a GRE packet of no call the engine knows */
            static const guint8 router[4] = {10, 0, 0, 1}, far[4] = {192, 0, 2, 9};
            pd_observation o = segment(&frame, &t, 1, 0, FALSE, 0, 0.001);
            o.src = pd_addr_v4(router);
            o.kind = PD_OBS_ICMP_ERROR;
            o.icmp.type = 3;
            o.icmp.code = 13;
            o.icmp.quoted_proto = PD_IPPROTO_GRE;
            o.icmp.quoted_src = o.dst;
            o.icmp.quoted_dst = pd_addr_v4(far);
            feed(e, &o);
            icmp = o.frame;
        }
    }
    g_assert_cmpuint(pd_engine_n_evicted(e, NULL), >=, 64);
    pptpdiag_label l;
    g_assert_true(pptpdiag_labels_get(e, q.frame, &l));
    g_assert_cmpstr(l.text, ==, "DNS query A");
    g_assert_true(pptpdiag_labels_has(e, icmp)); /* marked */
    g_assert_false(pptpdiag_labels_get(e, icmp, &l));
    guint n = 0, gone = 0;
    for (guint32 f = 1; f <= frame; f++) {
        if (f == q.frame || f == icmp)
            continue;
        gboolean known = pd_engine_frame(e, f) != NULL;
        g_assert_true(pptpdiag_labels_get(e, f, &l) == known);
        g_assert_true(pptpdiag_labels_has(e, f) == known);
        if (known) {
            g_assert_cmpuint(l.frame, ==, f);
            g_assert_true(g_str_has_prefix(l.text, "TCP "));
        }
        n += known;
        gone += !known;
    }
    g_assert_cmpuint(gone, >=, 4 * 64);
    guint walked = 0;
    for (guint32 f = 0; pptpdiag_labels_next(e, &f, &l); f++, walked++) {
        g_assert_cmpuint(l.frame, ==, f);
        g_assert_true(f == q.frame || pd_engine_frame(e, f) != NULL);
    }
    g_assert_cmpuint(walked, ==, n + 1); /* and the DNS query's */
    pd_engine_free(e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/labels/memo-same-texts", test_memo_same_texts);
    g_test_add_func("/labels/forgotten-with-their-frames", test_forgotten_with_frames);
    g_test_add_func("/labels/pppoe", test_pppoe_texts);
    g_test_add_func("/labels/ike-esp", test_ike_esp_texts);
    g_test_add_func("/labels/l2tp", test_l2tp_texts);
    return g_test_run();
}
