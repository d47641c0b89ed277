// 0501 (browser), issue #8 acceptance 1 and 3: d0001.buyer files a complaint about an order
// from its order page; r01.agent finds it in the queue with its clock, writes an internal
// note and a reply, resolves it; the dealer sees the reply (never the note) and rates it.
// Pages pass axe and fit a phone. Screenshots.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, sql, openComplaint } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);

test('acceptance 1: file about an order, the agent replies and resolves, the dealer rates', async () => {
  const [[order]] = sql("SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = 'D0001' AND o.status = 'delivered' LIMIT 1");
  const buyer = await signIn('d0001.buyer', `/orders/${order}`);
  await click(buyer, `a[href="/complaints/new?order=${order}"]`);
  assert.equal(await buyer.$eval('#order', (e) => e.value), order, 'the order is filled in');
  assert.deepEqual(await axe(buyer), []);
  // a mistake first: the form comes back with what was typed
  await buyer.select('#category', 'product_quality');
  await buyer.select('#severity', 'high');
  await buyer.type('#description', '冰箱门密封条开裂，冷藏室不制冷');
  await buyer.$eval('#subject', (e) => { e.removeAttribute('required'); });
  const [bad] = await Promise.all([buyer.waitForNavigation(), buyer.click('#file button')]);
  assert.equal(bad.status(), 422);
  assert.match(await text(buyer, '.errors'), /subject/);
  assert.equal(await buyer.$eval('#description', (e) => e.value), '冰箱门密封条开裂，冷藏室不制冷');
  assert.equal(await buyer.$eval('#category', (e) => e.value), 'product_quality');
  await buyer.type('#subject', '冰箱不制冷');
  await click(buyer, '#file button');
  assert.match(new URL(buyer.url()).pathname, /^\/complaints\/CP-\d{4}-\d{6}$/);
  const number = new URL(buyer.url()).pathname.split('/').pop();
  assert.match(await text(buyer, '.notice'), /24 小时内答复/);
  assert.match(await text(buyer, '.clocks'), /首次答复期限.*剩余 2[34] 小时/s, 'the first-response countdown');
  assert.match(await text(buyer, '.clocks'), /解决期限.*剩余 7[01] 小时/s, 'high: about 72 hours');
  assert.deepEqual(await axe(buyer), []);
  await shot(buyer, 'complaint-filed-dealer');

  // the agent: the queue, then the complaint
  const agent = await signIn('r01.agent', '/complaints');
  assert.ok(await agent.$(`a[href="/complaints/${number}"]`), 'in the region queue');
  assert.match(await agent.$eval(`tr:has(a[href="/complaints/${number}"])`, (tr) => tr.textContent), /剩余 2[34] 小时/);
  assert.deepEqual(await axe(agent), []);
  await shot(agent, 'complaint-queue-agent');
  await click(agent, `a[href="/complaints/${number}"]`);
  await agent.type('#body', '内部：怀疑批次问题，联系质检');
  await agent.click('input[name=internal]');
  await click(agent, '#reply button');
  assert.match(await text(agent, '.thread'), /内部备注/);
  await agent.type('#body', '您好，已安排服务商明天上门检修。');
  await click(agent, '#reply button');
  assert.doesNotMatch(await text(agent, '.clocks'), /首次答复期限/, 'the first response is given: that clock stopped');
  await agent.type('#note', '已更换密封条，制冷恢复正常。');
  await click(agent, '#resolve button');
  assert.match(await text(agent, 'main'), /已解决/);
  assert.deepEqual(await axe(agent), []);
  await shot(agent, 'complaint-resolved-agent');
  await agent.browserContext().close();

  // the dealer: the reply and the resolution, never the note; then the rating
  await buyer.goto(`${BASE}/complaints/${number}`, { waitUntil: 'load' });
  const thread = await text(buyer, '.thread');
  assert.match(thread, /已安排服务商明天上门检修/);
  assert.match(thread, /已更换密封条/);
  assert.ok(!(await buyer.content()).includes('怀疑批次问题'), 'the internal note is nowhere in the page');
  await buyer.click('input[name=rating][value="5"]');
  await buyer.type('#comment', '响应很快');
  await click(buyer, '#rate button');
  assert.match(await text(buyer, '.facts'), /5 \/ 5/);
  assert.equal(await buyer.$('#rate'), null, 'rated once');
  assert.ok(await buyer.$('#reopen'), 'it may still be reopened');
  await shot(buyer, 'complaint-rated-dealer');
  await buyer.setViewport({ width: 390, height: 844, isMobile: true });
  await buyer.goto(`${BASE}/complaints`, { waitUntil: 'load' });
  assert.ok(await overflowX(buyer) <= 0, 'the list fits a phone');
  assert.deepEqual(await axe(buyer), []);
  await buyer.goto(`${BASE}/complaints/${number}`, { waitUntil: 'load' });
  assert.ok(await overflowX(buyer) <= 0, 'the complaint fits a phone');
  await shot(buyer, 'complaint-phone');
  await buyer.browserContext().close();
  const [[rating]] = sql(`SELECT rating FROM complaints WHERE number = '${number}'`);
  assert.equal(rating, '5');
});

test('an overdue complaint is marked in the queue, and another region does not see it', async () => {
  const number = await openComplaint('D0001');
  sql(`UPDATE complaints SET filed_at = filed_at - INTERVAL 30 HOUR, first_response_due = first_response_due - INTERVAL 30 HOUR, first_responded_at = NULL WHERE number = '${number}'`);
  const agent = await signIn('r01.agent', '/complaints');
  const row = await agent.$eval(`tr:has(a[href="/complaints/${number}"])`, (tr) => [tr.className, tr.textContent]);
  assert.equal(row[0], 'late');
  assert.match(row[1], /已超时/);
  await agent.browserContext().close();
  const other = await signIn('r02.agent', '/complaints');
  assert.equal(await other.$(`a[href="/complaints/${number}"]`), null);
  const res = await other.goto(`${BASE}/complaints/${number}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await other.browserContext().close();
});

test('the figures page: a table with the formulas and an inline SVG chart', async () => {
  const page = await signIn('hq.agent', '/complaints/figures');
  const rows = await page.$$eval('table:not(.chart-data) tbody tr', (trs) => trs.length);
  assert.ok(rows >= 1);
  assert.match(await text(page, 'table'), /北京/);
  assert.equal(await page.$$eval('#cf-within svg rect.bar', (r) => r.length), Math.min(rows, 64), 'one bar per row');
  assert.match(await text(page, '.help'), /24/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'complaint-figures');
  await page.setViewport({ width: 390, height: 844, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(page) <= 0, 'fits a phone');
  await page.browserContext().close();
});

test('the complaint\'s forms refuse as the API does: a stale page 409, a blank note 422, nothing written', async () => {
  const number = await openComplaint('D0001', true);	// not the one made overdue above: the sweep escalates it
  const [[version]] = sql(`SELECT version FROM complaints WHERE number = '${number}'`);
  const messages = () => sql(`SELECT COUNT(*) FROM complaint_messages m JOIN complaints c ON c.id = m.complaint_id WHERE c.number = '${number}'`)[0][0];
  const before = messages();
  const agent = await signIn('r01.agent', `/complaints/${number}`);
  // the complaint moves on after the page was read
  sql(`UPDATE complaints SET version = version + 1 WHERE number = '${number}'`);
  await agent.type('#body', '稍后回复');
  const [stale] = await Promise.all([agent.waitForNavigation(), agent.click('#reply button')]);
  assert.equal(stale.status(), 409);
  assert.match(await text(agent, '.errors'), /changed meanwhile/);
  assert.equal(messages(), before, 'nothing written');
  // the page shown again carries the new version: a blank note is the next refusal
  await agent.$eval('#note', (e) => { e.removeAttribute('required'); });
  const [blank] = await Promise.all([agent.waitForNavigation(), agent.click('#resolve button')]);
  assert.equal(blank.status(), 422);
  assert.match(await text(agent, '.errors'), /note/);
  const [[status, v]] = sql(`SELECT status, version FROM complaints WHERE number = '${number}'`);
  assert.notEqual(status, 'resolved');
  assert.equal(Number(v), Number(version) + 1);
  assert.equal(messages(), before, 'nothing written');
  await agent.browserContext().close();
});
