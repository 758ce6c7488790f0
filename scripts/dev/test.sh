#!/bin/sh
# The whole test suite: installs what is missing, builds (with the plugin's development hooks,
# -DPPTPDIAG_DEV_HOOKS=ON: the test suite builds and runs them, packages leave them out), runs
# ctest (engine unit tests and tshark end-to-end tests on every capture in test-captures/).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/scripts/user/install-deps.sh" --tests
"$top/scripts/user/build.sh" "$top/build" -DPPTPDIAG_DEV_HOOKS=ON
cd "$top/build"
ctest --output-on-failure -j "$(nproc)"
