#!/usr/bin/env bash
# cpu.sh D CONNS SECS URL [wrk args...]: wrk, then CPU us per request of nginx workers, the app worker, mariadbd
D=$1; C=$2; S=$3; shift 3
tick=$(getconf CLK_TCK)
pids() {
	echo "nginx $(pgrep -P $(cat $D/nginx/nginx.pid) | tr '\n' ' ')"
	echo "app $(pgrep -P $(cat $D/run/app.pid) | tr '\n' ' ')"
	echo "db $(cat $D/run/mariadbd.pid)"
}
snap() { pids | while read n ps; do t=0; for p in $ps; do a=$(awk '{print $14+$15}' /proc/$p/stat); t=$((t+a)); done; echo "$n $t"; done; }
b=$(snap)
out=$(wrk -t2 -c$C -d${S}s --latency "$@" 2>&1)
a=$(snap)
req=$(echo "$out" | awk '/requests in/{print $1}')
rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
p50=$(echo "$out" | awk '$1=="50%"{print $2}')
p99=$(echo "$out" | awk '$1=="99%"{print $2}')
err=$(echo "$out" | grep -E 'Socket errors|Non-2xx' | tr '\n' ' ')
cpu=$(paste <(echo "$b") <(echo "$a") | awk -v r=$req -v t=$tick '{printf "%s %.1f ", $1, ($4-$2)*1e6/t/r}')
echo "rps $rps p50 $p50 p99 $p99 us/req: $cpu $err"
