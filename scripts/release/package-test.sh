#!/bin/sh
# Installs a pptpdiag Debian package (scripts/release/package.sh) in a clean chroot of its Debian
# suite (a fresh copy of SUITE-base, scripts/lib/lib-chroot.sh), with apt, which fetches what it
# depends on, and tshark; then, as root (root reads only the global plugin folder), checks that
#   - pptpdiag.so is in /usr/lib/<multiarch>/wireshark/plugins/X.Y/epan/, X.Y = tshark's,
#   - `tshark -G plugins` lists it as a dissector,
#   - the diagnosis works: gre-blocked with RAS 806 on a bundled real capture, one pass, with
#     --enable-protocol pptpdiag, and `-z pptpdiag,report` without it (the tap asks for it),
#   - installed and not asked for, pptpdiag is disabled: a plain run wants no field,
#   - the profile is among the global profiles and `tshark -C pptpdiag` uses its columns;
# and scripts/user/install-plugin.sh the way README.md gives it, in the same chroot: as root with
# the package (--deb PACKAGE.deb, which installs it: the checks above are made on that), then as
# a new user it refuses a second, personal copy while the package's is there, --remove as root
# removes the package, as the user it copies the plugin (the package's pptpdiag.so, as a build
# tree) and the profile into the user's personal folders, which did not exist yet: that user's
# tshark lists it and finds the profile; --remove as the user leaves nothing.
# The copy is deleted afterwards. Runs as root.
#   scripts/release/package-test.sh SUITE PACKAGE.deb
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib/lib-chroot.sh"
[ $# = 2 ] || { sed -n '2,18p' "$0" >&2; exit 2; }
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
mkdir -p "$dir/test/repo/scripts/user" "$dir/test/repo/profile" \
  "$dir/test/repo/test-captures/real/gre_icmp_prohibited"
cp "$deb" "$dir/test/"
cp "$top/test-captures/real/gre_icmp_prohibited/client.pcap" "$dir/test/"
# What scripts/user/install-plugin.sh reads of the repository, and the package's plugin as a build
# tree (BUILD/wireshark-version, BUILD/plugins/X.Y/epan/pptpdiag.so) for a user's copy.
cp "$top/scripts/user/install-plugin.sh" "$dir/test/repo/scripts/user/"
cp -r "$top/profile/pptpdiag" "$dir/test/repo/profile/"
cp "$top/test-captures/real/gre_icmp_prohibited/client.pcap" \
  "$dir/test/repo/test-captures/real/gre_icmp_prohibited/"
dpkg-deb -x "$deb" "$dir/test/deb"
so=$(find "$dir/test/deb" -name pptpdiag.so)
xy=$(basename "$(dirname "$(dirname "$so")")")
mkdir -p "$dir/test/build/plugins/$xy/epan"
cp "$so" "$dir/test/build/plugins/$xy/epan/"
echo "$xy" > "$dir/test/build/wireshark-version"
chmod -R a+rX "$dir/test"
cat > "$dir/test/run.sh" <<'SH'
set -eu
apt-get update -q > /tmp/apt.log
apt-get install -y -q tshark >> /tmp/apt.log 2>&1 || { tail -n 30 /tmp/apt.log; exit 1; }
echo "== as root: scripts/user/install-plugin.sh --deb $(basename /test/*.deb)"
sh /test/repo/scripts/user/install-plugin.sh --deb /test/*.deb 2>&1 | tee /tmp/install.log
grep -q '^tshark -G plugins: pptpdiag\.so.*/usr/lib/' /tmp/install.log &&
  grep -q '^tshark -C pptpdiag: the profile' /tmp/install.log ||
  { echo "FAIL: install-plugin.sh as root: not listed, or no profile"; exit 1; }
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

# A new user, whose ~/.config/wireshark/profiles does not exist yet.
useradd -m ana
as_ana() { setpriv --reuid=ana --regid=ana --init-groups env -i PATH=/usr/bin:/bin HOME=/home/ana LANG=C.UTF-8 "$@"; }
echo "== as ana, the package's copy installed: scripts/user/install-plugin.sh -b /test/build"
st=0; as_ana sh /test/repo/scripts/user/install-plugin.sh -b /test/build > /tmp/out 2>&1 || st=$?
cat /tmp/out
[ "$st" = 1 ] && grep -q 'already installed in /usr/lib/.*found in multiple directories' /tmp/out &&
  [ ! -e /home/ana/.local/lib/wireshark ] ||
  { echo "FAIL: a second copy not refused (exit $st)"; exit 1; }
echo "== as root: scripts/user/install-plugin.sh --remove"
sh /test/repo/scripts/user/install-plugin.sh --remove > /tmp/out 2>&1 || { cat /tmp/out; echo "FAIL: --remove as root"; exit 1; }
grep '^tshark\|^removed' /tmp/out || true
! dpkg-query -W -f='${Status}' pptpdiag 2>/dev/null | grep -q 'install ok installed' &&
  grep -q '^tshark -G plugins: no pptpdiag.so' /tmp/out || { echo "FAIL: the package is still there"; exit 1; }
[ ! -e /home/ana/.config/wireshark/profiles ] || { echo "FAIL: ana's profiles folder exists already"; exit 1; }
echo "== as ana: scripts/user/install-plugin.sh -b /test/build"
as_ana sh /test/repo/scripts/user/install-plugin.sh -b /test/build 2>&1 | tee /tmp/out
line=$(as_ana tshark -G plugins 2>/dev/null | grep '^pptpdiag\.so') ||
  { echo "FAIL: ana's tshark -G plugins does not list pptpdiag.so"; exit 1; }
echo "== ana's tshark -G plugins: $line"
case "$line" in *"/home/ana/.local/lib/wireshark/plugins/"*"/epan/pptpdiag.so") ;;
  *) echo "FAIL: not ana's personal plugin folder"; exit 1 ;; esac
cols=$(as_ana tshark -C pptpdiag -r /test/client.pcap -Y 'frame.number == 15' 2>&1)
echo "== ana's tshark -C pptpdiag, frame 15: $cols"
echo "$cols" | grep -q 'gre-blocked' || { echo "FAIL: ana's profile not found"; exit 1; }
as_ana tshark -r /test/client.pcap -c 1 2>&1 >/dev/null | grep 'multiple directories' &&
  { echo "FAIL: tshark warns of two copies"; exit 1; }
echo "== as ana: scripts/user/install-plugin.sh --remove"
as_ana sh /test/repo/scripts/user/install-plugin.sh --remove 2>&1 | tee /tmp/out
[ -z "$(find /home/ana/.local /home/ana/.config -name 'pptpdiag*')" ] &&
  ! as_ana tshark -G plugins 2>/dev/null | grep -q pptpdiag ||
  { echo "FAIL: ana's copies are still there"; exit 1; }
echo "== package test passed (and install-plugin.sh: root, a second copy refused, a new user, removals)"
SH
chroot_run "$dir" sh /test/run.sh
