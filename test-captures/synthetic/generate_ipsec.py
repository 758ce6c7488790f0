#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic IPsec captures (issue 33): what pptpdiag must read of
IKE and ESP in clear that the lab's Linux peers (strongSwan) never show: a
Windows L2TP/IPsec client refusing NAT traversal toward a server behind NAT,
a Windows IKEv2 client's default (weak) proposals refused, UDP 4500 refused by
an ICMP error after NAT detection, IKEv2 over IPv6, IKEv1 NAT detection with
SHA2-384 hashes and no NAT, and input no real peer sends.  Every capture is SYNTHETIC: the bytes are packed here, not captured.

Usage: generate_ipsec.py OUTDIR

Writes one classic pcap (Ethernet, microsecond timestamps, little-endian) per
scenario into OUTDIR.  ipsec.md describes the files and cites where each
behaviour is documented; beside each capture, CAPTURE.obs.txt is what pptpdiag
extracts from it (plugin/tests/observations.sh).

Layouts: the IKEv2 header, payloads, proposals, transforms and notifies of
RFC 7296 sections 3.1-3.14, its NAT detection hashes (section 2.23:
SHA-1(SPIi | SPIr | IP | port)); the IKEv1 header and payloads of RFC 2408
sections 3.1-3.15 with the Phase 1 attributes of RFC 2409 Appendix A; the
NAT-D payload (type 20) of RFC 3947 section 3.2 (HASH(CKY-I | CKY-R | IP |
port) with the negotiated hash, the first the destination's, the next the
sender's own); the Non-ESP Marker before IKE on UDP 4500 (RFC 3948 section
2.2); ESP's SPI and Sequence Number (RFC 4303 section 2).  What IKE encrypts
(IKE_AUTH, the ESP payload) is deterministic pseudo-random bytes.

Output is deterministic: fixed timestamps (base 2026-12-14 09:00:00 UTC),
addresses (RFC 5737, RFC 3849), IP Identifications, SPIs, nonces and key
exchange data from SHA-256 of fixed labels (synthlib.prand); the Ethernet, IP,
UDP, ICMP and ARP headers are scapy's, the IKE and ESP bytes are packed here
(so that lengths can lie), the pcap is written by hand.  Run with Debian's
/usr/bin/python3 and python3-scapy (tested with scapy 2.5.0).
"""

import calendar
import hashlib
import ipaddress
import os
import struct
import sys

from scapy.layers.inet import ICMP, IP, UDP
from scapy.layers.inet6 import IPv6
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

sys.dont_write_bytecode = True  # nothing left in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthlib import prand  # noqa: E402

BASE_SECONDS = calendar.timegm((2026, 12, 14, 9, 0, 0))

IKE_PORT, NATT_PORT = 500, 4500

# --- IKEv2 (RFC 7296) ---------------------------------------------------------
# Exchange types (section 3.1) and header flags
IKE_SA_INIT, IKE_AUTH, INFORMATIONAL = 34, 35, 37
F_INITIATOR, F_RESPONSE = 0x08, 0x20
# Payload types (section 3.2)
V2_SA, V2_KE, V2_IDI, V2_IDR, V2_NONCE, V2_N, V2_V, V2_SK = 33, 34, 35, 36, 40, 41, 43, 46
# Transform types and IDs (section 3.3.2; IANA "IKEv2 Parameters")
ENCR, PRF, INTEG, DH = 1, 2, 3, 4
ENCR_3DES, ENCR_AES_CBC = 3, 12
PRF_HMAC_SHA1, PRF_HMAC_SHA2_256 = 2, 5
AUTH_HMAC_SHA1_96, AUTH_HMAC_SHA2_256_128 = 2, 12
MODP1024, MODP2048, ECP256, ECP384 = 2, 14, 19, 20
KE_BYTES = {MODP1024: 128, MODP2048: 256, ECP256: 64, ECP384: 96}
# Notify types (section 3.10.1; RFC 7383 section 2.5; RFC 7427 section 4)
NO_PROPOSAL_CHOSEN = 14
NAT_DETECTION_SOURCE_IP, NAT_DETECTION_DESTINATION_IP = 16388, 16389
IKEV2_FRAGMENTATION_SUPPORTED, SIGNATURE_HASH_ALGORITHMS = 16430, 16431

# --- IKEv1 (RFC 2408, RFC 2409, RFC 3947) ----------------------------------------
MAIN_MODE = 2
V1_SA, V1_P, V1_T, V1_KE, V1_NONCE, V1_VID, V1_NATD = 1, 2, 3, 4, 10, 13, 20
# Phase 1 attribute classes and values (RFC 2409 Appendix A)
A_ENC, A_HASH, A_AUTH, A_GROUP, A_LIFE_TYPE, A_LIFE, A_KEYLEN = 1, 2, 3, 4, 11, 12, 14
V1_3DES, V1_AES = 5, 7
V1_SHA1 = 2
V1_PSK = 1

# --- Vendor IDs: MD5 of the strings, as Wireshark's packet-isakmp.c lists them --


def md5(text):
    return hashlib.md5(text.encode()).digest()


VID_MS_NT5 = md5("MS NT5 ISAKMPOAKLEY")        # followed by a 4-byte version
VID_RFC3947 = md5("RFC 3947")
VID_NATT_DRAFT02N = md5("draft-ietf-ipsec-nat-t-ike-02\n")
VID_FRAGMENTATION = md5("FRAGMENTATION")        # followed by 4 bytes of flags
VID_MS_NEGOTIATION = md5("MS-Negotiation Discovery Capable")
VID_INITIAL_CONTACT = md5("Vid-Initial-Contact")
VID_CGA = md5("IKE CGA version 1")
WINDOWS_VERSION = struct.pack("!I", 9)          # the version Windows 10 and 11 send


def u16(v):
    return struct.pack("!H", v)


def u32(v):
    return struct.pack("!I", v)


# --- IKE message packing ----------------------------------------------------------


def payloads(chain):
    """Payloads with their generic headers (RFC 7296 section 3.2, RFC 2408
    section 3.2): chain is a list of (type, body) or (type, body, overrides),
    overrides a dict with 'next' (a Next Payload other than the following
    payload's type) or 'length' (a Payload Length that lies).  Returns the
    first payload's type and the bytes."""
    out = b""
    for i, item in enumerate(chain):
        body = item[1]
        over = item[2] if len(item) > 2 else {}
        nxt = over.get("next", chain[i + 1][0] if i + 1 < len(chain) else 0)
        length = over.get("length", 4 + len(body))
        out += struct.pack("!BBH", nxt, 0, length & 0xFFFF) + body
    return (chain[0][0] if chain else 0), out


def ike(ispi, rspi, exchange, flags, mid, chain, version=0x20, length=None, first=None):
    """An IKE message: the 28-byte header (SPIs, Next Payload, Version, Exchange
    Type, Flags, Message ID, Length: a lie when given) and the payloads."""
    ptype, body = payloads(chain)
    if first is not None:
        ptype = first
    n = 28 + len(body) if length is None else length
    return ispi + rspi + struct.pack("!BBBBII", ptype, version, exchange, flags, mid,
                                     n & 0xFFFFFFFF) + body


def v2_transform(ttype, tid, keylen=None, last=False, length=None, attrs=None):
    """A transform substructure (section 3.3.2): Key Length attribute (AF set,
    class 14) when keylen."""
    a = struct.pack("!HH", 0x800E, keylen) if keylen else b""
    if attrs is not None:
        a = attrs
    n = 8 + len(a) if length is None else length
    return struct.pack("!BBHBBH", 0 if last else 3, 0, n, ttype, 0, tid) + a


def v2_proposal(num, transforms, last=False, length=None):
    """A proposal substructure for the IKE SA (section 3.3.1: Protocol ID 1, no
    SPI)."""
    body = b"".join(transforms)
    n = 8 + len(body) if length is None else length
    return struct.pack("!BBHBBBB", 0 if last else 2, 0, n, num, 1, 0,
                       len(transforms)) + body


def v2_suite(num, encr, keylen, integ, prf, dh, last=False):
    """One proposal: ENCR (with Key Length), INTEG, PRF, D-H, in the order
    Windows and strongSwan send them."""
    return v2_proposal(num, [v2_transform(ENCR, encr, keylen), v2_transform(INTEG, integ),
                             v2_transform(PRF, prf), v2_transform(DH, dh, last=True)],
                       last=last)


def v2_notify(ntype, data=b""):
    """A Notify payload body (section 3.10): Protocol ID 0, SPI Size 0."""
    return struct.pack("!BBH", 0, 0, ntype) + data


def v2_ke(group, label):
    return struct.pack("!HH", group, 0) + prand(label, KE_BYTES[group])


def addr_bytes(addr):
    return ipaddress.ip_address(addr).packed


def natd(ispi, rspi, addr, port, algo="sha1"):
    """RFC 7296 section 2.23 / RFC 3947 section 3.2: HASH(SPIi | SPIr | IP |
    port)."""
    return hashlib.new(algo, ispi + rspi + addr_bytes(addr) + u16(port)).digest()


def v2_natd_pair(ispi, rspi, src, sport, dst, dport):
    """NAT_DETECTION_SOURCE_IP and _DESTINATION_IP notifies of a sender that
    hashes src:sport as itself and dst:dport as its peer."""
    return [(V2_N, v2_notify(NAT_DETECTION_SOURCE_IP, natd(ispi, rspi, src, sport))),
            (V2_N, v2_notify(NAT_DETECTION_DESTINATION_IP, natd(ispi, rspi, dst, dport)))]


def v2_sk(inner_first, label, size):
    """An Encrypted payload (section 3.14) as (type, body, overrides): its
    Next Payload is the first inner payload's type; IV (16), ciphertext, ICV
    (16) are pseudo-random."""
    return (V2_SK, prand(label, 16 + size + 16), {"next": inner_first})


def v1_attr(cls, value):
    return struct.pack("!HH", 0x8000 | cls, value)


def v1_transform(num, enc, keylen, hash_alg, auth, group, last=False):
    """An ISAKMP transform (RFC 2408 section 3.6, KEY_IKE) with the Phase 1
    attributes in the order Windows sends them; the life duration (28800 s)
    is a variable-length attribute."""
    attrs = (v1_attr(A_ENC, enc) + v1_attr(A_HASH, hash_alg) + v1_attr(A_AUTH, auth) +
             v1_attr(A_GROUP, group) + v1_attr(A_LIFE_TYPE, 1) +
             struct.pack("!HH", A_LIFE, 4) + u32(28800))
    if keylen:
        attrs += v1_attr(A_KEYLEN, keylen)
    body = struct.pack("!BBH", num, 1, 0) + attrs
    return struct.pack("!BBH", 0 if last else V1_T, 0, 4 + len(body)) + body


def v1_sa(transforms):
    """An SA payload body (DOI 1 IPsec, SIT_IDENTITY_ONLY) with one proposal
    (PROTO_ISAKMP, no SPI) of the transforms."""
    t = b"".join(transforms)
    proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(t), 1, 1, 0, len(transforms)) + t
    return u32(1) + u32(1) + proposal


# --- the capture ----------------------------------------------------------------


class Capture:
    """Frames in time order; t is the clock in microseconds.  hosts maps an
    address to (MAC, TTL or Hop Limit, first IP Identification); frames to
    and from addresses not in hosts go through the capturing host's gateway
    MAC."""

    def __init__(self, me, me_mac, gw_mac, hosts):
        self.me, self.me_mac, self.gw_mac = me, me_mac, gw_mac
        self.hosts = hosts
        self.ip_id = {a: h[2] for a, h in hosts.items()}
        self.t = 0
        self.frames = []

    def macs(self, src):
        return (self.me_mac, self.gw_mac) if src == self.me else (self.gw_mac, self.me_mac)

    def ip(self, src, dst, proto=None, df=True):
        ttl = self.hosts[src][1]
        if ":" in src:
            return IPv6(src=src, dst=dst, hlim=ttl) if proto is None else \
                IPv6(src=src, dst=dst, hlim=ttl, nh=proto)
        self.ip_id[src] = (self.ip_id[src] + 1) & 0xFFFF
        kw = {"proto": proto} if proto is not None else {}
        return IP(src=src, dst=dst, ttl=ttl, id=self.ip_id[src], flags="DF" if df else 0, **kw)

    def frame(self, ms, pkt, cut=None):
        self.t += int(round(ms * 1000))
        self.frames.append((self.t, bytes(pkt), cut))
        return len(self.frames)

    def udp(self, ms, src, dst, payload, sport=IKE_PORT, dport=IKE_PORT, marker=False,
            udp_len=None, cut=None):
        """A UDP datagram ms milliseconds after the previous frame; marker: the
        Non-ESP Marker before the payload (RFC 3948 section 2.2)."""
        smac, dmac = self.macs(src)
        u = UDP(sport=sport, dport=dport) if udp_len is None else \
            UDP(sport=sport, dport=dport, len=udp_len)
        body = (b"\x00" * 4 if marker else b"") + payload
        return self.frame(ms, Ether(src=smac, dst=dmac) / self.ip(src, dst) / u / Raw(body),
                          cut)

    def esp(self, ms, src, dst, spi, seq, size, label):
        """ESP on IP protocol 50 (RFC 4303 section 2): SPI, Sequence Number,
        then pseudo-random IV, payload and ICV."""
        smac, dmac = self.macs(src)
        body = u32(spi) + u32(seq) + prand(label, size)
        return self.frame(ms, Ether(src=smac, dst=dmac) / self.ip(src, dst, proto=50) /
                          Raw(body))

    def icmp(self, ms, src, dst, itype, code, quoted):
        """An ICMP error from src (a router) quoting the bytes quoted."""
        smac, dmac = self.macs(src)
        return self.frame(ms, Ether(src=smac, dst=dmac) / self.ip(src, dst, df=False) /
                          ICMP(type=itype, code=code) / Raw(quoted))

    def arp(self, ms, op, src_mac, src_ip, dst_mac, dst_ip):
        """ARP (RFC 826): op 1 request (broadcast), 2 reply."""
        edst = "ff:ff:ff:ff:ff:ff" if op == 1 else dst_mac
        return self.frame(ms, Ether(src=src_mac, dst=edst) /
                          ARP(op=op, hwsrc=src_mac, psrc=src_ip,
                              hwdst="00:00:00:00:00:00" if op == 1 else dst_mac, pdst=dst_ip))

    def ip_of(self, n):
        """The IP datagram of frame n (after the 14-byte Ethernet header)."""
        return self.frames[n - 1][1][14:]

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t_us, frame, cut in self.frames:
                kept = frame[:cut] if cut is not None else frame
                f.write(struct.pack("<IIII", BASE_SECONDS + t_us // 1000000, t_us % 1000000,
                                    len(kept), len(frame)))
                f.write(kept)


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


# Addresses (RFC 5737 documentation ranges, RFC 3849 for IPv6); 192.0.2.0/24
# stands for the private (RFC 1918) networks behind the NAT devices.
CLIENT = "198.51.100.23"           # a client with a public address
SERVER = "203.0.113.7"             # the server's public address
CLIENT_MAC, GW_MAC = "02:00:00:33:01:17", "02:00:00:33:01:01"
CLIENT_GW = "198.51.100.1"


def spi(label):
    return prand("spi/" + label, 8)


def windows_v2_vendor_ids():
    """The Vendor IDs of a Windows 10 / 11 IKEv2 IKE_SA_INIT."""
    return [(V2_V, VID_MS_NT5 + WINDOWS_VERSION), (V2_V, VID_MS_NEGOTIATION), (V2_V, VID_CGA)]


@scenario
def win_l2tp_server_behind_nat():
    """A Windows L2TP/IPsec client (198.51.100.23, public address) and a server
    behind a NAT device (public 203.0.113.7, forwarding UDP 500 and 4500 to the
    server's private 192.0.2.10): IKEv1 main mode 1-4 on UDP 500, the NAT-D
    hashes showing the responder behind NAT, then nothing more from the client
    (AssumeUDPEncapsulationContextOnSendRule 0, its default: KB 926179); the
    capture, on the client, runs on for 20 s with ARP only."""
    private = "192.0.2.10"
    cap = Capture(CLIENT, CLIENT_MAC, GW_MAC,
                  {CLIENT: (CLIENT_MAC, 128, 0x2F40), SERVER: (GW_MAC, 116, 0x51A0)})
    icky, rcky = spi("l2tp_nat/i"), spi("l2tp_nat/r")
    zero = bytes(8)
    offer = [v1_transform(1, V1_AES, 256, V1_SHA1, V1_PSK, ECP384),
             v1_transform(2, V1_AES, 128, V1_SHA1, V1_PSK, ECP256),
             v1_transform(3, V1_AES, 256, V1_SHA1, V1_PSK, MODP2048),
             v1_transform(4, V1_3DES, 0, V1_SHA1, V1_PSK, MODP2048),
             v1_transform(5, V1_3DES, 0, V1_SHA1, V1_PSK, MODP1024, last=True)]
    # main mode 1: the Windows client's SA and Vendor IDs
    cap.udp(0, CLIENT, SERVER, ike(icky, zero, MAIN_MODE, 0, 0, [
        (V1_SA, v1_sa(offer)), (V1_VID, VID_MS_NT5 + WINDOWS_VERSION), (V1_VID, VID_RFC3947),
        (V1_VID, VID_NATT_DRAFT02N), (V1_VID, VID_FRAGMENTATION + u32(0x80000000)),
        (V1_VID, VID_MS_NEGOTIATION), (V1_VID, VID_INITIAL_CONTACT), (V1_VID, VID_CGA)],
        version=0x10))
    # main mode 2: the server (Windows Server RRAS) chooses the first transform
    cap.udp(38.6, SERVER, CLIENT, ike(icky, rcky, MAIN_MODE, 0, 0, [
        (V1_SA, v1_sa([v1_transform(1, V1_AES, 256, V1_SHA1, V1_PSK, ECP384, last=True)])),
        (V1_VID, VID_MS_NT5 + WINDOWS_VERSION), (V1_VID, VID_RFC3947),
        (V1_VID, VID_FRAGMENTATION + u32(0x80000000)), (V1_VID, VID_MS_NEGOTIATION),
        (V1_VID, VID_CGA)], version=0x10))
    # main mode 3: KE, nonce, NAT-D: the destination's hash first (the server's
    # public address as the client sees it), then the client's own
    cap.udp(4.2, CLIENT, SERVER, ike(icky, rcky, MAIN_MODE, 0, 0, [
        (V1_KE, prand("l2tp_nat/ke-i", KE_BYTES[ECP384])), (V1_NONCE, prand("l2tp_nat/ni", 32)),
        (V1_NATD, natd(icky, rcky, SERVER, IKE_PORT)),
        (V1_NATD, natd(icky, rcky, CLIENT, IKE_PORT))], version=0x10))
    # main mode 4: the client's hash (it matches), then the server's own, of
    # its private address: not the 203.0.113.7 the packet comes from
    mm4 = cap.udp(41.3, SERVER, CLIENT, ike(icky, rcky, MAIN_MODE, 0, 0, [
        (V1_KE, prand("l2tp_nat/ke-r", KE_BYTES[ECP384])), (V1_NONCE, prand("l2tp_nat/nr", 32)),
        (V1_NATD, natd(icky, rcky, CLIENT, IKE_PORT)),
        (V1_NATD, natd(icky, rcky, private, IKE_PORT))], version=0x10))
    assert mm4 == 4
    # nothing more from the client: ARP only, for 20 s
    cap.arp(9650, 1, GW_MAC, CLIENT_GW, "00:00:00:00:00:00", CLIENT)
    cap.arp(0.4, 2, CLIENT_MAC, CLIENT, GW_MAC, CLIENT_GW)
    cap.arp(10400, 1, CLIENT_MAC, CLIENT, "00:00:00:00:00:00", CLIENT_GW)
    cap.arp(0.5, 2, GW_MAC, CLIENT_GW, CLIENT_MAC, CLIENT)
    return "ipsec_win_l2tp_server_behind_nat.pcap", cap


@scenario
def win_ikev2_weak_proposals():
    """A Windows IKEv2 client's IKE_SA_INIT with its default proposals
    (AES-CBC-256 or 3DES, SHA-1 or SHA-256, DH group 2), refused by a
    responder that accepts none of them: NO_PROPOSAL_CHOSEN."""
    cap = Capture(CLIENT, CLIENT_MAC, GW_MAC,
                  {CLIENT: (CLIENT_MAC, 128, 0x6A02), SERVER: (GW_MAC, 54, 0x0000)})
    ispi, rspi = spi("weak/i"), spi("weak/r")
    zero = bytes(8)
    sa = b"".join([
        v2_suite(1, ENCR_3DES, None, AUTH_HMAC_SHA1_96, PRF_HMAC_SHA1, MODP1024),
        v2_suite(2, ENCR_AES_CBC, 256, AUTH_HMAC_SHA1_96, PRF_HMAC_SHA1, MODP1024),
        v2_suite(3, ENCR_3DES, None, AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, MODP1024),
        v2_suite(4, ENCR_AES_CBC, 256, AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, MODP1024,
                 last=True)])
    cap.udp(0, CLIENT, SERVER, ike(ispi, zero, IKE_SA_INIT, F_INITIATOR, 0, [
        (V2_SA, sa), (V2_KE, v2_ke(MODP1024, "weak/ke-i")), (V2_NONCE, prand("weak/ni", 48))] +
        v2_natd_pair(ispi, zero, CLIENT, IKE_PORT, SERVER, IKE_PORT) + windows_v2_vendor_ids()))
    # the refusal: a Notify alone, the responder's own SPI set
    cap.udp(27.9, SERVER, CLIENT, ike(ispi, rspi, IKE_SA_INIT, F_RESPONSE, 0, [
        (V2_N, v2_notify(NO_PROPOSAL_CHOSEN))]))
    return "ipsec_win_ikev2_weak_proposals.pcap", cap


@scenario
def udp4500_icmp():
    """IKEv2 from a client behind NAT (captured on the client, 192.0.2.23,
    translated to 198.51.100.40): IKE_SA_INIT answered, its hashes showing the
    client behind NAT; IKE_AUTH to UDP 4500 and its retransmissions each
    answered by ICMP Destination Unreachable, administratively prohibited
    (code 13), from a firewall in front of the server (203.0.113.1), which
    the client's NAT translates back."""
    me, public, firewall = "192.0.2.23", "198.51.100.40", "203.0.113.1"
    cap = Capture(me, CLIENT_MAC, GW_MAC,
                  {me: (CLIENT_MAC, 128, 0x1B00), SERVER: (GW_MAC, 51, 0x3300),
                   firewall: (GW_MAC, 243, 0x0E00)})
    ispi, rspi = spi("icmp4500/i"), spi("icmp4500/r")
    zero = bytes(8)
    suite = v2_suite(1, ENCR_AES_CBC, 256, AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, MODP2048,
                     last=True)
    cap.udp(0, me, SERVER, ike(ispi, zero, IKE_SA_INIT, F_INITIATOR, 0, [
        (V2_SA, suite), (V2_KE, v2_ke(MODP2048, "icmp4500/ke-i")),
        (V2_NONCE, prand("icmp4500/ni", 48))] +
        v2_natd_pair(ispi, zero, me, IKE_PORT, SERVER, IKE_PORT) + windows_v2_vendor_ids()))
    # the responder hashes the address and port it sees: the NAT's
    cap.udp(31.7, SERVER, me, ike(ispi, rspi, IKE_SA_INIT, F_RESPONSE, 0, [
        (V2_SA, suite), (V2_KE, v2_ke(MODP2048, "icmp4500/ke-r")),
        (V2_NONCE, prand("icmp4500/nr", 32))] +
        v2_natd_pair(ispi, rspi, SERVER, IKE_PORT, public, IKE_PORT) +
        [(V2_N, v2_notify(IKEV2_FRAGMENTATION_SUPPORTED))]))
    auth = ike(ispi, rspi, IKE_AUTH, F_INITIATOR, 1, [v2_sk(V2_IDI, "icmp4500/auth", 480)])
    wait = 5.1
    for n in range(5):   # sent at 0, 1, 3, 7 and 15 s
        sent = cap.udp(wait, me, SERVER, auth, sport=NATT_PORT, dport=NATT_PORT, marker=True)
        # Linux-style quote: as much of the datagram as fits in 576 bytes
        cap.icmp(23.4, firewall, me, 3, 13, cap.ip_of(sent)[:576 - 20 - 8])
        wait = 1000 * (2 ** n) - 23.4
    return "ipsec_udp4500_icmp.pcap", cap


@scenario
def ipv6_healthy():
    """IKEv2 over IPv6 (RFC 3849 addresses), no NAT: IKE_SA_INIT, IKE_AUTH (its
    Encrypted payload pseudo-random), then ESP both ways (IP protocol 50)."""
    c6, s6 = "2001:db8:100::23", "2001:db8:200::7"
    cap = Capture(c6, CLIENT_MAC, GW_MAC, {c6: (CLIENT_MAC, 64, 0), s6: (GW_MAC, 57, 0)})
    ispi, rspi = spi("v6/i"), spi("v6/r")
    zero = bytes(8)
    suite = v2_suite(1, ENCR_AES_CBC, 256, AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, ECP256,
                     last=True)
    sig_hashes = v2_notify(SIGNATURE_HASH_ALGORITHMS, u16(2) + u16(3) + u16(4))
    cap.udp(0, c6, s6, ike(ispi, zero, IKE_SA_INIT, F_INITIATOR, 0, [
        (V2_SA, suite), (V2_KE, v2_ke(ECP256, "v6/ke-i")), (V2_NONCE, prand("v6/ni", 32))] +
        v2_natd_pair(ispi, zero, c6, IKE_PORT, s6, IKE_PORT) +
        [(V2_N, v2_notify(IKEV2_FRAGMENTATION_SUPPORTED)), (V2_N, sig_hashes)]))
    cap.udp(12.8, s6, c6, ike(ispi, rspi, IKE_SA_INIT, F_RESPONSE, 0, [
        (V2_SA, suite), (V2_KE, v2_ke(ECP256, "v6/ke-r")), (V2_NONCE, prand("v6/nr", 32))] +
        v2_natd_pair(ispi, rspi, s6, IKE_PORT, c6, IKE_PORT) +
        [(V2_N, v2_notify(IKEV2_FRAGMENTATION_SUPPORTED)), (V2_N, sig_hashes)]))
    # no NAT: IKE_AUTH stays on UDP 500 (RFC 7296 section 2.23)
    cap.udp(3.6, c6, s6, ike(ispi, rspi, IKE_AUTH, F_INITIATOR, 1,
                             [v2_sk(V2_IDI, "v6/auth-i", 432)]))
    cap.udp(24.1, s6, c6, ike(ispi, rspi, IKE_AUTH, F_RESPONSE, 1,
                              [v2_sk(V2_IDR, "v6/auth-r", 1040)]))
    spi_in, spi_out = 0xC7E10A52, 0xCA3F9B11   # the SPIs each side chose for its inbound SA
    for n in range(3):
        cap.esp(40.0 if n == 0 else 980.0, c6, s6, spi_out, n + 1, 16 + 104 + 16,
                "v6/esp-c%d" % n)
        cap.esp(11.7, s6, c6, spi_in, n + 1, 16 + 104 + 16, "v6/esp-s%d" % n)
    return "ipsec_ipv6_healthy.pcap", cap


@scenario
def malformed():
    """One frame per fault (ipsec.md lists them)."""
    cap = Capture(CLIENT, CLIENT_MAC, GW_MAC,
                  {CLIENT: (CLIENT_MAC, 64, 0x4400), SERVER: (GW_MAC, 57, 0x7700)})
    zero = bytes(8)
    suite = v2_suite(1, ENCR_AES_CBC, 256, AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, MODP2048,
                     last=True)

    def init(label, chain, **kw):
        return ike(spi("bad/" + label), zero, IKE_SA_INIT, F_INITIATOR, 0, chain, **kw)

    def natd_pair(label):
        return v2_natd_pair(spi("bad/" + label), zero, CLIENT, IKE_PORT, SERVER, IKE_PORT)

    ke = (V2_KE, v2_ke(MODP2048, "bad/ke"))
    nonce = (V2_NONCE, prand("bad/nonce", 32))
    # 1: header Length 4000, past the datagram
    cap.udp(0, CLIENT, SERVER, init("1", [(V2_SA, suite), ke, nonce] + natd_pair("1"),
                                      length=4000))
    # 2: header Length 12, below the header's own 28 bytes
    cap.udp(100, CLIENT, SERVER, init("2", [(V2_SA, suite), ke, nonce], length=12))
    # 3: the KE payload's Payload Length is 0 (a reader that adds it loops on it)
    cap.udp(100, CLIENT, SERVER, init("3", [(V2_SA, suite), (V2_KE, v2_ke(MODP2048, "bad/ke"),
                                                             {"length": 0}), nonce]))
    # 4: a Notify whose Payload Length (400) runs past the message
    cap.udp(100, CLIENT, SERVER, init("4", [(V2_SA, suite), ke, (V2_N, v2_notify(
        NAT_DETECTION_SOURCE_IP, prand("bad/natd4", 20)), {"length": 400})]))
    # 5: 100 empty Vendor ID payloads, each naming the next; the last names
    # one more that is not there
    cap.udp(100, CLIENT, SERVER, init("5", [(V2_V, b"")] * 99 + [(V2_V, b"", {"next": V2_V})]))
    # 6: SA payload whose proposal's Proposal Length (900) runs past the
    # payload, and whose second transform's Transform Length is 0
    bad_proposal = v2_proposal(1, [v2_transform(ENCR, ENCR_AES_CBC, 256),
                                   v2_transform(INTEG, AUTH_HMAC_SHA2_256_128, length=0),
                                   v2_transform(DH, MODP2048, last=True)], last=True, length=900)
    cap.udp(100, CLIENT, SERVER, init("6", [(V2_SA, bad_proposal), ke, nonce]))
    # 7: a transform whose variable-length attribute (AF clear) says 1000 bytes
    attr_lie = struct.pack("!HH", 0x000E, 1000) + b"\x01\x00"
    cap.udp(100, CLIENT, SERVER, init("7", [(V2_SA, v2_proposal(1, [
        v2_transform(ENCR, ENCR_AES_CBC, attrs=attr_lie),
        v2_transform(DH, MODP2048, last=True)], last=True)), ke, nonce]))
    # 8: a truncated header: 20 bytes of IKE in the datagram
    cap.udp(100, CLIENT, SERVER, init("8", [(V2_SA, suite)])[:20])
    # 9: UDP 4500 with the Non-ESP Marker, then an IKE header of version 9
    cap.udp(100, CLIENT, SERVER, init("9", [(V2_SA, suite), ke, nonce], version=0x90),
            sport=NATT_PORT, dport=NATT_PORT, marker=True)
    # 10, 11: ESP with SPI 0 (reserved, RFC 4303 section 2.1), both ways
    cap.esp(100, CLIENT, SERVER, 0, 1, 64, "bad/esp-c")
    cap.esp(100, SERVER, CLIENT, 0, 1, 64, "bad/esp-s")
    # 12: a NAT-keepalive (RFC 3948 section 2.3): one byte 0xFF on UDP 4500
    cap.udp(100, CLIENT, SERVER, b"\xff", sport=NATT_PORT, dport=NATT_PORT)
    # 13: IKEv1 main mode 1 with the Encryption flag (nothing in clear to read)
    cap.udp(100, CLIENT, SERVER, ike(spi("bad/13"), zero, MAIN_MODE, 0x01, 0,
                                     [(V1_SA, v1_sa([v1_transform(1, V1_AES, 256, V1_SHA1,
                                                                  V1_PSK, MODP2048, last=True)]))],
                                     version=0x10))
    # 14: IKE_SA_INIT whose first payload is Encrypted (46): nothing in clear
    cap.udp(100, CLIENT, SERVER, init("14", [v2_sk(V2_SA, "bad/sk14", 64)]))
    # 15: IKEv1 main mode 3 (of no SA in the capture) with NAT-D payloads of 7
    # bytes, no hash length
    cap.udp(100, CLIENT, SERVER, ike(spi("bad/15"), spi("bad/15r"), MAIN_MODE, 0, 0, [
        (V1_KE, prand("bad/ke15", 128)), (V1_NONCE, prand("bad/n15", 16)),
        (V1_NATD, prand("bad/natd15a", 7)), (V1_NATD, prand("bad/natd15b", 7))], version=0x10))
    # 16: a UDP Length (8 + 20) shorter than the IKE message the datagram holds
    cap.udp(100, CLIENT, SERVER, init("16", [(V2_SA, suite), ke, nonce] + natd_pair("16")),
            udp_len=8 + 20)
    return "ipsec_malformed.pcap", cap


@scenario
def l2tp_sha384_no_nat():
    """An L2TP/IPsec client and server with public addresses and no NAT between them,
    whose IKEv1 main mode chose SHA2-384 (hash attribute 5, RFC 4868): the NAT-D
    payloads of messages 3 and 4 are 48-byte SHA2-384 hashes (RFC 3947 section
    3.2: the negotiated hash), every one of them matching the addresses and ports
    on the wire. The capture then ends (an ARP 15 s later): nothing shows a NAT,
    and nothing says how the exchange ended. pptpdiag once cut such a hash to 32
    bytes and read it as SHA2-256, seeing NAT where there was none."""
    z = bytes(8)
    cap = Capture(CLIENT, CLIENT_MAC, GW_MAC,
                  {CLIENT: (CLIENT_MAC, 64, 1), SERVER: (GW_MAC, 57, 1)})
    i, r = spi("sha384/i"), spi("sha384/r")
    t = [v1_transform(1, V1_AES, 256, 5, V1_PSK, MODP2048, last=True)]
    cap.udp(0, CLIENT, SERVER, ike(i, z, 2, 0, 0, [(V1_SA, v1_sa(t)), (V1_VID, VID_RFC3947)],
                                   version=0x10))
    cap.udp(20, SERVER, CLIENT, ike(i, r, 2, 0, 0, [(V1_SA, v1_sa(t)), (V1_VID, VID_RFC3947)],
                                    version=0x10))
    cap.udp(5, CLIENT, SERVER, ike(i, r, 2, 0, 0, [
        (V1_KE, prand("sha384/ke/i", 256)), (V1_NONCE, prand("sha384/n/i", 32)),
        (V1_NATD, natd(i, r, SERVER, 500, "sha384")), (V1_NATD, natd(i, r, CLIENT, 500, "sha384"))],
        version=0x10))
    cap.udp(20, SERVER, CLIENT, ike(i, r, 2, 0, 0, [
        (V1_KE, prand("sha384/ke/r", 256)), (V1_NONCE, prand("sha384/n/r", 32)),
        (V1_NATD, natd(i, r, CLIENT, 500, "sha384")), (V1_NATD, natd(i, r, SERVER, 500, "sha384"))],
        version=0x10))
    cap.arp(15000, 1, GW_MAC, CLIENT_GW, "00:00:00:00:00:00", CLIENT)
    return "ipsec_l2tp_sha384_no_nat.pcap", cap


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
