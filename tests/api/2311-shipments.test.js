// 2311: partial shipments (issue #23, acceptance 5, first half): an order in production goes
// out in one or more shipments, each posting its own invoice in its transaction; the order is
// shipped when every line is; shipped quantities never exceed ordered ones (racing shipments:
// one 409); the invoices sum to the order total exactly, in fen, when fully shipped; the old
// "shipped" event still ships everything (one shipment) and invoices once.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, cli, errorOf, sql, client, later, login } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;

// An order of d0001 in production: line 1 three units, line 2 two units.  Line 1's frozen
// prices are then set so that its total does not divide by its quantity (100,001 fen over 3
// units), to hold the remainder rule to the fen.
async function newOrder({ inexact = true, who = 'd0001.buyer' } = {}) {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [
    { product: 'XQG-2002', quantity: 3, options: { capacity_kg: 7, loading: 'front' } },
    { product: 'XQG-2002', quantity: 2, options: { capacity_kg: 8, loading: 'front' } }],
  requested_date: later(), ship_to: 'Beijing' }, { 'Idempotency-Key': `ship-${RUN}-${n++}` });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const o = await res.json();
  if (inexact) {
    sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.unit_price = 33334, l.discount = 1,
      l.line_total = 100001 WHERE o.number = '${o.number}' AND l.line_no = 1`);
  }
  sql(`UPDATE orders o SET o.total = (SELECT SUM(line_total) FROM order_lines WHERE order_id = o.id),
    o.status = 'in_production', o.version = o.version + 1, o.promised_date = '${later(10)}'
    WHERE o.number = '${o.number}'`);
  return read(o.number);
}
const read = async (number, who = 'd0001.buyer') => (await call(who, 'GET', `/api/v1/orders/${number}`)).json();
const ship = (who, number, body, key = `k-${RUN}-${n++}`) =>
  call(who, 'POST', `/api/v1/orders/${number}/shipments`, body, key === null ? {} : { 'Idempotency-Key': key });
// An order's invoices: [amount, reference]; a shipment's invoice is referenced by the shipment's
// number, one that ships the whole order at once by the order's (as an order's invoice always was).
const invoices = (number) => sql(`SELECT amount, reference, memo FROM ledger_entries WHERE kind = 'invoice' AND
  (reference = '${number}' OR reference LIKE '${number}-S%') ORDER BY id`).map(([a, r]) => [Number(a), r]);
const shippedOf = (number) => sql(`SELECT l.shipped FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE o.number = '${number}' ORDER BY l.line_no`).map((r) => Number(r[0]));
const count = (q) => Number(sql(q)[0][0]);
const body = (lines, extra = {}) => ({ lines, carrier: 'SF Express', waybill: `SF-${RUN}-${n}`, ...extra });

test('two shipments: two invoices summing to the order total exactly; shipped when every line is', async () => {
  const o = await newOrder();
  assert.equal(o.total, 100001 + o.lines[1].line_total);
  assert.deepEqual(o.lines.map((l) => [l.line, l.shipped]), [[1, 0], [2, 0]]);
  // the first: one unit of line 1 (a third of 100,001 is 33,333), both of line 2
  let res = await ship('erp', o.number, body([{ line: 1, quantity: 1 }, { line: 2, quantity: 2 }],
    { shipped_on: later(0), note: 'first truck', version: o.version }));
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const s1 = await res.json();
  assert.equal(s1.number, `${o.number}-S1`);
  assert.equal(s1.amount, 33333 + o.lines[1].line_total);
  assert.deepEqual(s1.lines.map((l) => [l.line, l.quantity, l.amount]),
    [[1, 1, 33333], [2, 2, o.lines[1].line_total]]);
  assert.equal(s1.carrier, 'SF Express');
  assert.equal(s1.shipped_on, later(0));
  assert.ok(s1.invoice > 0);
  let now = await read(o.number);
  assert.equal(now.status, 'in_production', 'partly shipped: still in production');
  assert.equal(now.version, o.version + 1);
  assert.deepEqual(now.lines.map((l) => l.shipped), [1, 2]);
  assert.equal(now.timeline.at(-1).status, 'part_shipped');
  assert.equal(now.timeline.at(-1).waybill, s1.waybill);
  assert.deepEqual(invoices(o.number), [[s1.amount, s1.number]]);
  assert.equal(count(`SELECT COUNT(*) FROM feed_events WHERE type = 'order.shipment' AND object_ref = '${o.number}'`), 1);
  // the second: the last two units of line 1 take the rest, 66,668
  res = await ship('r01.manager', o.number, body([{ line: 1, quantity: 2 }], { version: now.version }));
  assert.equal(res.status, 201);
  const s2 = await res.json();
  assert.equal(s2.number, `${o.number}-S2`);
  assert.equal(s2.amount, 100001 - 33333);
  now = await read(o.number);
  assert.equal(now.status, 'shipped');
  assert.deepEqual(now.lines.map((l) => l.shipped), [3, 2]);
  assert.deepEqual(now.shipments.map((s) => [s.number, s.amount, s.invoice]),
    [[s1.number, s1.amount, s1.invoice], [s2.number, s2.amount, s2.invoice]]);
  assert.deepEqual(now.timeline.map((e) => e.status).slice(-2), ['part_shipped', 'shipped']);
  const inv = invoices(o.number);
  assert.equal(inv.length, 2);
  assert.equal(inv[0][0] + inv[1][0], o.total, 'the invoices sum to the order total, to the fen');
  assert.equal(count(`SELECT invoiced FROM orders WHERE number = '${o.number}'`), o.total);
  // the dealer's people heard of both (when notifications are on, in the same transactions)
  const kinds = sql(`SELECT kind FROM notify_events WHERE object_ref = '${o.number}' ORDER BY id`).map((r) => r[0]);
  if (kinds.length) assert.deepEqual(kinds.filter((k) => k.includes('shipped')), ['order.part_shipped', 'order.shipped']);
  // the shipments read: lines with what shipped, and both shipments
  const g = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}/shipments`)).json();
  assert.equal(g.status, 'shipped');
  assert.deepEqual(g.lines.map((l) => [l.line, l.quantity, l.shipped]), [[1, 3, 3], [2, 2, 2]]);
  assert.deepEqual(g.items.map((s) => s.number), [s1.number, s2.number]);
  // nothing more ships
  res = await ship('erp', o.number, body([{ line: 1, quantity: 1 }]));
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
});

test('a partial shipment keeps the dealer\'s exposure: what is invoiced leaves the open orders', async () => {
  const o = await newOrder({ inexact: false });
  const D = o.dealer.id;
  const credit = async () => (await call('hq.finance', 'GET', `/api/v1/dealers/${D}/credit`)).json();
  const before = await credit();
  const res = await ship('erp', o.number, body([{ line: 2, quantity: 1 }]));
  assert.equal(res.status, 201);
  const s = await res.json();
  const after = await credit();
  assert.equal(after.balance, before.balance + s.amount);
  assert.equal(after.open_approved, before.open_approved - s.amount);
  assert.equal(after.exposure, before.exposure);
});

test('over-shipping a line: 409 naming it, nothing written', async () => {
  const o = await newOrder();
  assert.equal((await ship('erp', o.number, body([{ line: 1, quantity: 2 }]))).status, 201);
  const ledger = count('SELECT COUNT(*) FROM ledger_entries');
  const version = (await read(o.number)).version;
  const res = await ship('erp', o.number, body([{ line: 2, quantity: 1 }, { line: 1, quantity: 2 }]));
  assert.equal(res.status, 409);
  const e = await errorOf(res);
  assert.equal(e.code, 'over_shipment');
  assert.match(e.fields['lines[1].quantity'], /at most 1 left/);
  assert.equal(count('SELECT COUNT(*) FROM ledger_entries'), ledger, 'no invoice');
  assert.deepEqual(shippedOf(o.number), [2, 0], 'no line changed');
  assert.equal(count(`SELECT COUNT(*) FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.number = '${o.number}'`), 1);
  assert.equal((await read(o.number)).version, version);
});

test('two shipments at once that together exceed a line: one 201, one 409, one invoice', async () => {
  for (let round = 0; round < 5; round++) {
    const o = await newOrder();
    const both = await Promise.all([ship('erp', o.number, body([{ line: 1, quantity: 2 }])),
      ship('r01.manager', o.number, body([{ line: 1, quantity: 2 }]))]);
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 409], `round ${round}`);
    const lost = both.find((r) => r.status === 409);
    assert.ok(['over_shipment', 'conflict'].includes((await errorOf(lost)).code));
    assert.deepEqual(shippedOf(o.number), [2, 0]);
    assert.equal(invoices(o.number).length, 1, 'exactly one invoice');
  }
});

test('idempotent: the same key and body answer the shipment made; another body 409', async () => {
  const o = await newOrder();
  const key = `idem-${RUN}`;
  const b = body([{ line: 2, quantity: 1 }]);
  const first = await ship('erp', o.number, b, key);
  assert.equal(first.status, 201);
  const again = await ship('erp', o.number, b, key);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), await first.json());
  const other = await ship('erp', o.number, { ...b, waybill: 'other' }, key);
  assert.equal(other.status, 409);
  assert.equal((await errorOf(other)).code, 'idempotency_conflict');
  // at once, with one key: one shipment
  const p = await newOrder();
  const k2 = `idem2-${RUN}`;
  const all = await Promise.all([1, 2, 3].map(() => ship('erp', p.number, b, k2)));
  assert.deepEqual(all.map((r) => r.status).sort(), [200, 200, 201]);
  assert.equal(invoices(p.number).length, 1);
  assert.deepEqual(shippedOf(p.number), [0, 1]);
});

test('bad input: 4xx naming the field; the order\'s status and version are held', async () => {
  const o = await newOrder();
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
    [{ lines: [{ line: 1, quantity: 1 }], waybill: 'W' }, 'carrier'],
    [body([{ line: 1, quantity: 1 }], { waybill: 'x'.repeat(101) }), 'waybill'],
    [body([{ line: 1, quantity: 1 }], { carrier: 5 }), 'carrier'],
    [body([{ line: 1, quantity: 1 }], { shipped_on: later(2) }), 'shipped_on'],
    [body([{ line: 1, quantity: 1 }], { shipped_on: '2026-02-30' }), 'shipped_on'],
    [body([{ line: 1, quantity: 1 }], { note: 'n'.repeat(901) }), 'note'],
    [body([{ line: 1, quantity: 1 }], { version: 0 }), 'version'],
  ];
  for (const [b, field, key] of cases) {
    const res = await ship('erp', o.number, b, key);
    assert.equal(res.status, 422, `${field}: ${JSON.stringify(b).slice(0, 80)}`);
    assert.ok((await errorOf(res)).fields[field], `${field}: ${JSON.stringify(b).slice(0, 80)}`);
  }
  let res = await call('erp', 'POST', `/api/v1/orders/${o.number}/shipments`, '[1]',
    { 'Content-Type': 'application/json', 'Idempotency-Key': `arr-${RUN}` });
  assert.equal(res.status, 400);
  res = await ship('erp', o.number, body([{ line: 1, quantity: 1 }], { version: o.version - 1 }));
  assert.equal(res.status, 409, 'a stale version');
  assert.equal((await errorOf(res)).code, 'conflict');
  res = await ship('erp', 'SO-2026-999999', body([{ line: 1, quantity: 1 }]));
  assert.equal(res.status, 404);
  // only an order in production ships
  const p = await newOrder();
  sql(`UPDATE orders SET status = 'scheduled' WHERE number = '${p.number}'`);
  res = await ship('erp', p.number, body([{ line: 1, quantity: 1 }]));
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  assert.deepEqual(shippedOf(o.number), [0, 0]);
  assert.equal(invoices(o.number).length, 0);
  assert.equal((await read(o.number)).version, o.version);
});

test('scope: another dealer or region gets 404; dealers do not ship', async () => {
  const o = await newOrder();
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver']) {
    assert.equal((await call(who, 'GET', `/api/v1/orders/${o.number}/shipments`)).status, 404, `${who} reads`);
  }
  for (const who of ['r02.approver', 'r02.manager']) {
    assert.equal((await ship(who, o.number, body([{ line: 1, quantity: 1 }]))).status, 404, `${who} ships`);
  }
  assert.equal((await ship('d0001.buyer', o.number, body([{ line: 1, quantity: 1 }]))).status, 403);
  assert.equal((await ship('d0002.buyer', o.number, body([{ line: 1, quantity: 1 }]))).status, 403);
  assert.deepEqual(shippedOf(o.number), [0, 0]);
  assert.equal((await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}/shipments`)).status, 200);
});

// Chains (made by the database's root, as in 0110): a chain over D0001 reads its branch's
// shipments; a chain over D0101 gets 404; chain buyers do not ship.
test('scope: a chain reads its branch\'s shipments, another chain gets 404', async () => {
  const o = await newOrder();
  assert.equal((await ship('erp', o.number, body([{ line: 2, quantity: 1 }]))).status, 201);
  const PW = 'the-right-password';
  const code = (x) => `S${x}${RUN.slice(-6).toUpperCase()}`;
  const made = [];
  const chain = async (c, dealer) => {
    sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('chain', '${c}', '连锁${c}', 'Chain ${c}')`);
    const [[cid]] = sql(`SELECT id FROM orgs WHERE code = '${c}'`);
    sql(`UPDATE orgs SET chain_id = ${cid} WHERE code = '${dealer}'`);
    sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = ${cid} WHERE d.code = '${dealer}'`);
    made.push(dealer);
    const user = `chain.${c.toLowerCase()}`;
    cli(['user', 'add', user, c, 'chain_buyer'], `${PW}\n`);
    return (await login(user, PW)).access_token;
  };
  try {
    const mine = await chain(code('A'), 'D0001');
    const other = await chain(code('B'), 'D0101');
    let res = await api(mine, 'GET', `/api/v1/orders/${o.number}/shipments`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).items.length, 1);
    res = await api(other, 'GET', `/api/v1/orders/${o.number}/shipments`);
    assert.equal(res.status, 404);
    res = await api(mine, 'POST', `/api/v1/orders/${o.number}/shipments`, body([{ line: 1, quantity: 1 }]));
    assert.equal(res.status, 403, 'a chain buyer does not ship');
  } finally {
    sql(`UPDATE orgs SET chain_id = NULL WHERE code IN (${made.map((d) => `'${d}'`).join(',') || "''"})`);
    sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = NULL
      WHERE d.code IN (${made.map((d) => `'${d}'`).join(',') || "''"})`);
  }
  assert.deepEqual(shippedOf(o.number), [0, 1]);
});

test('the old "shipped" event ships everything as one shipment, invoiced once for the total', async () => {
  const o = await newOrder();
  let res = await call('erp', 'POST', `/api/v1/orders/${o.number}/events`,
    { status: 'shipped', carrier: 'Sinotrans', waybill: `ST-${RUN}` });
  assert.equal(res.status, 200);
  let now = await res.json();
  assert.equal(now.status, 'shipped');
  assert.deepEqual(now.lines.map((l) => l.shipped), [3, 2]);
  assert.deepEqual(invoices(o.number), [[o.total, o.number]]);
  assert.equal(sql(`SELECT memo FROM ledger_entries WHERE kind = 'invoice' AND reference = '${o.number}'`)[0][0],
    `${o.number}-S1`);
  assert.equal(now.shipments.length, 1);
  assert.deepEqual(now.shipments[0].lines.map((l) => [l.line, l.quantity]), [[1, 3], [2, 2]]);
  assert.deepEqual(now.timeline.map((e) => e.status).slice(-1), ['shipped']);
  // after a partial shipment, the event ships the rest: the invoices still sum to the total
  const p = await newOrder();
  assert.equal((await ship('erp', p.number, body([{ line: 1, quantity: 1 }]))).status, 201);
  res = await call('r01.manager', 'POST', `/api/v1/orders/${p.number}/events`,
    { status: 'shipped', carrier: 'Sinotrans', waybill: `ST2-${RUN}` });
  assert.equal(res.status, 200);
  now = await res.json();
  assert.deepEqual(now.lines.map((l) => l.shipped), [3, 2]);
  assert.deepEqual(now.shipments.map((s) => s.lines.map((l) => [l.line, l.quantity])), [[[1, 1]], [[1, 2], [2, 2]]]);
  assert.equal(invoices(p.number).reduce((a, [x]) => a + x, 0), p.total);
});

test('the deliveries query and the order page show each shipment; staff ship from the page', async () => {
  const o = await newOrder();
  const res = await ship('erp', o.number, body([{ line: 2, quantity: 2 }]));
  const s1 = await res.json();
  const due = await (await call('d0001.buyer', 'GET', `/api/v1/deliveries?from=${later(10)}&to=${later(10)}`)).json();
  const item = due.items.find((i) => i.number === o.number);
  assert.ok(item, 'the order is due');
  assert.deepEqual(item.shipments.map((s) => [s.number, s.waybill, s.shipped_on]), [[s1.number, s1.waybill, s1.shipped_on]]);
  // the dealer's page lists the shipment with its lines and invoice, in both languages
  for (const lang of ['en', 'zh-CN']) {
    const html = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`, undefined, { Cookie: `lang=${lang}` })).text();
    assert.match(html, new RegExp(`id="shipments-h"`));
    assert.ok(html.includes(s1.number) && html.includes(`${s1.invoice}`), lang);
    assert.doesNotMatch(html, /id="ship"/, 'no shipping form for the dealer');
  }
  // region staff ship the rest of line 1 from the form (CSRF checked)
  const b = browser();
  await signIn(b, 'r01.manager', `/orders/${o.number}`);
  const page = await (await b.get(`/orders/${o.number}`)).text();
  assert.match(page, /id="ship"/);
  const idem = page.match(/id="ship"[\s\S]*?name="idem" value="([^"]+)"/)[1];
  const version = page.match(/id="ship"[\s\S]*?name="version" value="(\d+)"/)[1];
  let post = await b.post(`/orders/${o.number}`, { action: 'ship', idem, version, carrier: 'ZTO', waybill: `ZT-${RUN}`,
    line_1: '3', line_2: '' });
  assert.equal(post.status, 403, 'no CSRF token');
  post = await b.post(`/orders/${o.number}`, { _csrf: csrfOf(page), action: 'ship', idem, version, carrier: 'ZTO',
    waybill: `ZT-${RUN}`, line_1: '4', line_2: '' });
  assert.equal(post.status, 409, 'more than is left');
  assert.match(await post.text(), /<code>lines\[0\]\.quantity<\/code>/);
  post = await b.post(`/orders/${o.number}`, { _csrf: csrfOf(page), action: 'ship', idem, version, carrier: 'ZTO',
    waybill: `ZT-${RUN}`, line_1: '3', line_2: '' });
  assert.equal(post.status, 303);
  const now = await read(o.number);
  assert.equal(now.status, 'shipped');
  assert.equal(invoices(o.number).reduce((a, [x]) => a + x, 0), o.total);
});
