# lib-chroot.sh: sourced by test-matrix.sh and package-test.sh (not run by itself). Debian
# chroots made with debootstrap, cached outside the repository in $PPTPDIAG_CHROOTS (default
# /var/cache/pptpdiag-chroots):
#   SUITE-base    debootstrap --variant=minbase, never changed after it is made: the clean
#                 system the package test copies
#   SUITE-build   SUITE-base plus what building and testing pptpdiag needs
# Delete a folder to make it again. Everything here runs as root.
#   chroot_ensure_host_tools        debootstrap (and unshare) on the host
#   chroot_base SUITE               makes SUITE-base if missing
#   chroot_build SUITE              makes SUITE-build if missing, then installs/upgrades its packages
#   chroot_run DIR CMD...           CMD inside DIR with /proc, /dev, /sys mounted privately
#   chroot_copy_tree DIR            the repository's working tree (tracked and untracked files,
#                                   not ignored ones such as build/) into DIR/src
# SPDX-License-Identifier: GPL-2.0-or-later

CHROOTS=${PPTPDIAG_CHROOTS:-/var/cache/pptpdiag-chroots}

# What the build chroot holds: what scripts/user/install-deps.sh installs on the host, plus
# Debian's packaging tools for scripts/release/package.sh.
CHROOT_BUILD_PKGS="build-essential cmake pkg-config libglib2.0-dev libwireshark-dev wireshark-dev
  tshark python3 python3-scapy util-linux mingw-w64-common libasan8 libubsan1 debhelper dpkg-dev"

chroot_log() { printf '[chroot %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# The mirror apt uses here (deb822 .sources first, then sources.list), else Debian's CDN.
chroot_mirror() {
  _m=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
       tr ' ' '\n' | grep -v -- '-security' | head -n 1)
  [ -n "$_m" ] || _m=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++)
      if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null)
  echo "${_m:-http://deb.debian.org/debian}"
}

# In a private mount namespace: the mounts vanish with it, even when CMD fails.
chroot_run() {
  unshare --mount --propagation private sh -c '
    d=$1; shift
    mount -t proc proc "$d/proc" && mount --rbind /dev "$d/dev" && mount --rbind /sys "$d/sys" &&
      exec chroot "$d" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"' sh "$@"
}

chroot_ensure_host_tools() {
  _missing=""
  for _p in debootstrap util-linux; do
    dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q "install ok installed" ||
      _missing="$_missing $_p"
  done
  [ -z "$_missing" ] && return 0
  chroot_log "installing on the host:$_missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $_missing
}

# apt in a chroot: no recommends, and no Valid-Until check (a mirror that is a snapshot of the
# archive, as on the machines this was written on, serves Release files that have expired);
# tshark's debconf question (may non-root users capture?) answered "no".
chroot_apt_conf() {
  printf '%s\n' 'APT::Install-Recommends "false";' 'Acquire::Check-Valid-Until "false";' \
    > "$1/etc/apt/apt.conf.d/90pptpdiag"
  cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null || true
}

chroot_base() {
  _dir=$CHROOTS/$1-base
  [ -e "$_dir/.pptpdiag-base" ] && return 0
  chroot_log "$1: debootstrap --variant=minbase $1 from $(chroot_mirror)"
  rm -rf "$_dir.tmp"
  mkdir -p "$CHROOTS"
  debootstrap --variant=minbase "$1" "$_dir.tmp" "$(chroot_mirror)" \
    > "$CHROOTS/$1-debootstrap.log" 2>&1 ||
    { tail -n 20 "$CHROOTS/$1-debootstrap.log" >&2; return 1; }
  chroot_apt_conf "$_dir.tmp"
  echo "wireshark-common wireshark-common/install-setuid boolean false" |
    chroot_run "$_dir.tmp" debconf-set-selections
  # No documentation in the chroots.
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
    > "$_dir.tmp/etc/dpkg/dpkg.cfg.d/01-pptpdiag-nodoc"
  touch "$_dir.tmp/.pptpdiag-base"
  mv "$_dir.tmp" "$_dir"
}

# apt-get dist-upgrade on every run keeps it current (seconds when nothing changed).
chroot_build() {
  chroot_base "$1" || return 1
  _dir=$CHROOTS/$1-build
  if [ ! -e "$_dir/.pptpdiag-build" ]; then
    chroot_log "$1: build chroot from $1-base"
    rm -rf "$_dir"
    cp -a "$CHROOTS/$1-base" "$_dir"
  fi
  chroot_apt_conf "$_dir"
  chroot_log "$1: apt-get install/upgrade of the build dependencies"
  chroot_run "$_dir" sh -c "apt-get update -q && apt-get -y -q dist-upgrade &&
    apt-get install -y -q $(echo $CHROOT_BUILD_PKGS) && apt-get clean" \
    > "$CHROOTS/$1-apt.log" 2>&1 || { tail -n 30 "$CHROOTS/$1-apt.log" >&2; return 1; }
  touch "$_dir/.pptpdiag-build"
}

chroot_copy_tree() {
  _top=${top:-$(cd "$(dirname "$0")/../.." && pwd)}
  rm -rf "$1/src"
  mkdir -p "$1/src"
  if git -C "$_top" rev-parse --git-dir > /dev/null 2>&1; then
    (cd "$_top" && git ls-files -z --cached --others --exclude-standard |
       tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$1/src"
  else
    (cd "$_top" && tar --exclude=./build --exclude='./build-*' -cf - .) | tar -xf - -C "$1/src"
  fi
  chmod -R a+rX "$1/src"
}
