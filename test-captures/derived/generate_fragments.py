#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 1: GRE and TCP 1723 carried in IP fragments.

A path whose MTU is smaller than the PPTP peers think (a PPPoE or tunnelled uplink, a router
that fragments instead of sending ICMP) delivers GRE and TCP 1723 packets as IPv4 fragments
(RFC 791 section 2.3); a capture on that path stores the fragments, and Wireshark reassembles
them, so the GRE, PPP and PPTP items of the packet live in the reassembled data, not in the
frame's own bytes.

  generate_fragments.py OUTPUT_DIR

writes (from ../real/, beside this file):
  healthy_long-client-fragmented.pcap   the long healthy session across a path with an MTU of
        68 bytes (the smallest IPv4 allows, RFC 791 section 3.2): every GRE and TCP 1723 packet
        longer than that in fragments of 48 bytes of payload, in order (a CHAP Response's or an
        MPPE packet's first fragment holds the GRE header and the start of the PPP frame; the
        LCP Configure-Requests, bare TCP ACKs and SYNs pass whole)
  bad_password-server-fragmented-reversed.pcap   the server's capture of a bad password
        (MS-CHAPv2 E=691) where only the server's direction crosses a path with an MTU of 76
        bytes: its longer packets in fragments of 56 bytes, last fragment first (as some
        stacks send them)

Deterministic: same input, same output (fragment times are the packet's time plus 1 us per
fragment, IP IDs those of the original packets). Run with Debian's /usr/bin/python3 and
python3-scapy (tested with 2.5.0).
"""

import os
import sys

from scapy.layers.inet import IP, TCP, fragment
from scapy.layers.l2 import Ether
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")


def carried(ip):
    """GRE (IP protocol 47) or TCP to or from port 1723."""
    if ip.proto == 47:
        return True
    return ip.haslayer(TCP) and 1723 in (ip[TCP].sport, ip[TCP].dport)


def fragmented(src, dst, mtu, only_from=None, reverse=False):
    """Copies capture @src to @dst, sending every carried IPv4 packet longer than @mtu bytes
    (from @only_from only, when given) as fragments of at most @mtu bytes (payloads a multiple
    of 8 bytes, RFC 791), in order or, with @reverse, last fragment first."""
    size = (mtu - 20) // 8 * 8
    out = PcapWriter(dst, linktype=1, sync=True)
    for pkt in PcapReader(src):
        t = pkt.time
        if (Ether in pkt and IP in pkt and carried(pkt[IP])
                and (only_from is None or pkt[IP].src == only_from)
                and pkt[IP].len > mtu):
            ip = pkt[IP].copy()
            ip.flags = ip.flags & ~0x2  # DF cleared: the packet was fragmented on the path
            ip.chksum = None
            frags = fragment(ip, fragsize=size)
            if reverse:
                frags = list(reversed(frags))
            for i, f in enumerate(frags):
                f.chksum = None
                e = Ether(src=pkt[Ether].src, dst=pkt[Ether].dst, type=0x0800) / f
                e = Ether(bytes(e))
                e.time = t + i * 0.000001
                out.write(e)
        else:
            out.write(pkt)
    out.close()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    fragmented(os.path.join(REAL, "healthy_long", "client.pcap"),
               os.path.join(outdir, "healthy_long-client-fragmented.pcap"), 68)
    fragmented(os.path.join(REAL, "bad_password", "server.pcap"),
               os.path.join(outdir, "bad_password-server-fragmented-reversed.pcap"), 76,
               only_from="10.10.2.2", reverse=True)


if __name__ == "__main__":
    main()
