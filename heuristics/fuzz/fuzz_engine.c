/* fuzz_engine.c: libFuzzer harness of the diagnosis engine (heuristics/).
 *
 * The input is a pd_obscodec.h record stream: observations (every kind and member, frame
 * numbers that mostly increase and sometimes go back, times that jump or go backwards), finish,
 * and queries of frames, sessions, calls and findings. The harness feeds it to one engine the
 * way the plugin does (after each observation it asks for the observation's frame and reads
 * the whole result), then finishes, walks everything, observes once more after the finish,
 * walks again and frees the engine. AddressSanitizer and UndefinedBehaviorSanitizer catch
 * memory and arithmetic errors; the harness itself aborts when a documented property of the
 * engine's answers (pd_engine.h) does not hold.
 *
 * The first byte picks the configuration: default timeouts, or small/large/zero ones.
 *
 * Build: cmake -DPPTPDIAG_FUZZ=ON with CC=clang (heuristics/fuzz/README.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd_engine.h"
#include "pd_obscodec.h"

/* An address the engine keys on: IPv4 or IPv6; a MAC only in a PPPoE observation (@mac_ok). */
static gboolean addr_ok(const pd_addr *a, gboolean mac_ok)
{
    return a->family == 4 || a->family == 6 || (mac_ok && a->family == PD_ADDR_MAC);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "fuzz_engine: property violated: %s (%s:%d)\n", #cond, __FILE__,  \
                    __LINE__);                                                                \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

/* A sink the compiler cannot drop, so every byte read really is read. */
static volatile size_t sink;

/* Reads every byte of @f and checks what pd_engine.h promises about it. */
static void touch_finding(const pd_engine *e, const pd_finding *f)
{
    CHECK(f->rule < PD_RULE_COUNT);
    CHECK(f->n_ras <= PD_MAX_RAS);
    CHECK(f->session < pd_engine_n_sessions(e));
    CHECK(f->cause != NULL);
    sink += strlen(f->cause);
    if (f->fix)
        sink += strlen(f->fix);
    for (guint i = 0; i < f->n_ras; i++)
        sink += f->ras[i];
    CHECK(f->n_evidence == 0 || f->evidence != NULL);
    for (guint i = 0; i < f->n_evidence; i++) {
        guint32 fr = f->evidence[i];
        if (i > 0) /* ascending, unique */
            CHECK(f->evidence[i - 1] < fr);
        sink += fr;
    }
    if (f->has_blocked_by)
        CHECK(f->blocked_by.family == 4 || f->blocked_by.family == 6);
    sink += f->quoted_frame + (size_t)f->end_of_capture + (size_t)pd_finding_verdict(f);
    sink += strlen(pd_verdict_name(pd_finding_verdict(f)));
}

static void touch_frame(const pd_engine *e, guint32 frame)
{
    guint fs = G_MAXUINT;
    gboolean has_fs = pd_engine_frame_session(e, frame, &fs);
    const pd_frame_result *r = pd_engine_frame(e, frame);
    CHECK(has_fs == (r && r->has_session)); /* the cheap query says the same */
    if (!r)
        return;
    if (r->has_session) {
        CHECK(r->session < pd_engine_n_sessions(e));
        CHECK(pd_engine_session(e, r->session) != NULL);
        CHECK(fs == r->session);
    }
    CHECK(r->milestone < PD_MS_COUNT);
    sink += r->milestone;
    for (guint i = 0; r->findings && i < r->findings->len; i++) {
        const pd_finding *f = g_ptr_array_index(r->findings, i);
        CHECK(f != NULL);
        CHECK(f->frame == frame);
        touch_finding(e, f);
    }
}

static void touch_call(const pd_engine *e, guint s, guint i)
{
    pd_call_info c;
    memset(&c, 0, sizeof c);
    gboolean ok = pd_engine_call(e, s, i, &c);
    CHECK(ok == (s < pd_engine_n_sessions(e) && i < pd_engine_n_calls(e, s)));
    if (ok)
        sink += c.pns_call_id + c.pac_call_id + c.request_frame + c.reply_frame + c.end_frame +
                c.gre_packets[0] + c.gre_packets[1] + (size_t)c.established;
}

static void touch_session(const pd_engine *e, guint s)
{
    const pd_session_info *si = pd_engine_session(e, s);
    CHECK((si != NULL) == (s < pd_engine_n_sessions(e)));
    if (!si) {
        CHECK(pd_engine_n_calls(e, s) == 0);
        CHECK(pd_engine_n_findings(e, s) == 0);
        CHECK(pd_engine_finding(e, s, 0) == NULL);
        return;
    }
    CHECK(si->index == s);
    CHECK(si->first_frame <= si->last_frame);
    sink += strlen(pd_vantage_name(si->vantage)) + strlen(pd_verdict_name(si->verdict));
    if (si->verdict_finding) {
        CHECK(si->verdict_finding->session == s);
        touch_finding(e, si->verdict_finding);
    }
    for (guint i = 0; si->milestones && i < si->n_milestones; i++) {
        const pd_session_milestone *m = &si->milestones[i];
        CHECK(m->milestone < PD_MS_COUNT);
        sink += m->frame + strlen(pd_milestone_text(m->milestone));
    }
    guint nc = pd_engine_n_calls(e, s);
    for (guint i = 0; i <= nc; i++) /* one past the end too */
        touch_call(e, s, i);
    guint nf = pd_engine_n_findings(e, s);
    for (guint i = 0; i < nf; i++) {
        const pd_finding *f = pd_engine_finding(e, s, i);
        CHECK(f != NULL);
        CHECK(f->session == s);
        touch_finding(e, f);
    }
    CHECK(pd_engine_finding(e, s, nf) == NULL);
}

/* Every session, and every frame from 1 to @last_frame (bounded, to keep runs fast). */
static void walk(const pd_engine *e, guint32 last_frame)
{
    guint n = pd_engine_n_sessions(e);
    for (guint s = 0; s <= n; s++)
        touch_session(e, s);
    for (guint32 f = 0; f <= last_frame && f <= 4096; f++)
        touch_frame(e, f);
    touch_frame(e, last_frame);
    touch_frame(e, G_MAXUINT32);
    sink += pd_engine_n_ignored(e);
}

static pd_config config_for(guint8 b)
{
    pd_config c = pd_config_default();
    switch (b & 3) {
    case 1: c.lcp_timeout = 0; c.syn_timeout = 0; break;
    case 2: c.lcp_timeout = 1; c.syn_timeout = 0.5; break;
    case 3: c.lcp_timeout = 4294967295.0; c.syn_timeout = 4294967295.0; break;
    default: break;
    }
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    pd_config cfg = config_for(data[0]);
    pd_engine *e = pd_engine_new(&cfg);
    pd_decoder d;
    pd_record r;
    guint32 max_frame = 0;
    pd_decoder_init(&d, data + 1, size - 1);
    while (pd_decoder_next(&d, &r)) {
        switch (r.op) {
        case PD_OP_OBSERVE: {
            guint ignored = pd_engine_n_ignored(e);
            gboolean was_finished = pd_engine_finished(e);
            pd_engine_observe(e, &r.obs);
            gboolean mac = r.obs.kind == PD_OBS_PPPOE;
            /* a PPP frame without its carrier needs no address (PD_OBS_PPP) */
            gboolean no_addr = (r.obs.kind != PD_OBS_PPP &&
                                (!addr_ok(&r.obs.src, mac) || !addr_ok(&r.obs.dst, mac))) ||
                               (r.obs.kind == PD_OBS_ICMP_ERROR &&
                                (!addr_ok(&r.obs.icmp.quoted_src, FALSE) ||
                                 !addr_ok(&r.obs.icmp.quoted_dst, FALSE)));
            if (r.obs.frame < max_frame || no_addr) { /* ignored and counted (pd_engine.h) */
                CHECK(pd_engine_n_ignored(e) == ignored + 1);
                CHECK(pd_engine_finished(e) == was_finished);
            } else {
                /* an ICMP error no device can have sent is ignored and counted too, though
                 * in frame order (pd_engine_n_ignored) */
                gboolean impossible = r.obs.kind == PD_OBS_ICMP_ERROR &&
                                      (!pd_addr_unicast(&r.obs.src) ||
                                       pd_addr_equal(&r.obs.src, &r.obs.icmp.quoted_src));
                CHECK(pd_engine_n_ignored(e) == ignored + (impossible ? 1 : 0));
                CHECK(!pd_engine_finished(e));
                max_frame = r.obs.frame;
            }
            touch_frame(e, r.obs.frame); /* what the plugin does next */
            break;
        }
        case PD_OP_FINISH:
            pd_engine_finish(e);
            CHECK(pd_engine_finished(e));
            break;
        case PD_OP_FRAME:
            touch_frame(e, (guint32)r.arg[0]);
            break;
        case PD_OP_SESSION:
            touch_session(e, (guint)r.arg[0]);
            break;
        case PD_OP_CALL:
            touch_call(e, (guint)r.arg[0], (guint)r.arg[1]);
            break;
        case PD_OP_FINDING: {
            const pd_finding *f = pd_engine_finding(e, (guint)r.arg[0], (guint)r.arg[1]);
            CHECK((f != NULL) == ((guint)r.arg[1] < pd_engine_n_findings(e, (guint)r.arg[0])));
            if (f)
                touch_finding(e, f);
            break;
        }
        case PD_OP_WALK:
            walk(e, max_frame);
            break;
        case PD_OP_NOP:
            break;
        }
    }
    /* End of capture, as the plugin's second pass does; then a live capture that goes on. */
    pd_engine_finish(e);
    pd_engine_finish(e); /* idempotent */
    walk(e, max_frame);
    if (max_frame < G_MAXUINT32) {
        pd_observation more;
        memset(&more, 0, sizeof more);
        more.frame = max_frame + 1;
        more.time = d.time + 60;
        more.kind = PD_OBS_TCP;
        more.src.family = more.dst.family = 4;
        more.tcp.dport = PD_PPTP_PORT;
        more.tcp.flags = PD_TCP_SYN;
        pd_engine_observe(e, &more);
        CHECK(!pd_engine_finished(e));
        touch_frame(e, more.frame);
        max_frame = more.frame;
        pd_engine_finish(e);
        walk(e, max_frame);
    }
    pd_engine_free(e);
    return 0;
}
