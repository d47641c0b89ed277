// 0501: complaints with the 24-hour rule (issue #8): filing (idempotent, routed, clocks),
// the thread with internal notes no dealer ever sees, handling, reopening and rating, the
// escalation sweep on an injected clock, and scope.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, cli, client } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const H = 3600 * 1000;
const orderOf = (code) => sql(`SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = '${code}' ORDER BY o.id LIMIT 1`)[0][0];

async function file(who = 'd0001.buyer', extra = {}, key = `cp-${RUN}-${n++}`) {
  const res = await call(who, 'POST', '/api/v1/complaints', { category: 'installation_service', severity: 'high',
    subject: '安装师傅未上门', description: '约好周二上门安装，没有人来', ...extra }, { 'Idempotency-Key': key });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  return res.json();
}

const act = (who, number, verb, body) => call(who, 'POST', `/api/v1/complaints/${number}/${verb}`, body);
const get = async (who, number) => (await call(who, 'GET', `/api/v1/complaints/${number}`)).json();
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const sweep = (ms) => JSON.parse(cli(['sweep', `--now=${iso(ms)}`]));
const { execFile } = require('node:child_process');
const path = require('node:path');
const { APP, DIR } = require('../lib/harness');
// The sweep as a process of its own, not waited for.
const sweepAsync = (ms) => new Promise((resolve, reject) => execFile(APP, ['sweep', `--now=${iso(ms)}`],
  { env: { ...process.env, DEALERNET_CONF: path.join(DIR, 'dealernet.conf') } },
  (err, out) => (err ? reject(err) : resolve(JSON.parse(out)))));

test('filing: numbered, routed to the region, clocks set', async () => {
  const c = await file('d0001.buyer', { order: orderOf('D0001') });
  assert.match(c.number, /^CP-\d{4}-\d{6}$/);
  assert.equal(c.status, 'open');
  assert.equal(c.order, orderOf('D0001'));
  assert.equal(c.service_provider, null, 'a provider only once a service job is dispatched');
  const filed = Date.parse(c.filed_at);
  assert.equal(Date.parse(c.first_response_due) - filed, 24 * H);
  assert.equal(Date.parse(c.resolution_due) - filed, 72 * H, 'high: 72 hours');
  assert.deepEqual(c.messages, []);
  const [[region]] = sql(`SELECT r.code FROM complaints c JOIN orgs r ON r.id = c.region_id WHERE c.number = '${c.number}'`);
  assert.equal(region, 'R01');
  const critical = await file('d0001.finance', { severity: 'critical', category: 'billing' });
  assert.equal(Date.parse(critical.resolution_due) - Date.parse(critical.filed_at), 48 * H);
  assert.equal(critical.service_provider, null, 'no provider for billing');
  assert.deepEqual(sql(`SELECT type FROM feed_events WHERE object_ref = '${c.number}'`), [['complaint.filed']]);
});

test('filing is idempotent by key; another body with the key is 409', async () => {
  const key = `cp-${RUN}-same`;
  const a = await file('d0001.buyer', {}, key);
  const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'installation_service', severity: 'high',
    subject: '安装师傅未上门', description: '约好周二上门安装，没有人来' }, { 'Idempotency-Key': key });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).number, a.number);
  const other = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'other', severity: 'normal',
    subject: 'x', description: 'y' }, { 'Idempotency-Key': key });
  assert.equal(other.status, 409);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM complaints WHERE idem_key = '${key}'`)[0][0]), 1);
});

test('bad filings: 422 naming the field; another dealer\'s order is 422; staff cannot file', async () => {
  for (const [body, field] of [[{ category: 'noise' }, 'category'], [{ severity: 'urgent' }, 'severity'],
    [{ subject: '' }, 'subject'], [{ subject: '   ' }, 'subject'], [{ subject: 'x'.repeat(201) }, 'subject'],
    [{ description: '' }, 'description'], [{ order: 5 }, 'order'], [{ order: orderOf('D0002') }, 'order'],
    [{ order: 'SO-1999-000000' }, 'order']]) {
    const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
      subject: 's', description: 'd', ...body }, { 'Idempotency-Key': `bad-${RUN}-${n++}` });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], JSON.stringify(body));
  }
  const nokey = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
    subject: 's', description: 'd' });
  assert.equal(nokey.status, 422);
  for (const who of ['r01.agent', 'd0001.admin']) {
    const res = await call(who, 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
      subject: 's', description: 'd' }, { 'Idempotency-Key': `st-${RUN}-${n++}` });
    assert.equal(res.status, 403, who);
  }
});

test('scope: dealer 2 and region 2 get 404 for dealer 1\'s complaint; region 1 and HQ see it', async () => {
  const c = await file();
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.agent', 'r02.manager']) {
    assert.equal((await call(who, 'GET', `/api/v1/complaints/${c.number}`)).status, 404, who);
  }
  for (const [who, verb, body] of [['d0002.buyer', 'messages', { body: 'hi' }], ['r02.agent', 'messages', { body: 'hi' }],
    ['r02.agent', 'take', undefined], ['r02.agent', 'resolve', { note: 'done' }], ['r02.agent', 'escalate', { reason: 'x' }],
    ['d0002.buyer', 'reopen', { reason: 'x' }], ['d0002.buyer', 'rate', { rating: 5 }]]) {
    assert.equal((await act(who, c.number, verb, body)).status, 404, `${who} ${verb}`);
  }
  for (const who of ['r01.agent', 'r01.manager', 'hq.agent', 'd0001.finance']) {
    assert.equal((await call(who, 'GET', `/api/v1/complaints/${c.number}`)).status, 200, who);
  }
  const mine = (await (await call('d0002.buyer', 'GET', '/api/v1/complaints?limit=100')).json()).items;
  assert.ok(!mine.some((i) => i.number === c.number));
  assert.ok(mine.every((i) => i.dealer.id === Number(sql("SELECT id FROM orgs WHERE code = 'D0002'")[0][0])));
  // roles: dealers do not handle, staff do not reopen or rate
  assert.equal((await act('d0001.buyer', c.number, 'take')).status, 403);
  assert.equal((await act('d0001.buyer', c.number, 'resolve', { note: 'x' })).status, 403);
  assert.equal((await act('r01.agent', c.number, 'rate', { rating: 5 })).status, 403);
  assert.equal((await act('r01.agent', c.number, 'reopen', { reason: 'x' })).status, 403);
});

test('internal notes never reach the dealer; the first reply it reads stops the 24-hour clock', async () => {
  const c = await file();
  let res = await act('r01.agent', c.number, 'messages', { body: '内部：安装队人手不足，周三补派', internal: true });
  assert.equal(res.status, 200);
  let staff = await res.json();
  assert.equal(staff.first_responded_at, null, 'a note is no response');
  assert.equal(staff.messages.at(-1).internal, true);
  const dealerView = await get('d0001.buyer', c.number);
  assert.ok(!JSON.stringify(dealerView).includes('人手不足'), 'the note is not in the dealer\'s answer');
  assert.ok(!(await (await call('d0001.finance', 'GET', `/api/v1/complaints/${c.number}`)).text()).includes('人手不足'));
  res = await act('d0001.buyer', c.number, 'messages', { body: 'secret', internal: true });
  assert.equal(res.status, 422, 'a dealer writes no notes');
  res = await act('r01.agent', c.number, 'messages', { body: '您好，明天上午补装，抱歉。' });
  staff = await res.json();
  assert.ok(staff.first_responded_at, 'the reply set the first response time');
  assert.equal(staff.status, 'in_progress');
  const seen = await get('d0001.buyer', c.number);
  assert.deepEqual(seen.messages.map((m) => m.body), ['您好，明天上午补装，抱歉。']);
  for (const body of [{}, { body: '' }, { body: ' ' }, { body: 'x'.repeat(4001) }, { body: 'x', internal: 'yes' }]) {
    assert.equal((await act('r01.agent', c.number, 'messages', body)).status, 422, JSON.stringify(body));
  }
});

test('resolve, rate once; rating before resolution and reopening after 14 days are 409', async () => {
  const c = await file();
  let res = await act('d0001.buyer', c.number, 'rate', { rating: 4 });
  assert.equal(res.status, 409, 'rating before resolution');
  res = await act('r01.manager', c.number, 'take');
  assert.equal(res.status, 200, 'the account manager of D0001 takes it');
  assert.equal((await res.json()).assigned_to, 'Beijing Account Manager');
  res = await act('r01.agent', c.number, 'resolve', { note: '已补装完毕' });
  assert.equal(res.status, 200);
  const done = await res.json();
  assert.equal(done.status, 'resolved');
  assert.ok(done.resolved_at && done.first_responded_at);
  assert.equal((await act('r01.agent', c.number, 'resolve', { note: 'again' })).status, 409);
  for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, {}]) {
    assert.equal((await act('d0001.buyer', c.number, 'rate', body)).status, 422, JSON.stringify(body));
  }
  res = await act('d0001.buyer', c.number, 'rate', { rating: 4, comment: '处理及时' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).rating, 4);
  assert.equal((await act('d0001.buyer', c.number, 'rate', { rating: 5 })).status, 409, 'rated once');
  // reopened within 14 days: a new resolution clock
  res = await act('d0001.buyer', c.number, 'reopen', { reason: '又坏了' });
  assert.equal(res.status, 200);
  const again = await res.json();
  assert.equal(again.status, 'in_progress');
  assert.equal(again.reopen_count, 1);
  assert.equal(again.resolved_at, null);
  assert.ok(Date.parse(again.resolution_due) > Date.parse(done.resolved_at) + 71 * H);
  assert.equal((await act('d0001.buyer', again.number, 'reopen', { reason: 'x' })).status, 409, 'not resolved');
  // resolved 15 days ago: too late
  assert.equal((await act('r01.agent', c.number, 'resolve', { note: '再次处理' })).status, 200);
  sql(`UPDATE complaints SET resolved_at = resolved_at - INTERVAL 15 DAY WHERE number = '${c.number}'`);
  res = await act('d0001.buyer', c.number, 'reopen', { reason: '还是不行' });
  assert.equal(res.status, 409);
  assert.match((await errorOf(res)).message, /14 days/);
  const types = sql(`SELECT type FROM feed_events WHERE object_ref = '${c.number}' ORDER BY id`).map((r) => r[0]);
  assert.deepEqual(types, ['complaint.filed', 'complaint.resolved', 'complaint.reopened', 'complaint.resolved']);
});

test('a stale version is 409', async () => {
  const c = await file();
  const res = await act('r01.agent', c.number, 'messages', { body: 'hello', version: c.version + 3 });
  assert.equal(res.status, 409);
  assert.equal((await get('r01.agent', c.number)).messages.length, 0);
});

test('the sweep, clock 25 h later, escalates once; again changes nothing; HQ at 49 h', async () => {
  const c = await file('d0002.buyer');
  const answered = await file('d0002.buyer');
  assert.equal((await act('r01.agent', answered.number, 'messages', { body: '已收到' })).status, 200);
  const filed = Date.parse(c.filed_at);
  const level = (num) => Number(sql(`SELECT escalation_level FROM complaints WHERE number = '${num}'`)[0][0]);
  const first = sweep(filed + 25 * H);
  assert.ok(first.escalated >= 1);
  assert.equal(level(c.number), 1);
  assert.equal(level(answered.number), 0, 'answered in time: no escalation');
  const feedCount = () => Number(sql(`SELECT COUNT(*) FROM feed_events WHERE type = 'complaint.escalated' AND object_ref = '${c.number}'`)[0][0]);
  assert.equal(feedCount(), 1);
  const threadCount = () => (sql(`SELECT COUNT(*) FROM complaint_messages m JOIN complaints c ON c.id = m.complaint_id WHERE c.number = '${c.number}' AND m.kind = 'event'`)[0][0]);
  assert.equal(threadCount(), '1');
  const again = sweep(filed + 25 * H);
  assert.equal(level(c.number), 1);
  assert.equal(feedCount(), 1, 'running it twice changes nothing');
  assert.equal(threadCount(), '1');
  assert.equal(again.escalated, 0, 'a second run finds nothing more to do');
  // the dealer sees the escalation in its thread
  const seen = await get('d0002.buyer', c.number);
  assert.equal(seen.escalation_level, 1);
  assert.equal(seen.messages.at(-1).kind, 'event');
  assert.equal(seen.messages.at(-1).body, 'escalated_1_first_response');
  sweep(filed + 49 * H);
  assert.equal(level(c.number), 2, 'a day later still unanswered: HQ');
  assert.equal(feedCount(), 2);
  sweep(filed + 49 * H);
  assert.equal(feedCount(), 2);
  assert.deepEqual(sql(`SELECT e.level, e.clock FROM complaint_escalations e JOIN complaints c ON c.id = e.complaint_id WHERE c.number = '${c.number}' ORDER BY e.level`),
    [['1', 'first_response'], ['2', 'first_response']]);
});

test('four sweeps at once, as four app processes would: each complaint goes up once', async () => {
  const cs = [];
  for (let i = 0; i < 5; i++) cs.push(await file('d0002.buyer'));
  const at = Date.parse(cs.at(-1).filed_at) + 25 * H;
  const runs = await Promise.all([sweepAsync(at), sweepAsync(at), sweepAsync(at), sweepAsync(at)]);
  const total = runs.reduce((n, r) => n + r.escalated, 0);
  for (const c of cs) {
    const [[level, feed, events]] = sql(`SELECT c.escalation_level, (SELECT COUNT(*) FROM feed_events f WHERE f.type = 'complaint.escalated' AND f.object_ref = c.number), (SELECT COUNT(*) FROM complaint_messages m WHERE m.complaint_id = c.id AND m.kind = 'event') FROM complaints c WHERE c.number = '${c.number}'`);
    assert.deepEqual([level, feed, events], ['1', '1', '1'], c.number);
  }
  assert.ok(total >= cs.length, 'between them they raised every one');
});

test('an overdue resolution goes to the region\'s lead first, to HQ a day later', async () => {
  const c = await file('d0002.buyer', { severity: 'critical' });
  assert.equal((await act('r01.agent', c.number, 'messages', { body: '已收到，处理中' })).status, 200);
  const due = Date.parse(c.resolution_due);
  sweep(due + H);
  const level = () => sql(`SELECT escalation_level FROM complaints WHERE number = '${c.number}'`)[0][0];
  assert.equal(level(), '1');
  sweep(due + 25 * H);
  assert.equal(level(), '2');
  assert.deepEqual(sql(`SELECT e.level, e.clock FROM complaint_escalations e JOIN complaints c ON c.id = e.complaint_id WHERE c.number = '${c.number}' ORDER BY e.level`),
    [['1', 'resolution'], ['2', 'resolution']]);
});

test('an account manager handles only the dealers assigned to it (404), though it reads the region', async () => {
  const c = await file('d0002.buyer');
  assert.equal((await call('r01.manager', 'GET', `/api/v1/complaints/${c.number}`)).status, 200);
  for (const [verb, body] of [['take', undefined], ['resolve', { note: 'x' }], ['messages', { body: 'x' }]]) {
    assert.equal((await act('r01.manager', c.number, verb, body)).status, 404, verb);
  }
});

test('the service queue: unresolved ones by the next clock, paged; other filters read', async () => {
  const all = [];
  let after = '';
  for (;;) {
    const res = await call('r01.agent', 'GET', `/api/v1/complaints?sort=due&limit=3${after}`);
    assert.equal(res.status, 200);
    const p = await res.json();
    all.push(...p.items);
    if (!p.next_cursor) break;
    after = `&after=${p.next_cursor}`;
  }
  assert.ok(all.length >= 3);
  assert.equal(new Set(all.map((i) => i.number)).size, all.length, 'no repeats across pages');
  assert.ok(all.every((i) => i.status !== 'resolved'));
  const dues = all.map((i) => i.next_due_in_minutes);
  assert.deepEqual([...dues].sort((a, b) => a - b), dues, 'the next clock first');
  const open = (await (await call('r01.agent', 'GET', '/api/v1/complaints?status=resolved')).json()).items;
  assert.ok(open.every((i) => i.status === 'resolved'));
  for (const q of ['status=closed', 'sort=size', 'after=x', 'sort=due&after=5', 'limit=0']) {
    assert.equal((await call('r01.agent', 'GET', `/api/v1/complaints?${q}`)).status, 422, q);
  }
});

test('figures: per dealer for region staff, per region for HQ, as the rows say; the sweep shows in them', async () => {
  const figures = async (who, q = '') => {
    const res = await call(who, 'GET', `/api/v1/complaints/figures${q}`);
    assert.equal(res.status, 200, who);
    return res.json();
  };
  const D2 = Number(sql("SELECT id FROM orgs WHERE code = 'D0002'")[0][0]);
  const R01 = Number(sql("SELECT id FROM orgs WHERE code = 'R01'")[0][0]);
  // what the rows of D0002 say, counted here independently
  const expect = () => {
    const rows = sql(`SELECT first_responded_at IS NOT NULL AND first_responded_at <= first_response_due, escalation_level > 0, TIMESTAMPDIFF(MINUTE, filed_at, first_responded_at) FROM complaints WHERE dealer_id = ${D2}`);
    const mins = rows.filter((r) => r[2] !== 'NULL').map((r) => Number(r[2])).sort((a, b) => a - b);
    const disc = (p) => mins[Math.max(0, Math.ceil(p * mins.length) - 1)];
    return { filed: rows.length, within: rows.filter((r) => r[0] === '1').length,
      escalated: rows.filter((r) => r[1] === '1').length, median: disc(0.5), p90: disc(0.9) };
  };
  const region = await figures('r01.agent');
  assert.equal(region.by, 'dealer');
  const inRegion = sql(`SELECT id FROM orgs WHERE region_id = ${R01}`).map((r) => Number(r[0]));
  assert.ok(region.rows.every((r) => inRegion.includes(r.id)), 'only region 1\'s dealers');
  let row = region.rows.find((r) => r.id === D2);
  let e = expect();
  assert.equal(row.filed, e.filed);
  assert.equal(row.answered_within_24h, e.within);
  assert.equal(row.share_within_24h, e.within / e.filed);
  assert.equal(row.escalated, e.escalated);
  assert.equal(row.first_response_median_minutes, e.median);
  assert.equal(row.first_response_p90_minutes, e.p90);
  // one more, unanswered, swept 25 h later: filed and escalated go up, the share down
  const c = await file('d0002.buyer');
  sweep(Date.parse(c.filed_at) + 25 * H);
  row = (await figures('r01.agent')).rows.find((r) => r.id === D2);
  e = expect();
  assert.equal(row.filed, e.filed);
  assert.equal(row.escalated, e.escalated);
  assert.equal(row.share_within_24h, e.within / e.filed);
  const hq = await figures('hq.agent');
  assert.equal(hq.by, 'region');
  const r1 = hq.rows.find((r) => r.id === R01);
  assert.equal(r1.filed, Number(sql(`SELECT COUNT(*) FROM complaints WHERE region_id = ${R01}`)[0][0]));
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/complaints/figures')).status, 403);
  for (const q of ['?from=2026-02-30', '?from=2026-11-02&to=2026-11-01', '?by=city']) {
    assert.equal((await call('hq.agent', 'GET', `/api/v1/complaints/figures${q}`)).status, 422, q);
  }
  const before = (await figures('hq.agent', '?from=2020-01-01&to=2020-01-31')).rows;
  assert.deepEqual(before, [], 'nothing filed in 2020');
});

test('reassign: to a handler of the region or HQ; anyone else is 422', async () => {
  const c = await file();
  let res = await act('r01.agent', c.number, 'assign', { user: 'hq.agent' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).assigned_to, 'HQ Service Agent');
  res = await act('r01.agent', c.number, 'assign', { user: 'r01.manager' });
  assert.equal((await res.json()).assigned_to, 'Beijing Account Manager');
  for (const user of ['r02.agent', 'd0001.buyer', 'r01.approver', 'nobody', '']) {
    res = await act('r01.agent', c.number, 'assign', { user });
    assert.equal(res.status, 422, user);
    assert.ok((await errorOf(res)).fields.user, user);
  }
  assert.equal((await act('d0001.buyer', c.number, 'assign', { user: 'r01.agent' })).status, 403);
  assert.equal((await act('r02.agent', c.number, 'assign', { user: 'r02.agent' })).status, 404);
});
