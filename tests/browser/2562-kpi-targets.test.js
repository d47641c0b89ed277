// 2562 (browser), issue #25: HQ's goals (migration 0065, PUT /api/v1/kpis/targets) drawn on the
// dashboard's four trends as a dashed target line with its value, inside the plot, labelled in
// the reader's language ("goal" for turnover, lower is better; "target" for the shares), named
// in each chart's data table, and beside each figure; a cleared goal draws nothing. hq.key at
// desktop size and on a 390-px phone, axe-clean; screenshots in tests/artifacts.
'use strict';
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, ARTIFACTS, client } = require('../lib/harness');
const { launch, checkPage, overflowX, axe, signIn: signInAs } = require('../lib/browser');

const { call } = client();
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });

const SEED = { turnover_goal: 120, margin_target: 1500, resolution_target: 9000, share_target: 3000 };
const setTargets = async (body) => {
  const cur = await (await call('admin', 'GET', '/api/v1/kpis/targets')).json();
  const res = await call('admin', 'PUT', '/api/v1/kpis/targets', { ...body, version: cur.version });
  assert.equal(res.status, 200);
};
test.after(async () => {	// the seeded goals for the tests that follow
  await setTargets(SEED);
});

const signIn = (who, next, lang) => signInAs(browser, who, next, lang);

// each trend: its target line and label as drawn (box in page pixels), the plot's, the caption
const trends = (page) => page.$$eval('section[aria-labelledby="figures-h"] figure.chart', (figs) => figs.map((f) => {
  const svg = f.querySelector(':scope > svg');
  const line = svg.querySelector('line.target');
  const label = svg.querySelector('text.target-label');
  const box = (e) => { const r = e.getBoundingClientRect(); return { l: r.left, r: r.right, t: r.top, b: r.bottom }; };
  return {
    id: f.id,
    empty: svg.querySelector('text.nodata') !== null,
    line: line ? { ...box(line), dash: getComputedStyle(line).strokeDasharray } : null,
    label: label ? label.textContent : null,
    labelBox: label ? box(label) : null,
    svg: box(svg),
    desc: svg.querySelector('desc').textContent,
    caption: f.querySelector('table.chart-data caption').textContent,
  };
}));
const besides = (page) => page.$$eval('dl.figures small.figure-target', (s) => s.map((x) => x.textContent));

for (const [lang, goal, target] of [['zh-CN,zh;q=0.9', '目标', '目标'], ['en', 'goal', 'target']]) {
  test(`the dashboard as hq.key (${lang.slice(0, 2)}): each goal a dashed line with its value`, async () => {
    await setTargets(SEED);
    const page = await signIn('hq.key', '/dashboard', lang);
    if (lang === 'en') {	// the account's language is Chinese: the switch
      await page.goto(`${BASE}/lang/en?next=/dashboard`, { waitUntil: 'load' });
      assert.equal(await page.$eval('html', (h) => h.lang), 'en');
    }
    const want = [`${goal} 12.0`, `${target} 15.0%`, `${target} 90.0%`, `${target} 30.0%`];
    const check = async (where) => {
      const cs = await trends(page);
      assert.deepEqual(cs.map((c) => c.id), ['kpi-turnover', 'kpi-margin', 'kpi-resolution', 'kpi-share']);
      let drawn = 0;
      cs.forEach((c, i) => {
        assert.ok(c.desc.includes(want[i]), `${where} ${c.id}: the description names the target: ${c.desc}`);
        if (c.empty) return;	// no data this year: no scale, no line (the description says it)
        drawn++;
        assert.ok(c.label.startsWith(want[i]), `${where} ${c.id}: ${c.label}`);
        assert.ok(c.caption.includes(want[i]), `${where} ${c.id}: the data table: ${c.caption}`);
        assert.notEqual(c.line.dash, 'none', `${where} ${c.id}: dashed`);
        assert.ok(c.line.t >= c.svg.t && c.line.b <= c.svg.b, `${where} ${c.id}: the line inside the chart`);
        assert.ok(c.labelBox.l >= c.svg.l && c.labelBox.r <= c.svg.r + 0.5 && c.labelBox.t >= c.svg.t - 0.5,
          `${where} ${c.id}: its label legible inside the chart ${JSON.stringify([c.labelBox, c.svg])}`);
      });
      assert.ok(drawn >= 2, `${where}: the demo draws two target lines at least`);
    };
    await check('desktop');
    const side = await besides(page);
    assert.equal(side.length, 4, 'each figure shows its goal');
    side.forEach((s, i) => assert.ok(s.startsWith(want[i]), s));
    if (lang === 'en') {
      await checkPage(page, '2562-targets-en');
    } else {
      await checkPage(page, '2562-targets');
      await page.setViewport({ width: 390, height: 844, isMobile: true });
      await check('phone');
      assert.ok(await overflowX(page) <= 0, 'fits a phone');
      await (await page.$('section[aria-labelledby="figures-h"]')).screenshot({ path: path.join(ARTIFACTS, '2562-targets-figures-phone.png') });
    }
    await page.browserContext().close();
  });
}

test('a goal cleared (null) draws no line; the others stay', async () => {
  await setTargets({ ...SEED, margin_target: null });
  const page = await signIn('hq.key', '/dashboard', 'zh-CN,zh;q=0.9');
  const cs = await trends(page);
  const margin = cs.find((c) => c.id === 'kpi-margin');
  assert.equal(margin.line, null, 'no margin target');
  assert.equal(margin.label, null);
  assert.ok(!margin.desc.includes('目标'), margin.desc);
  assert.ok(cs.some((c) => c.line !== null), 'the turnover goal is still drawn');
  assert.equal((await besides(page)).length, 3, 'three goals beside their figures');
  assert.deepEqual(await axe(page), []);
  await page.browserContext().close();
});
