#!/bin/sh
# Every RAS code a finding carries is in its rule's catalogue row or variant: tshark's report
# (`-z pptpdiag,report`, which lists each finding with its rule and RAS codes) on every capture
# in test-captures/, checked against `pd_catalogue_md --codes` (the rows' codes).
#   codes.sh BUILD_DIR SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/heuristics/pd_catalogue_md" --codes > "$tmp/rows"
n=0
find "$src/test-captures" -name '*.pcap' -o -name '*.pcapng' -o -name '*.pppdump' | sort > "$tmp/captures"
while read -r cap; do
  "$here/tshark-with-plugin" "$build" -r "$cap" -q -z pptpdiag,report > "$tmp/report"
  # "rule: NAME (summary)" then "RAS errors:" and "      CODE NAME: ..." lines; and
  # "finding in frame N: NAME (confidence), RAS CODE NAME, CODE NAME" lines.
  awk -v cap="$cap" '
    /^ *rule: / { rule = $2; next }
    /^ *RAS errors:/ { inras = 1; next }
    inras && /^ +[0-9]+ [A-Z_]+/ { print rule, $1, cap; next }
    { inras = 0 }
    /finding in frame [0-9]+: / {
      r = $0; sub(/.*finding in frame [0-9]+: /, "", r); split(r, w, " "); name = w[1]
      if (match(r, /, RAS [0-9].*/)) {
        codes = substr(r, RSTART + 6); m = split(codes, c, ", ")
        for (i = 1; i <= m; i++) { split(c[i], x, " "); print name, x[1], cap }
      }
    }' "$tmp/report" >> "$tmp/emitted"
  n=$((n + 1))
done < "$tmp/captures"
[ "$n" -gt 50 ] || { echo "FAIL: only $n captures found"; exit 1; }
[ -s "$tmp/emitted" ] || { echo "FAIL: no finding with a RAS code in any capture"; exit 1; }
bad=0
while read -r rule code cap; do
  grep -qx "$rule $code" "$tmp/rows" || { echo "FAIL: $cap: $rule carries RAS $code, not in its catalogue row"; bad=1; }
done < "$tmp/emitted"
[ "$bad" = 0 ] || exit 1
echo "ok: $(wc -l < "$tmp/emitted") RAS codes of findings on $n captures, all in their rows"
