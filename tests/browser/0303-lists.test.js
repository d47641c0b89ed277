// 0303 (browser): the order list with its filters (status, dealer for region staff, dates),
// next pages that keep them, and the delivery list with late orders marked.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const orgId = (code) => sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0];

test('region staff filter the order list by status and dealer; the next page keeps the filters', async () => {
  const page = await signIn('r01.approver', '/orders');
  const dealers = await page.$$eval('#f-dealer option', (os) => os.map((o) => o.textContent.trim()));
  assert.ok(dealers.some((d) => d.startsWith('D0001')) && dealers.some((d) => d.startsWith('D0002')));
  assert.ok(!dealers.some((d) => d.startsWith('D0101')), 'only the region\'s dealers');
  await page.select('#f-status', 'shipped');
  await page.select('#f-dealer', orgId('D0002'));
  await click(page, '#filters button');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('status'), 'shipped');
  const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.textContent));
  const expect = sql(`SELECT COUNT(*) FROM orders WHERE dealer_id = ${orgId('D0002')} AND status = 'shipped'`)[0][0];
  assert.equal(rows.length, Number(expect));
  assert.ok(rows.every((r) => r.includes('已发货') && r.includes('国美')), rows.join('|'));
  assert.deepEqual(await axe(page), []);
  await shot(page, 'orders-filtered');
  // a small page size, so there is a next page: its link carries the filters
  await page.goto(`${BASE}/orders?status=shipped&limit=1`, { waitUntil: 'load' });
  const more = await page.$eval('a[href^="/orders?after="]', (a) => a.getAttribute('href'));
  assert.match(more, /&status=shipped/);
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0, 'the filters fit a phone');
  await page.browserContext().close();
});

test('the dealer sees its deliveries; late ones are marked', async () => {
  const page = await signIn('d0001.buyer', '/deliveries');
  assert.equal(await page.$('#f-dealer'), null);
  await page.click('#f-late');
  await click(page, '#filters button');
  assert.equal(new URL(page.url()).searchParams.get('late'), 'true');
  const late = sql(`SELECT number FROM orders WHERE dealer_id = ${orgId('D0001')} AND promised_date < DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) AND status NOT IN ('delivered','closed','cancelled')`).map((r) => r[0]);
  assert.ok(late.length > 0, 'the demo has a late order');
  const numbers = await page.$$eval('tbody a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(numbers.sort(), late.sort());
  assert.match(await text(page, 'tbody tr.late'), /逾期/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'deliveries-late');
  await page.browserContext().close();
});

test('a filter that does not read shows the list page again with the problem, filters kept', async () => {
  const page = await signIn('r01.approver', '/orders');
  const res = await page.goto(`${BASE}/orders?status=shipped&from=2026-02-01&to=2026-01-01`, { waitUntil: 'load' });
  assert.equal(res.status(), 422);
  assert.match(await text(page, '.errors'), /to/);
  assert.equal(await page.$eval('#f-from', (e) => e.value), '2026-02-01');
  assert.equal(await page.$eval('#f-status', (e) => e.value), 'shipped');
  await page.goto(`${BASE}/orders?status=rejected&from=2030-01-01`, { waitUntil: 'load' });
  assert.match(await text(page, 'tbody'), /没有符合条件的订单/);
  assert.deepEqual(await axe(page), []);
  await page.browserContext().close();
});
