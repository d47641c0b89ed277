# procs.sh: process helpers the local scripts share (sourced, not run).

# The pid in a pid file, if that process is alive.
pid_of() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && cat "$1"; }

# Wait up to the given seconds for a process to go: 0, or 1 if it stays.
wait_gone() {	# pid seconds
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}
