#!/usr/bin/env bash
# run.sh SECONDS TARGET...: run each libFuzzer target in build/fuzz for
# SECONDS on a writable copy of its seed corpus.  One line per target, a
# summary line, and build/fuzz/results ("PASSED FAILED"); exits 1 if any
# target failed.
set -uo pipefail

usage() {
	echo "usage: $0 SECONDS TARGET..." >&2
	exit 2
}

[ $# -ge 2 ] || usage
secs=$1		# not SECONDS: bash gives that name a meaning of its own
shift
[[ $secs =~ ^[1-9][0-9]*$ ]] || usage

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) || exit 2
out=$root/build/fuzz
artifacts=$out/artifacts
mkdir -p "$artifacts" || exit 2

# Stack traces for UBSan reports too; keep whatever the caller set.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
declare -A seen=()

for t in "$@"; do
	[ -n "${seen[$t]:-}" ] && continue	# a target counts once
	seen[$t]=1
	bin=$out/$t
	log=$out/$t.log
	corpus=$out/corpus-$t
	rel=build/fuzz/$t.log

	if [ ! -x "$bin" ]; then
		echo "no fuzz binary $bin (run make fuzz-build)" >"$log"
		echo "fuzz $t: FAILED (see $rel)"
		failed=$((failed + 1))
		continue
	fi
	# Seeds are copied in, never fuzzed in place: libFuzzer writes new
	# inputs into the first corpus directory.  What earlier runs found
	# there is kept.
	mkdir -p "$corpus"
	if [ -d "$root/tests/fuzz/corpus/$t" ]; then
		cp -R "$root/tests/fuzz/corpus/$t/." "$corpus/"
	fi

	# libFuzzer stops itself after max_total_time; the outer timeout is
	# only a guard against a run that never returns.
	(cd "$out" && timeout -k 10 $((secs + 300)) "$bin" \
	    -max_total_time="$secs" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=0 \
	    -artifact_prefix="$artifacts/$t-" "$corpus") >"$log" 2>&1
	rc=$?

	runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		echo "fuzz $t: ok ($runs runs)"
		passed=$((passed + 1))
	else
		echo "fuzz $t: FAILED (see $rel)"
		failed=$((failed + 1))
	fi
done

echo "$passed $failed" >"$out/results"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
