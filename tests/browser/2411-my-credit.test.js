// 2411 (browser): the dealer's credit page (issue #24). A dealer's buyer goes from its home page
// to its credit (limit, balance, open approved orders, exposure, headroom, what the region can
// approve alone, the orders using it) and sees, on its draft, what the order leaves of the
// headroom and above what it will need HQ; over the headroom, the draft says what will happen
// instead, in both languages. A chain's buyer lists its branches, opens one, and prices its
// draft for a branch to see that branch's. Another dealer's page is 404. Every page passes axe
// at desktop size and on a 390-px phone, with screenshots, and prints without navigation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, later, sql } = require('../lib/harness');
const { launch, shot, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

const { call } = client();
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = idOf('D0001');
const D2 = idOf('D0002');
const D103 = idOf('D0103');
const R01 = idOf('R01');
const esc = (s) => s.replace(/[.,]/g, '\\$&');

async function ok(res, status = 200) {
  const body = await res.text();
  assert.equal(res.status, status, body);
  return body ? JSON.parse(body) : null;
}
const outlook = async (dealer, value) => ok(await call('hq.finance', 'GET',
  `/api/v1/dealers/${dealer}/credit/outlook${value ? `?order_value=${value}` : ''}`));

// who's draft with exactly one line of quantity washers.
async function draftOf(who, quantity, dealer) {
  for (const l of (await ok(await call(who, 'GET', '/api/v1/draft'))).lines) {
    await ok(await call(who, 'DELETE', `/api/v1/draft/lines/${l.id}`));
  }
  await ok(await call(who, 'POST', '/api/v1/draft/lines', { product: 'XQG-2002', quantity,
    options: { capacity_kg: 7, loading: 'front' } }, { 'Idempotency-Key': `mcb-${who}-${RUN}-${quantity}` }), 201);
  return ok(await call(who, 'GET', `/api/v1/draft${dealer ? `?dealer=${dealer}` : ''}`));
}

let regionLimit;
test.before(async () => {
  [[regionLimit]] = sql(`SELECT approval_limit FROM orgs WHERE id = ${R01}`);
  await ok(await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`, { credit_limit: 100000000000 }));
  // D0002 has an approved order using its credit
  const o = await ok(await call('d0002.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 2,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `mcb-o-${RUN}` }), 201);
  await ok(await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: 50000000 }));
  const res = await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/approve`, { promised_date: later(20) });
  assert.equal(res.status, 200, await res.text());
});
test.after(async () => {
  await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: Number(regionLimit) });
  await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`, { credit_limit: 100000000000 });
  for (const who of ['d0002.buyer', 'c0001.buyer']) {
    for (const l of (await ok(await call(who, 'GET', '/api/v1/draft'))).lines) {
      await call(who, 'DELETE', `/api/v1/draft/lines/${l.id}`);
    }
  }
});

test('a dealer\'s buyer: home, its credit page, the draft\'s headroom sentence; over the headroom in both languages', async () => {
  const c = await outlook(D2);
  const page = await signIn('d0002.buyer', '/');
  assert.ok(await page.$('main a[href="/my-credit"]'), 'the home page links the credit page');
  assert.ok(await page.$('nav a[href="/my-credit"]'), 'and the menu does');
  await click(page, 'main a[href="/my-credit"]');
  assert.equal(new URL(page.url()).pathname, '/my-credit');
  assert.match(await text(page, 'h1'), /D0002/);
  const facts = await page.$$eval('#credit-figures dd', (dd) => dd.map((d) => d.textContent.trim()));
  assert.match(facts[0], new RegExp(`¥${esc(c.credit_limit_text)}$`));
  assert.match(facts[1], new RegExp(`^¥${esc(c.balance_text)}`));
  assert.match(facts[2], new RegExp(`¥${esc(c.open_approved_text)}$`));
  assert.match(facts[3], new RegExp(`¥${esc(c.exposure_text)}$`));
  assert.equal(facts[4], `¥${c.headroom_text}`);
  assert.match(await text(page, '#region-max'), new RegExp(`¥${esc(c.region_max_text)}`));
  const rows = await page.$$eval('#credit-orders tbody tr', (tr) => tr.map((r) => r.textContent));
  const orders = (await ok(await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/credit/orders?limit=50`))).items;
  assert.ok(orders.length > 0);
  assert.equal(rows.length, orders.length);
  assert.ok(rows[0].includes(orders[0].number) && rows[0].includes(orders[0].open_text));
  await checkPage(page, 'my-credit-dealer');
  // printable: no navigation, the figures and the orders
  await page.emulateMediaType('print');
  assert.equal(await page.$eval('header.site nav', (n) => getComputedStyle(n).display), 'none');
  await shot(page, 'my-credit-dealer-print');
  await page.emulateMediaType('screen');

  // the draft: what this order leaves, and above what it will need HQ
  const d = await draftOf('d0002.buyer', 3);
  await page.goto(`${BASE}/draft`, { waitUntil: 'load' });
  assert.match(await text(page, '#credit-sentence'), new RegExp(`提交本单后，剩余信用额度为 ¥${esc(d.credit.headroom_after_text)}。`));
  assert.match(await text(page, '#credit-hq'), new RegExp(`超过 ¥${esc(d.credit.region_max_text)} 的订单须上报总部`));
  assert.equal(d.credit.region_max, Math.min(50000000 - d.credit.approved_recent, d.credit.headroom));
  await checkPage(page, 'my-credit-draft');

  // over the headroom: the credit limit at the exposure, so the draft is over by its total
  let now = await outlook(D2);
  if (now.exposure < 0) {
    await ok(await call('hq.finance', 'POST', `/api/v1/dealers/${D2}/ledger`,
      { kind: 'fee', amount: -now.exposure + 100000, reference: `MCB-FEE-${RUN}` }), 201);
    now = await outlook(D2);
  }
  await ok(await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`, { credit_limit: now.exposure }));
  const over = await outlook(D2, d.total);
  assert.equal(over.over_credit_by, d.total);
  await page.reload({ waitUntil: 'load' });
  assert.match(await text(page, '#credit-sentence'), new RegExp(`本单超出剩余信用额度 ¥${esc(over.over_credit_by_text)}。`));
  assert.match(await text(page, '#credit-sentence'), /区域无法批准本单，只能上报总部/);
  assert.match(await text(page, '#credit-hq'), /目前区域无法自行审批任何订单/);
  await checkPage(page, 'my-credit-draft-over');
  // in English
  await click(page, 'a[hreflang="en"]');
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  assert.equal(await text(page, '#credit-sentence'), `This order is ¥${over.over_credit_by_text} over the credit headroom. ` +
    'The region cannot approve it unless the credit limit is raised first; otherwise the region has to escalate it to HQ, ' +
    'which approves an order over credit only with a written reason, or rejects it.');
  assert.match(await text(page, '#credit-hq'), /The region cannot approve any order alone now: every order will need HQ\./);
  await checkPage(page, 'my-credit-draft-over-en');
  await page.goto(`${BASE}/my-credit`, { waitUntil: 'load' });
  assert.equal(await text(page, '#headroom'), '¥0.00', 'at the limit: no headroom left');
  assert.match(await text(page, '#region-max'), /every order will need HQ/);
  await checkPage(page, 'my-credit-dealer-at-limit-en');
  // another dealer's page is not there
  const res = await page.goto(`${BASE}/my-credit/${D1}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await click(page, 'a[hreflang="zh-CN"]');
  await ok(await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`, { credit_limit: 100000000000 }));
  await page.browserContext().close();
});

test('a chain\'s buyer: its branches, one branch, and its draft priced for a branch with that branch\'s credit', async () => {
  const page = await signIn('c0001.buyer', '/my-credit');
  assert.equal(new URL(page.url()).pathname, '/my-credit');
  for (const id of [D1, D103]) assert.ok(await page.$(`#branches a[href="/my-credit/${id}"]`), `branch ${id} listed`);
  assert.equal(await page.$(`a[href="/my-credit/${D2}"]`), null, 'another chain\'s dealer is not');
  await checkPage(page, 'my-credit-chain-branches');
  await click(page, `#branches a[href="/my-credit/${D103}"]`);
  const c = await outlook(D103);
  assert.match(await text(page, 'h1'), /D0103/);
  assert.equal(await text(page, '#headroom'), `¥${c.headroom_text}`);
  assert.ok(await page.$('a[href="/my-credit"]'), 'back to the branches');
  await checkPage(page, 'my-credit-chain-branch');
  const res = await page.goto(`${BASE}/my-credit/${D2}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404, 'another chain\'s dealer');

  // the draft: choose the branch to price for; its credit shows
  await draftOf('c0001.buyer', 2);
  await page.goto(`${BASE}/draft`, { waitUntil: 'load' });
  assert.equal(await page.$('#credit-outlook'), null, 'no branch chosen: no credit to weigh');
  await page.select('#price-dealer', String(D103));
  await click(page, '#price-for button');
  assert.equal(new URL(page.url()).searchParams.get('dealer'), String(D103));
  const d = await ok(await call('c0001.buyer', 'GET', `/api/v1/draft?dealer=${D103}`));
  assert.match(await text(page, '#credit-sentence'), new RegExp(`¥${esc(d.credit.headroom_after_text)}`));
  assert.match(await text(page, '#credit-hq'), new RegExp(`¥${esc(d.credit.region_max_text)}`));
  assert.equal(await page.$eval('#dealer', (s) => s.value), String(D103), 'the submit form keeps the branch');
  await checkPage(page, 'my-credit-chain-draft');
  await page.browserContext().close();
});
