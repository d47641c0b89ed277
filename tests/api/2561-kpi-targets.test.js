// 2561: HQ's goals for the four figures (issue #25: "a target line where one exists"): GET
// /api/v1/kpis/targets for the dashboard's readers, PUT by HQ's admins on the version read (a
// stale one 409), each field checked (422 with its message), null clears a goal, the change in
// the audit trail; the dashboard's, a dealer's and an account manager's trend charts draw a dashed
// target line with its value where a goal is set, none where it is cleared, and the figures
// partial shows the goal beside its figure.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client } = require('../lib/harness');

const { call } = client();
const one = (q) => sql(q)[0][0];
const id = (code) => Number(one(`SELECT id FROM orgs WHERE code = '${code}'`));
const userId = (login) => Number(one(`SELECT id FROM users WHERE login = '${login}'`));
const D1 = id('D0001');
const M1 = userId('r01.manager');
const KEYS = ['turnover_goal', 'margin_target', 'resolution_target', 'share_target'];
const SEED = { turnover_goal: 120, margin_target: 1500, resolution_target: 9000, share_target: 3000 };
const read = async (who = 'admin') => {
  const res = await call(who, 'GET', '/api/v1/kpis/targets');
  assert.equal(res.status, 200, who);
  return res.json();
};
const put = (who, body) => call(who, 'PUT', '/api/v1/kpis/targets', body);
const page = async (who, path) => {
  const res = await call(who, 'GET', path);
  assert.equal(res.status, 200, `${who} ${path}`);
  return res.text();
};
// one chart's figure element out of a page, by its id
const figure = (html, cid) => {
  const at = html.indexOf(`<figure class="chart" id="${cid}">`);
  assert.ok(at >= 0, `chart ${cid} on the page`);
  return html.slice(at, html.indexOf('</figure>', at));
};
const CHARTS = ['kpi-turnover', 'kpi-margin', 'kpi-resolution', 'kpi-share'];
// the target's label as chart_view.c writes it, in either language
const LABEL = [/>(goal|目标) 12\.0( d| days|天| 天)?<\/text>/, /(target|目标) 15\.0%<\/text>/,
  /(target|目标) 90\.0%<\/text>/, /(target|目标) 30\.0%<\/text>/];

test.after(async () => {
  const cur = await read();
  await put('admin', { ...SEED, version: cur.version });
});

test('the goals as seeded, read by the dashboard\'s readers; a dealer is refused', async () => {
  const t = await read('hq.key');
  assert.deepEqual(KEYS.map((k) => t[k]), KEYS.map((k) => SEED[k]), 'migration 0065\'s demo goals');
  assert.ok(Number.isInteger(t.version) && t.version >= 1);
  assert.deepEqual(await read('r01.approver'), t, 'region staff read the same');
  assert.deepEqual(await read('r01.manager'), t, 'an account manager reads them');
  assert.deepEqual(await read('c0001.admin'), t, 'a chain reads its branches\' dashboard, so the goals');
  for (const who of ['d0001.buyer', 'd0001.admin', 'p0101.agent']) {
    const st = (await call(who, 'GET', '/api/v1/kpis/targets')).status;
    assert.ok(who.startsWith('p') ? [403, 404].includes(st) : st === 403, `${who}: no dashboard, ${st}`);
  }
});

test('only HQ\'s admins set them; nobody else changes a thing', async () => {
  const t = await read();
  for (const who of ['hq.key', 'r01.approver', 'r01.manager', 'd0001.buyer', 'd0001.admin', 'c0001.admin', 'c0002.buyer', 'p0101.agent']) {
    const res = await put(who, { ...t, resolution_target: 5000 });
    assert.ok([403, 404].includes(res.status), `${who}: ${res.status}`);
  }
  assert.deepEqual(await read(), t, 'unchanged');
});

test('each field is checked, with its message; nothing half-written', async () => {
  const t = await read();
  for (const [body, fields] of [
    [{ ...t, turnover_goal: 0 }, ['turnover_goal']],
    [{ ...t, turnover_goal: 3651 }, ['turnover_goal']],
    [{ ...t, margin_target: 10001, share_target: -1 }, ['margin_target', 'share_target']],
    [{ ...t, resolution_target: 10001 }, ['resolution_target']],
    [{ ...t, resolution_target: 12.5 }, ['resolution_target']],
    [{ ...t, share_target: '30' }, ['share_target']],
    [{ turnover_goal: 120, margin_target: 1500, resolution_target: 9000, version: t.version }, ['share_target']],
    [{ ...t, version: undefined }, ['version']],
    [{ ...t, version: 0 }, ['version']],
  ]) {
    const res = await put('admin', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    const e = await errorOf(res);
    for (const f of fields) assert.match(e.fields[f], /required/, `${f}: ${JSON.stringify(e.fields)}`);
  }
  assert.equal((await put('admin', [1])).status, 400, 'not an object');
  assert.deepEqual(await read(), t, 'unchanged');
});

test('set on the version read; a stale version is 409; the change is audited', async () => {
  const t = await read();
  const res = await put('admin', { ...t, turnover_goal: 250, margin_target: -200 });
  assert.equal(res.status, 200);
  const now = await res.json();
  assert.equal(now.version, t.version + 1);
  assert.equal(now.turnover_goal, 250);
  assert.equal(now.margin_target, -200, 'a negative margin target is allowed');
  assert.deepEqual(await read('hq.key'), now);
  const stale = await put('admin', { ...t, turnover_goal: 200 });
  assert.equal(stale.status, 409, 'the version read before');
  assert.equal((await errorOf(stale)).code, 'conflict');
  assert.equal((await read()).turnover_goal, 250, 'the loser changed nothing');
  const [[action, details]] = sql("SELECT action, details FROM audit_log WHERE object_type = 'kpi_targets' ORDER BY id DESC LIMIT 1");
  assert.equal(action, 'kpi_targets_change');
  const d = JSON.parse(details);
  assert.equal(d.turnover_goal, 250);
  assert.equal(d.turnover_goal_before, t.turnover_goal);
  assert.equal(d.margin_target_before, t.margin_target);
  const back = await put('admin', { ...SEED, version: now.version });
  assert.equal(back.status, 200);
});

// back to the seeded goals (whatever an earlier test left)
const seed = async () => {
  const res = await put('admin', { ...SEED, version: (await read()).version });
  assert.equal(res.status, 200);
  return res.json();
};

test('the dashboard draws each goal as a dashed line with its value; null clears one', async () => {
  let t = await seed();
  let html = await page('hq.key', '/dashboard');
  let drawn = 0;
  CHARTS.forEach((cid, i) => {
    const f = figure(html, cid);
    assert.match(f, /<desc [^>]*>[^<]*; (goal|target|目标) [^<]+<\/desc>/, `${cid}: the description names it`);
    if (/class="nodata"/.test(f)) return;	// a chart with no data draws no scale, so no line
    drawn++;
    assert.match(f, /<line class="target" /, `${cid}: a target line`);
    assert.match(f, LABEL[i], `${cid}: the target's label with its value`);
    assert.match(f, /<caption>[^<]*\((goal|target|目标) [^)]+\)<\/caption>/, `${cid}: the data table names it`);
  });
  assert.ok(drawn >= 2, `target lines drawn on ${drawn} charts`);
  assert.match(figure(html, 'kpi-margin'), /<line class="target" /, 'margin has data and its line');
  assert.match(html, /<small class="figure-target">(target|目标) 90\.0%<\/small>/, 'beside its figure');
  assert.match(html, /<small class="figure-target">(goal|目标) 12\.0( d| days|天| 天)?<\/small>/, 'the turnover goal beside it');
  // null clears one goal: its chart has no line, the others keep theirs
  let res = await put('admin', { ...t, margin_target: null });
  assert.equal(res.status, 200);
  t = await res.json();
  assert.equal(t.margin_target, null);
  assert.equal(one('SELECT margin_target IS NULL FROM kpi_targets WHERE id = 1'), '1');
  html = await page('hq.key', '/dashboard');
  assert.doesNotMatch(figure(html, 'kpi-margin'), /class="target/, 'no goal, no line');
  assert.doesNotMatch(html, /(target|目标) 15\.0%/, 'nor its label anywhere');
  assert.match(figure(html, 'kpi-turnover'), /<line class="target" /, 'the others stay');
  // all cleared: no target line on the page at all
  res = await put('admin', { turnover_goal: null, margin_target: null, resolution_target: null, share_target: null, version: t.version });
  assert.equal(res.status, 200);
  t = await res.json();
  html = await page('hq.key', '/dashboard');
  assert.doesNotMatch(html, /class="target"|class="figure-target"/, 'no goals, no lines');
  res = await put('admin', { ...SEED, version: t.version });
  assert.equal(res.status, 200);
});

test('a dealer\'s page and an account manager\'s trends draw the goals too', async () => {
  const t = await seed();
  for (const [who, path] of [['hq.key', `/dashboard/dealers/${D1}`], ['r01.approver', `/dashboard/dealers/${D1}`],
    ['r01.manager', `/dashboard/managers/${M1}`]]) {
    const html = await page(who, path);
    assert.match(html, /<line class="target" /, `${who} ${path}`);
    assert.match(html, LABEL[0], `${who} ${path}: the turnover goal`);
  }
  const res = await put('admin', { ...t, resolution_target: null, turnover_goal: null, margin_target: null, share_target: null });
  assert.equal(res.status, 200);
  const html = await page('r01.manager', `/dashboard/managers/${M1}`);
  assert.doesNotMatch(html, /<line class="target" /, 'none when cleared');
  assert.equal((await put('admin', { ...SEED, version: (await res.json()).version })).status, 200);
});
