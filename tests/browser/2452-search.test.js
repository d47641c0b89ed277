// 2452 (browser): the search box in the header of every signed-in page (issue #24): d0001.buyer
// types its order's number on the home page and lands on the result page, follows the result to
// the order, then finds its complaint by a Chinese word of its thread from a phone-sized screen;
// a bad query is said on the page; a provider's agent has no box. A GET form (no script), axe-
// clean, shot at desktop size and at 390 px.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, later } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage, overflowX, shot } = require('../lib/browser');

const { call } = client();
const RUN = Date.now().toString(36);
let browser, order, cp;
const signIn = (who, next) => signInAs(browser, who, next);

test.before(async () => {
  browser = await launch();
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002',
    quantity: 1, options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(),
  ship_to: 'Beijing', po_number: `PO-B-${RUN}` }, { 'Idempotency-Key': `sb-${RUN}` });
  assert.equal(res.status, 201);
  order = await res.json();
  res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'product_quality',
    severity: 'normal', subject: `冰箱问题 ${RUN}`, description: '新到的冰箱需要检查' },
  { 'Idempotency-Key': `sb-c-${RUN}` });
  assert.equal(res.status, 201);
  cp = await res.json();
  res = await call('r01.agent', 'POST', `/api/v1/complaints/${cp.number}/messages`,
    { body: '冰箱门关不上，有漏水' });
  assert.equal(res.status, 200);
});
test.after(async () => { if (browser) await browser.close(); });

test('the header\'s box finds an order by its number and leads to it', async () => {
  const page = await signIn('d0001.buyer', '/');
  // a search form in the header: a landmark with a label, a GET to /search
  const form = await page.$eval('header form[role="search"]', (f) => ({ method: f.method,
    action: new URL(f.action).pathname, label: document.querySelector(`label[for="${f.q.id}"]`).textContent }));
  assert.deepEqual([form.method, form.action], ['get', '/search']);
  assert.ok(form.label.length > 0);
  await page.type('header form[role="search"] input[name="q"]', order.number);
  await click(page, 'header form[role="search"] button');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/search');
  assert.equal(url.searchParams.get('q'), order.number);
  // the box keeps the query; the first result is the order, typed, with its PO
  assert.equal(await page.$eval('#site-q', (e) => e.value), order.number);
  assert.equal(await text(page, 'ol.search-results li:first-child a'), order.number);
  assert.match(await text(page, 'ol.search-results li:first-child'), new RegExp(`订单.*PO PO-B-${RUN}`, 's'));
  await checkPage(page, 'search-order');
  await click(page, 'ol.search-results li:first-child a');
  assert.equal(new URL(page.url()).pathname, `/orders/${order.number}`);
  // the box is on every page, the order's too
  assert.ok(await page.$('header form[role="search"]'));
  await page.browserContext().close();
});

test('on a phone: a complaint by a Chinese word of its thread', async () => {
  const page = await signIn('d0001.buyer', '/complaints');
  await page.setViewport({ width: 390, height: 844 });
  assert.ok(await overflowX(page) <= 0, 'the header with its box fits a phone');
  await shot(page, 'search-box-phone');
  await page.type('#site-q', '漏水');
  await click(page, '#site-q + button');
  const item = await page.$$eval('ol.search-results li', (lis, n) => lis.map((li) => li.textContent)
    .find((t) => t.includes(n)), cp.number);
  assert.ok(item, 'the complaint is a result');
  assert.match(item, /投诉/);
  assert.match(item, /冰箱门关不上，有漏水/);
  assert.ok(await overflowX(page) <= 0, 'the results fit a phone');
  await page.setViewport({ width: 1280, height: 900 });
  await checkPage(page, 'search-complaint');
  await click(page, `ol.search-results a[href="/complaints/${cp.number}"]`);
  assert.equal(new URL(page.url()).pathname, `/complaints/${cp.number}`);
  await page.browserContext().close();
});

test('in English; a query too short is said on the page; another dealer finds nothing', async () => {
  let page = await signIn('d0002.buyer', '/');
  await page.goto(`${BASE}/lang/en?next=/`, { waitUntil: 'load' });
  await page.type('#site-q', 'x');
  await click(page, '#site-q + button');
  assert.match(await text(page, '.errors'), /at least two letters/);
  await checkPage(page, 'search-short');
  await page.$eval('#site-q', (e) => { e.value = ''; });
  await page.type('#site-q', order.number);
  await click(page, '#site-q + button');
  assert.equal(await page.$('ol.search-results'), null);
  assert.match(await text(page, 'main'), /Nothing found/);
  await page.goto(`${BASE}/lang/zh-CN?next=/`, { waitUntil: 'load' });
  await page.browserContext().close();
  // a service provider's agent: no box, and no page
  page = await signIn('p0101.agent', '/');
  assert.equal(await page.$('header form[role="search"]'), null);
  const res = await page.goto(`${BASE}/search?q=SO-`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await page.browserContext().close();
});
