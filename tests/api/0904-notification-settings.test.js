// 0904: contact data and per-kind channels (issue #20): one's own and, for a dealer's admin,
// its users'; SMS through the HTTP gateway (a stub here, on the port the stack names), signed;
// a kind turned off sends nothing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { DIR, PORT, sql, client, later, waitFor, errorOf } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;
const settings = async (who, p = '/api/v1/me/notification-settings') => {
  const res = await call(who, 'GET', p);
  assert.equal(res.status, 200);
  return res.json();
};
const put = (who, body, p = '/api/v1/me/notification-settings') => call(who, 'PUT', p, body);
const idOf = (login) => sql(`SELECT id FROM users WHERE login = '${login}'`)[0][0];

async function shipped() {
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `prefs-${RUN}-${seq++}` });
  const { number } = await res.json();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
  for (const status of ['scheduled', 'in_production']) {
    await call('r01.manager', 'POST', `/api/v1/orders/${number}/events`, { status });
  }
  const waybill = `SMS-${RUN}-${seq++}`;
  res = await call('r01.manager', 'POST', `/api/v1/orders/${number}/events`, { status: 'shipped', carrier: 'SF', waybill });
  assert.equal(res.status, 200);
  return { number, waybill };
}

test('one\'s settings: the address, the kinds with their defaults; checked input; versions', async () => {
  const s = await settings('d0001.buyer');
  assert.equal(s.email, 'd0001.buyer@dealernet.example');
  const k = s.kinds.find((x) => x.kind === 'order.shipped');
  assert.deepEqual(k.defaults, ['portal', 'email']);
  assert.ok(!s.kinds.some((x) => x.kind === 'password.reset'), 'not a kind one turns off');
  for (const [body, field] of [[{ email: 'no-at-sign', version: s.version }, 'email'],
    [{ mobile: '12ab', version: s.version }, 'mobile'],
    [{ kinds: { 'order.nothing': ['email'] }, version: s.version }, 'kinds'],
    [{ kinds: { 'order.shipped': ['fax'] }, version: s.version }, 'kinds'],
    [{ email: 'x@y.example' }, 'version']]) {
    const res = await put('d0001.buyer', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], field);
  }
  let res = await put('d0001.buyer', { email: 'x@y.example', version: s.version + 5 });
  assert.equal(res.status, 409);
  // an address is one account's: a password reset must know whose
  res = await put('d0001.buyer', { email: 'D0002.Buyer@dealernet.example', version: s.version });
  assert.equal(res.status, 409);
  assert.ok((await errorOf(res)).fields.email);
  assert.equal((await settings('d0001.buyer')).email, 'd0001.buyer@dealernet.example', 'nothing half-written');
});

test('a dealer\'s admin sets its users\' settings; another dealer\'s admin gets 404; a buyer 403', async () => {
  const p = `/api/v1/users/${idOf('d0001.finance')}/notification-settings`;
  const s = await settings('d0001.admin', p);
  assert.equal(s.email, 'd0001.finance@dealernet.example');
  let res = await put('d0001.admin', { mobile: '+8613900000002', version: s.version }, p);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).mobile, '+8613900000002');
  res = await call('d0002.admin', 'GET', p);
  assert.equal(res.status, 404);
  res = await put('d0002.admin', { mobile: '', version: s.version + 1 }, p);
  assert.equal(res.status, 404);
  res = await call('d0001.buyer', 'GET', p);
  assert.equal(res.status, 403);
  assert.ok((await settings('admin', p)).mobile, 'an admin reads anyone\'s');
});

test('SMS through the gateway, signed; a kind turned off sends nothing', async () => {
  const got = [];
  const stub = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { got.push({ headers: req.headers, body: Buffer.concat(chunks).toString() }); res.end('{}'); });
  });
  await new Promise((ok) => stub.listen(Number(PORT) + 2000, '127.0.0.1', ok));
  const secret = fs.readFileSync(path.join(DIR, 'sms.secret'), 'utf8').trim();
  const s = await settings('d0001.buyer');
  try {
    let res = await put('d0001.buyer', { mobile: '+8613800000001', kinds: { 'order.shipped': ['portal', 'sms'] },
      version: s.version });
    assert.equal(res.status, 200);
    const now = await res.json();
    assert.deepEqual(now.kinds.find((x) => x.kind === 'order.shipped').channels, ['portal', 'sms']);
    const { waybill } = await shipped();
    await waitFor(() => got.some((g) => g.body.includes(waybill)));
    const sms = got.find((g) => g.body.includes(waybill));
    const body = JSON.parse(sms.body);
    assert.equal(body.to, '+8613800000001');
    assert.ok(body.text.includes(waybill) && body.text.includes('/orders/'), body.text);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sms.headers['x-dealernet-signature']);
    assert.equal(crypto.createHmac('sha256', secret).update(`${t}.${sms.body}`).digest('hex'), v1);
    // e-mail was turned off for this kind: only the admin's mail went
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(sql(`SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.user_id JOIN notify_events e ON e.id = o.event_id WHERE u.login = 'd0001.buyer' AND o.channel = 'email' AND e.params LIKE '%${waybill}%'`)[0][0], '0');
    // off: no notification at all
    res = await put('d0001.buyer', { kinds: { 'order.shipped': [] }, version: now.version });
    assert.equal(res.status, 200);
    const off = await shipped();
    await waitFor(() => sql(`SELECT COUNT(*) FROM notify_events WHERE params LIKE '%${off.waybill}%' AND fanned_at IS NOT NULL`)[0][0] === '1');
    assert.equal(sql(`SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'd0001.buyer' AND n.params LIKE '%${off.waybill}%'`)[0][0], '0');
    assert.equal(sql(`SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'd0001.admin' AND n.params LIKE '%${off.waybill}%'`)[0][0], '1', 'the admin still hears of it');
  } finally {
    stub.close();
    const cur = await settings('d0001.buyer');
    await put('d0001.buyer', { mobile: '', kinds: { 'order.shipped': ['portal', 'email'] }, version: cur.version });
  }
});
