// burst.js: `make bench`'s login burst (issue #22).  ROUNDS times, N sign-ins
// sent at once (bench.b00001 .. bench.bN, the bench password, one request
// each on its own connection from its own address 127.0.x.y, all started
// before any answer), a pause between rounds so that one
// round's queue does not meet the next.  A request counts as a timeout if
// it takes longer than TIMEOUT ms (the client gives up; generous on
// purpose, so that slow answers are measured, not cut), as an error if
// it answers anything but 200 with a token.  Prints one JSON line over
// all rounds: count, ok, errors (by status), timeouts, p50, p99, max ms,
// the longest round and the rounds' time together.
//
//   node tests/bench/burst.js BASE [N] [ROUNDS] [TIMEOUT-MS] [PAUSE-MS]
'use strict';
const http = require('node:http');
const [BASE, N = '64', ROUNDS = '3', TIMEOUT = '30000', PAUSE = '2000'] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One sign-in from its own address (127.0.0.1+i: nginx and the app limit
// sign-ins per address, and a real burst comes from many): its time and
// "ok", the status, "timeout" or "failed: why".
function signIn(i) {
  const login = `bench.b${String(i).padStart(5, '0')}`;
  const body = JSON.stringify({ login, password: 'dealernet-bench' });
  const url = new URL('/api/v1/auth/login', BASE);
  const t = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const end = (status) => {
      if (!done) resolve({ ms: performance.now() - t, status });
      done = true;
    };
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      agent: false, localAddress: `127.0.${(i + 1) >> 8}.${(i + 1) & 255}`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let s = '';
      res.on('data', (d) => { s += d; });
      res.on('end', () => {
        let ok = false;
        try { ok = res.statusCode === 200 && Boolean(JSON.parse(s).access_token); } catch { ok = false; }
        end(ok ? 'ok' : String(res.statusCode));
      });
    });
    const timer = setTimeout(() => { end('timeout'); req.destroy(); }, Number(TIMEOUT));
    req.on('error', (e) => end(`failed: ${e.code || e.message}`));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

async function main() {
  const all = [];
  let longest = 0, wall = 0;
  for (let r = 0; r < Number(ROUNDS); r++) {
    if (r) await sleep(Number(PAUSE));
    const t = performance.now();
    all.push(...await Promise.all(Array.from({ length: Number(N) }, (_, i) => signIn(i + 1))));
    longest = Math.max(longest, performance.now() - t);
    wall += performance.now() - t;
  }
  const d = all.map((x) => x.ms).sort((a, b) => a - b);
  const at = (q) => d[Math.min(d.length - 1, Math.ceil(q * d.length) - 1)];
  const errors = {};
  for (const x of all) if (x.status !== 'ok' && x.status !== 'timeout') errors[x.status] = (errors[x.status] || 0) + 1;
  console.log(JSON.stringify({ n: Number(N), rounds: Number(ROUNDS), timeout_ms: Number(TIMEOUT),
    count: all.length, ok: all.filter((x) => x.status === 'ok').length,
    errors: Object.values(errors).reduce((a, b) => a + b, 0), error_statuses: errors,
    timeouts: all.filter((x) => x.status === 'timeout').length,
    p50_ms: +at(0.5).toFixed(1), p99_ms: +at(0.99).toFixed(1), max_ms: +d[d.length - 1].toFixed(1),
    longest_round_ms: +longest.toFixed(1), wall_ms: +wall.toFixed(1) }));
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
