// 0301 (browser): the dealer's order list and order page: lines, total,
// the timeline as steps with carrier and waybill; cancelling by button.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, DEMO_PASSWORD, login, sql } = require('../lib/harness');
const { launch, shot, axe, overflowX } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const RUN = Date.now().toString(36);
const later = () => new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);

async function api(who, method, path, body, key) {
  const t = (await login(who)).access_token;
  const headers = { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  return fetch(`${BASE}${path}`, { method, headers, body: JSON.stringify(body) });
}

async function signIn(page, next) {
  await page.goto(`${BASE}/login?next=${encodeURIComponent(next)}`, { waitUntil: 'load' });
  await page.type('#login', 'd0001.buyer');
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
}

test('the dealer follows a shipped order on its page', async () => {
  let res = await api('d0001.buyer', 'POST', '/api/v1/orders', { lines: [
    { product: 'BCD-2001', quantity: 3, options: { capacity: 200, colour: 'champagne', energy_class: '1',
      logo_text: '沃尔玛专供' } },
    { product: 'KFR-2002', quantity: 5, options: { horsepower: '1.5', mounting: 'wall', energy_class: '1' } }],
  requested_date: later(), ship_to: '北京市朝阳区建国路 1 号', note: '春节前到货' }, `page-${RUN}`);
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders SET status = 'approved', promised_date = '${later()}' WHERE number = '${o.number}'`);
  for (const body of [{ status: 'scheduled' }, { status: 'in_production' },
    { status: 'shipped', carrier: '中铁物流', waybill: 'ZT-88001234' }]) {
    res = await api('r01.manager', 'POST', `/api/v1/orders/${o.number}/events`, body);
    assert.equal(res.status, 200);
  }
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await signIn(page, '/orders');
  assert.equal(new URL(page.url()).pathname, '/orders');
  assert.ok(await page.$(`a[href="/orders/${o.number}"]`));
  assert.deepEqual(await axe(page), []);
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/orders/${o.number}"]`)]);
  assert.equal(await page.$eval('ol.steps li[aria-current=step]', (e) => e.textContent), '已发货');
  assert.equal(await page.$eval('tfoot strong', (e) => e.textContent), `¥${(o.total / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  const timeline = await page.$eval('ol.timeline', (e) => e.textContent);
  assert.match(timeline, /中铁物流/);
  assert.match(timeline, /ZT-88001234/);
  assert.equal(await page.$('#cancel'), null, 'a shipped order cannot be cancelled');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'order-shipped-desktop');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0);
  await shot(page, 'order-shipped-phone');
  await page.emulateMediaType('print');
  await shot(page, 'order-shipped-print');
  await page.browserContext().close();
});

test('the dealer cancels a submitted order with the button', async () => {
  const res = await api('d0001.buyer', 'POST', '/api/v1/orders', { lines: [
    { product: 'ES-2001', quantity: 2, options: { capacity_l: 60, heating: 'gas', energy_class: '2' } }],
  requested_date: later(), ship_to: 'Beijing' }, `cancel-${RUN}`);
  const o = await res.json();
  const page = await (await browser.createBrowserContext()).newPage();
  await signIn(page, `/orders/${o.number}`);
  await page.type('#note', '数量有误');
  await Promise.all([page.waitForNavigation(), page.click('#cancel button')]);
  assert.match(page.url(), /saved=1/);
  assert.match(await page.$eval('main', (e) => e.textContent), /已取消/);
  assert.equal(sql(`SELECT status FROM orders WHERE number = '${o.number}'`)[0][0], 'cancelled');
  assert.deepEqual(await axe(page), []);
  await page.browserContext().close();
});
