// 0307: an order read in one statement (issue #22): its lines and its
// timeline are kept beside it in order_docs by triggers, so whatever writes
// an order's lines or events (the app, a seed, the database's root) is read
// back at once, and the read is one statement within the caller's scope.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, login, sql, statements, sessionHeld } = require('../lib/harness');

const tokens = {};
async function as(name) {
  if (!tokens[name]) tokens[name] = (await login(name)).access_token;
  return tokens[name];
}
const get = async (who, number) => fetch(`${BASE}/api/v1/orders/${number}`,
  { headers: { Authorization: `Bearer ${await as(who)}` } });
const numberOf = (dealerLogin) => sql(`SELECT o.number FROM orders o JOIN users u ON u.org_id = o.dealer_id
  WHERE u.login = '${dealerLogin}' ORDER BY o.id LIMIT 1`)[0][0];

test('an order, its lines and its timeline come in one statement', async () => {
  const number = numberOf('d0001.buyer');
  await sessionHeld(() => get('d0001.buyer', number));	// the token's check held
  let body;
  const rows = await statements(async () => {
    const res = await get('d0001.buyer', number);
    assert.equal(res.status, 200);
    body = await res.json();
  });
  assert.ok(body.lines.length > 0 && body.timeline.length > 0);
  const read = rows.find(([, text]) => text.includes('x.lines_json') && text.includes('FROM orders o LEFT JOIN order_docs x'));
  assert.ok(read, 'the read is in the log');
  const mine = rows.filter(([thread]) => thread === read[0]);
  assert.deepEqual(mine.map(([, text]) => text.slice(0, 40)), [read[1].slice(0, 40)],
    'nothing else on the request\'s connection: no lines, no timeline, no session check, no dealer\'s name');
});

test('a line or an event written by any path is read back at once, in order', async () => {
  const number = numberOf('d0002.buyer');
  const before = await (await get('d0002.buyer', number)).json();
  // as another writer would: the database's root, no app in between
  sql(`INSERT INTO order_events (order_id, actor_user_id, status, note)
    SELECT id, created_by, status, 'written directly' FROM orders WHERE number = '${number}'`);
  let after = await (await get('d0002.buyer', number)).json();
  assert.equal(after.timeline.length, before.timeline.length + 1);
  const last = after.timeline[after.timeline.length - 1];
  assert.equal(last.note, 'written directly');
  assert.ok(!('carrier' in last) && !('waybill' in last), 'absent carrier and waybill stay absent');
  assert.match(last.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(last.at_china, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  sql(`UPDATE order_events SET carrier = '顺丰', waybill = 'SF-0307' WHERE note = 'written directly'`);
  after = await (await get('d0002.buyer', number)).json();
  const changed = after.timeline[after.timeline.length - 1];
  assert.equal(changed.carrier, '顺丰');
  assert.equal(changed.waybill, 'SF-0307');
  assert.deepEqual(after.timeline.slice(0, -1), before.timeline, 'the earlier events as they were');
  sql(`UPDATE order_lines l JOIN orders o ON o.id = l.order_id SET l.options = '{"logo_text":"0307"}'
    WHERE o.number = '${number}' AND l.line_no = 1`);
  after = await (await get('d0002.buyer', number)).json();
  assert.deepEqual(after.lines[0].options, { logo_text: '0307' });
  assert.equal(after.lines[0].quantity, before.lines[0].quantity);
  assert.deepEqual(after.lines.slice(1), before.lines.slice(1));
});

test('another dealer and another region still get 404 for the order', async () => {
  const number = numberOf('d0001.buyer');
  assert.equal((await get('d0001.buyer', number)).status, 200);
  assert.equal((await get('d0002.buyer', number)).status, 404);
  const other = sql(`SELECT u.login FROM users u JOIN orgs r ON r.id = u.org_id AND r.kind = 'region'
    WHERE FIND_IN_SET('region_approver', u.roles) AND r.id <> (SELECT o.region_id FROM orders o
    WHERE o.number = '${number}') ORDER BY u.id LIMIT 1`)[0][0];
  assert.equal((await get(other, number)).status, 404);
});
