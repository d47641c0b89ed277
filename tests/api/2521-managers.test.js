// 2521: the account managers' view (issue #25 acceptance 4): r01.manager sees its dealers against
// the region; r01.approver (the region's head) and HQ compare the region's managers side by side,
// each manager's figures those of GET /managers/{id}/kpis and of its dealers' sums, the region's
// those of GET /regions/{id}/kpis; a manager of another region gets 404 (page and API), a dealer
// 403, and the drill-down links lead to pages the viewer opens. The demo's figures themselves are
// not asserted (another slice reshapes them): only relations between them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, client } = require('../lib/harness');

const { call } = client();
const one = (q) => sql(q)[0][0];
const id = (code) => Number(one(`SELECT id FROM orgs WHERE code = '${code}'`));
const userId = (login) => Number(one(`SELECT id FROM users WHERE login = '${login}'`));
const R01 = id('R01'), R02 = id('R02'), D1 = id('D0001'), D3 = id('D0003');
const M1 = userId('r01.manager'), M2 = userId('r01.manager2'), M201 = userId('r02.manager');
const FIGS = ['inventory_turnover_days', 'margin', 'complaint_resolution', 'share'];
const get = async (who, path, status = 200) => {
  const res = await call(who, 'GET', path);
  assert.equal(res.status, status, `${who} ${path}`);
  return res;
};
const json = async (who, path) => (await get(who, path)).json();
const html = async (who, path) => (await get(who, path)).text();
const dealersOf = (m) => sql(`SELECT dealer_id FROM manager_dealers WHERE manager_id = ${m} ORDER BY dealer_id`).map((r) => Number(r[0]));
const close = (a, b, what) => {
  if (a === null || b === null) assert.equal(a, b, what);
  else assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
};
// the four figures from summed sums, as kpi_rules.c divides them
const fromSums = (s) => {
  const r = (n, d) => (d > 0 ? n / d : null);
  return { inventory_turnover_days: r(s.stock_days, s.sold), margin: r(s.revenue - s.cost, s.revenue),
    complaint_resolution: r(s.complaints_on_time, s.complaints_filed), share: r(s.revenue, s.category_sales) };
};
// a figure as the pages print it
const text = (f, v) => (v === null ? null : f === 'inventory_turnover_days' ? v.toFixed(1) : `${(v * 100).toFixed(1)}%`);

test('the demo: R01 has two account managers, r01.manager2 looks after D0003', () => {
  // (other tests may give a manager more dealers of the region: the demo's are there)
  assert.ok(dealersOf(M1).includes(D1) && !dealersOf(M1).includes(D3));
  assert.ok(dealersOf(M2).includes(D3) && !dealersOf(M2).includes(D1));
  assert.equal(one(`SELECT org_id FROM users WHERE id = ${M2}`), String(R01));
  assert.equal(one(`SELECT roles FROM users WHERE id = ${M2}`), 'account_manager');
});

test('r01.approver compares R01\'s managers: each one\'s figures are GET /managers/{id}/kpis and its dealers\' sums', async () => {
  const list = await json('r01.approver', '/api/v1/managers');
  assert.deepEqual(await json('r01.approver', `/api/v1/managers?region=${R01}`), list, 'its own region by default');
  assert.equal(list.region.id, R01);
  assert.equal(list.region.code, 'R01');
  const ids = list.items.map((m) => m.id);
  assert.ok(ids.includes(M1) && ids.includes(M2), 'both managers listed');
  const inRegion = sql(`SELECT id FROM users WHERE org_id = ${R01} AND FIND_IN_SET('account_manager', roles)`).map((r) => Number(r[0]));
  assert.deepEqual([...ids].sort((a, b) => a - b), inRegion.sort((a, b) => a - b), 'every manager of R01 and no other');
  const q = `from=${list.from}&to=${list.to}`;
  const region = await json('r01.approver', `/api/v1/regions/${R01}/kpis?${q}`);
  for (const f of FIGS) close(list.region[f], region[f], `region ${f}`);
  for (const m of list.items) {
    const k = await json('r01.approver', `/api/v1/managers/${m.id}/kpis?${q}`);
    for (const f of FIGS) close(m[f], k[f], `${m.login} ${f}`);
    assert.equal(m.dealers, dealersOf(m.id).length, `${m.login}: dealers`);
    // its dealers' sums, added up, give the same figures
    const sums = { stock_days: 0, sold: 0, revenue: 0, cost: 0, category_sales: 0, complaints_filed: 0, complaints_on_time: 0 };
    for (const d of dealersOf(m.id)) {
      const s = (await json('r01.approver', `/api/v1/dealers/${d}/kpis?${q}`)).sums;
      for (const key of Object.keys(sums)) sums[key] += s[key];
    }
    assert.deepEqual(k.sums, sums, `${m.login}: the sums of its dealers`);
    const want = fromSums(sums);
    for (const f of FIGS) close(m[f], want[f], `${m.login} ${f} from sums`);
  }
  assert.ok(list.items.some((m) => m.margin !== null), 'the demo gives the managers figures');
  const narrow = await json('r01.approver', '/api/v1/managers?from=2026-01&to=2026-03');
  assert.equal(narrow.from, '2026-01');
  assert.equal(narrow.to, '2026-03');
  await get('r01.approver', '/api/v1/managers?from=2026-13', 422);
  await get('r01.approver', '/api/v1/managers?from=2026-06&to=2026-01', 422);
});

test('HQ compares any region\'s managers, and must name the region', async () => {
  const a = await json('r01.approver', '/api/v1/managers');
  assert.deepEqual(await json('hq.key', `/api/v1/managers?region=${R01}`), a);
  const r2 = await json('hq.key', `/api/v1/managers?region=${R02}`);
  assert.ok(r2.items.map((m) => m.id).includes(M201));
  assert.ok(!r2.items.map((m) => m.id).includes(M1));
  const res = await get('hq.key', '/api/v1/managers', 422);
  assert.equal((await res.json()).error.code, 'validation_failed');
  for (const bad of ['999999', String(D1), 'abc', '-4', '0', `${R01}x`, '1'.repeat(30)]) {
    await get('hq.key', `/api/v1/managers?region=${bad}`, 404);
  }
  const page = await html('hq.key', `/dashboard/managers?region=${R01}`);
  assert.match(page, new RegExp(`href="/dashboard/managers/${M1}\\?`));
  assert.match(page, new RegExp(`href="/dashboard/managers/${M2}\\?`));
  assert.match(await html('hq.key', `/dashboard?region=${R01}`), new RegExp(`href="/dashboard/managers\\?region=${R01}&amp;`));
  assert.match(await html('hq.key', `/dashboard/managers/${M1}`), new RegExp(`href="/dashboard/dealers/${D1}\\?`));
});

test('the comparison page: a row and a bar per manager, the region\'s line, links down to each manager', async () => {
  const list = await json('r01.approver', '/api/v1/managers');
  const page = await html('r01.approver', '/dashboard/managers');
  for (const m of list.items) {
    assert.match(page, new RegExp(`<a href="/dashboard/managers/${m.id}\\?from=${list.from}&amp;to=${list.to}">${m.name}</a> <small>${m.login}</small>`));
    const row = page.slice(page.indexOf(`/dashboard/managers/${m.id}?`)).split('</tr>')[0];
    for (const f of FIGS) if (m[f] !== null) assert.ok(row.includes(`>${text(f, m[f])}<`), `${m.name} ${f} ${text(f, m[f])}`);
  }
  for (const c of ['mgr-turnover', 'mgr-margin', 'mgr-resolution', 'mgr-share']) {
    const fig = page.slice(page.indexOf(`id="${c}"`)).split('</figure>')[0];
    assert.ok(fig.length > 100, c);
    assert.equal((fig.match(/<rect class="bar"/g) || []).length,
      list.items.filter((m) => m[FIGS[['mgr-turnover', 'mgr-margin', 'mgr-resolution', 'mgr-share'].indexOf(c)]] !== null).length, `${c}: a bar per manager with data`);
    for (const m of list.items) assert.ok(fig.includes(`<th scope="row">${m.login}</th>`), `${c}: ${m.login} in its table`);
  }
  const margin = page.slice(page.indexOf('id="mgr-margin"')).split('</figure>')[0];
  assert.match(margin, new RegExp(`class="target-label"[^>]*>大区 ${text('margin', list.region.margin).replace('.', '\\.')}<`), 'the region\'s line');
  assert.match(await html('r01.approver', '/dashboard'), new RegExp(`href="/dashboard/managers\\?region=${R01}&amp;`), 'the dashboard links to it');
  // drill-down: every manager's page, and from there every dealer's page, open for the region's head
  for (const m of list.items) {
    const mp = await html('r01.approver', `/dashboard/managers/${m.id}?from=${list.from}&to=${list.to}`);
    assert.match(mp, new RegExp(`href="/dashboard/managers\\?region=${R01}&amp;`), 'back to the comparison');
    const links = [...mp.matchAll(/href="(\/dashboard\/dealers\/(\d+)\?[^"]*)"/g)];
    assert.deepEqual(links.map((l) => Number(l[2])).sort((a, b) => a - b), dealersOf(m.id), `${m.name}: every dealer of its linked, with figures or none`);
    for (const [, href] of links) await get('r01.approver', href.replace(/&amp;/g, '&'));
  }
  const csv = await (await get('r01.approver', '/api/v1/managers.csv')).text();
  const rows = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(rows[0], 'manager_id,manager,login,dealers,inventory_turnover_days,margin,complaint_resolution,share');
  assert.equal(rows.length, list.items.length + 2, 'a row per manager, then the region\'s');
  assert.match(rows[1], new RegExp(`^${list.items[0].id},`));
});

test('r01.manager sees its dealers against the region, and no other manager', async () => {
  const dash = await html('r01.manager', '/dashboard');
  assert.match(dash, new RegExp(`href="/dashboard/managers/${M1}\\?`), 'the dashboard links to its page');
  const mine = await json('r01.manager', `/api/v1/managers/${M1}/kpis`);
  const region = await json('r01.approver', `/api/v1/regions/${R01}/kpis?from=${mine.from}&to=${mine.to}`);
  const page = await html('r01.manager', `/dashboard/managers/${M1}`);
  const table = page.slice(page.indexOf('<table class="versus">')).split('</table>')[0];
  const rows = table.split('<tr>').slice(2);
  assert.equal(rows.length, 4, 'the four figures');
  FIGS.forEach((f, i) => {
    const cells = [...rows[i].matchAll(/<td[^>]*>(?:<strong>)?([^<]*)/g)].map((c) => c[1]);
    if (mine[f] !== null) assert.equal(cells[0], text(f, mine[f]), `its ${f}`);
    if (region[f] !== null) assert.equal(cells[1], text(f, region[f]), `the region's ${f}`);
  });
  ['kpi-turnover', 'kpi-margin', 'kpi-resolution', 'kpi-share'].forEach((c, i) => {
    const fig = page.slice(page.indexOf(`id="${c}"`)).split('</figure>')[0];
    assert.ok(fig.length > 100, c);
    if (mine[FIGS[i]] === null && region[FIGS[i]] === null) return;	// no data: no lines, no legend
    assert.equal((fig.match(/<li><svg/g) || []).length, 2, `${c}: two lines, the manager's and the region's`);
    assert.ok(fig.includes('Beijing Account Manager') && fig.includes('北京工贸公司'), `${c}: both named`);
  });
  assert.ok(!page.includes(`/dashboard/managers?region=`), 'no comparison for a manager');
  const links = [...page.matchAll(/href="(\/dashboard\/dealers\/(\d+)\?[^"]*)"/g)];
  assert.deepEqual(links.map((l) => Number(l[2])).sort((a, b) => a - b), dealersOf(M1), 'its dealers, linked');
  for (const [, href] of links) await get('r01.manager', href.replace(/&amp;/g, '&'));
  // not another manager's, not the region's comparison
  await get('r01.manager', `/dashboard/managers/${M2}`, 404);
  await get('r01.manager', `/api/v1/managers/${M2}/kpis`, 404);
  await get('r01.manager', '/dashboard/managers', 404);
  await get('r01.manager', '/api/v1/managers', 404);
  await get('r01.manager', `/api/v1/managers.csv?region=${R01}`, 404);
  await get('r01.manager2', `/dashboard/managers/${M2}`);
  await get('r01.manager2', `/dashboard/managers/${M1}`, 404);
});

test('another region\'s manager or head gets 404, a dealer 403 for the lists and 404 for a manager, a chain 404', async () => {
  for (const who of ['r02.manager', 'r02.approver']) {
    for (const p of [`/dashboard/managers/${M1}`, `/dashboard/managers/${M2}`, `/dashboard/managers?region=${R01}`,
      `/api/v1/managers?region=${R01}`, `/api/v1/managers.csv?region=${R01}`, `/api/v1/managers/${M1}/kpis`]) {
      const res = await get(who, p, 404);
      const body = await res.text();
      assert.ok(!body.includes('Beijing Account Manager'), `${who} ${p}: nothing of R01`);
    }
  }
  await get('r02.approver', `/dashboard/managers/${M201}`);
  // the lists are staff's pages (403, as the dashboard); a manager is an object (404)
  for (const p of [`/dashboard/managers?region=${R01}`, '/dashboard/managers',
    '/api/v1/managers', `/api/v1/managers?region=${R01}`, `/api/v1/managers.csv?region=${R01}`]) {
    await get('d0001.buyer', p, 403);
    await get('c0001.buyer', p, 404);
  }
  for (const p of [`/dashboard/managers/${M1}`, `/api/v1/managers/${M1}/kpis`]) {
    await get('d0001.buyer', p, 404);
    await get('c0001.buyer', p, 404);
  }
  for (const p of ['/dashboard/managers/999999', `/dashboard/managers/${userId('r01.approver')}`, '/dashboard/managers/abc']) {
    await get('hq.key', p, 404);
  }
  // a region's staff beyond its managers read its managers; HQ all
  for (const who of ['r01.clerk', 'r01.agent', 'hq.key', 'admin']) await get(who, `/dashboard/managers/${M2}`);
});
