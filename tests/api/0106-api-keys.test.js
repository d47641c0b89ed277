// 0106: API keys of machine clients (issue #18 item 10). The ERP is no person with a password:
// it calls /api/v1 with a key, hashed at rest, limited to its capabilities, revocable, its last
// use shown; keys are managed by HQ's admin (every key) and a dealer's admin (its own dealer's),
// anything else out of reach is 404; reversing an invoice takes a finance clerk.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { BASE, postJSON, errorOf, sql, client, api, login, erpKey, later, DEMO_PASSWORD } = require('../lib/harness');
const { sign, decode } = require('../lib/jwt');

const { call, as } = client();
const RUN = Date.now().toString(36);
let seq = 0;
const KEY = /^dnk_[0-9a-f]{12}_[0-9a-f]{64}$/;

async function create(who, body, idem = `k-${RUN}-${seq++}`) {
  return call(who, 'POST', '/api/v1/api-keys', body, { 'Idempotency-Key': idem });
}
async function made(who, body) {
  const res = await create(who, body);
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  return res.json();
}
const withKey = (key, method, p, body) => api(key, method, p, body);
const D1 = () => Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]);

test('the ERP cannot sign in with its password, on the API or the page; its tokens open nothing', async () => {
  let res = await postJSON('/api/v1/auth/login', { login: 'erp', password: DEMO_PASSWORD });
  assert.equal(res.status, 403);
  assert.equal((await errorOf(res)).code, 'machine_account');
  res = await postJSON('/api/v1/auth/login', { login: 'erp', password: 'not-the-password' });
  assert.equal(res.status, 401, 'a wrong password says no more than for anyone');
  sql("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE login = 'erp'");
  res = await fetch(`${BASE}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: 'erp', password: DEMO_PASSWORD }) });
  assert.equal(res.status, 403, 'the sign-in page refuses it too');
  assert.equal(res.headers.get('set-cookie'), null, 'no session');
  // a token as one was issued before (signed with the real secret) is refused now
  const claims = decode((await login('hq.finance')).access_token);
  const [[id, tv]] = sql("SELECT id, token_version FROM users WHERE login = 'erp'");
  const forged = sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: typeof claims.sub === 'string' ? id : Number(id),
    tv: Number(tv), roles: ['erp'] });
  assert.equal((await api(forged, 'GET', '/api/v1/me')).status, 401);
  res = await fetch(`${BASE}/orders`, { redirect: 'manual', headers: { Cookie: `access=${forged}` } });
  assert.notEqual(res.status, 200, 'nor a page with it as a cookie');
});

test('a key works on /api/v1 with its capabilities and nothing else', async () => {
  const k = await made('admin', { user: 'erp', name: `feed reader ${RUN}`, capabilities: ['read', 'feed:read'] });
  assert.match(k.key, KEY);
  assert.equal(k.prefix, k.key.slice(0, 16));
  assert.deepEqual(k.capabilities, ['read', 'feed:read']);
  assert.equal(k.user.login, 'erp');
  assert.equal(k.last_used_at, null);
  // only the SHA-256 is stored, as 32 bytes; the key itself nowhere
  const [[len, same, n]] = sql(`SELECT LENGTH(key_hash), HEX(key_hash) = UPPER(SHA2('${k.key}', 256)),
    (SELECT COUNT(*) FROM api_keys WHERE CONCAT_WS(' ', name, prefix, idem_key, request_hash) LIKE '%${k.key.slice(17, 40)}%') FROM api_keys WHERE id = ${k.id}`);
  assert.deepEqual([len, same, n], ['32', '1', '0']);
  assert.equal((await withKey(k.key, 'GET', '/api/v1/feed?limit=1')).status, 200);
  assert.equal((await withKey(k.key, 'GET', '/api/v1/orders?limit=1')).status, 200);
  const me = await (await withKey(k.key, 'GET', '/api/v1/me')).json();
  assert.equal(me.user.login, 'erp');
  // X-API-Key works as well as Bearer
  assert.equal((await fetch(`${BASE}/api/v1/feed?limit=1`, { headers: { 'X-API-Key': k.key } })).status, 200);
  // a capability it lacks: 403 naming it
  let res = await withKey(k.key, 'POST', '/api/v1/inventory', { rows: [] });
  assert.equal(res.status, 403);
  assert.match((await errorOf(res)).message, /stock:write/);
  res = await withKey(k.key, 'POST', `/api/v1/dealers/${D1()}/ledger`, { kind: 'fee', amount: 100, reference: `K-${RUN}` });
  assert.equal(res.status, 403);
  assert.match((await errorOf(res)).message, /ledger:post/);
  // what no key may do: change a password, manage keys
  assert.equal((await withKey(k.key, 'POST', '/api/v1/me/password', { current_password: 'x', new_password: 'y'.repeat(12) })).status, 403);
  assert.equal((await withKey(k.key, 'GET', '/api/v1/api-keys')).status, 403);
  // pages: never
  for (const p of ['/orders', '/', '/account']) {
    res = await fetch(BASE + p, { redirect: 'manual', headers: { Authorization: `Bearer ${k.key}` } });
    if (p !== '/') assert.equal(res.status, 401, p);
    assert.doesNotMatch(await res.text(), /ERP Integration/, `${p} does not show the ERP signed in`);
  }
  // a key with the wrong secret, or malformed: 401
  const wrong = k.key.slice(0, -1) + (k.key.endsWith('0') ? '1' : '0');
  assert.equal((await withKey(wrong, 'GET', '/api/v1/me')).status, 401);
  assert.equal((await withKey('dnk_short', 'GET', '/api/v1/me')).status, 401);
});

test('the demo ERP key does what the ERP did: feed, tracking, ledger, stock, sell-through', async () => {
  const key = erpKey();
  assert.match(key, KEY);
  assert.equal((await withKey(key, 'GET', '/api/v1/feed?limit=1')).status, 200);
  const res = await withKey(key, 'POST', `/api/v1/dealers/${D1()}/ledger`, { kind: 'fee', amount: 100, reference: `KF-${RUN}` });
  assert.equal(res.status, 201);
});

test('last use is shown, written at most once a minute', async () => {
  const k = await made('admin', { user: 'erp', name: `used ${RUN}`, capabilities: ['read'] });
  assert.equal((await withKey(k.key, 'GET', '/api/v1/me')).status, 200);
  let one = await (await call('admin', 'GET', `/api/v1/api-keys/${k.id}`)).json();
  assert.match(one.last_used_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // 30 s ago: a use now writes nothing
  sql(`UPDATE api_keys SET last_used_at = NOW() - INTERVAL 30 SECOND WHERE id = ${k.id}`);
  const [[before]] = sql(`SELECT last_used_at FROM api_keys WHERE id = ${k.id}`);
  assert.equal((await withKey(k.key, 'GET', '/api/v1/me')).status, 200);
  assert.equal(sql(`SELECT last_used_at FROM api_keys WHERE id = ${k.id}`)[0][0], before);
  // two minutes ago: a use moves it to now
  sql(`UPDATE api_keys SET last_used_at = NOW() - INTERVAL 2 MINUTE WHERE id = ${k.id}`);
  assert.equal((await withKey(k.key, 'GET', '/api/v1/me')).status, 200);
  assert.equal(sql(`SELECT last_used_at >= NOW() - INTERVAL 5 SECOND FROM api_keys WHERE id = ${k.id}`)[0][0], '1');
  one = await (await call('admin', 'GET', '/api/v1/api-keys?limit=100')).json();
  assert.ok(one.items.some((x) => x.id === k.id && x.last_used_at !== null));
});

test('a revoked key answers 401; revoking again answers the same', async () => {
  const k = await made('admin', { user: 'erp', name: `revoked ${RUN}`, capabilities: ['read'] });
  assert.equal((await withKey(k.key, 'GET', '/api/v1/me')).status, 200);
  let res = await call('admin', 'DELETE', `/api/v1/api-keys/${k.id}`);
  assert.equal(res.status, 200);
  const r = await res.json();
  assert.ok(r.revoked_at);
  assert.equal(r.active, false);
  res = await withKey(k.key, 'GET', '/api/v1/me');
  assert.equal(res.status, 401);
  assert.equal((await errorOf(res)).code, 'unauthorized');
  res = await call('admin', 'DELETE', `/api/v1/api-keys/${k.id}`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).revoked_at, r.revoked_at);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'apikey_revoke' AND object_id = '${k.id}'`)[0][0], '1');
});

test('creating is idempotent by Idempotency-Key; bad input is a 422 naming the field', async () => {
  const idem = `same-${RUN}`;
  const body = { user: 'erp', name: `idem ${RUN}`, capabilities: ['read'] };
  let res = await create('admin', body, idem);
  assert.equal(res.status, 201);
  const first = await res.json();
  res = await create('admin', body, idem);
  assert.equal(res.status, 200, 'a retry answers the key made');
  const again = await res.json();
  assert.equal(again.id, first.id);
  assert.equal(again.key, null, 'shown once: only its hash is kept');
  assert.equal(sql(`SELECT COUNT(*) FROM api_keys WHERE name = 'idem ${RUN}'`)[0][0], '1');
  res = await create('admin', { ...body, capabilities: ['read', 'feed:read'] }, idem);
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'idempotency_conflict');
  res = await call('admin', 'POST', '/api/v1/api-keys', body);
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  for (const [b, field] of [[{ ...body, capabilities: ['root'] }, 'capabilities'], [{ ...body, capabilities: [] }, 'capabilities'],
    [{ ...body, name: '' }, 'name'], [{ ...body, user: 5 }, 'user'], [{ ...body, name: 'x'.repeat(101) }, 'name']]) {
    res = await create('admin', b);
    assert.equal(res.status, 422, field);
    assert.ok((await errorOf(res)).fields[field], field);
  }
  res = await create('admin', { ...body, user: 'no.such.user' });
  assert.equal(res.status, 404);
  // capabilities none of the user's roles could use (the route table decides): 422 naming them
  res = await create('admin', { user: 'd0001.buyer', name: 'x', capabilities: ['read', 'feed:read', 'stock:write', 'sellthrough:write'] });
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.capabilities, /feed:read, stock:write$/);
});

test('another organisation cannot see, use or revoke a key it does not manage (404)', async () => {
  const erp = await made('admin', { user: 'erp', name: `hq ${RUN}`, capabilities: ['read'] });
  const own = await made('d0001.admin', { user: 'd0001.buyer', name: `shop system ${RUN}`, capabilities: ['read', 'sellthrough:write'] });
  assert.match(own.key, KEY);
  // the dealer's admin sees its dealer's keys only
  const list = await (await call('d0001.admin', 'GET', '/api/v1/api-keys?limit=100')).json();
  assert.ok(list.items.some((x) => x.id === own.id));
  assert.ok(list.items.every((x) => x.org === D1()), 'only its own dealer\'s');
  assert.equal((await call('d0001.admin', 'GET', `/api/v1/api-keys/${erp.id}`)).status, 404);
  assert.equal((await call('d0001.admin', 'DELETE', `/api/v1/api-keys/${erp.id}`)).status, 404);
  assert.equal((await withKey(erp.key, 'GET', '/api/v1/me')).status, 200, 'still good');
  assert.equal((await create('d0001.admin', { user: 'erp', name: 'x', capabilities: ['read'] })).status, 404, 'no key for HQ\'s users');
  assert.equal((await create('d0001.admin', { user: 'd0002.buyer', name: 'x', capabilities: ['read'] })).status, 404);
  // another dealer's admin: 404 on d0001's key
  assert.equal((await call('d0002.admin', 'GET', `/api/v1/api-keys/${own.id}`)).status, 404);
  assert.equal((await call('d0002.admin', 'DELETE', `/api/v1/api-keys/${own.id}`)).status, 404);
  assert.ok(!(await (await call('d0002.admin', 'GET', '/api/v1/api-keys?limit=100')).json()).items.some((x) => x.id === own.id));
  // staff without admin: not at all
  assert.equal((await call('r01.approver', 'GET', '/api/v1/api-keys')).status, 403);
  assert.equal((await call('hq.finance', 'POST', '/api/v1/api-keys', {}, { 'Idempotency-Key': 'x' })).status, 403);
  // HQ's admin sees them all
  assert.equal((await call('admin', 'GET', `/api/v1/api-keys/${own.id}`)).status, 200);
  // the dealer's key works in the dealer's scope only
  assert.equal((await withKey(own.key, 'GET', `/api/v1/dealers/${D1()}/ledger`)).status, 200);
  const d2 = sql("SELECT id FROM orgs WHERE code = 'D0002'")[0][0];
  assert.equal((await withKey(own.key, 'GET', `/api/v1/dealers/${d2}/ledger`)).status, 404);
});

test('the ERP cannot reverse a shipped order\'s invoice (403); a finance clerk can', async () => {
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `rev-${RUN}` });
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${o.number}'`);
  for (const ev of [{ status: 'scheduled' }, { status: 'in_production' }, { status: 'shipped', carrier: 'Sinotrans', waybill: `W-${RUN}` }]) {
    assert.equal((await call('erp', 'POST', `/api/v1/orders/${o.number}/events`, ev)).status, 200, ev.status);
  }
  const [[inv]] = sql(`SELECT id FROM ledger_entries WHERE kind = 'invoice' AND reference = '${o.number}'`);
  res = await call('erp', 'POST', `/api/v1/ledger/${inv}/reverse`, { memo: 'by the ERP' });
  assert.equal(res.status, 403);
  assert.equal(sql(`SELECT COUNT(*) FROM ledger_entries WHERE reverses_id = ${inv}`)[0][0], '0');
  // even a key given every capability: a reversal is a person's decision
  const all = await made('admin', { user: 'erp', name: `all ${RUN}`, capabilities: ['read', 'feed:read', 'orders:track', 'ledger:post', 'stock:write', 'sellthrough:write'] });
  assert.equal((await withKey(all.key, 'POST', `/api/v1/ledger/${inv}/reverse`, {})).status, 403);
  res = await call('hq.finance', 'POST', `/api/v1/ledger/${inv}/reverse`, { memo: 'wrong invoice' });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  assert.equal(sql(`SELECT COUNT(*) FROM ledger_entries WHERE reverses_id = ${inv}`)[0][0], '1');
});
