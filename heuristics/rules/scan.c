/* rules/scan.c: a port scanner's probe of TCP 1723 is no VPN client (issue 29, class 10).
 *
 * A source that sends SYNs to many other ports of one host within a minute (a port scan: nmap
 * -sS), or to TCP 1723 of many hosts (an address scan: masscan, zmap, a worm), probes; its single
 * SYN to TCP 1723 that got no SYN/ACK says how that port looks from the scanner (closed: a reset;
 * filtered: nothing, or an ICMP error), not that a VPN connection failed. The finding is a note
 * without a RAS code that pre-empts the TCP 1723 failures of its session (pd_verdict.c, THE
 * ORDER, step 0). A probe that got a SYN/ACK is a health check already (nothing to say); a SYN
 * that is retransmitted is a client's (Linux retries at 1, 3, 7 s, Windows at 3 and 9 s; RFC 6298
 * 5.5), not a scanner's single probe: the note is superseded and the failure stands again. Which
 * ports and hosts a source sent SYNs to is the tracker's record (pd_probe.h); what counts as a
 * scan is here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_track.h"

/** Other TCP ports of one host (the PPTP port not counted) a source sent SYNs to within
 *  PD_SCAN_WINDOW_S seconds that make it a port scanner: Zeek's Scan::port_scan_threshold
 *  (policy/misc/scan.zeek: 15 unique ports of one victim host). */
#define PD_SCAN_PORTS 15
/** Hosts whose PPTP port a source sent SYNs to within PD_SCAN_WINDOW_S seconds that make it an
 *  address scanner: Zeek's Scan::addr_scan_threshold (25 unique hosts on one port). */
#define PD_SCAN_HOSTS 25
/** The window, seconds: the ports or hosts counted are those of the SYNs at most this long
 *  before the SYN to TCP 1723, or before the SYN that made them that many (the SYN to 1723 then
 *  within the window too). Zeek counts failed attempts only, over 5 minutes; every SYN counts
 *  here, so the window is shorter: a minute holds nmap's default and polite timings (-T3:
 *  hundreds of ports a second; -T2: one probe each 0.4 s, 15 ports in 6 s), not its sneaky and
 *  paranoid ones (15 s and 5 min between probes), which no window could tell from a client's
 *  own connections. */
#define PD_SCAN_WINDOW_S 60

G_STATIC_ASSERT(PD_SCAN_PORTS <= PD_PROBE_KEEP && PD_SCAN_HOSTS <= PD_PROBE_KEEP);
G_STATIC_ASSERT(PD_SCAN_WINDOW_S <= (int)PD_PROBE_AGE_S);

/* The variants' indexes. */
enum { PORT_SCAN, ADDRESS_SCAN };

static const pd_variant variants[] = {
    [PORT_SCAN] = {"port-scan", {0},
                   "the source sent SYNs to " G_STRINGIFY(PD_SCAN_PORTS) " or more other TCP "
                   "ports of the server within " G_STRINGIFY(PD_SCAN_WINDOW_S) " s (Zeek's "
                   "Port_Scan)"},
    [ADDRESS_SCAN] = {"address-scan", {0},
                      "the source sent SYNs to TCP 1723 of " G_STRINGIFY(PD_SCAN_HOSTS) " or "
                      "more hosts within " G_STRINGIFY(PD_SCAN_WINDOW_S) " s (Zeek's "
                      "Address_Scan)"},
};

static const pd_rule scan_probe = {
    .id = PD_RULE_SCAN_PROBE, .name = "scan-probe", .key = "scan_probe",
    .severity = PD_SEV_NOTE, .group = PD_GROUP_SEQUENCE,
    .summary = "A port scanner's probe of TCP 1723, not a VPN client",
    .ras = {0},
    .fix = "Nothing to fix for the VPN: no client tried to connect. If the scan is unwanted, "
           "block or rate-limit its source at the firewall; a reset or silence on TCP 1723 for "
           "that source is what the server's firewall shows to a scanner.",
    .seeds = "",
    .wire = "a single SYN to TCP 1723 that got no SYN/ACK, from a source that sent SYNs to "
            G_STRINGIFY(PD_SCAN_PORTS) " other TCP ports of the same host, or to TCP 1723 of "
            G_STRINGIFY(PD_SCAN_HOSTS) " hosts, within " G_STRINGIFY(PD_SCAN_WINDOW_S) " s "
            "(Zeek's scan thresholds, policy/misc/scan.zeek); the reset, ICMP error or silence "
            "that answered it (`tcp1723-refused`, `-unreachable`, `-unanswered`) is superseded: "
            "no RAS code",
    .confidence = "confirmed (the wire shows the SYNs); superseded if the SYN to 1723 is "
                  "retransmitted (a client's)",
    .variants = variants,
    .n_variants = G_N_ELEMENTS(variants),
    .no_vpn_attempt = TRUE, /* pre-empts tcp1723-refused, -unreachable, -unanswered */
};

static const pd_rule *const rows[] = {&scan_probe};

/* TRUE for a session that is a bare probe: a single SYN to the PPTP port, seen from the start,
 * that got no SYN/ACK and carried nothing. */
static gboolean bare_probe(const pd_session *s)
{
    return s->ctl.n_syn == 1 && !s->ctl.midstream && !s->ctl.synack_frame && !s->ctl.sccrq_frame &&
           s->n_links == 0 && !s->info.gre_only;
}

/* @s's scan-probe finding, live or superseded, or NULL. */
static pd_finding *said(const pd_session *s)
{
    for (guint i = 0; i < s->n_findings; i++)
        if (s->findings[i]->rule == PD_RULE_SCAN_PROBE)
            return s->findings[i];
    return NULL;
}

/* What a scan is, for the finding's words: the record that shows it, its variant, the frame
 * where it became plain (@o) and the window counted. */
typedef struct {
    const pd_probe *r;
    int variant;
    const pd_observation *o;
    double from;
} scan;

/* Says that bare probe @s is a scanner's (unless said already). */
static void mark(pd_engine *e, pd_session *s, gpointer data)
{
    const scan *sc = data;
    if (!bare_probe(s) || said(s))
        return;
    const pd_probe_target *first = pd_probe_oldest(sc->r, sc->from);
    guint n = pd_probe_count(sc->r, sc->from, sc->o->time);
    double span = first ? sc->o->time - first->time : 0;
    const char *more = n >= PD_PROBE_KEEP ? " or more" : ""; /* the record keeps so many */
    char *src = pd_addr_dup(&s->info.client), *srv = pd_addr_dup(&s->info.server);
    char *cause =
        sc->variant == PORT_SCAN
            ? g_strdup_printf("%s sent SYNs to %u%s other TCP ports of %s within %.3f s (from "
                              "frame %u), and a single SYN to its port %u (frame %u) that got no "
                              "SYN/ACK: a port scan (nmap -sS and the like), no VPN client. What "
                              "answered that SYN (a reset, an ICMP error or nothing) is how TCP "
                              "%u looks from the scanner, not a VPN connection that failed.",
                              src, n, more, srv, span, first ? first->frame : s->ctl.first_syn,
                              s->info.server_port, s->ctl.first_syn, s->info.server_port)
            : g_strdup_printf("%s sent SYNs to TCP %u of %u%s hosts within %.3f s (from frame %u), "
                              "a single one to %s (frame %u) that got no SYN/ACK: an address scan "
                              "for PPTP servers (masscan, zmap, a worm), no VPN client. What "
                              "answered that SYN (a reset, an ICMP error or nothing) is how TCP "
                              "%u looks from the scanner, not a VPN connection that failed.",
                              src, s->info.server_port, n, more, span,
                              first ? first->frame : s->ctl.first_syn, srv, s->ctl.first_syn,
                              s->info.server_port);
    g_free(src);
    g_free(srv);
    pd_finding *f = pd_finding_new(e, s, NULL, sc->o->frame, PD_RULE_SCAN_PROBE, sc->variant,
                                   PD_CONF_CONFIRMED, cause);
    pd_evidence(f, s->ctl.first_syn);
    if (sc->o->frame != s->ctl.first_syn)
        pd_track_touch(e, s, sc->o); /* the frame that made the scan plain is the session's */
}

/* mark, for the sessions to the host of a record of ports (a port scan of that host). */
static void mark_host(pd_engine *e, pd_session *s, gpointer data)
{
    const scan *sc = data;
    if (pd_addr_equal(&s->ctl.key.server, &sc->r->key.dst))
        mark(e, s, data);
}

/* mark, for the sessions to the port of a record of hosts (an address scan of that port). */
static void mark_port(pd_engine *e, pd_session *s, gpointer data)
{
    const scan *sc = data;
    if (s->info.server_port == sc->r->key.port)
        mark(e, s, data);
}

/* The first SYN of session @s (o): a scanner's, if its source sent SYNs to enough other ports
 * of the server, or to enough hosts' PPTP port, in the window before it. When this SYN is the
 * one that makes the hosts enough, the source's earlier probes in the window are said too. */
static void on_syn(pd_engine *e, pd_session *s, const pd_observation *o)
{
    double from = o->time - PD_SCAN_WINDOW_S;
    pd_probe_key vk = pd_probe_key_of(&s->ctl.key.client, &s->ctl.key.server, 0);
    const pd_probe *v = pd_probes_find(e->probes, &vk);
    if (pd_probe_count(v, from, o->time) >= PD_SCAN_PORTS) {
        scan sc = {v, PORT_SCAN, o, from};
        mark(e, s, &sc);
        return;
    }
    pd_probe_key hk = pd_probe_key_of(&s->ctl.key.client, NULL, s->info.server_port);
    const pd_probe *h = pd_probes_find(e->probes, &hk);
    guint n = pd_probe_count(h, from, o->time);
    if (n < PD_SCAN_HOSTS)
        return;
    scan sc = {h, ADDRESS_SCAN, o, from};
    if (n == PD_SCAN_HOSTS) /* the scan becomes plain here: its earlier probes too */
        pd_track_sessions_since(e, &s->ctl.key.client, from, mark_port, &sc);
    else
        mark(e, s, &sc);
}

/* A SYN to another port of a host gave its source's record of that host's ports a new one: when
 * that makes them PD_SCAN_PORTS in the window, the source's probes of the host's PPTP port in the
 * window are a scanner's. */
static void on_probe(pd_engine *e, const pd_event *ev)
{
    const pd_observation *o = ev->o;
    double from = o->time - PD_SCAN_WINDOW_S;
    if (pd_probe_count(ev->probe, from, o->time) != PD_SCAN_PORTS)
        return;
    scan sc = {ev->probe, PORT_SCAN, o, from};
    pd_track_sessions_since(e, &ev->probe->key.src, from, mark_host, &sc);
}

static void on_event(pd_engine *e, const pd_event *ev)
{
    switch (ev->kind) {
    case PD_EV_SYN:
        if (ev->s->ctl.n_syn == 1) {
            on_syn(e, ev->s, ev->o);
        } else {
            /* retransmitted: a client's, not a scanner's single probe */
            pd_finding *f = said(ev->s);
            if (f)
                pd_supersede(ev->s, f, ev->o->frame);
        }
        break;
    case PD_EV_PROBE:
        on_probe(e, ev);
        break;
    default:
        break;
    }
}

const pd_family pd_family_scan = {
    .name = "scan", .carrier = PD_CARRIER_PPTP, .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .on_event = on_event,
    .events = PD_EV_BIT(PD_EV_SYN) | PD_EV_BIT(PD_EV_PROBE),
};
