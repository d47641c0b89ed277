// 0111: chains administered (issue #23): the admin makes a chain and moves dealers into and out
// of it, their orders with them; a chain buyer orders for a branch and for no one else; the
// demo's Walmart China (C0001) reads its branches' orders and statements; a chain user is the
// customer's side (no staff notes).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, api, cli, client, errorOf, login, sql, later } = require('../lib/harness');

const { call } = client();
const PW = 'the-right-password';
const RUN = Date.now().toString(36).slice(-6).toUpperCase();
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const chainOf = (code) => sql(`SELECT COALESCE(chain_id, 0) FROM orgs WHERE code = '${code}'`)[0][0];
const key = (s) => ({ 'Idempotency-Key': `ca-${RUN}-${s}` });

let admin;
let dealer;		// a dealer made here, in region R01
let chainX;
let chainY;
let buyerX;		// chain_buyer of X
let buyerY;
let order;		// the dealer's order

async function org(body) {
  const res = await api(admin, 'POST', '/api/v1/orgs', body);
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

async function patch(id, body) {
  const cur = await (await api(admin, 'GET', `/api/v1/orgs/${id}`)).json();
  return api(admin, 'PATCH', `/api/v1/orgs/${id}`, { version: cur.version, ...body });
}

test.before(async () => {
  admin = (await login('admin')).access_token;
  chainX = await org({ kind: 'chain', code: `CX${RUN}`, name_zh: '连锁X', name_en: 'Chain X' });
  chainY = await org({ kind: 'chain', code: `CY${RUN}`, name_zh: '连锁Y', name_en: 'Chain Y' });
  for (const [c, u] of [[chainX, 'x'], [chainY, 'y']])
    cli(['user', 'add', `cb.${u}.${RUN.toLowerCase()}`, c.code, 'chain_buyer'], `${PW}\n`);
  buyerX = (await login(`cb.x.${RUN.toLowerCase()}`, PW)).access_token;
  buyerY = (await login(`cb.y.${RUN.toLowerCase()}`, PW)).access_token;
  dealer = await org({ kind: 'dealer', code: `DX${RUN}`, name_zh: '分店', name_en: 'Branch', region: idOf('R01'),
    dealer_kind: 'multinational_chain', tier: 'B', chain: chainX.id });
  cli(['user', 'add', `db.${RUN.toLowerCase()}`, dealer.code, 'dealer_buyer'], `${PW}\n`);
});

test('the admin makes a chain and a dealer in it; the shapes are checked', async () => {
  assert.equal(chainX.kind, 'chain');
  assert.equal(chainX.region_id, undefined);
  assert.equal(dealer.chain_id, chainX.id);
  // a chain belongs to no region and to no chain; a region is no chain
  let res = await api(admin, 'POST', '/api/v1/orgs', { kind: 'chain', code: `CZ${RUN}`, name_zh: 'z', name_en: 'z',
    chain: chainX.id });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['chain']);
  res = await api(admin, 'POST', '/api/v1/orgs', { kind: 'dealer', code: `DZ${RUN}`, name_zh: 'z', name_en: 'z',
    region: idOf('R01'), dealer_kind: 'specialty_store', tier: 'C', chain: idOf('R01') });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['chain']);
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = 'DZ${RUN}'`)[0][0], '0', 'nothing half-written');
  res = await api(admin, 'GET', `/api/v1/orgs?kind=chain&limit=100`);
  assert.ok((await res.json()).items.some((o) => o.id === chainX.id));
  res = await api(admin, 'GET', `/api/v1/orgs?chain=${chainX.id}`);
  assert.deepEqual((await res.json()).items.map((o) => o.code), [dealer.code]);
  assert.equal((await api(admin, 'GET', '/api/v1/orgs?chain=x')).status, 422);
  // only the admin administers organisations
  assert.equal((await api(buyerX, 'PATCH', `/api/v1/orgs/${dealer.id}`, { chain: null })).status, 403);
});

test('a chain buyer orders for its branch, not for another dealer', async () => {
  const body = { dealer: dealer.id, requested_date: later(20), ship_to: '分店收货处',
    lines: [{ product: 'LE-2005', quantity: 2, options: { screen_in: '55', panel: 'led' } }] };
  let res = await fetchWithKey(buyerX, body, 'o1');
  assert.equal(res.status, 201, await res.clone().text());
  order = await res.json();
  assert.equal(order.dealer.id, dealer.id);
  assert.equal(sql(`SELECT chain_id FROM orders WHERE number = '${order.number}'`)[0][0], String(chainX.id));
  // the same key is the same order
  res = await fetchWithKey(buyerX, body, 'o1');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).number, order.number);
  // another chain's buyer, and a dealer outside the chain: 404
  assert.equal((await fetchWithKey(buyerY, body, 'o2')).status, 404);
  assert.equal((await fetchWithKey(buyerX, { ...body, dealer: idOf('D0003') }, 'o3')).status, 404);
  res = await fetchWithKey(buyerX, { ...body, dealer: undefined }, 'o4');
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['dealer']);
  // the branch sees it as its own
  const t = (await login(`db.${RUN.toLowerCase()}`, PW)).access_token;
  assert.equal((await api(t, 'GET', `/api/v1/orders/${order.number}`)).status, 200);
});

async function fetchWithKey(token, body, k) {
  return fetch(`${BASE}/api/v1/orders`, { method: 'POST', headers: { Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json', ...key(k) }, body: JSON.stringify(body) });
}

test('moving a dealer to another chain moves its orders; leaving takes them out', async () => {
  assert.equal((await api(buyerX, 'GET', `/api/v1/orders/${order.number}`)).status, 200);
  assert.equal((await api(buyerY, 'GET', `/api/v1/orders/${order.number}`)).status, 404);
  let res = await patch(dealer.id, { chain: chainY.id });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).chain_id, chainY.id);
  assert.equal((await api(buyerX, 'GET', `/api/v1/orders/${order.number}`)).status, 404);
  assert.equal((await api(buyerY, 'GET', `/api/v1/orders/${order.number}`)).status, 200);
  const list = (await (await api(buyerY, 'GET', '/api/v1/orders?limit=100')).json()).items;
  assert.deepEqual(list.map((o) => o.number), [order.number], 'the list reads the moved order');
  assert.equal((await (await api(buyerX, 'GET', '/api/v1/orders?limit=100')).json()).items.length, 0);
  // leave: nobody's chain
  res = await patch(dealer.id, { chain: null });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).chain_id, undefined);
  assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE dealer_id = ${dealer.id} AND chain_id IS NOT NULL`)[0][0], '0');
  assert.equal((await api(buyerY, 'GET', `/api/v1/orders/${order.number}`)).status, 404);
  // back into X; the audit log keeps each move
  assert.equal((await patch(dealer.id, { chain: chainX.id })).status, 200);
  assert.equal((await api(buyerX, 'GET', `/api/v1/orders/${order.number}`)).status, 200);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'org_update' AND object_id = '${dealer.id}'`)[0][0]) >= 3);
});

test('a chain move is refused whole: not a dealer, not a chain, a stale version', async () => {
  let res = await patch(idOf('R01'), { chain: chainX.id });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['chain']);
  res = await patch(dealer.id, { chain: idOf('D0001') });
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.chain, /no such chain/);
  res = await patch(dealer.id, { chain: 'x' });
  assert.equal(res.status, 422);
  const cur = await (await api(admin, 'GET', `/api/v1/orgs/${dealer.id}`)).json();
  res = await api(admin, 'PATCH', `/api/v1/orgs/${dealer.id}`, { version: cur.version + 1, chain: chainY.id });
  assert.equal(res.status, 409);
  assert.equal(chainOf(dealer.code), String(chainX.id), 'the stale move changed nothing');
  assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE dealer_id = ${dealer.id} AND chain_id <> ${chainX.id}`)[0][0], '0');
});

test('the demo: Walmart China reads its branches\' orders and statements, nothing else', async () => {
  const c = (await login('c0001.buyer')).access_token;
  const f = (await login('c0001.finance')).access_token;
  assert.equal(chainOf('D0001'), String(idOf('C0001')));
  const items = (await (await api(c, 'GET', '/api/v1/orders?limit=100')).json()).items;
  assert.ok(items.length > 0);
  const branches = new Set(sql(`SELECT id FROM orgs WHERE chain_id = ${idOf('C0001')}`).map((r) => Number(r[0])));
  assert.ok(branches.size >= 2, 'Walmart has branches in several regions');
  assert.deepEqual(items.filter((o) => !branches.has(o.dealer.id)), []);
  // statements: a branch's are read, a Gome's are 404
  let res = await api(f, 'GET', `/api/v1/dealers/${idOf('D0001')}/statements`);
  assert.equal(res.status, 200);
  res = await api(f, 'GET', `/api/v1/dealers/${idOf('D0002')}/statements`);
  assert.equal(res.status, 404);
  res = await api(f, 'GET', `/api/v1/dealers/${idOf('D0002')}/ledger`);
  assert.equal(res.status, 404);
  res = await api(f, 'GET', '/api/v1/statements?limit=100');
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).items.filter((s) => !branches.has(s.dealer.id)), []);
  // Gome's chain buyer reads none of Walmart's
  const g = (await login('c0002.buyer')).access_token;
  const number = sql(`SELECT number FROM orders WHERE dealer_id = ${idOf('D0001')} LIMIT 1`)[0][0];
  assert.equal((await api(g, 'GET', `/api/v1/orders/${number}`)).status, 404);
  assert.equal((await api(c, 'GET', `/api/v1/orders/${number}`)).status, 200);
});

test('a chain user is the customer\'s side: no staff notes on a branch complaint', async () => {
  let res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'other', severity: 'normal',
    subject: '连锁看不到内部备注', description: 'x' }, key('cmp'));
  assert.equal(res.status, 201);
  const cmp = await res.json();
  res = await call('r01.agent', 'POST', `/api/v1/complaints/${cmp.number}/messages`,
    { body: '内部：只给员工看', internal: true });
  assert.equal(res.status, 200);
  const c = (await login('c0001.buyer')).access_token;
  res = await api(c, 'GET', `/api/v1/complaints/${cmp.number}`);
  assert.equal(res.status, 200);
  assert.ok(!(await res.text()).includes('只给员工看'));
  const staff = await (await call('r01.agent', 'GET', `/api/v1/complaints/${cmp.number}`)).text();
  assert.ok(staff.includes('只给员工看'), 'staff do read it');
});

test('a chain\'s admin administers its chain\'s and its branches\' users, and nobody else\'s', async () => {
  cli(['user', 'add', `ca.x.${RUN.toLowerCase()}`, chainX.code, 'chain_admin'], `${PW}\n`);
  cli(['user', 'add', `ca.y.${RUN.toLowerCase()}`, chainY.code, 'chain_admin'], `${PW}\n`);
  const ax = (await login(`ca.x.${RUN.toLowerCase()}`, PW)).access_token;
  const ay = (await login(`ca.y.${RUN.toLowerCase()}`, PW)).access_token;
  const add = (t, login, org, roles) => api(t, 'POST', '/api/v1/users', { login, display_name: login,
    password: 'a-long-password-1', org_code: org, roles });
  // a branch's buyer and approver, a chain finance user
  let res = await add(ax, `bb.${RUN.toLowerCase()}`, dealer.code, ['dealer_buyer', 'dealer_approver']);
  assert.equal(res.status, 201, await res.clone().text());
  const branchUser = await res.json();
  res = await add(ax, `cf.${RUN.toLowerCase()}`, chainX.code, ['chain_finance']);
  assert.equal(res.status, 201, await res.clone().text());
  // roles that do not suit the organisation, or are staff's: 422
  res = await add(ax, `bad1.${RUN.toLowerCase()}`, dealer.code, ['chain_buyer']);
  assert.equal(res.status, 422);
  res = await add(ax, `bad2.${RUN.toLowerCase()}`, chainX.code, ['admin']);
  assert.equal(res.status, 422);
  // a dealer outside the chain, and another chain: not there
  assert.equal((await add(ax, `bad3.${RUN.toLowerCase()}`, 'D0003', ['dealer_buyer'])).status, 404);
  assert.equal((await add(ax, `bad4.${RUN.toLowerCase()}`, chainY.code, ['chain_buyer'])).status, 404);
  // the list is the chain's and its branches' users only
  const orgs = new Set((await (await api(ax, 'GET', '/api/v1/users?limit=100')).json()).items.map((u) => u.org.code));
  assert.deepEqual([...orgs].sort(), [chainX.code, dealer.code].sort());
  // another chain's admin finds none of them; the branch user is changed by X's admin
  assert.equal((await api(ay, 'GET', `/api/v1/users/${branchUser.id}`)).status, 404);
  assert.equal((await api(ay, 'PATCH', `/api/v1/users/${branchUser.id}`, { disabled: true })).status, 404);
  res = await api(ax, 'PATCH', `/api/v1/users/${branchUser.id}`, { roles: ['dealer_buyer'], version: branchUser.version });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual((await res.json()).roles, ['dealer_buyer']);
  // the demo's dealer admin still reaches only its own dealer
  const d = (await login('d0001.admin')).access_token;
  assert.equal((await api(d, 'GET', `/api/v1/users/${branchUser.id}`)).status, 404);
});

test('the admin assigns chains to HQ\'s key-account staff; checked, audited, replaced whole', async () => {
  const [[key]] = sql("SELECT id FROM users WHERE login = 'hq.key'");
  let res = await api(admin, 'GET', `/api/v1/users/${key}/chains`);
  assert.equal(res.status, 200);
  const before = (await res.json()).chains;
  assert.ok(before.includes(idOf('C0001')), 'the demo gives hq.key Walmart China');
  res = await api(admin, 'PUT', `/api/v1/users/${key}/chains`, { chains: [chainX.id, chainY.id] });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual((await res.json()).chains, [chainX.id, chainY.id]);
  // not a chain, twice, not numbers: 422, nothing changed
  for (const chains of [[dealer.id], [chainX.id, chainX.id], ['x'], 'x']) {
    res = await api(admin, 'PUT', `/api/v1/users/${key}/chains`, { chains });
    assert.equal(res.status, 422, JSON.stringify(chains));
  }
  assert.deepEqual((await (await api(admin, 'GET', `/api/v1/users/${key}/chains`)).json()).chains, [chainX.id, chainY.id]);
  // only HQ's key-account staff hold chains; only the admin assigns
  const [[manager]] = sql("SELECT id FROM users WHERE login = 'r01.manager'");
  assert.equal((await api(admin, 'PUT', `/api/v1/users/${manager}/chains`, { chains: [chainX.id] })).status, 404);
  assert.equal((await api(buyerX, 'PUT', `/api/v1/users/${key}/chains`, { chains: [] })).status, 403);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'assign_chains' AND object_id = '${key}'`)[0][0]) >= 1);
  res = await api(admin, 'PUT', `/api/v1/users/${key}/chains`, { chains: before });
  assert.equal(res.status, 200);
});
