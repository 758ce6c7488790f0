#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic captures of PPP captured on its own (issue 32): PPP
frames with no carrier around them, in the forms a capture on the PPP link
itself takes, for what no real peer of the lab shows.

Usage: generate_ppponly.py OUTDIR

Writes one classic pcap per scenario into OUTDIR; ppponly.md describes them.
Forms (pptpdiag's pd_ppp_form):
* Network Monitor's view of a Windows VPN adapter (NDISWAN): Ethernet frames
  whose type field holds the PPP protocol number, the PPP packet after it, no
  Address and Control (Wireshark registers LCP, PAP, CHAP, IPCP, CCP... as
  Ethertypes for these captures: packet-ppp.c, etypes).  The MAC addresses are
  made up here (locally administered), as NDISWAN makes them up.
* tcpdump's DLT_PPP (9): PPP in HDLC-like framing (RFC 1662: 0xFF 0x03, then
  the protocol), no direction recorded.
* DLT_PPP_WITH_DIR (204): the same with one byte before it, 1 sent by the
  capturing host, 0 received (libpcap's pcap-linktype(7)); Wireshark reads it as
  PPP with a direction, as it reads pppd's record file.

Windows' own behaviour modelled (from its documentation, not a run): an
MS-CHAPv2 Failure with R=1 lets the client retry on the same link (RFC 2759
section 6: "R=1" retry allowed), which Windows does before it shows error 691
(a Failure with R=0, then LCP Terminate-Request from the client).

Output is deterministic: fixed timestamps (base 2026-12-07 09:00:00 UTC),
challenge and response bytes from SHA-256 of fixed labels; the frames are
packed here, the pcap written by hand (scapy is not needed).  Run with
Debian's /usr/bin/python3.
"""

import calendar
import os
import struct
import sys

from synthlib import prand

BASE_SECONDS = calendar.timegm((2026, 12, 7, 9, 0, 0))

CLIENT_MAC = bytes.fromhex("020053454e44")   # made up: "SEND" in a local MAC
SERVER_MAC = bytes.fromhex("020052454356")   # made up: "RECV"

LCP, PAP, CHAP, IPCP, CCP, IP = 0xC021, 0xC023, 0xC223, 0x8021, 0x80FD, 0x0021
CONF_REQ, CONF_ACK, CONF_NAK, CONF_REJ, TERM_REQ, TERM_ACK = 1, 2, 3, 4, 5, 6
ECHO_REQ, ECHO_REP = 9, 10
CHAP_CHALLENGE, CHAP_RESPONSE, CHAP_SUCCESS, CHAP_FAILURE = 1, 2, 3, 4

DLT_EN10MB, DLT_PPP, DLT_PPP_SERIAL, DLT_PPP_WITH_DIR = 1, 9, 50, 204




def cp(code, ident, data=b"", length=None):
    """An LCP/NCP/CHAP packet (RFC 1661 section 5); length: a lie."""
    return struct.pack("!BBH", code, ident,
                       4 + len(data) if length is None else length) + data


def opt(otype, value=b""):
    return struct.pack("!BB", otype, 2 + len(value)) + value


O_MRU = opt(1, struct.pack("!H", 1400))
O_AUTH_MSCHAPV2 = opt(3, struct.pack("!HB", CHAP, 0x81))
O_PFC, O_ACFC = opt(7), opt(8)


def o_magic(m):
    return opt(5, struct.pack("!I", m))


def ipcp_addr(a):
    return opt(3, bytes(int(x) for x in a.split(".")))


CLIENT_LCP = [O_MRU, o_magic(0x1A2B3C4D), O_PFC, O_ACFC]
SERVER_LCP = [O_AUTH_MSCHAPV2, o_magic(0x5E6F7A8B)]


def chap_challenge(ident, label):
    value = prand(label, 16)
    return cp(CHAP_CHALLENGE, ident, bytes([16]) + value + b"srv")


def chap_response(ident, label):
    value = prand(label, 16) + bytes(8) + prand(label + "/nt", 24) + b"\x00"
    return cp(CHAP_RESPONSE, ident, bytes([49]) + value + b"user")


def chap_failure(ident, retry, label):
    msg = "E=691 R=%d C=%s V=3 M=Authentication failure" % (
        retry, prand(label, 16).hex().upper())
    return cp(CHAP_FAILURE, ident, msg.encode())


def chap_success(ident, label):
    msg = "S=%s M=Welcome" % prand(label, 20).hex().upper()
    return cp(CHAP_SUCCESS, ident, msg.encode())


def ipv4_packet(src, dst, label):
    """A small IPv4 UDP datagram (the user's data on the link)."""
    payload = prand(label, 12)
    udp = struct.pack("!HHHH", 53000, 9, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                      bytes(int(x) for x in src.split(".")),
                      bytes(int(x) for x in dst.split(".")))
    s = sum(struct.unpack("!10H", hdr))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    hdr = hdr[:10] + struct.pack("!H", ~s & 0xFFFF) + hdr[12:]
    return hdr + udp


class Capture:
    """Frames in time order; t is the clock in microseconds.  Each frame is
    (time, client_sent, protocol, packet); the form decides the bytes."""

    def __init__(self, form, snaplen=65535):
        self.form = form
        self.snaplen = snaplen
        self.t = 0
        self.frames = []

    def add(self, ms, client_sent, proto, packet):
        self.t += int(round(ms * 1000))
        self.frames.append((self.t, client_sent, proto, packet))

    def raw(self, frame_bytes, ms=1):
        """A frame of exactly these bytes (malformed input)."""
        self.t += int(round(ms * 1000))
        self.frames.append((self.t, None, None, frame_bytes))

    def encode(self, client_sent, proto, packet):
        form = self.form
        if proto is None:
            return packet
        if form == "netmon":
            src, dst = (CLIENT_MAC, SERVER_MAC) if client_sent else (SERVER_MAC, CLIENT_MAC)
            if proto == IP:  # NDISWAN maps IP to its Ethernet type
                return dst + src + struct.pack("!H", 0x0800) + packet
            return dst + src + struct.pack("!H", proto) + packet
        hdlc = b"\xff\x03" + struct.pack("!H", proto) + packet
        if form == "dlt_ppp":
            return hdlc
        if form in ("dir_client", "dir_server"):
            local_is_client = form == "dir_client"
            sent = client_sent == local_is_client
            return bytes([1 if sent else 0]) + hdlc
        raise ValueError(form)

    def write(self, path):
        dlt = {"netmon": DLT_EN10MB, "dlt_ppp": DLT_PPP, "dir_client": DLT_PPP_WITH_DIR,
               "dir_server": DLT_PPP_WITH_DIR, "serial": DLT_PPP_SERIAL}[self.form]
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, self.snaplen, dlt))
            for t_us, client_sent, proto, packet in self.frames:
                frame = self.encode(client_sent, proto, packet)
                kept = frame[:self.snaplen]
                f.write(struct.pack("<IIII", BASE_SECONDS + t_us // 1000000,
                                    t_us % 1000000, len(kept), len(frame)))
                f.write(kept)


def lcp_up(c, first_ident=1):
    """LCP negotiation: each side's Configure-Request acknowledged."""
    c.add(0, True, LCP, cp(CONF_REQ, first_ident, b"".join(CLIENT_LCP)))
    c.add(2, False, LCP, cp(CONF_REQ, first_ident, b"".join(SERVER_LCP)))
    c.add(1, True, LCP, cp(CONF_ACK, first_ident, b"".join(SERVER_LCP)))
    c.add(1, False, LCP, cp(CONF_ACK, first_ident, b"".join(CLIENT_LCP)))


def windows_691_retries(c, label):
    """MS-CHAPv2 failing three times on one link: two Failures with R=1 (the
    client retries), then R=0; the client ends the link."""
    c.add(5, False, CHAP, chap_challenge(1, label + "/challenge"))
    for attempt, retry in ((1, 1), (2, 1), (3, 0)):
        c.add(40, True, CHAP, chap_response(attempt, "%s/response%d" % (label, attempt)))
        c.add(30, False, CHAP, chap_failure(attempt, retry, "%s/failure%d" % (label, attempt)))
    c.add(20, True, LCP, cp(TERM_REQ, 2, b"User request"))
    c.add(2, False, LCP, cp(TERM_ACK, 2))


def success(c, label, client_ip="10.66.0.2", server_ip="10.66.0.1"):
    c.add(5, False, CHAP, chap_challenge(1, label + "/challenge"))
    c.add(40, True, CHAP, chap_response(1, label + "/response"))
    c.add(30, False, CHAP, chap_success(1, label + "/success"))
    c.add(3, True, IPCP, cp(CONF_REQ, 1, ipcp_addr("0.0.0.0")))
    c.add(1, False, IPCP, cp(CONF_REQ, 1, ipcp_addr(server_ip)))
    c.add(1, True, IPCP, cp(CONF_ACK, 1, ipcp_addr(server_ip)))
    c.add(1, False, IPCP, cp(CONF_NAK, 1, ipcp_addr(client_ip)))
    c.add(1, True, IPCP, cp(CONF_REQ, 2, ipcp_addr(client_ip)))
    c.add(1, False, IPCP, cp(CONF_ACK, 2, ipcp_addr(client_ip)))
    c.add(50, True, IP, ipv4_packet(client_ip, server_ip, label + "/data1"))
    c.add(5, False, IP, ipv4_packet(server_ip, client_ip, label + "/data2"))


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


@scenario
def ppponly_netmon_691_retries():
    """Network Monitor on a Windows client's VPN adapter: MS-CHAPv2 rejected
    three times on one link (E=691 R=1, R=1, R=0): one failure, 691."""
    c = Capture("netmon")
    lcp_up(c)
    windows_691_retries(c, "netmon")
    return c


@scenario
def ppponly_netmon_snaplen30():
    """ppponly_netmon_691_retries taken with a snapshot length of 30 bytes:
    the client's LCP Configure-Request and the server's Ack of it lose their
    last option (fields pptpdiag reads: a fields-cut note on frame 1), each
    MS-CHAPv2 Failure keeps its first 12 message bytes ("E=691 R=1 C=", the
    code whole)."""
    c = Capture("netmon", snaplen=30)
    lcp_up(c)
    windows_691_retries(c, "netmon")
    return c


@scenario
def ppponly_nodir_691():
    """The same exchange on tcpdump's DLT_PPP, which records no direction:
    the CHAP packets and the authenticator's LCP request name their sender,
    the other frames do not."""
    c = Capture("dlt_ppp")
    lcp_up(c)
    windows_691_retries(c, "nodir")
    return c


@scenario
def ppponly_server_redial():
    """Captured on the server's PPP link with directions (DLT_PPP_WITH_DIR):
    the client's first attempt fails (E=691 R=0) and it ends the link; it
    dials again on the same link and the second attempt comes up.  The
    client's LCP request comes first: the roles are named by the server's
    request for MS-CHAPv2, not by who sent first or who captured."""
    c = Capture("dir_server")
    lcp_up(c)
    c.add(5, False, CHAP, chap_challenge(1, "redial/challenge1"))
    c.add(40, True, CHAP, chap_response(1, "redial/response1"))
    c.add(30, False, CHAP, chap_failure(1, 0, "redial/failure1"))
    c.add(20, True, LCP, cp(TERM_REQ, 2, b"User request"))
    c.add(2, False, LCP, cp(TERM_ACK, 2))
    c.add(3000, True, LCP, cp(CONF_REQ, 3, b"".join(CLIENT_LCP)))
    c.add(2, False, LCP, cp(CONF_REQ, 3, b"".join(SERVER_LCP)))
    c.add(1, True, LCP, cp(CONF_ACK, 3, b"".join(SERVER_LCP)))
    c.add(1, False, LCP, cp(CONF_ACK, 3, b"".join(CLIENT_LCP)))
    success(c, "redial")
    return c


@scenario
def ppponly_client_echo_lost():
    """Captured on the client's PPP link with directions: the link comes up,
    then the server goes silent: the client's LCP Echo-Requests (every 10 s)
    go unanswered and the client ends the link after five (829)."""
    c = Capture("dir_client")
    lcp_up(c)
    success(c, "echo")
    c.add(10000, True, LCP, cp(ECHO_REQ, 20, struct.pack("!I", 0x1A2B3C4D)))
    c.add(2, False, LCP, cp(ECHO_REP, 20, struct.pack("!I", 0x5E6F7A8B)))
    for i in range(5):
        c.add(10000, True, LCP, cp(ECHO_REQ, 21 + i, struct.pack("!I", 0x1A2B3C4D)))
    c.add(10000, True, LCP, cp(TERM_REQ, 26, b"Peer not responding"))
    return c


@scenario
def ppponly_malformed():
    """PPP over a serial line (DLT_PPP_SERIAL) with input no peer sends: a
    Cisco HDLC keepalive, a frame of Address and Control only, a protocol
    byte alone, an LCP Length shorter than its header and one past the frame,
    a CHAP Failure whose Length lies, options whose lengths lie; then a normal
    negotiation whose authentication fails: a clear outcome, no crash."""
    c = Capture("serial")
    c.raw(bytes.fromhex("8f008035") + bytes(16))          # Cisco HDLC SLARP
    c.raw(b"\xff\x03")                                     # nothing after Address/Control
    c.raw(b"\xff\x03\xc0")                                 # half a protocol
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 9, b"", length=2))
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 9, O_MRU, length=400))
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 9, b"\x01\x00\x05\xff\x00"))
    c.raw(b"\xff\x03\xc2\x23" + cp(CHAP_FAILURE, 9, b"E=691", length=200))
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 9, b"\x03\x09\xc2"))
    c.raw(b"\xff\x03\x80\x21" + cp(CONF_REQ, 9, b"\x03\x04\x0a"))
    c.raw(b"\xff\x03\x00")                                 # protocol 0x00?? cut
    c.raw(b"\xff\x03\xfe\xfe" + bytes(8))                  # an invalid protocol number
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 10, b"".join(CLIENT_LCP)), ms=1000)
    c.raw(b"\xff\x03\xc0\x21" + cp(CONF_REQ, 10, b"".join(SERVER_LCP)))
    c.raw(b"\xff\x03\xc2\x23" + chap_challenge(1, "malformed/challenge"))
    c.raw(b"\xff\x03\xc2\x23" + chap_response(1, "malformed/response"))
    c.raw(b"\xff\x03\xc2\x23" + chap_failure(1, 0, "malformed/failure"))
    return c


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for fn in SCENARIOS:
        fn().write(os.path.join(out, fn.__name__ + ".pcap"))


if __name__ == "__main__":
    main()
