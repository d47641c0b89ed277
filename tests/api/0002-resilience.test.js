// 0002: losing the database, graceful shutdown, and a worker that dies.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { get, stack, waitFor, appPid, appLog, alive, errorOf } = require('../lib/harness');
const { execFileSync } = require('node:child_process');

test('stopping MariaDB turns /healthz to 503; starting it brings 200 back', async () => {
  assert.equal((await get('/healthz')).status, 200);
  const pid = appPid();
  stack('db-stop');
  try {
    // every worker thread notices, whichever one answers
    for (let i = 0; i < 8; i++) {
      const res = await get('/healthz');
      assert.equal(res.status, 503);
      const j = await res.json();
      assert.equal(j.database, 'down');
    }
  } finally {
    stack('db-start');
  }
  await waitFor(async () => (await get('/healthz')).status === 200);
  // and every thread reconnects: several in a row succeed
  for (let i = 0; i < 12; i++) assert.equal((await get('/healthz')).status, 200);
  assert.equal(appPid(), pid, 'the app was not restarted');
  assert.ok(alive(pid));
});

test('SIGTERM lets slow in-flight requests finish, then the app exits', async () => {
  const pid = appPid();
  try {
    const slow = [1, 2, 3].map(() => get('/api/v1/_test/sleep?ms=1500'));
    await new Promise((r) => setTimeout(r, 400));
    process.kill(pid, 'SIGTERM');
    const answers = await Promise.all(slow);
    for (const res of answers) {
      assert.equal(res.status, 200);
      assert.equal((await res.json()).slept_ms, 1500);
    }
    await waitFor(async () => !alive(pid), 15000);
    assert.match(appLog(), /"msg":"stopped"/);
    // meanwhile nginx answers in the JSON shape, not with its own page
    const down = await get('/api/v1');
    assert.equal(down.status, 503);
    assert.equal((await errorOf(down)).code, 'unavailable');
  } finally {
    stack('app-restart');
    await waitFor(async () => (await get('/healthz')).status === 200);
  }
});

test('a worker that dies is replaced by the supervisor', async () => {
  const master = appPid();
  const kids = execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  assert.equal(kids.length, 1);
  process.kill(kids[0], 'SIGKILL');
  await waitFor(async () => {
    const now = execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' }).trim();
    return now !== '' && Number(now) !== kids[0];
  });
  await waitFor(async () => (await get('/healthz')).status === 200);
  assert.match(appLog(), /worker \d+ died \(signal 9\); restarting/);
});

// Every feature's SQL stays prepared on a connection for its life (issue #21 took the count of
// texts past the old cache of 256 and pages failed with "statement cache full"): one connection
// holds 900 distinct statements at once and finds each again.
test('a connection keeps 900 prepared statements at once', async () => {
  const res = await get('/api/v1/_test/db-cache?n=900');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ran: 900, found_again: 900 });
});

test('long text columns come back whole, two in a row, at every buffer edge', async () => {
  for (const n of [0, 1, 255, 256, 257, 511, 512, 4000, 70000]) {
    const res = await get(`/api/v1/_test/db?len=${n}`);
    assert.equal(res.status, 200, `len ${n}`);
    const { rows } = await res.json();
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], { a: n, a_len: n, b: n, b_len: n, b_first: n ? 'b' : '' }, `len ${n}`);
    assert.deepEqual(rows[1], { a: n + 1, a_len: n + 1, b: n + 1, b_len: n + 1, b_first: 'd' }, `len ${n}+1`);
  }
});

// nginx keeps its connections to the app open (fastcgi_keep_conn, issue #22). libfcgi alone reads
// a kept connection's next request with the thread that accepted it, so with 4 threads the first
// 4 connections, idle in nginx's pool, held every thread, and the other requests waited in the
// backlog until nginx dropped an idle connection (60 s). Kept connections now hold no thread.
test('more requests at once than app threads: idle kept connections hold no thread', async () => {
  const t0 = Date.now();
  for (let wave = 0; wave < 2; wave++) {
    const slow = Array.from({ length: 12 }, () =>
      get('/api/v1/_test/sleep?ms=200', { signal: AbortSignal.timeout(10000) }));
    for (const res of await Promise.all(slow)) assert.equal(res.status, 200);
  }
  // 24 requests of 200 ms on 4 threads: 1.2 s of work; nothing waits for a pool timeout
  assert.ok(Date.now() - t0 < 6000, `took ${Date.now() - t0} ms`);
  for (let i = 0; i < 8; i++) assert.equal((await get('/api/v1')).status, 200);
});
