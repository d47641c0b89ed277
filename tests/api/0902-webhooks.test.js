// 0902: webhooks (issue #20 acceptance 3): a receiver (a test server here) gets each order
// event once, signed with HMAC-SHA256 over timestamp and body; 500, 500, 200 makes exactly
// three attempts, recorded; a tampered body fails the receiver's check; a change that rolls
// back sends nothing; another dealer's admin cannot see or touch a subscription (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const crypto = require('node:crypto');
const { BASE, sql, client, later, waitFor, errorOf } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;

// A receiver on 127.0.0.1: keeps every request; answers from plan (status codes) then 200.
function receiver(plan = []) {
  const got = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = plan.length ? plan.shift() : 200;
      res.end('ok');
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () =>
    ok({ got, server, url: `http://127.0.0.1:${server.address().port}/hook` })));
}

// The receiver's check: the signature header over "t.body" under the secret.
function verify(secret, headers, body) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(headers['x-dealernet-signature'] || '');
  if (!m) return false;
  const mac = crypto.createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(m[2]));
}

async function subscribe(who, url, kinds = []) {
  const res = await call(who, 'POST', '/api/v1/webhooks', { url, kinds },
    { 'Idempotency-Key': `hook-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return res.json();
}

async function newOrder(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `hook-order-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return (await res.json()).number;
}
const move = (number, body) => call('r01.manager', 'POST', `/api/v1/orders/${number}/events`, body);
const ofOrder = (got, number) => got.filter((g) => JSON.parse(g.body).object.ref === number);

let A, B, C;
test.before(async () => { A = await receiver(); B = await receiver(); C = await receiver(); });
// the subscriptions go off with their receivers, so later tests' feeds are read by their readers only
test.after(() => {
  for (const r of [A, B, C]) r.server.close();
  sql('UPDATE webhook_subscriptions SET active = 0, version = version + 1');
});

test('each order event reaches the subscriptions once, signed; another dealer\'s does not', async () => {
  const own = await subscribe('d0001.admin', A.url);
  assert.match(own.secret, /^whsec_[0-9a-f]{64}$/);
  assert.equal(own.scope, 'own');
  const all = await subscribe('admin', B.url, ['order.status_changed']);
  assert.equal(all.scope, 'all');
  const other = await subscribe('d0002.admin', C.url);
  const number = await newOrder();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
  for (const status of ['scheduled', 'in_production']) assert.equal((await move(number, { status })).status, 200);
  assert.equal((await move(number, { status: 'shipped', carrier: 'Sinotrans', waybill: `H-${RUN}` })).status, 200);
  await waitFor(() => ofOrder(A.got, number).length >= 4 && ofOrder(B.got, number).length >= 3);
  await new Promise((r) => setTimeout(r, 2500));	// nothing comes twice
  const a = ofOrder(A.got, number);
  assert.deepEqual(a.map((g) => g.headers['x-dealernet-event']),
    ['order.submitted', 'order.status_changed', 'order.status_changed', 'order.status_changed']);
  const ids = a.map((g) => g.headers['x-dealernet-event-id']);
  assert.equal(new Set(ids).size, 4, 'one delivery per event');
  for (const g of a) {
    assert.ok(verify(own.secret, g.headers, g.body), 'a valid signature');
    assert.equal(JSON.parse(g.body).id, g.headers['x-dealernet-event-id']);
    assert.equal(g.headers['content-type'], 'application/json');
  }
  const shipped = JSON.parse(a[3].body);
  assert.equal(shipped.payload.waybill, `H-${RUN}`);
  assert.equal(shipped.dealer, Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]));
  // the admin's subscription took only the kinds it asked for, signed with its own secret
  const b = ofOrder(B.got, number);
  assert.equal(b.length, 3);
  assert.ok(b.every((g) => verify(all.secret, g.headers, g.body) && !verify(own.secret, g.headers, g.body)));
  // a tampered body fails the receiver's check
  const tampered = a[3].body.replace(`H-${RUN}`, 'H-forged');
  assert.notEqual(tampered, a[3].body);
  assert.equal(verify(own.secret, a[3].headers, tampered), false);
  // D0002's admin hears nothing of D0001's order
  assert.equal(ofOrder(C.got, number).length, 0);
  // the delivery log
  const log = await (await call('d0001.admin', 'GET', `/api/v1/webhooks/${own.id}/deliveries`)).json();
  const mine = log.items.filter((d) => ids.includes(d.event_id));
  assert.equal(mine.length, 4);
  assert.ok(mine.every((d) => d.state === 'delivered' && d.attempts === 1 && d.last_status === 200));
  assert.ok(other.id);
});

test('500, 500, 200: exactly three attempts, each recorded; a redelivery sends the same event again', async () => {
  const R = await receiver([500, 500]);
  try {
    const hook = await subscribe('d0001.admin', R.url, ['order.submitted']);
    const number = await newOrder();
    await waitFor(() => ofOrder(R.got, number).length === 3, 30000);
    const id = sql(`SELECT d.id FROM webhook_deliveries d WHERE d.subscription_id = ${hook.id}`)[0][0];
    await waitFor(() => sql(`SELECT state FROM webhook_deliveries WHERE id = ${id}`)[0][0] === 'delivered');
    assert.deepEqual(sql(`SELECT status, ok FROM webhook_attempts WHERE delivery_id = ${id} ORDER BY id`),
      [['500', '0'], ['500', '0'], ['200', '1']]);
    const got = ofOrder(R.got, number);
    assert.equal(new Set(got.map((g) => g.headers['x-dealernet-event-id'])).size, 1, 'the same event each time');
    assert.ok(got.every((g) => verify(hook.secret, g.headers, g.body)));
    const log = await (await call('d0001.admin', 'GET', `/api/v1/webhooks/${hook.id}/deliveries`)).json();
    assert.equal(log.items[0].attempts, 3);
    assert.equal(log.items[0].state, 'delivered');
    // on request, once more
    const res = await call('d0001.admin', 'POST', `/api/v1/webhooks/${hook.id}/deliveries/${id}/redeliver`);
    assert.equal(res.status, 200);
    await waitFor(() => ofOrder(R.got, number).length === 4);
    assert.equal(ofOrder(R.got, number)[3].body, got[0].body, 'the same bytes');
    assert.equal(sql(`SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ${id}`)[0][0], '4');
    // turned off: nothing more
    const off = await call('d0001.admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { active: false, version: hook.version });
    assert.equal(off.status, 200);
    assert.equal((await off.json()).active, false);
    const again = await call('d0001.admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { active: true, version: hook.version });
    assert.equal(again.status, 409, 'a stale version');
    const later2 = await newOrder();
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(ofOrder(R.got, later2).length, 0);
  } finally {
    R.server.close();
  }
});

test('a change that rolls back sends nothing', async () => {
  const R = await receiver();
  try {
    await subscribe('d0001.admin', R.url, ['order.status_changed']);
    const number = await newOrder();
    sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
    const faults = async () => (await fetch(`${BASE}/api/v1/_test/db-fault`)).json();
    for (let n = 1; ; n++) {
      const fired = (await faults()).fired;
      await fetch(`${BASE}/api/v1/_test/db-fault`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ after: n }) });
      const res = await move(number, { status: 'scheduled' });
      const f = await faults();
      if (f.fired === fired || f.committed_before > 0) break;
      assert.ok(res.status >= 500);
    }
    await waitFor(() => ofOrder(R.got, number).length >= 1);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(ofOrder(R.got, number).length, 1, 'only the change that committed');
  } finally {
    R.server.close();
  }
});

test('subscriptions: checked input, idempotent creation, scope', async () => {
  let res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: 'ftp://x/y' },
    { 'Idempotency-Key': `hook-bad-${RUN}` });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.url);
  res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: A.url, kinds: ['shipped'] },
    { 'Idempotency-Key': `hook-bad2-${RUN}` });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.kinds);
  res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: A.url });
  assert.equal(res.status, 422, 'no Idempotency-Key');
  const key = { 'Idempotency-Key': `hook-once-${RUN}` };
  res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: A.url, kinds: ['order.cancelled'] }, key);
  assert.equal(res.status, 201);
  const first = await res.json();
  res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: A.url, kinds: ['order.cancelled'] }, key);
  assert.equal(res.status, 200);
  const replay = await res.json();
  assert.equal(replay.id, first.id);
  assert.equal(replay.secret, first.secret);
  res = await call('d0001.admin', 'POST', '/api/v1/webhooks', { url: B.url }, key);
  assert.equal(res.status, 409);
  // another dealer's admin: 404 on everything of it; a buyer: not a manager
  for (const [m, p, body] of [['GET', `/api/v1/webhooks/${first.id}`], ['PATCH', `/api/v1/webhooks/${first.id}`,
    { active: false, version: 1 }], ['GET', `/api/v1/webhooks/${first.id}/deliveries`],
  ['POST', `/api/v1/webhooks/${first.id}/deliveries/1/redeliver`]]) {
    res = await call('d0002.admin', m, p, body);
    assert.equal(res.status, 404, `${m} ${p}`);
  }
  assert.ok(!(await (await call('d0002.admin', 'GET', '/api/v1/webhooks')).json()).items.some((w) => w.id === first.id));
  assert.ok((await (await call('admin', 'GET', '/api/v1/webhooks')).json()).items.some((w) => w.id === first.id));
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/webhooks')).status, 403);
  // a few on at once, an org: each multiplies every event
  const many = [];
  for (let i = 0; ; i++) {
    res = await call('d0002.admin', 'POST', '/api/v1/webhooks', { url: `${C.url}?n=${i}` },
      { 'Idempotency-Key': `hook-many-${RUN}-${i}` });
    if (res.status !== 201) break;
    many.push(await res.json());
  }
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'too_many');
  assert.equal(many.length + 1, 10, 'ten on at once (the first test\'s one among them)');
  for (const w of many) {
    assert.equal((await call('d0002.admin', 'PATCH', `/api/v1/webhooks/${w.id}`, { active: false, version: w.version })).status, 200);
  }
  // the secret is shown on creation only
  const one = await (await call('d0001.admin', 'GET', `/api/v1/webhooks/${first.id}`)).json();
  assert.equal(one.secret, undefined);
});
