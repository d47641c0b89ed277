// 0202 (browser): the admin's product and promotion pages: create a product with an option
// schema (checked when saved), change its price in yuan, withdraw it; create a promotion and
// pause it; stale forms answer 409; nobody else reaches these pages.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, login, sql, later } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const RUN = Date.now().toString(36).toUpperCase();
const CODE = `BCD-T${RUN}`.slice(0, 32);

const signIn = (who, next) => signInAs(browser, who, next);
const setValue = (page, sel, v) => page.$eval(sel, (e, val) => { e.value = val; }, v);

async function quote(code, options = {}) {
  const t = (await login('d0001.buyer')).access_token;
  const res = await fetch(`${BASE}/api/v1/products/${code}/quote`, { method: 'POST',
    headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ quantity: 2, options }) });
  return { status: res.status, body: await res.json() };
}

const SCHEMA = JSON.stringify([{ name: 'colour', type: 'enum', required: true,
  values: [{ value: 'white', price_delta: 0, labels: { 'zh-CN': '白色', en: 'White' } },
    { value: 'black', price_delta: 8000, labels: { 'zh-CN': '黑色', en: 'Black' } }] }]);

test('the admin creates, reprices and withdraws a product on its pages', async () => {
  const page = await signIn('admin', '/admin/products');
  assert.deepEqual(await axe(page), []);
  await page.type('#code', CODE);
  await page.select('#category', 'fridge');
  await page.type('#name_zh', '测试冰箱');
  await page.type('#name_en', 'Test fridge');
  await page.type('#price', '1,999.00');
  // a schema that does not hold: an enumeration without values
  await setValue(page, '#options', JSON.stringify([{ name: 'colour', type: 'enum', values: [] }]));
  await click(page, '#new button');
  assert.match(await text(page, '.errors'), /options\[0\]/);
  assert.equal(await page.$eval('#name_zh', (e) => e.value), '测试冰箱', 'what was typed is kept');
  await setValue(page, '#options', '{not json');
  await click(page, '#new button');
  assert.match(await text(page, '.errors'), /options/);
  await setValue(page, '#options', SCHEMA);
  await click(page, '#new button');
  assert.equal(new URL(page.url()).pathname, `/admin/products/${CODE}`);
  assert.match(await text(page, '.notice'), /已保存/);
  let q = await quote(CODE, { colour: 'black' });
  assert.equal(q.status, 200);
  assert.equal(q.body.unit_price, 199900 + 8000);

  await setValue(page, '#price', '2,199.50');
  await click(page, '#edit button');
  assert.match(await text(page, '.notice'), /已保存/);
  assert.equal(await page.$eval('#price', (e) => e.value), '2,199.50');
  q = await quote(CODE, { colour: 'white' });
  assert.equal(q.body.unit_price, 219950);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'admin-product-edit');

  // a second tab still shows the old version: its save is refused
  const stale = await (await page.browserContext()).newPage();
  await stale.goto(`${BASE}/admin/products/${CODE}`, { waitUntil: 'load' });
  await page.bringToFront();
  await page.$eval('input[name=active]', (e) => { e.checked = false; });
  await click(page, '#edit button');
  assert.equal((await quote(CODE, { colour: 'white' })).status, 404, 'withdrawn from sale');
  await stale.bringToFront();
  await setValue(stale, '#price', '1.00');
  await click(stale, '#edit button');
  assert.match(await text(stale, '.errors'), /changed meanwhile/);
  assert.equal(sql(`SELECT base_price, active FROM products WHERE code = '${CODE}'`)[0].join(), '219950,0');
  await page.browserContext().close();
});

test('the admin creates a promotion and pauses it from its row', async () => {
  const page = await signIn('admin', '/admin/promotions');
  const code = `T-${RUN}`.slice(0, 32);
  await page.type('#code', code);
  await page.type('#name_zh', '测试促销');
  await page.type('#name_en', 'Test promotion');
  await page.type('#product', 'KFR-2009');
  await page.click('input[name=tier_A]');
  await page.type('#percent', '20');
  await page.type('#fixed', '50');
  await setValue(page, '#starts_on', '2026-01-01');
  await setValue(page, '#ends_on', '2030-12-31');
  await click(page, '#new button');
  assert.match(await text(page, '.errors'), /percent/, 'a percentage or a fixed amount, not both');
  await setValue(page, '#fixed', '');
  await click(page, '#new button');
  assert.match(await text(page, '.notice'), /已保存/);
  const opts = { horsepower: '1.5', mounting: 'wall', energy_class: '1' };
  const base = await quote('KFR-2009', opts);
  assert.equal(base.body.promotion.code, code);
  assert.equal(base.body.discount, Math.round(base.body.gross * 0.2));
  assert.deepEqual(await axe(page), []);
  await shot(page, 'admin-promotions');
  const id = sql(`SELECT id FROM promotions WHERE code = '${code}'`)[0][0];
  await page.$eval(`form[action="/admin/promotions/${id}"] input[name=active]`, (e) => { e.checked = false; });
  await click(page, `form[action="/admin/promotions/${id}"] button`);
  const after = await quote('KFR-2009', opts);
  assert.notEqual(after.body.promotion && after.body.promotion.code, code, 'paused');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0, 'fits a phone');
  await page.browserContext().close();
});

test('only the admin reaches the admin pages', async () => {
  const page = await signIn('d0001.buyer', '/');
  for (const p of ['/admin/products', '/admin/promotions', '/admin/products/BCD-2001']) {
    const res = await page.goto(`${BASE}${p}`, { waitUntil: 'load' });
    assert.equal(res.status(), 403, p);
  }
  await page.browserContext().close();
});
