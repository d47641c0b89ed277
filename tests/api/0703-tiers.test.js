// 0703: A/B/C/D tiers (issue #10): a run ranks every dealer by value (our revenue through it
// over 12 months) and potential (its category sales that were not ours), top 20 % A, next 30 %
// B, next 30 % C, the rest D by default; the tiers are what an independent computation from the
// raw rows says; every run is kept; the thresholds are configurable (by HQ's admins, on the
// version read); tonight's run happens once however often it is started; a dealer sees its
// tier and what the next one needs, and nobody else's (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, cli } = require('../lib/harness');

const { call } = client();
const one = (q) => sql(q)[0][0];
const id = (code) => Number(one(`SELECT id FROM orgs WHERE code = '${code}'`));
const D1 = id('D0001'), D2 = id('D0002');

// The tests after these expect the demo's tiers as seeded: put them back when done.
let seeded;
test.before(() => { seeded = sql("SELECT id, COALESCE(tier, '') FROM orgs WHERE kind = 'dealer'"); });
test.after(() => {
  for (const t of ['A', 'B', 'C', 'D', '']) {
    const ids = seeded.filter((r) => r[1] === t).map((r) => r[0]);
    if (ids.length > 0) sql(`UPDATE orgs SET tier = ${t ? `'${t}'` : 'NULL'} WHERE id IN (${ids.join(',')})`);
  }
});

// What the tiers must be, computed here from the orders and the reports themselves.
function expected(cfg) {
  const from = new Date(Date.now() + 8 * 3600e3 - 334 * 86400e3).toISOString().slice(0, 7);
  const rows = sql(`SELECT d.id,
      COALESCE((SELECT SUM(total) FROM orders o WHERE o.dealer_id = d.id AND o.status IN ('shipped', 'delivered', 'closed') AND o.created_at >= UTC_TIMESTAMP(6) - INTERVAL 12 MONTH), 0),
      COALESCE((SELECT SUM(category_sales) FROM sellthrough_category c WHERE c.dealer_id = d.id AND DATE_FORMAT(c.period_start, '%Y-%m') >= '${from}'), 0),
      COALESCE((SELECT SUM(revenue) FROM sellthrough s WHERE s.dealer_id = d.id AND DATE_FORMAT(s.period_start, '%Y-%m') >= '${from}'), 0)
    FROM orgs d WHERE d.kind = 'dealer'`).map(([i, v, cat, rev]) => {
    const has = Number(cat) > 0 || Number(rev) > 0;
    const potential = has ? Math.max(0, Number(cat) - Number(rev)) : 0;
    return { id: Number(i), score: Number(v) + Math.floor(potential * cfg.potential_pct / 100) };
  });
  rows.sort((a, b) => b.score - a.score || a.id - b.id);
  const n = rows.length, out = new Map();
  rows.forEach((r, k) => {
    const t = k * 100 < n * cfg.a_pct ? 'A' : k * 100 < n * (cfg.a_pct + cfg.b_pct) ? 'B'
      : k * 100 < n * (cfg.a_pct + cfg.b_pct + cfg.c_pct) ? 'C' : 'D';
    out.set(r.id, t);
  });
  return out;
}

test('a run ranks every dealer as the raw rows say; the tiers are stored and kept', async () => {
  const cfg = await (await call('hq.key', 'GET', '/api/v1/tiers/config')).json();
  assert.deepEqual([cfg.a_pct, cfg.b_pct, cfg.c_pct, cfg.potential_pct], [20, 30, 30, 20], 'the defaults');
  const res = await call('hq.key', 'POST', '/api/v1/tiers/recompute');
  assert.equal(res.status, 200);
  const run = await res.json();
  const want = expected(cfg);
  const n = want.size;
  assert.deepEqual(run.tiers, { A: Math.ceil(n * 0.2), B: Math.ceil(n * 0.5) - Math.ceil(n * 0.2),
    C: Math.ceil(n * 0.8) - Math.ceil(n * 0.5), D: n - Math.ceil(n * 0.8) });
  const got = new Map(sql(`SELECT dealer_id, tier FROM tier_history WHERE run_id = ${run.run}`).map(([d, t]) => [Number(d), t]));
  assert.deepEqual(got, want);
  const orgs = new Map(sql("SELECT id, tier FROM orgs WHERE kind = 'dealer'").map(([d, t]) => [Number(d), t]));
  assert.deepEqual(orgs, want, 'the dealers carry their new tiers');
  // a second run is kept beside the first
  const again = await (await call('admin', 'POST', '/api/v1/tiers/recompute')).json();
  assert.ok(again.run > run.run);
  assert.equal(Number(one(`SELECT COUNT(*) FROM tier_history WHERE run_id IN (${run.run}, ${again.run})`)), 2 * n);
});

test('tonight\'s run happens once, however often it is started', async () => {
  const first = JSON.parse(cli(['tiers', '--nightly']));
  const second = JSON.parse(cli(['tiers', '--nightly']));
  assert.equal(second.done_already, true);
  assert.equal(Number(one("SELECT COUNT(*) FROM tier_runs WHERE cause = 'nightly' AND day = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)")), 1);
  assert.ok(first.run > 0 || first.done_already);
});

test('the thresholds: HQ\'s admins set them on the version read; a run uses them', async () => {
  let cfg = await (await call('admin', 'GET', '/api/v1/tiers/config')).json();
  assert.equal((await call('hq.key', 'PUT', '/api/v1/tiers/config', { ...cfg })).status, 403);
  for (const [body, field] of [[{ ...cfg, a_pct: 60, b_pct: 30, c_pct: 20 }, 'c_pct'], [{ ...cfg, a_pct: 0 }, 'a_pct'],
    [{ ...cfg, potential_pct: 101 }, 'potential_pct'], [{ a_pct: 10 }, 'b_pct']]) {
    const res = await call('admin', 'PUT', '/api/v1/tiers/config', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], field);
  }
  let res = await call('admin', 'PUT', '/api/v1/tiers/config', { ...cfg, a_pct: 10, b_pct: 20, c_pct: 30, potential_pct: 50 });
  assert.equal(res.status, 200);
  assert.equal((await call('admin', 'PUT', '/api/v1/tiers/config', { ...cfg, a_pct: 15 })).status, 409, 'a stale version');
  cfg = await res.json();
  const run = await (await call('hq.key', 'POST', '/api/v1/tiers/recompute')).json();
  const got = new Map(sql(`SELECT dealer_id, tier FROM tier_history WHERE run_id = ${run.run}`).map(([d, t]) => [Number(d), t]));
  assert.deepEqual(got, expected(cfg));
  // back to the defaults for the tests that follow
  res = await call('admin', 'PUT', '/api/v1/tiers/config', { ...cfg, a_pct: 20, b_pct: 30, c_pct: 30, potential_pct: 20 });
  assert.equal(res.status, 200);
  assert.equal((await call('hq.key', 'POST', '/api/v1/tiers/recompute')).status, 200);
});

test('a dealer sees its tier and what the next one needs; nobody else\'s', async () => {
  const t = await (await call('d0001.buyer', 'GET', `/api/v1/dealers/${D1}/tier`)).json();
  assert.match(t.tier, /^[ABCD]$/);
  assert.equal(t.tier, one(`SELECT tier FROM orgs WHERE id = ${D1}`), 'the tier in force');
  assert.equal(t.ranked, one(`SELECT tier FROM tier_history WHERE dealer_id = ${D1} ORDER BY run_id DESC LIMIT 1`), 'the last run\'s');
  assert.ok(t.rank >= 1 && t.rank <= t.run.dealers);
  assert.ok(t.history.length >= 2);
  if (t.tier === 'A') assert.equal(t.next, null);
  else {
    const up = String.fromCharCode(t.tier.charCodeAt(0) - 1);
    assert.equal(t.next.tier, up);
    const [[lowest]] = sql(`SELECT MIN(score) FROM tier_history WHERE run_id = ${t.run.id} AND tier = '${up}'`);
    assert.equal(t.next.score_needed, Number(lowest));
    assert.equal(t.next.gap, Math.max(0, Number(lowest) - t.score));
  }
  for (const [who, d] of [['d0001.buyer', D2], ['r02.approver', D1], ['r02.manager', D1]]) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${d}/tier`)).status, 404, who);
  }
  assert.equal((await call('r01.approver', 'GET', `/api/v1/dealers/${D2}/tier`)).status, 200, 'region staff read the region');
  assert.equal((await call('r01.manager', 'GET', `/api/v1/dealers/${D2}/tier`)).status, 404, 'an account manager its own dealers only');
  assert.equal((await call('r01.approver', 'POST', '/api/v1/tiers/recompute')).status, 403);
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/tiers/config')).status, 403);
});
