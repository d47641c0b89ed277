// 2442 (browser), issue #24 acceptance 1: d0001.buyer, on a 390-px phone, attaches a photo to a
// complaint through the page's form (no JavaScript: a file input in a multipart form); r01.agent
// sees its thumbnail on the complaint and opens the image; d0002.buyer gets 404 for the image and
// its thumbnail.  The pages are axe-clean and fit the phone; screenshots land in tests/artifacts/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BASE, client, sql, later } = require('../lib/harness');
const { provider, offered } = require('../lib/service-work');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text, checkPage } = require('../lib/browser');
const { canvasImages, png, PDF } = require('../lib/images');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const { call } = client();

let number, photo, url;

// A thumbnail, scrolled to (it loads lazily) and loaded: its natural size.
async function thumb(page, sel = '#attachments img') {
  await page.$eval(sel, (e) => e.scrollIntoView());
  await page.waitForFunction((s) => { const i = document.querySelector(s); return i.complete && i.naturalWidth > 0; },
    { timeout: 10000 }, sel);
  return page.$eval(sel, (e) => [e.naturalWidth, e.naturalHeight]);
}

test('d0001.buyer attaches a photo to a complaint from a 390-px phone', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'high',
    subject: `冰箱门凹陷 ${RUN}`, description: '送货时门被压坏，附照片。' }, { 'Idempotency-Key': `b2442-${RUN}` });
  assert.equal(res.status, 201);
  number = (await res.json()).number;
  const { jpeg } = await canvasImages(1600, 1200);
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'b2442-')), `door-${RUN}.jpg`);
  fs.writeFileSync(photo, jpeg);

  const page = await signIn('d0001.buyer', `/complaints/${number}`);
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await page.reload({ waitUntil: 'load' });
  assert.match(await text(page, '#attachments-h'), /附件/);
  assert.match(await text(page, '#attachments'), /暂无附件/);
  assert.equal(await page.$eval('#attach-file', (e) => e.accept), 'image/jpeg,image/png,image/webp,application/pdf');
  assert.equal(await page.$eval('#attach', (e) => e.enctype), 'multipart/form-data');
  assert.ok(await overflowX(page) <= 0, 'the form fits the phone');
  assert.deepEqual(await axe(page), []);
  await shot(page, '2442-attach-form-phone');
  const input = await page.$('#attach-file');
  await input.uploadFile(photo);
  await click(page, '#attach button[type=submit]');
  assert.match(page.url(), new RegExp(`/complaints/${number}\\?attached=1#attachments$`));
  assert.match(await text(page, '#attachments .notice'), /文件已上传/);
  const img = await page.$eval('#attachments img', (e) => ({ alt: e.alt, src: e.getAttribute('src'),
    href: e.closest('a').getAttribute('href') }));
  assert.equal(img.alt, path.basename(photo));
  assert.match(img.src, /^\/attachments\/\d+\/thumb$/);
  assert.deepEqual(await thumb(page), [320, 240], 'the thumbnail, loaded');
  url = img.href;
  assert.ok(await overflowX(page) <= 0, 'fits the phone with its thumbnail');
  await shot(page, '2442-attached-phone');
  await page.setViewport({ width: 1280, height: 900 });
  await checkPage(page, '2442-attached');
  await page.browserContext().close();
});

test('r01.agent sees the thumbnail on the complaint and opens the image', async () => {
  assert.ok(url, 'the upload ran');
  const page = await signIn('r01.agent', `/complaints/${number}`);
  assert.deepEqual(await thumb(page, `#attachments img[alt="${path.basename(photo)}"]`), [320, 240],
    'the thumbnail shows');
  await checkPage(page, '2442-agent-complaint');
  const [res] = await Promise.all([page.waitForNavigation(), page.click(`#attachments a[href="${url}"]`)]);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'image/jpeg');
  assert.equal(res.headers()['x-content-type-options'], 'nosniff');
  assert.equal(res.headers()['content-security-policy'], "sandbox; default-src 'none'");
  assert.match(res.headers()['content-disposition'], /^inline;/);
  const size = await page.evaluate(() => { const i = document.querySelector('img'); return [i.naturalWidth, i.naturalHeight]; });
  assert.deepEqual(size, [1600, 1200], 'the image itself, opened');
  await shot(page, '2442-agent-image');
  await page.browserContext().close();
});

test('d0002.buyer gets 404 for the image and its thumbnail', async () => {
  assert.ok(url, 'the upload ran');
  const page = await signIn('d0002.buyer', '/');
  for (const p of [url, `${url}/thumb`]) {
    const res = await page.goto(BASE + p, { waitUntil: 'load' });
    assert.equal(res.status(), 404, p);
    assert.doesNotMatch(res.headers()['content-type'], /^image\//);
  }
  await shot(page, '2442-other-dealer-404');
  // nor is the complaint there for it
  const res = await page.goto(`${BASE}/complaints/${number}`, { waitUntil: 'load' });
  assert.equal(res.status(), 404);
  await page.browserContext().close();
});

// An image and a PDF on a service job and on a return, through the API (as, e.g., a provider's
// agent from the van); each page shows them and its form, axe-clean, fitting a phone.
let keys = 0;
async function attach(who, kind, number, file, name, type) {
  const { as } = client();
  const fd = new FormData();
  fd.append('file', new Blob([file], { type }), name);
  const res = await fetch(`${BASE}/api/v1/${kind}/${number}/attachments`, { method: 'POST', body: fd,
    headers: { Authorization: `Bearer ${await as(who)}`, 'Idempotency-Key': `b2442-${RUN}-${++keys}` } });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('a service job\'s pages (the region\'s and the provider\'s) and a return\'s show their attachments', async () => {
  const p = provider('B1');
  const job = offered(p).number;
  // the provider holds the job (an offer alone shows no customer's photos)
  const acc = await call(p.login, 'POST', `/api/v1/service-jobs/${job}/accept`);
  assert.equal(acc.status, 200, await acc.clone().text());
  await attach(p.login, 'service-jobs', job, png(900, 600), 'fridge-label.png', 'image/png');
  await attach('d0001.buyer', 'service-jobs', job, PDF, 'warranty card.pdf', 'application/pdf');
  for (const [who, url, name] of [['r01.agent', `/service/${job}`, '2442-job-region'],
    [p.login, `/provider/jobs/${job}`, '2442-job-provider']]) {
    const page = await signIn(who, url);
    assert.equal(await page.$eval('#attachments img', (e) => e.alt), 'fridge-label.png', who);
    assert.deepEqual(await thumb(page), [320, 213], `${who}: the thumbnail loads`);
    assert.match(await text(page, '#attachments a.file-link'), /PDF: warranty card\.pdf/);
    assert.ok(await page.$('#attach input[type=file]'), `${who}: the upload form`);
    await checkPage(page, name);
    await page.browserContext().close();
  }
  // a return: an order of d0001 shipped, one unit asked back, a photo of it
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [
    { product: 'XQG-2002', quantity: 1, options: { capacity_kg: 7, loading: 'front' } }],
  requested_date: later(), ship_to: 'Beijing' }, { 'Idempotency-Key': `b2442-o-${RUN}` });
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders o SET o.status = 'in_production', o.version = o.version + 1, o.promised_date = '${later(12)}'
    WHERE o.number = '${o.number}'`);
  res = await call('erp', 'POST', `/api/v1/orders/${o.number}/shipments`, { lines: [{ line: 1, quantity: 1 }],
    carrier: 'SF Express', waybill: `SF-B2442-${RUN}` }, { 'Idempotency-Key': `b2442-s-${RUN}` });
  assert.equal(res.status, 201);
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/returns`,
    { lines: [{ line: 1, quantity: 1 }], reason: '外壳破损' }, { 'Idempotency-Key': `b2442-r-${RUN}` });
  assert.equal(res.status, 201);
  const rma = (await res.json()).number;
  await attach('d0001.buyer', 'returns', rma, png(640, 800), 'scratch.png', 'image/png');
  const page = await signIn('r01.approver', `/returns/${rma}`);
  assert.equal(await page.$eval('#attachments img', (e) => e.alt), 'scratch.png');
  await checkPage(page, '2442-return');
  await page.browserContext().close();
});
