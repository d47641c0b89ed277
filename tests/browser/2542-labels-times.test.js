// 2542 (browser): labels in the reader's language and times with their zone (issue #25,
// acceptance 5), on a desktop and a 390-px phone, axe-clean, with screenshots: a product's
// option form reads in Chinese and in English and posts the codes; the draft shows the labels;
// the admin edits both labels of each value, a bad one is marked beside its field; the order
// page's times say China time.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, later } = require('../lib/harness');
const { launch, signIn: signInAs, click, checkPage } = require('../lib/browser');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { if (browser) await browser.close(); });
const RUN = Date.now().toString(36).toUpperCase();
const MODEL = `LBL-B${RUN}`.slice(0, 32);
const CJK = /[\u3400-\u9fff]/;
const { call } = client();

const signIn = (who, next) => signInAs(browser, who, next);
async function lang(page, l, next) {
  await page.goto(`${BASE}/lang/${l}?next=${encodeURIComponent(next)}`, { waitUntil: 'load' });
  assert.equal(await page.$eval('html', (e) => e.lang), l);
}
const optionTexts = (page, sel) => page.$$eval(`${sel} option`, (os) =>
  os.filter((o) => o.value !== '').map((o) => [o.value, o.textContent.replace(/ \([^)]*\)$/, '')]));

test('a product\'s options read in Chinese and in English, and the draft shows the labels', async () => {
  const page = await signIn('d0001.buyer', '/');
  await lang(page, 'zh-CN', '/catalogue/KFR-2002');
  const zh = await optionTexts(page, '#opt-horsepower');
  assert.deepEqual(zh, [['1', '1匹'], ['1.5', '1.5匹'], ['2', '2匹'], ['3', '3匹']]);
  for (const sel of ['#opt-mounting', '#opt-energy_class', '#opt-voltage']) {
    for (const [code, label] of await optionTexts(page, sel)) {
      assert.match(label, CJK, `${sel} ${code}`);
      assert.notEqual(label, code);
    }
  }
  await checkPage(page, '2542-product-zh');
  await lang(page, 'en', '/catalogue/KFR-2002');
  assert.deepEqual(await optionTexts(page, '#opt-mounting'), [['wall', 'Wall-mounted'], ['floor', 'Floor-standing']]);
  for (const [code, label] of await optionTexts(page, '#opt-energy_class')) {
    assert.doesNotMatch(label, CJK);
    assert.equal(label, `Energy class ${code}`);
  }
  await checkPage(page, '2542-product-en');
  // what the form posts is the code: the draft line stores it, the page shows the label
  await page.select('#opt-horsepower', '1.5');
  await page.select('#opt-mounting', 'floor');
  await page.select('#opt-energy_class', '1');
  await click(page, 'button[formaction="/draft"]');
  await page.goto(`${BASE}/draft`, { waitUntil: 'load' });
  const cell = await page.$$eval('td[data-label]', (tds) => tds.map((t) => t.textContent).join('\n'));
  assert.match(cell, /1\.5 hp; .* Floor-standing; .* Energy class 1/);
  await checkPage(page, '2542-draft-en');
  const d = await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json();
  assert.ok(d.lines.some((l) => l.options.horsepower === '1.5' && l.options.energy_class === '1'));
  await page.browserContext().close();
});

test('the admin edits both labels of each value; a bad one is marked beside its field', async () => {
  const res = await call('admin', 'POST', '/api/v1/products', { code: MODEL, category: 'tv', name_zh: '标签电视',
    name_en: 'Label TV', base_price: 300000, options: [{ name: 'panel', type: 'enum', required: true, values: [
      { value: 'led', price_delta: 0, labels: { 'zh-CN': 'LED液晶', en: 'LED LCD' } },
      { value: 'qled', price_delta: 90000, labels: { 'zh-CN': '量子点', en: 'Quantum dot' } }] }] });
  assert.equal(res.status, 201);
  const page = await signIn('admin', '/');
  await lang(page, 'en', `/admin/products/${MODEL}`);
  assert.equal(await page.$eval('#lbl-0-1-zh', (e) => e.value), '量子点');
  assert.equal(await page.$eval('#lbl-0-1-en', (e) => e.value), 'Quantum dot');
  await checkPage(page, '2542-admin-labels');
  // 41 characters: past the bound (set as a script would, past maxlength)
  await page.$eval('#lbl-0-1-en', (e) => { e.value = 'Q'.repeat(41); });
  await click(page, '#edit button[type="submit"]');
  assert.equal(await page.$eval('#lbl-0-1-en', (e) => e.getAttribute('aria-invalid')), 'true');
  assert.match(await page.$eval('#lbl-0-1-en-err', (e) => e.textContent), /40/);
  assert.equal(await page.$('#lbl-0-0-en[aria-invalid]'), null);
  await checkPage(page, '2542-admin-labels-error');
  await page.$eval('#lbl-0-1-en', (e) => { e.value = ''; });
  await page.type('#lbl-0-1-en', 'Quantum-dot LCD');
  await page.$eval('#lbl-0-1-zh', (e) => { e.value = ''; });
  await page.type('#lbl-0-1-zh', '量子点液晶');
  await click(page, '#edit button[type="submit"]');
  assert.ok(await page.$('.notice'), 'saved');
  assert.equal(await page.$eval('#lbl-0-1-en', (e) => e.value), 'Quantum-dot LCD');
  const p = await (await call('admin', 'GET', `/api/v1/products/${MODEL}`)).json();
  assert.deepEqual(p.options[0].values[1].labels, { 'zh-CN': '量子点液晶', en: 'Quantum-dot LCD' });
  await page.browserContext().close();
});

test('the order page\'s times say China time, in both languages', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'LE-2003', quantity: 1,
    options: { screen_in: '65', panel: 'oled' } }], requested_date: later(), ship_to: 'Shanghai' },
  { 'Idempotency-Key': `lbl-b-${RUN}` });
  assert.equal(res.status, 201);
  const o = await res.json();
  const page = await signIn('d0001.buyer', '/');
  await lang(page, 'zh-CN', `/orders/${o.number}`);
  let times = await page.$$eval('time', (ts) => ts.map((t) => t.textContent));
  assert.ok(times.length >= 1);
  for (const t of times) assert.match(t, /^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）$/);
  assert.match(await page.$eval('main', (e) => e.textContent), /65英寸; .*OLED自发光/);
  await checkPage(page, '2542-order-zh');
  await lang(page, 'en', `/orders/${o.number}`);
  times = await page.$$eval('time', (ts) => ts.map((t) => t.textContent));
  for (const t of times) assert.match(t, /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d China time \(UTC\+8\)$/);
  assert.match(await page.$eval('main', (e) => e.textContent), /65-inch; .*Self-lit OLED/);
  await checkPage(page, '2542-order-en');
  await page.browserContext().close();
});
