// 0701 (browser), issue #10 first part: a dealer's buyer reports sell-through on the form (a
// refused row comes back with the field named and what was typed kept), as pasted CSV and as
// an uploaded CSV file;
// the region's account manager reads the dealer's reports; another dealer gets 404. Pages
// pass axe and fit a phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
const zhDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };
const [[D2]] = sql("SELECT id FROM orgs WHERE code = 'D0002'");
const [[MODEL]] = sql('SELECT code FROM products ORDER BY id LIMIT 1 OFFSET 2');

async function fill(page, values) {
  for (const [sel, v] of Object.entries(values)) {
    await page.$eval(sel, (e) => { e.value = ''; });
    await page.type(sel, v);
  }
}

test('the buyer reports on the form and by CSV; a wrong stock is named and kept', async () => {
  const page = await signIn('d0002.buyer', '/sellthrough');
  // two weeks back to back, the second with a stock that does not follow
  const w0 = day(-60), w1 = day(-53);
  await fill(page, { '#s-model': MODEL, '#s-received': '30', '#s-sold': '12', '#s-stock': '18', '#s-revenue': '36,000',
    '#s-category': '120,000' });
  await page.$eval('#s-start', (e, v) => { e.value = v; }, w0);
  await click(page, '#one button');
  assert.match(await text(page, '.notice'), /已上报/);
  await fill(page, { '#s-model': MODEL, '#s-received': '10', '#s-sold': '5', '#s-stock': '99', '#s-revenue': '15000',
    '#s-category': '90000' });
  await page.$eval('#s-start', (e, v) => { e.value = v; }, w1);
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#one button')]);
  assert.equal(res.status(), 422);
  assert.match(await text(page, '.errors'), /rows\[0\]\.stock/);
  assert.match(await text(page, '.errors'), /23/, 'says what the stock must be');
  assert.equal(await page.$eval('#s-stock', (e) => e.value), '99', 'what was typed is kept');
  assert.deepEqual(await axe(page), []);
  await shot(page, '0701-sellthrough-refused');
  await page.$eval('#s-stock', (e) => { e.value = '23'; });
  await click(page, '#one button');
  // dates in the reader's format (issue #25): these pages are Chinese
  assert.match(await text(page, 'table.reports'), new RegExp(`${zhDate(w1)} – ${zhDate(day(-47))}`));
  // a day by CSV, pasted
  await page.type('#csv-text', `model,period_start,period_end,received,sold,stock,revenue,category_sales\n${MODEL},${day(-46)},${day(-46)},0,3,20,"9,000.00",30000\n`);
  await click(page, '#csv button');
  assert.match(await text(page, '.notice'), /已上报/);
  assert.deepEqual(sql(`SELECT s.stock, s.revenue FROM sellthrough s JOIN products p ON p.id = s.product_id WHERE s.dealer_id = ${D2} AND p.code = '${MODEL}' AND s.period_start = '${day(-46)}'`), [['20', '900000']]);
  // a CSV file uploaded, a second day
  const file = require('node:path').join(require('node:os').tmpdir(), `st-${Date.now()}.csv`);
  require('node:fs').writeFileSync(file, `\ufeffmodel,period_start,period_end,received,sold,stock,revenue,category_sales\r\n${MODEL},${day(-45)},${day(-45)},2,1,21,"3,000.00",30000\r\n`);
  await (await page.$('#csv-file')).uploadFile(file);
  await click(page, '#csv button');
  assert.match(await text(page, '.notice'), /已上报/);
  assert.deepEqual(sql(`SELECT s.stock FROM sellthrough s JOIN products p ON p.id = s.product_id WHERE s.dealer_id = ${D2} AND p.code = '${MODEL}' AND s.period_start = '${day(-45)}'`), [['21']], 'the uploaded file went in');
  await shot(page, '0701-sellthrough');
  await page.setViewport({ width: 390, height: 844 });
  assert.ok(await overflowX(page) <= 0, 'fits a phone');
  await shot(page, '0701-sellthrough-phone');
  await page.browserContext().close();
});

test('region staff read a dealer\'s reports; another dealer gets 404', async () => {
  const staff = await signIn('r01.manager', `/dealers/${D2}/sellthrough`);
  assert.match(await text(staff, 'table.reports'), new RegExp(MODEL));
  assert.equal(await staff.$('#one'), null, 'staff do not report for the dealer here');
  assert.deepEqual(await axe(staff), []);
  await staff.browserContext().close();
  const other = await signIn('d0001.buyer', '/');
  const res = await other.goto(`${BASE}/dealers/${D2}/sellthrough`);
  assert.equal(res.status(), 404);
  await other.browserContext().close();
});
