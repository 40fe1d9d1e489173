#!/usr/bin/env python3
"""Build a scaled corpus of compilations from samples/ for benchmarking.

usage: make_corpus.py SAMPLES_DIR OUT_DIR SIZE_MB [--seed N]

Each output file is one sample with its years shifted (2022/2023/2024 -> Y-1/Y/Y+1) and its
redacted place names (XX, xx) replaced by varied names, so no two files are identical and
nothing is cached by accident. Files are written until SIZE_MB megabytes are reached.
"""
import os
import random
import sys

PLACES = ["东城", "西山", "南湖", "北岭", "青石", "白沙", "红旗", "新华", "长乐", "永安", "平安", "高桥", "柳河", "松林",
          "云溪", "石门", "金川", "玉泉", "清水", "龙泉"]


def main():
    samples, out, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    texts = []
    for name in sorted(os.listdir(samples)):
        if name.endswith(".txt"):
            with open(os.path.join(samples, name), encoding="utf-8") as f:
                texts.append(f.read())
    os.makedirs(out, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    written = 0
    n = 0
    while written < target:
        text = texts[n % len(texts)]
        year = rng.randint(2016, 2030)
        text = text.replace("2022", "\0A").replace("2023", "\0B").replace("2024", "\0C")
        text = text.replace("\0A", str(year - 1)).replace("\0B", str(year)).replace("\0C", str(year + 1))
        place = rng.choice(PLACES)
        text = text.replace("XX", place).replace("xx", place)
        data = text.encode("utf-8")
        n += 1
        with open(os.path.join(out, f"corpus_{n:05d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
    print(f"{out}: {n} files, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
