# lib-capture.sh: sourced by scripts/user/diagnose.sh and scripts/user/pptpdiag-check (not run by
# itself): what the two say about the files they are given, in the same words.
#   capture_unusable FILE      prints why FILE is no packet capture pptpdiag can read and
#                              returns 0 (missing or unreadable, empty, a file that Wireshark's
#                              file readers open but that holds no packets: an image, a program,
#                              JSON, PEM); returns 1 when tshark should be given it. A file no
#                              reader opens (text) is left to tshark: see tshark_reason.
#   tshark_reason ERRFILE NAME tshark's last message in ERRFILE, with the private copy that
#                              plugin/tests/tshark-with-plugin gave tshark ("/tmp/tmp.X/capture")
#                              named NAME, the file the user gave
#   cut_short FILE             the line said of a capture whose file ends in the middle of a
#                              record (tcpdump killed, disk full), with the frames before the cut
#   shown_name NAME            NAME as printed: backslashes doubled, newlines written \n, so
#                              that a line says one capture's name
#   capture_drops FILE BUILD   the packets FILE's interface statistics count as dropped by the
#                              capture (pcapng Interface Statistics Blocks, which no dissector
#                              can read), by BUILD's pptpdiag-capdrops, else one on PATH; 0 when
#                              there is neither or the file says nothing. Given to the plugin as
#                              -o pptpdiag.capture_drops:N, so that gaps are the capture's
#   drops_said N               the line said of a capture that dropped N packets
# SPDX-License-Identifier: GPL-2.0-or-later

capture_unusable() {
  if [ ! -e "$1" ]; then
    echo "no such file"; return 0
  fi
  if [ -d "$1" ]; then
    echo "a directory, not a packet capture"; return 0
  fi
  if [ ! -r "$1" ]; then
    echo "cannot read the file"; return 0
  fi
  if [ ! -s "$1" ]; then
    echo "empty file (0 bytes), not a packet capture"; return 0
  fi
  # Files that Wireshark's readers open that are not packet captures: by their encapsulation
  # (MIME covers images and programs: PNG, JPEG, ELF...).
  command -v capinfos >/dev/null 2>&1 || return 1
  _enc=$(capinfos -E -- "$1" 2>/dev/null | sed -n 's/^File encapsulation:[[:space:]]*//p')
  case "$_enc" in
  MIME|"MP4 files"|"JavaScript Object Notation"|"RFC 7468 file"|"Ruby marshal object")
    _type=$(capinfos -t -- "$1" 2>/dev/null | sed -n 's/^File type:[[:space:]]*//p')
    echo "not a packet capture (Wireshark reads it as ${_type:-$_enc})"; return 0 ;;
  esac
  return 1
}

tshark_reason() {
  grep -v '^Running as user' "$1" | sed -n '$p' | CAP="$2" awk '{
    if (match($0, /"[^"]*\/capture"/))
      $0 = substr($0, 1, RSTART) ENVIRON["CAP"] substr($0, RSTART + RLENGTH - 1)
    print }'
}

cut_short() {
  _n=$(capinfos -c -M -- "$1" 2>/dev/null | sed -n 's/^Number of packets:[[:space:]]*//p')
  case "$_n" in
  0) _n="before frame 1" ;;
  *[!0-9]*|"") _n="after its last whole frame" ;;
  *) _n="after frame $_n" ;;
  esac
  echo "cut short $_n: the file ends in the middle of a packet (the capture stopped there," \
       "e.g. tcpdump killed or disk full: the capture's limit, not the network's)"
}

shown_name() {
  printf '%s\n' "$1" | awk '{
    n = split($0, p, /\\/); t = p[1]; for (i = 2; i <= n; i++) t = t "\\\\" p[i]
    s = s (NR > 1 ? "\\n" : "") t
  } END { printf "%s", s }'
}

capture_drops() {
  _tool=
  if [ -n "$2" ] && [ -x "$2/pptpdiag-capdrops" ]; then
    _tool=$2/pptpdiag-capdrops
  elif command -v pptpdiag-capdrops >/dev/null 2>&1; then
    _tool=pptpdiag-capdrops
  fi
  _n=
  [ -z "$_tool" ] || _n=$("$_tool" "$1" 2>/dev/null) || _n=
  case "$_n" in ''|*[!0-9]*) echo 0 ;; *) echo "$_n" ;; esac
}

drops_said() {
  echo "the capture itself dropped $1 packets (the file's interface statistics):" \
       "gaps in what it holds are the capture's, not the network's"
}
