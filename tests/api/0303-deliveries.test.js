// 0303: the delivery-date query: due in a range, late, within scope.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, login, errorOf, sql } = require('../lib/harness');

const RUN = Date.now().toString(36);
const day = (n) => new Date(Date.now() + 8 * 3600000 + n * 86400000).toISOString().slice(0, 10);

async function call(who, path, body, key) {
  const t = (await login(who)).access_token;
  const headers = { Authorization: `Bearer ${t}` };
  if (body) { headers['Content-Type'] = 'application/json'; headers['Idempotency-Key'] = key; }
  return fetch(`${BASE}${path}`, { method: body ? 'POST' : 'GET', headers, body: body && JSON.stringify(body) });
}

async function promised(who, offset, status, n) {
  const res = await call(who, '/api/v1/orders', { lines: [{ product: 'ES-2003', quantity: 1,
    options: { capacity_l: 50, heating: 'electric', energy_class: '2' } }],
  requested_date: day(5), ship_to: 'x' }, `due-${RUN}-${n}`);
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders SET status = '${status}', promised_date = '${day(offset)}' WHERE number = '${o.number}'`);
  return o.number;
}

test('due and late orders, earliest first, page by page, within scope', async () => {
  const late = await promised('d0001.buyer', -3, 'scheduled', 1);
  const done = await promised('d0001.buyer', -2, 'delivered', 2);
  const soon = await promised('d0001.buyer', 2, 'approved', 3);
  const other = await promised('d0101.buyer', -3, 'approved', 4);

  let res = await call('d0001.buyer', `/api/v1/deliveries?from=${day(-5)}&to=${day(5)}`);
  let mine = (await res.json()).items.map((o) => o.number).filter((x) => [late, done, soon, other].includes(x));
  assert.deepEqual(mine, [late, done, soon]);

  res = await call('d0001.buyer', `/api/v1/deliveries?late=true&from=${day(-5)}`);
  const items = (await res.json()).items;
  assert.ok(items.some((o) => o.number === late && o.late === true));
  assert.ok(!items.some((o) => o.number === done), 'delivered is not late');
  assert.ok(!items.some((o) => o.number === soon), 'not due yet');
  assert.ok(!items.some((o) => o.number === other), 'another region\'s dealer');

  // region 2 sees its late order, not dealer 1's
  res = await call('r02.approver', '/api/v1/deliveries?late=true');
  const r2 = (await res.json()).items.map((o) => o.number);
  assert.ok(r2.includes(other) && !r2.includes(late));

  // pages of one, with the date.id cursor
  const seen = [];
  let cursor = null;
  do {
    const q = `from=${day(-5)}&to=${day(5)}&limit=1${cursor ? `&after=${cursor}` : ''}`;
    const page = await (await call('d0001.buyer', `/api/v1/deliveries?${q}`)).json();
    seen.push(...page.items.map((o) => o.number));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen.filter((x) => [late, done, soon].includes(x)), [late, done, soon]);
});

test('bad queries are 422 naming the field', async () => {
  const res = await call('d0001.buyer', '/api/v1/deliveries?from=2026-13-40&late=maybe&after=x&limit=0');
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields).sort(), ['after', 'from', 'late', 'limit']);
});
