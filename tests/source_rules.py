#!/usr/bin/env python3
"""Rules the sources keep (issue 10), checked by ctest:

  source_rules.py functions SRC_DIR   no function longer than 80 lines (signature to closing brace)
  source_rules.py literals  SRC_DIR   no Chinese string literal in code: the language lives in
                                      lexicons/; the only exceptions are built-in tables documented
                                      as such (a comment with "built-in" on the line or the 10 above)

The function finder is a heuristic, not a parser: a definition is a line whose brace opens a
body after a parameter list ( `) {`, `) const {`, `) override {` … ) that is not a control
statement or a lambda; its end is the matching closing brace."""
import pathlib
import re
import sys

LIMIT = 80
CONTROL = re.compile(r'^\s*(if|for|while|switch|catch|else|do|return|case)\b|\[[^\]]*\]\s*\(')
OPENS = re.compile(r'\)\s*(const\s*)?(noexcept\s*)?(override\s*)?(->\s*[\w:<>,\s&*]+)?\s*\{\s*(//.*)?$')
CJK_LITERAL = re.compile(r'(u8|U|u|L)?"(?:\\.|[^"\\])*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef](?:\\.|[^"\\])*"')


def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return re.sub(r'//.*$', '', line)


def sources(root):
    return sorted(p for p in pathlib.Path(root).rglob('*') if p.suffix in ('.cpp', '.h'))


def long_functions(path):
    lines = path.read_text(encoding='utf-8').split('\n')
    i = 0
    while i < len(lines):
        code = strip(lines[i])
        if OPENS.search(code) and not CONTROL.search(code) and not code.strip().startswith('}'):
            start = i  # the signature may start a few lines up (wrapped parameters)
            while start > 0 and '(' not in strip(lines[start]) and strip(lines[start - 1]).strip():
                start -= 1
            depth, j = 0, i
            while j < len(lines):
                c = strip(lines[j])
                depth += c.count('{') - c.count('}')
                if depth <= 0:
                    break
                j += 1
            if j - start + 1 > LIMIT:
                yield f'{path}:{start + 1}: {j - start + 1} lines: {lines[start].strip()[:90]}'
            i = j + 1
            continue
        i += 1


def chinese_literals(path):
    lines = path.read_text(encoding='utf-8').split('\n')
    for n, line in enumerate(lines):
        code = re.sub(r'//.*$', '', line) if '"' not in line.split('//')[0] else line
        if line.lstrip().startswith('//') or not CJK_LITERAL.search(code.split(' // ')[0]):
            continue
        context = " ".join(lines[max(0, n - 10):n + 1])
        if 'built-in' not in context:
            yield f'{path}:{n + 1}: Chinese literal in code: {line.strip()[:90]}'


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('functions', 'literals'):
        print(__doc__)
        return 2
    check = long_functions if sys.argv[1] == 'functions' else chinese_literals
    found = [msg for p in sources(sys.argv[2]) for msg in check(p)]
    for msg in found:
        print(msg)
    print(f'{len(found)} problem(s) in {sys.argv[2]}')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
