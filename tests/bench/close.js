// close.js: `make bench`'s close step.  Closes month MONTH through the API
// while WRITERS clients post to the ledger back to back (payments of the
// dealers DEALER-IDS, through nginx, as HQ's finance clerk), after a few
// seconds of the same postings without a close.  Prints one JSON line: how
// long the close took, and how long the postings took without it and
// while it ran (the longest is how long a posting waited for it).
//
//   node tests/bench/close.js BASE MONTH DEALER-IDS [WRITERS] [BASELINE-S]
'use strict';
const [BASE, MONTH, IDS, WRITERS = '4', BASELINE = '3'] = process.argv.slice(2);
const dealers = IDS.split(',').map(Number);
const RUN = Date.now().toString(36);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let token;

async function send(method, path, body) {
  const res = await fetch(BASE + path, { method, headers: { Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  await res.arrayBuffer();
  return res.status;
}

// Postings until stop(); each as [start ms, duration ms, status].
function writers(tag) {
  const done = [];
  let stop = false, n = 0;
  const loops = Array.from({ length: Number(WRITERS) }, async () => {
    while (!stop) {
      const i = n++;
      const t = performance.now();
      const st = await send('POST', `/api/v1/dealers/${dealers[i % dealers.length]}/ledger`,
        { kind: 'payment', amount: -100, reference: `BENCH-CLOSE-${RUN}-${tag}-${i}` });
      done.push([t, performance.now() - t, st]);
    }
  });
  return { done, stop: async () => { stop = true; await Promise.all(loops); } };
}

function summary(rows) {
  const d = rows.map((r) => r[1]).sort((a, b) => a - b);
  const at = (q) => (d.length ? d[Math.min(d.length - 1, Math.floor(q * d.length))] : 0);
  return { postings: d.length, p50_ms: +at(0.5).toFixed(1), p99_ms: +at(0.99).toFixed(1),
    max_ms: +(d.length ? d[d.length - 1] : 0).toFixed(1), not_2xx: rows.filter((r) => r[2] >= 300).length };
}

async function main() {
  const login = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type':
    'application/json' }, body: JSON.stringify({ login: 'hq.finance', password: 'dealernet-demo' }) });
  token = (await login.json()).access_token;
  const base = writers('base');
  await sleep(Number(BASELINE) * 1000);
  await base.stop();
  const during = writers('close');
  await sleep(500);
  const t0 = performance.now();
  const status = await send('POST', `/api/v1/periods/${MONTH}/close`);
  const t1 = performance.now();
  await sleep(500);
  await during.stop();
  // the postings that ran, in part, while the close did
  const overlapping = during.done.filter(([t, d]) => t < t1 && t + d > t0);
  console.log(JSON.stringify({ month: MONTH, close_status: status, close_s: +((t1 - t0) / 1000).toFixed(2),
    without_close: summary(base.done), during_close: summary(overlapping) }));
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
