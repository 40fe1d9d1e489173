#!/usr/bin/env python3
"""Messages in the user's language, checked two ways:

  i18n_test.py SOURCE_ROOT            every message marked for translation in src/ (_(), N_(),
                                      tr()) has a Chinese translation in po/zh_CN.po: present,
                                      not empty, not fuzzy, with the same {} placeholders (a
                                      missing or extra one would print wrong or throw), and the
                                      catalogue compiles (msgfmt --check);
  i18n_test.py --unmarked SOURCE_ROOT no English text in src/ escapes the marking: a string
                                      literal that reads as English words (two or more) or that
                                      is given straight to an error or warning (Error,
                                      input_error, fail, …) is inside _(), N_() or tr(), or its
                                      line or the line above says why not with a comment
                                      containing "untranslated" (at most three lines above: data formats, model warnings
                                      translated on display, internal errors, library text).
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


TOKEN = re.compile(r'''(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<raw>R"(?P<delim>[^(\s]*)\((?:.|\n)*?\)(?P=delim)")'''
                   r'''|(?P<str>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")|(?P<chr>'(?:\\.|[^'\\\n])*')'''
                   r'''|(?P<ident>[A-Za-z_]\w*)|(?P<ws>\s+)|(?P<other>.)''', re.S)
MARKS = {"_", "N_", "tr"}
# Calls whose string argument is shown to the user as it is (errors, warnings).
SINKS = {"Error", "input_error", "output_error", "template_error", "fail", "invalid", "refuse",
         "read_file_or_throw", "print_warning", "runtime_error", "zip_failure"}
PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:'()]+[A-Za-z]{2,}")
NOT_TEXT = re.compile(r"^\s*<|\bw:|xmlns|^[\w.:/,+\\-]*$")  # XML, names, keys, options, paths


def literals(text):
    """(line, text, marked, enclosing call, argument number) of every run of adjacent string
    literals."""
    tokens = [(m.lastgroup if m.lastgroup != "delim" else "raw", m.group(), m.start())
              for m in TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment")]
    calls = []  # [the identifier before each open parenthesis, the argument reached]
    i = 0
    while i < len(tokens):
        kind, value, pos = tokens[i]
        if kind in ("str", "raw"):
            j = i
            while j < len(tokens) and tokens[j][0] in ("str", "raw"):
                j += 1
            run = "".join(v[v.index('"') + 1:-1] if k == "str" else v[v.index("(") + 1:v.rindex(")")]
                          for k, v, _ in tokens[i:j])
            marked = i >= 2 and tokens[i - 1][1] == "(" and tokens[i - 2][1] in MARKS
            call, arg = calls[-1] if calls else ("", 0)
            yield text.count("\n", 0, pos) + 1, run, marked, call, arg
            i = j
            continue
        if value == "(":
            calls.append([tokens[i - 1][1] if i and tokens[i - 1][0] == "ident" else "", 0])
        elif value == "," and calls:
            calls[-1][1] += 1
        elif value == ")" and calls:
            calls.pop()
        i += 1


def unmarked(root):
    problems = []
    for path in sorted(p for p in (root / "src").rglob("*") if p.suffix in (".cpp", ".h")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for line, run, marked, call, arg in literals(text):
            if marked or not re.search(r"[A-Za-z]{2,}", run):
                continue
            # Given to an error or a warning: a message, even of one word ("missing"), but
            # for the first argument (a file name or a key).
            shown = call in SINKS and (arg > 0 or not NOT_TEXT.search(run))
            if not shown and (NOT_TEXT.search(run) or not PROSE.search(run)):
                continue
            if any("untranslated" in l for l in lines[max(0, line - 4):line]):
                continue
            problems.append(f"{path}:{line}: English text not marked for translation: \"{run[:80]}\"")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} unmarked English literal(s) in {root / 'src'}")
    return 1 if problems else 0


def main():
    if sys.argv[1] == "--unmarked":
        return unmarked(pathlib.Path(sys.argv[2]))
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
