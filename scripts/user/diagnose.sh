#!/bin/sh
# The main job: installs what is missing, builds the plugin, and runs tshark with it on each
# capture given (default: a bundled real capture of a GRE-blocked call), printing each finding
# and one line per session: its verdict, or why it is undetermined; for a capture without PPTP
# it says so; for one whose file ends in the middle of a record (tcpdump killed, disk full),
# what came before the cut and the line "cut short after frame N: ..."; for one whose pcapng
# interface statistics count packets the capture dropped, the line "the capture itself dropped
# N packets ..." (and the gaps are put on the capture, scripts/lib/lib-capture.sh).
# Usage: scripts/user/diagnose.sh [-d LAYER==VALUE,PROTO]... [--] [CAPTURE...]
#        scripts/user/diagnose.sh -h | --help   (this text, exit 0)
#   -d LAYER==VALUE,PROTO  tshark's Decode As, e.g. -d tcp.port==10723,pptp for a PPTP server
#                  on TCP 10723
# Several captures are diagnosed one after the other, each under a line "== CAPTURE".
# Exit status, as scripts/user/pptpdiag-check's, over all captures given:
#   0 no session failed (or no PPTP at all),
#   1 a session failed (in a capture cut short too: before the cut; the default capture's does),
#   2 unusable input, said on stderr with the file's name: no such file, not a packet capture
#     (empty, an image, a program, JSON, text), cut short with no session failed before the cut,
#     a -d tshark rejects, or what diagnosing needs is missing (run as another user than root,
#     with Debian packages missing); 2 takes precedence over 1 and 3,
#   3 no session failed but pptpdiag's caps kept sessions or calls from being diagnosed (said in
#     a "not diagnosed: ..." line); 1 takes precedence over 3.
# As root it installs the Debian packages diagnosing needs (scripts/user/install-deps.sh: compiler,
# cmake, GLib, tshark, libwireshark-dev; not what only the tests use); as another user it needs
# them installed. PPTPDIAG_BUILD=DIR uses the plugin already built in DIR (no installation, no
# build).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib/lib-capture.sh"
# The comment above: on stdout when asked for (exit 0), else on stderr (exit 2).
usage() {
  if [ "$1" = 0 ]; then sed -n 's/^# \{0,1\}//; 2,/^SPDX/p' "$0" | sed '$d'
  else sed -n 's/^# \{0,1\}//; 2,/^SPDX/p' "$0" | sed '$d' >&2; fi
  exit "$1"
}
# Long options before "--": --help only.
for a in "$@"; do
  case "$a" in
  --) break ;;
  --help) usage 0 ;;
  --*) echo "diagnose.sh: unknown option $a" >&2; usage 2 ;;
  esac
done
decodes=
while getopts :d:h opt; do
  case "$opt" in
  d) decodes="$decodes
$OPTARG" ;;
  h) usage 0 ;;
  :) echo "diagnose.sh: -$OPTARG needs a value" >&2; usage 2 ;;
  *) echo "diagnose.sh: unknown option -$OPTARG" >&2; usage 2 ;;
  esac
done
shift $((OPTIND - 1))
build=${PPTPDIAG_BUILD:-}
case "$build" in ""|/*) ;; *) build=$(pwd)/$build ;; esac
# The default capture, named as in the repository.
[ $# -gt 0 ] || { cd "$top"; set -- test-captures/real/gre_icmp_prohibited/client.pcap; }
if [ -z "$build" ]; then
  build=$top/build
  "$top/scripts/user/install-deps.sh" || exit 2
  "$top/scripts/user/build.sh" "$build" >/dev/null || { echo "diagnose.sh: the build failed" >&2; exit 2; }
fi
ts="$top/plugin/tests/tshark-with-plugin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# tshark with the plugin and the -d options given (one a line in $decodes), and the drops the
# capture's interface statistics count ($drops, lib-capture.sh's capture_drops).
tshark_d() {
  set -f
  oldifs=$IFS; IFS='
'
  for d in $decodes; do set -- "$@" -d "$d"; done
  IFS=$oldifs
  set +f
  [ "${drops:-0}" = 0 ] || set -- "$@" -o "pptpdiag.capture_drops:$drops"
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
# diagnose CAPTURE: its findings and session lines; its status (as pptpdiag-check's) in $st.
diagnose() {
  cap=$1
  shown=$(shown_name "$cap")
  st=0
  if why=$(capture_unusable "$cap"); then
    echo "diagnose.sh: $shown: $why" >&2; st=2; return
  fi
  unreadable() {
    echo "diagnose.sh: $shown: not a packet capture tshark can read: $(tshark_reason "$tmp/err" "$shown")" >&2
    st=2
  }
  # The report (one pass: it concludes what only the end of the capture tells) first: it also
  # tells whether tshark reads the file at all. A file cut in the middle of a record (tcpdump
  # killed, disk full) makes tshark exit 2 after reporting what came before the cut.
  cut=
  drops=$(capture_drops "$cap" "$build")
  if ! tshark_d -r "$cap" -q -z pptpdiag,report >"$tmp/report" 2>"$tmp/err"; then
    grep -q 'cut short in the middle of a packet\.$' "$tmp/err" &&
      grep -q '^=== end of PPTP diagnosis report' "$tmp/report" || { unreadable; return; }
    cut=$(cut_short "$cap")
  fi
  grep -q '^=== PPTP diagnosis report' "$tmp/report" || { unreadable; return; }
  echo "== $shown"
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
  # The capture's status, as pptpdiag-check's (the cut said last).
  if grep -q '^  verdict: failed$' "$tmp/report"; then st=1
  elif grep -q '^not diagnosed: ' "$tmp/report"; then st=3
  fi
  [ "$drops" = 0 ] || drops_said "$drops"
  if [ -n "$cut" ]; then
    echo "$cut"
    [ "$st" = 1 ] || st=2
  fi
}

# Every capture given, the exit status over them all: 2 before 1, 1 before 3.
status=0
for c in "$@"; do
  diagnose "$c"
  case "$status$st" in
  2?|?0) ;;
  *2|01|31|03) status=$st ;;
  esac
done
exit "$status"
