# Shared by the tests/cli/*.sh checks: the command line as a user meets it.
# Sourced as: source common.sh HUIZONG_BINARY SAMPLES_DIR
# Gives $bin, $samples, $root (the source tree), $tmp (removed on exit), fail, expect_error,
# wait_for and finish.
set -u
# The checks read huizong's English messages (tests/cli/messages.sh runs the other languages).
export LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES LANG
bin=$1
samples=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error CODE NAME_IN_ERROR -- ARGS...: runs huizong, checks the exit code, that stderr
# is one line starting with "huizong: " and naming NAME_IN_ERROR, and that $tmp/out.json
# (where these runs are told to write) was not written.
expect_error() {
  local code=$1 needle=$2
  shift 3
  rm -f "$tmp/out.json"
  "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "$* -> exit $rc, expected $code ($(cat "$tmp/stderr"))"
  [ "$(wc -l <"$tmp/stderr")" -eq 1 ] || fail "$* -> stderr is not one line: $(cat "$tmp/stderr")"
  grep -qF -- "$needle" "$tmp/stderr" || fail "$* -> error does not name '$needle': $(cat "$tmp/stderr")"
  grep -q '^huizong: ' "$tmp/stderr" || fail "$* -> error does not start with 'huizong: '"
  [ ! -e "$tmp/out.json" ] || fail "$* -> wrote $tmp/out.json despite the error"
}

# wait_for SECONDS WHAT -- COMMAND...: returns as soon as COMMAND succeeds (checked every
# 20 ms); after SECONDS without success records a failure naming WHAT and returns 1.
# The timeout only bounds a hang: nothing waits for it when the event happens.
wait_for() {
  local seconds=$1 what=$2
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "timed out after ${seconds}s waiting for: $what"
      return 1
    fi
    sleep 0.02
  done
}

# finish: the exit status of the script (run last).
finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
  fi
  echo "all checks in $(basename "$0") passed"
  exit 0
}
