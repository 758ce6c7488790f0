#!/bin/sh
# Writes the fuzzer's seed corpus: one file per capture of test-captures/ (NAME.pcap ->
# DIR/real_NAME_client, ...), holding a configuration byte (0: default timeouts) and the
# observations the plugin feeds to the engine on that capture (PPTPDIAG_DUMP_OBS, plugin/obsdump.c)
# followed by a WALK record. Deterministic: the same captures and plugin give the same files.
#   heuristics/fuzz/make-corpus.sh BUILD_DIR [DIR]   (DIR: default heuristics/fuzz/corpus)
# BUILD_DIR must hold a plugin built with the development hooks, which write the observations
# (cmake -S . -B build -DPPTPDIAG_DEV_HOOKS=ON && make -C build).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
out=${2:-$top/heuristics/fuzz/corpus}
so="$build/plugins/$(cat "$build/wireshark-version" 2>/dev/null)/epan/pptpdiag.so"
[ -f "$so" ] || { echo "no $so: build first" >&2; exit 2; }
. "$top/scripts/lib/lib-tshark.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts_setup "$work" "$so"
mkdir -p "$out"
n=0
for cap in $(cd "$top/test-captures" && find . -name '*.pcap' -o -name '*.pcapng' -o -name '*.pppdump' | sort); do
  name=$(echo "${cap#./}" | sed 's/\.pcap\(ng\)\{0,1\}$//; s/\.pppdump$//; s|/|_|g')
  cp "$top/test-captures/$cap" "$work/capture"
  printf '\000' > "$work/dump"
  chmod a+rw "$work/capture" "$work/dump"
  rc=0
  ts_run PPTPDIAG_DUMP_OBS="$work/dump" -- tshark -r "$work/capture" > /dev/null || rc=$?
  ts_read_ok "$rc" "$cap" || { echo "tshark exits $rc on $cap" >&2; exit 1; }
  printf '\006' >> "$work/dump"   # WALK
  cp "$work/dump" "$out/$name"
  n=$((n + 1))
done
echo "wrote $n corpus files to $out"
