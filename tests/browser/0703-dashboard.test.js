// 0703 (browser), issue #10 acceptance 3: r01.approver opens the dashboard, sees the four
// figures with their formulas, a chart for each and the dealer table with the worst marked,
// sorts it, drills into dealer 1; HQ drills from regions into one. Screenshots of each, on a
// phone too; every page passes axe and fits a 390-px screen.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const [[D1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");
const [[R01]] = sql("SELECT id FROM orgs WHERE code = 'R01'");

test('the region approver: figures, charts, dealers worst first; dealer 1 in detail', async () => {
  const page = await signIn('r01.approver', '/dashboard');
  assert.equal((await page.$$('dl.figures > div')).length, 4);
  assert.match(await text(page, 'dl.figures'), /Σ/, 'each figure says its formula');
  assert.equal((await page.$$('figure.chart svg')).length, 4);
  // the demo's year of weeks draws turnover, margin and share (its complaints may all be older)
  assert.ok((await page.$$('figure.chart path.line')).length >= 3, 'a line in the charts with data');
  const rows = await page.$$('table.dealers tbody tr');
  assert.ok(rows.length >= 2);
  assert.ok((await page.$$('table.dealers tr.worst')).length >= 1, 'the worst marked');
  await checkPage(page, '0703-dashboard-region');
  await click(page, 'table.dealers th a[href*="sort=margin"]');
  assert.equal(await page.$eval('table.dealers th[aria-sort]', (e) => e.textContent.trim()), await text(page, 'table.dealers th:nth-child(4)'));
  await click(page, `table.dealers a[href^="/dashboard/dealers/${D1}"]`);
  assert.match(await text(page, 'h1'), /D0001/);
  assert.equal((await page.$$('figure.chart svg')).length, 4);
  assert.ok(await page.$(`a[href="/orders?dealer=${D1}"]`), 'down to its orders');
  assert.ok(await page.$(`a[href="/dealers/${D1}/statements"]`), 'its statements');
  await checkPage(page, '0703-dashboard-dealer');
  await page.browserContext().close();
});

test('HQ: every region, down to one', async () => {
  const page = await signIn('hq.key', '/dashboard');
  const regions = await page.$$('table.regions tbody tr');
  assert.ok(regions.length >= 2);
  await checkPage(page, '0703-dashboard-hq');
  await click(page, `table.regions a[href^="/dashboard?region=${R01}"]`);
  assert.equal(await page.$('table.regions'), null, 'one region: no region table');
  assert.ok(await page.$('h1 a[href^="/dashboard?"]'), 'back up to every region');
  assert.match(await text(page, 'table.dealers'), /D0001/);
  await page.browserContext().close();
});

test('a dealer has no dashboard; another region\'s dealer is 404', async () => {
  const dealer = await signIn('d0001.buyer', '/');
  const [[tier]] = sql(`SELECT tier FROM orgs WHERE id = ${D1}`);
  assert.match(await text(dealer, 'p.tier'), new RegExp(tier), 'the dealer sees its tier at home');
  assert.equal((await dealer.goto(`${BASE}/dashboard`)).status(), 403);
  await dealer.browserContext().close();
  const other = await signIn('r02.approver', '/');
  assert.equal((await other.goto(`${BASE}/dashboard/dealers/${D1}`)).status(), 404);
  await other.browserContext().close();
});

test('the stock query: by warehouse, on a phone too, with the way to delivery dates', async () => {
  const page = await signIn('d0001.buyer', '/inventory');
  await page.select('#i-wh', 'WH-GZ');
  await click(page, '#filters button');
  const rows = await page.$$eval('table.inventory tbody tr td:nth-child(2)', (t) => t.map((e) => e.textContent.trim()));
  assert.ok(rows.length > 0 && rows.every((w) => w === rows[0]), 'one warehouse');
  assert.ok(await page.$('a[href="/deliveries"]'));
  await checkPage(page, '0703-inventory');
  await page.browserContext().close();
});
