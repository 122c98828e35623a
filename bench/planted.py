#!/usr/bin/env python3
"""Checks a scan report against a generator's planted list.

usage: bench/planted.py REPORT_JSON PLANTED_TSV

Prints how many planted (path, line) pairs have a finding at that path and line, by kind, the
misses (kind, path, line and the nearest finding in the same file; never a value), and the
findings that are not at a planted line, per rule. Informational: always exits 0 once both files
could be read.
"""
import collections
import json
import sys

if len(sys.argv) != 3:
    sys.exit("usage: bench/planted.py REPORT_JSON PLANTED_TSV")
report, planted = sys.argv[1:]
with open(report, encoding="utf-8") as f:
    repo = json.load(f)["repositories"][0]
found_at = collections.defaultdict(set)
for fd in repo.get("findings") or []:
    found_at[fd.get("path")].add(fd.get("line"))

plants = []
with open(planted, encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[1] == "line":
            continue
        plants.append((parts[0], int(parts[1]), parts[2]))

# A private key block is one finding; rules may report it at the BEGIN line or at the first
# base64 line, so any finding inside the block counts.
WINDOW = collections.defaultdict(int, {"private-key-pem": 30, "private-key-rsa": 30})

by_kind = collections.OrderedDict()
misses = []
for path, line, kind in plants:
    span = WINDOW[kind]
    hit = any(line <= n <= line + span for n in found_at.get(path, ()))
    total, got = by_kind.get(kind, (0, 0))
    by_kind[kind] = (total + 1, got + (1 if hit else 0))
    if not hit:
        misses.append((kind, path, line))

hits = sum(g for _, g in by_kind.values())
print(f"== planted findings reported at their path and line: {hits}/{len(plants)}")
for kind, (total, got) in by_kind.items():
    print(f"   {kind:<24} {got}/{total}")
if misses:
    print("   misses (kind, path, line; nearest finding in the same file, if any):")
    for kind, path, line in misses:
        lines = found_at.get(path)
        near = ""
        if lines:
            nearest = min(lines, key=lambda n: abs(n - line))
            near = f"  (nearest finding in file: line {nearest})"
        print(f"   {kind}\t{path}\t{line}{near}")

planted_keys = set()
for p, l, kind in plants:
    for n in range(l, l + WINDOW[kind] + 1):
        planted_keys.add((p, n))
others = [fd for fd in repo.get("findings") or []
          if (fd.get("path"), fd.get("line")) not in planted_keys]
print(f"== findings not at a planted line (false positives or unplanted matches): {len(others)}")
if others:
    per_rule = collections.Counter(fd.get("ruleId") for fd in others)
    for rule, n in per_rule.most_common(10):
        print(f"   {rule:<32} {n}")
