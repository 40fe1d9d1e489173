#!/usr/bin/env bash
# Benchmark huizong against reference commands run side by side in the same invocation,
# and print every figure of docs/performance.md as a ratio against its reference:
#   cold build of samples/       vs the Python reference script (../shared/tools/baseline_py)
#   render after a template edit vs the same script's --render-only
#   parse on one core            vs LC_ALL=C.UTF-8 wc -m on the same files
#   parse with the default jobs  vs -j 1
#   peak RSS                     vs the input's size
# usage: bench/run.sh [BUILD_DIR]   (default build/; run scripts/setup.sh first)
# Times are best of N (bench/measure.py): CPU time (user + system) is the figure to read on
# a shared machine, wall time the one a user waits. Scratch data under bench/work/ (not
# committed). Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build}/src/huizong"
[ -x "$bin" ] || { echo "build huizong first (scripts/setup.sh)"; exit 1; }
baseline="${BASELINE_PY:-$(cd .. && pwd)/shared/tools/baseline_py/baseline.py}"
work=bench/work
mkdir -p "$work"
cores=$(nproc)
measure() { python3 bench/measure.py "$@"; }
field() { echo "$1" | cut -d' ' -f"$2"; }
ms() { echo "$1 * 1000" | bc -l | xargs printf '%.1f'; }
# "1/4.2" when a takes less than b, "2.1x" when more
ratio() {
  if [ "$(echo "$1 <= $2" | bc -l)" = 1 ]; then printf '1/%.2f' "$(echo "$2 / $1" | bc -l)"; else printf '%.2fx' "$(echo "$1 / $2" | bc -l)"; fi
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(uname -m), $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $(load)"
for size in 10 100; do
  [ -d "$work/corpus_${size}MB" ] || python3 bench/make_corpus.py samples "$work/corpus_${size}MB" "$size" --seed "$size" >/dev/null
done
samples=(samples/*.txt)
have_baseline=0
if [ -f "$baseline" ] && /usr/bin/python3 -c 'import jinja2, xlsxwriter' 2>/dev/null; then have_baseline=1; fi

echo
echo "== cold build of samples/ (1.2 MB, 3 files; every output), best of 7, huizong and the reference run in turn"
# the run (wall, cpu, rss) with the least wall time of those given, one per argument
least_run() { python3 -c "import sys; print(min(sys.argv[1:], key=lambda r: float(r.split()[0])))" "$@"; }
hz_runs=() hz1_runs=() py_runs=()
for i in 1 2 3 4 5 6 7; do
  hz_runs+=("$(measure -n 1 --before "rm -rf $work/out" -- "$bin" build samples -o "$work/out")")
  hz1_runs+=("$(measure -n 1 --before "rm -rf $work/out" -- "$bin" build samples -o "$work/out" -j 1)")
  if [ $have_baseline = 1 ]; then
    py_runs+=("$(measure -n 1 --before "rm -rf $work/out_py" -- /usr/bin/python3 "$baseline" "$work/out_py" "${samples[@]}")")
  fi
done
hz=$(least_run "${hz_runs[@]}")
hz1=$(least_run "${hz1_runs[@]}")
printf 'huizong build (default jobs):  wall %7.1f ms  cpu %7.1f ms  peak RSS %s MB\n' "$(ms "$(field "$hz" 1)")" \
  "$(ms "$(field "$hz" 2)")" "$(field "$hz" 3)"
printf 'huizong build -j 1:            wall %7.1f ms  cpu %7.1f ms\n' "$(ms "$(field "$hz1" 1)")" "$(ms "$(field "$hz1" 2)")"
if [ $have_baseline = 1 ]; then
  py=$(least_run "${py_runs[@]}")
  printf 'Python reference (baseline.py): wall %7.1f ms  cpu %7.1f ms  peak RSS %s MB (4 outputs)\n' \
    "$(ms "$(field "$py" 1)")" "$(ms "$(field "$py" 2)")" "$(field "$py" 3)"
  printf 'huizong / reference: wall %s, cpu %s   (target: <= 1/4 and <= 60 ms)\n' \
    "$(ratio "$(field "$hz" 1)" "$(field "$py" 1)")" "$(ratio "$(field "$hz" 2)" "$(field "$py" 2)")"
else
  echo "(Python reference not run: needs $baseline, python3-jinja2 and python3-xlsxwriter; see scripts/setup.sh)"
fi
# libxlsxwriter alone, writing this build's workbook cells and nothing else (bench/xlsx_floor.cpp):
# the library's own cost for these cells, a part of the cold build that waits for the parse.
floor_bin="$(dirname "$bin")/../xlsx_floor"
if [ -x "$floor_bin" ] && [ -f "$work/out/comparison.xlsx" ]; then
  read -r floor_ms floor_cells floor_sheets < <("$floor_bin" "$work/out/comparison.xlsx" 7)
  printf 'libxlsxwriter alone, the workbook'"'"'s %s cells (%s sheets), no formats: %.1f ms (best of 7)\n' \
    "$floor_cells" "$floor_sheets" "$floor_ms"
  # The workbook's tables need every report: the workbook starts after the parse.
  parse_ms=$(ms "$(field "$(measure -n 5 -- "$bin" parse samples -o "$work/model_samples.json")" 1)")
  printf 'huizong parse of samples/ (start to model.json): %.1f ms; with libxlsxwriter alone after it: %.1f ms\n' \
    "$parse_ms" "$(echo "$parse_ms + $floor_ms" | bc -l)"
  if [ $have_baseline = 1 ]; then
    printf '  the target, 1/4 of the reference run: %.1f ms\n' "$(echo "$(ms "$(field "$py" 1)") / 4" | bc -l)"
  fi
fi
again=$(measure -n 5 -- "$bin" build samples -o "$work/out")
printf 'build again, nothing changed:  wall %7.1f ms  cpu %7.1f ms\n' "$(ms "$(field "$again" 1)")" "$(ms "$(field "$again" 2)")"

echo
echo "== render after editing one template (samples/; process start to files written), best of 5"
rm -rf "$work/out" "$work/tpl" "$work/sty"
cp -r templates "$work/tpl"
cp -r styles "$work/sty"
"$bin" build samples -o "$work/out" --templates "$work/tpl" --styles "$work/sty" >/dev/null 2>&1
if [ $have_baseline = 1 ]; then
  pyr=$(measure -n 5 -- /usr/bin/python3 "$baseline" --render-only "$work/out_py")
  printf 'Python reference --render-only (all 4 outputs): wall %.1f ms  cpu %.1f ms\n' "$(ms "$(field "$pyr" 1)")" \
    "$(ms "$(field "$pyr" 2)")"
fi
# A document's template: its three outputs (.md, .html, .docx) re-rendered; the layout or a
# style: the five pages (.html).
for t in briefing.md.mustache compendium.md.mustache problems.md.mustache plans.md.mustache \
  comparison.md.mustache layout.html.mustache print.css; do
  case $t in
    *.css) edit="echo '/* edit */' >>$work/sty/$t" ;;
    *) edit="echo '{{! edit }}' >>$work/tpl/$t" ;;
  esac
  r=$(measure -n 5 --before "$edit" -- \
    "$bin" render "$work/out/model.json" -o "$work/out" --templates "$work/tpl" --styles "$work/sty")
  printf '%-24s wall %6.1f ms  cpu %6.1f ms' "$t:" "$(ms "$(field "$r" 1)")" "$(ms "$(field "$r" 2)")"
  [ $have_baseline = 1 ] && printf '  (vs reference: wall %s)' "$(ratio "$(field "$r" 1)" "$(field "$pyr" 1)")"
  printf '   (target: <= 20 ms)\n'
done
# templates/workbook.json: the workbook made again from the tables cached. Removing
# comparison.xlsx before each run does the same work as an edit of workbook.json, with the
# same file each time. libxlsxwriter alone takes the time printed with the cold build.
r=$(measure -n 5 --before "rm -f $work/out/comparison.xlsx" -- \
  "$bin" render "$work/out/model.json" -o "$work/out" --templates "$work/tpl" --styles "$work/sty")
printf '%-24s wall %6.1f ms  cpu %6.1f ms' "workbook.json:" "$(ms "$(field "$r" 1)")" "$(ms "$(field "$r" 2)")"
[ $have_baseline = 1 ] && printf '  (vs reference: wall %s)' "$(ratio "$(field "$r" 1)" "$(field "$pyr" 1)")"
printf '   (target: <= 20 ms; libxlsxwriter alone: %s ms)\n' "${floor_ms:-?}"
startup=$(measure -n 5 -- "$bin" --help)
printf 'process start alone (huizong --help): wall %.1f ms  cpu %.1f ms\n' "$(ms "$(field "$startup" 1)")" \
  "$(ms "$(field "$startup" 2)")"

echo
echo "== parse on one core vs LC_ALL=C.UTF-8 wc -m (same files), best of 3, run in turn"
# the least of the times given
least() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }
for size in 10 100; do
  dir="$work/corpus_${size}MB"
  bytes=$(cat "$dir"/*.txt | wc -c)
  # One of each in turn: the machine's speed drifts between minutes.
  wc_runs=() one_runs=()
  for i in 1 2 3; do
    wc_runs+=("$(field "$(measure -n 1 -- env LC_ALL=C.UTF-8 wc -m "$dir"/*.txt)" 2)")
    one_runs+=("$(field "$(measure -n 1 -- "$bin" parse "$dir" -o "$work/model_${size}.json" -j 1)" 2)")
  done
  wc_r="0 $(least "${wc_runs[@]}")"
  one="0 $(least "${one_runs[@]}")"
  # speed against wc's: wc's time over huizong's ("1/6.8": a sixth of wc's speed)
  printf '%4s MB: wc -m cpu %.3f s | huizong -j 1 cpu %.3f s (%.1f MB/s): %s of wc'"'"'s speed   (target: >= 1/2 on 100 MB)\n' \
    "$size" "$(field "$wc_r" 2)" "$(field "$one" 2)" "$(echo "$bytes / 1048576 / $(field "$one" 2)" | bc -l)" \
    "$(ratio "$(field "$wc_r" 2)" "$(field "$one" 2)")"
  eval "one_$size=$(field "$one" 2)"
done
echo "time growth 10 MB -> 100 MB (1 core, cpu): $(printf '%.2f' "$(echo "$one_100 / $one_10" | bc -l)")x (linear = 10x)"

echo
echo "== parse with the default jobs vs -j 1 (wall; the default must never be slower), best of 5, run in turn"
for input in samples "$work/corpus_10MB" "$work/corpus_100MB"; do
  d_runs=() one_runs=()
  for i in 1 2 3 4 5; do
    d_runs+=("$(field "$(measure -n 1 -- "$bin" parse "$input" -o "$work/model_j.json")" 1)")
    one_runs+=("$(field "$(measure -n 1 -- "$bin" parse "$input" -o "$work/model_j.json" -j 1)" 1)")
  done
  d="$(least "${d_runs[@]}")" one="$(least "${one_runs[@]}")"
  jobs_note=""
  [ "$(basename "$input")" = samples ] && jobs_note="   (below 4 MB one file at a time; its reports shared among the cores from 2 MB of it: here one thread either way)"
  printf '%-22s default wall %.3f s, -j 1 wall %.3f s: default/-j1 = %s%s\n' "$(basename "$input"):" "$d" "$one" \
    "$(ratio "$d" "$one")" "$jobs_note"
done

echo
echo "== peak RSS vs input size"
for size in 10 100; do
  dir="$work/corpus_${size}MB"
  mb=$(cat "$dir"/*.txt | wc -c | awk '{printf "%.1f", $1/1048576}')
  rss=$(field "$(measure -n 1 -- "$bin" parse "$dir" -o "$work/model_${size}.json")" 3)
  printf '%4s MB corpus (%s MB): parse peak RSS %s MB = %sx input\n' "$size" "$mb" "$rss" \
    "$(printf '%.2f' "$(echo "$rss / $mb" | bc -l)")"
  eval "rss_$size=$rss"
done
echo "peak RSS growth 10 MB -> 100 MB: $(printf '%.2f' "$(echo "$rss_100 / $rss_10" | bc -l)")x (target: <= 10.5x)"
# build = parse + every output, from an empty output folder: at most 3x the input at 100 MB
# (issue 12).
for size in 10 100; do
  dir="$work/corpus_${size}MB"
  mb=$(cat "$dir"/*.txt | wc -c | awk '{printf "%.1f", $1/1048576}')
  rss=$(field "$(measure -n 1 --before "rm -rf $work/out_$size" -- "$bin" build "$dir" -o "$work/out_$size")" 3)
  printf '%4s MB corpus (%s MB): build peak RSS %s MB = %sx input   (target: <= 3x at 100 MB)\n' "$size" "$mb" "$rss" \
    "$(printf '%.2f' "$(echo "$rss / $mb" | bc -l)")"
  # The same build again, nothing changed: every file taken from the last model, every
  # output found up to date (issue 12: well under the time of a parse).
  again=$(measure -n 1 -- "$bin" build "$dir" -o "$work/out_$size")
  parsed=$(measure -n 1 -- "$bin" parse "$dir" -o "$work/model_j.json")
  printf '%4s MB corpus: build again, nothing changed: wall %.2f s, cpu %.2f s, peak RSS %s MB; parse (default jobs): wall %.2f s, cpu %.2f s\n' \
    "$size" "$(field "$again" 1)" "$(field "$again" 2)" "$(field "$again" 3)" "$(field "$parsed" 1)" "$(field "$parsed" 2)"
  rm -rf "$work/out_$size"
done

echo
echo "== parse cpu time per MB: one report of 80k headings vs the 10 MB corpus (-j 1), best of 5, run in turn"
[ -f "$work/headings.txt" ] || python3 bench/make_headings.py "$work/headings.txt" >/dev/null
h_bytes=$(wc -c <"$work/headings.txt")
n_bytes=$(cat "$work/corpus_10MB"/*.txt | wc -c)
# One of each in turn, so that both see the same moments of a machine whose speed drifts.
h=inf n=inf
for i in 1 2 3 4 5; do
  t=$(field "$(measure -n 1 -- "$bin" parse "$work/headings.txt" -o "$work/model_headings.json" -j 1)" 2)
  h=$(python3 -c "print(min(float('$h'), $t))")
  t=$(field "$(measure -n 1 -- "$bin" parse "$work/corpus_10MB" -o "$work/model_10.json" -j 1)" 2)
  n=$(python3 -c "print(min(float('$n'), $t))")
done
h_per=$(echo "$h * 1048576 / $h_bytes" | bc -l)
n_per=$(echo "$n * 1048576 / $n_bytes" | bc -l)
printf '80k headings (%.1f MB): %.3f s/MB; 10 MB corpus: %.3f s/MB; headings/corpus = %.2fx   (target: <= 2x)\n' \
  "$(echo "$h_bytes / 1048576" | bc -l)" "$h_per" "$n_per" "$(echo "$h_per / $n_per" | bc -l)"
echo
echo "load average at end: $(load)"
