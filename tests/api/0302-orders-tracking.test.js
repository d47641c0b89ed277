// 0302: cancelling and tracking: the status machine, races, scope, feed.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, errorOf, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;

async function newOrder(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `track-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return res.json();
}
const approve = (number) => sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
const event = (who, number, body) => call(who, 'POST', `/api/v1/orders/${number}/events`, body);

test('a dealer cancels its own submitted order, not an approved one', async () => {
  const o = await newOrder();
  let res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/cancel`, { note: 'changed our mind' });
  assert.equal(res.status, 200);
  const c = await res.json();
  assert.equal(c.status, 'cancelled');
  assert.deepEqual(c.timeline.map((e) => e.status), ['submitted', 'cancelled']);
  assert.equal(c.timeline[1].note, 'changed our mind');
  assert.equal(sql(`SELECT COUNT(*) FROM feed_events WHERE type = 'order.cancelled' AND object_ref = '${o.number}'`)[0][0], '1');
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/cancel`);
  assert.equal(res.status, 409, 'cancelled already');
  const p = await newOrder();
  approve(p.number);
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${p.number}/cancel`);
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  res = await call('r01.approver', 'POST', `/api/v1/orders/${p.number}/cancel`);
  assert.equal(res.status, 200, 'staff may cancel until in production');
});

test('tracking runs approved -> scheduled -> ... -> closed; shipped needs carrier and waybill', async () => {
  const o = await newOrder();
  let res = await event('r01.manager', o.number, { status: 'scheduled' });
  assert.equal(res.status, 409, 'not approved yet');
  approve(o.number);
  for (const status of ['scheduled', 'in_production']) {
    res = await event('r01.manager', o.number, { status });
    assert.equal(res.status, 200, status);
  }
  res = await event('r01.manager', o.number, { status: 'shipped' });
  assert.equal(res.status, 422);
  const { fields } = await errorOf(res);
  assert.ok(fields.carrier && fields.waybill);
  res = await event('erp', o.number, { status: 'shipped', carrier: 'Sinotrans', waybill: 'ST-2026-000042' });
  assert.equal(res.status, 200);
  res = await event('r01.manager', o.number, { status: 'scheduled' });
  assert.equal(res.status, 409, 'no way back');
  for (const status of ['delivered', 'closed']) {
    assert.equal((await event('erp', o.number, { status })).status, 200, status);
  }
  const seen = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json();
  assert.equal(seen.status, 'closed');
  assert.deepEqual(seen.timeline.map((e) => e.status),
    ['submitted', 'scheduled', 'in_production', 'shipped', 'delivered', 'closed']);
  // the order page's timeline names each step by its own status label, in both languages
  // (issue #18, item 17: "closed" once read as the ledger's "Month closed; statements made.")
  const labels = {
    en: ['Submitted', 'Approved', 'Scheduled', 'In production', 'Shipped', 'Delivered', 'Closed'],
    'zh-CN': ['已提交', '已审批', '已排产', '生产中', '已发货', '已送达', '已完成'],
  };
  for (const [lang, path] of Object.entries(labels)) {
    const html = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`, undefined,
      { Cookie: `lang=${lang}` })).text();
    const within = (cls) => html.slice(html.indexOf(`<ol class="${cls}"`), html.indexOf('</ol>', html.indexOf(`<ol class="${cls}"`)));
    const steps = [...within('steps').matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]);
    assert.deepEqual(steps, path, `${lang}: the progress steps`);
    const events = [...within('timeline').matchAll(/<strong>([^<]*)<\/strong> —/g)].map((m) => m[1]);
    assert.deepEqual(events, path.filter((l, i) => i !== 1), `${lang}: the timeline`);
    assert.doesNotMatch(html, /Month closed|已结账/, lang);
  }
  const shipped = seen.timeline.find((e) => e.status === 'shipped');
  assert.equal(shipped.carrier, 'Sinotrans');
  assert.equal(shipped.waybill, 'ST-2026-000042');
  res = await event('r01.manager', o.number, { status: 'approved' });
  assert.equal(res.status, 422, 'approval is not a tracking event');
});

test('two identical transitions at once: one 200, one 409', async () => {
  const o = await newOrder();
  approve(o.number);
  const both = await Promise.all([event('r01.manager', o.number, { status: 'scheduled' }),
    event('r01.approver', o.number, { status: 'scheduled' })]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  assert.equal(sql(`SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = '${o.number}' AND e.status = 'scheduled'`)[0][0], '1');
});

test('a stale version loses', async () => {
  const o = await newOrder();
  approve(o.number);
  const res = await event('r01.manager', o.number, { status: 'scheduled', version: o.version });
  assert.equal(res.status, 409);
});

test('other dealers and regions get 404 for cancel and events', async () => {
  const o = await newOrder();
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver', 'r02.manager']) {
    const res = await call(who, 'POST', `/api/v1/orders/${o.number}/cancel`);
    assert.equal(res.status, 404, `${who} cancel`);
  }
  approve(o.number);
  for (const who of ['r02.approver', 'r02.manager']) {
    assert.equal((await event(who, o.number, { status: 'scheduled' })).status, 404, `${who} events`);
  }
  assert.equal((await event('d0001.buyer', o.number, { status: 'scheduled' })).status, 403, 'dealers do not track');
  const still = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json();
  assert.equal(still.status, 'approved');
});
