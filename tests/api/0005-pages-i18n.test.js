// 0005: the portal's pages in both languages, and the language switch.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { get } = require('../lib/harness');

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
