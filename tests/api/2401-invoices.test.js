// 2401: invoices as documents (issue #24).  The dealer's invoice profile (the buyer's tax number,
// registered address, phone, bank and account): kept by its admin, its chain's admin and HQ's
// admin and finance, conditional on the version (409, and of two racers one wins), each refused
// field named (422), audited, and through the page's form (CSRF-checked).  An invoice and a
// credit note as documents: the lines of the shipment that posted it or of the return it
// credits, each split into net and 13 % VAT exactly in fen, the total in Chinese words; a
// reversal turns the sign; a credit note a clerk posted is one line.  Read by the dealer, its
// chain and staff in reach; another dealer, another chain, another region and a provider get
// 404.  The ledger and the statement link each invoice and credit note to its page.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later, month, reopenMonth, closeThrough } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001');	// Walmart Beijing, R01, chain C0001
const Q = id('D4103');	// a dealer no other test posts to: the big amounts, posted and reversed
const key = (p = 'inv') => ({ 'Idempotency-Key': `${p}-${RUN}-${n++}` });
const profile = async (who, dealer = D1) => call(who, 'GET', `/api/v1/dealers/${dealer}/invoice-profile`);
const change = (who, body, dealer = D1) => call(who, 'PATCH', `/api/v1/dealers/${dealer}/invoice-profile`, body);
const versionOf = async (dealer = D1) => (await (await profile('admin', dealer)).json()).version;
const doc = (who, entry) => call(who, 'GET', `/api/v1/invoices/${entry}`);
const count = (q) => Number(sql(q)[0][0]);

// Valid unified social credit codes (GB 32100's check character computed for each).
const GB_EXAMPLE = '91350100M000100Y43';
const TAX_D1 = '91110105MA01XY123U';

// D0001 in its chain C0001 (other tests move it out and back)
test.before(async () => {
  const C1 = id('C0001');
  const cur = await (await call('admin', 'GET', `/api/v1/orgs/${D1}`)).json();
  if (cur.chain !== C1 && !(cur.chain && cur.chain.id === C1)) {
    const res = await call('admin', 'PATCH', `/api/v1/orgs/${D1}`, { version: cur.version, chain: C1 });
    assert.equal(res.status, 200, await res.clone().text());
  }
});

test('the invoice profile: kept by the dealer\'s admin, its chain\'s admin and HQ; 409 on a stale version; audited', async () => {
  let v = await versionOf();
  let res = await change('d0001.admin', { version: v, tax_number: ` ${TAX_D1.toLowerCase()} `,
    address: `北京市朝阳区建国路 1 号 ${RUN}`, phone: '010-6555 0101', bank_name: '中国银行北京建国路支行',
    bank_account: '3405 6789 0123' });
  assert.equal(res.status, 200, await res.clone().text());
  let p = await res.json();
  assert.equal(p.version, v + 1);
  assert.equal(p.dealer, D1);
  assert.equal(p.code, 'D0001');
  assert.equal(p.tax_number, TAX_D1, 'kept in capitals, spaces round it dropped');
  assert.equal(p.address, `北京市朝阳区建国路 1 号 ${RUN}`);
  assert.equal(p.bank_account, '3405 6789 0123');
  assert.match(p.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  v = p.version;
  // audited: each field's value before and after
  const [[actor, details]] = sql(`SELECT u.login, a.details FROM audit_log a JOIN users u ON u.id = a.actor_user_id
    WHERE a.action = 'invoice_profile_change' AND a.object_type = 'org' AND a.object_id = '${D1}' ORDER BY a.id DESC LIMIT 1`);
  assert.equal(actor, 'd0001.admin');
  const d = JSON.parse(details);
  assert.equal(d.address, `北京市朝阳区建国路 1 号 ${RUN}`);
  assert.ok('address_before' in d);
  assert.equal(d.version, v);
  // every reader in scope reads it: the dealer's buyer, its chain, its region, HQ
  for (const who of ['d0001.buyer', 'c0001.buyer', 'r01.manager', 'hq.finance']) {
    res = await profile(who);
    assert.equal(res.status, 200, who);
    assert.equal((await res.json()).tax_number, TAX_D1, who);
  }
  // fields not sent are kept; "" empties one
  res = await change('c0001.admin', { version: v, phone: '' });
  assert.equal(res.status, 200, await res.clone().text());
  p = await res.json();
  assert.equal(p.phone, '');
  assert.equal(p.tax_number, TAX_D1);
  v = p.version;
  for (const who of ['hq.finance', 'admin']) {
    res = await change(who, { version: v, phone: '010-6555 0102' });
    assert.equal(res.status, 200, who);
    v = (await res.json()).version;
  }
  // a stale version: 409, nothing written
  res = await change('d0001.admin', { version: v - 1, phone: '000' });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'conflict');
  assert.equal((await (await profile('d0001.admin')).json()).phone, '010-6555 0102');
  // readers who do not keep it: 403 (the dealer's buyer and finance, its region's clerk)
  for (const who of ['d0001.buyer', 'd0001.finance', 'c0001.buyer', 'r01.clerk']) {
    res = await change(who, { version: v, phone: '123' });
    assert.equal(res.status, 403, who);
    await errorOf(res);
  }
  // outside the scope: 404, read or written (another dealer, another chain, another region)
  for (const who of ['d0002.admin', 'c0002.buyer', 'r02.clerk', 'r02.approver']) {
    res = await profile(who);
    assert.equal(res.status, 404, who);
    assert.equal((await errorOf(res)).code, 'not_found');
  }
  for (const who of ['d0002.admin']) assert.equal((await change(who, { version: v, phone: '123' })).status, 404, who);
  assert.equal((await call('c0002.buyer', 'GET', `/api/v1/dealers/${D1}/invoice-profile`)).status, 404);
  assert.equal((await profile('p0101.agent')).status, 404, 'a provider finds no dealer');
  // a region or an HQ org is no dealer
  assert.equal((await profile('admin', id('R01'))).status, 404);
});

test('the invoice profile refuses bad fields by name (422), never a 500', async () => {
  const v = await versionOf();
  const bad = async (body, fields) => {
    const res = await change('d0001.admin', { version: v, ...body });
    assert.equal(res.status, 422, JSON.stringify(body));
    const e = await errorOf(res);
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(Object.keys(e.fields).sort(), fields.sort(), JSON.stringify(body));
  };
  await bad({ tax_number: '91350100M000100Y44' }, ['tax_number']);	// the check character
  await bad({ tax_number: '91350100M000100Y4' }, ['tax_number']);	// 17
  await bad({ tax_number: '91350100I000100Y43' }, ['tax_number']);	// I is never used
  await bad({ tax_number: 91350100 }, ['tax_number']);
  await bad({ phone: 'call me', bank_account: '12345' }, ['phone', 'bank_account']);
  await bad({ address: 'x'.repeat(301), bank_name: '银'.repeat(101) }, ['address', 'bank_name']);
  await bad({ address: 'line\nbreak' }, ['address']);
  await bad({ version: -1 }, ['version']);
  let res = await change('d0001.admin', { phone: '010 1234' });
  assert.equal(res.status, 422, 'the version is required');
  assert.ok('version' in (await errorOf(res)).fields);
  res = await call('d0001.admin', 'PATCH', `/api/v1/dealers/${D1}/invoice-profile`, '[1]', { 'Content-Type': 'application/json' });
  assert.equal(res.status, 400);
  // the GB 32100 example is a code
  res = await change('d0001.admin', { version: v, tax_number: GB_EXAMPLE });
  assert.equal(res.status, 200);
  res = await change('d0001.admin', { version: v + 1, tax_number: TAX_D1 });
  assert.equal(res.status, 200);
});

test('two changes on one version: one wins, the other 409', async () => {
  for (let round = 0; round < 5; round++) {
    const v = await versionOf();
    const res = await Promise.all(['d0001.admin', 'hq.finance'].map((who, i) =>
      change(who, { version: v, bank_name: `银行 ${RUN} ${round} ${i}` })));
    assert.deepEqual(res.map((r) => r.status).sort(), [200, 409], `round ${round}`);
    assert.equal(await versionOf(), v + 1);
  }
});

test('the page /invoice-profile: shown, and kept through a CSRF-checked form', async () => {
  const b = browser();
  await signIn(b, 'd0001.admin');
  let page = await (await b.get('/invoice-profile')).text();
  assert.ok(page.includes(TAX_D1));
  assert.ok(page.includes('id="profile-form"'));
  const v = Number(page.match(/name="version" value="(\d+)"/)[1]);
  const form = { _csrf: csrfOf(page), dealer: String(D1), version: String(v), tax_number: TAX_D1,
    address: `北京市朝阳区建国路 2 号 ${RUN}`, phone: '010-6555 0103', bank_name: '中国银行', bank_account: '3405 6789 0123' };
  // without the CSRF token, or with another: 403, nothing changed
  let res = await b.post('/invoice-profile', { ...form, _csrf: undefined });
  assert.equal(res.status, 403);
  res = await b.post('/invoice-profile', { ...form, _csrf: '0'.repeat(64) });
  assert.equal(res.status, 403);
  assert.equal(await versionOf(), v);
  // a bad field: the form again with its message and what was typed
  res = await b.post('/invoice-profile', { ...form, tax_number: 'NOT-A-CODE' });
  assert.equal(res.status, 422);
  page = await res.text();
  assert.ok(page.includes('tax_number'));
  assert.ok(page.includes('value="NOT-A-CODE"'));
  res = await b.post('/invoice-profile', form);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/invoice-profile?done=saved');
  assert.equal((await (await profile('admin')).json()).address, `北京市朝阳区建国路 2 号 ${RUN}`);
  // the same form again: its version is stale now
  res = await b.post('/invoice-profile', form);
  assert.equal(res.status, 409);
  // a buyer reads it, without the form; its post is refused
  const buyer = browser();
  await signIn(buyer, 'd0001.buyer');
  page = await (await buyer.get('/invoice-profile')).text();
  assert.ok(page.includes(`北京市朝阳区建国路 2 号 ${RUN}`));
  assert.ok(!page.includes('id="profile-form"'));
  res = await buyer.post('/invoice-profile', { ...form, _csrf: csrfOf(page), version: String(v + 1) });
  assert.equal(res.status, 403);
  // HQ chooses the dealer; another dealer's admin finds none
  const hq = browser();
  await signIn(hq, 'hq.finance');
  page = await (await hq.get(`/invoice-profile?dealer=${D1}`)).text();
  assert.ok(page.includes('id="profile-form"') && page.includes(TAX_D1));
  const other = browser();
  await signIn(other, 'c0002.buyer');
  assert.equal((await other.get(`/invoice-profile?dealer=${D1}`)).status, 404);
});

// A shipped order of d0001 with a PO number: line 1 three units worth 100,001 fen (not divisible
// by three), line 2 two units at 1,699.00; shipped in two shipments, so two invoices.
async function twoInvoices() {
  const po = `PO-INV-${RUN}-${n++}`;
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { po_number: po, lines: [
    { product: 'XQG-2002', quantity: 3, options: { capacity_kg: 7, loading: 'front' } },
    { product: 'XQG-2002', quantity: 2, options: { capacity_kg: 8, loading: 'front' } }],
  requested_date: later(), ship_to: 'Beijing' }, key('o'));
  assert.equal(res.status, 201, await res.clone().text());
  const o = await res.json();
  sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.unit_price = 33334, l.discount = 1,
    l.line_total = 100001 WHERE o.number = '${o.number}' AND l.line_no = 1`);
  sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.unit_price = 169900, l.discount = 0,
    l.line_total = 339800 WHERE o.number = '${o.number}' AND l.line_no = 2`);
  sql(`UPDATE orders o SET o.total = 439801, o.status = 'in_production', o.version = o.version + 1,
    o.promised_date = '${later(12)}' WHERE o.number = '${o.number}'`);
  const ship = async (lines) => {
    const s = await call('erp', 'POST', `/api/v1/orders/${o.number}/shipments`,
      { lines, carrier: 'SF Express', waybill: `SF-${RUN}-${n}` }, key('s'));
    assert.equal(s.status, 201, await s.clone().text());
  };
  await ship([{ line: 1, quantity: 1 }, { line: 2, quantity: 2 }]);
  await ship([{ line: 1, quantity: 2 }]);
  const inv = sql(`SELECT e.id, s.number FROM shipments s JOIN ledger_entries e ON e.id = s.ledger_entry_id
    JOIN orders o ON o.id = s.order_id WHERE o.number = '${o.number}' ORDER BY s.seq`).map(([i, s]) => [Number(i), s]);
  return { o, po, inv };
}

test('an invoice as a document: its shipment\'s lines, VAT split exactly, the total in words', async () => {
  const { o, po, inv } = await twoInvoices();
  const [[first, s1], [second, s2]] = inv;
  let res = await doc('d0001.finance', first);
  assert.equal(res.status, 200, await res.clone().text());
  let d = await res.json();
  assert.equal(d.id, first);
  assert.equal(d.kind, 'invoice');
  assert.equal(d.dealer, D1);
  assert.equal(d.source, 'shipment');
  assert.equal(d.document, s1);
  assert.equal(d.order_number, o.number);
  assert.equal(d.po_number, po);
  assert.equal(d.reverses, null);
  assert.equal(d.tax_rate, 13);
  // the seller is the maker; the buyer the dealer with its profile
  assert.equal(d.seller.tax_number, '91370200MA3C00000K');
  assert.ok(d.seller.name.length > 0 && d.seller.bank_account.length > 0);
  assert.equal(d.buyer.code, 'D0001');
  assert.equal(d.buyer.tax_number, TAX_D1);
  assert.equal(d.buyer.address, `北京市朝阳区建国路 2 号 ${RUN}`);
  // by hand: 33,333 of line 1 (a third of 100,001, floored) and both units of line 2; net =
  // amount x 100 / 113 to the fen (29,498.23 -> 29,498; 300,707.96 -> 300,708), VAT the rest
  assert.deepEqual(d.lines.map((l) => [l.line, l.product, l.quantity, l.unit_price, l.amount, l.net, l.tax]), [
    [1, 'XQG-2002', 1, 33333, 33333, 29498, 3835],
    [2, 'XQG-2002', 2, 169900, 339800, 300708, 39092]]);
  assert.ok(d.lines.every((l) => l.name.length > 0 && l.name_en.length > 0));
  assert.equal(d.total, 373133);
  assert.equal(d.net, 330206);
  assert.equal(d.tax, 42927);
  assert.equal(d.net + d.tax, d.total);
  assert.equal(d.total_words, '叁仟柒佰叁拾壹元叁角叁分');
  // the ledger's entry is the same amount
  assert.equal(count(`SELECT amount FROM ledger_entries WHERE id = ${first}`), d.total);
  // the second shipment: the rest of line 1, 66,668 (33,334 a unit)
  d = await (await doc('d0001.buyer', second)).json();
  assert.equal(d.document, s2);
  assert.deepEqual(d.lines.map((l) => [l.line, l.quantity, l.unit_price, l.amount, l.net, l.tax]),
    [[1, 2, 33334, 66668, 58998, 7670]]);
  assert.equal(d.total_words, '陆佰陆拾陆元陆角捌分');
  // the page prints the same
  const page = await (await call('d0001.finance', 'GET', `/invoices/${first}`)).text();
  for (const s of ['叁仟柒佰叁拾壹元叁角叁分', '¥3,731.33', '¥3,302.06', '¥429.27', TAX_D1, '91370200MA3C00000K', po, o.number, s1]) {
    assert.ok(page.includes(s), s);
  }
  assert.ok(page.includes('<article class="invoice"'));
  // the order's page links each shipment's invoice
  const order = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`)).text();
  assert.ok(order.includes(`href="/invoices/${first}"`) && order.includes(`href="/invoices/${second}"`));
});

test('a credit note from a return, a reversal, a clerk\'s credit note: signs, lines and words', async () => {
  const { o, inv } = await twoInvoices();
  // return one unit of line 2: credits 169,900
  let res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/returns`,
    { lines: [{ line: 2, quantity: 1 }], reason: `damaged ${RUN}` }, key('r'));
  assert.equal(res.status, 201, await res.clone().text());
  const r = await res.json();
  assert.equal((await call('r01.approver', 'POST', `/api/v1/returns/${r.number}/approve`, { version: r.version })).status, 200);
  res = await call('erp', 'POST', `/api/v1/returns/${r.number}/receive`, {});
  assert.equal(res.status, 200);
  const cn = (await res.json()).credit_note;
  let d = await (await doc('d0001.finance', cn)).json();
  assert.equal(d.kind, 'credit_note');
  assert.equal(d.source, 'return');
  assert.equal(d.document, r.number);
  assert.equal(d.order_number, o.number);
  assert.deepEqual(d.lines.map((l) => [l.line, l.quantity, l.unit_price, l.amount, l.net, l.tax]),
    [[2, -1, 169900, -169900, -150354, -19546]]);
  assert.equal(d.total, -169900);
  assert.equal(d.total_words, '负壹仟陆佰玖拾玖元整');
  assert.ok((await (await call('d0001.buyer', 'GET', `/returns/${r.number}`)).text()).includes(`href="/invoices/${cn}"`),
    'the return\'s page links its credit note');
  // the second invoice reversed by a clerk: its lines with the sign turned
  res = await call('hq.finance', 'POST', `/api/v1/ledger/${inv[1][0]}/reverse`, { memo: `wrong ${RUN}` });
  assert.equal(res.status, 201);
  const rev = await res.json();
  d = await (await doc('c0001.buyer', rev.id)).json();
  assert.equal(d.kind, 'invoice');
  assert.equal(d.reverses, inv[1][0]);
  assert.equal(d.source, 'shipment');
  assert.equal(d.order_number, o.number);
  assert.deepEqual(d.lines.map((l) => [l.line, l.quantity, l.amount, l.net, l.tax]), [[1, -2, -66668, -58998, -7670]]);
  assert.equal(d.total_words, '负陆佰陆拾陆元陆角捌分');
  // a credit note a clerk posted: one line, its memo
  res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`,
    { kind: 'credit_note', amount: -1000001, reference: `CN-${RUN}`, memo: `年终返利 ${RUN}` });
  assert.equal(res.status, 201);
  const manual = (await res.json()).id;
  d = await (await doc('d0001.finance', manual)).json();
  assert.equal(d.source, 'entry');
  assert.equal(d.order_number, null);
  assert.deepEqual(d.lines.map((l) => [l.line, l.product, l.name, l.quantity, l.unit_price, l.amount, l.net, l.tax]),
    [[null, null, `年终返利 ${RUN}`, -1, 1000001, -1000001, -884957, -115044]]);
  assert.equal(d.total_words, '负壹万元零壹分');
  // a payment is no document
  const [[pay]] = sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} AND kind = 'payment' LIMIT 1`);
  assert.equal((await doc('d0001.finance', pay)).status, 404);
});

test('the total in words for hand-checked amounts, through documents (posted and reversed on a quiet dealer)', async () => {
  // credit notes of these amounts, each reversed at once: the dealer's balance is as it was
  const table = [
    [1000, '负壹拾元整', '壹拾元整'],
    [10000001, '负壹拾万元零壹分', '壹拾万元零壹分'],
    [100100, '负壹仟零壹元整', '壹仟零壹元整'],
    [10001050, '负壹拾万零壹拾元伍角', '壹拾万零壹拾元伍角'],
    [100000000000, '负壹拾亿元整', '壹拾亿元整'],
  ];
  const before = count(`SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE dealer_id = ${Q}`);
  for (const [fen, words, back] of table) {
    let res = await call('hq.finance', 'POST', `/api/v1/dealers/${Q}/ledger`,
      { kind: 'credit_note', amount: -fen, reference: `CNW-${RUN}-${fen}`, memo: 'words' });
    assert.equal(res.status, 201);
    const e = (await res.json()).id;
    res = await call('hq.finance', 'POST', `/api/v1/ledger/${e}/reverse`, {});
    assert.equal(res.status, 201);
    const r = (await res.json()).id;
    assert.equal((await (await doc('admin', e)).json()).total_words, words, String(fen));
    const back2 = await (await doc('admin', r)).json();
    assert.equal(back2.total_words, back, String(fen));
    assert.equal(back2.total, fen);
    assert.equal(back2.net + back2.tax, fen);
  }
  assert.equal(count(`SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE dealer_id = ${Q}`), before);
});

test('invoices are read within scope: another dealer, chain, region and a provider get 404', async () => {
  const [[entry]] = sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} AND kind = 'invoice' ORDER BY id DESC LIMIT 1`);
  for (const who of ['d0001.buyer', 'd0001.finance', 'd0001.admin', 'c0001.buyer', 'c0001.finance',
    'r01.clerk', 'r01.manager', 'r01.approver', 'hq.finance', 'admin']) {
    const res = await doc(who, entry);
    assert.equal(res.status, 200, who);
  }
  for (const who of ['d0002.buyer', 'd0002.finance', 'd0101.buyer', 'c0002.buyer', 'r02.clerk', 'r02.approver',
    'p0101.agent']) {
    let res = await doc(who, entry);
    assert.equal(res.status, 404, who);
    assert.equal((await errorOf(res)).code, 'not_found', who);
    res = await call(who, 'GET', `/invoices/${entry}`);
    assert.equal(res.status, 404, `${who}: the page`);
  }
  // ids that are none
  for (const bad of ['0', '-1', 'x', '99999999999', '1e3']) {
    assert.equal((await doc('admin', bad)).status, 404, bad);
  }
});

test('the ledger and the statement link each invoice and credit note to its page', async () => {
  // this month's entries, in a statement of this month (closed for the test, then reopened)
  if (count(`SELECT COUNT(*) FROM periods WHERE period >= '${month(0)}'`) > 0) reopenMonth(month(0));
  const { inv } = await twoInvoices();
  const res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`,
    { kind: 'payment', amount: -100, reference: `PAY-${RUN}` });
  assert.equal(res.status, 201);
  const pay = (await res.json()).id;
  const [[cn]] = sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} AND kind = 'credit_note' ORDER BY id DESC LIMIT 1`);
  let page = await (await call('d0001.finance', 'GET', `/dealers/${D1}/ledger`)).text();
  for (const [e] of inv) assert.ok(page.includes(`href="/invoices/${e}"`), `the ledger links invoice ${e}`);
  assert.ok(page.includes(`href="/invoices/${cn}"`), 'and the credit note');
  assert.ok(!page.includes(`href="/invoices/${pay}"`), 'not the payment');
  let first = null;
  try {
    first = await closeThrough(call, month(0));
    page = await (await call('d0001.finance', 'GET', `/dealers/${D1}/statements/${month(0)}`)).text();
    for (const [e] of inv) assert.ok(page.includes(`href="/invoices/${e}"`), `the statement links invoice ${e}`);
    assert.ok(page.includes(`PAY-${RUN}`) && !page.includes(`href="/invoices/${pay}"`));
  } finally {
    if (first) reopenMonth(first);
  }
});
