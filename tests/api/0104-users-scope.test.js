// 0104: user administration and the dealer directory stay within scope.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { login, api, errorOf, sql } = require('../lib/harness');

const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const userId = (name) => Number(sql(`SELECT id FROM users WHERE login = '${name}'`)[0][0]);
const tokens = {};
async function as(name) {
  if (!tokens[name]) tokens[name] = (await login(name)).access_token;
  return tokens[name];
}

test('a dealer admin sees and manages only its own dealer', async () => {
  const t = await as('d0001.admin');
  const list = await (await api(t, 'GET', '/api/v1/users')).json();
  assert.ok(list.items.length >= 3);
  assert.ok(list.items.every((u) => u.org.code === 'D0001'));

  const other = userId('d0002.buyer');
  assert.equal((await api(t, 'GET', `/api/v1/users/${other}`)).status, 404);
  assert.equal((await api(t, 'PATCH', `/api/v1/users/${other}`, { display_name: 'x' })).status, 404);
  assert.equal((await api(t, 'POST', `/api/v1/users/${other}/password`,
    { new_password: 'hijacked-password' })).status, 404);
  const filtered = await (await api(t, 'GET', `/api/v1/users?org=${orgId('D0002')}`)).json();
  assert.deepEqual(filtered.items, [], 'filtering by another dealer finds nothing');
  const res = await api(t, 'POST', '/api/v1/users', { login: 'd0002.intruder', display_name: 'X',
    password: 'long-enough-password', roles: ['dealer_buyer'], org: orgId('D0002') });
  assert.equal(res.status, 404);
  assert.equal(sql("SELECT COUNT(*) FROM users WHERE login = 'd0002.intruder'")[0][0], '0');
  // d0002's buyer still signs in with the demo password: nothing changed
  await login('d0002.buyer');
});

test('a dealer admin cannot grant roles beyond a dealer\'s', async () => {
  const t = await as('d0001.admin');
  for (const roles of [['admin'], ['account_manager'], ['dealer_buyer', 'erp'], []]) {
    const res = await api(t, 'POST', '/api/v1/users', { login: `d0001.x${roles.length}${roles[0] || ''}`.replace(/_/g, ''),
      display_name: 'X', password: 'long-enough-password', roles });
    assert.equal(res.status, 422, JSON.stringify(roles));
    assert.ok((await errorOf(res)).fields.roles);
  }
  const self = userId('d0001.buyer');
  const res = await api(t, 'PATCH', `/api/v1/users/${self}`, { roles: ['admin'] });
  assert.equal(res.status, 422);
  assert.deepEqual(sql(`SELECT roles FROM users WHERE id = ${self}`)[0], ['dealer_buyer']);
});

test('a dealer admin creates, edits, disables and resets its own users', async () => {
  const t = await as('d0001.admin');
  let res = await api(t, 'POST', '/api/v1/users', { login: 'd0001.clerk2', display_name: 'Clerk Two',
    password: 'first-password-1', roles: ['dealer_buyer', 'dealer_finance'] });
  assert.equal(res.status, 201);
  const u = await res.json();
  assert.equal(u.org.code, 'D0001');
  assert.deepEqual(u.roles, ['dealer_buyer', 'dealer_finance']);
  res = await api(t, 'POST', '/api/v1/users', { login: 'd0001.clerk2', display_name: 'Again',
    password: 'first-password-1', roles: ['dealer_buyer'] });
  assert.equal(res.status, 409, 'the login is taken');

  const session = await login('d0001.clerk2', 'first-password-1');
  res = await api(t, 'PATCH', `/api/v1/users/${u.id}`, { display_name: 'Clerk 2', version: u.version });
  assert.equal(res.status, 200);
  const v2 = await res.json();
  assert.equal(v2.version, u.version + 1);
  // a stale version loses
  res = await api(t, 'PATCH', `/api/v1/users/${u.id}`, { display_name: 'Stale', version: u.version });
  assert.equal(res.status, 409);
  // renaming kept the session; disabling ends it
  assert.equal((await api(session.access_token, 'GET', '/api/v1/me')).status, 200);
  res = await api(t, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true });
  assert.equal(res.status, 200);
  assert.equal((await api(session.access_token, 'GET', '/api/v1/me')).status, 401);
  res = await api(t, 'PATCH', `/api/v1/users/${u.id}`, { disabled: false });
  res = await api(t, 'POST', `/api/v1/users/${u.id}/password`, { new_password: 'second-password-2' });
  assert.equal(res.status, 204);
  await login('d0001.clerk2', 'second-password-2');
  const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = '${u.id}' ORDER BY id`);
  assert.deepEqual(audit.map((r) => r[0]).filter((a) => a !== 'login'),
    ['user_create', 'user_update', 'user_update', 'user_update', 'password_reset']);
});

test('two edits of the same version: one wins, one gets 409', async () => {
  const t = await as('d0001.admin');
  const id = userId('d0001.finance');
  const { version } = await (await api(t, 'GET', `/api/v1/users/${id}`)).json();
  const both = await Promise.all(['A', 'B'].map((x) =>
    api(t, 'PATCH', `/api/v1/users/${id}`, { display_name: `Finance ${x}`, version })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
});

test('users of other roles cannot administer users', async () => {
  for (const name of ['d0001.buyer', 'r01.approver', 'hq.key']) {
    const res = await api(await as(name), 'GET', '/api/v1/users');
    assert.equal(res.status, 403, name);
  }
});

test('region staff see nothing of another region', async () => {
  const far = orgId('D0101');
  for (const name of ['r01.approver', 'r01.manager', 'r01.clerk', 'r01.agent']) {
    const t = await as(name);
    assert.equal((await api(t, 'GET', `/api/v1/dealers/${far}`)).status, 404, name);
    const list = await (await api(t, 'GET', '/api/v1/dealers')).json();
    assert.ok(list.items.length >= 3, name);
    assert.ok(list.items.every((d) => d.region.code === 'R01'), name);
    assert.equal((await api(t, 'GET', `/api/v1/dealers/${orgId('D0001')}`)).status, 200, name);
  }
});

test('a dealer sees only itself in the directory', async () => {
  const t = await as('d0002.buyer');
  assert.equal((await api(t, 'GET', `/api/v1/dealers/${orgId('D0001')}`)).status, 404);
  const list = await (await api(t, 'GET', '/api/v1/dealers')).json();
  assert.deepEqual(list.items.map((d) => d.code), ['D0002']);
});

test('HQ sees every dealer, page by page', async () => {
  const t = await as('hq.key');
  const seen = [];
  let cursor = null;
  do {
    const q = cursor ? `?limit=50&after=${cursor}` : '?limit=50';
    const page = await (await api(t, 'GET', `/api/v1/dealers${q}`)).json();
    seen.push(...page.items.map((d) => d.code));
    cursor = page.next_cursor;
  } while (cursor);
  assert.ok(seen.length >= 126);
  assert.equal(new Set(seen).size, seen.length, 'no dealer twice');
});

test('the admin creates users anywhere, with roles that fit the organisation', async () => {
  const t = await as('admin');
  let res = await api(t, 'POST', '/api/v1/users', { login: 'r02.agent2', display_name: 'Tianjin Agent 2',
    password: 'long-enough-password', roles: ['service_agent'], org_code: 'R02' });
  assert.equal(res.status, 201);
  res = await api(t, 'POST', '/api/v1/users', { login: 'r02.wrong', display_name: 'Wrong',
    password: 'long-enough-password', roles: ['dealer_buyer'], org_code: 'R02' });
  assert.equal(res.status, 422, 'a dealer role in a region');
  res = await api(t, 'POST', '/api/v1/users', { login: 'hq.wrong', display_name: 'Wrong',
    password: 'long-enough-password', roles: ['account_manager'], org_code: 'HQ' });
  assert.equal(res.status, 422, 'a region role at HQ');
  const all = await (await api(t, 'GET', `/api/v1/users?org=${orgId('D0002')}`)).json();
  assert.ok(all.items.some((u) => u.login === 'd0002.buyer'));
});

test('an admin cannot reset its own password past the current one', async () => {
  const t = await as('d0001.admin');
  const res = await api(t, 'POST', `/api/v1/users/${userId('d0001.admin')}/password`,
    { new_password: 'taken-over-password' });
  assert.equal(res.status, 403);
  await login('d0001.admin');
});

test('deactivating an organisation ends its users\' tokens at once', async () => {
  const buyer = (await login('d0003.buyer.tmp').catch(() => null));
  assert.equal(buyer, null);
  const t = (await login('d0101.buyer')).access_token;
  assert.equal((await api(t, 'GET', '/api/v1/me')).status, 200);
  const admin = await as('admin');
  const id = orgId('D0101');
  assert.equal((await api(admin, 'PATCH', `/api/v1/orgs/${id}`, { active: false })).status, 200);
  try {
    assert.equal((await api(t, 'GET', '/api/v1/me')).status, 401);
  } finally {
    await api(admin, 'PATCH', `/api/v1/orgs/${id}`, { active: true });
  }
  assert.equal((await api(t, 'GET', '/api/v1/me')).status, 200);
});
