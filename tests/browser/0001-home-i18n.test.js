// 0001 (browser): the home page in both languages, on a phone and a desktop,
// accessible, printable, and the language switch clicked like a user would.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { BASE } = require('../lib/harness');
const { launch, shot, axe, overflowX } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
// each page in its own context: no cookies carried between tests
const fresh = async () => (await browser.createBrowserContext()).newPage();
test.after(async () => { if (browser) await browser.close(); });

test('home page: Chinese by default, English after the switch', async () => {
  const page = await fresh();
  await page.setViewport({ width: 1280, height: 800 });
  // a dealer's browser set to Chinese; the cookie set by the switch wins later
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN,zh;q=0.9' });
  await page.goto(`${BASE}/`, { waitUntil: 'load' });
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-CN');
  assert.equal(await page.$eval('h1', (h) => h.textContent), '欢迎使用经销商网络');
  await shot(page, 'home-zh-desktop');
  assert.deepEqual(await axe(page), []);

  await Promise.all([page.waitForNavigation(), page.click('a[hreflang="en"]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  assert.equal(await page.$eval('h1', (h) => h.textContent), 'Welcome to Dealernet');
  await shot(page, 'home-en-desktop');
  assert.deepEqual(await axe(page), []);

  // the choice sticks across pages (cookie), and switches back
  await page.goto(`${BASE}/no-such-page`, { waitUntil: 'load' });
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  await Promise.all([page.waitForNavigation(), page.click('a[hreflang="zh-CN"]')]);
  assert.equal(new URL(page.url()).pathname, '/no-such-page');
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-CN');
  await page.close();
});

test('home page fits a 390-px phone in both languages', async () => {
  for (const lang of ['zh-CN', 'en']) {
    const page = await fresh();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
    await page.goto(`${BASE}/`, { waitUntil: 'load' });
    assert.equal(await page.$eval('html', (h) => h.lang), lang);
    assert.ok(await overflowX(page) <= 0, 'no horizontal scrolling');
    await shot(page, `home-${lang}-phone`);
    assert.deepEqual(await axe(page), []);
    await page.close();
  }
});

test('the 404 page is accessible and prints without navigation', async () => {
  const page = await fresh();
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
  const res = await page.goto(`${BASE}/no/such/page`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  assert.equal(await page.$eval('h1', (h) => h.textContent), 'Page not found');
  assert.deepEqual(await axe(page), []);
  await page.emulateMediaType('print');
  const navShown = await page.$eval('header.site nav', (n) => getComputedStyle(n).display);
  assert.equal(navShown, 'none');
  await shot(page, 'error-404-print');
  await page.close();
});

test('a CJK font is installed, so Chinese pages do not render as boxes', () => {
  // fontconfig picks the font chromium uses for lang=zh-CN text
  const fam = execFileSync('fc-match', ['-f', '%{family}', ':lang=zh-cn'], { encoding: 'utf8' });
  assert.match(fam, /Noto Sans CJK/);
});
