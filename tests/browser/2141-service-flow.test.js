// 2141 (browser), issue #21's acceptance 1, over the demo network and the real dispatcher:
// d0001.buyer files a repair request for a customer in Beijing on /service/new; the job goes
// to the nearest provider serving fridges in Beijing with a free slot (P0101 in the demo, unless
// earlier tests filled it), whose agent, on a phone, accepts, schedules, starts and asks for a
// part; r01.agent ships and receives the part; the agent finishes; r01.agent logs the follow-up
// call and the job closes; the dealer sees it closed with its provider's name. Every page passes
// axe and fits a 390-px screen; screenshots desktop and phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, waitFor } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const phone = (page) => page.setViewport({ width: 390, height: 844 });
const row = (number) => {
  const [[status, provider]] = sql(`SELECT status, COALESCE(provider_id, 0) FROM service_jobs WHERE number = '${number}'`);
  return { status, provider: Number(provider) };
};

// The customer: near Dongcheng, Beijing (39.9060 N, 116.4100 E).
const CUSTOMER = { lat: 39.906, lng: 116.41 };

// Great-circle distance in metres, as the dispatcher computes it.
function metres(lat1, lng1, lat2, lng2) {
  const r = (d) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 +
    Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lng2 - lng1) / 2) ** 2;
  return Math.round(2 * 6371000 * Math.asin(Math.sqrt(a)));
}

// Who should get it: the nearest active provider serving fridges in Beijing with a free slot
// (ties: the lighter load, then the lower id), worked out here from the rows, independently.
function nearest() {
  const rows = sql(`SELECT o.id, o.code, p.lat_e6, p.lng_e6, p.open_jobs FROM provider_areas a
    JOIN categories c ON c.id = a.category_id AND c.code = 'fridge'
    JOIN providers p ON p.org_id = a.provider_id JOIN orgs o ON o.id = p.org_id
    WHERE a.city = '北京' AND o.active = 1 AND p.open_jobs < p.capacity`)
    .map(([id, code, lat, lng, load]) => ({ id: Number(id), code, load: Number(load),
      d: metres(CUSTOMER.lat, CUSTOMER.lng, Number(lat) / 1e6, Number(lng) / 1e6) }));
  rows.sort((x, y) => x.d - y.d || x.load - y.load || x.id - y.id);
  assert.ok(rows.length > 0, 'the demo has fridge providers in Beijing');
  return rows[0];
}

// The next day (China time) the provider works, and a window inside its hours.
function visitFor(provider) {
  const [[days, opens]] = sql(`SELECT days, TIME_FORMAT(opens, '%H:%i') FROM providers WHERE org_id = ${provider}`);
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  for (let k = 1; k <= 7; k++) {
    const d = new Date(Date.now() + 8 * 3600 * 1000 + k * 86400000);
    if (days.split(',').includes(names[d.getUTCDay()])) {
      const h = Number(opens.slice(0, 2)) + 1;
      const hh = (n) => String(n).padStart(2, '0');
      return { date: d.toISOString().slice(0, 10), from: `${hh(h)}:00`, to: `${hh(h + 2)}:00` };
    }
  }
  throw new Error('the provider works no day');
}

test('a Beijing repair request, from filing to the follow-up call, on the demo network', async () => {
  const want = nearest();
  const [[agentLogin]] = sql(`SELECT login FROM users WHERE org_id = ${want.id} AND FIND_IN_SET('provider_agent', roles)
    AND disabled = 0 ORDER BY id LIMIT 1`);

  // the dealer files it
  const buyer = await signIn('d0001.buyer', '/service/new');
  await checkPage(buyer, 'flow-service-new');
  await buyer.select('#kind', 'repair');
  await buyer.select('#category', 'fridge');
  await buyer.type('#name', '孙七');
  await buyer.type('#phone', '13698765432');
  await buyer.type('#address', '东城区东长安街1号');
  await buyer.$eval('#city', (e) => { e.value = '北京'; });
  await buyer.type('#lat', String(CUSTOMER.lat));
  await buyer.type('#lng', String(CUSTOMER.lng));
  await buyer.type('#model', 'BCD-200');
  await buyer.type('#serial', 'SN-2141');
  await buyer.type('#fault', '冰箱冷冻室不制冷');
  await click(buyer, '#file button');
  const number = new URL(buyer.url()).pathname.split('/').pop();
  assert.match(number, /^SJ-\d{4}-\d{6}$/);

  // the dispatcher (the worker's tick) offers it to the nearest with a slot
  await waitFor(() => row(number).status === 'offered');
  assert.equal(row(number).provider, want.id, `offered to ${want.code}, the nearest with a slot`);

  // the provider's agent, on a phone
  const agent = await signIn(agentLogin, '/provider/jobs');
  await phone(agent);
  assert.match(await text(agent, 'main'), new RegExp(number));
  await checkPage(agent, 'flow-provider-jobs');
  await phone(agent);
  await click(agent, `a[href="/provider/jobs/${number}"]`);
  assert.match(await text(agent, 'main'), /冰箱冷冻室不制冷/);
  assert.doesNotMatch(await text(agent, 'main'), /13698765432/, 'offered only: no phone yet');
  await checkPage(agent, 'flow-provider-offered');
  await phone(agent);
  await click(agent, '#accept button');
  assert.equal(row(number).status, 'accepted');
  assert.ok(await agent.$('a[href="tel:13698765432"]'), 'the holder calls the customer');

  const v = visitFor(want.id);
  await agent.$eval('#date', (e, d) => { e.value = d; }, v.date);
  await agent.$eval('#from', (e, t) => { e.value = t; }, v.from);
  await agent.$eval('#to', (e, t) => { e.value = t; }, v.to);
  await click(agent, '#schedule button');
  assert.equal(row(number).status, 'scheduled');
  await click(agent, '#start button');
  assert.equal(row(number).status, 'in_progress');
  await agent.type('#part_no_0', 'CMP-BCD200');
  await agent.type('#quantity_0', '1');
  await click(agent, '#parts button');
  assert.equal(row(number).status, 'waiting_parts');
  await checkPage(agent, 'flow-provider-waiting-parts');

  // the region ships the part and it arrives
  const [[part]] = sql(`SELECT p.id FROM service_parts p JOIN service_jobs j ON j.id = p.job_id WHERE j.number = '${number}'`);
  const staff = await signIn('r01.agent', `/service/parts?job=${number}`);
  const form = `form:has(input[name=id][value="${part}"])`;
  await checkPage(staff, 'flow-service-parts');
  await click(staff, `${form} button[value=ship]`);
  await click(staff, `${form} button[value=receive]`);
  assert.equal(row(number).status, 'scheduled', 'the part is in: back to its visit');

  // the agent finishes the visit
  await agent.reload({ waitUntil: 'load' });
  await click(agent, '#start button');
  await agent.type('#work_done', '更换压缩机，冷冻恢复正常');
  await agent.type('#parts_used', 'CMP-BCD200 × 1');
  await click(agent, '#finish button');
  assert.equal(row(number).status, 'finished');
  await checkPage(agent, 'flow-provider-finished');

  // r01.agent calls the customer
  const [[callId]] = sql(`SELECT f.id FROM service_followups f JOIN service_jobs j ON j.id = f.job_id WHERE j.number = '${number}'`);
  await staff.goto(`${staff.url().split('/service')[0]}/service/followups`, { waitUntil: 'load' });
  const li = `#call-${callId}`;
  assert.ok(await staff.$(`${li} a[href="tel:13698765432"]`), 'the customer to call');
  await checkPage(staff, 'flow-service-followups');
  await staff.click(`${li} input[value=reached]`);
  await staff.select(`#sat-${callId}`, '5');
  await staff.type(`#comment-${callId}`, '上门及时，很满意');
  await click(staff, `${li} button`);
  assert.equal(row(number).status, 'closed');

  // the dealer sees it closed, by whom, and the timeline; never the customer's phone
  const [[name]] = sql(`SELECT name_zh FROM orgs WHERE id = ${want.id}`);
  await buyer.goto(`${buyer.url().split('/service')[0]}/service/${number}`, { waitUntil: 'load' });
  const page = await text(buyer, 'main');
  assert.ok(page.includes(name), 'the provider\'s name');
  assert.doesNotMatch(page, /13698765432/, 'no phone for the dealer');
  await checkPage(buyer, 'flow-service-closed-dealer');
});
