// 0305: the draft built line by line, CSV bulk entry with per-row errors, reorder.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const key = () => `draft-${RUN}-${n++}`;
const csv = (who, text) => call(who, 'POST', '/api/v1/draft/csv', text, { 'Content-Type': 'text/csv' });
const WASHER = { product: 'XQG-2002', quantity: 3, options: { capacity_kg: 7, loading: 'front' } };
const FRIDGE = { product: 'BCD-2005', quantity: 2,
  options: { capacity: 200, colour: 'white', energy_class: '1', logo_text: '华联' } };

async function empty(who) {
  const d = await (await call(who, 'GET', '/api/v1/draft')).json();
  for (const l of d.lines) assert.equal((await call(who, 'DELETE', `/api/v1/draft/lines/${l.id}`)).status, 200);
}

test('a buyer adds, changes and removes draft lines, priced like a quote', async () => {
  await empty('d0001.buyer');
  let res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', FRIDGE);
  assert.equal(res.status, 201);
  let d = await res.json();
  assert.equal(d.lines.length, 1);
  const quote = await (await call('d0001.buyer', 'POST', '/api/v1/products/BCD-2005/quote',
    { quantity: 2, options: FRIDGE.options })).json();
  assert.equal(d.lines[0].line_total, quote.line_total);
  assert.equal(d.total, quote.line_total);
  assert.equal(d.ready, true);
  d = await (await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER)).json();
  const washer = d.lines.find((l) => l.product === 'XQG-2002');
  res = await call('d0001.buyer', 'PATCH', `/api/v1/draft/lines/${washer.id}`, { quantity: 5 });
  assert.equal(res.status, 200);
  d = await res.json();
  assert.equal(d.lines.find((l) => l.id === washer.id).quantity, 5);
  assert.equal(d.total, d.lines.reduce((s, l) => s + l.line_total, 0));
  // a change that breaks the schema is refused, naming the option
  res = await call('d0001.buyer', 'PATCH', `/api/v1/draft/lines/${washer.id}`, { options: { capacity_kg: 7, loading: 'sideways' } });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['line.options.loading']);
  res = await call('d0001.buyer', 'PATCH', `/api/v1/draft/lines/${washer.id}`, { product: 'BCD-2001' });
  assert.equal(res.status, 422);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', { product: 'BCD-2005', quantity: 0, options: {} });
  assert.equal(res.status, 422);
  const f = (await errorOf(res)).fields;
  assert.ok(f['line.quantity'] && f['line.options.capacity']);
  res = await call('d0001.buyer', 'DELETE', `/api/v1/draft/lines/${washer.id}`);
  assert.equal((await res.json()).lines.length, 1);
  assert.equal((await call('d0001.buyer', 'DELETE', `/api/v1/draft/lines/${washer.id}`)).status, 404);
});

test('an add with an Idempotency-Key is done once; the key with another body is 409', async () => {
  await empty('d0001.buyer');
  const k = key();
  let res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER, { 'Idempotency-Key': k });
  assert.equal(res.status, 201);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER, { 'Idempotency-Key': k });
  assert.equal(res.status, 200, 'a retry');
  assert.equal((await res.json()).lines.length, 1, 'added once');
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', FRIDGE, { 'Idempotency-Key': k });
  assert.equal(res.status, 409);
  const rows = 'XQG-2002,1,capacity_kg=7;loading=front\n';
  const k2 = key();
  for (const want of [200, 200]) {
    res = await call('d0001.buyer', 'POST', '/api/v1/draft/csv', rows, { 'Content-Type': 'text/csv', 'Idempotency-Key': k2 });
    assert.equal(res.status, want);
  }
  assert.equal((await res.json()).lines.length, 2, 'the CSV rows went in once');
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER, { 'Idempotency-Key': 'bad key!' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  // another user's same key is theirs alone
  await empty('d0002.buyer');
  res = await call('d0002.buyer', 'POST', '/api/v1/draft/lines', FRIDGE, { 'Idempotency-Key': k });
  assert.equal(res.status, 201);
  await empty('d0002.buyer');
  await empty('d0001.buyer');
});

test('nobody else reads or changes a draft line: other dealers, same-dealer users, staff', async () => {
  await empty('d0001.buyer');
  const d = await (await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER)).json();
  const id = d.lines[0].id;
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r01.manager', 'r02.manager']) {
    assert.equal((await call(who, 'PATCH', `/api/v1/draft/lines/${id}`, { quantity: 9 })).status, 404, who);
    assert.equal((await call(who, 'DELETE', `/api/v1/draft/lines/${id}`)).status, 404, who);
    const theirs = await (await call(who, 'GET', '/api/v1/draft')).json();
    assert.ok(!theirs.lines.some((l) => l.id === id), who);
  }
  for (const who of ['d0001.admin', 'd0001.finance', 'r01.approver']) {
    assert.equal((await call(who, 'GET', '/api/v1/draft')).status, 403, who);
  }
  assert.equal(sql(`SELECT quantity FROM draft_lines WHERE id = ${id}`)[0][0], '3');
});

test('CSV rows are all checked; each problem names its row; nothing is added on error', async () => {
  await empty('d0001.buyer');
  let res = await csv('d0001.buyer', 'model,quantity,options\r\n' +
    'XQG-2002,3,capacity_kg=7;loading=front\r\n' +
    'BCD-2001,1,capacity=190;colour=pink;energy_class=2\r\n' +
    'NOPE-1,1,\r\n' +
    'BCD-2001,two,capacity=190;colour=white;energy_class=2\r\n' +
    'BCD-2001,1,capacity=abc;colour=white;energy_class=2\r\n' +
    'BCD-2001,1,capacity=185;colour=white;energy_class=2\r\n' +
    'XQG-2002\r\n');
  assert.equal(res.status, 422);
  const f = (await errorOf(res)).fields;
  assert.ok(f['rows[3].options.colour'], 'value not allowed');
  assert.ok(f['rows[4].product'], 'unknown product');
  assert.ok(f['rows[5].quantity'], 'quantity not a number');
  assert.ok(f['rows[6].options.capacity'], 'number expected');
  assert.ok(f['rows[7].options.capacity'], 'off step');
  assert.ok(f['rows[8]'], 'missing columns');
  assert.ok(!Object.keys(f).some((k) => k.startsWith('rows[2]')), 'the good row has no error');
  assert.equal((await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json()).lines.length, 0);

  res = await csv('d0001.buyer', 'XQG-2002,1,"capacity_kg=7;loading=front"\n"BCD-2005",2,"capacity=200; colour=white; energy_class=1; logo_text=Hi, there"\n');
  assert.equal(res.status, 200);
  const d = await res.json();
  assert.deepEqual(d.lines.map((l) => [l.product, l.quantity]), [['XQG-2002', 1], ['BCD-2005', 2]]);
  assert.equal(d.lines[1].options.logo_text, 'Hi, there');
  assert.equal(d.lines[1].options.capacity, 200);

  res = await csv('d0001.buyer', 'XQG-2002,1,"capacity_kg=7\n');
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['rows[1]']);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/csv', { lines: [] });
  assert.equal(res.status, 415);
  res = await call('d0001.buyer', 'POST', '/api/v1/orders', 'a,b', { 'Content-Type': 'text/csv', 'Idempotency-Key': key() });
  assert.equal(res.status, 415, 'CSV only where CSV is read');
});

test('a draft holds at most 100 lines', async () => {
  await empty('d0002.buyer');
  const rows = Array.from({ length: 100 }, () => 'XQG-2002,1,capacity_kg=7;loading=front').join('\n');
  assert.equal((await csv('d0002.buyer', rows)).status, 200);
  const res = await call('d0002.buyer', 'POST', '/api/v1/draft/lines', WASHER);
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.lines);
  assert.equal((await csv('d0002.buyer', `${rows}\n${rows}`)).status, 422);
  await empty('d0002.buyer');
});

test('submitting the draft makes one order, empties the draft, and a retry gets the same order', async () => {
  await empty('d0001.buyer');
  await call('d0001.buyer', 'POST', '/api/v1/draft/lines', FRIDGE);
  await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER);
  const before = await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json();
  const k = key();
  const body = { requested_date: later(), ship_to: 'Beijing Chaoyang store', note: 'from the draft' };
  let res = await call('d0001.buyer', 'POST', '/api/v1/draft/submit', body, { 'Idempotency-Key': k });
  assert.equal(res.status, 201);
  const o = await res.json();
  assert.equal(o.total, before.total);
  assert.deepEqual(o.lines.map((l) => l.product), ['BCD-2005', 'XQG-2002']);
  assert.equal((await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json()).lines.length, 0);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/submit', body, { 'Idempotency-Key': k });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).number, o.number);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/submit', body, { 'Idempotency-Key': key() });
  assert.equal(res.status, 422, 'an empty draft is not an order');
  assert.ok((await errorOf(res)).fields.lines);
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/submit', { ...body, lines: [WASHER] }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 422);
});

test('two submissions of one draft under different keys make one order', async () => {
  await empty('d0001.buyer');
  await call('d0001.buyer', 'POST', '/api/v1/draft/lines', WASHER);
  const body = { requested_date: later(), ship_to: 'Beijing' };
  const res = await Promise.all([1, 2, 3].map(() => call('d0001.buyer', 'POST', '/api/v1/draft/submit', body,
    { 'Idempotency-Key': key() })));
  const codes = res.map((r) => r.status).sort();
  assert.equal(codes.filter((c) => c === 201).length, 1, codes.join());
  assert.ok(codes.every((c) => c === 201 || c === 409 || c === 422), codes.join());
});

test('an account manager submits a draft for an assigned dealer only', async () => {
  await empty('r01.manager');
  await call('r01.manager', 'POST', '/api/v1/draft/lines', WASHER);
  const d0001 = Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]);
  const d0002 = Number(sql("SELECT id FROM orgs WHERE code = 'D0002'")[0][0]);
  const priced = await (await call('r01.manager', 'GET', `/api/v1/draft?dealer=${d0001}`)).json();
  assert.equal(priced.lines[0].discount > 0, true, 'tier A promotion applies for D0001');
  let res = await call('r01.manager', 'POST', '/api/v1/draft/submit',
    { requested_date: later(), ship_to: 'Beijing', dealer: d0002 }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 404, 'not assigned');
  res = await call('r01.manager', 'POST', '/api/v1/draft/submit',
    { requested_date: later(), ship_to: 'Beijing', dealer: d0001 }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 201);
  const o = await res.json();
  assert.equal(o.dealer.id, d0001);
  assert.equal(o.total, priced.total);
});

test('reorder makes a new order from an earlier one, idempotently, within scope', async () => {
  const first = await (await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [FRIDGE, WASHER],
    requested_date: later(), ship_to: 'Beijing Xicheng store' }, { 'Idempotency-Key': key() })).json();
  const k = key();
  let res = await call('d0001.buyer', 'POST', `/api/v1/orders/${first.number}/reorder`, { requested_date: later(40) },
    { 'Idempotency-Key': k });
  assert.equal(res.status, 201);
  const again = await res.json();
  assert.notEqual(again.number, first.number);
  assert.equal(again.ship_to, 'Beijing Xicheng store');
  assert.equal(again.total, first.total);
  assert.deepEqual(again.lines.map((l) => [l.product, l.quantity, l.options]),
    first.lines.map((l) => [l.product, l.quantity, l.options]));
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${first.number}/reorder`, { requested_date: later(40) },
    { 'Idempotency-Key': k });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).number, again.number);
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${first.number}/reorder`, { requested_date: later(41) },
    { 'Idempotency-Key': k });
  assert.equal(res.status, 409);
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${first.number}/reorder`, {}, { 'Idempotency-Key': key() });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.requested_date);
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.manager']) {
    res = await call(who, 'POST', `/api/v1/orders/${first.number}/reorder`, { requested_date: later() },
      { 'Idempotency-Key': key() });
    assert.equal(res.status, 404, who);
  }
  res = await call('r01.manager', 'POST', `/api/v1/orders/${first.number}/reorder`, { requested_date: later() },
    { 'Idempotency-Key': key() });
  assert.equal(res.status, 201, 'the assigned manager may');
  assert.equal((await res.json()).dealer.id, first.dealer.id);
});
