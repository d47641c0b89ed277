// 0601 (browser), issue #9 first slice: hq.finance posts a payment and a fee for dealer 1 on
// its account page; d0001.finance sees both with the new balance and the fee inquiry;
// another dealer gets 404. Pages pass axe and fit a phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const yuan = (fen) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

test('the clerk posts a payment and a fee; the dealer sees them and its balance', async () => {
  const [[d1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");
  const clerk = await signIn('hq.finance', `/dealers/${d1}/ledger`);
  await clerk.select('#p-kind', 'payment');
  await clerk.type('#p-amount', '12,000.50');
  await clerk.type('#p-reference', `BANK-P-${RUN}`);
  await click(clerk, '#post button');
  assert.match(await text(clerk, '.notice'), /已记账/);
  await clerk.select('#p-kind', 'fee');
  await clerk.type('#p-amount', '300');
  await clerk.type('#p-reference', `FEE-P-${RUN}`);
  await clerk.type('#p-memo', '仓储费');
  await click(clerk, '#post button');
  assert.deepEqual(sql(`SELECT kind, amount FROM ledger_entries WHERE reference IN ('BANK-P-${RUN}', 'FEE-P-${RUN}') ORDER BY id`),
    [['payment', '-1200050'], ['fee', '30000']], 'a payment typed as positive yuan lowers the balance');
  // a mistake comes back with the field named
  await clerk.select('#p-kind', 'fee');
  await clerk.type('#p-amount', 'abc');
  await clerk.type('#p-reference', `BAD-${RUN}`);
  const [bad] = await Promise.all([clerk.waitForNavigation(), clerk.click('#post button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(clerk, '.errors'), /amount/);
  assert.deepEqual(await axe(clerk), []);
  await clerk.browserContext().close();

  const dealer = await signIn('d0001.finance', '/ledger');
  assert.equal(new URL(dealer.url()).pathname, `/dealers/${d1}/ledger`);
  const balance = Number(sql(`SELECT SUM(amount) FROM ledger_entries WHERE dealer_id = ${d1}`)[0][0]);
  assert.match(await text(dealer, '.balance'), new RegExp(yuan(balance).replace(/[.,]/g, '\\$&')));
  assert.match(await text(dealer, 'table.ledger'), new RegExp(`BANK-P-${RUN}`));
  assert.match(await text(dealer, 'table.ledger'), /-12,000\.50/);
  assert.match(await text(dealer, '#fees-h + table'), /费用/);
  assert.equal(await dealer.$('#post'), null, 'a dealer does not post');
  await dealer.select('#f-kind', 'fee');
  await click(dealer, '#filters button');
  assert.doesNotMatch(await text(dealer, 'table.ledger'), /BANK-P-/, 'the kind filter');
  assert.deepEqual(await axe(dealer), []);
  await shot(dealer, 'ledger-dealer');
  await dealer.setViewport({ width: 390, height: 844, isMobile: true });
  await dealer.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(dealer) <= 0, 'fits a phone');
  await dealer.browserContext().close();

  const other = await signIn('d0002.buyer', '/');
  const res = await other.goto(`${BASE}/dealers/${d1}/ledger`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await other.browserContext().close();
});

test('the clerk matches a payment to an invoice on the page; too much is refused; the dealer sees what is open', async () => {
  const [[d1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");
  const [[inv, invOpen, invRef]] = sql(`SELECT l.id, l.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = l.id AND a.released_by IS NULL), 0), l.reference FROM ledger_entries l WHERE l.dealer_id = ${d1} AND l.kind = 'invoice' AND l.amount > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = l.id) ORDER BY l.id LIMIT 1`);
  const clerk = await signIn('r01.clerk', `/dealers/${d1}/ledger`);
  await clerk.select('#p-kind', 'payment');
  await clerk.type('#p-amount', '50');
  await clerk.type('#p-reference', `BANK-M-${RUN}`);
  await click(clerk, '#post button');
  const [[pay]] = sql(`SELECT id FROM ledger_entries WHERE reference = 'BANK-M-${RUN}'`);
  assert.match(await text(clerk, 'table.open-payments'), new RegExp(`BANK-M-${RUN}`));
  await clerk.type('#m-payment', pay);
  await clerk.type('#m-invoice', inv);
  await clerk.type('#m-amount', '60');
  const [bad] = await Promise.all([clerk.waitForNavigation(), clerk.click('#match button')]);
  assert.equal(bad.status(), 422, 'more than the payment');
  assert.match(await text(clerk, '.errors'), /amount/);
  await clerk.type('#m-payment', pay);
  await clerk.type('#m-invoice', inv);
  await clerk.type('#m-amount', '50');
  await click(clerk, '#match button');
  assert.match(await text(clerk, '.notice'), /已核销/);
  assert.doesNotMatch(await text(clerk, 'table.open-payments'), new RegExp(`BANK-M-${RUN}`), 'matched in full');
  assert.equal(Number(sql(`SELECT SUM(amount) FROM allocations WHERE payment_id = ${pay}`)[0][0]), 5000);
  assert.deepEqual(await axe(clerk), []);
  await clerk.browserContext().close();
  const dealer = await signIn('d0001.finance', '/ledger');
  assert.match(await text(dealer, 'table.ageing'), /0-30/);
  assert.ok(Number(invOpen) > 5000, 'the demo invoice is larger than the payment');
  assert.match(await text(dealer, 'table.open-invoices'), new RegExp(invRef), 'still open, in part');
  await shot(dealer, 'ledger-open-items');
  await dealer.browserContext().close();
});
