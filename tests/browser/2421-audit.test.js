// 2421 (browser): the audit trail's page (issue #24): hq.finance sets D0001's credit limit on
// its page, the admin follows the dealer's "history" link to it and filters the trail; a
// dealer's admin reads its own organisation's rows and pages through them. Axe-clean, shot at
// desktop size and on a 390-px phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

const { call } = client();
let browser;
let before;		// D0001's credit limit before
const D1 = Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]);
const signIn = (who, next) => signInAs(browser, who, next);
const chinaDay = () => new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);

test.before(async () => {
  browser = await launch();
  before = (await (await call('hq.finance', 'GET', `/api/v1/dealers/${D1}/credit`)).json()).credit_limit;
});
test.after(async () => {
  await call('hq.finance', 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: before });
  if (browser) await browser.close();
});

test('hq.finance sets a credit limit; the admin finds it, with the old and new value, from the dealer\'s page', async () => {
  let page = await signIn('hq.finance', `/credit/${D1}`);
  await page.$eval('#credit-limit', (e) => { e.value = ''; });
  await page.type('#credit-limit', '2,468,000');
  await click(page, '#limit button');
  assert.equal(sql(`SELECT credit_limit FROM dealer_credit WHERE dealer_id = ${D1}`)[0][0], '246800000');
  assert.equal(await page.$('a[href^="/audit?"]'), null, 'a finance clerk reads no trail');
  await page.browserContext().close();

  page = await signIn('admin', `/orgs/${D1}`);
  await click(page, `a[href="/audit?object_type=org&object_id=${D1}"]`);
  assert.equal(new URL(page.url()).pathname, '/audit');
  assert.equal(await page.$eval('#a-type', (s) => s.value), 'org');
  assert.equal(await page.$eval('#a-id', (e) => e.value), String(D1));
  const row = await page.$eval('table.trail tbody tr', (tr) => tr.textContent);
  assert.match(row, /hq\.finance/);
  assert.match(row, /设定信用额度/);
  const old = (before / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  assert.equal(await text(page, 'table.trail tbody tr ul.changes del'), `¥${old}`);
  assert.equal(await text(page, 'table.trail tbody tr ul.changes ins'), '¥2,468,000.00');
  await checkPage(page, 'audit-object');

  // the filter form: the actor and today, by GET, without script
  await page.$eval('#a-actor', (e) => { e.value = ''; });
  await page.type('#a-actor', 'hq.finance');
  await page.$eval('#a-from', (e, d) => { e.value = d; }, chinaDay());
  await page.$eval('#a-to', (e, d) => { e.value = d; }, chinaDay());
  await click(page, '#trail-filters button[type="submit"]');
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('actor'), 'hq.finance');
  assert.equal(q.get('from'), chinaDay());
  const actors = await page.$$eval('table.trail tbody td:nth-child(2) a', (as) => as.map((a) => a.textContent));
  assert.ok(actors.length >= 1 && actors.every((a) => a === 'hq.finance'), actors.join());
  const csv = await page.$eval('a[download]', (a) => a.getAttribute('href'));
  assert.equal(csv, `/api/v1/audit.csv?object_type=org&object_id=${D1}&actor=hq.finance&from=${chinaDay()}&to=${chinaDay()}`);
  // a wrong day is named beside the form
  await page.goto(`${BASE}/audit?from=2026-02-30`, { waitUntil: 'load' });
  assert.match(await text(page, '.errors'), /from/);
  await checkPage(page, 'audit-refused');
  await page.browserContext().close();
});

test('a dealer\'s admin reads its own organisation\'s rows, page by page', async () => {
  // a user of its own made and renamed: rows enough for pages of two
  let res = await call('d0001.admin', 'POST', '/api/v1/users', { login: `ab.${Date.now().toString(36)}`,
    display_name: 'Counter <i>1</i>', password: 'a-long-enough-password', roles: ['dealer_buyer'] });
  assert.equal(res.status, 201);
  const u = await res.json();
  res = await call('d0001.admin', 'PATCH', `/api/v1/users/${u.id}`, { display_name: 'Counter 2' });
  assert.equal(res.status, 200);
  const page = await signIn('d0001.admin', '/');
  await click(page, 'nav a[href="/audit"]');
  assert.equal(new URL(page.url()).pathname, '/audit');
  const orgs = await page.$$eval('table.trail tbody td:nth-child(5)', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(orgs.length > 0);
  assert.ok(orgs.every((o) => o.startsWith('D0001')), orgs.join('|'));
  await checkPage(page, 'audit-dealer-admin');
  // two rows a page: the next page's link leads on, newest first
  await page.goto(`${BASE}/audit?limit=2`, { waitUntil: 'load' });
  const first = await page.$$eval('table.trail tbody td:first-child', (tds) => tds.map((t) => t.textContent));
  await click(page, 'a[rel="next"]');
  assert.match(page.url(), /after=\d+\.\d+/);
  const second = await page.$$eval('table.trail tbody td:first-child', (tds) => tds.map((t) => t.textContent));
  assert.equal(second.length, 2);
  assert.ok(second[0] <= first[1]);
  await checkPage(page, 'audit-page-2');
  // another dealer's credit is not there to read
  res = await page.goto(`${BASE}/audit?object_type=org&object_id=${sql("SELECT id FROM orgs WHERE code = 'D0002'")[0][0]}`);
  assert.equal(res.status(), 404);
  await page.browserContext().close();
});
