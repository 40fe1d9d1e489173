#!/usr/bin/env python3
"""Every message marked for translation in src/ (_(), N_(), tr()) has a Chinese translation
in po/zh_CN.po: present, not empty, not fuzzy, with the same {} placeholders (a missing or
extra one would print wrong or throw), and the catalogue compiles (msgfmt --check).

usage: i18n_test.py SOURCE_ROOT
"""
import ast
import pathlib
import re
import subprocess
import sys
import tempfile


def entries(path):
    """msgid -> (msgstr, flags) of a .po/.pot file (no plural forms are used)."""
    out = {}
    text = pathlib.Path(path).read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        flags = set()
        fields = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid ") or line.startswith("msgstr "):
                key, rest = line.split(" ", 1)
                fields[key] = ast.literal_eval(rest)
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if "msgid" in fields and fields["msgid"]:
            out[fields["msgid"]] = (fields.get("msgstr", ""), flags)
    return out


def placeholders(s):
    return sorted(re.findall(r"\{[^{}]*\}", s.replace("{{", "").replace("}}", "")))


def main():
    root = pathlib.Path(sys.argv[1])
    sources = sorted(str(p) for p in (root / "src").rglob("*") if p.suffix in (".cpp", ".h"))
    po = root / "po" / "zh_CN.po"
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "huizong.pot"
        subprocess.run(["xgettext", "--language=C++", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                        "--keyword=tr", "-o", str(pot)] + sources, check=True)
        wanted = entries(pot)
        check = subprocess.run(["msgfmt", "--check", "-o", str(pathlib.Path(tmp) / "zh_CN.mo"), str(po)],
                               capture_output=True, text=True)
    have = entries(po)
    problems = []
    if check.returncode != 0:
        problems.append(f"msgfmt --check failed: {check.stderr.strip()}")
    for msgid in wanted:
        if msgid not in have:
            problems.append(f"no translation in {po}: {msgid!r}")
            continue
        msgstr, flags = have[msgid]
        if not msgstr:
            problems.append(f"empty translation: {msgid!r}")
        if "fuzzy" in flags:
            problems.append(f"fuzzy translation: {msgid!r}")
        if msgstr and placeholders(msgstr) != placeholders(msgid):
            problems.append(f"placeholders differ: {msgid!r} has {placeholders(msgid)}, "
                            f"the translation {placeholders(msgstr)}")
    for msgid in have:
        if msgid not in wanted:
            problems.append(f"translation of a message no longer in src/ (remove it): {msgid!r}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(wanted)} messages in src/, {len(have)} in {po.name}, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
