#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Derive the captures of issue 29 point 6 ("timers run from the first
unanswered packet") from the real ones in ../real/: the same frames, bytes and
order, with every frame from one frame on stamped later, as a client that
starts its PPP late, or a capture host whose clock steps forward (NTP, a
suspended laptop), leaves them.

Usage: generate_timers.py OUTDIR

Writes one classic pcap per capture into OUTDIR (README.md beside this file
says what an expert reads in each).  Only the timestamps in the record headers
change; the file header and every byte of every frame stay.  Deterministic,
standard library only (run with Debian's /usr/bin/python3 like the other
generators).
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

# IP protocol numbers, to check that a step lands where it is meant to.
TCP, GRE = 6, 47

# name, source, steps: (first frame moved, seconds, IP protocol of that frame,
# what it is).  Steps add up: a later step moves its frames on top of an
# earlier one.
CAPTURES = [
    ("success-client-pause-before-lcp.pcap", "success/client.pcap",
     [(14, 20.0, GRE, "the client's first LCP Configure-Request, 20 s after "
                      "the Outgoing-Call-Reply (frame 12) and its ACK (13)")]),
    ("healthy_long-server-clock-step.pcap", "healthy_long/server.pcap",
     [(13, 300.0, TCP, "the client's ACK of the Outgoing-Call-Reply (frame 12): "
                       "the clock steps 5 minutes forward right after the call "
                       "is set up, before the client's first LCP "
                       "Configure-Request (14)"),
      (49, 600.0, GRE, "the client's LCP Echo-Reply to the server's "
                       "Echo-Request (48): 10 minutes more in the middle of "
                       "the session")]),
    ("gre_dropped-client-pause-before-lcp.pcap", "gre_dropped/client.pcap",
     [(14, 20.0, GRE, "the client's first LCP Configure-Request, 20 s after "
                      "the Outgoing-Call-Reply (frame 12) and its ACK (13)")]),
    ("gre_dropped-client-clock-step.pcap", "gre_dropped/client.pcap",
     [(16, 300.0, GRE, "the client's third LCP Configure-Request: the clock "
                       "steps 5 minutes forward while its first two (frames "
                       "14, 15) are unanswered")]),
]

MAGIC_US_LE = b"\xd4\xc3\xb2\xa1"


def ip_proto(frame):
    """The IPv4 protocol of an Ethernet frame, or None."""
    if len(frame) < 24 or frame[12:14] != b"\x08\x00":
        return None
    return frame[23]


def derive(source, steps):
    data = open(os.path.join(REAL, source), "rb").read()
    if data[:4] != MAGIC_US_LE:
        raise SystemExit("%s: not a little-endian microsecond pcap" % source)
    out = bytearray(data[:24])
    off, n = 24, 0
    shift = {first: round(seconds * 1000000) for first, seconds, _, _ in steps}
    want = {first: proto for first, _, proto, _ in steps}
    moved = 0
    while off < len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        n += 1
        if n in shift:
            if ip_proto(frame) != want[n]:
                raise SystemExit("%s frame %d: IP protocol %s, not %d"
                                 % (source, n, ip_proto(frame), want[n]))
            moved += shift[n]
        sec, usec = divmod(sec * 1000000 + usec + moved, 1000000)
        out += struct.pack("<IIII", sec, usec, incl, orig) + frame
        off += 16 + incl
    if off != len(data) or max(shift) > n:
        raise SystemExit("%s: truncated, or fewer frames than a step names"
                         % source)
    return bytes(out)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, source, steps in CAPTURES:
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(derive(source, steps))


if __name__ == "__main__":
    main()
