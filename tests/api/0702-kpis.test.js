// 0702: the four dealer figures (issue #10, acceptance 1 and 2): checked against a small data
// set computed by hand, a month with stock but no sales and a month with no reports ("no
// data": null, never a division error); a region's, a manager's and HQ's figures are the sums of
// their dealers' raw rows; a dealer sees only its own figures, an account manager only its
// assigned dealers', region 2's staff nothing of region 1 (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, month, clearSellthrough } = require('../lib/harness');

const { call } = client();
const one = (q) => sql(q)[0][0];
const id = (code) => Number(one(`SELECT id FROM orgs WHERE code = '${code}'`));
const user = (login) => Number(one(`SELECT id FROM users WHERE login = '${login}'`));
const D1 = id('D0001'), D2 = id('D0002'), D101 = id('D0101'), R01 = id('R01'), R02 = id('R02');
const M = month(-3), M1 = month(-4), M2 = month(-5);	// the data, a month without sales, one without reports
// two models of two categories
const [[A, catA]] = sql('SELECT code, category_id FROM products ORDER BY id LIMIT 1');
const [[B]] = sql(`SELECT code FROM products WHERE category_id <> ${catA} ORDER BY id LIMIT 1`);
const get = (who, path) => call(who, 'GET', path);
const figures = async (who, path) => {
  const res = await get(who, path);
  assert.equal(res.status, 200, `${who} ${path}`);
  return res.json();
};

test.before(async () => {
  clearSellthrough(D101);	// only the hand-computed rows below
  // the dealer's invoice price of model A: 2,500 yuan
  sql(`INSERT INTO dealer_costs (dealer_id, product_id, unit_cost, order_id) SELECT ${D101}, id, 250000, 0 FROM products WHERE code = '${A}' ON DUPLICATE KEY UPDATE unit_cost = 250000`);
  const rows = [
    // model A, two weeks: stock 6 then 4, sold 4 then 2, at 3,000 yuan each
    { model: A, period_start: `${M}-01`, period_end: `${M}-07`, received: 10, sold: 4, stock: 6, revenue: 1200000, category_sales: 5000000 },
    { model: A, period_start: `${M}-08`, period_end: `${M}-14`, received: 0, sold: 2, stock: 4, revenue: 600000, category_sales: 4000000 },
    // model B, one day: stock 5, nothing sold
    { model: B, period_start: `${M}-01`, period_end: `${M}-01`, received: 5, sold: 0, stock: 5, revenue: 0, category_sales: 1000000 },
    // the month before: stock, no sales
    { model: B, period_start: `${M1}-03`, period_end: `${M1}-03`, received: 5, sold: 0, stock: 5, revenue: 0, category_sales: 800000 },
  ];
  const res = await call('d0101.buyer', 'POST', '/api/v1/sellthrough', { rows });
  assert.equal(res.status, 200, await res.text());
  // two complaints filed in the month: one resolved within its target, one open
  const numbers = [];
  for (const i of [1, 2]) {
    const c = await call('d0101.buyer', 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
      subject: `KPI ${i}`, description: 'for the figures' }, { 'Idempotency-Key': `kpi-${Date.now()}-${i}` });
    assert.equal(c.status, 201);
    numbers.push((await c.json()).number);
  }
  sql(`UPDATE complaints SET filed_at = '${M}-10 02:00:00', first_response_due = '${M}-11 02:00:00', resolution_due = UTC_TIMESTAMP() + INTERVAL 1 DAY WHERE number IN ('${numbers.join("','")}')`);
  const done = await call('r02.agent', 'POST', `/api/v1/complaints/${numbers[0]}/resolve`, { note: 'delivered' });
  assert.equal(done.status, 200);
});

test('a dealer\'s figures, as computed by hand', async () => {
  const k = await figures('d0101.buyer', `/api/v1/dealers/${D101}/kpis?from=${M}&to=${M}`);
  assert.equal(k.inventory_turnover_days, 12.5, '(6x7 + 4x7 + 5x1) / (4 + 2 + 0) = 75 / 6');
  assert.ok(Math.abs(k.margin - 1 / 6) < 1e-9, '(18,000 - 6 x 2,500) / 18,000');
  assert.equal(k.complaint_resolution, 0.5, '1 of 2 resolved within target');
  assert.equal(k.share, 0.18, '18,000 / (50,000 + 40,000 + 10,000)');
  assert.deepEqual(k.sums, { stock_days: 75, sold: 6, revenue: 1800000, cost: 1500000, category_sales: 10000000,
    complaints_filed: 2, complaints_on_time: 1 });
  for (const f of ['inventory_turnover_days', 'margin', 'complaint_resolution', 'share']) assert.ok(k.formulas[f], f);
  assert.match(k.tier, /^[ABCD]$/);
});

test('no sales and no reports are "no data", never a division error', async () => {
  let k = await figures('d0101.buyer', `/api/v1/dealers/${D101}/kpis?from=${M1}&to=${M1}`);
  assert.equal(k.inventory_turnover_days, null, 'stock but nothing sold');
  assert.equal(k.margin, null, 'no revenue');
  assert.equal(k.complaint_resolution, null, 'nothing filed');
  assert.equal(k.share, 0, 'category sales but none of ours');
  k = await figures('d0101.buyer', `/api/v1/dealers/${D101}/kpis?from=${M2}&to=${M2}`);
  for (const f of ['inventory_turnover_days', 'margin', 'complaint_resolution', 'share']) assert.equal(k[f], null, f);
  // both months together: the sums add up
  k = await figures('d0101.buyer', `/api/v1/dealers/${D101}/kpis?from=${M1}&to=${M}`);
  assert.equal(k.sums.stock_days, 80);
  assert.equal(k.inventory_turnover_days, 80 / 6);
});

test('a region\'s, a manager\'s and HQ\'s figures are the sums of their dealers\' raw rows', async () => {
  // the raw sums, straight from the reports and the complaints
  const raw = (where, cwhere) => {
    const [[stockDays, sold, revenue, cost]] = sql(`SELECT COALESCE(SUM(stock * (DATEDIFF(period_end, period_start) + 1)), 0), COALESCE(SUM(sold), 0), COALESCE(SUM(revenue), 0), COALESCE(SUM(sold * unit_cost), 0) FROM sellthrough s WHERE ${where} AND DATE_FORMAT(period_start, '%Y-%m') = '${M}'`);
    const [[cat]] = sql(`SELECT COALESCE(SUM(category_sales), 0) FROM sellthrough_category s WHERE ${where} AND DATE_FORMAT(period_start, '%Y-%m') = '${M}'`);
    const [[filed, onTime]] = sql(`SELECT COUNT(*), COALESCE(SUM(resolved_at IS NOT NULL AND resolved_at <= resolution_due), 0) FROM complaints s WHERE ${cwhere} AND DATE_FORMAT(filed_at + INTERVAL 8 HOUR, '%Y-%m') = '${M}'`);
    return { stock_days: +stockDays, sold: +sold, revenue: +revenue, cost: +cost, category_sales: +cat, complaints_filed: +filed, complaints_on_time: +onTime };
  };
  let k = await figures('r02.approver', `/api/v1/regions/${R02}/kpis?from=${M}&to=${M}`);
  assert.deepEqual(k.sums, raw(`s.region_id = ${R02}`, `s.region_id = ${R02}`));
  const mgr = user('r02.manager');
  const mine = `s.dealer_id IN (SELECT dealer_id FROM manager_dealers WHERE manager_id = ${mgr})`;
  k = await figures('r02.manager', `/api/v1/managers/${mgr}/kpis?from=${M}&to=${M}`);
  assert.deepEqual(k.sums, raw(mine, mine));
  k = await figures('hq.key', `/api/v1/kpis?from=${M}&to=${M}`);
  assert.deepEqual(k.sums, raw('1 = 1', '1 = 1'));
  assert.equal(k.tier, null);
});

test('scope: each sees its own; another dealer or region is 404', async () => {
  const mgr1 = user('r01.manager');
  const assigned = sql(`SELECT dealer_id FROM manager_dealers WHERE manager_id = ${mgr1}`).map((r) => Number(r[0]));
  assert.ok(assigned.includes(D1) && !assigned.includes(D2), 'the demo: r01.manager has D0001, not D0002');
  const cases = [
    ['d0101.buyer', `/api/v1/dealers/${D101}/kpis`, 200],
    ['d0101.buyer', `/api/v1/dealers/${D1}/kpis`, 404],
    ['d0001.buyer', `/api/v1/regions/${R01}/kpis`, 404],
    ['r01.manager', `/api/v1/dealers/${D1}/kpis`, 200],
    ['r01.manager', `/api/v1/dealers/${D2}/kpis`, 404],
    ['r01.manager', `/api/v1/regions/${R01}/kpis`, 404],
    ['r01.manager', `/api/v1/managers/${mgr1}/kpis`, 200],
    ['r01.approver', `/api/v1/managers/${mgr1}/kpis`, 200],
    ['r01.approver', `/api/v1/dealers/${D2}/kpis`, 200],
    ['r02.approver', `/api/v1/dealers/${D1}/kpis`, 404],
    ['r02.approver', `/api/v1/regions/${R01}/kpis`, 404],
    ['r02.approver', `/api/v1/managers/${mgr1}/kpis`, 404],
    ['r02.manager', `/api/v1/managers/${mgr1}/kpis`, 404],
    ['r02.approver', `/api/v1/regions/${R02}/kpis`, 200],
    ['hq.key', `/api/v1/regions/${R01}/kpis`, 200],
    ['hq.key', `/api/v1/regions/${D1}/kpis`, 404],
    ['r01.approver', '/api/v1/kpis', 403],
    ['d0001.buyer', '/api/v1/kpis', 403],
  ];
  for (const [who, path, status] of cases) assert.equal((await get(who, path)).status, status, `${who} ${path}`);
  for (const q of ['from=2026-13', `from=${M}&to=${M1}`, 'from=2026-01-01', 'to=x']) {
    const res = await get('hq.key', `/api/v1/kpis?${q}`);
    assert.equal(res.status, 422, q);
    assert.ok((await errorOf(res)).fields.from);
  }
});
