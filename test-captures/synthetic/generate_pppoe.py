#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the synthetic PPPoE captures (issue 32): what pptpdiag must read of
PPPoE, Discovery and Session stage, including input that breaks RFC 2516.

Usage: generate_pppoe.py OUTDIR

Writes one classic pcap (Ethernet, microsecond timestamps, little-endian) per
scenario into OUTDIR.  pppoe.md describes the files; beside each capture,
CAPTURE.obs.txt is what pptpdiag extracts from it (plugin/tests/observations.sh).

Layouts: the PPPoE header and tags of RFC 2516 section 4 and Appendix A,
PPP-Max-Payload of RFC 4638 section 4; in the Session stage PPP without
Address and Control (RFC 2516 section 7), LCP (RFC 1661), MS-CHAPv2 (RFC 2759)
with a Failure packet that allows no retry (E=691 R=0, RFC 2759 section 6).
The lab's real PPPoE captures (pppd 2.4.9 + rp-pppoe 3.15) are the model for
the normal exchange; the malformed frames are what no real peer here sends.

Output is deterministic: fixed timestamps (base 2026-11-21 14:00:00 UTC),
MACs, Host-Uniq and AC-Cookie values and challenge bytes from SHA-256 of fixed
labels; the Ethernet header is scapy's, the PPPoE and PPP bytes are packed
here (so that lengths can lie), the pcap is written by hand.  Run with
Debian's /usr/bin/python3 and python3-scapy (tested with scapy 2.5.0).
"""

import calendar
import os
import struct
import sys

from scapy.layers.l2 import Ether
from scapy.packet import Raw

from synthlib import prand

BASE_SECONDS = calendar.timegm((2026, 11, 21, 14, 0, 0))

CLIENT = "02:00:00:0e:01:02"     # the PPPoE host
AC = "02:00:00:0e:02:01"         # the access concentrator
AC2 = "02:00:00:0e:02:02"        # another access concentrator
BROADCAST = "ff:ff:ff:ff:ff:ff"
DISCOVERY, SESSION = 0x8863, 0x8864

PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
# Tags (RFC 2516 Appendix A, RFC 4638 section 4)
END_OF_LIST, SERVICE_NAME, AC_NAME, HOST_UNIQ, AC_COOKIE = 0, 0x101, 0x102, 0x103, 0x104
MAX_PAYLOAD = 0x120
SERVICE_NAME_ERROR, AC_SYSTEM_ERROR, GENERIC_ERROR = 0x201, 0x202, 0x203

LCP, CHAP = 0xC021, 0xC223
CONF_REQ, CONF_ACK, TERM_REQ, TERM_ACK = 1, 2, 5, 6
CHAP_CHALLENGE, CHAP_RESPONSE, CHAP_FAILURE = 1, 2, 4
IPCP, CONF_NAK, CHAP_SUCCESS = 0x8021, 3, 3




def tag(ttype, value=b"", length=None):
    """A tag; length: a TAG_LENGTH other than the value's (a lie)."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    return struct.pack("!HH", ttype, len(value) if length is None else length) + value


def pppoe(code, session_id, payload, length=None, ver_type=0x11):
    """The PPPoE header and payload; length: a LENGTH other than the
    payload's (a lie); ver_type: VER and TYPE (RFC 2516: both 1)."""
    return struct.pack("!BBHH", ver_type, code, session_id,
                       len(payload) if length is None else length) + payload


def ppp(proto, packet):
    """A PPP frame in a PPPoE Session packet: the protocol, no Address and
    Control (RFC 2516 section 7)."""
    return struct.pack("!H", proto) + packet


def cp(code, ident, data=b""):
    """An LCP/CHAP packet (RFC 1661 section 5 layout)."""
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


def opt(otype, value=b""):
    return struct.pack("!BB", otype, 2 + len(value)) + value


def o_mru(mru):
    return opt(1, struct.pack("!H", mru))


def o_magic(magic):
    return opt(5, struct.pack("!I", magic))


O_AUTH_MSCHAPV2 = opt(3, struct.pack("!HB", CHAP, 0x81))


class Capture:
    """Frames in time order; t is the clock in microseconds."""

    def __init__(self, snaplen=65535):
        self.snaplen = snaplen
        self.t = 0
        self.frames = []

    def add(self, ms, src, dst, ethertype, payload, pad_to=None):
        """A frame ms milliseconds after the previous one.  pad_to: the
        Ethernet minimum (60 bytes without FCS) filled with these bytes, as a
        NIC pads short frames (RFC 2516 section 4: LENGTH tells them apart)."""
        self.t += int(round(ms * 1000))
        frame = bytes(Ether(src=src, dst=dst, type=ethertype) / Raw(payload))
        if pad_to is not None:
            frame += (pad_to * 60)[:max(0, 60 - len(frame))]
        self.frames.append((self.t, frame))
        return len(self.frames)

    def write(self, path):
        """Classic pcap, little-endian, microseconds, Ethernet; frames longer
        than the snapshot length are cut to it."""
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0,
                                self.snaplen, 1))
            for t_us, frame in self.frames:
                kept = frame[:self.snaplen]
                f.write(struct.pack("<IIII", BASE_SECONDS + t_us // 1000000,
                                    t_us % 1000000, len(kept), len(frame)))
                f.write(kept)


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def host_uniq(label):
    return tag(HOST_UNIQ, prand("host-uniq/" + label, 4))


@scenario
def auth_failed(snaplen=65535, name="pppoe_auth_failed.pcap"):
    """Discovery with every tag a normal exchange carries (RFC 4638's
    PPP-Max-Payload 1500 asked for and granted), then LCP, and an MS-CHAPv2
    Failure E=691 R=0 from the concentrator; the client terminates LCP and
    sends PADT."""
    cap = Capture(snaplen)
    hu = host_uniq("auth_failed")
    cookie = tag(AC_COOKIE, prand("cookie/auth_failed", 16))
    mp = tag(MAX_PAYLOAD, struct.pack("!H", 1500))
    sid = 0x2A17
    cap.add(0, CLIENT, BROADCAST, DISCOVERY,
            pppoe(PADI, 0, tag(SERVICE_NAME) + hu + mp))
    cap.add(2.1, AC, CLIENT, DISCOVERY,
            pppoe(PADO, 0, tag(AC_NAME, "dev-bras1") + tag(SERVICE_NAME, "dev-internet")
                  + hu + cookie + mp))
    cap.add(1.3, CLIENT, AC, DISCOVERY,
            pppoe(PADR, 0, tag(SERVICE_NAME, "dev-internet") + hu + cookie + mp))
    cap.add(9.8, AC, CLIENT, DISCOVERY,
            pppoe(PADS, sid, tag(SERVICE_NAME, "dev-internet") + hu + mp))
    # LCP: MRU 1500 (RFC 4638 section 7), the concentrator asks for MS-CHAPv2
    c_lcp = o_mru(1500) + o_magic(0x5A3C0E11)
    s_lcp = o_mru(1500) + O_AUTH_MSCHAPV2 + o_magic(0x0B16F00D)
    cap.add(30.2, CLIENT, AC, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_REQ, 1, c_lcp))))
    cap.add(1.4, AC, CLIENT, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_REQ, 1, s_lcp))))
    cap.add(0.3, CLIENT, AC, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_ACK, 1, s_lcp))))
    cap.add(1.1, AC, CLIENT, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_ACK, 1, c_lcp))))
    challenge = prand("challenge/auth_failed", 16)
    cap.add(2.0, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(CHAP, cp(CHAP_CHALLENGE, 0x21,
                                       bytes([16]) + challenge + b"dev-bras1"))))
    value = prand("peer-challenge/auth_failed", 16) + bytes(8) + \
        prand("nt-response/auth_failed", 24) + b"\x00"
    cap.add(40.6, CLIENT, AC, SESSION,
            pppoe(0, sid, ppp(CHAP, cp(CHAP_RESPONSE, 0x21, bytes([49]) + value + b"alice"))))
    failure = ("E=691 R=0 C=%s V=3 M=Authentication failure"
               % prand("retry-challenge/auth_failed", 16).hex().upper()).encode()
    cap.add(120.5, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(CHAP, cp(CHAP_FAILURE, 0x21, failure))))
    cap.add(15.0, CLIENT, AC, SESSION,
            pppoe(0, sid, ppp(LCP, cp(TERM_REQ, 2, b"Authentication failed"))))
    cap.add(0.9, AC, CLIENT, SESSION, pppoe(0, sid, ppp(LCP, cp(TERM_ACK, 2))))
    cap.add(3.0, CLIENT, AC, DISCOVERY, pppoe(PADT, sid, b""), pad_to=b"\x00")
    return name, cap


@scenario
def auth_failed_snaplen64():
    """auth_failed taken with a snapshot length of 64 bytes (tcpdump -s 64)."""
    return auth_failed(64, "pppoe_auth_failed_snaplen64.pcap")


@scenario
def pads_refused():
    """The concentrator offers, then refuses the session: PADS with
    SESSION_ID 0 and AC-System-Error (RFC 2516 section 5.4); the client asks
    again 5 s later and is refused again."""
    cap = Capture()
    hu = host_uniq("pads_refused")
    cookie = tag(AC_COOKIE, prand("cookie/pads_refused", 20))
    cap.add(0, CLIENT, BROADCAST, DISCOVERY, pppoe(PADI, 0, tag(SERVICE_NAME) + hu))
    cap.add(1.8, AC, CLIENT, DISCOVERY,
            pppoe(PADO, 0, tag(AC_NAME, "dev-bras1") + tag(SERVICE_NAME, "dev-internet")
                  + hu + cookie))
    for wait in (1.2, 5000):
        cap.add(wait, CLIENT, AC, DISCOVERY,
                pppoe(PADR, 0, tag(SERVICE_NAME, "dev-internet") + hu + cookie))
        cap.add(2.4, AC, CLIENT, DISCOVERY,
                pppoe(PADS, 0, tag(SERVICE_NAME, "dev-internet") + hu
                      + tag(AC_SYSTEM_ERROR, "Session limit reached for this port")))
    return "pppoe_pads_refused.pcap", cap


@scenario
def service_name_error():
    """The client asks for a service the concentrator does not offer; the
    concentrator answers with a PADO carrying Service-Name-Error (RFC 2516
    section 5.2 says it must not answer at all; some do), twice."""
    cap = Capture()
    hu = host_uniq("service_name_error")
    for wait in (0, 2000):
        cap.add(wait, CLIENT, BROADCAST, DISCOVERY,
                pppoe(PADI, 0, tag(SERVICE_NAME, "dev-business") + hu))
        cap.add(1.6, AC, CLIENT, DISCOVERY,
                pppoe(PADO, 0, tag(AC_NAME, "dev-bras1") + hu
                      + tag(SERVICE_NAME_ERROR, "Service dev-business not available")))
    return "pppoe_service_name_error.pcap", cap


@scenario
def malformed():
    """PPPoE that breaks RFC 2516, one frame each (pppoe.md lists them)."""
    cap = Capture()
    hu = host_uniq("malformed")
    # 1. A tag running past LENGTH: Host-Uniq says 20 bytes, LENGTH ends 16
    #    bytes before; the bytes are there, and an AC-Name after them.
    body = tag(SERVICE_NAME) + tag(HOST_UNIQ, prand("hu", 20)) + tag(AC_NAME, "after")
    cap.add(0, CLIENT, BROADCAST, DISCOVERY, pppoe(PADI, 0, body, length=4 + 4 + 4))
    # 2. LENGTH running past the frame (300 bytes; the frame is whole): the
    #    tags up to the frame's end, the AC-Cookie it cuts is not read.
    body = tag(AC_NAME, "dev-bras1") + tag(SERVICE_NAME, "dev-internet") + \
        tag(AC_COOKIE, prand("cookie", 16))[:10]
    cap.add(1.5, AC, CLIENT, DISCOVERY, pppoe(PADO, 0, body, length=300))
    # 3. Tags twice (the first counts), texts with a NUL, a byte that is no
    #    UTF-8 and a tab, a PPP-Max-Payload of TAG_LENGTH 3 then one of 2, a
    #    second error tag, End-Of-List, then a tag after it.
    body = (tag(AC_NAME, "first-ac") + tag(AC_NAME, "second-ac")
            + tag(SERVICE_NAME, b"svc\x00hidden") + tag(SERVICE_NAME, "second-svc")
            + tag(MAX_PAYLOAD, b"\x05\xdc\x00") + tag(MAX_PAYLOAD, struct.pack("!H", 1500))
            + tag(GENERIC_ERROR, b"bad \xff byte,\ttab, caf\xc3\xa9")
            + tag(AC_SYSTEM_ERROR, "second error") + hu
            + tag(END_OF_LIST) + tag(AC_COOKIE, prand("cookie", 8)))
    cap.add(1.0, AC2, CLIENT, DISCOVERY, pppoe(PADO, 0, body))
    # 4. Texts longer than pptpdiag keeps: Service-Name of 100 characters (63
    #    kept), an error text of 94 ASCII characters then an e-acute whose 2
    #    bytes do not fit in 95 (cut before it, not in it).
    body = (tag(SERVICE_NAME, "s" * 100)
            + tag(AC_SYSTEM_ERROR, "x" * 94 + "\u00e9" + "y" * 20))
    cap.add(1.0, AC2, CLIENT, DISCOVERY, pppoe(PADS, 0, body))
    # 5. VER 2 (RFC 2516: VER and TYPE are 1): no observation; TYPE 2 in a
    #    Session packet: none either.
    cap.add(1.0, CLIENT, BROADCAST, DISCOVERY,
            pppoe(PADI, 0, tag(SERVICE_NAME) + hu, ver_type=0x21))
    cap.add(1.0, CLIENT, AC, SESSION,
            pppoe(0, 0x0001, ppp(LCP, cp(CONF_REQ, 1, o_magic(1))), ver_type=0x12))
    # 6. CODE 0 in a Discovery packet, a Discovery code in a Session packet:
    #    neither is RFC 2516's, no observation.
    cap.add(1.0, CLIENT, AC, DISCOVERY, pppoe(0, 0x0001, tag(SERVICE_NAME)))
    cap.add(1.0, CLIENT, AC, SESSION, pppoe(PADT, 0x0001, ppp(LCP, cp(TERM_REQ, 3))))
    # 7. A Session packet with LENGTH 0 (no PPP frame), padded to 60 bytes.
    cap.add(1.0, CLIENT, AC, SESSION, pppoe(0, 0x0001, b""), pad_to=b"\x00")
    # 8. A PADT padded with bytes that look like a Generic-Error tag: LENGTH
    #    0 says they are padding, not read.
    cap.add(1.0, AC, CLIENT, DISCOVERY, pppoe(PADT, 0x0001, b""),
            pad_to=tag(GENERIC_ERROR, "junk"))
    # 9. A Session packet whose LENGTH (200) runs past the frame, carrying an
    #    LCP Terminate-Request: its text up to the frame's end.
    cap.add(1.0, AC, CLIENT, SESSION,
            pppoe(0, 0x0001, ppp(LCP, cp(TERM_REQ, 4, b"Peer not responding")), length=200))
    # 10. A Session packet whose LENGTH is shorter than its PPP frame (it
    #     covers 21 of the CHAP Failure message's 34 characters: only those
    #     are read).
    packet = ppp(CHAP, cp(CHAP_FAILURE, 7, b"E=691 R=0 V=3 M=cut by LENGTH here"))
    cap.add(1.0, AC, CLIENT, SESSION, pppoe(0, 0x0001, packet, length=len(packet) - 13))
    return "pppoe_malformed.pcap", cap


@scenario
def mru_too_large():
    """A router whose PPPoE interface is set to MTU 1500 (a common mistake):
    no PPP-Max-Payload in Discovery, the host asks LCP for an MRU of 1500 and
    the concentrator acknowledges it (RFC 2516 section 7: MUST NOT exceed
    1492); the concentrator asks for 1492.  MS-CHAPv2 succeeds, IPCP comes up,
    data flows: the session is up, and large packets toward the host cannot
    fit an Ethernet frame.  pppoe_auth_failed.pcap is the same MRU granted by
    PPP-Max-Payload 1500 (RFC 4638): no advisory there."""
    cap = Capture()
    hu = host_uniq("mru_too_large")
    cookie = tag(AC_COOKIE, prand("cookie/mru_too_large", 16))
    sid = 0x0C41
    cap.add(0, CLIENT, BROADCAST, DISCOVERY, pppoe(PADI, 0, tag(SERVICE_NAME) + hu))
    cap.add(2.0, AC, CLIENT, DISCOVERY,
            pppoe(PADO, 0, tag(AC_NAME, "dev-bras1") + tag(SERVICE_NAME, "dev-internet")
                  + hu + cookie))
    cap.add(1.2, CLIENT, AC, DISCOVERY,
            pppoe(PADR, 0, tag(SERVICE_NAME, "dev-internet") + hu + cookie))
    cap.add(8.5, AC, CLIENT, DISCOVERY, pppoe(PADS, sid, tag(SERVICE_NAME, "dev-internet") + hu))
    c_lcp = o_mru(1500) + o_magic(0x71C0FFEE)
    s_lcp = o_mru(1492) + O_AUTH_MSCHAPV2 + o_magic(0x0DDBA11)
    cap.add(30.0, CLIENT, AC, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_REQ, 1, c_lcp))))
    cap.add(1.2, AC, CLIENT, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_REQ, 1, s_lcp))))
    cap.add(0.3, CLIENT, AC, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_ACK, 1, s_lcp))))
    cap.add(1.0, AC, CLIENT, SESSION, pppoe(0, sid, ppp(LCP, cp(CONF_ACK, 1, c_lcp))))
    cap.add(2.0, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(CHAP, cp(CHAP_CHALLENGE, 0x31, bytes([16])
                                       + prand("challenge/mru", 16) + b"dev-bras1"))))
    value = prand("peer-challenge/mru", 16) + bytes(8) + prand("nt-response/mru", 24) + b"\x00"
    cap.add(40.0, CLIENT, AC, SESSION,
            pppoe(0, sid, ppp(CHAP, cp(CHAP_RESPONSE, 0x31, bytes([49]) + value + b"alice"))))
    success = ("S=%s M=Welcome" % prand("authenticator/mru", 20).hex().upper()).encode()
    cap.add(30.0, AC, CLIENT, SESSION, pppoe(0, sid, ppp(CHAP, cp(CHAP_SUCCESS, 0x31, success))))
    addr = lambda a: struct.pack("!BB4B", 3, 6, *a)
    cap.add(2.0, CLIENT, AC, SESSION, pppoe(0, sid, ppp(IPCP, cp(CONF_REQ, 1, addr((0, 0, 0, 0))))))
    cap.add(0.5, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(IPCP, cp(CONF_REQ, 1, addr((100, 64, 0, 1))))))
    cap.add(0.3, CLIENT, AC, SESSION,
            pppoe(0, sid, ppp(IPCP, cp(CONF_ACK, 1, addr((100, 64, 0, 1))))))
    cap.add(0.4, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(IPCP, cp(CONF_NAK, 1, addr((100, 64, 7, 9))))))
    cap.add(0.3, CLIENT, AC, SESSION,
            pppoe(0, sid, ppp(IPCP, cp(CONF_REQ, 2, addr((100, 64, 7, 9))))))
    cap.add(0.4, AC, CLIENT, SESSION,
            pppoe(0, sid, ppp(IPCP, cp(CONF_ACK, 2, addr((100, 64, 7, 9))))))
    return "pppoe_mru_too_large.pcap", cap


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s OUTDIR\n" % argv[0])
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    for gen in SCENARIOS:
        fname, cap = gen()
        cap.write(os.path.join(outdir, fname))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
