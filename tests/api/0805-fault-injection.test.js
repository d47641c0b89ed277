// 0805: the anomaly tests of STYLE.md (issue #19, item 7). A test-build hook fails the n-th
// database statement of the next request (POST /api/v1/_test/db-fault); for n = 1, 2, ...
// each main write path (submission, approval, posting, a month's close) must answer an error and leave every
// table as it was, until n passes its last statement and the request goes through whole.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, client, later, month, reopenMonth } = require('../lib/harness');

const { as, call } = client();
const RUN = Date.now().toString(36);
const MAX_CALLS = 200;	// more statements than any one request runs

const faults = async () => (await fetch(`${BASE}/api/v1/_test/db-fault`)).json();
const fired = async () => (await faults()).fired;
const arm = (after, kind = 'fail') => fetch(`${BASE}/api/v1/_test/db-fault`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ after, kind }),
});

// Every table's checksum: what a failed request must leave as it was. The complaint sweep runs
// every minute in the background (escalating overdue complaints: their tables and feed events),
// so those are left out, and the feed is compared without the complaints' events. The
// notifications' delivery works in the background too (fanning events out, sending, marking):
// its tables are left out, and its events are compared by what the change wrote, not by
// whether they are fanned out yet. So are the webhooks' (they number the feed as they go).
const BACKGROUND = ['feed_events', 'feed_sequencer', 'notify_events', 'notifications', 'outbox',
  'outbox_attempts', 'webhook_cursor', 'webhook_deliveries', 'webhook_attempts', 'approval_digests'];
// each table with a generated column, and the rest of its columns for the sum; NULL told from ''
const GENERATED = sql("SET SESSION group_concat_max_len = 65536; SELECT table_name, " +
  "GROUP_CONCAT(IF(is_generated = 'NEVER', CONCAT('COALESCE(HEX(', column_name, '), ''-'')'), NULL) " +
  "ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'dealernet' " +
  "GROUP BY table_name HAVING SUM(is_generated = 'ALWAYS') > 0");
function snapshot() {
  const tables = sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'dealernet' " +
    "AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'complaint%' AND table_name NOT IN (" +
    BACKGROUND.map((t) => `'${t}'`).join(', ') + ') ORDER BY table_name').map((r) => r[0]);
  const sums = Object.fromEntries(sql(`CHECKSUM TABLE ${tables.join(', ')}`).map(([t, sum]) => [t, sum]));
  // CHECKSUM TABLE of a table with a stored generated column (migration 0059) is not a function
  // of its rows (it changed across FLUSH TABLES, the rows the same): those are summed by hand
  for (const [t, cols] of GENERATED) {
    if (!(`dealernet.${t}` in sums)) continue;
    sums[`dealernet.${t}`] = sql(`SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', ${cols}))), 0) FROM ${t}`)[0].join(' ');
  }
  sums.feed_events = sql("SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', id, type, object_ref, " +
    "COALESCE(dealer_id, 0), payload))), 0) FROM feed_events WHERE object_type <> 'complaint'")[0].join(' ');
  // the sweeps' own (complaint clocks, service dispatch and parts, the digest) come any minute
  sums.notify_events = sql("SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', id, kind, object_ref, " +
    "COALESCE(dealer_id, 0), params))), 0) FROM notify_events WHERE kind NOT LIKE 'complaint.%' " +
    "AND kind NOT LIKE 'service.%' AND kind <> 'approvals.digest'")[0].join(' ');
  return sums;
}

// request() for n = 1, 2, ... with the n-th statement failing: each failure before a COMMIT
// changes nothing; a failure after one leaves what was committed, which once() checks is
// there exactly once (and may undo it to go on). The first n not reached lets the request through.
// Returns [the answer that went through or failed after its commit, the statements counted].
async function everyFault(name, request, once) {
  for (let n = 1; n <= MAX_CALLS; n++) {
    const before = snapshot();
    const hits = await fired();
    assert.equal((await arm(n)).status, 200);
    const res = await request(n);
    const f = await faults();
    if (f.fired === hits) return [res, n - 1];
    assert.ok(res.status >= 500, `${name}: statement ${n} failed, yet answered ${res.status}`);
    if (f.committed_before > 0) {
      // once() checks what was committed; true: undone, go on with n + 1
      if (await once()) continue;
      return [res, n - 1];
    }
    assert.deepEqual(snapshot(), before, `${name}: statement ${n} failed and left a change`);
  }
  throw new Error(`${name}: more than ${MAX_CALLS} statements`);
}

// signed in first: a sign-in is a request too, and would take the fault
test.before(async () => {
  for (const who of ['d0001.buyer', 'r01.approver', 'hq.finance']) await as(who);
});

test('the hook fails one statement of the next request only', async () => {
  const hits = await fired();
  await arm(1);
  const res = await call('d0001.buyer', 'GET', '/api/v1/orders?limit=1');
  assert.ok(res.status >= 500);
  assert.equal(await fired(), hits + 1);
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/orders?limit=1')).status, 200);
  assert.equal(await fired(), hits + 1, 'no fault is left armed');
});

let order;
test('a submission fails whole at any statement, then goes through', async () => {
  const body = { lines: [{ product: 'XQG-2002', quantity: 2, options: { capacity_kg: 7, loading: 'front' } }],
    requested_date: later(), ship_to: 'Beijing' };
  const submit = () => call('d0001.buyer', 'POST', '/api/v1/orders', body, { 'Idempotency-Key': `fault-${RUN}` });
  const once = () => assert.equal(sql(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'fault-${RUN}'`)[0][0], '1');
  const [res, count] = await everyFault('submission', submit, once);
  assert.ok(count >= 5, `only ${count} statements`);
  once();
  // a resend with the key answers the one order
  const again = await submit();
  assert.ok(again.status === 200 || again.status === 201, String(again.status));
  order = await again.json();
  if (res.status === 201) assert.equal((await res.json()).number, order.number);
});

// A Galera abort inside a trigger's statement can roll the transaction back while the server
// answers the statement OK (make cluster saw an order's event refused its own order, 1452): the
// statements after it would each commit alone. Armed to lose, the n-th statement finds its
// transaction rolled back and runs all the same; the request must notice (db_trans_lost), fail
// as a conflict, run again whole and answer 201 with the order written once, nothing stray.
test('a transaction lost under any statement of a submission runs again whole, nothing of it left', async () => {
  const body = (note) => ({ lines: [{ product: 'XQG-2002', quantity: 2, options: { capacity_kg: 7, loading: 'front' } },
    { product: 'LE-2005', quantity: 1, options: { screen_in: '55', panel: 'led' } }],
  requested_date: later(), ship_to: 'Beijing', note });
  let n;
  for (n = 1; n <= MAX_CALLS; n++) {
    const hits = await fired();
    const note = `lose-${RUN}-${n}`;
    assert.equal((await arm(n, 'lose')).status, 200);
    const res = await call('d0001.buyer', 'POST', '/api/v1/orders', body(note), { 'Idempotency-Key': note });
    assert.equal(res.status, 201, `lost at statement ${n}: answered ${res.status}`);
    const { number } = await res.json();
    assert.deepEqual(sql(`SELECT (SELECT COUNT(*) FROM orders WHERE note = '${note}'), ` +
      `(SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = '${number}'), ` +
      `(SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.number = '${number}'), ` +
      `(SELECT COUNT(*) FROM feed_events WHERE object_ref = '${number}'), ` +
      `(SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${note}')`), [['1', '2', '1', '1', '1']],
    `lost at statement ${n}: the order is not whole and once`);
    // a lost try's statements committed alone would leave an order's feed event without its order
    assert.deepEqual(sql("SELECT COUNT(*) FROM feed_events f LEFT JOIN orders o ON o.number = f.object_ref " +
      "WHERE f.object_type = 'order' AND o.id IS NULL"), [['0']], `lost at statement ${n}: a stray feed event`);
    if (await fired() === hits) break;	// n is past the request's last statement
  }
  assert.ok(n >= 5 && n <= MAX_CALLS, `${n} statements`);
});

test('an approval fails whole at any statement, then goes through', async () => {
  assert.ok(order, 'the submission test ran');
  const once = () => assert.deepEqual(sql(`SELECT o.status, (SELECT COUNT(*) FROM approvals a WHERE a.order_id = o.id) FROM orders o WHERE o.number = '${order.number}'`),
    [['approved', '1']]);
  const [, count] = await everyFault('approval', () => call('r01.approver', 'POST',
    `/api/v1/orders/${order.number}/approve`, { promised_date: later(20) }), once);
  assert.ok(count >= 5, `only ${count} statements`);
  once();
});

test('a posting fails whole at any statement, then goes through', async () => {
  const dealer = Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]);
  const once = () => assert.equal(sql(`SELECT COUNT(*) FROM ledger_entries WHERE reference = 'FAULT-${RUN}'`)[0][0], '1');
  const [, count] = await everyFault('posting', () => call('hq.finance', 'POST',
    `/api/v1/dealers/${dealer}/ledger`, { kind: 'fee', amount: 1200, reference: `FAULT-${RUN}`, memo: 'fault test' }), once);
  assert.ok(count >= 2, `only ${count} statements`);
  once();
});

test('a close fails whole in its first step; cut off after it, it is finished by asking again', async () => {
  // the current month open again, and the month after the last closed one to close
  reopenMonth(month(0));
  const [[last]] = sql("SELECT COALESCE(MAX(period), 'none') FROM periods");
  let p = month(-1);
  if (last !== 'none') {
    const [y, m] = last.split('-').map(Number);
    p = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
  }
  const close = () => call('hq.finance', 'POST', `/api/v1/periods/${p}/close`);
  const dealers = Number(sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")[0][0]);
  const whole = () => {
    assert.deepEqual(sql(`SELECT statements_done FROM periods WHERE period = '${p}'`), [['1']]);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM statements WHERE period = '${p}'`)[0][0]), dealers);
  };
  // cut off between the steps: the month is closed to postings, and asking again finishes it;
  // then it is opened again, to cut the next statement of the second step
  let cuts = 0;
  const finish = async () => {
    assert.deepEqual(sql(`SELECT COUNT(*) FROM periods WHERE period = '${p}'`), [['1']]);
    assert.equal((await close()).status, 200, `${p}: asked again`);
    whole();
    reopenMonth(p);
    cuts++;
    return true;
  };
  const [res, count] = await everyFault('close', close, finish);
  assert.equal(res.status, 200, p);
  whole();
  assert.ok(count >= 5, `only ${count} statements`);
  assert.ok(cuts >= 2, `cut ${cuts} times after the first step`);
  reopenMonth(p);
});
