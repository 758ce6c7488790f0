#!/bin/sh
# A later pass that prints only summary lines (tshark -2 without -V, -T or a pptpdiag filter)
# gets only the Info column's "[PPTP rule]" prefixes from pptpdiag, not its items: its lines
# must be those of the same run with pptpdiag's items wanted (a filter naming pptpdiag), with
# the default columns and with an Expert column (which needs the items' expert infos).
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
  prefixes=$((prefixes + $(grep -c '\[PPTP ' "$tmp/plain" || true)))
  experts=$((experts + $(grep -Ec '^ *[0-9]+ +(Chat|Note|Warning|Error) ' "$tmp/plain" || true)))
done
[ "$prefixes" -gt 0 ] || { echo "FAIL: no [PPTP rule] prefix in any summary line"; exit 1; }
[ "$experts" -gt 0 ] || { echo "FAIL: no expert severity in the Expert column"; exit 1; }
echo "ok: summary lines as with pptpdiag's items wanted ($prefixes [PPTP] prefixes, $experts expert severities)"
