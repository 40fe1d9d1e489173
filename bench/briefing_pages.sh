#!/usr/bin/env bash
# The briefing's page budget (issue 15): briefing.html printed to A4 PDF by headless
# Chromium (the print style, styles/print.css) is at most 12 pages for samples/ and at most
# 16 pages for a scaled corpus of about 300 reports (bench/make_corpus.py).
# usage: bench/briefing_pages.sh [BUILD_DIR]   (needs chromium and pdfinfo: poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build}/src/huizong"
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || { echo "briefing_pages: chromium not found (apt-get install chromium)" >&2; exit 1; }
command -v pdfinfo >/dev/null || { echo "briefing_pages: pdfinfo not found (apt-get install poppler-utils)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pages() {  # HTML -> page count of its A4 print
  "$chrome" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$work/profile" \
    --print-to-pdf="$work/p.pdf" "file://$1" >/dev/null 2>&1
  pdfinfo "$work/p.pdf" | awk '/^Pages:/ {print $2}'
}

check() {  # NAME INPUT BUDGET
  "$bin" build "$2" -o "$work/$1" >/dev/null 2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
  local n reports
  n=$(pages "$work/$1/briefing.html")
  reports=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["reports"]))' "$work/$1/model.json")
  printf '%-10s %4d reports  briefing %3d pages (budget %d)\n' "$1" "$reports" "$n" "$3"
  [ "$n" -le "$3" ] || { echo "briefing_pages: $1: $n pages, over the budget of $3" >&2; exit 1; }
}

check samples samples 12
# About 300 reports: samples/ holds about 100, so three times its size.
size_mb=$(du -sb samples | awk '{printf "%.3f", 3 * $1 / 1048576}')
python3 bench/make_corpus.py samples "$work/corpus" "$size_mb" >/dev/null
check corpus300 "$work/corpus" 16
