#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 3: no router between the capture point and a
side, as on the router or bridge-mode firewall itself.

A capture taken on the device between client and server (both its legs, `tcpdump -i any`, or two
port mirrors merged) holds each packet it forwards twice: as it arrived and as it left. Both
peers' packets arrive with the TTL they were sent with, so their TTLs alone make the capture
look like one link with no router; GRE the device drops is seen arriving and never leaving.

  generate_legs.py OUTPUT_DIR

writes, each the client's and the server's captures of one lab scenario (../real/, beside this
file) merged in time order, as the device between them sees both legs:
  gre_forward_dropped-legs.pcap     GRE from the client dropped on the way to the server: a
        router's two legs (a packet forwarded keeps one TTL less on the other leg)
  gre_dropped-legs-bridge.pcap      GRE dropped both ways, every TTL as sent (a bridge-mode
        firewall does not decrement it): nothing but the unanswered LCP tells
  success-legs.pcap                 a healthy call through the router (every packet it forwards
        twice): healthy

Deterministic: same input, same output (a stable sort by time; on equal times the client's
capture first). Run with Debian's /usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import os
import sys

from scapy.layers.inet import IP
from scapy.layers.l2 import Ether
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

CAPTURES = [
    ("gre_forward_dropped", "gre_forward_dropped-legs.pcap", None),
    ("gre_dropped", "gre_dropped-legs-bridge.pcap", 64),
    ("success", "success-legs.pcap", None),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for scenario, name, ttl in CAPTURES:
        frames = []
        for k, side in enumerate(("client", "server")):
            for i, p in enumerate(PcapReader(os.path.join(REAL, scenario, side + ".pcap"))):
                if ttl is not None and IP in p:
                    t = p.time
                    p[IP].ttl = ttl
                    p[IP].chksum = None
                    p = Ether(bytes(p))
                    p.time = t
                frames.append((p.time, k, i, p))
        frames.sort(key=lambda f: (f[0], f[1], f[2]))
        w = PcapWriter(os.path.join(outdir, name), linktype=1, sync=True)
        for f in frames:
            w.write(f[3])
        w.close()


if __name__ == "__main__":
    main()
