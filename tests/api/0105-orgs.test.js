// 0105: the admin's organisations and account-manager assignments.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { login, api, errorOf, sql } = require('../lib/harness');

const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const userId = (name) => Number(sql(`SELECT id FROM users WHERE login = '${name}'`)[0][0]);

test('only the admin manages organisations', async () => {
  for (const name of ['hq.key', 'd0001.admin', 'r01.approver']) {
    const t = (await login(name)).access_token;
    assert.equal((await api(t, 'GET', '/api/v1/orgs')).status, 403, name);
    assert.equal((await api(t, 'POST', '/api/v1/orgs', { kind: 'region' })).status, 403, name);
  }
});

test('the admin adds a region and a dealer in it, and changes the dealer', async () => {
  const t = (await login('admin')).access_token;
  let res = await api(t, 'POST', '/api/v1/orgs', { kind: 'region', code: 'R43',
    name_zh: '珠海工贸公司', name_en: 'Zhuhai Trading Company', city: '珠海' });
  assert.equal(res.status, 201);
  const region = await res.json();
  res = await api(t, 'POST', '/api/v1/orgs', { kind: 'dealer', code: 'D4201', name_zh: '珠海空调专营店',
    name_en: 'Zhuhai AC Shop', city: '珠海', region: region.id, dealer_kind: 'specialty_store', tier: 'C' });
  assert.equal(res.status, 201);
  const dealer = await res.json();
  assert.equal(dealer.region_id, region.id);
  res = await api(t, 'POST', '/api/v1/orgs', { kind: 'dealer', code: 'D4201', name_zh: 'x', name_en: 'x',
    region: region.id, dealer_kind: 'specialty_store', tier: 'C' });
  assert.equal(res.status, 409, 'the code is taken');
  res = await api(t, 'POST', '/api/v1/orgs', { kind: 'dealer', code: 'D4202', name_zh: 'x', name_en: 'x',
    region: orgId('D0001'), dealer_kind: 'specialty_store', tier: 'C' });
  assert.equal(res.status, 422, 'a dealer is not a region');
  res = await api(t, 'POST', '/api/v1/orgs', { kind: 'dealer', code: 'D4203', name_zh: 'x', name_en: 'x',
    region: region.id, dealer_kind: 'kiosk', tier: 'E' });
  const e = await errorOf(res);
  assert.equal(res.status, 422);
  assert.ok(e.fields.dealer_kind && e.fields.tier);

  res = await api(t, 'PATCH', `/api/v1/orgs/${dealer.id}`, { tier: 'B', version: dealer.version });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).tier, 'B');
  res = await api(t, 'PATCH', `/api/v1/orgs/${dealer.id}`, { tier: 'A', version: dealer.version });
  assert.equal(res.status, 409, 'a stale version');
  assert.equal((await api(t, 'PATCH', '/api/v1/orgs/999999', { tier: 'A' })).status, 404);
  const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'org' AND object_id = '${dealer.id}'`);
  assert.deepEqual(audit.map((r) => r[0]), ['org_create', 'org_update']);
});

test('account managers are assigned dealers of their own region only', async () => {
  const t = (await login('admin')).access_token;
  const mgr = userId('r01.manager');
  let res = await api(t, 'PUT', `/api/v1/users/${mgr}/dealers`, { dealers: [orgId('D0001'), orgId('D0002')] });
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).dealers, [orgId('D0001'), orgId('D0002')]);
  res = await api(t, 'PUT', `/api/v1/users/${mgr}/dealers`, { dealers: [orgId('D0001'), orgId('D0101')] });
  assert.equal(res.status, 422, 'a dealer of another region');
  res = await api(t, 'GET', `/api/v1/users/${mgr}/dealers`);
  assert.deepEqual((await res.json()).dealers, [orgId('D0001'), orgId('D0002')], 'unchanged after the refusal');
  res = await api(t, 'PUT', `/api/v1/users/${mgr}/dealers`, { dealers: [orgId('D0001') + 0.5] });
  assert.equal(res.status, 422, 'whole numbers only');
  res = await api(t, 'PUT', `/api/v1/users/${mgr}/dealers`, { dealers: [1e300] });
  assert.equal(res.status, 422);
  res = await api(t, 'PUT', `/api/v1/users/${userId('r01.approver')}/dealers`, { dealers: [] });
  assert.equal(res.status, 404, 'not an account manager');
  res = await api(t, 'PUT', `/api/v1/users/${mgr}/dealers`, { dealers: [orgId('D0001')] });
  assert.equal(res.status, 200);
});
