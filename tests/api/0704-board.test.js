// 0704: the dashboard's tables (issue #10): the dealers in reach with their figures, worst first
// by the figure chosen; the figures month by month; CSV of the dealer table; HQ narrows to a
// region; a region's staff see their dealers, an account manager its own, nobody another
// region's (404) and dealers none (403).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, client, month } = require('../lib/harness');

const { call } = client();
const one = (q) => sql(q)[0][0];
const id = (code) => Number(one(`SELECT id FROM orgs WHERE code = '${code}'`));
const D1 = id('D0001'), R01 = id('R01'), R02 = id('R02');
const regionOf = new Map(sql("SELECT id, region_id FROM orgs WHERE kind = 'dealer'").map(([d, r]) => [Number(d), Number(r)]));
const json = async (who, path, status = 200) => {
  const res = await call(who, 'GET', path);
  assert.equal(res.status, status, `${who} ${path}`);
  return status === 200 ? res.json() : null;
};
const FIG = { turnover: 'inventory_turnover_days', margin: 'margin', resolution: 'complaint_resolution', share: 'share' };

test('a region\'s staff see their dealers, worst first by the figure chosen', async () => {
  for (const [sort, f] of Object.entries(FIG)) {
    const t = await json('r01.approver', `/api/v1/kpis/dealers?sort=${sort}&limit=100`);
    assert.ok(t.items.length > 0, sort);
    assert.ok(t.items.every((i) => regionOf.get(i.dealer) === R01), `${sort}: region 1 only`);
    const v = t.items.map((i) => i[f]);
    const seen = v.findIndex((x) => x === null);
    if (seen >= 0) assert.ok(v.slice(seen).every((x) => x === null), `${sort}: no data last`);
    const nums = v.filter((x) => x !== null);
    for (let k = 1; k < nums.length; k++) {
      if (sort === 'turnover') assert.ok(nums[k - 1] >= nums[k], `${sort} ${k}: most days first`);
      else assert.ok(nums[k - 1] <= nums[k], `${sort} ${k}: lowest first`);
    }
  }
});

test('an account manager sees its own dealers; HQ all, or one region', async () => {
  const mine = new Set(sql("SELECT dealer_id FROM manager_dealers m JOIN users u ON u.id = m.manager_id WHERE u.login = 'r01.manager'").map((r) => Number(r[0])));
  const t = await json('r01.manager', '/api/v1/kpis/dealers?limit=100');
  assert.ok(t.items.length > 0 && t.items.every((i) => mine.has(i.dealer)));
  const all = await json('hq.key', '/api/v1/kpis/dealers?limit=100');
  assert.ok(new Set(all.items.map((i) => regionOf.get(i.dealer))).size > 1, 'HQ: many regions');
  const r2 = await json('hq.key', `/api/v1/kpis/dealers?region=${R02}&limit=100`);
  assert.ok(r2.items.length > 0 && r2.items.every((i) => regionOf.get(i.dealer) === R02));
  await json('hq.key', '/api/v1/kpis/dealers?region=999999', 404);
  await json('hq.key', `/api/v1/kpis/dealers?region=${D1}`, 404);
  await json('r02.approver', `/api/v1/kpis/dealers?region=${R01}`, 404);
  await json('r02.approver', `/api/v1/kpis/trend?dealer=${D1}`, 404);
  await json('r01.manager', `/api/v1/kpis/trend?dealer=${id('D0002')}`, 404);
  await json('d0001.buyer', '/api/v1/kpis/dealers', 403);
  await json('d0001.buyer', '/api/v1/kpis/trend', 403);
  await json('hq.key', '/api/v1/kpis/dealers?sort=best', 422);
  await json('hq.key', '/api/v1/kpis/trend?from=2026-13', 422);
});

test('the trend: each month\'s figures are the figures of that month alone', async () => {
  const t = await json('r01.approver', '/api/v1/kpis/trend');
  assert.ok(t.months.length >= 6, 'the demo has a year of weeks');
  for (const m of t.months.slice(-3)) {
    const k = await json('r01.approver', `/api/v1/regions/${R01}/kpis?from=${m.month}&to=${m.month}`);
    for (const f of Object.values(FIG)) assert.equal(m[f], k[f], `${m.month} ${f}`);
  }
  const d = await json('r01.approver', `/api/v1/kpis/trend?dealer=${D1}&from=${month(-2)}&to=${month(0)}`);
  assert.ok(d.months.every((m) => m.month >= month(-2)));
});

test('the dealer table as CSV: a header, every dealer of the JSON, the same figures', async () => {
  const res = await call('r01.approver', 'GET', '/api/v1/kpis/dealers.csv?sort=margin');
  assert.equal(res.status, 200);
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  assert.ok(text.startsWith('\ufeff'), 'a BOM');
  const lines = text.slice(1).split('\r\n').filter((l) => l !== '');
  assert.equal(lines[0], 'dealer_code,dealer,tier,inventory_turnover_days,margin,complaint_resolution,share');
  const t = await json('r01.approver', '/api/v1/kpis/dealers?sort=margin&limit=100');
  assert.equal(lines.length - 1, t.items.length);
  lines.slice(1).forEach((l, k) => {
    const c = l.split(',');
    assert.equal(c[0], t.items[k].code);
    if (t.items[k].margin === null) assert.equal(c[4], '');
    else assert.ok(Math.abs(Number(c[4]) - t.items[k].margin) < 1e-6, l);
  });
});

test('the region and tier tables as CSV: HQ\'s regions, anyone\'s tiers, as the page counts them', async () => {
  const csv = async (who, path, status = 200) => {
    const res = await call(who, 'GET', path);
    assert.equal(res.status, status, `${who} ${path}`);
    return status === 200 ? Buffer.from(await res.arrayBuffer()).toString('utf8').slice(1).split('\r\n').filter((l) => l !== '') : null;
  };
  const regions = await csv('hq.key', '/api/v1/kpis/regions.csv');
  assert.equal(regions[0], 'region_code,region,inventory_turnover_days,margin,complaint_resolution,share');
  assert.equal(regions.length - 1, Number(one("SELECT COUNT(DISTINCT region_id) FROM kpi_month WHERE month BETWEEN DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 11 MONTH, '%Y-%m') AND DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m')")));
  await csv('r01.approver', '/api/v1/kpis/regions.csv', 403);
  const tiers = await csv('r01.approver', '/api/v1/kpis/tiers.csv');
  assert.equal(tiers[0], 'tier,dealers');
  const want = sql(`SELECT COALESCE(tier, '-'), COUNT(*) FROM orgs WHERE kind = 'dealer' AND region_id = ${R01} GROUP BY tier ORDER BY tier`).map((r) => r.join(','));
  assert.deepEqual(tiers.slice(1), want);
  await csv('d0001.buyer', '/api/v1/kpis/tiers.csv', 403);
});

test('down to a dealer\'s complaints: the list narrowed to one dealer in reach, 404 beyond', async () => {
  const t = await json('r01.approver', `/api/v1/complaints?dealer=${D1}&limit=100`);
  assert.ok(t.items.every((c) => c.dealer.id === D1));
  assert.equal(t.items.length, Number(one(`SELECT LEAST(COUNT(*), 100) FROM complaints WHERE dealer_id = ${D1}`)));
  await json('r02.approver', `/api/v1/complaints?dealer=${D1}`, 404);
  await json('d0002.buyer', `/api/v1/complaints?dealer=${D1}`, 404);
});
