#!/usr/bin/env bash
# Hand edits are never lost: an output whose content is not what huizong last wrote there
# is kept as FILE.~N~ (GNU numbered backups) before it is replaced, with one warning naming
# both; --force replaces it without a copy; outputs huizong wrote itself are never kept,
# even when a killed run left them before its state landed.
# usage: hand_edits.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

backups() { (cd "$1" && ls | grep -F '.~' | tr '\n' ' '); }
mkdir -p "$tmp/tpl" && cp -r "$root/templates/." "$tmp/tpl/"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build failed: $(cat "$tmp/stderr")"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "second build failed"
[ -z "$(backups "$tmp/out")" ] || fail "builds without hand edits kept copies: $(backups "$tmp/out")"

# Edit out/briefing.md by hand, change a template, render: the edit survives in briefing.md.~1~.
echo "办公室手工补充的一段话" >>"$tmp/out/briefing.md"
sed -i 's/^## 一、总体情况$/## 一、全县总体情况/' "$tmp/tpl/briefing.md.mustache"
"$bin" render "$tmp/out/model.json" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "render failed"
grep -q '办公室手工补充的一段话' "$tmp/out/briefing.md.~1~" || fail "the hand edit is not in briefing.md.~1~"
grep -q '办公室手工补充的一段话' "$tmp/out/briefing.md" && fail "briefing.md still holds the hand edit"
grep -q '^## 一、全县总体情况' "$tmp/out/briefing.md" || fail "briefing.md was not rendered anew"
[ "$(grep -c 'warning' "$tmp/stderr")" -eq 1 ] || fail "expected one warning: $(cat "$tmp/stderr")"
grep 'warning' "$tmp/stderr" | grep -F "$tmp/out/briefing.md" | grep -qF 'briefing.md.~1~' ||
  fail "the warning does not name both files: $(cat "$tmp/stderr")"
[ "$(backups "$tmp/out")" = "briefing.md.~1~ " ] || fail "only the edited file is kept: $(backups "$tmp/out")"

# Edited again (in Word, say), nothing else changed: the next free number, the older copy kept.
printf 'PK-not-really-a-docx' >"$tmp/out/briefing.docx"
echo "第二次手工修改" >>"$tmp/out/briefing.md"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "build after edits failed"
grep -q '第二次手工修改' "$tmp/out/briefing.md.~2~" || fail "the second edit is not in briefing.md.~2~"
grep -q '办公室手工补充的一段话' "$tmp/out/briefing.md.~1~" || fail "briefing.md.~1~ was overwritten"
[ "$(cat "$tmp/out/briefing.docx.~1~")" = "PK-not-really-a-docx" ] || fail "the edited .docx was not kept"
[ "$(grep -c 'edited by hand' "$tmp/stderr")" -eq 2 ] || fail "one warning per kept file: $(cat "$tmp/stderr")"

# --force: replaced, no copy.
echo "不要保留的修改" >>"$tmp/out/briefing.md"
"$bin" build "$samples" -o "$tmp/out" --templates "$tmp/tpl" --force 2>"$tmp/stderr" || fail "build --force failed"
grep -q '不要保留的修改' "$tmp/out/briefing.md" && fail "--force did not replace briefing.md"
[ ! -e "$tmp/out/briefing.md.~3~" ] || fail "--force kept a copy"
grep -q 'edited by hand' "$tmp/stderr" && fail "--force warned about a copy: $(cat "$tmp/stderr")"

# A run killed midway through its renames leaves outputs that its state does not vouch for
# yet: the next run rewrites them but keeps no copy (they are huizong's own).
"$bin" build "$samples" -o "$tmp/k" --templates "$tmp/tpl" 2>/dev/null || fail "build for the kill trials failed"
for n in 3 6 9 12 15 18 21; do
  sed -i "s/^## 一、[^总]*总体情况$/## 一、第${n}次总体情况/" "$tmp/tpl/briefing.md.mustache"
  echo "<!-- $n -->" >>"$tmp/tpl/layout.html.mustache"
  (HUIZONG_KILL_AFTER_STEPS=$n "$bin" render "$tmp/k/model.json" -o "$tmp/k" --templates "$tmp/tpl") 2>/dev/null
  "$bin" render "$tmp/k/model.json" -o "$tmp/k" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "render after kill $n failed"
  grep -q 'edited by hand' "$tmp/stderr" && fail "after a kill at step $n, huizong's own outputs were kept: $(cat "$tmp/stderr")"
done
[ -z "$(backups "$tmp/k")" ] || fail "kill trials left copies: $(backups "$tmp/k")"

# A folder whose state an earlier version wrote (FNV-1a fingerprints of the outputs, before
# quick_fingerprint): its outputs are still huizong's own, and a hand edit still is not.
"$bin" build "$samples" -o "$tmp/old" --templates "$tmp/tpl" 2>/dev/null || fail "build for the old state failed"
python3 - "$tmp/old" <<'PY' || fail "could not rewrite the state as an earlier version's"
import json, os, sys
out = sys.argv[1]
def fnv(path):
    h = 14695981039346656037
    for b in open(path, "rb").read():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h
state_file = os.path.join(out, ".huizong", "state.json")
state = json.load(open(state_file))
for name, rec in state["outputs"].items():
    rec["content"] = fnv(os.path.join(out, name))
json.dump(state, open(state_file, "w"))
os.remove(os.path.join(out, ".huizong", "stamps.json"))  # every output read again
pending = os.path.join(out, ".huizong", "pending.json")  # (its hashes are this version's)
if os.path.exists(pending):
    os.remove(pending)
PY
echo "旧版本目录里手工补充的一段话" >>"$tmp/old/plans.md"
sed -i "s/^## 一、[^总]*总体情况$/## 一、旧目录总体情况/" "$tmp/tpl/briefing.md.mustache"
"$bin" render "$tmp/old/model.json" -o "$tmp/old" --templates "$tmp/tpl" 2>"$tmp/stderr" || fail "render over the old state failed"
grep -q '^## 一、旧目录总体情况' "$tmp/old/briefing.md" || fail "briefing.md was not rendered anew over the old state"
[ "$(backups "$tmp/old")" = "plans.md.~1~ " ] || fail "over an old state, only the edited file is kept: $(backups "$tmp/old")"

finish
