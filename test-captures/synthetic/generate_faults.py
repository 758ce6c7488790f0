#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic captures of issue 15 ("right conclusions under
faults"): sessions that work although something on the way went wrong once,
and that pptpdiag must not call failed.

Usage: generate_faults.py OUTDIR

Writes one classic pcap per scenario into OUTDIR, and faults.expect.json (the
manifest expect.py checks).  faults.md describes the files.  The sessions are
generate_ppp.py's (same topology, same deterministic clock, IP IDs and bytes);
run with Debian's /usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import json
import os
import struct
import sys

from scapy.layers.inet import TCP
from scapy.layers.inet6 import (IPv6, ICMPv6DestUnreach, ICMPv6PacketTooBig,
                                IPv6ExtHdrDestOpt)
from scapy.layers.l2 import Ether
from scapy.packet import Raw

sys.dont_write_bytecode = True  # nothing left in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_ppp as g  # noqa: E402

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


F = g.F
expect = g.expect


def healthy_with(desc, *items):
    """A healthy verdict, plus the advisories @items."""
    return {"description": desc,
            "expect": [expect(None, "healthy", "confirmed", "No failure.")]
            + list(items)}


def refused_note(frame, quoted, by):
    return expect(frame, "gre-refused-then-passed", "confirmed",
                  "ICMP from %s quoting frame %d: GRE refused once, the "
                  "session then works; a warning, no failure." % (by, quoted),
                  blocked_by=by)


@scenario
def gre_refused_once():
    cap, h = g.client_side()
    s = g.Session(cap, h["client"], h["server"], name="refused_once")
    s.up_to_call()
    # The client's first LCP Configure-Request is refused by the router
    # (ICMP administratively prohibited); its retransmission 3 s later passes.
    first = s.send("c", g.LCP, g.cp(g.CONF_REQ, 1, s.lcp_opts("c")), ms=13.4,
                   delivered=False, dropped=True)
    s.wait(0.4)
    icmp = cap.add(s.t, h["router"], h["client"], "icmp", (3, 13, 0, first),
                   df=False)
    s.wait(3000)
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.ipcp_up()
    s.wait(20)
    for _ in range(3):
        s.ping(size=126)
        s.wait(500)
    s.teardown()

    def manifest():
        return healthy_with(
            "Call up; the client's first GRE (LCP Configure-Request, frame %d) "
            "is answered by ICMP Destination Unreachable, administratively "
            "prohibited (type 3 code 13) from router 10.10.1.1; the request is "
            "repeated 3 s later and passes: LCP, MS-CHAPv2, CCP, IPCP, data "
            "both ways, normal hang-up." % F(first),
            refused_note(F(icmp), F(first), "10.10.1.1"))
    return "faults_gre_refused_once.pcap", cap, manifest


@scenario
def gre_icmp_after_close():
    cap, h = g.client_side()
    s = g.Session(cap, h["client"], h["server"], name="icmp_after_close")
    s.up()
    s.wait(20)
    last = None
    for _ in range(3):
        last = s.data("c", 126)
        s.data("s", 126, ms=3.0)
        s.wait(500)
    s.teardown()
    s.wait(200)
    # A late refusal of the client's last data packet, after the session closed.
    icmp = cap.add(s.t, h["router"], h["client"], "icmp", (3, 13, 0, last),
                   df=False)

    def manifest():
        return healthy_with(
            "Healthy session with data both ways and a normal hang-up; 200 ms "
            "after the control connection closed, router 10.10.1.1 sends ICMP "
            "administratively prohibited quoting the client's last data "
            "packet (frame %d)." % F(last),
            refused_note(F(icmp), F(last), "10.10.1.1"))
    return "faults_gre_icmp_after_close.pcap", cap, manifest


@scenario
def overlapping_retry():
    cap, h = g.client_side()
    a = g.Session(cap, h["client"], h["server"], name="ov_a")
    a.up_to_call()
    a.lcp_up()
    a.chap_challenge()
    a.chap_response()
    a.chap_failure(691, "Authentication failure")
    fail_rec = cap.records[-1]
    # The client retries at once on a new control connection, with the same
    # Call IDs, while the failed attempt is still closing.
    b = g.Session(cap, h["client"], h["server"], name="ov_b",
                  t0_ms=a.t // 1000 + 50, cport=49716, c_isn=801234567,
                  s_isn=1902345678, client_magic=0x0BADCAFE,
                  server_magic=0x7E57AB1E)
    a.wait(1300)
    a.lcp_terminate("c", b"Authentication failed")
    a.wait(400)
    a.call_clear()
    a.wait(200)
    a.control_stop()
    b.up()
    b.wait(20)
    for _ in range(3):
        b.ping(size=126)
        b.wait(500)
    b.teardown()

    def manifest():
        return {
            "description": "Two overlapping sessions from 10.10.1.2 to 10.10.2.2 "
                           "with the same Call IDs (29501/0): the first "
                           "(TCP port 49712) fails authentication (CHAP Failure "
                           "E=691, frame %d) and closes while the retry (port "
                           "49716) sets up its call and works. Each keeps its "
                           "own verdict: the first auth-failed, the retry "
                           "healthy (its report block; no "
                           "gre-call-id-mismatch)." % F(fail_rec),
            "expect": [expect(F(fail_rec), "auth-failed", "confirmed",
                              "the first session's CHAP Failure",
                              ras_error=691)],
        }
    return "faults_overlapping_retry.pcap", cap, manifest


def ocrp_result(call_id, peer_call_id, result, window=64):
    """Outgoing-Call-Reply with Result Code @result (RFC 2637 2.8: 4 Busy)."""
    return g.pptp(8, struct.pack("!HHBBHIHHI", call_id, peer_call_id, result, 0,
                                 0, 10000000, window, 0, 0))


@scenario
def split_call_refused():
    cap, h = g.client_side()
    s = g.Session(cap, h["client"], h["server"], name="split_refused")
    s.tcp_handshake().control_start()
    s.tcp("c", "PA", g.ocrq(s.pns_call_id, 0, s.rx_window), ms=800,
          label="ocrq")
    reply = ocrp_result(s.pac_call_id, s.pns_call_id, 4)
    # The server's stack sends the reply in two segments (10 + 22 bytes).
    first = s.tcp("s", "PA", reply[:10], ms=11.6)
    rest = s.tcp("s", "PA", reply[10:], ms=0.3)
    s.tcp("c", "A", ms=0.2)
    s.wait(100)
    s.control_stop()

    def manifest():
        return {
            "description": "The server refuses the call (Outgoing-Call-Reply, "
                           "Result Code 4 Busy) in a reply split across two "
                           "TCP segments (frames %d and %d: 10 and 22 bytes); "
                           "Wireshark 4.0's PPTP dissector shows both as "
                           "Malformed. The client then stops the control "
                           "connection." % (F(first), F(rest)),
            "expect": [expect(F(rest), "call-refused", "confirmed",
                              "the reply, whole once its second segment "
                              "comes")],
            "healthy_frames_must_not_warn": True,
        }
    return "faults_split_call_refused.pcap", cap, manifest


@scenario
def spurious_retransmission_reply():
    cap, h = g.client_side()
    s = g.Session(cap, h["client"], h["server"], name="spurious")
    s.tcp_handshake().control_start()
    s.tcp("c", "PA", g.ocrq(s.pns_call_id, 0, s.rx_window), ms=800,
          label="ocrq")
    reply = s.tcp("s", "PA", g.ocrp(s.pac_call_id, s.pns_call_id,
                                     s.rx_window), ms=11.6)
    ack = s.tcp("c", "A", ms=0.2)
    # Captured out of order: the client's ACK before the reply it
    # acknowledges; Wireshark then marks the reply a spurious retransmission.
    ack.t_us, reply.t_us = reply.t_us, reply.t_us + 300
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.ipcp_up()
    s.wait(20)
    for _ in range(2):
        s.ping(size=126)
        s.wait(500)
    s.teardown()

    def manifest():
        return healthy_with(
            "Healthy session whose Outgoing-Call-Reply (frame %d) is captured "
            "after the client's ACK of it (frame %d): Wireshark's TCP analysis "
            "marks the reply a spurious retransmission and does not hand it to "
            "the PPTP dissector; pptpdiag still reads it (the call is set up)."
            % (F(reply), F(ack)))
    return "faults_spurious_retransmission_reply.pcap", cap, manifest


# --- IPv6 twins --------------------------------------------------------------
# The same lab with IPv6 addresses: client 2001:db8:1::2, router 2001:db8:1::1 /
# 2001:db8:2::1, server 2001:db8:2::2 (RFC 3849 documentation prefix).
def lab_hosts_v6():
    hosts = g.lab_hosts()
    for name, ip in (("client", "2001:db8:1::2"), ("client2", "2001:db8:1::3"),
                     ("router", "2001:db8:1::1"), ("server", "2001:db8:2::2"),
                     ("nat", "2001:db8:2::1")):
        hosts[name].ip = ip
    return hosts


class CaptureV6(g.Capture):
    """generate_ppp's Capture, in IPv6 (RFC 8200): Hop Limit for TTL, no IP
    ID.  dest_opts: GRE packets carry a Destination Options header (PadN)
    before GRE, so that a quote of them must be followed past it.  ICMP
    records are ICMPv6 (type 1 Destination Unreachable or 2 Packet Too Big,
    RFC 4443) quoting as much of the packet as fits in 1280 bytes."""

    def __init__(self, segments, hosts, dest_opts=False):
        super().__init__(segments, hosts)
        self.dest_opts = dest_opts

    def _ip(self, rec, segment):
        ip = IPv6(src=rec.src.ip, dst=rec.dst.ip, hlim=self._ttl(rec.src, segment))
        if rec.kind == "tcp":
            b = rec.body
            l4 = TCP(sport=b["sport"], dport=b["dport"], seq=b["seq"],
                     ack=b["ack"], flags=b["flags"], window=b["window"],
                     options=b["options"], urgptr=0)
            if b["payload"]:
                l4 = l4 / Raw(b["payload"])
            return bytes(ip / l4)
        if rec.kind == "gre":
            if self.dest_opts:
                return bytes(ip / IPv6ExtHdrDestOpt(nh=47) / Raw(rec.body))
            ip.nh = 47
            return bytes(ip / Raw(rec.body))
        if rec.kind == "icmp":
            icmp_type, icmp_code, mtu, quoted = rec.body
            quote = quoted.sender_ip[:1280 - 48]
            if icmp_type == 2:
                err = ICMPv6PacketTooBig(mtu=mtu)
            else:
                err = ICMPv6DestUnreach(code=icmp_code)
            return bytes(ip / err / Raw(quote))
        raise ValueError(rec.kind)

    def build(self):
        # IPv6 has no IP ID: give every record one anyway (unused), then frame
        # it with EtherType 0x86DD.
        frames = super().build()
        return [(t, frame[:12] + b"\x86\xdd" + frame[14:]) for t, frame in frames]


def client_side_v6(dest_opts=False):
    hosts = lab_hosts_v6()
    return CaptureV6(["c"], hosts, dest_opts), hosts


def lcp_refused_4_times(s, cap, h, icmp):
    """Session @s's call is up: the client's LCP Configure-Request, sent 4
    times 3 s apart, is each time answered by the router with the ICMP error
    @icmp (type, code, MTU) quoting it; the client then clears the call and
    stops.  Returns the requests' and the errors' records."""
    c_opts = s.lcp_opts("c")
    reqs, icmps = [], []
    for i in range(4):
        rec = s.send("c", g.LCP, g.cp(g.CONF_REQ, 1 + i, c_opts),
                     ms=13.4 if i == 0 else 3000, delivered=False,
                     dropped=True)
        reqs.append(rec)
        s.wait(0.4)
        icmps.append(cap.add(s.t, h["router"], h["client"], "icmp",
                             icmp + (rec,), df=False))
    s.wait(3000)
    s.call_clear()
    s.control_stop()
    return reqs, icmps


@scenario
def v6_gre_icmp_admin():
    cap, h = client_side_v6(dest_opts=True)
    s = g.Session(cap, h["client"], h["server"], name="v6_gre_admin")
    s.up_to_call()
    reqs, icmps = lcp_refused_4_times(s, cap, h, (1, 1, 0))

    def manifest():
        return {
            "description": "IPv6 twin of gre_icmp_*: call up; every GRE packet "
                           "from the client (LCP Configure-Request behind a "
                           "Destination Options header, 4 times 3 s apart) is "
                           "answered by ICMPv6 Destination Unreachable, code 1 "
                           "(administratively prohibited), from router "
                           "2001:db8:1::1, quoting it; the client clears the "
                           "call.",
            "expect": [expect(F(icmps[0]), "gre-blocked", "confirmed",
                              "The first ICMPv6 error quoting our GRE "
                              "(blocked_by_ipv6 2001:db8:1::1, quoted frame "
                              "%d)." % F(reqs[0]), ras_error=806,
                              blocked_by="2001:db8:1::1")],
        }
    return "faults_v6_gre_icmp_admin.pcap", cap, manifest


@scenario
def v6_gre_refused_once():
    cap, h = client_side_v6()
    s = g.Session(cap, h["client"], h["server"], name="v6_refused_once")
    s.up_to_call()
    first = s.send("c", g.LCP, g.cp(g.CONF_REQ, 1, s.lcp_opts("c")), ms=13.4,
                   delivered=False, dropped=True)
    s.wait(0.4)
    icmp = cap.add(s.t, h["router"], h["client"], "icmp", (1, 1, 0, first),
                   df=False)
    s.wait(3000)
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.ipcp_up()
    s.wait(20)
    for _ in range(3):
        s.ping(size=126)
        s.wait(500)
    s.teardown()

    def manifest():
        return healthy_with(
            "IPv6 twin of faults_gre_refused_once: the client's first GRE "
            "(frame %d) is refused by ICMPv6 administratively prohibited "
            "(type 1 code 1) from router 2001:db8:1::1; the retransmission "
            "passes and the session works." % F(first),
            refused_note(F(icmp), F(first), "2001:db8:1::1"))
    return "faults_v6_gre_refused_once.pcap", cap, manifest


@scenario
def v6_packet_too_big():
    cap, h = client_side_v6()
    s = g.Session(cap, h["client"], h["server"], name="v6_too_big")
    s.up()
    s.wait(20)
    s.ping(size=126)
    s.wait(500)
    big = s.data("c", 1400)
    s.wait(0.3)
    icmp = cap.add(s.t, h["router"], h["client"], "icmp", (2, 0, 1280, big),
                   df=False)
    s.wait(1000)
    s.teardown()

    def manifest():
        return {
            "description": "IPv6 twin of mtu_frag_needed: healthy session; a "
                           "1400-byte data packet from the client (frame %d) "
                           "is answered by ICMPv6 Packet Too Big, MTU 1280, "
                           "from router 2001:db8:1::1." % F(big),
            "expect": [expect(F(icmp), "mtu-too-small", "confirmed",
                              "Packet Too Big quoting the call's GRE")],
        }
    return "faults_v6_packet_too_big.pcap", cap, manifest


@scenario
def v6_tcp1723_icmp_admin():
    cap, h = client_side_v6()
    s = g.Session(cap, h["client"], h["server"], name="v6_syn_admin")
    icmps = []
    for i, ms in enumerate((0, 1000, 2000)):
        syn = s.tcp("c", "S", ms=ms, options=[("MSS", 1440)],
                    label="syn%d" % i)
        s.seq["c"] -= 1                       # a retransmission: same ISN
        s.wait(0.4)
        icmps.append(cap.add(s.t, h["router"], h["client"], "icmp",
                             (1, 1, 0, syn), df=False))

    def manifest():
        return {
            "description": "IPv6 twin of tcp1723_icmp_admin: the SYN to "
                           "[2001:db8:2::2]:1723 is answered by ICMPv6 "
                           "Destination Unreachable, administratively "
                           "prohibited (type 1 code 1), from router "
                           "2001:db8:1::1; the SYN is retransmitted twice with "
                           "the same answer.",
            "expect": [expect(F(icmps[0]), "tcp1723-unreachable", "confirmed",
                              "first ICMPv6 error quoting the SYN",
                              blocked_by="2001:db8:1::1")],
            "healthy_frames_must_not_warn": True,
        }
    return "faults_v6_tcp1723_icmp_admin.pcap", cap, manifest


@scenario
def settled_then_blocked():
    """Issue 15 point 3: sessions that settled (closed more than lcp_timeout
    ago) are evicted, oldest first, once 4 times pptpdiag.max_sessions are
    kept, so the failure at the end is still diagnosed with a small cap."""
    cap, h = g.client_side()
    t_ms = 0
    for i in range(4):
        s = g.Session(cap, h["client"], h["server"], name="settled%d" % i,
                      t0_ms=t_ms, cport=50100 + i, c_isn=1000000000 + i * 7919,
                      s_isn=2000000000 + i * 7907)
        s.up()
        s.wait(20)
        s.ping(size=126)
        s.teardown()
        t_ms = s.t // 1000 + 15000  # settled (lcp_timeout 10 s) before the next
        # a health check (a load balancer: connect, close, no SCCRQ)
        hc = g.Session(cap, h["client"], h["server"], name="check%d" % i,
                       t0_ms=t_ms, cport=50200 + i,
                       c_isn=3000000000 + i * 7919, s_isn=4000000000 + i * 7907)
        hc.tcp_handshake()
        hc.tcp("c", "FA", ms=0.5)
        hc.tcp("s", "FA", ms=1.1)
        hc.tcp("c", "A", ms=0.2)
        t_ms = hc.t // 1000 + 15000
    b = g.Session(cap, h["client"], h["server"], name="blocked", t0_ms=t_ms,
                  cport=50300, c_isn=1500000000, s_isn=2500000000)
    b.up_to_call()
    _, icmps = lcp_refused_4_times(b, cap, h, (3, 13, 0))

    def manifest():
        return {
            "description": "Four healthy sessions from 10.10.1.2 (ports "
                           "50100-50103, the same Call IDs), each followed "
                           "15 s after its close by a health check (connect, "
                           "close, no SCCRQ: ports 50200-50203), then a "
                           "session whose GRE router 10.10.1.1 refuses (ICMP "
                           "type 3 code 13, 4 times). With the default caps "
                           "all 9 sessions are listed; with "
                           "pptpdiag.max_sessions 1 (4 kept at most) the "
                           "oldest settled ones are evicted and the failure "
                           "is still diagnosed (CTest "
                           "e2e.settled-sessions-evicted).",
            "expect": [expect(F(icmps[0]), "gre-blocked", "confirmed",
                              "The first ICMP error quoting our GRE "
                              "(blocked_by 10.10.1.1, quoted frame %d)."
                              % (F(icmps[0]) - 1),
                              ras_error=806, blocked_by="10.10.1.1")],
        }
    return "faults_settled_then_blocked.pcap", cap, manifest


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s OUTDIR\n" % argv[0])
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest_out = []
    for gen in SCENARIOS:
        fname, cap, manifest = gen()
        frames = cap.build()
        g.write_pcap(os.path.join(outdir, fname), frames)
        entry = manifest()
        manifest_out.append({
            "file": fname,
            "description": entry.pop("description"),
            "vantage": entry.pop("vantage", "client"),
            "frames": len(frames),
            "expect": entry.pop("expect"),
            "healthy_frames_must_not_warn":
                entry.pop("healthy_frames_must_not_warn", False),
        })
        assert not entry, entry
    with open(os.path.join(outdir, "faults.expect.json"), "w") as f:
        json.dump(manifest_out, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
