// 0802: faults on one node: a lost deadlock runs again, kill -9 of the app
// during 500 submissions by 50 clients, MariaDB restarted under load; and
// a host list: a database node that dies under the pooled connections, a
// first host that is closed and a second that never answers.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { ROOT, DIR, BASE, PORT, APP, stack, get, login, api, sql, cli, waitFor, appPid, alive,
  later } = require('../lib/harness');
const path = require('node:path');
const net = require('node:net');
// the stack script without blocking the event loop: the readers go on meanwhile
const stackAsync = (cmd) => promisify(execFile)(path.join(ROOT, 'deploy/local/stack.sh'), [cmd, DIR]);

const RUN = Date.now().toString(36);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function metric(name) {
  const text = await (await get('/metrics')).text();
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

// Two requests that lock two organisations in opposite orders, 1 s apart.
async function deadlockPair(extra = '') {
  const ids = sql('SELECT id FROM orgs ORDER BY id LIMIT 2').map((r) => r[0]);
  const lock = (a, b) => fetch(`${BASE}/api/v1/_test/deadlock?first=${a}&second=${b}&ms=1000${extra}`,
    { method: 'POST' });
  const answers = await Promise.all([lock(ids[0], ids[1]), lock(ids[1], ids[0])]);
  return Promise.all(answers.map(async (res) => [res.status, (await res.json()).attempt]));
}

test('two transactions that deadlock both succeed: the loser runs again', async () => {
  const before = await metric('dealernet_db_retries_total');
  const runs = await deadlockPair();
  // exactly one of them lost the deadlock and ran a second time
  assert.deepEqual(runs.sort(), [[200, 0], [200, 1]]);
  assert.equal(await metric('dealernet_db_retries_total'), before + 1);
});

test('a request that has committed a write is not run again: the loser answers 409', async () => {
  const before = await metric('dealernet_db_retries_total');
  const runs = await deadlockPair('&write=1');
  assert.deepEqual(runs.map((r) => r[0]).sort(), [200, 409]);
  assert.equal(await metric('dealernet_db_retries_total'), before, 'no rerun');
});

test('a handler that fails on a deadlock after it committed: 503 with Retry-After, never 500', async () => {
  const ids = sql('SELECT id FROM orgs ORDER BY id LIMIT 2').map((r) => r[0]);
  const lock = (a, b) => fetch(`${BASE}/api/v1/_test/deadlock?first=${a}&second=${b}&ms=1000&write=1&raw=1`,
    { method: 'POST' });
  const answers = await Promise.all([lock(ids[0], ids[1]), lock(ids[1], ids[0])]);
  const loser = answers.find((res) => res.status !== 200);
  assert.ok(loser, 'one of them lost the deadlock');
  assert.equal(loser.status, 503, 'a database fault is no 500');
  assert.ok(loser.headers.get('retry-after'));
  assert.equal((await loser.json()).error.code, 'unavailable');
});

// A dealer of its own, so that these orders stay out of the other tests' way.
async function faultBuyer() {
  const admin = (await login('admin')).access_token;
  const org = async (body) => {
    const res = await api(admin, 'POST', '/api/v1/orgs', body);
    if (res.status === 201) return (await res.json()).id;
    assert.equal(res.status, 409, `create ${body.code}`);
    return Number(sql(`SELECT id FROM orgs WHERE code = '${body.code}'`)[0][0]);
  };
  const region = await org({ kind: 'region', code: 'R44', name_zh: '故障测试工贸公司',
    name_en: 'Fault Test Trading Company', city: '北京' });
  await org({ kind: 'dealer', code: 'D4401', name_zh: '故障测试店', name_en: 'Fault Test Shop',
    city: '北京', region, dealer_kind: 'specialty_store', tier: 'C' });
  if (sql("SELECT COUNT(*) FROM users WHERE login = 'fault.buyer'")[0][0] === '0')
    cli(['user', 'add', 'fault.buyer', 'D4401', 'dealer_buyer'], 'fault-buyer-pass\n');
  return (await login('fault.buyer', 'fault-buyer-pass')).access_token;
}

const body = (i) => JSON.stringify({
  lines: [{ product: 'LE-2005', quantity: 1, options: { screen_in: '55', panel: 'led' } }],
  requested_date: later(), ship_to: '北京市朝阳区建国路 1 号', note: `fault-${RUN}-${i}`,
});

// Submit until acknowledged: a dropped connection or a 502/503/504 is sent
// again with the same key, as a client that lost the answer would.
async function submitUntilAcked(token, i, stats) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(`${BASE}/api/v1/orders`, { method: 'POST', body: body(i),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
          'Idempotency-Key': `fault-${RUN}-${i}` } });
    } catch {
      res = null;
    }
    if (res && (res.status === 200 || res.status === 201)) {
      const o = await res.json();
      if (attempt > 0) stats.retried++;
      return o.number;
    }
    if (res) {
      stats.statuses[res.status] = (stats.statuses[res.status] || 0) + 1;
      await res.arrayBuffer();
      assert.ok([502, 503, 504].includes(res.status), `order ${i}: status ${res.status}`);
    } else stats.dropped++;
    assert.ok(attempt < 200, `order ${i} never acknowledged`);
    await sleep(50 + Math.random() * 150);
  }
}

// kill -9 every process of the app at once: no drain, no goodbye.
function killApp() {
  const master = appPid();
  const kids = execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' })
    .trim().split('\n').filter(Boolean).map(Number);
  process.kill(master, 'SIGSTOP');	// it must not start a new worker meanwhile
  for (const k of kids) process.kill(k, 'SIGKILL');
  process.kill(master, 'SIGKILL');
  return [master, ...kids];
}

test('kill -9 of the app during 500 submissions by 50 clients: 0 lost, 0 duplicated', async (t) => {
  const token = await faultBuyer();
  const stats = { retried: 0, dropped: 0, statuses: {} };
  const N = 500;
  let acked = 0;
  let next = 0;
  const numbers = new Array(N);
  // 50 clients at once, each submitting its next order when one is acknowledged
  const clientLoop = async () => {
    for (let i = next++; i < N; i = next++) {
      numbers[i] = await submitUntilAcked(token, i, stats);
      acked++;
    }
  };
  const work = Array.from({ length: 50 }, clientLoop);
  await waitFor(async () => acked >= 100, 60000, 1);
  const killed = killApp();
  const ackedAtKill = acked;
  await waitFor(async () => killed.every((p) => !alive(p)), 10000);
  await sleep(500);		// clients meet the dead app for a while
  stack('app-restart');
  await Promise.all(work);
  await waitFor(async () => (await get('/healthz')).status === 200);

  assert.ok(ackedAtKill < N, 'the kill came while submissions were in flight');
  assert.ok(stats.dropped + (stats.statuses[502] || 0) + (stats.statuses[503] || 0) > 0,
    `some submissions met the dead app: ${JSON.stringify(stats)}`);
  assert.equal(new Set(numbers).size, N, 'each submission has its own order');
  const rows = sql(`SELECT note, COUNT(*) FROM orders WHERE note LIKE 'fault-${RUN}-%' GROUP BY note`);
  assert.equal(rows.length, N, 'lost orders');
  assert.deepEqual(rows.filter((r) => r[1] !== '1'), [], 'duplicated orders');
  const byNote = new Map(sql(`SELECT note, number FROM orders WHERE note LIKE 'fault-${RUN}-%'`));
  numbers.forEach((n, i) => assert.equal(byNote.get(`fault-${RUN}-${i}`), n, `order ${i}`));
  t.diagnostic(`acknowledged ${N} (${ackedAtKill} before the kill), lost 0, duplicated 0; ` +
    `${stats.retried} sent again after ${stats.dropped} dropped connections and ` +
    `answers ${JSON.stringify(stats.statuses)}`);
});

test('MariaDB restarted under load: quick 503s, then recovery without restarting the app', async (t) => {
  const token = await faultBuyer();
  const pid = appPid();
  const seen = { 200: 0, 503: 0, other: [] };
  let slowest503 = 0;
  let stop = false;
  const reader = async () => {
    while (!stop) {
      const t0 = Date.now();
      let res;
      let j;
      try {
        res = await api(token, 'GET', '/api/v1/orders?limit=5');
        j = await res.json();
      } catch (e) {
        seen.other.push(String(e));
        continue;
      }
      if (res.status === 200) seen[200]++;
      else if (res.status === 503 && j.error && j.error.code === 'unavailable' &&
        res.headers.get('retry-after')) {
        seen[503]++;
        slowest503 = Math.max(slowest503, Date.now() - t0);
      } else seen.other.push(`${res.status} ${JSON.stringify(j)}`);
      await sleep(10);
    }
  };
  const readers = Array.from({ length: 6 }, reader);
  try {
    await waitFor(async () => seen[200] >= 30);
    await stackAsync('db-stop');
    try {
      await waitFor(async () => seen[503] >= 20);
    } finally {
      await stackAsync('db-start');
    }
    const after = seen[200];
    await waitFor(async () => seen[200] >= after + 60, 30000);
  } finally {
    stop = true;
    await Promise.all(readers);
  }
  assert.deepEqual(seen.other, [], 'only 200 and 503 answers');
  // the app fails fast while the database is down: it does not wait out
  // its 10-second database timeout on each request
  assert.ok(slowest503 < 3000, `slowest 503 took ${slowest503} ms`);
  assert.equal(appPid(), pid, 'the app was not restarted');
  assert.ok(alive(pid));
  t.diagnostic(`${seen[200]} answers 200, ${seen[503]} answers 503 (slowest ${slowest503} ms)`);
  // and writes work again too
  const res = await fetch(`${BASE}/api/v1/orders`, { method: 'POST', body: body('after-restart'),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
      'Idempotency-Key': `fault-${RUN}-after-restart` } });
  assert.equal(res.status, 201);
});

// ---- a host list ----------------------------------------------------------

// A database "node" on a loopback port: a TCP proxy to the stack's MariaDB
// socket (silent: it accepts and never answers, as a hung server).  kill()
// closes every connection and the port, as kill -9 of a node does.
function dbNode(silent = false) {
  const conns = new Set();
  const server = net.createServer((c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
    c.on('error', () => {});
    if (silent) return;
    const s = net.connect(path.join(DIR, 'run/mysqld.sock'));
    conns.add(s);
    s.on('close', () => { conns.delete(s); c.destroy(); });
    s.on('error', () => c.destroy());
    c.on('close', () => s.destroy());
    c.pipe(s);
    s.pipe(c);
  });
  const node = { server, accepted: 0, open: () => conns.size };
  server.on('connection', () => { node.accepted++; });
  node.listen = () => new Promise((r) => server.listen(0, '127.0.0.1', () => {
    node.port = server.address().port;
    r(node);
  }));
  node.kill = () => new Promise((r) => {
    server.close(() => r());
    for (const c of conns) c.destroy();
  });
  return node;
}

// The app restarted on the host list hosts (TCP, no socket), or back on its
// socket without; without blocking this process, which runs the nodes.
function appOn(hosts) {
  const env = { ...process.env, APP, WORKERS: '4', SHUTDOWN_GRACE: '10' };
  if (hosts) Object.assign(env, { DEALERNET_DB_SOCKET: '', DEALERNET_DB_HOST: hosts });
  return promisify(execFile)(path.join(ROOT, 'deploy/local/stack.sh'), ['app-restart', DIR, PORT],
    { env });
}

// A port nothing listens on: refused at once, as a node whose process is gone.
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

test('a database node dies under the pooled connections: the app goes on with the next host, no error',
  async (t) => {
    const a = await dbNode().listen();
    const b = await dbNode().listen();
    const seen = { 200: 0, other: [] };
    let stop = false;
    try {
      await appOn(`127.0.0.1:${a.port},127.0.0.1:${b.port}`);
      await waitFor(async () => (await get('/healthz')).status === 200, 20000);
      const token = (await login('d0001.buyer')).access_token;
      const reader = async () => {
        while (!stop) {
          try {
            const res = await api(token, 'GET', '/api/v1/orders?limit=5');
            await res.arrayBuffer();
            if (res.status === 200) seen[200]++;
            else seen.other.push(res.status);
          } catch (e) {
            seen.other.push(String(e));
          }
        }
      };
      const readers = Array.from({ length: 6 }, reader);
      try {
        await waitFor(async () => seen[200] >= 50);
        assert.ok(a.open() > 0 && b.accepted === 0, 'the app uses the first host');
        await a.kill();
        const after = seen[200];
        await waitFor(async () => seen[200] >= after + 200, 20000);
      } finally {
        stop = true;
        await Promise.all(readers);
      }
      assert.ok(b.open() > 0, 'the app moved to the second host');
      // the first request of each thread after the kill found its connection
      // closed before using it, or looked the user up again: no 503
      assert.deepEqual(seen.other, [], 'only answers 200');
      t.diagnostic(`${seen[200]} answers 200; ${b.accepted} connections to the second host`);
    } finally {
      await appOn(null);
      await waitFor(async () => (await get('/healthz')).status === 200, 20000);
      await a.kill();
      await b.kill();
    }
  });

test('a closed first host and a silent second: the app connects to the third within about a second',
  async (t) => {
    const silent = await dbNode(true).listen();
    const good = await dbNode().listen();
    const closed = await closedPort();
    try {
      await appOn(`127.0.0.1:${closed},127.0.0.1:${silent.port},127.0.0.1:${good.port}`);
      const t0 = Date.now();	// the app has just started, its threads connecting
      await waitFor(async () => (await get('/healthz')).status === 200, 30000, 50);
      const took = Date.now() - t0;
      assert.ok(silent.accepted > 0, 'the silent host was tried');
      // a connect waits 1 s for a node's greeting on the first pass, not
      // db_timeout (10 s)
      assert.ok(took < 4000, `healthy ${took} ms after the start`);
      const token = (await login('d0001.buyer')).access_token;
      assert.equal((await api(token, 'GET', '/api/v1/orders?limit=5')).status, 200);
      t.diagnostic(`healthy ${took} ms after the start; the silent host was tried ` +
        `${silent.accepted} times`);
    } finally {
      await appOn(null);
      await waitFor(async () => (await get('/healthz')).status === 200, 20000);
      await silent.kill();
      await good.kill();
    }
  });
