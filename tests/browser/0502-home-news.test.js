// 0502 (browser), issue #8: the dealer's home page gathers its open orders, its open
// complaints with their clocks, the news for it and the promotions for its tier; the admin
// publishes news for one region and withdraws it; all of it passes axe and fits a phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, openComplaint } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);

test('the dealer\'s home page: open orders, complaints with clocks, news, promotions', async () => {
  await openComplaint('D0001');
  const page = await signIn('d0001.buyer', '/');
  const listed = await page.$$eval('#open-orders-h + ul a', (as) => as.map((a) => a.textContent));
  assert.ok(listed.length >= 1 && listed.length <= 5);
  for (const n of listed) {
    const [[status]] = sql(`SELECT status FROM orders WHERE number = '${n}'`);
    assert.ok(['submitted', 'approved', 'escalated', 'scheduled', 'in_production', 'shipped'].includes(status), `${n} ${status}`);
  }
  const closed = sql("SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = 'D0001' AND o.status = 'closed'").map((r) => r[0]);
  for (const n of closed) assert.doesNotMatch(await text(page, '#open-orders-h + ul'), new RegExp(n), 'a closed order is not open');
  assert.match(await text(page, '#open-complaints-h + ul'), /剩余|已超时/);
  const news = await (await fetch(`${BASE}/api/v1/news?limit=1`, { headers: { Cookie: `access=${(await page.cookies()).find((c) => c.name === 'access').value}` } })).json();
  assert.equal(await text(page, '#news-h ~ article h3'), news.items[0].title, 'the newest news for the dealer');
  assert.match(await text(page, '#promos-h + ul'), /·/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'home-dealer');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0, 'fits a phone');
  await page.browserContext().close();
});

test('the admin publishes news for one region; its dealers read it, others do not; withdrawn, gone', async () => {
  const admin = await signIn('admin', '/admin/news');
  await admin.type('#title_zh', `天津区通知 ${RUN}`);
  await admin.type('#body_zh', '天津仓库下周一盘点，暂停发货一天。');
  await admin.type('#regions', 'R02');
  await click(admin, '#post button');
  assert.match(await text(admin, '.notice'), /已保存/);
  assert.match(await text(admin, 'table'), new RegExp(`天津区通知 ${RUN}`));
  assert.deepEqual(await axe(admin), []);
  await shot(admin, 'admin-news');
  const tianjin = await signIn('d0101.buyer', '/news');
  assert.match(await text(tianjin, 'main'), new RegExp(`天津区通知 ${RUN}`));
  await tianjin.browserContext().close();
  const beijing = await signIn('d0001.buyer', '/news');
  assert.doesNotMatch(await text(beijing, 'main'), new RegExp(`天津区通知 ${RUN}`));
  assert.deepEqual(await axe(beijing), []);
  await beijing.browserContext().close();
  const row = await admin.$$eval('table tbody tr', (trs, t) => trs.findIndex((tr) => tr.textContent.includes(t)), `天津区通知 ${RUN}`);
  assert.ok(row >= 0);
  await click(admin, `table tbody tr:nth-child(${row + 1}) button[value=withdraw]`);
  const again = await signIn('d0101.buyer', '/news');
  assert.doesNotMatch(await text(again, 'main'), new RegExp(`天津区通知 ${RUN}`), 'withdrawn');
  await again.browserContext().close();
  await admin.browserContext().close();
});
