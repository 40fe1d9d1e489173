#!/usr/bin/env bash
# Messages in the user's language: with LANG=zh_CN.UTF-8 (whether or not the system has that
# locale generated) the help, a warning and an error are Chinese, the error keeping its form
# `huizong: FILE[:LINE]: 问题 — 怎么办`; LANGUAGE=zh_CN under C.UTF-8 too; with LANG=C, or
# LC_ALL=C (which gettext lets override LANGUAGE), English.
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

finish
