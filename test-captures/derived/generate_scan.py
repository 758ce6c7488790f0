#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 10: not every SYN to TCP 1723 is a VPN client.

A port scanner (nmap -sS, masscan) probes TCP 1723 among many other ports of a host, or TCP 1723
of many hosts, with single SYNs within seconds; and port 1723 also carries traffic that is not
PPTP: a client that picked 1723 as its own ephemeral port, or another service listening on
1723. Each capture merges such traffic, made here, into a real capture of the lab (../real/),
frame times interleaved.

  generate_scan.py OUTPUT_DIR

writes:
  success-server-scan-closed.pcap    ../real/success/server.pcap (a healthy session, server
        side) and an nmap-like SYN scan of nmap's 100 most common TCP ports of the server
        10.10.2.2 from 203.0.113.66, one probe every 3 ms from the same source port, starting
        0.9 s into the session: 22 and 80 open (SYN/ACK, the scanner resets), every other port
        closed (RST/ACK), TCP 1723 too (the server rejects that source with a reset), probed
        as the 40th port (after 39 others: the scan is plain by then)
  success-server-scan-filtered.pcap  the same scan, another order, with the server's firewall
        dropping the scanner's SYNs silently (22 stays open); TCP 1723 is the 3rd port probed,
        so only the ports after it show the scan
  tcp1723_dropped-client-sweep.pcap  ../real/tcp1723_dropped/client.pcap (a Linux client whose
        SYNs to 10.10.2.2 port 1723 are dropped: it retransmits at 1, 3, 7 and 15 s) and a
        sweep of TCP 1723 over 10.10.2.1 to 10.10.2.30 by the same host (masscan-like: one SYN
        per address, 20 ms apart, a new source port each), starting 0.5 s into the capture:
        most addresses silent, every 7th answers with a reset, 10.10.2.9 with an ICMP
        administratively prohibited from the router 10.10.1.1
  bad_password-client-http1723.pcap  ../real/bad_password/client.pcap (MS-CHAPv2 E=691) and a
        small HTTP exchange of the client from its own port 1723 (an ephemeral port like any
        other) to 93.184.216.34 port 80: SYN, SYN/ACK, ACK, GET, 200 OK, FINs
  success-client-ssh1723.pcap        ../real/success/client.pcap and two connections of the
        client to other hosts' TCP 1723 that are not PPTP: an SSH server listening on 1723
        (198.51.100.22: its banner comes first, RFC 4253 section 4.2), and a TLS server on 1723
        (198.51.100.23: the client's ClientHello comes first, RFC 8446 section 4.1.2)
  success-client-sccrq-head-lost.pcap  ../real/success/client.pcap with the first 100 bytes of
        the SCCRQ (frame 6) in a segment the capture lost: the connection's first payload seen
        begins in the middle of a message, 101 past the SYN's sequence number; it is PPTP all
        the same (what a lost first segment must never turn into "not PPTP")
  success-server-sccrp-head-lost.pcap  ../real/success/server.pcap with the SCCRQ lost whole
        and the first 24 bytes of the SCCRP lost: the first payload seen is the server's, in
        the middle of a message

Deterministic: same input, same output (fixed times, ports, sequence numbers and IP IDs; scapy
computes the checksums). Run with Debian's /usr/bin/python3 and python3-scapy (tested with
2.5.0).
"""

import os
import random
import struct
import sys

from scapy.layers.inet import ICMP, IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

# nmap's 100 most common TCP ports (nmap --top-ports 100, nmap-services), TCP 1723 among them.
TOP100 = [
    7, 9, 13, 21, 22, 23, 25, 26, 37, 53, 79, 80, 81, 88, 106, 110, 111, 113, 119, 135, 139,
    143, 144, 179, 199, 389, 427, 443, 444, 445, 465, 513, 514, 515, 543, 544, 548, 554, 587,
    631, 646, 873, 990, 993, 995, 1025, 1026, 1027, 1028, 1029, 1110, 1433, 1720, 1723, 1755,
    1900, 2000, 2001, 2049, 2121, 2717, 3000, 3128, 3306, 3389, 3986, 4899, 5000, 5009, 5051,
    5060, 5101, 5190, 5357, 5432, 5631, 5666, 5800, 5900, 6000, 6001, 6646, 7070, 8000, 8008,
    8009, 8080, 8081, 8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155,
    49156, 49157,
]
assert len(TOP100) == 100 and len(set(TOP100)) == 100

SCANNER = "203.0.113.66"  # RFC 5737 TEST-NET-3: a host on the Internet


def real_frames(path):
    """(time, bytes) of every frame of capture @path."""
    return [(pkt.time, bytes(pkt)) for pkt in PcapReader(path)]


def frame(t, pkt):
    """(time, bytes) of scapy packet @pkt at time @t (checksums and lengths computed)."""
    return (t, bytes(pkt))


def write(path, frames):
    """Writes (time, bytes) frames sorted by time (stable: the real frames' order is kept) as
    an Ethernet pcap with microsecond times."""
    out = PcapWriter(path, linktype=1, sync=True)
    for t, raw in sorted(frames, key=lambda f: f[0]):
        p = Ether(raw)
        p.time = t
        out.write(p)
    out.close()


def nmap_scan(t0, order, server, smac, dmac, answer):
    """The frames of an nmap-like SYN scan (nmap -sS) of @server's ports @order from SCANNER,
    seen on the server's link (frames from the scanner come from the router's MAC @smac to the
    server's @dmac): one SYN per port from source port 45517, window 1024, MSS 1460, TTL 51,
    every 3 ms from @t0. @answer(port) says how the server answers: "open" (SYN/ACK, then the
    scanner's RST), "closed" (RST/ACK) or None (nothing: dropped by its firewall)."""
    out = []
    rng = random.Random(2637)
    seq = rng.randrange(1 << 32)
    for k, port in enumerate(order):
        t = t0 + 0.003 * k
        syn = (Ether(src=smac, dst=dmac) / IP(src=SCANNER, dst=server, ttl=51, id=rng.randrange(65536))
               / TCP(sport=45517, dport=port, flags="S", seq=seq, window=1024,
                     options=[("MSS", 1460)]))
        out.append(frame(t, syn))
        how = answer(port)
        back = Ether(src=dmac, dst=smac) / IP(src=server, dst=SCANNER, ttl=64, id=0, flags="DF")
        if how == "open":
            sa = back / TCP(sport=port, dport=45517, flags="SA", seq=rng.randrange(1 << 32),
                            ack=seq + 1, window=64240, options=[("MSS", 1460)])
            out.append(frame(t + 0.00008, sa))
            rst = (Ether(src=smac, dst=dmac)
                   / IP(src=SCANNER, dst=server, ttl=51, id=rng.randrange(65536))
                   / TCP(sport=45517, dport=port, flags="R", seq=seq + 1, window=0))
            out.append(frame(t + 0.021, rst))
        elif how == "closed":
            ra = back / TCP(sport=port, dport=45517, flags="RA", seq=0, ack=seq + 1, window=0)
            out.append(frame(t + 0.00008, ra))
    return out


def server_scan(outdir, name, order, answer):
    """../real/success/server.pcap with nmap_scan of the server merged in, 0.9 s after its
    first frame."""
    real = real_frames(os.path.join(REAL, "success", "server.pcap"))
    t0 = real[0][0] + 0.9
    # the router's MAC (06:f9:3f:38:b7:e8) and the server's (fe:83:74:99:25:c3), as in the
    # real frames from the client
    scan = nmap_scan(t0, order, "10.10.2.2", "06:f9:3f:38:b7:e8", "fe:83:74:99:25:c3", answer)
    write(os.path.join(outdir, name), real + scan)


def sweep(outdir):
    """../real/tcp1723_dropped/client.pcap and a sweep of TCP 1723 over 10.10.2.1-30 by the
    client 10.10.1.2 itself."""
    real = real_frames(os.path.join(REAL, "tcp1723_dropped", "client.pcap"))
    cmac, rmac = "a2:ba:6d:e4:5a:81", "26:67:e6:fd:30:f0"  # the client's, the router's
    t0 = real[0][0] + 0.5
    rng = random.Random(1723)
    out = []
    for k in range(30):
        dst = "10.10.2.%d" % (k + 1)
        t = t0 + 0.02 * k
        sport = 40000 + rng.randrange(20000)
        seq = rng.randrange(1 << 32)
        syn = (Ether(src=cmac, dst=rmac) / IP(src="10.10.1.2", dst=dst, ttl=64, id=0, flags="DF")
               / TCP(sport=sport, dport=1723, flags="S", seq=seq, window=1024))
        out.append(frame(t, syn))
        if k + 1 == 9:
            # the router refuses it: ICMP administratively prohibited quoting the SYN (RFC 1812
            # 5.2.7.1: code 13), which quotes the IP header and the first 8 bytes
            q = IP(bytes(syn[IP]))
            err = (Ether(src=rmac, dst=cmac) / IP(src="10.10.1.1", dst="10.10.1.2", ttl=64, id=k)
                   / ICMP(type=3, code=13) / Raw(bytes(q)[:28]))
            out.append(frame(t + 0.0004, err))
        elif (k + 1) % 7 == 0:
            ra = (Ether(src=rmac, dst=cmac) / IP(src=dst, dst="10.10.1.2", ttl=63, id=0)
                  / TCP(sport=1723, dport=sport, flags="RA", seq=0, ack=seq + 1, window=0))
            out.append(frame(t + 0.0011, ra))
    write(os.path.join(outdir, "tcp1723_dropped-client-sweep.pcap"), real + out)


class Conn:
    """A TCP connection on the client's link between @cli:@cport and @srv:@sport, built frame by
    frame (Ethernet from @cmac to @rmac and back)."""

    def __init__(self, t, cli, cport, srv, sport, cmac, rmac, ttl_back=54):
        self.t, self.cli, self.cport, self.srv, self.sport = t, cli, cport, srv, sport
        self.cmac, self.rmac, self.ttl_back = cmac, rmac, ttl_back
        self.cseq, self.sseq = 0x2a5c0000 + cport, 0x7e110000 + sport
        self.cid = self.sid = 0
        self.out = []

    def c2s(self, dt, flags, data=b""):
        self.t += dt
        self.cid += 1
        p = (Ether(src=self.cmac, dst=self.rmac)
             / IP(src=self.cli, dst=self.srv, ttl=64, id=0x4000 + self.cid, flags="DF")
             / TCP(sport=self.cport, dport=self.sport, flags=flags, seq=self.cseq,
                   ack=self.sseq if "A" in flags else 0, window=64240))
        if data:
            p = p / Raw(data)
        self.out.append(frame(self.t, p))
        self.cseq += len(data) + (1 if "S" in flags or "F" in flags else 0)

    def s2c(self, dt, flags, data=b""):
        self.t += dt
        self.sid += 1
        p = (Ether(src=self.rmac, dst=self.cmac)
             / IP(src=self.srv, dst=self.cli, ttl=self.ttl_back, id=0x6000 + self.sid, flags="DF")
             / TCP(sport=self.sport, dport=self.cport, flags=flags, seq=self.sseq,
                   ack=self.cseq if "A" in flags else 0, window=65160))
        if data:
            p = p / Raw(data)
        self.out.append(frame(self.t, p))
        self.sseq += len(data) + (1 if "S" in flags or "F" in flags else 0)

    def handshake(self):
        self.c2s(0, "S")
        self.s2c(0.012, "SA")
        self.c2s(0.0002, "A")

    def close(self):
        self.c2s(0.05, "FA")
        self.s2c(0.012, "FA")
        self.c2s(0.0002, "A")


def http_from_1723(outdir):
    """../real/bad_password/client.pcap and an HTTP exchange from the client's port 1723."""
    real = real_frames(os.path.join(REAL, "bad_password", "client.pcap"))
    c = Conn(real[0][0] + 0.3, "10.10.1.2", 1723, "93.184.216.34", 80,
             "22:f6:53:dc:4c:3a", "2a:5a:9f:ad:f3:f8")
    c.handshake()
    c.c2s(0.0003, "PA", b"GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/7.88.1\r\n"
                        b"Accept: */*\r\n\r\n")
    c.s2c(0.012, "A")
    body = b"<!doctype html><html><head><title>Example Domain</title></head><body></body></html>\n"
    c.s2c(0.001, "PA", b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(body) + body)
    c.c2s(0.0002, "A")
    c.close()
    write(os.path.join(outdir, "bad_password-client-http1723.pcap"), real + c.out)


def client_hello():
    """A TLS 1.2 record holding a short ClientHello (RFC 8446 4.1.2; server name vpn.example)."""
    name = b"vpn.example"
    sni = struct.pack(">HHHBH", 0, len(name) + 5, len(name) + 3, 0, len(name)) + name
    body = (b"\x03\x03" + bytes(range(32)) + b"\x00" + b"\x00\x04\x13\x01\xc0\x2f" + b"\x01\x00"
            + struct.pack(">H", len(sni)) + sni)
    hs = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack(">H", len(hs)) + hs


def not_pptp_on_1723(outdir):
    """../real/success/client.pcap and two connections to other hosts' TCP 1723 that are not
    PPTP: SSH (the server's banner first) and TLS (the client's ClientHello first)."""
    real = real_frames(os.path.join(REAL, "success", "client.pcap"))
    cmac, rmac = "26:a9:f0:d1:5e:36", "5e:83:be:c5:65:78"  # the client's, the router's
    ssh = Conn(real[0][0] + 0.4, "10.10.1.2", 51022, "198.51.100.22", 1723, cmac, rmac)
    ssh.handshake()
    ssh.s2c(0.015, "PA", b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
    ssh.c2s(0.0002, "A")
    ssh.c2s(0.001, "PA", b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
    ssh.s2c(0.012, "A")
    ssh.close()
    tls = Conn(real[0][0] + 2.6, "10.10.1.2", 51040, "198.51.100.23", 1723, cmac, rmac, 49)
    tls.handshake()
    tls.c2s(0.0003, "PA", client_hello())
    tls.s2c(0.014, "A")
    tls.s2c(0.001, "PA", b"\x15\x03\x03\x00\x02\x02\x28")  # alert: handshake_failure
    tls.c2s(0.0002, "A")
    tls.close()
    write(os.path.join(outdir, "success-client-ssh1723.pcap"), real + ssh.out + tls.out)


def head_lost(raw, n):
    """Frame @raw (Ethernet, IPv4, TCP with payload) as if its first @n payload bytes had come in
    a segment of their own that the capture lost: the rest, @n further on in sequence."""
    p = Ether(raw)
    data = bytes(p[TCP].payload)
    p[TCP].remove_payload()
    p[TCP].seq = (p[TCP].seq + n) % (1 << 32)
    del p[IP].len, p[IP].chksum, p[TCP].chksum
    return bytes(p / Raw(data[n:]))


def first_segment_lost(outdir):
    """Real captures whose first control message's start the capture lost (a segment of its own
    before the rest): the connection's first payload seen begins mid-message, yet it is PPTP."""
    real = real_frames(os.path.join(REAL, "success", "client.pcap"))
    # frame 6: the SCCRQ, 156 bytes; its first 100 in a segment the capture lost
    real[5] = (real[5][0], head_lost(real[5][1], 100))
    write(os.path.join(outdir, "success-client-sccrq-head-lost.pcap"), real)
    real = real_frames(os.path.join(REAL, "success", "server.pcap"))
    # frame 6 (the SCCRQ) lost whole; frame 8, the SCCRP, its first 24 bytes lost: the first
    # payload seen is the server's, past its initial sequence number + 1
    real[7] = (real[7][0], head_lost(real[7][1], 24))
    del real[5]
    write(os.path.join(outdir, "success-server-sccrp-head-lost.pcap"), real)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    # closed: 1723 the 40th port probed
    order = [p for p in TOP100 if p != 1723]
    random.Random(40).shuffle(order)
    order.insert(39, 1723)
    server_scan(outdir, "success-server-scan-closed.pcap", order,
                lambda p: "open" if p in (22, 80) else "closed")
    # filtered: 1723 the 3rd port probed
    order = [p for p in TOP100 if p != 1723]
    random.Random(3).shuffle(order)
    order.insert(2, 1723)
    server_scan(outdir, "success-server-scan-filtered.pcap", order,
                lambda p: "open" if p == 22 else None)
    sweep(outdir)
    http_from_1723(outdir)
    not_pptp_on_1723(outdir)
    first_segment_lost(outdir)


if __name__ == "__main__":
    main()
