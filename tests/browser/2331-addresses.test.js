// 2331 (browser): the ship-to address book on /addresses (add, make default, edit), and the
// draft's choice of address with a PO number; axe-clean, and usable on a 390-px phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);

test('a buyer keeps the book; the draft offers it with the default chosen', async () => {
  const D1 = sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0];
  sql(`UPDATE ship_to_addresses SET active = 0, is_default = 0, version = version + 1 WHERE dealer_id = ${D1}`);
  const page = await signIn('d0001.buyer', '/addresses');
  for (const [name, def] of [[`北区仓库 ${RUN}`, true], [`南区门店 ${RUN}`, false]]) {
    await page.type('#a-name', name);
    await page.type('#a-contact', '李雷');
    await page.type('#a-phone', '+86 10 5555 0101');
    await page.type('#a-address', '北京市朝阳区建国路 1 号');
    if (def) await page.click('#add-address input[name="is_default"]');
    await click(page, '#add-address button[type="submit"]');
    assert.match(page.url(), /done=added/);
  }
  const names = await page.$$eval('#book h3', (hs) => hs.map((h) => h.textContent.trim()));
  assert.equal(names.length, 2);
  assert.ok(names[0].startsWith(`北区仓库 ${RUN}`) && names[0].includes('默认'), names.join('|'));
  await checkPage(page, 'addresses');
  // the other one becomes the default
  await click(page, '#book li:nth-child(2) form.inline button[type="submit"]');
  assert.match(page.url(), /done=changed/);
  const first = await page.$eval('#book h3', (h) => h.textContent.trim());
  assert.ok(first.startsWith(`南区门店 ${RUN}`), first);
  // the draft: a line, the book's addresses with the default chosen, a PO number
  const buyer = "(SELECT id FROM users WHERE login = 'd0001.buyer')";
  sql(`DELETE FROM draft_lines WHERE user_id = ${buyer}`);
  sql(`INSERT INTO draft_lines (user_id, product_id, quantity, options) SELECT ${buyer}, id, 1,
    '{"capacity_kg": 7, "loading": "front"}' FROM products WHERE code = 'XQG-2002'`);
  try {
    await page.goto(`${BASE}/draft`, { waitUntil: 'load' });
    const chosen = await page.$eval('#ship_to_address', (s) => s.options[s.selectedIndex].textContent);
    assert.ok(chosen.startsWith(`南区门店 ${RUN}`), chosen);
    await page.type('#po_number', `PO-B-${RUN}`);
    await checkPage(page, 'draft-addresses');
    await page.$eval('#requested_date', (e, d) => { e.value = d; },
      new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10));
    await click(page, '#submit button[type="submit"]');
    assert.match(page.url(), /\/orders\/SO-/);
    assert.equal(await page.$eval('#po-number', (e) => e.textContent.trim()), `PO-B-${RUN}`);
    const html = await page.content();
    assert.ok(html.includes(`南区门店 ${RUN} (李雷, +86 10 5555 0101): 北京市朝阳区建国路 1 号`));
  } finally {
    sql(`DELETE FROM draft_lines WHERE user_id = ${buyer}`);
  }
  await page.browserContext().close();
});
