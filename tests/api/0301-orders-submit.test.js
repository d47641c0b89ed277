// 0301: submitting orders: frozen exact prices, idempotency, scope.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, login, errorOf, sql } = require('../lib/harness');

const tokens = {};
async function as(name) {
  if (!tokens[name]) tokens[name] = (await login(name)).access_token;
  return tokens[name];
}
const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const later = () => new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);

function order(note = 'first') {
  return { lines: [
    { product: 'BCD-2001', quantity: 3, options: { capacity: 200, colour: 'champagne',
      energy_class: '1', logo_text: '沃尔玛专供' } },
    { product: 'LE-2005', quantity: 2, options: { screen_in: '55', panel: 'led' } },
  ], requested_date: later(), ship_to: '北京市朝阳区建国路 1 号', note };
}

const RUN = Date.now().toString(36);	// keys of this run only

async function submit(who, body, key) {
  const headers = { Authorization: `Bearer ${await as(who)}`, 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = `${key}-${RUN}`;
  return fetch(`${BASE}/api/v1/orders`, { method: 'POST', headers,
    body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function get(who, path) {
  return fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${await as(who)}` } });
}

test('a submitted order has a number, status submitted and frozen exact prices', async () => {
  const res = await submit('d0001.buyer', order(), 'submit-1');
  assert.equal(res.status, 201);
  const o = await res.json();
  assert.match(o.number, /^SO-\d{4}-\d{6}$/);
  assert.equal(o.status, 'submitted');
  assert.equal(o.dealer.id, orgId('D0001'));
  // fridge: (169,900 + 58,000) x 3 less 5 % = 649,515; TV: (199,900 + 4 x
  // 20,000 + 120,000) x 2 less 200 yuan a unit = 759,800
  assert.deepEqual(o.lines.map((l) => [l.unit_price, l.discount, l.line_total]),
    [[227900, 34185, 649515], [399900, 40000, 759800]]);
  assert.equal(o.total, 649515 + 759800);
  assert.equal(o.timeline.length, 1);
  assert.equal(o.timeline[0].status, 'submitted');
  // prices stay frozen when the catalogue changes
  sql("UPDATE products SET base_price = base_price + 100000 WHERE code = 'BCD-2001'");
  try {
    const again = await (await get('d0001.buyer', `/api/v1/orders/${o.number}`)).json();
    assert.equal(again.total, o.total);
  } finally {
    sql("UPDATE products SET base_price = base_price - 100000 WHERE code = 'BCD-2001'");
  }
  assert.equal(sql(`SELECT COUNT(*) FROM feed_events WHERE type = 'order.submitted' AND object_ref = '${o.number}'`)[0][0], '1');
});

test('the same key and body give the same order; another body is 409', async () => {
  const first = await (await submit('d0001.buyer', order('idem'), 'idem-1')).json();
  const again = await submit('d0001.buyer', order('idem'), 'idem-1');
  assert.equal(again.status, 200);
  assert.equal((await again.json()).number, first.number);
  const other = await submit('d0001.buyer', order('something else'), 'idem-1');
  assert.equal(other.status, 409);
  assert.equal((await errorOf(other)).code, 'idempotency_conflict');
  // keys are per dealer: another dealer may use the same key
  assert.equal((await submit('d0002.buyer', order('idem'), 'idem-1')).status, 201);
});

test('twenty concurrent submissions with one key make one order', async () => {
  const body = JSON.stringify(order('twenty'));
  const answers = await Promise.all(Array.from({ length: 20 }, () => submit('d0001.buyer', body, 'twenty-1')));
  const statuses = answers.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(' '));
  assert.equal(statuses.filter((s) => s === 200).length, 19, statuses.join(' '));
  const numbers = new Set(await Promise.all(answers.map(async (r) => (await r.json()).number)));
  assert.equal(numbers.size, 1);
  assert.equal(sql(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'twenty-1-${RUN}'`)[0][0], '1');
  assert.equal(sql(`SELECT COUNT(*) FROM orders o JOIN idempotency_keys k ON k.order_id = o.id WHERE k.idem_key = 'twenty-1-${RUN}'`)[0][0], '1');
});

test('bad submissions are 422 naming the field; nothing is stored', async () => {
  const before = sql('SELECT COUNT(*) FROM orders')[0][0];
  let res = await submit('d0001.buyer', order(), null);
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  const bad = order();
  bad.lines[0].options.capacity = 205;
  bad.lines[1].product = 'NOPE-1';
  bad.lines.push({ product: 'XQG-2001', quantity: 0, options: { capacity_kg: 8, loading: 'top' } });
  bad.requested_date = '2001-01-01';
  res = await submit('d0001.buyer', bad, 'bad-1');
  assert.equal(res.status, 422);
  const { fields } = await errorOf(res);
  assert.deepEqual(Object.keys(fields).sort(), ['lines[0].options.capacity', 'lines[1].product',
    'lines[2].quantity', 'requested_date']);
  res = await submit('d0001.buyer', { ...order(), lines: [] }, 'bad-2');
  assert.equal(res.status, 422);
  assert.equal(sql('SELECT COUNT(*) FROM orders')[0][0], before);
});

test('other dealers and other regions get 404 for dealer 1\'s order', async () => {
  const o = await (await submit('d0001.buyer', order('scoped'), 'scope-1')).json();
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver', 'r02.manager']) {
    assert.equal((await get(who, `/api/v1/orders/${o.number}`)).status, 404, who);
    const list = await (await get(who, '/api/v1/orders?limit=100')).json();
    assert.ok(!list.items.some((x) => x.number === o.number), `${who} list`);
  }
  for (const who of ['d0001.finance', 'r01.approver', 'r01.manager', 'hq.key']) {
    assert.equal((await get(who, `/api/v1/orders/${o.number}`)).status, 200, who);
  }
});

test('an account manager orders for its assigned dealer only', async () => {
  let res = await submit('r01.manager', { ...order('for D0001'), dealer: orgId('D0001') }, 'mgr-1');
  assert.equal(res.status, 201);
  assert.equal((await res.json()).dealer.id, orgId('D0001'));
  res = await submit('r01.manager', { ...order('for D0002'), dealer: orgId('D0002') }, 'mgr-2');
  assert.equal(res.status, 404, 'same region, not assigned');
  res = await submit('r01.approver', { ...order(), dealer: orgId('D0001') }, 'mgr-3');
  assert.equal(res.status, 403, 'approvers do not take orders');
});

test('the order list pages newest first within scope', async () => {
  const seen = [];
  let cursor = null;
  do {
    const page = await (await get('d0001.buyer', `/api/v1/orders?limit=2${cursor ? `&after=${cursor}` : ''}`)).json();
    seen.push(...page.items.map((o) => o.number));
    cursor = page.next_cursor;
  } while (cursor);
  const all = sql(`SELECT number FROM orders WHERE dealer_id = ${orgId('D0001')} ORDER BY id DESC`).map((r) => r[0]);
  assert.deepEqual(seen, all);
});

test('region staff list their region; filters by status, dealer and dates', async () => {
  const r01 = Number(sql("SELECT id FROM orgs WHERE code = 'R01'")[0][0]);
  const page = await (await get('r01.approver', '/api/v1/orders?limit=100')).json();
  // (not what a dealer has yet to release: the region never reads it, tests/api/0112)
  const mine = sql(`SELECT number FROM orders WHERE region_id = ${r01} AND status NOT IN ('awaiting_release', 'sent_back', 'withdrawn') ORDER BY id DESC LIMIT 100`).map((r) => r[0]);
  assert.deepEqual(page.items.map((o) => o.number), mine);
  assert.ok(page.items.some((o) => o.dealer.id === orgId('D0002')), 'other dealers of the region');
  // dealer filter: one dealer of the region, or 404 outside it
  const d2 = await (await get('r01.approver', `/api/v1/orders?dealer=${orgId('D0002')}&limit=100`)).json();
  assert.ok(d2.items.length > 0);
  assert.ok(d2.items.every((o) => o.dealer.id === orgId('D0002')));
  assert.equal((await get('r01.approver', `/api/v1/orders?dealer=${orgId('D0101')}`)).status, 404);
  assert.equal((await get('d0001.buyer', `/api/v1/orders?dealer=${orgId('D0002')}`)).status, 404);
  // status filter
  const shipped = await (await get('r01.approver', '/api/v1/orders?status=shipped&limit=100')).json();
  assert.ok(shipped.items.length > 0);
  assert.ok(shipped.items.every((o) => o.status === 'shipped'));
  // dates are China's calendar days of created_at
  const [[newest, day]] = sql(`SELECT number, DATE(created_at + INTERVAL 8 HOUR) FROM orders WHERE region_id = ${r01} AND status NOT IN ('awaiting_release', 'sent_back', 'withdrawn') ORDER BY id DESC LIMIT 1`);
  const today = await (await get('r01.approver', `/api/v1/orders?from=${day}&to=${day}&limit=100`)).json();
  assert.ok(today.items.some((o) => o.number === newest));
  const expect = Number(sql(`SELECT COUNT(*) FROM orders WHERE region_id = ${r01} AND DATE(created_at + INTERVAL 8 HOUR) = '${day}' AND status NOT IN ('awaiting_release', 'sent_back', 'withdrawn')`)[0][0]);
  assert.equal(today.items.length, Math.min(expect, 100));
  const before = await (await get('r01.approver', '/api/v1/orders?from=2001-01-01&to=2001-01-31')).json();
  assert.equal(before.items.length, 0);
  for (const q of ['from=2026-13-01', 'to=x', 'from=2026-02-01&to=2026-01-01', 'dealer=abc', 'dealer=0']) {
    const res = await get('r01.approver', `/api/v1/orders?${q}`);
    assert.equal(res.status, 422, q);
  }
});
