// 0005: the portal's pages in both languages, and the language switch.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { get } = require('../lib/harness');

const ROOT = path.join(__dirname, '..', '..');

test('with no preference the home page is Chinese', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-language'), 'zh-CN');
  const html = await res.text();
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /欢迎使用经销商网络/);
});

test('Accept-Language picks English', async () => {
  const res = await get('/', { headers: { 'Accept-Language': 'en-GB,en;q=0.9,zh;q=0.5' } });
  const html = await res.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /Welcome to Dealernet/);
});

test('the lang cookie wins over Accept-Language', async () => {
  const res = await get('/', { headers: { 'Accept-Language': 'en', Cookie: 'lang=zh-CN' } });
  assert.match(await res.text(), /<html lang="zh-CN">/);
});

test('/lang/en sets an HttpOnly SameSite=Strict cookie and goes back', async () => {
  const res = await get('/lang/en?next=%2Fsome%2Fpage%3Fa%3D1');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/some/page?a=1');
  const c = res.headers.get('set-cookie');
  assert.match(c, /^lang=en;/);
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Strict/);
});

test('the language switch never redirects off the site', async () => {
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const res = await get('/lang/zh-CN?next=' + encodeURIComponent(next));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/', next);
  }
  assert.equal((await get('/lang/fr')).status, 404);
});

// A message key says whose it is: the feature's full name (its folder under
// fcgi-app/) or one of the layout's shared prefixes. statement_ is the
// ledger's statements (a page family of its own since issue #17).
const FEATURES = fs.readdirSync(path.join(ROOT, 'fcgi-app'), { withFileTypes: true })
  .filter((e) => e.isDirectory()).map((e) => e.name);
const SHARED = ['app', 'skip', 'lang', 'footer', 'path', 'save', 'back', 'request',
  'error', 'nav', 'role', 'statement'];

function files(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

test('both catalogues hold the same keys, each with a feature or shared prefix', () => {
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/i18n/en.json'), 'utf8'));
  const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/i18n/zh-CN.json'), 'utf8'));
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const bad = Object.keys(en).filter((k) =>
    !FEATURES.concat(SHARED).some((p) => k === p || k.startsWith(p + '_')));
  assert.deepEqual(bad, [], 'keys without a feature or shared prefix');
  for (const k of Object.keys(en)) assert.ok(en[k] !== '' && zh[k] !== '', k);
});

test('every key a template or a handler names is in both catalogues', () => {
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/i18n/en.json'), 'utf8'));
  const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/i18n/zh-CN.json'), 'utf8'));
  const missing = [];
  const want = (k, where) => { if (!(k in en) || !(k in zh)) missing.push(`${where}: ${k}`); };
  for (const f of files(path.join(ROOT, 'templates'), '.html')) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\{\{[#^/]?t\.([A-Za-z0-9_]+)/g)) {
      want(m[1], path.relative(ROOT, f));
    }
  }
  let calls = 0, prefixes = 0;
  for (const f of files(path.join(ROOT, 'fcgi-app'), '.c')) {
    if (f.endsWith('_test.c')) continue;
    const src = fs.readFileSync(f, 'utf8');
    const where = path.relative(ROOT, f);
    // the literals inside each http_i18n(...) or views_text(...) call
    for (const m of src.matchAll(/\b(?:http_i18n|views_text)\(/g)) {
      let depth = 1, i = m.index + m[0].length;
      for (; i < src.length && depth > 0; i++) {
        if (src[i] === '(') depth++;
        else if (src[i] === ')') depth--;
      }
      for (const l of src.slice(m.index + m[0].length, i).matchAll(/"([a-z0-9_]+)"/g)) {
        want(l[1], where);
        calls++;
      }
    }
    // keys built at run time: snprintf(key, ..., "orders_status_%s", ...)
    // followed by http_i18n(r, key), and the prefixes given to ledger_label()
    const built = [];
    for (const m of src.matchAll(/snprintf\((\w+), sizeof\(\1\),\s*"([a-z0-9_]+_)%s"[^;]*;/g)) {
      const next = src.slice(m.index + m[0].length).split(`snprintf(${m[1]},`)[0];
      if (next.includes(`http_i18n(r, ${m[1]})`)) built.push(m[2]);
    }
    for (const m of src.matchAll(/ledger_label\([^;]*"([a-z0-9_]+_)"\);/g)) built.push(m[1]);
    for (const p of built) {
      if (!Object.keys(en).some((k) => k.startsWith(p))) missing.push(`${where}: ${p}%s`);
      prefixes++;
    }
  }
  assert.ok(calls > 50 && prefixes > 5, `found ${calls} literal keys, ${prefixes} prefixes`);
  assert.deepEqual(missing, []);
});
