#!/usr/bin/env bash
# The output folder holds one consistent set: a full disk (a write failure injected with
# HUIZONG_FAIL_WRITE_AFTER, docs/guide.md "Test hooks") replaces nothing and the next run
# repairs; two builds at once never mix; a second run waits, naming the one it waits for;
# files that do not match the state are rewritten; a cache file copied over another is
# not used; leftovers of a dead run are removed; links are never followed; inputs are
# never written over.
# usage: output_set.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

source "$(dirname "$0")/output_states.sh"
build() { "$bin" build "$tmp/in" -o "$tmp/out" "$@"; }

# Full disk: the write after N fails. The previous set stays, the next run repairs.
use A && build 2>/dev/null
for n in 0 1 4 9 14 16; do
  use B
  HUIZONG_FAIL_WRITE_AFTER=$n build 2>"$tmp/stderr"
  [ $? -eq 3 ] || fail "a write failing after $n should exit 3: $(cat "$tmp/stderr")"
  grep -q 'No space left on device' "$tmp/stderr" || fail "the full disk is not named: $(cat "$tmp/stderr")"
  is_set "$tmp/out" A || fail "a write failing after $n changed the previous outputs"
  [ -z "$(ls -A "$tmp/out/.huizong" | grep staging)" ] || fail "a failed run left its staging folder"
  build 2>/dev/null || fail "the run after a full disk failed"
  is_set "$tmp/out" B || fail "the run after a full disk (after $n) did not write the new set"
  use A && build 2>/dev/null
done

# Outputs that are not what the state recorded are rewritten, never reported unchanged.
echo "edited" >>"$tmp/out/briefing.md"
rm "$tmp/out/plans.html"
cp "$tmp/ref_B/problems.md" "$tmp/out/problems.md"
build 2>"$tmp/stderr" || fail "build over edited outputs"
grep -q 'wrote 3 file(s)' "$tmp/stderr" || fail "3 outputs not matching the state should be rewritten: $(cat "$tmp/stderr")"
is_set "$tmp/out" A || fail "outputs not matching the state were not repaired"

# A cache file copied over another is not used for the wrong document.
cp "$tmp/out/.huizong/plans.cbor" "$tmp/out/.huizong/problems.cbor"
rm "$tmp/out/problems.md" "$tmp/out/problems.html"
build 2>/dev/null || fail "build with a damaged cache"
is_set "$tmp/out" A || fail "a cache file copied over another rendered the wrong document"

# Leftovers of a dead run are removed; a user's files are not.
mkdir -p "$tmp/out/.huizong/staging-999999" && echo x >"$tmp/out/.huizong/staging-999999/0"
echo x >"$tmp/out/.comparison.xlsx.AbC123" && echo x >"$tmp/out/comparison.xlsx.tmp-42" && echo x >"$tmp/out/notes.txt"
build 2>/dev/null || fail "build over leftovers"
[ ! -e "$tmp/out/.huizong/staging-999999" ] || fail "a dead run's staging folder was kept"
[ ! -e "$tmp/out/.comparison.xlsx.AbC123" ] && [ ! -e "$tmp/out/comparison.xlsx.tmp-42" ] ||
  fail "a dead run's temporary files were kept"
[ -e "$tmp/out/notes.txt" ] || fail "a file of the user's was removed"

# Two builds at once never mix: each run's set is complete, the last one wins.
mkdir -p "$tmp/inA" "$tmp/inB" && cp "$tmp/A/r.txt" "$tmp/inA/r.txt" && cp "$tmp/B/r.txt" "$tmp/inB/r.txt"
"$bin" build "$tmp/inA" -o "$tmp/refA2" 2>/dev/null && "$bin" build "$tmp/inB" -o "$tmp/refB2" 2>/dev/null
for round in 1 2 3; do
  "$bin" build "$tmp/inA" -o "$tmp/both" 2>"$tmp/a.log" &
  a=$!
  "$bin" build "$tmp/inB" -o "$tmp/both" 2>"$tmp/b.log" &
  b=$!
  wait $a || fail "concurrent build A failed: $(cat "$tmp/a.log")"
  wait $b || fail "concurrent build B failed: $(cat "$tmp/b.log")"
  mixed=1
  for s in A2 B2; do
    is_set "$tmp/both" "$tmp/ref$s" && mixed=0
  done
  [ $mixed -eq 0 ] || fail "two builds at once left a mixed set (round $round)"
done

# A second run waits for the one holding the folder, and says which process it is.
( exec 9>>"$tmp/out/.huizong/lock" && flock 9 && echo $BASHPID >"$tmp/out/.huizong/lock" && touch "$tmp/locked" &&
  sleep 1 ) &
holder=$!
wait_for 30 "the test to take the lock" -- test -e "$tmp/locked"
build 2>"$tmp/stderr" || fail "build after waiting for the lock"
grep -q "another huizong run (pid $holder) is writing this folder; waiting" "$tmp/stderr" ||
  fail "a waiting run should name the holder's pid $holder: $(cat "$tmp/stderr")"
wait $holder

# Links: a linked .huizong is an error (exit 2) and nothing is written through it; an
# output that is a link is replaced, its target left alone.
mkdir -p "$tmp/linked" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$tmp/linked/.huizong"
"$bin" build "$tmp/in" -o "$tmp/linked" 2>"$tmp/stderr"
[ $? -eq 2 ] || fail "a linked .huizong should exit 2: $(cat "$tmp/stderr")"
grep -q 'symbolic link' "$tmp/stderr" || fail "the linked .huizong is not named: $(cat "$tmp/stderr")"
[ -z "$(ls -A "$tmp/elsewhere")" ] || fail "files were written through the linked .huizong"
[ ! -e "$tmp/linked/briefing.md" ] || fail "outputs were written beside a linked .huizong"
echo "keep me" >"$tmp/victim.txt"
rm "$tmp/out/briefing.md" && ln -s "$tmp/victim.txt" "$tmp/out/briefing.md"
build 2>/dev/null || fail "build over an output that is a link"
[ "$(cat "$tmp/victim.txt")" = "keep me" ] || fail "an output link was followed"
[ -f "$tmp/out/briefing.md" ] && [ ! -L "$tmp/out/briefing.md" ] || fail "the output link was not replaced"

# Inputs are never written over, by build or render: error before anything is written.
mkdir -p "$tmp/own/.huizong" "$tmp/o3"
cp "$tmp/A/r.txt" "$tmp/own/r.txt" && cp "$tmp/A/r.txt" "$tmp/r.txt"
expect_error 1 "the output folder is the input" -- build "$tmp/own/r.txt" -o "$tmp/own/r.txt"
cmp -s "$tmp/own/r.txt" "$tmp/A/r.txt" || fail "build -o INPUT changed the input"
ln -s "$tmp/r.txt" "$tmp/o3/briefing.md"
expect_error 1 "the output briefing.md would replace the input" -- build "$tmp/r.txt" -o "$tmp/o3"
cmp -s "$tmp/r.txt" "$tmp/A/r.txt" && [ -L "$tmp/o3/briefing.md" ] || fail "build over a link to its input changed it"
[ ! -e "$tmp/o3/.huizong" ] || fail "build -o a folder linking to its input wrote its state"
cp "$tmp/A/r.txt" "$tmp/own/.huizong/x.txt"
expect_error 1 "the state folder .huizong holds the input" -- build "$tmp/own/.huizong/x.txt" -o "$tmp/own"
cp "$tmp/out/model.json" "$tmp/m.json"
expect_error 1 "the output folder is the input" -- render "$tmp/m.json" -o "$tmp/m.json"
ln -s "$tmp/m.json" "$tmp/o3/plans.html"
expect_error 1 "the output plans.html would replace the input" -- render "$tmp/m.json" -o "$tmp/o3"
cmp -s "$tmp/m.json" "$tmp/out/model.json" || fail "render over a link to its model changed the model"
"$bin" render "$tmp/out/model.json" -o "$tmp/out" 2>/dev/null || fail "render OUT/model.json -o OUT must stay allowed"

finish
