/* test_ike.c: the engine on IPsec without keys (PD_OBS_IKE, PD_OBS_ESP): IKE unanswered and
 * refused by ICMP, NO_PROPOSAL_CHOSEN, an INVALID_KE_PAYLOAD retry as one attempt, NAT detection
 * recomputed from the hashes and UDP 4500 unanswered (both capture points), IKE_AUTH lost to
 * fragments, IKEv1's pre-shared key, IKEv2's encrypted authentication, ESP one way or none, and
 * healthy SAs (with the note that L2TP/IPsec's ESP was not decrypted). The sequences follow the
 * lab's captures (test-captures/vpn/ikev2, vpn/l2tp_ipsec).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"

#include "pd_rules.h"
#include "pd_records.h"

static const guint8 NAT_ADDR[4] = {10, 10, 2, 1}; /* the client as the server sees it */

/* One IPsec conversation as a capture point sees it: the client's address there (@nat_seen: the
 * router's, on the server's side of a NAT), the SPIs, and the NAT detection to put in messages
 * (@client_behind_nat: the client hashes its own private address). */
typedef struct {
    trace *tr;
    guint8 version;
    gboolean server_side, client_behind_nat;
    guint8 ispi[8], rspi[8];
    guint16 cport, sport; /* UDP ports: 500, or 4500 after NAT traversal */
} conv;

static pd_addr addr(const guint8 v4[4])
{
    return pd_addr_v4(v4);
}

/* The client's address at the capture point. */
static pd_addr client_here(const conv *c)
{
    return addr(c->server_side && c->client_behind_nat ? NAT_ADDR : CLIENT);
}

/* A NAT detection hash of @a, @port with the message's SPIs (RFC 7296 2.23: SHA-1). */
static void natd(const conv *c, const guint8 *rspi, const guint8 v4[4], guint16 port,
                 guint8 out[20])
{
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA1);
    guint8 p[2] = {(guint8)(port >> 8), (guint8)port};
    gsize n = 20;
    g_checksum_update(h, c->ispi, 8);
    g_checksum_update(h, rspi, 8);
    g_checksum_update(h, v4, 4);
    g_checksum_update(h, p, 2);
    g_checksum_get_digest(h, out, &n);
    g_checksum_free(h);
}

/* An IKE message from the client (@from_client) or the server, @dt seconds after the last. */
static pd_observation ike_base(conv *c, gboolean from_client, guint8 exchange, gboolean encrypted,
                               gboolean response, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    c->tr->t += dt;
    o.frame = ++c->tr->frame;
    o.time = c->tr->t;
    o.kind = PD_OBS_IKE;
    o.src = from_client ? client_here(c) : addr(SERVER);
    o.dst = from_client ? addr(SERVER) : client_here(c);
    o.ttl = from_client == c->server_side ? 63 : 64;
    o.ike.sport = from_client ? c->cport : c->sport;
    o.ike.dport = from_client ? c->sport : c->cport;
    o.ike.natt = c->cport == PD_NATT_PORT;
    o.ike.version = c->version;
    o.ike.exchange = exchange;
    o.ike.flags = (guint8)((from_client && c->version == 2 ? PD_IKE_F_INITIATOR : 0) |
                           (response && c->version == 2 ? PD_IKE_F_RESPONSE : 0) |
                           (encrypted && c->version == 1 ? PD_IKE_F_V1_ENCRYPTED : 0));
    memcpy(o.ike.ispi, c->ispi, 8);
    if (exchange != PD_IKE_SA_INIT || response || c->version == 1)
        memcpy(o.ike.rspi, c->rspi, 8);
    if (c->version == 1 && exchange == PD_IKE_V1_MAIN && from_client && !encrypted &&
        c->tr->frame == 1)
        memset(o.ike.rspi, 0, 8);
    o.ike.encrypted = encrypted;
    return o;
}

static guint32 feed(conv *c, pd_observation *o)
{
    pd_engine_observe(c->tr->e, o);
    return o->frame;
}

/* The clear first exchange's message (IKE_SA_INIT, main mode 1-4) with NAT detection hashes as
 * each peer computes them (each hashes what it believes the addresses are). */
static guint32 clear_msg(conv *c, gboolean from_client, gboolean response, guint16 notify,
                         gboolean with_natd, double dt)
{
    guint8 exchange = c->version == 2 ? PD_IKE_SA_INIT : PD_IKE_V1_MAIN;
    pd_observation o = ike_base(c, from_client, exchange, FALSE, response, dt);
    if (notify) {
        o.ike.notify[o.ike.n_notify++] = notify;
    }
    if (from_client && !response) { /* the offer: AES-CBC-256, SHA-1, MODP1024 (Windows-like) */
        pd_ike_xform x[] = {{1, 1, 12, 256}, {1, 3, 2, 0}, {1, 2, 2, 0}, {1, 4, 2, 0}};
        memcpy(o.ike.xforms, x, sizeof x);
        o.ike.n_xforms = G_N_ELEMENTS(x);
    }
    if (with_natd) {
        /* the client believes it is CLIENT; the server sees the client as the NAT's address */
        const guint8 *client_self = CLIENT;
        const guint8 *client_seen = c->client_behind_nat ? NAT_ADDR : CLIENT;
        guint16 cp = c->cport, sp = c->sport;
        if (from_client) {
            natd(c, o.ike.rspi, client_self, cp, o.ike.natd_src);
            natd(c, o.ike.rspi, SERVER, sp, o.ike.natd_dst);
        } else {
            natd(c, o.ike.rspi, SERVER, sp, o.ike.natd_src);
            natd(c, o.ike.rspi, client_seen, cp, o.ike.natd_dst);
        }
        o.ike.natd_src_len = o.ike.natd_dst_len = 20;
    }
    return feed(c, &o);
}

static guint32 enc_msg(conv *c, gboolean from_client, guint8 exchange, gboolean response,
                       double dt)
{
    pd_observation o = ike_base(c, from_client, exchange, TRUE, response, dt);
    return feed(c, &o);
}

static guint32 esp(conv *c, gboolean from_client, double dt)
{
    pd_observation o;
    memset(&o, 0, sizeof o);
    c->tr->t += dt;
    o.frame = ++c->tr->frame;
    o.time = c->tr->t;
    o.kind = PD_OBS_ESP;
    o.src = from_client ? client_here(c) : addr(SERVER);
    o.dst = from_client ? addr(SERVER) : client_here(c);
    o.espkt.spi = from_client ? 0xc0483328u : 0xc1c8f3d4u;
    o.espkt.seq = c->tr->frame;
    o.espkt.natt = c->cport == PD_NATT_PORT;
    o.espkt.len = 120;
    return feed(c, &o);
}

static conv *conv_new(guint8 version, gboolean server_side, gboolean nat)
{
    conv *c = g_new0(conv, 1);
    c->tr = trace_new();
    c->version = version;
    c->server_side = server_side;
    c->client_behind_nat = nat;
    memcpy(c->ispi, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    memcpy(c->rspi, "\x99\xaa\xbb\xcc\xdd\xee\xf0\x01", 8);
    c->cport = c->sport = PD_IKE_PORT;
    return c;
}

static void conv_free(conv *c)
{
    trace_free(c->tr);
    g_free(c);
}

/* The live (not superseded) finding of rule @name in session @session, or NULL. */
static const pd_finding *live(trace *tr, guint session, const char *name)
{
    for (guint i = 0; i < pd_engine_n_findings(tr->e, session); i++) {
        const pd_finding *f = pd_engine_finding(tr->e, session, i);
        if (!f->superseded_by && g_strcmp0(pd_rule_get(f->rule)->name, name) == 0)
            return f;
    }
    return NULL;
}

static const char *variant(const pd_finding *f)
{
    const pd_rule *r = pd_rule_get(f->rule);
    return f->variant >= 0 ? r->variants[f->variant].name : "";
}

/* ikev2/udp500_dropped: IKE_SA_INIT at 0, 2, 5.6 and 12.2 s, nothing back: udp500-unanswered once
 * 10 s have passed (not before), 809; an answer after it withdraws it. */
static void test_unanswered(void)
{
    conv *c = conv_new(2, FALSE, FALSE);
    guint32 first = clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 2.0);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 3.6);
    g_assert_null(live(c->tr, 0, "udp500-unanswered")); /* 5.6 s: not yet */
    guint32 last = clear_msg(c, TRUE, FALSE, 0, TRUE, 6.6);
    const pd_finding *f = live(c->tr, 0, "udp500-unanswered");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, last);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_cmpuint(f->ras[0], ==, 809);
    g_assert_true(has_evidence(f, first) && has_evidence(f, last));
    g_assert_cmpuint(pd_engine_n_sessions(c->tr->e), ==, 1);
    g_assert_cmpint(pd_engine_session(c->tr->e, 0)->carrier, ==, PD_CARRIER_IKE);
    /* the responder was only slow */
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.5);
    pd_engine_finish(c->tr->e);
    g_assert_null(live(c->tr, 0, "udp500-unanswered"));
    conv_free(c);

    /* a lone request concludes nothing, even at the end */
    c = conv_new(1, FALSE, FALSE);
    clear_msg(c, TRUE, FALSE, 0, FALSE, 0.1);
    pd_engine_finish(c->tr->e);
    g_assert_null(live(c->tr, 0, "udp500-unanswered"));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_UNDETERMINED);
    g_assert_null(live(c->tr, 0, "capture-one-direction")); /* asking is no answer */
    conv_free(c);
}

/* derived/ikev2_success-client-from-server.pcap: the responder's packets only (its IKE answers
 * and ESP): the capture-one-direction note, and nothing the initiator's silence would say. */
static void test_one_direction(void)
{
    conv *c = conv_new(2, FALSE, FALSE);
    clear_msg(c, FALSE, TRUE, PD_IKE_N_INVALID_KE_PAYLOAD, FALSE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    for (int i = 0; i < 3; i++)
        enc_msg(c, FALSE, PD_IKE_AUTH, TRUE, 0.05);
    for (int i = 0; i < 4; i++)
        esp(c, FALSE, 1.0);
    pd_engine_finish(c->tr->e);
    g_assert_nonnull(live(c->tr, 0, "capture-one-direction"));
    g_assert_null(live(c->tr, 0, "esp-blocked"));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_UNDETERMINED);
    conv_free(c);
}

/* ikev2/udp500_icmp_prohibited: the router answers each IKE_SA_INIT with ICMP 3/13. */
static void test_icmp(void)
{
    conv *c = conv_new(2, FALSE, FALSE);
    guint32 req = clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    pd_observation o;
    memset(&o, 0, sizeof o);
    o.frame = ++c->tr->frame;
    o.time = c->tr->t += 0.001;
    o.kind = PD_OBS_ICMP_ERROR;
    o.src = addr(ROUTER);
    o.dst = addr(CLIENT);
    o.ttl = 64;
    o.icmp.type = 3;
    o.icmp.code = 13;
    o.icmp.quoted_src = addr(CLIENT);
    o.icmp.quoted_dst = addr(SERVER);
    o.icmp.quoted_proto = PD_IPPROTO_UDP;
    o.icmp.quoted_udp_sport = 500;
    o.icmp.quoted_udp_dport = 500;
    pd_engine_observe(c->tr->e, &o);
    pd_engine_finish(c->tr->e);
    const pd_finding *f = live(c->tr, 0, "udp500-unreachable");
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_true(f->has_blocked_by);
    pd_addr router = addr(ROUTER);
    g_assert_true(pd_addr_equal(&f->blocked_by, &router));
    g_assert_true(has_evidence(f, req));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_FAILED);
    conv_free(c);

    /* synthetic/ipsec_udp4500_icmp.pcap: NAT detected, IKE_SA_INIT answered, then a firewall
     * refuses IKE_AUTH to UDP 4500: the same rule, on the 4500 datagram */
    c = conv_new(2, FALSE, TRUE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    c->cport = c->sport = PD_NATT_PORT;
    guint32 auth = enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 0.02);
    o.frame = ++c->tr->frame;
    o.time = c->tr->t += 0.001;
    o.icmp.quoted_udp_sport = o.icmp.quoted_udp_dport = PD_NATT_PORT;
    pd_engine_observe(c->tr->e, &o);
    pd_engine_finish(c->tr->e);
    f = live(c->tr, 0, "udp500-unreachable");
    g_assert_nonnull(f);
    g_assert_true(has_evidence(f, auth));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_FAILED);
    g_assert_cmpuint(pd_engine_session(c->tr->e, 0)->verdict, ==, PD_VERDICT_FAILED);
    conv_free(c);
}

/* no_proposal_chosen, IKEv2 and IKEv1: the responder's clear NO_PROPOSAL_CHOSEN; the cause lists
 * the offer with its weak transforms. */
static void check_no_proposal(guint8 version)
{
    conv *c = conv_new(version, FALSE, FALSE);
    guint32 req = clear_msg(c, TRUE, FALSE, 0, FALSE, 0.1);
    guint32 no;
    if (version == 2) {
        no = clear_msg(c, FALSE, TRUE, PD_IKE_N_NO_PROPOSAL_CHOSEN, FALSE, 0.01);
    } else {
        pd_observation o = ike_base(c, FALSE, PD_IKE_V1_INFO, FALSE, TRUE, 0.01);
        o.ike.notify[o.ike.n_notify++] = PD_IKE_N_NO_PROPOSAL_CHOSEN;
        no = feed(c, &o);
    }
    pd_engine_finish(c->tr->e);
    const pd_finding *f = live(c->tr, 0, "ike-no-proposal-chosen");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, no);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_cmpuint(f->ras[0], ==, version == 2 ? 13868 : 788);
    g_assert_true(has_evidence(f, req) && has_evidence(f, no));
    g_assert_nonnull(strstr(f->cause, "MODP1024 (weak)"));
    g_assert_nonnull(strstr(f->cause, version == 2 ? "AES-CBC-256" : "SHA1 (weak)"));
    g_assert_null(live(c->tr, 0, "udp500-unanswered"));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_FAILED);
    conv_free(c);
}

static void test_no_proposal(void)
{
    check_no_proposal(2);
    check_no_proposal(1);
}

/* The IKEv2 exchange of ikev2/success: IKE_SA_INIT answered with INVALID_KE_PAYLOAD, retried
 * under a new SPI, answered; IKE_AUTH x2; ESP both ways: one session, healthy (confirmed), no
 * failure. */
static void test_healthy_v2(void)
{
    conv *c = conv_new(2, FALSE, FALSE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, PD_IKE_N_INVALID_KE_PAYLOAD, FALSE, 0.01);
    memcpy(c->ispi, "\x21\x22\x23\x24\x25\x26\x27\x28", 8);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.01);
    guint32 answered = clear_msg(c, FALSE, TRUE, 0, TRUE, 0.01);
    enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 0.01);
    enc_msg(c, FALSE, PD_IKE_AUTH, TRUE, 0.01);
    enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 0.01);
    guint32 up = enc_msg(c, FALSE, PD_IKE_AUTH, TRUE, 0.01);
    guint32 e0 = esp(c, TRUE, 0.5);
    guint32 e1 = esp(c, FALSE, 0.01);
    for (int i = 0; i < 4; i++)
        esp(c, i % 2, 1.0);
    enc_msg(c, TRUE, PD_IKE_INFORMATIONAL, FALSE, 1.0);
    enc_msg(c, FALSE, PD_IKE_INFORMATIONAL, TRUE, 0.01);
    pd_engine_finish(c->tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(c->tr->e), ==, 1);
    const pd_finding *f = live(c->tr, 0, "healthy");
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_CONFIRMED);
    g_assert_true(has_evidence(f, answered) && has_evidence(f, up) && has_evidence(f, e0) &&
                  has_evidence(f, e1));
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_HEALTHY);
    g_assert_cmpuint(pd_engine_n_findings(c->tr->e, 0), ==, 1); /* no note for IKEv2 */
    conv_free(c);
}

/* l2tp_ipsec/success without the ESP SAs: main mode, quick mode, ESP both ways: healthy, likely
 * (the L2TP and PPP inside unseen), with the esp-not-decrypted note on the first ESP packet. */
static void test_healthy_v1(void)
{
    conv *c = conv_new(1, FALSE, FALSE);
    clear_msg(c, TRUE, FALSE, 0, FALSE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, FALSE, 0.04);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.03);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.04);
    enc_msg(c, TRUE, PD_IKE_V1_MAIN, FALSE, 0.04);
    enc_msg(c, FALSE, PD_IKE_V1_MAIN, TRUE, 0.01);
    enc_msg(c, TRUE, PD_IKE_V1_QUICK, FALSE, 0.02);
    enc_msg(c, FALSE, PD_IKE_V1_QUICK, TRUE, 0.01);
    guint32 done = enc_msg(c, TRUE, PD_IKE_V1_QUICK, FALSE, 0.04);
    guint32 e0 = esp(c, TRUE, 1.5);
    esp(c, FALSE, 0.01);
    for (int i = 0; i < 6; i++)
        esp(c, i % 2, 0.3);
    pd_engine_finish(c->tr->e);
    const pd_finding *f = live(c->tr, 0, "healthy");
    g_assert_nonnull(f);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_true(has_evidence(f, done));
    const pd_finding *n = live(c->tr, 0, "esp-not-decrypted");
    g_assert_nonnull(n);
    g_assert_cmpuint(n->frame, ==, e0);
    g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_HEALTHY);
    g_assert_null(live(c->tr, 0, "ike-psk-mismatch"));
    conv_free(c);
}

/* nat_udp4500_dropped (IKEv2), client side: IKE_SA_INIT with NAT detection showing the client
 * behind NAT (the responder hashed the router's address), then IKE_AUTH to UDP 4500
 * retransmitted: udp4500-unanswered (retransmitted). Server side: the same IKE_SA_INIT from the
 * router's address, then nothing for the rest of the capture: nothing-after-nat. No NAT: no
 * finding from the hashes (the healthy exchange above has none). */
static void test_nat_4500(void)
{
    conv *c = conv_new(2, FALSE, TRUE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    guint32 natd_frame = clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    c->cport = c->sport = PD_NATT_PORT;
    guint32 first = enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 0.02);
    for (int i = 0; i < 3; i++)
        enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 2.0 + 2 * i);
    guint32 last = c->tr->frame;
    pd_engine_finish(c->tr->e);
    const pd_finding *f = live(c->tr, 0, "udp4500-unanswered");
    g_assert_nonnull(f);
    g_assert_cmpstr(variant(f), ==, "retransmitted");
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_true(has_evidence(f, natd_frame) && has_evidence(f, first) && has_evidence(f, last));
    g_assert_nonnull(strstr(f->cause, "the initiator (the client) is behind NAT"));
    g_assert_null(live(c->tr, 0, "ike-fragments-lost"));
    conv_free(c);

    /* the capture ending 2 s after the answer says nothing yet; 5 s (the lab's server.pcap) does */
    c = conv_new(2, TRUE, TRUE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    pd_engine_capture_end(c->tr->e, c->tr->t + 2.0);
    pd_engine_finish(c->tr->e);
    g_assert_null(live(c->tr, 0, "udp4500-unanswered"));
    conv_free(c);
    c = conv_new(2, TRUE, TRUE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    pd_engine_capture_end(c->tr->e, c->tr->t + 5.0);
    pd_engine_finish(c->tr->e);
    f = live(c->tr, 0, "udp4500-unanswered");
    g_assert_nonnull(f);
    g_assert_cmpstr(variant(f), ==, "nothing-after-nat");
    conv_free(c);

    /* the same exchange without NAT concludes nothing from the hashes */
    c = conv_new(2, TRUE, FALSE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    pd_engine_capture_end(c->tr->e, c->tr->t + 20.0);
    pd_engine_finish(c->tr->e);
    g_assert_null(live(c->tr, 0, "udp4500-unanswered"));
    conv_free(c);
}

/* ikev2/fragments_dropped: client side, IKE_AUTH retransmitted on UDP 500 with no answer:
 * ike-fragments-lost (inferred); server side, its answers left as IP fragments and the client
 * kept retransmitting: fragments-seen. */
static void test_fragments(void)
{
    for (int side = 0; side < 2; side++) {
        conv *c = conv_new(2, side, FALSE);
        clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
        clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
        for (int i = 0; i < 5; i++) {
            enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, i ? 2.0 * i : 0.05);
            if (side) {
                pd_observation o = ike_base(c, FALSE, PD_IKE_AUTH, TRUE, TRUE, 0.01);
                o.ike.ip_fragmented = TRUE;
                feed(c, &o);
            }
        }
        pd_engine_finish(c->tr->e);
        const pd_finding *f = live(c->tr, 0, "ike-fragments-lost");
        g_assert_nonnull(f);
        g_assert_cmpstr(variant(f), ==, side ? "fragments-seen" : "inferred");
        g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
        g_assert_null(live(c->tr, 0, "healthy"));
        g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_FAILED);
        conv_free(c);
    }
}

/* l2tp_ipsec/wrong_psk: main mode 1-4, message 5 retransmitted, the responder's encrypted
 * Informational: ike-psk-mismatch, likely, 789. Without the Informational: possible. */
static void test_psk(void)
{
    for (int info = 1; info >= 0; info--) {
        conv *c = conv_new(1, FALSE, FALSE);
        clear_msg(c, TRUE, FALSE, 0, FALSE, 0.1);
        clear_msg(c, FALSE, TRUE, 0, FALSE, 0.04);
        clear_msg(c, TRUE, FALSE, 0, TRUE, 0.03);
        clear_msg(c, FALSE, TRUE, 0, TRUE, 0.04);
        guint32 mm5 = enc_msg(c, TRUE, PD_IKE_V1_MAIN, FALSE, 0.04);
        guint32 inf = info ? enc_msg(c, FALSE, PD_IKE_V1_INFO, FALSE, 0.01) : 0;
        for (int i = 0; i < 3; i++)
            enc_msg(c, TRUE, PD_IKE_V1_MAIN, FALSE, 4.0);
        pd_engine_finish(c->tr->e);
        const pd_finding *f = live(c->tr, 0, "ike-psk-mismatch");
        g_assert_nonnull(f);
        g_assert_cmpint(f->confidence, ==, info ? PD_CONF_LIKELY : PD_CONF_POSSIBLE);
        g_assert_cmpuint(f->ras[0], ==, 789);
        g_assert_true(has_evidence(f, mm5));
        if (info)
            g_assert_true(has_evidence(f, inf));
        conv_free(c);
    }
}

/* ikev2/eap_bad_password: IKE_AUTH answered several times, then the client's INFORMATIONAL and
 * no ESP: ike-auth-failed, likely, its alternatives named. */
static void test_auth_failed(void)
{
    conv *c = conv_new(2, FALSE, FALSE);
    clear_msg(c, TRUE, FALSE, 0, TRUE, 0.1);
    clear_msg(c, FALSE, TRUE, 0, TRUE, 0.02);
    for (int i = 0; i < 3; i++) {
        enc_msg(c, TRUE, PD_IKE_AUTH, FALSE, 0.05);
        enc_msg(c, FALSE, PD_IKE_AUTH, TRUE, i == 2 ? 2.0 : 0.02);
    }
    guint32 info = enc_msg(c, TRUE, PD_IKE_INFORMATIONAL, FALSE, 0.01);
    enc_msg(c, FALSE, PD_IKE_INFORMATIONAL, TRUE, 0.01);
    pd_engine_finish(c->tr->e);
    const pd_finding *f = live(c->tr, 0, "ike-auth-failed");
    g_assert_nonnull(f);
    g_assert_cmpuint(f->frame, ==, info);
    g_assert_cmpint(f->confidence, ==, PD_CONF_LIKELY);
    g_assert_nonnull(strstr(f->cause, "691"));
    g_assert_nonnull(strstr(f->cause, "13801"));
    g_assert_null(live(c->tr, 0, "ike-fragments-lost"));
    conv_free(c);
}

/* l2tp_ipsec/esp_dropped: client side, the SA up, then ESP from the client only (the SCCRQs
 * inside): esp-blocked one-way; server side, no ESP arrives before the client deletes the SA
 * 31 s later: none-arrived. */
static void test_esp_blocked(void)
{
    for (int side = 0; side < 2; side++) {
        conv *c = conv_new(1, side, FALSE);
        clear_msg(c, TRUE, FALSE, 0, FALSE, 0.1);
        clear_msg(c, FALSE, TRUE, 0, FALSE, 0.04);
        clear_msg(c, TRUE, FALSE, 0, TRUE, 0.03);
        clear_msg(c, FALSE, TRUE, 0, TRUE, 0.04);
        enc_msg(c, TRUE, PD_IKE_V1_MAIN, FALSE, 0.04);
        enc_msg(c, FALSE, PD_IKE_V1_MAIN, TRUE, 0.01);
        enc_msg(c, TRUE, PD_IKE_V1_QUICK, FALSE, 0.02);
        enc_msg(c, FALSE, PD_IKE_V1_QUICK, TRUE, 0.01);
        guint32 done = enc_msg(c, TRUE, PD_IKE_V1_QUICK, FALSE, 0.04);
        guint32 first = 0;
        if (!side)
            for (int i = 0; i < 5; i++) {
                guint32 fr = esp(c, TRUE, i ? 2.0 * i : 1.5);
                first = first ? first : fr;
            }
        guint32 del = enc_msg(c, TRUE, PD_IKE_V1_INFO, FALSE, 16.0);
        pd_engine_finish(c->tr->e);
        const pd_finding *f = live(c->tr, 0, "esp-blocked");
        g_assert_nonnull(f);
        g_assert_cmpstr(variant(f), ==, side ? "none-arrived" : "one-way");
        g_assert_true(has_evidence(f, done));
        g_assert_true(has_evidence(f, side ? del : first));
        g_assert_null(live(c->tr, 0, "healthy"));
        g_assert_null(live(c->tr, 0, "ike-psk-mismatch"));
        g_assert_cmpint(verdict(c->tr, 0), ==, PD_VERDICT_FAILED);
        conv_free(c);
    }
}

/* Malformed or stray input: an IKE message of no known SA that is no first message (IKEv1
 * encrypted, an IKEv2 response with a zero responder SPI), ESP between strangers: no session,
 * no crash. */
static void test_strays(void)
{
    conv *c = conv_new(1, FALSE, FALSE);
    enc_msg(c, TRUE, PD_IKE_V1_QUICK, FALSE, 0.1);
    esp(c, TRUE, 0.1);
    c->version = 2;
    pd_observation o = ike_base(c, FALSE, PD_IKE_AUTH, TRUE, TRUE, 0.1);
    memset(o.ike.rspi, 0, 8);
    feed(c, &o);
    pd_engine_finish(c->tr->e);
    g_assert_cmpuint(pd_engine_n_sessions(c->tr->e), ==, 0);
    conv_free(c);
}

/* IKEv1 NAT detection with a longer negotiated hash (SHA2-384, RFC 3947 3.2): the hash's own
 * length (48) chooses the algorithm, though only its first PD_IKE_NATD_MAX bytes are kept. */
static void test_natd_sha384(void)
{
    guint8 ispi[8] = {1, 2, 3, 4, 5, 6, 7, 8}, rspi[8] = {9, 10, 11, 12, 13, 14, 15, 16};
    guint8 port[2] = {0x01, 0xf4}, digest[48];
    gsize n = sizeof digest;
    pd_addr a = pd_addr_v4(CLIENT), b = pd_addr_v4(SERVER);
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA384);
    g_checksum_update(h, ispi, 8);
    g_checksum_update(h, rspi, 8);
    g_checksum_update(h, CLIENT, 4);
    g_checksum_update(h, port, 2);
    g_checksum_get_digest(h, digest, &n);
    g_checksum_free(h);
    g_assert_cmpint(pd_ike_natd_matches(digest, 48, ispi, rspi, &a, 500), ==, TRUE);
    g_assert_cmpint(pd_ike_natd_matches(digest, 48, ispi, rspi, &b, 500), ==, FALSE);
    g_assert_cmpint(pd_ike_natd_matches(digest, 48, ispi, rspi, &a, 4500), ==, FALSE);
    g_assert_cmpint(pd_ike_natd_matches(digest, 33, ispi, rspi, &a, 500), ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ike/udp500-unanswered", test_unanswered);
    g_test_add_func("/ike/udp500-unreachable", test_icmp);
    g_test_add_func("/ike/no-proposal-chosen", test_no_proposal);
    g_test_add_func("/ike/healthy-ikev2", test_healthy_v2);
    g_test_add_func("/ike/healthy-l2tp-ipsec", test_healthy_v1);
    g_test_add_func("/ike/nat-udp4500", test_nat_4500);
    g_test_add_func("/ike/fragments-lost", test_fragments);
    g_test_add_func("/ike/psk-mismatch", test_psk);
    g_test_add_func("/ike/auth-failed", test_auth_failed);
    g_test_add_func("/ike/esp-blocked", test_esp_blocked);
    g_test_add_func("/ike/strays", test_strays);
    g_test_add_func("/ike/one-direction", test_one_direction);
    g_test_add_func("/ike/natd-sha384", test_natd_sha384);
    return g_test_run();
}
