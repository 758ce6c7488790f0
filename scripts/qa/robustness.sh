#!/bin/sh
# Robustness run: stock tshark with pptpdiag built with AddressSanitizer + UBSan (and, in the
# long run, a normal build under valgrind memcheck) on every test capture and on mutated copies
# of them. Any sanitizer report, valgrind error or unexpected exit status fails the run.
#
#   scripts/qa/robustness.sh short [WORK_DIR]   the real captures and the KB walkthrough, a few
#                                            minutes on 2 cores (ctest robustness.short)
#   scripts/qa/robustness.sh long  [WORK_DIR]   thousands of mutated captures, plus valgrind
#
# CAPTURES="real/success/client.pcap ..." (paths under test-captures/) restricts the captures.
# WORK_DIR (default build/robustness) receives the sanitizer build (WORK_DIR/asan), the
# valgrind build (WORK_DIR/plain, long only), the mutated captures and the logs
# (WORK_DIR/work/log; failures are listed in WORK_DIR/work/failed). JOBS=N sets the parallel
# runs (default: nproc).
#
# Mutations (all deterministic: fixed seeds): editcap -E 0.02 --seed N (byte errors), editcap
# -s 60 / -s 100 (snap lengths), frames dropped (editcap FRAMES, first frames and ranges),
# duplicated (mergecap of a file with itself; pcap-mutate.py dup), reordered (pcap-mutate.py
# shuffle, and reordercap of a shuffled copy), times jumping (pcap-mutate.py timejump), all at
# once (pcap-mutate.py mix). Each original capture runs in four modes: one pass (-V), two
# passes (-2 -V), -Y pptpdiag (fields) and the taps (-q -z pptpdiag,report -z pptpdiag,tree:
# the report's text and the first pass without items); each mutated one in one mode, in turn.
#
# Environment of the sanitized runs: LD_PRELOAD of GCC's libasan (Debian: libasan8),
# WIRESHARK_DEBUG_WMEM_OVERRIDE=simple, ASAN_OPTIONS detect_leaks=1, halt_on_error=1,
# UBSAN_OPTIONS print_stacktrace=1:halt_on_error=1; suppressions in scripts/qa/sanitizers/. Slow
# (exact) unwinding costs 5x, so one run checks tshark's initialization with it and exact
# suppressions, and every other run unwinds fast and ignores leaks made in epan_init.
#
# Prints: captures run, tshark runs, failures, and pptpdiag findings (pptpdiag.rule values in
# the -Y runs).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib/lib-tshark.sh"

# ---- one run (called back through xargs) -------------------------------------------------
if [ "${1:-}" = __run ]; then
  # __run TOOL MODE INPUT ID
  tool=$2; mode=$3; in=$4; id=$5
  log="$RB_WORK/log/$id"
  case "$mode" in
    # pptpdiag is disabled unless asked for: enabled here, except for the taps, which enable it
    1pass) set -- --enable-protocol pptpdiag -V -r "$in" ;;
    2pass) set -- --enable-protocol pptpdiag -2 -V -r "$in" ;;
    filter) set -- --enable-protocol pptpdiag -Y pptpdiag -T fields -e pptpdiag.rule -E occurrence=a -r "$in" ;;
    taps) set -- -q -z pptpdiag,report -z pptpdiag,tree -r "$in" ;;
  esac
  TS_WORK=$RB_TSWORK
  if [ "$tool" = asan ] || [ "$tool" = asan-slow ]; then
    TS_WORK=$RB_TSWORK_ASAN
    fast=1; supp=$RB_WORK/lsan-fast.supp
    [ "$tool" = asan-slow ] && { fast=0; supp=$RB_WORK/lsan.supp; }
    set +e
    ts_run LD_PRELOAD="$RB_LIBASAN" WIRESHARK_DEBUG_WMEM_OVERRIDE=simple \
      ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:exitcode=23:fast_unwind_on_malloc=$fast:malloc_context_size=30" \
      LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" \
      UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      -- tshark "$@" > "$log.out" 2> "$log.err"
    rc=$?
    set -e
  else
    set +e
    ts_run WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc \
      -- valgrind -q --error-exitcode=42 --leak-check=full --errors-for-leak-kinds=definite \
      --suppressions="$RB_WORK/valgrind.supp" \
      tshark "$@" > "$log.out" 2> "$log.err"
    rc=$?
    set -e
  fi
  if [ "$rc" != 0 ] || grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|^==[0-9]+== (Invalid|Conditional|Use of uninit|Mismatched|Source and destination)' "$log.err"; then
    echo "$tool $mode $in (exit $rc): $log.err" >> "$RB_WORK/failed"
    echo "FAIL: $tool $mode $in (exit $rc), see $log.err" >&2
  fi
  if [ "$mode" = filter ]; then
    tr ',' '\n' < "$log.out" | grep -c . > "$log.rules" || true
  fi
  [ "$rc" = 0 ] && rm -f "$log.out" "$log.err" || true
  exit 0
fi

# ---- the whole run ------------------------------------------------------------------------
kind=${1:-}
case "$kind" in short|long) ;; *) sed -n '2,14p' "$0" >&2; exit 2 ;; esac
dir=${2:-$top/build/robustness}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
jobs=${JOBS:-$(nproc)}
libasan=$(gcc -print-file-name=libasan.so)
libasan=$(readlink -f "$libasan")
[ -f "$libasan" ] || { echo "no libasan (apt-get install libasan8)" >&2; exit 2; }

echo "== building the sanitizer plugin in $dir/asan"
cmake -S "$top" -B "$dir/asan" -DPPTPDIAG_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=gcc > /dev/null
cmake --build "$dir/asan" --target pptpdiag -j "$jobs" > /dev/null
if [ "$kind" = long ]; then
  echo "== building the valgrind plugin in $dir/plain"
  cmake -S "$top" -B "$dir/plain" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
    -DCMAKE_MODULE_LINKER_FLAGS=-Wl,-z,nodelete > /dev/null
  cmake --build "$dir/plain" --target pptpdiag -j "$jobs" > /dev/null
fi

work="$dir/work"
rm -rf "$work"
if [ "$(id -u)" = 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$dir"; then
  # nobody cannot reach WORK_DIR (e.g. a repository under /root): work in /tmp instead
  mkdir -p "$dir/work"
  work=$(mktemp -d /tmp/pptpdiag-robustness.XXXXXX)
  chmod 755 "$work"
  echo "== $dir is not reachable by nobody: working in $work"
fi
mkdir -p "$work/in" "$work/log"
ts_setup "$work/ts-asan" "$dir/asan/plugins/$(cat "$dir/asan/wireshark-version")/epan/pptpdiag.so"
if [ "$kind" = long ]; then
  ts_setup "$work/ts-plain" "$dir/plain/plugins/$(cat "$dir/plain/wireshark-version")/epan/pptpdiag.so"
fi
cp "$top/scripts/qa/sanitizers/lsan.supp" "$work/lsan.supp"
cat "$work/lsan.supp" "$top/scripts/qa/sanitizers/lsan-fast.supp" > "$work/lsan-fast.supp"
cp "$top/scripts/qa/sanitizers/valgrind.supp" "$work/valgrind.supp"

echo "== mutating the captures ($kind)"
mutate="$top/scripts/qa/pcap-mutate.py"
if [ "$kind" = short ]; then
  # CI: the real lab captures and the KB walkthrough (the long run takes every capture)
  eseeds="1"; mseeds="1"; drops="1-3"
  captures=$(cd "$top/test-captures" && find ./real ./synthetic/kb_gre_blocked.pcap -name '*.pcap' | sort)
else
  eseeds=$(seq 1 25); mseeds=$(seq 1 12); drops=$(seq 1 40)" 1-3 2-10 10-20 20-40 40-1000"
  captures=$(cd "$top/test-captures" && find . -name '*.pcap' | sort)
fi
# CAPTURES="real/x/client.pcap ..." (relative to test-captures/) restricts either run
if [ -n "${CAPTURES:-}" ]; then captures=$(for c in $CAPTURES; do echo "./$c"; done); fi
for cap in $captures; do
  n=$(echo "${cap#./}" | sed 's/\.pcap$//; s|/|_|g')
  src="$top/test-captures/$cap"
  frames=$(capinfos -c -M "$src" | awk '/Number of packets/ {print $NF}')
  cp "$src" "$work/in/$n.orig.pcap"
  for s in $eseeds; do editcap -E 0.02 --seed "$s" "$src" "$work/in/$n.err$s.pcap"; done
  editcap -s 60 "$src" "$work/in/$n.snap60.pcap"
  editcap -s 100 "$src" "$work/in/$n.snap100.pcap"
  for d in $drops; do
    first=${d%-*}
    [ "$first" -le "$frames" ] || continue
    editcap "$src" "$work/in/$n.drop$d.pcap" "$d"
  done
  mergecap -w "$work/in/$n.twice.pcap" "$src" "$src"
  for s in $mseeds; do
    for m in shuffle timejump dup mix; do
      /usr/bin/python3 "$mutate" "$m" "$s" "$src" "$work/in/$n.$m$s.pcap"
    done
  done
  reordercap "$work/in/$n.shuffle1.pcap" "$work/in/$n.reordered.pcap" > /dev/null
done
chmod -R a+rX "$work/in"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$work/log"
chmod a+rwx "$work/log"

# The job list: TOOL MODE INPUT ID. First the leak check of tshark's initialization with slow
# unwinding and precise suppressions (it does not depend on the capture), then fast runs.
i=1
echo "asan-slow 2pass $work/in/real_success_client.orig.pcap 0" > "$work/jobs"
for f in $(cd "$work/in" && ls | sort); do
  case "$f" in
    *.orig.pcap) modes="1pass 2pass filter taps" ;;
    *) case $((i % 4)) in 0) modes=1pass ;; 1) modes=2pass ;; 2) modes=filter ;; *) modes=taps ;; esac ;;
  esac
  for m in $modes; do
    echo "asan $m $work/in/$f $i" >> "$work/jobs"
    i=$((i + 1))
  done
done
if [ "$kind" = long ]; then
  # valgrind: every original in both passes' modes and with the taps (the report and the
  # statistics tree read the engine at the end), and every 60th mutated capture.
  j=0
  for f in $(cd "$work/in" && ls | sort); do
    case "$f" in
      *.orig.pcap) modes="1pass 2pass taps" ;;
      *) modes=""; [ $((j % 60)) = 0 ] && modes=2pass; j=$((j + 1)) ;;
    esac
    for m in $modes; do
      echo "valgrind $m $work/in/$f $i" >> "$work/jobs"
      i=$((i + 1))
    done
  done
fi
captures=$(ls "$work/in" | wc -l)
runs=$(wc -l < "$work/jobs")
echo "== $runs tshark runs on $captures captures, $jobs at a time"
export RB_WORK="$work" RB_TSWORK_ASAN="$work/ts-asan" RB_TSWORK="$work/ts-plain" RB_LIBASAN="$libasan"
start=$(date +%s)
xargs -P "$jobs" -L 1 sh "$0" __run < "$work/jobs"
end=$(date +%s)

failed=0
[ -f "$work/failed" ] && failed=$(wc -l < "$work/failed")
findings=$(cat "$work"/log/*.rules 2>/dev/null | awk '{s += $1} END {print s + 0}')
vg=$(grep -c '^valgrind' "$work/jobs" || true)
echo "captures run: $captures"
echo "tshark runs: $runs (ASan+UBSan: $((runs - vg)), valgrind: $vg) in $((end - start)) s"
echo "pptpdiag findings (pptpdiag.rule values in the -Y runs): $findings"
echo "failures: $failed"
if [ "$findings" = 0 ]; then
  # The test captures hold failing sessions: no finding at all means the plugin did not load.
  echo "no pptpdiag finding at all: did tshark load $dir/asan/plugins/*/epan/pptpdiag.so?"
  exit 1
fi
if [ "$failed" != 0 ]; then
  cat "$work/failed"
  exit 1
fi
