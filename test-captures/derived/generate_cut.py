#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the cut captures of issue 29 (class 12): real captures whose file
ends in the middle of a record, as tcpdump leaves it when it is killed or the
disk fills up.

Usage: generate_cut.py OUTDIR

Writes into OUTDIR, from ../real/ (classic pcap, little-endian):
  bad_password-client.pcap.cut        frames 1-32 whole, then frame 33's record
                                      header and the first half of its data
  gre_icmp_prohibited-client.pcap.cut frames 1-15 whole, then the first 8 of
                                      the 16 bytes of frame 16's record header
  success-client.pcap.cut             frames 1-71 whole, then frame 72's record
                                      header and the first half of its data
The bytes kept are the original's, unchanged: wiretap reads the whole frames
and stops at the cut ("appears to have been cut short in the middle of a
packet", tshark exits 2).  They are named .pcap.cut, not .pcap, so that the
loops over every capture of test-captures/ (the e2e and tap expected files,
codes.sh, robustness.sh, the fuzz corpus), which expect tshark to read a
capture to its end, leave them out; derived/README.md says what an expert reads
in each.  Standard library only; deterministic (run with /usr/bin/python3).
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

# (output, source under ../real/, whole frames kept, bytes kept of the next record:
#  "header/2" = half its 16-byte header, "data/2" = its header and half its data)
CUTS = [
    ("bad_password-client.pcap.cut", "bad_password/client.pcap", 32, "data/2"),
    ("gre_icmp_prohibited-client.pcap.cut", "gre_icmp_prohibited/client.pcap", 15,
     "header/2"),
    ("success-client.pcap.cut", "success/client.pcap", 71, "data/2"),
]


def records(data):
    """Offsets (start, header end, end) of each record of a little-endian pcap."""
    if data[:4] != b"\xd4\xc3\xb2\xa1":
        raise SystemExit("not a little-endian microsecond pcap")
    out = []
    off = 24
    while off < len(data):
        incl_len = struct.unpack_from("<I", data, off + 8)[0]
        out.append((off, off + 16, off + 16 + incl_len))
        off += 16 + incl_len
    if off != len(data):
        raise SystemExit("source already cut")
    return out


def cut(src, whole, how):
    with open(src, "rb") as f:
        data = f.read()
    recs = records(data)
    if len(recs) <= whole:
        raise SystemExit("%s has only %d frames" % (src, len(recs)))
    start, header_end, end = recs[whole]
    if how == "header/2":
        keep = start + 8
    elif how == "data/2":
        keep = header_end + (end - header_end) // 2
    else:
        raise SystemExit("unknown cut " + how)
    return data[:keep]


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, src, whole, how in CUTS:
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(cut(os.path.join(REAL, src), whole, how))


if __name__ == "__main__":
    main()
