#!/usr/bin/env bash
# parse and inspect on the real samples: the model, the declared-count warning, the same
# model as build keeps, every line accounted for.
# usage: parse.sh HUIZONG_BINARY SAMPLES_DIR
source "$(dirname "$0")/common.sh" "$@"

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

# inspect: every line accounted for, the ##paidbegin## marker shown in the ledger.
"$bin" inspect "$samples/002_74ff4db203328043.txt" >"$tmp/inspect" 2>/dev/null || fail "inspect failed"
grep -q 'UNASSIGNED' "$tmp/inspect" && fail "inspect shows unassigned lines"
grep -qE '^ +7  ledger: marker \(##paidbegin##\) \+ report 1' "$tmp/inspect" || fail "inspect does not show the marker on line 7"
grep -qE '^ +95  ledger: marker' "$tmp/inspect" || fail "inspect does not show ##paidend## in the ledger"

finish
