#!/bin/sh
# A filter, column or field output on one pptpdiag field (pptpdiag.verdict, pptpdiag.rule, ...)
# names the protocol only through that field: pptpdiag then makes its items only in the frames
# that have something besides their session. The frames such a filter passes are the same as
# with the protocol named too (which makes every frame's items), in one pass and in two.
#   filters.sh BUILD_DIR SOURCE_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$1; top=$2
ts="$top/plugin/tests/tshark-with-plugin"
tc="$top/test-captures"
fail=0
n=0
for cap in "$tc/real/success/client.pcap" "$tc/real/gre_icmp_prohibited/server.pcap" \
           "$tc/real/mtu_blackhole/client.pcap" "$tc/derived/tapmerge2-healthy_long-client.pcap"; do
  for pass in "" -2; do
    for field in pptpdiag.verdict pptpdiag.rule pptpdiag.milestone pptpdiag.evidence \
                 pptpdiag.session; do
      # summary lines (no field output: that makes tshark build a visible tree, with every
      # item); their first column is the frame number
      one=$("$ts" "$build" $pass -r "$cap" -Y "$field" | awk '{ print $1 }')
      both=$("$ts" "$build" $pass -r "$cap" -Y "pptpdiag && $field" | awk '{ print $1 }')
      if [ -z "$one" ] && [ "$field" != pptpdiag.evidence ]; then
        echo "FAIL: $(basename "$cap") ${pass:-1pass} -Y $field: no frame at all"; fail=1
      elif [ "$one" != "$both" ]; then
        echo "FAIL: $(basename "$cap") ${pass:-1pass} -Y $field differs from -Y 'pptpdiag && $field'"
        fail=1
      fi
      n=$((n + 1))
    done
  done
done
[ "$fail" = 0 ] && echo "ok: $n filters on one field pass the same frames as with pptpdiag named"
exit $fail
