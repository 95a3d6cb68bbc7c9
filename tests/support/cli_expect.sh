# Sourced by the CLI tests (tests/unit/*/..._cli_test.sh): runs a command
# and checks its exit status, keeping its output in $out and $err (which
# the test sets, in a temp dir of its own).

# fail <why>: prints why, then both outputs, and exits 1.
fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout" >&2
  cat "$out" >&2 || true
  echo "--- stderr" >&2
  cat "$err" >&2 || true
  exit 1
}

# expect <status> <command...>: runs the command, output in $out and $err.
expect() {
  want=$1
  shift
  status=0
  "$@" >"$out" 2>"$err" || status=$?
  [ "$status" -eq "$want" ] || fail "exit $status, expected $want: $*"
}
