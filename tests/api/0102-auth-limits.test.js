// 0102: sign-in limits per account and per client address.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { BASE, cli, login } = require('../lib/harness');

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

test('parallel guesses cannot get past the lock: at most five are checked', async () => {
  cli(['user', 'add', 'tmp.parallel', 'D0003', 'dealer_buyer'], 'the-right-password\n');
  const tries = await Promise.all(Array.from({ length: 16 }, (_, i) =>
    loginFrom(`127.0.0.${40 + i}`, 'tmp.parallel', `wrong-password-${i}`)));
  const statuses = tries.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(' '));
  assert.equal(statuses.filter((s) => s === 429).length, 11);
  assert.equal((await loginFrom('127.0.0.60', 'tmp.parallel', 'the-right-password')).status, 429);
});

test('an unknown login locks like a known one, so a lock tells nothing', async () => {
  const seen = [];
  for (let i = 0; i < 6; i++) seen.push((await loginFrom('127.0.0.61', 'ghost.user', 'wrong-password')).status);
  assert.deepEqual(seen, [401, 401, 401, 401, 401, 429]);
});
