// 2401 (browser), issue #24 "invoices as documents": the dealer's finance user opens an invoice
// from its account and from the statement's months, reads it on a desktop and on a 390-px phone
// (axe-clean, nothing sticking out), and prints it: the print view is the document alone, and
// Chromium's PDF of it at A4 is one page.  A credit note the same; the dealer's admin keeps the
// invoice profile through its form.  Screenshots and the PDF land in tests/artifacts/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, ARTIFACTS, sql } = require('../lib/harness');
const { launch, shot, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const [[D1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");

// The pages of a PDF as Chromium writes it: its page objects.
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

test('the dealer\'s admin keeps the invoice profile through its form', async () => {
  const page = await signIn('d0001.admin', '/invoice-profile');
  assert.match(await text(page, 'h1'), /开票信息/);
  await page.$eval('#f-tax', (e) => { e.value = ''; });
  await page.type('#f-tax', '91110105ma01xy123u');
  await page.$eval('#f-address', (e) => { e.value = ''; });
  await page.type('#f-address', `北京市朝阳区建国路 1 号 ${RUN}`);
  await page.$eval('#f-phone', (e) => { e.value = ''; });
  await page.type('#f-phone', '010-6555 0101');
  await page.$eval('#f-bank', (e) => { e.value = ''; });
  await page.type('#f-bank', '中国银行北京建国路支行');
  await page.$eval('#f-account', (e) => { e.value = ''; });
  await page.type('#f-account', '3405 6789 0123');
  await click(page, '#profile-form button');
  assert.match(await text(page, '.notice'), /已保存/);
  assert.match(await text(page, '#profile'), /91110105MA01XY123U/);
  await checkPage(page, '2401-invoice-profile');
  // a wrong check character: named beside the form, what was typed kept
  await page.$eval('#f-tax', (e) => { e.value = '91110105MA01XY1230'; });
  await click(page, '#profile-form button');
  assert.match(await text(page, '.errors'), /tax_number/);
  assert.equal(await page.$eval('#f-tax', (e) => e.value), '91110105MA01XY1230');
  await checkPage(page, '2401-invoice-profile-refused');
  await page.browserContext().close();
});

test('an invoice opened from the account: desktop, phone, print view and one A4 page of PDF', async () => {
  const [[entry, ref]] = sql(`SELECT id, reference FROM ledger_entries WHERE dealer_id = ${D1} AND kind = 'invoice'
    AND reverses_id IS NULL ORDER BY id DESC LIMIT 1`);
  const page = await signIn('d0001.finance', `/dealers/${D1}/ledger?kind=invoice`);
  await click(page, `table.ledger a[href="/invoices/${entry}"]`);
  assert.match(await text(page, 'h1'), new RegExp(`发票.*${entry}`));
  assert.match(await text(page, 'dl.invoice-facts'), new RegExp(ref));
  assert.match(await text(page, '#total-words'), /^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
  assert.match(await text(page, '.parties'), /91110105MA01XY123U/, 'the buyer\'s tax number');
  assert.match(await text(page, '.parties'), /91370200MA3C00000K/, 'the seller\'s');
  assert.ok((await page.$$('table.invoice-lines tbody tr')).length >= 1);
  await checkPage(page, '2401-invoice');
  // Chromium prints it on A4 (the stylesheet's @page): one page for a small invoice (before the
  // print view's full-page shot below, after which Chromium's next PDF keeps that shot's height)
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  fs.writeFileSync(path.join(ARTIFACTS, '2401-invoice.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.equal(pdfPages(pdf), 1, 'one A4 page');
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box, 'a media box');
  assert.ok(Math.abs(Number(box[1]) - 595.28) < 2 && Math.abs(Number(box[2]) - 841.89) < 2,
    `A4 (595 x 842 pt), not ${box[1]} x ${box[2]}`);
  // the print view: the document alone
  await page.emulateMediaType('print');
  for (const sel of ['header.site', '.crumbs', '.actions', 'footer.site']) {
    assert.equal(await page.$eval(sel, (e) => getComputedStyle(e).display), 'none', `${sel} is not printed`);
  }
  assert.notEqual(await page.$eval('article.invoice', (e) => getComputedStyle(e).display), 'none');
  await shot(page, '2401-invoice-print');
  await page.emulateMediaType('screen');
  // in English too
  await page.goto(`${BASE}/lang/en?next=${encodeURIComponent(`/invoices/${entry}`)}`);
  assert.match(await text(page, 'h1'), new RegExp(`Invoice.*${entry}`));
  assert.match(await text(page, 'table.invoice-lines caption'), /Goods/);
  await checkPage(page, '2401-invoice-en');
  await page.browserContext().close();
});

test('a credit note: negative lines and 负 in words, on a phone too', async () => {
  const page = await signIn('hq.finance', `/dealers/${D1}/ledger`);
  await page.select('#p-kind', 'credit_note');
  await page.type('#p-amount', '100,000.01');
  await page.type('#p-reference', `CN-B-${RUN}`);
  await page.type('#p-memo', `年终返利 ${RUN}`);
  await click(page, '#post button');
  const [[cn]] = sql(`SELECT id FROM ledger_entries WHERE reference = 'CN-B-${RUN}'`);
  await page.browserContext().close();
  const dealer = await signIn('d0001.finance', `/dealers/${D1}/ledger?kind=credit_note`);
  await click(dealer, `table.ledger a[href="/invoices/${cn}"]`);
  assert.match(await text(dealer, 'h1'), /红字发票/);
  assert.equal(await text(dealer, '#total-words'), '负壹拾万元零壹分');
  assert.match(await text(dealer, '#total-figures'), /¥-100,000\.01/);
  assert.match(await text(dealer, 'table.invoice-lines tbody'), new RegExp(`年终返利 ${RUN}`));
  await checkPage(dealer, '2401-credit-note');
  const pdf = Buffer.from(await dealer.pdf({ preferCSSPageSize: true }));
  assert.equal(pdfPages(pdf), 1);
  // another dealer's finance user finds no such page
  const other = await signIn('d0002.finance', '/');
  assert.equal((await other.goto(`${BASE}/invoices/${cn}`)).status(), 404);
  await other.browserContext().close();
  await dealer.browserContext().close();
});
