// 0201 (browser): a buyer finds a fridge, configures 200 L with a logo and
// sees the exact price with its promotion; errors come back per option.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, DEMO_PASSWORD } = require('../lib/harness');
const { launch, shot, axe, overflowX } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });

test('configure a 200 L fridge with a logo and price it', async () => {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(`${BASE}/login?next=%2Fcatalogue%3Fcategory%3Dfridge`, { waitUntil: 'load' });
  await page.type('#login', 'd0001.buyer');
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  assert.equal(new URL(page.url()).pathname, '/catalogue');
  const rows = await page.$$eval('tbody tr', (trs) => trs.length);
  assert.ok(rows >= 5);
  assert.ok(await overflowX(page) <= 0);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'catalogue-fridges-zh-phone');

  await Promise.all([page.waitForNavigation(), page.click('a[href="/catalogue/BCD-2001"]')]);
  assert.deepEqual(await axe(page), []);
  await page.$eval('#opt-capacity', (e) => { e.value = '200'; });
  await page.select('#opt-colour', 'champagne');
  await page.select('#opt-energy_class', '1');
  await page.type('#opt-logo_text', '沃尔玛专供');
  await page.$eval('#quantity', (e) => { e.value = '3'; });
  await Promise.all([page.waitForNavigation(), page.click('#configure button')]);
  const total = await page.$eval('.quote .total', (e) => e.textContent);
  assert.equal(total, '¥6,495.15');	// 683,700 - 5 % = 649,515 fen
  assert.match(await page.$eval('.quote', (e) => e.textContent), /冰箱春季促销/);
  assert.equal(await page.$eval('#opt-capacity', (e) => e.value), '200', 'the form keeps the choices');
  assert.ok(await overflowX(page) <= 0);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'product-priced-zh-phone');

  // an off-step capacity comes back named, with no price
  await page.$eval('#opt-capacity', (e) => { e.step = 'any'; e.value = '205'; });
  await Promise.all([page.waitForNavigation(), page.click('#configure button')]);
  assert.match(await page.$eval('[role=alert]', (e) => e.textContent), /line\.options\.capacity/);
  assert.equal(await page.$('.quote'), null);
  await page.browserContext().close();
});
