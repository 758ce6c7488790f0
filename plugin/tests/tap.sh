#!/bin/sh
# Tests of the pptpdiag tap: the report and the stats tree, the JSON/EK output, the CI wrapper.
#   tap.sh BUILD_DIR report|tree 1pass|2pass CAPTURE
#       `-q -z pptpdiag,report` / `-z pptpdiag,tree` must equal CAPTURE.report.txt /
#       CAPTURE.tree.txt; one-pass and two-pass compare with the same file (they must agree)
#   tap.sh BUILD_DIR keys 1pass|2pass CAPTURE
#       the report with the ESP SAs of the file esp_sa beside CAPTURE given to Wireshark (as a
#       user's profile would: -o uat:esp_sa:RECORD, esp.enable_encryption_decode) must equal
#       CAPTURE.keys.report.txt: L2TP/IPsec diagnosed inside the decrypted ESP
#   tap.sh BUILD_DIR filter CAPTURE_A CAPTURE_B
#       the report's FILTER on a two-session capture merged from A (healthy) and B (failed)
#   tap.sh BUILD_DIR eoc CAPTURE_GRE_DROPPED CAPTURE_LATER
#       a verdict only the end of the capture gives (gre_dropped up to its first LCP request, then a
#       later session): one pass must report and count it as two passes do
#   tap.sh BUILD_DIR json CAPTURE
#       -T json / -T ek carry the pptpdiag fields (ras_error, rule) of a failed capture; a long
#       cause or fix is one JSON value, its tree lines values of pptpdiag.cause.line / fix.line
#   tap.sh BUILD_DIR check EXPECTED_STATUS [-o PREF:VALUE | -d DECODE_AS]... FILE...
#       scripts/user/pptpdiag-check exits with EXPECTED_STATUS (and prints a line per failed session)
#   tap.sh BUILD_DIR cut EXPECTED_STATUS FRAME CAPTURE_CUT ORIGINAL
#       scripts/user/pptpdiag-check on a capture whose file ends in the middle of a record: exits
#       with EXPECTED_STATUS, prints the failures of ORIGINAL (the whole capture; all found
#       before the cut) and the line "CAPTURE_CUT: cut short after frame FRAME: ..."
#   tap.sh BUILD_DIR decode CAPTURE_PORT10723
#       scripts/user/pptpdiag-check -d tcp.port==10723,pptp (Decode As) on a healthy session with PPTP
#       on TCP 10723: exit 0, nothing printed; -d tcp.port==10723,nosuch: exit 2, tshark's word
#   tap.sh BUILD_DIR drops CAPTURE_ISB N CAPTURE_PCAP
#       drops only a pcapng file's Interface Statistics Blocks count (N): pptpdiag-capdrops prints
#       N (0 for CAPTURE_PCAP, which has none); scripts/user/pptpdiag-check exits 0 and says the N
#       drops; the report with -o pptpdiag.capture_drops:N has capture-gaps (likely) and no
#       mtu-too-small, the report without it the mtu-too-small the gaps otherwise make
#   tap.sh BUILD_DIR names CAPTURE_FAILED
#       scripts/user/pptpdiag-check with awkward files made from CAPTURE_FAILED: an empty one (exit 2),
#       a name beginning with "-" (after --), a name with a newline (one output line, \n), one
#       cut short in its first packets (exit 2, said), one cut in its file header (the message
#       names it, not tshark-with-plugin's private copy); -h and --help print the usage
#       on stdout and exit 0, an unknown long option is named (exit 2)
#   UPDATE=1 tap.sh BUILD_DIR report|tree 1pass CAPTURE   rewrites the expected file (review it!)
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; mode=$2; shift 2
ts="$here/tshark-with-plugin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

case "$mode" in
report|tree|keys)
  pass=$1; cap=$(abs "$2")
  if [ "$mode" = keys ]; then
    expected="$cap.keys.report.txt"
    set -- -r "$cap" -q -z pptpdiag,report -o esp.enable_encryption_decode:TRUE
    while IFS= read -r rec; do
      case "$rec" in '#'*|'') ;; *) set -- "$@" -o "uat:esp_sa:$rec" ;; esac
    done < "$(dirname "$cap")/esp_sa"
  else
    expected="$cap.$mode.txt"
    set -- -r "$cap" -q -z "pptpdiag,$mode"
  fi
  [ "$pass" = 2pass ] && set -- -2 "$@"
  "$ts" "$build" "$@" > "$tmp/actual"
  if [ "${UPDATE:-0}" = 1 ] && [ "$pass" = 1pass ]; then
    cp "$tmp/actual" "$expected"; echo "wrote $expected"; exit 0
  fi
  [ -f "$expected" ] || { cat "$tmp/actual"; fail "missing $expected (UPDATE=1 to create it)"; }
  diff -u "$expected" "$tmp/actual" || fail "$cap ($mode, $pass) differs from $expected"
  echo "ok: $cap ($mode, $pass)" ;;

filter)
  a=$(abs "$1"); b=$(abs "$2")
  mergecap -a -w "$tmp/two.pcap" "$a" "$b"
  # what tshark prints: the summary line and the session headers, per filter
  report() {
    "$ts" "$build" "$@" -r "$tmp/two.pcap" -q -z "pptpdiag,report${filter:+,$filter}" |
      grep -E '^(filter|sessions|session [0-9]+|  verdict):'
  }
  filter=; report > "$tmp/all"
  grep -qx 'sessions: 2 (failed 1, healthy 1, undetermined 0)' "$tmp/all" || {
    cat "$tmp/all"; fail "unfiltered report should have 2 sessions"; }
  # The failed session's client port, from the unfiltered report.
  port=$(sed -n '/^session 1:/{s/^session 1: client [^:]*:\([0-9]*\) .*/\1/p;}' "$tmp/all")
  [ -n "$port" ] || fail "no client port for session 1"
  for pass in "" -2; do
    filter='pptpdiag.verdict == "failed"'; report $pass > "$tmp/f"
    grep -qx 'sessions: 1 (failed 1, healthy 0, undetermined 0)' "$tmp/f" &&
      grep -q '^session 1:' "$tmp/f" && ! grep -q '^session 0:' "$tmp/f" || {
      cat "$tmp/f"; fail "filter on pptpdiag.verdict ($pass)"; }
    filter="tcp.port == $port"; report $pass > "$tmp/f"
    grep -qx 'sessions: 1 (failed 1, healthy 0, undetermined 0)' "$tmp/f" || {
      cat "$tmp/f"; fail "filter on tcp.port ($pass)"; }
    filter="ip.addr == 192.0.2.99"; report $pass > "$tmp/f"
    grep -qx 'sessions: 0 (failed 0, healthy 0, undetermined 0)' "$tmp/f" || {
      cat "$tmp/f"; fail "filter matching nothing ($pass)"; }
  done
  # The stats tree takes the same filter.
  "$ts" "$build" -r "$tmp/two.pcap" -q -z 'pptpdiag,tree,pptpdiag.verdict == "failed"' > "$tmp/t"
  grep -Eq '^PPTP sessions +1 ' "$tmp/t" && grep -Eq '^  healthy +0 ' "$tmp/t" || {
    cat "$tmp/t"; fail "stats tree with a filter"; }
  echo "ok: report and tree filters on a merged two-session capture" ;;

eoc)
  editcap -r "$(abs "$1")" "$tmp/cut.pcap" 1-14
  mergecap -a -w "$tmp/eoc.pcap" "$tmp/cut.pcap" "$(abs "$2")"
  for pass in 1 2; do
    set -- -r "$tmp/eoc.pcap" -q
    [ $pass = 2 ] && set -- -2 "$@"
    "$ts" "$build" "$@" -z pptpdiag,report > "$tmp/report$pass"
    "$ts" "$build" "$@" -z pptpdiag,tree > "$tmp/tree$pass"
    # both at once: each prints what it prints alone
    "$ts" "$build" "$@" -z pptpdiag,report -z pptpdiag,tree > "$tmp/both$pass"
  done
  grep -q '^    concluded only because the capture ended: yes$' "$tmp/report1" || {
    cat "$tmp/report1"; fail "no end-of-capture verdict in the one-pass report"; }
  grep -qx 'sessions: 2 (failed 2, healthy 0, undetermined 0)' "$tmp/report1" || {
    cat "$tmp/report1"; fail "one-pass report should count 2 failed sessions"; }
  grep -Eq '^  failed +2 ' "$tmp/tree1" || { cat "$tmp/tree1"; fail "one-pass tree: failed 2"; }
  diff -u "$tmp/report1" "$tmp/report2" || fail "one-pass and two-pass reports differ"
  diff -u "$tmp/tree1" "$tmp/tree2" || fail "one-pass and two-pass trees differ"
  for pass in 1 2; do
    for part in report tree; do
      missing=$(grep -Fvx -f "$tmp/both$pass" "$tmp/$part$pass" || true)
      [ -z "$missing" ] || { echo "$missing"; fail "-z report -z tree together: $part lines missing ($pass pass)"; }
    done
  done
  echo "ok: end-of-capture verdicts in one pass equal two passes (report and tree)" ;;

json)
  cap=$(abs "$1")
  run() { "$ts" "$build" -r "$cap" -Y pptpdiag.ras_error "$@"; }
  run -T json -J pptpdiag > "$tmp/J"
  grep -q '"pptpdiag.ras_error": "806"' "$tmp/J" && grep -q '"pptpdiag.rule": "gre-blocked"' "$tmp/J" ||
    { cat "$tmp/J"; fail "-T json -J pptpdiag lacks pptpdiag.ras_error / rule"; }
  run -T json -j "pptpdiag pptpdiag.finding" > "$tmp/j"
  grep -q '"pptpdiag.ras_error": "721"' "$tmp/j" ||
    { cat "$tmp/j"; fail "-T json -j 'pptpdiag pptpdiag.finding' lacks pptpdiag.ras_error"; }
  run -T ek -J pptpdiag > "$tmp/ek"
  grep -q '"pptpdiag_pptpdiag_ras_error":\["806","721"' "$tmp/ek" ||
    { cat "$tmp/ek"; fail "-T ek -J pptpdiag lacks pptpdiag_pptpdiag_ras_error"; }
  run -T ek -e pptpdiag.ras_error -e pptpdiag.rule > "$tmp/eke"
  grep -q '"pptpdiag_ras_error":\["806","721"[^]]*\],"pptpdiag_rule":\["gre-blocked"' "$tmp/eke" ||
    { cat "$tmp/eke"; fail "-T ek -e pptpdiag.* lacks the fields"; }
  # A long cause and fix: the whole text one value of pptpdiag.cause (fix); the lines the tree
  # shows after the first are values of pptpdiag.cause.line (fix.line), never keys.
  run -T json -J pptpdiag --no-duplicate-keys > "$tmp/nd"
  run -T fields -e pptpdiag.cause -e pptpdiag.fix > "$tmp/fields"
  /usr/bin/python3 - "$tmp/nd" "$tmp/fields" <<'PY' || { cat "$tmp/nd"; fail "-T json: cause/fix not one value each"; }
import json, sys
frames = json.load(open(sys.argv[1]))
whole = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
seen = 0
def walk(o, row):
    global seen
    if not isinstance(o, dict):
        return
    for k in ("cause", "fix"):
        key = "pptpdiag." + k
        if key in o:
            assert o[key] == row[0 if k == "cause" else 1], (key, o[key])
            tree = o.get(key + "_tree")
            if len(o[key]) > 160:
                assert tree is not None, key + ": a long text without its lines"
                assert list(tree) == [key + ".line"], (key, list(tree))
                lines = tree[key + ".line"]
                lines = lines if isinstance(lines, list) else [lines]
                assert all(l and l in o[key] for l in lines), lines
                assert o[key].endswith(lines[-1]), (o[key], lines[-1])
                seen += 1
            else:
                assert tree is None, key
    for v in o.values():
        for x in (v if isinstance(v, list) else [v]):
            walk(x, row)
for f, row in zip(frames, whole):
    walk(f["_source"]["layers"]["pptpdiag"], row)
assert seen >= 2, "no long cause and fix seen"
print("cause and fix: the whole text one value, %d long ones with their lines as values" % seen)
PY
  echo "ok: JSON and EK output of $cap carry pptpdiag fields" ;;

check)
  want=$1; shift
  top=$(cd "$here/../.." && pwd)
  set +e
  "$top/scripts/user/pptpdiag-check" -b "$build" "$@" > "$tmp/out" 2> "$tmp/err"
  got=$?
  set -e
  cat "$tmp/out" "$tmp/err"
  [ "$got" = "$want" ] || fail "pptpdiag-check exited $got, expected $want"
  case "$want" in
  0) [ ! -s "$tmp/out" ] || fail "no line expected for healthy captures" ;;
  1) grep -q ': failed ' "$tmp/out" || fail "no line for the failed session" ;;
  2) grep -q 'unusable' "$tmp/err" || fail "no reason given for the unusable input" ;;
  3) grep -q ': not diagnosed: ' "$tmp/out" || fail "no line for what the caps left out" ;;
  esac
  echo "ok: pptpdiag-check exits $want" ;;

cut)
  want=$1; frame=$2; cap=$3; orig=$4
  top=$(cd "$here/../.." && pwd)
  run_check() {
    set +e; "$top/scripts/user/pptpdiag-check" -b "$build" "$@" > "$tmp/out" 2> "$tmp/err"; got=$?; set -e
  }
  run_check "$orig"
  sed "s|^$orig: ||" "$tmp/out" | grep -v '^not diagnosed: ' > "$tmp/want" || true
  run_check "$cap"
  cat "$tmp/out" "$tmp/err"
  [ "$got" = "$want" ] || fail "pptpdiag-check exited $got on $cap, expected $want"
  [ ! -s "$tmp/err" ] || fail "a message on stderr for a cut capture"
  grep -qx "$cap: cut short after frame $frame: the file ends in the middle of a packet (.*not the network's)" \
    "$tmp/out" || fail "no line 'cut short after frame $frame'"
  grep -v ": cut short after frame $frame: " "$tmp/out" | sed "s|^$cap: ||" > "$tmp/got"
  diff -u "$tmp/want" "$tmp/got" || fail "the failures of $orig are not those reported before the cut"
  [ "$want" != 1 ] || [ -s "$tmp/got" ] || fail "exit 1 without a failure line"
  echo "ok: pptpdiag-check on $cap: exit $got, $(wc -l < "$tmp/got") failure(s) before the cut, cut said" ;;

decode)
  cap=$(abs "$1")
  check="$(cd "$here/../.." && pwd)/scripts/user/pptpdiag-check"
  run_check() {
    set +e; "$check" -b "$build" "$@" > "$tmp/out" 2> "$tmp/err"; got=$?; set -e
    cat "$tmp/out" "$tmp/err"
  }
  run_check -d tcp.port==10723,pptp "$cap"
  [ "$got" = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] ||
    fail "-d tcp.port==10723,pptp: exit $got, or something printed"
  run_check -d tcp.port==10723,nosuch "$cap"
  [ "$got" = 2 ] && [ ! -s "$tmp/out" ] &&
    grep -qx 'pptpdiag-check: unusable -d: tshark: Unknown protocol -- "nosuch"' "$tmp/err" ||
    fail "-d tcp.port==10723,nosuch: exit $got, or not tshark's message"
  echo "ok: pptpdiag-check -d: healthy on TCP 10723 decoded as PPTP, an unknown protocol said" ;;

drops)
  cap=$(abs "$1"); n=$2; pcap=$(abs "$3")
  top=$(cd "$here/../.." && pwd)
  got=$("$build/pptpdiag-capdrops" "$cap") && [ "$got" = "$n" ] ||
    fail "pptpdiag-capdrops $cap printed '$got', expected $n"
  got=$("$build/pptpdiag-capdrops" "$pcap") && [ "$got" = 0 ] ||
    fail "pptpdiag-capdrops $pcap printed '$got', expected 0"
  set +e; "$top/scripts/user/pptpdiag-check" -b "$build" "$cap" > "$tmp/out" 2> "$tmp/err"; st=$?; set -e
  cat "$tmp/out" "$tmp/err"
  [ "$st" = 0 ] && [ ! -s "$tmp/err" ] || fail "pptpdiag-check exited $st, or said something on stderr"
  [ "$(cat "$tmp/out")" = "$cap: the capture itself dropped $n packets (the file's interface statistics): gaps in what it holds are the capture's, not the network's" ] ||
    fail "pptpdiag-check did not say the $n drops as one line"
  "$ts" "$build" -r "$cap" -q -o "pptpdiag.capture_drops:$n" -z pptpdiag,report > "$tmp/with" 2>/dev/null
  grep -q 'finding in frame [0-9]*: capture-gaps (likely)' "$tmp/with" ||
    fail "no capture-gaps (likely) with pptpdiag.capture_drops:$n"
  ! grep -q 'finding in frame [0-9]*: mtu-too-small' "$tmp/with" ||
    fail "an mtu-too-small with pptpdiag.capture_drops:$n"
  "$ts" "$build" -r "$cap" -q -z pptpdiag,report > "$tmp/without" 2>/dev/null
  grep -q 'finding in frame [0-9]*: mtu-too-small (possible)' "$tmp/without" ||
    fail "no mtu-too-small without the drops: this test would not tell"
  echo "ok: $n drops of the interface statistics read, said, and put on the capture" ;;

names)
  cap=$(abs "$1")
  check="$(cd "$here/../.." && pwd)/scripts/user/pptpdiag-check"
  cd "$tmp"
  : > empty.pcap
  cp -- "$cap" ./-dash.pcap
  cp -- "$cap" "$(printf 'new\nline.pcap')"
  head -c 100 "$cap" > cut.pcap # frame 1 (42 bytes) whole, then 18 bytes of frame 2
  head -c 20 "$cap" > header.pcap # in the file header: tshark reads no frame
  run_check() { set +e; "$check" -b "$build" "$@" > out 2> err; got=$?; set -e; cat out err; }
  run_check empty.pcap
  [ "$got" = 2 ] && grep -q '^empty.pcap: unusable: empty file' err || fail "empty file: exit $got"
  run_check -- -dash.pcap
  [ "$got" = 1 ] && grep -q '^-dash.pcap: session 0 .*: failed ' out || fail "-dash.pcap: exit $got"
  run_check "$(printf 'new\nline.pcap')"
  [ "$got" = 1 ] && [ "$(wc -l < out)" = 1 ] && grep -q '^new\\nline.pcap: session 0 ' out ||
    fail "a name with a newline: exit $got, or not one line"
  run_check cut.pcap
  [ "$got" = 2 ] && grep -q '^cut.pcap: cut short after frame 1: ' out && [ ! -s err ] ||
    fail "cut.pcap: exit $got, or not said cut short after frame 1"
  run_check header.pcap
  [ "$got" = 2 ] && grep -q '^header.pcap: unusable: .*"header.pcap"' err && ! grep -q '/capture' err ||
    fail "header.pcap: exit $got, or the message names another file"
  # -h and --help: the usage on stdout, exit 0; an unknown long option named
  for h in -h --help; do
    run_check "$h"
    [ "$got" = 0 ] && grep -q '^Usage: pptpdiag-check ' out && [ ! -s err ] ||
      fail "$h: exit $got, or no usage on stdout"
  done
  run_check --verbose empty.pcap
  [ "$got" = 2 ] && grep -qx 'pptpdiag-check: unknown option --verbose' err && ! grep -q Illegal err ||
    fail "--verbose: exit $got, or not named"
  echo "ok: pptpdiag-check with an empty file, a dash, a newline, cut captures; -h, --help" ;;

*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
