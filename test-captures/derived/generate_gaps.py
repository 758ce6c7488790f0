#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 5: gaps in the capture itself.

A capturing host that cannot keep up (kernel or ring-buffer drops, a port mirror oversubscribed,
a lost ring-buffer file) leaves packets out of the capture that the network delivered. The
receiver's GRE acknowledgments (RFC 2637 4.4: the highest sequence number received) then name
packets the capture does not hold: the capture lost them, not the network.

  generate_gaps.py OUTPUT_DIR

writes (from ../real/, beside this file):
  healthy_long-server-capture-drops.pcap   the server's capture of the long healthy session
        without nine of the client's GRE data packets (sequence numbers 31 to 71, spread out),
        which the server's acknowledgments name
  healthy_long-client-capture-drops.pcap   the client's capture of it without eight of the
        server's GRE packets (sequence numbers 30 to 65, spread out), which the client's
        acknowledgments name

Deterministic: same input, same output (frames copied as they are). Run with Debian's
/usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import os
import struct
import sys

from scapy.layers.inet import IP
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

CAPTURES = [
    ("server", "10.10.1.2", {31, 33, 35, 38, 43, 50, 57, 64, 71}, "capture-drops"),
    ("client", "10.10.2.2", {30, 33, 37, 41, 47, 53, 59, 65}, "capture-drops"),
]


def gre_seq(ip):
    """The enhanced GRE Sequence Number (RFC 2637 4.1) of IPv4 packet @ip, or None."""
    if ip.proto != 47:
        return None
    b = bytes(ip.payload)
    if len(b) < 12 or not b[0] & 0x10:  # S bit
        return None
    return struct.unpack(">I", b[8:12])[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for side, sender, seqs, name in CAPTURES:
        w = PcapWriter(os.path.join(outdir, "healthy_long-%s-%s.pcap" % (side, name)),
                       linktype=1, sync=True)
        for p in PcapReader(os.path.join(REAL, "healthy_long", side + ".pcap")):
            if IP in p and p[IP].src == sender and gre_seq(p[IP]) in seqs:
                continue
            w.write(p)
        w.close()


if __name__ == "__main__":
    main()
