#!/bin/sh
# What the plugin extracts (plugin/extract*.c): the observations it feeds the engine on each
# capture given (PPTPDIAG_DUMP_OBS, a development hook: plugin/obsdump.h), as text (obs_text),
# must be CAPTURE.obs.txt beside the capture; a capture that gives no observation has an empty
# file. The captures and what their files hold are in test-captures (synthetic/pppoe.md for
# PPPoE's codes, session IDs, tags, error texts and PPP frames; synthetic/l2tp.md and the real
# L2TP captures, checked by hand against tshark's l2tp.* fields, for L2TP's headers, AVPs, PPP
# frames and the ICMP errors quoting UDP 1701; the real IKEv2 and L2TP/IPsec captures, checked
# by hand against tshark's isakmp.* and esp.* fields, for IKE's headers, SA transforms, notifies,
# NAT detection, vendor IDs and ESP's SPIs and sequence numbers). `UPDATE=1` rewrites the files
# instead (then review the diff).
#   observations.sh BUILD_DIR SOURCE_DIR OBS_TEXT PATTERN...
# PATTERN: a shell pattern of captures under test-captures/ (e.g. 'synthetic/pppoe_*.pcap').
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
obs_text=$3
shift 3
so="$build/plugins/$(cat "$build/wireshark-version")/epan/pptpdiag.so"
. "$top/scripts/lib/lib-tshark.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts_setup "$work" "$so"
fail=0; n=0
for pattern in "$@"; do
  for cap in "$top"/test-captures/$pattern; do
    [ -f "$cap" ] || { echo "FAIL: no capture matches $pattern"; fail=1; continue; }
    name=${cap#"$top"/test-captures/}
    cp "$cap" "$work/capture"
    rm -f "$work/dump"
    chmod a+rw "$work/capture"
    rc=0
    ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null || rc=$?
    ts_read_ok "$rc" "$cap" || { echo "FAIL: tshark exits $rc on $name"; fail=1; }
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
done
[ "$n" -gt 0 ] || { echo "FAIL: no capture"; exit 1; }
exit $fail
