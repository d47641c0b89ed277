// 0001: the HTTP core: health, front door, 404/405, body limits, JSON rules.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { get, postJSON, errorOf } = require('../lib/harness');

test('GET /healthz is 200 JSON with the database up', async () => {
  const res = await get('/healthz');
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.status, 'ok');
  assert.equal(j.database, 'up');
  assert.equal(typeof j.version, 'string');
  assert.equal(typeof j.uptime_seconds, 'number');
});

test('GET /api/v1 names the API and its version', async () => {
  const res = await get('/api/v1');
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.name, 'Dealernet');
  assert.equal(typeof j.version, 'string');
});

test('an unknown path under /api/v1 is a JSON 404', async () => {
  const res = await get('/api/v1/no/such/thing');
  assert.equal(res.status, 404);
  assert.equal((await errorOf(res)).code, 'not_found');
});

test('an unknown page is an HTML 404 that escapes the path it shows', async () => {
  const res = await get('/no-such-page/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="(zh-CN|en)">/);
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'path shown escaped');
  assert.ok(!html.includes('<script>alert'), 'no live script');
});

test('a wrong method is 405 with Allow', async () => {
  let res = await get('/healthz', { method: 'DELETE' });
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow'), /GET/);
  res = await postJSON('/api/v1', {});
  assert.equal(res.status, 405);
  assert.equal((await errorOf(res)).code, 'method_not_allowed');
});

test('HEAD answers like GET without a body', async () => {
  const res = await get('/api/v1', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});

test('a 2 MiB body is a JSON 413', async () => {
  const res = await postJSON('/api/v1/_test/echo', Buffer.alloc(2 * 1024 * 1024, 0x61));
  assert.equal(res.status, 413);
  assert.equal((await errorOf(res)).code, 'payload_too_large');
});

test('a body nginx refuses (5 MB) is a JSON 413 too', async () => {
  const res = await postJSON('/api/v1/_test/echo', Buffer.alloc(5_000_000, 0x61));
  assert.equal(res.status, 413);
  assert.equal((await errorOf(res)).code, 'payload_too_large');
});

test('a body just under 1 MiB is accepted', async () => {
  const s = JSON.stringify({ text: 'x'.repeat(1024 * 1024 - 64) });
  const res = await postJSON('/api/v1/_test/echo', s);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).text.length, 1024 * 1024 - 64);
});

test('malformed JSON is 400 in the error shape', async () => {
  for (const body of ['{"a":', '{"a":1} trailing', 'nul', '{"a":1,"a":2}', '{"a":"x\\u0000"}']) {
    const res = await postJSON('/api/v1/_test/echo', body);
    assert.equal(res.status, 400, body);
    assert.equal((await errorOf(res)).code, 'bad_json', body);
  }
});

test('JSON nested 100,000 deep is 400 and the app stays up', async () => {
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const res = await postJSON('/api/v1/_test/echo', deep);
  assert.equal(res.status, 400);
  assert.equal((await errorOf(res)).code, 'bad_json');
  const obj = '{"a":'.repeat(50000) + '1' + '}'.repeat(50000);
  assert.equal((await postJSON('/api/v1/_test/echo', obj)).status, 400);
  assert.equal((await get('/healthz')).status, 200);
});

test('JSON nested 32 deep is fine, 33 is not', async () => {
  let res = await postJSON('/api/v1/_test/echo', '['.repeat(32) + ']'.repeat(32));
  assert.equal(res.status, 200);
  res = await postJSON('/api/v1/_test/echo', '['.repeat(33) + ']'.repeat(33));
  assert.equal(res.status, 400);
});

test('UTF-8 survives the round trip', async () => {
  const res = await postJSON('/api/v1/_test/echo', { name: '海尔冰箱 BCD-216', n: [1, 2] });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { name: '海尔冰箱 BCD-216', n: [1, 2] });
});

test('a body of another type is 415', async () => {
  const res = await fetch(`${process.env.DEALERNET_BASE}/api/v1/_test/echo`, {
    method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello',
  });
  assert.equal(res.status, 415);
  assert.equal((await errorOf(res)).code, 'unsupported_media_type');
});

test('urlencoded forms are parsed; malformed ones are 400', async () => {
  const post = (body) => fetch(`${process.env.DEALERNET_BASE}/api/v1/_test/echo`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body,
  });
  let res = await post('a=1&b=%E5%86%B0+%E7%AE%B1');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { form: { a: '1', b: '冰 箱' } });
  res = await post('a=%zz');
  assert.equal(res.status, 400);
  assert.equal((await errorOf(res)).code, 'bad_form');
  res = await post(Array.from({ length: 300 }, (_, i) => `k${i}=v`).join('&'));
  assert.equal(res.status, 400);
});

test('a malformed or oversized query string is refused', async () => {
  let res = await get('/api/v1?a=%G0');
  assert.equal(res.status, 400);
  assert.equal((await errorOf(res)).code, 'bad_query');
  res = await get('/api/v1?a=' + 'x'.repeat(9000));
  assert.equal(res.status, 414);
  await errorOf(res);
});

test('every answer carries a request id; a sane client id is kept', async () => {
  let res = await get('/api/v1');
  assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
  res = await get('/api/v1', { headers: { 'X-Request-Id': 'client-abc.123' } });
  assert.equal(res.headers.get('x-request-id'), 'client-abc.123');
  res = await get('/api/v1', { headers: { 'X-Request-Id': 'bad id <x>' } });
  assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
});

test('responses are not cached and carry security headers', async () => {
  const res = await get('/');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
});
