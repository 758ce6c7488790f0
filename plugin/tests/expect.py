#!/usr/bin/python3
"""Checks one synthetic capture against its manifest entry (test-captures/synthetic/*.expect.json).

usage: expect.py BUILD_DIR MANIFEST FILE

Runs tshark with the plugin in two-pass mode and asserts, for each expected finding, that the
rule is on the expected frame (or on one of its alt_frames, or no later than latest_frame) with
the expected confidence and, when given, RAS code; for healthy captures (no expected failure)
that no session is failed; and, when healthy_frames_must_not_warn, that no pptpdiag finding of
warning or error severity comes before the first expected frame.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

build, manifest, name = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
entry = next(e for e in json.load(open(manifest)) if e["file"] == name)
cap = os.path.join(os.path.dirname(os.path.abspath(manifest)), name)
# Where pptpdiag deliberately concludes differently from the generator's manifest (another frame,
# confidence or first RAS code), deviations.json beside it says so and why.
dev_path = os.path.join(os.path.dirname(os.path.abspath(manifest)), "deviations.json")
for d in json.load(open(dev_path)) if os.path.exists(dev_path) else []:
    if d["file"] != name:
        continue
    for x in entry["expect"]:
        if x.get("rule") == d["rule"] and d.get("frame", x.get("frame")) == x.get("frame"):
            x.setdefault("alt_frames", [])
            x["alt_frames"] = x["alt_frames"] + d.get("alt_frames", [])
            for k in ("confidence", "ras_error"):
                if k in d:
                    x[k] = d[k]

out = subprocess.run(
    [os.path.join(here, "tshark-with-plugin"), build, "-2", "-r", cap, "-Y", "pptpdiag.rule",
     "-T", "fields", "-E", "occurrence=a", "-E", "separator=|", "-e", "frame.number",
     "-e", "pptpdiag.rule", "-e", "pptpdiag.confidence", "-e", "pptpdiag.ras_error",
     "-e", "pptpdiag.verdict", "-e", "_ws.expert.severity", "-e", "_ws.expert.message"],
    check=True, capture_output=True, text=True).stdout
# -T fields prints verdict and confidence as numbers: their value_strings (packet-pptpdiag.c,
# from the engine's pd_verdict and pd_confidence).
VERDICT = {"0": "undetermined", "1": "healthy", "2": "failed"}
CONFIDENCE = {"1": "possible", "2": "likely", "3": "confirmed"}
findings = {}  # frame -> list of (rule, confidence, ras list)
verdicts = set()
severe = []    # frames with a pptpdiag warning/error expert info (below)
for line in out.splitlines():
    frame, rules, confs, ras, verdict, sevs, msgs = line.split("|")
    frame = int(frame)
    verdicts.update(VERDICT[v] for v in verdict.split(",") if v)
    for r, c in zip(rules.split(","), (CONFIDENCE[c] for c in confs.split(","))):
        # the first finding of a frame carries the frame's RAS list; enough for a membership test
        findings.setdefault(frame, []).append((r, c, [int(x) for x in ras.split(",") if x]))

errors = []
failures = [x for x in entry["expect"] if x.get("rule") and x["rule"] != "healthy"]
for x in entry["expect"]:
    rule = x.get("rule")
    if not rule:
        continue
    if rule == "healthy":  # a healthy verdict; its frame is informative only
        if "failed" in verdicts:
            errors.append(f"expected healthy, a session failed: {out}")
        continue
    frames = [x["frame"]] + x.get("alt_frames", [])
    ok = [f for f in findings if f in frames or (x.get("latest_frame") and f <= x["latest_frame"]
                                                 and f >= x["frame"])]
    hits = [(f, r, c, ras) for f in ok for (r, c, ras) in findings[f] if r == rule]
    if not hits:
        errors.append(f"no {rule} on frame {frames}; findings: {findings}")
        continue
    f, r, c, ras = hits[0]
    if x.get("confidence") and c != x["confidence"]:
        errors.append(f"{rule} on frame {f} is {c}, expected {x['confidence']}")
    if x.get("ras_error") and x["ras_error"] not in ras:
        errors.append(f"{rule} on frame {f} has RAS {ras}, expected {x['ras_error']}")
if not failures and "failed" in verdicts:
    errors.append(f"healthy capture with a failed session: {findings}")
if entry.get("healthy_frames_must_not_warn"):
    # pptpdiag's own expert infos only: the subtree of its protocol item (Wireshark 4.4 and
    # later add a DNS "response missing" warning of their own in two passes).
    pdml = subprocess.run(
        [os.path.join(here, "tshark-with-plugin"), build, "-2", "-r", cap, "-Y", "pptpdiag.rule",
         "-T", "pdml", "-J", "pptpdiag"], check=True, capture_output=True, text=True).stdout
    for packet in ET.fromstring(pdml).iter("packet"):
        frame = int(packet.find("proto[@name='geninfo']/field[@name='num']").get("show"))
        for proto in packet.iter("proto"):
            if proto.get("name") != "pptpdiag":
                continue
            for f in proto.iter("field"):
                if (f.get("name") == "_ws.expert.severity" and int(f.get("show")) >= 0x00600000
                        and frame not in severe):  # PI_WARN or PI_ERROR
                    severe.append(frame)
    first = min((x["frame"] for x in failures), default=None)
    early = [f for f in severe if first is None or f < first]
    if early:
        errors.append(f"pptpdiag warns before the failure (frames {early})")
if errors:
    print(f"FAIL {name}:\n  " + "\n  ".join(errors))
    sys.exit(1)
print(f"ok {name}: {[(x.get('rule'), x.get('frame')) for x in entry['expect']]}")
