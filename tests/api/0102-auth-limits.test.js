// 0102: sign-in limits per account and per client address.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { BASE, cli, login, api, sql, postJSON, errorOf, DEMO_PASSWORD } = require('../lib/harness');

// A login name no earlier run of this file on the same stack has used.
const unique = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

// POST a login from a chosen loopback address (nginx passes it on as
// REMOTE_ADDR), so each test has an address of its own.
function loginFrom(addr, name, password) {
  const url = new URL('/api/v1/auth/login', BASE);
  const body = JSON.stringify({ login: name, password });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname,
      method: 'POST', localAddress: addr,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
    (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('six wrong passwords: the sixth is 429 with Retry-After; then even the right one is refused', async () => {
  cli(['user', 'add', 'tmp.locked', 'D0003', 'dealer_buyer'], 'the-right-password\n');
  for (let i = 1; i <= 5; i++) {
    const r = await loginFrom('127.0.0.21', 'tmp.locked', `wrong-password-${i}`);
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const sixth = await loginFrom('127.0.0.21', 'tmp.locked', 'wrong-password-6');
  assert.equal(sixth.status, 429);
  assert.ok(Number(sixth.headers['retry-after']) >= 1);
  assert.equal(JSON.parse(sixth.body).error.code, 'too_many_requests');
  const right = await loginFrom('127.0.0.22', 'tmp.locked', 'the-right-password');
  assert.equal(right.status, 429, 'locked: the right password is refused too');
  // other accounts are not affected
  await login('d0002.buyer');
});

test('one address with too many failures is refused for every login', async () => {
  for (let i = 0; i < 30; i++) {
    const r = await loginFrom('127.0.0.31', `nobody${i}`, 'wrong-password');
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const over = await loginFrom('127.0.0.31', 'd0002.buyer', 'dealernet-demo');
  assert.equal(over.status, 429);
  assert.ok(Number(over.headers['retry-after']) > 0);
  // another address still signs in
  const other = await loginFrom('127.0.0.32', 'd0002.buyer', 'dealernet-demo');
  assert.equal(other.status, 200);
});

// A sign-in that found no free hashing slot answers 503 (Retry-After) and
// was not counted against the name: a client tries again, as this does.
async function loginRetrying(addr, name, password) {
  for (;;) {
    const r = await loginFrom(addr, name, password);
    if (r.status !== 503) return r;
    assert.ok(Number(r.headers['retry-after']) >= 1, 'a 503 says when to try again');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

test('parallel guesses cannot get past the lock: at most five are checked', async () => {
  const name = unique('tmp.parallel');
  cli(['user', 'add', name, 'D0003', 'dealer_buyer'], 'the-right-password\n');
  const tries = await Promise.all(Array.from({ length: 16 }, (_, i) =>
    loginRetrying(`127.0.0.${40 + i}`, name, `wrong-password-${i}`)));
  const statuses = tries.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(' '));
  assert.equal(statuses.filter((s) => s === 429).length, 11);
  assert.equal((await loginFrom('127.0.0.60', name, 'the-right-password')).status, 429);
});

test('an unknown login locks like a known one, so a lock tells nothing', async () => {
  const seen = [];
  for (let i = 0; i < 6; i++) seen.push((await loginFrom('127.0.0.61', 'ghost.user', 'wrong-password')).status);
  assert.deepEqual(seen, [401, 401, 401, 401, 401, 429]);
});

// --- issue #18: known and unknown logins, odd ones, and where names are kept

test('a login outside [a-z0-9._-] answers 401 like a wrong one, never 503', async () => {
  const wrong = await errorOf(await postJSON('/api/v1/auth/login',
    { login: unique('nobody.'), password: 'wrong-password' }));
  for (const odd of ['王小明', 'D0001.BUYER', 'a b', 'd0001.buyer\u00e9']) {
    const res = await postJSON('/api/v1/auth/login', { login: odd, password: 'wrong-password' });
    assert.equal(res.status, 401, odd);
    assert.deepEqual(await errorOf(res), wrong, odd);
  }
});

test('a known and an unknown login back off identically: the sixth is 429 with the same Retry-After', async () => {
  const known = unique('tmp.known');
  cli(['user', 'add', known, 'D0003', 'dealer_buyer'], 'the-right-password\n');
  const ghost = unique('tmp.ghost');
  const run = async (name, addr) => {
    const seen = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await loginFrom(addr, name, 'wrong-password');
      seen.push(last.status);
    }
    return { seen, retry: Number(last.headers['retry-after']) };
  };
  const a = await run(known, '127.0.0.81');
  const b = await run(ghost, '127.0.0.82');
  assert.deepEqual(a.seen, [401, 401, 401, 401, 401, 429]);
  assert.deepEqual(b.seen, a.seen);
  assert.ok(a.retry >= 1 && a.retry <= 30, `known: ${a.retry}`);
  assert.ok(b.retry >= 1 && b.retry <= 30, `unknown: ${b.retry}`);
  assert.ok(Math.abs(a.retry - b.retry) <= 2, `${a.retry} vs ${b.retry}`);
  // a non-ASCII name locks the same way, rather than failing
  const odd = await run('李' + unique('x'), '127.0.0.83');
  assert.deepEqual(odd.seen, a.seen);
});

test('login names are counted under a keyed hash, never in the clear', async () => {
  const ghost = unique('tmp.cleartext');
  await loginFrom('127.0.0.84', ghost, 'wrong-password');
  assert.equal(sql(`SELECT COUNT(*) FROM login_failures WHERE addr LIKE '%${ghost}%'`)[0][0], '0');
  // not the plain SHA-256 of the name either: it is keyed with the app's secret
  assert.equal(sql(`SELECT COUNT(*) FROM login_names WHERE name_key = UNHEX(SHA2('${ghost}', 256))`)[0][0], '0');
  assert.equal(sql('SELECT COUNT(*) FROM login_names WHERE LENGTH(name_key) <> 32')[0][0], '0');
});

// --- issue #18: a flood of wrong sign-ins from one address

async function metric(name) {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\d+)`, 'm'));
  assert.ok(m, `${name} in /metrics`);
  return Number(m[1]);
}

test('a flood of wrong sign-ins: throttled ones answer 429 without hashing, and others go on', async () => {
  const buyer = (await login('d0001.buyer')).access_token;
  const list = await (await api(buyer, 'GET', '/api/v1/orders?limit=1')).json();
  const order = `/api/v1/orders/${list.items[0].number}`;
  const before = await metric('dealernet_password_hashes_total');
  const statuses = [];
  const reads = [];
  const end = Date.now() + 4000;
  const flood = Array.from({ length: 40 }, async (_, i) => {
    while (Date.now() < end) {
      statuses.push((await loginFrom('127.0.0.71', `flood${i}`, 'wrong-password')).status);
    }
  });
  const reader = (async () => {
    while (Date.now() < end) {
      reads.push((await api(buyer, 'GET', order)).status);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  })();
  await Promise.all([...flood, reader]);
  const hashed = (await metric('dealernet_password_hashes_total')) - before;
  const count = (s) => statuses.filter((x) => x === s).length;
  assert.deepEqual([...new Set(statuses)].filter((s) => ![401, 429, 503].includes(s)), [],
    'only 401, 429 and 503');
  assert.ok(count(401) <= 30, `at most the address's 30 failures are checked: ${count(401)}`);
  assert.ok(count(429) > 0, 'the address is throttled');
  // every check that answered 401 hashed once; nothing else did
  assert.equal(hashed, count(401), `hashes ${hashed}, 401s ${count(401)}, 429s ${count(429)}, 503s ${count(503)}`);
  assert.ok(reads.length > 0);
  assert.deepEqual([...new Set(reads)], [200], 'the other user reads throughout');
});

// An office behind one address: its staff sign in at once.  Sign-in has a socket and threads of
// its own (login_listen, issue #22) that wait for a hashing slot instead of answering 503: every
// one is served, and nothing is counted against the address.
test('sign-ins at once from one address are all served and do not count against it', async () => {
  const users = ['d0001.buyer', 'd0001.finance', 'd0001.admin', 'd0002.buyer', 'd0002.finance', 'd0002.admin'];
  // within nginx's burst for one address (64), all at once, each once
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    loginFrom('127.0.0.72', users[i % users.length], DEMO_PASSWORD)));
  const statuses = answers.map((r) => r.status);
  assert.deepEqual([...new Set(statuses)], [200], statuses.join());
  const rows = sql("SELECT failures FROM login_failures WHERE addr = 'a:127.0.0.72'");
  assert.deepEqual(rows.length ? rows[0] : ['0'], ['0'], 'no failure counted against the address');
});

// A burst of 64 sign-ins (issue #22), each from an address of its own: all are served (they queue
// for sign-in's threads; before, all but a few found the hashing slots busy and got 503), and the
// other requests go on meanwhile on the worker threads.
test('a burst of 64 sign-ins all succeed, and other requests go on meanwhile', async () => {
  const buyer = (await login('d0001.buyer')).access_token;
  const users = ['d0001.buyer', 'd0001.finance', 'd0001.admin', 'd0002.buyer', 'd0002.finance', 'd0002.admin',
    'r01.approver', 'r01.clerk'];
  let done = false;
  const reads = [];
  const reader = (async () => {
    while (!done) {
      const t = Date.now();
      const res = await api(buyer, 'GET', '/api/v1/orders?limit=1');
      reads.push([res.status, Date.now() - t]);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  })();
  const answers = await Promise.all(Array.from({ length: 64 }, (_, i) =>
    loginFrom(`127.0.1.${i + 1}`, users[i % users.length], DEMO_PASSWORD)));
  done = true;
  await reader;
  const statuses = answers.map((r) => r.status);
  assert.deepEqual([...new Set(statuses)], [200], statuses.join());
  assert.ok(reads.length > 0);
  assert.deepEqual([...new Set(reads.map(([s]) => s))], [200]);
  // a read waits for no sign-in: well under one argon2id hash per queued sign-in
  const slowest = Math.max(...reads.map(([, ms]) => ms));
  assert.ok(slowest < 2000, `slowest read during the burst: ${slowest} ms`);
});

// --- issue #18: the current password, when changing it, cannot be guessed

test('wrong current passwords count against the account and lock it (429)', async () => {
  const name = unique('tmp.pwguess');
  cli(['user', 'add', name, 'D0003', 'dealer_buyer'], 'the-right-password\n');
  const tok = (await login(name, 'the-right-password')).access_token;
  const seen = [];
  let last;
  for (let i = 0; i < 6; i++) {
    last = await api(tok, 'POST', '/api/v1/me/password',
      { current_password: `wrong-guess-${i}`, new_password: 'a-new-password-1' });
    seen.push(last.status);
  }
  assert.deepEqual(seen, [422, 422, 422, 422, 422, 429]);
  assert.ok(Number(last.headers.get('retry-after')) >= 1);
  assert.equal((await errorOf(last)).code, 'too_many_requests');
  // locked like sign-in: the right one is refused too, here and at sign-in
  const right = await api(tok, 'POST', '/api/v1/me/password',
    { current_password: 'the-right-password', new_password: 'a-new-password-1' });
  assert.equal(right.status, 429);
  assert.equal((await loginFrom('127.0.0.85', name, 'the-right-password')).status, 429);
});

test('an administrator\'s password reset unlocks the login', async () => {
  const name = unique('tmp.reset');
  cli(['user', 'add', name, 'D0003', 'dealer_buyer'], 'the-right-password\n');
  for (let i = 0; i < 6; i++) await loginFrom('127.0.0.86', name, 'wrong-password');
  assert.equal((await loginFrom('127.0.0.86', name, 'the-right-password')).status, 429);
  const admin = (await login('admin')).access_token;
  const [[id]] = sql(`SELECT id FROM users WHERE login = '${name}'`);
  assert.equal((await api(admin, 'POST', `/api/v1/users/${id}/password`,
    { new_password: 'a-reset-password-1' })).status, 204);
  assert.equal((await loginFrom('127.0.0.87', name, 'a-reset-password-1')).status, 200);
});
