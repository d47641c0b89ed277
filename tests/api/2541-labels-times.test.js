// 2541: labels in the reader's language (issue #25, acceptance 5): every option value of the
// demo catalogue reads in Chinese on the zh-CN pages and in English on the en ones while the
// code stays what is posted and stored; the admin's product form edits both labels, bad labels
// are refused field by field; migration 0064 labels a schema stored before labels; and every
// time a page shows carries its zone (China time), every date the reader's format.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { errorOf, sql, client, later } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');
const work = require('../lib/service-work');

const { call } = client();
const RUN = Date.now().toString(36);
const CJK = /[\u3400-\u9fff]/;
const MODELS = [];
for (const p of ['BCD-', 'KFR-', 'XQG-', 'ES-', 'LE-']) for (let n = 2001; n <= 2009; n++) MODELS.push(p + n);

const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'");

// A signed-in form browser reading the pages in lang.
async function reader(who, lang) {
  const b = browser();
  b.jar.set('lang', lang);
  const res = await signIn(b, who);
  assert.equal(res.status, 303);
  return b;
}

async function page(b, p, lang) {
  const res = await b.get(p);
  assert.equal(res.status, 200, p);
  const html = await res.text();
  assert.match(html, new RegExp(`<html lang="${lang}">`), p);
  return html;
}

// The enum <option>s of a product page: [{ select, value, text }], the empty "—" left out.
function options(html) {
  const out = [];
  for (const s of html.matchAll(/<select id="opt-([a-z0-9_]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    for (const o of s[2].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)) {
      if (o[1] !== '') out.push({ select: s[1], value: unescape(o[1]), text: unescape(o[2]) });
    }
  }
  return out;
}

test('every option value of the demo catalogue shows a Chinese label in zh-CN and an English one in en', async () => {
  const zh = await reader('d0001.buyer', 'zh-CN');
  const en = await reader('d0001.buyer', 'en');
  let checked = 0;
  for (const code of MODELS) {
    const p = await (await call('d0001.buyer', 'GET', `/api/v1/products/${code}`)).json();
    const want = new Map();
    for (const o of p.options.filter((x) => x.type === 'enum')) {
      for (const v of o.values) {
        assert.ok(v.labels && v.labels['zh-CN'] && v.labels.en, `${code} ${o.name}=${v.value} has both labels`);
        want.set(`${o.name}=${v.value}`, v.labels);
      }
    }
    const zo = options(await page(zh, `/catalogue/${code}`, 'zh-CN'));
    const eo = options(await page(en, `/catalogue/${code}`, 'en'));
    assert.equal(zo.length, want.size, code);
    assert.equal(eo.length, want.size, code);
    for (const o of zo) {
      const l = want.get(`${o.select}=${o.value}`);
      assert.ok(l, `${code}: ${o.select}=${o.value} is a code of the schema (what is posted)`);
      const label = o.text.replace(/ \([^)]*\)$/, '');	// "白色 (+¥0.00)" -> "白色"
      assert.equal(label, l['zh-CN'], `${code} ${o.select}=${o.value}`);
      assert.match(label, CJK, `${code} ${o.select}=${o.value}: Chinese`);
      assert.notEqual(label, o.value, 'never the bare code');
      checked++;
    }
    for (const o of eo) {
      const l = want.get(`${o.select}=${o.value}`);
      const label = o.text.replace(/ \([^)]*\)$/, '');
      assert.equal(label, l.en, `${code} ${o.select}=${o.value}`);
      assert.doesNotMatch(label, CJK, `${code} ${o.select}=${o.value}: English`);
      assert.notEqual(label, o.value, 'never the bare code');
      checked++;
    }
  }
  // 45 models: 9 x (fridge 3+3+2, AC 4+2+3+2, washer 2+2, heater 2+3, TV 4+2) values, twice
  assert.equal(checked, 2 * 9 * (8 + 11 + 4 + 5 + 6));
});

test('the order and the draft show the reader\'s labels; the API and the stored line keep the codes', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'BCD-2003', quantity: 1,
    options: { capacity: 200, colour: 'champagne', energy_class: '1', door_panel: 'glass' } }],
  requested_date: later(), ship_to: 'Beijing' }, { 'Idempotency-Key': `lbl-${RUN}-o` });
  assert.equal(res.status, 201);
  const o = await res.json();
  assert.deepEqual(o.lines[0].options, { capacity: 200, colour: 'champagne', energy_class: '1', door_panel: 'glass' });
  const zh = await page(await reader('d0001.buyer', 'zh-CN'), `/orders/${o.number}`, 'zh-CN');
  assert.match(zh, /颜色 香槟金; 能效等级 一级能效; 门板 玻璃/);
  const en = await page(await reader('d0001.buyer', 'en'), `/orders/${o.number}`, 'en');
  assert.match(en, /Champagne; [^;<]+ Energy class 1; [^;<]+ Glass/);
  assert.doesNotMatch(en, /colour[^"]*champagne|>[^<]* champagne/);
  // the draft: a line added on the product page's form posts the codes
  const b = await reader('d0001.buyer', 'en');
  const form = await page(b, '/catalogue/KFR-2002', 'en');
  const post = await b.post('/draft', { _csrf: csrfOf(form), action: 'add', product: 'KFR-2002', quantity: '1',
    horsepower: '1.5', mounting: 'floor', energy_class: '2', idem: `lbl-${RUN}-d` });
  assert.ok([200, 303].includes(post.status), `add to draft: ${post.status}`);
  const draft = await page(b, '/draft', 'en');
  assert.match(draft, /1\.5 hp; [^;<]+ Floor-standing; [^;<]+ Energy class 2/);
  const dz = await page(await reader('d0001.buyer', 'zh-CN'), '/draft', 'zh-CN');
  assert.match(dz, /1\.5匹; [^;<]+ 立柜式; [^;<]+ 二级能效/);
  const d = await (await call('d0001.buyer', 'GET', '/api/v1/draft')).json();
  assert.ok(d.lines.some((l) => l.options.horsepower === '1.5' && l.options.mounting === 'floor'));
});

const MODEL = `LBL-${RUN}`.toUpperCase().slice(0, 32);
const schema = (labels) => [{ name: 'colour', type: 'enum', required: true,
  values: [{ value: 'white', price_delta: 0, labels }, { value: 'red', price_delta: 500, labels: { 'zh-CN': '红色', en: 'Red' } }] }];

test('a schema saved by the API must label every value in zh-CN and en, within bounds', async () => {
  const body = (labels) => ({ code: MODEL, category: 'fridge', name_zh: '标签测试', name_en: 'Label test',
    base_price: 100000, options: schema(labels) });
  for (const [labels, field] of [
    [undefined, 'options[0].values[0].labels'],
    [{ en: 'White' }, 'options[0].values[0].labels.zh-CN'],
    [{ 'zh-CN': '白色', en: '' }, 'options[0].values[0].labels.en'],
    [{ 'zh-CN': '白'.repeat(41), en: 'White' }, 'options[0].values[0].labels.zh-CN'],
    [{ 'zh-CN': '白色', en: 'Wh\nite' }, 'options[0].values[0].labels.en'],
    [{ 'zh-CN': '白色', en: 'White', fr: 'Blanc' }, 'options[0].values[0].labels.fr'],
    [{ 'zh-CN': 7, en: 'White' }, 'options[0].values[0].labels.zh-CN'],
    ['白色', 'options[0].values[0].labels'],
  ]) {
    const res = await call('admin', 'POST', '/api/v1/products', body(labels));
    assert.equal(res.status, 422, JSON.stringify(labels));
    assert.ok(field in (await errorOf(res)).fields, `${JSON.stringify(labels)}: ${field}`);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM products WHERE code = '${MODEL}'`)[0][0], '0', 'nothing half-written');
  const res = await call('admin', 'POST', '/api/v1/products', body({ 'zh-CN': '白'.repeat(40), en: 'White' }));
  assert.equal(res.status, 201, 'forty characters are allowed');
  const p = await res.json();
  // a change is checked the same way; pricing still goes by the code
  const bad = await call('admin', 'PATCH', `/api/v1/products/${MODEL}`, { version: p.version,
    options: schema({ 'zh-CN': '白色' }) });
  assert.equal(bad.status, 422);
  assert.ok('options[0].values[0].labels.en' in (await errorOf(bad)).fields);
  const q = await call('d0001.buyer', 'POST', `/api/v1/products/${MODEL}/quote`, { quantity: 1, options: { colour: 'red' } });
  assert.equal(q.status, 200);
  assert.equal((await q.json()).unit_price, 100500);
  assert.equal((await call('d0001.buyer', 'POST', `/api/v1/products/${MODEL}/quote`,
    { quantity: 1, options: { colour: '红色' } })).status, 422, 'a label is not a code');
});

test('the admin\'s product form edits both labels; bad ones are shown beside their field', async () => {
  const b = await reader('admin', 'en');
  let html = await page(b, `/admin/products/${MODEL}`, 'en');
  const field = (loc, val) => `label.${loc}.colour.${val}`;
  assert.match(html, new RegExp(`name="${field('zh-CN', 'red').replace(/\./g, '\\.')}"[^>]*value="红色"`));
  assert.match(html, new RegExp(`name="${field('en', 'red').replace(/\./g, '\\.')}"[^>]*value="Red"`));
  const fields = (over) => {
    const f = { _csrf: csrfOf(html), version: html.match(/name="version" value="(\d+)"/)[1],
      name_zh: '标签测试', name_en: 'Label test', price: '1,000.00', active: '1',
      options: unescape(html.match(/<textarea id="options"[^>]*>([\s\S]*?)<\/textarea>/)[1]) };
    for (const v of ['white', 'red']) {
      for (const l of ['zh-CN', 'en']) {
        const m = html.match(new RegExp(`name="${field(l, v).replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`));
        f[field(l, v)] = unescape(m[1]);
      }
    }
    return { ...f, ...over };
  };
  // bad: an empty Chinese label and a 41-character English one; nothing is saved
  let res = await b.post(`/admin/products/${MODEL}`, fields({ [field('zh-CN', 'white')]: '',
    [field('en', 'red')]: 'R'.repeat(41) }));
  assert.equal(res.status, 422);
  html = await res.text();
  assert.match(html, /id="lbl-0-0-zh"[^>]*aria-invalid="true"[^>]*aria-describedby="lbl-0-0-zh-err"/);
  assert.match(html, /<p class="field-error" id="lbl-0-0-zh-err">[^<]+<\/p>/);
  assert.match(html, /id="lbl-0-1-en"[^>]*aria-invalid="true"/);
  assert.doesNotMatch(html, /id="lbl-0-1-zh"[^>]*aria-invalid/, 'only the bad fields are marked');
  assert.match(html, /value="R{41}"/, 'what was typed is shown again');
  let p = await (await call('admin', 'GET', `/api/v1/products/${MODEL}`)).json();
  assert.equal(p.options[0].values[1].labels.en, 'Red');
  // a CSRF-less post is refused
  res = await b.post(`/admin/products/${MODEL}`, { ...fields({}), _csrf: '0'.repeat(64) });
  assert.equal(res.status, 403);
  // good: both labels of both values round-trip
  html = await page(b, `/admin/products/${MODEL}`, 'en');
  res = await b.post(`/admin/products/${MODEL}`, fields({ [field('zh-CN', 'white')]: '象牙白',
    [field('en', 'white')]: 'Ivory white', [field('zh-CN', 'red')]: '中国红', [field('en', 'red')]: 'China red' }));
  assert.equal(res.status, 303);
  p = await (await call('admin', 'GET', `/api/v1/products/${MODEL}`)).json();
  assert.deepEqual(p.options[0].values.map((v) => [v.value, v.price_delta, v.labels]), [
    ['white', 0, { 'zh-CN': '象牙白', en: 'Ivory white' }], ['red', 500, { 'zh-CN': '中国红', en: 'China red' }]]);
  html = await page(b, `/admin/products/${MODEL}`, 'en');
  assert.match(html, /value="象牙白"/);
  assert.match(html, /value="China red"/);
  const shown = options(await page(await reader('d0001.buyer', 'zh-CN'), `/catalogue/${MODEL}`, 'zh-CN'));
  assert.deepEqual(shown.map((o) => [o.value, o.text.replace(/ \([^)]*\)$/, '')]), [['white', '象牙白'], ['red', '中国红']]);
  // only the admin
  const d = await reader('d0001.admin', 'en');
  assert.equal((await d.post(`/admin/products/${MODEL}`, fields({}))).status, 403);
});

test('migration 0064 labels a demo schema stored before labels, and leaves the codes and prices', async () => {
  const before = (await (await call('admin', 'GET', '/api/v1/products/BCD-2004')).json()).options;
  const stored = sql("SELECT option_schema FROM products WHERE code = 'BCD-2004'")[0][0];
  const strip = JSON.parse(stored);
  for (const o of strip) for (const v of o.values || []) delete v.labels;
  // as an old database holds it: the seed's compact text, without labels
  sql(`UPDATE products SET option_schema = '${JSON.stringify(strip).replace(/'/g, "''")}' WHERE code = 'BCD-2004'`);
  let now = (await (await call('admin', 'GET', '/api/v1/products/BCD-2004')).json()).options;
  assert.equal(now.find((o) => o.name === 'colour').values[0].labels, undefined);
  // shown by its code meanwhile, never broken
  const b = await reader('d0001.buyer', 'zh-CN');
  assert.ok(options(await page(b, '/catalogue/BCD-2004', 'zh-CN')).some((o) => /^white /.test(o.text)));
  const m = fs.readFileSync(path.join(__dirname, '..', '..', 'migrations', '0064_option_labels.sql'), 'utf8');
  sql(m);
  sql(m);	// a second run changes nothing
  now = (await (await call('admin', 'GET', '/api/v1/products/BCD-2004')).json()).options;
  assert.deepEqual(now, before);
  assert.equal(sql("SELECT option_schema FROM products WHERE code = 'BCD-2004'")[0][0], stored, 'the seed\'s text again');
});

// Times on a page: every HH:MM in its text carries the zone; no ISO date is left bare.
const ZONE = { 'zh-CN': '（北京时间）', en: ' China time (UTC+8)' };
function bareTimes(html, lang) {
  const body = html.replace(/^[\s\S]*?<main[^>]*>/, '').replace(/<\/main>[\s\S]*$/, '');
  const text = unescape(body.replace(/<(script|style|textarea)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ''));
  const bad = [];
  for (const m of text.matchAll(/\b\d{1,2}:\d{2}(?::\d{2})?/g)) {
    let rest = text.slice(m.index + m[0].length);
    rest = rest.replace(/^[–-]\d{1,2}:\d{2}/, '');	// a visit window "09:00–12:00"
    if (!rest.startsWith(ZONE[lang])) bad.push(text.slice(Math.max(0, m.index - 30), m.index + 30));
  }
  for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) bad.push(text.slice(Math.max(0, m.index - 30), m.index + 30));
  return bad;
}

test('times on order, complaint and service job pages carry China time in both languages, dates the reader\'s format', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'other', severity: 'normal',
    subject: '时间测试', description: '页面上的时间要带时区' }, { 'Idempotency-Key': `lbl-${RUN}-c` });
  assert.equal(res.status, 201);
  const c = await res.json();
  const order = sql("SELECT o.number FROM orders o JOIN orgs d ON d.id = o.dealer_id WHERE d.code = 'D0001' ORDER BY o.id DESC LIMIT 1")[0][0];
  for (const lang of ['zh-CN', 'en']) {
    const b = await reader('d0001.buyer', lang);
    const o = await page(b, `/orders/${order}`, lang);
    const cp = await page(b, `/complaints/${c.number}`, lang);
    if (lang === 'zh-CN') {
      assert.match(o, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）<\/time>/);
      assert.match(cp, /\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）/);
    } else {
      assert.match(o, /<time datetime="[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d China time \(UTC\+8\)<\/time>/);
      assert.match(cp, /\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d China time \(UTC\+8\)/);
    }
    for (const [p, html] of [[`/orders/${order}`, o], [`/complaints/${c.number}`, cp]]) {
      assert.deepEqual(bareTimes(html, lang), [], `${lang} ${p}`);
    }
  }
  // a service job offered to a provider: its filing, its offer's due time and its visit window
  const prov = work.provider('L');
  const job = work.offered(prov);
  sql(`UPDATE service_jobs SET visit_date = '${work.tomorrow()}', visit_from = '09:00:00', visit_to = '12:00:00'
    WHERE number = '${job.number}'`);
  for (const lang of ['zh-CN', 'en']) {
    for (const [who, p] of [['r01.agent', `/service/${job.number}`], [prov.login, `/provider/jobs/${job.number}`]]) {
      const html = await page(await reader(who, lang), p, lang);
      assert.deepEqual(bareTimes(html, lang), [], `${lang} ${p}`);
      assert.ok(html.includes(`09:00–12:00${ZONE[lang]}`), `${lang} ${p}: the visit window's zone`);
      assert.match(html, lang === 'en' ? /\d\d:\d\d China time \(UTC\+8\)/ : /\d\d:\d\d（北京时间）/);
    }
  }
  // the API keeps its UTC form
  const j = await (await call('d0001.buyer', 'GET', `/api/v1/complaints/${c.number}`)).json();
  assert.match(JSON.stringify(j), /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
});

test('no page of the portal shows a bare time or an ISO date', async (t) => {
  const pages = {
    'd0001.buyer': ['/', '/orders', '/deliveries', '/complaints', '/notifications', '/account', '/ledger',
      '/statements', '/draft', '/news', '/returns', '/templates', '/inventory', '/sellthrough', '/my-credit',
      '/api-keys', '/invoices'],
    'r01.approver': ['/approvals', '/orders', '/complaints', '/dashboard', '/deliveries'],
    'r01.agent': ['/service', '/service/parts', '/service/followups', '/complaints'],
    'p0101.agent': ['/provider/jobs'],
    'hq.finance': ['/statements', '/ledger'],
    admin: ['/admin/products', '/admin/promotions', '/admin/news', '/admin/outbox', '/admin/contracts', '/audit',
      '/users', '/api-keys'],
  };
  // and the first object each list links to: an order, a complaint, a job, a statement...
  const details = new Set();
  const DETAIL = /href="(\/(?:orders|complaints|service|provider\/jobs|returns|invoices|statements|dealers\/[^"/]+\/statements)\/[A-Za-z0-9%-]+)"/g;
  let seen = 0;
  for (const lang of ['zh-CN', 'en']) {
    for (const [who, list] of Object.entries(pages)) {
      const b = await reader(who, lang);
      const done = new Set();
      for (const p of list) {
        const res = await b.get(p);
        if (res.status !== 200) continue;	// not this role's page
        const html = await res.text();
        assert.deepEqual(bareTimes(html, lang), [], `${who} ${lang} ${p}`);
        seen++;
        const main = html.slice(html.indexOf('<main'));
        const d = [...main.matchAll(DETAIL)].map((m) => m[1])
          .find((h) => !/\/(new|parts|followups|figures|close)$/.test(h) && !done.has(h));
        if (d) {
          done.add(d);
          const r2 = await b.get(d);
          if (r2.status !== 200) continue;
          assert.deepEqual(bareTimes(await r2.text(), lang), [], `${who} ${lang} ${d}`);
          details.add(d.replace(/\/[^/]+$/, '/…'));
          seen++;
        }
      }
    }
  }
  t.diagnostic(`${seen} pages read; objects: ${[...details].sort().join(' ')}`);
  assert.ok(seen >= 40, `${seen} pages read`);
});
