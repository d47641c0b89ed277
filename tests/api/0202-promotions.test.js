// 0202: the admin's promotions, and how they reach prices.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { login, api, errorOf, sql } = require('../lib/harness');

const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const today = () => new Date().toISOString().slice(0, 10);
const yesterday = () => new Date(Date.now() - 86400000).toISOString().slice(0, 10);

test('the admin adds a promotion; it prices lines of that tier only', async () => {
  const t = (await login('admin')).access_token;
  const hq = (await login('hq.key')).access_token;
  const line = { quantity: 2, options: { capacity_l: 60, heating: 'electric', energy_class: '2' } };
  const before = await (await api(hq, 'POST', '/api/v1/products/ES-2004/quote',
    { ...line, dealer: orgId('D0302') })).json();
  assert.equal(before.promotion, null);

  let res = await api(t, 'POST', '/api/v1/promotions', { code: 'ES-2004-C', name_zh: '热水器 C 级 8%',
    name_en: 'Heater for C: 8 %', product: 'ES-2004', tiers: 'C,D', percent: 8,
    starts_on: today(), ends_on: '2030-12-31' });
  assert.equal(res.status, 201);
  const promo = await res.json();
  assert.equal(promo.product, 'ES-2004');
  assert.equal(promo.percent, 8);

  const after = await (await api(hq, 'POST', '/api/v1/products/ES-2004/quote',
    { ...line, dealer: orgId('D0302') })).json();
  assert.equal(after.promotion.code, 'ES-2004-C');
  assert.equal(after.discount, Math.round(after.gross * 8 / 100));
  // a tier-A dealer does not get it (its own 3 % applies instead)
  const a = await (await api((await login('d0001.buyer')).access_token, 'POST',
    '/api/v1/products/ES-2004/quote', line)).json();
  assert.equal(a.promotion.code, 'A-TIER-3');

  // ended yesterday: gone from prices
  res = await api(t, 'PATCH', `/api/v1/promotions/${promo.id}`, { ends_on: yesterday(), version: promo.version });
  assert.equal(res.status, 409, 'it cannot end before it starts (today)');
  res = await api(t, 'PATCH', `/api/v1/promotions/${promo.id}`, { active: false, version: promo.version });
  assert.equal(res.status, 200);
  const off = await (await api(hq, 'POST', '/api/v1/products/ES-2004/quote',
    { ...line, dealer: orgId('D0302') })).json();
  assert.equal(off.promotion, null);
  res = await api(t, 'PATCH', `/api/v1/promotions/${promo.id}`, { active: true, version: promo.version });
  assert.equal(res.status, 409, 'a stale version');
});

test('a promotion is checked field by field', async () => {
  const t = (await login('admin')).access_token;
  let res = await api(t, 'POST', '/api/v1/promotions', { code: 'bad code', name_zh: '', name_en: 'x',
    product: 'ES-2004', category: 'tv', tiers: 'A,A', percent: 5, fixed: 100,
    starts_on: '2026-13-01', ends_on: '2020-01-01' });
  assert.equal(res.status, 422);
  const { fields } = await errorOf(res);
  for (const f of ['code', 'name_zh', 'category', 'tiers', 'percent', 'starts_on']) assert.ok(fields[f], f);
  res = await api(t, 'POST', '/api/v1/promotions', { code: 'NO-SUCH', name_zh: 'x', name_en: 'x',
    product: 'NOPE-1', tiers: 'A', fixed: 100, starts_on: '2026-01-01', ends_on: '2026-12-31' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.product);
  res = await api(t, 'POST', '/api/v1/promotions', { code: 'FRIDGE-SPRING', name_zh: 'x', name_en: 'x',
    tiers: 'A', fixed: 100, starts_on: '2026-01-01', ends_on: '2026-12-31' });
  assert.equal(res.status, 409);
  res = await api(t, 'GET', '/api/v1/promotions?limit=100');
  assert.ok((await res.json()).items.some((p) => p.code === 'FRIDGE-SPRING'));
});

test('only the admin manages promotions', async () => {
  for (const name of ['hq.key', 'd0001.admin']) {
    const t = (await login(name)).access_token;
    assert.equal((await api(t, 'GET', '/api/v1/promotions')).status, 403, name);
    assert.equal((await api(t, 'POST', '/api/v1/promotions', {})).status, 403, name);
  }
});
