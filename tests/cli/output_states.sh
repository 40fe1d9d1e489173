# Shared by output_set.sh and output_kill.sh (sourced after common.sh): two input states A
# and B of one input folder ($tmp/in), the outputs of a fresh build of each in $tmp/ref_A
# and $tmp/ref_B, and the comparisons against them.
# Gives $outputs (every output but the workbook), use STATE, same_workbook and is_set.

outputs=(model.json briefing.md briefing.html briefing.docx compendium.md compendium.html compendium.docx
  problems.md problems.html problems.docx plans.md plans.html plans.docx comparison.md comparison.html
  comparison.docx)  # and comparison.xlsx, compared by same_workbook
mkdir -p "$tmp/A" "$tmp/B" "$tmp/in"
cp "$samples/002_74ff4db203328043.txt" "$tmp/A/r.txt"
cp "$samples/000_ccd03a349e8ccd45.txt" "$tmp/B/r.txt"
use() { cp "$tmp/$1/r.txt" "$tmp/in/r.txt"; }
for s in A B; do
  use $s
  "$bin" build "$tmp/in" -o "$tmp/ref_$s" 2>/dev/null || fail "reference build of state $s"
done

# same_workbook A.xlsx B.xlsx: the same parts, but for the creation time (docProps/core.xml).
same_workbook() {
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
names = sorted(n for n in a.namelist() if n != "docProps/core.xml")
sys.exit(names != sorted(n for n in b.namelist() if n != "docProps/core.xml") or
         any(a.read(n) != b.read(n) for n in names))
PY
}

# is_set DIR STATE: DIR holds exactly the outputs of a build of STATE (A, B), or of the
# build whose outputs are in the folder STATE names.
is_set() {
  local ref="$tmp/ref_$2"
  [ -d "$2" ] && ref=$2
  for f in "${outputs[@]}"; do cmp -s "$1/$f" "$ref/$f" || return 1; done
  same_workbook "$1/comparison.xlsx" "$ref/comparison.xlsx"
}
