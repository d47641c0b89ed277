// 2331: the dealer's ship-to address book and its PO numbers (issue #23).
// Addresses: created idempotently by key, changed and deactivated conditionally on the version
// (409), one default per dealer, kept by the dealer's buyers and admin and its chain's for a
// branch, read within scope, 404 outside it (another dealer, another chain).  Orders: an address
// of the dealer is copied into the order (frozen), the default serves when none is given, another
// dealer's address is refused as a field.  PO numbers: unique per dealer (409), the same at
// another dealer is fine, shown on the order read and list and found by ?po=, carried by the
// invoice its shipment posts, onto the statement and the ledger's CSV.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later, month, reopenMonth, closeThrough } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001');	// Walmart Beijing, chain C0001
const D2 = id('D0002');	// of chain C0002
const key = () => ({ 'Idempotency-Key': `addr-${RUN}-${n++}` });

const addr = (name, extra = {}) => ({ name: `${name} ${RUN}`, contact: '李雷', phone: '+86 10-5555 0101',
  address: `北京市朝阳区建国路 ${n} 号`, ...extra });
const add = (who, body, headers = key()) => call(who, 'POST', '/api/v1/addresses', body, headers);
const book = async (who, dealer) => (await call(who, 'GET', `/api/v1/addresses${dealer ? `?dealer=${dealer}` : ''}`)).json();
const text = (a) => `${a.name} (${a.contact}, ${a.phone}): ${a.address}`;
const lines = [{ product: 'XQG-2002', quantity: 1, options: { capacity_kg: 7, loading: 'front' } }];
const place = (who, extra, headers = key()) => call(who, 'POST', '/api/v1/orders',
  { lines, requested_date: later(), ...extra }, headers);

// D0001 in its chain C0001 (other tests move it out and back)
test.before(async () => {
  const C1 = id('C0001');
  const cur = await (await call('admin', 'GET', `/api/v1/orgs/${D1}`)).json();
  if (cur.chain !== C1 && !(cur.chain && cur.chain.id === C1)) {
    const res = await call('admin', 'PATCH', `/api/v1/orgs/${D1}`, { version: cur.version, chain: C1 });
    assert.equal(res.status, 200, await res.clone().text());
  }
});

// D0001's book starts empty in this test (the addresses of earlier runs deactivated).
function emptyBook(dealer) {
  sql(`UPDATE ship_to_addresses SET active = 0, is_default = 0, version = version + 1 WHERE dealer_id = ${dealer}`);
}

test('the address book: create by key, one default, versions, deactivate; who keeps it', async () => {
  emptyBook(D1);
  const k = key();
  let res = await add('d0001.buyer', addr('North', { is_default: true }), k);
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const a = await res.json();
  assert.equal(a.dealer, D1);
  assert.equal(a.is_default, true);
  assert.equal(a.version, 1);
  // the same key and body: the same address; another body: 409
  res = await add('d0001.buyer', addr('North', { is_default: true }), k);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).id, a.id);
  res = await add('d0001.buyer', addr('Other'), k);
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'idempotency_conflict');
  assert.equal((await add('d0001.buyer', addr('No key'), {})).status, 422, 'a key is required');
  // a second default moves it
  res = await add('d0001.admin', addr('South', { is_default: true }));
  assert.equal(res.status, 201);
  const b = await res.json();
  let list = await book('d0001.buyer');
  assert.deepEqual(list.items.filter((x) => x.is_default).map((x) => x.id), [b.id], 'one default');
  const a2 = list.items.find((x) => x.id === a.id);
  assert.equal(a2.version, 2, 'losing the default is a change');
  // PATCH conditional on the version
  res = await call('d0001.buyer', 'PATCH', `/api/v1/addresses/${a.id}`, { version: 1, contact: '韩梅梅' });
  assert.equal(res.status, 409);
  res = await call('d0001.buyer', 'PATCH', `/api/v1/addresses/${a.id}`, { version: 2, contact: '韩梅梅', is_default: true });
  assert.equal(res.status, 200);
  const a3 = await res.json();
  assert.equal(a3.contact, '韩梅梅');
  assert.equal(a3.is_default, true);
  assert.equal(a3.version, 3);
  assert.equal(a3.name, a.name, 'what is not sent is kept');
  list = await book('d0001.buyer');
  assert.deepEqual(list.items.filter((x) => x.is_default).map((x) => x.id), [a.id]);
  assert.equal(list.items[0].id, a.id, 'the default first');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM ship_to_addresses WHERE default_of = ${D1}`)[0][0]), 1);
  // the chain's buyer keeps a branch's book; the chain's admin too
  res = await add('c0001.buyer', addr('Chain-made', { dealer: D1 }));
  assert.equal(res.status, 201);
  const c = await res.json();
  assert.equal(c.dealer, D1);
  assert.equal((await add('c0001.buyer', addr('No dealer'))).status, 422, 'a chain names the branch');
  // deactivate: conditional, then gone from the book, once
  res = await call('c0001.admin', 'DELETE', `/api/v1/addresses/${c.id}?version=7`);
  assert.equal(res.status, 409);
  res = await call('c0001.admin', 'DELETE', `/api/v1/addresses/${c.id}?version=1`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).active, false);
  assert.equal((await call('d0001.buyer', 'DELETE', `/api/v1/addresses/${c.id}?version=2`)).status, 404);
  assert.ok(!(await book('d0001.buyer')).items.some((x) => x.id === c.id));
  // others read within scope; only the customer's buyers and admins write
  for (const who of ['d0001.finance', 'c0001.finance', 'r01.approver', 'admin']) {
    const r = await call(who, 'GET', `/api/v1/addresses/${a.id}`);
    assert.equal(r.status, 200, who);
  }
  assert.equal((await book('r01.approver', D1)).items.length, 2);
  for (const who of ['d0001.finance', 'r01.approver', 'admin']) {
    assert.equal((await call(who, 'PATCH', `/api/v1/addresses/${a.id}`, { version: 3, name: 'x' })).status, 403, who);
  }
  // outside the scope: another dealer, another chain: 404, never the address
  for (const who of ['d0002.buyer', 'c0002.buyer', 'd0101.buyer']) {
    assert.equal((await call(who, 'GET', `/api/v1/addresses/${a.id}`)).status, 404, who);
    assert.equal((await call(who, 'PATCH', `/api/v1/addresses/${a.id}`, { version: 3, name: 'x' })).status, 404, who);
    assert.equal((await call(who, 'DELETE', `/api/v1/addresses/${a.id}?version=3`)).status, 404, who);
  }
  assert.equal((await call('c0002.buyer', 'GET', `/api/v1/addresses?dealer=${D1}`)).status, 404);
  assert.equal((await add('c0002.buyer', addr('Foreign', { dealer: D1 }))).status, 404);
  assert.equal((await add('d0002.buyer', addr('Own', { dealer: D1 }))).status, 404, 'a dealer writes only its own');
});

test('a dealer keeps at most 200 active addresses', async () => {
  emptyBook(D1);
  const [[buyer]] = sql("SELECT id FROM users WHERE login = 'd0001.buyer'");
  sql(`INSERT INTO ship_to_addresses (dealer_id, name, contact, phone, address, created_by)
    SELECT ${D1}, CONCAT('Bound ', seq), 'c', '123', 'a', ${buyer} FROM seq_1_to_199`);
  let res = await add('d0001.buyer', addr('200th'));
  assert.equal(res.status, 201);
  const last = await res.json();
  res = await add('d0001.buyer', addr('201st'));
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'limit_reached');
  assert.equal((await call('d0001.buyer', 'DELETE', `/api/v1/addresses/${last.id}?version=1`)).status, 200);
  assert.equal((await add('d0001.buyer', addr('201st again'))).status, 201, 'room again');
  emptyBook(D1);
  // the book as it was for the tests after this one: two addresses, one the default
  assert.equal((await add('d0001.buyer', addr('North', { is_default: true }))).status, 201);
  assert.equal((await add('d0001.buyer', addr('South'))).status, 201);
});

test('races: one address per key, one default among racers, one order per PO', async () => {
  const k = key();
  const made = await Promise.all(Array.from({ length: 8 }, () => add('d0001.buyer', addr('Raced key'), k)));
  const codes = made.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 200, 201], codes.join());
  const ids = new Set(await Promise.all(made.map(async (r) => (await r.json()).id)));
  assert.equal(ids.size, 1, 'one address');
  // eight addresses made the default at once: one default at the end, each move a version
  const list = (await book('d0001.buyer')).items.slice(0, 8);
  const moves = await Promise.all(list.map((a) => call('d0001.buyer', 'PATCH', `/api/v1/addresses/${a.id}`,
    { version: a.version, is_default: true })));
  assert.ok(moves.every((r) => [200, 409].includes(r.status)), moves.map((r) => r.status).join());
  assert.equal(Number(sql(`SELECT COUNT(*) FROM ship_to_addresses WHERE dealer_id = ${D1} AND is_default = 1`)[0][0]), 1);
  // eight orders with one PO number: one is placed
  const po = `RACE-${RUN}`;
  const orders = await Promise.all(Array.from({ length: 8 }, () => place('d0001.buyer', { ship_to: 'Beijing', po_number: po })));
  const oc = orders.map((r) => r.status).sort();
  assert.deepEqual(oc, [201, 409, 409, 409, 409, 409, 409, 409], oc.join());
  assert.equal(Number(sql(`SELECT COUNT(*) FROM orders WHERE po_number = '${po}'`)[0][0]), 1);
});

test('bad addresses are 422 with a field each', async () => {
  let res = await add('d0001.buyer', { name: '', contact: 'x'.repeat(101), phone: 'call me', address: ' ', is_default: 'yes' });
  assert.equal(res.status, 422);
  const e = await errorOf(res);
  for (const f of ['name', 'contact', 'phone', 'address', 'is_default']) assert.ok(e.fields[f], f);
  res = await add('d0001.buyer', { name: 'n', contact: 'c', address: 'a' });
  assert.ok((await errorOf(res)).fields.phone, 'phone required');
  res = await call('d0001.buyer', 'PATCH', '/api/v1/addresses/1', { name: 'n' });
  assert.ok([404, 422].includes(res.status));
  const [a] = (await book('d0001.buyer')).items;
  res = await call('d0001.buyer', 'PATCH', `/api/v1/addresses/${a.id}`, { name: 'n' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.version);
  res = await call('d0001.buyer', 'DELETE', `/api/v1/addresses/${a.id}`);
  assert.equal(res.status, 422);
});

test('an order copies the address (frozen), the default serves, another dealer\'s is refused', async () => {
  const list = (await book('d0001.buyer')).items;
  const def = list.find((x) => x.is_default);
  const other = list.find((x) => !x.is_default);
  // chosen: its text copied
  let res = await place('d0001.buyer', { ship_to_address: other.id });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const o1 = await res.json();
  assert.equal(o1.ship_to, text(other));
  // an edit of the address leaves the order as it was
  res = await call('d0001.buyer', 'PATCH', `/api/v1/addresses/${other.id}`, { version: other.version, address: '天津市和平区 9 号' });
  assert.equal(res.status, 200);
  const read = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o1.number}`)).json();
  assert.equal(read.ship_to, text(other), 'frozen');
  assert.deepEqual(read, o1, 'the answer is what a read gives');
  // neither given: the default; with a typed ship_to: the typed one as before
  res = await place('d0001.buyer', {});
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  assert.equal((await res.json()).ship_to, text(def));
  res = await place('d0001.buyer', { ship_to: 'Typed road 1' });
  assert.equal((await res.json()).ship_to, 'Typed road 1');
  // both: the address, the typed text a remark after it
  res = await place('c0001.buyer', { dealer: D1, ship_to_address: def.id, ship_to: 'dock 3' });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).ship_to, `${text(def)}; dock 3`);
  // another dealer's address: a field error, not a leak
  res = await place('d0002.buyer', { ship_to_address: def.id, ship_to: 'x' });
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.ship_to_address, /not one of the dealer's addresses/);
  res = await place('d0001.buyer', { ship_to_address: 'one' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.ship_to_address);
  // a deactivated address is not offered any more
  const gone = (await (await add('d0001.buyer', addr('Gone'))).json());
  assert.equal((await call('d0001.buyer', 'DELETE', `/api/v1/addresses/${gone.id}?version=1`)).status, 200);
  res = await place('d0001.buyer', { ship_to_address: gone.id });
  assert.equal(res.status, 422);
  // no default and nothing given: ship_to is required as before
  emptyBook(D1);
  res = await place('d0001.buyer', {});
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.ship_to);
  // a reorder keeps the earlier order's copy
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o1.number}/reorder`, { requested_date: later() }, key());
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  assert.equal((await res.json()).ship_to, text(other));
});

test('the draft\'s submission takes an address and a PO number', async () => {
  const a = await (await add('d0001.buyer', addr('Draft dock'))).json();
  let res = await call('d0001.buyer', 'POST', '/api/v1/draft/lines', lines[0], key());
  assert.ok([200, 201].includes(res.status), String(res.status));
  const po = `DR-${RUN}`;
  res = await call('d0001.buyer', 'POST', '/api/v1/draft/submit', { requested_date: later(), ship_to_address: a.id,
    po_number: po }, key());
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  const o = await res.json();
  assert.equal(o.ship_to, text(a));
  assert.equal(o.po_number, po);
});

test('PO numbers: unique per dealer (409), free at another, on read, list and ?po=', async () => {
  const po = `PO-${RUN}`;
  const k = key();
  let res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: po }, k);
  assert.equal(res.status, 201);
  const o = await res.json();
  assert.equal(o.po_number, po);
  // a retry of the same request answers the order; another order with the PO is 409
  res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: po }, k);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).number, o.number);
  res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: po });
  assert.equal(res.status, 409);
  assert.ok((await errorOf(res)).fields.po_number);
  res = await place('c0001.buyer', { dealer: D1, ship_to: 'Beijing', po_number: po });
  assert.equal(res.status, 409, 'the chain orders for the branch: the branch\'s PO');
  // the same PO at another dealer is fine; case counts (byte for byte)
  res = await place('d0002.buyer', { ship_to: 'Shanghai', po_number: po });
  assert.equal(res.status, 201);
  const other = await res.json();
  res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: po.toLowerCase() });
  assert.equal(res.status, 201);
  // none given: no PO, as often as wanted; "" is none
  res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: '' });
  assert.equal((await res.json()).po_number, null);
  // bad: too long, control characters, not text
  for (const bad of ['x'.repeat(36), 'a\tb', '   ', 42]) {
    res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: bad });
    assert.equal(res.status, 422, JSON.stringify(bad));
    assert.ok((await errorOf(res)).fields.po_number);
  }
  const cn = (RUN + '采购单号'.repeat(9)).slice(0, 35);
  assert.equal(cn.length, 35);
  res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: cn });
  assert.equal(res.status, 201, '35 characters, Chinese ones too, fit');
  // read, list, ?po= within scope
  assert.equal((await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json()).po_number, po);
  const page = await (await call('d0001.buyer', 'GET', '/api/v1/orders?limit=20')).json();
  assert.equal(page.items.find((x) => x.number === o.number).po_number, po);
  const found = async (who, q = '') => (await (await call(who, 'GET',
    `/api/v1/orders?po=${encodeURIComponent(po)}${q}`)).json()).items.map((x) => x.number);
  assert.deepEqual(await found('d0001.buyer'), [o.number]);
  assert.deepEqual(await found('d0002.buyer'), [other.number]);
  assert.deepEqual(await found('c0001.buyer'), [o.number]);
  assert.deepEqual(await found('c0001.buyer', `&dealer=${D1}`), [o.number]);
  assert.deepEqual(await found('c0002.buyer'), [other.number]);
  assert.deepEqual(await found('d0101.buyer'), []);
  assert.deepEqual((await found('admin')).sort(), [o.number, other.number].sort());
  // the pages show it
  const html = await (await call('d0001.buyer', 'GET', `/orders/${o.number}`)).text();
  assert.ok(html.includes(po));
  const listHtml = await (await call('d0001.buyer', 'GET', `/orders?po=${encodeURIComponent(po)}`)).text();
  assert.ok(listHtml.includes(o.number) && listHtml.includes(po));
  // a reorder takes a new PO number, or none
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/reorder`, { requested_date: later(),
    po_number: `RE-${RUN}` }, key());
  assert.equal(res.status, 201);
  assert.equal((await res.json()).po_number, `RE-${RUN}`);
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/reorder`, { requested_date: later(),
    po_number: po }, key());
  assert.equal(res.status, 409);
});

test('the invoice carries the PO number: the entry, the statement, the CSV', async () => {
  const po = `INV-${RUN}`;
  // the invoice lands in this month, which the test closes and reopens
  if (Number(sql(`SELECT COUNT(*) FROM periods WHERE period >= '${month(0)}'`)[0][0]) > 0) reopenMonth(month(0));
  let res = await place('d0001.buyer', { ship_to: 'Beijing', po_number: po });
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders SET status = 'in_production', version = version + 1 WHERE number = '${o.number}'`);
  res = await call('erp', 'POST', `/api/v1/orders/${o.number}/events`, { status: 'shipped', carrier: 'SF Express',
    waybill: `SF-${RUN}` });
  assert.equal(res.status, 200, JSON.stringify(await res.clone().json()));
  const [[entry, P, entryPo]] = sql(`SELECT id, period, po_number FROM ledger_entries WHERE kind = 'invoice' AND reference = '${o.number}'`);
  assert.equal(entryPo, po);
  // the account's entries
  const acct = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?kind=invoice`)).json();
  assert.equal(acct.items.find((e) => e.id === Number(entry)).po_number, po);
  // the CSV export: a po_number column
  const csv = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger.csv?period=${P}`);
  assert.equal(csv.status, 200);
  const rows = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8').split('\r\n').filter((l) => l !== '');
  assert.equal(rows[0], 'id,posted_on,period,kind,reference,memo,po_number,amount_yuan');
  const row = rows.find((l) => l.startsWith(`${entry},`)).split(',');
  assert.equal(row[6], po);
  // the statement of the month: close it (and any month before it still open), read, reopen
  let first = null;
  try {
    first = await closeThrough(call, P);
    const s = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements/${P}`)).json();
    assert.equal(s.entries.find((e) => e.id === Number(entry)).po_number, po);
    const scsv = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements/${P}.csv`)).text();
    assert.ok(scsv.includes('reference,memo,po_number,line'));
    assert.ok(scsv.split('\r\n').some((l) => l.startsWith(`${entry},`) && l.includes(`,${po},`)));
    const page = await (await call('d0001.finance', 'GET', `/dealers/${D1}/statements/${P}`)).text();
    assert.ok(page.includes(po));
  } finally {
    if (first) reopenMonth(first);
  }
});

test('the pages: /addresses adds, edits and makes default with CSRF; the draft offers the book', async () => {
  emptyBook(D1);
  const b = browser();
  await signIn(b, 'd0001.buyer', '/addresses');
  let page = await (await b.get('/addresses')).text();
  assert.match(page, /id="add-address"/);
  const idem = page.match(/id="add-address"[\s\S]*?name="idem" value="([^"]+)"/)[1];
  const form = { idem, name: `Page <b>${RUN}</b>`, contact: '王五', phone: '010-1234 5678', address: '上海市 1 号' };
  let post = await b.post('/addresses', form);
  assert.equal(post.status, 403, 'no CSRF token');
  post = await b.post('/addresses', { _csrf: csrfOf(page), ...form });
  assert.equal(post.status, 303);
  post = await b.post('/addresses', { _csrf: csrfOf(page), ...form });
  assert.equal(post.status, 303, 'the same form again: the same address');
  const [a] = (await book('d0001.buyer')).items;
  assert.equal((await book('d0001.buyer')).items.length, 1);
  page = await (await b.get('/addresses?done=added')).text();
  assert.ok(page.includes(`Page &lt;b&gt;${RUN}&lt;/b&gt;`), 'escaped');
  assert.ok(!page.includes(`<b>${RUN}</b>`));
  post = await b.post(`/addresses/${a.id}`, { _csrf: csrfOf(page), action: 'default', version: String(a.version) });
  assert.equal(post.status, 303);
  assert.equal((await book('d0001.buyer')).items[0].is_default, true);
  post = await b.post(`/addresses/${a.id}`, { _csrf: csrfOf(page), action: 'change', version: String(a.version),
    name: 'x', contact: 'y', phone: '123', address: 'z' });
  assert.equal(post.status, 409, 'an old version');
  // the draft preselects the default and takes a PO number
  const line = await (await call('d0001.buyer', 'POST', '/api/v1/draft/lines', lines[0], key())).json();
  try {
    const draft = await (await b.get('/draft')).text();
    assert.match(draft, new RegExp(`<option value="${a.id}" selected>`));
    assert.match(draft, /name="po_number"/);
  } finally {
    const d = await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json();
    for (const l of d.lines) await call('d0001.buyer', 'DELETE', `/api/v1/draft/lines/${l.id}`);
  }
  assert.ok(line);
  // a chain's buyer keeps its branch's book; another chain gets 404
  const chain = await (await call('c0001.buyer', 'GET', `/addresses?dealer=${D1}`)).text();
  assert.ok(chain.includes('id="add-address"'));
  assert.equal((await call('c0002.buyer', 'GET', `/addresses?dealer=${D1}`)).status, 404);
  // English and Chinese
  assert.ok((await (await call('d0001.buyer', 'GET', '/addresses', undefined, { Cookie: 'lang=en' })).text()).includes('Ship-to addresses'));
});
