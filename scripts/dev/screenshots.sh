#!/bin/sh
# Regenerates the README pictures from the real Wireshark GUI (Debian's wireshark-qt) under Xvfb:
#   scripts/dev/screenshots.sh [BUILD_DIR]      (default: build/, built first if the plugin is missing)
# It writes, into doc/images/ (or $SCREENSHOT_DIR):
#   packet-list.png  test-captures/real/gre_icmp_prohibited/client.pcap opened with the profile
#                    profile/pptpdiag: colouring rules, the Session/Verdict/Rule/RAS error columns,
#                    the [PPTP gre-blocked] Info tag, and the packet details of the finding frame 15
#                    with [PPTP Diagnosis] expanded
#   expert-info.png  Analyze › Expert Information (wireshark -z expert), all groups expanded, on
#                    the real client-side captures merged (test-captures/real/*/client.pcap, ARP
#                    left out): one error group per failure rule
#   stats-tree.png   the pptpdiag statistics tree (Statistics menu) on the same merged capture,
#                    taken only if tshark with the plugin lists "-z pptpdiag,tree"; skipped with a
#                    message otherwise. The GUI has no -z for statistics trees, so the script opens
#                    the Statistics menu and finds the entry by OCR (tesseract): the first menu
#                    line matching $PPTPDIAG_TREE_MENU (default "PPTP"), and, if that entry is a
#                    submenu, its first line matching $PPTPDIAG_TREE_ITEM (default ".").
#                    PPTPDIAG_TREE_FORCE=1 skips the tshark check, to try the menu walk on a
#                    built-in tree: PPTPDIAG_TREE_FORCE=1 PPTPDIAG_TREE_MENU=HTTP
#                    PPTPDIAG_TREE_ITEM='Packet Counter' SCREENSHOT_DIR=/tmp/x
#                    scripts/dev/screenshots.sh
# Other settings: DISPLAY_NUM (the Xvfb display, default 87), SCREENSHOT_KEEP=1 (keep the work
# folder with the OCR input and Wireshark's messages, to debug).
# As root it installs what it lacks (wireshark-qt xvfb xdotool imagemagick tesseract-ocr
# fonts-dejavu-core x11-utils; deliberately not in scripts/user/install-deps.sh: tests and CI need
# no GUI) and runs Wireshark as nobody, because Wireshark run as root ignores personal plugins. As
# another user the packages must be installed already. Wireshark gets a private HOME with the
# plugin in ~/.local/lib/wireshark/plugins/X.Y/epan/, the profile in
# ~/.config/wireshark/profiles/pptpdiag and fixed window geometry, pane sizes and column widths
# (recent, recent_common), the Fusion style, 96 dpi and DejaVu Sans Mono 9 for the packet panes,
# and the PNGs are quantized to 256 colours: two runs on the same Debian 12 packages give the
# same bytes. Look at the pictures after a run: the README's captions describe them.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" 2>/dev/null && pwd || echo "$top/build")
out=${SCREENSHOT_DIR:-$top/doc/images}
cap=$top/test-captures/real/gre_icmp_prohibited/client.pcap
finding_frame=15
disp=:${DISPLAY_NUM:-87}
W=1440; H=900              # main window
EW=1200; EH=520            # Expert Information dialog
SW=900; SH=520             # statistics tree dialog
font='DejaVu Sans Mono,9,-1,5,50,0,0,0,0,0'

# ---- packages, build ---------------------------------------------------------------------------
pkgs="wireshark-qt xvfb xdotool imagemagick tesseract-ocr tesseract-ocr-eng fonts-dejavu-core x11-utils"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || { echo "missing Debian packages:$missing (run as root to install them)" >&2; exit 1; }
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi
if [ ! -f "$build/wireshark-version" ] ||
   [ ! -f "$build/plugins/$(cat "$build/wireshark-version")/epan/pptpdiag.so" ]; then
  "$top/scripts/user/build.sh" "$build"
fi
wsv=$(cat "$build/wireshark-version")
so=$build/plugins/$wsv/epan/pptpdiag.so
mkdir -p "$out"

# ---- private HOME, Xvfb ------------------------------------------------------------------------
home=$(mktemp -d)
work=$(mktemp -d)
xvfb_pid=""; ws_pid=""
cleanup() {
  [ -n "$ws_pid" ] && kill "$ws_pid" 2>/dev/null || :
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || :
  if [ -n "${SCREENSHOT_KEEP:-}" ]; then echo "kept $work (screens, OCR, wireshark.log)"; rm -rf "$home"
  else rm -rf "$home" "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

conf=$home/.config/wireshark
mkdir -p "$home/.local/lib/wireshark/plugins/$wsv/epan" "$conf/profiles"
cp "$so" "$home/.local/lib/wireshark/plugins/$wsv/epan/"
cp -R "$top/profile/pptpdiag" "$conf/profiles/"
cp "$cap" "$home/client.pcap"
# Pictures 2 and 3: every real client-side capture, merged in time order (eight sessions, one
# healthy and each failure the plugin knows), without ARP (the labs' routers had different MAC
# addresses: Wireshark would warn about duplicate IP addresses); Wireshark's title is then
# "clients.pcap".
mergecap -F pcap -w "$work/merged.pcap" "$top"/test-captures/real/*/client.pcap
tshark -r "$work/merged.pcap" -Y 'not arp' -F pcap -w "$home/clients.pcap" 2>/dev/null
cat > "$conf/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $W
gui.geometry_main_height: $H
gui.geometry_main_maximized: FALSE
gui.last_used_profile: pptpdiag
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
gui.geom.ExpertInfoDialog.x: 0
gui.geom.ExpertInfoDialog.y: 0
gui.geom.ExpertInfoDialog.width: $EW
gui.geom.ExpertInfoDialog.height: $EH
gui.geom.ExpertInfoDialog.maximized: FALSE
gui.geom.StatsTreeDialog.x: 0
gui.geom.StatsTreeDialog.y: 0
gui.geom.StatsTreeDialog.width: $SW
gui.geom.StatsTreeDialog.height: $SH
gui.geom.StatsTreeDialog.maximized: FALSE
EOF
# Packet list above, details below, no bytes pane; column widths in pixels.
cat > "$conf/profiles/pptpdiag/recent" <<'EOF'
gui.toolbar_main_show: TRUE
gui.filter_toolbar_show: TRUE
gui.wireless_toolbar_show: FALSE
gui.packet_list_show: TRUE
gui.tree_view_show: TRUE
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.statusbar_show: TRUE
gui.packet_list_colorize: TRUE
gui.time_format: RELATIVE
gui.geometry_main_upper_pane: 345
column.width:
	%m, 50,
	%t, 75,
	%s, 110,
	%d, 110,
	%p, 65,
	%L, 55,
	"%Cus:pptpdiag.session", 60,
	"%Cus:pptpdiag.verdict", 65,
	"%Cus:pptpdiag.rule", 130,
	"%Cus:pptpdiag.ras_error", 110,
	%i, 640
EOF
chmod -R go-w "$home"; chmod 700 "$home"

if [ "$(id -u)" = 0 ]; then
  chown -R 65534:65534 "$home"
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
  as_user() { "$@"; }
fi

i=${DISPLAY_NUM:-87}
[ -e "/tmp/.X$i-lock" ] && { echo "display $disp is in use (set DISPLAY_NUM)" >&2; exit 1; }
Xvfb "$disp" -screen 0 1600x1000x24 -dpi 96 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY="$disp"
n=0
until xdpyinfo >/dev/null 2>&1; do
  n=$((n + 1)); [ "$n" -lt 50 ] || { echo "Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
  sleep 0.2
done

# ---- helpers -----------------------------------------------------------------------------------
# ws ARGS: start Wireshark with the profile on the capture $capfile, in the background.
ws() {
  as_user env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home" DISPLAY="$disp" \
    LANG=C.UTF-8 QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 QT_AUTO_SCREEN_SCALE_FACTOR=0 \
    wireshark -C pptpdiag -o "gui.qt.font_name:$font" -r "$home/$capfile" "$@" \
    >>"$work/wireshark.log" 2>&1 &
  ws_pid=$!
}
# window REGEX: the id of the first window whose name matches, waiting up to 30 s.
window() {
  n=0
  while :; do
    id=$(xdotool search --name "$1" 2>/dev/null | head -n 1) || :
    [ -n "$id" ] && { echo "$id"; return 0; }
    n=$((n + 1))
    if [ "$n" -ge 150 ] || ! kill -0 "$ws_pid" 2>/dev/null; then
      echo "no window \"$1\"; wireshark said:" >&2; cat "$work/wireshark.log" >&2; return 1
    fi
    sleep 0.2
  done
}
focus() { xdotool windowfocus --sync "$1"; sleep 0.3; }
# shoot WINDOW FILE: save a window as PNG (no pointer: it is parked in the corner).
shoot() {
  xdotool mousemove 1599 999; sleep 0.5
  import -window "$1" "$work/shot.png"
  convert "$work/shot.png" -strip +dither -colors 256 "PNG8:$2"
  echo "wrote $2 ($(wc -c < "$2") bytes)"
}
# quit: close Wireshark (Ctrl+Q on the main window), or kill it after 10 s.
quit() {
  if id=$(xdotool search --name "^${capfile%.pcap}\\.pcap\$" 2>/dev/null | head -n 1) && [ -n "$id" ]; then
    focus "$id"; xdotool key ctrl+q
  fi
  n=0
  while kill -0 "$ws_pid" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.2; n=$((n + 1)); done
  kill "$ws_pid" 2>/dev/null || :
  wait "$ws_pid" 2>/dev/null || :
  ws_pid=""
}
# menu_click REGEX [SKIP_WINDOW]: among the open popup menus (visible windows named
# "Wireshark", other than SKIP_WINDOW), OCR each and click the middle of its first text line
# that matches REGEX (case-insensitive); prints the menu's window id.
menu_click() {
  # (xdotool search does not see Qt's override-redirect popups; xwininfo does.)
  for m in $(xwininfo -root -children | awk '$2 == "\"Wireshark\":" { print $1 }'); do
    [ "$m" = "${2:-}" ] && continue
    xwininfo -id "$m" | grep -q 'Map State: IsViewable' || continue
    geo=$(xwininfo -id "$m" | awk '/Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
                                   / Width:/ { w = $NF } END { print x, y, w }')
    set -- "$1" "${2:-}" $geo; X=$3; Y=$4; WIDTH=$5
    import -window "$m" "$work/menu.png"
    convert "$work/menu.png" -resize 200% -colorspace Gray "$work/menu2.png"
    tesseract "$work/menu2.png" "$work/ocr" tsv >/dev/null 2>&1 || continue
    hit=$(awk -F '\t' -v re="$1" '
      NR > 1 && $1 == 5 && $12 != "" {
        k = $3 "." $4 "." $5
        if (!(k in txt)) { order[++n] = k; t[k] = $8; b[k] = $8 + $10 }
        txt[k] = txt[k] (txt[k] == "" ? "" : " ") $12
        if ($8 < t[k]) t[k] = $8; if ($8 + $10 > b[k]) b[k] = $8 + $10
      }
      END {
        for (i = 1; i <= n; i++) { k = order[i]
          if (tolower(txt[k]) ~ tolower(re)) { printf "%d %s\n", (t[k] + b[k]) / 4, txt[k]; exit } }
      }' "$work/ocr.tsv")
    [ -n "$hit" ] || continue
    echo "menu entry: ${hit#* }" >&2
    xdotool mousemove $((X + WIDTH / 2)) $((Y + ${hit%% *})) click 1
    echo "$m"
    return 0
  done
  import -window root "$work/no-menu-entry.png"
  return 1
}

# ---- 1. packet list and details ------------------------------------------------------------------
capfile=client.pcap
ws -g "$finding_frame"
main=$(window '^client\.pcap$')
sleep 2
focus "$main"
# Put the keyboard focus into the packet details (below the packet list), collapse the first
# item, walk down to the last top-level item ([PPTP Diagnosis], a postdissector comes last) and
# expand it with all its subtrees (View › Expand Subtrees, Shift+Right).
xdotool mousemove --window "$main" 700 $((H - 100)) click 1
sleep 0.3
xdotool key shift+Left
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do xdotool key Down; done
xdotool key shift+Right
sleep 1
shoot "$main" "$out/packet-list.png"
quit

# ---- 2. Expert Information -------------------------------------------------------------------------
capfile=clients.pcap
ws -z expert
dlg=$(window 'Expert Information')
sleep 2
focus "$dlg"
# Context menu of the tree › Expand All (its last entry).
xdotool key Home; sleep 0.3; xdotool key Menu; sleep 0.5; xdotool key Up Return; sleep 0.5
# Widen the Summary column: find the header's column borders (the darker pixels of row 14,
# inside the frame), and drag the second one (Summary | Group) 300 pixels to the right.
import -window "$dlg" "$work/dlg.png"
x=$(convert "$work/dlg.png" -crop "${EW}x1+0+14" -depth 8 txt:- |
    awk -v w="$EW" 'NR > 1 { split($1, a, ","); x = a[1] + 0
      if (x > 12 && x < w - 13 && substr($3, 2, 2) < "E0" && ++n == 2) print x }')
[ -n "$x" ] || { echo "no column border found in the Expert Information header" >&2; exit 1; }
xdotool mousemove --window "$dlg" "$x" 20 mousedown 1 sleep 0.2 \
  mousemove --window "$dlg" $((x + 150)) 20 sleep 0.2 mousemove --window "$dlg" $((x + 300)) 20 \
  sleep 0.2 mouseup 1
sleep 0.5
shoot "$dlg" "$out/expert-info.png"
quit

# ---- 3. statistics tree ------------------------------------------------------------------------------
if [ "${PPTPDIAG_TREE_FORCE:-0}" != 1 ] &&
   ! "$top/plugin/tests/tshark-with-plugin" "$build" -z help 2>&1 | grep -q '^[[:space:]]*pptpdiag,tree[[:space:]]*$'; then
  echo "skipped stats-tree.png: this build has no statistics tree (tshark -z help lists no pptpdiag,tree)"
  exit 0
fi
ws
main=$(window '^clients\.pcap$')
sleep 2
focus "$main"
xdotool key alt+s
sleep 1
menu=$(menu_click "${PPTPDIAG_TREE_MENU:-PPTP}") || {
  echo "no Statistics menu entry matching \"${PPTPDIAG_TREE_MENU:-PPTP}\" (set PPTPDIAG_TREE_MENU)" >&2; exit 1; }
sleep 1
if ! dlg=$(xdotool search --name ' · clients\.pcap$' 2>/dev/null | grep -vx "$main" | head -n 1) || [ -z "$dlg" ]; then
  # A submenu opened beside the menu.
  menu_click "${PPTPDIAG_TREE_ITEM:-.}" "$menu" >/dev/null || {
    echo "no submenu entry matching \"${PPTPDIAG_TREE_ITEM:-.}\" (set PPTPDIAG_TREE_ITEM)" >&2; exit 1; }
  sleep 1
fi
n=0
until dlg=$(xdotool search --name ' · clients\.pcap$' 2>/dev/null | grep -vx "$main" | head -n 1) && [ -n "$dlg" ]; do
  n=$((n + 1)); [ "$n" -lt 50 ] || { echo "the statistics tree dialog did not open" >&2; exit 1; }
  sleep 0.2
done
sleep 2
echo "dialog: $(xdotool getwindowname "$dlg")"
shoot "$dlg" "$out/stats-tree.png"
quit
