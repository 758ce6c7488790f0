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
import sys

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
