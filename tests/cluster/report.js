// report.js: make cluster's section of BENCHMARKS.md (order reads on the
// cluster against one server), written in place; make bench keeps it.  It
// also prints the faults of the run: what came back when, and each fault's
// error window as the clients saw it (RELIABILITY.md).
//   node report.js THROUGHPUT_TXT RESULT_JSON
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const HEADING = '## Order reads: cluster against one server (make cluster)';
const file = path.join(__dirname, '..', '..', 'BENCHMARKS.md');
const [head, ...runs] = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n');
const result = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const rows = runs.map((l) => {
  const m = l.match(/^(.*): ([\d.]+) req\/s, p50 (\S+), p99 (\S+), non-2xx (\d+)$/);
  return `| ${m[1]} | ${Math.round(Number(m[2]))} | ${m[3]} | ${m[4]} | ${m[5]} |`;
});
const section = [HEADING, '',
  `Measured by \`make cluster\` (\`tests/cluster/run.sh\`) at commit ${execFileSync('git',
    ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}, ${new Date().toISOString().slice(0, 16)}Z,`,
  `after its ${result.seconds}-second workload with faults (${result.acknowledged} orders acknowledged),`,
  'in the same run: the same rows on both sides (node 1 copied into a single server with',
  '`mariadb-backup`), each buyer reading its own orders through nginx with `tests/bench/lines.lua`;',
  `${head.replace(/^order reads, /, '')}. Both sides share the machine: on the cluster side three`,
  'database nodes and two app nodes (4 threads each) run on the same cores, and every read waits for',
  'its node to be in step (`wsrep_sync_wait = 1`).', '',
  '| setup | req/s | p50 | p99 | non-2xx |', '|---|---:|---:|---:|---:|', ...rows, ''].join('\n');

const faultRows = (result.faults || []).map((f) => `| ${f.at} | ${f.db} | ${f.db_rejoin_s} | ${f.app} | ` +
  `${f.app_restart_s} | ${f.failed_answers} | ${f.answers_500} | ` +
  `${f.first_failure_s === null ? '-' : `${f.first_failure_s}-${f.last_failure_s} s`} | ` +
  `${f.error_window_s} s |`);
console.log(['faults (make cluster), "back" counted from the restart 2 s after the kill:', '',
  '| at s | database node | back after s | app node | back after s | failed answers | of them 500 |' +
  ' failures after the kill | error window |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...faultRows, ''].join('\n'));

let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
const at = text.indexOf(HEADING);
if (at >= 0) {
  const next = text.indexOf('\n## ', at + HEADING.length);
  text = text.slice(0, at) + section + (next >= 0 ? text.slice(next + 1) : '');
} else {
  text = `${text.trimEnd()}\n\n${section}`;
}
fs.writeFileSync(file, text);
