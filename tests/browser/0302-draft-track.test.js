// 0302 (browser), issue #5 acceptance 1: d0001.buyer configures a 200 L fridge with a logo
// text, adds a second line, submits the draft; sees the order with the right total in the
// list; r01.manager posts scheduled and shipped (carrier, waybill) on the tracking page;
// the dealer sees the timeline. Also: CSV rows pasted into the draft, and ordering again.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, login, sql, later } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const yuan = (fen) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

const signIn = (who, next) => signInAs(browser, who, next);

// What the two lines cost, asked of the quote API independently of the pages.
async function quote(code, quantity, options) {
  const t = (await login('d0001.buyer')).access_token;
  const res = await fetch(`${BASE}/api/v1/products/${code}/quote`, { method: 'POST',
    headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ quantity, options }) });
  assert.equal(res.status, 200);
  return (await res.json()).line_total;
}

async function emptyDraft(page) {
  await page.goto(`${BASE}/draft`, { waitUntil: 'load' });
  while (await page.$('form input[name=action][value=remove]')) {
    await click(page, 'button.danger.small');
  }
}

test('acceptance 1: configure, build the draft, submit, track, see the timeline', async () => {
  const buyer = await signIn('d0001.buyer', '/catalogue/BCD-2005');
  await emptyDraft(buyer);
  await buyer.goto(`${BASE}/catalogue/BCD-2005`, { waitUntil: 'load' });
  // the 200 L fridge with a logo text
  await buyer.$eval('#opt-capacity', (e) => { e.value = ''; });
  await buyer.type('#opt-capacity', '200');
  await buyer.select('#opt-colour', 'champagne');
  await buyer.select('#opt-energy_class', '1');
  await buyer.type('#opt-logo_text', '沃尔玛专供');
  await buyer.$eval('#quantity', (e) => { e.value = ''; });
  await buyer.type('#quantity', '4');
  await click(buyer, 'button[value=add]');
  assert.equal(new URL(buyer.url()).pathname, '/draft');
  assert.match(await text(buyer, '.notice'), /已加入草稿/);
  // a second line: a washer, first added with a wrong quantity, then changed on the draft
  await buyer.goto(`${BASE}/catalogue/XQG-2002`, { waitUntil: 'load' });
  await buyer.$eval('#opt-capacity_kg', (e) => { e.value = ''; });
  await buyer.type('#opt-capacity_kg', '7');
  await buyer.select('#opt-loading', 'front');
  await click(buyer, 'button[value=add]');
  const rows = await buyer.$$eval('table.draft tbody tr', (trs) => trs.length);
  assert.equal(rows, 2);
  const washerId = await buyer.$eval('table.draft tbody tr:nth-child(2) input[name=line]', (e) => e.value);
  await buyer.$eval(`#qty-${washerId}`, (e) => { e.value = ''; });
  await buyer.type(`#qty-${washerId}`, '3');
  await click(buyer, `#qty-${washerId} + button`);
  assert.match(await text(buyer, '.notice'), /数量已修改/);
  const expected = await quote('BCD-2005', 4, { capacity: 200, colour: 'champagne', energy_class: '1',
    logo_text: '沃尔玛专供' }) + await quote('XQG-2002', 3, { capacity_kg: 7, loading: 'front' });
  assert.equal(await text(buyer, '#draft-total'), yuan(expected));
  assert.deepEqual(await axe(buyer), []);
  await shot(buyer, 'draft-desktop');
  await buyer.setViewport({ width: 390, height: 844, isMobile: true });
  await buyer.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(buyer) <= 0, 'the draft fits a phone');
  await shot(buyer, 'draft-phone');
  await buyer.setViewport({ width: 1280, height: 900 });
  // submit
  await buyer.$eval('#requested_date', (e, d) => { e.value = d; }, later());
  await buyer.type('#ship_to', '北京市朝阳区建国路 1 号 沃尔玛');
  await buyer.type('#note', '春节前到货');
  await click(buyer, '#submit button');
  const number = new URL(buyer.url()).pathname.split('/').pop();
  assert.match(number, /^SO-\d{4}-\d{6}$/);
  assert.match(await text(buyer, '.notice'), /订单已提交/);
  assert.equal(await text(buyer, 'tfoot strong'), yuan(expected));
  assert.equal(sql(`SELECT total FROM orders WHERE number = '${number}'`)[0][0], String(expected));
  // the draft is empty now
  await buyer.goto(`${BASE}/draft`, { waitUntil: 'load' });
  assert.equal(await buyer.$('table.draft'), null);
  // the list shows it with its total
  await buyer.goto(`${BASE}/orders`, { waitUntil: 'load' });
  const row = await buyer.$eval(`a[href="/orders/${number}"]`, (a) => a.closest('tr').textContent);
  assert.ok(row.includes(yuan(expected)), row);
  await shot(buyer, 'orders-list-with-new');

  // Approval is issue #7; until then the order is approved directly.
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
  const staff = await signIn('r01.manager', `/orders/${number}`);
  assert.equal(new URL(staff.url()).pathname, `/orders/${number}`);
  assert.deepEqual(await axe(staff), []);
  await staff.select('#track-status', 'scheduled');
  await click(staff, '#track button');
  assert.match(await text(staff, '.notice'), /订单状态已更新/);
  await staff.select('#track-status', 'in_production');
  await click(staff, '#track button');
  // shipped needs carrier and waybill: without them, the form says so
  await staff.select('#track-status', 'shipped');
  await staff.type('#track-carrier', '中铁物流');
  await click(staff, '#track button');
  assert.match(await text(staff, '.errors'), /waybill/);
  await staff.type('#track-waybill', 'ZT-2026-0001');
  await click(staff, '#track button');
  assert.match(await text(staff, '.notice'), /订单状态已更新/);
  await shot(staff, 'order-tracking-staff');

  await buyer.goto(`${BASE}/orders/${number}`, { waitUntil: 'load' });
  assert.equal(await text(buyer, 'ol.steps li[aria-current=step]'), '已发货');
  const timeline = await buyer.$$eval('ol.timeline li', (lis) => lis.map((l) => l.textContent));
  assert.equal(timeline.length, 4);
  assert.match(timeline[1], /已排产/);
  assert.match(timeline[3], /已发货.*中铁物流.*ZT-2026-0001/);
  assert.equal(await buyer.$('#track'), null, 'dealers do not post tracking events');
  // nor by posting the form by hand, with a valid CSRF token
  const [forgedRes] = await Promise.all([buyer.waitForNavigation(), buyer.evaluate(() => {
    const f = document.querySelector('#reorder');
    f.querySelector('input[name=action]').value = 'event';
    const st = document.createElement('input');
    Object.assign(st, { type: 'hidden', name: 'status', value: 'delivered' });
    f.appendChild(st);
    f.submit();
  })]);
  const forged = forgedRes.status();
  assert.equal(forged, 403);
  assert.equal(sql(`SELECT status FROM orders WHERE number = '${number}'`)[0][0], 'shipped');
  await buyer.goto(`${BASE}/orders/${number}`, { waitUntil: 'load' });
  assert.deepEqual(await axe(buyer), []);
  await shot(buyer, 'order-timeline-dealer');

  // order the same lines again: they come back into the draft
  await click(buyer, '#reorder button');
  assert.equal(new URL(buyer.url()).pathname, '/draft');
  assert.equal(await buyer.$$eval('table.draft tbody tr', (trs) => trs.length), 2);
  assert.equal(await text(buyer, '#draft-total'), yuan(expected));
  await emptyDraft(buyer);
  await buyer.browserContext().close();
  await staff.browserContext().close();
});

test('CSV rows pasted into the draft: errors per row, then added', async () => {
  const page = await signIn('d0002.buyer', '/draft');
  await emptyDraft(page);
  await page.type('#csv-text', 'model,quantity,options\nXQG-2002,2,capacity_kg=7;loading=front\nBCD-2001,1,colour=pink\n');
  await click(page, '#csv button');
  const errors = await text(page, '.errors');
  assert.match(errors, /rows\[3\]\.options\.colour/);
  assert.match(errors, /rows\[3\]\.options\.capacity/);
  assert.equal(await page.$('table.draft'), null, 'nothing was added');
  assert.deepEqual(await axe(page), []);
  await page.$eval('#csv-text', (e) => { e.value = 'XQG-2002,2,capacity_kg=7;loading=front\nES-2001,1,capacity_l=60;heating=gas;energy_class=2\n'; });
  await click(page, '#csv button');
  assert.equal(await page.$$eval('table.draft tbody tr', (trs) => trs.length), 2);
  await emptyDraft(page);
  await page.browserContext().close();
});

test('an account manager picks the dealer when submitting a draft', async () => {
  const page = await signIn('r01.manager', '/catalogue/XQG-2002');
  await emptyDraft(page);
  await page.goto(`${BASE}/catalogue/XQG-2002`, { waitUntil: 'load' });
  await page.$eval('#opt-capacity_kg', (e) => { e.value = '8'; });
  await page.select('#opt-loading', 'top');
  await click(page, 'button[value=add]');
  const options = await page.$$eval('#dealer option', (os) => os.map((o) => o.textContent));
  assert.ok(options.some((o) => o.startsWith('D0001')), options.join());
  assert.ok(!options.some((o) => o.startsWith('D0002')), 'only assigned dealers');
  const d0001 = sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0];
  await page.select('#dealer', d0001);
  await page.$eval('#requested_date', (e, d) => { e.value = d; }, later());
  await page.type('#ship_to', 'Beijing');
  await click(page, '#submit button');
  const number = new URL(page.url()).pathname.split('/').pop();
  assert.equal(sql(`SELECT dealer_id FROM orders WHERE number = '${number}'`)[0][0], d0001);
  await page.browserContext().close();
});
