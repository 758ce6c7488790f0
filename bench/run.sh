#!/bin/sh
# Benchmark of pptpdiag: tshark with the plugin enabled and disabled (--disable-protocol
# pptpdiag) on generated captures (bench/generate.py), wall time and peak RSS (GNU time).
#
#   bench/run.sh speed  [BUILD_DIR]   (a) 1M frames of background traffic, (b) 1M frames of PPTP
#                                     sessions; modes -2, -Y pptpdiag, -q -z pptpdiag,report
#                                     (skipped if this tshark rejects it); RUNS runs each
#                                     (default 3), median; ratios against the targets: time
#                                     <= 1.10 on (a), <= 1.25 on (b); peak RSS <= 1.10 on (a).
#                                     Also t_none (-2 only): tshark without the plugin at
#                                     all (empty plugin folder); t_floor and floor (= t_floor /
#                                     t_off): pptpdiag wanting one field and doing nothing else
#                                     (PPTPDIAG_BENCH_FLOOR=1), i.e. what tshark 4.0 spends on
#                                     the protocol tree it builds for every frame once a
#                                     postdissector wants a field: no plugin of that kind can
#                                     go below it
#   bench/run.sh memory [BUILD_DIR]   peak RSS of one pass (summary lines to /dev/null; note that
#                                     tshark -q alone does not dissect, so the plugin would not
#                                     run) with the plugin on the pptp mix
#                                     with 1k, 10k, 100k sessions, 1M distinct GRE Call IDs and
#                                     1M SYNs to TCP 1723, and without it (--disable-protocol)
#
# BUILD_DIR: a build with the plugin (default build/). Captures are generated once into
# BENCH_DIR (default /tmp/pptpdiag-bench; about 1.5 GB) and reused. Deterministic inputs; the
# timings are what they are: run on an otherwise idle machine.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib-tshark.sh"
what=${1:-}
case "$what" in speed|memory) ;; *) sed -n '2,27p' "$0" >&2; exit 2 ;; esac
build=$(cd "${2:-$top/build}" && pwd)
so="$build/plugins/$(cat "$build/wireshark-version" 2>/dev/null)/epan/pptpdiag.so"
[ -f "$so" ] || { echo "no $so: build first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
runs=${RUNS:-3}
bench=${BENCH_DIR:-/tmp/pptpdiag-bench}
mkdir -p "$bench/ts" "$bench/ts-none"
chmod 755 "$bench"
ts_setup "$bench/ts-none"
ts_setup "$bench/ts" "$so"

# gen NAME SCENARIO [COUNT]: generates $bench/NAME.pcap unless it is there
gen() {
  [ -f "$bench/$1.pcap" ] || /usr/bin/python3 "$top/bench/generate.py" "$2" "$bench/$1.pcap" ${3:-}
  chmod a+r "$bench/$1.pcap"
}

# measure ARGS...: one tshark run, prints "seconds kilobytes" ($MEASURE_ENV: VAR=VALUE words)
measure() {
  ts_run ${MEASURE_ENV:-} -- /usr/bin/time -f "%e %M" -o "$bench/ts/time" tshark "$@" > /dev/null 2> "$bench/err" \
    || { echo "tshark $* failed:" >&2; cat "$bench/err" >&2; exit 1; }
  cat "$bench/ts/time"
}

# median of RUNS measurements: prints "seconds kilobytes" (median of each)
median() {
  i=0; : > "$bench/m"
  while [ "$i" -lt "$runs" ]; do measure "$@" >> "$bench/m"; i=$((i + 1)); done
  t=$(cut -d' ' -f1 "$bench/m" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(cut -d' ' -f2 "$bench/m" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$t $m"
}

if [ "$what" = speed ]; then
  gen background background
  gen pptp pptp
  zarg=""
  if ts_run -- tshark -r "$bench/pptp.pcap" -c 1 -q -z pptpdiag,report > /dev/null 2>&1; then
    zarg=yes
  else
    echo "note: this tshark/plugin rejects -z pptpdiag,report: that mode is skipped"
  fi
  printf "%-11s %-12s %7s %7s %6s %10s %10s %6s %7s %7s %6s  %s\n" capture mode "t_on/s" \
    "t_off/s" ratio "rss_on/kB" "rss_off/kB" ratio "t_none" t_floor floor targets
  for cap in background pptp; do
    for mode in two-pass filter report; do
      case $mode in
        two-pass) set -- -2 ;;
        filter) set -- -Y pptpdiag ;;
        report) [ -n "$zarg" ] || continue; set -- -q -z pptpdiag,report ;;
      esac
      on=$(median -r "$bench/$cap.pcap" "$@")
      off=$(median -r "$bench/$cap.pcap" --disable-protocol pptpdiag "$@")
      floor=$(MEASURE_ENV=PPTPDIAG_BENCH_FLOOR=1 median -r "$bench/$cap.pcap" "$@")
      # without the plugin, pptpdiag filters and taps do not exist: -2 only
      if [ "$mode" = two-pass ]; then
        none=$(TS_WORK="$bench/ts-none" median -r "$bench/$cap.pcap" "$@")
      else
        none="0 0"
      fi
      TS_WORK="$bench/ts"
      if [ "$cap" = background ]; then targets="time<=1.10 rss<=1.10"; else targets="time<=1.25"; fi
      echo "$on $off $none $floor" | awk -v c="$cap" -v m="$*" -v tg="$targets" '{
        printf "%-11s %-12s %7.2f %7.2f %6.3f %10d %10d %6.3f %7.2f %7.2f %6.3f  %s\n",
               c, m, $1, $3, $1 / $3, $2, $4, $2 / $4, $5, $7, $7 / $3, tg }'
    done
  done
  exit 0
fi

# memory
gen sessions-1k sessions 1000
gen sessions-10k sessions 10000
gen sessions-100k sessions 100000
gen gre-callids gre-callids 1000000
gen syn-flood syn-flood 1000000
printf "%-15s %9s %12s %12s %8s\n" capture frames "rss_on/kB" "rss_off/kB" "on-off/kB"
for cap in sessions-1k sessions-10k sessions-100k gre-callids syn-flood; do
  frames=$(capinfos -c -M "$bench/$cap.pcap" | awk '/Number of packets/ {print $NF}')
  on=$(median -r "$bench/$cap.pcap")
  off=$(median -r "$bench/$cap.pcap" --disable-protocol pptpdiag)
  echo "$on $off" | awk -v c="$cap" -v f="$frames" '{
    printf "%-15s %9d %12d %12d %8d\n", c, f, $2, $4, $2 - $4 }'
done
