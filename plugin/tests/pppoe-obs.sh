#!/bin/sh
# What the plugin extracts from PPPoE (plugin/extract-pppoe.c, issue 32): the observations it
# feeds the engine on each synthetic PPPoE capture (PPTPDIAG_DUMP_OBS, a development hook:
# plugin/obsdump.h), as text (obs_text), must be CAPTURE.obs.txt beside the capture: the codes,
# session IDs, tags, error texts and PPP frames of test-captures/synthetic/pppoe.md, and no
# observation for the frames that are no RFC 2516 PPPoE. `UPDATE=1` rewrites the files instead
# (then review the diff).
#   pppoe-obs.sh BUILD_DIR SOURCE_DIR OBS_TEXT
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
obs_text=$3
so="$build/plugins/$(cat "$build/wireshark-version")/epan/pptpdiag.so"
. "$top/scripts/lib/lib-tshark.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts_setup "$work" "$so"
fail=0; n=0
for cap in "$top"/test-captures/synthetic/pppoe_*.pcap; do
  name=$(basename "$cap")
  cp "$cap" "$work/capture"
  rm -f "$work/dump"
  chmod a+rw "$work/capture"
  ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null
  [ -s "$work/dump" ] || { echo "FAIL: $name: no observation written"; fail=1; continue; }
  "$obs_text" "$work/dump" > "$work/got"
  n=$((n + 1))
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$work/got" "$cap.obs.txt"; echo "wrote $name.obs.txt"
  elif [ ! -f "$cap.obs.txt" ]; then
    echo "FAIL: no $name.obs.txt (UPDATE=1 writes it)"; fail=1
  elif ! diff -u "$cap.obs.txt" "$work/got"; then
    echo "FAIL: $name: observations differ from $name.obs.txt"; fail=1
  else
    echo "ok: $name ($(wc -l < "$work/got") observations)"
  fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no synthetic PPPoE capture"; exit 1; }
exit $fail
