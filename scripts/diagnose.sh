#!/bin/sh
# The main job: installs what is missing, builds the plugin, and runs tshark with it on a
# capture (default: a bundled real capture of a GRE-blocked call), printing each finding and
# one line per session: its verdict, or why it is undetermined; for a capture without PPTP it
# says so; for one whose file ends in the middle of a record (tcpdump killed, disk full), what
# came before the cut and the line "cut short after frame N: ...".
# Usage: scripts/diagnose.sh [-d LAYER==VALUE,PROTO]... [CAPTURE]
#   -d LAYER==VALUE,PROTO  tshark's Decode As, e.g. -d tcp.port==10723,pptp for a PPTP server
#                  on TCP 10723
# Exit status, as scripts/pptpdiag-check's: 0 no session failed, 1 a session failed (in a
# capture cut short too: before the cut; the default capture's does), 2 the file is missing,
# unreadable, not a capture tshark reads, or cut short with no session failed before the cut,
# or tshark rejects a -d (2 takes precedence over 3), 3 no session failed but pptpdiag's caps
# kept sessions or calls from being diagnosed (said in a "not diagnosed: ..." line).
# PPTPDIAG_BUILD=DIR uses the plugin already built in DIR (no installation, no build).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n 's/^# \{0,1\}//; 2,/^SPDX/p' "$0" | sed '$d' >&2; exit "$1"; }
decodes=
while getopts d:h opt; do
  case "$opt" in
  d) decodes="$decodes
$OPTARG" ;;
  h) usage 0 ;;
  *) usage 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage 2
cap=${1:-$top/test-captures/real/gre_icmp_prohibited/client.pcap}
if [ ! -f "$cap" ] || [ ! -r "$cap" ]; then
  echo "diagnose.sh: $cap: no such readable file" >&2; exit 2
fi
build=${PPTPDIAG_BUILD:-}
if [ -z "$build" ]; then
  build=$top/build
  "$top/scripts/install-deps.sh"
  "$top/scripts/build.sh" "$build" >/dev/null
fi
ts="$top/plugin/tests/tshark-with-plugin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# tshark with the plugin and the -d options given (one a line in $decodes).
tshark_d() {
  set -f
  oldifs=$IFS; IFS='
'
  for d in $decodes; do set -- "$@" -d "$d"; done
  IFS=$oldifs
  set +f
  # pptpdiag is disabled unless asked for (README.md, "When pptpdiag runs"): asked for here
  "$ts" "$build" --as-installed --enable-protocol pptpdiag "$@"
}
# A -d tshark rejects (unknown layer or protocol) is said as such: tshark tried on a capture
# without packets.
if [ -n "$decodes" ]; then
  printf '\324\303\262\241\2\0\4\0\0\0\0\0\0\0\0\0\377\377\0\0\1\0\0\0' >"$tmp/none.pcap"
  tshark_d -r "$tmp/none.pcap" -q >/dev/null 2>"$tmp/err" || {
    echo "diagnose.sh: unusable -d: $(grep -v '^Running as user' "$tmp/err" | sed -n 1p)" >&2
    exit 2; }
fi
# The report (one pass: it concludes what only the end of the capture tells) first: it also
# tells whether tshark reads the file at all. A file cut in the middle of a record (tcpdump
# killed, disk full) makes tshark exit 2 after reporting what came before the cut.
unreadable() {
  echo "diagnose.sh: $cap is not a capture tshark can read:" \
       "$(grep -v '^Running as user' "$tmp/err" | sed -n '$p')" >&2
  exit 2
}
cut=
if ! tshark_d -r "$cap" -q -z pptpdiag,report >"$tmp/report" 2>"$tmp/err"; then
  grep -q 'cut short in the middle of a packet\.$' "$tmp/err" &&
    grep -q '^=== end of PPTP diagnosis report' "$tmp/report" || unreadable
  # the frames before the cut, as capinfos counts them
  n=$(capinfos -c -M -- "$cap" 2>/dev/null | sed -n 's/^Number of packets:[[:space:]]*//p')
  case "$n" in
  0) n="before frame 1" ;;
  *[!0-9]*|"") n="after its last whole frame" ;;
  *) n="after frame $n" ;;
  esac
  cut="cut short $n: the file ends in the middle of a packet (the capture stopped there, e.g.\
 tcpdump killed or disk full: the capture's limit, not the network's)"
fi
grep -q '^=== PPTP diagnosis report' "$tmp/report" || unreadable
echo "== $cap"
echo "-- findings, in frame order (one pass)"
tshark_d -r "$cap" -Y pptpdiag.rule -T fields -E occurrence=a -E separator='|' \
  -e frame.number -e pptpdiag.session -e pptpdiag.rule -e pptpdiag.confidence \
  -e pptpdiag.ras_error -e pptpdiag.blocked_by -e pptpdiag.mtu_reported_by -e pptpdiag.cause \
  2>/dev/null |
  while IFS="|" read -r frame session rule conf ras by mtu cause; do
    case "$conf" in # -T fields prints the number; the names are pptpdiag.confidence's values
    3) conf=confirmed ;; 2) conf=likely ;; 1) conf=possible ;;
    esac
    echo "frame $frame, session $session: $rule ($conf)${ras:+, RAS $ras}${by:+, blocked by $by}${mtu:+, path MTU reported by $mtu}"
    echo "    $cause"
  done
echo "-- sessions"
# One line per session from the report's session blocks (plugin/report.c), with the fix of a
# failed session and the reason of an undetermined one.
awk '
  function flush() {
    if (sess == "")
      return
    line = "session " sess ": " verdict
    if (rule != "") # a healthy verdict rests on the rule "healthy": named once
      line = line (rule == verdict ? "" : ", " rule) " (" conf ")" \
             (ras != "" ? ", RAS " ras : "") ", concluded in frame " frame
    if (vantage != "" && vantage !~ /^unknown/) # report: "unknown (the TTLs do not tell)"
      line = line ", captured on the " vantage
    print line
    if (why != "") print "    why: " why
    if (fix != "" && verdict == "failed") print "    fix: " fix
    sess = ""; verdict = ""; rule = ""; conf = ""; ras = ""; frame = ""; vantage = ""
    why = ""; fix = ""; inras = 0; cont = ""
  }
  /^session [0-9]+: / { flush(); sess = $0; sub(/^session /, "", sess); next }
  /^  capture point: /          { vantage = $0; sub(/^  capture point: /, "", vantage); next }
  /^  verdict: /                { verdict = $2; next }
  /^  undetermined because: /   { why = $0; sub(/^  undetermined because: /, "", why);
                                  cont = "why"; next }
  cont == "why" && /^      [^ ]/ { t = $0; sub(/^ +/, "", t); why = why " " t; next }
  /^    rule: /                 { cont = ""; rule = $2; next }
  /^    confidence: /           { conf = $2; next }
  /^    concluded in frame: /   { frame = $4; next }
  /^    RAS errors:$/           { inras = 1; next }
  inras && /^      [0-9]+ /     { ras = ras (ras == "" ? "" : ",") $1; next }
  /^    fix: /                  { inras = 0; fix = $0; sub(/^    fix: /, "", fix);
                                  cont = "fix"; next }
  cont == "fix" && /^        [^ ]/ { t = $0; sub(/^ +/, "", t); fix = fix " " t; next }
  { inras = 0; cont = "" }
  /^no / || /^not diagnosed: / { print }
  /^=== end/ { flush() }
' "$tmp/report"
# The exit status, as pptpdiag-check's (the cut said last).
status=0
grep -q '^not diagnosed: ' "$tmp/report" && status=3
grep -q '^  verdict: failed$' "$tmp/report" && status=1
if [ -n "$cut" ]; then
  echo "$cut"
  [ "$status" = 1 ] || status=2
fi
exit "$status"
