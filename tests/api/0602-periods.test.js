// 0602: closing months (issue #9): statements for every dealer with closing = opening + the
// month's entries, postings racing a close land wholly before or wholly after it, months close
// in order and once, postings after a close go to the next month; scope; the statement as CSV.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client, month, reopenMonth } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001');
const close = (p, who = 'hq.finance') => call(who, 'POST', `/api/v1/periods/${p}/close`);

// For every statement of period p: closing = opening + its entries, and all of them together
// are the ledger up to p.
function checkStatements(p) {
  const rows = sql(`SELECT s.dealer_id, s.opening_balance, s.entries_total, s.closing_balance, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = s.dealer_id AND l.period = '${p}'), (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = s.dealer_id AND l.period < '${p}') FROM statements s WHERE s.period = '${p}'`);
  assert.equal(rows.length, Number(sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")[0][0]), 'one per dealer');
  for (const [dealer, open, entries, closing, sumPeriod, sumBefore] of rows.map((r) => r.map(Number))) {
    assert.equal(closing, open + entries, `dealer ${dealer}`);
    assert.equal(entries, sumPeriod, `dealer ${dealer}: the month's entries`);
    assert.equal(open, sumBefore, `dealer ${dealer}: the opening balance`);
  }
  const [[all, ledger]] = sql(`SELECT (SELECT COALESCE(SUM(closing_balance), 0) FROM statements WHERE period = '${p}'), (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE period <= '${p}')`);
  assert.equal(Number(all), Number(ledger), 'the statements add up to the ledger');
}

test('only HQ finance clerks close; a bad or future month is 422', async () => {
  for (const who of ['r01.clerk', 'd0001.finance', 'admin', 'r01.approver']) {
    assert.equal((await close(month(-1), who)).status, 403, who);
  }
  for (const p of ['2026-13', '26-11', month(1)]) {
    const res = await close(p);
    assert.equal(res.status, 422, p);
    assert.ok((await errorOf(res)).fields.period);
  }
});

test('postings racing a close: every statement adds up; later postings go to the next month', async () => {
  const prev = month(-1), now = month(0);
  let res = await close(prev);
  assert.equal(res.status, 200);
  checkStatements(prev);
  assert.equal((await close(prev)).status, 409, 'closed once');
  // forty postings for dealer 1 with the month's close in the middle of them
  const posts = [];
  for (let i = 0; i < 40; i++) {
    posts.push(call(i % 2 ? 'erp' : 'hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`,
      { kind: i % 3 ? 'fee' : 'payment', amount: i % 3 ? 100 + i : -(100 + i), reference: `RACE-${RUN}-${i}` }));
    if (i === 20) posts.push(close(now));
  }
  const answers = await Promise.all(posts);
  assert.ok(answers.every((a) => a.status === 201 || a.status === 200), answers.map((a) => a.status).join());
  checkStatements(now);
  const periods = sql(`SELECT DISTINCT period FROM ledger_entries WHERE reference LIKE 'RACE-${RUN}-%'`).map((r) => r[0]);
  assert.ok(periods.every((p) => p === now || p === month(1)), periods.join());
  // after the close, a posting lands in the next month
  res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`, { kind: 'fee', amount: 1, reference: `AFTER-${RUN}` });
  assert.equal((await res.json()).period, month(1));
  assert.equal((await close(month(-3))).status, 409, 'a closed month');
});

test('the statement: for the dealer and staff in scope; 404 for others; as CSV', async () => {
  const p = month(0);
  const res = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements/${p}`);
  assert.equal(res.status, 200);
  const s = await res.json();
  assert.equal(s.status, 'open');
  assert.equal(s.closing_balance, s.opening_balance + s.entries.reduce((a, e) => a + e.amount, 0));
  for (const k of ['dealer', 'period', 'opening_balance', 'closing_balance', 'status', 'entries']) assert.ok(k in s, k);
  for (const k of ['id', 'kind', 'amount', 'posted_on', 'reference', 'memo']) assert.ok(k in s.entries[0], k);
  for (const who of ['d0002.buyer', 'r02.approver', 'r02.manager']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/statements/${p}`)).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/statements/${p}.csv`)).status, 404, who);
  }
  assert.equal((await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements/${month(2)}`)).status, 404, 'not closed');
  const csv = await call('r01.clerk', 'GET', `/api/v1/dealers/${D1}/statements/${p}.csv`);
  assert.equal(csv.status, 200);
  const buf = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = buf.subarray(3).toString('utf8').split('\r\n').filter((l) => l !== '');
  assert.equal(lines[0], 'id,posted_on,kind,reference,memo,po_number,line,amount_yuan');
  const fen = (l) => Math.round(Number(l.split(',').at(-1)) * 100);
  assert.match(lines[1], /opening_balance/);
  assert.match(lines.at(-1), /closing_balance/);
  assert.equal(fen(lines[1]), s.opening_balance);
  assert.equal(fen(lines.at(-1)), s.closing_balance);
  assert.equal(lines.length - 3, s.entries.length, 'a line per entry');
  assert.equal(fen(lines.at(-1)) - fen(lines[1]), lines.slice(2, -1).reduce((a, l) => a + fen(l), 0), 'the lines add up');
});

test('a close cut off after its first step is finished by asking again; none after it meanwhile', async () => {
  const prev = month(-1), now = month(0);
  reopenMonth(prev);
  const clerk = sql("SELECT id FROM users WHERE login = 'hq.finance'")[0][0];
  // what a close leaves when it stops between its two steps: the month closed
  // to postings, its statements not written
  sql(`INSERT INTO periods (period, closed_by, statements_done) VALUES ('${prev}', ${clerk}, 0)`);
  let res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`,
    { kind: 'fee', amount: 7, reference: `CUT-${RUN}` });
  assert.equal((await res.json()).period, now, 'postings already go to the next month');
  res = await close(now);
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'period_order', `${prev} is not finished`);
  res = await close(prev);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).statements, Number(sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")[0][0]));
  checkStatements(prev);
  assert.equal(sql(`SELECT statements_done FROM periods WHERE period = '${prev}'`)[0][0], '1');
  assert.equal((await close(prev)).status, 409, 'and only once');
  assert.equal((await close(now)).status, 200);
  checkStatements(now);
});

test('a statement opens with the previous statement\'s closing, not a sum over the ledger (issue #18)', async () => {
  const prev = month(-1), now = month(0);
  if ((await close(now)).status === 409) reopenMonth(now);
  const D2 = id('D0002');
  // as the database's root: D1's previous statement no longer equals its recomputed history;
  // D2 has none (its first statement: from the entries before the month)
  sql(`UPDATE statements SET opening_balance = opening_balance + 12345, closing_balance = closing_balance + 12345 WHERE dealer_id = ${D1} AND period = '${prev}'`);
  const [[moved]] = sql(`SELECT id FROM statements WHERE dealer_id = ${D2} AND period = '${prev}'`);
  sql(`UPDATE statements SET period = '1999-01' WHERE id = ${moved}`);
  try {
    reopenMonth(now);
    assert.equal((await close(now)).status, 200);
    const [[open1, prevClosing, before1]] = sql(`SELECT s.opening_balance, p.closing_balance, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = ${D1} AND l.period < '${now}') FROM statements s JOIN statements p ON p.dealer_id = s.dealer_id AND p.period = '${prev}' WHERE s.dealer_id = ${D1} AND s.period = '${now}'`).map((r) => r.map(Number));
    assert.equal(open1, prevClosing, 'opening = the previous closing');
    assert.equal(open1, before1 + 12345, 'not the ledger summed again');
    const [[open2, before2]] = sql(`SELECT s.opening_balance, (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = ${D2} AND l.period < '${now}') FROM statements s WHERE s.dealer_id = ${D2} AND s.period = '${now}'`).map((r) => r.map(Number));
    assert.equal(open2, before2, 'a first statement: the entries before the month');
  } finally {
    sql(`UPDATE statements SET opening_balance = opening_balance - 12345, closing_balance = closing_balance - 12345 WHERE dealer_id = ${D1} AND period = '${prev}'`);
    sql(`UPDATE statements SET period = '${prev}' WHERE id = ${moved}`);
    reopenMonth(now);
  }
  assert.equal((await close(now)).status, 200);
  checkStatements(now);
});

test('a posting and the close write the same row: the dealer\'s month in ledger_months (issue #18)', async () => {
  const now = month(0);
  if ((await close(now)).status === 409) reopenMonth(now);
  const row = (d, p) => sql(`SELECT n, total, closes FROM ledger_months WHERE dealer_id = ${d} AND period = '${p}'`).map((r) => r.map(Number))[0] || [0, 0, 0];
  // a posting adds itself to its dealer's month (on Galera: a write that certifies)
  const [n0, total0] = row(D1, now);
  const res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`, { kind: 'fee', amount: 321, reference: `ROW-${RUN}` });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).period, now);
  assert.deepEqual(row(D1, now).slice(0, 2), [n0 + 1, total0 + 321]);
  // the close's first step writes that row of every dealer, with a posting in the month or not
  const before = sql(`SELECT d.id, COALESCE(m.closes, 0) FROM orgs d LEFT JOIN ledger_months m ON m.dealer_id = d.id AND m.period = '${now}' WHERE d.kind = 'dealer'`);
  assert.equal((await close(now)).status, 200);
  for (const [d, c] of before) assert.equal(row(d, now)[2], Number(c) + 1, `dealer ${d}`);
  checkStatements(now);
});

test('a dealer\'s months page by keyset: every statement once, newest first', async () => {
  const all = sql(`SELECT period FROM statements WHERE dealer_id = ${D1} ORDER BY id DESC`).map((r) => r[0]);
  assert.ok(all.length >= 2, 'the months closed above');
  const seen = [];
  let after = '', pages = 0, page;
  do {
    const res = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements?limit=1${after}`);
    assert.equal(res.status, 200);
    page = await res.json();
    assert.ok(page.items.length <= 1);
    seen.push(...page.items.map((m) => m.period));
    if (page.next_cursor !== null)
      after = `&after=${page.next_cursor}`;
  } while (page.next_cursor !== null && ++pages < 100);
  assert.deepEqual(seen, all);
  const whole = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements?limit=${all.length}`)).json();
  assert.equal(whole.next_cursor, null);
  assert.deepEqual(Object.keys(whole.items[0]).sort(), ['closing_balance', 'entry_count', 'opening_balance', 'period', 'status']);
  assert.equal((await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements?limit=0`)).status, 422);
  assert.equal((await call('d0002.finance', 'GET', `/api/v1/dealers/${D1}/statements`)).status, 404, 'another dealer');
});
