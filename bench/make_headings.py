#!/usr/bin/env python3
"""Write one report with very many headings, to check that parse time is linear in them.

usage: make_headings.py OUT_FILE [HEADINGS]   (default 80000 headings, about 2.6 MB)

The report is one title line, an opening paragraph, then HEADINGS numbered headings
(一、 … / （一） … / 1. …, nested three deep), each followed by one short sentence.
"""
import sys

DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1..9999 as Chinese numerals (十一, 二十三, 一百零五 …)."""
    units = ["", "十", "百", "千"]
    s = ""
    zero = False
    for i, d in enumerate(reversed([int(c) for c in str(n)])):
        if d == 0:
            zero = bool(s)
            continue
        part = DIGITS[d] + units[i]
        if zero:
            part += "零"
            zero = False
        s = part + s
    if s.startswith("一十"):
        s = s[1:]
    return s


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 80000
    lines = ["县应急管理局2023年上半年工作总结",
             "　　2023年上半年，我局坚持人民至上、生命至上，统筹发展和安全。现将有关情况总结如下。"]
    n = 0
    top = 0
    while n < total:
        top += 1
        lines.append(f"　　{cn_number(top)}、第{top}项重点工作开展情况")
        n += 1
        for mid in range(1, 6):
            if n >= total:
                break
            lines.append(f"　　（{cn_number(mid)}）加强第{mid}类监管")
            n += 1
            for low in range(1, 5):
                if n >= total:
                    break
                lines.append(f"　　{low}.检查企业{low * 12}家。")
                n += 1
    lines.append("县应急管理局")
    lines.append("2023年7月10日")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
