// 0201: the catalogue, option validation and exact prices in fen.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { login, api, errorOf, sql } = require('../lib/harness');

const tokens = {};
async function as(name) {
  if (!tokens[name]) tokens[name] = (await login(name)).access_token;
  return tokens[name];
}
const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const quote = async (who, code, body) => api(await as(who), 'POST', `/api/v1/products/${code}/quote`, body);

test('at least 40 products in five categories, page by page', async () => {
  const t = await as('d0001.buyer');
  const seen = [];
  let cursor = null;
  do {
    const page = await (await api(t, 'GET', `/api/v1/products?limit=20${cursor ? `&after=${cursor}` : ''}`)).json();
    seen.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  assert.ok(seen.length >= 40);
  assert.deepEqual([...new Set(seen.map((p) => p.category))].sort(),
    ['air_conditioner', 'fridge', 'tv', 'washer', 'water_heater']);
  const fridges = await (await api(t, 'GET', '/api/v1/products?category=fridge')).json();
  assert.ok(fridges.items.length >= 5 && fridges.items.every((p) => p.category === 'fridge'));
});

test('search finds by code or name; % and _ are literal', async () => {
  const t = await as('d0001.buyer');
  let res = await (await api(t, 'GET', '/api/v1/products?q=BCD-2003')).json();
  assert.deepEqual(res.items.map((p) => p.code), ['BCD-2003']);
  res = await (await api(t, 'GET', `/api/v1/products?q=${encodeURIComponent('电视')}`)).json();
  assert.ok(res.items.length >= 5 && res.items.every((p) => p.category === 'tv'));
  res = await (await api(t, 'GET', '/api/v1/products?q=%25')).json();
  assert.deepEqual(res.items, [], 'a % matches only a %');
});

test('a product has the documented shape', async () => {
  const p = await (await api(await as('d0001.buyer'), 'GET', '/api/v1/products/BCD-2001')).json();
  assert.equal(p.code, 'BCD-2001');
  assert.equal(p.category, 'fridge');
  assert.equal(p.base_price, 169900);
  const cap = p.options.find((o) => o.name === 'capacity');
  assert.deepEqual(cap, { name: 'capacity', type: 'number', required: true, min: 180, max: 220,
    step: 10, price_per_unit: 1000 });
  const colour = p.options.find((o) => o.name === 'colour');
  assert.equal(colour.type, 'enum');
  assert.ok(colour.values.every((v) => typeof v.value === 'string' && Number.isInteger(v.price_delta)));
  const logo = p.options.find((o) => o.name === 'logo_text');
  assert.equal(logo.max_length, 20);
  assert.equal(logo.required, false);
  assert.equal((await api(await as('d0001.buyer'), 'GET', '/api/v1/products/NOPE-1')).status, 404);
});

test('a 200 L fridge with a logo: exact price with the best promotion (tier A)', async () => {
  const res = await quote('d0001.buyer', 'BCD-2001', { quantity: 3,
    options: { capacity: 200, colour: 'champagne', energy_class: '1', logo_text: '沃尔玛专供' } });
  assert.equal(res.status, 200);
  const q = await res.json();
  // 20 L above 180 x 10 yuan + champagne 150 + class 1 200 + logo 30
  assert.equal(q.options_price, 20 * 1000 + 15000 + 20000 + 3000);
  assert.equal(q.unit_price, 169900 + 58000);
  assert.equal(q.gross, 3 * 227900);
  // fridge 5 % (tiers A, B) beats A-tier 3 %: 5 % of 683,700 = 34,185
  assert.equal(q.discount, 34185);
  assert.equal(q.promotion.code, 'FRIDGE-SPRING');
  assert.equal(q.line_total, 683700 - 34185);
});

test('promotions follow the dealer\'s tier, and ended ones do not apply', async () => {
  const opts = { capacity: 180, colour: 'white', energy_class: '2' };
  // a tier-B dealer (staff quote for it): the fridge 5 % still, not A's 3 %
  let q = await (await quote('hq.key', 'BCD-2001', { quantity: 1, options: opts, dealer: orgId('D0103') })).json();
  assert.equal(sql(`SELECT tier FROM orgs WHERE code = 'D0103'`)[0][0], 'B');
  assert.equal(q.promotion.code, 'FRIDGE-SPRING');
  assert.equal(q.discount, Math.round(169900 * 5 / 100));
  // a tier-C dealer: no fridge promotion at all
  assert.equal(sql(`SELECT tier FROM orgs WHERE code = 'D0302'`)[0][0], 'C');
  q = await (await quote('hq.key', 'BCD-2001', { quantity: 1, options: opts, dealer: orgId('D0302') })).json();
  assert.equal(q.promotion, null);
  assert.equal(q.line_total, 169900);
  // a fixed 200 yuan per unit on one TV model, for every tier
  q = await (await quote('hq.key', 'LE-2005', { quantity: 4, options: { screen_in: '55', panel: 'led' },
    dealer: orgId('D0302') })).json();
  assert.equal(q.unit_price, 199900 + 4 * 20000 + 120000);
  assert.equal(q.discount, 4 * 20000);
  // washers had 10 % in 2025 only; A-tier's 3 % applies now
  q = await (await quote('d0001.buyer', 'XQG-2001', { quantity: 1, options: { capacity_kg: 8, loading: 'top' } })).json();
  assert.equal(q.promotion.code, 'A-TIER-3');
  assert.equal(q.discount, Math.round((129900 + 2 * 15000) * 3 / 100));
  // staff without a dealer: list prices
  q = await (await quote('hq.key', 'XQG-2001', { quantity: 1, options: { capacity_kg: 8, loading: 'top' } })).json();
  assert.equal(q.promotion, null);
});

test('every option error is a 422 naming the line and option', async () => {
  const res = await quote('d0001.buyer', 'BCD-2001', { quantity: 0,
    options: { capacity: 205, colour: 'pink', wifi: true, logo_text: 'x'.repeat(21) } });
  assert.equal(res.status, 422);
  const { fields } = await errorOf(res);
  assert.deepEqual(Object.keys(fields).sort(), ['line.options.capacity', 'line.options.colour',
    'line.options.energy_class', 'line.options.logo_text', 'line.options.wifi', 'line.quantity']);
  assert.match(fields['line.options.capacity'], /steps of 10/);
  assert.match(fields['line.options.energy_class'], /required/);
  assert.match(fields['line.options.wifi'], /no such option/);
  let r = await quote('d0001.buyer', 'BCD-2001', { quantity: 100001, options: { capacity: 230, colour: 'white', energy_class: '2' } });
  assert.deepEqual(Object.keys((await errorOf(r)).fields).sort(), ['line.options.capacity', 'line.quantity']);
  r = await quote('d0001.buyer', 'BCD-2001', { quantity: 1.5, options: { capacity: 190.0001, colour: 'white', energy_class: '2' } });
  assert.equal(r.status, 422);
});

test('quotes stay in scope: no pricing for another dealer', async () => {
  const opts = { quantity: 1, options: { capacity: 180, colour: 'white', energy_class: '2' } };
  assert.equal((await quote('d0001.buyer', 'BCD-2001', { ...opts, dealer: orgId('D0002') })).status, 404);
  assert.equal((await quote('r01.approver', 'BCD-2001', { ...opts, dealer: orgId('D0101') })).status, 404);
  assert.equal((await quote('r01.approver', 'BCD-2001', { ...opts, dealer: orgId('D0001') })).status, 200);
});

test('the admin adds products; the option schema is checked when saved', async () => {
  const t = await as('admin');
  let res = await api(t, 'POST', '/api/v1/products', { code: 'BCD-9001', category: 'fridge',
    name_zh: '测试冰箱', name_en: 'Test fridge', base_price: 100000,
    options: [{ name: 'capacity', type: 'number', min: 200, max: 180, step: 10, price_per_unit: 1 }] });
  assert.equal(res.status, 422);
  assert.ok(Object.keys((await errorOf(res)).fields).some((f) => f.startsWith('options[0]')));
  // every enum value needs its zh-CN and en labels (issue #25)
  res = await api(t, 'POST', '/api/v1/products', { code: 'BCD-9001', category: 'fridge',
    name_zh: '测试冰箱', name_en: 'Test fridge', base_price: 100000,
    options: [{ name: 'colour', type: 'enum', required: true, values: [{ value: 'red', price_delta: 100 }] }] });
  assert.equal(res.status, 422);
  assert.ok('options[0].values[0].labels' in (await errorOf(res)).fields);
  res = await api(t, 'POST', '/api/v1/products', { code: 'BCD-9001', category: 'fridge',
    name_zh: '测试冰箱', name_en: 'Test fridge', base_price: 100000,
    options: [{ name: 'colour', type: 'enum', required: true,
      values: [{ value: 'red', price_delta: 100, labels: { 'zh-CN': '红色', en: 'Red' } }] }] });
  assert.equal(res.status, 201);
  const p = await res.json();
  assert.equal((await api(t, 'POST', '/api/v1/products', { code: 'BCD-9001', category: 'fridge',
    name_zh: 'x', name_en: 'x', base_price: 1, options: [] })).status, 409);
  res = await api(t, 'PATCH', '/api/v1/products/BCD-9001', { base_price: 120000, version: p.version });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).base_price, 120000);
  assert.equal((await api(t, 'PATCH', '/api/v1/products/BCD-9001', { base_price: 1, version: p.version })).status, 409);
  // retired: gone for dealers
  await api(t, 'PATCH', '/api/v1/products/BCD-9001', { active: false });
  assert.equal((await api(await as('d0001.buyer'), 'GET', '/api/v1/products/BCD-9001')).status, 404);
  // only the admin
  assert.equal((await api(await as('hq.key'), 'POST', '/api/v1/products', {})).status, 403);
  assert.equal((await api(await as('d0001.admin'), 'PATCH', '/api/v1/products/BCD-2001', { base_price: 1 })).status, 403);
});
