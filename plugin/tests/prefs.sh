#!/bin/sh
# The preferences are honoured: each -o pptpdiag.NAME:VALUE changes the diagnosis as it should.
#   prefs.sh BUILD_DIR TOP_SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; top=$2
ts="$here/tshark-with-plugin"
fail=0
# first frame carrying RULE, with PREF set (or default when PREF is "-")
first() { # CAPTURE PREF RULE
  if [ "$2" = - ]; then set -- "$1" "" "$3"; else set -- "$1" "-o $2" "$3"; fi
  # shellcheck disable=SC2086
  "$ts" "$build" $2 -r "$top/test-captures/$1" -Y "pptpdiag.rule == \"$3\"" -T fields \
    -e frame.number | head -1
}
check() { # WHAT GOT WANT
  if [ "$2" = "$3" ]; then echo "ok: $1 ($2)"; else echo "FAIL: $1: got '$2', want '$3'"; fail=1; fi
}
check "lcp_timeout default" "$(first real/gre_dropped/client.pcap - gre-blocked)" 18
check "lcp_timeout 20" "$(first real/gre_dropped/client.pcap pptpdiag.lcp_timeout:20 gre-blocked)" 21
check "syn_timeout 60: no verdict in the 7 s capture" \
  "$(first real/tcp1723_dropped/client.pcap pptpdiag.syn_timeout:60 tcp1723-unanswered)" ""
check "echo_timeout default" \
  "$(first synthetic/pptp_echo_unanswered.pcap - pptp-echo-unanswered)" 40
check "echo_timeout 1000" \
  "$(first synthetic/pptp_echo_unanswered.pcap pptpdiag.echo_timeout:1000 pptp-echo-unanswered)" ""
check "max_sessions 1" \
  "$(first real/ip_pool_exhausted/client.pcap pptpdiag.max_sessions:1 state-cap-reached)" 9
check "capture_drops default: the gaps read as loss on the path" \
  "$(first derived/healthy_long-server-isb-drops.pcapng - mtu-too-small)" 105
check "capture_drops 6: the gaps are the capture's" \
  "$(first derived/healthy_long-server-isb-drops.pcapng pptpdiag.capture_drops:6 mtu-too-small)" ""
exit $fail
