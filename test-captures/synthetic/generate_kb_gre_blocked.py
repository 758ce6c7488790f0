#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate kb_gre_blocked.pcap: a GRE-blocked PPTP call, as captured on the client.

Reproduces the 12-frame trace in the Microsoft KB walkthrough "An example of a
GRE-blocked PPTP call in a trace is shown below" (seed file
002_fa665eea06b4fd6a.txt): the PPTP control connection on TCP 1723 comes up
and the call is placed (frames 1-8), the first GRE-encapsulated PPP LCP
Configure-Request goes out (frames 9-10), and an ISP router that does not
forward GRE answers with ICMP Destination Unreachable (frame 11), which quotes
frame 10.  Frame 12 is the server's bare ACK of the Set-Link-Info.

Usage: generate_kb_gre_blocked.py OUTPUT.pcap

Output is deterministic: fixed timestamps, MACs, IP IDs, ports and sequence
numbers, no TCP options, every checksum computed.  Run with Debian's
/usr/bin/python3 and python3-scapy (tested with scapy 2.5.0).
"""

import struct
import sys
from decimal import Decimal

from scapy.layers.inet import ICMP, IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import wrpcap

# --- Addresses (the KB only gives the ICMP source, 198.140.211.122) ---------
CLIENT_MAC = "00:00:00:00:00:01"    # the KB's station "00"
ROUTER_MAC = "00:00:00:00:00:e8"    # the KB's station "E8" (first-hop router)
NDISWAN_MAC = "20:20:20:20:20:20"   # the KB's "20 20" NDISWAN-internal frame
CLIENT_IP = "198.140.211.37"        # same /24 as the blocking ISP router
SERVER_IP = "203.0.113.10"          # RFC 5737 TEST-NET-3
BLOCKER_IP = "198.140.211.122"      # from the KB: router that drops GRE

CLIENT_PORT = 1025
PPTP_PORT = 1723

CLIENT_TTL = 128                    # Windows NT default
SERVER_TTL = 113                    # 128 minus 15 hops
BLOCKER_TTL = 254                   # 255 minus 1 hop

CLIENT_ISN = 168021100              # KB: client's first data seq is 168021101
SERVER_ISN = 460752                 # KB: client acks 460753

CLIENT_WIN = 8760
SERVER_WIN = 8760

# Windows NT 4 wrote the IP ID in host (little-endian) byte order, so on the
# wire consecutive datagrams differ by 0x0100.  Frame 10 is 0xECB3 per the KB.
CLIENT_IP_IDS = {1: 0xE7B3, 3: 0xE8B3, 4: 0xE9B3, 6: 0xEAB3, 8: 0xEBB3,
                 10: 0xECB3}
SERVER_IP_IDS = {2: 0x4A10, 5: 0x4A11, 7: 0x4A12, 12: 0x4A13}
BLOCKER_IP_ID = 0x0001

BASE_TIME = Decimal("1000000000")
# KB relative times, frames 1..12.
REL_TIMES = ["5.364", "5.614", "5.614", "5.630", "6.130", "6.145",
             "6.520", "6.536", "6.536", "6.536", "6.833", "6.942"]

# --- PPTP control messages (RFC 2637 section 2) -----------------------------
PPTP_CONTROL_MESSAGE = 1
MAGIC_COOKIE = 0x1A2B3C4D
PROTOCOL_VERSION = 0x0100
FIRMWARE_REVISION = 0x0400          # Windows NT 4.0
PAC_CALL_ID = 0                     # the KB's GRE shows "Call ID: 0"
PNS_CALL_ID = 0x4000


def pad(text, size=64):
    raw = text.encode("ascii")
    assert len(raw) <= size
    return raw + b"\x00" * (size - len(raw))


def pptp(ctrl_type, body):
    """Prefix body with the 12-byte PPTP header (length, type, cookie, ctrl)."""
    length = 12 + len(body)
    return struct.pack("!HHIHH", length, PPTP_CONTROL_MESSAGE, MAGIC_COOKIE,
                       ctrl_type, 0) + body


def sccrq():
    """Start-Control-Connection-Request, 156 bytes (RFC 2637 2.1)."""
    body = struct.pack("!HHIIHH", PROTOCOL_VERSION, 0,
                       1,              # framing caps: async
                       1,              # bearer caps: analog
                       0,              # maximum channels
                       FIRMWARE_REVISION)
    return pptp(1, body + pad("PPTPCLIENT") + pad("Microsoft"))


def sccrp():
    """Start-Control-Connection-Reply, 156 bytes (RFC 2637 2.2)."""
    body = struct.pack("!HBBIIHH", PROTOCOL_VERSION,
                       1,              # result code: OK
                       0,              # error code
                       1,              # framing caps: async
                       1,              # bearer caps: analog
                       0,              # maximum channels
                       FIRMWARE_REVISION)
    return pptp(2, body + pad("PPTPSERVER") + pad("Microsoft"))


def ocrq():
    """Outgoing-Call-Request, 168 bytes (RFC 2637 2.7)."""
    body = struct.pack("!HHIIIIHHHH", PNS_CALL_ID,
                       1,              # call serial number
                       300,            # minimum BPS
                       100000000,      # maximum BPS
                       3,              # bearer type: any
                       3,              # framing type: any
                       64,             # packet receive window size
                       0,              # packet processing delay
                       0,              # phone number length
                       0)              # reserved
    return pptp(7, body + pad("") + pad(""))


def ocrp():
    """Outgoing-Call-Reply, 32 bytes (RFC 2637 2.8)."""
    body = struct.pack("!HHBBHIHHI", PAC_CALL_ID, PNS_CALL_ID,
                       1,              # result code: connected
                       0,              # error code
                       0,              # cause code
                       64000,          # connect speed
                       64,             # packet receive window size
                       0,              # packet processing delay
                       0)              # physical channel ID
    return pptp(8, body)


def sli():
    """Set-Link-Info, 24 bytes (RFC 2637 2.15)."""
    body = struct.pack("!HHII", PAC_CALL_ID, 0, 0xFFFFFFFF, 0xFFFFFFFF)
    return pptp(15, body)


# --- PPP LCP Configure-Request, 17 bytes (RFC 1661) -------------------------
LCP_OPTIONS = (
    struct.pack("!BBI", 5, 6, 0x1F3C5A79)  # Magic-Number
    + bytes([7, 2])                        # Protocol-Field-Compression
    + bytes([8, 2])                        # Address-and-Control-Field-Compr.
    + bytes([13, 3, 6])                    # Callback, operation 6 (CBCP)
)
LCP_CONF_REQ = struct.pack("!BBH", 1, 0x00, 4 + len(LCP_OPTIONS)) + LCP_OPTIONS
assert len(LCP_CONF_REQ) == 17

PPP_LCP = 0xC021
PPP_FRAME = b"\xff\x03" + struct.pack("!H", PPP_LCP) + LCP_CONF_REQ
assert len(PPP_FRAME) == 21


def enhanced_gre(payload, call_id, seq):
    """Enhanced GRE header (RFC 2637 4.1): K and S set, no ack, version 1."""
    return struct.pack("!BBHHHI", 0x30, 0x01, 0x880B, len(payload),
                       call_id, seq) + payload


# --- Packet builders ---------------------------------------------------------
def client_tcp(num, flags, seq, ack, payload=b""):
    pkt = (Ether(src=CLIENT_MAC, dst=ROUTER_MAC, type=0x0800)
           / IP(src=CLIENT_IP, dst=SERVER_IP, id=CLIENT_IP_IDS[num], flags=0,
                ttl=CLIENT_TTL, tos=0)
           / TCP(sport=CLIENT_PORT, dport=PPTP_PORT, seq=seq, ack=ack,
                 flags=flags, window=CLIENT_WIN, options=[], urgptr=0))
    if payload:
        pkt = pkt / Raw(payload)
    return pkt


def server_tcp(num, flags, seq, ack, payload=b""):
    pkt = (Ether(src=ROUTER_MAC, dst=CLIENT_MAC, type=0x0800)
           / IP(src=SERVER_IP, dst=CLIENT_IP, id=SERVER_IP_IDS[num], flags=0,
                ttl=SERVER_TTL, tos=0)
           / TCP(sport=PPTP_PORT, dport=CLIENT_PORT, seq=seq, ack=ack,
                 flags=flags, window=SERVER_WIN, options=[], urgptr=0))
    if payload:
        pkt = pkt / Raw(payload)
    return pkt


def build():
    c_seq = CLIENT_ISN + 1          # 168021101
    s_seq = SERVER_ISN + 1          # 460753
    frames = []

    # 1-3: three-way handshake
    frames.append(client_tcp(1, "S", CLIENT_ISN, 0))
    frames.append(server_tcp(2, "SA", SERVER_ISN, c_seq))
    frames.append(client_tcp(3, "A", c_seq, s_seq))

    # 4-8: PPTP control connection and outgoing call
    msg = sccrq()
    frames.append(client_tcp(4, "PA", c_seq, s_seq, msg))
    c_seq += len(msg)
    msg = sccrp()
    frames.append(server_tcp(5, "PA", s_seq, c_seq, msg))
    s_seq += len(msg)
    msg = ocrq()
    frames.append(client_tcp(6, "PA", c_seq, s_seq, msg))
    c_seq += len(msg)
    msg = ocrp()
    frames.append(server_tcp(7, "PA", s_seq, c_seq, msg))
    s_seq += len(msg)
    msg = sli()
    frames.append(client_tcp(8, "PA", c_seq, s_seq, msg))
    c_seq += len(msg)

    # 9: NDISWAN-internal copy of the LCP frame (PPP protocol, no FF03)
    frames.append(Ether(src=NDISWAN_MAC, dst=NDISWAN_MAC, type=0x880B)
                  / Raw(struct.pack("!H", PPP_LCP) + LCP_CONF_REQ))

    # 10: the same LCP frame in enhanced GRE (IP Len 53, ID 0xECB3)
    gre_ip = IP(src=CLIENT_IP, dst=SERVER_IP, id=CLIENT_IP_IDS[10], flags=0,
                ttl=CLIENT_TTL, tos=0, proto=47) / Raw(
                    enhanced_gre(PPP_FRAME, PAC_CALL_ID, 0))
    gre_ip = IP(bytes(gre_ip))      # freeze len and checksum
    assert gre_ip.len == 53
    frames.append(Ether(src=CLIENT_MAC, dst=ROUTER_MAC, type=0x0800) / gre_ip)

    # 11: ISP router drops GRE: ICMP Destination Host Unreachable quoting
    # the whole 53-byte datagram of frame 10 (RFC 1812 4.3.2.3)
    frames.append(Ether(src=ROUTER_MAC, dst=CLIENT_MAC, type=0x0800)
                  / IP(src=BLOCKER_IP, dst=CLIENT_IP, id=BLOCKER_IP_ID,
                       flags=0, ttl=BLOCKER_TTL, tos=0)
                  / ICMP(type=3, code=1, unused=0)
                  / Raw(bytes(gre_ip)))

    # 12: server ACKs the Set-Link-Info
    frames.append(server_tcp(12, "A", s_seq, c_seq))

    assert len(frames) == 12
    for pkt, rel in zip(frames, REL_TIMES):
        pkt.time = BASE_TIME + Decimal(rel)
    # Freeze every computed field (lengths, checksums) before writing.
    return [Ether(bytes(pkt)) for pkt in frames], [p.time for p in frames]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s OUTPUT.pcap\n" % argv[0])
        return 2
    frames, times = build()
    for pkt, t in zip(frames, times):
        pkt.time = t
    # Pin everything wrpcap would otherwise take from the host: link type
    # (Ethernet), byte order (little-endian, as on x86) and snap length.
    wrpcap(argv[1], frames, linktype=1, endianness="<", snaplen=65535,
           nano=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
