// 0109: the dealers' names the order list and the order read show, held per process
// (issue #22, auth/org_names.c).  Neither statement joins orgs any more; a rename
// reaches every process through cache_changes within a second (played here, as in
// 0108, by the database's root changing the row as a replicated change arrives), and
// the process that made it at once.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, client, later } = require('../lib/harness');

const BOUND_MS = 1000;	// CHANGES_FRESH_MS: the bound the README states
const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
const { call } = client();
const RUN = Date.now().toString(36);

// A dealer of its own (a copy of D0001), its buyer, and one order of it.
const CODE = `DN${RUN}`.slice(0, 12).toUpperCase();
sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, city, tier) SELECT 'dealer', '${CODE}', '名字缓存店', 'Name Cache Shop', region_id, dealer_kind, city, tier FROM orgs WHERE code = 'D0001'`);
const ID = Number(sql(`SELECT id FROM orgs WHERE code = '${CODE}'`)[0][0]);
sql(`INSERT INTO users (org_id, login, display_name, password_hash, roles, lang) SELECT ${ID}, 'names.${RUN}', 'Names', password_hash, 'dealer_buyer', lang FROM users WHERE login = 'd0001.buyer'`);
const BUYER = `names.${RUN}`;

async function names(order) {
  const out = [];
  for (const lang of ['zh-CN', 'en']) {
    const h = { Cookie: `lang=${lang}` };
    const list = await (await call(BUYER, 'GET', '/api/v1/orders?limit=5', undefined, h)).json();
    const one = await (await call(BUYER, 'GET', `/api/v1/orders/${order}`, undefined, h)).json();
    assert.equal(list.items[0].number, order);
    assert.equal(list.items[0].dealer.id, ID);
    assert.equal(one.dealer.id, ID);
    out.push([list.items[0].dealer.name, one.dealer.name]);
  }
  return out;
}

let order;
test.before(async () => {
  const res = await call(BUYER, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `names-${RUN}` });
  assert.equal(res.status, 201);
  order = (await res.json()).number;
});

test('the list and the read show the dealer\'s name in the caller\'s language', async () => {
  assert.deepEqual(await names(order), [['名字缓存店', '名字缓存店'], ['Name Cache Shop', 'Name Cache Shop']]);
});

test(`renamed on another node: both show the new name within ${BOUND_MS} ms`, async () => {
  await names(order);	// held now
  sql(`UPDATE orgs SET name_zh = '改名店', name_en = 'Renamed Shop' WHERE id = ${ID}`);
  await pause(BOUND_MS);
  assert.deepEqual(await names(order), [['改名店', '改名店'], ['Renamed Shop', 'Renamed Shop']]);
});

test('renamed through this app: shown at once', async () => {
  await names(order);
  const org = await (await call('admin', 'GET', `/api/v1/orgs/${ID}`)).json();
  const res = await call('admin', 'PATCH', `/api/v1/orgs/${ID}`, { name_en: 'Third Name Shop', version: org.version });
  assert.equal(res.status, 200);
  assert.equal((await names(order))[1][0], 'Third Name Shop', 'no poll waited for');
});

test('a write to another column of the dealer says nothing of its name', () => {
  const rows = () => Number(sql(`SELECT COUNT(*) FROM cache_changes WHERE kind = 'org_name' AND ref_id = ${ID}`)[0][0]);
  const n = rows();
  sql(`UPDATE orgs SET city = '天津' WHERE id = ${ID}`);
  sql(`START TRANSACTION; UPDATE orgs SET name_en = 'Never' WHERE id = ${ID}; ROLLBACK`);
  assert.equal(rows(), n);
});
