#!/usr/bin/env bash
# SIGKILL during render: every output is either the previous one or a complete new one.
# The render is killed at points it reaches (before it starts writing, after 1, 3, 6 and 9
# outputs replaced), not after guessed delays.
# usage: render_kill.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

outputs=(briefing.md briefing.html briefing.docx problems.md problems.html problems.docx plans.md plans.html plans.docx comparison.md comparison.html comparison.docx model.json)
mkdir -p "$tmp/lex" && cp "$root/lexicons/"*.json "$tmp/lex/"
"$bin" build "$samples" -o "$tmp/out" 2>/dev/null || fail "build for the kill test"
cp -r "$tmp/out" "$tmp/old"
sed -i 's/"其他"/"其它"/' "$tmp/lex/themes.json"   # changes every output
"$bin" render "$tmp/out/model.json" -o "$tmp/new" --lexicons "$tmp/lex" 2>/dev/null || fail "reference render"

# replaced_at_least N: N files in $tmp/out were replaced (a new inode: the atomic writer
# renames a complete file over the old one), or the render is over.
replaced_at_least() {
  ! kill -0 "$pid" 2>/dev/null || [ "$(ls -i "$tmp/out" | sort | comm -13 "$tmp/inodes" - | wc -l)" -ge "$1" ]
}

for replaced in 0 1 3 6 9; do
  rm -rf "$tmp/out" && cp -r "$tmp/old" "$tmp/out"
  ls -i "$tmp/out" | sort >"$tmp/inodes"
  "$bin" render "$tmp/out/model.json" -o "$tmp/out" --lexicons "$tmp/lex" 2>/dev/null &
  pid=$!
  wait_for 60 "render to replace $replaced output(s)" -- replaced_at_least "$replaced"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  for f in "${outputs[@]}"; do
    cmp -s "$tmp/out/$f" "$tmp/old/$f" || cmp -s "$tmp/out/$f" "$tmp/new/$f" ||
      fail "after SIGKILL with $replaced output(s) replaced, $f is neither the previous nor the new output"
  done
  python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$tmp/out/comparison.xlsx" ||
    fail "after SIGKILL with $replaced output(s) replaced, comparison.xlsx is damaged"
done

finish
