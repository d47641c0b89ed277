// 0905: what else notifies (issue #20): a complaint filed reaches the region's service agents,
// a staff reply the dealer (a note does not), the first-response clock's warning 4 hours
// before the deadline its handler or, with none, the region's agents, once; news the dealers
// of the regions and tiers it is for.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, cli, client, waitFor } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;
const list = async (who) => (await (await call(who, 'GET', '/api/v1/notifications?limit=100')).json()).items;
const find = async (who, kind, ref) => (await list(who)).find((i) => i.kind === kind && i.object_ref === ref);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function file(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/complaints', { category: 'installation_service', severity: 'high',
    subject: '安装师傅未上门', description: '约好周二上门安装，没有人来' }, { 'Idempotency-Key': `n5-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return res.json();
}

test('a filed complaint reaches the region\'s agents; a staff reply the dealer, a note nobody', async () => {
  const c = await file();
  let got;
  await waitFor(async () => (got = await find('r01.agent', 'complaint.filed', c.number)));
  assert.equal(got.link, `/complaints/${c.number}`);
  assert.equal(await find('r02.agent', 'complaint.filed', c.number), undefined, 'another region');
  assert.equal(await find('d0001.buyer', 'complaint.filed', c.number), undefined);
  let res = await call('r01.agent', 'POST', `/api/v1/complaints/${c.number}/messages`, { body: '内部备注', internal: true });
  assert.equal(res.status, 200);
  res = await call('r01.agent', 'POST', `/api/v1/complaints/${c.number}/messages`, { body: '已安排师傅明天上门' });
  assert.equal(res.status, 200);
  await waitFor(async () => (got = await find('d0001.buyer', 'complaint.replied', c.number)));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await list('d0001.buyer')).filter((i) => i.kind === 'complaint.replied' && i.object_ref === c.number).length,
    1, 'the note told nobody');
  assert.equal(await find('d0002.buyer', 'complaint.replied', c.number), undefined);
});

test('four hours before the first answer is due: its handler, or the region\'s agents, once', async () => {
  const open = await file();
  const taken = await file();
  assert.equal((await call('r01.agent', 'POST', `/api/v1/complaints/${taken.number}/take`)).status, 200);
  const at = Date.parse(open.filed_at) + 20.5 * 3600 * 1000;
  cli(['sweep', `--now=${iso(at)}`]);
  cli(['sweep', `--now=${iso(at + 60000)}`]);
  await waitFor(async () => await find('r01.agent', 'complaint.due_soon_region', open.number) &&
    await find('r01.agent', 'complaint.due_soon', taken.number));
  assert.equal(await find('r01.agent', 'complaint.due_soon_region', taken.number), undefined, 'its handler only');
  assert.equal(sql(`SELECT COUNT(*) FROM notify_events WHERE object_ref IN ('${open.number}', '${taken.number}') AND kind LIKE 'complaint.due_soon%'`)[0][0], '2', 'once each');
  assert.equal(await find('r02.agent', 'complaint.due_soon_region', open.number), undefined);
});

test('news reaches the dealers of its regions and tiers, in the portal', async () => {
  const tier = sql("SELECT tier FROM orgs WHERE code = 'D0001'")[0][0];
  const res = await call('admin', 'POST', '/api/v1/news', { title_zh: `新品上市 ${RUN}`, title_en: `New models ${RUN}`,
    body_zh: '详见产品目录', body_en: 'See the catalogue', regions: ['R01'], tiers: [tier] });
  assert.equal(res.status, 201);
  const { id } = await res.json();
  let got;
  await waitFor(async () => (got = await find('d0001.buyer', 'news.published', String(id))));
  assert.equal(got.link, '/news');
  assert.ok(got.text.includes(RUN), got.text);
  assert.equal(await find('d0101.buyer', 'news.published', String(id)), undefined, 'another region');
  const others = sql(`SELECT COUNT(*) FROM notify_events e JOIN orgs d ON d.id = e.dealer_id WHERE e.kind = 'news.published' AND e.object_ref = '${id}' AND (d.tier <> '${tier}' OR d.region_id <> (SELECT id FROM orgs WHERE code = 'R01'))`)[0][0];
  assert.equal(others, '0', 'only its region and tier');
});
