// 0401: review and approval under credit control (issue #7): the queues, the decisions and
// their limits, escalation to HQ with an audited override, the limits' administration,
// scope, and races that must let exactly one decision through.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const dealerId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const regionId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = dealerId('D0001');
const D2 = dealerId('D0002');
const D101 = dealerId('D0101');
const R01 = regionId('R01');

async function newOrder(who = 'd0001.buyer', quantity = 1) {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `apr-${RUN}-${n++}` });
  assert.equal(res.status, 201);
  return res.json();
}

async function credit(dealer, who = 'hq.finance') {
  const res = await call(who, 'GET', `/api/v1/dealers/${dealer}/credit`);
  assert.equal(res.status, 200);
  return res.json();
}

async function setCredit(dealer, limit, who = 'hq.finance') {
  const res = await call(who, 'PUT', `/api/v1/dealers/${dealer}/credit`, { credit_limit: limit });
  assert.equal(res.status, 200, `set credit of ${dealer}`);
  return res.json();
}

const approve = (who, number, body = { promised_date: later(20) }) =>
  call(who, 'POST', `/api/v1/orders/${number}/approve`, body);

// Every page of a queue.
async function queue(who, sort = 'age', limit = 100) {
  const items = [];
  let after = '';
  for (;;) {
    const res = await call(who, 'GET', `/api/v1/approvals?sort=${sort}&limit=${limit}${after}`);
    assert.equal(res.status, 200);
    const page = await res.json();
    items.push(...page.items);
    if (!page.next_cursor) return { items, page };
    after = `&after=${page.next_cursor}`;
  }
}

test.before(async () => {
  // room for every order these tests approve for the two Beijing dealers
  await setCredit(D1, 100000000000);
  await setCredit(D2, 100000000000);
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`,
    { approval_limit: 50000000 })).status, 200);
});

test('the region queue: its submitted orders, oldest first, with credit position and headroom', async () => {
  const old = await newOrder();
  sql(`UPDATE orders SET created_at = created_at - INTERVAL 30 HOUR WHERE number = '${old.number}'`);
  const o = await newOrder();
  const c = await credit(D1);
  const { items, page } = await queue('r01.approver');
  const it = items.find((i) => i.number === o.number);
  assert.ok(it, 'a new order of the region is in its queue');
  assert.equal(page.queue, 'submitted');
  assert.equal(it.dealer.id, D1);
  assert.match(it.dealer.tier, /^[ABCD]$/);
  assert.equal(it.total, o.total);
  assert.equal(it.credit.credit_limit, c.credit_limit);
  assert.equal(it.credit.exposure, c.balance + c.open_approved);
  assert.equal(it.credit.headroom_after, c.credit_limit - c.exposure - o.total);
  assert.equal(it.late, false);
  const ids = items.map((i) => Number(sql(`SELECT id FROM orders WHERE number = '${i.number}'`)[0][0]));
  assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'oldest (first submitted) first');
  const region = sql(`SELECT DISTINCT o.region_id FROM orders o WHERE o.number IN (${items.map((i) => `'${i.number}'`).join(',')})`);
  assert.deepEqual(region, [[String(R01)]], 'only region 1 orders');
  const statuses = sql(`SELECT DISTINCT status FROM orders WHERE number IN (${items.map((i) => `'${i.number}'`).join(',')})`);
  assert.deepEqual(statuses, [['submitted']]);
  // waiting more than 24 hours: flagged, and counted for the region
  const late = items.filter((i) => i.late);
  assert.ok(late.some((i) => i.number === old.number));
  assert.ok(!late.some((i) => i.number === o.number), 'a new order is not late');
  const r1 = page.regions.find((r) => r.id === R01);
  assert.equal(page.regions.length, 1, 'a region approver counts its own region');
  assert.equal(r1.waiting, items.length);
  assert.equal(r1.late, late.length);
});

test('sorted by value, largest first, and paged by cursor without repeats', async () => {
  await newOrder('d0001.buyer', 3);
  const all = (await queue('r01.approver', 'value')).items;
  const totals = all.map((i) => i.total);
  assert.deepEqual([...totals].sort((a, b) => b - a), totals);
  const first = await (await call('r01.approver', 'GET', '/api/v1/approvals?sort=value&limit=1')).json();
  assert.match(first.next_cursor, /^\d+\.\d+$/, 'a value cursor carries the total');
  const paged = (await queue('r01.approver', 'value', 1)).items;
  assert.deepEqual(paged.map((i) => i.number), all.map((i) => i.number));
  const byAge = (await queue('r01.approver', 'age', 2)).items;
  assert.deepEqual(byAge.map((i) => i.number).sort(), all.map((i) => i.number).sort());
  const bad = await call('r01.approver', 'GET', '/api/v1/approvals?sort=size');
  assert.equal(bad.status, 422);
  assert.ok((await errorOf(bad)).fields.sort);
  for (const q of ['sort=value&after=12', 'after=1.5', 'after=x', 'limit=0']) {
    const res = await call('r01.approver', 'GET', `/api/v1/approvals?${q}`);
    assert.equal(res.status, 422, q);
  }
});

test('scope and roles: other regions 404, dealers and managers 403, HQ only escalated', async () => {
  const o = await newOrder();
  const other = (await queue('r02.approver')).items;
  assert.ok(!other.some((i) => i.number === o.number), 'not in another region\'s queue');
  let res = await approve('r02.approver', o.number);
  assert.equal(res.status, 404);
  for (const verb of ['reject', 'escalate']) {
    res = await call('r02.approver', 'POST', `/api/v1/orders/${o.number}/${verb}`, { reason: 'x' });
    assert.equal(res.status, 404, verb);
  }
  for (const who of ['d0001.buyer', 'd0001.finance', 'd0002.buyer', 'r01.manager', 'r01.clerk']) {
    res = await approve(who, o.number);
    assert.equal(res.status, 403, who);
    assert.equal((await call(who, 'GET', '/api/v1/approvals')).status, 403, who);
  }
  res = await approve('hq.key', o.number);
  assert.equal(res.status, 409, 'HQ decides escalated orders, not submitted ones');
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  res = await call('hq.key', 'POST', `/api/v1/orders/${o.number}/reject`, { reason: 'no' });
  assert.equal(res.status, 409, 'nor rejects submitted ones');
  assert.equal((await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json()).status,
    'submitted', 'nothing changed');
});

test('an approval sets the promised date; the dealer sees it; the feed says order.approved', async () => {
  const o = await newOrder();
  const [[feedBefore]] = sql('SELECT COALESCE(MAX(id), 0) FROM feed_events');
  const date = later(25);
  let res = await approve('r01.approver', o.number, { promised_date: date, version: o.version });
  assert.equal(res.status, 200);
  const a = await res.json();
  assert.equal(a.status, 'approved');
  assert.equal(a.promised_date, date);
  const seen = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json();
  assert.equal(seen.status, 'approved');
  assert.equal(seen.promised_date, date);
  assert.equal(seen.timeline.at(-1).status, 'approved');
  const feed = sql(`SELECT type, object_ref FROM feed_events WHERE id > ${feedBefore} AND object_ref = '${o.number}'`);
  assert.deepEqual(feed, [['order.approved', o.number]]);
  const [[decision, override, value]] = sql(`SELECT a.decision, a.override_credit, a.order_value FROM approvals a JOIN orders o ON o.id = a.order_id WHERE o.number = '${o.number}'`);
  assert.deepEqual([decision, override, Number(value)], ['approved', '0', o.total]);
  res = await approve('r01.approver', o.number);
  assert.equal(res.status, 409, 'approved twice');
});

test('a stale version is 409 conflict; nothing changes', async () => {
  const o = await newOrder();
  for (const [verb, body] of [['approve', { promised_date: later(), version: o.version + 1 }],
    ['reject', { reason: 'x', version: o.version + 1 }], ['escalate', { reason: 'x', version: o.version + 1 }]]) {
    const res = await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/${verb}`, body);
    assert.equal(res.status, 409, verb);
    assert.equal((await errorOf(res)).code, 'conflict');
  }
  const [[status, n]] = sql(`SELECT o.status, (SELECT COUNT(*) FROM approvals a WHERE a.order_id = o.id) FROM orders o WHERE o.number = '${o.number}'`);
  assert.deepEqual([status, n], ['submitted', '0']);
});

test('shipping an approved order moves its value from open orders to the balance: exposure stays', async () => {
  const o = await newOrder('d0002.buyer');
  assert.equal((await approve('r01.approver', o.number)).status, 200);
  const before = await credit(D2);
  for (const status of ['scheduled', 'in_production']) {
    assert.equal((await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/events`, { status })).status, 200, status);
  }
  assert.equal((await call('erp', 'POST', `/api/v1/orders/${o.number}/events`,
    { status: 'shipped', carrier: 'SF', waybill: `W${RUN}` })).status, 200);
  const after = await credit(D2);
  assert.equal(after.balance, before.balance + o.total);
  assert.equal(after.open_approved, before.open_approved - o.total);
  assert.equal(after.exposure, before.exposure);
  const inv = sql(`SELECT kind, amount, reference FROM ledger_entries WHERE reference = '${o.number}'`);
  assert.deepEqual(inv, [['invoice', String(o.total), o.number]]);
});

test('bad decisions get 422 naming the field', async () => {
  const o = await newOrder();
  for (const [body, field] of [[{}, 'promised_date'], [{ promised_date: '2020-01-01' }, 'promised_date'],
    [{ promised_date: '2030-02-31' }, 'promised_date'], [{ promised_date: 20301201 }, 'promised_date'],
    [{ promised_date: 'soon' }, 'promised_date'], [{ promised_date: later(), override_reason: 'me' }, 'override_reason'],
    [{ promised_date: later(), version: 0 }, 'version']]) {
    const res = await approve('r01.approver', o.number, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], JSON.stringify(body));
  }
  for (const verb of ['reject', 'escalate']) {
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(1001) }, { reason: 7 }]) {
      const res = await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/${verb}`, body);
      assert.equal(res.status, 422, verb);
      assert.ok((await errorOf(res)).fields.reason);
    }
  }
  const res = await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/approve`, '[1]',
    { 'Content-Type': 'application/json' });
  assert.equal(res.status, 400);
});

test('over the region limit or over credit: 409 requires_escalation; then HQ decides', async () => {
  const o = await newOrder('d0002.buyer');
  // over the region's approval limit
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`,
    { approval_limit: o.total - 1 })).status, 200);
  let res = await approve('r01.approver', o.number);
  assert.equal(res.status, 409);
  let e = await errorOf(res);
  assert.equal(e.code, 'requires_escalation');
  assert.ok(e.fields.approval_limit && !e.fields.credit_limit, JSON.stringify(e));
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`,
    { approval_limit: 50000000 })).status, 200);
  // over credit: the limit is the exposure already there
  const c = await credit(D2);
  await setCredit(D2, c.exposure + o.total - 1);
  res = await approve('r01.approver', o.number);
  assert.equal(res.status, 409);
  e = await errorOf(res);
  assert.equal(e.code, 'requires_escalation');
  assert.ok(e.fields.credit_limit && !e.fields.approval_limit, JSON.stringify(e));
  // escalate; HQ sees it in its queue with the credit position
  res = await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/escalate`, { reason: 'over credit' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'escalated');
  const hq = await queue('hq.key');
  assert.equal(hq.page.queue, 'escalated');
  const it = hq.items.find((i) => i.number === o.number);
  assert.ok(it, 'escalated order in the HQ queue');
  assert.equal(it.credit.over_credit, true);
  assert.ok(hq.items.every((i) => sql(`SELECT status FROM orders WHERE number = '${i.number}'`)[0][0] === 'escalated'));
  assert.ok(hq.page.regions.find((r) => r.id === R01).escalated >= 1);
  // the region cannot decide it any more; HQ needs a reason to override the credit hold
  assert.equal((await approve('r01.approver', o.number)).status, 409);
  res = await approve('hq.key', o.number);
  assert.equal(res.status, 409);
  e = await errorOf(res);
  assert.equal(e.code, 'requires_override');
  assert.ok(e.fields.override_reason);
  res = await call('hq.key', 'POST', `/api/v1/orders/${o.number}/escalate`, { reason: 'up' });
  assert.equal(res.status, 422, 'HQ has no one to escalate to');
  res = await approve('hq.key', o.number, { promised_date: later(40), override_reason: 'strategic account, paid on delivery' });
  assert.equal(res.status, 200);
  const done = await res.json();
  assert.equal(done.status, 'approved');
  assert.equal(done.timeline.at(-1).note, '', 'the override\'s reason is not the dealer\'s to read');
  assert.ok(!JSON.stringify(await (await call('d0002.buyer', 'GET', `/api/v1/orders/${o.number}`)).json()).includes('strategic'));
  const [[override, reason]] = sql(`SELECT a.override_credit, a.reason FROM approvals a JOIN orders o ON o.id = a.order_id WHERE o.number = '${o.number}' AND a.decision = 'approved'`);
  assert.deepEqual([override, reason], ['1', 'strategic account, paid on delivery']);
  const audit = sql(`SELECT a.details FROM audit_log a JOIN orders o ON a.object_id = o.id WHERE a.action = 'order.credit_override' AND o.number = '${o.number}'`);
  assert.equal(audit.length, 1);
  assert.match(audit[0][0], /strategic account/);
  const types = sql(`SELECT type FROM feed_events WHERE object_ref = '${o.number}' ORDER BY id`).map((r) => r[0]);
  assert.deepEqual(types, ['order.submitted', 'order.escalated', 'order.approved']);
  await setCredit(D2, 100000000000);
});

test('HQ rejects an escalated order with a reason; the dealer sees it', async () => {
  const o = await newOrder();
  assert.equal((await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/escalate`,
    { reason: 'new model, check stock' })).status, 200);
  const res = await call('hq.key', 'POST', `/api/v1/orders/${o.number}/reject`, { reason: 'model discontinued' });
  assert.equal(res.status, 200);
  const seen = await (await call('d0001.buyer', 'GET', `/api/v1/orders/${o.number}`)).json();
  assert.equal(seen.status, 'rejected');
  assert.equal(seen.timeline.at(-1).note, 'model discontinued');
  assert.deepEqual(sql(`SELECT type FROM feed_events WHERE object_ref = '${o.number}' ORDER BY id`).map((r) => r[0]),
    ['order.submitted', 'order.escalated', 'order.rejected']);
});

test('credit limits: finance clerks of the region and HQ, admins; audited; others 403/404', async () => {
  const audits = (action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`)[0][0]);
  const before = audits('dealer.credit_limit');
  let res = await call('r01.clerk', 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: 100000000000 });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).credit_limit, 100000000000);
  assert.equal(audits('dealer.credit_limit'), before + 1);
  res = await call('r01.clerk', 'PUT', `/api/v1/dealers/${D101}/credit`, { credit_limit: 1 });
  assert.equal(res.status, 404, 'a region clerk sets only its dealers');
  for (const who of ['d0001.finance', 'r01.approver', 'r01.manager', 'hq.key']) {
    res = await call(who, 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: 1 });
    assert.equal(res.status, 403, who);
  }
  assert.equal((await call('admin', 'PUT', `/api/v1/dealers/${D101}/credit`, { credit_limit: 80000000 })).status, 200);
  for (const body of [{}, { credit_limit: -1 }, { credit_limit: 'lots' }, { credit_limit: 1.5 }]) {
    res = await call('hq.finance', 'PUT', `/api/v1/dealers/${D1}/credit`, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields.credit_limit);
  }
  res = await call('hq.finance', 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: 100000000000, version: 1 });
  assert.equal(res.status, 409, 'a stale version');
  // reading the position: the dealer itself and staff in scope; nobody else
  assert.equal((await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/credit`)).status, 200);
  assert.equal((await call('r01.approver', 'GET', `/api/v1/dealers/${D1}/credit`)).status, 200);
  assert.equal((await call('d0002.buyer', 'GET', `/api/v1/dealers/${D1}/credit`)).status, 404);
  assert.equal((await call('r02.approver', 'GET', `/api/v1/dealers/${D1}/credit`)).status, 404);
  // region approval limits: admin only, audited
  const regionBefore = audits('region.approval_limit');
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: 50000001 })).status, 200);
  assert.equal(audits('region.approval_limit'), regionBefore + 1);
  assert.equal((await call('r01.clerk', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: 1 })).status, 403);
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${D1}/approval-limit`, { approval_limit: 1 })).status, 404);
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: -5 })).status, 422);
  const [[details]] = sql(`SELECT details FROM audit_log WHERE action = 'region.approval_limit' AND object_id = '${R01}' ORDER BY id DESC LIMIT 1`);
  assert.match(details, /"approval_limit":50000001/);
  assert.match(details, /"approval_limit_before":50000000/);
  assert.equal((await call('admin', 'PUT', `/api/v1/regions/${R01}/approval-limit`, { approval_limit: 50000000 })).status, 200);
});

test('the region limit spans a window: an order split in two goes to HQ (issue #18, item 16)', async () => {
  const R02 = regionId('R02');
  const limit = (body) => call('admin', 'PUT', `/api/v1/regions/${R02}/approval-limit`, body);
  // earlier approvals of this dealer out of any window
  sql(`UPDATE approvals SET at = at - INTERVAL 60 DAY WHERE dealer_id = ${D101}`);
  await setCredit(D101, 100000000000);
  const a = await newOrder('d0101.buyer');
  const b = await newOrder('d0101.buyer');
  assert.equal(a.total, b.total);
  assert.equal((await limit({ approval_limit: 2 * a.total - 1, window_hours: 24 })).status, 200);
  assert.equal((await approve('r02.approver', a.number)).status, 200);
  // each half fits the limit alone; both within 24 hours do not
  let res = await approve('r02.approver', b.number);
  assert.equal(res.status, 409);
  const e = await errorOf(res);
  assert.equal(e.code, 'requires_escalation');
  assert.match(e.fields.approval_limit, /approved for this dealer in the last 24 hours/);
  // the order page shows what the window holds
  const page = await call('r02.approver', 'GET', `/orders/${b.number}`);
  assert.match(await page.text(), /本区域近 24 小时内已为该经销商审批<\/dt><dd>¥[0-9,.]+<\/dd>/);
  // an approval 25 hours ago is out of the window
  sql(`UPDATE approvals SET at = at - INTERVAL 25 HOUR WHERE order_id = (SELECT id FROM orders WHERE number = '${a.number}')`);
  // ... unless the window is set longer
  assert.equal((await limit({ approval_limit: 2 * a.total - 1, window_hours: 48 })).status, 200);
  assert.equal((await approve('r02.approver', b.number)).status, 409);
  const [[hours]] = sql(`SELECT approval_window_hours FROM orgs WHERE id = ${R02}`);
  assert.equal(hours, '48');
  assert.equal((await limit({ approval_limit: 2 * a.total - 1, window_hours: 24 })).status, 200);
  assert.equal((await approve('r02.approver', b.number)).status, 200);
  // a window is 1 to 720 hours
  for (const w of [0, 721, 1.5, '24']) {
    res = await limit({ approval_limit: 1, window_hours: w });
    assert.equal(res.status, 422, String(w));
    assert.ok((await errorOf(res)).fields.window_hours);
  }
  assert.equal((await limit({ approval_limit: 50000000 })).status, 200);
  const [[kept]] = sql(`SELECT approval_window_hours FROM orgs WHERE id = ${R02}`);
  assert.equal(kept, '24');
});

test('race: two approvals that fit the credit only once, 50 rounds: exactly one passes each time', async () => {
  for (let round = 0; round < 50; round++) {
    const a = await newOrder('d0002.buyer');
    const b = await newOrder('d0002.buyer');
    const c = await credit(D2);
    await setCredit(D2, c.exposure + a.total + Math.floor(b.total / 2));
    const res = await Promise.all([approve('r01.approver', a.number), approve('r01.approver', b.number)]);
    const codes = res.map((r) => r.status).sort();
    assert.deepEqual(codes, [200, 409], `round ${round}`);
    assert.equal((await errorOf(res.find((r) => r.status === 409))).code, 'requires_escalation');
  }
  await setCredit(D2, 100000000000);
});

test('race: the same order approved twice at once, 50 rounds: one 200, one 409', async () => {
  for (let round = 0; round < 50; round++) {
    const o = await newOrder('d0002.buyer');
    const res = await Promise.all([approve('r01.approver', o.number), approve('r01.approver', o.number)]);
    assert.deepEqual(res.map((r) => r.status).sort(), [200, 409], `round ${round}`);
    const [[count]] = sql(`SELECT COUNT(*) FROM approvals a JOIN orders o ON o.id = a.order_id WHERE o.number = '${o.number}'`);
    assert.equal(count, '1');
  }
});

test('the credit list: the dealers of the caller\'s scope with their positions', async () => {
  const pages = async (who) => {
    const items = [];
    let after = '';
    for (;;) {
      const res = await call(who, 'GET', `/api/v1/credit?limit=100${after}`);
      assert.equal(res.status, 200, who);
      const p = await res.json();
      items.push(...p.items);
      if (!p.next_cursor) return items;
      after = `&after=${p.next_cursor}`;
    }
  };
  const region = await pages('r01.clerk');
  const expected = sql(`SELECT id FROM orgs WHERE kind = 'dealer' AND region_id = ${R01} ORDER BY id`).map((r) => Number(r[0]));
  assert.deepEqual(region.map((i) => i.dealer.id), expected, 'exactly region 1\'s dealers');
  const d1 = region.find((i) => i.dealer.id === D1);
  const one = await credit(D1);
  for (const k of ['credit_limit', 'balance', 'open_approved', 'exposure', 'version']) assert.equal(d1[k], one[k], k);
  assert.equal(d1.headroom, one.credit_limit - one.exposure);
  assert.equal(one.dealer.code, 'D0001');
  const own = await pages('d0001.finance');
  assert.deepEqual(own.map((i) => i.dealer.id), [D1], 'a dealer sees only itself');
  assert.equal((await pages('hq.finance')).length, Number(sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")[0][0]));
});
