#!/bin/sh
# scripts/user/diagnose.sh, the main job.
#   diagnose.sh BUILD_DIR SOURCE_DIR [outcomes|cut|decode-as|input|deps|drops]
#   outcomes (default): no silent outcomes (issue 14): a line for every session, an undetermined
#     one with its reason; says so for a capture without PPTP; exits 2 with a message for a
#     missing file or one that is no capture. The report says the same for a capture without
#     PPTP and for an empty one. Exit 1 for a failed session, 0 otherwise (as pptpdiag-check).
#   cut: a capture whose file ends in the middle of a record (test-captures/derived/*.pcap.cut):
#     the findings and sessions before the cut, the line "cut short after frame N: ...", exit 1
#     when a session failed before the cut, else 2
#   decode-as: -d tcp.port==10723,pptp reaches tshark: the session on port 10723 is diagnosed as
#     on 1723 (healthy, server 10.10.2.2:10723); a -d tshark rejects exits 2 with its message
#   input: what is no capture (0 bytes, PNG, ELF, JSON, text) exits 2 with "not a packet
#     capture" naming the user's file (not tshark-with-plugin's private copy), with the exit
#     status scripts/user/pptpdiag-check gives it; -h and --help print the usage on stdout and exit 0;
#     an unknown option exits 2; several captures are each diagnosed, the exit status over all
#   drops: a pcapng file whose interface statistics count 6 packets the capture dropped
#     (derived/healthy_long-server-isb-drops.pcapng): the line "the capture itself dropped 6
#     packets ..." and the healthy session, exit 0; none of it for a pcap file
#   deps: diagnosing needs only what diagnosing needs: scripts/user/install-deps.sh without an option
#     is content without python3-scapy and mingw-w64-common (only --tests asks for them), as a
#     user other than root, with dpkg-query saying that those two are missing
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
build=$1; top=$2; part=${3:-outcomes}
ts="$top/plugin/tests/tshark-with-plugin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# diagnose.sh ARGS; its exit status in $st
diag() { st=0; PPTPDIAG_BUILD=$build "$top/scripts/user/diagnose.sh" "$@" || st=$?; }
derived=$top/test-captures/derived

case "$part" in
cut)
  for c in bad_password-client:32:1 gre_icmp_prohibited-client:15:1 success-client:71:2; do
    name=${c%%:*}; frame=${c#*:}; want=${frame#*:}; frame=${frame%:*}
    cap=$derived/$name.pcap.cut
    diag "$cap" > "$tmp/out" 2> "$tmp/err"
    cat "$tmp/out" "$tmp/err"
    [ "$st" = "$want" ] || fail "$name.pcap.cut: exit $st, expected $want"
    [ ! -s "$tmp/err" ] || fail "$name.pcap.cut: a message on stderr"
    [ "$(sed -n '$p' "$tmp/out")" = "cut short after frame $frame: the file ends in the middle of a packet (the capture stopped there, e.g. tcpdump killed or disk full: the capture's limit, not the network's)" ] ||
      fail "$name.pcap.cut: the last line is not 'cut short after frame $frame: ...'"
    # the findings and sessions of the whole capture, all before the cut
    orig=$top/test-captures/real/$(echo "$name" | sed 's|-\([a-z]*\)$|/\1|').pcap
    diag "$orig" > "$tmp/whole"
    grep -E '^(frame|session) ' "$tmp/whole" > "$tmp/want"
    grep -E '^(frame|session) ' "$tmp/out" > "$tmp/got" || true
    diff -u "$tmp/want" "$tmp/got" || fail "$name.pcap.cut: not the findings and sessions of $orig"
  done
  echo "ok: diagnose.sh on cut captures: what came before the cut, the cut said, exit 1 or 2"
  exit 0 ;;
drops)
  diag "$derived/healthy_long-server-isb-drops.pcapng" > "$tmp/out" 2> "$tmp/err"
  cat "$tmp/out" "$tmp/err"
  [ "$st" = 0 ] && [ ! -s "$tmp/err" ] || fail "isb-drops: exit $st, or a message on stderr"
  grep -qx "the capture itself dropped 6 packets (the file's interface statistics): gaps in what it holds are the capture's, not the network's" "$tmp/out" ||
    fail "isb-drops: the drops not said"
  grep -q '^session 0: .*: healthy (confirmed)' "$tmp/out" || fail "isb-drops: not healthy"
  diag "$derived/healthy_long-server-capture-drops.pcap" > "$tmp/out" 2> "$tmp/err"
  ! grep -q 'dropped' "$tmp/out" || fail "drops said of a pcap file"
  echo "ok: diagnose.sh says the drops the interface statistics count, and only then" ;;

decode-as)
  cap=$derived/success-client-port10723.pcap
  diag -d tcp.port==10723,pptp "$cap" > "$tmp/out" 2> "$tmp/err"
  cat "$tmp/out" "$tmp/err"
  [ "$st" = 0 ] || fail "-d tcp.port==10723,pptp: exit $st"
  grep -qx 'session 0: client 10.10.1.2:59164 -> server 10.10.2.2:10723: healthy (confirmed), concluded in frame 44, captured on the client side' \
    "$tmp/out" || fail "-d tcp.port==10723,pptp: no healthy session with server 10.10.2.2:10723"
  diag -d tcp.port==10723,nosuch "$cap" > "$tmp/out" 2> "$tmp/err"
  [ "$st" = 2 ] && [ ! -s "$tmp/out" ] &&
    grep -qx 'diagnose.sh: unusable -d: tshark: Unknown protocol -- "nosuch"' "$tmp/err" || {
    cat "$tmp/out" "$tmp/err"; fail "-d tcp.port==10723,nosuch: exit $st, or not tshark's message"; }
  echo "ok: diagnose.sh -d tcp.port==10723,pptp: healthy, server 10.10.2.2:10723"
  exit 0 ;;
input)
  check=$top/scripts/user/pptpdiag-check
  : > "$tmp/empty.pcap"
  cp "$top/doc/images/stats-tree.png" "$tmp/picture.pcap"
  cp "$(readlink -f "$(command -v tshark)")" "$tmp/program.pcap"
  printf '{"frames": [1, 2, 3]}\n' > "$tmp/frames.json"
  for f in empty.pcap picture.pcap program.pcap frames.json; do
    diag "$tmp/$f" > "$tmp/out" 2> "$tmp/err"
    cat "$tmp/err"
    [ "$st" = 2 ] && [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "$f: exit $st, or output on stdout"; }
    grep -q "^diagnose.sh: $tmp/$f: .*not a packet capture" "$tmp/err" ||
      fail "$f: the message does not say 'not a packet capture' of $tmp/$f"
    c=0; "$check" -b "$build" "$tmp/$f" > /dev/null 2>&1 || c=$?
    [ "$c" = "$st" ] || fail "$f: pptpdiag-check exits $c, diagnose.sh $st"
  done
  # a text file: tshark's words, with the user's file named
  f=$top/test-captures/real/success/client.log
  diag "$f" > "$tmp/out" 2> "$tmp/err"
  cat "$tmp/err"
  [ "$st" = 2 ] && grep -q "^diagnose.sh: $f: not a packet capture .*\"$f\"" "$tmp/err" &&
    ! grep -q '/capture"' "$tmp/err" || fail "client.log: exit $st, or the message names another file"
  # usage
  for h in -h --help; do
    diag "$h" > "$tmp/out" 2> "$tmp/err"
    [ "$st" = 0 ] && [ ! -s "$tmp/err" ] && grep -q '^Usage: scripts/user/diagnose.sh ' "$tmp/out" &&
      grep -q '^Exit status' "$tmp/out" || { cat "$tmp/out" "$tmp/err"; fail "$h: exit $st, or no usage on stdout"; }
  done
  diag --verbose > "$tmp/out" 2> "$tmp/err"
  [ "$st" = 2 ] && grep -qx 'diagnose.sh: unknown option --verbose' "$tmp/err" ||
    { cat "$tmp/out" "$tmp/err"; fail "--verbose: exit $st"; }
  # several captures: each diagnosed, in order; the status over all (2 before 1 before 0)
  real=$top/test-captures/real
  diag "$real/success/client.pcap" "$real/gre_dropped/client.pcap" > "$tmp/out" 2> "$tmp/err"
  [ "$st" = 1 ] && [ "$(grep '^== ' "$tmp/out")" = "$(printf '== %s\n== %s' "$real/success/client.pcap" "$real/gre_dropped/client.pcap")" ] &&
    grep -q '^session 0: .*: healthy (confirmed)' "$tmp/out" && grep -q '^session 0: .*: failed, gre-blocked' "$tmp/out" ||
    { cat "$tmp/out" "$tmp/err"; fail "two captures: exit $st, or not both diagnosed"; }
  diag "$real/gre_dropped/client.pcap" "$tmp/picture.pcap" "$real/success/client.pcap" > "$tmp/out" 2> "$tmp/err"
  [ "$st" = 2 ] && [ "$(grep -c '^== ' "$tmp/out")" = 2 ] && grep -q 'picture.pcap: not a packet capture' "$tmp/err" ||
    { cat "$tmp/out" "$tmp/err"; fail "a picture between two captures: exit $st, or not the two others diagnosed"; }
  echo "ok: diagnose.sh says no to what is no capture (exit 2, as pptpdiag-check), -h/--help, several captures"
  exit 0 ;;
deps)
  # dpkg-query that calls python3-scapy and mingw-w64-common not installed, every other installed
  mkdir -p "$tmp/bin"
  cat > "$tmp/bin/dpkg-query" <<'SH'
#!/bin/sh
for a in "$@"; do p=$a; done
case "$p" in python3-scapy|mingw-w64-common) exit 1 ;; esac
printf 'install ok installed'
SH
  chmod -R a+rx "$tmp"
  as_user() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups env PATH="$tmp/bin:$PATH" "$@"
    else env PATH="$tmp/bin:$PATH" "$@"; fi
  }
  st=0; as_user "$top/scripts/user/install-deps.sh" > "$tmp/out" 2>&1 || st=$?
  [ "$st" = 0 ] && [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "install-deps.sh asks for what only tests need (exit $st)"; }
  st=0; as_user "$top/scripts/user/install-deps.sh" --tests > "$tmp/out" 2>&1 || st=$?
  [ "$st" = 1 ] && grep -q 'missing Debian packages: mingw-w64-common python3-scapy (run as root' "$tmp/out" ||
    { cat "$tmp/out"; fail "install-deps.sh --tests: exit $st, or scapy and mingw not named"; }
  grep -q 'install-deps.sh" --tests$' "$top/scripts/dev/test.sh" && grep -q 'install-deps.sh" ||' "$top/scripts/user/diagnose.sh" ||
    fail "test.sh does not ask for --tests, or diagnose.sh asks for more than diagnosing"
  echo "ok: diagnosing needs no scapy and no mingw-w64-common; the tests ask for them"
  exit 0 ;;
outcomes) ;;
*) echo "unknown part $part" >&2; exit 2 ;;
esac

# Four sessions shown (the GRE-only one at the start is one with its mid-stream control
# connection, session 4, healthy): each has its line.
diag "$top/test-captures/real/ip_pool_exhausted/server.pcap" > "$tmp/out"
[ "$(grep -c '^session [0-9]*: ' "$tmp/out")" = 4 ] || { cat "$tmp/out"; fail "4 session lines"; }
grep -q '^session [0-9]*: .*: failed, ' "$tmp/out" && [ "$st" = 1 ] || {
  cat "$tmp/out"; fail "a failed session: exit $st, expected 1"; }
grep -q '^session 4: .*: healthy (likely), concluded in frame 3, captured on the server side$' \
  "$tmp/out" || { cat "$tmp/out"; fail "the session that began before the capture"; }
# Undetermined sessions come with their reasons.
diag "$top/test-captures/public/chapcrack-pptp.pcap" > "$tmp/out2"
diag "$top/test-captures/synthetic/healthy_midsession.pcap" >> "$tmp/out2"
grep -q '^session 0: .*: undetermined$' "$tmp/out2" &&
  grep -q '^    why: only GRE of this tunnel is in the capture' "$tmp/out2" &&
  grep -q '^session 1: .*: undetermined, captured on the client side$' "$tmp/out2" &&
  grep -q '^    why: the capture starts in the middle of the control connection' "$tmp/out2" || {
  cat "$tmp/out2"; fail "undetermined sessions with their reasons"; }
! grep -q 'on the unknown' "$tmp/out" || fail "captured on the unknown"

# A healthy session: "healthy (confirmed)", not "healthy, healthy".
diag "$top/test-captures/real/success/client.pcap" > "$tmp/out"
grep -q '^session 0: client .*: healthy (confirmed), concluded in frame 44, captured on the client side$' \
  "$tmp/out" && [ "$st" = 0 ] || { cat "$tmp/out"; fail "healthy session line, exit $st"; }

# A capture too short to tell: the reason counts what was seen and the time left.
editcap -r "$top/test-captures/real/tcp1723_dropped/client.pcap" "$tmp/syn.pcap" 1-5
diag "$tmp/syn.pcap" > "$tmp/out"
grep -q '^    why: 3 SYNs to TCP 1723 unanswered, capture ends 3.0 s after the first: too short to tell' \
  "$tmp/out" || { cat "$tmp/out"; fail "SYNs unanswered, too short to tell"; }

# No PPTP at all (the ARP frames of a real capture), and an empty capture.
tshark -r "$top/test-captures/real/success/client.pcap" -Y arp -w "$tmp/arp.pcap" 2>/dev/null
editcap -r "$top/test-captures/real/success/client.pcap" "$tmp/empty.pcap" 0
for c in arp empty; do
  diag "$tmp/$c.pcap" > "$tmp/out"
  grep -qx 'no PPTP control connection or GRE in this capture' "$tmp/out" || {
    cat "$tmp/out"; fail "diagnose.sh on a capture without PPTP ($c)"; }
  for pass in "" -2; do
    "$ts" "$build" $pass -r "$tmp/$c.pcap" -q -z pptpdiag,report > "$tmp/report"
    grep -qx 'no PPTP control connection or GRE in this capture' "$tmp/report" || {
      cat "$tmp/report"; fail "report on a capture without PPTP ($c $pass)"; }
  done
done

# A missing file and a text file: exit 2 and a message.
for f in "$tmp/missing.pcap" "$top/test-captures/real/success/client.log"; do
  diag "$f" > "$tmp/out" 2> "$tmp/err"
  [ "$st" = 2 ] && grep -q "^diagnose.sh: $f" "$tmp/err" && [ ! -s "$tmp/out" ] || {
    cat "$tmp/out" "$tmp/err"; fail "$f: exit 2 ($st) with a message"; }
done
echo "ok: diagnose.sh and the report leave no outcome silent"
