#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 11 (who is the client in a GRE-only capture).

A capture that starts mid-session holds GRE without its control connection, and without the
authentication that names the server (the CHAP authenticator). The first peer to send GRE in
it is whoever happened to send first, often the server: it must not be called the client.

  generate_gre_roles.py OUTPUT_DIR

writes (from ../real/healthy_long/client.pcap, beside this file), each from the server's first
GRE packet after the network phase on, its GRE only (no TCP 1723):
  healthy_long-client-gre-server-first.pcap          as captured (both peers private addresses:
        which one is the client the capture cannot tell)
  healthy_long-client-gre-server-first-public.pcap   the same with the server's address made
        public (10.10.2.2 -> 203.0.113.10, RFC 5737): the client is the peer with the private
        address

Deterministic: same input, same output. Run with Debian's /usr/bin/python3 and python3-scapy
(tested with 2.5.0).
"""

import os
import struct
import sys

from scapy.layers.inet import IP
from scapy.layers.l2 import Ether
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")
CLIENT, SERVER, PUBLIC = "10.10.1.2", "10.10.2.2", "203.0.113.10"
FIRST_DATA_SEQ = 17  # a server MPPE data packet after IPCP and IPV6CP (GRE sequence number)


def gre_seq(ip):
    b = bytes(ip.payload)
    if ip.proto != 47 or len(b) < 12 or not b[0] & 0x10:
        return None
    return struct.unpack(">I", b[8:12])[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, server in (("server-first", SERVER), ("server-first-public", PUBLIC)):
        w = PcapWriter(os.path.join(outdir, "healthy_long-client-gre-%s.pcap" % name),
                       linktype=1, sync=True)
        started = False
        for p in PcapReader(os.path.join(REAL, "healthy_long", "client.pcap")):
            if IP not in p or p[IP].proto != 47:
                continue
            ip = p[IP]
            if not started:
                started = ip.src == SERVER and gre_seq(ip) == FIRST_DATA_SEQ
                if not started:
                    continue
            if server != SERVER:
                q = p.copy()
                if q[IP].src == SERVER:
                    q[IP].src = server
                if q[IP].dst == SERVER:
                    q[IP].dst = server
                q[IP].chksum = None
                t = p.time
                p = Ether(bytes(q))
                p.time = t
            w.write(p)
        w.close()


if __name__ == "__main__":
    main()
