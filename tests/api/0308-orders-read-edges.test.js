// 0308: reading one order at its edges (issue #22): every field whole and in order through
// the API, the page and a replay (by id), the scope as strict, a number no order can have,
// a failed read.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;

const LINES = [
  { product: 'XQG-2002', quantity: 1, options: { capacity_kg: 7, loading: 'front' } },
  { product: 'LE-2005', quantity: 2, options: { screen_in: '55', panel: 'led' } },
  { product: 'XQG-2001', quantity: 3, options: { capacity_kg: 8, loading: 'top' } },
];

async function newOrder(who = 'd0001.buyer', lines = LINES) {
  const res = await call(who, 'POST', '/api/v1/orders', { lines, requested_date: later(),
    ship_to: 'Beijing', note: 'read me' }, { 'Idempotency-Key': `read-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return res.json();
}

// An order with three lines and five events: approved by SQL (as 0302), then tracked.
async function trackedOrder() {
  const o = await newOrder();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${o.number}'`);
  for (const status of ['scheduled', 'in_production']) {
    assert.equal((await call('r01.manager', 'POST', `/api/v1/orders/${o.number}/events`,
      { status, note: `${status} note` })).status, 200, status);
  }
  assert.equal((await call('erp', 'POST', `/api/v1/orders/${o.number}/events`,
    { status: 'shipped', carrier: 'Sinotrans', waybill: `ST-${RUN}` })).status, 200);
  assert.equal((await call('erp', 'POST', `/api/v1/orders/${o.number}/events`,
    { status: 'delivered' })).status, 200);
  return o;
}

test('an order with several lines and events reads back whole and in order', async () => {
  const o = await trackedOrder();
  const res = await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`);
  assert.equal(res.status, 200);
  const got = await res.json();
  assert.equal(got.number, o.number);
  assert.equal(got.status, 'delivered');
  assert.equal(got.note, 'read me');
  assert.equal(got.ship_to, 'Beijing');
  assert.equal(got.version, o.version + 5);
  assert.equal(got.total, o.total);
  assert.equal(got.dealer.id, o.dealer.id);
  assert.match(got.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(got.promised_date, o.promised_date);
  // as submitted, in line order, but for what of each has shipped (and is returned) since
  // (issue #23): all of it
  const frozen = (lines) => lines.map(({ shipped, returned, ...l }) => l);
  assert.deepEqual(frozen(got.lines), frozen(o.lines), 'lines as submitted, in line order');
  assert.deepEqual(got.lines.map((l) => l.shipped), got.lines.map((l) => l.quantity), 'every unit shipped');
  assert.deepEqual(got.lines.map((l) => l.product), LINES.map((l) => l.product));
  assert.deepEqual(got.timeline.map((e) => e.status),
    ['submitted', 'scheduled', 'in_production', 'shipped', 'delivered']);
  assert.equal(got.timeline[1].note, 'scheduled note');
  assert.equal(got.timeline[3].carrier, 'Sinotrans');
  assert.equal(got.timeline[3].waybill, `ST-${RUN}`);
  assert.ok(!('carrier' in got.timeline[0]), 'a NULL carrier stays out');
  for (const e of got.timeline) {
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(e.at_china, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.ok(e.actor.length > 0);
  }
  assert.deepEqual(got.timeline[0], o.timeline[0]);
  // the same through the page
  const html = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`)).text();
  assert.ok(html.includes(o.number) && html.includes(`ST-${RUN}`));
  // the same for every reader in scope
  for (const who of ['d0001.finance', 'r01.approver', 'r01.manager', 'hq.key']) {
    const again = await call(who, 'GET', `/api/v1/orders/${o.number}`);
    assert.equal(again.status, 200, who);
    const j = await again.json();
    assert.deepEqual([j.lines, j.timeline.map((e) => e.status)], [got.lines, got.timeline.map((e) => e.status)], who);
  }
});

test('an order out of scope answers 404 to the API and the page, and leaks nothing', async () => {
  const o = await trackedOrder();
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver', 'r02.manager']) {
    const res = await call(who, 'GET', `/api/v1/orders/${o.number}`);
    assert.equal(res.status, 404, who);
    const text = await res.text();
    assert.ok(!text.includes('Sinotrans') && !text.includes('XQG-2002'), `${who}: nothing leaks`);
    const page = await call(who, 'GET', `/orders/${o.number}`);
    assert.equal(page.status, 404, `${who} page`);
    assert.ok(!(await page.text()).includes(`ST-${RUN}`), `${who} page leaks nothing`);
  }
});

// A number outside ASCII answered 500 (MariaDB refused to compare it with the ASCII column).
test('a number no order can have answers 404, not an error', async () => {
  for (const n of ['SO-0000-000000', 'x'.repeat(25), `SO-${'9'.repeat(40)}`, '订单-1', 'so%20x']) {
    const res = await call('hq.key', 'GET', `/api/v1/orders/${encodeURIComponent(n)}`);
    assert.equal(res.status, 404, n);
  }
});

// ... on every route that takes a document number: the router lets no
// {number} outside ASCII letters, digits and '-' through (500s before).
test('a number outside ASCII answers 404 on every route that takes one', async () => {
  const n = encodeURIComponent('订单-1');
  const calls = [['GET', `/api/v1/orders/${n}`], ['POST', `/api/v1/orders/${n}/cancel`, {}],
    ['POST', `/api/v1/orders/${n}/events`, { status: 'scheduled' }],
    ['POST', `/api/v1/orders/${n}/approve`, {}], ['GET', `/api/v1/complaints/${n}`],
    ['GET', `/api/v1/service-jobs/${n}`]];
  for (const [method, p, body] of calls) {
    const res = await call('hq.key', method, p, body);
    assert.equal(res.status, 404, `${method} ${p}`);
  }
});

test('a replayed submission reads its order by id, whole', async () => {
  const key = `read-replay-${RUN}`;
  const body = { lines: LINES, requested_date: later(), ship_to: 'Beijing', note: 'replay' };
  const first = await call('d0001.buyer', 'POST', '/api/v1/orders', body, { 'Idempotency-Key': key });
  assert.equal(first.status, 201);
  const a = await first.json();
  const again = await call('d0001.buyer', 'POST', '/api/v1/orders', body, { 'Idempotency-Key': key });
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), a);
});

// A failed read (db/db_fault.c: the next request's first database call fails) answers 500
// without a half order, and the reads after it, on every worker, answer the whole order.
test('a read that fails answers 500 and the reads after it are whole', async () => {
  const o = await trackedOrder();
  const path = `/api/v1/orders/${o.number}`;
  const whole = await (await call('d0001.buyer', 'GET', path)).json();
  const fault = (after) => fetch(`${BASE}/api/v1/_test/db-fault`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ after }) });
  for (const n of [1]) {
    const hits = (await (await fault(n)).json()).fired;
    const res = await call('d0001.buyer', 'GET', path);
    assert.equal((await (await fetch(`${BASE}/api/v1/_test/db-fault`)).json()).fired, hits + 1, `fault ${n} hit`);
    assert.equal(res.status, 500, `fault at call ${n}`);
    assert.ok(!(await res.text()).includes('Sinotrans'), `fault ${n}: no half order`);
    for (let i = 0; i < 8; i++) {
      const again = await call('d0001.buyer', 'GET', path);
      assert.equal(again.status, 200, `after fault ${n}, read ${i}`);
      assert.deepEqual(await again.json(), whole);
    }
  }
  assert.equal((await fault(0)).status, 200);
});
