#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic PPTP control-plane failure captures and their manifest.

Usage: generate_control.py OUTDIR

Writes into OUTDIR one classic pcap (Ethernet, microsecond timestamps) per
scenario below, and control.expect.json, the manifest that says for each
capture which pptpdiag rule should fire at which frame.  All captures are
taken on the client (10.10.1.2), in the lab topology:

    client 10.10.1.2 -- 10.10.1.1 router 10.10.2.1 -- 10.10.2.2 server

so the client's own packets carry TTL 64, the server's arrive with TTL 63
(one router hop), and the router's own packets (ICMP errors, DNS answers)
arrive with TTL 64.

These are the failures the real lab captures do not cover: ICMP answers to
the TCP 1723 SYN, DNS failures, PPTP Result Codes that refuse the control
connection or the call, Call-Disconnect-Notify, Stop-Control-Connection,
WAN-Error-Notify, unanswered PPTP Echo-Requests, the control connection
dying under a call, plus healthy counterparts.  Message layouts follow
RFC 2637 section 2 (control) and 4.1 (enhanced GRE); the PPP exchange
(LCP, MS-CHAPv2, CCP/MPPE, IPCP) is modelled on
test-captures/real/success/client.pcap (pppd 2.4.9 / pptpd 1.4.0).

Output is deterministic: fixed timestamps (base 2026-11-21 12:00:00 UTC),
MACs, ports, initial sequence numbers, one increasing IP ID counter per host,
MPPE "ciphertext" from SHA-256 of fixed labels; every length and checksum is
computed by scapy.  Run with Debian's /usr/bin/python3 and python3-scapy
(tested with scapy 2.5.0).
"""

import calendar
import json
import os
import struct
import sys
from decimal import Decimal

from scapy.layers.dns import DNS, DNSQR, DNSRR, DNSRRSOA
from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import wrpcap

from synthlib import prand

# --- Topology -----------------------------------------------------------------
CLIENT_MAC = "02:00:0a:0a:01:02"
ROUTER_MAC = "02:00:0a:0a:01:01"     # the router's client-side interface
CLIENT_IP = "10.10.1.2"
ROUTER_IP = "10.10.1.1"             # default gateway and DNS resolver
SERVER_IP = "10.10.2.2"

CLIENT_TTL = 64
SERVER_TTL = 63                     # 64 minus the router
ROUTER_TTL = 64

PPTP_PORT = 1723
DNS_PORT = 53

BASE_TIME = Decimal(calendar.timegm((2026, 11, 21, 12, 0, 0)))

# --- PPTP constants (RFC 2637 section 2) -------------------------------------
MAGIC_COOKIE = 0x1A2B3C4D
PNS_CALL_ID = 17219                 # the client's (PNS) Call ID
PAC_CALL_ID = 2                     # the server's (PAC) Call ID

SCCRQ, SCCRP, STOPCCRQ, STOPCCRP, ECHORQ, ECHORP = 1, 2, 3, 4, 5, 6
OCRQ, OCRP, CCRQ, CDN, WEN, SLI = 7, 8, 12, 13, 14, 15


# --- Hosts: one increasing IP ID counter each --------------------------------
class Host:
    def __init__(self, ip, mac, ttl, first_id, df=True, tos=0):
        self.ip, self.mac, self.ttl = ip, mac, ttl
        self.next_id = first_id
        self.df, self.tos = df, tos

    def ip_id(self):
        i = self.next_id
        self.next_id = (self.next_id + 1) & 0xFFFF
        return i


def l2(src_host):
    """Ethernet header for a frame captured on the client's interface."""
    if src_host.ip == CLIENT_IP:
        return Ether(src=CLIENT_MAC, dst=ROUTER_MAC, type=0x0800)
    return Ether(src=ROUTER_MAC, dst=CLIENT_MAC, type=0x0800)


def ip_hdr(src, dst, proto=None, ttl=None, df=None, tos=None, ip_id=None):
    kw = dict(src=src.ip, dst=dst, id=src.ip_id() if ip_id is None else ip_id,
              flags="DF" if (src.df if df is None else df) else 0,
              ttl=src.ttl if ttl is None else ttl,
              tos=src.tos if tos is None else tos)
    if proto is not None:
        kw["proto"] = proto
    return IP(**kw)


# --- A capture under construction --------------------------------------------
class Capture:
    def __init__(self, name, description):
        self.name, self.description = name, description
        self.frames = []            # (Decimal time offset, packet)
        self.marks = {}
        self.expect = []

    def add(self, t, pkt):
        t = Decimal(t).quantize(Decimal("0.000001"))
        assert not self.frames or t > self.frames[-1][0], (self.name, t)
        self.frames.append((t, Ether(bytes(pkt))))  # freeze lengths, checksums
        return len(self.frames)

    @property
    def n(self):
        return len(self.frames)

    @property
    def t(self):
        return self.frames[-1][0]

    def mark(self, label):
        self.marks[label] = self.n
        return self.n

    def expect_rule(self, frame, rule, confidence, note):
        self.expect.append({"frame": frame, "rule": rule,
                            "confidence": confidence, "note": note})

    def write(self, outdir):
        assert self.n < 100, (self.name, self.n)
        pkts = []
        for t, pkt in self.frames:
            pkt.time = BASE_TIME + t
            pkts.append(pkt)
        # Pin what wrpcap would otherwise take from the host.
        wrpcap(os.path.join(outdir, self.name), pkts, linktype=1,
               endianness="<", snaplen=262144, nano=False)


# --- TCP connection to port 1723 with consistent seq/ack ---------------------
SYN_OPTS = [("MSS", 1460), ("NOP", None), ("NOP", None), ("SAckOK", b""),
            ("NOP", None), ("WScale", 7)]


class Tcp:
    def __init__(self, cap, client, server, cport, c_isn, s_isn):
        self.cap, self.client, self.server = cap, client, server
        self.cport = cport
        self.c_isn, self.s_isn = c_isn, s_isn
        self.c_nxt, self.s_nxt = c_isn, s_isn   # next seq each side sends
        self.c_rcv, self.s_rcv = 0, 0           # what each side acks

    def _pkt(self, from_client, flags, seq, ack, payload, window, options):
        src = self.client if from_client else self.server
        dst = SERVER_IP if from_client else CLIENT_IP
        sport, dport = ((self.cport, PPTP_PORT) if from_client
                        else (PPTP_PORT, self.cport))
        pkt = (l2(src) / ip_hdr(src, dst)
               / TCP(sport=sport, dport=dport, seq=seq,
                     ack=ack if "A" in flags else 0, flags=flags,
                     window=window, options=options, urgptr=0))
        if payload:
            pkt = pkt / Raw(payload)
        return pkt

    def send(self, t, from_client, flags="PA", payload=b""):
        """Send new data (or a bare ACK, SYN or FIN) from one side."""
        if from_client:
            seq, ack = self.c_nxt, self.c_rcv
            window = 64240 if flags == "S" else 502       # x128 = 64256
        else:
            seq, ack = self.s_nxt, self.s_rcv
            window = 65160 if flags == "SA" else 509       # x128 = 65152
        options = SYN_OPTS if "S" in flags else []
        step = len(payload) + (1 if ("S" in flags or "F" in flags) else 0)
        if from_client:
            self.c_nxt = (self.c_nxt + step) & 0xFFFFFFFF
            self.s_rcv = self.c_nxt
        else:
            self.s_nxt = (self.s_nxt + step) & 0xFFFFFFFF
            self.c_rcv = self.s_nxt
        return self.cap.add(t, self._pkt(from_client, flags, seq, ack,
                                         payload, window, options))

    def resend(self, t, frame_no):
        """Retransmit an earlier segment byte for byte (new IP ID)."""
        old = self.cap.frames[frame_no - 1][1]
        from_client = old[IP].src == CLIENT_IP
        src = self.client if from_client else self.server
        pkt = old.copy()
        pkt[IP].id = src.ip_id()
        del pkt[IP].chksum
        return self.cap.add(t, pkt)

    def c(self, t, flags="PA", payload=b""):
        return self.send(t, True, flags, payload)

    def s(self, t, flags="PA", payload=b""):
        return self.send(t, False, flags, payload)

    def handshake(self, t):
        self.c(t, "S")
        self.s(t + Decimal("0.004"), "SA")
        self.c(t + Decimal("0.005"), "A")


# --- PPTP control messages (RFC 2637 section 2) ------------------------------
def pad(text, size=64):
    raw = text.encode("ascii")
    assert len(raw) <= size
    return raw + b"\x00" * (size - len(raw))


def pptp(ctrl_type, body):
    return struct.pack("!HHIHH", 12 + len(body), 1, MAGIC_COOKIE,
                       ctrl_type, 0) + body


def msg_sccrq():
    # Version 1.0, framing caps 3 (async+sync), bearer caps 3 (analog+digital),
    # max channels 65535, firmware 1, host "local", vendor "cananian"
    # (what pptp-linux 1.10 sends, as in real/success).
    return pptp(SCCRQ, struct.pack("!HHIIHH", 0x0100, 0, 3, 3, 65535, 1)
                + pad("local") + pad("cananian"))


def msg_sccrp(result=1, error=0):
    # As pptpd 1.4.0 answers in real/success: caps 0/0, 1 channel, "linux".
    return pptp(SCCRP, struct.pack("!HBBIIHH", 0x0100, result, error,
                                   0, 0, 1, 1)
                + pad("local") + pad("linux"))


def msg_stopccrq(reason):
    return pptp(STOPCCRQ, struct.pack("!BBH", reason, 0, 0))


def msg_stopccrp(result=1, error=0):
    return pptp(STOPCCRP, struct.pack("!BBH", result, error, 0))


def msg_echo_rq(ident):
    return pptp(ECHORQ, struct.pack("!I", ident))


def msg_echo_rp(ident, result=1, error=0):
    return pptp(ECHORP, struct.pack("!IBBH", ident, result, error, 0))


def msg_ocrq(serial=0):
    # Min 2400 bps, max 10 Mbit/s, bearer 3, framing 3, window 3, no phone.
    return pptp(OCRQ, struct.pack("!HHIIIIHHHH", PNS_CALL_ID, serial,
                                  2400, 10000000, 3, 3, 3, 0, 0, 0)
                + pad("") + pad(""))


def msg_ocrp(result=1, error=0, pac_call_id=PAC_CALL_ID):
    speed = 10000000 if result == 1 else 0
    return pptp(OCRP, struct.pack("!HHBBHIHHI", pac_call_id, PNS_CALL_ID,
                                  result, error, 0, speed, 3, 0, 0))


def msg_ccrq():
    return pptp(CCRQ, struct.pack("!HH", PNS_CALL_ID, 0))


def msg_cdn(result, error=0, stats=""):
    # Call ID here is the PAC's own (RFC 2637 2.14).
    return pptp(CDN, struct.pack("!HBBHH", PAC_CALL_ID, result, error, 0, 0)
                + pad(stats, 128))


def msg_wan_error(crc, framing, hw_overruns, buf_overruns, timeouts, align):
    return pptp(WEN, struct.pack("!HHIIIIII", PNS_CALL_ID, 0, crc, framing,
                                 hw_overruns, buf_overruns, timeouts, align))


for _m, _len in ((msg_sccrq(), 156), (msg_sccrp(), 156), (msg_stopccrq(1), 16),
                 (msg_stopccrp(), 16), (msg_echo_rq(1), 16),
                 (msg_echo_rp(1), 20), (msg_ocrq(), 168), (msg_ocrp(), 32),
                 (msg_ccrq(), 16), (msg_cdn(1), 148),
                 (msg_wan_error(0, 0, 0, 0, 0, 0), 40)):
    assert len(_m) == _len, (_m[8:10], len(_m))


# --- Enhanced GRE (RFC 2637 4.1) and PPP --------------------------------------
class Call:
    """GRE flow of one call: per-direction sequence and acknowledgement."""

    def __init__(self, cap, client, server):
        self.cap, self.client, self.server = cap, client, server
        self.c_seq, self.s_seq = 0, 0        # next sequence number to send
        self.c_unacked, self.s_unacked = None, None  # peer seq to ack

    def _send(self, t, from_client, payload):
        src = self.client if from_client else self.server
        dst = SERVER_IP if from_client else CLIENT_IP
        key = PAC_CALL_ID if from_client else PNS_CALL_ID  # the peer's Call ID
        flags = 0x2001                                    # K, version 1
        seq = ack = None
        if payload:
            flags |= 0x1000                               # S
            if from_client:
                seq, self.c_seq = self.c_seq, self.c_seq + 1
                self.s_unacked = seq
            else:
                seq, self.s_seq = self.s_seq, self.s_seq + 1
                self.c_unacked = seq
        ack = self.c_unacked if from_client else self.s_unacked
        if ack is not None:
            flags |= 0x0080                               # A
            if from_client:
                self.c_unacked = None
            else:
                self.s_unacked = None
        assert payload or ack is not None
        gre = struct.pack("!HHHH", flags, 0x880B, len(payload), key)
        if seq is not None:
            gre += struct.pack("!I", seq)
        if ack is not None:
            gre += struct.pack("!I", ack)
        pkt = l2(src) / ip_hdr(src, dst, proto=47) / Raw(gre + payload)
        return self.cap.add(t, pkt)

    def c(self, t, payload=b""):
        return self._send(t, True, payload)

    def s(self, t, payload=b""):
        return self._send(t, False, payload)


LCP, CHAP, CCP, IPCP, MPPE = 0xC021, 0xC223, 0x80FD, 0x8021, 0x00FD


def ppp(proto, code, ident, data, acfc=True):
    """PPP frame; after LCP opens, ACFC drops FF03 and PFC shortens 0x00xx."""
    body = struct.pack("!BBH", code, ident, 4 + len(data)) + data
    head = b"" if acfc else b"\xff\x03"
    return head + struct.pack("!H", proto) + body


C_MAGIC, S_MAGIC = 0x5C1E0A37, 0x9B7F2D41
C_LCP_OPTS = (struct.pack("!BBI", 2, 6, 0)              # ACCM 0
              + struct.pack("!BBI", 5, 6, C_MAGIC)      # Magic-Number
              + b"\x07\x02\x08\x02")                    # PFC, ACFC
S_LCP_OPTS = (struct.pack("!BBI", 2, 6, 0)
              + struct.pack("!BBHB", 3, 5, CHAP, 0x81)  # Auth: MS-CHAPv2
              + struct.pack("!BBI", 5, 6, S_MAGIC)
              + b"\x07\x02\x08\x02")
MPPE_OPT = struct.pack("!BBI", 18, 6, 0x01000040)       # MPPE, 128-bit, stateless


def blob(label, size):
    """Deterministic bytes standing for a hash, challenge or ciphertext."""
    return prand(label, size)


def mppe(label, cc, size):
    """MPPE-encrypted PPP frame: PFC protocol 0xFD, A+D bits, coherency count."""
    return b"\xfd" + struct.pack("!H", 0x9000 | (cc & 0x0FFF)) + blob(label, size)


def ip4(a):
    return bytes(int(x) for x in a.split("."))


# --- Session building blocks --------------------------------------------------
def D(x):
    return Decimal(str(x))


class Session:
    """A client-side view of one PPTP session: TCP, control, call, PPP."""

    def __init__(self, cap, cport, c_isn, s_isn, client=None, server=None):
        self.cap = cap
        self.client = client or Host(CLIENT_IP, CLIENT_MAC, CLIENT_TTL, 0x2456)
        self.server = server or Host(SERVER_IP, ROUTER_MAC, SERVER_TTL, 0x784F)
        self.tcp = Tcp(cap, self.client, self.server, cport, c_isn, s_isn)
        self.call = Call(cap, self.client, self.server)
        self.mppe_cc = {True: 0, False: 0}

    def control_up(self, t, retransmit_sccrq=False):
        """Handshake, SCCRQ, SCCRP; returns the time of the client's ACK."""
        tcp, cap = self.tcp, self.cap
        tcp.handshake(t)
        t = cap.t + D("0.108")
        sccrq = tcp.c(t, payload=msg_sccrq())
        cap.mark("sccrq")
        if retransmit_sccrq:
            t += D("0.208")
            tcp.resend(t, sccrq)
            cap.mark("sccrq_retx")
        tcp.s(t + D("0.002"), "A")
        t += D("0.196")
        tcp.s(t, payload=msg_sccrp())
        cap.mark("sccrp")
        tcp.c(t + D("0.0003"), "A")
        return cap.t

    def call_up(self, t, retransmit_ocrq=False):
        """OCRQ/OCRP (connected); returns the time of the client's ACK."""
        tcp, cap = self.tcp, self.cap
        ocrq = tcp.c(t, payload=msg_ocrq())
        cap.mark("ocrq")
        if retransmit_ocrq:
            t += D("0.208")
            tcp.resend(t, ocrq)
            cap.mark("ocrq_retx")
        tcp.s(t + D("0.0008"), "A")
        t += D("0.0116")
        tcp.s(t, payload=msg_ocrp())
        cap.mark("ocrp")
        tcp.c(t + D("0.0002"), "A")
        return cap.t

    def ppp_up(self, t):
        """LCP, MS-CHAPv2, CCP (MPPE-128), IPCP; returns the last time."""
        call, cap = self.call, self.cap
        steps = [
            # (delay, from_client, frame, mark)
            ("0.014", True, ppp(LCP, 1, 1, C_LCP_OPTS, acfc=False), "lcp_req"),
            ("0.169", False, ppp(LCP, 1, 1, S_LCP_OPTS, acfc=False), None),
            ("0.007", True, ppp(LCP, 2, 1, S_LCP_OPTS, acfc=False), None),
            ("0.008", False, ppp(LCP, 2, 1, C_LCP_OPTS, acfc=False), "lcp_open"),
            ("0.017", False, ppp(CHAP, 1, 0xF3, b"\x10" + blob("challenge", 16)
                                 + b"pptp-dev-srv"), "chap_challenge"),
            ("0.021", True, ppp(CHAP, 2, 0xF3, b"\x31" + blob("peer-challenge", 16)
                                + b"\x00" * 8 + blob("nt-response", 24)
                                + b"\x00" + b"alice"), None),
            ("0.012", False, ppp(CHAP, 3, 0xF3, b"S=" + blob("auth", 20).hex()
                                 .upper().encode() + b" M=Access granted"),
             "chap_success"),
            ("0.006", True, ppp(CCP, 1, 1, MPPE_OPT), None),
            ("0.007", False, ppp(CCP, 1, 1, MPPE_OPT), None),
            ("0.005", True, ppp(CCP, 2, 1, MPPE_OPT), None),
            ("0.005", False, ppp(CCP, 2, 1, MPPE_OPT), "ccp_open"),
            ("0.004", True, ppp(IPCP, 1, 1, b"\x03\x06" + ip4("0.0.0.0")), None),
            ("0.009", False, ppp(IPCP, 1, 1, b"\x03\x06" + ip4("192.168.50.1")), None),
            ("0.004", True, ppp(IPCP, 2, 1, b"\x03\x06" + ip4("192.168.50.1")), None),
            ("0.012", False, ppp(IPCP, 3, 1, b"\x03\x06" + ip4("192.168.50.10")), None),
            ("0.004", True, ppp(IPCP, 1, 2, b"\x03\x06" + ip4("192.168.50.10")), None),
            ("0.005", False, ppp(IPCP, 2, 2, b"\x03\x06" + ip4("192.168.50.10")), "ipcp_open"),
        ]
        for delay, from_client, frame, label in steps:
            t = t + D(delay)
            (call.c if from_client else call.s)(t, frame)
            if label:
                cap.mark(label)
        return t

    def pings(self, t, count, gap="1.0"):
        """count ICMP echoes through the tunnel (MPPE), each answered."""
        call, cap = self.call, self.cap
        for i in range(count):
            if i:
                t += D(gap)
            self.data(t, True, 85)
            if i == 0:
                cap.mark("data_first")
            t += D("0.0031")
            self.data(t, False, 85)
        call.c(t + D("0.500"))            # GRE ack-only
        return cap.t

    def data(self, t, from_client, size):
        cc = self.mppe_cc[from_client]
        self.mppe_cc[from_client] += 1
        label = "%s/%s/%d" % (self.cap.name, "c" if from_client else "s", cc)
        return (self.call.c if from_client else self.call.s)(
            t, mppe(label, cc, size))

    def healthy_up(self, t, retransmit_sccrq=False, retransmit_ocrq=False):
        t = self.control_up(t, retransmit_sccrq)
        t = self.call_up(t + D("0.800"), retransmit_ocrq)
        t = self.ppp_up(t)
        self.cap.mark("session_up")
        return self.pings(t + D("0.060"), 3)

    def hangup(self, t):
        """Client hangs up cleanly: LCP Terminate, CCRQ/CDN, StopCCRQ/RP, FIN."""
        call, tcp, cap = self.call, self.tcp, self.cap
        call.c(t, ppp(LCP, 5, 2, b"User request", acfc=False))
        t += D("0.011")
        call.s(t, ppp(LCP, 6, 2, b"", acfc=False))
        t += D("0.052")
        tcp.c(t, payload=msg_ccrq())
        cap.mark("ccrq")
        t += D("0.009")
        tcp.s(t, payload=msg_cdn(4, stats="Call cleared by PNS"))
        cap.mark("cdn")
        t += D("0.004")
        tcp.c(t, payload=msg_stopccrq(1))
        t += D("0.007")
        tcp.s(t, payload=msg_stopccrp(1))
        t += D("0.002")
        self.close(t, client_first=True)

    def close(self, t, client_first):
        tcp = self.tcp
        first, second = (tcp.c, tcp.s) if client_first else (tcp.s, tcp.c)
        first(t, "FA")
        self.cap.mark("fin")
        second(t + D("0.003"), "FA")
        first(t + D("0.0035"), "A")


# --- Scenarios ----------------------------------------------------------------
def icmp_unreachable(code, sender):
    desc = {13: "administratively prohibited (type 3 code 13) from the router",
            3: "port unreachable (type 3 code 3) from the server itself",
            1: "host unreachable (type 3 code 1) from the router"}[code]
    name = {13: "tcp1723_icmp_admin.pcap", 3: "tcp1723_icmp_port.pcap",
            1: "tcp1723_icmp_host.pcap"}[code]
    cap = Capture(name, "SYN to 10.10.2.2:1723 answered by ICMP destination "
                  "unreachable, %s, quoting the SYN; the client's TCP "
                  "retransmits the SYN at 1 s and 3 s and gets the same answer "
                  "each time." % desc)
    client = Host(CLIENT_IP, CLIENT_MAC, CLIENT_TTL, 0x3A10)
    server = Host(SERVER_IP, ROUTER_MAC, SERVER_TTL, 0x6C20)
    router = Host(ROUTER_IP, ROUTER_MAC, ROUTER_TTL, 0x1D70, df=False, tos=0xC0)
    tcp = Tcp(cap, client, server, 50100 + code, 0x6E3F2A11, 0)
    if sender == "router":
        icmp_src, delay = router, D("0.0012")
    else:
        # iptables REJECT on the server; ICMP errors are TOS 0xC0, no DF.
        icmp_src, delay = Host(SERVER_IP, ROUTER_MAC, SERVER_TTL, 0x6C20,
                               df=False, tos=0xC0), D("0.0031")
    t = D("0.000")
    syn = None
    for i, at in enumerate(("0.000", "1.000", "3.000")):
        t = D(at)
        if syn is None:
            syn = tcp.c(t, "S")
        else:
            tcp.resend(t, syn)
        cap.mark("syn%d" % i)
        # The offender sees the SYN after the router decremented its TTL:
        # the quote carries TTL 63 and a recomputed header checksum, and the
        # whole 60-byte datagram (Linux quotes up to 576 bytes).
        sent = cap.frames[-1][1][IP]
        quoted = IP(bytes(sent))
        quoted.ttl -= 1
        del quoted.chksum
        quoted = IP(bytes(quoted))
        cap.add(t + delay, Ether(src=ROUTER_MAC, dst=CLIENT_MAC, type=0x0800)
                / ip_hdr(icmp_src, CLIENT_IP)
                / ICMP(type=3, code=code, unused=0) / Raw(bytes(quoted)))
        cap.mark("icmp%d" % i)
    cap.expect_rule(cap.marks["icmp0"], "tcp1723-unreachable", "confirmed",
                    "first ICMP type 3 code %d from %s quoting the SYN of frame "
                    "1; frames %d and %d repeat it for the retransmitted SYNs"
                    % (code, icmp_src.ip, cap.marks["icmp1"], cap.marks["icmp2"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def dns_query_frame(cap, client, t, txid, name, qtype, sport):
    return cap.add(t, l2(client) / ip_hdr(client, ROUTER_IP)
                   / UDP(sport=sport, dport=DNS_PORT)
                   / DNS(id=txid, rd=1, qd=DNSQR(qname=name, qtype=qtype)))


def dns_answer_frame(cap, router, t, txid, name, qtype, sport, rcode=0, an=None,
                     ns=None):
    return cap.add(t, l2(router) / ip_hdr(router, CLIENT_IP)
                   / UDP(sport=DNS_PORT, dport=sport)
                   / DNS(id=txid, qr=1, aa=1, rd=1, ra=1, rcode=rcode,
                         qd=DNSQR(qname=name, qtype=qtype), an=an, ns=ns))


def dns_unanswered():
    cap = Capture("dns_unanswered.pcap",
                  "The client asks the resolver 10.10.1.1 for the A record of "
                  "vpn.example.test four times (retries after 1, 2 and 4 s); "
                  "no answer ever comes and no TCP 1723 connection is tried.")
    client = Host(CLIENT_IP, CLIENT_MAC, CLIENT_TTL, 0x4B02)
    for at in ("0.000", "1.000", "3.000", "7.000"):
        dns_query_frame(cap, client, D(at), 0x5E21, "vpn.example.test", "A", 41622)
    cap.expect_rule(4, "dns-unanswered", "likely",
                    "4 unanswered A queries for vpn.example.test over 7 s; "
                    "concluded at the end of the capture, attached to the last "
                    "query (RAS error 868)")
    cap.vantage, cap.healthy_ok = "client", True
    return cap


SOA = DNSRRSOA(rrname="example.test.", ttl=3600, mname="ns.example.test.",
               rname="hostmaster.example.test.", serial=2026112101,
               refresh=7200, retry=900, expire=1209600, minimum=300)


def dns_nxdomain_retry():
    cap = Capture("dns_nxdomain_retry.pcap",
                  "The client resolves vpn-old.example.test: A and AAAA sent "
                  "together, both answered NXDOMAIN (rcode 3, SOA in the "
                  "authority section); the client tries again 1 s later, same "
                  "answers; no TCP 1723 follows.")
    client = Host(CLIENT_IP, CLIENT_MAC, CLIENT_TTL, 0x4C10)
    router = Host(ROUTER_IP, ROUTER_MAC, ROUTER_TTL, 0x0E31)
    name = "vpn-old.example.test"
    for i, (at, sport, ida, idq) in enumerate((("0.000", 38211, 0x1F3A, 0x2C48),
                                               ("1.004", 52907, 0x7D05, 0x91B6))):
        t = D(at)
        dns_query_frame(cap, client, t, ida, name, "A", sport)
        dns_query_frame(cap, client, t + D("0.00012"), idq, name, "AAAA", sport)
        dns_answer_frame(cap, router, t + D("0.0021"), ida, name, "A", sport,
                         rcode=3, ns=SOA)
        cap.mark("nx_a%d" % i)
        dns_answer_frame(cap, router, t + D("0.0024"), idq, name, "AAAA", sport,
                         rcode=3, ns=SOA)
    cap.expect_rule(cap.marks["nx_a0"], "dns-nxdomain", "confirmed",
                    "NXDOMAIN for the A query of vpn-old.example.test (frame 4 "
                    "repeats it for AAAA, frames 5-8 the retry); no TCP 1723 "
                    "follows (RAS error 868)")
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def dns_ok_then_connect():
    cap = Capture("dns_ok_then_connect.pcap",
                  "vpn.example.test resolves to 10.10.2.2, then a complete "
                  "healthy PPTP session: control connection, call, LCP, "
                  "MS-CHAPv2, CCP (MPPE-128), IPCP, three pings through the "
                  "tunnel, clean hang-up (LCP Terminate, CCRQ/CDN, "
                  "StopCCRQ/StopCCRP, FIN).")
    s = Session(cap, 50201, 0x1B2E4C01, 0x8D41A3E0)
    name = "vpn.example.test"
    dns_query_frame(cap, s.client, D("0.000"), 0x3A7C, name, "A", 45310)
    router = Host(ROUTER_IP, ROUTER_MAC, ROUTER_TTL, 0x0E40)
    dns_answer_frame(cap, router, D("0.0019"), 0x3A7C, name, "A", 45310,
                     an=DNSRR(rrname=name + ".", type="A", ttl=300,
                              rdata=SERVER_IP))
    t = s.healthy_up(D("0.0035"))
    s.hangup(t + D("1.2"))
    cap.expect_rule(cap.marks["ipcp_open"], "healthy", "confirmed",
                    "DNS answer in frame 2; IPCP opens at this frame; the "
                    "CDN (frame %d) answers the client's CCRQ (frame %d) with "
                    "Result Code 4 (Request) and must not warn"
                    % (cap.marks["cdn"], cap.marks["ccrq"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def sccrp_refused(result, error, name, text):
    cap = Capture(name, "TCP handshake and SCCRQ; the server answers SCCRP "
                  "with %s, then closes the TCP connection with FIN." % text)
    s = Session(cap, 50300 + result, 0x24F0BB10, 0x5A5A0001)
    tcp = s.tcp
    tcp.handshake(D("0.000"))
    tcp.c(D("0.113"), payload=msg_sccrq())
    tcp.s(D("0.1135"), "A")
    tcp.s(D("0.1310"), payload=msg_sccrp(result, error))
    cap.mark("sccrp")
    tcp.c(D("0.1312"), "A")
    s.close(D("0.1330"), client_first=False)
    cap.expect_rule(cap.marks["sccrp"], "control-refused", "confirmed",
                    "SCCRP Result Code %d%s; the server's FIN follows (frame %d)"
                    % (result, (", Error Code %d" % error) if error else "",
                       cap.marks["fin"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def ocrp_refused(result, error, name, text):
    cap = Capture(name, "Control connection up (SCCRQ/SCCRP OK), OCRQ; the "
                  "server answers OCRP with %s; the client sends StopCCRQ "
                  "(Reason 1), the server StopCCRP (Result 1), the client "
                  "closes with FIN." % text)
    s = Session(cap, 50400 + result, 0x31C4D200, 0x6A0B0C00)
    tcp = s.tcp
    t = s.control_up(D("0.000"))
    t += D("0.800")
    tcp.c(t, payload=msg_ocrq())
    cap.mark("ocrq")
    tcp.s(t + D("0.0008"), "A")
    t += D("0.0116")
    tcp.s(t, payload=msg_ocrp(result, error, pac_call_id=0))
    cap.mark("ocrp")
    tcp.c(t + D("0.0002"), "A")
    t += D("0.0150")
    tcp.c(t, payload=msg_stopccrq(1))
    t += D("0.0060")
    tcp.s(t, payload=msg_stopccrp(1))
    s.close(t + D("0.0020"), client_first=True)
    cap.expect_rule(cap.marks["ocrp"], "call-refused", "confirmed",
                    "OCRP Result Code %d%s for the OCRQ of frame %d (Peer Call "
                    "ID %d)" % (result, (", Error Code %d" % error) if error
                                else "", cap.marks["ocrq"], PNS_CALL_ID))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def cdn_admin_shutdown():
    cap = Capture("cdn_admin_shutdown.pcap",
                  "Healthy session (LCP, MS-CHAPv2, CCP, IPCP, pings both "
                  "ways); then the server sends Call-Disconnect-Notify with "
                  "Result Code 3 (Admin Shutdown) unasked (no CCRQ), then "
                  "StopCCRQ (Reason 3, local shutdown); the client answers "
                  "StopCCRP and both close with FIN.")
    s = Session(cap, 50501, 0x40C0FFEE, 0x7B000000)
    tcp = s.tcp
    t = s.healthy_up(D("0.000"))
    t += D("2.500")
    tcp.s(t, payload=msg_cdn(3, stats="Administrative shutdown"))
    cap.mark("cdn")
    tcp.c(t + D("0.0002"), "A")
    t += D("0.0040")
    tcp.s(t, payload=msg_stopccrq(3))
    t += D("0.0030")
    tcp.c(t, payload=msg_stopccrp(1))
    s.close(t + D("0.0020"), client_first=False)
    cap.expect_rule(cap.marks["cdn"], "call-disconnected", "confirmed",
                    "CDN Result Code 3 (Admin Shutdown) from the server, no "
                    "CCRQ before it; IPCP opened at frame %d, the milestones "
                    "before the CDN must not warn" % cap.marks["ipcp_open"])
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def cdn_lost_carrier_early():
    cap = Capture("cdn_lost_carrier_early.pcap",
                  "Control connection and call up (OCRP Connected); the "
                  "client's LCP Configure-Request goes out twice over GRE, "
                  "nothing comes back; 0.5 s after the OCRP the server sends "
                  "Call-Disconnect-Notify Result Code 1 (Lost Carrier); the "
                  "client then stops the control connection.")
    s = Session(cap, 50601, 0x4D2A0F00, 0x1C3E5A70)
    tcp, call = s.tcp, s.call
    t = s.control_up(D("0.000"))
    t = s.call_up(t + D("0.800"))
    ocrp_t = cap.frames[cap.marks["ocrp"] - 1][0]
    call.c(t + D("0.0140"), ppp(LCP, 1, 1, C_LCP_OPTS, acfc=False))
    cap.mark("lcp_req1")
    call.c(t + D("0.3140"), ppp(LCP, 1, 1, C_LCP_OPTS, acfc=False))
    cap.mark("lcp_req2")
    tcp.s(ocrp_t + D("0.500"), payload=msg_cdn(1, stats="Lost carrier"))
    cap.mark("cdn")
    t = cap.t
    tcp.c(t + D("0.0002"), "A")
    t += D("0.0100")
    tcp.c(t, payload=msg_stopccrq(1))
    t += D("0.0060")
    tcp.s(t, payload=msg_stopccrp(1))
    s.close(t + D("0.0020"), client_first=True)
    cap.expect_rule(cap.marks["cdn"], "call-disconnected", "confirmed",
                    "CDN Result Code 1 (Lost Carrier) 0.5 s after the OCRP "
                    "(frame %d), before any PPP from the server; the client's "
                    "LCP Configure-Requests are frames %d and %d"
                    % (cap.marks["ocrp"], cap.marks["lcp_req1"],
                       cap.marks["lcp_req2"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def stopccrq_server():
    cap = Capture("stopccrq_server.pcap",
                  "Control connection up, no call placed; the server sends "
                  "Stop-Control-Connection-Request with Reason 3 "
                  "(Stop-Local-Shutdown); the client answers StopCCRP "
                  "(Result 1) and the server closes with FIN.")
    s = Session(cap, 50701, 0x52B1E000, 0x0D0D0D00)
    tcp = s.tcp
    t = s.control_up(D("0.000"))
    t += D("0.450")
    tcp.s(t, payload=msg_stopccrq(3))
    cap.mark("stopccrq")
    t += D("0.0025")
    tcp.c(t, payload=msg_stopccrp(1))
    s.close(t + D("0.0020"), client_first=False)
    cap.expect_rule(cap.marks["stopccrq"], "control-stopped", "confirmed",
                    "StopCCRQ Reason 3 (Stop-Local-Shutdown) from the server "
                    "before any call; StopCCRP and FIN follow")
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def wan_error():
    cap = Capture("wan_error.pcap",
                  "Healthy session; while it is up the server sends "
                  "WAN-Error-Notify (CRC errors 12, framing errors 3, timeout "
                  "errors 1); the session stays up (more pings) and the client "
                  "hangs up cleanly.")
    s = Session(cap, 50801, 0x61A80000, 0x2F00BA00)
    tcp = s.tcp
    t = s.healthy_up(D("0.000"))
    t += D("1.700")
    tcp.s(t, payload=msg_wan_error(12, 3, 0, 0, 1, 0))
    cap.mark("wen")
    tcp.c(t + D("0.0002"), "A")
    t = s.pings(t + D("0.800"), 2)
    s.hangup(t + D("1.0"))
    cap.expect_rule(cap.marks["wen"], "wan-error", "confirmed",
                    "WAN-Error-Notify for Peer Call ID %d: CRC 12, framing 3, "
                    "timeout 1; a warning only, the session stays healthy "
                    "(pings after it, clean hang-up with CDN Result 4)"
                    % PNS_CALL_ID)
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def pptp_echo(answered):
    name = "pptp_echo_ok.pcap" if answered else "pptp_echo_unanswered.pcap"
    if answered:
        desc = ("Healthy session, then the control connection is idle: the "
                "client sends a PPTP Echo-Request every 60 s (Identifier 1, 2, "
                "3), each answered by Echo-Reply Result Code 1; clean hang-up.")
    else:
        desc = ("Healthy session, then the path dies: the client's PPTP "
                "Echo-Requests (Identifier 1, 2, 3, 60 s apart) are never "
                "answered nor ACKed, each is retransmitted by TCP 3 times "
                "(1, 2, 4 s backoff); then the client aborts the control "
                "connection with RST.")
    cap = Capture(name, desc)
    s = Session(cap, 50900 + int(answered), 0x70E0A000 + int(answered),
                0x3F3F0000)
    tcp = s.tcp
    t = s.healthy_up(D("0.000"))
    # 60 s after the last control message received (the OCRP).
    t = cap.frames[cap.marks["ocrp"] - 1][0]
    for ident in (1, 2, 3):
        t += D("60.0")
        rq = tcp.c(t, payload=msg_echo_rq(ident))
        cap.mark("echo%d" % ident)
        if answered:
            t += D("0.0031")
            tcp.s(t, payload=msg_echo_rp(ident, 1))
            cap.mark("echo_reply%d" % ident)
            tcp.c(t + D("0.0002"), "A")
        else:
            for back in ("1.0", "3.0", "7.0"):
                tcp.resend(t + D(back), rq)
    if answered:
        s.hangup(cap.t + D("5.0"))
        cap.expect_rule(cap.marks["echo_reply3"], "healthy", "confirmed",
                        "three PPTP Echo-Requests (frames %d, %d, %d), each "
                        "answered by Echo-Reply Result Code 1 and ACKed: no "
                        "warning anywhere"
                        % (cap.marks["echo1"], cap.marks["echo2"],
                           cap.marks["echo3"]))
    else:
        tcp.c(cap.t + D("8.0"), "RA")
        cap.mark("rst")
        cap.expect_rule(cap.marks["echo2"], "pptp-echo-unanswered", "likely",
                        "Echo-Request 1 (frame %d) unanswered and unACKed for "
                        "60 s when Echo-Request 2 goes out; 3 Echo-Requests "
                        "and 9 TCP retransmissions unanswered in all, then the "
                        "client's RST at frame %d"
                        % (cap.marks["echo1"], cap.marks["rst"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def control_reset_after_call():
    cap = Capture("control_reset_after_call.pcap",
                  "Healthy session; while the call is up the server resets "
                  "the control connection (TCP RST on 1723, no CCRQ/CDN); the "
                  "client's next tunnelled packet gets no answer.")
    s = Session(cap, 51001, 0x7C7C0000, 0x44C0DE00)
    tcp = s.tcp
    t = s.healthy_up(D("0.000"))
    tcp.s(t + D("2.000"), "RA")
    cap.mark("rst")
    s.data(cap.t + D("0.600"), True, 85)
    cap.expect_rule(cap.marks["rst"], "control-closed", "confirmed",
                    "server's RST on TCP 1723 while the call (IPCP open at "
                    "frame %d) is up, without CCRQ or CDN"
                    % cap.marks["ipcp_open"])
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def control_fin_before_call():
    cap = Capture("control_fin_before_call.pcap",
                  "TCP handshake and SCCRQ (ACKed); the server closes the "
                  "connection with FIN without sending SCCRP.")
    s = Session(cap, 51101, 0x0A0B0C0D, 0x55AA55AA)
    tcp = s.tcp
    tcp.handshake(D("0.000"))
    tcp.c(D("0.113"), payload=msg_sccrq())
    tcp.s(D("0.1135"), "A")
    s.close(D("0.2050"), client_first=False)
    cap.expect_rule(cap.marks["fin"], "control-closed", "confirmed",
                    "server's FIN after the SCCRQ (frame 4) with no SCCRP")
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def healthy_retransmitted_control():
    cap = Capture("healthy_retransmitted_control.pcap",
                  "Healthy session in which the SCCRQ and the OCRQ are each "
                  "retransmitted once by TCP (same sequence number, 208 ms "
                  "later) before the server's ACK; clean hang-up.")
    s = Session(cap, 51201, 0x1EAF0000, 0x66000000)
    t = s.healthy_up(D("0.000"), retransmit_sccrq=True, retransmit_ocrq=True)
    s.hangup(t + D("1.0"))
    cap.expect_rule(cap.marks["ipcp_open"], "healthy", "confirmed",
                    "TCP retransmissions of the SCCRQ (frame %d) and OCRQ "
                    "(frame %d) must not warn; IPCP opens at this frame"
                    % (cap.marks["sccrq_retx"], cap.marks["ocrq_retx"]))
    cap.vantage, cap.healthy_ok = "client", True
    return cap


def scenarios():
    return [
        icmp_unreachable(13, "router"),
        icmp_unreachable(3, "server"),
        icmp_unreachable(1, "router"),
        dns_unanswered(),
        dns_nxdomain_retry(),
        dns_ok_then_connect(),
        sccrp_refused(2, 6, "sccrp_refused.pcap",
                      "Result Code 2 (General error) and Error Code 6 "
                      "(PAC-Error)"),
        sccrp_refused(4, 0, "sccrp_not_authorized.pcap",
                      "Result Code 4 (Requester is not authorized)"),
        ocrp_refused(2, 4, "ocrp_no_resource.pcap",
                     "Result Code 2 (General Error) and Error Code 4 "
                     "(No-Resource)"),
        ocrp_refused(4, 0, "ocrp_busy.pcap", "Result Code 4 (Busy)"),
        cdn_admin_shutdown(),
        cdn_lost_carrier_early(),
        stopccrq_server(),
        wan_error(),
        pptp_echo(False),
        pptp_echo(True),
        control_reset_after_call(),
        control_fin_before_call(),
        healthy_retransmitted_control(),
    ]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s OUTDIR\n" % argv[0])
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest = []
    for cap in scenarios():
        cap.write(outdir)
        manifest.append({"file": cap.name, "description": cap.description,
                         "vantage": cap.vantage, "frames": cap.n,
                         "expect": cap.expect,
                         "healthy_frames_must_not_warn": cap.healthy_ok})
    with open(os.path.join(outdir, "control.expect.json"), "w",
              encoding="ascii") as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
