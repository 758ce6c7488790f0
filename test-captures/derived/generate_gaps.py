#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the derived captures of issue 29 class 5: gaps in the capture itself.

A capturing host that cannot keep up (kernel or ring-buffer drops, a port mirror oversubscribed,
a lost ring-buffer file) leaves packets out of the capture that the network delivered. The
receiver's GRE acknowledgments (RFC 2637 4.4: the highest sequence number received) then name
packets the capture does not hold: the capture lost them, not the network.

  generate_gaps.py OUTPUT_DIR

writes (from ../real/, beside this file):
  healthy_long-server-capture-drops.pcap   the server's capture of the long healthy session
        without nine of the client's GRE data packets (sequence numbers 31 to 71, spread out),
        which the server's acknowledgments name
  healthy_long-client-capture-drops.pcap   the client's capture of it without eight of the
        server's GRE packets (sequence numbers 30 to 65, spread out), which the client's
        acknowledgments name
  healthy_long-server-stretch-dropped.pcap   the server's capture without every frame of a
        stretch of 3.5 s (12.9 s to 16.4 s after the first): the capturing host's own packets
        skip as its peer's do, and no acknowledgment after the stretch names a missing packet
  healthy_long-client-ring-file-missing.pcap   the client's capture without 31 s of it (10 s
        to 41 s after the first), as when one file of a ring buffer (dumpcap -b) is lost
  healthy_long-client-drop-count.pcapng   the client's capture without the server's packets of
        a stretch of 4 s (20 s to 24 s after the first), written as pcapng whose first frame
        after the stretch carries the drop count (Enhanced Packet Block option epb_dropcount,
        pcapng section 4.3) of the frames taken out, as a capture tool that counts its drops
        writes it
  healthy_long-server-isb-drops.pcapng   the server's capture without six of the client's GRE
        packets that no acknowledgment of the server ever names (sequence numbers 29 to 50,
        spread out), as pcapng ending with an Interface Statistics Block that counts them as
        dropped (isb_ifdrop 6, pcapng section 4.6), as dumpcap writes one when it stops: only
        the file's statistics tell (pptpdiag-check reads them, pptpdiag-capdrops)
  healthy_long-server-drop-count.pcapng   the same as the client's drop-count capture, on the
        server's side: the client's packets of 31 s to 33.5 s taken out, the count on the first
        frame after them
  healthy_long-client-isb-drops.pcapng   the same as the server's isb-drops capture, on the
        client's side: the server's GRE packets from sequence number 29 on that the client never
        acknowledges (33, 48, 69, 88 and 97) taken out, counted by the ISB only

Deterministic: same input, same output (frames copied as they are). Run with Debian's
/usr/bin/python3 and python3-scapy (tested with 2.5.0).
"""

import os
import struct
import sys
from decimal import Decimal

from scapy.layers.inet import IP
from scapy.utils import PcapReader, PcapWriter

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "real")

CAPTURES = [
    ("server", "10.10.1.2", {31, 33, 35, 38, 43, 50, 57, 64, 71}, "capture-drops"),
    ("client", "10.10.2.2", {30, 33, 37, 41, 47, 53, 59, 65}, "capture-drops"),
]


def gre_seq(ip):
    """The enhanced GRE Sequence Number (RFC 2637 4.1) of IPv4 packet @ip, or None."""
    if ip.proto != 47:
        return None
    b = bytes(ip.payload)
    if len(b) < 12 or not b[0] & 0x10:  # S bit
        return None
    return struct.unpack(">I", b[8:12])[0]


# (side, output name, start and end of the stretch in seconds after the first frame, whose
# frames go: all of them, or only those from this address)
STRETCHES = [
    ("server", "stretch-dropped", 12.9, 16.4, None),
    ("client", "ring-file-missing", 10.0, 41.0, None),
]
DROP_COUNTS = [
    ("client", "drop-count", 20.0, 24.0, "10.10.2.2"),
    ("server", "drop-count", 31.0, 33.5, "10.10.1.2"),
]
# (side, output name, the peer's address, its Sequence Numbers the capture drops: a set, or
# None for the first six from 29 on that the capturing side never acknowledges)
ISB_DROPS = [
    ("server", "isb-drops", "10.10.1.2", {29, 34, 37, 42, 45, 50}),
    ("client", "isb-drops", "10.10.2.2", None),
]


def gre_ack(ip):
    """The enhanced GRE Acknowledgment Number (RFC 2637 4.1) of IPv4 packet @ip, or None."""
    if ip.proto != 47:
        return None
    b = bytes(ip.payload)
    if len(b) < 8 or not b[1] & 0x80:  # A bit
        return None
    at = 12 if b[0] & 0x10 else 8
    return struct.unpack(">I", b[at:at + 4])[0] if len(b) >= at + 4 else None


def unacknowledged(packets, sender, first=29, n=6):
    """The first @n Sequence Numbers of @sender's GRE from @first on that no acknowledgment of
    the other side names (only the file's statistics can tell them)."""
    acked = {gre_ack(p[IP]) for p in packets if IP in p and p[IP].dst == sender}
    sent = sorted({gre_seq(p[IP]) for p in packets if IP in p and p[IP].src == sender} -
                  {None})
    out = [q for q in sent if q >= first and q not in acked]
    return set(out[:n])


def in_stretch(p, t0, lo, hi, only):
    """Whether packet @p (first frame at @t0) is in the stretch lo..hi seconds and is taken out."""
    t = float(p.time - t0)
    return lo <= t < hi and (only is None or (IP in p and p[IP].src == only))


def pcapng_block(btype, body):
    """One pcapng block (little-endian, pcapng section 3.1) of type @btype around @body."""
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def pcapng_option(code, value):
    """One option (pcapng section 3.5): code, length, value padded to 32 bits."""
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def write_pcapng(path, packets, isb_drops=None):
    """@packets, (packet, drop count before it or 0), as pcapng: a Section Header Block, one
    Ethernet Interface Description Block (microseconds), an Enhanced Packet Block each, with
    the epb_dropcount option (code 4, pcapng section 4.3) where the count is not 0; then, if
    @isb_drops is not None, an Interface Statistics Block (pcapng section 4.6) at the last
    packet's time with isb_ifrecv (code 4: packets written plus dropped) and isb_ifdrop (code
    5: @isb_drops)."""
    with open(path, "wb") as f:
        f.write(pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        f.write(pcapng_block(1, struct.pack("<HHI", 1, 0, 262144)))
        for p, drops in packets:
            data = bytes(p)
            us = int(Decimal(p.time) * 1000000)
            opts = b""
            if drops:
                opts = pcapng_option(4, struct.pack("<Q", drops)) + pcapng_option(0, b"")
            body = struct.pack("<IIIII", 0, us >> 32, us & 0xFFFFFFFF, len(data),
                               getattr(p, "wirelen", None) or len(data))
            body += data + b"\0" * (-len(data) % 4) + opts
            f.write(pcapng_block(6, body))
        if isb_drops is not None:
            us = int(Decimal(packets[-1][0].time) * 1000000)
            opts = (pcapng_option(4, struct.pack("<Q", len(packets) + isb_drops)) +
                    pcapng_option(5, struct.pack("<Q", isb_drops)) + pcapng_option(0, b""))
            f.write(pcapng_block(5, struct.pack("<III", 0, us >> 32, us & 0xFFFFFFFF) + opts))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for side, sender, seqs, name in CAPTURES:
        w = PcapWriter(os.path.join(outdir, "healthy_long-%s-%s.pcap" % (side, name)),
                       linktype=1, sync=True)
        for p in PcapReader(os.path.join(REAL, "healthy_long", side + ".pcap")):
            if IP in p and p[IP].src == sender and gre_seq(p[IP]) in seqs:
                continue
            w.write(p)
        w.close()
    for side, name, lo, hi, only in STRETCHES:
        packets = list(PcapReader(os.path.join(REAL, "healthy_long", side + ".pcap")))
        w = PcapWriter(os.path.join(outdir, "healthy_long-%s-%s.pcap" % (side, name)),
                       linktype=1, sync=True)
        for p in packets:
            if not in_stretch(p, packets[0].time, lo, hi, only):
                w.write(p)
        w.close()
    for side, name, lo, hi, only in DROP_COUNTS:
        packets = list(PcapReader(os.path.join(REAL, "healthy_long", side + ".pcap")))
        kept, dropped = [], 0
        for p in packets:
            if in_stretch(p, packets[0].time, lo, hi, only):
                dropped += 1
            else:
                kept.append((p, dropped))
                dropped = 0
        write_pcapng(os.path.join(outdir, "healthy_long-%s-%s.pcapng" % (side, name)), kept)
    for side, name, sender, seqs in ISB_DROPS:
        packets = list(PcapReader(os.path.join(REAL, "healthy_long", side + ".pcap")))
        if seqs is None:
            seqs = unacknowledged(packets, sender)
        kept = [(p, 0) for p in packets
                if not (IP in p and p[IP].src == sender and gre_seq(p[IP]) in seqs)]
        write_pcapng(os.path.join(outdir, "healthy_long-%s-%s.pcapng" % (side, name)), kept,
                     isb_drops=len(seqs))


if __name__ == "__main__":
    main()
