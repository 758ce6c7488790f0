#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 4: a capture of one direction only.

With asymmetric routing, or a SPAN session that mirrors one direction of a port, a capture holds
the packets one peer sent and none of the other's. The visible side's own packets prove what the
other side sent (a Configure-Ack proves the peer's Configure-Request arrived, a CHAP Response the
Challenge, IPCP and data the authentication); the invisible side's silence is the capture's
limit, never the network's.

  generate_oneway.py OUTPUT_DIR

writes (from ../real/, beside this file), each keeping the ARP frames and the IPv4 packets
sent by one address only:
  success-client-from-client.pcap        the client's capture of a healthy call, the client's
        packets only (its data flows: the tunnel is up)
  healthy_long-server-from-server.pcap   the server's capture of the long healthy session, the
        server's packets only
  bad_password-server-from-client.pcap   the server's capture of a bad password (MS-CHAPv2
        E=691), the client's packets only: its CHAP Response, then its own Terminate-Request
        (the server's Failure is not in the capture)
  bad_password-client-from-server.pcap   the client's capture of it, the server's packets only:
        the server's CHAP Failure is in it
  l2tp_bad_password-server-from-client.pcap  the LNS's capture of an L2TP call with a bad password
        (../vpn/l2tp/bad_password), the LAC's packets only: its messages carry the LNS's Tunnel
        ID (it was answered), its CHAP Response, then its own LCP Terminate-Request
  ikev2_success-client-from-server.pcap  the client's capture of a healthy IKEv2 VPN
        (../vpn/ikev2/success), the server's packets only: its IKE answers and its ESP, none of
        the client's

Deterministic: same input, same output (frames copied as they are). Run with Debian's
/usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import os
import sys

from scapy.layers.inet import IP
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")
VPN = os.path.join(HERE, "..", "vpn")
CLIENT, SERVER = "10.10.1.2", "10.10.2.2"

# (folder of the scenario, its name in the output, capture point, sender kept, suffix)
CAPTURES = [
    (REAL, "success", "client", CLIENT, "from-client"),
    (REAL, "healthy_long", "server", SERVER, "from-server"),
    (REAL, "bad_password", "server", CLIENT, "from-client"),
    (REAL, "bad_password", "client", SERVER, "from-server"),
    (os.path.join(VPN, "l2tp"), "bad_password", "server", CLIENT, "from-client"),
    (os.path.join(VPN, "ikev2"), "success", "client", SERVER, "from-server"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for top, scenario, side, sender, name in CAPTURES:
        prefix = "" if top == REAL else os.path.basename(top) + "_"
        w = PcapWriter(os.path.join(outdir, "%s%s-%s-%s.pcap" % (prefix, scenario, side, name)),
                       linktype=1, sync=True)
        for p in PcapReader(os.path.join(top, scenario, side + ".pcap")):
            if IP not in p or p[IP].src == sender:
                w.write(p)
        w.close()


if __name__ == "__main__":
    main()
