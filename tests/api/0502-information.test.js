// 0502: information services (issue #8): news for everyone or for chosen regions and tiers,
// the promotions in force for the dealer's tier, and catalogue search by option values.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const tierOf = (code) => sql(`SELECT tier FROM orgs WHERE code = '${code}'`)[0][0];

async function post(body, who = 'admin') {
  const res = await call(who, 'POST', '/api/v1/news', { title_zh: `标题 ${RUN}`, title_en: `Title ${RUN}`,
    body_zh: '正文', body_en: 'Text', ...body });
  return res;
}

async function titles(who) {
  const res = await call(who, 'GET', '/api/v1/news?limit=100');
  assert.equal(res.status, 200, who);
  return (await res.json()).items.map((i) => i.title);
}

test('news reaches everyone, or only its regions and tiers', async () => {
  const t1 = tierOf('D0001');
  const other = ['A', 'B', 'C', 'D'].find((t) => t !== t1);
  let res = await post({ title_zh: `全体 ${RUN}`, title_en: `All ${RUN}` });
  assert.equal(res.status, 201);
  res = await post({ title_zh: `天津 ${RUN}`, title_en: `Tianjin ${RUN}`, regions: ['R02'] });
  assert.equal(res.status, 201);
  res = await post({ title_zh: `等级 ${RUN}`, title_en: `Tier ${RUN}`, tiers: [other] });
  assert.equal(res.status, 201);
  res = await post({ title_zh: `本级 ${RUN}`, title_en: `Own tier ${RUN}`, tiers: [t1], regions: ['R01'] });
  assert.equal(res.status, 201);
  const d1 = await titles('d0001.buyer');
  assert.ok(d1.includes(`全体 ${RUN}`));
  assert.ok(d1.includes(`本级 ${RUN}`), 'its region and its tier');
  assert.ok(!d1.includes(`天津 ${RUN}`), 'not another region\'s');
  assert.ok(!d1.includes(`等级 ${RUN}`), 'not another tier\'s');
  const tj = await titles('d0101.buyer');
  assert.ok(tj.includes(`天津 ${RUN}`) && tj.includes(`全体 ${RUN}`));
  assert.ok(!tj.includes(`本级 ${RUN}`));
  const r2 = await titles('r02.approver');
  assert.ok(r2.includes(`天津 ${RUN}`) && r2.includes(`等级 ${RUN}`), 'region staff: every tier');
  assert.ok(!r2.includes(`本级 ${RUN}`));
  const en = await (await call('d0001.buyer', 'GET', '/api/v1/news?limit=100')).json();
  assert.ok(en.items.some((i) => i.title === `全体 ${RUN}`));
  // staff of HQ see all of it
  const hq = await titles('hq.key');
  for (const t of ['全体', '天津', '等级', '本级']) assert.ok(hq.includes(`${t} ${RUN}`), t);
});

test('news: only the admin posts and withdraws; bad posts are 422; withdrawn news is gone', async () => {
  assert.equal((await post({}, 'r01.approver')).status, 403);
  assert.equal((await post({}, 'd0001.admin')).status, 403);
  for (const [body, field] of [[{ title_zh: '', title_en: '' }, 'title_zh'], [{ body_zh: ' ', body_en: '' }, 'body_zh'],
    [{ tiers: ['E'] }, 'tiers'], [{ tiers: 'A' }, 'tiers'], [{ tiers: ['A', 'A'] }, 'tiers'],
    [{ regions: ['R99'] }, 'regions[0]'], [{ regions: 'R01' }, 'regions'], [{ title_zh: 'x'.repeat(201) }, 'title_zh'],
    [{ regions: ['R01', 'r01'] }, 'regions']]) {
    const res = await post(body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], JSON.stringify(body));
  }
  const res = await post({ title_zh: `撤回 ${RUN}` });
  const { id } = await res.json();
  assert.ok((await titles('d0001.buyer')).includes(`撤回 ${RUN}`));
  assert.equal((await call('r01.approver', 'PATCH', `/api/v1/news/${id}`, { active: false })).status, 403);
  assert.equal((await call('admin', 'PATCH', `/api/v1/news/${id}`, { active: 'no' })).status, 422);
  assert.equal((await call('admin', 'PATCH', `/api/v1/news/${id}`, { active: false })).status, 200);
  assert.ok(!(await titles('d0001.buyer')).includes(`撤回 ${RUN}`));
  const all = await (await call('admin', 'GET', '/api/v1/news?all=true&limit=100')).json();
  assert.equal(all.items.find((i) => i.id === id).active, false, 'the admin still sees it');
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/news?all=true')).status, 422);
  assert.equal((await call('admin', 'PATCH', '/api/v1/news/999999', { active: true })).status, 404);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'news.%' AND object_id = '${id}'`)[0][0]), 2);
});

test('promotions in force: the dealer\'s tier only, as the table says', async () => {
  const tier = tierOf('D0001');
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const expected = sql(`SELECT code FROM promotions WHERE active = 1 AND starts_on <= '${today}' AND ends_on >= '${today}' AND FIND_IN_SET('${tier}', tiers) ORDER BY code`).map((r) => r[0]);
  const res = await call('d0001.buyer', 'GET', '/api/v1/promotions/current');
  assert.equal(res.status, 200);
  const got = (await res.json()).items.map((p) => p.code).sort();
  assert.deepEqual(got, expected);
  const staff = (await (await call('r01.approver', 'GET', '/api/v1/promotions/current')).json()).items.map((p) => p.code).sort();
  const every = sql(`SELECT code FROM promotions WHERE active = 1 AND starts_on <= '${today}' AND ends_on >= '${today}' ORDER BY code`).map((r) => r[0]);
  assert.deepEqual(staff, every, 'staff see every tier\'s');
});

test('catalogue search finds option values, and only them', async () => {
  const res = await call('d0001.buyer', 'GET', '/api/v1/products?q=champagne&limit=100');
  assert.equal(res.status, 200);
  const codes = (await res.json()).items.map((p) => p.code);
  // counted here another way: the option value as it stands in the schema's text
  const expected = sql(`SELECT code FROM products WHERE active = 1 AND option_schema LIKE '%"value":"champagne"%' ORDER BY id`).map((r) => r[0]);
  assert.ok(expected.length > 0);
  assert.deepEqual(codes, expected);
  // a word of the schema's structure is no option value
  const keys = (await (await call('d0001.buyer', 'GET', '/api/v1/products?q=price_delta')).json()).items;
  assert.deepEqual(keys, []);
  // the client's % is a percent sign, not a wildcard
  const pct = (await (await call('d0001.buyer', 'GET', '/api/v1/products?q=cham%25')).json()).items;
  assert.deepEqual(pct, []);
  const part = (await (await call('d0001.buyer', 'GET', '/api/v1/products?q=champ&limit=100')).json()).items.map((p) => p.code);
  assert.deepEqual(part, expected, 'part of a value finds it too');
  const upper = (await (await call('d0001.buyer', 'GET', '/api/v1/products?q=CHAMPAGNE&limit=100')).json()).items.map((p) => p.code);
  assert.deepEqual(upper, expected, 'in any case');
  // the home page ignores a list's query parameters
  assert.equal((await call('d0001.buyer', 'GET', '/?limit=0&after=x')).status, 200);
});
