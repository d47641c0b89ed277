// 0110: a chain's users read every branch and nothing else (issue #23, first slice).
// The chains here are made by the database's root (the admin's pages and API for chains
// come in a later slice): chain A over D0001 and D0002, chain B over D0101; D0003 in none
// (given one order here).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, cli, client, login, sql } = require('../lib/harness');

const { call } = client();

const PW = 'the-right-password';
const RUN = Date.now().toString(36).slice(-6).toUpperCase();
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);

function chain(code, dealers) {
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('chain', '${code}', '连锁${code}', 'Chain ${code}')`);
  const c = id(code);
  for (const d of dealers) {
    sql(`UPDATE orgs SET chain_id = ${c} WHERE code = '${d}'`);
    sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = ${c} WHERE d.code = '${d}'`);
  }
  const user = `chain.${code.toLowerCase()}`;
  cli(['user', 'add', user, code, 'chain_buyer'], `${PW}\n`);
  return user;
}

const A = `CA${RUN}`;
const B = `CB${RUN}`;
let tokA;
let tokB;
const orderOf = (code) => sql(`SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = '${code}' ORDER BY o.id DESC LIMIT 1`)[0][0];

// the demo's chains (C0001 Walmart China over D0001 ...), put back after
const DEMO = ['D0001', 'D0002', 'D0003', 'D0101'];
let demoChains;

test.before(async () => {
  demoChains = sql(`SELECT code, COALESCE(chain_id, 'NULL') FROM orgs WHERE code IN ('${DEMO.join("','")}')`);
  sql(`UPDATE orgs SET chain_id = NULL WHERE code IN ('D0001','D0002','D0003','D0101')`);
  sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = NULL WHERE d.code IN ('D0001','D0002','D0003','D0101')`);
  tokA = (await login(chain(A, ['D0001', 'D0002']), PW)).access_token;
  tokB = (await login(chain(B, ['D0101']), PW)).access_token;
  sql(`INSERT INTO orders (number, dealer_id, region_id, total, requested_date, ship_to, note, created_by)
    SELECT 'SO-T-${RUN}', d.id, d.region_id, o.total, o.requested_date, o.ship_to, '', o.created_by
    FROM orders o JOIN orgs d ON d.code = 'D0003' WHERE o.number = '${orderOf('D0001')}'`);
  sql(`INSERT INTO order_lines (order_id, line_no, product_id, product_code, quantity, options, unit_price,
    discount, line_total) SELECT n.id, l.line_no, l.product_id, l.product_code, l.quantity, l.options,
    l.unit_price, l.discount, l.line_total FROM orders n JOIN orders o ON o.number = '${orderOf('D0001')}'
    JOIN order_lines l ON l.order_id = o.id WHERE n.number = 'SO-T-${RUN}'`);
});

test.after(() => {
  for (const [code, c] of demoChains) {
    sql(`UPDATE orgs SET chain_id = ${c} WHERE code = '${code}'`);
    sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = ${c} WHERE d.code = '${code}'`);
  }
});

test('a chain user lists the orders of every branch and of no one else', async () => {
  const res = await api(tokA, 'GET', '/api/v1/orders?limit=100');
  assert.equal(res.status, 200);
  const dealers = new Set((await res.json()).items.map((o) => o.dealer.id));
  assert.ok(dealers.has(id('D0001')) && dealers.has(id('D0002')), [...dealers].join());
  assert.deepEqual([...dealers].filter((d) => d !== id('D0001') && d !== id('D0002')), []);
});

test('a branch order reads; another chain\'s or an outside dealer\'s is 404', async () => {
  assert.equal((await api(tokA, 'GET', `/api/v1/orders/${orderOf('D0002')}`)).status, 200);
  assert.equal((await api(tokA, 'GET', `/api/v1/orders/${orderOf('D0003')}`)).status, 404);
  assert.equal((await api(tokA, 'GET', `/api/v1/orders/${orderOf('D0101')}`)).status, 404);
  assert.equal((await api(tokB, 'GET', `/api/v1/orders/${orderOf('D0001')}`)).status, 404);
  assert.equal((await api(tokB, 'GET', `/api/v1/orders/${orderOf('D0101')}`)).status, 200);
  assert.equal((await api(tokB, 'GET', `/api/v1/orders/${orderOf('D0003')}`)).status, 404);
});

test('the dealers and complaints a chain user reads are its branches\'', async () => {
  const dealers = (await (await api(tokA, 'GET', '/api/v1/dealers?limit=100')).json()).items.map((d) => d.code);
  assert.deepEqual(dealers.sort(), ['D0001', 'D0002']);
  for (const who of ['d0001.buyer', 'd0002.buyer']) {
    const res = await call(who, 'POST', '/api/v1/complaints', { category: 'other', severity: 'normal',
      subject: '连锁投诉', description: 'a branch complaint' }, { 'Idempotency-Key': `chain-${RUN}-${who}` });
    assert.equal(res.status, 201, who);
  }
  const mine = Number(sql(`SELECT COUNT(*) FROM complaints c JOIN orgs d ON d.id = c.dealer_id WHERE d.code IN ('D0001','D0002')`)[0][0]);
  const res = await api(tokA, 'GET', '/api/v1/complaints?limit=100');
  assert.equal(res.status, 200);
  const seen = (await res.json()).items.map((x) => x.dealer.id);
  assert.ok(mine >= 2);
  assert.equal(seen.length, Math.min(mine, 100), 'every branch complaint');
  assert.deepEqual(seen.filter((d) => d !== id('D0001') && d !== id('D0002')), []);
  assert.equal((await api(tokA, 'GET', `/api/v1/orders?dealer=${id('D0003')}`)).status, 404);
});

test('a branch user still sees only its own', async () => {
  const t = (await login('d0001.buyer')).access_token;
  const items = (await (await api(t, 'GET', '/api/v1/orders?limit=100')).json()).items;
  assert.ok(items.length > 0);
  assert.deepEqual([...new Set(items.map((o) => o.dealer.id))], [id('D0001')]);
});
