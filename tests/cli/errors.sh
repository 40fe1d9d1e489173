#!/usr/bin/env bash
# Usage and input/output errors: exit codes, one clear error line naming the file, and no
# output written (or an earlier one left intact) when something is wrong.
# usage: errors.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

# Help and usage.
"$bin" parse --help >"$tmp/help" 2>&1 || fail "--help exit code"
grep -q 'Example' "$tmp/help" || fail "--help has no example"
"$bin" >/dev/null 2>&1; [ $? -eq 1 ] || fail "no subcommand should be a usage error (1)"
"$bin" parse "$samples" >/dev/null 2>&1; [ $? -eq 1 ] || fail "missing -o should be a usage error (1)"
expect_error 1 "nosuch" -- render --print-default-template nosuch

# Inputs are never overwritten: an output that is an input (by any path or link), or an
# output folder holding an input, is a usage error before anything is written.
mkdir "$tmp/own"
cp "$samples/002_74ff4db203328043.txt" "$tmp/own/r.txt"
expect_error 1 "the output is the input" -- parse "$tmp/own/r.txt" -o "$tmp/own/r.txt"
cmp -s "$tmp/own/r.txt" "$samples/002_74ff4db203328043.txt" || fail "parse -o INPUT changed the input"
ln -s r.txt "$tmp/own/link.json"
expect_error 1 "the output is the input" -- parse "$tmp/own/r.txt" -o "$tmp/own/link.json"
cmp -s "$tmp/own/r.txt" "$samples/002_74ff4db203328043.txt" || fail "parse -o LINK-TO-INPUT changed the input"
expect_error 1 "the output folder holds the input" -- build "$tmp/own" -o "$tmp/own"
[ ! -e "$tmp/own/briefing.md" ] || fail "build -o INPUT-FOLDER wrote outputs beside the inputs"

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
# A build that meets a bad file while parsing (after the output folder was taken) leaves
# no folder it made, and an earlier build's outputs as they were.
mkdir "$tmp/mixed" && cp "$samples/002_74ff4db203328043.txt" "$tmp/mixed/a.txt" && echo "not a zip" >"$tmp/mixed/z.docx"
"$bin" build "$tmp/mixed" -o "$tmp/mixed_out" >/dev/null 2>&1 && fail "build with a damaged .docx succeeded"
[ ! -e "$tmp/mixed_out" ] || fail "a failed build left the output folder it made"
"$bin" build "$tmp/mixed/a.txt" -o "$tmp/mixed_out" >/dev/null 2>&1 || fail "build of a good file failed"
cp "$tmp/mixed_out/briefing.md" "$tmp/briefing_before.md"
"$bin" build "$tmp/mixed" -o "$tmp/mixed_out" >/dev/null 2>&1 && fail "build with a damaged .docx succeeded"
cmp -s "$tmp/mixed_out/briefing.md" "$tmp/briefing_before.md" || fail "a failed build changed the earlier outputs"
[ -z "$(ls -A "$tmp/mixed_out/.huizong" | grep staging)" ] || fail "a failed build left its staging folder"
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
# render of a model that is not there.
expect_error 2 "$tmp/missing.json" -- render "$tmp/missing.json" -o "$tmp/out"

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
cp "$tmp/new/dir/model.json" "$tmp/keep.json"
"$bin" parse "$tmp/empty.txt" -o "$tmp/new/dir/model.json" 2>/dev/null
cmp -s "$tmp/new/dir/model.json" "$tmp/keep.json" || fail "a failed run changed the earlier model"

finish
