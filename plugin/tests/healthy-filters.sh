#!/bin/sh
# A healthy session matches no failure filter, in two passes (issue 29, class 9): in every capture
# whose sessions are all healthy in test-captures/verdicts.txt (rows marked advisory or gap
# aside), no frame matches pptpdiag.ras_error or pptpdiag.verdict == "failed" (notes such as
# wan-error may show). A finding a later frame contradicted stays visible, as pptpdiag.superseded with its
# own pptpdiag.superseded.* fields, which those filters do not match.
#   healthy-filters.sh BUILD_DIR SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$1; top=$2
ts="$top/plugin/tests/tshark-with-plugin"
table="$top/test-captures/verdicts.txt"
fail=0; n=0
failure='pptpdiag.ras_error || pptpdiag.verdict == "failed"'
for cap in $(grep -v '^#' "$table" | awk 'NF {print $1}' | sort -u); do
  rows=$(grep -v '^#' "$table" | awk -v c="$cap" '$1 == c')
  echo "$rows" | awk '$3 != "healthy" || $4 != "healthy" || $6 != "" {bad = 1} END {exit bad}' ||
    continue
  n=$((n + 1))
  got=$("$ts" "$build" -2 -r "$top/test-captures/$cap" -Y "$failure" -T fields -e frame.number \
        -e pptpdiag.rule -e pptpdiag.ras_error | tr '\t\n' ' ;')
  if [ -n "$got" ]; then
    echo "FAIL: $cap (healthy) has frames that match a failure filter: $got"; fail=1
  fi
done
# The tap-merged capture's control-closed (the server's FIN stored before the client's hang-up)
# is superseded: visible as such, matched by none of the live fields.
cap="$top/test-captures/derived/healthy_long-client-tap-merged.pcap"
sup=$("$ts" "$build" -2 -r "$cap" -Y 'pptpdiag.superseded.rule == "control-closed"' -T fields \
      -e frame.number -e pptpdiag.superseded_by | head -1)
live=$("$ts" "$build" -2 -r "$cap" -Y 'pptpdiag.rule == "control-closed" || pptpdiag.ras_error' \
       -T fields -e frame.number)
if [ -z "$sup" ]; then echo "FAIL: no superseded control-closed in $cap"; fail=1; fi
if [ -n "$live" ]; then echo "FAIL: live control-closed or RAS fields in $cap: frames $live"; fail=1; fi
[ "$fail" = 0 ] && echo "ok: $n healthy captures match no failure filter; superseded finding in frame ${sup%%	*} kept as pptpdiag.superseded"
exit $fail
