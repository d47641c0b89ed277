// 0112: the dealer's own approval step (issue #23, acceptance 3): a dealer's (or its chain's)
// admin sets a release limit; a buyer's order above it waits for the dealer's approver and is
// invisible to the region (and HQ, and the ERP's feed) until released; below it goes straight
// through; released, it reaches the region's queue; sent back, it is over with a reason.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, api, cli, errorOf, login, sql, later } = require('../lib/harness');

const PW = 'the-right-password';
const RUN = Date.now().toString(36).slice(-6).toUpperCase();
const low = RUN.toLowerCase();
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const tok = {};
let dealer;	// DR<run>, its own limit 10,000 yuan
let branch;	// DS<run>, of chain CR<run> whose limit is 5,000 yuan
let chain;
let seq = 0;

async function org(body) {
  const res = await api(tok.admin, 'POST', '/api/v1/orgs', body);
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

async function user(name, code, role) {
  cli(['user', 'add', name, code, role], `${PW}\n`);
  tok[name] = (await login(name, PW)).access_token;
  return tok[name];
}

// An order of n 55-inch TVs (about 4,000 yuan each) by the buyer as, for dealer (a chain's).
async function place(as, n, forDealer) {
  const body = { requested_date: later(20), ship_to: '门店', lines: [{ product: 'LE-2005', quantity: n,
    options: { screen_in: '55', panel: 'led' } }] };
  if (forDealer) body.dealer = forDealer;
  const res = await fetch(`${BASE}/api/v1/orders`, { method: 'POST', headers: { Authorization: `Bearer ${as}`,
    'Content-Type': 'application/json', 'Idempotency-Key': `rel-${RUN}-${++seq}` }, body: JSON.stringify(body) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

const feedTypes = (number) => sql(`SELECT type FROM feed_events WHERE object_ref = '${number}' ORDER BY id`).map((r) => r[0]);
const notified = (number, kind) => Number(sql(`SELECT COUNT(*) FROM notify_events WHERE object_ref = '${number}' AND kind = '${kind}'`)[0][0]);

async function setLimit(as, limit) {
  const cur = await (await api(as, 'GET', '/api/v1/release-limit')).json();
  return api(as, 'PUT', '/api/v1/release-limit', { release_limit: limit, version: cur.version });
}

test.before(async () => {
  tok.admin = (await login('admin')).access_token;
  tok.region = (await login('r01.approver')).access_token;
  tok.hq = (await login('hq.key')).access_token;
  dealer = await org({ kind: 'dealer', code: `DR${RUN}`, name_zh: '放行店', name_en: 'Release shop', region: idOf('R01'),
    dealer_kind: 'specialty_store', tier: 'C' });
  chain = await org({ kind: 'chain', code: `CR${RUN}`, name_zh: '放行连锁', name_en: 'Release chain' });
  branch = await org({ kind: 'dealer', code: `DS${RUN}`, name_zh: '连锁分店', name_en: 'Chain branch', region: idOf('R01'),
    dealer_kind: 'domestic_chain', tier: 'C', chain: chain.id });
  const fin = (await login('hq.finance')).access_token;
  const res = await api(fin, 'PUT', `/api/v1/dealers/${dealer.id}/credit`, { credit_limit: 100000000 });
  assert.equal(res.status, 200);
  await user(`rb.${low}`, dealer.code, 'dealer_buyer');
  await user(`ra.${low}`, dealer.code, 'dealer_approver');
  await user(`rd.${low}`, dealer.code, 'dealer_admin');
  await user(`sb.${low}`, branch.code, 'dealer_buyer');
  await user(`ca.${low}`, chain.code, 'chain_admin');
  await user(`cp.${low}`, chain.code, 'dealer_approver');
  await user(`cb.${low}`, chain.code, 'chain_buyer');
});

test('a dealer\'s admin sets its own limit; checked, versioned, its own only', async () => {
  const admin = tok[`rd.${low}`];
  let res = await api(admin, 'GET', '/api/v1/release-limit');
  assert.equal(res.status, 200);
  const cur = await res.json();
  assert.equal(cur.release_limit, null, 'no limit until set');
  res = await api(admin, 'PUT', '/api/v1/release-limit', { release_limit: -1, version: cur.version });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['release_limit']);
  res = await api(admin, 'PUT', '/api/v1/release-limit', { release_limit: 1000000, version: cur.version });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).release_limit, 1000000);
  res = await api(admin, 'PUT', '/api/v1/release-limit', { release_limit: 5, version: cur.version });
  assert.equal(res.status, 409, 'a stale version');
  assert.equal(sql(`SELECT release_limit FROM orgs WHERE id = ${dealer.id}`)[0][0], '1000000');
  assert.equal((await api(tok[`rb.${low}`], 'PUT', '/api/v1/release-limit', { release_limit: 0, version: 1 })).status, 403);
  assert.equal((await api(tok.region, 'GET', '/api/v1/release-limit')).status, 403);
  // the chain's admin sets the chain's, which its branches without their own take
  res = await setLimit(tok[`ca.${low}`], 500000);
  assert.equal(res.status, 200);
  assert.equal(sql(`SELECT release_limit FROM orgs WHERE id = ${chain.id}`)[0][0], '500000');
});

test('below the limit an order goes straight to the region', async () => {
  const o = await place(tok[`rb.${low}`], 1);
  assert.ok(o.total <= 1000000, String(o.total));
  assert.equal(o.status, 'submitted');
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${o.number}`)).status, 200);
  assert.deepEqual(feedTypes(o.number), ['order.submitted']);
});

test('above it the order waits, and nobody on the maker\'s side reads it', async () => {
  const o = await place(tok[`rb.${low}`], 5);
  assert.ok(o.total > 1000000, String(o.total));
  assert.equal(o.status, 'awaiting_release');
  assert.deepEqual(o.timeline.map((e) => e.status), ['awaiting_release']);
  for (const t of [tok.region, tok.hq, tok.admin])
    assert.equal((await api(t, 'GET', `/api/v1/orders/${o.number}`)).status, 404);
  const list = (await (await api(tok.region, 'GET', `/api/v1/orders?dealer=${dealer.id}&limit=100`)).json()).items;
  assert.ok(!list.some((x) => x.number === o.number), 'not in the region\'s list');
  const queue = (await (await api(tok.region, 'GET', '/api/v1/approvals?limit=100')).json()).items;
  assert.ok(!queue.some((x) => x.number === o.number), 'not in the approval queue');
  assert.equal((await api(tok.region, 'POST', `/api/v1/orders/${o.number}/approve`, { promised_date: later(25) })).status, 404);
  assert.deepEqual(feedTypes(o.number), [], 'the ERP\'s feed has not heard of it');
  assert.equal(notified(o.number, 'order.awaiting_release'), 1, 'its approvers hear of it');
  // the dealer's own people read it
  assert.equal((await api(tok[`rb.${low}`], 'GET', `/api/v1/orders/${o.number}`)).status, 200);
  assert.equal((await api(tok[`ra.${low}`], 'GET', `/api/v1/orders/${o.number}`)).status, 200);
});

test('the approver releases it: the region sees it, the timeline shows both steps', async () => {
  const o = await place(tok[`rb.${low}`], 6);
  const approver = tok[`ra.${low}`];
  // a buyer does not release; another dealer's approver finds nothing
  assert.equal((await api(tok[`rb.${low}`], 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 403);
  assert.equal((await api(tok[`cp.${low}`], 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 404);
  assert.equal((await api(approver, 'POST', `/api/v1/orders/${o.number}/release`, { version: o.version + 1 })).status, 409);
  let res = await api(approver, 'POST', `/api/v1/orders/${o.number}/release`, { version: o.version, note: '店长同意' });
  assert.equal(res.status, 200, await res.clone().text());
  const r = await res.json();
  assert.equal(r.status, 'submitted');
  assert.deepEqual(r.timeline.map((e) => e.status), ['awaiting_release', 'submitted']);
  assert.equal(r.timeline[1].note, '店长同意');
  assert.equal((await api(approver, 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 409, 'once');
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${o.number}`)).status, 200);
  const queue = (await (await api(tok.region, 'GET', '/api/v1/approvals?limit=100')).json()).items;
  assert.ok(queue.some((x) => x.number === o.number), 'in the approval queue now');
  assert.deepEqual(feedTypes(o.number), ['order.submitted']);
  res = await api(tok.region, 'POST', `/api/v1/orders/${o.number}/approve`, { promised_date: later(25) });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual((await res.json()).timeline.map((e) => e.status), ['awaiting_release', 'submitted', 'approved']);
});

test('sent back with a reason, it is over; the buyer may withdraw one that waits', async () => {
  const o = await place(tok[`rb.${low}`], 5);
  const approver = tok[`ra.${low}`];
  let res = await api(approver, 'POST', `/api/v1/orders/${o.number}/send-back`, {});
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['reason']);
  res = await api(approver, 'POST', `/api/v1/orders/${o.number}/send-back`, { reason: '数量太多，改为 3 台' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'sent_back');
  assert.equal(notified(o.number, 'order.sent_back'), 1);
  assert.equal((await api(approver, 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 409);
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${o.number}`)).status, 404);
  assert.deepEqual(feedTypes(o.number), []);
  const w = await place(tok[`rb.${low}`], 5);
  res = await api(tok[`rb.${low}`], 'POST', `/api/v1/orders/${w.number}/cancel`, {});
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).status, 'withdrawn');
  // withdrawn before its release, it stays the dealer's: no staff read, list, feed
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${w.number}`)).status, 404);
  assert.equal((await api(tok.hq, 'GET', `/api/v1/orders/${w.number}`)).status, 404);
  const list = (await (await api(tok.region, 'GET', `/api/v1/orders?dealer=${dealer.id}&limit=100`)).json()).items;
  assert.ok(!list.some((x) => x.number === w.number));
  assert.deepEqual(feedTypes(w.number), []);
  // nor a complaint on an unreleased order: the region would read its number
  for (const n of [o.number, w.number]) {
    res = await fetch(`${BASE}/api/v1/complaints`, { method: 'POST', headers: { Authorization: `Bearer ${tok[`rb.${low}`]}`,
      'Content-Type': 'application/json', 'Idempotency-Key': `rel-c-${RUN}-${n}` }, body: JSON.stringify({ category: 'other',
      severity: 'normal', subject: '未放行订单', description: 'x', order: n }) });
    assert.equal(res.status, 422, n);
    assert.deepEqual(Object.keys((await errorOf(res)).fields), ['order']);
  }
});

test('who placed an order does not release it: another approver does', async () => {
  // a dealer admin makes a buyer who also approves
  await user(`rx.${low}`, dealer.code, 'dealer_buyer');
  sql(`UPDATE users SET roles = 'dealer_buyer,dealer_approver' WHERE login = 'rx.${low}'`);
  const both = (await login(`rx.${low}`, PW)).access_token;
  const o = await place(both, 5);
  assert.equal(o.status, 'awaiting_release');
  const res = await api(both, 'POST', `/api/v1/orders/${o.number}/release`, {});
  assert.equal(res.status, 403);
  assert.equal((await api(tok[`ra.${low}`], 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 200);
});

test('a chain\'s limit holds for its branch; the chain\'s approver releases', async () => {
  // the chain's buyer orders for the branch: 2 TVs, above the chain's 5,000 yuan
  const o = await place(tok[`cb.${low}`], 2, branch.id);
  assert.ok(o.total > 500000, String(o.total));
  assert.equal(o.status, 'awaiting_release');
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${o.number}`)).status, 404);
  // the branch's own approver? it has none: the chain's releases
  assert.equal((await api(tok[`ra.${low}`], 'POST', `/api/v1/orders/${o.number}/release`, {})).status, 404);
  const res = await api(tok[`cp.${low}`], 'POST', `/api/v1/orders/${o.number}/release`, {});
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await api(tok.region, 'GET', `/api/v1/orders/${o.number}`)).status, 200);
  // a branch with a limit of its own: the lower of its own and its chain's holds, so a branch
  // cannot raise its chain's (100,000 yuan of its own: the chain's 5,000 still holds)
  sql(`UPDATE orgs SET release_limit = 10000000 WHERE id = ${branch.id}`);
  const high = await place(tok[`sb.${low}`], 2);
  assert.equal(high.status, 'awaiting_release', 'the chain\'s 5,000 yuan, not the branch\'s 100,000');
  sql(`UPDATE orgs SET release_limit = 100000 WHERE id = ${branch.id}`);
  const one = await place(tok[`sb.${low}`], 1);
  assert.ok(one.total > 100000 && one.total <= 500000);
  assert.equal(one.status, 'awaiting_release', 'the branch\'s own 1,000 yuan, lower than its chain\'s');
  sql(`UPDATE orgs SET release_limit = NULL WHERE id = ${branch.id}`);
});

test('a staff member ordering for a dealer is not held by the dealer\'s own limit', async () => {
  sql(`INSERT INTO manager_dealers (manager_id, dealer_id) SELECT id, ${dealer.id} FROM users WHERE login = 'r01.manager'`);
  const m = (await login('r01.manager')).access_token;
  const o = await place(m, 5, dealer.id);
  assert.equal(o.status, 'submitted');
});
