#!/bin/sh
# The plugin's development hooks (CMake option PPTPDIAG_DEV_HOOKS, plugin/obsdump.h, capture.c).
#   dev-hooks.sh BUILD_DIR SOURCE_DIR on    a build with them: PPTPDIAG_DUMP_OBS writes the
#                                           observations and enables pptpdiag; with
#                                           PPTPDIAG_BENCH_OFF the report's tap leaves a disabled
#                                           pptpdiag disabled; with PPTPDIAG_BENCH_FLOOR pptpdiag
#                                           renders nothing
#   dev-hooks.sh BUILD_DIR SOURCE_DIR off   a build without them (packages): the plugin names none
#                                           of those variables and PPTPDIAG_DUMP_OBS writes nothing
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$2" && pwd)
mode=$3
so="$build/plugins/$(cat "$build/wireshark-version")/epan/pptpdiag.so"
. "$top/scripts/lib/lib-tshark.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts_setup "$work" "$so"
cp "$top/test-captures/real/gre_dropped/client.pcap" "$work/capture"
chmod a+rw "$work/capture"
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
on)
  ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null
  [ -s "$work/dump" ] || fail "PPTPDIAG_DUMP_OBS wrote nothing"
  out=$(ts_run PPTPDIAG_BENCH_OFF=1 -- tshark --disable-protocol pptpdiag -q -z pptpdiag,report \
        -r "$work/capture")
  echo "$out" | grep -q '^sessions: 0 ' || fail "PPTPDIAG_BENCH_OFF: the report enabled pptpdiag"
  n=$(ts_run PPTPDIAG_BENCH_FLOOR=1 -- tshark --enable-protocol pptpdiag -Y pptpdiag \
      -r "$work/capture" | wc -l)
  [ "$n" = 0 ] || fail "PPTPDIAG_BENCH_FLOOR: $n frames with pptpdiag items"
  n=$(ts_run -- tshark --enable-protocol pptpdiag -Y pptpdiag -r "$work/capture" | wc -l)
  [ "$n" -gt 0 ] || fail "no frame with pptpdiag items without PPTPDIAG_BENCH_FLOOR"
  echo "dump written ($(wc -c < "$work/dump") bytes), bench off and floor as documented" ;;
off)
  ! grep -a -q 'PPTPDIAG_DUMP_OBS\|PPTPDIAG_BENCH' "$so" || fail "$so carries development hooks"
  ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null
  [ ! -e "$work/dump" ] || fail "PPTPDIAG_DUMP_OBS wrote a dump"
  echo "no development hook in $so" ;;
*) echo "usage: dev-hooks.sh BUILD_DIR SOURCE_DIR on|off" >&2; exit 2 ;;
esac
