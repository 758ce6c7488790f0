#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 2: PPTP seen inside another tunnel.

Analysts capture PPTP where it is mirrored or carried inside another encapsulation: an ERSPAN
session from a Cisco switch (GRE protocol 0x88BE type II, 0x22EB type III), a Cisco GRE tunnel
(GRE version 0, RFC 2784, with its keepalives), GRE-in-UDP (RFC 8086, UDP port 4754), IP-in-IP
(IP protocol 4, RFC 2003) or VXLAN (RFC 7348, UDP port 4789). The outer tunnel only carries the
PPTP; pptpdiag must diagnose the PPTP inside and let the outer layer decide nothing.

  generate_tunnels.py OUTPUT_DIR

writes (from ../real/, beside this file), each frame of the original carried whole:
  gre_icmp_prohibited-client-erspan2.pcap   ERSPAN type II mirror of the client's capture of a
        call whose GRE a router rejects with ICMP (the ICMP error, too, inside ERSPAN)
  success-server-erspan3.pcap               ERSPAN type III mirror of a healthy call, server side
  bad_password-client-grev0.pcap            the IP packets of a bad password (MS-CHAPv2 E=691)
        inside a GRE version 0 tunnel between two routers, with a GRE keepalive (an IP packet
        in GRE whose payload is itself GRE version 0, protocol 0) every 10 frames
  healthy_long-server-greudp.pcap           the IP packets of the long healthy session inside
        GRE-in-UDP
  ip_pool_exhausted-server-ipip.pcap        the IP packets of five connections to a server whose
        address pool runs out (four refused, the last one up) inside IP-in-IP
  gre_dropped-client-vxlan.pcap             the Ethernet frames of a call whose GRE is dropped
        silently inside VXLAN

Deterministic: same input, same output (frame times those of the originals, outer IP IDs
counted from 1). Run with Debian's /usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import os
import struct
import sys

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import GRE, Ether
from scapy.layers.vxlan import VXLAN
from scapy.packet import Raw
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

# The outer tunnel's end points (RFC 5737 TEST-NET-1) and MACs (locally administered).
OUTER_SRC, OUTER_DST = "192.0.2.1", "192.0.2.2"
OUTER_SMAC, OUTER_DMAC = "02:00:00:00:00:01", "02:00:00:00:00:02"


def erspan2(session, index):
    """ERSPAN type II header (8 bytes): Ver 1, VLAN 0, COS 0, En 0, T 0, Session ID, Index."""
    return struct.pack(">HHI", 0x1000, session & 0x3FF, index & 0xFFFFF)


def erspan3(session, timestamp):
    """ERSPAN type III header (12 bytes): Ver 2, VLAN 0, COS 0, BSO 0, T 0, Session ID,
    Timestamp (100 us units), SGT 0, P 0, FT 0 (Ethernet), HW ID 1, D 0, Gra 00, O 0."""
    return struct.pack(">HHIHH", 0x2000, session & 0x3FF, timestamp & 0xFFFFFFFF, 0, 0x0004)


def outer(ident, proto, payload):
    """The outer Ethernet and IPv4 header around @payload (bytes or a scapy layer)."""
    return Ether(src=OUTER_SMAC, dst=OUTER_DMAC) / IP(
        src=OUTER_SRC, dst=OUTER_DST, id=ident, ttl=64, proto=proto) / payload


def keepalive(ident):
    """A Cisco GRE keepalive: an IPv4 packet in GRE version 0 addressed back to the sender,
    whose own payload is an empty GRE version 0 header (protocol 0)."""
    inner = IP(src=OUTER_DST, dst=OUTER_SRC, id=0, ttl=255, proto=47) / GRE(proto=0)
    return outer(ident, 47, GRE(proto=0x0800) / inner)


def wrap(src, dst, how):
    out = PcapWriter(dst, linktype=1, sync=True)
    n = 0
    for pkt in PcapReader(src):
        n += 1
        raw = bytes(pkt)
        if how == "erspan2":
            p = outer(n, 47, GRE(seqnum_present=1, seqence_number=n, proto=0x88BE)
                      / Raw(erspan2(7, n) + raw))
        elif how == "erspan3":
            p = outer(n, 47, GRE(seqnum_present=1, seqence_number=n, proto=0x22EB)
                      / Raw(erspan3(9, int(pkt.time * 10000)) + raw))
        elif how == "vxlan":
            p = outer(n, 17, UDP(sport=49152 + n % 1024, dport=4789) / VXLAN(vni=4242)
                      / Raw(raw))
        else:
            if IP not in pkt:
                continue  # ARP stays on the inner link: only IP enters these tunnels
            ip = bytes(pkt[IP])
            if how == "grev0":
                p = outer(n, 47, GRE(proto=0x0800) / Raw(ip))
            elif how == "greudp":
                p = outer(n, 17, UDP(sport=49152 + n % 1024, dport=4754)
                          / GRE(proto=0x0800) / Raw(ip))
            else:  # ipip
                p = outer(n, 4, Raw(ip))
        p = Ether(bytes(p))
        p.time = pkt.time
        out.write(p)
        if how == "grev0" and n % 10 == 0:
            k = Ether(bytes(keepalive(30000 + n)))
            k.time = pkt.time
            out.write(k)
    out.close()


CAPTURES = [
    ("gre_icmp_prohibited", "client", "erspan2"),
    ("success", "server", "erspan3"),
    ("bad_password", "client", "grev0"),
    ("healthy_long", "server", "greudp"),
    ("ip_pool_exhausted", "server", "ipip"),
    ("gre_dropped", "client", "vxlan"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for scenario, side, how in CAPTURES:
        wrap(os.path.join(REAL, scenario, side + ".pcap"),
             os.path.join(outdir, "%s-%s-%s.pcap" % (scenario, side, how)), how)


if __name__ == "__main__":
    main()
