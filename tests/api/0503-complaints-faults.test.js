// 0503: STYLE.md's anomaly test over the complaints' write paths (issue #19, items 2 and 7):
// filing and resolving a complaint, each an operation in one transaction, fail whole when
// any one of their database statements fails (the test build's hook, as in 0805), and go
// through when none does. The escalation sweep runs in the background, so what is compared
// is this complaint's rows and the tables outside the complaints' (as 0805 compares them).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, client } = require('../lib/harness');

const { as, call } = client();
const RUN = Date.now().toString(36);
const MAX_CALLS = 100;	// more statements than one complaint request runs

const faults = async () => (await fetch(`${BASE}/api/v1/_test/db-fault`)).json();
const arm = (after) => fetch(`${BASE}/api/v1/_test/db-fault`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ after }),
});

// request() with its n-th statement failing, for n = 1, 2, ...: before the COMMIT, state() is
// as it was; after it, once() checks what was committed. The first n not reached goes through.
async function everyFault(name, request, state, once) {
  for (let n = 1; n <= MAX_CALLS; n++) {
    const before = state();
    const { fired } = await faults();
    assert.equal((await arm(n)).status, 200);
    const res = await request();
    const f = await faults();
    if (f.fired === fired) return [res, n - 1];
    assert.ok(res.status >= 500, `${name}: statement ${n} failed, yet answered ${res.status}`);
    if (f.committed_before > 0) {
      once();
      return [res, n - 1];
    }
    assert.deepEqual(state(), before, `${name}: statement ${n} failed and left a change`);
  }
  throw new Error(`${name}: more than ${MAX_CALLS} statements`);
}

const KEY = `cp-fault-${RUN}`;
const rows = (q) => sql(q).map((r) => r.join('|'));

test.before(async () => {
  for (const who of ['d0001.buyer', 'r01.agent']) await as(who);
});

let number;
test('filing a complaint fails whole at any statement, then goes through once', async () => {
  const body = { category: 'delivery', severity: 'normal', subject: `fault ${RUN}`, description: 'the anomaly test' };
  const file = () => call('d0001.buyer', 'POST', '/api/v1/complaints', body, { 'Idempotency-Key': KEY });
  const state = () => [
    rows(`SELECT number FROM complaints WHERE idem_key = '${KEY}'`),
    rows('SELECT COUNT(*) FROM complaint_number_ids'),
    rows("SELECT COUNT(*) FROM feed_events WHERE type = 'complaint.filed'"),
  ];
  const once = () => assert.equal(rows(`SELECT COUNT(*) FROM complaints WHERE idem_key = '${KEY}'`)[0], '1');
  const [, count] = await everyFault('filing', file, state, once);
  assert.ok(count >= 5, `only ${count} statements`);
  // a resend with the key answers the one complaint
  const again = await file();
  assert.ok(again.status === 200 || again.status === 201, String(again.status));
  number = (await again.json()).number;
  once();
});

test('resolving a complaint fails whole at any statement, then goes through once', async () => {
  assert.ok(number, 'the filing test ran');
  const resolve = () => call('r01.agent', 'POST', `/api/v1/complaints/${number}/resolve`, { note: `resolved ${RUN}` });
  const state = () => [
    rows(`SELECT status, version, resolved_at IS NULL, first_responded_at IS NULL FROM complaints WHERE number = '${number}'`),
    rows(`SELECT m.kind, m.body FROM complaint_messages m JOIN complaints c ON c.id = m.complaint_id WHERE c.number = '${number}' ORDER BY m.id`),
    rows(`SELECT type FROM feed_events WHERE object_type = 'complaint' AND object_ref = '${number}' ORDER BY id`),
  ];
  const once = () => {
    assert.deepEqual(rows(`SELECT status FROM complaints WHERE number = '${number}'`), ['resolved']);
    assert.deepEqual(rows(`SELECT COUNT(*) FROM complaint_messages m JOIN complaints c ON c.id = m.complaint_id WHERE c.number = '${number}' AND m.kind = 'event' AND m.body = 'resolved'`), ['1']);
  };
  const [res, count] = await everyFault('resolve', resolve, state, once);
  assert.ok(count >= 5, `only ${count} statements`);
  if (res.status === 200) assert.equal((await res.json()).status, 'resolved');
  once();
});
