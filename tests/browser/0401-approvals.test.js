// 0401 (browser), issue #7 acceptance 1: r01.approver opens the queue, sees dealer 1's
// order with its exposure and headroom, approves it with a promised date on the order
// page; d0001.buyer sees it approved with the date. Also: an over-credit order escalated
// from the page and overridden by HQ with a reason; pages pass axe and fit a phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, client, later } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

const { call } = client();
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
let n = 0;
const yuan = (fen) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

async function newOrder(who) {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 2,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(30), ship_to: 'Beijing' },
  { 'Idempotency-Key': `apr-b-${RUN}-${n++}` });
  assert.equal(res.status, 201);
  return res.json();
}

const dealer = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);

// Follow the queue's pages until the order's row shows; that page, at it.
async function findInQueue(page, number) {
  await page.goto(`${BASE}/approvals`, { waitUntil: 'load' });
  for (;;) {
    if (await page.$(`a[href="/orders/${number}"]`)) return page;
    assert.ok(await page.$('p.more a'), `${number} is in the queue`);
    await click(page, 'p.more a');
  }
}

test('acceptance 1: the approver sees exposure and headroom, approves with a date; the dealer sees it', async () => {
  const D1 = dealer('D0001');
  assert.equal((await call('hq.finance', 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: 100000000000 })).status, 200);
  const o = await newOrder('d0001.buyer');
  const c = await (await call('hq.finance', 'GET', `/api/v1/dealers/${D1}/credit`)).json();
  const approver = await signIn('r01.approver', '/approvals');
  assert.equal(new URL(approver.url()).pathname, '/approvals');
  assert.match(await text(approver, 'nav'), /审批/);
  await findInQueue(approver, o.number);
  const row = await approver.$eval(`tr:has(a[href="/orders/${o.number}"])`, (tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()));
  assert.match(row[1], /沃尔玛/);
  assert.match(row[3], new RegExp(yuan(o.total).replace(/[.,]/g, '\\$&')));
  assert.match(row[5], new RegExp(yuan(c.credit_limit).replace(/[.,]/g, '\\$&')), 'credit limit');
  assert.match(row[6], new RegExp(yuan(c.exposure).replace(/[.,]/g, '\\$&')), 'exposure');
  assert.match(row[7], new RegExp(yuan(c.credit_limit - c.exposure - o.total).replace(/[.,]/g, '\\$&')), 'headroom after');
  assert.deepEqual(await axe(approver), []);
  await shot(approver, 'approvals-queue');
  // the order page: the credit position and the decision forms
  await click(approver, `a[href="/orders/${o.number}"]`);
  assert.match(await text(approver, '.decide'), /信用额度/);
  assert.match(await text(approver, '.decide'), new RegExp(yuan(c.credit_limit - c.exposure - o.total).replace(/[.,]/g, '\\$&')),
    'the headroom after this order');
  assert.deepEqual(await axe(approver), []);
  const date = later(21);
  await approver.$eval('#promised', (e, d) => { e.value = d; }, date);
  await shot(approver, 'approvals-order-decide');
  await click(approver, '#approve button');
  assert.match(await text(approver, '.notice'), /审批结果已记录/);
  assert.match(await text(approver, '#decision'), /已审批/);
  await approver.browserContext().close();
  // the dealer sees the status and the promised date
  const buyer = await signIn('d0001.buyer', `/orders/${o.number}`);
  assert.match(await text(buyer, 'main'), /已审批/);
  // in the reader's format (issue #25): these pages are Chinese
  const [y, m, d] = date.split('-').map(Number);
  assert.match(await text(buyer, '.facts'), new RegExp(`${y}年${m}月${d}日`));
  assert.match(await text(buyer, '#decision'), /Beijing Approver/);
  assert.equal(await buyer.$('.decide'), null, 'a dealer gets no decision forms');
  await shot(buyer, 'approvals-dealer-sees-approved');
  await buyer.browserContext().close();
});

test('over credit: the region escalates from the page; HQ overrides with a reason', async () => {
  const D2 = dealer('D0002');
  const o = await newOrder('d0002.buyer');
  let c = await (await call('hq.finance', 'GET', `/api/v1/dealers/${D2}/credit`)).json();
  // a limit (never below 0) the order goes over: the earlier tests may have left the dealer
  // in credit (0604 posts random amounts), so a fee first brings its exposure above 0
  if (c.exposure < 0) {
    assert.equal((await call('hq.finance', 'POST', `/api/v1/dealers/${D2}/ledger`,
      { kind: 'fee', amount: -c.exposure + 100000, reference: `OVER-${RUN}` })).status, 201);
    c = await (await call('hq.finance', 'GET', `/api/v1/dealers/${D2}/credit`)).json();
  }
  assert.ok(c.exposure >= 0);
  assert.equal((await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`,
    { credit_limit: c.exposure })).status, 200);
  const approver = await signIn('r01.approver', `/orders/${o.number}`);
  assert.match(await text(approver, '.decide'), /超出信用额度/);
  // approving anyway is refused with the reason, on the page
  await approver.$eval('#promised', (e, d) => { e.value = d; }, later(20));
  const [res] = await Promise.all([approver.waitForNavigation(), approver.click('#approve button')]);
  assert.equal(res.status(), 409);
  assert.match(await text(approver, '.errors'), /credit_limit/);
  await approver.type('#escalate-reason', '超出信用额度，请总部定夺');
  await click(approver, '#escalate button');
  assert.match(await text(approver, 'main'), /已上报/);
  await approver.browserContext().close();
  const hq = await signIn('hq.key', '/approvals');
  await findInQueue(hq, o.number);
  await hq.setViewport({ width: 390, height: 844, isMobile: true });
  await hq.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(hq) <= 0, 'the queue fits a phone');
  await shot(hq, 'approvals-queue-hq-phone');
  await hq.setViewport({ width: 1280, height: 900 });
  await hq.goto(`${BASE}/orders/${o.number}`, { waitUntil: 'load' });
  assert.ok(await hq.$('#override'), 'HQ may give an override reason');
  assert.equal(await hq.$('#escalate'), null, 'HQ has no one to escalate to');
  await hq.$eval('#promised', (e, d) => { e.value = d; }, later(35));
  await hq.type('#override', '老客户，货到付款');
  await click(hq, '#approve button');
  assert.match(await text(hq, '#decision'), /已审批/);
  assert.match(await text(hq, '.decisions'), /老客户，货到付款/, 'staff see the override\'s reason');
  assert.match(await text(hq, '.decisions'), /超信用额度特批/);
  assert.deepEqual(await axe(hq), []);
  await hq.browserContext().close();
  const [[override]] = sql(`SELECT a.override_credit FROM approvals a JOIN orders o ON o.id = a.order_id WHERE o.number = '${o.number}' AND a.decision = 'approved'`);
  assert.equal(override, '1');
  // the dealer sees the decision, not the override's reason
  const buyer = await signIn('d0002.buyer', `/orders/${o.number}`);
  assert.match(await text(buyer, '#decision'), /已审批/);
  assert.ok(!(await text(buyer, 'main')).includes('老客户'));
  assert.equal(await buyer.$('.decisions'), null);
  await buyer.browserContext().close();
  // an account manager gets no decision forms, and a forged one is refused
  const manager = await signIn('r01.manager', `/orders/${o.number}`);
  assert.equal(await manager.$('#approve'), null);
  const [forged] = await Promise.all([manager.waitForNavigation(), manager.evaluate((n) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = `/orders/${n}`;
    for (const [k, v] of [['_csrf', document.querySelector('input[name=_csrf]').value], ['action', 'approve'],
      ['promised_date', '2030-01-02']]) {
      const i = document.createElement('input');
      i.type = 'hidden'; i.name = k; i.value = v;
      f.appendChild(i);
    }
    document.body.appendChild(f);
    f.submit();
  }, o.number)]);
  assert.equal(forged.status(), 403);
  await manager.browserContext().close();
  assert.equal((await call('hq.finance', 'PUT', `/api/v1/dealers/${D2}/credit`, { credit_limit: 100000000000 })).status, 200);
});

test('a finance clerk sets a credit limit in yuan on the credit pages', async () => {
  const page = await signIn('r01.clerk', '/credit');
  assert.equal(new URL(page.url()).pathname, '/credit');
  assert.match(await text(page, 'nav'), /信用额度/);
  assert.equal(await page.$('a[href="/credit/' + dealer('D0101') + '"]'), null, 'another region\'s dealer is not listed');
  assert.deepEqual(await axe(page), []);
  await click(page, `a[href="/credit/${dealer('D0003')}"]`);
  assert.match(await text(page, 'h1'), /D0003/);
  await page.$eval('#credit-limit', (e) => { e.value = ''; });
  await page.type('#credit-limit', '一百万');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('#limit button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(page, '.errors'), /credit_limit/);
  await page.$eval('#credit-limit', (e) => { e.value = ''; });
  await page.type('#credit-limit', '1,250,000.50');
  await click(page, '#limit button');
  assert.match(await text(page, '.notice'), /信用额度已保存/);
  assert.match(await text(page, '.facts'), /1,250,000\.50/);
  const [[limit]] = sql(`SELECT credit_limit FROM dealer_credit WHERE dealer_id = ${dealer('D0003')}`);
  assert.equal(limit, '125000050');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.goto(`${BASE}/credit`, { waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0, 'the credit list fits a phone');
  await shot(page, 'credit-list-phone');
  await page.browserContext().close();
});

test('an admin sets a region\'s approval limit on its organisation page', async () => {
  const R01 = dealer('R01');
  const page = await signIn('admin', `/orgs/${R01}`);
  assert.match(await page.$eval('#limit', (e) => e.value), /^[0-9,]+\.\d\d$/);
  await page.$eval('#limit', (e) => { e.value = ''; });
  await page.type('#limit', 'lots');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('#approval-limit button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(page, '.errors'), /approval_limit/);
  assert.deepEqual(await axe(page), []);
  await page.$eval('#limit', (e) => { e.value = ''; });
  await page.type('#limit', '600,000');
  await click(page, '#approval-limit button');
  assert.equal(sql(`SELECT approval_limit FROM orgs WHERE id = ${R01}`)[0][0], '60000000');
  assert.equal(await page.$eval('#limit', (e) => e.value), '600,000.00');
  const [[details]] = sql(`SELECT details FROM audit_log WHERE action = 'region.approval_limit' ORDER BY id DESC LIMIT 1`);
  assert.match(details, /"approval_limit":60000000/);
  // a dealer's page has no such form
  await page.goto(`${BASE}/orgs/${dealer('D0001')}`, { waitUntil: 'load' });
  assert.equal(await page.$('#approval-limit'), null);
  sql(`UPDATE orgs SET approval_limit = 50000000 WHERE id = ${R01}`);
  await page.browserContext().close();
});
