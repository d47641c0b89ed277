// 0605: matching payments to invoices holds under races, is idempotent by key, agrees with
// reversals, and references are compared byte for byte (issue #18, items 1, 4, 5, 13).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D = id('D0203');	// a dealer no other test books to
const D1 = id('D0001');
const [[ERP]] = sql("SELECT id FROM users WHERE login = 'erp'");
let seq = 0;
const key = () => `k-${RUN}-${++seq}`;
const alloc = (body, k = key(), who = 'hq.finance', dealer = D) =>
  call(who, 'POST', `/api/v1/dealers/${dealer}/allocations`, body, k === null ? {} : { 'Idempotency-Key': k });
const post = (dealer, body) => call('hq.finance', 'POST', `/api/v1/dealers/${dealer}/ledger`, body);
const reverse = (entry) => call('hq.finance', 'POST', `/api/v1/ledger/${entry}/reverse`, { memo: 'test' });
const openItems = async (dealer = D) => (await call('hq.finance', 'GET', `/api/v1/dealers/${dealer}/open-items`)).json();

// Entries booked straight into the ledger (invoices come from shipping): [kind, amount, reference].
function book(dealer, rows) {
  const values = rows.map(([kind, amount, ref]) => `(${dealer}, '${kind}', ${amount}, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), ` +
    `DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m'), '${ref}', ${ERP})`);
  sql(`INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, period, reference, actor_user_id) VALUES ${values.join(', ')}`);
  const ids = new Map(sql(`SELECT reference, id FROM ledger_entries WHERE dealer_id = ${dealer} AND reference IN ` +
    `(${rows.map((r) => `'${r[2]}'`).join(', ')})`).map(([ref, i]) => [ref, Number(i)]));
  return rows.map((r) => ids.get(r[2]));
}
// (released_by came with migration 0025: before it, nothing was ever released)
const RELEASED = sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'dealernet' AND " +
  "table_name = 'allocations' AND column_name = 'released_by'")[0][0] === '1' ? 'AND released_by IS NULL' : '';
const allocated = (col, entry) =>
  Number(sql(`SELECT COALESCE(SUM(amount), 0) FROM allocations WHERE ${col} = ${entry} ${RELEASED}`)[0][0]);

test('a ¥1,000 payment raced by 8 allocations of ¥1,000 to 4 invoices, 50 times: matched once each time', async (t) => {
  const ROUNDS = 50;
  const rows = [];
  // the invoices first, as shipping posts them before the bank pays: an allocation then holds
  // its invoice before the payment, and its snapshot may predate a rival that matched the payment
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < 4; k++) rows.push(['invoice', 100000, `RACE-I-${RUN}-${r}-${k}`]);
    rows.push(['payment', -100000, `RACE-P-${RUN}-${r}`]);
  }
  const ids = book(D, rows);
  const statuses = {};
  for (let r = 0; r < ROUNDS; r++) {
    const invs = ids.slice(r * 5, r * 5 + 4);
    const pay = ids[r * 5 + 4];
    const res = await Promise.all([...Array(8).keys()].map((n) =>
      alloc({ payment: pay, invoice: invs[n % 4], amount: 100000 })));
    const codes = res.map((x) => x.status);
    for (const c of codes) statuses[c] = (statuses[c] || 0) + 1;
    assert.ok(codes.every((c) => c === 201 || c === 422), `round ${r}: ${codes}`);
    assert.equal(codes.filter((c) => c === 201).length, 1, `round ${r}: exactly one matched: ${codes}`);
    assert.equal(allocated('payment_id', pay), 100000, `round ${r}: the payment, not beyond its amount`);
    for (const i of invs) assert.ok(allocated('invoice_id', i) <= 100000, `round ${r}: invoice ${i}`);
  }
  // the guard's rows agree with the allocations they count
  const bad = sql(`SELECT o.entry_id FROM ledger_entry_open o WHERE o.entry_id IN (${ids.join(', ')}) AND o.allocated <> ` +
    '(SELECT COALESCE(SUM(a.amount), 0) FROM allocations a WHERE (a.payment_id = o.entry_id OR a.invoice_id = o.entry_id) ' +
    'AND a.released_by IS NULL)');
  assert.deepEqual(bad, []);
  t.diagnostic(`statuses over ${ROUNDS} rounds: ${JSON.stringify(statuses)}`);
});

test('an allocation is idempotent by its Idempotency-Key: a resend is answered, not matched again', async () => {
  const [pay, inv] = book(D, [['payment', -50000, `IDEM-P-${RUN}`], ['invoice', 80000, `IDEM-I-${RUN}`]]);
  let res = await alloc({ payment: pay, invoice: inv, amount: 20000 }, null);
  assert.equal(res.status, 422, 'the key is required');
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  res = await alloc({ payment: pay, invoice: inv, amount: 20000 }, 'bad key!');
  assert.equal(res.status, 422);
  const k = key();
  res = await alloc({ payment: pay, invoice: inv, amount: 20000 }, k);
  assert.equal(res.status, 201);
  const first = await res.json();
  assert.deepEqual(first, { id: first.id, payment: pay, invoice: inv, amount: 20000, payment_open: 30000, invoice_open: 60000 });
  // the COMMIT's answer was lost: the client sends again, the same key and body
  res = await alloc({ payment: pay, invoice: inv, amount: 20000 }, k);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), first, 'the same allocation, the same answer');
  res = await alloc({ payment: pay, invoice: inv, amount: 10000 }, k);
  assert.equal(res.status, 409, 'the key with another body');
  assert.equal((await errorOf(res)).code, 'idempotency_conflict');
  assert.equal(allocated('payment_id', pay), 20000, 'matched once');
  // resends racing each other: one allocation
  const k2 = key();
  const codes = (await Promise.all([...Array(6).keys()].map(() =>
    alloc({ payment: pay, invoice: inv, amount: 5000 }, k2)))).map((x) => x.status).sort();
  assert.deepEqual(codes, [200, 200, 200, 200, 200, 201]);
  assert.equal(allocated('payment_id', pay), 25000, 'matched once more, not six times');
  // a key is the dealer's: another dealer's clerk cannot read the allocation by it
  res = await alloc({ payment: pay, invoice: inv, amount: 20000 }, k, 'r01.clerk', D1);
  assert.equal(res.status, 422, 'not a replay for dealer 1: its own entries are checked');
  assert.equal((await alloc({ payment: pay, invoice: inv, amount: 20000 }, k, 'd0001.finance')).status, 403);
  assert.equal((await alloc({ payment: pay, invoice: inv, amount: 20000 }, k, 'r01.clerk')).status, 404,
    'a region 1 clerk does not reach a region 10 dealer');
});

test('reversing a matched payment releases its allocations: the invoice is open again', async () => {
  const [inv] = book(D, [['invoice', 90000, `REVP-I-${RUN}`]]);
  const pay = await (await post(D, { kind: 'payment', amount: -70000, reference: `REVP-P-${RUN}` })).json();
  assert.equal((await alloc({ payment: pay.id, invoice: inv, amount: 70000 })).status, 201);
  let open = await openItems();
  assert.equal(open.invoices.find((x) => x.id === inv).open, 20000);
  let res = await reverse(pay.id);
  assert.equal(res.status, 201);
  const rev = await res.json();
  assert.equal(rev.kind, 'payment');
  assert.equal(rev.amount, 70000);
  open = await openItems();
  assert.equal(open.invoices.find((x) => x.id === inv).open, 90000, 'the invoice is unpaid again');
  assert.ok(!open.payments.some((x) => x.id === pay.id || x.id === rev.id), 'neither the payment nor its reversal is open');
  // the allocation is kept, marked with the reversal
  assert.deepEqual(sql(`SELECT amount, released_by, released_at IS NOT NULL FROM allocations WHERE payment_id = ${pay.id}`),
    [['70000', String(rev.id), '1']]);
  // the reversal (kind payment, positive) is not a payment to match, nor is the reversed payment
  res = await alloc({ payment: rev.id, invoice: inv, amount: 1000 });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.payment);
  res = await alloc({ payment: pay.id, invoice: inv, amount: 1000 });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.payment);
  // a new payment matches the whole invoice
  const pay2 = await (await post(D, { kind: 'payment', amount: -90000, reference: `REVP-P2-${RUN}` })).json();
  assert.equal((await alloc({ payment: pay2.id, invoice: inv, amount: 90000 })).status, 201);
});

test('reversing a matched invoice gives the payment its money back; a reversed invoice is not matched', async () => {
  const [pay, inv, inv2] = book(D, [['payment', -60000, `REVI-P-${RUN}`], ['invoice', 50000, `REVI-I-${RUN}`],
    ['invoice', 60000, `REVI-I2-${RUN}`]]);
  assert.equal((await alloc({ payment: pay, invoice: inv, amount: 50000 })).status, 201);
  let res = await alloc({ payment: pay, invoice: inv2, amount: 60000 });
  assert.equal(res.status, 422, 'only ¥100 left on the payment');
  res = await reverse(inv);
  assert.equal(res.status, 201);
  const rev = await res.json();
  assert.equal(rev.amount, -50000);
  const open = await openItems();
  assert.equal(open.payments.find((x) => x.id === pay).open, 60000, 'the payment is free again');
  assert.ok(!open.invoices.some((x) => x.id === inv || x.id === rev.id));
  for (const i of [inv, rev.id]) {
    res = await alloc({ payment: pay, invoice: i, amount: 100 });
    assert.equal(res.status, 422, `invoice ${i}`);
    assert.ok((await errorOf(res)).fields.invoice);
  }
  assert.equal((await alloc({ payment: pay, invoice: inv2, amount: 60000 })).status, 201, 'now it fits');
});

test('a reversal racing allocations of the same payment: nothing stays matched to the reversed payment', async () => {
  for (let r = 0; r < 10; r++) {
    const [pay, a, b] = book(D, [['payment', -40000, `RR-P-${RUN}-${r}`], ['invoice', 40000, `RR-A-${RUN}-${r}`],
      ['invoice', 40000, `RR-B-${RUN}-${r}`]]);
    const res = await Promise.all([alloc({ payment: pay, invoice: a, amount: 20000 }), reverse(pay),
      alloc({ payment: pay, invoice: b, amount: 20000 })]);
    assert.equal(res[1].status, 201, `round ${r}: the reversal`);
    assert.equal(allocated('payment_id', pay), 0, `round ${r}: every allocation of the payment released`);
    const [[inva, invb]] = sql(`SELECT (SELECT allocated FROM ledger_entry_open WHERE entry_id = ${a}), ` +
      `(SELECT allocated FROM ledger_entry_open WHERE entry_id = ${b})`);
    assert.ok(inva === 'NULL' || inva === '0', `round ${r}: invoice a ${inva}`);
    assert.ok(invb === 'NULL' || invb === '0', `round ${r}: invoice b ${invb}`);
  }
});

test('references are compared byte for byte: case, width and a trailing space make another payment', async () => {
  const base = `Bank-${RUN}-abc`;
  let res = await post(D, { kind: 'payment', amount: -1000, reference: base });
  assert.equal(res.status, 201);
  const first = (await res.json()).id;
  const seen = new Set([first]);
  for (const ref of [base.toUpperCase(), `${base} `, base.replace('abc', 'ａｂｃ')]) {
    res = await post(D, { kind: 'payment', amount: -1000, reference: ref });
    assert.equal(res.status, 201, JSON.stringify(ref));
    const e = await res.json();
    assert.equal(e.reference, ref);
    assert.ok(!seen.has(e.id), JSON.stringify(ref));
    seen.add(e.id);
  }
  res = await post(D, { kind: 'payment', amount: -1000, reference: base });
  assert.equal(res.status, 200, 'the very same reference is still a replay');
  assert.equal((await res.json()).id, first);
  // as long as a reference may be, and in Chinese: posted, and in the feed as it is
  for (const ref of [`L${RUN}`.padEnd(64, 'x'), `工行汇款-${RUN}`]) {
    res = await post(D, { kind: 'payment', amount: -1000, reference: ref });
    assert.equal(res.status, 201, ref);
    assert.deepEqual(sql(`SELECT object_ref FROM feed_events WHERE object_ref = '${ref}'`), [[ref]]);
  }
});

test('a reversal undoes the entry to the fen, beyond what a double holds', async () => {
  const big = '9007199254740993';	// 2^53 + 1: a double rounds it to 2^53
  const [inv] = book(D, [['invoice', big, `BIG-${RUN}`]]);
  const res = await reverse(inv);
  assert.equal(res.status, 201);
  const [[sum, amount]] = sql(`SELECT SUM(amount), MIN(amount) FROM ledger_entries WHERE id = ${inv} OR reverses_id = ${inv}`);
  assert.equal(amount, `-${big}`);
  assert.equal(sum, '0');
});
