// 2131 (browser), issue #21: the service figures page: the table by group and month, three
// inline SVG charts (no script), the filters as a GET form, a CSV link; axe-clean, on a
// 390-px phone the table scrolls inside its own box; printable. Screenshots.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, cli } = require('../lib/harness');
const { launch, shot, signIn: signInAs, click, text, checkPage, overflowX } = require('../lib/browser');

let browser;
const S = Date.now().toString(36).slice(-6);
const ids = {};
const signIn = (who, next) => signInAs(browser, who, next);

// A region of its own with a dealer, two providers and five jobs over March and April 2026.
test.before(async () => {
  browser = await launch();
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('region', 'SBR${S}', '图表区${S}', 'Chart region ${S}')`);
  ids.region = Number(sql(`SELECT id FROM orgs WHERE code = 'SBR${S}'`)[0][0]);
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, tier, city) VALUES
    ('dealer', 'SBD${S}', '图表经销商', 'Chart dealer', ${ids.region}, 'exclusive_store', 'C', '图表市'),
    ('provider', 'SBP1${S}', '快修服务', 'Quick fix', ${ids.region}, NULL, NULL, '图表市'),
    ('provider', 'SBP2${S}', '慢修服务', 'Slow fix', ${ids.region}, NULL, NULL, '图表市')`);
  for (const k of ['D', 'P1', 'P2']) ids[k] = Number(sql(`SELECT id FROM orgs WHERE code = 'SB${k}${S}'`)[0][0]);
  sql(`INSERT INTO providers (org_id, lat_e6, lng_e6) VALUES (${ids.P1}, 0, 0), (${ids.P2}, 0, 0)`);
  cli(['user', 'add', `sb${S}.p1`, `SBP1${S}`, 'provider_agent'], 'dealernet-demo\n');
  cli(['user', 'add', `sb${S}.buyer`, `SBD${S}`, 'dealer_buyer'], 'dealernet-demo\n');
  const cat = Object.fromEntries(sql('SELECT code, id FROM categories').map(([c, i]) => [c, Number(i)]));
  const jobs = [['1', 'fridge', 'P1', '2026-03-10 02:00:00', 60, 1], ['2', 'washer', 'P2', '2026-03-11 02:00:00', 900, 2],
    ['3', 'fridge', 'P1', '2026-03-12 02:00:00', 120, 1], ['4', 'tv', 'P1', '2026-04-02 02:00:00', 30, 1],
    ['5', 'fridge', 'P2', '2026-04-03 02:00:00', 400, 1]];
  sql(`INSERT INTO service_jobs (number, dealer_id, region_id, kind, category_id, customer_name, customer_phone,
    customer_address, city, lat_e6, lng_e6, fault, status, provider_id, first_offered_at, accepted_at,
    first_visit_at, visits, finished_at, filed_by, filed_at, idem_key, request_hash) VALUES ${jobs.map(([n, line, p, t, s, v]) =>
    `('SJ-B${S}-${n}', ${ids.D}, ${ids.region}, 'repair', ${cat[line]}, 'C', '1', 'A', '图表市', 0, 0, 'x', 'finished',
      ${ids[p]}, '${t}' + INTERVAL ${s} SECOND, '${t}' + INTERVAL ${s + 60} SECOND, '${t}' + INTERVAL 1 DAY, ${v},
      '${t}' + INTERVAL 2 DAY, 1, '${t}', 'sb-${S}-${n}', REPEAT('0', 64))`).join(', ')}`);
});
test.after(async () => { if (browser) await browser.close(); });

test('HQ: the region\'s figures, charts and table; the phone scrolls the table in its box; print', async () => {
  const page = await signIn('hq.agent', '/');
  await click(page, 'a[href="/service/figures"]');
  assert.match(await text(page, 'h1'), /服务指标/);
  await page.goto(`${page.url()}?from=2026-03&to=2026-04&by=provider&region=${ids.region}`, { waitUntil: 'load' });
  const rows = await page.$$eval('table.service-figures tbody tr', (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['2026-03', '快修服务', '2'], ['2026-03', '慢修服务', '1'],
    ['2026-04', '快修服务', '1'], ['2026-04', '慢修服务', '1']]);
  // 慢修服务 in March: one job dispatched after 900 s (15 min), not within 5 minutes, two visits
  assert.deepEqual(rows[1].slice(3, 9), ['15.0 min', '15.0 min', '0.0%', '–', '24.0 h', '0.0%']);
  assert.equal((await page.$$('figure.chart svg')).length, 3, 'three charts');
  assert.equal((await page.$$('#sf-jobs svg circle.dot')).length, 2, 'a point a month');
  assert.deepEqual(await page.$$eval('#sf-jobs table.chart-data td', (t) => t.map((x) => x.textContent)), ['3', '2'], 'the jobs a month');
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
  const csv = await page.$eval('a[download]', (a) => a.getAttribute('href'));
  assert.match(csv, new RegExp(`^/api/v1/service/figures\\.csv\\?from=2026-03&to=2026-04&by=provider&region=${ids.region}`));
  await checkPage(page, 'service-figures-hq');
  // on a phone: the page does not stick out, the table scrolls inside its own box
  await page.setViewport({ width: 390, height: 844 });
  assert.ok(await overflowX(page) <= 0);
  const box = await page.$eval('div.scroll', (d) => [d.scrollWidth, d.clientWidth]);
  assert.ok(box[0] > box[1], `the table is wider than its box: ${box}`);
  const svgW = await page.$eval('figure.chart svg', (s) => s.getBoundingClientRect().width);
  assert.ok(svgW <= 390, `the chart scales: ${svgW}`);
  await page.setViewport({ width: 1280, height: 900 });
  // printable: the form and the menu go, the table and charts stay
  await page.emulateMediaType('print');
  assert.equal(await page.$eval('#figures-filters', (f) => getComputedStyle(f).display), 'none');
  assert.notEqual(await page.$eval('table.service-figures', (t) => getComputedStyle(t).display), 'none');
  await shot(page, 'service-figures-print');
  await page.emulateMediaType(null);

  // the form: by product line, fridges only
  await page.select('#sf-by', 'line');
  await page.select('#sf-line', 'fridge');
  await click(page, '#figures-filters button');
  const lines = await page.$$eval('table.service-figures tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent.trim()));
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => /冰箱/.test(l)), lines.join());
  // a bad month comes back with the message
  await page.goto(page.url().replace('from=2026-03', 'from=2026-13'), { waitUntil: 'load' });
  assert.match(await text(page, '.errors'), /from/);
});

test('a provider\'s agent sees its own figures only, on a phone', async () => {
  const page = await signIn(`sb${S}.p1`, '/');
  await page.setViewport({ width: 390, height: 844 });
  assert.ok(await page.$('a[href="/service/figures"]'), 'the menu has the figures');
  await page.goto(`${new URL(page.url()).origin}/service/figures?from=2026-03&to=2026-04`, { waitUntil: 'load' });
  const names = await page.$$eval('table.service-figures tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent.trim()));
  assert.deepEqual(names, ['快修服务', '快修服务']);
  await page.setViewport({ width: 1280, height: 900 });
  await checkPage(page, 'service-figures-provider');
  const res = await page.goto(`${new URL(page.url()).origin}/service/figures?provider=${ids.P2}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
});

test('a dealer sees its own jobs by product line', async () => {
  const page = await signIn(`sb${S}.buyer`, '/');
  await click(page, 'a[href="/service/figures"]');
  await page.goto(`${page.url()}?from=2026-03&to=2026-04`, { waitUntil: 'load' });
  assert.equal(await page.$eval('#sf-by', (s) => s.value), 'line');
  const rows = await page.$$eval('table.service-figures tbody tr', (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim())));
  assert.equal(rows.length, 4, JSON.stringify(rows));
  assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 5, 'its five jobs');
  await checkPage(page, 'service-figures-dealer');
});
