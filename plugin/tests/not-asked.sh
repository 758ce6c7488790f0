#!/bin/sh
# Installed but not asked for, pptpdiag costs nothing (issue 34); asked for, it works.
#   not-asked.sh BUILD_DIR TOP_SOURCE_DIR
# tshark runs as an installed plugin nobody asked for (tshark-with-plugin --as-installed), on a
# real PPTP capture whose frames pptpdiag would diagnose, and pptpdiag's debug line at the end
# of the file (tshark --log-debug pptpdiag, capture.c: pptpdiag_cleanup) says what the
# run cost:
#   - `-q -z conv,tcp`, plain one pass and `-2`: pptpdiag wants no field, so no postdissector
#     makes tshark build a protocol tree, and its dissector is never called with one;
#   - the same runs with --enable-protocol pptpdiag do want fields and get trees (the control:
#     the checks above can fail);
#   - `-z pptpdiag,report` and `-z pptpdiag,tree` ask for pptpdiag by themselves: the same
#     output as with --enable-protocol pptpdiag, and fields wanted;
#   - a display filter on pptpdiag while it is disabled is said on stderr, with the flag.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; top=$2
ts="$here/tshark-with-plugin"
cap="$top/test-captures/real/gre_icmp_prohibited/client.pcap"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# pptpdiag's end-of-file debug line of a run: tshark-with-plugin ARGS...
cost() { "$ts" "$build" "$@" -r "$cap" --log-debug pptpdiag 2>&1 >/dev/null |
         sed -n 's/.*\[pptpdiag DEBUG\] -- end of file: //p'; }

unasked='fields not wanted, dissector called on [0-9]* frames, 0 of them with a protocol tree; postdissectors want fields: no$'
asked='fields wanted, dissector called on [0-9]* frames, [1-9][0-9]* of them with a protocol tree; postdissectors want fields: yes$'
for run in "-q -z conv,tcp" "-q -z io,stat,0" "" "-2"; do
  # shellcheck disable=SC2086 # the run's options, no spaces within one
  got=$(cost --as-installed $run)
  if echo "$got" | grep -q "$unasked"; then echo "ok: not asked ($run): $got"
  else bad "not asked ($run): \"$got\", expected no field wanted and no tree"; fi
  # shellcheck disable=SC2086
  got=$(cost --as-installed --enable-protocol pptpdiag $run)
  if echo "$got" | grep -q "$asked"; then echo "ok: --enable-protocol ($run): $got"
  else bad "--enable-protocol pptpdiag ($run): \"$got\", expected fields and trees"; fi
done

# The taps ask for pptpdiag: as installed, the same output as enabled, fields wanted.
for z in pptpdiag,report pptpdiag,tree; do
  a=$("$ts" "$build" --as-installed -r "$cap" -q -z "$z")
  b=$("$ts" "$build" --as-installed --enable-protocol pptpdiag -r "$cap" -q -z "$z")
  if [ "$a" = "$b" ] && echo "$a" | grep -q 'gre-blocked'; then echo "ok: -z $z asks for pptpdiag"
  else bad "-z $z as installed differs from enabled:"; echo "$a" | head -20; fi
  got=$(cost --as-installed -q -z "$z")
  echo "$got" | grep -q "$asked" || bad "-z $z: \"$got\", expected fields and trees"
done

# A filter on pptpdiag while it is disabled: nothing matches, and stderr names the flag.
err=$(mktemp)
out=$("$ts" "$build" --as-installed -r "$cap" -Y pptpdiag.rule 2>"$err") || :
if [ -z "$out" ] && grep -q 'add --enable-protocol pptpdiag' "$err"; then
  echo "ok: -Y pptpdiag.rule, disabled: the flag is named"
else
  bad "-Y pptpdiag.rule, disabled: out \"$out\", stderr \"$(cat "$err")\""
fi
rm -f "$err"
exit $fail
