// 2443: attachments under attack (issue #24's review): uploads whose check would cost an app
// thread far more than the file's size says are refused quickly, and nothing is kept.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, sql } = require('../lib/harness');

const { as, call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const key = () => `atk-${RUN}-${n++}`;

async function complaint(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/complaints', { category: 'product_quality', severity: 'normal',
    subject: `attack ${RUN}`, description: 'attachments under attack' }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 201);
  return (await res.json()).number;
}

async function upload(who, number, file, name, type) {
  const body = new FormData();
  body.append('file', new Blob([file], { type }), name);
  return fetch(`${BASE}/api/v1/complaints/${number}/attachments`, { method: 'POST', body,
    headers: { Authorization: `Bearer ${await as(who)}`, 'Idempotency-Key': key() } });
}

// A 64 x 64 grey progressive JPEG (libjpeg, two scans: DC, then AC 1-63 as one end-of-band run).
const PROGRESSIVE = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wgALCABAAEABAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAGD/2gAIAQEAAT8AAf/Z', 'base64');

// The same JPEG with its AC scan said again and again (each a few bytes, each walked over every
// block of the image: a 10 MiB file of them held a thread for minutes).
function rescanned(times) {
  const sos = [];
  for (let i = 0; i + 1 < PROGRESSIVE.length; i++)
    if (PROGRESSIVE[i] === 0xff && PROGRESSIVE[i + 1] === 0xda) sos.push(i);
  assert.equal(sos.length, 2);
  const head = PROGRESSIVE.subarray(0, PROGRESSIVE.length - 2);
  const scan = PROGRESSIVE.subarray(sos[1], PROGRESSIVE.length - 2);
  return Buffer.concat([head, ...Array(times).fill(scan), Buffer.from([0xff, 0xd9])]);
}

test('a progressive JPEG of ten scans is kept; one of hundreds of scans is refused, nothing kept', async () => {
  const number = await complaint();
  let res = await upload('d0001.buyer', number, rescanned(9), 'ten-scans.jpg', 'image/jpeg');
  assert.equal(res.status, 201, await res.text());
  const before = Number(sql(`SELECT COUNT(*) FROM attachments WHERE object_number = '${number}'`)[0][0]);
  res = await upload('d0001.buyer', number, rescanned(500), 'scans.jpg', 'image/jpeg');
  assert.equal(res.status, 422);
  const e = await res.json();
  assert.equal(e.error.code, 'bad_file');
  assert.match(e.error.fields.file, /more than 100 scans/);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM attachments WHERE object_number = '${number}'`)[0][0]), before);
});

// nginx adds the site's CSP to none of the attachments' paths (the file's own sandbox would
// clash with it): the app's refusals there carry nosniff and the sandbox too, a page's 404 also.
test('a refused attachment (none such, or another dealer\'s) is answered with nosniff and the sandbox', async () => {
  const { browser, signIn } = require('../lib/formjar');
  const number = await complaint();
  const res = await upload('d0001.buyer', number, rescanned(1), 'a.jpg', 'image/jpeg');
  assert.equal(res.status, 201);
  const id = (await res.json()).id;
  const b = browser();
  await signIn(b, 'd0002.buyer', '/account');
  for (const p of [`/attachments/${id}`, `/attachments/${id}/thumb`, '/attachments/999999999']) {
    const page = await b.get(p);
    assert.equal(page.status, 404, p);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(page.headers.get('content-security-policy'), "sandbox; default-src 'none'", p);
  }
  const api = await call('d0002.buyer', 'GET', `/api/v1/attachments/${id}`);
  assert.equal(api.status, 404);
  assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(api.headers.get('content-security-policy'), "sandbox; default-src 'none'");
});

// A dealer's "PDF" that is an HTML page after its "%PDF-", named invoice.html: staff who
// download it must not save (and then open) a page; a file is saved by the type found.
test('a file is saved under the extension of the type its content has', async () => {
  const number = await complaint();
  const page = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n');
  const cases = [
    [page, 'invoice.html', 'application/pdf', "attachment; filename*=UTF-8''invoice.html.pdf"],
    [page, 'statement.PDF', 'application/pdf', "attachment; filename*=UTF-8''statement.PDF"],
    [rescanned(1), 'photo.svg', 'image/jpeg', "inline; filename*=UTF-8''photo.svg.jpg"],
    [rescanned(2), 'photo.JPEG', 'image/jpeg', "inline; filename*=UTF-8''photo.JPEG"],
  ];
  for (const [file, name, type, want] of cases) {
    const res = await upload('d0001.buyer', number, file, name, type);
    assert.equal(res.status, 201, name);
    const a = await res.json();
    assert.equal(a.media_type, type);
    const got = await call('r01.agent', 'GET', `/api/v1/attachments/${a.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-disposition'), want, name);
  }
});

// The page form's refusals come back to the page said: a file past 10 MiB (the upload's 413,
// payload_too_large) and a form without its key were sent back with nothing shown.
test('the page form says why a file past 10 MiB, or a form without its key, was refused', async () => {
  const { browser, csrfOf, signIn } = require('../lib/formjar');
  const number = await complaint();
  const b = browser();
  await signIn(b, 'd0001.buyer', `/complaints/${number}`);
  const page = await (await b.get(`/complaints/${number}`)).text();
  const idem = page.match(/name="idem" value="([0-9a-f]+)"/)[1];
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
  const cases = [[{ _csrf: csrfOf(page), idem }, big, /文件超过 10 MB/],
    [{ _csrf: csrfOf(page) }, rescanned(1), /role="alert"><ul><li><code>file<\/code>: \S/]];
  for (const [fields, file, want] of cases) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', new Blob([file], { type: 'application/pdf' }), 'big.pdf');
    const res = await fetch(`${BASE}/complaints/${number}/attachments`, { method: 'POST', body: fd,
      redirect: 'manual', headers: { Cookie: cookie } });
    assert.equal(res.status, 303);
    const back = await (await b.get(res.headers.get('location').replace(/#.*/, ''))).text();
    assert.match(back, /<div class="errors" role="alert">/);
    assert.match(back, want);
  }
});

// A filename past 255 bytes (90 Chinese characters: 274) was refused as a malformed form
// (400 bad_form: "the upload did not arrive whole"); it is cut at a character's start.
test('a long Chinese filename is cut, not refused', async () => {
  const number = await complaint();
  const name = `${'门板凹陷照片'.repeat(15)}.jpg`;
  assert.ok(Buffer.byteLength(name) > 255);
  const res = await upload('d0001.buyer', number, rescanned(3), name, 'image/jpeg');
  assert.equal(res.status, 201, await res.clone().text());
  const a = await res.json();
  assert.ok(name.startsWith(a.name) && a.name.length >= 80, a.name);
  assert.ok(Buffer.byteLength(a.name) <= 255);
  const got = await call('r01.agent', 'GET', `/api/v1/attachments/${a.id}`);
  assert.match(got.headers.get('content-disposition'), /^inline; filename\*=UTF-8''(%[0-9A-F]{2})+\.jpg$/);
});

// An account manager reads its region's complaints and returns but writes only for its own
// dealers (the thread's messages: 404): attaching is writing.
test('an account manager attaches only to its own dealers\' complaints', async () => {
  const other = await complaint('d0002.buyer');	// D0002: r01.manager does not manage it
  const own = await complaint('d0001.buyer');	// D0001: it does
  let res = await call('r01.manager', 'POST', `/api/v1/complaints/${other}/messages`, { body: 'hello' },
    { 'Idempotency-Key': key() });
  assert.equal(res.status, 404);
  res = await upload('r01.manager', other, rescanned(4), 'a.jpg', 'image/jpeg');
  assert.equal(res.status, 404);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM attachments WHERE object_number = '${other}'`)[0][0]), 0);
  assert.equal(Number(sql(`SELECT attachments FROM complaints WHERE number = '${other}'`)[0][0]), 0);
  res = await upload('r01.manager', own, rescanned(4), 'a.jpg', 'image/jpeg');
  assert.equal(res.status, 201);
  // it still reads the other's (its region's) list
  res = await call('r01.manager', 'GET', `/api/v1/complaints/${other}/attachments`);
  assert.equal(res.status, 200);
});
