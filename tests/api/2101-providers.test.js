// 2101: the service network's providers: administered by HQ and the regions' service agents,
// each region its own; everyone else finds nothing; a provider's agent reads its own provider.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { client, errorOf, sql, login, api } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call } = client();
const RUN = Date.now().toString(36).slice(-6).toUpperCase();
let seq = 0;
const key = () => ({ 'Idempotency-Key': `prov-${RUN}-${seq++}` });
// The providers made here serve a town of their own: the demo's cities keep their three each,
// as the service tests that follow (dispatch to the nearest) count on.
const TOWN = '试验城';
const orgId = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);

const profile = (code, over = {}) => ({
  code, name_zh: '北京丰台家电服务中心', name_en: 'Beijing Fengtai Appliance Service Centre',
  region: orgId('R01'), address: '北京市丰台区丰台路1号', phone: '010-63800000',
  location: { lat: 39.8585, lng: 116.2867 }, capacity: 4, days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  opens: '09:00', closes: '18:00',
  areas: [{ city: TOWN, category: 'fridge' }, { city: TOWN, category: 'tv' }], ...over,
});

test('HQ admin creates a provider: its org, profile and areas in one; idempotent by key', async () => {
  const k = key();
  const body = profile(`PA${RUN}`);
  let res = await call('admin', 'POST', '/api/v1/providers', body, k);
  assert.equal(res.status, 201);
  const p = await res.json();
  assert.equal(p.code, `PA${RUN}`);
  assert.equal(p.region, orgId('R01'));
  assert.equal(p.region_code, 'R01');
  assert.equal(p.city, TOWN, 'the first area\'s city when none is given');
  assert.deepEqual(p.location, { lat: 39.8585, lng: 116.2867 });
  assert.equal(p.capacity, 4);
  assert.equal(p.open_jobs, 0);
  assert.deepEqual(p.days, ['mon', 'tue', 'wed', 'thu', 'fri']);
  assert.equal(p.opens, '09:00');
  assert.equal(p.closes, '18:00');
  assert.equal(p.active, true);
  assert.deepEqual(p.areas, [{ city: TOWN, category: 'fridge' }, { city: TOWN, category: 'tv' }]);
  assert.deepEqual(sql(`SELECT kind, region_id, city FROM orgs WHERE id = ${p.id}`),
    [['provider', String(orgId('R01')), TOWN]]);
  assert.deepEqual(sql(`SELECT lat_e6, lng_e6 FROM providers WHERE org_id = ${p.id}`), [['39858500', '116286700']]);

  res = await call('admin', 'POST', '/api/v1/providers', body, k);
  assert.equal(res.status, 200, 'the same request again: what the first made');
  assert.equal((await res.json()).id, p.id);
  res = await call('admin', 'POST', '/api/v1/providers', { ...body, capacity: 9 }, k);
  assert.equal(res.status, 409, 'the key went with another request');
  assert.equal((await errorOf(res)).code, 'idempotency_conflict');
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = 'PA${RUN}'`)[0][0], '1');

  res = await call('admin', 'POST', '/api/v1/providers', body, key());
  assert.equal(res.status, 409, 'the code is taken');
  assert.equal((await errorOf(res)).fields.code, 'taken');
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PB${RUN}`));
  assert.equal(res.status, 422, 'no Idempotency-Key');
  assert.ok((await errorOf(res)).fields['Idempotency-Key']);
  const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'org' AND object_id = '${p.id}'`);
  assert.deepEqual(audit.map((r) => r[0]), ['provider_create']);
});

test('racers: one key twice at once makes one provider; one version twice at once changes it once', async () => {
  const k = key();
  const body = profile(`PR${RUN}`);
  const both = await Promise.all([call('admin', 'POST', '/api/v1/providers', body, k),
    call('admin', 'POST', '/api/v1/providers', body, k)]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 201]);
  const [a, b] = await Promise.all(both.map((r) => r.json()));
  assert.equal(a.id, b.id);
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = 'PR${RUN}'`)[0][0], '1');
  const changes = await Promise.all([3, 7].map((capacity) => call('r01.agent', 'PATCH',
    `/api/v1/providers/${a.id}`, { capacity, version: a.version })));
  assert.deepEqual(changes.map((r) => r.status).sort(), [200, 409]);
  assert.equal(sql(`SELECT version FROM providers WHERE org_id = ${a.id}`)[0][0], String(a.version + 1));
});

test('bad input is a 422 naming each field, and writes nothing', async () => {
  let res = await call('admin', 'POST', '/api/v1/providers', profile(`pz${RUN}`, {
    name_zh: '', capacity: 1001, days: ['mon', 'someday'], opens: '25:00',
    location: { lat: 91, lng: 0 }, areas: [],
  }), key());
  assert.equal(res.status, 422);
  const e = await errorOf(res);
  for (const f of ['code', 'name_zh', 'capacity', 'days', 'opens', 'location', 'areas']) assert.ok(e.fields[f], f);
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PC${RUN}`, {
    areas: [{ city: '北京', category: 'toaster' }] }), key());
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.areas, /toaster/);
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PC${RUN}`, {
    areas: [{ city: '北京', category: 'tv' }, { city: '北京', category: 'tv' }] }), key());
  assert.equal(res.status, 422, 'a row twice');
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PC${RUN}`, { opens: '18:00', closes: '09:00' }), key());
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.closes);
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PC${RUN}`, { region: orgId('D0001') }), key());
  assert.equal(res.status, 422, 'a dealer is no region');
  res = await call('admin', 'POST', '/api/v1/providers', profile(`PC${RUN}`,
    { areas: Array.from({ length: 201 }, (_, i) => ({ city: `c${i}`, category: 'tv' })) }), key());
  assert.equal(res.status, 422, 'at most 200 area rows');
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = 'PC${RUN}'`)[0][0], '0');
});

test('a region\'s service agent administers its region\'s providers only', async () => {
  // r01.agent: its own region without naming it; another region is refused
  let res = await call('r01.agent', 'POST', '/api/v1/providers', profile(`PD${RUN}`, { region: undefined }), key());
  assert.equal(res.status, 201);
  const p = await res.json();
  assert.equal(p.region_code, 'R01');
  res = await call('r01.agent', 'POST', '/api/v1/providers', profile(`PE${RUN}`, { region: orgId('R02') }), key());
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.region);

  res = await call('r01.agent', 'GET', '/api/v1/providers?limit=100');
  assert.equal(res.status, 200);
  const list = await res.json();
  assert.ok(list.items.length >= 4);
  assert.ok(list.items.every((x) => x.region_code === 'R01'), 'only its region\'s');
  res = await call('r02.agent', 'GET', '/api/v1/providers?limit=100');
  const other = await res.json();
  assert.ok(other.items.every((x) => x.region_code === 'R02'));
  assert.ok(!other.items.some((x) => x.id === p.id));

  res = await call('r01.agent', 'GET', `/api/v1/providers?city=${encodeURIComponent('天津')}`);
  assert.ok((await res.json()).items.every((x) => x.region_code === 'R01'), 'another region\'s city: none of its providers');
  res = await call('r01.agent', 'GET', `/api/v1/providers?region=${orgId('R02')}`);
  assert.deepEqual((await res.json()).items, [], 'nor by asking for its region');

  // another region's agent neither reads nor changes it, nor its agents
  assert.equal((await call('r02.agent', 'GET', `/api/v1/providers/${p.id}`)).status, 404);
  res = await call('r02.agent', 'PATCH', `/api/v1/providers/${p.id}`, { capacity: 9, version: p.version });
  assert.equal(res.status, 404);
  assert.equal((await call('r02.agent', 'GET', `/api/v1/providers/${p.id}/agents`)).status, 404);
  res = await call('r02.agent', 'POST', `/api/v1/providers/${p.id}/agents`, {
    login: `x${RUN.toLowerCase()}.agent`, display_name: 'X', password: 'dealernet-demo' }, key());
  assert.equal(res.status, 404);
  assert.equal(sql(`SELECT capacity FROM providers WHERE org_id = ${p.id}`)[0][0], '4');

  // HQ's service agent sees them all
  res = await call('hq.agent', 'GET', `/api/v1/providers?region=${orgId('R02')}&limit=5`);
  assert.equal(res.status, 200);
  assert.ok((await res.json()).items.every((x) => x.region_code === 'R02'));
  assert.equal((await call('hq.agent', 'GET', `/api/v1/providers/${p.id}`)).status, 200);
});

test('dealers and the rest of the sales network find no provider (404)', async () => {
  const id = orgId('P0101');
  for (const who of ['d0001.buyer', 'd0001.admin', 'r01.approver', 'hq.key', 'hq.finance']) {
    assert.equal((await call(who, 'GET', '/api/v1/providers')).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/providers/${id}`)).status, 404, who);
    assert.equal((await call(who, 'PATCH', `/api/v1/providers/${id}`, { capacity: 9, version: 1 })).status, 404, who);
    assert.equal((await call(who, 'POST', '/api/v1/providers', profile(`PF${RUN}`), key())).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/providers/${id}/agents`)).status, 404, who);
    assert.equal((await call(who, 'GET', '/providers')).status, 404, who);
    assert.equal((await call(who, 'GET', `/providers/${id}`)).status, 404, who);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = 'PF${RUN}'`)[0][0], '0');
});

test('a change is conditional on the version; areas are replaced; a provider is deactivated', async () => {
  let res = await call('admin', 'POST', '/api/v1/providers', profile(`PG${RUN}`), key());
  const p = await res.json();
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${p.id}`, {
    name_en: 'Beijing Fengtai Service', capacity: 6, closes: '19:30',
    areas: [{ city: TOWN, category: 'washer' }, { city: '天津', category: 'washer' }], version: p.version });
  assert.equal(res.status, 200);
  const q = await res.json();
  assert.equal(q.version, p.version + 1);
  assert.equal(q.name_en, 'Beijing Fengtai Service');
  assert.equal(q.name_zh, p.name_zh, 'what is not sent stays');
  assert.equal(q.capacity, 6);
  assert.equal(q.closes, '19:30');
  assert.deepEqual(q.areas, [{ city: '天津', category: 'washer' }, { city: TOWN, category: 'washer' }]);

  res = await call('admin', 'PATCH', `/api/v1/providers/${p.id}`, { capacity: 2, version: p.version });
  assert.equal(res.status, 409, 'a stale version');
  res = await call('admin', 'PATCH', `/api/v1/providers/${p.id}`, { capacity: 2 });
  assert.equal(res.status, 422, 'the version is required');
  assert.ok((await errorOf(res)).fields.version);
  res = await call('admin', 'PATCH', `/api/v1/providers/${p.id}`, { opens: '20:00', version: q.version });
  assert.equal(res.status, 422, 'opens after the closing time it has');

  // a capacity below the jobs it holds now is refused
  sql(`UPDATE providers SET open_jobs = 5 WHERE org_id = ${p.id}`);
  res = await call('admin', 'PATCH', `/api/v1/providers/${p.id}`, { capacity: 3, version: q.version });
  assert.equal(res.status, 409);
  assert.ok((await errorOf(res)).fields.capacity);
  sql(`UPDATE providers SET open_jobs = 0 WHERE org_id = ${p.id}`);

  res = await call('admin', 'PATCH', `/api/v1/providers/${p.id}`, { active: false, version: q.version });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).active, false);
  res = await call('admin', 'GET', '/api/v1/providers?active=false&limit=100');
  assert.ok((await res.json()).items.some((x) => x.id === p.id));
  res = await call('admin', 'GET', `/api/v1/providers?city=${encodeURIComponent('天津')}&category=washer&limit=100`);
  const found = (await res.json()).items;
  assert.ok(found.some((x) => x.id === p.id), 'found by a city and line it serves');
  res = await call('admin', 'GET', `/api/v1/providers?city=${encodeURIComponent('天津')}&category=tv&limit=100`);
  assert.ok(!(await res.json()).items.some((x) => x.id === p.id));
  assert.equal((await call('admin', 'GET', '/api/v1/providers?active=maybe')).status, 422);
  assert.equal((await call('admin', 'PATCH', '/api/v1/providers/99999999', { capacity: 2, version: 1 })).status, 404);
  const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'org' AND object_id = '${p.id}' ORDER BY id`);
  assert.deepEqual(audit.map((r) => r[0]), ['provider_create', 'provider_update', 'provider_update']);
});

test('the list pages by cursor', async () => {
  let res = await call('admin', 'GET', '/api/v1/providers?limit=2');
  const a = await res.json();
  assert.equal(a.items.length, 2);
  assert.ok(a.next_cursor);
  res = await call('admin', 'GET', `/api/v1/providers?limit=2&after=${a.next_cursor}`);
  const b = await res.json();
  assert.ok(b.items[0].id > a.items[1].id);
});

test('agents: added by the region, idempotent, sign in and read their own provider only', async () => {
  const id = orgId('P0102');
  const lg = `p${RUN.toLowerCase()}.agent`;
  const k = key();
  const body = { login: lg, display_name: 'Chaoyang Second Agent', password: 'dealernet-demo',
    email: `${lg}@example.com`, mobile: '+8613800000000' };
  let res = await call('r01.agent', 'POST', `/api/v1/providers/${id}/agents`, body, k);
  assert.equal(res.status, 201);
  const a = await res.json();
  assert.equal(a.login, lg);
  assert.equal(a.email, `${lg}@example.com`);
  assert.deepEqual(sql(`SELECT roles, org_id FROM users WHERE id = ${a.id}`), [['provider_agent', String(id)]]);
  res = await call('r01.agent', 'POST', `/api/v1/providers/${id}/agents`, body, k);
  assert.equal(res.status, 200, 'the same request again');
  assert.equal((await res.json()).id, a.id);
  res = await call('r01.agent', 'POST', `/api/v1/providers/${id}/agents`, { ...body, email: '' }, key());
  assert.equal(res.status, 409, 'the login is taken');
  assert.equal((await errorOf(res)).fields.login, 'taken');
  res = await call('r01.agent', 'POST', `/api/v1/providers/${id}/agents`,
    { login: 'A B', display_name: '', password: 'short', email: 'nope', mobile: '12' }, key());
  assert.equal(res.status, 422);
  const e = await errorOf(res);
  for (const f of ['login', 'display_name', 'password', 'email', 'mobile']) assert.ok(e.fields[f], f);
  res = await call('r01.agent', 'GET', `/api/v1/providers/${id}/agents`);
  assert.equal(res.status, 200);
  const logins = (await res.json()).items.map((x) => x.login);
  assert.equal(logins[0], 'p0102.agent', 'the demo\'s first');
  assert.ok(logins.includes(lg));

  const t = (await login(lg)).access_token;
  res = await api(t, 'GET', `/api/v1/providers/${id}`);
  assert.equal(res.status, 200, 'its own provider');
  assert.equal((await res.json()).code, 'P0102');
  assert.equal((await api(t, 'GET', `/api/v1/providers/${orgId('P0101')}`)).status, 404, 'another provider');
  assert.equal((await api(t, 'PATCH', `/api/v1/providers/${id}`, { capacity: 9, version: 1 })).status, 404, 'read only');
  assert.equal((await api(t, 'GET', '/api/v1/providers')).status, 404);
  assert.equal((await api(t, 'GET', `/api/v1/providers/${id}/agents`)).status, 404);
  assert.equal((await api(t, 'GET', '/providers')).status, 404);

  // the region disables it: its tokens end; another region cannot touch it
  res = await call('r02.agent', 'PATCH', `/api/v1/providers/${id}/agents/${a.id}`, { disabled: true, version: a.version });
  assert.equal(res.status, 404);
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${orgId('P0101')}/agents/${a.id}`,
    { disabled: true, version: a.version });
  assert.equal(res.status, 404, 'not an agent of that provider');
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${id}/agents/${a.id}`, { disabled: true, version: a.version });
  assert.equal(res.status, 200);
  const b = await res.json();
  assert.equal(b.disabled, true);
  assert.equal((await api(t, 'GET', `/api/v1/providers/${id}`)).status, 401, 'its token is spent');
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${id}/agents/${a.id}`, { disabled: false, version: a.version });
  assert.equal(res.status, 409, 'a stale version');
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${id}/agents/${a.id}`,
    { disabled: false, display_name: 'Chaoyang Agent 2', version: b.version });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).display_name, 'Chaoyang Agent 2');
  assert.equal((await login(lg)).token_type, 'Bearer', 'enabled again');
  const user = sql("SELECT id FROM users WHERE login = 'r01.agent'")[0][0];
  res = await call('r01.agent', 'PATCH', `/api/v1/providers/${id}/agents/${user}`, { disabled: true, version: 1 });
  assert.equal(res.status, 404, 'a user of another organisation');
});

test('the demo network: every region city located, three providers each, all five lines per city', async () => {
  const res = await call('d0001.buyer', 'GET', '/api/v1/service-cities');
  assert.equal(res.status, 200);
  const cities = (await res.json()).items;
  assert.ok(cities.length >= 42, 'the 42 (and the bench set\'s, if seeded)');
  assert.deepEqual(cities.find((c) => c.city === '北京'), { city: '北京', lat: 39.9042, lng: 116.4074 });
  const dealerCities = sql("SELECT DISTINCT city FROM orgs WHERE kind = 'dealer' AND code REGEXP '^D([0-3][0-9]|4[01])0[1-3]$'").map((r) => r[0]);
  for (const c of dealerCities) assert.ok(cities.some((x) => x.city === c), c);
  // every city: each of the five lines served by a provider of the demo
  const gaps = sql(`SELECT s.city, c.code FROM service_cities s CROSS JOIN categories c WHERE s.city IN
    (SELECT city FROM orgs WHERE kind = 'region' AND code LIKE 'R__') AND NOT EXISTS
    (SELECT 1 FROM provider_areas a JOIN orgs o ON o.id = a.provider_id WHERE a.city = s.city
     AND a.category_id = c.id AND o.code LIKE 'P____')`);
  assert.deepEqual(gaps, []);
  // Beijing: P0101 nearest the centre, all five lines, capacity 5
  const p = await (await call('r01.agent', 'GET', `/api/v1/providers/${orgId('P0101')}`)).json();
  assert.equal(p.capacity, 5);
  assert.deepEqual(p.areas.map((a) => a.category).sort(),
    ['air_conditioner', 'fridge', 'tv', 'washer', 'water_heater']);
  const near = sql(`SELECT o.code FROM providers p JOIN orgs o ON o.id = p.org_id WHERE o.code LIKE 'P01__'
    ORDER BY POW(p.lat_e6 - 39904200, 2) + POW((p.lng_e6 - 116407400) * COS(RADIANS(39.9)), 2)`);
  assert.deepEqual(near.map((r) => r[0]), ['P0101', 'P0102', 'P0103']);
  assert.equal((await call('admin', 'GET', '/api/v1/providers?limit=100')).status, 200);
  assert.equal(sql("SELECT COUNT(*) FROM users WHERE roles = 'provider_agent' AND login LIKE 'p____.agent'")[0][0], '126');
});

// The page's areas are read into a bounded buffer: a text longer than it is a 422 naming the
// areas, never rows dropped without a word nor a city cut inside a character (a 500).
test('the provider form: areas past the page\'s bound are a 422 on "areas", nothing made', async () => {
  const b = browser();
  await signIn(b, 'r01.agent', '/providers');
  const page = await (await b.get('/providers/new')).text();
  const idem = page.match(/name="idem" value="([^"]+)"/)[1];
  const code = `PF${RUN}`.slice(0, 16);
  // a row, blank lines past the bound, another row: the second must not be lost unsaid
  const areas = `${TOWN} fridge\n${'\n'.repeat(28000)}${TOWN} washer\n`;
  assert.ok(Buffer.byteLength(areas) > 28000, 'past the buffer');
  const res = await b.post('/providers/new', { _csrf: csrfOf(page), idem, code, name_zh: '超长', name_en: 'Long',
    city: TOWN, address: '一路', phone: '010-1', lat: '30.1', lng: '120.1', capacity: '3', days: 'mon',
    opens: '08:00', closes: '18:00', areas });
  assert.equal(res.status, 422);
  assert.match(await res.text(), /<code>areas<\/code>/);
  assert.equal(sql(`SELECT COUNT(*) FROM orgs WHERE code = '${code}'`)[0][0], '0');
});
