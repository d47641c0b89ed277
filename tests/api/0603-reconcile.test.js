// 0603: reconciling statements (issue #9): the dealer's finance user confirms a statement or
// disputes chosen lines with a reason; a dispute opens a billing complaint linked to the
// statement; a finance clerk settles it with an adjustment in the next open month or a
// rejection; every move is conditional on the statement's state, retries answer what was
// done, races have one winner; the status per dealer and month, and the region overview, are
// visible to both sides and to nobody else (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, month, reopenMonth, waitFor } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001'), D2 = id('D0002');
const P = month(0);
const url = (d, tail = '') => `/api/v1/dealers/${d}/statements/${P}${tail}`;
const post = (who, d, action, body) => call(who, 'POST', url(d, `/${action}`), body);
const count = (q) => Number(sql(q)[0][0]);

// This month closed afresh, with a fee and a payment of each dealer in it.
let fee1, pay1, fee2;
test.before(async () => {
  reopenMonth(P);
  const posting = async (d, kind, amount, ref) => {
    const res = await call('hq.finance', 'POST', `/api/v1/dealers/${d}/ledger`, { kind, amount, reference: `${ref}-${RUN}` });
    assert.equal(res.status, 201);
    return (await res.json()).id;
  };
  fee1 = await posting(D1, 'fee', 5000, 'RC-FEE');
  pay1 = await posting(D1, 'payment', -7000, 'RC-PAY');
  fee2 = await posting(D2, 'fee', 800, 'RC-FEE2');
  const res = await call('hq.finance', 'POST', `/api/v1/periods/${P}/close`);
  assert.equal(res.status, 200, await res.text());
});

test('only the dealer\'s own finance users confirm or dispute; others 403 or 404', async () => {
  for (const who of ['d0001.buyer', 'd0001.admin', 'r01.clerk', 'hq.finance', 'r01.approver']) {
    const res = await post(who, D1, 'confirm');
    assert.equal(res.status, 403, who);
    assert.equal((await post(who, D1, 'dispute', { lines: [fee1], reason: 'x' })).status, 403, who);
  }
  for (const who of ['d0002.finance']) {
    assert.equal((await post(who, D1, 'confirm')).status, 404, who);
    assert.equal((await post(who, D1, 'dispute', { lines: [fee1], reason: 'x' })).status, 404, who);
  }
  assert.equal((await call('d0001.finance', 'POST', `/api/v1/dealers/${D1}/statements/${month(2)}/confirm`)).status, 404, 'not closed');
  assert.equal((await call('d0001.finance', 'GET', url(D1))).status, 200);
  assert.equal(sql(`SELECT status FROM statements WHERE dealer_id = ${D1} AND period = '${P}'`)[0][0], 'open');
});

test('a dispute names lines of the statement and gives a reason, or nothing is written', async () => {
  const before = count(`SELECT COUNT(*) FROM complaints WHERE dealer_id = ${D1}`);
  const other = Number(sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} AND period <> '${P}' LIMIT 1`)[0]?.[0] || fee2);
  const bad = [
    [{ reason: 'no lines' }, 'lines'],
    [{ lines: [], reason: 'empty' }, 'lines'],
    [{ lines: [fee1, fee1], reason: 'twice' }, 'lines'],
    [{ lines: ['1'], reason: 'a string' }, 'lines'],
    [{ lines: Array.from({ length: 101 }, (_, i) => i + 1), reason: 'too many' }, 'lines'],
    [{ lines: [fee1] }, 'reason'],
    [{ lines: [fee1], reason: '   ' }, 'reason'],
    [{ lines: [fee1], reason: 'x'.repeat(1001) }, 'reason'],
    [{ lines: [fee1, fee2], reason: 'another dealer\'s entry' }, 'lines'],
    [{ lines: [other], reason: 'another month' }, 'lines'],
  ];
  for (const [body, field] of bad) {
    const res = await post('d0001.finance', D1, 'dispute', body);
    assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
    const e = await errorOf(res);
    assert.ok(e.fields[field], `${field}: ${JSON.stringify(e)}`);
  }
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE dealer_id = ${D1}`), before, 'no complaint half-filed');
  assert.equal(count(`SELECT COUNT(*) FROM statement_disputes d JOIN statements s ON s.id = d.statement_id WHERE s.dealer_id = ${D1} AND s.period = '${P}'`), 0);
  assert.equal(sql(`SELECT status FROM statements WHERE dealer_id = ${D1} AND period = '${P}'`)[0][0], 'open');
});

test('disputing opens a billing complaint with the 24-hour clock, linked to the lines; a retry answers the same', async () => {
  // a reason of 400 Chinese characters: 1,200 bytes, within the 1,000 characters allowed
  const body = { lines: [fee1], reason: `运费重复收取 ${RUN} ${'明'.repeat(400)}` };
  const [a, b] = await Promise.all([post('d0001.finance', D1, 'dispute', body), post('d0001.finance', D1, 'dispute', body)]);
  assert.deepEqual([a.status, b.status].sort(), [200, 201], 'a retry racing the first answers what it did');
  const s = await (await call('d0001.finance', 'GET', url(D1))).json();
  assert.equal(s.status, 'disputed');
  assert.deepEqual(s.dispute.lines, [fee1]);
  assert.equal(s.dispute.reason, body.reason);
  assert.equal(s.entries.find((e) => e.id === fee1).disputed, true);
  assert.equal(s.entries.find((e) => e.id === pay1).disputed, false);
  const c = await (await call('d0001.finance', 'GET', `/api/v1/complaints/${s.dispute.complaint}`)).json();
  assert.equal(c.category, 'billing');
  assert.equal(c.status, 'open');
  assert.deepEqual(c.statement, { dealer: D1, period: P });
  assert.match(c.description, new RegExp(`#${fee1}`));
  const hours = (Date.parse(c.first_response_due) - Date.parse(c.filed_at)) / 3600000;
  assert.equal(hours, 24, 'first response due in 24 hours');
  // the region's service staff see it in their queue
  const queue = await (await call('r01.agent', 'GET', '/api/v1/complaints?limit=100')).json();
  assert.ok(queue.items.some((x) => x.number === s.dispute.complaint));
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE idem_key = 'statement/${sql(`SELECT id FROM statements WHERE dealer_id = ${D1} AND period = '${P}'`)[0][0]}'`), 1, 'one complaint');
  // another dispute, a confirmation: the statement is disputed
  let res = await post('d0001.finance', D1, 'dispute', { lines: [pay1], reason: 'other' });
  assert.equal(res.status, 409);
  res = await post('d0001.finance', D1, 'confirm');
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'illegal_transition');
  // the complaint itself is settled on the statement, not closed by hand
  res = await call('r01.agent', 'POST', `/api/v1/complaints/${s.dispute.complaint}/resolve`, { note: 'done' });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'statement_dispute');
});

test('a clerk settles with an adjustment in the next open month; the complaint is resolved; retries answer the same', async () => {
  const s0 = await (await call('r01.clerk', 'GET', url(D1))).json();
  for (const who of ['d0001.finance', 'r01.agent', 'r01.approver', 'erp']) {
    assert.equal((await post(who, D1, 'resolve', { outcome: 'reject', reason: 'x' })).status, 403, who);
  }
  assert.equal((await post('r02.clerk', D1, 'resolve', { outcome: 'reject', reason: 'x' })).status, 404, 'another region');
  for (const [body, field] of [
    [{ outcome: 'adjust', reason: 'no amount' }, 'amount'],
    [{ outcome: 'adjust', amount: 0, reason: 'zero' }, 'amount'],
    [{ outcome: 'adjust', amount: 1.5, reason: 'fraction' }, 'amount'],
    [{ outcome: 'reject', amount: 100, reason: 'money on a rejection' }, 'amount'],
    [{ outcome: 'refund', reason: 'x' }, 'outcome'],
    [{ outcome: 'adjust', amount: -5000 }, 'reason'],
  ]) {
    const res = await post('r01.clerk', D1, 'resolve', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], field);
  }
  assert.equal(count(`SELECT COUNT(*) FROM ledger_entries WHERE dealer_id = ${D1} AND kind = 'adjustment' AND reference LIKE 'DSP-%' AND period > '${P}' AND memo LIKE '%${RUN}%'`), 0);
  const body = { outcome: 'adjust', amount: -5000, reason: `重复收费，冲回 ${RUN}` };
  const [a, b] = await Promise.all([post('r01.clerk', D1, 'resolve', body), post('hq.finance', D1, 'resolve', body)]);
  assert.deepEqual([a.status, b.status], [200, 200], 'the same settlement twice answers it twice');
  const s = await a.json();
  assert.equal(s.status, 'resolved');
  assert.equal(s.dispute.outcome, 'adjusted');
  assert.equal(s.dispute.adjustment.amount, -5000);
  assert.ok(s.dispute.adjustment.period > P, `the next open month: ${s.dispute.adjustment.period}`);
  assert.equal(s.closing_balance, s0.closing_balance, 'the closed statement is unchanged');
  const adj = sql(`SELECT kind, amount, period FROM ledger_entries WHERE dealer_id = ${D1} AND reference LIKE 'DSP-%' AND memo = '${body.reason}'`);
  assert.deepEqual(adj, [['adjustment', '-5000', s.dispute.adjustment.period]], 'posted once');
  const c = await (await call('d0001.finance', 'GET', `/api/v1/complaints/${s.dispute.complaint}`)).json();
  assert.equal(c.status, 'resolved');
  assert.ok(c.messages.some((m) => m.kind === 'message' && m.body === body.reason), 'the dealer reads why');
  assert.ok(c.messages.some((m) => m.kind === 'event' && m.body === 'dispute_adjusted'));
  let res = await call('d0001.finance', 'POST', `/api/v1/complaints/${s.dispute.complaint}/reopen`, { reason: 'no' });
  assert.equal(res.status, 409, 'a settled dispute is not reopened');
  res = await post('r01.clerk', D1, 'resolve', { outcome: 'reject', reason: 'changed my mind' });
  assert.equal(res.status, 409, 'settled once');
  // the dealer sees its month resolved in its list of statements
  const months = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements`)).json();
  assert.equal(months.items.find((m) => m.period === P).status, 'resolved');
});

test('confirming: once, retried safely; a stale version and a race lose with 409; a rejection', async () => {
  // what the dealer read changed meanwhile: a conflict, not a change
  const v = (await (await call('d0002.finance', 'GET', url(D2))).json()).version;
  sql(`UPDATE statements SET version = version + 1 WHERE dealer_id = ${D2} AND period = '${P}'`);
  let res = await post('d0002.finance', D2, 'confirm', { version: v });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'conflict');
  assert.equal(sql(`SELECT status FROM statements WHERE dealer_id = ${D2} AND period = '${P}'`)[0][0], 'open');
  const [a, b] = await Promise.all([post('d0002.finance', D2, 'confirm'),
    post('d0002.finance', D2, 'dispute', { lines: [fee2], reason: `race ${RUN}` })]);
  const statuses = [a.status, b.status];
  assert.ok(statuses.includes(409) && statuses.some((x) => x === 200 || x === 201), statuses.join());
  const st = sql(`SELECT status FROM statements WHERE dealer_id = ${D2} AND period = '${P}'`)[0][0];
  assert.equal(st, a.status === 200 ? 'confirmed' : 'disputed');
  if (st === 'confirmed') {
    assert.equal((await post('d0002.finance', D2, 'confirm')).status, 200, 'a retry');
    assert.ok((await (await call('d0002.finance', 'GET', url(D2))).json()).confirmed_at);
    assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE dealer_id = ${D2} AND category = 'billing' AND description LIKE 'race ${RUN}%'`), 0, 'the loser wrote nothing');
  } else {
    res = await post('r01.clerk', D2, 'resolve', { outcome: 'reject', reason: 'the fee stands' });
    assert.equal(res.status, 200);
    const s = await res.json();
    assert.equal(s.dispute.outcome, 'rejected');
    assert.equal(s.dispute.adjustment, null);
  }
});

test('the references the portal writes itself are refused to clerks and the ERP', async () => {
  for (const reference of ['DSP-1', 'dsp-9', 'REV-3', 'RMA-2026-000001']) {
    const res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`, { kind: 'adjustment', amount: 1, reference });
    assert.equal(res.status, 422, reference);
    assert.ok((await errorOf(res)).fields.reference);
  }
});

test('the overview: counts by status and region, the dealers not yet reconciled; each side its own', async () => {
  let res = await call('r01.clerk', 'GET', `/api/v1/statements?period=${P}&limit=100`);
  assert.equal(res.status, 200);
  let o = await res.json();
  assert.equal(o.period, P);
  assert.deepEqual(o.regions.map((r) => r.code), ['R01'], 'its region only');
  const region = Number(sql("SELECT id FROM orgs WHERE code = 'R01'")[0][0]);
  assert.equal(o.counts.all, count(`SELECT COUNT(*) FROM statements s JOIN orgs d ON d.id = s.dealer_id WHERE s.period = '${P}' AND d.region_id = ${region}`));
  for (const st of ['open', 'confirmed', 'disputed', 'resolved']) {
    assert.equal(o.counts[st], count(`SELECT COUNT(*) FROM statements WHERE period = '${P}' AND region_id = ${region} AND status = '${st}'`), `the tally of ${st} follows every move`);
  }
  assert.equal(o.items.find((i) => i.dealer === D1).status, 'resolved');
  res = await call('r01.clerk', 'GET', `/api/v1/statements?period=${P}&status=open&limit=100`);
  o = await res.json();
  assert.ok(o.items.length > 0 && o.items.every((i) => i.status === 'open'), 'those who have not reconciled');
  assert.ok(!o.items.some((i) => i.dealer === D1));
  // region 2 sees none of region 1's dealers; HQ sees every region
  o = await (await call('r02.approver', 'GET', `/api/v1/statements?period=${P}&limit=100`)).json();
  assert.ok(!o.items.some((i) => i.dealer === D1 || i.dealer === D2));
  assert.deepEqual(o.regions.map((r) => r.code), ['R02']);
  o = await (await call('hq.finance', 'GET', `/api/v1/statements?period=${P}`)).json();
  assert.equal(o.regions.length, count("SELECT COUNT(*) FROM orgs WHERE kind = 'region'"));
  assert.equal(o.counts.all, count(`SELECT COUNT(*) FROM statements WHERE period = '${P}'`));
  // a dealer: its own count, no regions
  o = await (await call('d0002.finance', 'GET', `/api/v1/statements?period=${P}`)).json();
  assert.equal(o.counts.all, 1);
  assert.deepEqual(o.items.map((i) => i.dealer), [D2]);
  assert.equal(o.regions, undefined);
  // the default month is the last closed; bad queries are 422
  o = await (await call('hq.finance', 'GET', '/api/v1/statements?limit=1')).json();
  assert.equal(o.period, sql('SELECT MAX(period) FROM periods')[0][0]);
  assert.equal(o.items.length, 1);
  assert.ok(o.next_cursor);
  for (const q of ['period=2026-13', 'status=paid', 'limit=0', 'after=x']) {
    res = await call('hq.finance', 'GET', `/api/v1/statements?${q}`);
    assert.equal(res.status, 422, q);
  }
});

test('a dealer\'s months: for it and its region\'s staff; 404 for another dealer and region', async () => {
  for (const who of ['d0001.finance', 'd0001.buyer', 'r01.clerk', 'r01.manager', 'hq.finance']) {
    const res = await call(who, 'GET', `/api/v1/dealers/${D1}/statements`);
    assert.equal(res.status, 200, who);
    assert.ok((await res.json()).items.some((m) => m.period === P));
  }
  for (const who of ['d0002.finance', 'd0002.buyer', 'r02.clerk', 'r02.approver', 'r02.manager']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/statements`)).status, 404, who);
    assert.equal((await call(who, 'GET', url(D1))).status, 404, who);
    assert.equal((await call(who, 'GET', url(D1, '.csv'))).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/ledger`)).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/ledger.csv`)).status, 404, who);
  }
  const csv = Buffer.from(await (await call('d0001.finance', 'GET', url(D1, '.csv'))).arrayBuffer()).toString('utf8');
  assert.match(csv, new RegExp(`^${fee1},.*,entry_disputed,`, 'm'), 'the disputed line is marked in the CSV');
});

test('the overview pages its dealers by keyset: each once, by id, the last page says so', async () => {
  const [[p]] = sql("SELECT MAX(period) FROM statements");
  const region = Number(sql("SELECT id FROM orgs WHERE code = 'R01'")[0][0]);
  const all = sql(`SELECT dealer_id FROM statements WHERE period = '${p}' AND region_id = ${region} ORDER BY dealer_id`).map((r) => Number(r[0]));
  assert.ok(all.length > 2, 'a region of a few dealers');
  const seen = [];
  let after = '', pages = 0, o;
  do {
    const res = await call('r01.clerk', 'GET', `/api/v1/statements?period=${p}&limit=2${after}`);
    assert.equal(res.status, 200);
    o = await res.json();
    assert.ok(o.items.length <= 2);
    seen.push(...o.items.map((i) => i.dealer));
    if (o.next_cursor !== null)
      after = `&after=${o.next_cursor}`;
  } while (o.next_cursor !== null && ++pages < 100);
  assert.deepEqual(seen, all);
  o = await (await call('r01.clerk', 'GET', `/api/v1/statements?period=${p}&limit=${all.length}`)).json();
  assert.equal(o.next_cursor, null);
  assert.deepEqual(Object.keys(o).sort(), ['counts', 'items', 'last_closed', 'next_cursor', 'period', 'regions']);
  assert.deepEqual(Object.keys(o.items[0]).sort(), ['closing_balance', 'code', 'dealer', 'entry_count', 'name', 'opening_balance', 'status']);
  const bad = await call('r01.clerk', 'GET', `/api/v1/statements?period=2026-13&status=gone&limit=0`);
  assert.equal(bad.status, 422);
  const fields = (await errorOf(bad)).fields;
  assert.ok(fields.period && fields.status && fields.limit, 'each named');
});

test('the dealer\'s finance users hear that the statement is ready and that its dispute is settled', async () => {
  const mine = async (kind) => (await (await call('d0001.finance', 'GET', '/api/v1/notifications?limit=100')).json())
    .items.find((i) => i.kind === kind && i.object_ref === `${D1}/${P}`);
  let ready, settled;
  await waitFor(async () => (ready = await mine('statement.ready')) && (settled = await mine('statement.resolved')));
  assert.equal(ready.link, `/dealers/${D1}/statements/${P}`);
  assert.ok(ready.text.includes(P), ready.text);
  assert.equal(settled.link, `/dealers/${D1}/statements/${P}`);
  // the buyer is not told of the account; another dealer's finance user not of this one
  assert.ok(!(await (await call('d0001.buyer', 'GET', '/api/v1/notifications?limit=100')).json()).items
    .some((i) => i.kind.startsWith('statement.')));
  assert.ok(!(await (await call('d0002.finance', 'GET', '/api/v1/notifications?limit=100')).json()).items
    .some((i) => i.object_ref === `${D1}/${P}`));
});
