# SPDX-License-Identifier: GPL-2.0-or-later
"""What the synthetic capture generators share (generate_control.py,
generate_ppp.py, generate_pppoe.py, generate_l2tp.py, generate_ppponly.py,
generate_ipsec.py): deterministic bytes named by a label, so that every run
writes the same captures (the CTests synthetic.*.reproducible compare them
with cmp)."""

import hashlib


def prand(label, size):
    """size deterministic pseudo-random bytes named by label: SHA-256 of
    "label/0", "label/1", ... concatenated and cut to size."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(("%s/%d" % (label, counter)).encode()).digest()
        counter += 1
    return out[:size]
