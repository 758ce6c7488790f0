/* capture.c: the holder of the capture file's engine (see capture.h): made by the init routine,
 * freed by the cleanup routine, finished by pptpdiag_capture_over; wanted fields; what the
 * dissector was called on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "capture.h"

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include "extract.h"
#include "framelabel.h"

/* The log domain of pptpdiag's messages (tshark --log-debug pptpdiag shows the debug ones). */
#define PD_LOG_DOMAIN "pptpdiag"

static pptpdiag_prefs settings; /* the preferences (pptpdiag_capture_prefs) */

/* pptpdiag's protocol id and postdissector (pptpdiag_capture_register). */
static int proto_id = -1;
static dissector_handle_t pptpdiag_handle;

/* The engine of the current capture file (created by the init routine). */
static pd_engine *engine;

/* Development hooks of the benchmark (bench/run.sh), only in a plugin built with
 * -DPPTPDIAG_DEV_HOOKS=ON (not packages): PPTPDIAG_BENCH_FLOOR set, pptpdiag wants one field and
 * does nothing else, so the benchmark can show what tshark's protocol tree alone costs once a
 * postdissector wants a field (bench/README.md); PPTPDIAG_BENCH_OFF set, pptpdiag_ask leaves
 * pptpdiag disabled. Without them both are FALSE. */
#ifdef PPTPDIAG_DEV_HOOKS
static gboolean bench_floor;
#define BENCH_OFF() (g_getenv("PPTPDIAG_BENCH_OFF") != NULL)
#else
#define bench_floor FALSE
#define BENCH_OFF() FALSE
#endif

/* The time of the last frame of the first pass, of any kind (seconds since the epoch): the end
 * of the capture, for pd_engine_capture_end. */
static double last_frame_time;

/* What this file cost, for the debug log at its end (pptpdiag_cleanup): the dissector's calls,
 * those with a protocol tree, and whether pptpdiag wanted fields (which makes tshark build a
 * tree for every frame). */
static guint64 n_calls, n_calls_tree;
static gboolean fields_wanted;

/* Frames of this file dissected in its first pass, and frames dissected again whose first pass
 * pptpdiag missed (it was disabled while the file was read; see pptpdiag_unread). */
static guint64 n_first_pass, n_unread;

pptpdiag_prefs *pptpdiag_capture_prefs(void)
{
    return &settings;
}

pd_engine *pptpdiag_engine(void)
{
    return engine;
}

void pptpdiag_capture_over(void)
{
    if (engine && !pd_engine_finished(engine)) {
        pd_engine_capture_end(engine, last_frame_time);
        pd_engine_finish(engine);
    }
}

pd_engine *pptpdiag_capture_frame(packet_info *pinfo, proto_tree *tree)
{
    n_calls++;
    n_calls_tree += tree != NULL;
    if (!PINFO_FD_VISITED(pinfo))
        n_first_pass++;
    else if (!n_first_pass)
        n_unread++;
    if (!engine || bench_floor)
        return NULL;
    if (!PINFO_FD_VISITED(pinfo))
        last_frame_time = nstime_to_sec(&pinfo->abs_ts);
    return engine;
}

/* Asks for the fields pptpdiag reads while it is enabled, and for none while it is disabled:
 * wanted fields make tshark build a protocol tree for every frame (tshark.c decides it once
 * per file, from postdissectors_want_hfids(), which does not look at whether the postdissector
 * is enabled), which a disabled pptpdiag must not cost (set_postdissector_wanted_hfids frees
 * the previous array). */
static void want_fields(void)
{
    GArray *wanted = NULL;
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_id))) {
        wanted = pptpdiag_extract_init();
#ifdef PPTPDIAG_DEV_HOOKS
        bench_floor = g_getenv("PPTPDIAG_BENCH_FLOOR") != NULL;
        if (bench_floor) { /* one field, in few frames */
            int hf_one = proto_registrar_get_id_byname("pptp.call_id");
            g_array_set_size(wanted, 0);
            g_array_append_val(wanted, hf_one);
        }
#endif
    }
    fields_wanted = wanted != NULL;
    set_postdissector_wanted_hfids(pptpdiag_handle, wanted);
}

guint64 pptpdiag_unread(void)
{
    return n_unread;
}

void pptpdiag_ask(void)
{
    /* PPTPDIAG_BENCH_OFF set (bench/run.sh, a development hook): the taps leave pptpdiag as it
     * is, so that the benchmark's runs with --disable-protocol pptpdiag measure tshark without
     * it. */
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_id)) || BENCH_OFF())
        return;
    proto_set_decoding(proto_id, TRUE);
    /* tshark opens the file (its init routines) before it starts the -z taps, and decides
     * whether to build trees after both: asked for now, the fields are wanted in time. */
    if (engine)
        want_fields();
}

static void pptpdiag_init(void)
{
    pd_config cfg = pd_config_default();
    cfg.lcp_timeout = settings.lcp_timeout;
    cfg.syn_timeout = settings.syn_timeout;
    cfg.echo_timeout = settings.echo_timeout;
    cfg.max_sessions = settings.max_sessions;
    cfg.max_calls = settings.max_calls;
    pd_engine_free(engine);
    engine = pd_engine_new(&cfg);
    pptpdiag_labels_prepare(engine); /* the frame labels are the engine's frame payloads */
    if (settings.capture_drops) /* where in the capture, the statistics do not say */
        pd_engine_capture_drops(engine, 0, settings.capture_drops);
    last_frame_time = 0;
    n_calls = n_calls_tree = n_first_pass = n_unread = 0;
    pptpdiag_extract_reset();
    want_fields();
}

/* The end of a file: says in the debug log what pptpdiag cost it (tshark --log-debug pptpdiag;
 * plugin/tests/not-asked.sh reads it), and, once per process, when a display filter, a field
 * output or a tap's filter named pptpdiag while pptpdiag was disabled (its default), which
 * flag enables it: a filter is known to a plugin only once the first frame is dissected
 * (tshark primes its fields frame by frame), too late to want fields for that frame. */
static void pptpdiag_cleanup(void)
{
    gboolean enabled = proto_is_protocol_enabled(find_protocol_by_id(proto_id));
    ws_log(PD_LOG_DOMAIN, LOG_LEVEL_DEBUG,
           "end of file: pptpdiag %s, fields %s, dissector called on %" G_GUINT64_FORMAT
           " frames, %" G_GUINT64_FORMAT " of them with a protocol tree; postdissectors want "
           "fields: %s",
           enabled ? "enabled" : "disabled", fields_wanted ? "wanted" : "not wanted", n_calls,
           n_calls_tree, postdissectors_want_hfids() ? "yes" : "no");
    static gboolean hinted;
    if (!enabled && !hinted &&
        proto_registrar_get_nth(proto_id)->ref_type != HF_REF_TYPE_NONE) {
        hinted = TRUE;
        ws_log(PD_LOG_DOMAIN, LOG_LEVEL_MESSAGE,
               "a filter or field names pptpdiag, which is disabled unless asked for: add "
               "--enable-protocol pptpdiag (or -C pptpdiag, the pptpdiag profile)");
    }
    pptpdiag_extract_reset();
    pd_engine_free(engine);
    engine = NULL;
}

void pptpdiag_capture_register(int proto, dissector_handle_t handle)
{
    proto_id = proto;
    pptpdiag_handle = handle;
    register_init_routine(pptpdiag_init);
    register_cleanup_routine(pptpdiag_cleanup);
}
