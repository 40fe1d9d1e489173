#!/usr/bin/env bash
# An edit of the page layout or the styles alone re-makes the pages (NAME.html) from the
# bodies of the pages already there, when those are what huizong wrote; an edit of the .docx
# styles, the Word files from NAME.md as it is there: the same bytes as a build from
# scratch, nothing else rewritten. A page edited by hand is kept (NAME.html.~1~) and made
# anew from its view, never from the edited body.
# usage: page_edits.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

mkdir -p "$tmp/tpl" "$tmp/sty" && cp -r "$root/templates/." "$tmp/tpl/" && cp -r "$root/styles/." "$tmp/sty/"
run() { "$bin" "$@" --templates "$tmp/tpl" --styles "$tmp/sty" 2>"$tmp/stderr" || fail "$1 failed: $(cat "$tmp/stderr")"; }
# Every file of two folders the same; .docx part by part but for its creation time
# (docProps/core.xml), the workbook not compared (its own zip times).
same_outputs() {
  for f in "$1"/*; do
    local name=$(basename "$f")
    case "$name" in
      *.xlsx) ;;
      *.docx)
        python3 - "$f" "$2/$name" <<'PY' || fail "$name differs from a build from scratch ($3)"
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
parts = lambda z: {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
sys.exit(parts(a) != parts(b))
PY
        ;;
      *) cmp -s "$f" "$2/$name" || fail "$name differs from a build from scratch ($3)" ;;
    esac
  done
}
wrote() { grep -o 'wrote [0-9]* file(s)[^;]*' "$tmp/stderr"; }
# wrote_only EXT WHAT: the last run wrote the five documents' .EXT files and nothing else.
wrote_only() {
  wrote | grep -q 'wrote 5 file(s)' || fail "$2 wrote other than the 5 .$1 files: $(cat "$tmp/stderr")"
  for doc in briefing compendium problems plans comparison; do
    wrote | grep -q "$doc.$1" || fail "$doc.$1 not written after $2"
  done
}

# as_fresh WHAT: the folder is as a build from scratch makes it.
as_fresh() {
  rm -rf "$tmp/fresh" && run build "$samples" -o "$tmp/fresh"
  same_outputs "$tmp/out" "$tmp/fresh" "$1"
}

run build "$samples" -o "$tmp/out"
grep -q '"body"' "$tmp/out/.huizong/state.json" || fail "state.json records no page body"

# The layout edited: the five pages, and only they, written; as a fresh build makes them.
sed -i 's|<title>|<title>【审定稿】|' "$tmp/tpl/layout.html.mustache"
grep -q '【审定稿】' "$tmp/tpl/layout.html.mustache" || fail "the layout has no <title> to edit"
run render "$tmp/out/model.json" -o "$tmp/out"
wrote_only html "a layout edit"
grep -q '【审定稿】' "$tmp/out/compendium.html" || fail "compendium.html is not in the new layout"
as_fresh "layout edited"

# A style edited: the same.
printf '\nh1 { letter-spacing: 0.1em; }\n' >>"$tmp/sty/print.css"
run render "$tmp/out/model.json" -o "$tmp/out"
wrote_only html "a style edit"
as_fresh "print.css edited"

# The Word styles edited: the five .docx, and only they, from the .md files there.
sed -i '0,/w:sz w:val="[0-9]*"/s//w:sz w:val="31"/' "$tmp/sty/docx/styles.xml"
grep -q 'w:sz w:val="31"' "$tmp/sty/docx/styles.xml" || fail "styles.xml has no w:sz to edit"
run render "$tmp/out/model.json" -o "$tmp/out"
wrote_only docx "a .docx style edit"
as_fresh ".docx styles edited"

# A page edited by hand, then the layout: the edit kept aside, the page made from its view.
sed -i 's|</h1>|</h1><p>办公室手改的一段</p>|' "$tmp/out/plans.html"
grep -q '办公室手改的一段' "$tmp/out/plans.html" || fail "could not edit plans.html by hand"
sed -i 's|【审定稿】|【送审稿】|' "$tmp/tpl/layout.html.mustache"
run render "$tmp/out/model.json" -o "$tmp/out"
grep -q '办公室手改的一段' "$tmp/out/plans.html.~1~" || fail "the hand edit is not kept in plans.html.~1~"
grep -q '办公室手改的一段' "$tmp/out/plans.html" && fail "plans.html was made from the hand-edited body"
rm -f "$tmp/out/plans.html.~1~"
as_fresh "after a hand edit"

# The .md left out of the outputs, the title changed: its file is out of date, never a
# source; the pages and Word files as a fresh build with that title makes them.
run render "$tmp/out/model.json" -o "$tmp/out" --title "县政府办公室2023年上半年工作综合汇报" --outputs html,docx
grep -q '县政府办公室2023年上半年工作综合汇报' "$tmp/out/briefing.html" || fail "briefing.html has not the new title"
grep -q '县政府办公室2023年上半年工作综合汇报' "$tmp/out/briefing.md" && fail "briefing.md, left out, was written"
rm -rf "$tmp/fresh" && run build "$samples" -o "$tmp/fresh" --title "县政府办公室2023年上半年工作综合汇报"
for f in briefing.html briefing.docx; do
  mkdir -p "$tmp/one_a" "$tmp/one_b" && cp "$tmp/out/$f" "$tmp/one_a/" && cp "$tmp/fresh/$f" "$tmp/one_b/"
done
same_outputs "$tmp/one_a" "$tmp/one_b" "--title with the .md left out"
run build "$samples" -o "$tmp/out"

# A recorded body that no longer fits the page (a damaged state): the page made from its view.
python3 - "$tmp/out/.huizong/state.json" <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p))
s["outputs"]["briefing.html"]["body"]["size"] = 10 ** 9
json.dump(s, open(p, "w"), ensure_ascii=False, indent=1)
PY
sed -i 's|【送审稿】|【终稿】|' "$tmp/tpl/layout.html.mustache"
run render "$tmp/out/model.json" -o "$tmp/out"
as_fresh "damaged body record"

finish
