// 2501 (browser), issue #25 acceptance 1 (charts) and 3: the charts of views/chart.c on the
// dashboard (hq.key), the service figures (small multiples per region) and the complaint
// figures: axes with values and months in the reader's language, the latest value and the
// period's, a <title>/<desc> and a data table behind each chart (hidden on screen, printed),
// no script; axe-clean, legible on a 390-px phone, printable. Screenshots in tests/artifacts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, ARTIFACTS, sql, client } = require('../lib/harness');
const { launch, shot, axe, text, checkPage, overflowX, signIn: signInAs } = require('../lib/browser');

let browser;
const S = Date.now().toString(36).slice(-6);
const ids = {};
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });

const signIn = (who, next, lang) => signInAs(browser, who, next, lang);

// Each chart under sel as the reader sees it: its name, description, ticks, labels, table.
const charts = (page, sel) => page.$$eval(`${sel} figure.chart`, (figs) => figs.map((f) => {
  const svg = f.querySelector(':scope > svg');
  const vb = svg.viewBox.baseVal;
  return {
    id: f.id,
    role: svg.getAttribute('role'),
    title: svg.querySelector('title').textContent,
    desc: svg.querySelector('desc').textContent,
    named: svg.getAttribute('aria-labelledby') === `${f.id}-t`,
    caption: f.querySelector('figcaption').textContent.replace(/\s+/g, ' ').trim(),
    ticks: [...svg.querySelectorAll('text.tick')].map((t) => t.textContent),
    values: [...svg.querySelectorAll('text.value')].map((t) => t.textContent),
    lines: svg.querySelectorAll('path.line').length,
    dots: svg.querySelectorAll('circle.dot').length,
    bars: svg.querySelectorAll('rect.bar').length,
    targets: svg.querySelectorAll('line.target').length,
    empty: svg.querySelectorAll('text.nodata').length > 0,
    rows: [...f.querySelectorAll('table.chart-data tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
    scale: svg.getBoundingClientRect().width / vb.width,
    width: svg.getBoundingClientRect().width,
    left: Math.round(f.getBoundingClientRect().left),
    top: Math.round(f.getBoundingClientRect().top),
    table: (() => { const s = getComputedStyle(f.querySelector('table.chart-data')); return [s.position, s.width]; })(),
  };
}));

test('the dashboard as hq.key: four trends with axes, months, values; regions as bars; phone; print', async () => {
  const page = await signIn('hq.key', '/dashboard', 'zh-CN,zh;q=0.9');
  const months = 12;	// the default span: the last twelve months
  const trends = await charts(page, 'section[aria-labelledby="figures-h"]');
  assert.deepEqual(trends.map((c) => c.id), ['kpi-turnover', 'kpi-margin', 'kpi-resolution', 'kpi-share']);
  for (const c of trends) {
    assert.equal(c.role, 'img');
    assert.ok(c.named, `${c.id} is named by its <title>`);
    assert.ok(c.title.length > 0 && c.desc.startsWith(c.title), `${c.id}: ${c.desc}`);
    assert.equal(c.rows.length, months, `${c.id}: a table row a month`);
    assert.match(c.caption, /全期：/, `${c.id}: the period's value`);
    // months on the x axis: "1月" ... and the year under the first
    assert.ok(c.ticks.filter((t) => /^\d{1,2}月$/.test(t)).length >= 5, `${c.id}: months ${c.ticks}`);
    assert.ok(c.ticks.some((t) => /^\d{4}年$/.test(t)), `${c.id}: a year`);
    assert.equal(c.table[0], 'absolute', 'the data table is for screen readers on screen');
  }
  // the demo's year draws turnover, margin and share: value ticks, a line and the latest value
  for (const c of trends.filter((x) => !x.empty)) {
    assert.ok(c.ticks.filter((t) => /^−?[\d.]+%?$/.test(t)).length >= 3, `${c.id}: value ticks ${c.ticks}`);
    // a dot a month with data; a line wherever two months running have it (earlier tests' data
    // may leave a month without complaints between two with them: dots, no line across the gap)
    const has = c.rows.map((r) => r[1] !== '暂无数据');
    assert.equal(c.dots, has.filter(Boolean).length, `${c.id}: a dot a month with data`);
    const running = has.some((h, i) => i > 0 && h && has[i - 1]);
    assert.ok(running ? c.lines >= 1 : c.lines === 0, `${c.id}: a line where months run, ${c.lines} of them`);
    assert.equal(c.values.length, 1, `${c.id}: the latest value`);
    assert.ok(c.caption.includes(`最近一月（`) && c.caption.endsWith(c.values[0]), `${c.id}: ${c.caption}`);
    const last = c.rows.filter((r) => r[1] !== '暂无数据').pop();
    assert.equal(last[1], c.values[0], `${c.id}: the label is the table's last value`);
  }
  assert.ok(trends.filter((x) => !x.empty).length >= 3, 'the demo draws three figures at least');
  // the period's value under each chart is the figure's own, rounded once the same way
  const cards = await page.$$eval('dl.figures dd strong', (s) => s.map((x) => x.textContent.trim()));
  trends.forEach((c, i) => assert.ok(c.caption.includes(`全期：${cards[i]}`), `${c.id}: ${cards[i]} in ${c.caption}`));
  const turnover = trends[0];
  assert.match(turnover.values[0], /^\d+\.\d天$/);
  // HQ: the regions side by side, a bar each, as many as the table's regions
  const regions = (await page.$$('table.regions tbody tr')).length;
  const [bars] = await charts(page, 'section[aria-labelledby="regions-h"]');
  assert.equal(bars.id, 'kpi-regions-turnover');
  assert.equal(bars.bars, regions);
  assert.equal(bars.rows.length, regions);
  assert.equal(bars.values.length, regions, 'each bar its value');
  assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
  await checkPage(page, '2501-dashboard-hq');
  await (await page.$('section[aria-labelledby="figures-h"]')).screenshot({ path: path.join(ARTIFACTS, '2501-trends.png') });

  // a phone: one chart a row, as wide as the screen, the text no smaller than 10 px
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const phone = await charts(page, 'section[aria-labelledby="figures-h"]');
  assert.ok(phone.every((c) => c.left === phone[0].left), 'one column');
  assert.ok(phone.every((c) => c.width >= 340 && c.width <= 390), `as wide as the phone: ${phone.map((c) => c.width)}`);
  assert.ok(phone.every((c) => c.scale * 11 >= 10), `legible: ${phone.map((c) => c.scale)}`);
  assert.ok(await overflowX(page) <= 0);
  await (await page.$('section[aria-labelledby="figures-h"]')).screenshot({ path: path.join(ARTIFACTS, '2501-trends-phone.png') });
  await page.setViewport({ width: 1280, height: 900 });
  // desktop: two charts side by side
  const desk = await charts(page, 'section[aria-labelledby="figures-h"]');
  assert.equal(desk[0].top, desk[1].top, 'side by side on a desktop');

  // print: the charts stay, each data table is printed under its chart, a page is A4
  await page.emulateMediaType('print');
  const printed = await charts(page, 'section[aria-labelledby="figures-h"]');
  assert.ok(printed.every((c) => c.table[0] === 'static'), 'the data tables print');
  assert.ok(printed.every((c) => c.width >= 300), `readable widths: ${printed.map((c) => c.width)}`);
  await shot(page, '2501-dashboard-print');
  fs.writeFileSync(path.join(ARTIFACTS, '2501-dashboard.pdf'), await page.pdf({ format: 'A4', printBackground: true }));
  await page.emulateMediaType(null);
  await page.browserContext().close();
});

test('HQ looking at one region: each trend beside every region\'s, with a legend and a column each', async () => {
  const page = await signIn('hq.key', '/dashboard', 'zh-CN');
  const [[r01]] = sql("SELECT id FROM orgs WHERE code = 'R01'");
  await page.goto(`${BASE}/dashboard?region=${r01}`, { waitUntil: 'load' });
  const trends = await charts(page, 'section[aria-labelledby="figures-h"]');
  assert.equal(trends.length, 4);
  for (const c of trends) {
    const legend = await page.$$eval(`#${c.id} ul.legend li`, (l) => l.map((x) => x.textContent.trim()));
    assert.equal(legend.length, 2, `${c.id}: ${legend}`);
    assert.match(legend[0], /^本大区/);
    assert.match(legend[1], /^全部区域/);
    assert.equal(await page.$$eval(`#${c.id} table.chart-data thead th`, (t) => t.length), 3, 'a column a series');
    assert.match(c.desc, /全部区域/);
  }
  const margin = trends[1];
  assert.ok(await page.$('#kpi-margin svg path.line.s1'), 'every region\'s margin drawn');
  assert.ok(margin.rows.every((r) => r.length === 3));
  await checkPage(page, '2501-dashboard-region');
  await page.browserContext().close();
});

test('in English: "Jan" and the year, values as the English reader reads them', async () => {
  const page = await signIn('hq.key', '/dashboard', 'en');
  // the user's language (Chinese) came with the sign-in; the reader picks English
  await page.goto(`${BASE}/lang/en?next=/dashboard`, { waitUntil: 'load' });
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  const trends = await charts(page, 'section[aria-labelledby="figures-h"]');
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  for (const c of trends) {
    assert.ok(c.ticks.filter((t) => names.includes(t)).length >= 5, `${c.id}: ${c.ticks}`);
    assert.ok(c.ticks.some((t) => /^\d{4}$/.test(t)), `${c.id}: the year`);
    assert.match(c.rows[0][0], /^[A-Z][a-z]{2} \d{4}$/);
    assert.match(c.caption, /Whole period: /);
  }
  assert.match(trends[0].values[0], /^\d+\.\d d$/);
  assert.deepEqual(await axe(page), []);
  await shot(page, '2501-dashboard-en');
  await page.browserContext().close();
});

// Two regions of their own, with service jobs over three months of 2025 (none in February
// in the second): the figures by region draw a small chart each, on one scale.
test('service figures by region: three line charts and small multiples, one column on a phone', async () => {
  for (const k of ['1', '2']) {
    sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('region', 'CR${k}${S}', '图表${k}区${S}', 'Chart ${k} ${S}')`);
    ids[`r${k}`] = Number(sql(`SELECT id FROM orgs WHERE code = 'CR${k}${S}'`)[0][0]);
    sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, tier, city) VALUES
      ('dealer', 'CD${k}${S}', '图表商${k}', 'Chart dealer ${k}', ${ids[`r${k}`]}, 'exclusive_store', 'C', '图表市'),
      ('provider', 'CP${k}${S}', '图表服务${k}', 'Chart fix ${k}', ${ids[`r${k}`]}, NULL, NULL, '图表市')`);
    ids[`d${k}`] = Number(sql(`SELECT id FROM orgs WHERE code = 'CD${k}${S}'`)[0][0]);
    ids[`p${k}`] = Number(sql(`SELECT id FROM orgs WHERE code = 'CP${k}${S}'`)[0][0]);
    sql(`INSERT INTO providers (org_id, lat_e6, lng_e6) VALUES (${ids[`p${k}`]}, 0, 0)`);
  }
  const [[fridge]] = sql("SELECT id FROM categories WHERE code = 'fridge'");
  // [region, month's day, seconds to dispatch]: region 1 fast then slow, region 2 slow
  const jobs = [['1', '2025-01-10', 60], ['1', '2025-01-11', 120], ['1', '2025-02-10', 90], ['1', '2025-03-10', 900],
    ['2', '2025-01-12', 600], ['2', '2025-03-12', 60], ['2', '2025-03-13', 700]];
  sql(`INSERT INTO service_jobs (number, dealer_id, region_id, kind, category_id, customer_name, customer_phone,
    customer_address, city, lat_e6, lng_e6, fault, status, provider_id, first_offered_at, accepted_at,
    first_visit_at, visits, finished_at, filed_by, filed_at, idem_key, request_hash) VALUES ${jobs.map(([k, d, s], n) =>
    `('SJ-C${S}-${n}', ${ids[`d${k}`]}, ${ids[`r${k}`]}, 'repair', ${fridge}, 'C', '1', 'A', '图表市', 0, 0, 'x', 'finished',
      ${ids[`p${k}`]}, '${d} 02:00:00' + INTERVAL ${s} SECOND, '${d} 02:00:00' + INTERVAL ${s + 60} SECOND,
      '${d} 02:00:00' + INTERVAL 1 DAY, 1, '${d} 02:00:00' + INTERVAL 2 DAY, 1, '${d} 02:00:00', 'sc-${S}-${n}', REPEAT('0', 64))`).join(', ')}`);
  const page = await signIn('hq.agent', '/', 'zh-CN');
  await page.goto(`${BASE}/service/figures?from=2025-01&to=2025-03&by=region`, { waitUntil: 'load' });
  const main = await charts(page, 'main > div.charts');
  assert.deepEqual(main.map((c) => c.id), ['sf-jobs', 'sf-within', 'sf-first']);
  const jobsChart = main[0];
  assert.deepEqual(jobsChart.rows.map((r) => r[0]), ['2025年1月', '2025年2月', '2025年3月']);
  assert.ok(jobsChart.ticks.includes('1月') && jobsChart.ticks.includes('3月') && jobsChart.ticks.includes('2025年'));
  assert.ok(jobsChart.ticks.includes('0'), 'counts from zero');
  const small = await charts(page, '.charts.multiples');
  const mine = small.filter((c) => c.id === `sf-r${ids.r1}` || c.id === `sf-r${ids.r2}`);
  assert.equal(mine.length, 2, 'a small chart per region');
  assert.deepEqual(mine[0].rows, [['2025年1月', '100.0%'], ['2025年2月', '100.0%'], ['2025年3月', '0.0%']]);
  assert.deepEqual(mine[1].rows, [['2025年1月', '0.0%'], ['2025年2月', '暂无数据'], ['2025年3月', '50.0%']]);
  assert.equal(mine[1].lines, 0, 'a gap in February: two lone dots, no line');
  assert.equal(mine[1].dots, 2);
  assert.deepEqual(mine[0].ticks.slice(0, 3), mine[1].ticks.slice(0, 3), 'one scale');
  assert.equal(mine[0].values[0], '0.0%');
  await checkPage(page, '2501-service-figures');
  const desk = await charts(page, '.charts.multiples');
  assert.ok(new Set(desk.map((c) => c.left)).size > 1, 'side by side on a desktop');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  const phone = await charts(page, '.charts.multiples');
  assert.equal(new Set(phone.map((c) => c.left)).size, 1, 'one column on a phone');
  assert.ok(phone.every((c) => c.scale * 10 >= 10), 'legible small charts');
  await (await page.$('.charts.multiples')).screenshot({ path: path.join(ARTIFACTS, '2501-multiples-phone.png') });
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaType('print');
  await shot(page, '2501-service-figures-print');
  await page.emulateMediaType(null);
  await page.browserContext().close();
});

test('complaint figures: a bar a region with its value, for both shares', async () => {
  // a complaint in R01 and one in R02, filed now: two regions in the default period
  const { call } = client();
  for (const [who, n] of [['d0001.buyer', 1], ['d0101.buyer', 2]]) {
    const res = await call(who, 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
      subject: '图表', description: '送货晚了' }, { 'Idempotency-Key': `chart-${S}-${n}` });
    assert.equal(res.status, 201);
  }
  const page = await signIn('hq.agent', '/complaints/figures', 'zh-CN');
  const rows = await page.$$eval('table:not(.chart-data) tbody tr', (trs) => trs.length);
  const bars = await charts(page, 'main');
  assert.deepEqual(bars.map((c) => c.id), ['cf-within', 'cf-resolution']);
  for (const c of bars) {
    assert.equal(c.rows.length, Math.min(rows, 64));
    assert.equal(c.values.length, c.rows.length, 'each row its value');
    assert.ok(c.ticks.includes('0%'), 'the value axis from zero');
  }
  assert.match(await text(page, '#cf-within figcaption'), /24/);
  await checkPage(page, '2501-complaint-figures');
  await page.browserContext().close();
});
