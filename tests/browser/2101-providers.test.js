// 2101 (browser), issue #21: a region's service agent (r01.agent) finds the service providers
// from the menu, filters them, adds one with its areas, edits it (a wrong time first: the form
// comes back with what was typed), adds an agent and disables it; HQ's admin sees every region's. Pages
// pass axe and fit a 390-px phone. Screenshots.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

test('r01.agent adds a provider, edits it and adds its agent', async () => {
  const page = await signIn('r01.agent', '/');
  await click(page, 'nav a[href="/providers"]');
  assert.match(await text(page, 'tbody'), /P0101/);
  assert.doesNotMatch(await text(page, 'tbody'), /P0201/, 'another region\'s are not there');
  await page.select('#f-category', 'water_heater');
  await click(page, 'form.filters button');
  assert.match(page.url(), /category=water_heater/);
  assert.match(await text(page, 'tbody'), /P0101/, 'P0101 serves every line');
  assert.doesNotMatch(await text(page, 'tbody'), /P0102/, 'P0102 serves no water heaters');
  await checkPage(page, 'providers-list');

  await click(page, 'a[href="/providers/new"]');
  await page.type('#code', `PW${RUN}`);
  await page.type('#name_zh', '北京丰台家电维修中心');
  await page.type('#name_en', 'Beijing Fengtai Appliance Repair Centre');
  await page.type('#address', '北京市丰台区丰台北路18号');
  await page.type('#phone', '010-63810000');
  await page.type('#lat', '39.8585');
  await page.type('#lng', '116.2867');
  // a town of its own: the demo's cities keep their providers for the service tests
  await page.type('#areas', '试验城 fridge\n试验城 washer\n');
  await checkPage(page, 'provider-new');
  await click(page, '#provider-form button');
  assert.match(new URL(page.url()).pathname, /^\/providers\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.ok(await page.$('.notice'));
  assert.deepEqual(sql(`SELECT o.code, o.city, p.capacity, p.lat_e6 FROM orgs o JOIN providers p ON p.org_id = o.id WHERE o.id = ${id}`),
    [[`PW${RUN}`, '试验城', '5', '39858500']]);

  // a closing time before the opening: refused, the form keeps what was typed
  await page.$eval('#closes', (e) => { e.value = '07:00'; });
  await page.$eval('#capacity', (e) => { e.value = '7'; });
  await page.$eval('#areas', (e) => { e.value += '试验城 tv\n'; });
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('#provider-form button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(page, '.errors'), /closes/);
  assert.equal(await page.$eval('#capacity', (e) => e.value), '7');
  await page.$eval('#closes', (e) => { e.value = '19:00'; });
  await click(page, '#provider-form button');
  assert.match(page.url(), /saved=1/);
  assert.deepEqual(sql(`SELECT capacity, TIME_FORMAT(closes, '%H:%i'), version FROM providers WHERE org_id = ${id}`),
    [['7', '19:00', '2']]);
  assert.equal(sql(`SELECT COUNT(*) FROM provider_areas WHERE provider_id = ${id}`)[0][0], '3');

  const login = `pw${RUN.toLowerCase()}.agent`;
  await page.type('#login', login);
  await page.type('#display_name', 'Fengtai Repair Agent');
  await page.type('#password', 'dealernet-demo');
  await click(page, '#agent-form button');
  assert.match(page.url(), /saved=agent/);
  assert.match(await text(page, '#agents-h + table tbody'), new RegExp(login.replace('.', '\\.')));
  await checkPage(page, 'provider-edit');
  // and takes its access away again
  const agent = sql(`SELECT id FROM users WHERE login = '${login}'`)[0][0];
  await click(page, `form[action="/providers/${id}/agents/${agent}"] button`);
  assert.match(page.url(), /saved=1/);
  assert.equal(sql(`SELECT disabled FROM users WHERE id = ${agent}`)[0][0], '1');
  assert.ok(await page.$(`form[action="/providers/${id}/agents/${agent}"] input[name=disabled][value="0"]`), 'now to enable');
  await page.browserContext().close();
});

test('HQ admin sees every region\'s providers and filters by region', async () => {
  const page = await signIn('admin', '/providers');
  const r02 = sql("SELECT id FROM orgs WHERE code = 'R02'")[0][0];
  await page.select('#f-region', r02);
  await click(page, 'form.filters button');
  const body = await text(page, 'tbody');
  assert.match(body, /P0201/);
  assert.doesNotMatch(body, /P0101/);
  await checkPage(page, 'providers-hq');
  await page.browserContext().close();
});
