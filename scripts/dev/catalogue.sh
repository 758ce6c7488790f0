#!/bin/sh
# Prints doc/catalogue.md: the rule catalogue generated from the engine's tables, with the test
# captures whose expected fields show each rule.
#   scripts/dev/catalogue.sh [PD_CATALOGUE_MD]   (default: build/heuristics/pd_catalogue_md)
#   scripts/dev/catalogue.sh > doc/catalogue.md
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-$top/build/heuristics/pd_catalogue_md}
cd "$top"
# shellcheck disable=SC2046
exec "$tool" $(find test-captures -name '*.2pass.txt' | LC_ALL=C sort)
