#!/bin/sh
# Installs a pptpdiag Debian package (scripts/package.sh) in a clean chroot of its Debian
# suite (a fresh copy of SUITE-base, scripts/lib-chroot.sh), with apt, which fetches what it
# depends on, and tshark; then, as root (root reads only the global plugin folder), checks that
#   - pptpdiag.so is in /usr/lib/<multiarch>/wireshark/plugins/X.Y/epan/, X.Y = tshark's,
#   - `tshark -G plugins` lists it as a dissector,
#   - the diagnosis works: gre-blocked with RAS 806 on a bundled real capture, one pass, with
#     --enable-protocol pptpdiag, and `-z pptpdiag,report` without it (the tap asks for it),
#   - installed and not asked for, pptpdiag is disabled: a plain run wants no field,
#   - the profile is among the global profiles and `tshark -C pptpdiag` uses its columns.
# The copy is deleted afterwards. Runs as root.
#   scripts/package-test.sh SUITE PACKAGE.deb
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib-chroot.sh"
[ $# = 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
suite=$1 deb=$2
[ -f "$deb" ] || { echo "no $deb" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: needs root (chroot)" >&2; exit 1; }
chroot_ensure_host_tools
chroot_base "$suite"
dir=$(mktemp -d "$CHROOTS/$suite-install.XXXXXX")
trap 'rm -rf "$dir"' EXIT
chroot_log "$suite: clean chroot $dir from $suite-base"
cp -a "$CHROOTS/$suite-base/." "$dir/"
chroot_apt_conf "$dir"
mkdir -p "$dir/test"
cp "$deb" "$dir/test/"
cp "$top/test-captures/real/gre_icmp_prohibited/client.pcap" "$dir/test/"
cat > "$dir/test/run.sh" <<'SH'
set -eu
apt-get update -q > /tmp/apt.log
apt-get install -y -q /test/*.deb tshark >> /tmp/apt.log 2>&1 || { tail -n 30 /tmp/apt.log; exit 1; }
echo "== installed: $(dpkg-query -W -f='${Package} ${Version}, depends on ${Depends}' pptpdiag)"
xy=$(tshark --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
so=$(dpkg -L pptpdiag | grep '/pptpdiag\.so$')
echo "== tshark $xy, plugin $so"
case "$so" in
  /usr/lib/*/wireshark/plugins/$xy/epan/pptpdiag.so) ;;
  *) echo "FAIL: not in the global plugin folder for $xy"; exit 1 ;;
esac
line=$(tshark -G plugins 2>/dev/null | grep '^pptpdiag\.so') || { echo "FAIL: tshark -G plugins does not list pptpdiag.so"; exit 1; }
echo "== tshark -G plugins: $line"
echo "$line" | grep -q dissector || { echo "FAIL: not listed as a dissector"; exit 1; }
out=$(tshark --enable-protocol pptpdiag -r /test/client.pcap -Y pptpdiag.rule -T fields -e frame.number -e pptpdiag.rule -e pptpdiag.ras_error 2>/dev/null)
echo "== diagnosis (frame, rule, RAS):"; echo "$out"
echo "$out" | grep -q 'gre-blocked.*806' || { echo "FAIL: no gre-blocked finding with RAS 806"; exit 1; }
rep=$(tshark -r /test/client.pcap -q -z pptpdiag,report 2>/dev/null)
echo "$rep" | grep -q '^    rule: gre-blocked' || { echo "FAIL: -z pptpdiag,report alone does not diagnose"; echo "$rep"; exit 1; }
echo "== -z pptpdiag,report alone: gre-blocked"
log=$(tshark -r /test/client.pcap -q -z conv,tcp --log-debug pptpdiag 2>&1 >/dev/null | grep 'pptpdiag DEBUG')
echo "== not asked for: $log"
echo "$log" | grep -q 'pptpdiag disabled, fields not wanted, dissector called on 0 frames' || { echo "FAIL: pptpdiag runs unasked"; exit 1; }
[ -f /usr/share/wireshark/profiles/pptpdiag/preferences ] || { echo "FAIL: no global profile"; exit 1; }
cols=$(tshark -C pptpdiag -r /test/client.pcap -Y 'frame.number == 15' 2>&1 | grep -v '^Running as user')
echo "== tshark -C pptpdiag, frame 15: $cols"
echo "$cols" | grep -q 'gre-blocked' || { echo "FAIL: the profile's columns do not show the rule"; exit 1; }
echo "== package test passed"
SH
chroot_run "$dir" sh /test/run.sh
