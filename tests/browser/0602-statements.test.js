// 0602 (browser), issue #9 acceptance 1: hq.finance posts a payment and a fee for dealer 1 and
// closes the month; d0001.finance opens the statement and disputes one line; the region's
// clerk settles it with an adjustment that appears in the next month. Screenshots of each
// step, on a phone, and the print view; every page passes axe and fits a 390-px screen.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, month, reopenMonth } = require('../lib/harness');
const { launch, shot, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const P = month(0);
const [[D1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");

test('post, close, dispute a line, settle with an adjustment in the next month', async () => {
  reopenMonth(P);
  // the clerk posts a payment and a fee on dealer 1's account
  const clerk = await signIn('hq.finance', `/dealers/${D1}/ledger`);
  await clerk.select('#p-kind', 'payment');
  await clerk.type('#p-amount', '5,000');
  await clerk.type('#p-reference', `ST-PAY-${RUN}`);
  await click(clerk, '#post button');
  await clerk.select('#p-kind', 'fee');
  await clerk.type('#p-amount', '120.50');
  await clerk.type('#p-reference', `ST-FEE-${RUN}`);
  await clerk.type('#p-memo', '展台费');
  await click(clerk, '#post button');
  const [[fee]] = sql(`SELECT id FROM ledger_entries WHERE reference = 'ST-FEE-${RUN}'`);
  // ... and closes the month on the statements page
  await clerk.goto(`${BASE}/statements`);
  await clerk.$eval('#close-period', (e, p) => { e.value = p; }, P);
  await click(clerk, '#close button');
  assert.match(await text(clerk, '.notice'), /已结账/);
  assert.match(await text(clerk, 'table.reconciled caption'), new RegExp(P));
  assert.match(await text(clerk, 'table.dealers'), /D0001/);
  await checkPage(clerk, '0602-overview-hq');
  await clerk.browserContext().close();

  // the dealer's finance user opens the statement from its list and disputes the fee
  const dealer = await signIn('d0001.finance', '/statements');
  assert.match(await text(dealer, 'table.months'), new RegExp(P));
  await click(dealer, `a[href="/dealers/${D1}/statements/${P}"]`);
  assert.match(await text(dealer, 'h1'), new RegExp(`${P}`));
  assert.match(await text(dealer, 'table.statement-lines'), new RegExp(`ST-PAY-${RUN}`));
  assert.match(await text(dealer, 'table.statement-lines'), /-5,000\.00/);
  assert.match(await text(dealer, '.tag'), /待对账/);
  await checkPage(dealer, '0602-statement-open');
  await dealer.click(`#line-${fee}`);
  await dealer.type('#dispute-reason', '展台费本月未发生');
  await click(dealer, '#dispute button');
  assert.match(await text(dealer, '.notice'), /异议已提交/);
  assert.match(await text(dealer, 'tr.disputed'), new RegExp(`ST-FEE-${RUN}`));
  assert.equal((await dealer.$$('tr.disputed')).length, 1, 'one line disputed');
  const complaint = await text(dealer, '.dispute a[href^="/complaints/"]');
  assert.match(complaint, /^CP-/);
  assert.equal(await dealer.$('#confirm'), null, 'a disputed statement is not confirmed');
  await checkPage(dealer, '0602-statement-disputed');
  // the print view: the statement alone, no forms, no navigation
  await dealer.emulateMediaType('print');
  for (const sel of ['header.site nav', '.crumbs', '.actions']) {
    assert.equal(await dealer.$eval(sel, (e) => getComputedStyle(e).display), 'none', `${sel} is not printed`);
  }
  assert.notEqual(await dealer.$eval('article.statement', (e) => getComputedStyle(e).display), 'none');
  await shot(dealer, '0602-statement-print');
  await dealer.emulateMediaType('screen');
  // the complaint it opened, a billing one, links back to the statement
  await click(dealer, '.dispute a[href^="/complaints/"]');
  assert.match(await text(dealer, 'dl.facts'), /账务|对账单/);
  assert.ok(await dealer.$(`a[href="/dealers/${D1}/statements/${P}"]`), 'the complaint links the statement');
  await dealer.browserContext().close();

  // the region's clerk sees it disputed in the overview and settles it with an adjustment
  const region = await signIn('r01.clerk', `/statements?status=disputed`);
  assert.match(await text(region, 'table.dealers'), /D0001/);
  await checkPage(region, '0602-overview-region');
  await click(region, `table.dealers a[href="/dealers/${D1}/statements/${P}"]`);
  await region.click('input[name=outcome][value=adjust]');
  await region.type('#settle-amount', '-120.50');
  await region.type('#settle-reason', `展台费冲回 ${RUN}`);
  await checkPage(region, '0602-statement-settle');
  await click(region, '#settle button');
  assert.match(await text(region, '.notice'), /异议已处理/);
  assert.match(await text(region, '.dispute'), /调整账目/);
  assert.match(await text(region, '.dispute'), new RegExp(month(1)));
  await region.browserContext().close();
  const adj = sql(`SELECT kind, amount, period FROM ledger_entries WHERE memo = '展台费冲回 ${RUN}'`);
  assert.deepEqual(adj, [['adjustment', '-12050', month(1)]], 'the adjustment, in the next month');

  // the dealer finds the adjustment in next month's entries, and the complaint resolved
  const again = await signIn('d0001.finance', `/dealers/${D1}/statements/${P}`);
  assert.match(await text(again, '.tag'), /已解决/);
  await click(again, '.dispute a[href*="/ledger?period="]');
  assert.match(await text(again, 'table.ledger'), /-120\.50/);
  await shot(again, '0602-ledger-next-month');
  await again.goto(`${BASE}${complaint.startsWith('CP-') ? `/complaints/${complaint}` : ''}`);
  assert.match(await text(again, 'ol.thread'), new RegExp(`展台费冲回 ${RUN}`));
  assert.equal(await again.$('#reopen'), null, 'a settled dispute is not reopened');
  await again.browserContext().close();
});

test('another dealer and another region get 404 for dealer 1\'s statement pages', async () => {
  for (const who of ['d0002.finance', 'r02.clerk']) {
    const page = await signIn(who, '/');
    for (const path of [`/dealers/${D1}/statements/${P}`, `/dealers/${D1}/statements`]) {
      const res = await page.goto(`${BASE}${path}`);
      assert.equal(res.status(), 404, `${who} ${path}`);
    }
    await page.browserContext().close();
  }
});
