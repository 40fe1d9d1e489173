#!/usr/bin/env bash
# watch: regenerates on a template edit, keeps running after an error, stops on SIGINT.
# Each step waits for what watch writes (its log, the output), never for a fixed time.
# usage: watch.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

mkdir -p "$tmp/tpl" && cp -r "$root/templates/." "$tmp/tpl/"
"$bin" watch "$samples/002_74ff4db203328043.txt" -o "$tmp/wout" --templates "$tmp/tpl" 2>"$tmp/watch.log" &
watch_pid=$!
log_has() { grep -q -- "$1" "$tmp/watch.log"; }
plans_has() { grep -q -- "$1" "$tmp/wout/plans.md" 2>/dev/null; }

wait_for 60 "watch to start watching" -- log_has 'watching' || { kill -INT "$watch_pid"; finish; }
echo "{{#broken" >>"$tmp/tpl/problems.md.mustache"
wait_for 60 "watch to report the template error" -- log_has 'previous outputs kept'
cp "$root/templates/problems.md.mustache" "$tmp/tpl/problems.md.mustache"
echo "监视模式生效" >>"$tmp/tpl/plans.md.mustache"
wait_for 60 "watch to re-render plans.md after a template edit" -- plans_has '监视模式生效' ||
  echo "watch log: $(cat "$tmp/watch.log")"
kill -INT "$watch_pid"
wait "$watch_pid"
[ $? -eq 0 ] || fail "watch did not exit 0 on SIGINT"
grep -q 'stopped watching' "$tmp/watch.log" || fail "watch did not say it stopped"

finish
