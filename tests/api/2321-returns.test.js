// 2321: returns (RMA, issue #23, acceptance 5, second half): a dealer's buyer asks to return
// delivered quantities of a shipped order, the region approves or refuses, the goods are
// received and the credit note is posted to the dealer's ledger in that transaction; returns
// never exceed delivered quantities (racing requests: one 409); the credit note equals the
// returned lines' frozen prices, to the fen, and a line returned in parts credits its total.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;

// The demo's chains: D0001 (Walmart Beijing) is Walmart China's (C0001), D0002 Gome's (C0002);
// other tests move branches in and out of chains, so this one puts them in for its run and
// leaves them as it found them.
const chainsBefore = [];
const chainOf = (d, expr) => {
  sql(`UPDATE orgs d SET d.chain_id = ${expr} WHERE d.code = '${d}'`);
  sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = d.chain_id WHERE d.code = '${d}'`);
  sql(`UPDATE returns r JOIN orgs d ON d.id = r.dealer_id SET r.chain_id = d.chain_id WHERE d.code = '${d}'`);
};
test.before(() => {
  for (const [d, c] of [['D0001', 'C0001'], ['D0002', 'C0002']]) {
    chainsBefore.push([d, sql(`SELECT COALESCE(chain_id, 'NULL') FROM orgs WHERE code = '${d}'`)[0][0]]);
    chainOf(d, `(SELECT id FROM (SELECT id FROM orgs WHERE code = '${c}') c)`);
  }
});
test.after(() => {
  for (const [d, was] of chainsBefore) chainOf(d, was);
});

// A shipped order of d0001: line 1 three units whose frozen total, 100,001 fen, does not divide
// by three; line 2 two units.  Shipped by the ERP in one shipment (one invoice, the total).
async function shippedOrder(extra = {}) {
  const res = await call('d0001.buyer', 'POST', '/api/v1/orders', { ...extra, lines: [
    { product: 'XQG-2002', quantity: 3, options: { capacity_kg: 7, loading: 'front' } },
    { product: 'XQG-2002', quantity: 2, options: { capacity_kg: 8, loading: 'front' } }],
  requested_date: later(), ship_to: 'Beijing' }, { 'Idempotency-Key': `rma-o-${RUN}-${n++}` });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const o = await res.json();
  sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.unit_price = 33334, l.discount = 1,
    l.line_total = 100001 WHERE o.number = '${o.number}' AND l.line_no = 1`);
  sql(`UPDATE orders o SET o.total = (SELECT SUM(line_total) FROM order_lines WHERE order_id = o.id),
    o.status = 'in_production', o.version = o.version + 1, o.promised_date = '${later(12)}'
    WHERE o.number = '${o.number}'`);
  const s = await call('erp', 'POST', `/api/v1/orders/${o.number}/shipments`,
    { lines: [{ line: 1, quantity: 3 }, { line: 2, quantity: 2 }], carrier: 'SF Express', waybill: `SF-${RUN}-${n}` },
    { 'Idempotency-Key': `rma-s-${RUN}-${n++}` });
  assert.equal(s.status, 201, JSON.stringify(await s.clone().json()));
  const now = await read(o.number);
  assert.equal(now.status, 'shipped');
  return now;
}
const read = async (number, who = 'd0001.buyer') => (await call(who, 'GET', `/api/v1/orders/${number}`)).json();
const ask = (who, number, body, key = `k-${RUN}-${n++}`) =>
  call(who, 'POST', `/api/v1/orders/${number}/returns`, body, key === null ? {} : { 'Idempotency-Key': key });
const act = (who, number, what, body = {}) => call(who, 'POST', `/api/v1/returns/${number}/${what}`, body);
const one = async (number, who = 'd0001.buyer') => (await call(who, 'GET', `/api/v1/returns/${number}`)).json();
const returnedOf = (number) => sql(`SELECT l.returned, l.received FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE o.number = '${number}' ORDER BY l.line_no`).map((r) => [Number(r[0]), Number(r[1])]);
const count = (q) => Number(sql(q)[0][0]);
const creditNotes = (number) => sql(`SELECT e.amount, e.reference, e.memo FROM ledger_entries e WHERE e.kind = 'credit_note'
  AND e.memo = '${number}' ORDER BY e.id`).map(([a, r, m]) => [Number(a), r, m]);
const returnsOf = (number) => count(`SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id
  WHERE o.number = '${number}'`);
// what n units of a line of q units with frozen total L credit when before of them went back:
// floor(L*(before+n)/q) - floor(L*before/q), computed here by hand in BigInt
const value = (L, q, k) => Number((BigInt(L) * BigInt(k)) / BigInt(q));
const credit = (line, before, k) => value(line.line_total, line.quantity, before + k) - value(line.line_total, line.quantity, before);

test('request, approve, receive: the credit note equals the returned lines\' frozen prices', async () => {
  const o = await shippedOrder({ po_number: `PO-RMA-${RUN}` });
  const [l1, l2] = o.lines;
  assert.equal(l1.line_total, 100001);
  assert.equal(l2.line_total, l2.unit_price * 2 - l2.discount);
  let res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }, { line: 2, quantity: 1 }],
    reason: 'two units arrived damaged' });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const r = await res.json();
  assert.match(r.number, /^RMA-\d{4}-\d{6}$/);
  assert.equal(r.order, o.number);
  assert.equal(r.status, 'requested');
  assert.equal(r.version, 1);
  assert.equal(r.reason, 'two units arrived damaged');
  assert.equal(r.credit_note, null);
  const want = 33333 + credit(l2, 0, 1);
  assert.equal(credit(l1, 0, 1), 33333);
  assert.equal(r.amount, want);
  assert.deepEqual(r.lines.map((l) => [l.line, l.quantity, l.amount, l.line_total]),
    [[1, 1, 33333, 100001], [2, 1, credit(l2, 0, 1), l2.line_total]]);
  assert.deepEqual(returnedOf(o.number), [[1, 0], [1, 0]], 'reserved, not yet received');
  // the order shows it: its lines, its returns, its timeline
  let now = await read(o.number);
  assert.deepEqual(now.lines.map((l) => l.returned), [1, 1]);
  assert.deepEqual(now.returns.map((x) => [x.number, x.status, x.amount]), [[r.number, 'requested', want]]);
  assert.equal(now.timeline.at(-1).status, 'return_requested');
  assert.equal(now.timeline.at(-1).note, r.number);
  // the region approves (stale version first), then the ERP receives: the credit note
  res = await act('r01.approver', r.number, 'approve', { version: 7 });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'conflict');
  res = await act('r01.approver', r.number, 'approve', { version: 1 });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'approved');
  res = await act('r01.approver', r.number, 'approve');
  assert.equal(res.status, 409, 'approved once');
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  const ledger = count('SELECT COUNT(*) FROM ledger_entries');
  res = await act('erp', r.number, 'receive');
  assert.equal(res.status, 200);
  const got = await res.json();
  assert.equal(got.status, 'received');
  assert.equal(got.amount, want);
  assert.ok(got.credit_note > 0);
  assert.equal(count('SELECT COUNT(*) FROM ledger_entries'), ledger + 1, 'one entry: the credit note');
  assert.deepEqual(creditNotes(o.number), [[-want, r.number, o.number]]);
  assert.deepEqual(returnedOf(o.number), [[1, 1], [1, 1]]);
  res = await act('erp', r.number, 'receive');
  assert.equal(res.status, 409, 'credited once');
  assert.equal(creditNotes(o.number).length, 1);
  // the dealer's ledger shows the credit note
  const D = o.dealer.id;
  const led = await (await call('d0001.buyer', 'GET', `/api/v1/dealers/${D}/ledger`)).json();
  const e = led.items.find((x) => x.id === got.credit_note);
  assert.ok(e, 'on the dealer\'s ledger');
  assert.equal(e.kind, 'credit_note');
  assert.equal(e.amount, -want);
  assert.equal(e.reference, r.number);
  assert.equal(e.po_number, `PO-RMA-${RUN}`, 'the order\'s PO number, as on its invoices');
  const page = await (await call('d0001.buyer', 'GET', `/dealers/${D}/ledger`)).text();
  assert.ok(page.includes(r.number), 'on the ledger page');
  now = await read(o.number);
  assert.deepEqual(now.returns.map((x) => [x.status, x.credit_note]), [['received', got.credit_note]]);
  assert.deepEqual(now.timeline.map((x) => x.status).slice(-3), ['return_requested', 'return_approved', 'return_received']);
  // the rest of line 1 comes back too: line 1's credits sum to its total exactly
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 2 }], reason: 'the rest' });
  assert.equal(res.status, 201);
  const r2 = await res.json();
  assert.equal(r2.amount, 100001 - 33333);
  assert.equal((await act('r01.manager', r2.number, 'approve')).status, 200);
  assert.equal((await act('r01.approver', r2.number, 'receive')).status, 200);
  const notes = creditNotes(o.number);
  assert.equal(notes.length, 2);
  assert.equal(-(notes[0][0] + notes[1][0]), 100001 + credit(l2, 0, 1));
  // the dealer's buyers heard of each step (when notifications are on)
  const kinds = sql(`SELECT kind FROM notify_events WHERE object_ref = '${r.number}' ORDER BY id`).map((x) => x[0]);
  if (kinds.length) assert.deepEqual(kinds, ['return.requested', 'return.approved', 'return.received']);
  assert.equal(count(`SELECT COUNT(*) FROM feed_events WHERE object_type = 'return' AND object_ref = '${r.number}'`), 3);
});

test('a refused or withdrawn return gives its units back; receipt credits by what was received', async () => {
  const o = await shippedOrder();
  let res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 2 }], reason: 'wrong model' });
  assert.equal(res.status, 201);
  const a = await res.json();
  assert.equal(a.amount, value(100001, 3, 2));
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'one more' });
  const b = await res.json();
  assert.equal(b.amount, 100001 - value(100001, 3, 2));
  assert.deepEqual(returnedOf(o.number), [[3, 0], [0, 0]]);
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'too many' });
  assert.equal(res.status, 409, 'all three are asked back already');
  // refusing needs a reason; dealers do not decide; receipt waits for approval
  res = await act('r01.approver', a.number, 'refuse', {});
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.reason);
  assert.equal((await act('d0001.buyer', a.number, 'approve')).status, 403);
  res = await act('erp', a.number, 'receive');
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  res = await act('r01.approver', a.number, 'refuse', { reason: 'used, not damaged' });
  assert.equal(res.status, 200);
  const refused = await res.json();
  assert.equal(refused.status, 'refused');
  assert.equal(refused.refusal, 'used, not damaged');
  assert.deepEqual(returnedOf(o.number), [[1, 0], [0, 0]], 'the refused units are free again');
  // the dealer withdraws its own request while it is asked; not after
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 2, quantity: 2 }], reason: 'changed mind' });
  const c = await res.json();
  assert.equal((await act('d0001.buyer', c.number, 'cancel')).status, 200);
  assert.equal((await one(c.number)).status, 'cancelled');
  assert.equal((await act('d0001.buyer', c.number, 'cancel')).status, 409);
  assert.deepEqual(returnedOf(o.number), [[1, 0], [0, 0]]);
  // b, asked over units 3 of 3, is received first: its credit is that of the first unit back
  assert.equal((await act('r01.approver', b.number, 'approve')).status, 200);
  assert.equal((await act('d0001.buyer', b.number, 'cancel')).status, 409, 'approved: no withdrawal');
  res = await act('erp', b.number, 'receive');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).amount, value(100001, 3, 1));
  // and the other two units again, received: line 1's credits are its total, to the fen
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 2 }], reason: 'after all' });
  const d = await res.json();
  assert.equal((await act('hq.key', d.number, 'approve')).status, 200);
  assert.equal((await act('erp', d.number, 'receive')).status, 200);
  assert.equal(creditNotes(o.number).reduce((s, [x]) => s - x, 0), 100001);
  assert.deepEqual(returnedOf(o.number), [[3, 3], [0, 0]]);
  const kinds = sql(`SELECT kind FROM notify_events WHERE object_ref = '${a.number}' ORDER BY id`).map((x) => x[0]);
  if (kinds.length) assert.deepEqual(kinds, ['return.requested', 'return.refused']);
});

test('returns never exceed delivered: over-returning is refused with nothing written', async () => {
  const o = await shippedOrder();
  const before = [count('SELECT COUNT(*) FROM returns'), count('SELECT COUNT(*) FROM ledger_entries')];
  let res = await ask('d0001.buyer', o.number, { lines: [{ line: 2, quantity: 1 }, { line: 1, quantity: 4 }], reason: 'x' });
  assert.equal(res.status, 409);
  const e = await errorOf(res);
  assert.equal(e.code, 'over_return');
  assert.match(e.fields['lines[1].quantity'], /at most 3/);
  assert.deepEqual(returnedOf(o.number), [[0, 0], [0, 0]]);
  assert.deepEqual([count('SELECT COUNT(*) FROM returns'), count('SELECT COUNT(*) FROM ledger_entries')], before);
  // an order not yet shipped takes no return
  sql(`UPDATE orders SET status = 'in_production' WHERE number = '${o.number}'`);
  res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'early' });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  for (const st of ['delivered', 'closed']) {
    sql(`UPDATE orders SET status = '${st}' WHERE number = '${o.number}'`);
    res = await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }], reason: st });
    assert.equal(res.status, 201, st);
  }
  // the database holds the line too, whatever writes
  assert.throws(() => sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.returned = 4
    WHERE o.number = '${o.number}' AND l.line_no = 1`));
});

test('two requests at once that together exceed a line: one 201, one 409', async () => {
  for (let round = 0; round < 5; round++) {
    const o = await shippedOrder();
    const both = await Promise.all([
      ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 2 }], reason: 'first' }),
      ask('c0001.buyer', o.number, { lines: [{ line: 1, quantity: 2 }], reason: 'second' })]);
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 409], `round ${round}`);
    const lost = both.find((r) => r.status === 409);
    assert.ok(['over_return', 'conflict'].includes((await errorOf(lost)).code));
    assert.deepEqual(returnedOf(o.number), [[2, 0], [0, 0]]);
    assert.equal(returnsOf(o.number), 1, 'exactly one return');
  }
});

test('decisions and receipts at once: one wins, one credit note', async () => {
  for (let round = 0; round < 3; round++) {
    const o = await shippedOrder();
    const r = await (await ask('d0001.buyer', o.number, { lines: [{ line: 1, quantity: 3 }], reason: 'race' })).json();
    const decided = await Promise.all([act('r01.approver', r.number, 'approve'),
      act('r01.manager', r.number, 'refuse', { reason: 'no' }), act('d0001.buyer', r.number, 'cancel')]);
    assert.deepEqual(decided.map((x) => x.status).sort(), [200, 409, 409], `round ${round}`);
    const now = await one(r.number);
    assert.equal(now.version, 2);
    assert.deepEqual(returnedOf(o.number)[0], [now.status === 'approved' ? 3 : 0, 0]);
    if (now.status !== 'approved') continue;
    const received = await Promise.all([act('erp', r.number, 'receive'), act('r01.approver', r.number, 'receive')]);
    assert.deepEqual(received.map((x) => x.status).sort(), [200, 409]);
    assert.deepEqual(creditNotes(o.number).map(([a]) => a), [-100001], 'one credit note, the line\'s total');
  }
});

test('idempotent: the same key and body answer the return made; another body 409', async () => {
  const o = await shippedOrder();
  const key = `idem-${RUN}`;
  const b = { lines: [{ line: 2, quantity: 1 }], reason: 'dent' };
  const first = await ask('d0001.buyer', o.number, b, key);
  assert.equal(first.status, 201);
  const again = await ask('d0001.buyer', o.number, b, key);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), await first.json());
  const other = await ask('d0001.buyer', o.number, { ...b, reason: 'other' }, key);
  assert.equal(other.status, 409);
  assert.equal((await errorOf(other)).code, 'idempotency_conflict');
  // at once, with one key: one return
  const p = await shippedOrder();
  const k2 = `idem2-${RUN}`;
  const all = await Promise.all([1, 2, 3].map(() => ask('d0001.buyer', p.number, b, k2)));
  assert.deepEqual(all.map((r) => r.status).sort(), [200, 200, 201]);
  assert.equal(returnsOf(p.number), 1);
  assert.deepEqual(returnedOf(p.number), [[0, 0], [1, 0]]);
});

test('bad input: 4xx naming the field; nothing written', async () => {
  const o = await shippedOrder();
  const body = (lines, extra = {}) => ({ lines, reason: 'broken', ...extra });
  const cases = [
    [body([{ line: 1, quantity: 1 }]), 'Idempotency-Key', null],
    [body([{ line: 1, quantity: 1 }]), 'Idempotency-Key', 'bad key!'],
    [body([]), 'lines'], [{ ...body([]), lines: 'all' }, 'lines'],
    [body([{ line: 0, quantity: 1 }]), 'lines[0].line'], [body([{ line: 1, quantity: 0 }]), 'lines[0].quantity'],
    [body([{ line: 1, quantity: 1.5 }]), 'lines[0].quantity'], [body([{ line: '1', quantity: 1 }]), 'lines[0].line'],
    [body([7]), 'lines[0]'],
    [body([{ line: 1, quantity: 1 }, { line: 1, quantity: 1 }]), 'lines[1].line'],
    [body(Array.from({ length: 101 }, (_, i) => ({ line: i + 1, quantity: 1 }))), 'lines'],
    [body([{ line: 9, quantity: 1 }]), 'lines[0].line'],
    [{ lines: [{ line: 1, quantity: 1 }] }, 'reason'],
    [body([{ line: 1, quantity: 1 }], { reason: '   ' }), 'reason'],
    [body([{ line: 1, quantity: 1 }], { reason: 5 }), 'reason'],
    [body([{ line: 1, quantity: 1 }], { reason: '退'.repeat(1001) }), 'reason'],
  ];
  for (const [b, field, key] of cases) {
    const res = await ask('d0001.buyer', o.number, b, key);
    assert.equal(res.status, 422, `${field}: ${JSON.stringify(b).slice(0, 80)}`);
    assert.ok((await errorOf(res)).fields[field], `${field}: ${JSON.stringify(b).slice(0, 80)}`);
  }
  assert.equal((await ask('d0001.buyer', o.number, body([{ line: 1, quantity: 1 }], { reason: '退'.repeat(1000) }))).status, 201);
  let res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/returns`, '[1]',
    { 'Content-Type': 'application/json', 'Idempotency-Key': `arr-${RUN}` });
  assert.equal(res.status, 400);
  res = await ask('d0001.buyer', 'SO-2026-999999', body([{ line: 1, quantity: 1 }]));
  assert.equal(res.status, 404);
  for (const bad of ['RMA-2026-999999', 'x'.repeat(40), '退货']) {
    assert.equal((await call('d0001.buyer', 'GET', `/api/v1/returns/${encodeURIComponent(bad)}`)).status, 404, bad);
    assert.equal((await act('r01.approver', encodeURIComponent(bad), 'approve')).status, 404, bad);
  }
  res = await call('r01.approver', 'GET', '/api/v1/returns?status=lost');
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.status);
  const r = (await (await call('d0001.buyer', 'GET', `/api/v1/returns?limit=1`)).json()).items[0];
  res = await act('r01.approver', r.number, 'refuse', { reason: 'r'.repeat(1001) });
  assert.equal(res.status, 422);
  res = await act('r01.approver', r.number, 'approve', { version: 0 });
  assert.equal(res.status, 422);
  res = await call('r01.approver', 'POST', `/api/v1/returns/${r.number}/approve`, '[1]', { 'Content-Type': 'application/json' });
  assert.equal(res.status, 400);
  assert.equal((await one(r.number)).status, 'requested');
  assert.deepEqual(returnedOf(o.number), [[1, 0], [0, 0]]);
});

test('scope: another dealer, region or chain gets 404; a chain buyer returns for its branch', async () => {
  const o = await shippedOrder();
  // c0001.buyer is Walmart's, over D0001 (Walmart Beijing)
  let res = await ask('c0001.buyer', o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'for the branch' });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const r = await res.json();
  assert.equal(r.dealer.id, o.dealer.id);
  assert.equal((await one(r.number, 'd0001.buyer')).number, r.number, 'the branch reads it');
  assert.equal((await one(r.number, 'c0001.buyer')).number, r.number);
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver', 'c0002.buyer']) {
    assert.equal((await call(who, 'GET', `/api/v1/returns/${r.number}`)).status, 404, `${who} reads`);
    const list = await (await call(who, 'GET', '/api/v1/returns?limit=100')).json();
    assert.ok(!list.items.some((x) => x.number === r.number), `${who} lists`);
  }
  for (const who of ['d0002.buyer', 'c0002.buyer']) {
    res = await ask(who, o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'not mine' });
    assert.equal(res.status, 404, `${who} asks`);
    assert.equal((await act(who, r.number, 'cancel')).status, 404, `${who} cancels`);
  }
  for (const who of ['r02.approver', 'r02.manager']) {
    assert.equal((await act(who, r.number, 'approve')).status, 404, `${who} approves`);
  }
  assert.equal((await act('c0001.buyer', r.number, 'approve')).status, 403, 'the customer does not decide');
  assert.equal((await act('r01.approver', r.number, 'cancel')).status, 403, 'staff do not withdraw');
  assert.equal((await ask('r01.approver', o.number, { lines: [{ line: 1, quantity: 1 }], reason: 'x' })).status, 403);
  assert.deepEqual(returnedOf(o.number), [[1, 0], [0, 0]]);
  // the region's list has it, filtered by status; keyset pages
  const list = await (await call('r01.approver', 'GET', '/api/v1/returns?status=requested&limit=100')).json();
  assert.ok(list.items.some((x) => x.number === r.number));
  assert.ok(list.items.every((x) => x.status === 'requested'));
  const p1 = await (await call('d0001.buyer', 'GET', '/api/v1/returns?limit=1')).json();
  assert.equal(p1.items.length, 1);
  if (p1.next_cursor) {
    const p2 = await (await call('d0001.buyer', 'GET', `/api/v1/returns?limit=1&after=${p1.next_cursor}`)).json();
    assert.notEqual(p2.items[0].number, p1.items[0].number);
  }
  // the chain's approver-free path: the region approves, the chain buyer's request is received
  assert.equal((await act('r01.approver', r.number, 'approve')).status, 200);
  assert.equal((await act('r01.manager', r.number, 'receive')).status, 200);
  assert.deepEqual(creditNotes(o.number).map(([a]) => a), [-33333]);
});

test('pages: the order\'s return form, the returns list, a return\'s decision forms (CSRF)', async () => {
  const o = await shippedOrder();
  for (const lang of ['en', 'zh-CN']) {
    const html = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`, undefined, { Cookie: `lang=${lang}` })).text();
    assert.match(html, /id="return"/, lang);
    assert.match(html, /name="line_1"[^>]*max="3"/);
  }
  assert.doesNotMatch(await (await call('r01.approver', 'GET', `/orders/${o.number}`)).text(), /id="return"/);
  const b = browser();
  await signIn(b, 'd0001.buyer', `/orders/${o.number}`);
  const page = await (await b.get(`/orders/${o.number}`)).text();
  const idem = page.match(/id="return"[\s\S]*?name="idem" value="([^"]+)"/)[1];
  let post = await b.post(`/orders/${o.number}`, { action: 'return', idem, line_1: '1', line_2: '', reason: 'scratched' });
  assert.equal(post.status, 403, 'no CSRF token');
  post = await b.post(`/orders/${o.number}`, { _csrf: csrfOf(page), action: 'return', idem, line_1: '4', line_2: '',
    reason: 'scratched' });
  assert.equal(post.status, 409);
  assert.match(await post.text(), /<code>lines\[0\]\.quantity<\/code>/);
  post = await b.post(`/orders/${o.number}`, { _csrf: csrfOf(page), action: 'return', idem, line_1: '1', line_2: '',
    reason: '<b>scratched</b>' });
  assert.equal(post.status, 303);
  const loc = post.headers.get('location');
  assert.match(loc, /^\/returns\/RMA-/);
  const number = loc.split('/')[2].split('?')[0];
  const mine = await (await b.get(loc)).text();
  assert.ok(mine.includes('&lt;b&gt;scratched&lt;/b&gt;'), 'escaped');
  assert.match(mine, /id="cancel"/);
  assert.doesNotMatch(mine, /id="approve"/);
  const list = await (await b.get('/returns')).text();
  assert.ok(list.includes(number));
  // the region approves and receives from the return's page
  const s = browser();
  await signIn(s, 'r01.approver', `/returns/${number}`);
  for (const lang of ['en', 'zh-CN']) {
    const html = await (await call('r01.approver', 'GET', `/returns?status=requested`, undefined, { Cookie: `lang=${lang}` })).text();
    assert.ok(html.includes(number), lang);
  }
  let rp = await (await s.get(`/returns/${number}`)).text();
  assert.match(rp, /id="approve"/);
  assert.match(rp, /id="refuse"/);
  const version = rp.match(/id="approve"[\s\S]*?name="version" value="(\d+)"/)[1];
  post = await s.post(`/returns/${number}`, { action: 'approve', version });
  assert.equal(post.status, 403, 'no CSRF token');
  post = await s.post(`/returns/${number}`, { _csrf: csrfOf(rp), action: 'approve', version });
  assert.equal(post.status, 303);
  rp = await (await s.get(`/returns/${number}`)).text();
  assert.match(rp, /id="receive"/);
  post = await s.post(`/returns/${number}`, { _csrf: csrfOf(rp), action: 'receive',
    version: rp.match(/id="receive"[\s\S]*?name="version" value="(\d+)"/)[1] });
  assert.equal(post.status, 303);
  assert.equal((await one(number)).status, 'received');
  assert.deepEqual(creditNotes(o.number).map(([a]) => a), [-33333]);
  assert.equal((await call('d0002.buyer', 'GET', `/returns/${number}`)).status, 404);
});
