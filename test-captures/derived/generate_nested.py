#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived capture of issue 29 class 2 for PPTP inside PPTP: an unencrypted PPTP
tunnel (its PPP carries plain IPv4, protocol 0x0021) that carries another PPTP session.

  generate_nested.py OUTPUT_DIR

writes (from ../real/, beside this file):
  nested-success-client-carries-bad_password.pcap   the outer tunnel: frames 1-44 of
        ../real/success/client.pcap (up to the network phase and data both ways), then every IPv4
        packet of ../real/bad_password/client.pcap (its addresses moved to 192.168.50.2 and
        192.168.60.1, the tunnel's inner network) carried in the outer call's GRE, with the outer
        sequence numbers continuing, then the outer control connection's teardown (frames 69-72)

The inner session must be diagnosed (auth-failed, MS-CHAPv2 E=691) and the outer one healthy.
Deterministic: same input, same output. Run with Debian's /usr/bin/python3 and python3-scapy
(tested with 2.5.0).
"""

import os
import struct
import sys

from scapy.layers.inet import IP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")
CLIENT, SERVER = "10.10.1.2", "10.10.2.2"
INNER = {CLIENT: "192.168.50.2", SERVER: "192.168.60.1"}


def gre_fields(ip):
    """(call_id, seq) of the enhanced GRE in IPv4 packet @ip (RFC 2637 4.1)."""
    b = bytes(ip.payload)
    call_id = struct.unpack(">H", b[6:8])[0]
    seq = struct.unpack(">I", b[8:12])[0] if b[0] & 0x10 else None
    return call_id, seq


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    outer = list(PcapReader(os.path.join(REAL, "success", "client.pcap")))
    head, tail = outer[:44], outer[68:72]
    key, seq, mac = {}, {}, {}
    for p in head:
        if IP in p and p[IP].proto == 47:
            call_id, s = gre_fields(p[IP])
            key[p[IP].src] = call_id
            if s is not None:
                seq[p[IP].src] = s
            mac[p[IP].src] = (p[Ether].src, p[Ether].dst)
    w = PcapWriter(os.path.join(outdir, "nested-success-client-carries-bad_password.pcap"),
                   linktype=1, sync=True)
    for p in head:
        w.write(p)
    t0 = head[-1].time + 0.5
    inner = [p for p in PcapReader(os.path.join(REAL, "bad_password", "client.pcap")) if IP in p]
    base = inner[0].time
    for p in inner:
        ip = p[IP].copy()
        sender = ip.src
        ip.src, ip.dst = INNER[ip.src], INNER[ip.dst]
        ip.chksum = None
        if ip.haslayer("TCP"):
            ip["TCP"].chksum = None
        ppp = b"\xff\x03\x00\x21" + bytes(ip)
        seq[sender] += 1
        gre = struct.pack(">HHHHI", 0x3001, 0x880B, len(ppp), key[sender], seq[sender])
        src, dst = mac[sender]
        q = Ether(src=src, dst=dst) / IP(src=sender, dst=SERVER if sender == CLIENT else CLIENT,
                                         ttl=64 if sender == CLIENT else 63, proto=47) / Raw(gre + ppp)
        q = Ether(bytes(q))
        q.time = t0 + (p.time - base)
        w.write(q)
    shift = t0 + (inner[-1].time - base) + 1 - tail[0].time
    for p in tail:
        q = Ether(bytes(p))
        q.time = p.time + shift
        w.write(q)
    w.close()


if __name__ == "__main__":
    main()
