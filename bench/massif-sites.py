#!/usr/bin/python3
"""massif-sites.py: where pptpdiag's heap is at tshark's peak, by allocation site.

  bench/massif-sites.py MASSIF_OUT PLUGIN_SO

MASSIF_OUT is valgrind massif's output of a tshark run with the plugin PLUGIN_SO (a build's
plugins/X.Y/epan/pptpdiag.so, the same file the run loaded). Prints the heap at the peak
snapshot, then the bytes live at the peak by the first frame inside the plugin on each
allocation's stack (function, file:line), largest first.

tshark unloads its plugins before massif writes its output, so the plugin's frames are left as
raw addresses: the load base is taken as the page-aligned address for which the most of those
addresses, plus one, are return addresses of call instructions in PLUGIN_SO (objdump), and the
sites are named with addr2line.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import collections
import re
import subprocess
import sys

UNNAMED = re.compile(r'\s*n(\d+): (\d+) (0x[0-9A-F]+): [?][?][?]$')
NODE = re.compile(r'\s*n(\d+): (\d+) ')


def call_returns(so):
    """Addresses (offsets in SO) that follow a call instruction."""
    rets, after_call = set(), False
    out = subprocess.run(['objdump', '-d', '--no-show-raw-insn', so],
                         capture_output=True, text=True, check=True).stdout
    for line in out.split('\n'):
        m = re.match(r'\s+([0-9a-f]+):\s', line)
        if after_call and m:
            rets.add(int(m.group(1), 16))
            after_call = False
        if '\tcall' in line or ' call ' in line:
            after_call = True
    return rets


def peak_tree(lines):
    """The heap size and the tree lines of the peak snapshot."""
    heap = None
    for i, line in enumerate(lines):
        if line.startswith('mem_heap_B='):
            heap = int(line.split('=')[1])
        elif line == 'heap_tree=peak':
            return heap, lines[i + 1:]
    sys.exit('no peak snapshot in the massif output')


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lines = open(sys.argv[1]).read().split('\n')
    so = sys.argv[2]
    rets = call_returns(so)
    heap, tree = peak_tree(lines)
    print(f'heap at the peak: {heap} bytes')
    unnamed = set()
    for line in tree:
        if line.startswith('snapshot='):
            break
        m = UNNAMED.match(line)
        if m:
            unnamed.add(int(m.group(3), 16))
    best = (0, None)
    for base in {(a & ~0xfff) - k * 0x1000 for a in unnamed for k in range(0x100)}:
        n = sum((a - base + 1) in rets for a in unnamed)
        if n > best[0]:
            best = (n, base)
    if best[1] is None:
        sys.exit('no frame of the plugin found')
    base = best[1]
    print(f'plugin loaded at {base:#x}: {best[0]} of {len(unnamed)} unnamed frames are its calls')
    sites = collections.Counter()
    pos = 0

    def walk(inside):
        nonlocal pos
        line = tree[pos]
        pos += 1
        m = NODE.match(line)
        children, size = int(m.group(1)), int(m.group(2))
        u = UNNAMED.match(line)
        here = bool(u) and (int(u.group(3), 16) - base + 1) in rets
        if here and not inside:
            sites[int(u.group(3), 16) - base] += size
        for _ in range(children):
            walk(inside or here)

    sys.setrecursionlimit(100000)
    walk(False)
    named = collections.Counter()
    for off, size in sites.items():
        fn, where = subprocess.run(['addr2line', '-f', '-e', so, hex(off)], capture_output=True,
                                   text=True, check=True).stdout.split('\n')[:2]
        where = re.sub(r'^.*?/(heuristics|plugin)/', r'\1/', where)
        named[f'{fn} {where}'] += size
    print(f'pptpdiag at the peak: {sum(sites.values())} bytes')
    for site, size in named.most_common(40):
        print(f'{size:>10} {site}')


if __name__ == '__main__':
    main()
