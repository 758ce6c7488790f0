#!/bin/sh
# What an expert reads in each capture, as a table (test-captures/verdicts.txt): every session's
# verdict, rule and confidence, two-pass, must be the expert's. A row marked "gap" is a verdict an
# expert would not sign yet: it must still differ (so the table is updated when it is fixed), and
# the gaps are listed at the end.
#   verdicts.sh BUILD_DIR TOP_SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; top=$2
table="$top/test-captures/verdicts.txt"
fail=0; n=0; gaps=""
got_of() { # CAPTURE -> "session verdict rule confidence" lines from the two-pass report, sorted
  "$here/tshark-with-plugin" "$build" -2 -q -z pptpdiag,report -r "$top/test-captures/$1" |
    awk '/^session [0-9]+:/ {if (s != "") print s, v, r, c; s = $2; sub(":", "", s); v = r = c = ""}
         /^  verdict: / {v = $2}
         /^    rule: / {r = $2}
         /^    confidence: / {c = $2}
         END {if (s != "") print s, v, r, c}' |
    awk '$2 != "undetermined" || $3 != ""' | sed 's/ *$//' | sort -u
}
for cap in $(grep -v '^#' "$table" | awk 'NF {print $1}' | sort -u); do
  [ -f "$top/test-captures/$cap" ] || { echo "FAIL: $cap in the table is not in test-captures/"; fail=1; continue; }
  want=$(grep -v '^#' "$table" | awk -v c="$cap" '$1 == c && $2 != "-" {print $2, $3, $4, $5}' | sort -u)
  status=$(grep -v '^#' "$table" | awk -v c="$cap" '$1 == c {print $6}' | sort -u | tr '\n' ' ')
  got=$(got_of "$cap")
  n=$((n + 1))
  case "$status" in
  *gap*)
    if [ "$got" = "$want" ]; then
      echo "FAIL: $cap is marked gap but now gives the expert's verdict: update the table"; fail=1
    else
      gaps="$gaps $cap"; echo "gap: $cap (expert: $(echo $want), pptpdiag: $(echo $got))"
    fi ;;
  *)
    if [ "$got" = "$want" ]; then echo "ok: $cap: $(echo $got)"
    else echo "FAIL: $cap: expert reads \"$(echo $want)\", pptpdiag says \"$(echo $got)\""; fail=1; fi ;;
  esac
done
# every capture is in the table
for f in $(cd "$top/test-captures" && find . -name '*.pcap' -o -name '*.pcapng' -o -name '*.pppdump' |
           sed 's|^\./||' | sort); do
  grep -q "^$f[[:space:]]" "$table" || { echo "FAIL: $f is not in test-captures/verdicts.txt"; fail=1; }
done
echo "$n captures; gaps:${gaps:- none}"
exit $fail
