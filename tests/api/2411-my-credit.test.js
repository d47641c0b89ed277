// 2411: the dealer's credit page (issue #24). The dealer's own people and its chain's read its
// credit (GET /api/v1/dealers/{id}/credit/outlook, /credit/orders, the pages /my-credit and
// /my-credit/{id}) and the draft says what submitting it would meet (GET /api/v1/draft's
// credit). Every figure is the approval's own: the queue's position, what an approval records,
// the 409 requires_escalation it answers, and an approval that passes exactly where the outlook
// says it may; the orders listed sum to open_approved, a partly shipped one by what is not yet
// invoiced. A dealer sees only its own, a chain only its branches: anything else is 404.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = idOf('D0001');	// Walmart Beijing, chain C0001, its own release limit ¥200,000
const D2 = idOf('D0002');	// Gome Beijing, chain C0002
const D3 = idOf('D0003');	// Beijing, no chain
const D103 = idOf('D0103');	// Walmart Tianjin, chain C0001
const R01 = idOf('R01');
const yuan = (fen) => (Math.abs(fen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

async function ok(res, status = 200) {
  const body = await res.text();
  assert.equal(res.status, status, body);
  return body ? JSON.parse(body) : null;
}

const outlook = async (dealer, who = 'd0002.buyer', value) => ok(await call(who, 'GET',
  `/api/v1/dealers/${dealer}/credit/outlook${value === undefined ? '' : `?order_value=${value}`}`));
const position = async (dealer) => ok(await call('hq.finance', 'GET', `/api/v1/dealers/${dealer}/credit`));

// Every page of the orders that use dealer's credit, as who reads them.
async function creditOrders(dealer, who = 'd0002.buyer', limit = 2) {
  const items = [];
  let after = '';
  for (;;) {
    const page = await ok(await call(who, 'GET', `/api/v1/dealers/${dealer}/credit/orders?limit=${limit}${after}`));
    items.push(...page.items);
    if (!page.next_cursor) return items;
    after = `&after=${page.next_cursor}`;
  }
}

async function newOrder(who = 'd0002.buyer', quantity = 1) {
  const o = await ok(await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `mc-${RUN}-${n++}` }), 201);
  assert.equal(o.status, 'submitted');
  return o;
}
const approve = (who, number, body = { promised_date: later(20) }) =>
  call(who, 'POST', `/api/v1/orders/${number}/approve`, body);
const setCredit = async (dealer, limit) =>
  ok(await call('hq.finance', 'PUT', `/api/v1/dealers/${dealer}/credit`, { credit_limit: limit }));
const setRegionLimit = async (limit) =>
  ok(await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: limit }));

// The approval queue's item of an order (the region's, or HQ's).
async function queued(number, who = 'r01.approver') {
  let after = '';
  for (;;) {
    const page = await ok(await call(who, 'GET', `/api/v1/approvals?limit=100${after}`));
    const it = page.items.find((i) => i.number === number);
    if (it) return it;
    assert.ok(page.next_cursor, `${number} is in the queue`);
    after = `&after=${page.next_cursor}`;
  }
}

// The exposure by its definition, straight from the tables: the ledger's sum plus what of each
// approved, scheduled or in-production order is not yet invoiced.
function exposureOf(dealer) {
  const [[balance, open]] = sql(`SELECT COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE dealer_id = ${dealer}), 0),
    COALESCE((SELECT SUM(total - invoiced) FROM orders WHERE dealer_id = ${dealer}
    AND status IN ('approved', 'scheduled', 'in_production')), 0)`);
  return { balance: Number(balance), open: Number(open) };
}

let regionLimit;
test.before(async () => {
  [[regionLimit]] = sql(`SELECT approval_limit FROM orgs WHERE id = ${R01}`);
  await setCredit(D2, 100000000000);
  await setRegionLimit(10000000000);
});
test.after(async () => {
  await setRegionLimit(Number(regionLimit));
  await setCredit(D2, 100000000000);
});

test('the figures are the approval\'s: the queue\'s position, what an approval records, the orders summing to open_approved', async () => {
  // an approved order and one partly shipped, so the dealer has open approved orders
  const a = await newOrder('d0002.buyer', 2);
  assert.equal((await approve('r01.approver', a.number)).status, 200);
  const b = await newOrder('d0002.buyer', 3);
  assert.equal((await approve('r01.approver', b.number)).status, 200);
  for (const status of ['scheduled', 'in_production']) {
    await ok(await call('r01.approver', 'POST', `/api/v1/orders/${b.number}/events`, { status }));
  }
  const bv = (await ok(await call('d0002.buyer', 'GET', `/api/v1/orders/${b.number}`))).version;
  const s1 = await ok(await call('erp', 'POST', `/api/v1/orders/${b.number}/shipments`,
    { lines: [{ line: 1, quantity: 1 }], carrier: 'SF', waybill: `MC-${RUN}`, version: bv },
    { 'Idempotency-Key': `mc-s-${RUN}` }), 201);
  assert.ok(s1.amount > 0 && s1.amount < b.total);

  const c = await outlook(D2);
  const p = await position(D2);
  const byTables = exposureOf(D2);
  for (const k of ['credit_limit', 'balance', 'open_approved', 'exposure', 'headroom']) {
    assert.equal(c[k], p[k], `${k}: the dealer's outlook and the position staff read`);
  }
  assert.equal(c.balance, byTables.balance);
  assert.equal(c.open_approved, byTables.open);
  assert.equal(c.exposure, c.balance + c.open_approved);
  assert.equal(c.headroom, c.credit_limit - c.exposure);
  assert.equal(c.dealer.id, D2);
  assert.equal(c.dealer.code, 'D0002');
  assert.equal(c.exposure_text, (c.exposure < 0 ? '-' : '') + yuan(c.exposure), 'money_format');
  assert.equal(c.headroom_text, yuan(c.headroom));
  assert.equal(c.order_value, undefined, 'no order: no verdicts');

  // the orders using it: every page, oldest first, summing to open_approved
  const orders = await creditOrders(D2);
  assert.equal(orders.reduce((s, o) => s + o.open, 0), c.open_approved);
  for (const o of orders) {
    assert.ok(['approved', 'scheduled', 'in_production'].includes(o.status), o.status);
    assert.equal(o.open, o.total - o.invoiced);
    assert.match(o.placed_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(o.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(o.total_text, yuan(o.total));
  }
  const ids = orders.map((o) => Number(sql(`SELECT id FROM orders WHERE number = '${o.number}'`)[0][0]));
  assert.deepEqual([...ids].sort((x, y) => x - y), ids, 'oldest first');
  const la = orders.find((o) => o.number === a.number);
  assert.deepEqual([la.status, la.total, la.invoiced, la.open], ['approved', a.total, 0, a.total]);
  const lb = orders.find((o) => o.number === b.number);
  assert.deepEqual([lb.status, lb.total, lb.invoiced, lb.open], ['in_production', b.total, s1.amount, b.total - s1.amount],
    'a partly shipped order uses what is not yet invoiced');
  assert.ok(lb.promised_date);

  // a submitted order: the queue shows the same position and headroom after it as the outlook
  const o = await newOrder();
  const it = await queued(o.number);
  const w = await outlook(D2, 'd0002.buyer', o.total);
  for (const k of ['credit_limit', 'balance', 'open_approved', 'exposure']) assert.equal(it.credit[k], w[k], k);
  assert.equal(it.credit.headroom_after, w.headroom_after);
  assert.equal(w.headroom_after, w.headroom - o.total);
  assert.equal(w.order_value, o.total);
  assert.deepEqual([w.over_credit, w.over_limit, w.needs_hq], [false, false, false]);
  assert.equal(w.approval_limit, 10000000000);
  assert.equal(w.window_hours, Number(sql(`SELECT approval_window_hours FROM orgs WHERE id = ${R01}`)[0][0]));
  // what the region approved for the dealer within the window, as the approval sums it
  const [[recent]] = sql(`SELECT COALESCE(SUM(a.order_value), 0) FROM approvals a JOIN orders o ON o.id = a.order_id
    WHERE a.dealer_id = ${D2} AND a.decision = 'approved' AND a.approval_limit IS NOT NULL
    AND a.at >= UTC_TIMESTAMP(6) - INTERVAL ${w.window_hours} HOUR AND o.status <> 'cancelled'`);
  assert.equal(w.approved_recent, Number(recent));
  assert.equal(w.region_max, Math.max(0, Math.min(w.approval_limit - w.approved_recent, w.headroom)));
  // the approval records the exposure it was taken on: the outlook's, before it
  assert.equal((await approve('r01.approver', o.number)).status, 200);
  const [[limit, exposure, value]] = sql(`SELECT a.credit_limit, a.exposure, a.order_value FROM approvals a
    JOIN orders x ON x.id = a.order_id WHERE x.number = '${o.number}' AND a.decision = 'approved'`);
  assert.deepEqual([Number(limit), Number(exposure), Number(value)], [w.credit_limit, w.exposure, o.total]);
  const after = await outlook(D2);
  assert.equal(after.open_approved, w.open_approved + o.total, 'now it uses the credit');
  assert.equal(after.headroom, w.headroom_after);
  assert.ok((await creditOrders(D2, 'd0002.buyer', 100)).some((x) => x.number === o.number));
});

test('the region\'s limit: an order up to region_max is approved alone, one over it answers 409 as the outlook says', async () => {
  // room in the approval limit for exactly one order of o's value
  const o = await newOrder();
  let w = await outlook(D2, 'd0002.buyer', o.total);
  await setRegionLimit(w.approved_recent + o.total);
  w = await outlook(D2, 'd0002.buyer', o.total);
  assert.equal(w.region_max, o.total, 'the limit\'s room is the most the region approves');
  assert.deepEqual([w.over_limit, w.needs_hq], [false, false]);
  // a fen less: the same order is over the limit, by the outlook and by the approval
  await setRegionLimit(w.approved_recent + o.total - 1);
  w = await outlook(D2, 'd0002.buyer', o.total);
  assert.equal(w.region_max, o.total - 1);
  assert.deepEqual([w.over_limit, w.over_credit, w.needs_hq], [true, false, true]);
  let res = await approve('r01.approver', o.number);
  assert.equal(res.status, 409);
  let e = await errorOf(res);
  assert.equal(e.code, 'requires_escalation');
  assert.deepEqual(Object.keys(e.fields), ['approval_limit']);
  assert.match(e.fields.approval_limit, new RegExp(`approval limit of ¥${yuan(w.approval_limit).replace(/[.,]/g, '\\$&')}`));
  // at the limit again: the region approves it alone
  await setRegionLimit(w.approved_recent + o.total);
  assert.equal((await outlook(D2, 'd0002.buyer', o.total)).needs_hq, false);
  assert.equal((await approve('r01.approver', o.number)).status, 200);
  // the window now holds it: nothing more fits, so every order needs HQ
  w = await outlook(D2, 'd0002.buyer', 1);
  assert.equal(w.region_max, 0);
  assert.deepEqual([w.over_limit, w.needs_hq], [true, true]);
  res = await approve('r01.approver', (await newOrder()).number);
  assert.equal(res.status, 409);
  assert.ok((await errorOf(res)).fields.approval_limit);
  await setRegionLimit(10000000000);
});

test('a dealer at and over its headroom: region_max 0, over_credit by what the approval\'s 409 says; HQ needs a reason', async () => {
  let c = await outlook(D2);
  // a limit (never below 0) exactly at the exposure: headroom 0
  if (c.exposure < 0) {
    await ok(await call('hq.finance', 'POST', `/api/v1/dealers/${D2}/ledger`,
      { kind: 'fee', amount: -c.exposure + 100000, reference: `MC-FEE-${RUN}` }), 201);
    c = await outlook(D2);
  }
  await setCredit(D2, c.exposure);
  c = await outlook(D2);
  assert.equal(c.headroom, 0);
  assert.equal(c.region_max, 0, 'at the headroom: the region approves nothing alone');
  assert.equal(c.over_credit_by, undefined, 'at it, not over it');
  const o = await newOrder();
  const w = await outlook(D2, 'd0002.buyer', o.total);
  assert.deepEqual([w.over_credit, w.over_limit, w.needs_hq], [true, false, true]);
  assert.equal(w.headroom_after, -o.total);
  assert.equal(w.over_credit_by, o.total);
  assert.equal(w.over_credit_by_text, yuan(o.total));
  // the region's approval says the same, to the fen
  let res = await approve('r01.approver', o.number);
  assert.equal(res.status, 409);
  const e = await errorOf(res);
  assert.equal(e.code, 'requires_escalation');
  assert.deepEqual(Object.keys(e.fields), ['credit_limit']);
  assert.match(e.fields.credit_limit, new RegExp(`by ¥${w.over_credit_by_text.replace(/[.,]/g, '\\$&')}$`));
  assert.match(e.fields.credit_limit, new RegExp(`limit of ¥${w.credit_limit_text.replace(/[.,]/g, '\\$&')}`));
  // the queue's headroom after it is the outlook's
  assert.equal((await queued(o.number)).credit.headroom_after, w.headroom_after);
  // escalated, HQ approves over credit only with a written reason
  await ok(await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/escalate`, { reason: 'over credit' }));
  res = await approve('hq.key', o.number);
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'requires_override');
  assert.equal((await approve('hq.key', o.number, { promised_date: later(20), override_reason: 'paid by transfer' })).status, 200);
  // now over: headroom below 0, over_credit_by what the exposure passes the limit by
  c = await outlook(D2);
  assert.equal(c.headroom, -o.total);
  assert.equal(c.over_credit_by, o.total);
  assert.equal(c.region_max, 0);
  const pos = await position(D2);
  assert.equal(pos.headroom, c.headroom, 'the position staff read agrees');
  // its page says so
  const page = await (await call('d0002.buyer', 'GET', '/my-credit', undefined, { 'Accept-Language': 'en' })).text();
  assert.match(page, new RegExp(`-¥${yuan(o.total).replace(/[.,]/g, '\\$&')}`));
  await setCredit(D2, 100000000000);
});

test('the draft says what submitting it would meet: its credit is the outlook of its total; the release limit', async () => {
  for (const who of ['d0002.buyer', 'd0001.buyer']) {
    for (const l of (await ok(await call(who, 'GET', '/api/v1/draft'))).lines) {
      await ok(await call(who, 'DELETE', `/api/v1/draft/lines/${l.id}`));
    }
  }
  let d = await ok(await call('d0002.buyer', 'GET', '/api/v1/draft'));
  assert.equal(d.credit, undefined, 'an empty draft: nothing to weigh');
  await ok(await call('d0002.buyer', 'POST', '/api/v1/draft/lines', { product: 'XQG-2002', quantity: 4,
    options: { capacity_kg: 7, loading: 'front' } }, { 'Idempotency-Key': `mc-d-${RUN}` }), 201);
  d = await ok(await call('d0002.buyer', 'GET', '/api/v1/draft'));
  assert.ok(d.total > 0);
  const w = await outlook(D2, 'd0002.buyer', d.total);
  assert.deepEqual(d.credit, w, 'the same operation, the same figures');
  assert.equal(d.credit.headroom_after, d.credit.headroom - d.total);
  assert.equal(d.release, undefined, 'no release limit for D0002');
  // D0001 has its own release limit of 200,000 yuan: an order above it waits for its approver
  await ok(await call('d0001.buyer', 'POST', '/api/v1/draft/lines', { product: 'XQG-2002', quantity: 200,
    options: { capacity_kg: 7, loading: 'front' } }, { 'Idempotency-Key': `mc-d1-${RUN}` }), 201);
  d = await ok(await call('d0001.buyer', 'GET', '/api/v1/draft'));
  assert.ok(d.total > 20000000);
  assert.deepEqual([d.release.release_limit, d.release.waits], [20000000, true]);
  assert.equal(d.credit.dealer.id, D1);
  // a chain's buyer: the branch it prices for; another chain's dealer is 404
  d = await ok(await call('c0001.buyer', 'GET', `/api/v1/draft?dealer=${D1}`));
  if (d.lines.length > 0 && d.total > 0) assert.equal(d.credit.dealer.id, D1);
  assert.equal((await call('c0001.buyer', 'GET', `/api/v1/draft?dealer=${D2}`)).status, 404);
  for (const l of (await ok(await call('d0001.buyer', 'GET', '/api/v1/draft'))).lines) {
    await ok(await call('d0001.buyer', 'DELETE', `/api/v1/draft/lines/${l.id}`));
  }
});

test('a chain reads each of its branches, the same figures as the branch\'s own people; pages list them', async () => {
  const branches = (await ok(await call('c0001.buyer', 'GET', '/api/v1/credit?limit=100'))).items;
  const ids = branches.map((b) => b.dealer.id);
  assert.ok(ids.includes(D1) && ids.includes(D103), 'Walmart Beijing and Tianjin');
  const C1 = String(idOf('C0001'));
  assert.deepEqual(ids.filter((id) => sql(`SELECT chain_id FROM orgs WHERE id = ${id}`)[0][0] !== C1), [],
    'only its branches');
  for (const b of branches.slice(0, 4)) {
    const mine = await outlook(b.dealer.id, 'c0001.buyer');
    for (const k of ['credit_limit', 'balance', 'open_approved', 'exposure', 'headroom']) assert.equal(mine[k], b[k], k);
    const orders = await creditOrders(b.dealer.id, 'c0001.buyer', 100);
    assert.equal(orders.reduce((s, o) => s + o.open, 0), mine.open_approved);
  }
  const own = await outlook(D1, 'd0001.finance');
  const chain = await outlook(D1, 'c0001.finance');
  delete own.dealer.name;	// in each reader's language
  delete chain.dealer.name;
  assert.deepEqual(chain, own, 'the branch\'s people and the chain\'s read the same');
  // the pages: the chain's list of branches, then one
  const list = await (await call('c0001.buyer', 'GET', '/my-credit')).text();
  for (const id of [D1, D103]) assert.match(list, new RegExp(`href="/my-credit/${id}"`));
  assert.doesNotMatch(list, new RegExp(`href="/my-credit/${D2}"`));
  const one = await call('c0001.buyer', 'GET', `/my-credit/${D103}`);
  assert.equal(one.status, 200);
  assert.match(await one.text(), /D0103/);
  // a dealer's own page is its own
  const mine = await (await call('d0001.approver', 'GET', '/my-credit')).text();
  assert.match(mine, /D0001/);
  assert.match(mine, new RegExp(`¥${own.exposure_text.replace(/[.,]/g, '\\$&')}`));
});

test('scope: another dealer\'s or another chain\'s credit is 404, on the API and the pages', async () => {
  const cases = [
    ['d0001.buyer', D2], ['d0001.finance', D3], ['d0002.admin', D1],	// another dealer
    ['c0001.buyer', D2], ['c0001.finance', D3], ['c0002.buyer', D1], ['c0002.buyer', D103],	// not a branch
    ['r02.approver', D1], ['r02.manager', D2],	// another region's staff (API)
  ];
  for (const [who, dealer] of cases) {
    for (const p of [`/api/v1/dealers/${dealer}/credit/outlook`, `/api/v1/dealers/${dealer}/credit/outlook?order_value=100`,
      `/api/v1/dealers/${dealer}/credit/orders`]) {
      const res = await call(who, 'GET', p);
      assert.equal(res.status, 404, `${who} ${p}`);
      assert.equal((await errorOf(res)).code, 'not_found');
    }
    if (!who.startsWith('r0')) {
      const page = await call(who, 'GET', `/my-credit/${dealer}`);
      assert.equal(page.status, 404, `${who} /my-credit/${dealer}`);
      assert.doesNotMatch(await page.text(), /credit-figures/);
    }
  }
  // no such dealer, a region or a chain as "dealer", a malformed id: 404 too
  for (const id of ['999999999', String(R01), String(idOf('C0001')), 'abc', '0', '-5']) {
    assert.equal((await call('c0001.buyer', 'GET', `/api/v1/dealers/${id}/credit/outlook`)).status, 404, id);
    assert.equal((await call('d0001.buyer', 'GET', `/my-credit/${id}`)).status, 404, id);
  }
  // staff in scope read the API; the pages are the customer's (staff have /credit)
  assert.equal((await call('r01.approver', 'GET', `/api/v1/dealers/${D1}/credit/outlook`)).status, 200);
  assert.equal((await call('hq.key', 'GET', `/api/v1/dealers/${D2}/credit/orders`)).status, 200);
  assert.equal((await call('r01.approver', 'GET', '/my-credit')).status, 403);
  assert.equal((await call('p0101.agent', 'GET', `/api/v1/dealers/${D1}/credit/outlook`)).status, 404);
});

test('bad input: a clear 422 naming the field', async () => {
  for (const q of ['order_value=abc', 'order_value=-1', 'order_value=1.5', 'order_value=100000000000001',
    'order_value=', 'order_value=99999999999999999999']) {
    const res = await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/credit/outlook?${q}`);
    assert.equal(res.status, 422, q);
    assert.ok((await errorOf(res)).fields.order_value, q);
  }
  for (const [q, field] of [['after=x', 'after'], ['after=-1', 'after'], ['limit=0', 'limit'], ['limit=101', 'limit']]) {
    const res = await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/credit/orders?${q}`);
    assert.equal(res.status, 422, q);
    assert.ok((await errorOf(res)).fields[field], q);
  }
  assert.equal((await call('d0002.buyer', 'GET', '/my-credit?after=x')).status, 422);
  assert.equal((await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/credit/outlook?order_value=0`)).status, 200);
});
