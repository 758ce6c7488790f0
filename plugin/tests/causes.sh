#!/bin/sh
# The causes pptpdiag words for people: key facts must be in them (addresses, frames, the
# peer's own words, the capture point), read through tshark from real and synthetic captures.
#   causes.sh BUILD_DIR TOP_SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; top=$2
fail=0
has() { # CAPTURE RULE TEXT
  got=$("$here/tshark-with-plugin" "$build" -r "$top/test-captures/$1" \
        -Y "pptpdiag.rule == \"$2\"" -T fields -e pptpdiag.cause | head -1)
  case "$got" in
  *"$3"*) echo "ok: $1 $2: ...$3..." ;;
  *) echo "FAIL: $1 $2 lacks \"$3\": $got"; fail=1 ;;
  esac
}
fix_has() { # CAPTURE RULE TEXT: the fix worded for this capture
  got=$("$here/tshark-with-plugin" "$build" -r "$top/test-captures/$1" \
        -Y "pptpdiag.rule == \"$2\"" -T fields -e pptpdiag.fix | head -1)
  case "$got" in
  *"$3"*) echo "ok: $1 $2 fix: ...$3..." ;;
  *) echo "FAIL: $1 $2 fix lacks \"$3\": $got"; fail=1 ;;
  esac
}
fix_has real/gre_icmp_prohibited/client.pcap gre-blocked "On 10.10.1.1, the device that sent the ICMP error"
fix_has real/gre_return_dropped/server.pcap gre-blocked "GRE from the server does not reach the client"
fix_has real/gre_forward_dropped/client.pcap gre-blocked "GRE from the client does not reach the server"
fix_has real/mtu_blackhole/client.pcap mtu-too-small "at most 1156"
fix_has real/tcp1723_reset/client.pcap tcp1723-refused "Start at the client's own network"
has real/gre_icmp_prohibited/client.pcap gre-blocked "10.10.1.1 answered the GRE packet in frame 14"
has real/gre_icmp_prohibited/server.pcap gre-blocked "A capture on the client side would show"
has real/auth_protocol_mismatch/client.pcap auth-protocol-rejected "\"peer refused to authenticate\""
has real/mppe_mismatch/client.pcap mppe-not-agreed "the client refused it (CCP Configure-Reject of MPPE, frame 30)"
has real/nat_without_helper/server.pcap nat-without-pptp-helper "from 0 hops away, the client's packets from 1"
has real/ipcp_address_rejected/client.pcap ipcp-failed "192.168.50.10"
has real/link_dies/server.pcap lcp-echo-lost "no GRE from the client reached this capture point"
has real/mtu_blackhole/client.pcap mtu-too-small "next-hop MTU 1200"
has real/ip_pool_exhausted/client.pcap control-closed "without a Start-Control-Connection-Reply"
has real/bad_password/client.pcap auth-failed "E=691"
has synthetic/lcp_terminated_auth_phase.pcap lcp-terminated "\"Authentication timeout\""
has synthetic/ocrp_no_resource.pcap call-refused "General Error Code 4 (No-Resource)"
has synthetic/tcp1723_icmp_port.pcap tcp1723-unreachable "nothing listens on TCP 1723"
exit $fail
