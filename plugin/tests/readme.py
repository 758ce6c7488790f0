#!/usr/bin/python3
# Every example output in README.md is what today's code prints, and README.md and doc/ point to
# nothing outside the repository.
#   readme.py BUILD_DIR SOURCE_DIR           compare
#   UPDATE=1 readme.py BUILD_DIR SOURCE_DIR  rewrite the blocks from today's output (review the diff)
# An example output is a fenced block without a language ("```", also indented in a list):
# - right after a line "<!-- output of: COMMAND -->", it is COMMAND's standard output and error,
#   COMMAND run by sh in SOURCE_DIR with PPTPDIAG_BUILD=BUILD_DIR and a `tshark` that is
#   plugin/tests/tshark-with-plugin BUILD_DIR --as-installed (the installed plugin's tshark, as
#   README.md says: pptpdiag disabled unless the command asks for it);
#   `as_new_user CMD...` runs CMD as a user other than root with a new, empty home (written
#   /home/ana in the output), in a copy of what scripts/user/install-plugin.sh reads; the example is
#   Debian 12's, so the plugin folder of another Wireshark release is written 4.0 (the test
#   matrix runs this on 4.4 and 4.6);
# - or it is a transcript: its lines "$ COMMAND" are run the same way, each followed by its
#   output.
# Blocks of commands ("```sh") are not outputs. A block that is neither is an error: an example
# nobody checks.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import shutil
import subprocess
import sys
import tempfile

build, top = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
update = os.environ.get("UPDATE") == "1"
work = tempfile.mkdtemp()
os.chmod(work, 0o755)

# tshark as README.md's commands mean it: with the plugin of the build tree.
shim = os.path.join(work, "bin")
os.mkdir(shim)
with open(os.path.join(shim, "tshark"), "w") as f:
    f.write('#!/bin/sh\nexec "%s/plugin/tests/tshark-with-plugin" "%s" --as-installed "$@"\n'
            % (top, build))
os.chmod(os.path.join(shim, "tshark"), 0o755)

# as_new_user: a copy of what install-plugin.sh reads (the repository may not be readable by
# another user), a new home, the user nobody when run as root.
AS_NEW_USER = r'''
as_new_user() {
  w=$(mktemp -d); mkdir -p "$w/repo/scripts/user" "$w/repo/test-captures/real/gre_icmp_prohibited" \
    "$w/repo/profile" "$w/home"
  cp scripts/user/install-plugin.sh "$w/repo/scripts/user/"
  cp -r profile/pptpdiag "$w/repo/profile/"
  cp test-captures/real/gre_icmp_prohibited/client.pcap "$w/repo/test-captures/real/gre_icmp_prohibited/"
  xy=$(cat "$PPTPDIAG_BUILD/wireshark-version")
  mkdir -p "$w/repo/build/plugins/$xy/epan"
  cp "$PPTPDIAG_BUILD/wireshark-version" "$w/repo/build/"
  cp "$PPTPDIAG_BUILD/plugins/$xy/epan/pptpdiag.so" "$w/repo/build/plugins/$xy/epan/"
  chmod -R a+rwX "$w"
  if [ "$(id -u)" = 0 ]; then
    (cd "$w/repo" && setpriv --reuid=65534 --regid=65534 --clear-groups \
       env -i PATH=/usr/bin:/bin HOME="$w/home" LANG=C.UTF-8 "$@")
  else
    (cd "$w/repo" && env -i PATH=/usr/bin:/bin HOME="$w/home" LANG=C.UTF-8 "$@")
  fi 2>&1 | sed "s|$w/home|/home/ana|g; s|/plugins/$xy/|/plugins/4.0/|g"
  rm -rf "$w"
}
'''


def run(cmd):
    env = dict(os.environ, PPTPDIAG_BUILD=build, PATH=shim + ":/usr/bin:/bin", LANG="C.UTF-8")
    env.pop("UPDATE", None)
    p = subprocess.run(["sh", "-c", AS_NEW_USER + cmd + " 2>&1"], cwd=top, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode()


failures = 0
checked = 0
for name in ["README.md"]:
    path = os.path.join(top, name)
    lines = open(path).read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(\s*)```(\S*)\s*$", line)
        if not m:
            out.append(line)
            i += 1
            continue
        indent, lang = m.group(1), m.group(2)
        j = i + 1
        while not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        body = [l[len(indent):] if l.startswith(indent) else l for l in lines[i + 1:j]]
        if lang:  # commands, not an output
            out.extend(lines[i:j + 1])
            i = j + 1
            continue
        prev = out[-1] if out else ""
        c = re.match(r"^\s*<!-- output of: (.*) -->\s*$", prev)
        if c:
            got = run(c.group(1)).rstrip("\n").split("\n")
            what = c.group(1)
        elif body and body[0].startswith("$ "):
            got = []
            for l in body:
                if l.startswith("$ "):
                    got.append(l)
                    got.extend(run(l[2:]).rstrip("\n").split("\n"))
            what = "the transcript"
        else:
            print("FAIL: %s:%d: an example output no test checks (no '<!-- output of: ... -->'"
                  " before it, no '$ ' commands in it)" % (name, i + 1))
            failures += 1
            out.extend(lines[i:j + 1])
            i = j + 1
            continue
        checked += 1
        if got != body:
            if update:
                print("%s:%d: rewritten from %s" % (name, i + 1, what))
            else:
                failures += 1
                print("FAIL: %s:%d: the example is not what %s prints today:" % (name, i + 1, what))
                import difflib
                sys.stdout.writelines(difflib.unified_diff(
                    [l + "\n" for l in body], [l + "\n" for l in got], "README.md", "today"))
        out.append(line)
        out.extend(indent + l if l else l for l in got)
        out.append(lines[j])
        i = j + 1
    if update:
        open(path, "w").write("\n".join(out))

# Nothing outside the repository: no ../shared/ in README.md and doc/.
docs = ["README.md"] + [os.path.join("doc", f) for f in sorted(os.listdir(os.path.join(top, "doc")))
                        if f.endswith(".md")]
for d in docs:
    for n, l in enumerate(open(os.path.join(top, d)), 1):
        if "../shared" in l or "shared/seeds" in l or "shared/captures" in l:
            print("FAIL: %s:%d points outside the repository: %s" % (d, n, l.strip()))
            failures += 1

shutil.rmtree(work)
if failures:
    sys.exit(1)
print("ok: %d example outputs in README.md are today's; README.md and doc/ point to nothing "
      "outside the repository" % checked)
