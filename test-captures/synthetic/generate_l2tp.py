#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic L2TP captures (issue 32): what pptpdiag must read of
L2TP version 2 on UDP, control and data messages, including input that breaks
RFC 2661.

Usage: generate_l2tp.py OUTDIR

Writes one classic pcap (Ethernet, microsecond timestamps, little-endian) per
scenario into OUTDIR.  l2tp.md describes the files; beside each capture,
CAPTURE.obs.txt is what pptpdiag extracts from it (plugin/tests/observations.sh).

Layouts: the L2TP header and AVPs of RFC 2661 sections 3.1 and 4.1, the
control messages and AVPs of sections 4.4 and 6; PPP in a data message, with
or without Address and Control (RFC 1662 section 3.2, ACFC of RFC 1661
section 6.6); LCP (RFC 1661), MS-CHAPv2 (RFC 2759) with a Failure packet that
allows no retry (E=691 R=0, RFC 2759 section 6).  The lab's real L2TP captures
(xl2tpd 1.3.18 and pppd 2.4.9) are the model for the normal exchange; the
malformed frames are what no real peer here sends.

Output is deterministic: fixed timestamps (base 2026-11-21 15:00:00 UTC),
addresses, IP Identifications and challenge bytes from SHA-256 of fixed
labels; the Ethernet, IP and UDP headers are scapy's, the L2TP and PPP bytes
are packed here (so that lengths can lie), the pcap is written by hand.  Run
with Debian's /usr/bin/python3 and python3-scapy (tested with scapy 2.5.0).
"""

import calendar
import os
import struct
import sys

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw

from synthlib import prand

BASE_SECONDS = calendar.timegm((2026, 11, 21, 15, 0, 0))

LAC = "198.51.100.23"      # the client (LAC and PPP client in one, as Windows)
LNS = "203.0.113.7"        # the server
LAC_MAC, LNS_MAC = "02:00:00:1a:01:02", "02:00:00:1a:02:01"
PORT = 1701

# Control message types (RFC 2661 section 3.2)
SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
ICRQ, ICRP, ICCN, CDN = 10, 11, 12, 14
# Attribute types (section 4.4)
MESSAGE_TYPE, RESULT_CODE, PROTOCOL_VERSION, FRAMING_CAP, BEARER_CAP = 0, 1, 2, 3, 4
FIRMWARE, HOST_NAME, VENDOR_NAME, ASSIGNED_TUNNEL, RWS = 6, 7, 8, 9, 10
ASSIGNED_SESSION, CALL_SERIAL, FRAMING_TYPE, TX_SPEED, RANDOM_VECTOR = 14, 15, 19, 24, 36

LCP, CHAP = 0xC021, 0xC223
CONF_REQ, CONF_ACK, TERM_REQ, TERM_ACK, ECHO_REQ, ECHO_REP = 1, 2, 5, 6, 9, 10
CHAP_CHALLENGE, CHAP_RESPONSE, CHAP_FAILURE = 1, 2, 4




def avp(atype, value=b"", mandatory=True, hidden=False, vendor=0, length=None):
    """An AVP (section 4.1); length: a Length other than 6 + the value's (a lie)."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    n = 6 + len(value) if length is None else length
    bits = (0x8000 if mandatory else 0) | (0x4000 if hidden else 0)
    return struct.pack("!HHH", bits | (n & 0x3FF), vendor, atype) + value


def u16(v):
    return struct.pack("!H", v)


def msg_type(t):
    return avp(MESSAGE_TYPE, u16(t))


def result(code, error=None, message=b""):
    """A Result Code AVP (section 4.4.2): result, optional error, optional message."""
    value = u16(code)
    if error is not None:
        value += u16(error) + (message.encode() if isinstance(message, str) else message)
    return avp(RESULT_CODE, value)


def control(tunnel, session, ns, nr, avps=(), length=None, flags=0xC802):
    """A control message: T, L and S set, Ver 2 (flags), Length (a lie when
    given), Tunnel ID, Session ID, Ns, Nr, the AVPs."""
    body = b"".join(avps)
    return struct.pack("!HHHHHH", flags, 12 + len(body) if length is None else length,
                       tunnel, session, ns, nr) + body


def data(tunnel, session, payload):
    """A data message without Length, sequence or offset: T 0, Ver 2."""
    return struct.pack("!HHH", 0x0002, tunnel, session) + payload


def ppp(proto, packet, acfc=False):
    """A PPP frame: Address and Control 0xFF 0x03 unless acfc, then the protocol."""
    return (b"" if acfc else b"\xff\x03") + struct.pack("!H", proto) + packet


def cp(code, ident, payload=b""):
    """An LCP/CHAP packet (RFC 1661 section 5 layout)."""
    return struct.pack("!BBH", code, ident, 4 + len(payload)) + payload


def opt(otype, value=b""):
    return struct.pack("!BB", otype, 2 + len(value)) + value


O_AUTH_MSCHAPV2 = opt(3, struct.pack("!HB", CHAP, 0x81))


class Capture:
    """Frames in time order; t is the clock in microseconds."""

    def __init__(self, snaplen=65535):
        self.snaplen = snaplen
        self.t = 0
        self.frames = []
        self.ip_id = {LAC: 0x3A10, LNS: 0x7C20}

    def add(self, ms, src, dst, payload, sport=PORT, dport=PORT, cut=None):
        """A UDP datagram ms milliseconds after the previous one; cut: the
        bytes this record keeps (a record cut on its own)."""
        self.t += int(round(ms * 1000))
        self.ip_id[src] = (self.ip_id[src] + 1) & 0xFFFF
        smac, dmac = (LAC_MAC, LNS_MAC) if src == LAC else (LNS_MAC, LAC_MAC)
        frame = bytes(Ether(src=smac, dst=dmac) /
                      IP(src=src, dst=dst, ttl=64 if src == LAC else 57, id=self.ip_id[src],
                         flags="DF") /
                      UDP(sport=sport, dport=dport) / Raw(payload))
        self.frames.append((self.t, frame, cut))
        return len(self.frames)

    def write(self, path):
        """Classic pcap, little-endian, microseconds, Ethernet; frames longer
        than the snapshot length (or their own cut) are cut to it."""
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, self.snaplen, 1))
            for t_us, frame, cut in self.frames:
                kept = frame[:min(self.snaplen, cut if cut is not None else len(frame))]
                f.write(struct.pack("<IIII", BASE_SECONDS + t_us // 1000000,
                                    t_us % 1000000, len(kept), len(frame)))
                f.write(kept)


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def sccrq(assigned_tunnel, host="WIN-LAPTOP-7"):
    """The AVPs of an SCCRQ as a Windows client sends them."""
    return [msg_type(SCCRQ), avp(PROTOCOL_VERSION, u16(0x0100)),
            avp(FRAMING_CAP, struct.pack("!I", 3)), avp(BEARER_CAP, struct.pack("!I", 0)),
            avp(FIRMWARE, u16(0x0601), mandatory=False), avp(HOST_NAME, host),
            avp(VENDOR_NAME, "Microsoft", mandatory=False),
            avp(ASSIGNED_TUNNEL, u16(assigned_tunnel)), avp(RWS, u16(8))]


@scenario
def auth_failed(snaplen=65535, name="l2tp_auth_failed.pcap"):
    """Tunnel and call set up (SCCRQ/SCCRP/SCCCN, ICRQ/ICRP/ICCN, ZLBs), LCP
    (the client's frames without Address and Control, the server's with them),
    MS-CHAPv2 Challenge, Response and Failure E=691 R=0 from the LNS, LCP
    Terminate, CDN (result 3, administrative) from the LNS, StopCCN (result 1)
    from the client, ZLBs."""
    cap = Capture(snaplen)
    ct, st, cs, ss = 0x1C2D, 0x0B07, 0x4411, 0x0E09   # tunnel and session IDs of each side
    cap.add(0, LAC, LNS, control(0, 0, 0, 0, sccrq(ct)))
    cap.add(18.2, LNS, LAC, control(ct, 0, 0, 1, [
        msg_type(SCCRP), avp(PROTOCOL_VERSION, u16(0x0100)), avp(FRAMING_CAP, struct.pack("!I", 3)),
        avp(BEARER_CAP, struct.pack("!I", 0)), avp(FIRMWARE, u16(0x0690), mandatory=False),
        avp(HOST_NAME, "vpn-gw1"), avp(VENDOR_NAME, "xelerance.com", mandatory=False),
        avp(ASSIGNED_TUNNEL, u16(st)), avp(RWS, u16(4))]))
    cap.add(1.1, LAC, LNS, control(st, 0, 1, 1, [msg_type(SCCCN)]))
    cap.add(16.0, LNS, LAC, control(ct, 0, 1, 2))                        # ZLB
    cap.add(2.3, LAC, LNS, control(st, 0, 2, 1, [
        msg_type(ICRQ), avp(ASSIGNED_SESSION, u16(cs)), avp(CALL_SERIAL, struct.pack("!I", 1))]))
    cap.add(1.5, LNS, LAC, control(ct, cs, 1, 3, [msg_type(ICRP), avp(ASSIGNED_SESSION, u16(ss))]))
    cap.add(0.8, LAC, LNS, control(st, ss, 3, 2, [
        msg_type(ICCN), avp(TX_SPEED, struct.pack("!I", 100000000)),
        avp(FRAMING_TYPE, struct.pack("!I", 1))]))
    cap.add(8.0, LNS, LAC, control(ct, cs, 2, 4))                        # ZLB
    c_lcp = opt(1, u16(1400)) + opt(5, struct.pack("!I", 0x2C41D0E5))
    s_lcp = opt(1, u16(1410)) + O_AUTH_MSCHAPV2 + opt(5, struct.pack("!I", 0x6E01B7A2))
    cap.add(340.0, LAC, LNS, data(st, ss, ppp(LCP, cp(CONF_REQ, 0, c_lcp), acfc=True)))
    cap.add(2.2, LNS, LAC, data(ct, cs, ppp(LCP, cp(CONF_REQ, 1, s_lcp))))
    cap.add(1.4, LAC, LNS, data(st, ss, ppp(LCP, cp(CONF_ACK, 1, s_lcp), acfc=True)))
    cap.add(0.9, LNS, LAC, data(ct, cs, ppp(LCP, cp(CONF_ACK, 0, c_lcp))))
    challenge = prand("challenge/l2tp_auth_failed", 16)
    cap.add(3.1, LNS, LAC, data(ct, cs, ppp(CHAP, cp(CHAP_CHALLENGE, 0x3B,
                                                   bytes([16]) + challenge + b"vpn-gw1"))))
    value = prand("peer-challenge/l2tp_auth_failed", 16) + bytes(8) + \
        prand("nt-response/l2tp_auth_failed", 24) + b"\x00"
    cap.add(44.7, LAC, LNS, data(st, ss, ppp(CHAP, cp(CHAP_RESPONSE, 0x3B,
                                                     bytes([49]) + value + b"alice"), acfc=True)))
    failure = ("E=691 R=0 C=%s V=3 M=Authentication failure"
               % prand("retry-challenge/l2tp_auth_failed", 16).hex().upper()).encode()
    cap.add(131.0, LNS, LAC, data(ct, cs, ppp(CHAP, cp(CHAP_FAILURE, 0x3B, failure))))
    cap.add(12.5, LAC, LNS, data(st, ss, ppp(LCP, cp(TERM_REQ, 2, b"Authentication failed"),
                                            acfc=True)))
    cap.add(1.0, LNS, LAC, data(ct, cs, ppp(LCP, cp(TERM_ACK, 2))))
    cap.add(60.0, LNS, LAC, control(ct, cs, 2, 4, [
        msg_type(CDN), result(3), avp(ASSIGNED_SESSION, u16(ss))]))
    cap.add(1.2, LAC, LNS, control(st, ss, 4, 3))                        # ZLB
    cap.add(30.0, LAC, LNS, control(st, 0, 4, 3, [
        msg_type(STOPCCN), avp(ASSIGNED_TUNNEL, u16(ct)), result(1, 0, "Disconnected")]))
    cap.add(14.0, LNS, LAC, control(ct, 0, 3, 5))                        # ZLB
    return name, cap


@scenario
def auth_failed_snaplen64():
    """auth_failed taken with a snapshot length of 64 bytes (tcpdump -s 64)."""
    return auth_failed(64, "l2tp_auth_failed_snaplen64.pcap")


@scenario
def tunnel_refused():
    """The LNS refuses the tunnel: StopCCN with Result Code 2 (general error),
    Error Code 4 (insufficient resources) and a message, after a ZLB; the
    client acknowledges it and tries again 10 s later, refused again."""
    cap = Capture()
    for n, (wait, ct, st) in enumerate([(0, 0x51A0, 0x2290), (10000, 0x51A1, 0x2291)]):
        cap.add(wait, LAC, LNS, control(0, 0, 0, 0, sccrq(ct)))
        cap.add(9.4, LNS, LAC, control(ct, 0, 0, 1))                     # ZLB
        cap.add(0.6, LNS, LAC, control(ct, 0, 0, 1, [
            msg_type(STOPCCN), avp(ASSIGNED_TUNNEL, u16(st)),
            result(2, 4, "Tunnel limit reached (%d of 64)" % (64 - n))]))
        cap.add(1.3, LAC, LNS, control(st, 0, 1, 1))                     # ZLB
    return "l2tp_tunnel_refused.pcap", cap


@scenario
def ns_wrap():
    """A tunnel captured long after it came up: its sequence numbers wrap
    (Ns 65534, 65535, then 0, section 5.8) while Hellos and LCP Echoes are
    answered; then the client hangs up: CDN (result 3) and StopCCN (result 1)."""
    cap = Capture()
    ct, st, cs, ss = 0x0F31, 0x6A02, 0x1E55, 0x3C07
    c_ns, s_ns = 65534, 65535         # the next Ns of each side
    for i in range(3):
        cap.add(0 if i == 0 else 20000, LAC, LNS, data(st, ss, ppp(LCP, cp(
            ECHO_REQ, 0x40 + i, struct.pack("!I", 0x2C41D0E5)), acfc=True)))
        cap.add(3.2, LNS, LAC, data(ct, cs, ppp(LCP, cp(
            ECHO_REP, 0x40 + i, struct.pack("!I", 0x6E01B7A2)))))
        cap.add(10000, LAC, LNS, control(st, 0, c_ns, s_ns, [msg_type(HELLO)]))
        c_ns = (c_ns + 1) & 0xFFFF
        cap.add(4.1, LNS, LAC, control(ct, 0, s_ns, c_ns))              # ZLB
    cap.add(2000, LNS, LAC, control(ct, 0, s_ns, c_ns, [msg_type(HELLO)]))
    s_ns = (s_ns + 1) & 0xFFFF
    cap.add(3.9, LAC, LNS, control(st, 0, c_ns, s_ns))                  # ZLB
    cap.add(5000, LAC, LNS, control(st, ss, c_ns, s_ns, [
        msg_type(CDN), result(3), avp(ASSIGNED_SESSION, u16(cs))]))
    c_ns = (c_ns + 1) & 0xFFFF
    cap.add(4.4, LNS, LAC, control(ct, cs, s_ns, c_ns))                 # ZLB
    cap.add(20.0, LAC, LNS, control(st, 0, c_ns, s_ns, [
        msg_type(STOPCCN), avp(ASSIGNED_TUNNEL, u16(ct)), result(1)]))
    c_ns = (c_ns + 1) & 0xFFFF
    cap.add(4.0, LNS, LAC, control(ct, 0, s_ns, c_ns))                  # ZLB
    return "l2tp_ns_wrap.pcap", cap


@scenario
def malformed():
    """One frame per fault (l2tp.md lists them)."""
    cap = Capture()
    hn = avp(HOST_NAME, "after-the-fault")
    # 1: an AVP Length below 6, then a Host Name
    cap.add(0, LAC, LNS, control(0, 0, 0, 0, [msg_type(SCCRQ), avp(RWS, u16(8), length=4), hn]))
    # 2: the Host Name runs past the message's Length (which stops 5 bytes into it)
    body = [msg_type(SCCRQ), avp(ASSIGNED_TUNNEL, u16(0x0101)), hn]
    cap.add(100, LAC, LNS, control(0, 0, 0, 0, body, length=12 + 8 + 8 + 5))
    # 3: Length 300, past the datagram
    cap.add(100, LNS, LAC, control(0x0101, 0, 0, 1, [
        msg_type(STOPCCN), avp(ASSIGNED_TUNNEL, u16(0x0202)), result(6, 0, "Shutting down")],
        length=300))
    # 4: version 3 (L2TPv3 over UDP, RFC 3931 section 4.1.2.1): Ver 3
    cap.add(100, LAC, LNS, control(0, 0, 0, 0, [msg_type(SCCRQ)], flags=0xC803))
    # 5: version 1 (L2F, RFC 2341)
    cap.add(100, LAC, LNS, control(0, 0, 0, 0, [msg_type(SCCRQ)], flags=0xC801))
    # 6: SCCRP with a Random Vector and the Assigned Tunnel ID and Host Name hidden (section 4.3)
    cap.add(100, LNS, LAC, control(0x0303, 0, 0, 1, [
        msg_type(SCCRP), avp(RANDOM_VECTOR, prand("random-vector", 16)),
        avp(ASSIGNED_TUNNEL, prand("hidden-tunnel", 8), hidden=True),
        avp(HOST_NAME, prand("hidden-host", 12), hidden=True), avp(PROTOCOL_VERSION, u16(0x0100))]))
    # 7: an unknown mandatory AVP (type 200) before the Host Name
    cap.add(100, LAC, LNS, control(0, 0, 0, 0, [msg_type(SCCRQ), avp(200, b"\x01\x02\x03"), hn]))
    # 8: a data message with the O and P bits: Offset Size 4, four bytes of padding, LCP Echo
    cap.add(100, LAC, LNS, struct.pack("!HHHH", 0x0302, 0x0404, 0x0505, 4) + b"\xee" * 4 +
            ppp(LCP, cp(ECHO_REQ, 7, b"\x11\x22\x33\x44")))
    # 9: a control message with T but neither L nor S (RFC 2661 requires both)
    cap.add(100, LAC, LNS, struct.pack("!HHH", 0x8002, 0x0606, 0) +
            msg_type(HELLO) + avp(HOST_NAME, "no-length"))
    # 10: a Result Code of vendor 311 (Microsoft), then the standard one
    cap.add(100, LNS, LAC, control(0x0707, 0, 0, 1, [
        msg_type(STOPCCN), avp(RESULT_CODE, u16(5) + u16(0), vendor=311), result(2)]))
    # 11: two Message Types (the first counts), a Result Code of 3 bytes (result only), an
    # Assigned Tunnel ID of 3 bytes (not read), a Host Name with a NUL, non-UTF-8 and a tab
    cap.add(100, LNS, LAC, control(0x0808, 0, 0, 1, [
        msg_type(STOPCCN), msg_type(HELLO), avp(RESULT_CODE, u16(2) + b"\x00"),
        avp(ASSIGNED_TUNNEL, b"\x00\x09\x09"), avp(HOST_NAME, b"gw\xff\tn\x00hidden")]))
    # 12: cut (this record alone) within the Session ID: no observation
    cap.add(100, LAC, LNS, control(0x0909, 0, 0, 0, [msg_type(HELLO)]), cut=14 + 20 + 8 + 7)
    # 13: a data message whose Length cuts its CHAP Failure's message (L bit set)
    failure = cp(CHAP_FAILURE, 9, b"E=691 R=0 V=3 M=cut by Length")
    frame = ppp(CHAP, failure)
    cap.add(100, LNS, LAC, struct.pack("!HHHH", 0x4002, 8 + len(frame) - 12, 0x0A0A, 0x0B0B) +
            frame)
    # 14: a control message whose Length (8) is shorter than its header
    cap.add(100, LAC, LNS, control(0x0C0C, 0, 5, 5, [msg_type(HELLO)], length=8))
    # 15: a control message with the S bit and only 2 bytes after the Session ID
    cap.add(100, LAC, LNS, struct.pack("!HHHHH", 0xC802, 12, 0x0D0D, 0, 7))
    return "l2tp_malformed.pcap", cap


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for fn in SCENARIOS:
        name, cap = fn()
        cap.write(os.path.join(argv[1], name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
