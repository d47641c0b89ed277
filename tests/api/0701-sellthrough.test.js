// 0701: sell-through reports (issue #10, first part): a dealer reports per period (a day or a
// week) and model what it received, sold and held, its revenue and its category sales; a
// resend replaces the report and keeps the earlier version; inconsistent rows (stock that does
// not follow, negative numbers, an unknown model, overlapping periods) are 422 naming the row
// and the field, and nothing is written; CSV the same; the ERP reports for a dealer it names;
// nobody reads another dealer's reports (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, clearSellthrough } = require('../lib/harness');

const { call } = client();
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001'), D2 = id('D0002');
// the day n days from today in China
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
// four weeks back to back, the last ending today
const W = [0, 1, 2, 3].map((i) => [day(-27 + 7 * i), day(-21 + 7 * i)]);
const [[MODEL, PRICE]] = sql('SELECT code, base_price FROM products ORDER BY id DESC LIMIT 1');
const row = (w, received, sold, stock, extra = {}) => ({ model: MODEL, period_start: W[w][0],
  period_end: W[w][1], received, sold, stock, revenue: sold * 250000, category_sales: 40000000, ...extra });
const report = (who, rows, dealer) => call(who, 'POST', '/api/v1/sellthrough', dealer ? { dealer, rows } : { rows });
const count = (d) => Number(sql(`SELECT COUNT(*) FROM sellthrough WHERE dealer_id = ${d}`)[0][0]);

// this dealer reports afresh: without the demo's year of weeks
test.before(() => clearSellthrough(D2));

async function fields(res, status = 422) {
  assert.equal(res.status, status);
  return (await errorOf(res)).fields;
}

test('reports are idempotent per dealer, model and period; a changed resend keeps the earlier version', async () => {
  let res = await report('d0002.buyer', [row(0, 20, 5, 15), row(1, 10, 8, 17)]);
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { dealer: D2, rows: 2, created: 2, changed: 0, unchanged: 0 });
  res = await report('d0002.buyer', [row(1, 10, 8, 17), row(0, 20, 5, 15)]);
  assert.deepEqual(await res.json(), { dealer: D2, rows: 2, created: 0, changed: 0, unchanged: 2 }, 'sent again: nothing changes');
  res = await report('d0002.buyer', [row(1, 10, 9, 16, { revenue: 2250000 })]);
  assert.deepEqual(await res.json(), { dealer: D2, rows: 1, created: 0, changed: 1, unchanged: 0 });
  const list = await (await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/sellthrough?from=${W[0][0]}&model=${MODEL}`)).json();
  assert.deepEqual(list.items.map((i) => i.period_start), [W[1][0], W[0][0]], 'newest first');
  const w1 = list.items[0];
  for (const k of ['model', 'period_start', 'period_end', 'received', 'sold', 'stock', 'revenue', 'category_sales']) assert.ok(k in w1, k);
  assert.equal(w1.version, 2);
  assert.equal(w1.sold, 9);
  const h = await (await call('r01.manager', 'GET', `/api/v1/dealers/${D2}/sellthrough/${w1.id}/history`)).json();
  assert.equal(h.versions.length, 1);
  assert.deepEqual([h.versions[0].version, h.versions[0].sold, h.versions[0].stock, h.versions[0].revenue], [1, 8, 17, 2000000]);
  // the category's sales of the period: one value, the latest sent
  res = await report('d0002.buyer', [row(1, 10, 9, 16, { revenue: 2250000, category_sales: 41000000 })]);
  assert.equal((await res.json()).changed, 1);
  assert.equal(Number(sql(`SELECT category_sales FROM sellthrough_category WHERE dealer_id = ${D2} AND period_start = '${W[1][0]}'`)[0][0]), 41000000);
  // a chain corrected at once: week 0's stock, and week 1 that follows from it
  res = await report('d0002.buyer', [row(0, 20, 5, 14), row(1, 10, 9, 15, { revenue: 2250000, category_sales: 41000000 })]);
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { dealer: D2, rows: 2, created: 0, changed: 2, unchanged: 0 });
  // ... and back, so the tests that follow find the first figures
  res = await report('d0002.buyer', [row(0, 20, 5, 15), row(1, 10, 9, 16, { revenue: 2250000, category_sales: 41000000 })]);
  assert.equal(res.status, 200, await res.clone().text());
});

test('inconsistent or bad rows: 422 naming the row and the field, and nothing is written', async () => {
  const before = count(D2);
  const bad = [
    [[row(2, 10, 4, 99)], 'rows[0].stock', /must be 22/],
    [[row(2, 10, 4, 22), row(3, -1, 0, 22)], 'rows[1].received'],
    [[row(2, 10, 4, 22, { model: 'NO-SUCH-MODEL' })], 'rows[0].model', /no such model/],
    [[row(2, 10, 4, 22, { period_end: day(-8) })], 'rows[0].period_end', /six days after/],
    [[row(2, 10, 4, 22, { period_start: day(1), period_end: day(1) })], 'rows[0].period_end', /not ended/],
    [[row(2, 10, 4, 22, { period_start: day(-19), period_end: day(-19) })], 'rows[0].period_start', /overlaps/],
    [[row(2, 10, 4, 22), row(2, 1, 1, 22, { period_start: W[2][0], period_end: W[2][0] })], 'rows[1].period_start', /overlaps/],
    [[row(2, 10, 4, 22, { revenue: 1e14 })], 'rows[0].revenue'],
    [[row(2, 10, 4, 22, { sold: 1.5 })], 'rows[0].sold'],
    [[row(2, 10, 4, 22, { period_start: '2026-02-30' })], 'rows[0].period_start'],
    [[{ model: MODEL }], 'rows[0].period_start'],
    [['a row'], 'rows[0]'],
    [[row(0, 20, 5, 14)], 'rows[0].stock', /no longer follows/],	// week 1 then no longer follows
  ];
  for (const [rows, field, re] of bad) {
    const f = await fields(await report('d0002.buyer', rows));
    assert.ok(f[field], `${field}: ${JSON.stringify(f)}`);
    if (re) assert.match(f[field], re, field);
  }
  assert.ok((await fields(await report('d0002.buyer', [row(2, 10, 4, 22, { revenue: 50000000 })])))['rows[0].category_sales'],
    'category sales below our own revenue');
  const [[other]] = sql(`SELECT p.code FROM products p JOIN products a ON a.code = '${MODEL}' AND a.category_id = p.category_id WHERE p.code <> '${MODEL}' LIMIT 1`);
  if (other) {
    const f = await fields(await report('d0002.buyer', [row(2, 10, 4, 22), row(2, 1, 0, 1, { model: other, category_sales: 123 })]));
    assert.ok(Object.keys(f).some((k) => k.endsWith('.category_sales')), 'one category figure per period');
    // a model of the same category by the day inside a week its category is reported by
    const g = await fields(await report('d0002.buyer', [row(1, 0, 0, 0, { model: other, period_start: day(-19), period_end: day(-19), revenue: 0 })]));
    assert.match(g['rows[0].period_end'] || '', /same periods/, JSON.stringify(g));
  }
  assert.ok((await fields(await report('d0002.buyer', [row(2, 10, 4, 22)], '5')))['dealer'], 'a dealer id, not a string');
  assert.ok((await fields(await report('d0002.buyer', []))).rows);
  assert.ok((await fields(await report('d0002.buyer', Array.from({ length: 501 }, () => row(2, 0, 0, 0))))).rows);
  assert.equal(count(D2), before, 'nothing written');
  // the same week sent right goes in; a gap in the reports leaves the stock unchecked
  assert.equal((await report('d0002.buyer', [row(2, 10, 4, 22)])).status, 200);
  const res = await report('d0002.buyer', [{ ...row(3, 0, 0, 5), period_start: W[3][1], period_end: W[3][1] }]);
  assert.equal(res.status, 200, 'a day after a gap: no last stock to follow');
});

test('a report as CSV: yuan, a header, errors by the line of the file', async () => {
  const csv = (lines) => call('d0002.buyer', 'POST', '/api/v1/sellthrough/csv', lines.join('\r\n') + '\r\n', { 'Content-Type': 'text/csv' });
  const [[code2]] = sql(`SELECT code FROM products WHERE code <> '${MODEL}' ORDER BY id DESC LIMIT 1`);
  let res = await csv(['\ufeffmodel,period_start,period_end,received,sold,stock,revenue,category_sales',
    `${code2},${W[0][0]},${W[0][1]},12,3,9,"7,500.00",400000`,
    `${code2},${W[1][0]},${W[1][1]},0,2,7,5000,400000`]);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).rows, 2);
  const [[rev]] = sql(`SELECT s.revenue FROM sellthrough s JOIN products p ON p.id = s.product_id WHERE s.dealer_id = ${D2} AND p.code = '${code2}' AND s.period_start = '${W[0][0]}'`);
  assert.equal(Number(rev), 750000, 'yuan in, fen stored');
  res = await csv(['model,period_start,period_end,received,sold,stock,revenue,category_sales',
    `${code2},${W[2][0]},${W[2][1]},1,1,99,100,400000`,
    `${code2},${W[3][0]},${W[3][1]},x,1,1,100,400000`]);
  const f = await fields(res);
  assert.ok(f['rows[3].received'], JSON.stringify(f));
  res = await csv([`${code2},${W[2][0]},${W[2][1]},1,1,99,100`]);
  assert.ok((await fields(res))['rows[1]'], 'eight columns');
});

test('who reports: the dealer for itself, the ERP for a dealer it names; others 403 or 404', async () => {
  assert.equal((await report('d0002.buyer', [row(2, 10, 4, 22)], D1)).status, 404, 'another dealer');
  for (const who of ['d0001.finance', 'r01.approver', 'r01.manager', 'hq.finance']) {
    assert.equal((await report(who, [row(2, 10, 4, 22)])).status, 403, who);
  }
  assert.ok((await fields(await report('erp', [row(2, 10, 4, 22)]))).dealer, 'the ERP names the dealer');
  assert.equal((await report('erp', [row(2, 10, 4, 22)], 999999)).status, 404);
  const res = await report('erp', [row(2, 10, 4, 22)], D2);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { dealer: D2, rows: 1, created: 0, changed: 0, unchanged: 1 });
});

test('reading: the dealer its own, region staff their dealers\', HQ all; 404 for others', async () => {
  for (const who of ['d0002.buyer', 'd0002.admin', 'r01.manager', 'r01.approver', 'hq.key']) {
    const res = await call(who, 'GET', `/api/v1/dealers/${D2}/sellthrough`);
    assert.equal(res.status, 200, who);
  }
  const [[report1]] = sql(`SELECT id FROM sellthrough WHERE dealer_id = ${D2} LIMIT 1`);
  for (const who of ['d0001.buyer', 'd0101.buyer', 'r02.approver', 'r02.manager']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D2}/sellthrough`)).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D2}/sellthrough/${report1}/history`)).status, 404, who);
  }
  assert.equal((await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/sellthrough/${report1}/history`)).status, 200);
  // another dealer's report id under one's own dealer is no report
  const res = await call('d0001.buyer', 'GET', `/api/v1/dealers/${D1}/sellthrough/${report1}/history`);
  assert.equal(res.status, 404);
  for (const q of ['from=2026-13-01', 'to=x', `from=${day(0)}&to=${day(-1)}`, 'after=abc', 'limit=0']) {
    assert.equal((await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/sellthrough?${q}`)).status, 422, q);
  }
  const page = await (await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/sellthrough?from=${W[0][0]}&limit=1`)).json();
  assert.equal(page.items.length, 1);
  const next = await (await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/sellthrough?from=${W[0][0]}&limit=1&after=${page.next_cursor}`)).json();
  assert.notEqual(next.items[0].id, page.items[0].id, 'the next page');
});

test('each report is valued at the dealer\'s latest invoice price of the model, else the list price', async () => {
  const rows = sql(`SELECT s.unit_cost, c.unit_cost, p.base_price FROM sellthrough s JOIN products p ON p.id = s.product_id LEFT JOIN dealer_costs c ON c.dealer_id = s.dealer_id AND c.product_id = s.product_id WHERE s.dealer_id = ${D2}`);
  assert.ok(rows.length > 0);
  for (const [cost, invoiced, list] of rows) assert.equal(cost, invoiced === 'NULL' ? list : invoiced);
  // every model shipped to a dealer (its timeline says so) has its cost: the seeds', then each shipment's
  const missing = sql(`SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN dealer_costs c ON c.dealer_id = o.dealer_id AND c.product_id = l.product_id WHERE o.status IN ('shipped', 'delivered', 'closed') AND c.order_id IS NULL AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.status = 'shipped')`);
  assert.equal(Number(missing[0][0]), 0);
  assert.ok(PRICE > 0);
});
