// report.js: BENCHMARKS.md from make bench's records (tests/bench/run.sh).
//
//   node report.js save main|10m OUT   this run's files in OUT (results.tsv,
//                                      pages.tsv, close.jsonl, burst.json,
//                                      perf-order-read.txt, exports.jsonl)
//                                      and the run's
//                                      facts from the environment into
//                                      tests/bench/recorded[-10m].json
//   node report.js render              BENCHMARKS.md to stdout from both
//                                      records, the sections the other
//                                      benches wrote in it, and findings.md
//
// Two records, so that the one run at 10 M orders and the last run at 1 M
// each keep their section whichever ran last.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync } = require('node:child_process');

const HERE = __dirname;
const BENCH = path.join(HERE, '..', '..', 'BENCHMARKS.md');
const recordFile = (kind) => path.join(HERE, kind === 'main' ? 'recorded.json' : `recorded-${kind}.json`);
const sh = (c) => { try { return execSync(c, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };
const readLines = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);

function save(kind, out) {
  const e = process.env;
  const n = (v) => (v === undefined || v === '' ? null : Number(v));
  const results = readLines(path.join(out, 'results.tsv')).map((l) => {
    const r = l.split('\t');
    return { name: r[0], set: r[1], rps: n(r[2]), p50: n(r[3]), p99: n(r[4]), errors: (r[5] || '').trim(),
      cpu_us: { mariadb: n(r[6]), app: n(r[7]), nginx: n(r[8]), client: n(r[9]) }, requests: n(r[10]) };
  });
  const pages = readLines(path.join(out, 'pages.tsv')).map((l) => {
    const r = l.split('\t');
    return { set: r[0], list: r[1], fewest: +r[2], most: +r[3], readers: +r[4], with_next: +r[5],
      next_fewest: r[6] === undefined ? null : +r[6], next_most: r[7] === undefined ? null : +r[7] };
  });
  const burstFile = path.join(out, 'burst.json');
  const perfFile = path.join(out, 'perf-order-read.txt');
  const rec = {
    orders: n(e.ORDERS), rows: n(e.ROWS), seed_s: n(e.SEED_SECONDS), seed_pool: e.SEED_POOL || null, focus_tenths: n(e.FOCUS_TENTHS), chunk: n(e.CHUNK), db_mib: n(e.DB_MIB),
    rss_kib: n(e.RSS), duration: n(e.DURATION), runs: n(e.RUNS), workers: n(e.WORKERS), only: e.ONLY || 'all',
    sellthrough: { rows: n(e.ST_ROWS), dealers: n(e.ST_DEALERS), seed_s: n(e.ST_SECONDS) },
    commit: sh('git rev-parse --short HEAD') + (sh('git status --porcelain --untracked-files=no') ? ' (with changes)' : ''),
    written: new Date().toISOString().slice(0, 16) + 'Z',
    machine: { cores: os.cpus().length, cpu: os.cpus()[0].model.trim(), gib: Math.round(os.totalmem() / 2 ** 30),
      kernel: sh('uname -sr'), mariadb: sh('mariadbd --version'), nginx: sh('nginx -v 2>&1'),
      wrk: sh('wrk -v 2>&1 | head -1'), node: process.version },
    results, pages,
    closes: readLines(path.join(out, 'close.jsonl')).map((l) => JSON.parse(l)),
    exports: readLines(path.join(out, 'exports.jsonl')).map((l) => JSON.parse(l)),
    burst: fs.existsSync(burstFile) ? JSON.parse(fs.readFileSync(burstFile, 'utf8').trim().split('\n').pop()) : null,
    perf: fs.existsSync(perfFile) ? fs.readFileSync(perfFile, 'utf8').trimEnd().split('\n') : null,
  };
  fs.writeFileSync(recordFile(kind), JSON.stringify(rec, null, 1) + '\n');
}

const load = (kind) => (fs.existsSync(recordFile(kind)) ? JSON.parse(fs.readFileSync(recordFile(kind), 'utf8')) : null);
const get = (rec, name, set = 'full') => (rec ? rec.results.find((r) => r.name === name && r.set === set) : undefined);
const pct = (a, b) => (Number.isFinite(a / b) ? `${Math.round((100 * a) / b)} %` : '—');
const fmt = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : String(x));
const cpu = (r) => (r ? `MariaDB ${fmt(r.cpu_us.mariadb)}, app ${fmt(r.cpu_us.app)}, nginx ${fmt(r.cpu_us.nginx)} µs` : '—');
const LISTS = ['list-dealer-first', 'list-dealer-cursor', 'list-approver-first', 'list-approver-cursor'];
const CEILINGS = { 'order-read': 'c-pk-read', 'order-page': 'c-pk-read', 'order-read-64': 'c-pk-read',
  'list-dealer-first': 'c-pk-read', 'list-dealer-cursor': 'c-pk-read', 'list-approver-first': 'c-pk-read',
  'list-approver-cursor': 'c-pk-read', submit: 'd-commit', 'b-fastcgi': 'a-static',
  'c-pk-read': 'e-db-read', 'd-commit': 'e-db-commit' };
const big = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6} M` : Number(n).toLocaleString('en-US'));

function table(rec, out) {
  out.push('| scenario | data | req/s | p50 ms | p99 ms | vs ceiling | CPU µs/request: MariaDB | app | nginx | client | errors |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|');
  for (const r of rec.results) {
    const c = CEILINGS[r.name] ? get(rec, CEILINGS[r.name]) : null;
    out.push(`| ${r.name} | ${r.set} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ` +
      `${c ? `${pct(r.rps, c.rps)} of ${c.name}` : ''} | ${fmt(r.cpu_us.mariadb)} | ${fmt(r.cpu_us.app)} | ` +
      `${fmt(r.cpu_us.nginx)} | ${fmt(r.cpu_us.client)} | ${r.errors} |`);
  }
}

// "first pages at 10k: list-dealer 50–50 orders, 48 of 48 readers with a next page; ..."
function fill(rec) {
  const by = (set) => rec.pages.filter((p) => p.set === set).map((p) => `${p.list} ${p.fewest}–${p.most} orders ` +
    `(${p.with_next} of ${p.readers} readers with a next page` +
    (p.next_fewest == null ? '' : `, of ${p.next_fewest}–${p.next_most} orders`) + ')').join(', ');
  return `first pages at 10k: ${by('10k') || '—'}; at ${big(rec.rows)}: ${by('full') || '—'}`;
}

function render() {
  const main = load('main');
  const ten = load('10m');
  const kept = fs.existsSync(BENCH) ? fs.readFileSync(BENCH, 'utf8') : '';
  const out = [];
  out.push('# Benchmarks', '');
  out.push('Measured by `make bench` (`tests/bench/run.sh`): its own stack (private MariaDB, the app,',
    'nginx on 127.0.0.1:18100), the bench data set (`dealernetd seed bench`), and wrk through nginx',
    'with 32 connections (2 threads), each scenario RUNS times for DURATION s; the run with the',
    'median req/s is shown. For every run the CPU time (utime + stime from `/proc/PID/stat`) of',
    'MariaDB, the app (master and worker), nginx (master and workers) and the client (wrk, `dbceil`,',
    'node; from bash\'s `time`) is taken before and after and divided by the run\'s requests: the',
    '"CPU µs/request" columns, where the time of a request goes. The run writes its record',
    '(`tests/bench/recorded.json`, at 10 M orders `recorded-10m.json`) and this file is made from',
    'both (`tests/bench/report.js`). Numbers below are from those runs; nothing here is estimated.', '');
  if (!main) out.push('No run recorded yet: `make bench` writes the sections below.', '');
  const t = (label, ok, value) => out.push(`- ${ok === null ? '**not run**' : ok ? 'met' : '**missed**'}: ${label}: ${value}`);
  const known = (...xs) => xs.every((x) => x !== undefined && x !== null && Number.isFinite(x));
  if (main) {
    const m = main.machine;
    out.push('## Machine and command', '');
    out.push(`- ${m.cores} cores (${m.cpu}), ${m.gib} GiB, ${m.kernel}`);
    out.push(`- ${m.mariadb}; ${m.nginx}; ${m.wrk}; node ${m.node}`);
    out.push(`- app: ${main.workers} worker threads (one DB connection each), nginx 2 workers, innodb_flush_log_at_trx_commit=1`);
    out.push(`- command: \`make bench ORDERS=${main.orders}\` (DURATION=${main.duration}, RUNS=${main.runs}` +
      `${main.only !== 'all' ? `, ONLY=${main.only}` : ''}) at commit ${main.commit}; written ${main.written}`);
    out.push(`- data: ${main.rows} orders in all; the first 10,000 seeded with ${main.focus_tenths || 3} in 10 of them for the 48 measured` +
      ` dealers (\`seed bench --focus 48\`), the ${main.orders - 10000} after them in ${main.seed_s} s` +
      `${main.seed_pool ? ` (buffer pool ${main.seed_pool} while seeding)` : ''}; database ${fmt(main.db_mib)} MiB`);
    if (main.sellthrough.seed_s !== null) {
      out.push(`- sell-through: ${main.sellthrough.rows} weekly reports of ${main.sellthrough.dealers} dealers (a year, three ` +
        `models each), seeded in ${main.sellthrough.seed_s} s; the dashboard scenarios run with 4 connections`);
    }
    out.push('');

    out.push('## Targets (issue #22)', '');
    const size = big(main.rows);
    const ratioLine = (label, r, c, share, extra) => t(label, known(r?.rps, c?.rps) ? r.rps >= share * c.rps && (extra ? extra.ok : true) : null,
      `${pct(r?.rps, c?.rps)} (${fmt(r?.rps)} against ${fmt(c?.rps)} req/s)${extra ? `, ${extra.text}` : ''}; ` +
      `CPU per request ${cpu(r)} against ${cpu(c)} for ${c ? c.name : 'the ceiling'}`);
    const read = get(main, 'order-read');
    ratioLine('order read ≥ 80 % of c-pk-read, p99 < 5 ms', read, get(main, 'c-pk-read'), 0.8,
      { ok: read?.p99 < 5, text: `p99 ${fmt(read?.p99)} ms` });
    ratioLine('submission ≥ 70 % of d-commit', get(main, 'submit'), get(main, 'd-commit'), 0.7);
    ratioLine('b-fastcgi ≥ 50 % of a-static', get(main, 'b-fastcgi'), get(main, 'a-static'), 0.5);
    for (const l of LISTS) {
      const r = get(main, l);
      t(`${l} p99 < 10 ms at ${size} orders`, known(r?.p99) ? r.p99 < 10 : null, `p99 ${fmt(r?.p99)} ms (p50 ${fmt(r?.p50)})`);
    }
    for (const l of LISTS) {
      const r = get(main, l);
      const s = get(main, l, '10k');
      t(`${l} p50 at ${size} orders within 1.2× of p50 at 10 k`, known(r?.p50, s?.p50) ? r.p50 <= 1.2 * s.p50 : null,
        `${fmt(r?.p50)} against ${fmt(s?.p50)} ms (${known(r?.p50, s?.p50) ? (r.p50 / s.p50).toFixed(2) : '—'}×)`);
    }
    out.push(`- (${fill(main)})`);
    for (const l of LISTS) {
      const r = get(ten, l);
      const s = get(ten, l, '10k');
      t(`${l} p50 at ${big(ten ? ten.orders : 1e7)} orders within 1.2× of p50 at 10 k`, known(r?.p50, s?.p50) ? r.p50 <= 1.2 * s.p50 : null,
        ten ? `${fmt(r?.p50)} against ${fmt(s?.p50)} ms (${known(r?.p50, s?.p50) ? (r.p50 / s.p50).toFixed(2) : '—'}×),` +
          ' the same run, see "10 M orders"' : 'no run at 10 M orders recorded');
    }
    const b = main.burst;
    t('login: a burst of 64 concurrent sign-ins, no timeout, no error, p99 < 2 s',
      b ? b.errors === 0 && b.timeouts === 0 && b.p99_ms < 2000 : null,
      b ? `${b.count} sign-ins (${b.rounds} bursts of ${b.n}): ${b.errors} errors` +
        `${b.errors ? ` ${JSON.stringify(b.error_statuses)}` : ''}, ${b.timeouts} timeouts (client timeout ${b.timeout_ms / 1000} s), ` +
        `p50 ${b.p50_ms} ms, p99 ${b.p99_ms} ms, max ${b.max_ms} ms; CPU per sign-in ${cpu(get(main, 'login-burst-64'))}` : 'not measured');
    t('app RSS < 64 MiB at 64 connections', main.rss_kib ? main.rss_kib < 65536 : null,
      main.rss_kib ? `${(main.rss_kib / 1024).toFixed(1)} MiB (master and worker, after order-read-64 and the dashboards)` : 'not measured');
    const hq = get(main, 'hq-dashboard');
    const xs = main.exports || [];
    // the largest orders' export measured; the target wants 100,000 orders or more in it
    const hx = xs.filter((x) => x.orders !== null).sort((a, b) => b.orders - a.orders)[0];
    out.push('', 'Issue #24:', '');
    t('a 100,000-order export runs in flat memory: the app worker\'s peak RSS < 16 MiB over its own before',
      hx && hx.orders >= 100000 ? hx.grew_kib < 16384 : null, hx ? `${big(hx.orders)} orders (${big(hx.rows)} rows, ` +
        `${(hx.bytes / 2 ** 20).toFixed(1)} MiB, \`${hx.path}\` as HQ) in ${hx.seconds.toFixed(2)} s, ` +
        `+${(hx.grew_kib / 1024).toFixed(1)} MiB over ${(hx.rss_kib / 1024).toFixed(1)} MiB; see "Exports"` : 'not measured');
    for (const name of ['search-dealer', 'search-region']) {
      const r = get(main, name);
      t(`${name}: p99 < 20 ms at ${size} orders (numbers, POs, waybills, Chinese and English words)`,
        known(r?.p99) ? r.p99 < 20 : null, r ? `p99 ${fmt(r.p99)} ms, p50 ${fmt(r.p50)} ms, ${fmt(r.rps)} req/s; ` +
          `CPU per request ${cpu(r)}` : 'not measured');
    }
    out.push('', 'Earlier targets:', '');
    t('HQ dashboard p50 < 200 ms on the full data set (issue #10)', known(hq?.p50) ? hq.p50 < 200 : null,
      `p50 ${fmt(hq?.p50)} ms, p99 ${fmt(hq?.p99)} ms`);
    out.push('');

    out.push('## Results', '');
    table(main, out);
    out.push('', 'Ceilings, each one layer more than the last: a-static (nginx serving a file), b-fastcgi',
      '(`GET /api/v1`, no database), c-pk-read and d-commit (bench-build-only endpoints doing one',
      'primary-key SELECT, one durable single-row INSERT), e-db-read and e-db-commit (MariaDB alone,',
      `the same statements from ${main.workers} threads of a small C client, \`tests/bench/dbceil.c\`).`,
      'The lists are read by the buyers bench.b00001–48 (their dealer\'s orders) and the 42 region',
      `approvers, 50 orders a page; ${fill(main)}.`,
      'login-burst-64 is `tests/bench/burst.js`: 64 sign-ins sent at once, RUNS times, 2 s apart, each',
      'on its own connection from its own address (127.0.0.2–65), the app as deployed; its req/s is',
      'sign-ins over the bursts\' time. login is the sustained scenario as before (wrk from one address,',
      '32 connections, nginx\'s limit per address lifted, every app thread allowed to hash and to wait',
      'up to 60 s for a slot).', '');
    if (main.perf) {
      out.push('## Where an order read\'s time goes (perf)', '',
        `\`perf record -g -F 499\` of MariaDB and the app during one more order-read run at ${size} orders`,
        '(not counted in the table), `perf report --no-children`: by process and library (`--sort',
        'comm,dso`, 1 % of the samples or more), then by symbol (`--sort comm,dso,symbol`, 0.7 % or more):',
        '', '```', ...main.perf.slice(0, 44), '```', '');
    }
  }

  out.push('## 10 M orders (make bench ORDERS=10000000)', '');
  if (ten) {
    out.push(`\`make bench ORDERS=${ten.orders}\` (DURATION=${ten.duration}, RUNS=${ten.runs}` +
      `${ten.only !== 'all' ? `, ONLY=${ten.only}` : ''}) at commit ${ten.commit}, written ${ten.written}, ` +
      `${ten.machine.cores} cores: ${ten.rows} orders in all; the ${ten.orders - 10000} after the first 10,000 ` +
      `seeded in **${ten.seed_s} s** (${ten.chunk} a transaction` +
      `${ten.seed_pool ? `; buffer pool while seeding: ${ten.seed_pool}; redo log 1 GiB` : ''}); ` +
      `database ${fmt(ten.db_mib)} MiB; measured with innodb_buffer_pool_size as in \`deploy/local/my.cnf.in\`. ` +
      `The ${fill(ten)}.`, '');
    const at = big(ten.orders);
    out.push(`| list | p50 at 10 k | p50 at ${at} | ratio | p99 at 10 k | p99 at ${at} |`, '|---|---:|---:|---:|---:|---:|');
    for (const l of LISTS) {
      const r = get(ten, l);
      const s = get(ten, l, '10k');
      out.push(`| ${l} | ${fmt(s?.p50)} | ${fmt(r?.p50)} | ${known(r?.p50, s?.p50) ? `${(r.p50 / s.p50).toFixed(2)}×` : '—'} | ` +
        `${fmt(s?.p99)} | ${fmt(r?.p99)} |`);
    }
    out.push('', 'Every scenario of that run:', '');
    table(ten, out);
    out.push('');
  } else {
    out.push('Not run yet: `make bench ORDERS=10000000` (`ONLY=lists` for the list scenarios alone) writes',
      'this section and its targets above.', '');
  }

  // the exports (issue #24): export.sh's lines
  if (main && (main.exports || []).length) {
    out.push('## Exports (issue #24)', '',
      'CSV exports streamed a page of 200 orders (or reports) at a time (`tests/bench/export.sh`, from',
      '`make bench` at the full data set): each fetched through nginx with curl, RUNS times, as HQ\'s',
      'key account (hq.key) or a region\'s approver (bench.a01); its rows checked against the',
      'database\'s count. Time is curl\'s total, the median run; "worker RSS" is the app worker\'s',
      'VmRSS before an export, "peak growth" the most its VmHWM (set back to the present with',
      '`clear_refs` first) rose over that during one.', '',
      '| export | orders | rows | MiB | seconds | rows/s | worker RSS MiB | peak growth KiB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const x of main.exports) {
      out.push(`| \`${x.path}\` (${x.name}) | ${x.orders === null ? '—' : big(x.orders)} | ${big(x.rows)} | ` +
        `${(x.bytes / 2 ** 20).toFixed(1)} | ${x.seconds.toFixed(2)} | ${Math.round(x.rows / x.seconds)} | ` +
        `${(x.rss_kib / 1024).toFixed(1)} | ${x.grew_kib} |`);
    }
    out.push('');
  }

  // the close step (issue #18): close.js's lines, one per month closed;
  // kept from the last file when this run had none
  const closes = main ? main.closes : [];
  if (closes.length) {
    out.push('## Closing a month (issue #18)', '',
      'On top of the data set above, about LEDGER ledger entries in each of the two months before',
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
  // the other benches' sections stay as they were: make cluster's and
  // make bench-login's by heading, bench-notify's and bench-service's
  // between their markers
  const headings = ['## Order reads: cluster against one server', '## Order reads during a flood of wrong sign-ins'];
  if (!closes.length) headings.unshift('## Closing a month (issue #18)');
  for (const heading of headings) {
    const from = kept.indexOf(heading);
    if (from < 0) continue;
    const ends = ['\n## ', '\n<!-- '].map((s) => kept.indexOf(s, from + 3)).filter((x) => x >= 0);
    out.push(kept.slice(from, ends.length ? Math.min(...ends) + 1 : undefined).trimEnd(), '');
  }
  for (const m of kept.matchAll(/<!-- (bench-[a-z0-9-]+):[^]*?<!-- \/\1 -->/g)) out.push(m[0], '');
  const findings = path.join(HERE, 'findings.md');
  if (fs.existsSync(findings)) out.push(fs.readFileSync(findings, 'utf8').trimEnd(), '');
  process.stdout.write(out.join('\n'));
}

const [cmd, kind, dir] = process.argv.slice(2);
if (cmd === 'save' && ['main', '10m'].includes(kind) && dir) save(kind, dir);
else if (cmd === 'render') render();
else {
  console.error('usage: report.js save main|10m OUT | render');
  process.exitCode = 2;
}
