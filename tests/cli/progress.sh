#!/usr/bin/env bash
# Progress of a long build: on a terminal (run under `script`, util-linux, which gives it a
# pseudo-terminal) a build taking more than a second shows the files parsed of the total
# and the reports found, then the outputs written of those to write, in English and in
# Chinese; piped, the same build prints no progress at
# all (not a carriage return): only its usual lines.
# usage: progress.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

command -v script >/dev/null || { fail "script (util-linux) is not installed"; finish; }
# A scaled input: the samples many times over under other names, parsed on one thread, so
# that the build lasts long enough for progress.
mkdir -p "$tmp/big"
for i in $(seq -w 1 12); do
  for f in "$samples"/*.txt; do cp "$f" "$tmp/big/${i}_$(basename "$f")"; done
done
total=$(ls "$tmp/big" | wc -l)

start=$(date +%s%N)
# The quiet second is cut to 200 ms (HUIZONG_PROGRESS_AFTER_MS, for tests): on a fast machine
# this input parses in well under a second.
script -qec "HUIZONG_PROGRESS_AFTER_MS=200 \"$bin\" build \"$tmp/big\" -o \"$tmp/out_tty\" -j 1" "$tmp/typescript" \
  >/dev/null </dev/null || fail "build on a terminal failed: $(tail -c 500 "$tmp/typescript")"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -gt 400 ] || fail "the scaled build took only $ms ms: scale the input up so that progress is due"
grep -aq "parsed [0-9]* of $total file(s), [0-9]* report(s) found" "$tmp/typescript" ||
  fail "no progress on a terminal ($ms ms): $(tail -c 800 "$tmp/typescript" | tr '\r' '|')"
grep -aq "rendering the outputs" "$tmp/typescript" || fail "no rendering step shown on a terminal"
# The outputs written, one by one, of the 16 to write (5 documents x md/html/docx + the
# workbook; model.json is not counted).
for n in 1 8 16; do
  grep -aq "rendering the outputs: $n of 16 written" "$tmp/typescript" ||
    fail "no 'outputs written: $n of 16' on a terminal: $(tail -c 800 "$tmp/typescript" | tr '\r' '|')"
done
grep -aq "wrote 17 file(s)" "$tmp/typescript" || fail "the summary is missing on a terminal"

# The same in Chinese (only the outputs are made again: the folder holds the English run's;
# without its build record, each file is checked against the model, and counted, again).
rm -f "$tmp/out_tty"/*.md "$tmp/out_tty/.huizong/build.json"
script -qec "LC_ALL=zh_CN.UTF-8 HUIZONG_PROGRESS_AFTER_MS=0 \"$bin\" build \"$tmp/big\" -o \"$tmp/out_tty\" -j 1" \
  "$tmp/typescript_zh" >/dev/null </dev/null || fail "build on a terminal in Chinese failed"
grep -aq "已解析 $total / $total 个文件" "$tmp/typescript_zh" || fail "no Chinese parse progress: $(tail -c 600 "$tmp/typescript_zh")"
grep -aq "正在生成输出：已写 5 / 5 个" "$tmp/typescript_zh" ||
  fail "no Chinese outputs-written progress: $(tail -c 600 "$tmp/typescript_zh" | tr '\r' '|')"

HUIZONG_PROGRESS_AFTER_MS=0 "$bin" build "$tmp/big" -o "$tmp/out_pipe" -j 1 2>&1 | cat >"$tmp/piped"
grep -q "of $total file(s)" "$tmp/piped" && fail "progress printed into a pipe"
grep -q "rendering the outputs" "$tmp/piped" && fail "progress printed into a pipe"
grep -q "written" "$tmp/piped" && fail "outputs-written progress printed into a pipe"
grep -q $'\r' "$tmp/piped" && fail "a carriage return printed into a pipe"
grep -q "wrote 17 file(s)" "$tmp/piped" || fail "the piped build's summary is missing: $(tail -3 "$tmp/piped")"
echo "scaled build on a terminal: $total files in $ms ms"

finish
