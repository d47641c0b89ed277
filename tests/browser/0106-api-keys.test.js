// 0106 (browser): the API keys page: HQ's admin makes a key for the ERP (shown once), sees it
// in the list with its capabilities and last use, and revokes it; a dealer's admin sees its own
// dealer's keys only. Accessible, and fits a phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);

test('admin makes a key, sees it once, then revokes it', async () => {
  const page = await signIn('admin', '/api-keys');
  assert.equal(new URL(page.url()).pathname, '/api-keys');
  await checkPage(page, '0106-api-keys');
  await page.type('#user', 'erp');
  await page.type('#name', `Feed reader ${RUN}`);
  await page.click('input[name="caps"][value="feed:read"]');
  await click(page, 'form[action="/api-keys"] button');
  const key = await page.$eval('#made-key', (e) => e.value);
  assert.match(key, /^dnk_[0-9a-f]{12}_[0-9a-f]{64}$/);
  await checkPage(page, '0106-api-keys-created');
  let res = await fetch(`${BASE}/api/v1/feed?limit=1`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200, 'the key works');
  // the list shows it, not the key; a reload shows it no more
  await page.goto(`${BASE}/api-keys`, { waitUntil: 'load' });
  assert.equal(await page.$('#made-key'), null, 'shown once');
  assert.doesNotMatch(await page.content(), new RegExp(key.slice(17)));
  const row = `Feed reader ${RUN}`;
  const rowText = await page.$$eval('tbody tr', (trs, n) => trs.find((t) => t.textContent.includes(n)).textContent, row);
  assert.match(rowText, /feed:read/);
  // its last use, in China time with the zone said (issue #25)
  assert.match(rowText, /\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）|\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d China time \(UTC\+8\)/, 'its last use');
  // revoke it (the form carries the CSRF token)
  const form = await page.$$eval('tbody tr', (trs, n) => {
    const tr = trs.find((t) => t.textContent.includes(n));
    return tr.querySelector('form').getAttribute('action');
  }, row);
  // a post without the form's CSRF token (another site's, say) revokes nothing
  const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const forged = await fetch(BASE + form, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie,
    'Content-Type': 'application/x-www-form-urlencoded' }, body: '_csrf=0' });
  assert.equal(forged.status, 403);
  res = await fetch(`${BASE}/api/v1/feed?limit=1`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(res.status, 200, 'still good');
  await click(page, `form[action="${form}"] button`);
  assert.match(await text(page, '.notice'), /吊销|revoked/i);
  res = await fetch(`${BASE}/api/v1/feed?limit=1`, { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(res.status, 401, 'revoked');
  await page.browserContext().close();
});

test('a dealer admin sees only its dealer\'s keys; a form with errors says which field', async () => {
  const page = await signIn('d0001.admin', '/api-keys');
  assert.doesNotMatch(await page.content(), /Feed reader/, 'not HQ\'s keys');
  await page.type('#user', 'erp');
  await page.type('#name', 'not ours');
  await click(page, 'form[action="/api-keys"] button');
  assert.match(await text(page, '.errors'), /user/);
  await checkPage(page, '0106-api-keys-error');
  await page.browserContext().close();
});
