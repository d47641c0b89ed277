// 2522 (browser), issue #25 acceptance 4: r01.approver (the region's head) compares R01's
// account managers side by side (a table, a bar chart a figure with the region's line across)
// and goes down to a manager and on to its dealer; r01.manager opens its own page (its dealers'
// figures beside the region's, trends with the region's line) from the dashboard and cannot open
// its colleague's. Axe-clean, at desktop size and on a 390-px phone; screenshots in tests/artifacts.
'use strict';
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, ARTIFACTS, sql } = require('../lib/harness');
const { launch, signIn, click, text, checkPage, overflowX } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const one = (q) => sql(q)[0][0];
const M1 = Number(one("SELECT id FROM users WHERE login = 'r01.manager'"));
const M2 = Number(one("SELECT id FROM users WHERE login = 'r01.manager2'"));
const D1 = Number(one("SELECT id FROM orgs WHERE code = 'D0001'"));
const D3 = Number(one("SELECT id FROM orgs WHERE code = 'D0003'"));

// the figures of each chart under sel: id, bars, legend entries, lines, the target's label
const charts = (page, sel) => page.$$eval(`${sel} figure.chart`, (figs) => figs.map((f) => ({
  id: f.id,
  role: f.querySelector(':scope > svg').getAttribute('role'),
  bars: f.querySelectorAll('rect.bar').length,
  labels: [...f.querySelectorAll('svg text.label')].map((t) => t.textContent),
  legend: [...f.querySelectorAll('ul.legend li')].map((l) => l.textContent.trim()),
  lines: f.querySelectorAll('svg path.line').length,
  target: (f.querySelector('svg text.target-label') || {}).textContent || null,
  width: f.querySelector(':scope > svg').getBoundingClientRect().width,
  left: Math.round(f.getBoundingClientRect().left),
})));

test('r01.approver compares its managers, side by side, and goes down to a manager and a dealer', async () => {
  const page = await signIn(browser, 'r01.approver', '/dashboard');
  await click(page, 'a[href^="/dashboard/managers?region="]');
  assert.match(await text(page, 'h1'), /客户经理/);
  const rows = await page.$$eval('table.managers tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const names = rows.map((r) => r[0]);
  assert.ok(names.includes('Beijing Account Manager r01.manager') && names.includes('Beijing Account Manager 2 r01.manager2'), `both managers: ${names}`);
  const logins = await page.$$eval('table.managers tbody td small', (s) => s.map((x) => x.textContent));
  assert.equal(await page.$$eval('table.managers tfoot tr', (t) => t.length), 1, 'the region\'s row under them');
  const bars = await charts(page, 'section[aria-labelledby="managers-h"]');
  assert.deepEqual(bars.map((c) => c.id), ['mgr-turnover', 'mgr-margin', 'mgr-resolution', 'mgr-share']);
  for (const c of bars) {
    assert.equal(c.role, 'img');
    if (c.bars === 0) continue;	// a figure nobody has data for this year
    assert.deepEqual(c.labels, logins, `${c.id}: a bar row per manager (by login), as the table lists them`);
    assert.match(c.target, /^大区 /, `${c.id}: the region's line`);
  }
  assert.ok(bars.filter((c) => c.bars >= 2).length >= 2, 'the demo draws two managers on two figures at least');
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
  await checkPage(page, '2522-managers');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const phone = await charts(page, 'section[aria-labelledby="managers-h"]');
  assert.ok(phone.every((c) => c.left === phone[0].left && c.width >= 340 && c.width <= 390), `one column: ${phone.map((c) => [c.left, c.width])}`);
  assert.ok(await overflowX(page) <= 0);
  await page.setViewport({ width: 1280, height: 900 });
  // down to the second manager, then to its dealer
  await click(page, `table.managers a[href^="/dashboard/managers/${M2}?"]`);
  assert.match(await text(page, 'h1'), /Beijing Account Manager 2/);
  assert.ok(await page.$('p.crumbs a[href^="/dashboard/managers?region="]'), 'back to the comparison');
  await click(page, `table.dealers a[href^="/dashboard/dealers/${D3}?"]`);
  assert.match(await text(page, 'h1'), /D0003/);
  await page.browserContext().close();
});

test('r01.manager opens its own page from the dashboard: its dealers against the region; a phone', async () => {
  const page = await signIn(browser, 'r01.manager', '/dashboard');
  await click(page, `a[href^="/dashboard/managers/${M1}?"]`);
  assert.match(await text(page, 'h1'), /Beijing Account Manager/);
  const heads = await page.$$eval('table.versus thead th', (t) => t.map((x) => x.textContent.trim()));
  assert.equal(heads.length, 3);
  assert.match(heads[2], /北京工贸公司/);
  const figs = await page.$$eval('table.versus tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.equal(figs.length, 4, 'the four figures, each beside the region\'s');
  assert.ok(figs.every((f) => f.length === 2));
  const trends = await charts(page, 'section[aria-labelledby="versus-h"]');
  assert.deepEqual(trends.map((c) => c.id), ['kpi-turnover', 'kpi-margin', 'kpi-resolution', 'kpi-share']);
  const drawn = trends.filter((c) => c.lines > 0);
  assert.ok(drawn.length >= 2, 'the demo draws two figures at least');
  for (const c of drawn) {
    assert.equal(c.legend.length, 2, `${c.id}: ${c.legend}`);
    assert.match(c.legend[0], /^Beijing Account Manager/);
    assert.match(c.legend[1], /^北京工贸公司/);
  }
  const dealers = await page.$$eval('table.dealers tbody a', (a) => a.map((x) => x.getAttribute('href')));
  const mine = sql(`SELECT dealer_id FROM manager_dealers WHERE manager_id = ${M1} ORDER BY dealer_id`).map((r) => Number(r[0]));
  assert.deepEqual(dealers.map((h) => Number(h.split('/')[3].split('?')[0])).sort((a, b) => a - b), mine, 'every dealer of its');
  assert.ok(mine.includes(D1));
  assert.equal(await page.$('p.crumbs a[href^="/dashboard/managers?region="]'), null, 'no comparison for a manager');
  await checkPage(page, '2522-manager');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const phone = await charts(page, 'section[aria-labelledby="versus-h"]');
  assert.ok(phone.every((c) => c.left === phone[0].left && c.width >= 340 && c.width <= 390), 'one column');
  await (await page.$('section[aria-labelledby="versus-h"]')).screenshot({ path: path.join(ARTIFACTS, '2522-manager-versus-phone.png') });
  await page.setViewport({ width: 1280, height: 900 });
  await click(page, `table.dealers a[href^="/dashboard/dealers/${D1}?"]`);
  assert.match(await text(page, 'h1'), /D0001/);
  // its colleague's page is no page for it
  const res = await page.goto(`${BASE}/dashboard/managers/${M2}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await page.browserContext().close();
});
