// report.js: BENCHMARKS.md from the runner's results.tsv (tests/bench/run.sh).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const { execSync } = require('node:child_process');

const [file, orders, rows, seedSeconds, rss, duration, runs, workers, stRows, stDealers, stSeconds] = process.argv.slice(2);
const results = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
const get = (name, set = 'full') => results.find((r) => r[0] === name && r[1] === set);
const num = (r, i) => (r ? Number(r[i]) : NaN);
const pct = (a, b) => (Number.isFinite(a / b) ? `${Math.round((100 * a) / b)} %` : '—');
const sh = (c) => { try { return execSync(c, { encoding: 'utf8' }).trim(); } catch { return '?'; } };

const ceilings = { 'order-read': 'c-pk-read', 'order-page': 'c-pk-read', 'list-dealer-first': 'c-pk-read',
  'list-dealer-cursor': 'c-pk-read', 'list-approver-first': 'c-pk-read',
  'list-approver-cursor': 'c-pk-read', submit: 'd-commit', 'b-fastcgi': 'a-static',
  'c-pk-read': 'e-db-read', 'd-commit': 'e-db-commit', 'order-read-64': 'c-pk-read' };

const out = [];
out.push('# Benchmarks', '');
out.push('Measured by `make bench` (`tests/bench/run.sh`): its own stack (private MariaDB, the app,',
  'nginx on 127.0.0.1:18100), the bench data set (`dealernetd seed bench`), and wrk through nginx',
  `with 32 connections (2 threads), each scenario ${runs} times for ${duration} s; the run with the`,
  'median req/s is shown. Numbers below are from the last run; nothing here is estimated.', '');
out.push('## Machine and command', '');
out.push(`- ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${sh('uname -sr')}`);
out.push(`- ${sh('mariadbd --version')}; ${sh('nginx -v 2>&1')}; ${sh('wrk -v 2>&1 | head -1')}`);
out.push(`- app: ${workers} worker threads (one DB connection each), nginx 2 workers, innodb_flush_log_at_trx_commit=1`);
out.push(`- command: \`make bench ORDERS=${orders}\` (DURATION=${duration}, RUNS=${runs}); written ${new Date().toISOString().slice(0, 16)}Z`);
out.push(`- data: ${rows} orders in all; seeding the ${Number(orders) - 10000} after the first 10,000 took ${seedSeconds} s`);
out.push(`- sell-through: ${stRows} weekly reports of ${stDealers} dealers (a year, three models each), seeded in ${stSeconds} s; the dashboard scenarios run with 4 connections`, '');
out.push('## Results', '');
out.push('| scenario | data | req/s | p50 ms | p99 ms | vs ceiling | errors |', '|---|---|---:|---:|---:|---|---|');
for (const r of results) {
  const c = ceilings[r[0]] ? get(ceilings[r[0]]) : null;
  out.push(`| ${r[0]} | ${r[1]} | ${r[2]} | ${r[3]} | ${r[4]} | ${c ? `${pct(num(r, 2), num(c, 2))} of ${c[0]}` : ''} | ${(r[5] || '').trim()} |`);
}
out.push('', 'Ceilings, each one layer more than the last: a-static (nginx serving a file), b-fastcgi',
  '(`GET /api/v1`, no database), c-pk-read and d-commit (bench-build-only endpoints doing one',
  'primary-key SELECT, one durable single-row INSERT), e-db-read and e-db-commit (MariaDB alone,',
  `the same statements from ${workers} threads of a small C client, \`tests/bench/dbceil.c\`).`, '');
out.push('## Targets (issue #6)', '');
const t = (label, ok, value) => out.push(`- ${ok ? 'met' : '**missed**'}: ${label}: ${value}`);
const read = get('order-read'); const pk = get('c-pk-read');
t('order read ≥ 80 % of c, p99 < 5 ms', num(read, 2) >= 0.8 * num(pk, 2) && num(read, 4) < 5,
  `${pct(num(read, 2), num(pk, 2))}, p99 ${num(read, 4)} ms`);
const sub = get('submit'); const dc = get('d-commit');
t('submission ≥ 70 % of d', num(sub, 2) >= 0.7 * num(dc, 2), pct(num(sub, 2), num(dc, 2)));
const b = get('b-fastcgi'); const a = get('a-static');
t('FastCGI b ≥ 50 % of a', num(b, 2) >= 0.5 * num(a, 2), pct(num(b, 2), num(a, 2)));
const lf = get('list-dealer-first'); const ls = get('list-dealer-first', '10k');
t('list first page p99 < 10 ms', num(lf, 4) < 10, `${num(lf, 4)} ms`);
t('list p50 at full within 1.2× of 10k', num(lf, 3) <= 1.2 * num(ls, 3), `${num(lf, 3)} vs ${num(ls, 3)} ms`);
t('app RSS < 64 MiB at 64 connections', Number(rss) < 65536, `${(Number(rss) / 1024).toFixed(1)} MiB`);
const hq = get('hq-dashboard');
out.push('', '## Targets (issue #10)', '');
t('HQ dashboard p50 < 200 ms on the full data set', num(hq, 3) < 200, `p50 ${num(hq, 3)} ms, p99 ${num(hq, 4)} ms`);
out.push('');
// the close step (issue #18): close.js's lines, one per month closed
const closeFile = process.env.CLOSE_RESULTS;
const closes = closeFile && fs.existsSync(closeFile) ?
  fs.readFileSync(closeFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
if (closes.length) {
  out.push('## Closing a month (issue #18)', '',
    'On top of the data set above, about a million ledger entries in each of the two months before',
    'this one (every dealer alike, inserted as the database\'s root, `seed_ledger` in `run.sh`); each',
    'month is then closed through the API (`POST /api/v1/periods/{month}/close`) while 4 clients post',
    'payments back to back through nginx (`tests/bench/close.js`): first for 5 s without a close, then',
    'while it runs. "during the close" counts the postings that ran, at least in part, while it did;',
    'their longest time is the longest a posting waited for it.', '',
    '| month | entries in it | entries before it | seeded in s | close s | status | postings without a close: n / p50 / p99 / max ms | during the close: n / p50 / p99 / max ms | not 2xx |',
    '|---|---:|---:|---:|---:|---:|---|---|---:|');
  const f = (x) => `${x.postings} / ${x.p50_ms} / ${x.p99_ms} / ${x.max_ms}`;
  for (const c of closes) {
    out.push(`| ${c.month} | ${c.entries} | ${c.before} | ${c.seed_s} | ${c.close_s} | ${c.close_status} | ` +
      `${f(c.without_close)} | ${f(c.during_close)} | ${c.without_close.not_2xx + c.during_close.not_2xx} |`);
  }
  out.push('');
}
// make cluster's section (tests/cluster/report.js) and make bench-login's
// stay as they were
const bench = require('node:path').join(__dirname, '..', '..', 'BENCHMARKS.md');
const kept = fs.existsSync(bench) ? fs.readFileSync(bench, 'utf8') : '';
for (const heading of ['## Order reads: cluster against one server',
  '## Order reads during a flood of wrong sign-ins']) {
  const from = kept.indexOf(heading);
  if (from >= 0) {
    const to = kept.indexOf('\n## ', from + 3);
    out.push(kept.slice(from, to >= 0 ? to + 1 : undefined).trimEnd(), '');
  }
}
const findings = require('node:path').join(__dirname, 'findings.md');
if (fs.existsSync(findings)) out.push(fs.readFileSync(findings, 'utf8'));
process.stdout.write(out.join('\n'));
