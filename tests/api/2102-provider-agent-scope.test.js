// 2102: a service provider's agent is outside the sales network (issue #21, acceptance 5): any
// order, a dealer's ledger, complaints, and their pages answer 404, as objects out of scope do;
// its own account, notifications and home page answer.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { client, sql } = require('../lib/harness');

const { call } = client();
const AGENT = 'p0101.agent';

test('a provider agent gets 404 for orders, a dealer\'s ledger, complaints and their pages', async () => {
  const order = sql("SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = 'D0001' LIMIT 1")[0][0];
  const dealer = sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0];
  const paths = ['/api/v1/orders', `/api/v1/orders/${order}`, `/api/v1/dealers/${dealer}/ledger`,
    '/api/v1/complaints', '/api/v1/products', '/orders', `/orders/${order}`, '/ledger',
    `/dealers/${dealer}/ledger`, '/complaints', '/catalogue', '/deliveries'];
  for (const p of paths) {
    // the same path answers the dealer's finance: the 404 is the agent's, not the path's
    let res = await call('d0001.finance', 'GET', p);
    assert.ok(res.status === 200 || res.status === 303, `${p} for d0001.finance: ${res.status}`);
    await res.arrayBuffer();
    res = await call(AGENT, 'GET', p);
    assert.equal(res.status, 404, p);
    await res.arrayBuffer();
  }
  const res = await call(AGENT, 'POST', '/api/v1/orders', { lines: [] }, { 'Idempotency-Key': 'p-agent-order' });
  assert.equal(res.status, 404, 'nor place one');
});

test('a provider agent reaches its own account, notifications and home page', async () => {
  let res = await call(AGENT, 'GET', '/api/v1/me');
  assert.equal(res.status, 200);
  const me = await res.json();
  assert.equal(me.org.kind, 'provider');
  assert.deepEqual(me.roles, ['provider_agent']);
  for (const p of ['/api/v1/notifications', '/notifications', '/account', '/account/notifications']) {
    res = await call(AGENT, 'GET', p);
    assert.equal(res.status, 200, p);
    await res.arrayBuffer();
  }
  res = await call(AGENT, 'GET', '/');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /href="\/provider\/jobs"/, 'the way to its jobs');
  assert.doesNotMatch(html, /href="\/orders"|href="\/providers"/, 'no sales-network or staff menu');
});
