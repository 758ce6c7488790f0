#!/bin/sh
# heuristics/README.md's worked example ("Adding a rule") is the real rules/capacity.c, word for
# word, and the steps it lists are done for that family.
#   readme_example.sh HEURISTICS_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
h=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk '/^## Adding a rule/ { on = 1 } on && /^```c$/ { grab = 1; next } grab && /^```$/ { exit } grab' \
  "$h/README.md" > "$tmp"
[ -s "$tmp" ] || { echo "FAIL: no C block under 'Adding a rule' in README.md"; exit 1; }
diff -u "$h/rules/capacity.c" "$tmp" || { echo "FAIL: README.md's example differs from rules/capacity.c"; exit 1; }
grep -q 'PD_RULE_STATE_CAP,' "$h/catalogue/pd_rules.h" || { echo "FAIL: step 1 (pd_rules.h)"; exit 1; }
grep -q 'extern const pd_family pd_family_capacity;' "$h/rules/rules.h" || { echo "FAIL: step 3 (rules.h)"; exit 1; }
grep -q '&pd_family_capacity' "$h/catalogue/pd_rules.c" || { echo "FAIL: step 3 (pd_families[])"; exit 1; }
grep -q 'rules/capacity.c' "$h/CMakeLists.txt" || { echo "FAIL: step 3 (CMakeLists.txt)"; exit 1; }
sed -n '/causal_order\[\] = {/,/^};/p' "$h/findings/pd_verdict.c" | grep -q PD_RULE_STATE_CAP ||
  { echo "FAIL: step 4 (causal_order[])"; exit 1; }
grep -q 'PD_RULE_STATE_CAP' "$h"/tests/*.c || { echo "FAIL: step 5 (a unit test)"; exit 1; }
echo "ok: README.md's worked example is rules/capacity.c and its steps are done"
