#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 7: real captures taken with a short
snapshot length, as analysts take them (tcpdump -s 96/128/200, the old defaults 68 and 96,
ring buffers with -s 128, pktmon or netsh with truncation).

Usage: generate_snaplen.py OUTDIR

Writes into OUTDIR, from ../real/ (classic pcap, little-endian), each frame cut to the
snapshot length as `editcap -s N` cuts it (the record keeps its original length, its data
only the first N bytes; the file header's snapshot length is N):
  success-client-snaplen128.pcap        the healthy call, client side, -s 128: only the tails
        of the SCCRQ, SCCRP and OCRQ (host name, vendor, phone number) and of MPPE data are
        cut; every field pptpdiag reads is whole
  bad_password-server-snaplen200.pcap   a bad password (MS-CHAPv2 E=691), server side, -s 200
  server_hangup_mid_session-client-snaplen96.pcap   the server closes TCP 1723 under an up
        tunnel, client side, -s 96 (tcpdump's old IPv6 default)
  link_dies-server-snaplen128.pcap      the link dies (LCP echoes unanswered), server side
  gre_dropped-client-snaplen128.pcap    GRE dropped on the path, client side
  gre_icmp_prohibited-client-snaplen64.pcap   the router's ICMP error about the client's GRE,
        -s 64: the PPTP control messages lose their headers, LCP its options, and the ICMP
        error the GRE key of the packet it quotes: the cut really matters here
derived/README.md says what an expert reads in each.  Standard library only; deterministic
(run with /usr/bin/python3).
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

# (output, source under ../real/, snapshot length in bytes)
CUTS = [
    ("success-client-snaplen128.pcap", "success/client.pcap", 128),
    ("bad_password-server-snaplen200.pcap", "bad_password/server.pcap", 200),
    ("server_hangup_mid_session-client-snaplen96.pcap",
     "server_hangup_mid_session/client.pcap", 96),
    ("link_dies-server-snaplen128.pcap", "link_dies/server.pcap", 128),
    ("gre_dropped-client-snaplen128.pcap", "gre_dropped/client.pcap", 128),
    ("gre_icmp_prohibited-client-snaplen64.pcap", "gre_icmp_prohibited/client.pcap", 64),
]


def snap(src, snaplen):
    """The bytes of little-endian microsecond pcap @src with every record cut to @snaplen."""
    with open(src, "rb") as f:
        data = f.read()
    if data[:4] != b"\xd4\xc3\xb2\xa1":
        raise SystemExit("%s: not a little-endian microsecond pcap" % src)
    # file header: magic, version 2.4, thiszone, sigfigs, snaplen, network (libpcap's pcap(5))
    magic, major, minor, zone, sigfigs, _, network = struct.unpack_from("<IHHiIII", data, 0)
    out = [struct.pack("<IHHiIII", magic, major, minor, zone, sigfigs, snaplen, network)]
    off = 24
    while off < len(data):
        # record header: seconds, microseconds, captured length, original length
        sec, usec, incl_len, orig_len = struct.unpack_from("<IIII", data, off)
        body = data[off + 16:off + 16 + incl_len]
        if len(body) != incl_len:
            raise SystemExit("%s: cut short in a record" % src)
        keep = min(incl_len, snaplen)
        out.append(struct.pack("<IIII", sec, usec, keep, orig_len))
        out.append(body[:keep])
        off += 16 + incl_len
    return b"".join(out)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, src, snaplen in CUTS:
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(snap(os.path.join(REAL, src), snaplen))


if __name__ == "__main__":
    main()
