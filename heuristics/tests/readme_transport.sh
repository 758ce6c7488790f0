#!/bin/sh
# heuristics/README.md's "Adding a transport" worked example is PPTP's transport as it stands in
# track/pd_track.c, and its steps are done for it.
# Usage: readme_transport.sh HEURISTICS_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
h=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk '/^## Adding a transport/ { on = 1 } on && /^```c$/ { grab = 1; next } grab && /^```$/ { exit } grab' \
  "$h/README.md" > "$tmp"
[ -s "$tmp" ] || { echo "FAIL: no C block under 'Adding a transport' in README.md"; exit 1; }
python3 - "$tmp" "$h/track/pd_track.c" <<'PY' || { echo "FAIL: README.md's block is not in track/pd_track.c"; exit 1; }
import sys
block, src = (open(p).read() for p in sys.argv[1:3])
sys.exit(0 if block in src else 1)
PY
grep -q 'extern const pd_transport pd_transport_pptp;' "$h/track/pd_transport.h" ||
  { echo "FAIL: step 4 (pd_transport.h)"; exit 1; }
grep -q '&pd_transport_pptp' "$h/track/pd_transport.c" || { echo "FAIL: step 4 (pd_transports[])"; exit 1; }
for f in track/pd_track.c model/pd_pptp.c; do
  grep -q "$f" "$h/CMakeLists.txt" || { echo "FAIL: step 4 ($f in CMakeLists.txt)"; exit 1; }
done
for m in 'pd_pptp_call pptp;' 'pd_pptp_ctl ctl;' 'pd_pptp_state pptp;'; do
  grep -q "$m" "$h/model/pd_records.h" || { echo "FAIL: step 2 ($m in model/pd_records.h)"; exit 1; }
done
for f in pd_pptp_settle pd_pptp_forget; do
  grep -q "^void $f(" "$h/model/pd_pptp.c" || { echo "FAIL: step 2 ($f in model/pd_pptp.c)"; exit 1; }
done
for k in PD_OBS_TCP PD_OBS_PPTP PD_OBS_GRE; do
  grep -q "$k," "$h/pd_observation.h" || { echo "FAIL: step 1 ($k in pd_observation.h)"; exit 1; }
done
grep -q 'PD_OBS_GRE' "$h"/tests/*.c "$h"/tests/trace.c || { echo "FAIL: step 6 (a unit test)"; exit 1; }
echo "ok: README.md's transport example is track/pd_track.c's and its steps are done"
