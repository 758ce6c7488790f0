#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Derive the DNS captures of issue 29, class 8 (RAS error 868 only for the VPN server's name)
from the real lab captures in ../real/.

Usage: generate_dns.py OUTDIR

A Windows laptop looks names up all the time, whatever it connects to: isatap and wpad in its
DNS suffix at every change of network, teredo.ipv6.microsoft.com, the connectivity probe
dns.msftncsi.com, its domain controllers (_ldap._tcp.dc._msdcs.DOMAIN), intranet names a mapped
drive or a mail client asks for, and the search-list forms of a name (vpn.dev-lab.test with the
suffix appended, vpn.dev-lab.test.dev-lab.test) before or after the name as typed. Many of these
fail (NXDOMAIN, or never answered where the network has no Internet). This script adds such
lookups to real captures, the real frames kept byte for byte (moved in time only where room is
made before them), and writes:

  success-client-windows-dns.pcap        ../real/success/client.pcap: suffix form NXDOMAIN, the
                                         name resolves, the SYN follows; failures before, during
                                         and after the healthy session
  tcp1723_reset-client-windows-dns.pcap  ../real/tcp1723_reset/client.pcap: the name resolves,
                                         the SYN to the answered address is reset, then an
                                         intranet name and background names fail
  dns_nxdomain-client-windows-dns.pcap   ../real/dns_nxdomain/client.pcap: the VPN server's name
                                         fails (the real lookup) among background names that fail
  healthy_long-client-tunnel.pcap        the VPN's own PPP adapter during ../real/healthy_long/
                                         client.pcap (link type RAW: IP packets, no PPTP, no GRE):
                                         its pings, and lookups of intranet names, some failing

The lab's names: dnsmasq on the router 10.10.1.1 is authoritative for dev-lab.test and knows
only vpn.dev-lab.test (10.10.2.2, ../real/dns_nxdomain/scenario.json); the client's DNS suffix is
dev-lab.test; the lab has no Internet, so names elsewhere are never answered. In the tunnel the
client (192.168.50.10, IPCP) asks the server's tunnel address 192.168.50.1 (pptpd's ms-dns).

The tunnel capture: MPPE encrypts what the real capture's GRE carries, so its IP packets cannot
be extracted as they are. They are rebuilt from what the capture does show: each encrypted PPP
frame of 135 or 139 bytes on the wire is one ping (scenario.json: the client pings
192.168.50.1 every second, the server pings 192.168.50.10 every two), at its time and in its
direction, a request unless it answers, within 0.5 s, a request from the other side; an ICMP
Echo of Linux ping's 84 bytes (ID per side, sequence from 1, the send time as a 16-byte struct
timeval, then bytes 0x10..0x37). The other encrypted frames (99 and 103 bytes: too short for these
pings) are left out.

Output is deterministic: times in whole microseconds from the real captures, fixed transaction
IDs and ports, one IP ID counter per host; lengths and checksums computed by scapy. Classic pcap,
little endian, microseconds, snaplen 262144 as the lab writes. Run with Debian's /usr/bin/python3
and python3-scapy (tested with scapy 2.5.0).
"""

import os
import struct
import sys

from scapy.layers.dns import DNS, DNSQR, DNSRR, DNSRRSOA
from scapy.layers.inet import ICMP, IP, UDP
from scapy.layers.l2 import Ether

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101          # raw IPv4/IPv6, as a capture on a PPP adapter gives it

CLIENT_IP = "10.10.1.2"
ROUTER_IP = "10.10.1.1"     # default gateway and DNS resolver (dnsmasq)
SERVER_IP = "10.10.2.2"     # what vpn.dev-lab.test resolves to
TUNNEL_CLIENT = "192.168.50.10"
TUNNEL_SERVER = "192.168.50.1"
SUFFIX = "dev-lab.test"     # the client's DNS suffix, the zone dnsmasq is authoritative for
VPN_NAME = "vpn." + SUFFIX

A, AAAA, SRV = 1, 28, 33
NXDOMAIN = 3
MS = 1000                   # microseconds
SEC = 1000000

SOA = DNSRRSOA(rrname=SUFFIX + ".", ttl=600, mname="router." + SUFFIX + ".",
               rname="hostmaster." + SUFFIX + ".", serial=1, refresh=1200, retry=180,
               expire=1209600, minimum=600)


# --- classic pcap, as the lab writes it --------------------------------------------------------
def read_pcap(path):
    """Returns the link type and the records [time in microseconds, frame bytes]."""
    with open(path, "rb") as f:
        blob = f.read()
    assert blob[:4] == b"\xd4\xc3\xb2\xa1", path   # little endian, microseconds
    linktype = struct.unpack("<I", blob[20:24])[0]
    recs, pos = [], 24
    while pos + 16 <= len(blob):
        sec, usec, incl, orig = struct.unpack("<IIII", blob[pos:pos + 16])
        assert incl == orig, path
        pos += 16
        recs.append([sec * SEC + usec, blob[pos:pos + incl]])
        pos += incl
    return linktype, recs


def write_pcap(path, linktype, recs):
    """Writes the records in time order (a stable sort: equal times keep their order)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for t, data in sorted(recs, key=lambda r: r[0]):
            f.write(struct.pack("<IIII", t // SEC, t % SEC, len(data), len(data)))
            f.write(data)


# --- DNS between a client and its resolver -----------------------------------------------------
class Resolver:
    """Lookups of one client from its resolver, as frames for a capture on the client: Ethernet
    (the real capture's MACs) or, with no MACs, raw IP (the PPP adapter)."""

    def __init__(self, client, server, client_mac=None, server_mac=None, ids=(0x51A0, 0x0C40),
                 txid=0x2B61, port=51837):
        self.client, self.server = client, server
        self.macs = (client_mac, server_mac)
        self.ip_id = {client: ids[0], server: ids[1]}
        self.txid, self.port = txid, port
        self.recs = []

    def _frame(self, t, src, dst, udp):
        ip_id = self.ip_id[src]
        self.ip_id[src] = (ip_id + 1) & 0xFFFF
        pkt = IP(src=src, dst=dst, ttl=64, id=ip_id, flags="DF") / udp
        if self.macs[0]:
            mac_src, mac_dst = self.macs if src == self.client else self.macs[::-1]
            pkt = Ether(src=mac_src, dst=mac_dst) / pkt
        self.recs.append([t, bytes(pkt)])

    def lookup(self, t, name, qtype=A, answer=None, rcode=0, after=2 * MS, tries=(0,)):
        """A query of @name sent at @t plus each offset in @tries (microseconds; the same ID and
        port each time), answered @after microseconds after the last one with @rcode and, if
        given, the address @answer (@after None: never answered). Returns the answer's time."""
        txid, port = self.txid, self.port
        self.txid = (self.txid + 0x0B17) & 0xFFFF
        self.port = 49152 + (self.port - 49152 + 0x1F3) % 16384
        q = DNSQR(qname=name, qtype=qtype)
        for dt in tries:
            self._frame(t + dt, self.client, self.server,
                        UDP(sport=port, dport=53) / DNS(id=txid, rd=1, qd=q))
        if after is None:
            return None
        at = t + tries[-1] + after
        an = DNSRR(rrname=name + ".", type=qtype, ttl=600, rdata=answer) if answer else None
        ns = SOA if not answer and name.endswith(SUFFIX) else None
        self._frame(at, self.server, self.client,
                    UDP(sport=53, dport=port) / DNS(id=txid, qr=1, aa=1, rd=1, ra=1, rcode=rcode,
                                                     qd=q, an=an, ns=ns))
        return at

    def nxdomain(self, t, name, qtype=A):
        return self.lookup(t, name, qtype, rcode=NXDOMAIN)

    def unanswered(self, t, name, tries=3):
        """Asked @tries times, never answered: at 0, 1 and 2 s (Windows' DNS client waits 1 s,
        1 s, then 2 s: its QueryTimeouts)."""
        self.lookup(t, name, after=None, tries=(0, SEC, 2 * SEC)[:tries])


def macs(recs):
    """The client's and the router's MACs: the client's ARP request and the router's reply that
    open every real client capture."""
    return ":".join("%02x" % b for b in recs[0][1][6:12]), \
           ":".join("%02x" % b for b in recs[1][1][6:12])


def shift(recs, first, by):
    """Moves the records from index @first on by @by microseconds (room for lookups before)."""
    for r in recs[first:]:
        r[0] += by


def windows_connect(r, t):
    """The name as Windows asks it with the DNS suffix appended (NXDOMAIN: no such name in
    dev-lab.test), then as typed: A answered 10.10.2.2, AAAA no data. Returns when the A answer
    came."""
    r.nxdomain(t, VPN_NAME + "." + SUFFIX)
    at = r.lookup(t + 5 * MS, VPN_NAME, A, answer=SERVER_IP, after=2100)
    r.lookup(t + 5 * MS + 120, VPN_NAME, AAAA, after=2400)
    return at


# --- the captures ------------------------------------------------------------------------------
def success(outdir):
    linktype, recs = read_pcap(os.path.join(REAL, "success", "client.pcap"))
    t0, syn = recs[0][0], 2                      # ARP, ARP, then the SYN to TCP 1723
    r = Resolver(CLIENT_IP, ROUTER_IP, *macs(recs))
    r.nxdomain(t0 + 20 * MS, "isatap." + SUFFIX)
    r.nxdomain(t0 + 250 * MS, "wpad." + SUFFIX)
    answered = windows_connect(r, t0 + 900 * MS)
    shift(recs, syn, answered + 4600 - recs[syn][0])  # the SYN 4.6 ms after the answer
    ts = recs[syn][0]                                # the original times, moved
    r.unanswered(ts + 2600 * MS, "dns.msftncsi.com", tries=2)
    r.nxdomain(ts + 4200 * MS, "fileserver." + SUFFIX)  # beside the tunnel (nodefaultroute)
    r.unanswered(ts + 4700 * MS, "teredo.ipv6.microsoft.com")
    r.nxdomain(recs[-1][0] + 500 * MS, "wpad." + SUFFIX)  # after the hang-up
    write_pcap(os.path.join(outdir, "success-client-windows-dns.pcap"), linktype, recs + r.recs)


def tcp1723_reset(outdir):
    linktype, recs = read_pcap(os.path.join(REAL, "tcp1723_reset", "client.pcap"))
    t0, syn = recs[0][0], 2                      # ARP, ARP, SYN, RST
    r = Resolver(CLIENT_IP, ROUTER_IP, *macs(recs), ids=(0x6E02, 0x1D90), txid=0x4C3A,
                 port=58211)
    answered = windows_connect(r, t0 + 20 * MS)
    shift(recs, syn, answered + 4600 - recs[syn][0])
    ts = recs[syn][0]
    # Windows says 807; the laptop goes on, off the VPN: an intranet name fails
    r.nxdomain(ts + 2000 * MS, "wpad." + SUFFIX)
    r.nxdomain(ts + 4000 * MS, "fileserver." + SUFFIX)
    r.unanswered(ts + 5000 * MS, "teredo.ipv6.microsoft.com")
    write_pcap(os.path.join(outdir, "tcp1723_reset-client-windows-dns.pcap"), linktype,
               recs + r.recs)


def dns_nxdomain(outdir):
    linktype, recs = read_pcap(os.path.join(REAL, "dns_nxdomain", "client.pcap"))
    t0, query = recs[0][0], 2                    # ARP, ARP, the query, NXDOMAIN
    r = Resolver(CLIENT_IP, ROUTER_IP, *macs(recs), ids=(0x3301, 0x7A10), txid=0x0E55,
                 port=61402)
    r.nxdomain(t0 + 50 * MS, "isatap." + SUFFIX)
    r.nxdomain(t0 + 400 * MS, "_ldap._tcp.dc._msdcs." + SUFFIX, SRV)
    shift(recs, query, SEC)
    nx = recs[query + 1][0]
    # the name as typed failed: the suffix appended (Windows' devolution of a multi-label name)
    r.nxdomain(nx + 1500, "vpn-old.dev-lab.test." + SUFFIX)
    r.nxdomain(nx + 500 * MS, "wpad." + SUFFIX)
    r.unanswered(nx + 1000 * MS, "teredo.ipv6.microsoft.com")
    r.unanswered(nx + 1500 * MS, "dns.msftncsi.com", tries=2)
    write_pcap(os.path.join(outdir, "dns_nxdomain-client-windows-dns.pcap"), linktype,
               recs + r.recs)


def mppe_frames(recs):
    """(time, from the client) of each MPPE-encrypted PPP frame (protocol 0x00fd, RFC 3078) of
    135 or 139 bytes in an Ethernet capture of PPTP's enhanced GRE (RFC 2637 4.1)."""
    out = []
    for t, data in recs:
        if data[12:14] != b"\x08\x00" or data[23] != 47 or len(data) not in (135, 139):
            continue
        ihl = (data[14] & 0x0F) * 4
        gre = 14 + ihl
        flags = data[gre]
        ppp = gre + 8 + (4 if flags & 0x10 else 0) + (4 if data[gre + 1] & 0x80 else 0)
        if data[ppp:ppp + 2] == b"\xff\x03":
            ppp += 2
        proto = data[ppp] if data[ppp] & 1 else struct.unpack(">H", data[ppp:ppp + 2])[0]
        if proto == 0xFD:
            out.append((t, data[26:30] == bytes(map(int, CLIENT_IP.split(".")))))
    return out


def pings(frames):
    """The ICMP Echo packets the encrypted frames carried (see the module's doc)."""
    ids = {True: 0x0D21, False: 0x0E7B}          # ping's identifier, per side
    seq = {True: 0, False: 0}
    ip_id = {True: 0x4410, False: 0x9C02}
    out, pending = [], None
    for t, from_client in frames:
        src, dst = (TUNNEL_CLIENT, TUNNEL_SERVER) if from_client else (TUNNEL_SERVER, TUNNEL_CLIENT)
        if pending and pending[1] != from_client and t - pending[0] < 500 * MS:
            icmp = ICMP(type=0, id=pending[2].id, seq=pending[2].seq) / pending[3]
            pending = None
        else:
            seq[from_client] += 1
            payload = struct.pack("<qq", t // SEC, t % SEC) + bytes(range(0x10, 0x38))
            echo = ICMP(type=8, id=ids[from_client], seq=seq[from_client])
            icmp = echo / payload
            pending = (t, from_client, echo, payload)
        out.append([t, bytes(IP(src=src, dst=dst, ttl=64, id=ip_id[from_client], flags="DF")
                             / icmp)])
        ip_id[from_client] = (ip_id[from_client] + 1) & 0xFFFF
    return out


def tunnel(outdir):
    _, recs = read_pcap(os.path.join(REAL, "healthy_long", "client.pcap"))
    packets = pings(mppe_frames(recs))
    t0 = packets[0][0]
    r = Resolver(TUNNEL_CLIENT, TUNNEL_SERVER, ids=(0x2A00, 0x5E00), txid=0x61D4, port=53012)
    r.lookup(t0 + 300 * MS, VPN_NAME, answer=SERVER_IP)   # the server's name, inside the tunnel
    r.nxdomain(t0 + 1200 * MS, "isatap." + SUFFIX)
    r.nxdomain(t0 + 1500 * MS, "wpad." + SUFFIX)
    r.nxdomain(t0 + 4000 * MS, "intranet." + SUFFIX)     # no such record
    r.nxdomain(t0 + 4003 * MS, "intranet." + SUFFIX + "." + SUFFIX)
    r.lookup(t0 + 9000 * MS, "files." + SUFFIX, answer=TUNNEL_SERVER)
    r.unanswered(t0 + 15000 * MS, "wiki.corp.example", tries=2)  # its zone's server is down
    r.unanswered(t0 + 21000 * MS, "teredo.ipv6.microsoft.com")
    r.nxdomain(t0 + 30000 * MS, "printer." + SUFFIX)
    write_pcap(os.path.join(outdir, "healthy_long-client-tunnel.pcap"), LINKTYPE_RAW,
               packets + r.recs)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for make in (success, tcp1723_reset, dns_nxdomain, tunnel):
        make(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
