// burst.js: `make bench`'s login burst (issue #22).  ROUNDS times, N sign-ins
// sent at once (bench.b00001 .. bench.bN, the bench password, one request
// each, all started before any answer), a pause between rounds so that one
// round's queue does not meet the next.  A request counts as a timeout if
// it takes longer than TIMEOUT ms (the client gives up; generous on
// purpose, so that slow answers are measured, not cut), as an error if
// it answers anything but 200 with a token.  Prints one JSON line over
// all rounds: count, ok, errors (by status), timeouts, p50, p99, max ms,
// the longest round and the rounds' time together.
//
//   node tests/bench/burst.js BASE [N] [ROUNDS] [TIMEOUT-MS] [PAUSE-MS]
'use strict';
const [BASE, N = '64', ROUNDS = '3', TIMEOUT = '30000', PAUSE = '2000'] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(i) {
  const login = `bench.b${String(i).padStart(5, '0')}`;
  const t = performance.now();
  try {
    const res = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password: 'dealernet-bench' }),
      signal: AbortSignal.timeout(Number(TIMEOUT)) });
    const body = await res.text();
    let ok = false;
    try { ok = res.status === 200 && Boolean(JSON.parse(body).access_token); } catch { ok = false; }
    return { ms: performance.now() - t, status: ok ? 'ok' : String(res.status) };
  } catch (e) {
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ms: performance.now() - t, status: timeout ? 'timeout' : `failed: ${e.cause?.code || e.message}` };
  }
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
