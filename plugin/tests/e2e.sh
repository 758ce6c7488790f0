#!/bin/sh
# End-to-end test: tshark with the built plugin on one capture, in one-pass or two-pass mode;
# the pptpdiag fields of every frame that has them must equal the expected file beside the
# capture (CAPTURE.1pass.txt / CAPTURE.2pass.txt).
#   e2e.sh BUILD_DIR plugins                 assert that tshark loads pptpdiag.so
#   e2e.sh BUILD_DIR 1pass|2pass CAPTURE     compare with the expected file
#   e2e.sh BUILD_DIR quiet CAPTURE           assert no pptpdiag warning/error expert info
#   UPDATE=1 e2e.sh BUILD_DIR 1pass CAPTURE  rewrite the expected file (review the diff!)
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; mode=$2
ts="$here/tshark-with-plugin"

case "$mode" in
plugins)
  out=$("$ts" "$build" -G plugins)
  echo "$out" | grep -q "^pptpdiag\.so[[:space:]].*dissector" || {
    echo "tshark does not list pptpdiag.so:"; echo "$out"; exit 1; }
  echo "tshark lists pptpdiag.so"; exit 0 ;;
quiet)
  cap=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
  out=$("$ts" "$build" -2 -r "$cap" -q -z expert,warn)
  if echo "$out" | grep -q PPTPDIAG; then
    echo "pptpdiag warns on a healthy capture:"; echo "$out"; exit 1; fi
  echo "no pptpdiag warning or error on $cap"; exit 0 ;;
1pass|2pass) ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac

cap=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
expected="$cap.$mode.txt"
set --
[ "$mode" = 2pass ] && set -- -2
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
{
  echo "# frame session milestone verdict rule ras_error confidence blocked_by quoted_frame evidence verdict_frame"
  echo "# verdict: 0 undetermined, 1 healthy, 2 failed; confidence: 1 possible, 2 likely, 3 confirmed"
  "$ts" "$build" "$@" -r "$cap" -Y pptpdiag -T fields -E occurrence=a -E separator='|' \
    -e frame.number -e pptpdiag.session -e pptpdiag.milestone -e pptpdiag.verdict \
    -e pptpdiag.rule -e pptpdiag.ras_error -e pptpdiag.confidence -e pptpdiag.blocked_by \
    -e pptpdiag.quoted_frame -e pptpdiag.evidence -e pptpdiag.verdict_frame
} > "$actual"
if [ "${UPDATE:-0}" = 1 ]; then
  cp "$actual" "$expected"; echo "wrote $expected"; exit 0
fi
[ -f "$expected" ] || { echo "missing $expected (UPDATE=1 to create it)"; cat "$actual"; exit 1; }
if ! diff -u "$expected" "$actual"; then
  echo "FAIL: $cap ($mode) differs from $expected"; exit 1
fi
echo "ok: $cap ($mode), $(($(wc -l < "$actual") - 2)) frames with pptpdiag"
