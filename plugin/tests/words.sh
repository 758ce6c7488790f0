#!/bin/sh
# What the user reads (issue 14): plain words in the report and the tree, verdict/confidence/
# vantage as integer fields with names (filters by name keep working), verdict_frame, a long
# cause shown once, and an MTU report's device in its own field.   words.sh BUILD_DIR SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$1; top=$2
ts="$top/plugin/tests/tshark-with-plugin"
real="$top/test-captures/real"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }
# frames CAPTURE FILTER: the frame numbers (two passes) that pass FILTER, space separated
frames() { "$ts" "$build" -2 -r "$1" -Y "$2" -T fields -e frame.number | tr '\n' ' ' | sed 's/ $//'; }
expect_frames() { # CAPTURE FILTER EXPECTED
  got=$(frames "$1" "$2")
  [ "$got" = "$3" ] && ok "$2: $got" || bad "$(basename "$1") $2: frames \"$got\", expected \"$3\""
}

# -- words of the report
"$ts" "$build" -r "$top/test-captures/synthetic/healthy_still_up.pcap" -q -z pptpdiag,report > "$tmp/r"
grep -q 'answered in frame 9 (connected), still up at the end of the capture$' "$tmp/r" &&
  ! grep -q 'end frame 0' "$tmp/r" && ok "a call still up at the end of the capture" ||
  bad "healthy_still_up: call still up"
"$ts" "$build" -r "$real/gre_icmp_prohibited/client.pcap" -q -z pptpdiag,report > "$tmp/r"
grep -qx '      GRE: 1 packet from the client to the server, no packet from the server to the client' \
  "$tmp/r" && ok "GRE counts in plain English" || bad "gre_icmp_prohibited: GRE counts"
grep -q '^    call 0: Call ID 49832 chosen by the client (PNS), Call ID 0 chosen by the server (PAC)$' \
  "$tmp/r" && ok "Call IDs by role" || bad "gre_icmp_prohibited: Call IDs by role"
"$ts" "$build" -r "$top/test-captures/public/chapcrack-pptp.pcap" -q -z pptpdiag,report > "$tmp/r"
! grep -q '^  capture point: unknown$' "$tmp/r" &&
  grep -q '^  capture point: unknown (the TTLs do not tell)$' "$tmp/r" &&
  grep -q '^  sequence: 3 frames' "$tmp/r" && ok "capture point unknown, said so" ||
  bad "chapcrack: capture point"

# -- words of the tree (two passes): no "healthy (healthy, ...)"
"$ts" "$build" -2 -r "$real/success/client.pcap" -Y 'frame.number == 3' -V -O pptpdiag > "$tmp/v"
grep -q 'Session 0 verdict: healthy (frame 44)' "$tmp/v" && ! grep -q 'healthy (healthy' "$tmp/v" &&
  ok "healthy verdict named once" || { cat "$tmp/v"; bad "success: session verdict label"; }

# -- fields: integers with names; filters by name; verdict_frame
c="$real/gre_dropped/client.pcap"
expect_frames "$c" 'pptpdiag.confidence == "likely"' "3 18"
expect_frames "$c" 'pptpdiag.confidence in {"likely", "possible"}' "3 18"
expect_frames "$c" 'pptpdiag.confidence == "confirmed"' ""
expect_frames "$c" 'pptpdiag.verdict == "failed"' "3 18"
expect_frames "$c" 'pptpdiag.verdict == 2' "3 18"
expect_frames "$c" 'pptpdiag.vantage == "client side"' "3"
expect_frames "$c" 'pptpdiag.verdict_frame == 18' "3"
expect_frames "$real/success/client.pcap" 'pptpdiag.verdict == "healthy"' "3 44"
if "$ts" "$build" -r "$c" -Y pptpdiag.session_verdict > /dev/null 2>&1; then
  bad "pptpdiag.session_verdict is still a field"
else ok "pptpdiag.session_verdict is gone"; fi
got=$("$ts" "$build" -2 -r "$c" -Y 'frame.number == 18' -T fields -e pptpdiag.verdict \
      -e pptpdiag.confidence)
[ "$got" = "$(printf '2\t2')" ] && ok "-T fields prints the numbers: $got" || bad "-T fields: $got"
"$ts" "$build" -2 -r "$c" -Y 'frame.number == 3' -V -O pptpdiag > "$tmp/v"
grep -q '\[Verdict: failed (2)\]' "$tmp/v" && grep -q '\[Confidence: likely (2)\]' "$tmp/v" &&
  grep -q '\[Capture point: client side (1)\]' "$tmp/v" && grep -q '\[Verdict concluded in frame: 18\]' "$tmp/v" &&
  ok "the tree names the values" || { cat "$tmp/v"; bad "tree names of verdict, confidence, vantage"; }

# -- a long cause shown once, whole in the field
c="$real/gre_icmp_prohibited/client.pcap"
"$ts" "$build" -r "$c" -Y 'frame.number == 15' -V -O pptpdiag > "$tmp/v"
n=$(grep -c 'so PPP cannot be negotiated' "$tmp/v")
! grep -q 'truncated' "$tmp/v" && [ "$n" = 1 ] && ok "long cause shown once" ||
  { cat "$tmp/v"; bad "long cause: $n copies, or [truncated]"; }
cause=$("$ts" "$build" -r "$c" -Y 'frame.number == 15' -T fields -e pptpdiag.cause)
case "$cause" in
"10.10.1.1 answered the GRE packet in frame 14 "*"although TCP 1723 works.") ok "the field holds the whole cause" ;;
*) bad "cause field: $cause" ;;
esac

# -- blocked_by is for a device that blocks; an MTU report names its device in its own field
c="$real/mtu_blackhole/client.pcap"
expect_frames "$c" 'pptpdiag.blocked_by || pptpdiag.blocked_by_ipv6' ""
expect_frames "$c" 'pptpdiag.mtu_reported_by == 10.10.1.1' "3 54"
expect_frames "$real/gre_icmp_prohibited/client.pcap" 'pptpdiag.blocked_by == 10.10.1.1' "3 15"
"$ts" "$build" -r "$c" -q -z pptpdiag,report | grep -q '^    path MTU reported by: 10.10.1.1 (its ICMP error quotes frame 53)$' &&
  ok "report: path MTU reported by" || bad "mtu_blackhole report: path MTU reported by"
exit $fail
