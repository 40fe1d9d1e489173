#!/usr/bin/env bash
# The command line as a user meets it: exit codes, one clear error line naming the file,
# and no output file written (or an earlier one left intact) when something is wrong.
# usage: cli_test.sh HUIZONG_BINARY SAMPLES_DIR
set -u
bin=$1
samples=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE NAME_IN_ERROR -- ARGS...: runs huizong, checks exit code, that stderr is one
# line naming the file, and that no model was written.
expect_error() {
  local code=$1 needle=$2
  shift 3
  rm -f "$tmp/out.json"
  "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "$* -> exit $rc, expected $code ($(cat "$tmp/stderr"))"
  [ "$(wc -l <"$tmp/stderr")" -eq 1 ] || fail "$* -> stderr is not one line: $(cat "$tmp/stderr")"
  grep -qF -- "$needle" "$tmp/stderr" || fail "$* -> error does not name '$needle': $(cat "$tmp/stderr")"
  grep -q '^huizong: ' "$tmp/stderr" || fail "$* -> error does not start with 'huizong: '"
  [ ! -e "$tmp/out.json" ] || fail "$* -> wrote $tmp/out.json despite the error"
}

# Success on the real samples, with the declared-count warning of the first compilation.
"$bin" parse "$samples" -o "$tmp/model.json" --list >"$tmp/list" 2>"$tmp/stderr" || fail "parse samples/ failed: $(cat "$tmp/stderr")"
[ -s "$tmp/model.json" ] || fail "no model written"
grep -q 'declares 8 reports but holds 9' "$tmp/stderr" || fail "declared count warning missing: $(cat "$tmp/stderr")"
grep -q 'parsed 3 file(s), 103 report(s)' "$tmp/stderr" || fail "summary line wrong: $(tail -1 "$tmp/stderr")"
[ "$(wc -l <"$tmp/list")" -eq 103 ] || fail "--list does not print one line per report"
python3 - "$tmp/model.json" <<'PY' || fail "model is not valid JSON with schema and reports"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["schema"] == "huizong.model" and m["version"] == 1 and len(m["reports"]) == 103
PY

# The streamed parse writes exactly the model that build keeps.
"$bin" build "$samples" -o "$tmp/same" 2>/dev/null || fail "build for the model comparison"
cmp -s "$tmp/model.json" "$tmp/same/model.json" || fail "parse and build wrote different models"

# Help and usage.
"$bin" parse --help >"$tmp/help" 2>&1 || fail "--help exit code"
grep -q 'Example' "$tmp/help" || fail "--help has no example"
"$bin" >/dev/null 2>&1; [ $? -eq 1 ] || fail "no subcommand should be a usage error (1)"
"$bin" parse "$samples" >/dev/null 2>&1; [ $? -eq 1 ] || fail "missing -o should be a usage error (1)"

# Bad input: exit 2, file named, nothing written.
expect_error 2 "$tmp/missing.txt" -- parse "$tmp/missing.txt" -o "$tmp/out.json"
mkdir "$tmp/empty_dir"
expect_error 2 "$tmp/empty_dir" -- parse "$tmp/empty_dir" -o "$tmp/out.json"
: >"$tmp/empty.txt"
expect_error 2 "$tmp/empty.txt" -- parse "$tmp/empty.txt" -o "$tmp/out.json"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00' >"$tmp/image.txt"
expect_error 2 "$tmp/image.txt" -- parse "$tmp/image.txt" -o "$tmp/out.json"
printf '一、工作情况\n\xff\xfe\xfa\xfb bad bytes\n' >"$tmp/invalid.txt"
expect_error 2 "$tmp/invalid.txt" -- parse "$tmp/invalid.txt" -o "$tmp/out.json"
# One bad file among good ones still fails the run, and names the bad one.
expect_error 2 "$tmp/empty.txt" -- parse "$samples/002_74ff4db203328043.txt" "$tmp/empty.txt" -o "$tmp/out.json"

# --keep-going: good files are still parsed, the bad one is reported, exit 2.
"$bin" parse "$samples/002_74ff4db203328043.txt" "$tmp/empty.txt" "$tmp/missing.txt" -o "$tmp/kg.json" --keep-going 2>"$tmp/stderr"
[ $? -eq 2 ] || fail "--keep-going with a bad input should exit 2"
grep -q "$tmp/empty.txt" "$tmp/stderr" && grep -q "$tmp/missing.txt" "$tmp/stderr" || fail "--keep-going did not name the bad inputs"
python3 -c "import json,sys; m=json.load(open(sys.argv[1])); assert len(m['sources'])==1 and len(m['reports'])==4" "$tmp/kg.json" ||
  fail "--keep-going did not write the good file's reports"

# Output errors: exit 3; an earlier model is left intact.
expect_error 3 "$tmp/empty.txt/sub" -- parse "$samples" -o "$tmp/empty.txt/sub/out.json"
"$bin" parse "$samples/002_74ff4db203328043.txt" -o "$tmp/new/dir/model.json" 2>/dev/null || fail "-o into a new directory"
[ -s "$tmp/new/dir/model.json" ] || fail "-o did not create the missing directory"
cp "$tmp/model.json" "$tmp/keep.json"
"$bin" parse "$tmp/empty.txt" -o "$tmp/model.json" 2>/dev/null
cmp -s "$tmp/model.json" "$tmp/keep.json" || fail "a failed run changed the earlier model"

# build writes every output; render after a template edit rewrites only what changed.
mkdir -p "$tmp/tpl" && cp -r "$(dirname "$0")/../templates/." "$tmp/tpl/"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build failed: $(cat "$tmp/stderr")"
for f in model.json briefing.md briefing.html problems.md problems.html plans.md plans.html comparison.md comparison.html comparison.xlsx; do
  [ -s "$tmp/out/$f" ] || fail "build did not write $f"
done
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "second build failed"
grep -q 'wrote 0 file(s).*10 unchanged' "$tmp/stderr" || fail "a build with nothing changed should rewrite nothing: $(cat "$tmp/stderr")"
grep -q '(0 parsed, 3 unchanged)' "$tmp/stderr" || fail "a build with nothing changed should parse nothing: $(cat "$tmp/stderr")"
# A model written by another build of huizong (another parser) is not reused.
cp -r "$tmp/out" "$tmp/out_other"
sed -i 's/"generator":"huizong [^"]*"/"generator":"huizong 0.0.9+000000000000"/' "$tmp/out_other/model.json"
"$bin" build "$samples" -o "$tmp/out_other" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build over another build's model failed"
grep -q '(3 parsed, 0 unchanged)' "$tmp/stderr" || fail "another build's model should not be reused: $(cat "$tmp/stderr")"
echo "本办补充说明" >>"$tmp/tpl/plans.md.mustache"
"$bin" render "$tmp/out/model.json" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "render failed"
grep -q 'wrote 2 file(s)' "$tmp/stderr" || fail "render after one template edit should rewrite 2 files: $(cat "$tmp/stderr")"
grep -q '本办补充说明' "$tmp/out/plans.md" || fail "template edit not in plans.md"
echo "{{#unclosed" >>"$tmp/tpl/briefing.md.mustache"
cp "$tmp/out/briefing.md" "$tmp/briefing.before"
expect_error 4 "briefing.md.mustache:" -- render "$tmp/out/model.json" -o "$tmp/out" --templates "$tmp/tpl"
cmp -s "$tmp/out/briefing.md" "$tmp/briefing.before" || fail "a template error changed briefing.md"
"$bin" render --print-default-template briefing.md | grep -q '{{#groups}}' || fail "--print-default-template"
expect_error 1 "nosuch" -- render --print-default-template nosuch
expect_error 2 "$tmp/missing.json" -- render "$tmp/missing.json" -o "$tmp/out"

# watch: regenerates on a template edit, keeps running after an error, stops on SIGINT.
cp -r "$(dirname "$0")/../templates/." "$tmp/tpl/"
"$bin" watch "$samples/002_74ff4db203328043.txt" -o "$tmp/wout" --templates "$tmp/tpl" 2>"$tmp/watch.log" &
watch_pid=$!
for _ in $(seq 50); do grep -q 'watching' "$tmp/watch.log" && break; sleep 0.1; done
echo "{{#broken" >>"$tmp/tpl/problems.md.mustache"
for _ in $(seq 50); do grep -q 'previous outputs kept' "$tmp/watch.log" && break; sleep 0.1; done
cp -r "$(dirname "$0")/../templates/problems.md.mustache" "$tmp/tpl/problems.md.mustache"
echo "监视模式生效" >>"$tmp/tpl/plans.md.mustache"
for _ in $(seq 50); do grep -q '监视模式生效' "$tmp/wout/plans.md" 2>/dev/null && break; sleep 0.1; done
grep -q '监视模式生效' "$tmp/wout/plans.md" || fail "watch did not re-render after a template edit: $(cat "$tmp/watch.log")"
grep -q 'previous outputs kept' "$tmp/watch.log" || fail "watch did not report the template error"
kill -INT "$watch_pid"
wait "$watch_pid"
[ $? -eq 0 ] || fail "watch did not exit 0 on SIGINT"
grep -q 'stopped watching' "$tmp/watch.log" || fail "watch did not say it stopped"

# inspect: every line accounted for, the ##paidbegin## marker shown in the ledger.
"$bin" inspect "$samples/002_74ff4db203328043.txt" >"$tmp/inspect" 2>/dev/null || fail "inspect failed"
grep -q 'UNASSIGNED' "$tmp/inspect" && fail "inspect shows unassigned lines"
grep -qE '^ +7  ledger: marker \(##paidbegin##\) \+ report 1' "$tmp/inspect" || fail "inspect does not show the marker on line 7"
grep -qE '^ +95  ledger: marker' "$tmp/inspect" || fail "inspect does not show ##paidend## in the ledger"

# A 50 MB file with one line is not a work summary: clear error, nothing written.
head -c 52428800 /dev/zero | tr '\0' 'a' >"$tmp/oneline.txt"
expect_error 2 "$tmp/oneline.txt" -- parse "$tmp/oneline.txt" -o "$tmp/out.json"
# Truncated UTF-8 at the end of Chinese text.
head -c 100 "$samples/000_ccd03a349e8ccd45.txt" >"$tmp/truncated.txt"
printf '\xe5\xb7' >>"$tmp/truncated.txt"
expect_error 2 "$tmp/truncated.txt" -- parse "$tmp/truncated.txt" -o "$tmp/out.json"
# A corrupt .docx.
head -c 3000 /dev/urandom >"$tmp/broken.docx"
expect_error 2 "$tmp/broken.docx" -- parse "$tmp/broken.docx" -o "$tmp/out.json"

# SIGKILL during render: every output is either the previous one or a complete new one.
mkdir -p "$tmp/kill/lex" && cp "$(dirname "$0")/../lexicons/"*.json "$tmp/kill/lex/"
"$bin" build "$samples" -o "$tmp/kill/out" 2>/dev/null || fail "build for the kill test"
cp -r "$tmp/kill/out" "$tmp/kill/old"
sed -i 's/"其他"/"其它"/' "$tmp/kill/lex/themes.json"   # changes every output
"$bin" render "$tmp/kill/out/model.json" -o "$tmp/kill/new" --lexicons "$tmp/kill/lex" 2>/dev/null || fail "reference render"
for delay in 0.02 0.05 0.1 0.2 0.3; do
  rm -rf "$tmp/kill/out" && cp -r "$tmp/kill/old" "$tmp/kill/out"
  "$bin" render "$tmp/kill/out/model.json" -o "$tmp/kill/out" --lexicons "$tmp/kill/lex" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  for f in briefing.md briefing.html problems.md problems.html plans.md plans.html comparison.md comparison.html model.json; do
    cmp -s "$tmp/kill/out/$f" "$tmp/kill/old/$f" || cmp -s "$tmp/kill/out/$f" "$tmp/kill/new/$f" ||
      fail "after SIGKILL at ${delay}s, $f is neither the previous nor the new output"
  done
  python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$tmp/kill/out/comparison.xlsx" ||
    fail "after SIGKILL at ${delay}s, comparison.xlsx is damaged"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all CLI checks passed"
