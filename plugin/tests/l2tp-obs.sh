#!/bin/sh
# What the plugin extracts from L2TP (plugin/extract-l2tp.c, issue 32): the observations it feeds
# the engine on each real L2TP capture (test-captures/vpn/l2tp/*/{client,server}.pcap, checked by
# hand against tshark's l2tp.* fields) and each synthetic one (test-captures/synthetic/l2tp_*.pcap,
# l2tp.md), from PPTPDIAG_DUMP_OBS (a development hook: plugin/obsdump.h), as text (obs_text),
# must be CAPTURE.obs.txt beside the capture: the headers, AVPs and PPP frames read, the ICMP
# errors quoting UDP 1701 with their ports, and no observation for what is no L2TP version 2 nor
# for what its data messages carry. A capture without any observation has an empty file.
# `UPDATE=1` rewrites the files instead (then review the diff).
#   l2tp-obs.sh BUILD_DIR SOURCE_DIR OBS_TEXT
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
for cap in "$top"/test-captures/vpn/l2tp/*/*.pcap "$top"/test-captures/synthetic/l2tp_*.pcap; do
  [ -f "$cap" ] || continue
  name=${cap#"$top"/test-captures/}
  cp "$cap" "$work/capture"
  rm -f "$work/dump"
  chmod a+rw "$work/capture"
  ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null
  if [ -f "$work/dump" ]; then "$obs_text" "$work/dump" > "$work/got"; else : > "$work/got"; fi
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
[ "$n" -gt 0 ] || { echo "FAIL: no L2TP capture"; exit 1; }
exit $fail
