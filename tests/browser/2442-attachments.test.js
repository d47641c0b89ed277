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
const { BASE, client } = require('../lib/harness');
const { launch, shot, axe, overflowX, signIn: signInAs, click, text, checkPage } = require('../lib/browser');
const { canvasImages } = require('../lib/images');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const signIn = (who, next) => signInAs(browser, who, next);
const RUN = Date.now().toString(36);
const { call } = client();

let number, photo, url;

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
    w: e.naturalWidth, h: e.naturalHeight, href: e.closest('a').getAttribute('href') }));
  assert.equal(img.alt, path.basename(photo));
  assert.match(img.src, /^\/attachments\/\d+\/thumb$/);
  assert.deepEqual([img.w, img.h], [320, 240], 'the thumbnail, loaded');
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
  const img = await page.$eval(`#attachments img[alt="${path.basename(photo)}"]`, (e) => ({ w: e.naturalWidth,
    complete: e.complete }));
  assert.ok(img.complete && img.w === 320, 'the thumbnail shows');
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
