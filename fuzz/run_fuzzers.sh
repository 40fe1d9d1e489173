#!/usr/bin/env bash
# Runs every fuzz target built in BUILD (default build-fuzz) for FUZZ_TIME seconds each
# (default 30), one after the other, each on a fresh corpus copied from BUILD/seeds/<target>
# (fuzz/make_seeds.sh) plus the saved crash inputs fuzz/crashes/<target>-*. A target fails on a crash, a broken invariant (abort), a sanitizer
# report, a leak, a timeout (-timeout) or running out of memory (-rss_limit_mb); the other
# targets still run, and the script exits with the first failing target's exit code. The
# crashing input is left in BUILD/artifacts/<target>/ and printed in base64 so that it can
# be recovered from a CI log.
# Env: FUZZ_TIME, FUZZ_TARGETS ("fuzz_read fuzz_split"; default: all built),
#      FUZZ_ARGS (more libFuzzer flags, e.g. "-jobs=2 -workers=2").
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-fuzz}"
time_s="${FUZZ_TIME:-30}"
targets="${FUZZ_TARGETS:-$(cat "$build/fuzz/targets.txt")}"

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer-16 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer-16)"  # symbolized stacks in the log
fi

summary=()
status=0
passed=0
failed=0
for t in $targets; do
  name="${t#fuzz_}"
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "fuzz: $bin not built" >&2; exit 1; }
  corpus="$build/corpus/$name"
  artifacts="$build/artifacts/$name"
  log="$build/logs/$name.log"
  rm -rf "$corpus" "$artifacts"  # a run starts clean: copy out any crash you want to keep
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  [ -d "$build/seeds/$name" ] && cp -r "$build/seeds/$name/." "$corpus/"
  # Inputs that once crashed this target (fuzz/crashes/<name>-*) run first, as regressions.
  for f in fuzz/crashes/"$name"-*; do [ -f "$f" ] && cp "$f" "$corpus/"; done
  dict="$build/seeds/text.dict"
  case "$name" in docx*) dict="$build/seeds/docx.dict" ;; esac
  dict_arg=()
  [ -f "$dict" ] && dict_arg=("-dict=$dict")
  echo "== fuzz $t: ${time_s}s, $(ls "$corpus" | wc -l) seeds"
  rc=0
  # shellcheck disable=SC2086
  "$bin" "$corpus" "${dict_arg[@]}" -max_total_time="$time_s" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  cov=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/' || true)
  echo "   ${done_line:-no Done line} | executed units: ${runs:-?} | $cov | exit $rc"
  summary+=("$t: ${runs:-?} execs in ${time_s}s, exit $rc$([ "$rc" -eq 0 ] || echo " FAILED: $(ls "$artifacts" | head -1)")")
  if [ "$rc" -ne 0 ]; then
    # The input first, the stack after it: a CI log shown cut to its end keeps the stack.
    for f in "$artifacts"/*; do
      [ -f "$f" ] || continue
      echo "fuzz: input $f ($(stat -c %s "$f") bytes), base64:" >&2
      head -c 65536 "$f" | base64 >&2
    done
    echo "fuzz: $t FAILED (exit $rc); the report in $log (frames of libFuzzer and the C++ runtime left out):" >&2
    grep -vE '^ +#[0-9]+ 0x[0-9a-f]+ in (fuzzer::|__sanitizer|__libc|_start|main )|^(#[0-9]+|INFO:|	NEW_FUNC)' "$log" |
      grep -E -A40 -m1 'ERROR|runtime error|FUZZ_CHECK|deadly|Abort|out-of-memory|timeout' | cut -c1-400 >&2 || tail -n 40 "$log" >&2
    [ "$status" -ne 0 ] || status=$rc
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "== fuzz summary"
printf '   %s\n' "${summary[@]}"
echo "fuzz: $passed passed, $failed failed"
exit "$status"
