// 0101 (browser): every demo login through the sign-in page; the account
// and user administration pages, accessible on a phone and a desktop.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, DEMO_PASSWORD, cli, login, api } = require('../lib/harness');
const { launch, shot, axe, overflowX, checkPage } = require('../lib/browser');

// (not 'erp': the ERP has no password but an API key, tests/api/0106)
const DEMO = ['admin', 'hq.key', 'hq.finance', 'r01.approver', 'r01.manager', 'r01.clerk',
  'r01.agent', 'r02.approver', 'd0001.buyer', 'd0001.finance', 'd0001.admin', 'd0002.buyer',
  'd0101.buyer'];

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const fresh = async (lang = 'en') => {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
  return page;
};

async function signIn(page, name, password = DEMO_PASSWORD, next = '') {
  await page.goto(`${BASE}/login${next}`, { waitUntil: 'load' });
  await page.type('#login', name);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
}

test('every demo login signs in through the page and out again', async () => {
  for (const name of DEMO) {
    const page = await fresh();
    await signIn(page, name);
    assert.equal(new URL(page.url()).pathname, '/', name);
    const who = await page.$eval('header .session a', (a) => a.textContent.trim());
    assert.ok(who.length > 0, `${name} shown as signed in`);
    if (name === 'd0001.buyer') await shot(page, 'login-signed-in-desktop');
    await Promise.all([page.waitForNavigation(), page.click('header .session button')]);
    assert.equal(await page.$('header .session form'), null, `${name} signed out`);
    await page.browserContext().close();
  }
});

test('the sign-in page: errors in the reader\'s language, accessible, phone-sized', async () => {
  const page = await fresh('zh-CN');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  assert.deepEqual(await axe(page), []);
  assert.ok(await overflowX(page) <= 0);
  await shot(page, 'login-zh-phone');
  await signIn(page, 'd0001.buyer', 'wrong-password');
  assert.equal(await page.$eval('[role=alert]', (e) => e.textContent), '用户名或密码错误。');
  assert.equal(await page.$eval('#login', (e) => e.value), 'd0001.buyer');
  await shot(page, 'login-failed-zh-phone');
  assert.deepEqual(await axe(page), []);
  await page.browserContext().close();
});

test('a page that needs a user goes to sign-in and comes back', async () => {
  const page = await fresh();
  await page.goto(`${BASE}/account`, { waitUntil: 'load' });
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.type('#login', 'd0002.buyer');
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'account-en-desktop');
  await page.browserContext().close();
});

test('a dealer admin adds a user on the users page', async () => {
  const page = await fresh();
  await signIn(page, 'd0001.admin', DEMO_PASSWORD, '?next=%2Fusers');
  assert.equal(new URL(page.url()).pathname, '/users');
  const logins = await page.$$eval('tbody td:first-child a', (as) => as.map((a) => a.textContent));
  assert.ok(logins.includes('d0001.buyer'));
  assert.ok(!logins.includes('d0002.buyer'), 'no other dealer\'s users');
  // only dealer roles are offered
  const offered = await page.$$eval('input[name=roles]', (xs) => xs.map((x) => x.value));
  assert.deepEqual(offered, ['dealer_buyer', 'dealer_finance', 'dealer_admin', 'dealer_approver']);
  assert.deepEqual(await axe(page), []);
  await page.type('#login', 'd0001.shopfloor');
  await page.type('#display_name', 'Shop Floor <b>Tablet</b>');
  await page.type('#password', 'shop-floor-password');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/users"] button')]);
  assert.match(new URL(page.url()).search, /saved=1/);
  const row = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.textContent)
    .find((t) => t.includes('d0001.shopfloor')));
  assert.ok(row.includes('Shop Floor <b>Tablet</b>'), 'the name is shown as text, escaped');
  await shot(page, 'users-d0001-admin-desktop');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0);
  await shot(page, 'users-d0001-admin-phone');
  await page.browserContext().close();
});

test('the account page lists the user\'s sessions; one is ended from its row', async () => {
  const name = `tmp.sessions${Date.now().toString(36)}`;
  cli(['user', 'add', name, 'D0003', 'dealer_buyer'], 'the-right-password\n');
  const other = await login(name, 'the-right-password');	// a second session, through the API
  const page = await fresh();
  await signIn(page, name, 'the-right-password', '?next=%2Faccount');
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal((await page.$$('#sessions-h ~ table tbody tr')).length, 2);
  assert.equal((await page.$$('#sessions-h ~ table tbody tr .tag')).length, 1,
    'this browser\'s session is marked');
  await checkPage(page, 'account-sessions');
  // end the API's session from its row (the one not marked as this one)
  const sid = (await (await api(other.access_token, 'GET', '/api/v1/me/sessions')).json())
    .sessions.find((x) => x.current).id;
  await Promise.all([page.waitForNavigation(), page.click(`#session-${sid} button`)]);
  assert.equal(new URL(page.url()).search, '?saved=session');
  assert.match(await page.$eval('[role=status]', (e) => e.textContent), /The session has ended|会话已结束/);
  assert.equal((await api(other.access_token, 'GET', '/api/v1/me')).status, 401);
  assert.equal((await page.$$('#sessions-h ~ table tbody tr')).length, 1);
  await checkPage(page, 'account-session-ended');
  // sign out everywhere: this browser is signed out too
  await Promise.all([page.waitForNavigation(), page.click('form input[value=end_all] ~ p button')]);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.browserContext().close();
});
