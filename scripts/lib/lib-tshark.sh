# lib-tshark.sh: sourced by the robustness, benchmark and corpus scripts (not run by itself).
# Runs tshark (or a wrapper such as valgrind around it) with a given pptpdiag.so the way
# plugin/tests/tshark-with-plugin does, but set up once for many runs and keeping the
# environment variables the caller names (sanitizer options, LD_PRELOAD, PPTPDIAG_DUMP_OBS).
#   ts_setup WORKDIR [PLUGIN_SO]   private HOME and plugin folder in WORKDIR (no PLUGIN_SO: none);
#                                  PLUGIN_SO is a build's .../plugins/X.Y/epan/pptpdiag.so, whose
#                                  X.Y names the folder (no PLUGIN_SO: empty folders for every X.Y)
#   ts_run [VAR=VALUE...] -- COMMAND ARGS...
#                                  runs COMMAND with only PATH, HOME, LANG,
#                                  WIRESHARK_PLUGIN_DIR and the VAR=VALUE given; as root it
#                                  runs as nobody (65534), since tshark run as root ignores
#                                  plugin folders: every file it reads or writes must then be
#                                  in WORKDIR (ts_setup makes WORKDIR nobody's)
# SPDX-License-Identifier: GPL-2.0-or-later

ts_setup() {
  TS_WORK=$1
  mkdir -p "$TS_WORK/home" "$TS_WORK/plugins"
  rm -f "$TS_WORK"/plugins/*/epan/pptpdiag.so
  if [ -n "${2:-}" ]; then
    _ts_ver=$(basename "$(dirname "$(dirname "$2")")") # .../plugins/X.Y/epan/pptpdiag.so
    mkdir -p "$TS_WORK/plugins/$_ts_ver/epan"
    cp "$2" "$TS_WORK/plugins/$_ts_ver/epan/pptpdiag.so"
  fi
  chmod -R a+rwX "$TS_WORK"
  if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$TS_WORK"; fi
}

ts_run() {
  _ts_env=""
  while [ $# -gt 0 ] && [ "$1" != -- ]; do _ts_env="$_ts_env $1"; shift; done
  shift
  if [ "$(id -u)" = 0 ]; then
    # shellcheck disable=SC2086 # VAR=VALUE words, no spaces in them by contract
    env -i PATH=/usr/bin:/bin HOME="$TS_WORK/home" LANG=C.UTF-8 \
      WIRESHARK_PLUGIN_DIR="$TS_WORK/plugins" \
      setpriv --reuid=65534 --regid=65534 --clear-groups env $_ts_env "$@"
  else
    # shellcheck disable=SC2086
    env -i PATH=/usr/bin:/bin HOME="$TS_WORK/home" LANG=C.UTF-8 \
      WIRESHARK_PLUGIN_DIR="$TS_WORK/plugins" $_ts_env "$@"
  fi
}

# ts_read_ok RC FILE [STDERR]: whether tshark's exit status RC on capture FILE is a success: 0,
# or for a pppd record file (*.pppdump), whose last record Wireshark's pppdump reader takes for a
# packet cut short after it has read every frame (test-captures/vpn/README.md, family ppp), the
# status of that read error: 2, or 14 from Wireshark 4.6 on (WS_EXIT_READ_ERROR,
# ws_exit_codes.h); with STDERR, a file of what tshark printed there, only when that error is all
# it printed (tshark-with-plugin).
ts_read_ok() {
  [ "$1" = 0 ] && return 0
  [ "$1" = 2 ] || [ "$1" = 14 ] || return 1
  case "$2" in *.pppdump) ;; *) return 1 ;; esac
  [ -z "${3:-}" ] && return 0
  ! grep -v -e 'appears to have been cut short in the middle of a packet' \
    -e '^Running as user' "$3" | grep -q .
}
