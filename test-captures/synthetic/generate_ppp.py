#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic GRE/PPP captures: PPTP failures in the tunnel that the
real lab captures do not cover, and healthy edge cases.

Usage: generate_ppp.py OUTDIR

Writes one classic pcap (Ethernet, microsecond timestamps, little-endian) per
scenario into OUTDIR; ppp.expect.json beside this script says, for each file,
which frame should carry which pptpdiag finding.  ppp.md describes the files.

Every scenario is a variation of one healthy PPTP session (class Session):
TCP handshake to port 1723, SCCRQ/SCCRP, OCRQ/OCRP, then enhanced GRE (RFC
2637 4.1, key = peer's Call ID, sequence and acknowledgment numbers) carrying
PPP: LCP (ACCM, Auth-Protocol CHAP/MS-CHAPv2 0xc223 algorithm 0x81, Magic,
PFC, ACFC), MS-CHAPv2 Challenge/Response/Success, CCP with MPPE-128 stateless,
IPCP (the client asks for 0.0.0.0 and is Nak'ed 192.168.50.10), then data as
MPPE-encrypted PPP Compressed Datagrams (protocol 0x00fd, PFC'd to 0xfd),
LCP Echo, and a teardown (LCP Terminate, CCRQ/CDN, StopCCRQ/StopCCRP, FIN).
The contents follow the lab's success/client.pcap (pppd + pptp-linux client,
pptpd server).

Topology (the lab's): client 10.10.1.2 -- 10.10.1.1 router 10.10.2.1 --
server 10.10.2.2.  A packet is stamped with TTL 64 on the segment of its sender
and 63 on the other segment; each host has one IP ID counter that increases by
one per datagram, in time order.

Output is deterministic: fixed timestamps (base 2026-11-21 13:00:00 UTC), MACs,
IP IDs, ports, TCP sequence numbers, GRE sequence numbers and pseudo-random
bytes (SHA-256 of a fixed label); every checksum computed by scapy; the pcap
file is written by hand so nothing depends on the host.  Run with Debian's
/usr/bin/python3 and python3-scapy (tested with scapy 2.5.0).
"""

import calendar
import hashlib
import json
import os
import struct
import sys

from scapy.layers.inet import IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import checksum

from synthlib import prand

BASE_SECONDS = calendar.timegm((2026, 11, 21, 13, 0, 0))

# --- Topology ----------------------------------------------------------------
ROUTER_MAC = {"c": "02:00:0a:0a:01:01", "s": "02:00:0a:0a:02:01"}
# When a capture sees both LANs, a packet shows on the far LAN this much later.
FAR_SIDE_DELAY_US = 180


class Host:
    """An IP sender.  segment: the LAN it sits on ("c" client LAN, "s" server
    LAN); hops: how many routers its packets have crossed when they appear on
    its own segment (1 for a NAT address: the packets come from behind it)."""

    def __init__(self, ip, mac, segment, first_ip_id, hops=0):
        self.ip = ip
        self.mac = mac
        self.segment = segment
        self.next_ip_id = first_ip_id
        self.hops = hops

    def take_ip_id(self):
        ip_id = self.next_ip_id
        self.next_ip_id = (self.next_ip_id + 1) & 0xFFFF
        return ip_id


def lab_hosts():
    return {
        "client": Host("10.10.1.2", "02:00:0a:0a:01:02", "c", 0x2458),
        "client2": Host("10.10.1.3", "02:00:0a:0a:01:03", "c", 0x6c01),
        "router": Host("10.10.1.1", ROUTER_MAC["c"], "c", 0x0e21),
        "server": Host("10.10.2.2", "02:00:0a:0a:02:02", "s", 0x784f),
        "nat": Host("10.10.2.1", ROUTER_MAC["s"], "s", 0x3b10, hops=1),
    }




# --- Capture: records in time order, built at the end ------------------------
class Record:
    def __init__(self, t_us, order, src, dst, kind, body, df, dropped, label,
                 copy_of):
        self.t_us = t_us          # when the capture sees it (first copy)
        self.sent_us = t_us       # when it was sent: orders the IP IDs
        self.order = order
        self.src = src
        self.dst = dst
        self.kind = kind          # "tcp", "gre", "icmp"
        self.body = body
        self.df = df
        self.dropped = dropped    # seen only on the sender's segment
        self.label = label
        self.copy_of = copy_of    # a network duplicate: same IP ID
        self.ip_id = None
        self.frames = []          # frame numbers of its copies
        self.sender_ip = None     # IP datagram bytes as sent (for ICMP quotes)


class Capture:
    """segments: which LANs the capture sees: ["c"] client side, ["s"] server
    side, ["c", "s"] both (every packet twice, sender's LAN first)."""

    def __init__(self, segments, hosts):
        self.segments = segments
        self.hosts = hosts
        self.by_ip = {h.ip: h for h in hosts.values()}
        self.records = []

    def add(self, t_us, src, dst, kind, body, df=True, dropped=False,
            label=None, copy_of=None):
        rec = Record(t_us, len(self.records), src, dst, kind, body, df,
                     dropped, label, copy_of)
        self.records.append(rec)
        return rec

    def _ttl(self, src, segment):
        return 64 - src.hops - (0 if segment == src.segment else 1)

    def _macs(self, src, dst, segment):
        smac = src.mac if src.segment == segment else ROUTER_MAC[segment]
        dmac = dst.mac if dst.segment == segment else ROUTER_MAC[segment]
        return smac, dmac

    def _ip(self, rec, segment):
        ip = IP(src=rec.src.ip, dst=rec.dst.ip, id=rec.ip_id,
                flags="DF" if rec.df else 0, ttl=self._ttl(rec.src, segment),
                tos=0)
        if rec.kind == "tcp":
            b = rec.body
            l4 = TCP(sport=b["sport"], dport=b["dport"], seq=b["seq"],
                     ack=b["ack"], flags=b["flags"], window=b["window"],
                     options=b["options"], urgptr=0)
            if b["payload"]:
                l4 = l4 / Raw(b["payload"])
            ip.proto = 6
            return bytes(ip / l4)
        if rec.kind == "gre":
            ip.proto = 47
            return bytes(ip / Raw(rec.body))
        if rec.kind == "icmp":
            icmp_type, icmp_code, mtu, quoted = rec.body
            quote = quoted.sender_ip[:548]      # Linux: ICMP error <= 576
            hdr = struct.pack("!BBHHH", icmp_type, icmp_code, 0, 0, mtu)
            csum = checksum(hdr + quote)
            hdr = struct.pack("!BBHHH", icmp_type, icmp_code, csum, 0, mtu)
            ip.proto = 1
            return bytes(ip / Raw(hdr + quote))
        raise ValueError(rec.kind)

    def build(self):
        """Return [(t_us, frame bytes)] in capture order; sets rec.frames."""
        for rec in sorted(self.records, key=lambda r: (r.sent_us, r.order)):
            if rec.copy_of is None:
                rec.ip_id = rec.src.take_ip_id()
        out = []
        for rec in sorted(self.records, key=lambda r: (r.t_us, r.order)):
            if rec.copy_of is not None:
                rec.ip_id = rec.copy_of.ip_id
            first = rec.src.segment
            rec.sender_ip = self._ip(rec, first)
            # Times are given where the capture sees the packet; only when it
            # sees both LANs is the far copy later.
            far_delay = FAR_SIDE_DELAY_US if first in self.segments else 0
            if rec.dropped or rec.dst.segment == first:
                path = [(first, 0)]
            else:
                path = [(first, 0), (rec.dst.segment, far_delay)]
            for segment, delay in path:
                if segment not in self.segments:
                    continue
                smac, dmac = self._macs(rec.src, rec.dst, segment)
                frame = bytes(Ether(src=smac, dst=dmac, type=0x0800)
                              / Raw(self._ip(rec, segment)))
                out.append([rec.t_us + delay, rec.order, rec, frame])
        out.sort(key=lambda x: (x[0], x[1]))
        for number, item in enumerate(out, 1):
            item[2].frames.append(number)
        return [(t, frame) for t, _, _, frame in out]


def write_pcap(path, frames):
    """Classic pcap, little-endian, microseconds, snaplen 65535, Ethernet."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t_us, frame in frames:
            sec = BASE_SECONDS + t_us // 1000000
            f.write(struct.pack("<IIII", sec, t_us % 1000000, len(frame),
                                len(frame)))
            f.write(frame)


# --- PPTP control messages (RFC 2637 section 2) ------------------------------
def pad(text, size=64):
    raw = text.encode("ascii")
    assert len(raw) <= size
    return raw + b"\x00" * (size - len(raw))


def pptp(ctrl_type, body):
    return struct.pack("!HHIHH", 12 + len(body), 1, 0x1A2B3C4D, ctrl_type,
                       0) + body


def sccrq(host, vendor, firmware=1):
    return pptp(1, struct.pack("!HHIIHH", 0x0100, 0, 3, 3, 65535, firmware)
                + pad(host) + pad(vendor))


def sccrp(host, vendor, firmware=1, result=1):
    return pptp(2, struct.pack("!HBBIIHH", 0x0100, result, 0, 0, 0, 1,
                               firmware) + pad(host) + pad(vendor))


def stopccrq(reason=1):                  # 1: General request
    return pptp(3, struct.pack("!BBH", reason, 0, 0))


def stopccrp(result=1):
    return pptp(4, struct.pack("!BBH", result, 0, 0))


def echo_rq(ident):
    return pptp(5, struct.pack("!I", ident))


def echo_rp(ident):
    return pptp(6, struct.pack("!IBBH", ident, 1, 0, 0))


def ocrq(call_id, serial, window):
    return pptp(7, struct.pack("!HHIIIIHHHH", call_id, serial, 2400,
                               10000000, 3, 3, window, 0, 0, 0)
                + pad("") + pad(""))


def ocrp(call_id, peer_call_id, window):
    return pptp(8, struct.pack("!HHBBHIHHI", call_id, peer_call_id, 1, 0, 0,
                               10000000, window, 0, 0))


def ccrq(call_id):
    return pptp(12, struct.pack("!HH", call_id, 0))


def cdn(call_id, result, stats=""):
    # Call-Disconnect-Notify: result 1 Lost Carrier, 3 Admin Shutdown,
    # 4 Request (RFC 2637 2.13).
    return pptp(13, struct.pack("!HBBHH", call_id, result, 0, 0, 0)
                + pad(stats, 128))


# --- PPP (RFC 1661, 1994, 2759, 3078, 1332, 1962) -----------------------------
LCP, PAP, CHAP, CCP, IPCP, COMP = 0xC021, 0xC023, 0xC223, 0x80FD, 0x8021, 0x00FD


def cp(code, ident, data=b"", length=None):
    """A control-protocol packet (LCP/IPCP/CCP/PAP/CHAP share the layout)."""
    if length is None:
        length = 4 + len(data)
    return struct.pack("!BBH", code, ident, length) + data


def opt(otype, value=b""):
    return struct.pack("!BB", otype, 2 + len(value)) + value


def o_mru(mru):
    return opt(1, struct.pack("!H", mru))


def o_accm(accm=0):
    return opt(2, struct.pack("!I", accm))


def o_auth_mschapv2():
    return opt(3, struct.pack("!HB", CHAP, 0x81))


def o_auth_pap():
    return opt(3, struct.pack("!H", PAP))


def o_magic(magic):
    return opt(5, struct.pack("!I", magic))


O_PFC = opt(7)
O_ACFC = opt(8)
O_MPPE128_STATELESS = opt(18, struct.pack("!I", 0x01000040))


def o_ip(addr):
    return opt(3, bytes(int(x) for x in addr.split(".")))


CONF_REQ, CONF_ACK, CONF_NAK, CONF_REJ = 1, 2, 3, 4
TERM_REQ, TERM_ACK, CODE_REJ, PROTO_REJ = 5, 6, 7, 8
ECHO_REQ, ECHO_REP = 9, 10


def chap_failure_text(error, challenge, message, retry=0, version=3):
    return ("E=%d R=%d C=%s V=%d M=%s" % (error, retry, challenge.hex().upper(),
                                          version, message)).encode("ascii")


# --- One PPTP session: TCP control connection, one call, its GRE and PPP -----
class Session:
    """A PPTP session between a PNS (client) and a PAC (server) as seen in
    capture cap.  Every method emits packets starting at the session's clock
    (self.t, microseconds) and advances it.  labels maps names to records so
    that the manifest can give frame numbers."""

    def __init__(self, cap, client, server, name="s", t0_ms=0, cport=49712,
                 c_isn=3037112402, s_isn=3924318133, pns_call_id=29501,
                 pac_call_id=0, rx_window=64, client_magic=0x3310EABD,
                 server_magic=0xF8D3884B, client_vendor=("local", "cananian"),
                 server_vendor=("local", "linux"), server_name="pptp-dev-srv",
                 user="alice", ppp_address="192.168.50.10",
                 server_ppp_address="192.168.50.1", gre_seq0=(0, 0)):
        self.cap = cap
        self.c = client
        self.s = server
        self.name = name
        self.t = t0_ms * 1000
        self.cport = cport
        self.seq = {"c": c_isn, "s": s_isn}
        self.pns_call_id = pns_call_id
        self.pac_call_id = pac_call_id
        self.rx_window = rx_window
        self.magic = {"c": client_magic, "s": server_magic}
        self.client_vendor = client_vendor
        self.server_vendor = server_vendor
        self.server_name = server_name
        self.user = user
        self.ppp_address = ppp_address
        self.server_ppp_address = server_ppp_address
        # GRE: next sequence number to send; highest received; last acked.
        self.gre_tx = {"c": gre_seq0[0], "s": gre_seq0[1]}
        self.gre_rx = {"c": None, "s": None}
        self.gre_acked = {"c": None, "s": None}
        self.compressed = False       # PFC/ACFC in effect (LCP opened)
        self.ident = {"c": 1, "s": 1}
        self.chap_id = 0x2A
        self.mppe_cc = {"c": 0, "s": 0}
        self.echo_id = {"c": 0, "s": 0}
        self.labels = {}

    # -- clock and bookkeeping --
    def wait(self, ms):
        self.t += int(round(ms * 1000))
        return self

    def _host(self, side):
        return self.c if side == "c" else self.s

    def _other(self, side):
        return "s" if side == "c" else "c"

    def _label(self, label, rec):
        if label:
            assert label not in self.labels, label
            self.labels[label] = rec
        return rec

    def next_ident(self, side):
        ident = self.ident[side]
        self.ident[side] = (ident + 1) & 0xFF
        return ident

    # -- TCP control connection --
    def tcp(self, side, flags, payload=b"", ms=0.2, label=None,
            options=None, dropped=False):
        self.wait(ms)
        other = self._other(side)
        body = {
            "sport": self.cport if side == "c" else 1723,
            "dport": 1723 if side == "c" else self.cport,
            "seq": self.seq[side] & 0xFFFFFFFF,
            "ack": (self.seq[other] & 0xFFFFFFFF) if "A" in flags else 0,
            "flags": flags,
            "window": 502 if side == "c" else 508,
            "options": options or [],
            "payload": payload,
        }
        self.seq[side] += len(payload) + (1 if ("S" in flags or "F" in flags)
                                          else 0)
        rec = self.cap.add(self.t, self._host(side), self._host(other), "tcp",
                           body, dropped=dropped)
        return self._label(label, rec)

    def tcp_handshake(self):
        self.tcp("c", "S", ms=0, options=[("MSS", 1460)], label="syn")
        self.tcp("s", "SA", ms=9.7, options=[("MSS", 1460)], label="synack")
        self.tcp("c", "A", ms=6.2)
        return self

    def control_start(self):
        self.tcp("c", "PA", sccrq(*self.client_vendor), ms=108, label="sccrq")
        self.tcp("s", "A", ms=2.4)
        self.tcp("s", "PA", sccrp(*self.server_vendor), ms=194, label="sccrp")
        self.tcp("c", "A", ms=0.3)
        return self

    def call_start(self):
        self.tcp("c", "PA", ocrq(self.pns_call_id, 0, self.rx_window),
                 ms=800, label="ocrq")
        self.tcp("s", "PA", ocrp(self.pac_call_id, self.pns_call_id,
                                 self.rx_window), ms=11.6, label="ocrp")
        self.tcp("c", "A", ms=0.2)
        return self

    def pptp_echo(self, ident):
        self.tcp("c", "PA", echo_rq(ident), ms=0, label="pptp_echo_rq_%d" % ident)
        self.tcp("s", "PA", echo_rp(ident), ms=3.1)
        self.tcp("c", "A", ms=0.2)
        return self

    def call_clear(self, label="ccrq"):
        self.tcp("c", "PA", ccrq(self.pns_call_id), ms=0, label=label)
        self.tcp("s", "PA", cdn(self.pac_call_id, 4), ms=4.2, label="cdn")
        self.tcp("c", "A", ms=0.2)
        return self

    def control_stop(self):
        self.tcp("c", "PA", stopccrq(), ms=2.0, label="stopccrq")
        self.tcp("s", "PA", stopccrp(), ms=3.5, label="stopccrp")
        self.tcp("c", "FA", ms=0.3, label="fin")
        self.tcp("s", "FA", ms=1.1)
        self.tcp("c", "A", ms=0.2)
        return self

    # -- GRE --
    def gre_header(self, side, payload, seq, ack):
        key = self.pac_call_id if side == "c" else self.pns_call_id
        flags = 0x20 | (0x10 if payload is not None else 0)
        ver = 0x01 | (0x80 if ack is not None else 0)
        hdr = struct.pack("!BBHHH", flags, ver, 0x880B,
                          len(payload or b""), key)
        if payload is not None:
            hdr += struct.pack("!I", seq & 0xFFFFFFFF)
        if ack is not None:
            hdr += struct.pack("!I", ack & 0xFFFFFFFF)
        return hdr + (payload or b"")

    def gre(self, side, ppp_frame, ms=4.0, label=None, ack="auto",
            delivered=True, dropped=False, seq=None, df=True, key=None):
        """Send one GRE packet from side ("c"/"s").  ppp_frame None: an
        ack-only packet.  ack: "auto" (piggyback when there is something new),
        "always", "never", or a number.  delivered: the peer receives it (its
        acks advance).  dropped: seen only on the sender's LAN."""
        self.wait(ms)
        other = self._other(side)
        if ack == "auto":
            ack_val = self.gre_rx[side]
            if ack_val is not None and ack_val == self.gre_acked[side] \
                    and ppp_frame is not None:
                ack_val = None
        elif ack == "always":
            ack_val = self.gre_rx[side]
        elif ack == "never":
            ack_val = None
        else:
            ack_val = ack
        if ack_val is not None and ack in ("auto", "always"):
            self.gre_acked[side] = ack_val
        if ppp_frame is not None and seq is None:
            seq = self.gre_tx[side]
            self.gre_tx[side] += 1
        if ppp_frame is not None and delivered:
            if self.gre_rx[other] is None or seq > self.gre_rx[other]:
                self.gre_rx[other] = seq
        body = self.gre_header(side, ppp_frame, seq, ack_val)
        if key is not None:
            body = body[:6] + struct.pack("!H", key) + body[8:]
        rec = self.cap.add(self.t, self._host(side), self._host(other), "gre",
                           body, df=df, dropped=dropped)
        return self._label(label, rec)

    def ppp(self, proto, packet):
        """PPP frame in GRE: FF 03 and a 2-byte protocol until LCP opened
        (and always for LCP, RFC 1661 6.6); then ACFC and PFC."""
        if proto == LCP or not self.compressed:
            return struct.pack("!BBH", 0xFF, 0x03, proto) + packet
        if proto < 0x100:
            return struct.pack("!B", proto) + packet
        return struct.pack("!H", proto) + packet

    def send(self, side, proto, packet, **kw):
        return self.gre(side, self.ppp(proto, packet), **kw)

    # -- PPP phases --
    def lcp_opts(self, side, auth=None):
        opts = o_accm(0)
        if auth == "mschapv2":
            opts += o_auth_mschapv2()
        elif auth == "pap":
            opts += o_auth_pap()
        return opts + o_magic(self.magic[side]) + O_PFC + O_ACFC

    def lcp_up(self, auth="mschapv2"):
        c_opts = self.lcp_opts("c")
        s_opts = self.lcp_opts("s", auth)
        self.send("c", LCP, cp(CONF_REQ, 1, c_opts), ms=13.4,
                  label="lcp_c_req")
        self.send("s", LCP, cp(CONF_REQ, 1, s_opts), ms=168.9,
                  label="lcp_s_req")
        self.send("c", LCP, cp(CONF_ACK, 1, s_opts), ms=6.6,
                  label="lcp_c_ack")
        self.send("s", LCP, cp(CONF_ACK, 1, c_opts), ms=8.1,
                  label="lcp_s_ack")
        self.compressed = True
        self.ident = {"c": 2, "s": 2}
        return self

    def lcp_echo(self, side, answered=True, ms=0, label=None,
                 delivered=None, dropped=False):
        ident = self.echo_id[side]
        self.echo_id[side] = (ident + 1) & 0xFF
        if delivered is None:
            delivered = answered
        rec = self.send(side, LCP, cp(ECHO_REQ, ident,
                                      struct.pack("!I", self.magic[side])),
                        ms=ms, label=label, delivered=delivered,
                        dropped=dropped)
        if answered:
            other = self._other(side)
            self.send(other, LCP, cp(ECHO_REP, ident,
                                     struct.pack("!I", self.magic[other])),
                      ms=2.9)
        return rec

    def chap_challenge(self, label="chap_challenge"):
        self.chap_id += 1
        self.challenge = prand(self.name + "/challenge/%d" % self.chap_id, 16)
        name = self.server_name.encode()
        self.send("s", CHAP, cp(1, self.chap_id,
                                bytes([16]) + self.challenge + name),
                  ms=6.2, label=label)
        self.gre("c", None, ms=10.7)                 # ack-only
        return self

    def chap_response(self, label="chap_response"):
        peer_challenge = prand(self.name + "/peer/%d" % self.chap_id, 16)
        nt_response = prand(self.name + "/nt/%d" % self.chap_id, 24)
        value = peer_challenge + b"\x00" * 8 + nt_response + b"\x00"
        self.send("c", CHAP, cp(2, self.chap_id, bytes([49]) + value
                                + self.user.encode()),
                  ms=10.2, label=label)
        return self

    def chap_ok(self):
        self.chap_challenge()
        self.chap_response()
        auth = hashlib.sha1(("%s/auth" % self.name).encode()).hexdigest()
        self.send("s", CHAP, cp(3, self.chap_id, ("S=%s M=Access granted"
                                                  % auth.upper()).encode()),
                  ms=12.3, label="chap_success")
        return self

    def chap_failure(self, error, message, retry=0, label="chap_failure"):
        new_challenge = prand(self.name + "/retry/%d" % self.chap_id, 16)
        self.send("s", CHAP, cp(4, self.chap_id, chap_failure_text(
            error, new_challenge, message, retry)), ms=12.3, label=label)
        return new_challenge

    def ccp_up(self):
        self.send("c", CCP, cp(CONF_REQ, 1, O_MPPE128_STATELESS), ms=5.8,
                  label="ccp_c_req")
        self.send("s", CCP, cp(CONF_REQ, 1, O_MPPE128_STATELESS), ms=7.1)
        self.send("c", CCP, cp(CONF_ACK, 1, O_MPPE128_STATELESS), ms=4.8)
        self.send("s", CCP, cp(CONF_ACK, 1, O_MPPE128_STATELESS), ms=5.5,
                  label="ccp_s_ack")
        return self

    def ipcp_up(self):
        self.send("c", IPCP, cp(CONF_REQ, 1, o_ip("0.0.0.0")), ms=4.1,
                  label="ipcp_c_req")
        self.send("s", IPCP, cp(CONF_REQ, 1, o_ip(self.server_ppp_address)),
                  ms=9.3)
        self.send("c", IPCP, cp(CONF_ACK, 1, o_ip(self.server_ppp_address)),
                  ms=3.7)
        self.send("s", IPCP, cp(CONF_NAK, 1, o_ip(self.ppp_address)),
                  ms=31.4, label="ipcp_s_nak")
        self.send("c", IPCP, cp(CONF_REQ, 2, o_ip(self.ppp_address)),
                  ms=7.6)
        self.send("s", IPCP, cp(CONF_ACK, 2, o_ip(self.ppp_address)),
                  ms=4.6, label="ipcp_s_ack")
        self.ident = {"c": 3, "s": 3}
        return self

    def mppe(self, side, size):
        """A PPP Compressed Datagram carrying an MPPE-encrypted packet of
        size bytes (stateless: the flushed bit A and encrypted bit D set)."""
        cc = self.mppe_cc[side]
        self.mppe_cc[side] = (cc + 1) & 0x0FFF
        body = struct.pack("!BB", 0x90 | (cc >> 8), cc & 0xFF)
        body += prand("%s/mppe/%s/%d" % (self.name, side, cc), size)
        return self.ppp(COMP, body)

    def data(self, side, size=86, ms=0, label=None, **kw):
        return self.gre(side, self.mppe(side, size), ms=ms, label=label, **kw)

    def ping(self, size=86, reply_ms=3.0, label=None):
        """Client ping through the tunnel and its reply."""
        self.data("c", size, label=label)
        self.data("s", size, ms=reply_ms)
        return self

    def lcp_terminate(self, side="c", reason=b"User request", label="term_req",
                      acked=True, ms=0, **kw):
        ident = self.next_ident(side)
        self.send(side, LCP, cp(TERM_REQ, ident, reason), ms=ms, label=label,
                  **kw)
        if acked:
            self.send(self._other(side), LCP, cp(TERM_ACK, ident), ms=6.8,
                      label="term_ack")
        return self

    # -- composite --
    def up_to_call(self):
        return self.tcp_handshake().control_start().call_start()

    def up(self):
        """Healthy session up to the first data (about 30 frames)."""
        self.up_to_call()
        self.lcp_up()
        self.chap_ok()
        self.ccp_up()
        self.ipcp_up()
        return self

    def teardown(self, side="c", reason=b"User request"):
        self.lcp_terminate(side, reason)
        self.wait(50)
        self.call_clear()
        self.control_stop()
        return self


# --- Scenarios -----------------------------------------------------------------
# Each returns (capture, manifest entry builder); the builder is called after
# the capture is built, so it can read frame numbers from the records.
SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def F(rec):
    """The frame number of a record's first copy."""
    return rec.frames[0]


def client_side():
    hosts = lab_hosts()
    return Capture(["c"], hosts), hosts


def expect(frame, rule, confidence, note, **extra):
    item = {"frame": frame, "rule": rule, "confidence": confidence,
            "note": note}
    item.update(extra)
    return item


@scenario
def lcp_not_converging():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"])
    s.up_to_call()
    # The client asks for MRU 1400; the server Naks it with 1500, ten times.
    c_opts = o_mru(1400) + s.lcp_opts("c")
    s_opts = s.lcp_opts("s", "mschapv2")
    s.send("c", LCP, cp(CONF_REQ, 1, c_opts), ms=13.4, label="first_req")
    s.send("s", LCP, cp(CONF_REQ, 1, s_opts), ms=168.9)
    s.send("c", LCP, cp(CONF_ACK, 1, s_opts), ms=6.6)
    naks = []
    for rnd in range(10):
        if rnd:
            s.send("c", LCP, cp(CONF_REQ, 1 + rnd, c_opts), ms=5.1)
        naks.append(s.send("s", LCP, cp(CONF_NAK, 1 + rnd, o_mru(1500)),
                           ms=7.3))
    s.wait(200)
    s.lcp_terminate("c", b"LCP: MRU negotiation failed", label="term_req")
    s.wait(30)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "Call up; the client's LCP Configure-Request asks MRU "
                           "1400 and the server Configure-Naks it suggesting "
                           "1500, ten rounds with the same option; then the "
                           "client sends LCP Terminate-Request and clears the "
                           "call.",
            "expect": [expect(F(s.labels["term_req"]), "lcp-not-converging",
                              "confirmed",
                              "RAS 732. Ten Configure-Naks for MRU (frames %d..%d); "
                              "the first frame where it is conclusive is the "
                              "Terminate-Request. An engine with a Nak-count "
                              "threshold (RFC 1661 Max-Failure = 5) may conclude "
                              "at the 5th Nak, frame %d."
                              % (F(naks[0]), F(naks[-1]), F(naks[4])),
                              ras_error=732,
                              evidence=[F(n) for n in naks])],
        }
    return "lcp_not_converging.pcap", cap, manifest


CHAP_FAILURES = [
    (646, "chap_e646.pcap", "Your account is configured for restricted logon "
     "hours. Please try again later.",
     "restricted logon hours (ERROR_RESTRICTED_LOGON_HOURS)"),
    (647, "chap_e647.pcap", "The account is disabled.",
     "account disabled (ERROR_ACCT_DISABLED)"),
    (648, "chap_e648.pcap", "The password on this account has expired.",
     "password expired (ERROR_PASSWD_EXPIRED)"),
    (649, "chap_e649.pcap", "The account does not have permission to dial in.",
     "no dial-in permission (ERROR_NO_DIALIN_PERMISSION)"),
]


def chap_failure_scenario(error, fname, message, what):
    def gen():
        cap, h = client_side()
        s = Session(cap, h["client"], h["server"], name=fname,
                    server_vendor=("RRAS01", "Microsoft"), server_name="RRAS01")
        s.up_to_call()
        s.lcp_up()
        s.chap_challenge()
        s.chap_response()
        s.chap_failure(error, message)
        s.wait(4)
        s.lcp_terminate("c", b"Authentication failed")
        s.wait(20)
        s.call_clear()
        s.control_stop()

        def manifest():
            return {
                "description": "LCP up with MS-CHAPv2; the server's MS-CHAPv2 "
                               "Failure says E=%d R=0 V=3 (%s), M=\"%s\"; the "
                               "client sends LCP Terminate-Request and clears "
                               "the call." % (error, what, message),
                "expect": [expect(F(s.labels["chap_failure"]), "auth-failed",
                                  "confirmed",
                                  "RAS %d from the CHAP Failure's E= field "
                                  "(R=0: no retry)." % error,
                                  ras_error=error)],
            }
        return fname, cap, manifest
    gen.__name__ = fname
    return gen


for _args in CHAP_FAILURES:
    scenario(chap_failure_scenario(*_args))


@scenario
def chap_e709():
    """Expired password, change-password attempted and refused."""
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="chap_e709",
                server_vendor=("RRAS01", "Microsoft"), server_name="RRAS01")
    s.up_to_call()
    s.lcp_up()
    s.chap_challenge()
    s.chap_response()
    s.chap_failure(648, "The password on this account has expired.",
                   label="chap_failure_648")
    # RFC 2759 section 7: Change-Password, code 7, identifier one greater than
    # the Failure's; 516 + 16 + 16 + 8 + 24 + 2 bytes.
    s.chap_id += 1
    body = (prand("e709/encpw", 516) + prand("e709/enchash", 16)
            + prand("e709/peerch", 16) + b"\x00" * 8 + prand("e709/nt", 24)
            + b"\x00\x00")
    s.send("c", CHAP, cp(7, s.chap_id, body), ms=5200, label="change_password")
    s.chap_failure(709, "The password could not be changed. The new password "
                   "may be too short or may match a previously used "
                   "password.", label="chap_failure")
    s.wait(4)
    s.lcp_terminate("c", b"Authentication failed")
    s.wait(20)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "MS-CHAPv2 password change that fails: Failure E=648 "
                           "R=0 V=3 (password expired), the client's "
                           "Change-Password packet (CHAP code 7, RFC 2759 "
                           "section 7), then Failure E=709 (error changing the "
                           "password) and LCP Terminate-Request.",
            "expect": [expect(F(s.labels["chap_failure"]), "auth-failed",
                              "confirmed",
                              "RAS 709 from the second Failure. The first "
                              "Failure (frame %d, E=648) is followed by a "
                              "Change-Password (frame %d): it is not final, so "
                              "an auth-failed 648 there must be superseded by "
                              "709." % (F(s.labels["chap_failure_648"]),
                                        F(s.labels["change_password"])),
                              ras_error=709)],
        }
    return "chap_e709.pcap", cap, manifest


@scenario
def pap_nak():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="pap_nak")
    s.up_to_call()
    s.lcp_up(auth="pap")
    user, password = b"alice", b"corr3ct-horse"
    s.send("c", PAP, cp(1, 1, bytes([len(user)]) + user
                        + bytes([len(password)]) + password),
           ms=6.0, label="pap_req")
    msg = b"Login incorrect"
    s.send("s", PAP, cp(3, 1, bytes([len(msg)]) + msg), ms=1010,
           label="pap_nak")
    s.wait(3)
    s.lcp_terminate("c", b"Authentication failed")
    s.wait(20)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "LCP negotiates PAP (Auth-Protocol 0xc023); the "
                           "client's Authenticate-Request is answered by "
                           "Authenticate-Nak \"Login incorrect\"; the client "
                           "terminates LCP and clears the call.",
            "expect": [expect(F(s.labels["pap_nak"]), "auth-failed",
                              "confirmed", "RAS 691 (PAP Authenticate-Nak).",
                              ras_error=691)],
        }
    return "pap_nak.pcap", cap, manifest


@scenario
def auth_rejected_by_client():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="auth_rej")
    s.up_to_call()
    c_opts = s.lcp_opts("c")
    s_opts = s.lcp_opts("s", "mschapv2")
    s.send("c", LCP, cp(CONF_REQ, 1, c_opts), ms=13.4)
    s.send("s", LCP, cp(CONF_REQ, 1, s_opts), ms=168.9, label="s_req1")
    s.send("c", LCP, cp(CONF_NAK, 1, o_auth_pap()), ms=3.0, label="c_nak")
    s.send("s", LCP, cp(CONF_ACK, 1, c_opts), ms=3.9)
    s.send("s", LCP, cp(CONF_REQ, 2, s_opts), ms=6.4, label="s_req2")
    s.send("c", LCP, cp(CONF_REJ, 2, o_auth_mschapv2()), ms=3.1,
           label="c_rej")
    s.ident["s"] = 3
    s.lcp_terminate("s", b"Authentication protocol rejected", ms=15.2,
                    label="term_req")
    s.wait(30)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "The server's LCP Configure-Request asks Auth-Protocol "
                           "CHAP/MS-CHAPv2; the client Configure-Naks it "
                           "suggesting PAP; the server insists (MS-CHAPv2 "
                           "again); the client Configure-Rejects the option; the "
                           "server sends LCP Terminate-Request.",
            "expect": [expect(F(s.labels["term_req"]), "auth-protocol-rejected",
                              "confirmed",
                              "Nak suggesting PAP at frame %d, Configure-Reject "
                              "of Auth-Protocol at frame %d; conclusive when the "
                              "server terminates (a server may accept no "
                              "authentication after a Reject)."
                              % (F(s.labels["c_nak"]), F(s.labels["c_rej"])),
                              evidence=[F(s.labels["c_nak"]),
                                        F(s.labels["c_rej"])])],
        }
    return "auth_rejected_by_client.pcap", cap, manifest


@scenario
def mppe_rejected_by_server():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="mppe_rej")
    s.up_to_call()
    s.lcp_up()
    s.chap_ok()
    s.send("c", CCP, cp(CONF_REQ, 1, O_MPPE128_STATELESS), ms=5.8,
           label="ccp_req")
    s.send("s", IPCP, cp(CONF_REQ, 1, o_ip(s.server_ppp_address)), ms=3.3)
    s.send("s", CCP, cp(CONF_REJ, 1, O_MPPE128_STATELESS), ms=4.0,
           label="ccp_rej")
    s.lcp_terminate("c", b"MPPE required but peer refused", ms=4.4,
                    label="term_req")
    s.wait(30)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "LCP and MS-CHAPv2 succeed; the client's CCP "
                           "Configure-Request offers MPPE 128-bit stateless; "
                           "the server Configure-Rejects the MPPE option; the "
                           "client, which requires encryption, sends LCP "
                           "Terminate-Request \"MPPE required but peer "
                           "refused\".",
            "expect": [expect(F(s.labels["term_req"]), "mppe-not-agreed",
                              "confirmed",
                              "CCP Configure-Reject of MPPE at frame %d, LCP "
                              "Terminate-Request at frame %d (RAS 742 when the "
                              "client requires encryption)."
                              % (F(s.labels["ccp_rej"]),
                                 F(s.labels["term_req"])),
                              evidence=[F(s.labels["ccp_req"]),
                                        F(s.labels["ccp_rej"])])],
        }
    return "mppe_rejected_by_server.pcap", cap, manifest


@scenario
def ipcp_nak_loop():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="ipcp_nak")
    s.up_to_call()
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.send("c", IPCP, cp(CONF_REQ, 1, o_ip("0.0.0.0")), ms=4.1)
    s.send("s", IPCP, cp(CONF_REQ, 1, o_ip(s.server_ppp_address)), ms=9.3)
    s.send("c", IPCP, cp(CONF_ACK, 1, o_ip(s.server_ppp_address)), ms=3.7)
    naks = [s.send("s", IPCP, cp(CONF_NAK, 1, o_ip(s.ppp_address)), ms=31.4)]
    for rnd in range(1, 11):
        s.send("c", IPCP, cp(CONF_REQ, 1 + rnd, o_ip(s.ppp_address)),
               ms=3000 if rnd % 4 == 0 else 6.6)
        naks.append(s.send("s", IPCP, cp(CONF_NAK, 1 + rnd,
                                         o_ip(s.ppp_address)), ms=5.0))
    s.lcp_terminate("s", b"IPCP negotiation failed", ms=40.0, label="term_req")
    s.wait(25)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "IPCP: the client asks IP-Address 0.0.0.0 and is "
                           "Nak'ed 192.168.50.10; it then requests "
                           "192.168.50.10, and the server Naks it again with the "
                           "same address, 10 times; the server terminates LCP.",
            "expect": [expect(F(s.labels["term_req"]), "ipcp-failed",
                              "confirmed",
                              "Eleven IPCP Configure-Naks (frames %d..%d), ten "
                              "of them Nak'ing the very address the client "
                              "asked for; the server's LCP Terminate-Request "
                              "ends it (RAS 733)." % (F(naks[0]), F(naks[-1])),
                              ras_error=733,
                              evidence=[F(n) for n in naks])],
        }
    return "ipcp_nak_loop.pcap", cap, manifest


@scenario
def ipcp_rejected_address():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="ipcp_rej")
    s.up_to_call()
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.send("c", IPCP, cp(CONF_REQ, 1, o_ip("0.0.0.0")), ms=4.1,
           label="ipcp_req")
    s.send("s", IPCP, cp(CONF_REQ, 1, o_ip(s.server_ppp_address)), ms=9.3)
    s.send("c", IPCP, cp(CONF_ACK, 1, o_ip(s.server_ppp_address)), ms=3.7)
    s.send("s", IPCP, cp(CONF_REJ, 1, o_ip("0.0.0.0")), ms=30.2,
           label="ipcp_rej")
    s.lcp_terminate("c", b"No IP address assigned", ms=5.5, label="term_req")
    s.wait(25)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "IPCP: the server Configure-Rejects the client's "
                           "IP-Address option entirely, so no address can be "
                           "assigned; the client terminates LCP.",
            "expect": [expect(F(s.labels["term_req"]), "ipcp-failed",
                              "confirmed",
                              "IPCP Configure-Reject of IP-Address at frame %d; "
                              "conclusive at the LCP Terminate-Request (RAS "
                              "733)." % F(s.labels["ipcp_rej"]),
                              ras_error=733,
                              evidence=[F(s.labels["ipcp_req"]),
                                        F(s.labels["ipcp_rej"])])],
        }
    return "ipcp_rejected_address.pcap", cap, manifest


@scenario
def ppp_invalid():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="ppp_invalid")
    s.up_to_call()
    s.lcp_up()
    s.chap_ok()
    # 1. LCP Echo-Request whose Length (64) exceeds the 8 bytes that follow.
    s.send("s", LCP, cp(ECHO_REQ, 0x11, struct.pack("!I", s.magic["s"]),
                        length=64), ms=3.2, label="bad_length")
    s.gre("c", None, ms=9.5)
    # 2. Unknown PPP protocol 0x1234; the client Protocol-Rejects it.
    junk = prand("ppp_invalid/junk", 12)
    s.send("s", 0x1234, junk, ms=20.1, label="unknown_proto")
    s.send("c", LCP, cp(PROTO_REJ, s.next_ident("c"),
                        struct.pack("!H", 0x1234) + junk),
           ms=0.8, label="proto_rej")
    # 3. Unknown LCP code 0x55; the client Code-Rejects it.
    bad = cp(0x55, 0x12, prand("ppp_invalid/code55", 6))
    s.send("s", LCP, bad, ms=18.7, label="bad_code")
    s.send("c", LCP, cp(CODE_REJ, s.next_ident("c"), bad), ms=0.7,
           label="code_rej")
    s.lcp_terminate("c", b"Too many invalid packets", ms=1.3, label="term_req")
    s.wait(25)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "Call, LCP and MS-CHAPv2 up; then the server sends "
                           "PPP garbage: an LCP Echo-Request whose Length (64) "
                           "exceeds its 8 bytes, a frame with unknown PPP "
                           "protocol 0x1234 (the client answers LCP "
                           "Protocol-Reject) and an LCP packet with unknown "
                           "code 0x55 (the client answers LCP Code-Reject); the "
                           "client terminates the link.",
            "expect": [expect(F(s.labels["term_req"]), "ppp-invalid",
                              "confirmed",
                              "RAS 722. Evidence: malformed LCP frame %d, "
                              "Protocol-Reject frame %d (of %d), Code-Reject "
                              "frame %d (of %d). An engine may already flag "
                              "ppp-invalid at the first Reject."
                              % (F(s.labels["bad_length"]),
                                 F(s.labels["proto_rej"]),
                                 F(s.labels["unknown_proto"]),
                                 F(s.labels["code_rej"]),
                                 F(s.labels["bad_code"])),
                              ras_error=722,
                              evidence=[F(s.labels[k]) for k in
                                        ("bad_length", "unknown_proto",
                                         "proto_rej", "bad_code",
                                         "code_rej")])],
        }
    return "ppp_invalid.pcap", cap, manifest


@scenario
def lcp_terminated_auth_phase():
    """The server ends LCP after the MS-CHAPv2 Response, with neither Success
    nor Failure (say, its RADIUS server never answered)."""
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="lcp_term_auth")
    s.up_to_call()
    s.lcp_up()
    s.chap_challenge()
    s.chap_response()
    s.gre("s", None, ms=11.4)                    # ack-only for the Response
    s.lcp_terminate("s", b"Authentication timeout", ms=6000, label="term_req")
    s.wait(30)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "LCP up with MS-CHAPv2; the server's Challenge is "
                           "answered by the client's Response, but instead of "
                           "Success or Failure the server sends LCP "
                           "Terminate-Request \"Authentication timeout\" 6 s "
                           "later; the client Terminate-Acks it and clears the "
                           "call (CCRQ, CDN Request, StopCCRQ/StopCCRP).",
            "expect": [expect(F(s.labels["term_req"]), "lcp-terminated",
                              "confirmed",
                              "The server ends PPP in the authentication phase "
                              "(Challenge frame %d, Response frame %d, no "
                              "Success or Failure); nothing on the wire but the "
                              "Terminate-Request's own text explains it. RAS 719 "
                              "(terminated by the remote end)."
                              % (F(s.labels["chap_challenge"]),
                                 F(s.labels["chap_response"])),
                              ras_error=719,
                              evidence=[F(s.labels["chap_challenge"]),
                                        F(s.labels["chap_response"])])],
        }
    return "lcp_terminated_auth_phase.pcap", cap, manifest


@scenario
def lcp_terminated_network_phase():
    """LCP, MS-CHAPv2 and CCP succeed; the server ends LCP right after the
    client's IPCP Configure-Request, without any IPCP of its own."""
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="lcp_term_net")
    s.up_to_call()
    s.lcp_up()
    s.chap_ok()
    s.ccp_up()
    s.send("c", IPCP, cp(CONF_REQ, 1, o_ip("0.0.0.0")), ms=4.1,
           label="ipcp_req")
    s.lcp_terminate("s", b"No network protocols running", ms=3.6,
                    label="term_req")
    s.wait(30)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "LCP, MS-CHAPv2 (Success) and CCP (MPPE 128-bit "
                           "stateless) come up; the client sends its IPCP "
                           "Configure-Request, and the server, which sends no "
                           "IPCP at all, answers with LCP Terminate-Request "
                           "\"No network protocols running\"; the client "
                           "Terminate-Acks it and clears the call.",
            "expect": [expect(F(s.labels["term_req"]), "lcp-terminated",
                              "confirmed",
                              "The server ends PPP in the network phase (CHAP "
                              "Success frame %d, CCP up at frame %d, the "
                              "client's IPCP Configure-Request frame %d not "
                              "answered); no refusal on the wire explains it. "
                              "RAS 719 (terminated by the remote end)."
                              % (F(s.labels["chap_success"]),
                                 F(s.labels["ccp_s_ack"]),
                                 F(s.labels["ipcp_req"])),
                              ras_error=719,
                              evidence=[F(s.labels["chap_success"]),
                                        F(s.labels["ccp_s_ack"]),
                                        F(s.labels["ipcp_req"])])],
        }
    return "lcp_terminated_network_phase.pcap", cap, manifest


def session_with_data(s, pings=4):
    """Healthy session up, then pings every 0.5 s with LCP echo every 2 s."""
    s.up()
    s.wait(20)
    s.ping(label="first_data")
    s.gre("c", None, ms=30)                 # ack-only for the reply
    s.wait(470)
    for i in range(pings):
        if i % 4 == 1:
            s.lcp_echo("c", ms=0)
            s.wait(400)
        s.ping(size=122 if i % 2 else 126, reply_ms=2.5)
        s.wait(500)
    return s


@scenario
def lcp_echo_lost():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="echo_lost")
    session_with_data(s, pings=4)
    # From here on the router drops GRE in both directions.
    echoes = []
    s.wait(300)
    for i in range(3):
        s.data("c", 126, ms=0 if i == 0 else 1000, delivered=False, ack="never")
        echoes.append(s.lcp_echo("c", answered=False,
                                 ms=1000 if i else 700))
    s.wait(2000)
    s.lcp_terminate("c", b"Peer not responding", acked=False,
                    label="term_req", delivered=False)
    s.lcp_terminate("c", b"Peer not responding", acked=False, ms=3000,
                    label="term_req2", delivered=False)
    s.wait(3000)
    s.call_clear()
    s.control_stop()

    def manifest():
        return {
            "description": "Session fully up with data and answered LCP echoes; "
                           "then the router drops GRE: the client's LCP "
                           "Echo-Requests every 2 s (frames %s) get no Echo-Reply; "
                           "after 3 the client sends LCP Terminate-Request "
                           "(twice, unanswered), then CCRQ on the control "
                           "connection (still working), CDN, StopCCRQ/StopCCRP "
                           "and FIN." % ", ".join(str(F(r)) for r in echoes),
            "expect": [expect(F(s.labels["term_req"]), "lcp-echo-lost",
                              "likely",
                              "Three unanswered LCP Echo-Requests, then the "
                              "client drops the link. The CCRQ (frame %d) is an "
                              "equally good place to conclude. RAS 628/629 "
                              "(link lost) on the client."
                              % F(s.labels["ccrq"]),
                              alt_frames=[F(s.labels["ccrq"])],
                              evidence=[F(r) for r in echoes])],
        }
    return "lcp_echo_lost.pcap", cap, manifest


@scenario
def lcp_echo_ok():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="echo_ok")
    s.up()
    s.wait(20)
    s.ping(label="first_data")
    for i in range(6):
        s.lcp_echo("c", ms=1200 if i else 200)
        s.wait(300)
        s.ping(size=126, reply_ms=2.4)
        s.lcp_echo("s", ms=480)
        s.wait(20)

    def manifest():
        return {
            "description": "Healthy session; LCP Echo-Request every 2 s from the "
                           "client (and from the server), always answered, with "
                           "pings between; the capture ends while the link is "
                           "up.",
            "expect": [expect(None, "healthy", "confirmed",
                              "No warning; the session is up at the end.")],
            "healthy_frames_must_not_warn": True,
        }
    return "lcp_echo_ok.pcap", cap, manifest


@scenario
def gre_ack_stalled():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="ack_stall")
    session_with_data(s, pings=3)
    last_acked = s.gre_rx["s"]
    # From now on the client's GRE no longer reaches the server; the server's
    # data keeps coming (a download), its ack stuck at last_acked.
    stalled = []
    for i in range(20):
        stalled.append(s.data("c", 90, ms=0 if i == 0 else 1, delivered=False))
        if i % 2 == 1:
            s.data("s", 1200, ms=96, ack="always")
        else:
            s.wait(97)
    # The server's LCP echoes now go unanswered (the replies are lost); it
    # gives up, terminates LCP and disconnects the call.
    for i in range(3):
        s.lcp_echo("s", answered=False, ms=400 if i == 0 else 2000,
                   delivered=True)
        s.send("c", LCP, cp(ECHO_REP, s.echo_id["s"] - 1,
                            struct.pack("!I", s.magic["c"])), ms=0.6,
               delivered=False)
    s.lcp_terminate("s", b"Peer not responding", ms=2000, label="term_req",
                    acked=False)
    s.send("c", LCP, cp(TERM_ACK, 2), ms=0.5, delivered=False)
    s.wait(50)
    s.tcp("s", "PA", cdn(s.pac_call_id, 1, "Lost carrier"), label="cdn")
    s.tcp("c", "A", ms=0.2)
    s.control_stop()

    def manifest():
        return {
            "description": "Session up with GRE data both ways and acks; then "
                           "the client's GRE stops reaching the server: the "
                           "client sends 20 more sequenced packets (seq %d..%d) "
                           "while the server's data packets keep arriving with "
                           "the acknowledgment number stuck at %d; later the "
                           "server's LCP echoes go unanswered, it terminates LCP "
                           "and sends Call-Disconnect-Notify (Lost Carrier)."
                           % (last_acked + 1, last_acked + 20, last_acked),
            "expect": [expect(F(stalled[9]), "gre-ack-stalled", "likely",
                              "Ten client packets past the server's last ack "
                              "with server packets still arriving is a fair "
                              "threshold; anything from frame %d to frame %d (the "
                              "20th) is acceptable."
                              % (F(stalled[4]), F(stalled[19])),
                              latest_frame=F(stalled[19]),
                              evidence=[F(r) for r in stalled])],
        }
    return "gre_ack_stalled.pcap", cap, manifest


def gre_icmp_scenario(fname, code, what):
    def gen():
        cap, h = client_side()
        s = Session(cap, h["client"], h["server"], name=fname)
        s.up_to_call()
        c_opts = s.lcp_opts("c")
        icmps = []
        for i in range(4):
            rec = s.send("c", LCP, cp(CONF_REQ, 1 + i, c_opts),
                         ms=13.4 if i == 0 else 3000, delivered=False,
                         dropped=True)
            s.wait(0.4)
            icmps.append(cap.add(s.t, h["router"], h["client"], "icmp",
                                 (3, code, 0, rec), df=False))
        s.wait(3000)
        s.call_clear()
        s.control_stop()

        def manifest():
            return {
                "description": "Call up; every GRE packet from the client (LCP "
                               "Configure-Request, sent 4 times 3 s apart) is "
                               "answered by ICMP Destination Unreachable, code "
                               "%d (%s), from router 10.10.1.1, quoting it; the "
                               "client gives up and clears the call." % (code,
                                                                         what),
                "expect": [expect(F(icmps[0]), "gre-blocked", "confirmed",
                                  "The first ICMP error quoting our GRE "
                                  "(blocked_by 10.10.1.1, quoted frame %d)."
                                  % (F(icmps[0]) - 1),
                                  ras_error=806, blocked_by="10.10.1.1")],
            }
        return fname, cap, manifest
    gen.__name__ = fname
    return gen


scenario(gre_icmp_scenario("gre_icmp_proto_unreach.pcap", 2,
                           "protocol unreachable"))
scenario(gre_icmp_scenario("gre_icmp_host_unreach.pcap", 1,
                           "host unreachable"))


def mtu_scenario(fname, with_icmp):
    def gen():
        cap, h = client_side()
        s = Session(cap, h["client"], h["server"], name=fname)
        session_with_data(s, pings=2)
        big_recs, icmps = [], []
        # Inner TCP: a small request answered; a full-size segment (GRE IP
        # datagram 1450 bytes, DF) dropped at the router, retransmitted.
        big_payload = 1450 - 20 - 16 - 1 - 2
        for attempt in range(2):
            s.ping(size=70, reply_ms=3.1)
            for rtx, wait in enumerate((0, 210, 420, 840)):
                rec = s.data("c", big_payload, ms=wait or 20, delivered=False,
                             dropped=True, ack="always")
                big_recs.append(rec)
                if with_icmp:
                    s.wait(0.3)
                    icmps.append(cap.add(s.t, h["router"], h["client"], "icmp",
                                         (3, 4, 1200, rec), df=False))
            s.gre("s", None, ms=200)       # server acks what it did get
            s.wait(300)
        s.ping(size=70, reply_ms=3.0)
        s.wait(1000)
        s.teardown()

        def manifest():
            if with_icmp:
                return {
                    "description": "Session up; small GRE packets pass, but the "
                                   "client's 1450-byte GRE datagrams (DF set) "
                                   "are answered by ICMP Destination "
                                   "Unreachable, fragmentation needed, next-hop "
                                   "MTU 1200, from 10.10.1.1 (quoting 548 bytes "
                                   "of them); the inner TCP retransmits; the "
                                   "client hangs up.",
                    "expect": [expect(F(icmps[0]), "mtu-too-small", "confirmed",
                                      "ICMP 3/4 with next-hop MTU 1200 quoting "
                                      "the client's 1450-byte DF GRE (frame "
                                      "%d)." % F(big_recs[0]),
                                      blocked_by="10.10.1.1", mtu=1200,
                                      evidence=[F(r) for r in icmps])],
                }
            return {
                "description": "Like mtu_frag_needed.pcap but a black hole: the "
                               "client's 1450-byte DF GRE datagrams vanish "
                               "without an ICMP error (retransmitted at 210, "
                               "420, 840 ms), while small packets get replies "
                               "before and after.",
                "expect": [expect(F(big_recs[3]), "mtu-too-small", "likely",
                                  "Four unanswered same-size large DF packets "
                                  "while small ones are answered; frames %s are "
                                  "the large ones." % ", ".join(
                                      str(F(r)) for r in big_recs),
                                  evidence=[F(r) for r in big_recs])],
            }
        return fname, cap, manifest
    gen.__name__ = fname
    return gen


scenario(mtu_scenario("mtu_frag_needed.pcap", True))
scenario(mtu_scenario("mtu_df_blackhole.pcap", False))


@scenario
def gre_unknown_call_id():
    hosts = lab_hosts()
    cap = Capture(["s"], hosts)
    nat, srv = hosts["nat"], hosts["server"]
    # Two clients behind the NAT, both pick Call ID 1; the server gives them
    # Call IDs 16384 and 16385.
    a = Session(cap, nat, srv, name="natA", cport=40001, c_isn=1100000000,
                s_isn=2200000000, pns_call_id=1, pac_call_id=16384,
                client_magic=0x1A2B3C01, server_magic=0x5E6F7001)
    b = Session(cap, nat, srv, name="natB", t0_ms=1500, cport=40002,
                c_isn=1300000000, s_isn=2400000000, pns_call_id=1,
                pac_call_id=16385, client_magic=0x1A2B3C02,
                server_magic=0x5E6F7002)
    # Session A comes all the way up (its peer hears the server's replies).
    a.up()
    b.up_to_call()
    # Session B: its LCP requests reach the server; the server's answers go to
    # 10.10.2.1 with key 1, the same as session A's, and the NAT (no PPTP
    # helper) cannot tell them apart: B never hears them and retries.
    c_opts = b.lcp_opts("c")
    s_opts = b.lcp_opts("s", "mschapv2")
    b_reqs = []
    for i in range(3):
        b_reqs.append(b.send("c", LCP, cp(CONF_REQ, 1 + i, c_opts),
                             ms=13.4 if i == 0 else 2970, label="b_req%d" % i))
        b.send("s", LCP, cp(CONF_ACK, 1 + i, c_opts), ms=3.3, delivered=False)
        b.send("s", LCP, cp(CONF_REQ, 1 + i, s_opts), ms=1.1, delivered=False)
    # GRE from the NAT address with a key that matches no call.
    stray = []
    t_stray = b.t + 700000
    ghost = Session(cap, nat, srv, name="ghost", pns_call_id=1,
                    pac_call_id=0x7777)
    ghost.t = t_stray
    ghost.compressed = True
    for i in range(3):
        stray.append(ghost.data("c", 86, ms=0 if i == 0 else 1000,
                                delivered=False))
    # A keeps going on its own call meanwhile.
    for i in range(4):
        a.wait(1000)
        a.ping()
    b.t = max(b.t, t_stray + 2200000)
    b.call_clear(label="b_ccrq")
    b.control_stop()

    def manifest():
        return {
            "description": "Server-side capture (server 10.10.2.2 TTL 64, NAT "
                           "10.10.2.1 TTL 63). Two clients behind the NAT open "
                           "control connections from ports 40001 and 40002 and "
                           "both choose Call ID 1 in their OCRQ (frames %d, %d); "
                           "the server's GRE to 10.10.2.1 therefore carries key "
                           "1 for both calls, which a NAT without a PPTP helper "
                           "cannot demultiplex: call B's LCP requests are "
                           "retried (frames %s) though the server answers each. "
                           "GRE also arrives from 10.10.2.1 with key 0x7777 "
                           "(30583), which matches no call (frames %s)."
                           % (F(a.labels["ocrq"]), F(b.labels["ocrq"]),
                              ", ".join(str(F(r)) for r in b_reqs),
                              ", ".join(str(F(r)) for r in stray)),
            "vantage": "server",
            "expect": [
                expect(F(b.labels["ocrp"]), "gre-call-id-mismatch", "likely",
                       "Second call from the same address with the same peer "
                       "Call ID (1) as an active call: the server's GRE for the "
                       "two calls is indistinguishable on the way back.",
                       evidence=[F(a.labels["ocrq"]), F(b.labels["ocrq"])]),
                expect(F(stray[0]), "gre-call-id-mismatch", "confirmed",
                       "GRE from 10.10.2.1 with Call ID 0x7777 that no OCRP "
                       "assigned.",
                       evidence=[F(r) for r in stray]),
            ],
        }
    return "gre_unknown_call_id.pcap", cap, manifest


def healthy(desc, **extra):
    entry = {"description": desc,
             "expect": [expect(None, "healthy", "confirmed",
                               extra.pop("note", "No warning."))],
             "healthy_frames_must_not_warn": True}
    entry.update(extra)
    return entry


@scenario
def healthy_two_sessions():
    cap, h = client_side()
    a = Session(cap, h["client"], h["server"], name="two_a")
    b = Session(cap, h["client2"], h["server"], name="two_b", t0_ms=600,
                cport=51022, c_isn=801234567, s_isn=1902345678,
                pns_call_id=4711, pac_call_id=1, client_magic=0x0BADCAFE,
                server_magic=0x7E57AB1E, ppp_address="192.168.50.11",
                user="carol")
    a.up()
    b.up()
    a.t = max(a.t, b.t) + 20000
    b.t = a.t + 1700
    for i in range(4):
        a.ping(size=126)
        b.ping(size=122)
        a.wait(500)
        b.wait(500)
    a.teardown()
    b.wait(800)
    b.teardown()

    def manifest():
        return healthy("Two clients, 10.10.1.2 (alice, Call ID 29501/0) and "
                       "10.10.1.3 (carol, Call ID 4711/1), to the same server "
                       "at once, captured on the client LAN; the sessions' "
                       "packets interleave from the LCP phase on; both hang "
                       "up normally.")
    return "healthy_two_sessions.pcap", cap, manifest


@scenario
def healthy_midsession():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="mid", c_isn=3037113000,
                s_isn=3924319000, gre_seq0=(1204, 1187))
    s.compressed = True
    s.gre_rx = {"c": 1186, "s": 1203}
    s.gre_acked = {"c": 1186, "s": 1203}
    s.mppe_cc = {"c": 1204, "s": 1187}
    s.echo_id = {"c": 37, "s": 36}
    for i in range(6):
        s.ping(size=126, reply_ms=2.6)
        if i == 2:
            s.lcp_echo("c", ms=300)
            s.wait(200)
            s.pptp_echo(0x00000002)
        s.wait(500)
    s.gre("c", None, ms=100)

    def manifest():
        return healthy("The capture starts in the middle of a healthy session: "
                       "GRE data both ways (seq 1204.. and 1187..), an LCP echo "
                       "and a PPTP control-connection Echo-Request/Reply on the "
                       "established TCP connection (no handshake, no "
                       "SCCRQ/OCRQ).",
                       note="At most a note (milestone gre-without-control); "
                            "no warning.")
    return "healthy_midsession.pcap", cap, manifest


@scenario
def healthy_reordered_gre():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="reorder")
    s.up()
    s.wait(20)
    s.ping(label="first_data")
    swapped = []
    dups = []
    for i in range(6):
        s.wait(500)
        if i in (1, 4):
            # The server's replies 1 and 2 of a burst arrive swapped.
            s.data("c", 126)
            s.data("c", 126, ms=0.2)
            r1 = s.data("s", 126, ms=2.7)
            cap.records.pop()
            r2 = s.data("s", 126, ms=0.3)
            cap.records.pop()
            # Swap when they are seen; IP IDs stay in sending order.
            r2.t_us, r1.t_us = r1.t_us, r2.t_us
            cap.records.extend([r2, r1])
            swapped.append((r2, r1))
        elif i in (2, 5):
            s.ping(size=126)
            # The last server packet is duplicated in the network.
            last = cap.records[-1]
            dup = cap.add(last.t_us + 140, last.src, last.dst, "gre",
                          last.body, df=last.df, copy_of=last)
            dups.append(dup)
        else:
            s.ping(size=122)
    s.wait(800)
    s.teardown()

    def manifest():
        return healthy("Healthy session where the server's GRE data arrives out "
                       "of order twice (frames %s then %s) and is duplicated "
                       "twice (frames %s repeat the sequence numbers of the "
                       "frames before them); normal hang-up."
                       % (", ".join(str(F(a)) for a, _ in swapped),
                          ", ".join(str(F(b)) for _, b in swapped),
                          ", ".join(str(F(d)) for d in dups)))
    return "healthy_reordered_gre.pcap", cap, manifest


@scenario
def healthy_still_up():
    cap, h = client_side()
    s = Session(cap, h["client"], h["server"], name="still_up")
    session_with_data(s, pings=5)

    def manifest():
        return healthy("Healthy session, up when the capture ends: data and "
                       "LCP echoes, no teardown.")
    return "healthy_still_up.pcap", cap, manifest


@scenario
def healthy_both_sides():
    hosts = lab_hosts()
    cap = Capture(["c", "s"], hosts)
    s = Session(cap, hosts["client"], hosts["server"], name="both")
    s.up()
    s.wait(20)
    for i in range(3):
        s.ping(size=126, reply_ms=2.9)
        s.wait(500)
    s.teardown()

    def manifest():
        return healthy("Client- and server-side copies of one healthy session "
                       "in one capture: every packet appears twice, first on "
                       "the sender's LAN (TTL 64), then 180 us later on the "
                       "other LAN (TTL 63), same IP ID.",
                       vantage="both")
    return "healthy_both_sides.pcap", cap, manifest


# --- Main ----------------------------------------------------------------------
def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s OUTDIR\n" % argv[0])
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest_out = []
    for gen in SCENARIOS:
        fname, cap, manifest = gen()
        frames = cap.build()
        assert len(frames) < 150, (fname, len(frames))
        write_pcap(os.path.join(outdir, fname), frames)
        entry = manifest()
        manifest_out.append({
            "file": fname,
            "description": entry.pop("description"),
            "vantage": entry.pop("vantage", "client"),
            "frames": len(frames),
            "expect": entry.pop("expect"),
            "healthy_frames_must_not_warn":
                entry.pop("healthy_frames_must_not_warn", False),
        })
        assert not entry, entry
    with open(os.path.join(outdir, "ppp.expect.json"), "w") as f:
        json.dump(manifest_out, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
