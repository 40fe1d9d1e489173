#!/usr/bin/env bash
# A clerk's working folder: `huizong init` makes huizong.json and copies to edit; a build
# run in the folder uses them without any option; an edit shows in the next build; the
# command line wins over huizong.json; a bad huizong.json is an error with file:line.
# usage: office.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

"$bin" init "$tmp/office" >"$tmp/init.out" 2>&1 || fail "init failed: $(cat "$tmp/init.out")"
for f in huizong.json templates/briefing.md.mustache templates/documents.json styles/print.css styles/docx \
  lexicons/labels.json in; do
  [ -e "$tmp/office/$f" ] || fail "init did not make $f"
done
grep -q "huizong build in/ -o out/" "$tmp/init.out" || fail "init does not say what to do next: $(cat "$tmp/init.out")"
"$bin" init "$tmp/office" >/dev/null 2>"$tmp/stderr" && fail "a second init over the same folder should refuse"
grep -q "huizong.json" "$tmp/stderr" || fail "a second init should name huizong.json: $(cat "$tmp/stderr")"

cp "$samples"/000_*.txt "$tmp/office/in/"
# The folder's template, edited before the first build, is the one used: no option given.
sed -i 's/^## 一、总体情况$/## 一、本办总体情况/' "$tmp/office/templates/briefing.md.mustache"
(cd "$tmp/office" && "$bin" build in/ -o out/ 2>"$tmp/stderr") || fail "build in the folder failed: $(cat "$tmp/stderr")"
grep -q '^## 一、本办总体情况' "$tmp/office/out/briefing.md" || fail "the folder's template was not used"
# An edit between two builds shows in the next one, and only its outputs are rewritten.
sed -i 's/^## 一、本办总体情况$/## 一、全县总体情况/' "$tmp/office/templates/briefing.md.mustache"
(cd "$tmp/office" && "$bin" build in/ -o out/ 2>"$tmp/stderr") || fail "second build failed: $(cat "$tmp/stderr")"
grep -q '^## 一、全县总体情况' "$tmp/office/out/briefing.md" || fail "the template edit did not show in the next build"
grep -q '<h2>一、全县总体情况</h2>' "$tmp/office/out/briefing.html" || fail "the template edit is not in briefing.html"
grep -q 'wrote 3 file(s)' "$tmp/stderr" || fail "a template edit should rewrite the briefing's 3 files: $(cat "$tmp/stderr")"

# Office, title and outputs from huizong.json; paths relative to the file, from anywhere.
python3 - "$tmp/office/huizong.json" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('"office": ""', '"office": "某县人民政府办公室"').replace('"title": ""', '"title": "{office}工作综述"')
s = s.replace('"outputs": []', '"outputs": ["briefing.md", "xlsx"]')
open(p, "w", encoding="utf-8").write(s)
PY
echo '落款：{{office}}' >>"$tmp/office/templates/briefing.md.mustache"
"$bin" build "$tmp/office/in" -o "$tmp/out2" --config "$tmp/office/huizong.json" 2>"$tmp/stderr" ||
  fail "build with --config failed: $(cat "$tmp/stderr")"
[ "$(ls "$tmp/out2" | tr '\n' ' ')" = "briefing.md comparison.xlsx model.json " ] ||
  fail "outputs in huizong.json not followed: $(ls "$tmp/out2" | tr '\n' ' ')"
head -1 "$tmp/out2/briefing.md" | grep -q '某县人民政府办公室工作综述$' || fail "title pattern not used: $(head -1 "$tmp/out2/briefing.md")"
grep -q '^落款：某县人民政府办公室$' "$tmp/out2/briefing.md" || fail "{{office}} not the office of huizong.json"
grep -q '^## 一、全县总体情况' "$tmp/out2/briefing.md" || fail "--config: templates not taken relative to the file"
# The command line wins.
"$bin" build "$tmp/office/in" -o "$tmp/out2" --config "$tmp/office/huizong.json" --title "综合报告" --outputs md \
  --templates "$root/templates" 2>"$tmp/stderr" || fail "build with overriding options failed: $(cat "$tmp/stderr")"
head -1 "$tmp/out2/briefing.md" | grep -qx '# 综合报告' || fail "--title did not override huizong.json, or the period was put before the office's own title: $(head -1 "$tmp/out2/briefing.md")"
[ -e "$tmp/out2/plans.md" ] || fail "--outputs md did not override huizong.json"
grep -q '^## 一、总体情况' "$tmp/out2/briefing.md" || fail "--templates did not override huizong.json"

# A typo in huizong.json: an error naming the file, its line and the key.
sed -i 's/"outputs"/"output"/' "$tmp/office/huizong.json"
line=$(grep -n '"output"' "$tmp/office/huizong.json" | cut -d: -f1)
(cd "$tmp/office" && expect_error 2 "huizong.json:$line: \"output\"" -- build in/ -o "$tmp/out.json")
expect_error 1 "nothing.json" -- build "$samples" -o "$tmp/out.json" --config "$tmp/nothing.json"
expect_error 1 "brief" -- build "$samples" -o "$tmp/out.json" --outputs brief

finish
