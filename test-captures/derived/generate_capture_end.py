#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 11 (the end of the capture): the PPTP part of
a capture ends well before the capture does, which goes on with traffic pptpdiag does not read.

A client whose own connect timeout is short gives up on TCP 1723 after one or two SYNs, and the
analyst's capture goes on with the host's other traffic. What the end of the capture concludes
(SYNs never answered) must be measured to the capture's last frame, not to the last PPTP frame.

  generate_capture_end.py OUTPUT_DIR

writes (from ../real/, beside this file):
  tcp1723_dropped-client-2syn-pings.pcap   the client's first SYN to TCP 1723 and its
        retransmission 1 s later (frames 1-4 of ../real/tcp1723_dropped/client.pcap), then
        ICMP echo requests to its gateway and their replies every second until 20 s
  tcp1723_dropped-client-1syn-https.pcap   its first SYN only (frames 1-3), then a TCP
        connection of the client to 192.0.2.80:443 (handshake, data both ways every 2 s,
        close) until 12 s

Deterministic: same input, same output. Run with Debian's /usr/bin/python3 and python3-scapy
(tested with 2.5.0).
"""

import os
import sys

from scapy.layers.inet import ICMP, IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")
CLIENT, GATEWAY, WEB = "10.10.1.2", "10.10.1.1", "192.0.2.80"


def first_frames(path, n):
    out = []
    for i, p in enumerate(PcapReader(path), 1):
        if i > n:
            break
        out.append(p)
    return out


def stamp(pkt, t):
    p = Ether(bytes(pkt))
    p.time = t
    return p


def pings(cmac, gmac, t0, t1):
    """Echo requests of the client to its gateway every second from @t0, and the replies."""
    out, seq, t = [], 1, t0
    while t <= t1:
        req = Ether(src=cmac, dst=gmac) / IP(src=CLIENT, dst=GATEWAY, id=0x100 + seq, ttl=64) / \
            ICMP(type=8, id=0x4242, seq=seq) / Raw(b"pptpdiag" * 7)
        rep = Ether(src=gmac, dst=cmac) / IP(src=GATEWAY, dst=CLIENT, id=0x900 + seq, ttl=64) / \
            ICMP(type=0, id=0x4242, seq=seq) / Raw(b"pptpdiag" * 7)
        out += [stamp(req, t), stamp(rep, t + 0.0004)]
        seq += 1
        t += 1
    return out


def https(cmac, gmac, t0, t1):
    """A TCP connection of the client to WEB:443: handshake, a segment each way every 2 s,
    FIN both ways at @t1."""
    c, s, cs, ss = CLIENT, WEB, 1000, 5000
    def seg(frm, flags, payload, t):
        nonlocal cs, ss
        up = frm == c
        p = Ether(src=cmac if up else gmac, dst=gmac if up else cmac) / \
            IP(src=frm, dst=s if up else c, ttl=64 if up else 52) / \
            TCP(sport=50000 if up else 443, dport=443 if up else 50000, flags=flags,
                seq=cs if up else ss, ack=0 if flags == "S" else (ss if up else cs),
                window=64240)
        if payload:
            p = p / Raw(payload)
        n = len(payload) + (1 if "S" in flags or "F" in flags else 0)
        if up:
            cs += n
        else:
            ss += n
        return stamp(p, t)
    out = [seg(c, "S", b"", t0), seg(s, "SA", b"", t0 + 0.03), seg(c, "A", b"", t0 + 0.031)]
    t = t0 + 0.5
    while t < t1:
        out += [seg(c, "PA", b"\x17\x03\x03" + b"q" * 61, t),
                seg(s, "PA", b"\x17\x03\x03" + b"r" * 125, t + 0.03)]
        t += 2
    out += [seg(c, "FA", b"", t1), seg(s, "FA", b"", t1 + 0.03), seg(c, "A", b"", t1 + 0.031)]
    return out


def write(path, pkts):
    w = PcapWriter(path, linktype=1, sync=True)
    for p in sorted(pkts, key=lambda p: p.time):
        w.write(p)
    w.close()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    src = os.path.join(REAL, "tcp1723_dropped", "client.pcap")
    head = first_frames(src, 4)
    cmac, gmac = head[2][Ether].src, head[2][Ether].dst
    t0 = head[0].time
    write(os.path.join(outdir, "tcp1723_dropped-client-2syn-pings.pcap"),
          head + pings(cmac, gmac, t0 + 2, t0 + 20))
    write(os.path.join(outdir, "tcp1723_dropped-client-1syn-https.pcap"),
          head[:3] + https(cmac, gmac, t0 + 0.7, t0 + 12))


if __name__ == "__main__":
    main()
