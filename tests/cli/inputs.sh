#!/usr/bin/env bash
# Inputs as offices hand them over (issues 11 and 12): a folder with .doc/.wps/.pdf beside
# the .txt/.docx (one warning per skipped file, exit 0), the same file named (error, exit 2),
# lock and hidden files ignored, standard input, a file named twice, UTF-16 without a BOM,
# a renamed file, an unknown command.
# usage: inputs.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

sample="$samples/002_74ff4db203328043.txt"
mkdir -p "$tmp/in"
cp "$sample" "$tmp/in/a.txt"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old' >"$tmp/in/b.doc"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1wps' >"$tmp/in/c.wps"
printf '%%PDF-1.7\n' >"$tmp/in/d.pdf"
printf '{\\rtf1}' >"$tmp/in/e.rtf"
echo lock >"$tmp/in/~\$a.docx"
echo lock >"$tmp/in/.~lock.a.docx#"
echo hidden >"$tmp/in/.DS_Store"

# A folder: one warning per skipped file, naming it and how to convert it; exit 0.
"$bin" parse "$tmp/in" -o "$tmp/m.json" 2>"$tmp/stderr" || fail "a folder with .doc/.wps/.pdf should exit 0"
for f in b.doc c.wps d.pdf e.rtf; do
  [ "$(grep -c "$tmp/in/$f: warning: not read" "$tmp/stderr")" -eq 1 ] || fail "no single warning for $f: $(cat "$tmp/stderr")"
done
grep -q "save it as .docx" "$tmp/stderr" || fail "the warning does not say how to convert"
grep -q -e '~\$a.docx' -e '.~lock' -e 'DS_Store' "$tmp/stderr" && fail "lock or hidden files were warned about"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert len(m['sources'])==1" "$tmp/m.json" ||
  fail "the folder's .txt was not the only input read"

# The same files by name: one clear error listing the formats read, exit 2.
for f in b.doc c.wps d.pdf; do
  expect_error 2 "$tmp/in/$f" -- parse "$tmp/in/$f" -o "$tmp/out.json"
  grep -q ".txt (UTF-8, GB18030 or UTF-16) and .docx" "$tmp/stderr" || fail "$f: the error does not list the formats read"
done
# A PDF renamed .txt is named as what it is.
cp "$tmp/in/d.pdf" "$tmp/renamed.txt"
expect_error 2 "PDF" -- parse "$tmp/renamed.txt" -o "$tmp/out.json"

# `-` reads standard input.
"$bin" parse - -o "$tmp/stdin.json" <"$sample" 2>/dev/null || fail "parse - (standard input) failed"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert len(m['reports'])==4" "$tmp/stdin.json" ||
  fail "standard input did not give the sample's 4 reports"

# The same file twice, or through two paths: read once, no duplicate report ids.
bin_abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp/in" && "$bin_abs" parse a.txt ./a.txt "$tmp/in/a.txt" "$tmp/in" -o "$tmp/twice.json" 2>/dev/null) ||
  fail "the same file named twice failed"
python3 -c "
import json,sys; m=json.load(open(sys.argv[1])); ids=[r['id'] for r in m['reports']]
assert len(m['sources'])==1 and len(ids)==len(set(ids))==4, (len(m['sources']), ids)" "$tmp/twice.json" ||
  fail "a file named twice was read twice"

# UTF-16 without a byte-order mark is read (both byte orders).
for enc in UTF-16LE UTF-16BE; do
  python3 -c "import sys; open(sys.argv[2],'wb').write(open(sys.argv[1],encoding='utf-8').read().encode(sys.argv[3].lower().replace('-', '_')))" \
    "$sample" "$tmp/u16.txt" "$enc"
  "$bin" parse "$tmp/u16.txt" -o "$tmp/u16.json" 2>/dev/null || fail "$enc without BOM was not read"
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert m['sources'][0]['encoding']==sys.argv[2] and len(m['reports'])==4" \
    "$tmp/u16.json" "$enc" || fail "$enc without BOM: wrong encoding or reports"
done

# An unknown command is named.
expect_error 1 "pasre" -- pasre "$sample" -o "$tmp/out.json"

finish
