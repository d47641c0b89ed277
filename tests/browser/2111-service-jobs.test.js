// 2111 (browser): the service jobs' pages (issue #21). d0001.buyer asks for a visit from its
// complaint's page (the form filled in from the complaint), sees the job go to the nearest
// provider, without the customer's phone; r01.agent sees the phone and address, the offers,
// and dispatches a waiting job now; the dealer cancels one. Pages pass axe and fit a phone.
// Screenshots.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, client, waitFor } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');
const net = require('../lib/service-net');

const RUN = Date.now().toString(36);
const CITY = `测页${RUN}`;
const { call } = client();

let browser;
test.before(async () => {
  browser = await launch();
  net.city(CITY, 39.9, 116.4);
});
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);

test('a visit for a complaint: the form from the complaint, the job dispatched, staff see the customer', async () => {
  const p = net.provider({ code: `PP${RUN}`, name: `页面服务${RUN}`, cityName: CITY, lat: 39.91, lng: 116.4, lines: ['fridge'] });
  const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'product_quality', severity: 'normal',
    subject: '冰箱不制冷', description: '冷藏室温度过高' }, { 'Idempotency-Key': `sjb-${RUN}` });
  const cp = (await res.json()).number;
  const buyer = await signIn('d0001.buyer', `/complaints/${cp}`);
  await click(buyer, `a[href="/service/new?complaint=${cp}"]`);
  assert.equal(await buyer.$eval('#fault', (e) => e.value), '冷藏室温度过高', 'the fault from the complaint');
  assert.equal(await buyer.$eval('#kind', (e) => e.value), 'repair');
  await checkPage(buyer, 'service-new-dealer');
  // a mistake first: the form comes back with what was typed
  await buyer.select('#category', 'fridge');
  await buyer.type('#name', '赵六');
  await buyer.type('#phone', '13512345678');
  await buyer.type('#address', '朝阳区建国路88号');
  await buyer.type('#city', CITY);
  await buyer.type('#lat', 'north');
  await buyer.type('#lng', '116.4');
  const [bad] = await Promise.all([buyer.waitForNavigation(), buyer.click('#file button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(buyer, '.errors'), /customer\.location/);
  assert.equal(await buyer.$eval('#name', (e) => e.value), '赵六');
  await buyer.$eval('#lat', (e) => { e.value = ''; });
  await buyer.$eval('#lng', (e) => { e.value = ''; });
  await click(buyer, '#file button');
  assert.match(new URL(buyer.url()).pathname, /^\/service\/SJ-\d{4}-\d{6}$/);
  const number = new URL(buyer.url()).pathname.split('/').pop();
  assert.match(await text(buyer, '.notice'), /工单已提交/);
  await waitFor(() => net.job(number).status === 'offered');
  await buyer.reload();
  assert.match(await text(buyer, 'main'), new RegExp(`页面服务${RUN}`), 'the provider\'s name');
  assert.doesNotMatch(await text(buyer, 'main'), /13512345678/, 'no phone for the dealer');
  await checkPage(buyer, 'service-job-dealer');
  await buyer.goto(`${buyer.url().split('/service')[0]}/service`);
  assert.ok(await buyer.$(`a[href="/service/${number}"]`), 'in the dealer\'s list');
  await checkPage(buyer, 'service-list-dealer');

  const agent = await signIn('r01.agent', `/service/${number}`);
  assert.match(await text(agent, 'main'), /13512345678/);
  assert.match(await text(agent, 'main'), /朝阳区建国路88号/);
  assert.match(await text(agent, 'main'), /派单记录/);
  await checkPage(agent, 'service-job-agent');
  assert.equal(net.job(number).provider, p);
});

test('staff dispatch a waiting job now; the dealer cancels one', async () => {
  const c = `测页即${RUN}`;
  net.city(c, 31.23, 121.47);
  const [id] = net.jobs({ n: 1, cityName: c, lat: 31.23, lng: 121.47, tag: `page${RUN}`, due: 'UTC_TIMESTAMP(6) + INTERVAL 1 DAY' });
  const [[number]] = sql(`SELECT number FROM service_jobs WHERE id = ${id}`);
  net.provider({ code: `PQ${RUN}`, name: `即派${RUN}`, cityName: c, lat: 31.24, lng: 121.47 });
  const agent = await signIn('r01.agent', '/service?status=waiting');
  assert.ok(await agent.$(`a[href="/service/${number}"]`), 'in the waiting list');
  await checkPage(agent, 'service-list-agent');
  await click(agent, `a[href="/service/${number}"]`);
  await click(agent, '#dispatch button');
  assert.match(await text(agent, 'main'), new RegExp(`即派${RUN}`));
  assert.equal(net.job(number).status, 'offered');
  const buyer = await signIn('d0001.buyer', `/service/${number}`);
  await buyer.type('#reason', '用户已自行解决');
  await click(buyer, '#cancel button');
  assert.match(await text(buyer, 'main'), /已取消/);
  assert.equal(net.job(number).status, 'cancelled');
  // another dealer: 404
  const other = await signIn('d0002.buyer', '/');
  const res = await other.goto(`${other.url().replace(/\/$/, '')}/service/${number}`);
  assert.equal(res.status(), 404);
});
