// 0102 (browser): the admin adds and edits an organisation on its pages.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, DEMO_PASSWORD, sql } = require('../lib/harness');
const { launch, shot, axe, overflowX } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });

test('the admin creates a dealer and changes its tier', async () => {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  await page.goto(`${BASE}/login?next=%2Forgs`, { waitUntil: 'load' });
  await page.type('#login', 'admin');
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  assert.equal(new URL(page.url()).pathname, '/orgs');
  assert.ok(await page.$('nav a[href="/orgs"]'), 'the admin menu shows organisations');
  assert.deepEqual(await axe(page), []);
  const region = sql("SELECT id FROM orgs WHERE code = 'R05'")[0][0];
  await page.type('#code', 'D0499');
  await page.type('#name_zh', '呼和浩特家电城');
  await page.type('#name_en', 'Hohhot Appliance Mall');
  await page.type('#city', '呼和浩特');
  await page.type('#region', region);
  await page.select('#dealer_kind', 'department_store');
  await Promise.all([page.waitForNavigation(), page.click('#org-create button')]);
  assert.match(page.url(), /saved=1/);
  const [[id, tier]] = sql("SELECT id, tier FROM orgs WHERE code = 'D0499'");
  assert.equal(tier, 'C');
  await page.goto(`${BASE}/orgs/${id}`, { waitUntil: 'load' });
  assert.deepEqual(await axe(page), []);
  await page.select('#tier', 'A');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/orgs/"] button')]);
  assert.match(page.url(), /saved=1/);
  assert.equal(sql(`SELECT tier FROM orgs WHERE id = ${id}`)[0][0], 'A');
  await shot(page, 'org-edit-desktop');
  // a bad code comes back with the field named, in the page
  await page.goto(`${BASE}/orgs`, { waitUntil: 'load' });
  await page.$eval('#code', (e) => e.removeAttribute('pattern'));
  await page.type('#code', 'bad code');
  await page.type('#name_zh', 'x');
  await page.type('#name_en', 'x');
  await page.select('#kind', 'region');
  await Promise.all([page.waitForNavigation(), page.click('#org-create button')]);
  assert.match(await page.$eval('[role=alert]', (e) => e.textContent), /code/);
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(`${BASE}/orgs?kind=dealer`, { waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0);
  await shot(page, 'orgs-phone');
  await page.browserContext().close();
});
