#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The layout rules of issue 31, checked on the sources (ctest layout):

  check_layout.py SOURCE_DIR

- no source file of heuristics/ or plugin/ over 600 lines (tests, fuzzing and tools aside);
- one header per .c: a function a header declares is defined in the .c of the same name (or
  is static inline in the header itself);
- no include cycle: no two files include each other, directly or through others (quoted
  includes only; system and Wireshark headers are leaves);
- no rule id in plugin code (PD_RULE_* but PD_RULE_COUNT): the plugin reads the rows' flags, so
  that a rule changes in heuristics/ only.
Prints each violation and exits 1 if there is any.
"""

import os
import re
import sys

MAX_LINES = 600
SKIP_DIRS = {"tests", "fuzz", "tools"}


def sources(top):
    for area in ("heuristics", "plugin"):
        for root, dirs, files in os.walk(os.path.join(top, area)):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(root, f)


DECL = re.compile(r"^(?!static\b|typedef\b|#|\s)[A-Za-z_][\w\s\*]*?\b([a-z_][a-z0-9_]*)\s*\([^;{]*\)\s*"
                  r"(?:G_GNUC_\w+(?:\([^)]*\))?\s*)*;", re.M | re.S)
DEFN = re.compile(r"^(?!static\b|typedef\b|#|\s)[A-Za-z_][\w\s\*]*?\b([a-z_][a-z0-9_]*)\s*\([^;{]*\)\s*\{",
                  re.M | re.S)


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def main():
    top = sys.argv[1]
    files = list(sources(top))
    bad = []
    text = {f: open(f, encoding="utf-8").read() for f in files}
    for f in files:
        n = text[f].count("\n")
        if n > MAX_LINES:
            bad.append(f"{os.path.relpath(f, top)}: {n} lines (at most {MAX_LINES})")
    defined = {}
    for f in files:
        if f.endswith(".c"):
            for m in DEFN.finditer(strip_comments(text[f])):
                defined.setdefault(m.group(1), f)
    for f in files:
        if not f.endswith(".h"):
            continue
        own = f[:-2] + ".c"
        for m in DECL.finditer(strip_comments(text[f])):
            name = m.group(1)
            where = defined.get(name)
            if where and where != own:
                bad.append(f"{os.path.relpath(f, top)} declares {name}, defined in "
                           f"{os.path.relpath(where, top)}")
    by_name = {}
    for f in files:
        by_name.setdefault(os.path.basename(f), f)
    graph = {f: [by_name[i] for i in re.findall(r'^#include "([^"]+)"', text[f], re.M)
                 if i in by_name and by_name[i] != f] for f in files}
    state = {}

    def visit(f, path):
        state[f] = 1
        for g in graph[f]:
            if state.get(g) == 1:
                cycle = path[path.index(g):] + [g]
                bad.append("include cycle: " + " -> ".join(os.path.relpath(x, top) for x in cycle))
            elif g not in state:
                visit(g, path + [g])
        state[f] = 2

    for f in files:
        if f not in state:
            visit(f, [f])
    for f in files:
        if os.sep + "plugin" + os.sep in f:
            for m in re.finditer(r"\bPD_RULE_(?!COUNT\b)[A-Z_]+", strip_comments(text[f])):
                bad.append(f"{os.path.relpath(f, top)}: rule id {m.group(0)} in plugin code")
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
