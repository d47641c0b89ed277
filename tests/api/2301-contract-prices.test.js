// 2301: contract prices per dealer and per chain (issue #23, acceptance 4) against a promotion,
// exact in fen, on a hand-computed set; the quote and the draft say which price applied; an
// order keeps its prices when the contract changes later; who may set and read them (404
// outside one's reach); bad input; an idempotent create.
//
// A model of its own (air conditioners have no promotion for a category or for all of tier C),
// so that no other promotion applies:
// ¥1,999.99 + ¥150.00 for gold = 214,999 fen a unit.  Its promotion: 5 % for tier C, rounded
// half up on the line.  The dealers (tier C): X1 and X2 in chain CA, Y in chain CB, Z in none.
// The rows (China's dates, both edges included):
//   R1 X1   price 1,950.00 (a unit: 2,100.00)  from 1   today .. +30     dearer than 5 %
//   R2 X1   price 1,850.00 (a unit: 2,000.00)  from 10  -10 .. today     valid_to is today
//   R3 CA   12.5 % (214,999 x 0.125 = 26,874.875 -> 26,875: 188,124 a unit)
//                                               from 50  today .. +365   valid_from is today
//   R4 X1   price 1,000.00                     from 1   -20 .. -1        ended yesterday
//   R5 X1   price 1,000.00                     from 1   +1 .. +10        begins tomorrow
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, cli, login, sql } = require('../lib/harness');
const { browser, csrfOf } = require('../lib/formjar');

const PW = 'the-right-password';
const RUN = Date.now().toString(36).slice(-6).toUpperCase();
const run = RUN.toLowerCase();
const MODEL = `CP-${RUN}`;
const GOLD = { colour: 'gold' };
const UNIT = 214999;

// China's date days from today
const day = (days = 0) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);

const tok = {};
const as = async (who) => {
  if (!tok[who]) tok[who] = (await login(who, ['admin', 'd0001.buyer'].includes(who) ? undefined : PW)).access_token;
  return tok[who];
};
const call = async (who, method, p, body, headers = {}) => {
  const h = { Authorization: `Bearer ${await as(who)}`, ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return fetch(BASE + p, { method, headers: h, redirect: 'manual',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
};
const create = async (who, body, key) => call(who, 'POST', '/api/v1/contract-prices', body,
  key === null ? {} : { 'Idempotency-Key': key || `cp-${RUN}-${Math.random().toString(36).slice(2)}` });
// the answer's JSON, once its status is the one expected (the body in the message if not)
const ok = async (res, status) => {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text);
};
const quote = async (who, quantity) => (await call(who, 'POST', `/api/v1/products/${MODEL}/quote`,
  { quantity, options: GOLD })).json();

const org = {};
const user = {};
const R = {};

function dealer(code) {
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, city, tier)
    SELECT 'dealer', '${code}', '合同测试${code}', 'Contract test ${code}', region_id, dealer_kind, city, 'C'
    FROM orgs WHERE code = 'D0001'`);
  return id(code);
}

function person(name, orgCode, role) {
  const login = `${name}.${run}`;
  cli(['user', 'add', login, orgCode, role], `${PW}\n`);
  return login;
}

test.before(async () => {
  org.CA = `CA${RUN}`; org.CB = `CB${RUN}`;
  for (const c of [org.CA, org.CB]) {
    sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('chain', '${c}', '连锁${c}', 'Chain ${c}')`);
  }
  org.X1 = `PX1${RUN}`; org.X2 = `PX2${RUN}`; org.Y = `PY${RUN}`; org.Z = `PZ${RUN}`;
  for (const d of [org.X1, org.X2, org.Y, org.Z]) dealer(d);
  sql(`UPDATE orgs SET chain_id = ${id(org.CA)} WHERE code IN ('${org.X1}', '${org.X2}')`);
  sql(`UPDATE orgs SET chain_id = ${id(org.CB)} WHERE code = '${org.Y}'`);
  user.x1 = person('cpx1', org.X1, 'dealer_buyer');
  user.x2 = person('cpx2', org.X2, 'dealer_buyer');
  user.y = person('cpy', org.Y, 'dealer_buyer');
  user.z = person('cpz', org.Z, 'dealer_buyer');
  user.ca = person('cpca', org.CA, 'chain_buyer');
  user.cb = person('cpcb', org.CB, 'chain_buyer');
  user.kaOn = person('cpkaon', 'HQ', 'hq_key_account');
  user.kaOff = person('cpkaoff', 'HQ', 'hq_key_account');
  sql(`INSERT INTO key_account_chains (user_id, chain_id) SELECT u.id, ${id(org.CA)} FROM users u
    WHERE u.login = '${user.kaOn}'`);
  let res = await call('admin', 'POST', '/api/v1/products', { code: MODEL, category: 'air_conditioner',
    name_zh: '合同测试机', name_en: 'Contract test model', base_price: 199999, options: [{ name: 'colour',
      type: 'enum', required: true, values: [{ value: 'white', price_delta: 0, labels: { 'zh-CN': '白色', en: 'White' } },
        { value: 'gold', price_delta: 15000, labels: { 'zh-CN': '金色', en: 'Gold' } }] }] });
  assert.equal(res.status, 201, await res.text());
  res = await call('admin', 'POST', '/api/v1/promotions', { code: `CP-${RUN}-5`, name_zh: '合同测试 5%',
    name_en: 'Contract test 5 %', product: MODEL, tiers: 'C', percent: 5, starts_on: day(-400), ends_on: day(400) });
  assert.equal(res.status, 201, await res.text());
  const rows = {
    R1: { dealer: id(org.X1), price: 195000, min_qty: 1, valid_from: day(0), valid_to: day(30) },
    R2: { dealer: id(org.X1), price: 185000, min_qty: 10, valid_from: day(-10), valid_to: day(0) },
    R3: { chain: id(org.CA), discount_bp: 1250, min_qty: 50, valid_from: day(0), valid_to: day(365) },
    R4: { dealer: id(org.X1), price: 100000, valid_from: day(-20), valid_to: day(-1) },
    R5: { dealer: id(org.X1), price: 100000, valid_from: day(1), valid_to: day(10) },
  };
  for (const [k, body] of Object.entries(rows)) {
    res = await create(user.kaOn, { product: MODEL, ...body });
    const text = await res.text();
    assert.equal(res.status, 201, `${k}: ${text}`);
    R[k] = JSON.parse(text);
  }
});

// the model leaves the catalogue's lists again (the lines and the rows keep it)
test.after(() => {
  sql(`UPDATE products SET active = 0 WHERE code = '${MODEL}'`);
});

test('the quote: a contract, its quantity breaks and validity edges, and the promotion, exact in fen', async () => {
  // 1 unit: R1 (2,100.00) is dearer than 5 % (214,999 - 10,749.95 -> 10,750); R4 ended, R5 not begun
  let q = await quote(user.x1, 1);
  assert.deepEqual([q.unit_price, q.gross, q.discount, q.line_total, q.price_source, q.contract_id],
    [UNIT, UNIT, 10750, 204249, 'promotion', null]);
  assert.equal(q.promotion.code, `CP-${RUN}-5`);
  // 9 units: R2's break is 10; 5 % of 1,934,991 = 96,749.55 -> 96,750
  q = await quote(user.x1, 9);
  assert.deepEqual([q.line_total, q.price_source], [9 * UNIT - 96750, 'promotion']);
  // 10 units: R2, whose last day is today: 10 x 200,000 against 2,149,990 - 107,500 (107,499.5 up)
  q = await quote(user.x1, 10);
  assert.deepEqual([q.unit_price, q.discount, q.line_total, q.price_source, q.contract_id],
    [UNIT, 149990, 2000000, 'contract', R.R2.id]);
  assert.equal(q.promotion, null);
  // 49: still R2
  q = await quote(user.x1, 49);
  assert.deepEqual([q.line_total, q.contract_id], [49 * 200000, R.R2.id]);
  // 50: the chain's R3, from today: 50 x 188,124
  q = await quote(user.x1, 50);
  assert.deepEqual([q.discount, q.line_total, q.price_source, q.contract_id],
    [50 * UNIT - 9406200, 9406200, 'contract', R.R3.id]);
  // the other branch has only the chain's rows; a dealer outside the chain only the promotion
  q = await quote(user.x2, 50);
  assert.deepEqual([q.line_total, q.contract_id], [9406200, R.R3.id]);
  q = await quote(user.x2, 10);
  assert.deepEqual([q.line_total, q.price_source], [2149990 - 107500, 'promotion']);
  q = await quote(user.z, 50);
  assert.deepEqual([q.line_total, q.price_source, q.contract_id], [50 * UNIT - 537498, 'promotion', null]);
  // the chain's buyer pricing for its branch, and staff naming the dealer
  q = await (await call(user.ca, 'POST', `/api/v1/products/${MODEL}/quote`,
    { quantity: 50, options: GOLD, dealer: id(org.X2) })).json();
  assert.deepEqual([q.line_total, q.contract_id], [9406200, R.R3.id]);
});

test('the draft shows the price\'s source; the order freezes it; a later change leaves the order as it was', async () => {
  await ok(await call(user.x1, 'POST', '/api/v1/draft/lines', { product: MODEL, quantity: 50, options: GOLD }), 201);
  const draft = await (await call(user.x1, 'GET', '/api/v1/draft')).json();
  const line = draft.lines.find((l) => l.product === MODEL);
  assert.deepEqual([line.line_total, line.price_source, line.contract_id], [9406200, 'contract', R.R3.id]);
  const page = await (await call(user.x1, 'GET', '/draft', undefined, { 'Accept-Language': 'en' })).text();
  assert.ok(page.includes(`#${R.R3.id}</small>`), 'the draft page names the contract row');
  assert.match(page, /合同价 #|Contract price #/);

  const body = { lines: [{ product: MODEL, quantity: 10, options: GOLD }, { product: MODEL, quantity: 50, options: GOLD },
    { product: MODEL, quantity: 1, options: GOLD }], requested_date: day(30), ship_to: '北京市朝阳区 1 号', note: 'contract' };
  let res = await call(user.x1, 'POST', '/api/v1/orders', body, { 'Idempotency-Key': `cp-order-${RUN}` });
  const order = await ok(res, 201);
  assert.deepEqual(order.lines.map((l) => [l.line_total, l.price_source, l.contract_id]),
    [[2000000, 'contract', R.R2.id], [9406200, 'contract', R.R3.id], [204249, 'promotion', null]]);
  assert.equal(order.total, 2000000 + 9406200 + 204249);
  const stored = sql(`SELECT l.unit_price, l.discount, l.line_total, IFNULL(l.contract_price_id, 0),
    IFNULL(l.promotion_id, 0) > 0 FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.number = '${order.number}' ORDER BY l.line_no`).map((r) => r.map(Number));
  assert.deepEqual(stored, [[UNIT, 149990, 2000000, R.R2.id, 0], [UNIT, 1343750, 9406200, R.R3.id, 0],
    [UNIT, 10750, 204249, 0, 1]]);
  const before = await (await call(user.x1, 'GET', `/api/v1/orders/${order.number}`)).json();
  assert.deepEqual(before.lines, order.lines);

  // the contract changes: R3 becomes 20 %, R2 ends (yesterday), R1 gets cheaper (1,600.00)
  res = await call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R3.id}`, { version: R.R3.version, discount_bp: 2000 });
  assert.deepEqual(await ok(res, 200), { ...R.R3, discount_bp: 2000, version: R.R3.version + 1 });
  res = await call(user.kaOn, 'DELETE', `/api/v1/contract-prices/${R.R2.id}?version=${R.R2.version}`);
  const ended = await ok(res, 200);
  assert.equal(ended.valid_to, day(-1));
  res = await call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R1.id}`, { version: R.R1.version, price: 160000 });
  assert.equal(res.status, 200);
  // today's quotes follow it: 50 x (214,999 - 43,000 (42,999.8 up)) below R1's 1,750.00 a unit;
  // 10 units at R1's
  assert.deepEqual([(await quote(user.x1, 50)).line_total, (await quote(user.x1, 50)).contract_id],
    [50 * 171999, R.R3.id]);
  assert.deepEqual([(await quote(user.x1, 10)).line_total, (await quote(user.x1, 10)).contract_id],
    [10 * 175000, R.R1.id]);
  // the order does not
  const after = await (await call(user.x1, 'GET', `/api/v1/orders/${order.number}`)).json();
  assert.deepEqual(after.lines, before.lines);
  assert.equal(after.total, before.total);
  // and the rows it names are still there, ended but kept
  const rows = (await (await call(user.x1, 'GET', `/api/v1/contract-prices?dealer=${id(org.X1)}`)).json()).items;
  assert.ok(rows.some((r) => r.id === R.R2.id && r.valid_to === day(-1)));
});

test('a change on an old version is 409; a row out of one\'s reach is 404', async () => {
  const cur = (await (await call(user.x1, 'GET', `/api/v1/contract-prices?chain=${id(org.CA)}`)).json()).items
    .find((r) => r.id === R.R3.id);
  const both = await Promise.all([1, 2].map((k) => call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R3.id}`,
    { version: cur.version, valid_to: day(300 + k) })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  let res = await call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R3.id}`, { version: cur.version, valid_to: day(200) });
  assert.equal(res.status, 409);
  // the key-account person not assigned the chain: 404 for its rows and its dealers'
  for (const p of [`/api/v1/contract-prices/${R.R3.id}`, `/api/v1/contract-prices/${R.R1.id}`]) {
    res = await call(user.kaOff, 'PATCH', p, { version: 1, valid_to: day(5) });
    assert.equal(res.status, 404, p);
    assert.equal((await call(user.kaOff, 'DELETE', `${p}?version=1`)).status, 404, p);
  }
  for (const owner of [{ chain: id(org.CA) }, { dealer: id(org.X1) }]) {
    res = await create(user.kaOff, { ...owner, product: MODEL, price: 1, valid_from: day(50), valid_to: day(60) });
    assert.equal(res.status, 404, JSON.stringify(owner));
  }
  // the assigned one: not another chain, nor a dealer of none
  for (const owner of [{ chain: id(org.CB) }, { dealer: id(org.Y) }, { dealer: id(org.Z) }]) {
    res = await create(user.kaOn, { ...owner, product: MODEL, price: 1, valid_from: day(50), valid_to: day(60) });
    assert.equal(res.status, 404, JSON.stringify(owner));
  }
  assert.equal((await call(user.kaOff, 'GET', `/admin/contracts?chain=${id(org.CA)}`)).status, 404);
  assert.equal((await call(user.kaOn, 'GET', `/admin/contracts?chain=${id(org.CA)}`)).status, 200);
  // the admin sets anyone's; a buyer no one's
  res = await create('admin', { dealer: id(org.Z), product: MODEL, price: 180000, valid_from: day(0), valid_to: day(0) });
  assert.equal(res.status, 201);
  assert.equal((await quote(user.z, 1)).line_total, 195000);
  res = await create(user.x1, { dealer: id(org.X1), product: MODEL, price: 1, valid_from: day(0), valid_to: day(0) });
  assert.equal(res.status, 403);
});

test('who reads whose rows: another dealer and another chain get 404', async () => {
  const list = async (who, q) => call(who, 'GET', `/api/v1/contract-prices?${q}`);
  const dealerX1 = `dealer=${id(org.X1)}`;
  const chainCA = `chain=${id(org.CA)}`;
  let res = await list(user.x1, dealerX1);
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).items.map((r) => r.id).sort((a, b) => a - b),
    [R.R1.id, R.R2.id, R.R4.id, R.R5.id]);
  res = await list(user.x1, chainCA);	// its chain's, which price it
  assert.deepEqual((await res.json()).items.map((r) => r.id), [R.R3.id]);
  assert.equal((await list(user.ca, dealerX1)).status, 200);	// the chain reads its branch's
  assert.equal((await list(user.ca, chainCA)).status, 200);
  assert.equal((await list(user.kaOff, chainCA)).status, 200);	// HQ reads
  assert.equal((await list('d0001.buyer', dealerX1)).status, 404);	// another dealer
  assert.equal((await list(user.x2, dealerX1)).status, 404);	// even a sister branch
  assert.equal((await list(user.y, dealerX1)).status, 404);	// another chain's dealer
  assert.equal((await list(user.y, chainCA)).status, 404);
  assert.equal((await list(user.z, chainCA)).status, 404);	// a dealer of no chain
  assert.equal((await list(user.cb, dealerX1)).status, 404);	// another chain
  assert.equal((await list(user.cb, chainCA)).status, 404);
  assert.equal((await list(user.x1, 'dealer=999999999')).status, 404);
});

test('bad input: field-level 4xx', async () => {
  const fields = async (res, status) => {
    assert.equal(res.status, status);
    return (await res.json()).error.fields;
  };
  let f = await fields(await create(user.kaOn, { dealer: id(org.X1), chain: id(org.CA), product: 'no such!',
    price: 100, discount_bp: 10, min_qty: 0, valid_from: '2026-02-30x', valid_to: 7 }), 422);
  for (const k of ['dealer', 'product', 'price', 'min_qty', 'valid_from', 'valid_to']) assert.ok(f[k], k);
  f = await fields(await create(user.kaOn, { chain: id(org.CA), product: MODEL, discount_bp: 10001,
    valid_from: day(5), valid_to: day(4) }), 422);
  assert.ok(f.price && f.valid_to, JSON.stringify(f));
  f = await fields(await create(user.kaOn, { chain: id(org.CA), product: 'NO-SUCH-MODEL', price: -1,
    valid_from: day(5), valid_to: day(6) }), 422);
  assert.ok(f.price, JSON.stringify(f));
  f = await fields(await create(user.kaOn, { chain: id(org.CA), product: 'NO-SUCH-MODEL', price: 1,
    valid_from: day(5), valid_to: day(6) }), 422);
  assert.ok(f.product, JSON.stringify(f));
  f = await fields(await create(user.kaOn, { chain: id(org.CA), product: MODEL, price: 1,
    valid_from: day(5), valid_to: day(6) }, null), 422);
  assert.ok(f['Idempotency-Key'], JSON.stringify(f));
  assert.equal((await create(user.kaOn, '[1,2]')).status, 400);
  f = await fields(await call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R1.id}`,
    { version: 'one', price: 5, discount_bp: 5, valid_to: 'soon' }), 422);
  assert.ok(f.version && f.price && f.valid_to, JSON.stringify(f));
  f = await fields(await call(user.kaOn, 'PATCH', `/api/v1/contract-prices/${R.R5.id}`,
    { version: R.R5.version, valid_to: day(0) }), 422);	// before its first day
  assert.ok(f.valid_to, JSON.stringify(f));
  assert.equal((await call(user.kaOn, 'DELETE', `/api/v1/contract-prices/${R.R5.id}`)).status, 422);
  assert.equal((await call(user.kaOn, 'GET', '/api/v1/contract-prices')).status, 422);
  assert.equal((await call(user.kaOn, 'GET', `/api/v1/contract-prices?dealer=1&chain=${id(org.CA)}`)).status, 422);
  assert.equal((await call(user.kaOn, 'GET', '/api/v1/contract-prices?dealer=x')).status, 422);
});

test('a create is idempotent by its key; a second row for the same model, break and start is 409', async () => {
  const body = { chain: id(org.CA), product: MODEL, price: 170000, min_qty: 100, valid_from: day(2), valid_to: day(9) };
  const key = `cp-idem-${RUN}`;
  const twice = await Promise.all([create(user.kaOn, body, key), create(user.kaOn, body, key)]);
  assert.deepEqual(twice.map((r) => r.status).sort(), [200, 201]);
  const [a, b] = await Promise.all(twice.map((r) => r.json()));
  assert.deepEqual(a, b);
  let res = await create(user.kaOn, body, key);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).id, a.id);
  res = await create(user.kaOn, { ...body, price: 160000 }, key);
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.code, 'idempotency_conflict');
  res = await create(user.kaOn, { ...body, price: 160000 });
  assert.equal(res.status, 409);
  assert.ok((await res.json()).error.fields.valid_from);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM contract_prices WHERE chain_id = ${id(org.CA)} AND min_qty = 100`)[0][0]), 1);
  // ending a row not yet begun leaves it never in force, and kept
  res = await call(user.kaOn, 'DELETE', `/api/v1/contract-prices/${a.id}?version=${a.version}`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).valid_to, day(1));
});

test('the page: a key-account person\'s chains, a row added and ended by form, CSRF checked, values escaped', async () => {
  const b = browser();
  let page = await (await b.get('/login')).text();
  let res = await b.post('/login', { _csrf: csrfOf(page), login: user.kaOn, password: PW, next: '/admin/contracts' });
  assert.equal(res.status, 303);
  await b.get('/lang/en?next=%2F');
  page = await (await b.get('/admin/contracts')).text();
  assert.match(page, /<h1>Contract prices<\/h1>/);
  assert.ok(page.includes(`?chain=${id(org.CA)}"`) && !page.includes(`?chain=${id(org.CB)}"`), 'its chains only');
  res = await b.get(`/admin/contracts?chain=${id(org.CA)}`);
  assert.equal(res.status, 200);
  page = await res.text();
  assert.ok(page.includes(`action="/admin/contracts/${R.R3.id}"`));
  assert.equal((await b.get(`/admin/contracts?chain=${id(org.CB)}`)).status, 404);
  const idem = page.match(/name="idem" value="([^"]+)"/)[1];
  const form = { _csrf: csrfOf(page), idem, owner: 'chain', owner_id: String(id(org.CA)), product: MODEL,
    price: '', discount: '7.5', min_qty: '200', valid_from: day(3), valid_to: day(4) };
  assert.equal((await b.post('/admin/contracts', { ...form, _csrf: '0'.repeat(64) })).status, 403);
  for (let i = 0; i < 2; i++) {	// sent twice: one row
    res = await b.post('/admin/contracts', form);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/admin/contracts?chain=${id(org.CA)}&saved=1`);
  }
  const rows = sql(`SELECT id, discount_bp, version FROM contract_prices WHERE chain_id = ${id(org.CA)} AND min_qty = 200`);
  assert.deepEqual(rows.map((r) => Number(r[1])), [750]);
  res = await b.post(`/admin/contracts/${rows[0][0]}`, { _csrf: form._csrf, version: rows[0][2], owner: 'chain',
    owner_id: form.owner_id, end: '1' });
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT valid_to FROM contract_prices WHERE id = ${rows[0][0]}`)[0][0], day(2), 'never in force');
  res = await b.post('/admin/contracts', { ...form, idem: `${idem}x`, product: '<b>X</b>', discount: '1.234' });
  assert.equal(res.status, 422);
  page = await res.text();
  assert.ok(page.includes('value="&lt;b&gt;X&lt;/b&gt;"') && !page.includes('<b>X</b>'), 'escaped');
  assert.match(page, /<code>discount<\/code>/);
});
