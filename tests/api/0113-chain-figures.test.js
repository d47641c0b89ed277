// 0113: a chain's figures and dashboard roll up over its branches (issue #23): the demo's Walmart
// China reads the four figures of its branches summed, its branches ranked and month by month,
// and nothing of another chain's; HQ narrows its board to one chain; a dealer's users still do
// not read the board.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { client, sql } = require('../lib/harness');

const { call } = client();
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
async function json(who, p, status = 200) {
  const res = await call(who, 'GET', p);
  assert.equal(res.status, status, `${who} ${p}`);
  return status === 200 ? res.json() : null;
}

test('a chain reads its branches\' figures summed, and only those', async () => {
  const c1 = idOf('C0001');
  const f = await json('c0001.finance', `/api/v1/chains/${c1}/kpis`);
  // the sums are the branches' kpi_month rows over the same months, summed by hand here
  const [[sold, revenue]] = sql(`SELECT COALESCE(SUM(k.sold), 0), COALESCE(SUM(k.revenue), 0) FROM kpi_month k
    JOIN orgs d ON d.id = k.dealer_id WHERE d.chain_id = ${c1} AND k.month BETWEEN '${f.from}' AND '${f.to}'`);
  assert.equal(f.sums.sold, Number(sold));
  assert.equal(f.sums.revenue, Number(revenue));
  assert.ok(Number(revenue) > 0, 'the demo\'s Walmarts have sold');
  await json('c0002.buyer', `/api/v1/chains/${c1}/kpis`, 404);
  await json('d0001.buyer', `/api/v1/chains/${c1}/kpis`, 404);
  const hq = await json('hq.key', `/api/v1/chains/${c1}/kpis`);
  assert.equal(hq.sums.revenue, f.sums.revenue);
  await json('hq.key', `/api/v1/chains/${idOf('D0001')}/kpis`, 404);
});

test('the board ranks a chain\'s branches; HQ narrows to a chain; dealers are refused', async () => {
  const c1 = idOf('C0001');
  const branches = new Set(sql(`SELECT id FROM orgs WHERE chain_id = ${c1}`).map((r) => Number(r[0])));
  const t = await json('c0001.buyer', '/api/v1/kpis/dealers?limit=100');
  assert.ok(t.items.length > 0);
  assert.ok(t.items.every((i) => branches.has(i.dealer)), 'its branches only');
  const trend = await json('c0001.buyer', '/api/v1/kpis/trend');
  assert.ok(trend.months.length >= 6, 'a year of weeks, month by month');
  const last = trend.months.at(-1);
  const k = await json('c0001.buyer', `/api/v1/chains/${c1}/kpis?from=${last.month}&to=${last.month}`);
  assert.equal(last.margin, k.margin, 'a month of the trend is that month\'s figures');
  await json('c0001.buyer', `/api/v1/kpis/dealers?chain=${idOf('C0002')}`, 404);
  await json('c0001.buyer', `/api/v1/kpis/dealers?region=${idOf('R01')}`, 404);
  await json('c0001.buyer', `/api/v1/kpis/dealers?dealer=${idOf('D0002')}`, 404);
  const hq = await json('hq.key', `/api/v1/kpis/dealers?chain=${c1}&limit=100`);
  assert.deepEqual(hq.items.map((i) => i.dealer).sort(), t.items.map((i) => i.dealer).sort());
  await json('hq.key', '/api/v1/kpis/dealers?chain=999999999', 404);
  await json('d0001.buyer', '/api/v1/kpis/dealers', 403);
  const page = await call('c0001.buyer', 'GET', '/dashboard');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /沃尔玛/);
  assert.doesNotMatch(html, /国美/, 'no Gome dealer on Walmart\'s board');
});
