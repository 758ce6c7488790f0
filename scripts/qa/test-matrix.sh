#!/bin/sh
# The test matrix: pptpdiag built and tested against the Wireshark of other Debian suites, each
# in its own chroot (trixie: Wireshark 4.4, sid: 4.6; the host, Debian 12 with 4.0, is tested by
# scripts/dev/test.sh). Per suite it
#   1. makes or refreshes the suite's chroots (scripts/lib/lib-chroot.sh: debootstrap once, cached
#      in $PPTPDIAG_CHROOTS, default /var/cache/pptpdiag-chroots; apt-get upgrade on each run),
#   2. copies the working tree in, builds it and runs the whole ctest suite there,
#   3. builds the suite's Debian package (scripts/release/package.sh) into build/packages/SUITE/,
#   4. installs it in a clean copy of the suite's base chroot and checks that tshark loads and
#      runs it (scripts/release/package-test.sh).
# Runs as root on a Debian machine with apt (it installs debootstrap when missing).
#
#   scripts/qa/test-matrix.sh [--no-robustness] [--no-package] [--prepare-only] [SUITE...]
#                                                              (default: trixie sid)
# --no-robustness  leaves out ctest's robustness.short (the sanitizer run, the longest test)
# --no-package     leaves out steps 3 and 4
# --prepare-only   step 1 only
# Logs: build/matrix/SUITE.*.log; a summary line per suite at the end.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib/lib-chroot.sh"
out=$top/build/matrix
robustness=yes package=yes prepare_only=no
while [ $# -gt 0 ]; do
  case $1 in
    --no-robustness) robustness=no; shift ;;
    --no-package) package=no; shift ;;
    --prepare-only) prepare_only=yes; shift ;;
    -*) sed -n '2,19p' "$0" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- trixie sid
[ "$(id -u)" = 0 ] || { echo "$0: needs root (debootstrap, chroot)" >&2; exit 1; }
chroot_ensure_host_tools
mkdir -p "$out"

now() { date +%s; }
summary=""
note() { summary="$summary
$*"; }

# 1. All suites' chroots side by side (network and disk bound); the tests below one suite after
# the other (each ctest uses every core).
t0=$(now)
pids=""
for s in "$@"; do
  chroot_build "$s" > "$out/$s.prepare.log" 2>&1 &
  pids="$pids $!"
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
for s in "$@"; do cat "$out/$s.prepare.log"; done
[ "$fail" = 0 ] || { echo "$0: preparing a chroot failed (logs above and in $CHROOTS)" >&2; exit 1; }
note "chroots ready: $(( $(now) - t0 )) s"
[ "$prepare_only" = no ] || { echo "$summary"; exit 0; }

ctest_args="--output-on-failure -j $(nproc)"
[ "$robustness" = yes ] || ctest_args="$ctest_args -E ^robustness\\."
status=0
for s in "$@"; do
  dir=$CHROOTS/$s-build
  ws=$(chroot_run "$dir" dpkg-query -W -f='${Version}' libwireshark-dev)
  chroot_log "$s: Wireshark $ws: build and ctest"
  chroot_copy_tree "$dir"
  t=$(now)
  if chroot_run "$dir" sh -c "cd /src && scripts/user/build.sh /src/build -DPPTPDIAG_DEV_HOOKS=ON &&
       cd /src/build && ctest $ctest_args" > "$out/$s.test.log" 2>&1; then
    result=passed
  else
    result=FAILED; status=1
    grep -E '^[0-9]+% tests passed|\(Failed\)|\(SEGFAULT\)|\(Timeout\)|warning:|error:' \
      "$out/$s.test.log" | head -n 40 || :
  fi
  warnings=$(grep -c 'warning:' "$out/$s.test.log" || :)
  counts=$(grep -E '^[0-9]+% tests passed' "$out/$s.test.log" || echo "no ctest summary")
  note "$s (Wireshark $ws): build and ctest $result in $(( $(now) - t )) s: $counts; compiler warnings: $warnings"
  [ "$package" = yes ] || continue
  t=$(now)
  rm -rf "$top/build/packages/$s"
  mkdir -p "$top/build/packages/$s"
  if chroot_run "$dir" sh -c "/src/scripts/release/package.sh /src/build/packages" \
       > "$out/$s.package.log" 2>&1 &&
     cp "$dir"/src/build/packages/*.deb "$top/build/packages/$s/" &&
     "$top/scripts/release/package-test.sh" "$s" "$top/build/packages/$s"/*.deb \
       > "$out/$s.package-test.log" 2>&1; then
    result=passed
  else
    result=FAILED; status=1
    tail -n 30 "$out/$s.package.log" "$out/$s.package-test.log" 2>/dev/null || :
  fi
  note "$s: package $(cd "$top/build/packages/$s" && ls *.deb 2>/dev/null | tr '\n' ' ')built and install-tested: $result in $(( $(now) - t )) s"
done
note "matrix total: $(( $(now) - t0 )) s"
echo "== test matrix$summary"
exit "$status"
