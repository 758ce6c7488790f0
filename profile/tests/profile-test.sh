#!/bin/sh
# Tests of the pptpdiag configuration profile (profile/pptpdiag), with tshark and the built plugin:
#   profile-test.sh BUILD_DIR PROFILE_DIR CAPTURE_DIR MODE
# CAPTURE_DIR is test-captures/real. MODE:
#   syntax    every line of colorfilters, dfilter_buttons and dfilters has its file's format,
#             and enabled_protos enables pptpdiag (disabled by default) and nothing else
#   filters   every display filter in those three files compiles with the plugin loaded, and a
#             filter naming an unknown pptpdiag field does not (the check can fail)
#   clean     tshark -C pptpdiag (two passes, colouring on) writes nothing on stderr, and a
#             profile with one broken colouring rule does (the check can fail)
#   columns   tshark's one-line output uses the profile's columns: Session, Verdict, Rule and
#             RAS error hold the expected values on gre_icmp_prohibited/client.pcap
#   colors    the colouring rules pick the expected rule for frames of four real captures
#   buttons   the filter buttons select the expected frames
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; profile=$(cd "$2" && pwd); caps=$(cd "$3" && pwd); mode=$4
ts() { "$here/tshark-with-profile" "$build" "$profile" -C "$(basename "$profile")" "$@"; }
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The display filters of the three files, one per line, as "FILE<TAB>NAME<TAB>FILTER".
filters() {
  sed -n 's/^!\{0,1\}@\([^@]*\)@\(.*\)@\[[0-9,]*\]\[[0-9,]*\]$/colorfilters\t\1\t\2/p' \
    "$profile/colorfilters"
  sed -n 's/^"\(TRUE\|FALSE\)","\([^"]*\)","\(.*\)","[^"]*"$/dfilter_buttons\t\2\t\3/p' \
    "$profile/dfilter_buttons" | sed 's/\\x22/"/g'
  sed -n 's/^"\([^"]*\)" \(.*\)$/dfilters\t\1\t\2/p' "$profile/dfilters"
}

# The frames of CAPTURE (two passes) that FILTER selects, space separated.
frames() { ts -2 -r "$caps/$1" -Y "$2" -T fields -e frame.number | tr '\n' ' ' | sed 's/ $//'; }

expect_frames() { # CAPTURE LABEL EXPECTED: the button LABEL selects exactly EXPECTED
  f=$(filters | awk -F '\t' -v l="$2" '$1 == "dfilter_buttons" && $2 == l { print $3 }')
  [ -n "$f" ] || { bad "no filter button \"$2\""; return; }
  got=$(frames "$1" "$f")
  if [ "$got" = "$3" ]; then echo "ok: button \"$2\" on $1: $got"
  else bad "button \"$2\" ($f) on $1: frames \"$got\", expected \"$3\""; fi
}

case "$mode" in
syntax)
  for f in colorfilters dfilter_buttons dfilters; do
    [ -f "$profile/$f" ] || bad "missing $profile/$f"
  done
  # Every line that is not blank or a comment must be an entry (dfilters has no comments).
  grep -nv -e '^#' -e '^$' -e '^!\{0,1\}@[^@]*@.*@\[[0-9]\{1,5\},[0-9]\{1,5\},[0-9]\{1,5\}\]\[[0-9]\{1,5\},[0-9]\{1,5\},[0-9]\{1,5\}\]$' \
    "$profile/colorfilters" && bad "colorfilters: lines above are not @name@filter@[r,g,b][r,g,b]"
  grep -nv -e '^#' -e '^$' -e '^"\(TRUE\|FALSE\)","[^"]*","[^"]*","[^"]*"$' \
    "$profile/dfilter_buttons" && bad "dfilter_buttons: lines above are not \"TRUE\",\"label\",\"filter\",\"comment\""
  grep -nv '^"[^"]*" .' "$profile/dfilters" && bad "dfilters: lines above are not \"name\" filter"
  [ "$(grep -v -e '^#' -e '^$' "$profile/enabled_protos" 2>/dev/null)" = pptpdiag ] ||
    bad "enabled_protos: does not enable pptpdiag alone (one protocol a line, # comments)"
  n=$(filters | wc -l)
  [ "$n" -ge 20 ] || bad "only $n filters found in the profile"
  [ "$fail" = 0 ] && echo "ok: $n entries"
  ;;
filters)
  tab=$(printf '\t')
  filters > "${TMPDIR:-/tmp}/pptpdiag-filters.$$"
  trap 'rm -f "${TMPDIR:-/tmp}/pptpdiag-filters.$$"' EXIT
  n=0
  while IFS="$tab" read -r file name f; do
    n=$((n + 1))
    if err=$(ts -r "$caps/gre_icmp_prohibited/client.pcap" -c 1 -Y "$f" 2>&1 >/dev/null) &&
       [ -z "$err" ]; then
      echo "ok: $file \"$name\": $f"
    else
      bad "$file \"$name\": $f: $err"
    fi
  done < "${TMPDIR:-/tmp}/pptpdiag-filters.$$"
  [ "$n" -ge 20 ] || bad "only $n filters"
  # Control: an unknown pptpdiag field is an error, so the loop above can fail.
  if ts -r "$caps/gre_icmp_prohibited/client.pcap" -c 1 -Y 'pptpdiag.no_such_field' \
       >/dev/null 2>&1; then
    bad "tshark accepted the filter pptpdiag.no_such_field"
  fi
  ;;
clean)
  for c in gre_icmp_prohibited/client.pcap success/client.pcap; do
    err=$(ts -2 --color -r "$caps/$c" 2>&1 >/dev/null) || bad "tshark -C failed on $c"
    if [ -n "$err" ]; then bad "tshark -C $(basename "$profile") on $c writes on stderr:"; echo "$err"
    else echo "ok: $c, nothing on stderr"; fi
  done
  # Control: the same run with a broken colouring rule complains.
  broken=$(mktemp -d); trap 'rm -rf "$broken"' EXIT
  cp -R "$profile" "$broken/"
  echo '@broken@pptpdiag.no_such_field@[0,0,0][0,0,0]' >> "$broken/$(basename "$profile")/colorfilters"
  err=$("$here/tshark-with-profile" "$build" "$broken/$(basename "$profile")" \
        -C "$(basename "$profile")" --color -r "$caps/success/client.pcap" 2>&1 >/dev/null) || :
  echo "$err" | grep -q 'Could not compile "broken"' ||
    bad "a broken colouring rule went unnoticed: $err"
  ;;
columns)
  # -T tabs: the profile's columns, tab separated; trim the padding of each.
  out=$(ts -2 -T tabs -r "$caps/gre_icmp_prohibited/client.pcap" |
        awk -F '\t' '{ for (i = 1; i <= NF; i++) { gsub(/^ +| +$/, "", $i) } OFS = "|"; $1 = $1; print }')
  line() { echo "$out" | awk -F '|' -v n="$1" '$1 == n'; }
  # No.|Time|Source|→|Destination|Protocol|Length|Session|Verdict|Rule|RAS error|Info
  for want in \
    '1|0.000000|62:28:e9:fb:67:0c|→|Broadcast|ARP|42|||||Who has 10.10.1.1? Tell 10.10.1.2' \
    '14|1.049215|10.10.1.2|→|10.10.2.2|PPP LCP|70|0||||Configuration Request' \
    '15|1.051937|10.10.1.1|→|10.10.1.2|ICMP|98|0|failed|gre-blocked|806,721,718|[PPTP gre-blocked] Destination unreachable (Communication administratively filtered)'
  do
    got=$(line "${want%%|*}")
    if [ "$got" = "$want" ]; then echo "ok: $got"
    else bad "frame ${want%%|*}:"; echo "  got      $got"; echo "  expected $want"; fi
  done
  # The session's first frame (two passes) carries the verdict too.
  got=$(line 3 | cut -d '|' -f 8-11)
  [ "$got" = "0|failed|gre-blocked|806,721,718" ] && echo "ok: frame 3: $got" ||
    bad "frame 3 columns Session..RAS: \"$got\", expected \"0|failed|gre-blocked|806,721,718\""
  ;;
colors)
  while read -r cap frame rule; do
    got=$(ts -2 --color -r "$caps/$cap" -Y "frame.number == $frame" -T fields \
          -e frame.coloring_rule.name)
    rule=$(echo "$rule" | tr _ ' ')
    if [ "$got" = "$rule" ]; then echo "ok: $cap frame $frame: $got"
    else bad "$cap frame $frame coloured by \"$got\", expected \"$rule\""; fi
  done <<'LIST'
gre_icmp_prohibited/client.pcap 15 PPTP_blocked_by_a_device_(ICMP)
gre_icmp_prohibited/client.pcap 4 PPTP_milestone
gre_icmp_prohibited/client.pcap 14 PPTP_session
gre_icmp_prohibited/client.pcap 1 ARP
bad_password/client.pcap 25 PPTP_error_finding
bad_password/client.pcap 3 PPTP_failed_session_verdict
gre_icmp_prohibited/client.pcap 3 PPTP_failed_session_verdict
mtu_blackhole/client.pcap 54 PPTP_warning_finding
success/client.pcap 44 PPTP_healthy
success/client.pcap 3 PPTP_healthy
LIST
  ;;
buttons)
  expect_frames gre_icmp_prohibited/client.pcap "GRE blocked" "3 15"
  expect_frames gre_icmp_prohibited/client.pcap "ICMP quoting GRE" "15"
  expect_frames gre_icmp_prohibited/client.pcap "PPTP failed" "3 15"
  expect_frames bad_password/client.pcap "Auth failed" "3 25"
  expect_frames bad_password/client.pcap "GRE blocked" ""
  expect_frames success/client.pcap "PPTP failed" ""
  expect_frames success/client.pcap "RAS errors" ""
  expect_frames tcp1723_reset/client.pcap "RAS errors" "3 4"
  expect_frames gre_dropped/client.pcap "Not confirmed" "3 18"
  ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
[ "$fail" = 0 ] || exit 1
echo "ok: $mode"
