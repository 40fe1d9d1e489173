#!/usr/bin/env bash
# build writes every output; a second build and a render after an edit rewrite only what
# changed; a template error leaves the outputs as they were.
# usage: build_render.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

mkdir -p "$tmp/tpl" && cp -r "$root/templates/." "$tmp/tpl/"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build failed: $(cat "$tmp/stderr")"
for f in model.json briefing.md briefing.html briefing.docx problems.md problems.html problems.docx plans.md plans.html plans.docx comparison.md comparison.html comparison.docx comparison.xlsx compendium.md compendium.html compendium.docx; do
  [ -s "$tmp/out/$f" ] || fail "build did not write $f"
done
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "second build failed"
grep -q 'wrote 0 file(s).*17 unchanged' "$tmp/stderr" || fail "a build with nothing changed should rewrite nothing: $(cat "$tmp/stderr")"
grep -q '3 file(s) unchanged since the last build' "$tmp/stderr" || fail "a build with nothing changed should parse nothing: $(cat "$tmp/stderr")"

# A build whose inputs did not change takes model.json as it stands (.huizong/build.json):
# it still prints the parse's warnings, notices a file changed behind an old mtime, renders
# a template edit, and gives what a fresh build of the same files gives, byte for byte.
mkdir -p "$tmp/in" && cp "$samples"/*.txt "$tmp/in/"
sleep 3  # past the clock tick within which a stamp is not trusted
"$bin" build "$tmp/in" -o "$tmp/same" 2>"$tmp/first" || fail "build of copied samples failed"
"$bin" build "$tmp/in" -o "$tmp/same" 2>"$tmp/stderr" || fail "no-change build failed"
grep -q 'unchanged since the last build (model.json kept), 103 report(s), 5 warning(s)' "$tmp/stderr" ||
  fail "a no-change build should report the reports and warnings of the parse: $(cat "$tmp/stderr")"
[ "$(grep -c ': warning: ' "$tmp/stderr")" -eq "$(grep -c ': warning: ' "$tmp/first")" ] ||
  fail "a no-change build should print each warning again"
# The record vouches for itself: edited, it is not used (the files are checked against model.json).
sed -i 's/declares 8 reports but holds 9/& (edited)/' "$tmp/same/.huizong/build.json"
"$bin" build "$tmp/in" -o "$tmp/same" 2>"$tmp/stderr" || fail "build over an edited build.json failed"
grep -q '(edited)' "$tmp/stderr" && fail "an edited build.json should not be trusted"
grep -q '(0 parsed, 3 unchanged)' "$tmp/stderr" || fail "an edited build.json should cost a check of each file: $(cat "$tmp/stderr")"
"$bin" build "$tmp/in" -o "$tmp/same" 2>"$tmp/stderr" || fail "no-change build failed"
grep -q 'unchanged since the last build' "$tmp/stderr" || fail "the record should be made again: $(cat "$tmp/stderr")"
# A pipe is read by the parse alone: its new content is parsed (a check would drain it).
"$bin" build /dev/stdin -o "$tmp/piped" <"$(ls "$tmp/in"/*.txt | head -1)" 2>/dev/null || fail "build of standard input failed"
"$bin" build /dev/stdin -o "$tmp/piped" <"$(ls "$tmp/in"/*.txt | tail -1)" 2>"$tmp/stderr" ||
  fail "a second build of a pipe with other content failed: $(cat "$tmp/stderr")"
one=$(ls "$tmp/in"/*.txt | head -1)
sed -i '0,/。/s//；/' "$one" && touch -d "2020-01-01" "$one"  # same size, old mtime; ctime moves
"$bin" build "$tmp/in" -o "$tmp/same" 2>"$tmp/stderr" || fail "build after an edit behind an old mtime failed"
grep -q '(1 parsed, 2 unchanged)' "$tmp/stderr" || fail "a file changed behind an old mtime should be parsed: $(cat "$tmp/stderr")"
cp -r "$tmp/tpl" "$tmp/tpl2" && echo "本办补充说明二" >>"$tmp/tpl2/problems.md.mustache"
rm -f "$tmp/same/.huizong/"*.cbor  # the views then come from model.json
"$bin" build "$tmp/in" -o "$tmp/same" --templates "$tmp/tpl2" 2>"$tmp/stderr" || fail "build after a template edit failed"
grep -q '3 file(s) unchanged since the last build' "$tmp/stderr" || fail "a template edit should parse nothing: $(cat "$tmp/stderr")"
"$bin" build "$tmp/in" -o "$tmp/fresh" --templates "$tmp/tpl2" 2>/dev/null || fail "fresh build failed"
for f in model.json problems.md briefing.md comparison.md compendium.html; do
  cmp -s "$tmp/same/$f" "$tmp/fresh/$f" || fail "$f of a no-change build differs from a fresh build's"
done
echo '{"form":' >"$tmp/same/.huizong/build.json"  # damaged: not trusted, the build parses or reuses
"$bin" build "$tmp/in" -o "$tmp/same" --templates "$tmp/tpl2" 2>"$tmp/stderr" || fail "build over a damaged build.json failed"
grep -q 'wrote 0 file(s)' "$tmp/stderr" || fail "a damaged build.json should only cost a parse: $(cat "$tmp/stderr")"

# A model written by another build of huizong (another parser) is not reused.
cp -r "$tmp/out" "$tmp/out_other"
sed -i 's/"generator":"huizong [^"]*"/"generator":"huizong 0.0.9+000000000000"/' "$tmp/out_other/model.json"
"$bin" build "$samples" -o "$tmp/out_other" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build over another build's model failed"
grep -q '(3 parsed, 0 unchanged)' "$tmp/stderr" || fail "another build's model should not be reused: $(cat "$tmp/stderr")"

# A model.json edited by hand is not taken for the files it came from: they are parsed again
# (the edit kept as model.json.~1~, as any output edited by hand).
cp -r "$tmp/out" "$tmp/out_edited"
sed -i '0,/"title":"/s//"title":"手改标题/' "$tmp/out_edited/model.json"
"$bin" build "$samples" -o "$tmp/out_edited" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build over an edited model failed"
grep -q '(3 parsed, 0 unchanged)' "$tmp/stderr" || fail "an edited model should not be reused: $(cat "$tmp/stderr")"
grep -q '手改标题' "$tmp/out_edited/model.json" && fail "a hand edit of model.json was carried into the new model"
grep -q '手改标题' "$tmp/out_edited/model.json.~1~" || fail "the edited model.json should be kept as model.json.~1~"

# render after one template edit rewrites the three outputs of that template (.md, .html, .docx).
echo "本办补充说明" >>"$tmp/tpl/plans.md.mustache"
"$bin" render "$tmp/out/model.json" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "render failed"
grep -q 'wrote 3 file(s)' "$tmp/stderr" || fail "render after one template edit should rewrite 3 files: $(cat "$tmp/stderr")"
grep -q '本办补充说明' "$tmp/out/plans.md" || fail "template edit not in plans.md"

# A template error: exit 4, file and line named, the output left as it was.
echo "{{#unclosed" >>"$tmp/tpl/briefing.md.mustache"
cp "$tmp/out/briefing.md" "$tmp/briefing.before"
expect_error 4 "briefing.md.mustache:" -- render "$tmp/out/model.json" -o "$tmp/out" --templates "$tmp/tpl"
cmp -s "$tmp/out/briefing.md" "$tmp/briefing.before" || fail "a template error changed briefing.md"
"$bin" render --print-default-template briefing.md | grep -q '{{#themes}}' || fail "--print-default-template"

finish
