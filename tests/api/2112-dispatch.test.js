// 2112: the dispatcher (issue #21, acceptance 2 and 3). With providers at known coordinates, a
// job goes to the nearest that serves its line and has a free slot (a full one, one of another
// line and an inactive one are passed over); a decline or a lapsed offer (the clock injected
// through `dealernetd dispatch --now=`) moves it to the next; with none left it waits, flagged
// once, and the region's service agents are told once. Dispatchers racing (several
// `dealernetd dispatch` processes and the app's own tick) never give one job to two providers,
// and no provider holds more jobs than its capacity. A dispatch that fails at any statement
// leaves nothing half done.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { BASE, DIR, APP, sql, cli, client, waitFor } = require('../lib/harness');
const net = require('../lib/service-net');

const { as, call } = client();
const RUN = Date.now().toString(36);
const CITY = `测派${RUN}`;
const LAT = 31.5;
const LNG = 104.25;
const KM = 1 / 111.2;	// degrees of latitude in a kilometre

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const rows = (q) => sql(q).map((r) => r.join('|'));

let near, far, full, other, inactive;
test.before(async () => {
  await as('d0001.buyer');
  await as('r01.agent');
  net.city(CITY, LAT, LNG);
  full = net.provider({ code: `PF${RUN}`, name: `满${RUN}`, cityName: CITY, lat: LAT + 0.5 * KM, lng: LNG, capacity: 1, open: 1 });
  near = net.provider({ code: `PN${RUN}`, name: `近${RUN}`, cityName: CITY, lat: LAT + 1 * KM, lng: LNG, capacity: 2 });
  far = net.provider({ code: `PR${RUN}`, name: `远${RUN}`, cityName: CITY, lat: LAT, lng: LNG + 3.5 * KM / Math.cos(LAT * Math.PI / 180), capacity: 2 });
  other = net.provider({ code: `PO${RUN}`, name: `他${RUN}`, cityName: CITY, lat: LAT + 0.1 * KM, lng: LNG, lines: ['tv'] });
  inactive = net.provider({ code: `PI${RUN}`, name: `停${RUN}`, cityName: CITY, lat: LAT + 0.2 * KM, lng: LNG, active: 0 });
});

async function file(key, extra = {}) {
  const res = await call('d0001.buyer', 'POST', '/api/v1/service-jobs', {
    kind: 'repair', category: 'fridge', model: 'BCD-216', fault: 'not cooling',
    customer: { name: '张三', phone: '13800138000', address: '人民路1号', city: CITY }, ...extra,
  }, { 'Idempotency-Key': `${key}-${RUN}` });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).number;
}

let number;
test('the nearest provider of the line with a free slot gets the job; full, other-line and inactive ones are passed over', async () => {
  number = await file('near');
  await waitFor(() => net.job(number).status === 'offered');
  const j = net.job(number);
  assert.equal(j.provider, near);
  const [[dist, due, outcome]] = sql(`SELECT distance_m, TIMESTAMPDIFF(SECOND, offered_at, due), outcome FROM service_offers WHERE job_id = ${j.id}`);
  assert.ok(Math.abs(Number(dist) - 1000) <= 2, `distance ${dist}`);
  assert.equal(Number(due), 15 * 60);
  assert.equal(outcome, 'pending');
  assert.deepEqual(rows(`SELECT open_jobs FROM providers WHERE org_id IN (${near}, ${full}, ${far}) ORDER BY org_id`), ['1', '1', '0']);
  // its timeline, the feed, the provider's agents' notification event
  assert.deepEqual(rows(`SELECT type FROM service_job_events WHERE job_id = ${j.id} ORDER BY id`), ['service.filed', 'service.offered']);
  assert.deepEqual(rows(`SELECT COUNT(*) FROM feed_events WHERE object_type = 'service_job' AND object_ref = '${number}' AND type = 'service.offered'`), ['1']);
  assert.deepEqual(rows(`SELECT dealer_id FROM notify_events WHERE kind = 'service.offered' AND object_ref = '${number}'`), [String(near)]);
  // the dealer sees who has it
  const res = await call('d0001.buyer', 'GET', `/api/v1/service-jobs/${number}`);
  const body = await res.json();
  assert.equal(body.status, 'offered');
  assert.equal(body.provider.name, `近${RUN}`);
  assert.ok(body.first_offered_at);
  assert.equal(body.customer.phone, undefined);
  // /metrics: the time from filing to the first offer, the offers by outcome
  const m = await (await fetch(`${BASE}/metrics`)).text();
  assert.match(m, /^dealernet_service_dispatch_seconds_count [1-9]\d*$/m);
  assert.match(m, /^dealernet_service_dispatch_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
  assert.match(m, /^dealernet_service_offers_total\{outcome="offered"\} [1-9]\d*$/m);
});

test('a decline moves the job to the next nearest', async () => {
  net.decline(number);
  await waitFor(() => net.job(number).status === 'offered');
  assert.equal(net.job(number).provider, far);
  assert.deepEqual(rows(`SELECT open_jobs FROM providers WHERE org_id IN (${near}, ${far}) ORDER BY org_id`), ['0', '1']);
});

test('a lapsed offer (injected clock) moves it on; with no one left it waits, flagged, and the region is told once', async () => {
  const { id } = net.job(number);
  const later = Date.now() + 16 * 60 * 1000;
  const out = JSON.parse(cli(['dispatch', `--now=${iso(later)}`]));
  assert.ok(out.lapsed >= 1, JSON.stringify(out));
  const j = net.job(number);
  assert.equal(j.status, 'waiting');
  assert.equal(j.provider, 0);
  assert.equal(j.unplaced, true);
  assert.deepEqual(rows(`SELECT p.code, o.outcome FROM service_offers o JOIN orgs p ON p.id = o.provider_id WHERE o.job_id = ${id} ORDER BY o.id`),
    [`PN${RUN}|declined`, `PR${RUN}|timed_out`]);
  assert.deepEqual(rows(`SELECT open_jobs FROM providers WHERE org_id IN (${near}, ${far}, ${full}) ORDER BY org_id`), ['1', '0', '0']);
  // tried again later: still no one, still told once; the retries leave the version a page
  // read alone (a cancel with it is not refused as stale because the dispatcher looked again)
  const read = net.job(number).version;
  cli(['dispatch', `--now=${iso(later + 3 * 60 * 1000)}`]);
  cli(['dispatch', `--now=${iso(later + 6 * 60 * 1000)}`]);
  assert.equal(net.job(number).version, read, 'a retry is not a change of the job');
  assert.deepEqual(rows(`SELECT type FROM service_job_events WHERE job_id = ${id} ORDER BY id`),
    ['service.filed', 'service.offered', 'service.offered', 'service.timed_out', 'service.unplaced']);
  assert.deepEqual(rows(`SELECT COUNT(*) FROM notify_events WHERE kind = 'service.unplaced' AND object_ref = '${number}'`), ['1']);
  // the region's agents get it in the portal; the job page flags it
  await waitFor(() => rows(`SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'r01.agent' AND n.kind = 'service.unplaced' AND n.object_ref = '${number}'`)[0] === '1');
  const body = await (await call('r01.agent', 'GET', `/api/v1/service-jobs/${number}`)).json();
  assert.equal(body.unplaced, true);
  assert.equal(body.status, 'waiting');
  assert.deepEqual(body.offers.map((o) => o.outcome), ['declined', 'timed_out']);
  assert.equal(body.customer.phone, '13800138000');
});

test('placed after being flagged, it is no longer unplaced; no one left again alerts the region again', async () => {
  const { id } = net.job(number);
  const later = Date.now() + 30 * 60 * 1000;
  // a slot frees at the full provider: the job is offered there
  sql(`UPDATE providers SET open_jobs = 0 WHERE org_id = ${full}`);
  cli(['dispatch', `--now=${iso(later)}`]);
  let j = net.job(number);
  assert.equal(j.status, 'offered');
  assert.equal(j.provider, full);
  assert.equal(j.unplaced, false);
  const listed = await (await call('r01.agent', 'GET', '/api/v1/service-jobs?status=offered&limit=100')).json();
  assert.equal(listed.items.find((x) => x.number === number).unplaced, false);
  // declined, and no one is left: flagged again, the region told a second time
  net.decline(number);
  cli(['dispatch', `--now=${iso(later + 60 * 1000)}`]);
  j = net.job(number);
  assert.equal(j.status, 'waiting');
  assert.equal(j.unplaced, true);
  assert.deepEqual(rows(`SELECT COUNT(*) FROM service_job_events WHERE job_id = ${id} AND type = 'service.unplaced'`), ['2']);
  assert.deepEqual(rows(`SELECT COUNT(*) FROM notify_events WHERE kind = 'service.unplaced' AND object_ref = '${number}'`), ['2']);
});

test('ties in distance go to the lighter load', async () => {
  const c = `测平${RUN}`;
  net.city(c, 22.5, 114.05);
  const busy = net.provider({ code: `PB${RUN}`, name: `忙${RUN}`, cityName: c, lat: 22.51, lng: 114.05, capacity: 5, open: 3 });
  const idle = net.provider({ code: `PL${RUN}`, name: `闲${RUN}`, cityName: c, lat: 22.51, lng: 114.05, capacity: 5, open: 1 });
  assert.ok(busy < idle, 'the busier one has the lower id');
  const n = await file('tie', { customer: { name: '李四', phone: '13900000000', address: '深南路', city: c } });
  await waitFor(() => net.job(n).status === 'offered');
  assert.equal(net.job(n).provider, idle);
});

test('dispatch on demand: staff of the region offer it now; not a waiting job is 409', async () => {
  const c = `测即${RUN}`;
  net.city(c, 30.6, 114.3);
  // due in a day: the tick leaves it alone, so the call does it
  const [id] = net.jobs({ n: 1, cityName: c, lat: 30.6, lng: 114.3, tag: `now${RUN}`, due: 'UTC_TIMESTAMP(6) + INTERVAL 1 DAY' });
  const [[n]] = sql(`SELECT number FROM service_jobs WHERE id = ${id}`);
  let res = await call('r01.agent', 'POST', `/api/v1/service-jobs/${n}/dispatch`);
  assert.equal(res.status, 200);
  let body = await res.json();
  assert.equal(body.status, 'waiting');
  assert.equal(body.unplaced, true);
  const p = net.provider({ code: `PD${RUN}`, name: `即${RUN}`, cityName: c, lat: 30.61, lng: 114.3 });
  res = await call('r01.agent', 'POST', `/api/v1/service-jobs/${n}/dispatch`);
  body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.status, 'offered');
  assert.equal(net.job(n).provider, p);
  res = await call('r01.agent', 'POST', `/api/v1/service-jobs/${n}/dispatch`);
  assert.equal(res.status, 409);
  // another region's agent does not reach it, a dealer may not dispatch
  assert.equal((await call('r02.agent', 'POST', `/api/v1/service-jobs/${n}/dispatch`)).status, 404);
  assert.ok([403, 404].includes((await call('d0001.buyer', 'POST', `/api/v1/service-jobs/${n}/dispatch`)).status));
});

test('racing dispatchers: no job offered twice, no provider over its capacity', async () => {
  const c = `测竞${RUN}`;
  net.city(c, 36.07, 120.38);
  const ps = [];
  for (let i = 0; i < 5; i++) {
    ps.push(net.provider({ code: `PC${i}${RUN}`, name: `竞${i}${RUN}`, cityName: c, lat: 36.07 + 0.001 * i, lng: 120.38, capacity: 2 }));
  }
  // 80 jobs, 10 slots: four dispatch processes at once, with the app's tick on top
  const ids = net.jobs({ n: 80, cityName: c, lat: 36.07, lng: 120.38, tag: `race${RUN}` });
  const conf = path.join(DIR, 'dealernet.conf');
  const runs = [];
  for (let i = 0; i < 4; i++) {
    runs.push(new Promise((ok, fail) => {
      const p = spawn(APP, ['dispatch'], { env: { ...process.env, DEALERNET_CONF: conf }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => { out += d; });
      p.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`dispatch exited ${code}`))));
    }));
  }
  await Promise.all(runs);
  await waitFor(() => rows(`SELECT COUNT(*) FROM service_jobs WHERE id IN (${ids}) AND status = 'waiting' AND unplaced_at IS NULL`)[0] === '0');
  const list = ids.join(',');
  assert.deepEqual(rows(`SELECT COUNT(*) FROM service_jobs WHERE id IN (${list}) AND status = 'offered'`), ['10']);
  assert.deepEqual(rows(`SELECT job_id FROM service_offers WHERE job_id IN (${list}) AND outcome IN ('pending', 'accepted') GROUP BY job_id HAVING COUNT(*) > 1`), []);
  assert.deepEqual(rows(`SELECT COUNT(*) FROM service_offers WHERE job_id IN (${list})`), ['10']);
  for (const p of ps) {
    const [[held, open, cap]] = sql(`SELECT (SELECT COUNT(*) FROM service_jobs WHERE provider_id = ${p} AND status = 'offered'), open_jobs, capacity FROM providers WHERE org_id = ${p}`);
    assert.equal(held, open, `provider ${p}: ${held} jobs held, open_jobs ${open}`);
    assert.equal(Number(open), Number(cap));
  }
  // every offer agrees with its job
  assert.deepEqual(rows(`SELECT j.id FROM service_jobs j JOIN service_offers o ON o.job_id = j.id AND o.outcome = 'pending' WHERE j.id IN (${list}) AND (j.status <> 'offered' OR j.provider_id <> o.provider_id)`), []);
});

// STYLE.md's anomaly test: dispatching on demand fails whole at any statement.
const faults = async () => (await fetch(`${BASE}/api/v1/_test/db-fault`)).json();
const arm = (after) => fetch(`${BASE}/api/v1/_test/db-fault`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ after }),
});

test('a dispatch failing at any statement leaves nothing half done, then goes through once', async () => {
  const c = `测错${RUN}`;
  net.city(c, 34.26, 108.94);
  const p = net.provider({ code: `PE${RUN}`, name: `错${RUN}`, cityName: c, lat: 34.27, lng: 108.94 });
  const [id] = net.jobs({ n: 1, cityName: c, lat: 34.26, lng: 108.94, tag: `fault${RUN}`, due: 'UTC_TIMESTAMP(6) + INTERVAL 1 DAY' });
  const [[n]] = sql(`SELECT number FROM service_jobs WHERE id = ${id}`);
  const state = () => [
    rows(`SELECT status, COALESCE(provider_id, 0), version, first_offered_at IS NULL, offer_due IS NULL FROM service_jobs WHERE id = ${id}`),
    rows(`SELECT COUNT(*) FROM service_offers WHERE job_id = ${id}`),
    rows(`SELECT open_jobs FROM providers WHERE org_id = ${p}`),
    rows(`SELECT COUNT(*) FROM service_job_events WHERE job_id = ${id}`),
    rows(`SELECT COUNT(*) FROM feed_events WHERE object_ref = '${n}'`),
    rows(`SELECT COUNT(*) FROM notify_events WHERE object_ref = '${n}'`),
  ];
  let through = false;
  let k;
  for (k = 1; k <= 60 && !through; k++) {
    const before = state();
    const { fired } = await faults();
    assert.equal((await arm(k)).status, 200);
    const res = await call('r01.agent', 'POST', `/api/v1/service-jobs/${n}/dispatch`);
    const f = await faults();
    if (f.fired === fired) {
      assert.equal(res.status, 200, `no fault at statement ${k}`);
      through = true;
      break;
    }
    assert.ok(res.status >= 500, `statement ${k} failed, yet answered ${res.status}`);
    if (f.committed_before > 0) {
      through = true;	// failed after the COMMIT: what committed is whole
      break;
    }
    assert.deepEqual(state(), before, `statement ${k} failed and left a change`);
  }
  assert.ok(through, 'it never went through');
  assert.ok(k >= 6, `only ${k} statements`);
  const after = state();
  assert.equal(after[0][0].split('|')[0], 'offered');
  assert.deepEqual(after[1], ['1']);
  assert.deepEqual(after[2], ['1']);
  assert.deepEqual(after[5], ['1']);
});
