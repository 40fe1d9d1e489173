#!/usr/bin/env bash
# The examples cannot go stale silently: rebuilds examples/NAME/input.txt into a scratch
# folder, as docs/guide.md shows it (`huizong build examples/NAME/input.txt -o …`, run from
# the source tree, so the outputs cite the input as examples/NAME/input.txt:LINE), and
# compares every Markdown output with the one checked in under examples/NAME/out/.
# The date in the closing comment (<!-- huizong … 2026-12-01 -->) is the day of the run: it is
# left out of the comparison. With HUIZONG_UPDATE_GOLDEN=1 it rewrites examples/NAME/out/
# instead (the .md outputs and model.json; the HTML, Excel and Word outputs are left out of
# the tree) and says so.
# usage: examples_test.sh HUIZONG_BINARY SOURCE_DIR NAME
set -u
bin=$1
root=$2
name=$3
example="examples/$name"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root" || exit 1
[ -f "$example/input.txt" ] || { echo "FAIL: $example/input.txt is missing"; exit 1; }
"$bin" build "$example/input.txt" -o "$tmp/out" 2>"$tmp/stderr" || {
  echo "FAIL: huizong build $example/input.txt failed: $(cat "$tmp/stderr")"
  exit 1
}

if [ "${HUIZONG_UPDATE_GOLDEN:-}" = 1 ]; then
  rm -rf "$example/out"
  mkdir -p "$example/out"
  cp "$tmp/out/"*.md "$tmp/out/model.json" "$example/out/"
  echo "HUIZONG_UPDATE_GOLDEN: wrote $example/out/ ($(cd "$example/out" && ls | tr '\n' ' '))"
  exit 0
fi

# The text with the generation date replaced by DATE.
undated() {
  sed -E -e 's/^(由 huizong .* 于 )[0-9]{4}-[0-9]{2}-[0-9]{2}( 生成。)$/\1DATE\2/' \
    -e 's/^(<!-- huizong .* )[0-9]{4}-[0-9]{2}-[0-9]{2}( -->)$/\1DATE\2/' "$1"
}

failures=0
for want in "$example/out/"*.md; do
  [ -e "$want" ] || { echo "FAIL: $example/out/ holds no .md output (HUIZONG_UPDATE_GOLDEN=1 writes them)"; exit 1; }
  got="$tmp/out/$(basename "$want")"
  if [ ! -f "$got" ]; then
    echo "FAIL: huizong no longer writes $(basename "$want")"
    failures=$((failures + 1))
  elif ! diff -u --label "$want" --label "huizong build (now)" <(undated "$want") <(undated "$got") >"$tmp/diff"; then
    echo "FAIL: $want differs from what huizong writes now (first lines of the diff):"
    head -n 20 "$tmp/diff"
    failures=$((failures + 1))
  fi
done
for got in "$tmp/out/"*.md; do
  [ -f "$example/out/$(basename "$got")" ] || {
    echo "FAIL: huizong now writes $(basename "$got"), which $example/out/ does not hold"
    failures=$((failures + 1))
  }
done
if [ "$failures" -gt 0 ]; then
  echo "$failures difference(s); if the new outputs are right: HUIZONG_UPDATE_GOLDEN=1 ctest -R examples"
  exit 1
fi
echo "$example: every .md output matches"
