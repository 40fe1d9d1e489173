#!/usr/bin/env bash
# Who wrote each report (issue 13): the unit's full name, one row per real unit, duplicates
# merged with a warning, no doubled level word in any output, --order in every output.
# usage: labels.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"
fixtures="$root/tests/data/labels"

# rows FILE: the unit column of the first table of comparison.md (one label a line).
rows() { awk '/^\| 单位 \|/ {t = 1; next} t && /^\| --- / {next} t && /^\| / {split($0, c, " \\| "); sub(/^\| /, "", c[1]); print c[1]; next} t {exit}' "$1"; }

# 1. No doubled level word in any output of the samples. A doubled character is allowed only
# where the second one starts a word of its own that the writers used: 市场 (XX市市场监督管理局,
# 全市市场主体), 市容 (城市市容) and 镇级 (绛帐镇镇级分拨中心, quoted from a report). model.json
# holds the reports' own words (我县县域, 全县县政), so there only the labels are checked.
"$bin" build "$samples" -o "$tmp/samples" 2>"$tmp/stderr" || fail "build samples/ failed: $(cat "$tmp/stderr")"
doubled='(镇镇|乡乡|县县|区区|市市|街道街道)'
allowed='(市市[场容]|镇镇级)'
checked=0
for f in "$tmp/samples"/*.md "$tmp/samples"/*.html "$tmp/samples"/*.docx "$tmp/samples"/*.xlsx; do
  case "$f" in
  *.docx | *.xlsx) text=$(unzip -p "$f" '*.xml') ;; # the document's and the sheets' XML
  *) text=$(cat "$f") ;;
  esac
  [ -n "$text" ] || fail "$(basename "$f"): no text read"
  bad=$(printf '%s' "$text" | grep -oE ".{0,6}$doubled.?" | grep -vE "$allowed" | sort -u | head -5)
  [ -z "$bad" ] || fail "$(basename "$f") holds a doubled level word: $bad"
  checked=$((checked + 1))
done
[ "$checked" -eq 16 ] || fail "expected 16 documents to check, found $checked"
python3 - "$tmp/samples/model.json" <<'PY' || fail "a label in model.json doubles its level word"
import json, re, sys
labels = [r["org"]["label"] for r in json.load(open(sys.argv[1]))["reports"] if r["org"].get("label")]
assert len(labels) > 50, len(labels)
bad = [l for l in labels if re.search("镇镇|乡乡|县县|区区|市市(?![场容])|街道街道", l)]
assert not bad, bad
PY

# 2a. 县妇联/县残联/县科协/县工商联/团县委: five rows, each under its full name.
"$bin" build "$fixtures/mass_groups" -o "$tmp/groups" 2>"$tmp/stderr" || fail "build mass_groups: $(cat "$tmp/stderr")"
rows "$tmp/groups/comparison.md" >"$tmp/rows"
[ "$(wc -l <"$tmp/rows")" -eq 5 ] || fail "mass groups: expected 5 rows, got: $(tr '\n' ' ' <"$tmp/rows")"
[ "$(sort -u "$tmp/rows" | wc -l)" -eq 5 ] || fail "mass groups: rows not distinct: $(tr '\n' ' ' <"$tmp/rows")"
for name in 妇女联合会 残疾人联合会 科学技术协会 工商业联合会 共青团; do
  [ "$(grep -c "$name" "$tmp/rows")" -eq 1 ] || fail "mass groups: no single row with the full name $name: $(tr '\n' ' ' <"$tmp/rows")"
done
grep -qx '县\|县人民政府' "$tmp/rows" && fail "mass groups read as the county itself"

# 2b. The 商务局 of a county and of a district: two rows, each with its place.
"$bin" build "$fixtures/commerce" -o "$tmp/commerce" 2>/dev/null || fail "build commerce"
rows "$tmp/commerce/comparison.md" >"$tmp/rows"
[ "$(tr '\n' ' ' <"$tmp/rows")" = "XX县商务局 XX区商务局 " ] || fail "commerce: rows $(tr '\n' ' ' <"$tmp/rows")"

# 2c. Two towns masked as XX镇 with different bodies: two units, not one.
"$bin" build "$fixtures/towns" -o "$tmp/towns" 2>"$tmp/stderr" || fail "build towns"
rows "$tmp/towns/comparison.md" >"$tmp/rows"
[ "$(wc -l <"$tmp/rows")" -eq 2 ] || fail "masked towns: expected 2 rows, got: $(tr '\n' ' ' <"$tmp/rows")"
grep -q '2 个单位' "$tmp/towns/comparison.md" || fail "masked towns: not counted as 2 units"
grep -q 'same body' "$tmp/stderr" && fail "masked towns with different bodies taken as duplicates"

# 2d. The same body under two titles: one row listing both sources, a warning naming both.
"$bin" build "$fixtures/same_body" -o "$tmp/dup" 2>"$tmp/stderr" || fail "build same_body"
rows "$tmp/dup/comparison.md" >"$tmp/rows"
[ "$(tr '\n' ' ' <"$tmp/rows")" = "XX县水务局 " ] || fail "same body: rows $(tr '\n' ' ' <"$tmp/rows")"
grep -q '1 个单位' "$tmp/dup/comparison.md" || fail "same body: not one unit"
grep -E '^\| XX县水务局 \| [^|]+ \| ' "$tmp/dup/comparison.md" | grep -qE 'report.txt:1.*summary.txt:1|summary.txt:1.*report.txt:1' ||
  fail "same body: the row does not list both sources"
grep 'warning' "$tmp/stderr" | grep 'report.txt' | grep -q 'summary.txt' || fail "same body: no warning naming both files: $(cat "$tmp/stderr")"

# 3. --order: the listed units first in the listed order (an unknown one skipped), the others
# after them in the order they appear; in the table, the compendium and the workbook.
printf '共青团县委员会\n县科学技术协会\n不存在的单位\n县妇女联合会\n' >"$tmp/units.txt"
"$bin" build "$fixtures/mass_groups" -o "$tmp/ordered" --order "$tmp/units.txt" 2>"$tmp/stderr" || fail "build --order: $(cat "$tmp/stderr")"
want="共青团县委员会 县科学技术协会 县妇女联合会 县残疾人联合会 县工商业联合会 "
[ "$(rows "$tmp/ordered/comparison.md" | tr '\n' ' ')" = "$want" ] ||
  fail "--order comparison.md: $(rows "$tmp/ordered/comparison.md" | tr '\n' ' ')"
got=$(grep -E '^## ' "$tmp/ordered/compendium.md" | sed -E 's/^## [一二三四五六七八九十]+、//; s/（.*//' | tr '\n' ' ')
[ "$got" = "$want" ] || fail "--order compendium.md: $got"
# 对比表 is the first sheet; its unit cells, in row order, are the labels (shared strings).
got=$(python3 - "$tmp/ordered/comparison.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
def text(xml):
    return "".join(re.findall(r"<t[^>]*>([^<]*)</t>", xml))
shared = [text(si) for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
sheet = z.read("xl/worksheets/sheet1.xml").decode()
units = []
for cell in re.findall(r'<c r="A\d+"[^>]*t="s"[^>]*><v>(\d+)</v>', sheet):
    s = shared[int(cell)]
    if s.endswith(("联合会", "协会", "委员会")) and s not in units:
        units.append(s)
print(" ".join(units) + " ", end="")
PY
)
[ "$got" = "$want" ] || fail "--order comparison.xlsx 对比表: $got"
# Without --order the units keep the order of the inputs (so the check above is not by chance).
[ "$(rows "$tmp/groups/comparison.md" | head -1)" = "县妇女联合会" ] || fail "default order is not the inputs' order"

finish
