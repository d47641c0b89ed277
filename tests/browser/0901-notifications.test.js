// 0901 (browser), issue #20 acceptance 1: r01.manager ships an order on its page; d0001.buyer
// sees the unread count in the header, opens the notification, and lands on the order, which
// is then read. The notification centre at desktop and phone sizes, passing axe.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, DIR, sql, cli, later, client, waitFor, login } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const { call } = client();
const RUN = Date.now().toString(36);

test('acceptance 1: a shipment reaches the buyer\'s notification centre and leads to the order', async () => {
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 2,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `notify-browser-${RUN}` });
  assert.equal(res.status, 201);
  const { number } = await res.json();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${number}'`);
  for (const status of ['scheduled', 'in_production']) {
    assert.equal((await call('r01.manager', 'POST', `/api/v1/orders/${number}/events`, { status })).status, 200);
  }
  // whatever came before is read: the count the header shows is this shipment's
  await waitFor(() => sql("SELECT COUNT(*) FROM notify_events WHERE fanned_at IS NULL")[0][0] === '0');
  assert.equal((await call('d0001.buyer', 'POST', '/api/v1/notifications/read-all')).status, 200);

  const staff = await signIn('r01.manager', `/orders/${number}`);
  await staff.select('#track-status', 'shipped');
  await staff.type('#track-carrier', '中铁物流');
  await staff.type('#track-waybill', `ZT-${RUN}`);
  await click(staff, '#track button');
  assert.match(await text(staff, '.notice'), /订单状态已更新/);

  await waitFor(async () => (await (await call('d0001.buyer', 'GET', '/api/v1/notifications')).json()).unread > 0);
  const buyer = await signIn('d0001.buyer', '/orders');
  assert.equal(await text(buyer, 'header .bell .count'), '1');
  assert.match(await buyer.$eval('header .bell', (a) => a.getAttribute('aria-label')), /1/);
  await shot(buyer, 'notifications-count');
  await click(buyer, 'header .bell');
  assert.equal(new URL(buyer.url()).pathname, '/notifications');
  const first = await text(buyer, 'ul.notifications li.unread button.link');
  assert.ok(first.includes(number) && first.includes(`ZT-${RUN}`) && first.includes('已发货'), first);
  assert.deepEqual(await axe(buyer), []);
  await shot(buyer, 'notifications-desktop');
  await buyer.setViewport({ width: 390, height: 844, isMobile: true });
  await buyer.reload({ waitUntil: 'load' });
  assert.ok(await overflowX(buyer) <= 0, 'the notification centre fits a phone');
  assert.deepEqual(await axe(buyer), []);
  await shot(buyer, 'notifications-phone');
  await buyer.setViewport({ width: 1280, height: 900 });
  await buyer.reload({ waitUntil: 'load' });
  // open it: the order's page, and the notification is read
  await click(buyer, 'ul.notifications li.unread button.link');
  assert.equal(new URL(buyer.url()).pathname, `/orders/${number}`);
  assert.equal(await text(buyer, 'ol.steps li[aria-current=step]'), '已发货');
  assert.equal(await buyer.$('header .bell .count'), null, 'nothing unread now');
  await shot(buyer, 'notifications-landed');

  // another dealer's notification cannot be opened, even with a valid form
  const other = await signIn('d0002.buyer', '/notifications');
  const id = sql(`SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'd0001.buyer' AND n.object_ref = '${number}'`)[0][0];
  const [resp] = await Promise.all([other.waitForNavigation(), other.evaluate((nid) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = `/notifications/${nid}`;
    const c = document.createElement('input');
    Object.assign(c, { type: 'hidden', name: '_csrf', value: document.querySelector('input[name=_csrf]').value });
    f.appendChild(c);
    document.body.appendChild(f);
    f.submit();
  }, id)]);
  assert.equal(resp.status(), 404);
});

test('issue #20 acceptance 5 in a browser: "forgot your password?" from the sign-in page to a new one', async () => {
  const who = `reset.page.${RUN}`;
  cli(['user', 'add', who, 'D0003', 'dealer_buyer'], 'first-password-page\n');
  sql(`UPDATE users SET email = '${who}@dealernet.example' WHERE login = '${who}'`);
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${BASE}/login`, { waitUntil: 'load' });
  await click(page, 'a[href="/forgot"]');
  assert.equal(new URL(page.url()).pathname, '/forgot');
  await checkPage(page, 'forgot');
  await page.type('#email', `${who}@dealernet.example`);
  await click(page, 'form[action="/forgot"] button');
  assert.match(await text(page, '.notice'), /a link to set a new password is on its way/);
  const dir = path.join(DIR, 'mail', 'new');
  let token;
  await waitFor(() => {
    const m = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .find((x) => x.includes(`To: ${who}@dealernet.example`));
    return m && (token = /\/reset\?token=([A-Za-z0-9_-]{32})/.exec(m)[1]);
  });
  await page.goto(`${BASE}/reset?token=${token}`, { waitUntil: 'load' });
  await checkPage(page, 'reset');
  await page.type('#password', 'a-new-page-password');
  await page.type('#password2', 'not-the-same-password');
  await click(page, 'form[action="/reset"] button');
  assert.match(await text(page, '.errors'), /passwords differ/);
  await page.type('#password', 'a-new-page-password');
  await page.type('#password2', 'a-new-page-password');
  await click(page, 'form[action="/reset"] button');
  assert.match(await text(page, '.notice'), /Your password is set/);
  await shot(page, 'reset-done');
  assert.ok((await login(who, 'a-new-page-password')).access_token);
  await page.goto(`${BASE}/reset?token=${token}`, { waitUntil: 'load' });
  assert.match(await text(page, 'main'), /does not work any more/);
});

test('notification settings at desktop and phone sizes: a kind turned off and on again', async () => {
  const page = await signIn('d0002.buyer', '/account');
  await click(page, 'a[href="/account/notifications"]');
  assert.equal(new URL(page.url()).pathname, '/account/notifications');
  await checkPage(page, 'notification-settings');
  const box = 'input[name="order.shipped:email"]';
  assert.equal(await page.$eval(box, (e) => e.checked), true, 'the default');
  await page.click(box);
  await click(page, 'form.settings button');
  assert.ok(await page.$('.notice'));
  assert.equal(await page.$eval(box, (e) => e.checked), false);
  assert.equal(sql("SELECT channels FROM notification_prefs p JOIN users u ON u.id = p.user_id WHERE u.login = 'd0002.buyer' AND p.kind = 'order.shipped'")[0][0], 'portal');
  await page.type('#mobile', 'not-a-number');
  await page.$eval('#mobile', (e) => e.removeAttribute('pattern'));
  await click(page, 'form.settings button');
  assert.ok(await page.$('.errors'));
  assert.equal(await page.$eval('#mobile', (e) => e.value), 'not-a-number', 'what was typed stays');
  await page.$eval('#mobile', (e) => { e.value = ''; });
  await page.click(box);
  await click(page, 'form.settings button');
  // as the defaults again: no choice is kept, so later defaults reach this user
  assert.equal(sql("SELECT COUNT(*) FROM notification_prefs p JOIN users u ON u.id = p.user_id WHERE u.login = 'd0002.buyer'")[0][0], '0');
});

test('the admin\'s outbox page: dead letters, waiting and sent messages', async () => {
  const page = await signIn('admin', '/admin/outbox?state=sent');
  assert.equal(new URL(page.url()).pathname, '/admin/outbox');
  assert.ok(await page.$('table tbody tr'), 'sent messages are listed');
  await checkPage(page, 'admin-outbox');
  await page.goto(`${BASE}/admin/outbox`, { waitUntil: 'load' });
  assert.equal(await text(page, 'ul.tabs [aria-current]'), await text(page, 'ul.tabs li:first-child a'));
});
