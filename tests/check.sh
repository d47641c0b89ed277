#!/usr/bin/env bash
# check.sh: every test of `make check`, then one summary line.
#
#   1. C unit tests (Check)
#   then two lanes at once, each stage on a stack of its own:
#   2a. the API tests (node:test) through nginx against a private MariaDB,
#       driving build/test/dealernetd; then the index check: the bench
#       data set, every list read, each query under EXPLAIN (no full scan
#       of a large table); then each fuzz target for FUZZ_SECONDS (10)
#   2b. the browser tests (headless Chromium) on another stack; then the
#       unit tests and the API tests again under ASan + UBSan
#   3. the folder-level include graph: libraries below features, no
#      cycle, only the allowed feature-to-feature includes
#
# Stages run even when an earlier one fails; the exit status and the last
# line ("check: N passed, N failed") tell the whole result.  A lane's full
# output is in build/check/lane-*.out and printed when both have ended;
# each stage's line is printed as it ends.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=build/check
rm -rf "$OUT" && mkdir -p "$OUT"
: > "$OUT/results"
# A stage's result: its line now, on the terminal too, and in results.
add() {	# stage passed failed
	local line secs=$(($(date +%s) - STAGE_START))
	line=$(printf '== %s: %d passed, %d failed (%d s)' "$1" "$2" "$3" "$secs")
	echo "$line"
	[ -z "${LANE:-}" ] || echo "$line" >&3	# the progress, as it comes
	echo "$1 $2 $3 $secs" >> "$OUT/results"
	STAGE_START=$(date +%s)
}

unit() {	# stage binary
	local log=$OUT/$1.log n f e
	"$2" > "$log" 2>&1
	cat "$log"
	read -r n f e < <(sed -nE 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/p' "$log" | tail -1)
	if [ -z "${n:-}" ]; then add "$1" 0 1; return; fi
	add "$1" $((n - f - e)) $((f + e))
}

# Start a stack under var/check-NAME, run the node tests given, stop it.
stack_tests() {	# stage app port files...
	local stage=$1 app=$2 port=$3 dir=$ROOT/var/check-$1 log=$OUT/$1.log p f
	shift 3
	rm -rf "$dir"
	if ! APP=$app WORKERS=4 SHUTDOWN_GRACE=10 deploy/local/stack.sh up "$dir" "$port" >"$OUT/$stage-stack.log" 2>&1; then
		cat "$OUT/$stage-stack.log"
		add "$stage" 0 1
		deploy/local/stack.sh down "$dir" >/dev/null 2>&1
		return
	fi
	DEALERNET_BASE=http://127.0.0.1:$port DEALERNET_STACK_DIR=$dir \
	DEALERNET_PORT=$port DEALERNET_APP=$app \
		node --test --test-concurrency=1 --test-reporter=spec "$@" 2>&1 | tee "$log"
	deploy/local/stack.sh down "$dir" >/dev/null 2>&1
	p=$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' "$log" | tail -1)
	f=$(sed -nE 's/^ℹ fail ([0-9]+)$/\1/p' "$log" | tail -1)
	# A sanitizer report in the app's log fails the stage.
	if grep -qE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' "$dir/log/app.log"; then
		echo "== $stage: sanitizer report in $dir/log/app.log:"
		grep -m5 -A20 -E 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:' "$dir/log/app.log"
		f=$((${f:-0} + 1))
	fi
	add "$stage" "${p:-0}" "${f:-1}"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# the demo's tiers stay as seeded: tests rank dealers only when they ask
export DEALERNET_NIGHTLY_TIERS=0

fuzz() {
	if tests/fuzz/run.sh "${FUZZ_SECONDS:-10}" json form cookie tpl token csv \
	    multipart mpstream search; then :; fi
	if [ -s build/fuzz/results ]; then
		read -r p f < build/fuzz/results
		add fuzz "$p" "$f"
	else
		add fuzz 0 1
	fi
}

lane_a() {
	stack_tests api build/test/dealernetd 18080 tests/api
	stack_tests index build/test/dealernetd 18082 tests/index
	fuzz
}

lane_b() {
	stack_tests browser build/test/dealernetd 18083 tests/browser
	unit unit-asan build/asan/unit
	stack_tests api-asan build/asan/dealernetd 18081 tests/api
}

exec 3>&1
began=$(date +%s)
STAGE_START=$began
unit unit build/unit
# The two lanes at once: most of a stage's time is waiting (on MariaDB,
# nginx, Chromium, the tests' own timers), so two share the cores well.
(LANE=a; STAGE_START=$(date +%s); lane_a > "$OUT/lane-a.out" 2>&1) &
a=$!
(LANE=b; STAGE_START=$(date +%s); lane_b > "$OUT/lane-b.out" 2>&1) &
b=$!
wait "$a" "$b"
cat "$OUT/lane-a.out" "$OUT/lane-b.out"
STAGE_START=$(date +%s)

# the source's static checks: script, and the name its last line gives
for t in graph:layers names:names locks:locks; do
	python3 "tests/layers/${t%%:*}.py" | tee "$OUT/${t#*:}.log"
	read -r p f < <(sed -nE "s/^${t#*:}: ([0-9]+) passed, ([0-9]+) failed\$/\1 \2/p" \
	    "$OUT/${t#*:}.log")
	add "${t#*:}" "${p:-0}" "${f:-1}"
done

passed=0
failed=0
echo "check took $(($(date +%s) - began)) s; its stages:"
while read -r stage p f secs; do
	printf '  %-10s %5d passed, %d failed  %4d s\n' "$stage" "$p" "$f" "$secs"
	passed=$((passed + p))
	failed=$((failed + f))
done < "$OUT/results"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
