#!/usr/bin/env bash
# SIGKILL during build, between two input states: after every re-run, each output is byte
# for byte what a fresh build of the current inputs writes, and no leftover remains.
# The build is killed at each of its numbered steps (HUIZONG_KILL_AFTER_STEPS: before the
# Nth write or rename, docs/guide.md "Test hooks"), then at random times (fixed seed).
# usage: output_kill.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

source "$(dirname "$0")/output_states.sh"

# check STATE WHAT: the outputs are those of a fresh build of STATE, and nothing is left over.
# The workbook is compared part by part, but for its creation time (docProps/core.xml).
check() {
  for f in "${outputs[@]}"; do
    cmp -s "$tmp/out/$f" "$tmp/ref_$1/$f" || fail "$2: $f is not what a fresh build of state $1 writes"
  done
  same_workbook "$tmp/out/comparison.xlsx" "$tmp/ref_$1/comparison.xlsx" ||
    fail "$2: comparison.xlsx is not what a fresh build of state $1 writes"
  leftovers=$(find "$tmp/out" -name 'staging-*' -o -name '.*.??????' -o -name '*.tmp-*')
  [ -z "$leftovers" ] || fail "$2: leftovers of the killed run: $leftovers"
}

other() { [ "$1" = A ] && echo B || echo A; }

RANDOM=12
use A && "$bin" build "$tmp/in" -o "$tmp/out" 2>/dev/null
now=A steps=0 trials=0
while :; do  # a build from one state to the other, killed at step 0, 1, … until it completes
  killed=$(other $now) then=$( ((RANDOM % 2)) && echo A || echo B)
  use "$killed"
  HUIZONG_KILL_AFTER_STEPS=$steps "$bin" build "$tmp/in" -o "$tmp/out" 2>/dev/null
  rc=$?
  use "$then"
  "$bin" build "$tmp/in" -o "$tmp/out" 2>"$tmp/stderr" || fail "re-run after kill at step $steps: $(cat "$tmp/stderr")"
  check "$then" "build of $killed killed at step $steps, re-run with $then"
  trials=$((trials + 1)) steps=$((steps + 1)) now=$then
  [ "$rc" -eq 137 ] || break
  [ "$steps" -le 200 ] || { fail "build never completed with a kill hook"; break; }
done
[ "$steps" -ge 30 ] || fail "only $steps kill points: the test no longer covers the build"

# Killed from outside at random times over a build's duration (0-400 ms).
for i in $(seq 1 4); do
  killed=$(other $now) then=$( ((RANDOM % 2)) && echo A || echo B)
  use "$killed"
  "$bin" build "$tmp/in" -o "$tmp/out" 2>/dev/null &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 400)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  use "$then"
  "$bin" build "$tmp/in" -o "$tmp/out" 2>"$tmp/stderr" || fail "re-run after a random kill: $(cat "$tmp/stderr")"
  check "$then" "build of $killed killed at random ($i), re-run with $then"
  now=$then
  trials=$((trials + 1))
done

# After all that, the state vouches for the files: nothing to rewrite.
"$bin" build "$tmp/in" -o "$tmp/out" 2>"$tmp/stderr"
grep -q 'wrote 0 file(s)' "$tmp/stderr" || fail "a build after the trials rewrote files: $(cat "$tmp/stderr")"
echo "$trials kill trials ($steps kill points)"
finish
