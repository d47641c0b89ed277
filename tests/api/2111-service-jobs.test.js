// 2111: service jobs (issue #21): a dealer files one for its customer (idempotent by key, its
// fields checked, its location from the city when none is given, once per complaint that needs
// a visit); the lists and the job are scoped: another dealer, another region, a provider it was
// not offered to get 404, as for cancelling and dispatching; the customer's phone and address go
// only to staff and the holding provider.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, cli, client, errorOf, login, api, waitFor } = require('../lib/harness');
const net = require('../lib/service-net');

const { as, call } = client();
const RUN = Date.now().toString(36);
const CITY = `测单${RUN}`;
const EMPTY = `测空${RUN}`;	// a city of the network with no provider: jobs wait there

const body = (extra = {}, customer = {}) => ({
  kind: 'repair', category: 'washer', model: 'XQB-70', serial: 'SN123', fault: 'drum does not turn',
  ...extra, customer: { name: '王五', phone: '13700000000', address: '长安街1号', city: EMPTY, ...customer },
});
const file = (who, b, key) => call(who, 'POST', '/api/v1/service-jobs', b, key ? { 'Idempotency-Key': key } : {});

test.before(async () => {
  for (const who of ['d0001.buyer', 'd0001.admin', 'd0002.buyer', 'r01.agent', 'r02.agent', 'hq.agent', 'd0001.finance']) await as(who);
  net.city(CITY, 29.56, 106.55);
  net.city(EMPTY, 29.0, 106.0);
});

let number;
test('a dealer files a job: 201, waiting, located at its city; the same key and body answer it again', async () => {
  const key = `sj-${RUN}`;
  const res = await file('d0001.buyer', body(), key);
  assert.equal(res.status, 201);
  const j = await res.json();
  number = j.number;
  assert.match(number, /^SJ-\d{4}-\d{6}$/);
  assert.equal(j.category, 'washer');
  assert.equal(j.city, EMPTY);
  assert.equal(j.customer.name, '王五');
  assert.equal(j.customer.phone, undefined, 'the dealer does not get the phone back');
  // filed first; the dispatcher (in the background) may already have found no one in EMPTY
  const types = j.timeline.map((e) => e.type);
  assert.equal(types[0], 'service.filed');
  assert.deepEqual(types.slice(1).filter((t) => t !== 'service.unplaced'), [], types.join());
  assert.deepEqual(sql(`SELECT lat_e6, lng_e6 FROM service_jobs WHERE number = '${number}'`), [['29000000', '106000000']]);
  const again = await file('d0001.buyer', body(), key);
  assert.equal(again.status, 200);
  assert.equal((await again.json()).number, number);
  const other = await file('d0001.buyer', body({ fault: 'another' }), key);
  assert.equal(other.status, 409);
  assert.equal((await errorOf(other)).code, 'idempotency_conflict');
  // the dealer's admin files too; its finance user may not
  assert.equal((await file('d0001.admin', body(), `sj-admin-${RUN}`)).status, 201);
  assert.ok([403, 404].includes((await file('d0001.finance', body(), `sj-fin-${RUN}`)).status));
});

test('a location given is the customer\'s; an unknown city without one is 422', async () => {
  let res = await file('d0001.buyer', body({}, { city: `无此城${RUN}`, location: { lat: 31.2304, lng: 121.4737 } }), `sj-loc-${RUN}`);
  assert.equal(res.status, 201);
  const n = (await res.json()).number;
  assert.deepEqual(sql(`SELECT lat_e6, lng_e6 FROM service_jobs WHERE number = '${n}'`), [['31230400', '121473700']]);
  res = await file('d0001.buyer', body({}, { city: `无此城${RUN}` }), `sj-noloc-${RUN}`);
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['customer.city']);
});

test('bad input: field messages, no job', async () => {
  const before = sql('SELECT COUNT(*) FROM service_jobs')[0][0];
  const cases = [
    [{ kind: 'paint' }, {}, 'kind'],
    [{ category: 'spaceship' }, {}, 'category'],
    [{ fault: '' }, {}, 'fault'],
    [{ fault: 'x'.repeat(2001) }, {}, 'fault'],
    [{ model: 'm'.repeat(65) }, {}, 'model'],
    [{}, { name: '' }, 'customer.name'],
    [{}, { phone: 'call me' }, 'customer.phone'],
    [{}, { address: 'a'.repeat(301) }, 'customer.address'],
    [{}, { location: { lat: 91, lng: 0 } }, 'customer.location'],
    [{}, { location: { lat: 'north' } }, 'customer.location'],
    [{ fault: 7 }, {}, 'fault'],
    [{ complaint: 'CP-1999-000001' }, {}, 'complaint'],
  ];
  for (const [i, [extra, cust, field]] of cases.entries()) {
    const res = await file('d0001.buyer', body(extra, cust), `sj-bad-${i}-${RUN}`);
    assert.equal(res.status, 422, `${field}: ${res.status}`);
    const e = await errorOf(res);
    assert.ok(e.fields[field], `${field}: ${JSON.stringify(e.fields)}`);
  }
  let res = await file('d0001.buyer', { kind: 'repair', customer: 'me' }, `sj-bad-c-${RUN}`);
  assert.equal(res.status, 422);
  res = await file('d0001.buyer', body());
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  res = await call('d0001.buyer', 'POST', '/api/v1/service-jobs', '[1]', { 'Content-Type': 'application/json', 'Idempotency-Key': `sj-arr-${RUN}` });
  assert.equal(res.status, 400);
  assert.equal(sql('SELECT COUNT(*) FROM service_jobs')[0][0], before);
});

test('a job for a complaint that needs a visit, once; not for a billing one or another dealer\'s', async () => {
  const complaint = async (who, category) => {
    const res = await call(who, 'POST', '/api/v1/complaints', { category, severity: 'normal', subject: `sj ${RUN}`, description: 'needs a visit' },
      { 'Idempotency-Key': `sj-cp-${who}-${category}-${RUN}` });
    assert.equal(res.status, 201);
    return (await res.json()).number;
  };
  const cp = await complaint('d0001.buyer', 'product_quality');
  let res = await file('d0001.buyer', body({ complaint: cp }), `sj-cp1-${RUN}`);
  assert.equal(res.status, 201);
  const j = await res.json();
  assert.equal(j.complaint, cp);
  res = await file('d0001.buyer', body({ complaint: cp }), `sj-cp2-${RUN}`);
  assert.equal(res.status, 409);
  const billing = await complaint('d0001.buyer', 'billing');
  res = await file('d0001.buyer', body({ complaint: billing }), `sj-cp3-${RUN}`);
  assert.equal(res.status, 422);
  const theirs = await complaint('d0002.buyer', 'delivery');
  res = await file('d0001.buyer', body({ complaint: theirs }), `sj-cp4-${RUN}`);
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.complaint);
});

test('reading is scoped: the dealer and its region and HQ see it, another dealer or region 404', async () => {
  for (const who of ['d0001.buyer', 'r01.agent', 'hq.agent']) {
    const res = await call(who, 'GET', `/api/v1/service-jobs/${number}`);
    assert.equal(res.status, 200, who);
    const j = await res.json();
    if (who === 'd0001.buyer') {
      assert.equal(j.customer.phone, undefined);
      assert.equal(j.customer.address, undefined);
      assert.equal(j.offers, undefined);
    } else {
      assert.equal(j.customer.phone, '13700000000', who);
      assert.equal(j.customer.address, '长安街1号', who);
      assert.ok(Array.isArray(j.offers));
    }
  }
  for (const who of ['d0002.buyer', 'r02.agent']) {
    assert.equal((await call(who, 'GET', `/api/v1/service-jobs/${number}`)).status, 404, who);
    assert.equal((await call(who, 'POST', `/api/v1/service-jobs/${number}/cancel`, { version: net.job(number).version })).status, 404, who);
    const list = await (await call(who, 'GET', '/api/v1/service-jobs?limit=100')).json();
    assert.ok(!list.items.some((i) => i.number === number), `${who} lists it`);
  }
  assert.equal((await call('r02.agent', 'POST', `/api/v1/service-jobs/${number}/dispatch`)).status, 404);
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/service-jobs/SJ-1999-999999')).status, 404);
});

test('lists: the dealer\'s own, newest first, by status, paged', async () => {
  const res = await call('d0001.buyer', 'GET', '/api/v1/service-jobs?limit=1');
  assert.equal(res.status, 200);
  const page = await res.json();
  assert.equal(page.items.length, 1);
  assert.ok(page.next_cursor);
  const next = await (await call('d0001.buyer', 'GET', `/api/v1/service-jobs?limit=1&after=${page.next_cursor}`)).json();
  assert.ok(next.items[0].number < page.items[0].number);
  const waiting = await (await call('d0001.buyer', 'GET', '/api/v1/service-jobs?status=waiting&limit=100')).json();
  assert.ok(waiting.items.every((i) => i.status === 'waiting'));
  assert.ok(waiting.items.some((i) => i.number === number));
  const region = await (await call('r01.agent', 'GET', '/api/v1/service-jobs?status=waiting&limit=100')).json();
  assert.ok(region.items.some((i) => i.number === number));
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/service-jobs?status=lost')).status, 422);
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/service-jobs?after=x')).status, 422);
});

test('a provider reads the jobs offered to or held by it, and no other; the customer only when it holds one', async () => {
  const p = net.provider({ code: `PV${RUN}`, name: `修${RUN}`, cityName: CITY, lat: 29.57, lng: 106.55, lines: ['washer'] });
  const code = `PV${RUN}`;
  const agent = `pv${RUN}.agent`;
  cli(['user', 'add', agent, code, 'provider_agent'], 'provider-pass-123\n');
  const t = (await login(agent, 'provider-pass-123')).access_token;
  const res = await file('d0001.buyer', body({}, { city: CITY }), `sj-prov-${RUN}`);
  const n = (await res.json()).number;
  await waitFor(() => net.job(n).status === 'offered');
  assert.equal(net.job(n).provider, p);
  let j = await (await api(t, 'GET', `/api/v1/service-jobs/${n}`)).json();
  assert.equal(j.status, 'offered');
  assert.equal(j.customer, undefined, 'only offered: no customer');
  assert.equal(j.fault, 'drum does not turn');
  assert.equal(j.dealer, undefined);
  const list = await (await api(t, 'GET', '/api/v1/service-jobs')).json();
  assert.deepEqual(list.items.map((i) => i.number), [n]);
  // another dealer's job, and the first job (never offered to it): 404
  assert.equal((await api(t, 'GET', `/api/v1/service-jobs/${number}`)).status, 404);
  // it cannot cancel or dispatch, or read orders and ledgers
  assert.equal((await api(t, 'POST', `/api/v1/service-jobs/${n}/cancel`, { version: net.job(n).version })).status, 404);
  assert.equal((await api(t, 'POST', `/api/v1/service-jobs/${n}/dispatch`)).status, 404);
  assert.equal((await api(t, 'GET', '/api/v1/orders')).status, 404);
  // held (accepted, as the provider's answer does it): the customer's phone and address
  sql(`UPDATE service_jobs SET status = 'accepted', accepted_at = UTC_TIMESTAMP(6), offer_due = NULL, version = version + 1 WHERE number = '${n}'`);
  j = await (await api(t, 'GET', `/api/v1/service-jobs/${n}`)).json();
  assert.equal(j.customer.phone, '13700000000');
  assert.equal(j.customer.address, '长安街1号');
  // the dealer sees the provider's name, not its internals
  j = await (await call('d0001.buyer', 'GET', `/api/v1/service-jobs/${n}`)).json();
  assert.equal(j.provider.name, `修${RUN}`);
  assert.equal(j.offers, undefined);
  // the dealer cancels it: the slot goes back
  const c = await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${n}/cancel`, { version: j.version, reason: 'customer fixed it' });
  assert.equal(c.status, 200);
  assert.equal((await c.json()).status, 'cancelled');
  assert.deepEqual(sql(`SELECT open_jobs FROM providers WHERE org_id = ${p}`), [['0']]);
  assert.equal((await api(t, 'GET', `/api/v1/service-jobs/${n}`)).status, 200);
});

test('cancel: the dealer before it is finished, once, at the version it read; an offer pending is withdrawn', async () => {
  const read = await (await call('d0001.buyer', 'GET', `/api/v1/service-jobs/${number}`)).json();
  // the version is required, and one read before a change is refused
  let res = await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${number}/cancel`, { reason: 'no longer needed' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.version);
  sql(`UPDATE service_jobs SET version = version + 1 WHERE number = '${number}'`);
  res = await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${number}/cancel`, { version: read.version, reason: 'no longer needed' });
  assert.equal(res.status, 409);
  assert.equal((await errorOf(res)).code, 'conflict');
  assert.equal(net.job(number).status, 'waiting');
  res = await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${number}/cancel`, { version: net.job(number).version, reason: 'no longer needed' });
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.status, 'cancelled');
  assert.equal(j.timeline.at(-1).type, 'service.cancelled');
  assert.equal(j.timeline.at(-1).note, 'no longer needed');
  res = await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${number}/cancel`, { version: j.version });
  assert.equal(res.status, 409);
  // staff cancel an offered job: the offer is withdrawn, the slot back
  const p = net.provider({ code: `PW${RUN}`, name: `撤${RUN}`, cityName: CITY, lat: 29.56, lng: 106.56, lines: ['tv'] });
  const n = (await (await file('d0001.buyer', body({ category: 'tv' }, { city: CITY }), `sj-wd-${RUN}`)).json()).number;
  await waitFor(() => net.job(n).status === 'offered');
  assert.equal(net.job(n).provider, p);
  res = await call('r01.agent', 'POST', `/api/v1/service-jobs/${n}/cancel`, { version: net.job(n).version, reason: 'duplicate' });
  assert.equal(res.status, 200);
  assert.deepEqual(sql(`SELECT o.outcome FROM service_offers o JOIN service_jobs j ON j.id = o.job_id WHERE j.number = '${n}'`), [['withdrawn']]);
  assert.deepEqual(sql(`SELECT open_jobs FROM providers WHERE org_id = ${p}`), [['0']]);
});
