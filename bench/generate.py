#!/usr/bin/python3
"""generate.py: deterministic captures for pptpdiag's benchmark and memory measurements.

  bench/generate.py SCENARIO OUT.pcap [COUNT]

SCENARIO and COUNT:
  background   COUNT frames (default 1000000) of ordinary traffic: TCP connections to 80/443,
               UDP, DNS queries and answers, ICMP echo; and 5 healthy PPTP sessions among them
  pptp         about COUNT frames (default 1000000) of PPTP sessions only, thousands of them
               overlapping in time: 70% healthy (TCP 1723, SCCRQ/SCCRP, OCRQ/OCRP, SLI, LCP,
               MS-CHAPv2, IPCP, data both ways, CCRQ/CDN, StopCCRQ/RP, FIN), 10% GRE dropped
               (the client's LCP Configure-Requests never answered, then Call-Clear), 10% RST on
               TCP 1723, 10% authentication failure (CHAP Failure E=691)
  sessions     COUNT sessions (default 1000) of the pptp mix, fewer data packets each
  overlap      about COUNT frames (default 1000000) of 1000 healthy sessions all open at once,
               each spanning the whole capture (COUNT/1000 frames each): the report's
               sequence views must stay linear in frames whatever the overlap
  vpn          about COUNT frames (default 1000000) of PPPoE (RFC 2516) and L2TP (RFC 2661)
               sessions, half each, thousands overlapping in time, MS-CHAPv2 and IPCP inside,
               plain IPv4 data both ways: PPPoE 70% healthy (PADI/PADO/PADR/PADS, LCP, CHAP,
               IPCP, data, LCP Terminate, PADT), 10% no offer (three PADIs), 10% refused (PADS
               with AC-System-Error), 10% authentication failure; L2TP 70% healthy
               (SCCRQ/SCCRP/SCCCN, ICRQ/ICRP/ICCN, PPP in data messages, CDN, StopCCN), 10%
               SCCRQ unanswered (five, as xl2tpd retries), 10% tunnel refused (StopCCN result 2),
               10% authentication failure (E=691, then CDN); and among them IKE SA attempts,
               one for every two of those sessions (issue 33), IKEv2 and IKEv1 alternating, 30%
               of the clients behind a NAT: IKEv2 IKE_SA_INIT and four IKE_AUTH round trips (on
               UDP 4500, encrypted payloads as random bytes), or L2TP/IPsec's main mode 1-6 and
               quick mode; then ESP both ways (random payloads, in UDP 4500 behind a NAT) and
               the client's Delete; 70% healthy, 10% UDP 500 unanswered (the first message sent
               four times), 10% NO_PROPOSAL_CHOSEN, 10% ESP one way (the server's lost: the
               client's retries, then its Delete). The PPPoE and L2TP frames are those of the
               capture without IKE (as before issue 33), in the same order; the IKE sessions
               draw from their own generator
  gre-callids  COUNT GRE packets (default 1000000), each with a distinct (addresses, Call ID)
  syn-flood    COUNT SYNs to TCP 1723 (default 1000000) from distinct addresses and ports

The same arguments always give the same file (fixed seeds and times). Ethernet + IPv4 frames
in a classic pcap (microseconds); IPv4 header checksums are computed, TCP/UDP ones left 0.
Plain struct packing: about 1 million frames per 10-20 s.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import heapq
import random
import struct
import sys

T0 = 1700000000.0
ETH = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"


def ip4(a):
    """4 address bytes of a dotted quad or an int."""
    return struct.pack("!I", a) if isinstance(a, int) else bytes(int(x) for x in a.split("."))


def csum(b):
    """Internet checksum (RFC 1071)."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def ipv4(src, dst, proto, payload, ttl=64, ident=0):
    """An Ethernet + IPv4 frame carrying @payload."""
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xffff, 0x4000, ttl,
                    proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return ETH + h + payload


def tcp(src, dst, sport, dport, flags, seq=0, ack=0, data=b"", ttl=64):
    """A TCP segment; flags as a string of F S R P A."""
    f = sum(v for k, v in (("F", 1), ("S", 2), ("R", 4), ("P", 8), ("A", 16)) if k in flags)
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, f,
                    64240, 0, 0)
    return ipv4(src, dst, 6, h + data, ttl)


def udp(src, dst, sport, dport, data):
    """A UDP datagram."""
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data)


def dns(ident, name, answer=None):
    """A DNS query for @name (type A), or its answer if @answer (4 address bytes)."""
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    q += struct.pack("!HH", 1, 1)
    if answer is None:
        return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + q
    a = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + answer
    return struct.pack("!HHHHHH", ident, 0x8180, 1, 1, 0, 0) + q + a


def icmp_echo(src, dst, reply, ident, seq):
    """An ICMP echo request or reply with 32 bytes of data."""
    body = struct.pack("!BBHHH", 0 if reply else 8, 0, 0, ident, seq) + bytes(range(32))
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    return ipv4(src, dst, 1, body)


# ---- PPTP (RFC 2637) ------------------------------------------------------------------------

def pptp(ctype, body):
    """A PPTP control message: header and @body."""
    return struct.pack("!HHIHH", 12 + len(body), 1, 0x1A2B3C4D, ctype, 0) + body


def sccrq():
    return pptp(1, struct.pack("!HHIIHH", 0x0100, 0, 1, 1, 0, 1) + b"client".ljust(64, b"\0")
                + b"bench".ljust(64, b"\0"))


def sccrp(result=1):
    return pptp(2, struct.pack("!HBBIIHH", 0x0100, result, 0, 1, 1, 0, 1)
                + b"server".ljust(64, b"\0") + b"bench".ljust(64, b"\0"))


def ocrq(call_id, serial):
    return pptp(7, struct.pack("!HHIIIIHHHH", call_id, serial, 300, 100000000, 3, 3, 64, 0, 0, 0)
                + b"\0" * 128)


def ocrp(call_id, peer, result=1):
    return pptp(8, struct.pack("!HHBBHIHHI", call_id, peer, result, 0, 0, 100000000, 64, 0, 0))


def sli(peer):
    return pptp(15, struct.pack("!HHII", peer, 0, 0xffffffff, 0xffffffff))


def ccrq(call_id):
    return pptp(12, struct.pack("!HH", call_id, 0))


def cdn(call_id):
    return pptp(13, struct.pack("!HBBHH", call_id, 3, 0, 0, 0) + b"\0" * 128)


def stopccrq():
    return pptp(3, struct.pack("!BBH", 1, 0, 0))


def stopccrp():
    return pptp(4, struct.pack("!BBH", 1, 0, 0))


def gre(src, dst, call_id, seq=None, ack=None, ppp=b"", ttl=64):
    """An enhanced GRE packet (RFC 2637 4.1) carrying the PPP frame @ppp."""
    flags = 0x2001 | (0x1000 if seq is not None else 0) | (0x0080 if ack is not None else 0)
    h = struct.pack("!HHHH", flags, 0x880B, len(ppp), call_id)
    if seq is not None:
        h += struct.pack("!I", seq)
    if ack is not None:
        h += struct.pack("!I", ack)
    return ipv4(src, dst, 47, h + ppp, ttl)


def ppp(proto, code, ident, data=b""):
    """A PPP frame (address/control, protocol) of a control protocol packet."""
    return b"\xff\x03" + struct.pack("!HBBH", proto, code, ident, 4 + len(data)) + data


LCP_OPTS = bytes([1, 4, 0x05, 0x78, 5, 6, 0x12, 0x34, 0x56, 0x78])


class Session:
    """Builds one PPTP session as a list of (time, frame) from @t."""

    def __init__(self, i, t, kind, data_packets):
        self.i, self.t, self.kind, self.data = i, t, kind, data_packets
        self.cli = ip4(0x0A000000 + 1 + i)  # 10.x.y.z
        self.srv = ip4("192.0.2.%d" % (1 + i % 200))
        self.port = 1024 + i % 60000
        self.cseq, self.sseq = 1000, 5000
        self.out = []

    def at(self, dt, frame):
        self.t += dt
        self.out.append((self.t, frame))

    def c2s(self, dt, flags, data=b""):
        self.at(dt, tcp(self.cli, self.srv, self.port, 1723, flags, self.cseq, self.sseq, data))
        self.cseq += len(data) + (1 if "S" in flags or "F" in flags else 0)

    def s2c(self, dt, flags, data=b""):
        self.at(dt, tcp(self.srv, self.cli, 1723, self.port, flags, self.sseq, self.cseq, data))
        self.sseq += len(data) + (1 if "S" in flags or "F" in flags else 0)

    def build(self):
        self.c2s(0, "S")
        if self.kind == "rst":
            self.at(0.001, tcp(self.srv, self.cli, 1723, self.port, "RA", 0, self.cseq))
            return self.out
        self.s2c(0.01, "SA")
        self.c2s(0.001, "A")
        self.c2s(0.001, "PA", sccrq())
        self.s2c(0.01, "PA", sccrp())
        pns, pac = 0x4000 + self.i % 0x4000, 0x8000 + self.i % 0x4000
        self.c2s(0.001, "PA", ocrq(pns, self.i & 0xffff))
        self.s2c(0.01, "PA", ocrp(pac, pns))
        self.c2s(0.001, "PA", sli(pac))
        cs = ss = 0
        if self.kind == "gre-dropped":
            for k in range(10):  # the server never answers the client's LCP
                self.at(3 if k else 0.01,
                        gre(self.cli, self.srv, pac, cs, None, ppp(0xc021, 1, k + 1, LCP_OPTS)))
                cs += 1
            self.c2s(1, "PA", ccrq(pns))
            self.s2c(0.01, "PA", cdn(pac))
        else:
            g_c = lambda dt, p: self.at(dt, gre(self.cli, self.srv, pac, cs, ss - 1 if ss else None, p))
            g_s = lambda dt, p: self.at(dt, gre(self.srv, self.cli, pns, ss, cs - 1 if cs else None, p))
            g_c(0.01, ppp(0xc021, 1, 1, LCP_OPTS)); cs += 1
            g_s(0.01, ppp(0xc021, 1, 1, LCP_OPTS)); ss += 1
            g_c(0.001, ppp(0xc021, 2, 1, LCP_OPTS)); cs += 1
            g_s(0.001, ppp(0xc021, 2, 1, LCP_OPTS)); ss += 1
            g_s(0.01, ppp(0xc223, 1, 1, bytes([16]) + bytes(16) + b"server")); ss += 1
            g_c(0.01, ppp(0xc223, 2, 1, bytes([49]) + bytes(49) + b"user")); cs += 1
            if self.kind == "auth-failed":
                g_s(0.05, ppp(0xc223, 4, 1, b"E=691 R=1 C=00112233445566778899aabbccddeeff V=3"))
                ss += 1
                g_s(0.01, ppp(0xc021, 5, 2)); ss += 1
                g_c(0.001, ppp(0xc021, 6, 2)); cs += 1
            else:
                g_s(0.05, ppp(0xc223, 3, 1, b"S=" + b"0" * 40 + b" M=Access granted")); ss += 1
                ipcp = bytes([3, 6, 10, 99, 0, 1])
                g_c(0.01, ppp(0x8021, 1, 1, ipcp)); cs += 1
                g_s(0.001, ppp(0x8021, 1, 1, ipcp)); ss += 1
                g_c(0.001, ppp(0x8021, 2, 1, ipcp)); cs += 1
                g_s(0.001, ppp(0x8021, 2, 1, ipcp)); ss += 1
                for k in range(self.data):
                    d = b"\xff\x03\x00\xfd" + bytes(60)  # MPPE-compressed datagram
                    if k % 2:
                        g_s(0.02, d); ss += 1
                    else:
                        g_c(0.02, d); cs += 1
            self.c2s(0.5, "PA", ccrq(pns))
            self.s2c(0.01, "PA", cdn(pac))
        self.c2s(0.01, "PA", stopccrq())
        self.s2c(0.01, "PA", stopccrp())
        self.c2s(0.001, "FA")
        self.s2c(0.001, "FA")
        self.c2s(0.001, "A")
        return self.out


KINDS = ["healthy"] * 7 + ["gre-dropped", "rst", "auth-failed"]


# ---- PPPoE (RFC 2516) and L2TP (RFC 2661) ----------------------------------------------------

def cp(proto, code, ident, data=b""):
    """A PPP frame without address and control (PPPoE's): protocol, then the control packet."""
    return ppp(proto, code, ident, data)[2:]


def inner_ip(src, dst, n):
    """The PPP frame of a plain IPv4 UDP datagram (protocol 0x0021) with 40 bytes of data."""
    return b"\x00\x21" + ipv4(src, dst, 17, struct.pack("!HHHH", 40000, 5001, 48, 0)
                              + bytes([n & 0xff]) * 40)[14:]


def ppp_exchange(kind, send_c, send_s, data_packets, cli_ip):
    """LCP, MS-CHAPv2 (E=691 when @kind is auth-failed), IPCP and data through @send_c (client to
    server) and @send_s, each taking (dt, PPP frame without address and control); then the
    client's LCP Terminate-Request and its Ack. Returns whether authentication passed."""
    send_c(0.01, cp(0xc021, 1, 1, LCP_OPTS))
    send_s(0.01, cp(0xc021, 1, 1, LCP_OPTS + bytes([3, 5, 0xc2, 0x23, 0x81])))
    send_c(0.001, cp(0xc021, 2, 1, LCP_OPTS + bytes([3, 5, 0xc2, 0x23, 0x81])))
    send_s(0.001, cp(0xc021, 2, 1, LCP_OPTS))
    send_s(0.01, cp(0xc223, 1, 1, bytes([16]) + bytes(16) + b"server"))
    send_c(0.01, cp(0xc223, 2, 1, bytes([49]) + bytes(49) + b"user"))
    if kind == "auth-failed":
        send_s(0.05, cp(0xc223, 4, 1, b"E=691 R=0 C=00112233445566778899aabbccddeeff V=3"))
        send_s(0.01, cp(0xc021, 5, 2, b"Authentication failed"))
        send_c(0.001, cp(0xc021, 6, 2))
        return False
    send_s(0.05, cp(0xc223, 3, 1, b"S=" + b"0" * 40 + b" M=Access granted"))
    ipcp = bytes([3, 6]) + cli_ip
    send_c(0.01, cp(0x8021, 1, 1, bytes([3, 6, 0, 0, 0, 0])))
    send_s(0.001, cp(0x8021, 1, 1, bytes([3, 6, 10, 255, 0, 1])))
    send_s(0.001, cp(0x8021, 3, 1, ipcp))
    send_c(0.001, cp(0x8021, 2, 1, bytes([3, 6, 10, 255, 0, 1])))
    send_c(0.001, cp(0x8021, 1, 2, ipcp))
    send_s(0.001, cp(0x8021, 2, 2, ipcp))
    for k in range(data_packets):
        if k % 2:
            send_s(0.02, inner_ip(ip4("198.51.100.7"), cli_ip, k))
        else:
            send_c(0.02, inner_ip(cli_ip, ip4("198.51.100.7"), k))
    send_c(0.5, cp(0xc021, 5, 3, b"User request"))
    send_s(0.001, cp(0xc021, 6, 3))
    return True


def pppoe_frame(dst, src, code, session_id, payload):
    """An Ethernet frame of a PPPoE Discovery (CODE non-zero) or Session (CODE 0) packet."""
    ethertype = 0x8864 if code == 0 else 0x8863
    return (dst + src + struct.pack("!HBBHH", ethertype, 0x11, code, session_id, len(payload))
            + payload)


def tags(*pairs):
    """PPPoE tags (RFC 2516 Appendix A) from (type, value) pairs."""
    return b"".join(struct.pack("!HH", t, len(v)) + v for t, v in pairs)


def pppoe_session(i, t, kind, data_packets):
    """One PPPoE host's discovery and session as a list of (time, frame) from @t."""
    host = b"\x02\x10" + struct.pack("!I", i)
    ac = b"\x02\x20\x00\x00" + struct.pack("!H", i % 50)
    out = []
    clock = [t]

    def at(dt, frame):
        clock[0] += dt
        out.append((clock[0], frame))

    uniq = (0x0103, struct.pack("!I", i))
    for k in range(3 if kind == "no-offer" else 1):
        at(5.0 * k if k else 0, pppoe_frame(b"\xff" * 6, host, 0x09, 0, tags((0x0101, b""), uniq)))
    if kind == "no-offer":
        return out
    at(0.002, pppoe_frame(host, ac, 0x07, 0, tags((0x0102, b"bench-ac"), (0x0101, b""),
                                                   (0x0104, bytes(16)), uniq)))
    at(0.001, pppoe_frame(ac, host, 0x19, 0, tags((0x0101, b""), (0x0104, bytes(16)), uniq)))
    if kind == "refused":
        at(0.002, pppoe_frame(host, ac, 0x65, 0, tags(
            (0x0101, b""), (0x0202, b"RP-PPPoE: Server: No client slots available"), uniq)))
        return out
    sid = 1 + i % 65534
    at(0.002, pppoe_frame(host, ac, 0x65, sid, tags((0x0101, b""), uniq)))
    cli_ip = ip4(0x0AFF0000 + 2 + i % 60000)
    ppp_exchange(kind, lambda dt, f: at(dt, pppoe_frame(ac, host, 0, sid, f)),
                 lambda dt, f: at(dt, pppoe_frame(host, ac, 0, sid, f)), data_packets, cli_ip)
    at(0.01, pppoe_frame(host, ac, 0xa7, sid, b""))
    return out


def avp(attr, value, mandatory=True):
    """An L2TP AVP (RFC 2661 4.1) of the IETF (Vendor ID 0)."""
    return struct.pack("!HHH", (0x8000 if mandatory else 0) | (6 + len(value)), 0, attr) + value


def l2tp_ctrl(tunnel, session, ns, nr, mtype, *avps):
    """An L2TP control message (T, L, S bits, version 2) with its Message Type AVP first; no
    AVP at all (mtype None): a ZLB acknowledgment."""
    body = b"".join(((avp(0, struct.pack("!H", mtype)),) if mtype is not None else ()) + avps)
    return struct.pack("!HHHHHH", 0xc802, 12 + len(body), tunnel, session, ns, nr) + body


def l2tp_data(tunnel, session, frame):
    """An L2TP data message (version 2, no optional fields) carrying the PPP @frame."""
    return struct.pack("!HHH", 0x0002, tunnel, session) + b"\xff\x03" + frame


def l2tp_session(i, t, kind, data_packets):
    """One L2TP tunnel (LAC 10.x to LNS 192.0.2.x) with one session, as (time, frame)s."""
    lac, lns = ip4(0x0A800000 + 1 + i), ip4("192.0.2.%d" % (101 + i % 100))
    ltid, rtid = 1 + i % 65000, 1 + (i * 7) % 65000
    out = []
    clock = [t]
    ns = {"c": 0, "s": 0}

    def c(dt, msg):
        clock[0] += dt
        out.append((clock[0], udp(lac, lns, 1701, 1701, msg)))

    def s(dt, msg):
        clock[0] += dt
        out.append((clock[0], udp(lns, lac, 1701, 1701, msg)))

    sccrq = l2tp_ctrl(0, 0, 0, 0, 1, avp(2, b"\x01\x00"), avp(7, b"lac%d" % i),
                      avp(3, struct.pack("!I", 3)), avp(9, struct.pack("!H", ltid)))
    for k in range(5 if kind == "unanswered" else 1):
        c(2.0 ** (k - 1) if k else 0, sccrq)  # 0, 1, 2, 4, 8 s later
    if kind == "unanswered":
        return out
    if kind == "refused":
        s(0.01, l2tp_ctrl(ltid, 0, 0, 1, None))
        s(0.001, l2tp_ctrl(ltid, 0, 0, 1, 4, avp(9, struct.pack("!H", rtid)),
                           avp(1, struct.pack("!HH", 2, 6) + b"No Authorization")))
        c(0.01, l2tp_ctrl(rtid, 0, 1, 1, None))
        return out
    s(0.01, l2tp_ctrl(ltid, 0, 0, 1, 2, avp(2, b"\x01\x00"), avp(7, b"lns"),
                      avp(3, struct.pack("!I", 3)), avp(9, struct.pack("!H", rtid))))
    c(0.001, l2tp_ctrl(rtid, 0, 1, 1, 3))
    s(0.01, l2tp_ctrl(ltid, 0, 1, 2, None))
    lsid, rsid = 1 + i % 1000, 1 + (i * 3) % 1000
    c(0.001, l2tp_ctrl(rtid, 0, 2, 1, 10, avp(14, struct.pack("!H", lsid)),
                       avp(15, struct.pack("!I", i))))
    s(0.01, l2tp_ctrl(ltid, lsid, 1, 3, 11, avp(14, struct.pack("!H", rsid))))
    c(0.001, l2tp_ctrl(rtid, rsid, 3, 2, 12, avp(24, struct.pack("!I", 100000000)),
                       avp(19, struct.pack("!I", 1))))
    s(0.01, l2tp_ctrl(ltid, 0, 2, 4, None))
    cli_ip = ip4(0x0AFE0000 + 2 + i % 60000)
    passed = ppp_exchange(kind, lambda dt, f: c(dt, l2tp_data(rtid, rsid, f)),
                          lambda dt, f: s(dt, l2tp_data(ltid, lsid, f)), data_packets, cli_ip)
    result = struct.pack("!H", 1) if passed else struct.pack("!HH", 2, 0) + b"PPP auth failed"
    if passed:
        c(0.01, l2tp_ctrl(rtid, rsid, 4, 2, 14, avp(1, result), avp(14, struct.pack("!H", lsid))))
        s(0.01, l2tp_ctrl(ltid, 0, 2, 5, None))
    else:
        s(0.01, l2tp_ctrl(ltid, lsid, 2, 4, 14, avp(1, result), avp(14, struct.pack("!H", rsid))))
        c(0.01, l2tp_ctrl(rtid, 0, 4, 3, None))
    c(0.01, l2tp_ctrl(rtid, 0, 5, 3, 4, avp(9, struct.pack("!H", ltid)),
                      avp(1, struct.pack("!H", 1) + b"Goodbye!")))
    s(0.01, l2tp_ctrl(ltid, 0, 3, 6, None))
    return out


# ---- IPsec: IKEv2 (RFC 7296), IKEv1 main and quick mode (RFC 2409, L2TP/IPsec), ESP ----------

IKE_PORT, NATT_PORT = 500, 4500
# Vendor IDs an L2TP/IPsec client sends (Windows): RFC 3947 NAT-T, MS NT5 ISAKMPOAKLEY (then the
# Windows version), MD5("FRAGMENTATION") (then its flags), Dead Peer Detection
VID_NATT = bytes.fromhex("4a131c81070358455c5728f20e95452f")
VID_MS_NT5 = bytes.fromhex("1e2b516905991c7d7c96fcbfb587e461") + struct.pack("!I", 9)
VID_FRAG = bytes.fromhex("4048b7d56ebce88525e7de7f00d6c2d3") + struct.pack("!I", 0x80000000)
VID_DPD = bytes.fromhex("afcad71368a1f1c96b8696fc77570100")


def ike_payloads(items):
    """(first payload type, bytes) of the chain of (type, body) payloads @items, each behind its
    generic header (RFC 7296 3.2, RFC 2408 3.2) naming the next one's type."""
    out = b""
    for k, (_, body) in enumerate(items):
        nxt = items[k + 1][0] if k + 1 < len(items) else 0
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (items[0][0] if items else 0), out


def ike_msg(ispi, rspi, version, exch, flags, mid, items):
    """An IKE message (header, RFC 7296 3.1 / RFC 2408 3.1, and the payloads @items)."""
    first, body = ike_payloads(items)
    return struct.pack("!8s8sBBBBII", ispi, rspi, first, 0x20 if version == 2 else 0x10, exch,
                       flags, mid, 28 + len(body)) + body


def ike_sa(version, proposals):
    """An SA payload's body of @proposals, each a list of transforms: IKEv2 (type, id,
    key length or 0) (RFC 7296 3.3); IKEv1 a list of (attribute class, value) of one KEY_IKE
    transform (RFC 2409 Appendix A) in one ISAKMP proposal."""
    if version == 1:
        xs = b""
        for k, attrs in enumerate(proposals):
            a = b"".join(struct.pack("!HH", 0x8000 | c, v) for c, v in attrs)
            xs += struct.pack("!BBHBBH", 3 if k + 1 < len(proposals) else 0, 0, 8 + len(a),
                              k + 1, 1, 0) + a
        prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(xs), 1, 1, 0, len(proposals)) + xs
        return struct.pack("!II", 1, 1) + prop  # DOI IPsec, situation SIT_IDENTITY_ONLY
    out = b""
    for p, xforms in enumerate(proposals):
        xs = b""
        for k, (ttype, tid, keylen) in enumerate(xforms):
            a = struct.pack("!HH", 0x800e, keylen) if keylen else b""
            xs += struct.pack("!BBHBBH", 3 if k + 1 < len(xforms) else 0, 0, 8 + len(a), ttype,
                              0, tid) + a
        out += struct.pack("!BBHBBBB", 2 if p + 1 < len(proposals) else 0, 0, 8 + len(xs), p + 1,
                           1, 0, len(xforms)) + xs
    return out


# What the initiators offer: Windows' IKEv2 defaults (AES-CBC-256 or 3DES, SHA-256 or SHA-1,
# MODP 2048 or 1024) and its L2TP/IPsec main mode transforms (pre-shared key)
V2_OFFER = [[(1, 12, 256), (3, 12, 0), (2, 5, 0), (4, 14, 0)],
            [(1, 12, 256), (3, 2, 0), (2, 2, 0), (4, 2, 0)],
            [(1, 3, 0), (3, 2, 0), (2, 2, 0), (4, 2, 0)]]
V1_OFFER = [[(1, 7), (14, 256), (2, 2), (4, 14), (3, 1), (11, 1), (12, 28800)],
            [(1, 7), (14, 128), (2, 2), (4, 14), (3, 1), (11, 1), (12, 28800)],
            [(1, 5), (2, 2), (4, 2), (3, 1), (11, 1), (12, 28800)]]


def natd(ispi, rspi, addr, port):
    """A NAT detection hash: SHA-1(SPIi | SPIr | IP | port) (RFC 7296 2.23; RFC 3947 3.2 with
    SHA-1 negotiated)."""
    return hashlib.sha1(ispi + rspi + addr + struct.pack("!H", port)).digest()


def ike_udp(src, dst, port, msg):
    """An IKE message in UDP @port (500, or 4500 behind the Non-ESP Marker)."""
    return udp(src, dst, port, port, (bytes(4) if port == NATT_PORT else b"") + msg)


def esp(src, dst, spi, seq, data, natt):
    """An ESP packet (RFC 4303: SPI, sequence number, then @data as encrypted), on IP or in UDP
    4500 (@natt, RFC 3948)."""
    pkt = struct.pack("!II", spi, seq) + data
    return udp(src, dst, NATT_PORT, NATT_PORT, pkt) if natt else ipv4(src, dst, 50, pkt)


IKE_KINDS = ["healthy"] * 7 + ["unanswered", "no-proposal", "esp-one-way"]


def ike_session(i, t, kind, version, nat, rng, data_packets):
    """One IKE SA attempt of a client (10.192.x.x; behind a NAT when @nat, seen as 100.64.x.x) to
    a server (203.0.113.x), then ESP both ways, as (time, frame)s: IKEv2 IKE_SA_INIT and four
    IKE_AUTH round trips (EAP) on UDP 4500, or L2TP/IPsec's IKEv1 main mode 1-6 (5-6 on UDP 4500
    behind a NAT) and quick mode; @kind unanswered: the first message sent four times, no
    answer; no-proposal: answered with NO_PROPOSAL_CHOSEN; esp-one-way: the SA set up, the
    server's ESP never seen (the client's retries, then its Delete)."""
    private = ip4(0x0AC00000 + 1 + i)
    cli = ip4(0x64400000 + 1 + i) if nat else private
    srv = ip4("203.0.113.%d" % (1 + i % 250))
    ispi, rspi = rng.randbytes(8), rng.randbytes(8)
    out = []
    clock = [t]

    def c(dt, frame):
        clock[0] += dt
        out.append((clock[0], frame))

    s = c
    enc = lambda n: rng.randbytes(16 * n)  # IV, encrypted data and ICV: random
    if version == 2:
        def init(rs):  # IKE_SA_INIT request: SA, KE (group 14), Ni, NAT detection
            return ike_msg(ispi, rs, 2, 34, 0x08, 0, [
                (33, ike_sa(2, V2_OFFER)), (34, struct.pack("!HH", 14, 0) + rng.randbytes(256)),
                (40, rng.randbytes(32)),
                (41, struct.pack("!BBH", 0, 0, 16388) + natd(ispi, bytes(8), private, IKE_PORT)),
                (41, struct.pack("!BBH", 0, 0, 16389) + natd(ispi, bytes(8), srv, IKE_PORT))])
        first = ike_udp(cli, srv, IKE_PORT, init(bytes(8)))
    else:
        first = ike_udp(cli, srv, IKE_PORT, ike_msg(ispi, bytes(8), 1, 2, 0, 0, [
            (1, ike_sa(1, V1_OFFER)), (13, VID_MS_NT5), (13, VID_NATT), (13, VID_FRAG),
            (13, VID_DPD)]))
    for dt in (0, 2.0, 3.6, 6.5) if kind == "unanswered" else (0,):
        c(dt, first)
    if kind == "unanswered":
        return out
    if kind == "no-proposal":
        if version == 2:
            s(0.03, ike_udp(srv, cli, IKE_PORT, ike_msg(ispi, bytes(8), 2, 34, 0x20, 0, [
                (41, struct.pack("!BBH", 0, 0, 14))])))
        else:
            s(0.03, ike_udp(srv, cli, IKE_PORT, ike_msg(ispi, rspi, 1, 5, 0, rng.getrandbits(32), [
                (11, struct.pack("!IBBH", 1, 1, 0, 14))])))
        return out
    port = NATT_PORT if version == 2 or nat else IKE_PORT  # where the encrypted part goes
    if version == 2:
        s(0.03, ike_udp(srv, cli, IKE_PORT, ike_msg(ispi, rspi, 2, 34, 0x20, 0, [
            (33, ike_sa(2, V2_OFFER[:1])), (34, struct.pack("!HH", 14, 0) + rng.randbytes(256)),
            (40, rng.randbytes(32)),
            (41, struct.pack("!BBH", 0, 0, 16388) + natd(ispi, rspi, srv, IKE_PORT)),
            (41, struct.pack("!BBH", 0, 0, 16389) + natd(ispi, rspi, cli, IKE_PORT))])))
        for mid, (n_req, n_resp) in enumerate(((20, 74), (5, 7), (8, 8), (5, 5)), 1):
            c(0.05, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 2, 35, 0x08, mid,
                                                    [(46, enc(n_req))])))
            s(0.05, ike_udp(srv, cli, port, ike_msg(ispi, rspi, 2, 35, 0x20, mid,
                                                    [(46, enc(n_resp))])))
    else:
        s(0.03, ike_udp(srv, cli, IKE_PORT, ike_msg(ispi, rspi, 1, 2, 0, 0, [
            (1, ike_sa(1, V1_OFFER[:1])), (13, VID_NATT), (13, VID_FRAG), (13, VID_DPD)])))
        c(0.03, ike_udp(cli, srv, IKE_PORT, ike_msg(ispi, rspi, 1, 2, 0, 0, [
            (4, struct.pack("!HH", 14, 0) + rng.randbytes(256)), (10, rng.randbytes(32)),
            (20, natd(ispi, rspi, srv, IKE_PORT)), (20, natd(ispi, rspi, private, IKE_PORT))])))
        s(0.04, ike_udp(srv, cli, IKE_PORT, ike_msg(ispi, rspi, 1, 2, 0, 0, [
            (4, rng.randbytes(256)), (10, rng.randbytes(32)),
            (20, natd(ispi, rspi, cli, IKE_PORT)), (20, natd(ispi, rspi, srv, IKE_PORT))])))
        c(0.03, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 1, 2, 1, 0, [(5, enc(4))])))
        s(0.01, ike_udp(srv, cli, port, ike_msg(ispi, rspi, 1, 2, 1, 0, [(5, enc(4))])))
        mid = rng.getrandbits(32) | 1
        c(0.02, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 1, 32, 1, mid, [(8, enc(14))])))
        s(0.01, ike_udp(srv, cli, port, ike_msg(ispi, rspi, 1, 32, 1, mid, [(8, enc(11))])))
        c(0.04, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 1, 32, 1, mid, [(8, enc(3))])))
    spi_c, spi_s = 0xc0000000 | rng.getrandbits(30), 0xc0000000 | rng.getrandbits(30)
    seq = [0, 0]
    sizes = (48, 64, 80, 96, 128)

    def esp_c(dt):
        seq[0] += 1
        c(dt, esp(cli, srv, spi_c, seq[0], rng.randbytes(rng.choice(sizes) + 12), nat))

    def esp_s(dt):
        seq[1] += 1
        s(dt, esp(srv, cli, spi_s, seq[1], rng.randbytes(rng.choice(sizes) + 12), nat))

    if kind == "esp-one-way":  # the server's ESP is lost: the client retries, then gives up
        for k in range(8):
            esp_c(1.0 if k == 0 else 2.0 ** (k - 1))
        clock[0] += 10.0
    else:
        for k in range(data_packets):
            (esp_s if k % 2 else esp_c)(0.02)
        clock[0] += 0.5
    if version == 2:  # INFORMATIONAL: Delete
        mid = 5
        c(0, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 2, 37, 0x08, mid, [(46, enc(5))])))
        s(0.01, ike_udp(srv, cli, port, ike_msg(ispi, rspi, 2, 37, 0x20, mid, [(46, enc(5))])))
    else:  # Informational: Delete of the IPsec SA, then of the ISAKMP SA
        c(0, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 1, 5, 1, rng.getrandbits(32),
                                             [(8, enc(4))])))
        c(0.001, ike_udp(cli, srv, port, ike_msg(ispi, rspi, 1, 5, 1, rng.getrandbits(32),
                                                 [(8, enc(5))])))
    return out


VPN_KINDS = {"pppoe": ["healthy"] * 7 + ["no-offer", "refused", "auth-failed"],
             "l2tp": ["healthy"] * 7 + ["unanswered", "refused", "auth-failed"]}


def vpn_sessions(n, data_packets, rng, spacing):
    """Yields sorted (time, frame) of @n PPPoE and L2TP sessions (alternating) @spacing apart,
    and among them n / 2 IKE SA attempts (IKEv2 and IKEv1, alternating) 2 * @spacing apart, drawn
    from their own generator (seeded "vpn-ike"): the PPPoE and L2TP frames are those of the
    capture without IKE, in the same order."""
    streams = []
    for i in range(n):
        carrier = "pppoe" if i % 2 == 0 else "l2tp"
        kind = VPN_KINDS[carrier][rng.randrange(10)]
        build = pppoe_session if carrier == "pppoe" else l2tp_session
        streams.append(build(i, T0 + i * spacing, kind, data_packets))
    ike_rng = random.Random("vpn-ike")
    for i in range(n // 2):
        kind = IKE_KINDS[ike_rng.randrange(10)]
        nat = ike_rng.random() < 0.3
        streams.append(ike_session(i, T0 + 0.01 + 2 * i * spacing, kind, 2 if i % 2 == 0 else 1,
                                   nat, ike_rng, data_packets))
    return heapq.merge(*streams, key=lambda e: e[0])


def pptp_sessions(n, data_packets, rng, spacing, t0=T0, kinds=KINDS):
    """Yields sorted (time, frame) of @n sessions starting @spacing seconds apart."""
    streams = []
    for i in range(n):
        kind = kinds[rng.randrange(len(kinds))]
        streams.append(Session(i, t0 + i * spacing, kind, data_packets).build())
    return heapq.merge(*streams, key=lambda e: e[0])


def background(count, rng):
    """Yields (time, frame) of ordinary traffic with 5 PPTP sessions in it."""
    t = T0
    pptp_frames = list(pptp_sessions(5, 40, random.Random(1), 1.0, T0 + 1))
    pi = 0
    n = 0
    while n < count:
        while pi < len(pptp_frames) and pptp_frames[pi][0] <= t and n < count:
            yield pptp_frames[pi]
            pi += 1
            n += 1
        x = rng.random()
        c = ip4(0x0A640000 + rng.randrange(1, 5000))
        s = ip4(0xC6336400 + rng.randrange(1, 250))
        if x < 0.6:  # a short TCP connection
            port, sp = (80 if rng.random() < 0.5 else 443), rng.randrange(1024, 65535)
            seq = []
            seq.append(tcp(c, s, sp, port, "S", 1, 0))
            seq.append(tcp(s, c, port, sp, "SA", 1, 2))
            seq.append(tcp(c, s, sp, port, "A", 2, 2))
            seq.append(tcp(c, s, sp, port, "PA", 2, 2, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
            for k in range(rng.randrange(2, 8)):
                seq.append(tcp(s, c, port, sp, "A", 2 + k * 1400, 30, bytes(1400)))
            seq.append(tcp(c, s, sp, port, "FA", 30, 2 + 8 * 1400))
            seq.append(tcp(s, c, port, sp, "FA", 2 + 8 * 1400, 31))
        elif x < 0.75:
            seq = [udp(c, s, rng.randrange(1024, 65535), rng.choice([123, 5060, 4500, 3478]),
                       bytes(rng.randrange(20, 200)))]
        elif x < 0.9:
            ident, sp = rng.randrange(65536), rng.randrange(1024, 65535)
            name = "host%d.example.com" % rng.randrange(100000)
            seq = [udp(c, ip4("192.0.2.53"), sp, 53, dns(ident, name)),
                   udp(ip4("192.0.2.53"), c, 53, sp, dns(ident, name, ip4(0xC6336400 + 7)))]
        else:
            ident = rng.randrange(65536)
            seq = [icmp_echo(c, s, False, ident, 1), icmp_echo(s, c, True, ident, 1)]
        for f in seq:
            if n >= count:
                break
            t += 0.0002
            yield t, f
            n += 1


def gre_callids(count):
    """Yields @count GRE packets, each with a distinct (source, destination, Call ID)."""
    for k in range(count):
        src = ip4(0x0A000000 + 1 + (k >> 16))
        yield T0 + k * 0.0001, gre(src, ip4("192.0.2.1"), k & 0xffff, k, None,
                                  ppp(0xc021, 1, 1, LCP_OPTS))


def syn_flood(count):
    """Yields @count SYNs to TCP 1723 from distinct (address, port)."""
    for k in range(count):
        src = ip4(0x0A000000 + 1 + k // 50000)
        yield T0 + k * 0.0001, tcp(src, ip4("192.0.2.1"), 1024 + k % 50000, 1723, "S", k, 0)


def write(path, frames):
    """Writes (time, frame) pairs as a classic pcap; returns how many."""
    n = 0
    with open(path, "wb", buffering=1 << 20) as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        pack = struct.Struct("<IIII").pack
        for t, frame in frames:
            sec = int(t)
            usec = int(round((t - sec) * 1e6))
            if usec >= 1000000:
                sec, usec = sec + 1, usec - 1000000
            f.write(pack(sec, usec, len(frame), len(frame)))
            f.write(frame)
            n += 1
    return n


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    scen, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) == 4 else None
    rng = random.Random(scen)
    if scen == "background":
        frames = background(count or 1000000, rng)
    elif scen == "pptp":
        # healthy sessions are ~50 frames (20 data packets): 1M frames ~ 20000 sessions
        target = count or 1000000
        frames = (e for _, e in zip(range(target),
                                    pptp_sessions(target * 10 // 370 + 100, 20, rng, 0.02)))
    elif scen == "sessions":
        frames = pptp_sessions(count or 1000, 4, rng, 0.01)
    elif scen == "overlap":
        # 1000 sessions started 1 ms apart, ~33 frames each besides their data packets
        per = max((count or 1000000) // 1000 - 33, 2)
        frames = pptp_sessions(1000, per, rng, 0.001, kinds=["healthy"])
    elif scen == "vpn":
        # a healthy session is 40 to 46 frames (20 data packets), the mix about 33: 1M frames ~
        # 30000 sessions (with the IKE sessions among them, about 22000 of these are reached)
        target = count or 1000000
        frames = (e for _, e in zip(range(target),
                                    vpn_sessions(target * 10 // 320 + 100, 20, rng, 0.02)))
    elif scen == "gre-callids":
        frames = gre_callids(count or 1000000)
    elif scen == "syn-flood":
        frames = syn_flood(count or 1000000)
    else:
        raise SystemExit(__doc__)
    n = write(out, frames)
    print(f"{out}: {n} frames")


if __name__ == "__main__":
    main()
