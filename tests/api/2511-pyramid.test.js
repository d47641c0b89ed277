// 2511: the customer pyramid and the value grid (issue #25, acceptance 2 and its part of 1):
// on ten dealers of a region of this test's own, with shipped orders of known totals, the
// pyramid's cumulative shares are the hand-computed ones (kpi_pyramid_rules_test.c's set, in
// yuan), the tier cuts fall where the tier rule puts them, the grid's lowest scores are the
// rule's; HQ, a region's staff (an account manager its own dealers) and a chain read theirs,
// another region's staff and another chain get 404 for one outside, a dealer 403; the CSV is
// the JSON's rows; on whatever the demo holds, the shares hold their invariants.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { client, sql } = require('../lib/harness');

const { call } = client();
const S = Date.now().toString(36).slice(-6);
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
async function get(who, p, status = 200) {
  const res = await call(who, 'GET', p);
  assert.equal(res.status, status, `${who} ${p}`);
  return status === 200 ? (p.includes('.csv') || p.startsWith('/dashboard') ? res.text() : res.json()) : null;
}

// A CSV (a BOM, quotes) as rows of cells.
function parseCSV(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  const t = text.replace(/^\ufeff/, '');
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (q) {
      if (ch === '"' && t[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && t[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// The tier rule's cut of n dealers at pct percent: the ranks rn with (rn - 1) x 100 < pct x n.
const cut = (n, pct) => { let k = 0; for (let rn = 1; rn <= n; rn++) if ((rn - 1) * 100 < pct * n) k++; return k; };
const band = (rn, n, r) => ((rn - 1) * 100 < n * r.a_pct ? 'A' : (rn - 1) * 100 < n * (r.a_pct + r.b_pct) ? 'B'
  : (rn - 1) * 100 < n * (r.a_pct + r.b_pct + r.c_pct) ? 'C' : 'D');
const bp = (part, total) => Number((BigInt(part) * 10000n) / BigInt(total));

// Every answer's invariants: ranked by value then id, the shares exact and never falling, the
// last 100 %, the bands and cuts the rule's.
function invariants(j) {
  const r = j.rule, n = j.items.length;
  assert.equal(j.dealers, n);
  let cum = 0;
  j.items.forEach((it, i) => {
    assert.equal(it.rank, i + 1);
    if (i > 0) {
      const p = j.items[i - 1];
      assert.ok(p.value > it.value || (p.value === it.value && p.dealer < it.dealer), `ranked at ${i + 1}`);
      if (it.cum_share_bp !== null) assert.ok(it.cum_share_bp >= p.cum_share_bp, 'never falls');
    }
    cum += it.value;
    assert.equal(it.cum_value, cum);
    assert.equal(it.cum_share_bp, j.total_value > 0 ? bp(cum, j.total_value) : null);
    assert.equal(it.band, band(it.rank, n, r));
  });
  assert.equal(cum, j.total_value);
  if (n > 0 && j.total_value > 0) assert.equal(j.items[n - 1].cum_share_bp, 10000, 'the last is 100 %');
  const pcts = [r.a_pct, r.a_pct + r.b_pct, r.a_pct + r.b_pct + r.c_pct];
  j.cuts.forEach((c, t) => {
    assert.equal(c.dealers, cut(n, pcts[t]), `cut ${c.tier}`);
    assert.equal(c.value_bp, j.total_value > 0 ? (c.dealers > 0 ? j.items[c.dealers - 1].cum_share_bp : 0) : null);
  });
  assert.deepEqual(j.headline, { dealers_bp: j.cuts[0].dealers_bp, value_bp: j.cuts[0].value_bp });
}

// Ten dealers (values in yuan as kpi_pyramid_rules_test.c's fen; the 3rd and 10th tie), the
// first three a chain's branches; potentials for the 9th and 10th this month. The region's code
// sorts after the demo's (HQ's region table lists by code: the dashboard's tests open the first).
const VALUES = [1500, 250, 2000, 700, 100, 50, 3000, 3, 400, 2000];
const ids = {};
test.before(() => {
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('region', 'ZPR${S}', '金字塔区${S}', 'Pyramid ${S}'),
    ('chain', 'PC${S}', '金字塔连锁${S}', 'Pyramid chain ${S}')`);
  ids.region = idOf(`ZPR${S}`);
  ids.chain = idOf(`PC${S}`);
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, chain_id, dealer_kind, city, tier) VALUES ${VALUES.map((v, i) =>
    `('dealer', 'PD${i + 1}${S}', '金字塔店${i + 1}', 'Pyramid shop, ${i + 1}', ${ids.region}, ${i < 3 ? ids.chain : 'NULL'},
      'exclusive_store', '金字塔市', '${'ABCD'[i % 4]}')`).join(', ')}`);
  ids.dealers = VALUES.map((v, i) => idOf(`PD${i + 1}${S}`));
  const [[user]] = sql("SELECT id FROM users WHERE login = 'hq.key'");
  const order = (d, i, n, status, total, ago) => `('SO-PY-${S}-${i}-${n}', ${d}, ${ids.region}, ${i < 3 ? ids.chain : 'NULL'},
    '${status}', 1, ${total}, CURRENT_DATE, '金字塔路 1 号', '', ${user}, UTC_TIMESTAMP(6) - INTERVAL ${ago})`;
  // each dealer's value in shipped, delivered or closed orders of the last year, split in two;
  // orders not yet shipped and those older than twelve months do not count
  sql(`INSERT INTO orders (number, dealer_id, region_id, chain_id, status, version, total, requested_date, ship_to, note,
    created_by, created_at) VALUES ${ids.dealers.flatMap((d, i) => [
    order(d, i, 1, ['shipped', 'delivered', 'closed'][i % 3], VALUES[i] * 100 - Math.floor(VALUES[i] / 2) * 100, '3 DAY'),
    order(d, i, 2, 'shipped', Math.floor(VALUES[i] / 2) * 100, '200 DAY'),
    order(d, i, 3, 'submitted', 99999900, '1 DAY'),
    order(d, i, 4, 'closed', 99999900, '13 MONTH')]).join(', ')}`);
  const month = sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m')")[0][0];
  sql(`INSERT INTO kpi_month (dealer_id, month, region_id, revenue, category_sales) VALUES
    (${ids.dealers[8]}, '${month}', ${ids.region}, 100000, 600000),
    (${ids.dealers[9]}, '${month}', ${ids.region}, 0, 1000000)`);
});

// The months' sums go again after (the dashboard's tests count HQ's regions with figures); the
// region's sums are its dealers' alone.
test.after(() => {
  if (!ids.region) return;
  sql(`DELETE FROM kpi_month WHERE region_id = ${ids.region}`);
  sql(`DELETE FROM kpi_region_month WHERE region_id = ${ids.region}`);
});

test('ten dealers: the shares are the hand-computed ones, the cuts the tier rule\'s', async () => {
  const j = await get('hq.key', `/api/v1/kpis/pyramid?region=${ids.region}`);
  invariants(j);
  assert.equal(j.dealers, 10);
  assert.equal(j.total_value, 1000300);
  // ranked by value, the tie (the 3rd and the 10th at 2,000) by id
  assert.deepEqual(j.items.map((i) => ids.dealers.indexOf(i.dealer) + 1), [7, 3, 10, 1, 4, 9, 2, 5, 6, 8]);
  // by hand: cum x 10000 / 10003, rounded down
  assert.deepEqual(j.items.map((i) => i.cum_share_bp), [2999, 4998, 6997, 8497, 9197, 9597, 9847, 9947, 9997, 10000]);
  assert.deepEqual(j.items.map((i) => i.value), [300000, 200000, 200000, 150000, 70000, 40000, 25000, 10000, 5000, 300]);
  // each dealer's tier now (the last run's, as set here) beside the rule's band on this ranking
  assert.deepEqual(ids.dealers.map((d) => j.items.find((i) => i.dealer === d).tier).join(''), 'ABCDABCDAB');
  const r = j.rule;
  if (r.a_pct === 20 && r.b_pct === 30 && r.c_pct === 30) {
    // the default rule, by hand: A ranks 1-2, B 3-5, C 6-8, D 9-10
    assert.deepEqual(j.items.map((i) => i.band).join(''), 'AABBBCCCDD');
    assert.deepEqual(j.cuts.map((c) => [c.tier, c.dealers, c.dealers_bp, c.value_bp]),
      [['A', 2, 2000, 4998], ['B', 5, 5000, 9197], ['C', 8, 8000, 9947]]);
    assert.deepEqual(j.headline, { dealers_bp: 2000, value_bp: 4998 });
  }
  // the value grid: potential = category sales not ours, score = value + potential x pct DIV 100
  const g = await get('hq.key', `/api/v1/kpis/value-grid?region=${ids.region}`);
  const pot = Object.fromEntries(g.items.map((i) => [i.dealer, i.potential]));
  assert.equal(pot[ids.dealers[9]], 1000000);
  assert.equal(pot[ids.dealers[8]], 500000);
  assert.equal(pot[ids.dealers[0]], 0);
  for (const i of g.items) assert.equal(i.score, i.value + Math.floor(i.potential * r.potential_pct / 100));
  const scores = g.items.map((i) => i.score).sort((a, b) => b - a);
  g.cuts.forEach((c, t) => assert.equal(c.score_min,
    c.dealers > (t ? g.cuts[t - 1].dealers : 0) ? scores[c.dealers - 1] : null, `the lowest ${c.tier}`));
  if (r.potential_pct === 20 && r.a_pct === 20 && r.b_pct === 30 && r.c_pct === 30)
    assert.deepEqual(g.cuts.map((c) => c.score_min), [300000, 140000, 10000]);
});

test('a chain\'s branches: HQ with ?chain=; its shares over its own three', async () => {
  const j = await get('hq.key', `/api/v1/kpis/pyramid?chain=${ids.chain}`);
  invariants(j);
  assert.deepEqual(j.items.map((i) => i.dealer), [ids.dealers[2], ids.dealers[0], ids.dealers[1]]);
  assert.deepEqual(j.items.map((i) => i.cum_share_bp), [5333, 9333, 10000]);	// 2000, 3500, 3750 of 3750
  // a chain's users read their own chain's, and no other
  const c1 = idOf('C0001');
  const own = await get('c0001.buyer', '/api/v1/kpis/pyramid');
  invariants(own);
  const branches = sql(`SELECT id FROM orgs WHERE kind = 'dealer' AND chain_id = ${c1}`).map((x) => Number(x[0]));
  assert.deepEqual(own.items.map((i) => i.dealer).sort((a, b) => a - b), branches.sort((a, b) => a - b));
  await get('c0001.buyer', `/api/v1/kpis/pyramid?chain=${ids.chain}`, 404);
  await get('c0001.buyer', `/api/v1/kpis/value-grid?chain=${ids.chain}`, 404);
  await get('c0001.buyer', `/api/v1/kpis/pyramid.csv?chain=${ids.chain}`, 404);
  await get('c0001.buyer', `/api/v1/kpis/pyramid?region=${ids.region}`, 404);
  await get('hq.key', '/api/v1/kpis/pyramid?chain=999999999', 404);
});

test('a region\'s staff read their region\'s, an account manager its own; outside is 404, a dealer 403', async () => {
  const r01 = idOf('R01');
  const mine = await get('r01.approver', '/api/v1/kpis/pyramid');
  invariants(mine);
  const region = sql(`SELECT id FROM orgs WHERE kind = 'dealer' AND region_id = ${r01}`).map((x) => Number(x[0]));
  assert.deepEqual(mine.items.map((i) => i.dealer).sort((a, b) => a - b), region.sort((a, b) => a - b));
  const managed = sql("SELECT dealer_id FROM manager_dealers m JOIN users u ON u.id = m.manager_id WHERE u.login = 'r01.manager'")
    .map((x) => Number(x[0]));
  const man = await get('r01.manager', '/api/v1/kpis/value-grid');
  assert.deepEqual(man.items.map((i) => i.dealer).sort((a, b) => a - b), managed.sort((a, b) => a - b));
  for (const p of ['pyramid', 'pyramid.csv', 'value-grid', 'value-grid.csv']) {
    await get('r01.approver', `/api/v1/kpis/${p}?region=${ids.region}`, 404);
    await get('r01.manager', `/api/v1/kpis/${p}?region=${ids.region}`, 404);
    await get('r01.approver', `/api/v1/kpis/${p}?chain=${ids.chain}`, 404);
    await get('d0001.buyer', `/api/v1/kpis/${p}`, 403);
    await get('d0001.buyer', `/api/v1/kpis/${p}?region=${ids.region}`, 403);
  }
  for (const p of ['/dashboard/pyramid', '/dashboard/value-grid']) {
    await get('r01.approver', `${p}?region=${ids.region}`, 404);
    await get('d0001.buyer', p, 403);
    const html = await get('r01.approver', p);
    assert.doesNotMatch(html, new RegExp(`金字塔店`), 'no dealer of another region');
  }
  await get('hq.key', '/api/v1/kpis/pyramid?region=abc', 404);
  await get('hq.key', `/api/v1/kpis/pyramid?region=${ids.dealers[0]}`, 404);
});

test('the CSV is the JSON\'s rows, for the pyramid and the grid', async () => {
  for (const q of [`region=${ids.region}`, '']) {
    const j = await get('hq.key', `/api/v1/kpis/pyramid?${q}`);
    const rows = parseCSV(await get('hq.key', `/api/v1/kpis/pyramid.csv?${q}`));
    assert.deepEqual(rows[0], ['rank', 'dealer', 'code', 'name', 'tier', 'band', 'value', 'cum_value', 'cum_share_bp']);
    assert.equal(rows.length - 1, j.items.length);
    j.items.forEach((it, i) => assert.deepEqual(rows[i + 1], [String(it.rank), String(it.dealer), it.code, it.name,
      it.tier ?? '', it.band, String(it.value), String(it.cum_value), it.cum_share_bp === null ? '' : String(it.cum_share_bp)]));
    const g = await get('hq.key', `/api/v1/kpis/value-grid?${q}`);
    const grows = parseCSV(await get('hq.key', `/api/v1/kpis/value-grid.csv?${q}`));
    assert.deepEqual(grows[0], ['rank', 'dealer', 'code', 'name', 'tier', 'value', 'potential', 'score']);
    assert.equal(grows.length - 1, g.items.length);
    g.items.forEach((it, i) => assert.deepEqual(grows[i + 1], [String(it.rank), String(it.dealer), it.code, it.name,
      it.tier ?? '', String(it.value), String(it.potential), String(it.score)]));
  }
  const res = await call('hq.key', 'GET', `/api/v1/kpis/pyramid.csv?region=${ids.region}`);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /pyramid\.csv/);
  // names in the reader's language (hq.key reads Chinese)
  const j = await get('hq.key', `/api/v1/kpis/pyramid?region=${ids.region}`);
  assert.ok(j.items.every((i) => i.name.startsWith('金字塔店')));
});

test('HQ\'s whole pyramid on whatever the demo holds: the shares\' invariants', async () => {
  const j = await get('hq.key', '/api/v1/kpis/pyramid');
  invariants(j);
  const [[n]] = sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'");
  assert.equal(j.dealers, Math.min(Number(n), 10000));
  assert.ok(j.items.some((i) => ids.dealers.includes(i.dealer)));
  const page = await get('hq.key', `/dashboard/pyramid?region=${ids.region}`);
  assert.match(page, /<svg[^>]+role="img"/);
  assert.match(page, /49\.98%/, 'the headline: the top 20.00 % bring 49.98 %');
  const grid = await get('hq.key', `/dashboard/value-grid?region=${ids.region}`);
  assert.equal((grid.match(/<circle class="pt /g) || []).length, 10);
});
