// 2512 (browser), issue #25 acceptance 1 (the pyramid's and the value grid's part): hq.key
// opens the customer pyramid and the value grid from the dashboard on a desktop and a 390-px
// phone; the Pareto curve has percent axes, the tier rule's cuts and their shares, the grid its
// tiers as regions and a point a dealer (at most 200); each chart has role="img", a <title>, a
// <desc> and a data table; axe passes; in print each chart fits one A4 page. The checks hold
// whatever the demo's values (they compare the page with the API's answer, never with numbers).
// Screenshots in tests/artifacts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, ARTIFACTS, client, sql } = require('../lib/harness');
const { launch, signIn, click, checkPage, overflowX } = require('../lib/browser');

let browser;
const { call } = client();
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });

const A4 = { w: 794, h: 1123 };	// CSS pixels of an A4 page at 96 dpi

// The figure id as the reader sees it.
const chart = (page, id) => page.$eval(`figure#${id}`, (f) => {
  const svg = f.querySelector(':scope > svg');
  const tick = svg.querySelector('text.tick');
  const r = f.getBoundingClientRect();
  return {
    role: svg.getAttribute('role'),
    named: svg.getAttribute('aria-labelledby') === `${f.id}-t`,
    title: svg.querySelector('title').textContent,
    desc: svg.querySelector('desc').textContent,
    ticks: [...svg.querySelectorAll('text.tick')].map((t) => t.textContent),
    axes: [...svg.querySelectorAll('text.axis-title')].map((t) => t.textContent),
    letters: [...svg.querySelectorAll('text.tier-letter')].map((t) => t.textContent),
    cuts: svg.querySelectorAll('line.cut').length,
    cutTexts: [...svg.querySelectorAll('text.value')].map((t) => t.textContent),
    line: svg.querySelectorAll('path.line').length,
    regions: [...svg.querySelectorAll('path.region')].map((p) => p.getAttribute('class')),
    points: svg.querySelectorAll('circle.pt').length,
    pointTitles: [...svg.querySelectorAll('circle.pt > title')].map((t) => t.textContent),
    empty: svg.querySelectorAll('text.nodata').length > 0,
    rows: f.querySelectorAll('table.chart-data tbody tr').length,
    width: svg.getBoundingClientRect().width,
    // the smallest text as drawn, in CSS pixels
    px: tick ? parseFloat(getComputedStyle(tick).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0,
    height: r.height,
    fwidth: r.width,
  };
});

async function json(p) {
  const res = await call('hq.key', 'GET', p);
  assert.equal(res.status, 200, p);
  return res.json();
}

// Phone, then print (an A4-wide window): the chart legible, then on one page.
async function phoneAndPrint(t, page, id, name) {
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const phone = await chart(page, id);
  assert.ok(phone.width >= 340 && phone.width <= 390, `${id}: as wide as the phone (${phone.width})`);
  assert.ok(phone.px >= 10, `${id}: ticks legible on a phone: ${phone.px} px`);
  assert.ok(await overflowX(page) <= 0, `${id}: fits a phone`);
  await (await page.$(`figure#${id}`)).screenshot({ path: path.join(ARTIFACTS, `${name}-chart-phone.png`) });
  await page.setViewport({ width: A4.w, height: A4.h });
  await page.emulateMediaType('print');
  const printed = await chart(page, id);
  assert.ok(printed.height > 200 && printed.height <= A4.h - 2 * 38, `${id}: one A4 page in print (${printed.height} px)`);
  assert.ok(printed.fwidth <= A4.w - 2 * 38, `${id}: as wide as a page (${printed.fwidth} px)`);
  t.diagnostic(`${id}: phone ${phone.width} px wide, ticks ${phone.px.toFixed(1)} px; print ${printed.fwidth} x ${printed.height} px`);
  fs.writeFileSync(path.join(ARTIFACTS, `${name}.pdf`), await page.pdf({ format: 'A4', printBackground: true }));
  await page.emulateMediaType(null);
  await page.setViewport({ width: 1280, height: 900 });
}

test('the pyramid from the dashboard: percent axes, the tier cuts with their shares, a table; phone; print', async (t) => {
  const api = await json('/api/v1/kpis/pyramid');
  const page = await signIn(browser, 'hq.key', '/dashboard');
  await click(page, 'a[href^="/dashboard/pyramid"]');
  assert.equal(new URL(page.url()).pathname, '/dashboard/pyramid');
  const c = await chart(page, 'kpi-pyramid');
  assert.equal(c.role, 'img');
  assert.ok(c.named && c.title.length > 0 && c.desc.startsWith(c.title), c.desc);
  assert.equal(c.axes.length, 2, 'both axes titled');
  for (const p of ['0%', '20%', '40%', '60%', '80%', '100%'])
    assert.equal(c.ticks.filter((t) => t === p).length, 2, `${p} on both axes: ${c.ticks}`);
  if (api.total_value === 0) {
    assert.ok(c.empty);
    return;
  }
  assert.equal(c.line, 1, 'the curve');
  // a cut line where the rule's cut falls inside the ranking, with the share it holds
  const inside = [...new Set(api.cuts.map((k) => k.dealers))].filter((k) => k > 0 && k < api.dealers);
  assert.equal(c.cuts, inside.length, `cuts ${inside}`);
  const shares = api.cuts.filter((k) => inside.includes(k.dealers)).map((k) => k.value_bp);
  for (const bp of new Set(shares))
    assert.ok(c.cutTexts.includes(`${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`), `${bp} in ${c.cutTexts}`);
  assert.equal(c.letters[0], 'A');
  assert.equal(c.rows, Math.min(api.dealers, 200), 'the table behind: a row a point drawn');
  assert.match(c.desc, /A: \d+/);
  // the headline is the API's A cut
  const head = await page.$eval('p.headline', (p) => p.textContent);
  const pct = (bp) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
  assert.ok(head.includes(pct(api.headline.dealers_bp)) && head.includes(pct(api.headline.value_bp)), head);
  // the ranked table: 50 a page, in the API's order
  const ranks = await page.$$eval('table.ranked tbody tr td:first-child', (t) => t.map((x) => Number(x.textContent)));
  assert.deepEqual(ranks, api.items.slice(0, 50).map((i) => i.rank));
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
  await checkPage(page, '2512-pyramid');
  await (await page.$('figure#kpi-pyramid')).screenshot({ path: path.join(ARTIFACTS, '2512-pyramid-chart.png') });
  await phoneAndPrint(t, page, 'kpi-pyramid', '2512-pyramid');
  await page.browserContext().close();
});

test('the value grid: the tiers as regions, a point a dealer (200 at most), a table; phone; print', async (t) => {
  const api = await json('/api/v1/kpis/value-grid');
  const page = await signIn(browser, 'hq.key', '/dashboard');
  await click(page, 'a[href^="/dashboard/value-grid"]');
  const c = await chart(page, 'kpi-value-grid');
  assert.equal(c.role, 'img');
  assert.ok(c.named && c.desc.startsWith(c.title), c.desc);
  assert.equal(c.axes.length, 2);
  assert.ok(c.ticks.filter((t) => t.startsWith('¥')).length >= 4, `money ticks ${c.ticks}`);
  const drawn = Math.min(api.dealers, 200);
  assert.equal(c.points, drawn);
  assert.equal(c.rows, drawn);
  // D's region always, then one for each tier the rule has a lowest score for
  const tiers = api.cuts.filter((k) => k.score_min !== null).length;
  if (drawn > 0) {
    assert.ok(c.regions.includes('region d'));
    assert.ok(c.regions.length <= 1 + tiers && c.regions.length >= 1);
    assert.ok(c.letters.length >= 1);
  }
  // each point is named: the dealer, its tier, its value and potential
  assert.ok(c.pointTitles.every((t) => /\(([A-D]|–)\): ¥/.test(t)), c.pointTitles[0]);
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
  await checkPage(page, '2512-value-grid');
  await (await page.$('figure#kpi-value-grid')).screenshot({ path: path.join(ARTIFACTS, '2512-value-grid-chart.png') });
  await phoneAndPrint(t, page, 'kpi-value-grid', '2512-value-grid');
  await page.browserContext().close();
});

test('in English, and a dealer is refused the pages', async () => {
  const page = await signIn(browser, 'hq.key', '/');
  await page.goto(`${BASE}/lang/en?next=/dashboard/pyramid`, { waitUntil: 'load' });
  const c = await chart(page, 'kpi-pyramid');
  assert.match(c.title, /Share of value/);
  assert.ok(c.axes.some((a) => /Dealers ranked/.test(a)));
  await page.goto(`${BASE}/dashboard/value-grid`, { waitUntil: 'load' });
  assert.match((await chart(page, 'kpi-value-grid')).title, /value against potential/);
  await checkPage(page, '2512-value-grid-en');
  await page.browserContext().close();
  const d = await signIn(browser, 'd0001.buyer', '/');
  for (const p of ['/dashboard/pyramid', '/dashboard/value-grid']) {
    const res = await d.goto(`${BASE}${p}`, { waitUntil: 'load' });
    assert.ok([403, 404].includes(res.status()), `${p}: ${res.status()}`);
  }
  await d.browserContext().close();
});

// A region of this test's own, twelve dealers with a long tail and potentials: the curve bends,
// the cuts fall at ranks 3, 6 and 10, the grid's regions are diagonal bands. Screenshots.
test('a region of twelve dealers with a long tail: the curve, the cuts and the bands as a manager sees them', async () => {
  const S = Date.now().toString(36).slice(-6);
  const value = [5200, 3100, 1800, 1200, 800, 500, 350, 200, 120, 60, 30, 10];
  const potential = [900, 4200, 600, 2500, 3000, 200, 1500, 800, 2600, 100, 400, 50];
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('region', 'ZBR${S}', '华东样例区${S}', 'Sample East ${S}')`);
  const [[region]] = sql(`SELECT id FROM orgs WHERE code = 'ZBR${S}'`);
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, city, tier) VALUES ${value.map((v, i) =>
    `('dealer', 'BD${i + 1}${S}', '样例店${i + 1}', 'Sample shop ${i + 1}', ${region}, 'exclusive_store', '样例市', '${'AABBBCCCCDDD'[i]}')`).join(', ')}`);
  const [[user]] = sql("SELECT id FROM users WHERE login = 'hq.key'");
  const month = sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m')")[0][0];
  sql(`INSERT INTO orders (number, dealer_id, region_id, status, version, total, requested_date, ship_to, note, created_by, created_at)
    SELECT CONCAT('SO-BR-${S}-', SUBSTRING(d.code, 3)), d.id, d.region_id, 'delivered', 1,
      ELT(CAST(SUBSTRING(d.code, 3, LENGTH(d.code) - 8) AS UNSIGNED), ${value.map((v) => v * 1000).join(', ')}),
      CURRENT_DATE, '样例路 1 号', '', ${user}, UTC_TIMESTAMP(6) - INTERVAL 10 DAY FROM orgs d WHERE d.region_id = ${region}`);
  sql(`INSERT INTO kpi_month (dealer_id, month, region_id, revenue, category_sales)
    SELECT d.id, '${month}', d.region_id, 0, ELT(CAST(SUBSTRING(d.code, 3, LENGTH(d.code) - 8) AS UNSIGNED),
      ${potential.map((v) => v * 1000).join(', ')}) FROM orgs d WHERE d.region_id = ${region}`);
  const api = await json(`/api/v1/kpis/pyramid?region=${region}`);
  assert.equal(api.dealers, 12);
  const page = await signIn(browser, 'hq.key', `/dashboard/pyramid?region=${region}`);
  const c = await chart(page, 'kpi-pyramid');
  const inside = [...new Set(api.cuts.map((k) => k.dealers))].filter((k) => k > 0 && k < 12);
  assert.equal(c.cuts, inside.length);
  assert.deepEqual(c.letters, ['A', 'B', 'C', 'D'].slice(0, inside.length + 1));
  assert.equal(c.rows, 12);
  await (await page.$('figure#kpi-pyramid')).screenshot({ path: path.join(ARTIFACTS, '2512-pyramid-region-chart.png') });
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await (await page.$('figure#kpi-pyramid')).screenshot({ path: path.join(ARTIFACTS, '2512-pyramid-region-chart-phone.png') });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${BASE}/dashboard/value-grid?region=${region}`, { waitUntil: 'load' });
  const g = await chart(page, 'kpi-value-grid');
  assert.equal(g.points, 12);
  assert.ok(g.regions.length >= 3, `bands ${g.regions}`);
  await checkPage(page, '2512-value-grid-region');
  await (await page.$('figure#kpi-value-grid')).screenshot({ path: path.join(ARTIFACTS, '2512-value-grid-region-chart.png') });
  await page.browserContext().close();
  // the months' sums go again (the dashboard's tests count HQ's regions with figures)
  sql(`DELETE FROM kpi_month WHERE region_id = ${region}`);
  sql(`DELETE FROM kpi_region_month WHERE region_id = ${region}`);
});
