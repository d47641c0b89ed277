// 2121 (browser), issue #21: a provider's agent works a job on a phone: sees the offer
// without the customer, accepts (the customer shows, with a tel: link), schedules, starts,
// asks for a part; r01.agent ships and receives it on /service/parts; the agent starts again
// and finishes; r01.agent logs the follow-up call on /service/followups and the job closes.
// Every page passes axe and fits a 390-px screen; screenshots desktop and phone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('../lib/harness');
const { launch, signIn: signInAs, click, text, checkPage } = require('../lib/browser');
const { provider, offered, tomorrow } = require('../lib/service-work');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const phone = (page) => page.setViewport({ width: 390, height: 844 });
const status = (number) => sql(`SELECT status FROM service_jobs WHERE number = '${number}'`)[0][0];

test('the agent works a job on a phone; the region ships the part and calls the customer', async () => {
  const p = provider('w');
  const j = offered(p);

  const agent = await signIn(p.login, '/');
  assert.ok(await agent.$('main a[href="/provider/jobs"]'), 'the home page leads to the jobs');
  assert.ok(await agent.$('header a[href="/provider/jobs"]'), 'in the menu');
  assert.equal(await agent.$('header a[href="/orders"]'), null, 'no sales network in the menu');
  await click(agent, 'main a[href="/provider/jobs"]');
  assert.match(await text(agent, 'section:has(#g-offered)'), new RegExp(j.number));
  await checkPage(agent, 'provider-jobs');
  await phone(agent);

  await click(agent, `a[href="/provider/jobs/${j.number}"]`);
  assert.match(await text(agent, 'main'), /冰箱不制冷/);
  assert.doesNotMatch(await text(agent, 'main'), new RegExp(j.phone), 'offered only: no phone');
  await checkPage(agent, 'provider-job-offered');
  await phone(agent);
  await click(agent, '#accept button');
  assert.ok(await agent.$(`a[href="tel:${j.phone}"]`), 'the holder calls the customer');
  assert.match(await text(agent, 'main'), /建国路/);

  await agent.$eval('#date', (e, d) => { e.value = d; }, tomorrow());
  await agent.$eval('#from', (e) => { e.value = '09:00'; });
  await agent.$eval('#to', (e) => { e.value = '11:00'; });
  await click(agent, '#schedule button');
  assert.equal(status(j.number), 'scheduled');
  await click(agent, '#start button');
  assert.equal(status(j.number), 'in_progress');
  await agent.type('#part_no_0', 'EV-100');
  await agent.type('#quantity_0', '1');
  await click(agent, '#parts button');
  assert.equal(status(j.number), 'waiting_parts');
  assert.match(await text(agent, '#parts-h + ul'), /EV-100 × 1/);
  await checkPage(agent, 'provider-job-waiting-parts');

  const [[part]] = sql(`SELECT p.id FROM service_parts p JOIN service_jobs j ON j.id = p.job_id
    WHERE j.number = '${j.number}'`);
  const staff = await signIn('r01.agent', '/service/parts');
  const form = `form:has(input[name=id][value="${part}"])`;
  assert.ok(await staff.$(`${form} button[value=ship]`), 'listed with its ship button');
  await checkPage(staff, 'service-parts');
  await click(staff, `${form} button[value=ship]`);
  await click(staff, `${form} button[value=receive]`);
  assert.equal(await staff.$(form), null, 'received: off the list');
  assert.equal(status(j.number), 'scheduled', 'the parts are in: back to its visit');

  await agent.reload({ waitUntil: 'load' });
  await click(agent, '#start button');
  await agent.type('#work_done', '更换蒸发器，制冷恢复');
  await agent.type('#parts_used', 'EV-100');
  await click(agent, '#finish button');
  assert.equal(status(j.number), 'finished');
  assert.match(await text(agent, 'ol.timeline'), /已完工/);
  await checkPage(agent, 'provider-job-finished');

  const [[call]] = sql(`SELECT f.id FROM service_followups f JOIN service_jobs j ON j.id = f.job_id
    WHERE j.number = '${j.number}'`);
  await staff.goto(`${staff.url().split('/service')[0]}/service/followups`, { waitUntil: 'load' });
  const li = `#call-${call}`;
  assert.ok(await staff.$(`${li} a[href="tel:${j.phone}"]`), 'the customer to call');
  assert.match(await text(staff, li), /更换蒸发器/);
  await checkPage(staff, 'service-followups');
  await staff.click(`${li} input[value=reached]`);
  await staff.select(`#sat-${call}`, '5');
  await staff.type(`#comment-${call}`, '客户很满意');
  await click(staff, `${li} button`);
  assert.equal(await staff.$(li), null, 'logged: off the list');
  assert.equal(status(j.number), 'closed');
});
