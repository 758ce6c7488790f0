#!/bin/sh
# Puts pptpdiag where this machine's tshark and Wireshark look for it, with the pptpdiag
# profile, or takes it away again. One copy only: two copies of the plugin (a global one and a
# personal one) make tshark warn "found in multiple directories", so it refuses a second.
# Usage: scripts/user/install-plugin.sh [-b BUILD_DIR] [--deb PACKAGE.deb]
#        scripts/user/install-plugin.sh --remove
#        scripts/user/install-plugin.sh -h | --help   (this text, exit 0)
# As root, with Debian's tshark (dpkg owns it): builds pptpdiag's Debian package for this
#   Wireshark (scripts/release/package.sh, into build/packages/CODENAME/; --deb installs the one
#   given instead) and installs it with apt: pptpdiag.so in the global plugin folder, the profile
#   among the global profiles, for every user.
# As root, with a tshark Debian did not install: copies BUILD_DIR's pptpdiag.so into the global
#   plugin folder and the profile into the global profiles that tshark -G folders names.
# As another user: copies BUILD_DIR/plugins/X.Y/epan/pptpdiag.so (default build/, made by
#   scripts/user/diagnose.sh or scripts/user/build.sh) into your personal plugin folder
#   (~/.local/lib/wireshark/plugins/X.Y/epan/, X.Y as tshark -G folders says) and profile/pptpdiag
#   into your profiles (~/.config/wireshark/profiles/, made if missing): for you only. Wireshark
#   run as root does not read personal folders.
# --remove undoes it: as root the package (apt-get remove pptpdiag) or the global copies; as
#   another user the personal copies; a personal profile whose files you changed is kept.
# Then it shows what tshark lists (tshark -G plugins) and that tshark -C pptpdiag finds the
# profile. Exit status: 0 done, 1 refused or failed (said why), 2 wrong usage.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
me=install-plugin.sh
usage() {
  if [ "$1" = 0 ]; then sed -n 's/^# \{0,1\}//; 2,/^SPDX/p' "$0" | sed '$d'
  else sed -n 's/^# \{0,1\}//; 2,/^SPDX/p' "$0" | sed '$d' >&2; fi
  exit "$1"
}
die() { echo "$me: $*" >&2; exit 1; }
build=$top/build deb= remove=no
while [ $# -gt 0 ]; do
  case "$1" in
  -h|--help) usage 0 ;;
  -b) [ $# -ge 2 ] || usage 2; build=$2; shift 2 ;;
  --deb) [ $# -ge 2 ] || usage 2; deb=$2; shift 2 ;;
  --remove) remove=yes; shift ;;
  *) echo "$me: unknown argument $1" >&2; usage 2 ;;
  esac
done
command -v tshark >/dev/null 2>&1 ||
  die "tshark not found (as root: scripts/user/install-deps.sh, or apt-get install tshark)"

# What tshark -G folders says for FIELD (e.g. "Personal Plugins").
folder() { tshark -G folders 2>/dev/null | sed -n "s/^$1:[[:space:]]*//p" | head -n 1; }
personal_plugins=$(folder "Personal Plugins")   # .../plugins/X.Y
global_plugins=$(folder "Global Plugins")
personal_conf=$(folder "Personal configuration")
global_conf=$(folder "Global configuration")
xy=$(basename "$global_plugins")
[ -n "$xy" ] || die "tshark -G folders names no plugin folder"
# The pptpdiag.so lines of tshark -G plugins: "pptpdiag.so  0.1.0  dissector  PATH".
listed() { tshark -G plugins 2>/dev/null | grep '^pptpdiag\.so[[:space:]]' || true; }
# Debian's tshark: a package owns it.
debian_tshark() { dpkg -S "$(readlink -f "$(command -v tshark)")" >/dev/null 2>&1; }
root=no
[ "$(id -u)" != 0 ] || root=yes

# What tshark sees now: the plugin and the profile.
show() {
  l=$(listed)
  if [ -n "$l" ]; then echo "tshark -G plugins: $l"; else echo "tshark -G plugins: no pptpdiag.so"; fi
  [ "$(printf '%s\n' "$l" | grep -c .)" -le 1 ] ||
    echo "$me: more than one copy: tshark warns \"found in multiple directories\"" >&2
  if tshark -C pptpdiag -r "$top/test-captures/real/gre_icmp_prohibited/client.pcap" \
       -Y 'frame.number == 15' 2>&1 | grep -q 'gre-blocked'; then
    echo "tshark -C pptpdiag: the profile's columns show the verdict (gre-blocked, frame 15)"
  else
    echo "tshark -C pptpdiag: no pptpdiag profile, or no plugin"
  fi
}

if [ "$remove" = yes ]; then
  if [ "$root" = yes ]; then
    if dpkg-query -W -f='${Status}' pptpdiag 2>/dev/null | grep -q 'install ok installed'; then
      DEBIAN_FRONTEND=noninteractive apt-get remove -y -q pptpdiag
    fi
    # copies of a Wireshark Debian did not install (no package owns them)
    for f in "$global_plugins/epan/pptpdiag.so" "$global_conf/profiles/pptpdiag"; do
      if [ -e "$f" ] && ! dpkg -S "$f" >/dev/null 2>&1; then rm -rf "$f"; echo "removed $f"; fi
    done
  else
    for f in "$(dirname "$personal_plugins")"/*/epan/pptpdiag.so; do
      [ ! -e "$f" ] || { rm -f "$f"; echo "removed $f"; }
    done
    p=$personal_conf/profiles/pptpdiag
    if [ -d "$p" ]; then
      changed=$(cd "$top/profile/pptpdiag" && for f in *; do
        cmp -s "$f" "$p/$f" || echo "$f"; done)
      if [ -z "$changed" ]; then
        rm -rf "$p"; echo "removed $p"
      else
        echo "kept $p: you changed its" $changed "(remove it yourself if you want it gone)"
      fi
    fi
  fi
  show
  exit 0
fi

# Refuse a second copy: one in another folder than the one this installs into.
refuse_second() {
  other=$(listed | awk -v d="$1" '{ p = $NF; sub(/\/[^\/]*$/, "", p); if (p != d) print $NF }')
  [ -z "$other" ] || die "pptpdiag is already installed in $other; a second copy makes tshark warn" \
    "\"found in multiple directories\": remove that one first (scripts/user/install-plugin.sh" \
    "--remove, as the user who installed it; as root for a global copy), or keep using it"
}

if [ "$root" = yes ] && debian_tshark; then
  refuse_second "$global_plugins/epan"
  if [ -z "$deb" ]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-unknown}")
    out=$top/build/packages/$codename
    mkdir -p "$out"
    rm -f "$out"/pptpdiag_*.deb
    echo "building the Debian package (scripts/release/package.sh; log: $out/package.log)"
    "$top/scripts/release/package.sh" "$out" > "$out/package.log" 2>&1 ||
      { tail -n 20 "$out/package.log" >&2; die "building the Debian package failed"; }
    deb=$(ls "$out"/pptpdiag_*+ws"$xy"_*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || die "scripts/release/package.sh made no package for Wireshark $xy"
  fi
  [ -f "$deb" ] || die "no $deb"
  case "$deb" in /*) ;; *) deb=$(pwd)/$deb ;; esac
  echo "installing $(basename "$deb") with apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" \
    > /tmp/pptpdiag-install.log 2>&1 || { tail -n 20 /tmp/pptpdiag-install.log >&2; die "apt-get failed"; }
  echo "installed: the package pptpdiag ($(dpkg-query -W -f='${Version}' pptpdiag)); users who" \
       "had their own copy in ~/.local/lib/wireshark/plugins/$xy/epan/ remove it" \
       "(scripts/user/install-plugin.sh --remove, as themselves)"
  show
  exit 0
fi

# A copy of the build's plugin and the profile: global as root, else personal.
[ -z "$deb" ] || die "--deb: only as root, with Debian's tshark"
wsv=$(cat "$build/wireshark-version" 2>/dev/null) ||
  die "no build in $build: run scripts/user/diagnose.sh (or scripts/user/build.sh) first"
so=$build/plugins/$wsv/epan/pptpdiag.so
[ -f "$so" ] || die "no $so: run scripts/user/build.sh first"
[ "$wsv" = "$xy" ] || die "$build was built for Wireshark $wsv, this tshark is $xy: build again" \
  "(rm -rf $build; scripts/user/build.sh)"
if [ "$root" = yes ]; then
  plugins=$global_plugins/epan profiles=$global_conf/profiles
else
  plugins=$personal_plugins/epan profiles=$personal_conf/profiles
fi
refuse_second "$plugins"
mkdir -p "$plugins" "$profiles"
cp "$so" "$plugins/pptpdiag.so"
rm -rf "$profiles/pptpdiag"
cp -r "$top/profile/pptpdiag" "$profiles/"
echo "installed: $plugins/pptpdiag.so and the profile $profiles/pptpdiag"
show
