#!/bin/sh
# The main job: installs what is missing, builds the plugin, and runs tshark with it on a
# capture (default: a bundled real capture of a GRE-blocked call), printing each finding and
# each session's verdict.   scripts/diagnose.sh [CAPTURE]
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cap=${1:-$top/test-captures/real/gre_icmp_prohibited/client.pcap}
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" "$top/build" >/dev/null
ts="$top/plugin/tests/tshark-with-plugin"
echo "== $cap"
echo "-- findings, in frame order (one pass)"
"$ts" "$top/build" -r "$cap" -Y pptpdiag.rule -T fields -E occurrence=a -E separator='|' \
  -e frame.number -e pptpdiag.session -e pptpdiag.rule -e pptpdiag.confidence \
  -e pptpdiag.ras_error -e pptpdiag.blocked_by -e pptpdiag.cause |
  while IFS="|" read -r frame session rule conf ras by cause; do
    echo "frame $frame, session $session: $rule ($conf)${ras:+, RAS $ras}${by:+, blocked by $by}"
    echo "    $cause"
  done
echo "-- session verdicts (two passes)"
"$ts" "$top/build" -2 -r "$cap" -Y pptpdiag.session_verdict -T fields -E occurrence=a -E separator='|' \
  -e pptpdiag.session -e pptpdiag.verdict -e pptpdiag.rule -e pptpdiag.confidence \
  -e pptpdiag.ras_error -e pptpdiag.session_verdict -e pptpdiag.vantage -e pptpdiag.fix |
  while IFS="|" read -r session verdict rule conf ras frame vantage fix; do
    echo "session $session: $verdict, $rule ($conf)${ras:+, RAS $ras}, concluded in frame $frame, captured on the $vantage"
    [ -n "$fix" ] && echo "    fix: $fix"
  done
