#!/usr/bin/env bash
# watch: regenerates on a template edit, keeps running after an error, stops on SIGINT;
# keeps regenerating after a watched folder is deleted and made again.
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

# A watched folder deleted and made again: watch says what is missing, keeps running, and
# regenerates from the folder's new files.
mkdir -p "$tmp/win" && cp "$samples/002_74ff4db203328043.txt" "$tmp/win/r.txt"
"$bin" watch "$tmp/win" -o "$tmp/wout2" 2>"$tmp/watch2.log" &
watch_pid=$!
log2_has() { grep -q -- "$1" "$tmp/watch2.log"; }
briefing_has() { grep -q -- "$1" "$tmp/wout2/compendium.md" 2>/dev/null; }  # the compendium lists every report
wait_for 60 "watch of a folder to start" -- log2_has 'watching' || { kill -INT "$watch_pid"; finish; }
rm -rf "$tmp/win"
wait_for 60 "watch to report the deleted folder" -- log2_has 'previous outputs kept'
mkdir "$tmp/win" && cp "$samples/000_ccd03a349e8ccd45.txt" "$tmp/win/r.txt"
wait_for 60 "watch to regenerate from the folder made again" -- briefing_has '应急管理局2023年上半年工作总结' ||
  echo "watch log: $(cat "$tmp/watch2.log")"
kill -0 "$watch_pid" 2>/dev/null || fail "watch died after its folder was deleted"
kill -INT "$watch_pid"
wait "$watch_pid"

finish
