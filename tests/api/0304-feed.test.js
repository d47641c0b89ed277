// 0304: the ERP's event feed: every change once, in commit order, across pages.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { BASE, DIR, errorOf, sql, client, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let n = 0;

async function newOrder(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `feed-${RUN}-${n++}` });
  assert.equal(res.status, 201);
  return res.json();
}

async function metric(name) {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)$`, 'm'))[1]);
}

// Read the feed from cursor to its end, limit per page; every item and the final cursor.
async function drain(cursor, limit = 100) {
  const items = [];
  for (;;) {
    const q = `?limit=${limit}${cursor !== '0' ? `&after=${cursor}` : ''}`;
    const res = await call('erp', 'GET', `/api/v1/feed${q}`);
    assert.equal(res.status, 200);
    const page = await res.json();
    assert.equal(typeof page.next_cursor, 'string');
    items.push(...page.items);
    if (page.items.length > 0) assert.equal(page.next_cursor, page.items.at(-1).cursor);
    else assert.equal(page.next_cursor, cursor);
    cursor = page.next_cursor;
    if (!page.more) return { items, cursor };
  }
}

test('only erp and admin read the feed; dealers and region staff get 403', async () => {
  for (const who of ['d0001.buyer', 'd0002.buyer', 'r01.approver', 'r01.manager']) {
    const res = await call(who, 'GET', '/api/v1/feed');
    assert.equal(res.status, 403, who);
    assert.equal((await errorOf(res)).code, 'forbidden');
  }
  assert.equal((await call('admin', 'GET', '/api/v1/feed?limit=1')).status, 200);
  const first = await (await call('erp', 'GET', '/api/v1/feed?limit=3')).json();
  const fromZero = await (await call('erp', 'GET', '/api/v1/feed?after=0&limit=3')).json();
  assert.deepEqual(fromZero.items.map((e) => e.cursor), first.items.map((e) => e.cursor),
    'after=0, the cursor an empty feed hands out, is the start');
  assert.equal((await fetch(`${BASE}/api/v1/feed`)).status, 401);
});

test('a bad cursor or limit is a 422 naming the field', async () => {
  for (const [q, field] of [['after=-1', 'after'], ['after=x', 'after'], ['limit=0', 'limit'], ['limit=101', 'limit']]) {
    const res = await call('erp', 'GET', `/api/v1/feed?${q}`);
    assert.equal(res.status, 422, q);
    assert.ok((await errorOf(res)).fields[field], q);
  }
});

test('every change appears once, in order, across small pages', async () => {
  const start = (await drain('0')).cursor;
  // Changes from several dealers at once: submissions, cancels, tracking events.
  const orders = await Promise.all([newOrder(), newOrder('d0002.buyer'), newOrder('d0101.buyer'), newOrder()]);
  const [a, b, c, d] = orders;
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number IN ('${a.number}', '${c.number}')`);
  const moves = await Promise.all([
    call('r01.manager', 'POST', `/api/v1/orders/${a.number}/events`, { status: 'scheduled' }),
    call('d0002.buyer', 'POST', `/api/v1/orders/${b.number}/cancel`, {}),
    call('erp', 'POST', `/api/v1/orders/${c.number}/events`, { status: 'scheduled' }),
  ]);
  for (const m of moves) assert.equal(m.status, 200);
  assert.equal((await call('erp', 'POST', `/api/v1/orders/${a.number}/events`,
    { status: 'in_production' })).status, 200);

  const { items } = await drain(start, 2);
  const cursors = items.map((e) => BigInt(e.cursor));
  for (let i = 1; i < cursors.length; i++) assert.ok(cursors[i] > cursors[i - 1], 'cursors rise');
  assert.equal(new Set(items.map((e) => e.cursor)).size, items.length, 'no event twice');
  const mine = (num) => items.filter((e) => e.object.ref === num)
    .map((e) => `${e.type}${e.payload.to ? `:${e.payload.to}` : ''}`);
  assert.deepEqual(mine(a.number), ['order.submitted', 'order.status_changed:scheduled',
    'order.status_changed:in_production']);
  assert.deepEqual(mine(b.number), ['order.submitted', 'order.cancelled:cancelled']);
  assert.deepEqual(mine(c.number), ['order.submitted', 'order.status_changed:scheduled']);
  assert.deepEqual(mine(d.number), ['order.submitted']);
  const sub = items.find((e) => e.object.ref === a.number);
  assert.equal(sub.object.type, 'order');
  assert.equal(sub.dealer, Number(sql(`SELECT dealer_id FROM orders WHERE number = '${a.number}'`)[0][0]));
  assert.equal(sub.payload.total, a.total);
  assert.match(sub.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // Every event in the table since then is in what was read: nothing skipped.
  const ids = sql(`SELECT COUNT(*) FROM feed_events WHERE seq > ${start}`)[0][0];
  assert.equal(Number(ids), items.length);
});

test('an event that commits after a later id is still served, after it', async () => {
  const start = (await drain('0')).cursor;
  // A transaction takes a feed id, then holds its commit for two seconds.
  const slow = spawn('mariadb', [`--defaults-file=${path.join(DIR, 'my.cnf')}`, '-u', 'root', 'dealernet',
    '-e', `START TRANSACTION; INSERT INTO feed_events (type, object_type, object_ref, payload)
      VALUES ('test.slow', 'test', 'slow-${RUN}', '{}'); SELECT SLEEP(2); COMMIT;`]);
  const done = new Promise((resolve) => slow.on('exit', resolve));
  await new Promise((r) => setTimeout(r, 500));
  // Meanwhile an order commits with a larger feed id.
  const o = await newOrder();
  let seen = await drain(start);
  assert.ok(seen.items.some((e) => e.object.ref === o.number), 'the later commit is served');
  assert.ok(!seen.items.some((e) => e.object.ref === `slow-${RUN}`), 'the open one is not');
  assert.equal(await done, 0);
  seen = await drain(seen.cursor);
  const slowEvent = seen.items.find((e) => e.object.ref === `slow-${RUN}`);
  assert.ok(slowEvent, 'the slow commit arrives on the next read, past the cursor already held');
  const [slowId, orderId] = [sql(`SELECT id FROM feed_events WHERE object_ref = 'slow-${RUN}'`)[0][0],
    sql(`SELECT id FROM feed_events WHERE object_ref = '${o.number}'`)[0][0]];
  assert.ok(Number(slowId) < Number(orderId), 'its id was the smaller');
});

test('a reader that loses a deadlock on the sequencer is run again and serves every event once', async () => {
  const start = (await drain('0')).cursor;
  sql(`INSERT INTO feed_events (type, object_type, object_ref, payload)
    VALUES ('test.deadlock', 'test', 'deadlock-${RUN}', '{"n":1}')`);
  const id = sql(`SELECT id FROM feed_events WHERE object_ref = 'deadlock-${RUN}'`)[0][0];
  const deadlocks = () => Number(sql("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")[0][1]);
  const before = deadlocks();
  const reruns = await metric('dealernet_db_retries_total');
  // Another transaction holds the waiting event's row, then asks for the sequencer row the
  // reader holds meanwhile: a deadlock, which the reader loses (InnoDB rolls back the lighter
  // transaction, and the other has written three times).
  const set = (v) => `UPDATE feed_events SET payload = '{"n":${v}}' WHERE id = ${id};`;
  const other = spawn('mariadb', [`--defaults-file=${path.join(DIR, 'my.cnf')}`, '-u', 'root', 'dealernet',
    '-e', `START TRANSACTION; ${set(3)} ${set(4)} ${set(2)}
      SELECT SLEEP(1); SELECT last_seq FROM feed_sequencer WHERE id = 1 FOR UPDATE; SELECT SLEEP(1); COMMIT;`]);
  const done = new Promise((resolve) => other.on('exit', resolve));
  await new Promise((r) => setTimeout(r, 300));
  const res = await call('erp', 'GET', `/api/v1/feed?after=${start}`);
  assert.equal(res.status, 200);
  assert.equal(await done, 0, 'the other transaction won');
  assert.equal(deadlocks(), before + 1, 'the reader lost a deadlock');
  assert.equal(await metric('dealernet_db_retries_total'), reruns + 1, 'the dispatcher ran it again');
  const { items } = await res.json();
  const mine = items.filter((e) => e.object.ref === `deadlock-${RUN}`);
  assert.equal(mine.length, 1);
  assert.deepEqual(mine[0].payload, { n: 2 }, 'numbered after the other committed');
  assert.equal((await drain(start)).items.filter((e) => e.object.ref === `deadlock-${RUN}`).length, 1);
});
