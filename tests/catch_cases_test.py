#!/usr/bin/env python3
"""ctest runs every Catch test case, each exactly once.

catch_discover_tests makes one ctest entry per case a test program lists. A case name that
the discovery or Catch's test-spec parser mangles gives entries that run nothing and pass:
a `;` splits the name into two entries, a `\\` or `"` changes what the spec matches. This
compares, for every test program, the cases it lists (--list-test-names-only) with the
ctest entries named "<prefix>:<case>" (ctest --show-only), and fails on any difference or
on a name with a character the discovery does not escape.

usage: catch_cases_test.py CTEST BUILD_DIR PREFIX=PROGRAM...
"""
import json
import subprocess
import sys

# Characters CatchAddTests.cmake passes to Catch unescaped that Catch's test-spec parser
# reads as syntax (`,` `[` `]` are escaped by the discovery and are fine).
UNSAFE = {";": "splits the ctest entry", "\\": "is an escape in a test spec", '"': "quotes in a test spec"}


def main():
    ctest, build_dir, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    shown = subprocess.run([ctest, "--show-only=json-v1"], cwd=build_dir, capture_output=True, text=True)
    if shown.returncode != 0:
        print(f"ctest --show-only failed: {shown.stderr}")
        return 1
    entries = [t["name"] for t in json.loads(shown.stdout)["tests"]]
    problems = []
    total_cases = total_entries = 0
    for pair in pairs:
        prefix, program = pair.split("=", 1)
        listed = subprocess.run([program, "--list-test-names-only"], capture_output=True, text=True)
        # Catch exits with the number of cases listed; a crash is negative.
        if listed.returncode < 0 or listed.stderr.strip():
            problems.append(f"{program} --list-test-names-only failed: {listed.stderr.strip()}")
            continue
        cases = [line for line in listed.stdout.split("\n") if line.strip()]
        for case in cases:
            for ch, why in UNSAFE.items():
                if ch in case:
                    problems.append(f"{prefix}: case name contains {ch!r} ({why}): {case}")
            if case[0] in "~*-" or case.endswith("*") or case != case.strip():
                problems.append(f"{prefix}: case name starts or ends with a test-spec character: {case!r}")
        want = sorted(f"{prefix}:{c}" for c in cases)
        have = sorted(e for e in entries if e.startswith(f"{prefix}:"))
        total_cases += len(want)
        total_entries += len(have)
        for name in sorted(set(want) - set(have)):
            problems.append(f"case with no ctest entry: {name}")
        for name in sorted(set(have) - set(want)):
            problems.append(f"ctest entry that names no case (it runs nothing): {name!r}")
        if len(want) != len(set(want)) or len(have) != len(set(have)):
            problems.append(f"{prefix}: a name is listed twice")
    print(f"{total_cases} Catch test case(s) in {len(pairs)} program(s), {total_entries} ctest entries for them")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
