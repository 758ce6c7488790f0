#!/usr/bin/python3
"""pcap-mutate.py: deterministic structural mutations of a classic pcap file, for
scripts/qa/robustness.sh (editcap covers byte errors, snap lengths and frame removal; this covers
what it does not: frames out of order, times that jump, duplicates and everything at once).

  pcap-mutate.py MODE SEED IN OUT

MODE:
  shuffle   every frame moves, with probability 0.2, up to 3 places later (out of order, times
            going backwards)
  timejump  a few frames get times hours earlier or later, and from a random frame on every
            time is shifted back by a day
  dup       a random quarter of the frames is duplicated right after itself
  mix       per frame, with small probabilities: dropped, duplicated, cut short (caplen below
            the original length), a byte flipped, swapped with the next, time moved
  tapmerge  the frames of each direction as the two ports of a network TAP would see them (on
            Ethernet, IPv4 or IPv6 with the source address below the destination's on one port,
            every other frame on the other), written 20 from one port, then 20 from the other,
            without sorting: replies come before their requests, times go back (SEED 1: that
            other port first, SEED 2: the first one first)
  blocktimes  frames stay in order; the times of each block of 20 frames are dealt out again in
            a random order (times go back by up to a block's span, as when frames stamped by
            several interfaces or capture threads are written without sorting)
The same MODE, SEED and IN always give the same OUT. Reads and writes classic pcap (either
byte order, micro- or nanosecond); the link type and snaplen are kept.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import random
import struct
import sys


def read_pcap(path):
    """Returns (endian, header bytes, list of [sec, frac, orig_len, data])."""
    with open(path, "rb") as f:
        blob = f.read()
    magic = blob[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit(f"{path}: not a classic pcap file")
    header, pos, recs = blob[:24], 24, []
    while pos + 16 <= len(blob):
        sec, frac, incl, orig = struct.unpack(endian + "IIII", blob[pos:pos + 16])
        pos += 16
        recs.append([sec, frac, orig, blob[pos:pos + incl]])
        pos += incl
    return endian, header, recs


def write_pcap(path, endian, header, recs):
    """Writes the records after the original file header."""
    with open(path, "wb") as f:
        f.write(header)
        for sec, frac, orig, data in recs:
            f.write(struct.pack(endian + "IIII", sec & 0xffffffff, frac, len(data),
                                max(orig, len(data))))
            f.write(data)


def shift(rec, seconds):
    """Moves a record's time by whole seconds, not below 0."""
    rec[0] = max(0, rec[0] + seconds)


def tap_port(data):
    """0 or 1: the TAP port an Ethernet frame leaves by (see tapmerge)."""
    kind = data[12:14]
    if kind == b"\x08\x00" and len(data) >= 34:
        return int(data[26:30] < data[30:34])
    if kind == b"\x86\xdd" and len(data) >= 54:
        return int(data[22:38] < data[38:54])
    return 0


def mutate(mode, rng, recs, seed=1):
    """Returns the mutated list of records."""
    out = [list(r) for r in recs]
    if mode == "shuffle":
        for i in range(len(out)):
            if rng.random() < 0.2:
                j = min(len(out) - 1, i + rng.randint(1, 3))
                out[i], out[j] = out[j], out[i]
    elif mode == "timejump":
        for r in out:
            if rng.random() < 0.1:
                shift(r, rng.choice([-7200, -3600, 3600, 86400]))
        if out:
            for r in out[rng.randrange(len(out)):]:
                shift(r, -86400)
    elif mode == "dup":
        res = []
        for r in out:
            res.append(r)
            if rng.random() < 0.25:
                res.append(list(r))
        out = res
    elif mode == "mix":
        res = []
        for r in out:
            x = rng.random()
            if x < 0.05:
                continue
            r = list(r)
            if x < 0.10 and len(r[3]) > 14:
                r[3] = r[3][:rng.randrange(14, len(r[3]))]
            elif x < 0.15 and r[3]:
                b = bytearray(r[3])
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
                r[3] = bytes(b)
            elif x < 0.20:
                shift(r, rng.randint(-30, 30))
            res.append(r)
            if 0.20 <= x < 0.25:
                res.append(list(r))
            elif 0.25 <= x < 0.30 and len(res) >= 2:
                res[-1], res[-2] = res[-2], res[-1]
        out = res
    elif mode == "tapmerge":
        ports = [[r for r in out if tap_port(r[3]) == p] for p in (0, 1)]
        if seed % 2 == 0:
            ports.reverse()
        out = []
        for k in range(0, max(len(ports[0]), len(ports[1])), 20):
            out += ports[0][k:k + 20] + ports[1][k:k + 20]
    elif mode == "blocktimes":
        for k in range(0, len(out), 20):
            times = [(r[0], r[1]) for r in out[k:k + 20]]
            rng.shuffle(times)
            for r, (sec, frac) in zip(out[k:k + 20], times):
                r[0], r[1] = sec, frac
    else:
        raise SystemExit(f"unknown mode {mode}")
    return out


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    mode, seed, src, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    endian, header, recs = read_pcap(src)
    write_pcap(dst, endian, header, mutate(mode, random.Random(f"{mode}/{seed}"), recs, seed))


if __name__ == "__main__":
    main()
