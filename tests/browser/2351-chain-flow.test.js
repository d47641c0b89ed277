// 2351 (browser), issue #23's acceptance 1, on the demo: c0001.buyer (Walmart China) starts an
// order for its Beijing branch D0001 from a template, priced by the chain's contract price; it is
// above the branch's own release limit, so it waits until d0001.approver releases it; r01.approver
// approves it; the ERP ships it in two shipments; the branch's finance sees two invoices; the
// branch returns one unit, the region approves and receives it, and the credit note is on the
// branch's statement. Every page passes axe and fits a 390-px phone; screenshots of each step.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, closeThrough, later, month, reopenMonth, sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

const { call } = client();
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const TV = { product: 'LE-2005', options: { screen_in: '55', panel: 'led' } };
const UNITS = 90;
const CONTRACT = 245000;	// fen a unit: below the list (2,799) and the promotion (2,599)
const SCREEN55 = 120000;	// the 55-inch option's price, on top of any unit price
const TOTAL = UNITS * (CONTRACT + SCREEN55);	// 328,500 yuan: above the branch's 200,000

async function ok(res, status = 200) {
  const body = await res.text();
  assert.equal(res.status, status, body);
  return body ? JSON.parse(body) : null;
}

test('a chain orders for its branch from a template at its contract price, released, shipped twice, one unit returned', async (t) => {
  const d1 = idOf('D0001');
  // the invoices and the credit note land in this month, which the flow closes at its end
  // (earlier tests may have closed it: it is reopened, as they do)
  if (Number(sql(`SELECT COUNT(*) FROM periods WHERE period >= '${month(0)}'`)[0][0]) > 0) reopenMonth(month(0));
  // HQ's key-account person sets Walmart China's contract price; HQ finance gives the branch room
  // (a second run on the same data finds its row there: the same one)
  const cp = await call('hq.key', 'POST', '/api/v1/contract-prices', { chain: idOf('C0001'), product: TV.product,
    price: CONTRACT, min_qty: 1, valid_from: later(-1), valid_to: later(60) }, { 'Idempotency-Key': `flow-cp-${RUN}` });
  assert.ok(cp.status === 201 || cp.status === 409, await cp.text());
  await ok(await call('hq.finance', 'PUT', `/api/v1/dealers/${d1}/credit`, { credit_limit: 100000000000 }));
  // and the region may approve a large order alone (earlier tests approved D0001's today too)
  const [[r01, regionLimit]] = sql("SELECT id, approval_limit FROM orgs WHERE code = 'R01'");
  await ok(await call('admin', 'PUT', `/api/v1/regions/${r01}/approval-limit`, { approval_limit: 10000000000 }));
  t.after(() => call('admin', 'PUT', `/api/v1/regions/${r01}/approval-limit`, { approval_limit: Number(regionLimit) }));
  // the chain's buyer keeps a template of its weekly TVs (its draft kept under a name)
  const clear = async () => {
    for (const l of (await ok(await call('c0001.buyer', 'GET', '/api/v1/draft'))).lines)
      await ok(await call('c0001.buyer', 'DELETE', `/api/v1/draft/lines/${l.id}`));
  };
  await clear();
  await ok(await call('c0001.buyer', 'POST', '/api/v1/draft/lines', { lines: [{ ...TV, quantity: UNITS }] },
    { 'Idempotency-Key': `flow-d-${RUN}` }), 201);
  const tpl = await ok(await call('c0001.buyer', 'POST', '/api/v1/templates', { name: `门店电视补货 ${RUN}` },
    { 'Idempotency-Key': `flow-t-${RUN}` }), 201);
  await clear();

  // 1. the chain's buyer starts the order from the template, for the Beijing branch
  const buyer = await signIn('c0001.buyer', '/templates');
  assert.match(await text(buyer, 'main'), new RegExp(`门店电视补货 ${RUN}`));
  await checkPage(buyer, 'chain-templates');
  await click(buyer, `form:has(input[name=id][value="${tpl.id}"]) button[type=submit]:not(.danger)`);
  assert.match(buyer.url(), /\/draft/);
  await buyer.goto(`${BASE}/draft?dealer=${d1}`, { waitUntil: 'load' });
  const priced = await ok(await call('c0001.buyer', 'GET', `/api/v1/draft?dealer=${d1}`));
  assert.equal(priced.lines[0].price_source, 'contract');
  assert.equal(priced.lines[0].line_total, TOTAL, 'the contract\'s price and the option\'s');
  assert.match(await text(buyer, 'table.draft tbody'), /合同价/, 'the page says a contract priced it');
  assert.match(await text(buyer, '#draft-total'), /328,500\.00/);
  await checkPage(buyer, 'chain-draft-contract');
  await buyer.select('#dealer', String(d1));
  await buyer.$eval('#requested_date', (e, d) => { e.value = d; }, later(20));
  await buyer.type('#ship_to', '北京市朝阳区建国路 93 号 沃尔玛收货区');
  await click(buyer, '#submit button');
  const number = new URL(buyer.url()).pathname.split('/').pop();
  assert.match(number, /^SO-\d{4}-\d{6}$/);
  const [[status, total, chain]] = sql(`SELECT status, total, chain_id FROM orders WHERE number = '${number}'`);
  assert.equal(status, 'awaiting_release', 'above the branch\'s own limit');
  assert.equal(Number(total), TOTAL);
  assert.equal(Number(chain), idOf('C0001'));
  assert.equal((await call('r01.approver', 'GET', `/api/v1/orders/${number}`)).status, 404, 'the region does not see it yet');
  assert.match(await text(buyer, '.notice'), /审批人放行/, 'the buyer is told who releases it');
  await checkPage(buyer, 'chain-order-awaiting');

  // 2. the branch's approver releases it, on a phone
  const approver = await signIn('d0001.approver', `/orders/${number}`);
  await approver.setViewport({ width: 390, height: 844 });
  assert.match(await text(approver, '#release-h'), /放行/);
  await approver.type('#release-note', '店长同意');
  await click(approver, '#release button');
  assert.equal(sql(`SELECT status FROM orders WHERE number = '${number}'`)[0][0], 'submitted');
  await checkPage(approver, 'chain-order-released');

  // 3. the region approves it
  const region = await signIn('r01.approver', `/orders/${number}`);
  await checkPage(region, 'chain-order-region');
  const o = await ok(await call('r01.approver', 'POST', `/api/v1/orders/${number}/approve`, { promised_date: later(15) }));
  assert.equal(o.status, 'approved');
  assert.deepEqual(o.timeline.map((e) => e.status), ['awaiting_release', 'submitted', 'approved']);

  // 4. the ERP ships it in two shipments: 40 units, then the other 50
  let cur = await ok(await call('erp', 'POST', `/api/v1/orders/${number}/events`, { status: 'scheduled' }));
  cur = await ok(await call('erp', 'POST', `/api/v1/orders/${number}/events`, { status: 'in_production' }));
  const s1 = await ok(await call('erp', 'POST', `/api/v1/orders/${number}/shipments`, { lines: [{ line: 1, quantity: 40 }],
    carrier: '顺丰', waybill: `SF${RUN}1`, version: cur.version }, { 'Idempotency-Key': `flow-s1-${RUN}` }), 201);
  cur = await ok(await call('erp', 'GET', `/api/v1/orders/${number}`));
  const s2 = await ok(await call('erp', 'POST', `/api/v1/orders/${number}/shipments`, { lines: [{ line: 1, quantity: 50 }],
    carrier: '顺丰', waybill: `SF${RUN}2`, version: cur.version }, { 'Idempotency-Key': `flow-s2-${RUN}` }), 201);
  assert.equal(s1.amount + s2.amount, TOTAL, 'the invoices sum to the order');
  assert.equal(sql(`SELECT status FROM orders WHERE number = '${number}'`)[0][0], 'shipped');

  // 5. the branch's finance sees the two invoices on its account
  const finance = await signIn('d0001.finance', `/dealers/${d1}/ledger`);
  const account = await text(finance, 'main');
  assert.ok(account.includes(s1.number) && account.includes(s2.number), 'both invoices');
  await checkPage(finance, 'chain-branch-invoices');
  const order = await signIn('d0001.buyer', `/orders/${number}`);
  assert.match(await text(order, 'main'), new RegExp(s2.number));
  await checkPage(order, 'chain-order-shipped');

  // 6. the branch's buyer returns one unit from the order page, on a phone; the region approves
  // it and receives the goods; the credit note, one unit's frozen price, is on the branch's account
  await order.setViewport({ width: 390, height: 844 });
  assert.match(await text(order, '#return-h'), /退货/);
  await order.type('#return-line-1', '1');
  await order.type('#return-reason', '一台屏幕运输破损');
  await click(order, '#return button');
  const rma = new URL(order.url()).pathname.split('/').pop();
  assert.match(rma, /^RMA-\d{4}-\d{6}$/);
  assert.match(await text(order, '.notice'), /退货申请已提交/);
  await checkPage(order, 'chain-return-requested');
  const chainList = await signIn('c0001.buyer', '/returns');
  assert.match(await text(chainList, 'main'), new RegExp(rma), 'the chain reads its branch\'s return');
  await checkPage(chainList, 'chain-returns');
  const decide = await signIn('r01.approver', `/returns/${rma}`);
  await checkPage(decide, 'chain-return-decide');
  await click(decide, '#approve button');
  await click(decide, '#receive button');
  const got = await ok(await call('d0001.buyer', 'GET', `/api/v1/returns/${rma}`));
  assert.equal(got.status, 'received');
  assert.equal(got.amount, TOTAL / UNITS, 'one unit of the frozen line total');
  await checkPage(decide, 'chain-return-received');
  await finance.goto(`${BASE}/dealers/${d1}/ledger`, { waitUntil: 'load' });
  const credited = await text(finance, 'main');
  assert.ok(credited.includes(rma), 'the credit note on the branch\'s account');
  const [[amount, P]] = sql(`SELECT amount, period FROM ledger_entries WHERE kind = 'credit_note' AND reference = '${rma}'`);
  assert.equal(Number(amount), -TOTAL / UNITS);
  await checkPage(finance, 'chain-branch-credit-note');
  // the month closes: the branch's statement holds both invoices and the credit note
  const first = await closeThrough(call, P);
  try {
    await finance.goto(`${BASE}/dealers/${d1}/statements/${P}`, { waitUntil: 'load' });
    const statement = await text(finance, 'main');
    for (const ref of [s1.number, s2.number, rma]) assert.ok(statement.includes(ref), `${ref} on the statement`);
    await checkPage(finance, 'chain-branch-statement');
  } finally {
    if (first) reopenMonth(first);
  }
});
