#!/bin/sh
# A later pass that prints only summary lines (tshark -2 without -V, -T or a pptpdiag filter)
# gets only the Info column's "[PPTP rule]" prefixes from pptpdiag, not its items: its lines
# must be those of the same run with pptpdiag's items wanted (a filter naming pptpdiag), with
# the default columns and with an Expert column (which needs the items' expert infos).
# In one pass, pptpdiag's own listeners (report, statistics tree) need no items, so none are
# made for them; listeners that read items must still get them: tshark's expert table and
# protocol hierarchy must be the same with pptpdiag's report registered beside them.
#   summary.sh BUILD_DIR CAPTURE...
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ts="$here/tshark-with-plugin"
build=$1
shift
cols='gui.column.format:"No.","%m","Expert","%a","Protocol","%p","Info","%i"'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefixes=0
experts=0
for cap in "$@"; do
  "$ts" "$build" -2 -r "$cap" > "$tmp/plain"
  "$ts" "$build" -2 -r "$cap" -Y 'pptpdiag || !pptpdiag' > "$tmp/items"
  diff -u "$tmp/items" "$tmp/plain" || { echo "FAIL: $cap: summary lines differ"; exit 1; }
  "$ts" "$build" -2 -r "$cap" -o "$cols" > "$tmp/plain"
  "$ts" "$build" -2 -r "$cap" -o "$cols" -Y 'pptpdiag || !pptpdiag' > "$tmp/items"
  diff -u "$tmp/items" "$tmp/plain" ||
    { echo "FAIL: $cap: summary lines with an Expert column differ"; exit 1; }
  for z in expert io,phs; do
    "$ts" "$build" -q -r "$cap" -z "$z" > "$tmp/alone"
    "$ts" "$build" -q -r "$cap" -z pptpdiag,report -z "$z" > "$tmp/with"
    # The two tables print one after the other, in an order of tshark's: either end.
    n=$(wc -l < "$tmp/alone")
    head -n "$n" "$tmp/with" > "$tmp/head"
    tail -n "$n" "$tmp/with" > "$tmp/tail"
    cmp -s "$tmp/alone" "$tmp/head" || cmp -s "$tmp/alone" "$tmp/tail" || {
      diff -u "$tmp/alone" "$tmp/with" || true
      echo "FAIL: $cap: -z $z differs with the pptpdiag report registered"; exit 1; }
    grep -qi pptpdiag "$tmp/alone" || { echo "FAIL: $cap: no pptpdiag in -z $z"; exit 1; }
  done
  prefixes=$((prefixes + $(grep -c '\[PPTP ' "$tmp/plain" || true)))
  experts=$((experts + $(grep -Ec '^ *[0-9]+ +(Chat|Note|Warning|Error) ' "$tmp/plain" || true)))
done
[ "$prefixes" -gt 0 ] || { echo "FAIL: no [PPTP rule] prefix in any summary line"; exit 1; }
[ "$experts" -gt 0 ] || { echo "FAIL: no expert severity in the Expert column"; exit 1; }
echo "ok: summary lines as with pptpdiag's items wanted ($prefixes [PPTP] prefixes, $experts expert severities); expert table and protocol hierarchy the same beside the report"
