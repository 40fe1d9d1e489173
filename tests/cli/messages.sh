#!/usr/bin/env bash
# Messages in the user's language: with LANG=zh_CN.UTF-8 (whether or not the system has that
# locale generated) the help, a warning and an error are Chinese, the error keeping its form
# `huizong: FILE[:LINE]: 问题 — 怎么办`; LANGUAGE=zh_CN under C.UTF-8 too; with LANG=C, or
# LC_ALL=C (which gettext lets override LANGUAGE), English. Errors of every stage and of the
# command line in both.
# usage: messages.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

# run ENV... -- ARGS: huizong with exactly these locale variables; stdout+stderr in $tmp/said.
run() {
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u LANG "${envs[@]}" "$bin" "$@" >"$tmp/said" 2>&1
}
says() { grep -qF -- "$1" "$tmp/said" || fail "$2: expected '$1' in: $(head -c 600 "$tmp/said")"; }
says_not() { grep -qF -- "$1" "$tmp/said" && fail "$2: did not expect '$1' in: $(head -c 600 "$tmp/said")"; }

for zh in "LANG=zh_CN.UTF-8" "LC_ALL=zh_CN.UTF-8" "LANGUAGE=zh_CN LC_ALL=C.UTF-8" "LC_MESSAGES=zh_CN.UTF-8"; do
  # shellcheck disable=SC2086
  run $zh -- --help
  says "用法" "$zh --help"
  says "把各单位工作总结汇总为综合报告" "$zh --help"
  says "退出码：0 成功" "$zh --help"
  run $zh -- build --help
  says "输出目录（不存在时创建）" "$zh build --help"
  says "替换手工改过的输出" "$zh build --help"
  # A warning kept in the model, and the summary lines.
  run $zh -- build "$samples" -o "$tmp/out"
  says "000_ccd03a349e8ccd45.txt: 警告：目录写明 8 篇报告，实际有 9 篇" "$zh warning"
  says "与 " "$zh duplicate warning"
  says "篇报告" "$zh summary"
  says_not "declares" "$zh warning"
  # Errors: FILE[:LINE]: problem — what to do, in Chinese.
  run $zh -- build "$samples" -o "$tmp/out" --config "$tmp/none.json"
  [ "$(cat "$tmp/said")" = "huizong: $tmp/none.json: 没有这个设置文件 — 请给出 huizong.json 的路径（\`huizong init 文件夹\` 会写一个）" ] ||
    fail "$zh error: $(cat "$tmp/said")"
  printf '{\n  "office": "某办",\n  "titel": "x"\n}\n' >"$tmp/huizong.json"
  run $zh -- build "$samples" -o "$tmp/out" --config "$tmp/huizong.json"
  grep -q "^huizong: $tmp/huizong.json:3: \"titel\": 未知的键 — 这里可用的键：.*（拼错的键不会被忽略）$" "$tmp/said" ||
    fail "$zh unknown key: $(cat "$tmp/said")"
  run $zh -- biuld
  says "没有 'biuld' 这个命令" "$zh unknown command"
done

for en in "LANG=C" "LC_ALL=C LANGUAGE=zh_CN" "LANG=C.UTF-8" ""; do
  # shellcheck disable=SC2086
  run $en -- --help
  says "Usage" "'$en' --help"
  says "consolidate Chinese government work summaries" "'$en' --help"
  says_not "用法" "'$en' --help"
  run $en -- build "$samples" -o "$tmp/out"
  says "000_ccd03a349e8ccd45.txt: warning: declares 8 reports but holds 9" "'$en' warning"
  run $en -- build "$samples" -o "$tmp/out" --config "$tmp/none.json"
  says "huizong: $tmp/none.json: no such settings file — give the path of a huizong.json" "'$en' error"
done

# Unchanged by the language: the model and the documents (a rebuild in English writes nothing).
run LANG=zh_CN.UTF-8 -- build "$samples" -o "$tmp/same"
run LANG=C -- build "$samples" -o "$tmp/same"
says "wrote 0 file(s)" "a build in another language should rewrite nothing"

# Errors from every stage, each line whole, in Chinese and in English: the read stage (a
# binary file, a damaged UTF-8 line), the workbook.json loader, a damaged model.json given to
# render, and the command line itself (an unknown command, a missing option, one not
# understood: CLI11's own errors, said our way).
head -c 4096 "$bin" >"$tmp/binary.txt"  # an executable, renamed
printf '\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c\n\xe4\xb8\n' >"$tmp/damaged.txt"
mkdir -p "$tmp/tpl" "$tmp/bad"
cp -r "$root/templates/." "$tmp/tpl/"
printf '{"sheets": [{"name": "S", "dataset": "comparison",\n  "columns": [{"field": "unit", "colour": 1}]}]}\n' \
  >"$tmp/tpl/workbook.json"
head -c 300 "$tmp/same/model.json" >"$tmp/bad/model.json"
is() { [ "$(cat "$tmp/said")" = "$1" ] || fail "$2: expected '$1', got: $(head -c 600 "$tmp/said")"; }
is_like() { grep -qx -- "$1" "$tmp/said" || fail "$2: expected /$1/, got: $(head -c 600 "$tmp/said")"; }
for lang in zh_CN.UTF-8 C; do
  zh() { [ $lang = C ] && echo "$2" || echo "$1"; }
  run LANG=$lang -- parse "$tmp/binary.txt" -o "$tmp/m.json"
  is "huizong: $tmp/binary.txt: $(zh '二进制文件，不是文本 — 请以纯文本文件（UTF-8 或 GB18030 编码）提供工作总结' \
    'binary file, not text — give the work summary as a plain-text file (UTF-8 or GB18030)')" "$lang binary input"
  run LANG=$lang -- parse "$tmp/damaged.txt" -o "$tmp/m.json"
  is "huizong: $tmp/damaged.txt:2: $(zh 'UTF-8 文本中有无效的字节序列 — 文件是 UTF-8 编码，但这一行有损坏或被截断的字符；请修改这一行，或将文件另存为 UTF-8 或 GB18030 编码的文本' \
    'invalid byte sequence in UTF-8 text — the file is UTF-8 but this line has damaged or truncated characters; fix the line or save the file as UTF-8 or GB18030 text')" \
    "$lang undecodable input"
  run LANG=$lang -- render "$tmp/same/model.json" -o "$tmp/same" --templates "$tmp/tpl"
  is "huizong: $tmp/tpl/workbook.json: $(zh '第 1 个工作表 ("S") 第 1 列：未知的键 "colour" — 可用的键：' \
    'sheet 1 ("S"), column 1: unknown key "colour" — known keys are: ')header, field, width, max_width, wrap, number_format, for_each, unit_field, comment_field" \
    "$lang workbook.json error"
  run LANG=$lang -- render "$tmp/bad/model.json" -o "$tmp/bad"
  is_like "huizong: $tmp/bad/model.json:[0-9]*: $(zh '不是有效的 JSON：文件已损坏或不完整 — 请用 `huizong parse` 重新生成' \
    'not valid JSON: the file is damaged or cut short — regenerate it with `huizong parse`')" "$lang damaged model"
  [ -e "$tmp/bad/briefing.md" ] && fail "$lang: a damaged model left an output"
  run LANG=$lang -- biuld "$samples"
  is "huizong: $(zh "没有 'biuld' 这个命令 — 命令有 parse, render, build, watch, inspect, init（见 \`huizong --help\`）" \
    "unknown command 'biuld' — the commands are parse, render, build, watch, inspect, init (see \`huizong --help\`)")" \
    "$lang unknown command"
  run LANG=$lang --
  is "huizong: $(zh '没有给出命令 — 命令有 parse, render, build, watch, inspect, init（见 `huizong --help`）' \
    'no command given — the commands are parse, render, build, watch, inspect, init (see `huizong --help`)')" "$lang no command"
  run LANG=$lang -- build "$samples"
  is "huizong: $(zh '缺少 --output — 见 `huizong build --help`' '--output is missing — see `huizong build --help`')" \
    "$lang missing option"
  run LANG=$lang -- build "$samples" -o "$tmp/out" --colour
  is "huizong: $(zh '无法识别：--colour — 见 `huizong build --help`' 'not understood: --colour — see `huizong build --help`')" \
    "$lang option not understood"
  run LANG=$lang -- build "$samples" -o "$tmp/out" -j many
  is "huizong: $(zh '“many”不是 --jobs 的有效值 — 见 `huizong build --help`' \
    '"many" is not a valid value for --jobs — see `huizong build --help`')" "$lang bad value"
done


finish
