// 2441: attachments (issue #24, acceptance 2): photos and PDFs on complaints, service jobs and
// returns, checked by their content (a PNG's name with HTML in it is refused; a truncated or
// corrupt image too), at most 10 MiB (413, and nothing kept: no row, no file) and 10 per object
// (racing tenth uploads: one wins), served with nosniff and a sandboxing CSP (an image with a
// script in its metadata too), a PDF as a download; each object's scope decides who reads
// (another dealer, chain, region or provider: 404); idempotent by key; and ten concurrent
// 10 MiB uploads hold the app under 64 MiB of RSS (the file streams to disk).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, DIR, APP, errorOf, sql, client, later, appPid, waitFor, month, reopenMonth, stack, get } = require('../lib/harness');
const { provider, offered } = require('../lib/service-work');
const { browser, csrfOf, signIn } = require('../lib/formjar');
const { png, pngOfSize, canvasImages, PDF } = require('../lib/images');

const { as, call } = client();
const RUN = Date.now().toString(36);
let n = 0;
const key = () => `att-${RUN}-${n++}`;
const STORE = path.join(DIR, 'attachments');
const MiB = 1024 * 1024;

// Every stored file (not the temporary ones), and the temporary ones.
function files(sub = '') {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!sub && e.name === 'tmp') continue;
      if (e.isDirectory()) walk(path.join(d, e.name)); else out.push(e.name);
    }
  };
  walk(path.join(STORE, sub));
  return out.sort();
}
const rows = (q) => Number(sql(q)[0][0]);

// POST a file to kind/number as who: a form (multipart) or, raw, the file itself.
async function upload(who, kind, number, file, { name = 'photo.png', type = 'image/png', idem = key(),
  raw = false } = {}) {
  const headers = { Authorization: `Bearer ${await as(who)}` };
  if (idem !== null) headers['Idempotency-Key'] = idem;
  let body;
  if (raw) {
    headers['Content-Type'] = type;
    headers['X-Filename'] = encodeURIComponent(name);
    body = file;
  } else {
    body = new FormData();
    body.append('file', new Blob([file], { type }), name);
  }
  return fetch(`${BASE}/api/v1/${kind}/${number}/attachments`, { method: 'POST', headers, body,
    redirect: 'manual' });
}
async function attached(res) {
  const text = await res.text();
  assert.ok(res.status === 201 || res.status === 200, `${res.status} ${text}`);
  return JSON.parse(text);
}

// The demo's chains for this run, as tests/api/2321 sets them.
const chainsBefore = [];
const chainOf = (d, expr) => {
  sql(`UPDATE orgs d SET d.chain_id = ${expr} WHERE d.code = '${d}'`);
  sql(`UPDATE orders o JOIN orgs d ON d.id = o.dealer_id SET o.chain_id = d.chain_id WHERE d.code = '${d}'`);
  sql(`UPDATE returns r JOIN orgs d ON d.id = r.dealer_id SET r.chain_id = d.chain_id WHERE d.code = '${d}'`);
};

async function complaint(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/complaints', { category: 'product_quality', severity: 'normal',
    subject: `door dented ${RUN}`, description: 'photos attached' }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 201);
  return (await res.json()).number;
}

async function returned() {
  let res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [
    { product: 'XQG-2002', quantity: 2, options: { capacity_kg: 7, loading: 'front' } }],
  requested_date: later(), ship_to: 'Beijing' }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 201);
  const o = await res.json();
  sql(`UPDATE orders o SET o.status = 'in_production', o.version = o.version + 1, o.promised_date = '${later(12)}'
    WHERE o.number = '${o.number}'`);
  res = await call('erp', 'POST', `/api/v1/orders/${o.number}/shipments`,
    { lines: [{ line: 1, quantity: 2 }], carrier: 'SF Express', waybill: `SF-ATT-${RUN}-${n++}` },
    { 'Idempotency-Key': key() });
  assert.equal(res.status, 201, await res.clone().text());
  res = await call('d0001.buyer', 'POST', `/api/v1/orders/${o.number}/returns`,
    { lines: [{ line: 1, quantity: 1 }], reason: 'dented door' }, { 'Idempotency-Key': key() });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).number;
}

let cp, job, rma, p1, p2, imgs;
test.before(async () => {
  for (const [d, c] of [['D0001', 'C0001'], ['D0002', 'C0002']]) {
    chainsBefore.push([d, sql(`SELECT COALESCE(chain_id, 'NULL') FROM orgs WHERE code = '${d}'`)[0][0]]);
    chainOf(d, `(SELECT id FROM (SELECT id FROM orgs WHERE code = '${c}') c)`);
  }
  cp = await complaint();
  p1 = provider('A1');
  p2 = provider('A2');
  job = offered(p1).number;
  rma = await returned();
  imgs = await canvasImages();
});
test.after(() => {
  for (const [d, was] of chainsBefore) chainOf(d, was);
});

test('a PNG, stored once by its SHA-256, listed, served inline with nosniff and a sandbox CSP', async () => {
  const file = png(640, 480, { text: `<script>alert(document.cookie)</script> ${RUN}` });
  const before = files().length;
  const a = await attached(await upload('d0001.buyer', 'complaints', cp, file, { name: '../../门 door.png' }));
  assert.equal(a.media_type, 'image/png');
  assert.equal(a.width, 640);
  assert.equal(a.height, 480);
  assert.equal(a.size, file.length);
  assert.equal(a.name, '门 door.png');	// the path is dropped
  assert.deepEqual(a.object, { kind: 'complaint', number: cp });
  assert.equal(files().length, before + 1);
  assert.ok(files().includes(a.sha256));

  // the same bytes again (another key): a second row, the one file
  const b = await attached(await upload('d0001.buyer', 'complaints', cp, file));
  assert.notEqual(b.id, a.id);
  assert.equal(b.sha256, a.sha256);
  assert.equal(files().length, before + 1);

  // served: the bytes as uploaded (the script in its tEXt and all), under headers that keep it an image
  for (const who of ['d0001.buyer', 'r01.agent', 'c0001.buyer', 'hq.agent']) {
    const res = await call(who, 'GET', a.url);
    assert.equal(res.status, 200, who);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    assert.match(res.headers.get('content-disposition'), /^inline; filename\*=UTF-8''%E9%97%A8%20door\.png$/);
    assert.match(res.headers.get('cache-control'), /^private/);
    assert.equal(res.headers.get('etag'), `"${a.sha256}"`);
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.equals(file));
    assert.ok(body.includes('<script>'));
  }
  // the ETag answers 304
  const again = await call('d0001.buyer', 'GET', a.url, undefined, { 'If-None-Match': `"${a.sha256}"` });
  assert.equal(again.status, 304);
  // the thumbnail: a JPEG of 320 x 240
  const th = await call('r01.agent', 'GET', a.thumb_url);
  assert.equal(th.status, 200);
  assert.equal(th.headers.get('content-type'), 'image/jpeg');
  assert.equal(th.headers.get('content-security-policy'), "sandbox; default-src 'none'");
  const jpeg = Buffer.from(await th.arrayBuffer());
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  // listed on its complaint
  const list = await (await call('r01.agent', 'GET', `/api/v1/complaints/${cp}/attachments`)).json();
  assert.deepEqual(list.items.map((x) => x.id), [a.id, b.id]);
  assert.equal(list.limit, 10);
  // audited, about the complaint's dealer
  assert.equal(rows(`SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_upload' AND object_type = 'attachment'
    AND object_id = ${a.id}`), 1);
});

test('the content decides: HTML named .png is refused (415); truncated or corrupt images (422); nothing kept', async () => {
  const before = files().length;
  const count = rows(`SELECT COUNT(*) FROM attachments`);
  let res = await upload('d0001.buyer', 'complaints', cp, Buffer.from('<html><script>alert(1)</script></html>'),
    { name: 'x.png' });
  assert.equal(res.status, 415);
  let e = await errorOf(res);
  assert.equal(e.code, 'unsupported_media_type');
  assert.match(e.fields.file, /not a JPEG, PNG, WebP or PDF/);
  // the same as a raw body declared image/png
  res = await upload('d0001.buyer', 'complaints', cp, Buffer.from('<html><body>hi</body></html>'),
    { name: 'x.png', raw: true });
  assert.equal(res.status, 415);
  // a PNG signature with HTML after it: it must decode, and does not
  const good = png(64, 64);
  // a whole PNG with a page after its end: refused too
  res = await upload('d0001.buyer', 'complaints', cp, Buffer.concat([good,
    Buffer.from('<html><script>alert(1)</script></html>')]));
  assert.equal(res.status, 422);
  res = await upload('d0001.buyer', 'complaints', cp, Buffer.concat([good.subarray(0, 33),
    Buffer.from('<html><script>alert(1)</script></html>')]));
  assert.equal(res.status, 422);
  e = await errorOf(res);
  assert.equal(e.code, 'bad_file');
  assert.match(e.fields.file, /PNG/);
  // cut short
  for (const [file, type] of [[good.subarray(0, good.length - 20), 'image/png'],
    [imgs.jpeg.subarray(0, imgs.jpeg.length >> 1), 'image/jpeg'],
    [imgs.webp.subarray(0, imgs.webp.length >> 1), 'image/webp'], [PDF.subarray(0, 30), 'application/pdf']]) {
    res = await upload('d0001.buyer', 'complaints', cp, file, { type, name: 'cut' });
    assert.equal(res.status, 422, type);
  }
  // a JPEG with its scan data scrambled
  const bad = Buffer.from(imgs.jpeg);
  for (let i = bad.length >> 1; i < (bad.length >> 1) + 64; i++) bad[i] = 0xff;
  res = await upload('d0001.buyer', 'complaints', cp, bad, { type: 'image/jpeg', name: 'bad.jpg' });
  assert.equal(res.status, 422);
  // no file at all
  const fd = new FormData();
  fd.append('note', 'nothing');
  res = await fetch(`${BASE}/api/v1/complaints/${cp}/attachments`, { method: 'POST', body: fd,
    headers: { Authorization: `Bearer ${await as('d0001.buyer')}`, 'Idempotency-Key': key() } });
  assert.equal(res.status, 422);
  assert.equal((await errorOf(res)).code, 'no_file');
  assert.equal(rows(`SELECT COUNT(*) FROM attachments`), count);
  assert.equal(files().length, before);
  await waitFor(() => files('tmp').length === 0);
});

test('JPEG, WebP and PDF: accepted by their content; a PDF is a download without a thumbnail', async () => {
  const j = await attached(await upload('d0001.buyer', 'complaints', cp, imgs.jpeg, { type: 'image/jpeg',
    name: 'door.jpg' }));
  assert.equal(j.media_type, 'image/jpeg');
  assert.equal(j.width, 640);
  // a WebP sent raw under a wrong declared type: the content decides
  const w = await attached(await upload('d0001.buyer', 'complaints', cp, imgs.webp, { type: 'application/octet-stream',
    name: '冰箱 door.webp', raw: true }));
  assert.equal(w.media_type, 'image/webp');
  assert.equal(w.name, '冰箱 door.webp');	// X-Filename, percent-encoded
  assert.equal(w.height, 480);
  assert.equal((await call('d0001.buyer', 'GET', w.thumb_url)).status, 200);
  const p = await attached(await upload('d0001.buyer', 'complaints', cp, PDF, { type: 'application/pdf',
    name: 'invoice "copy".pdf' }));
  assert.equal(p.media_type, 'application/pdf');
  assert.equal(p.width, null);
  assert.equal(p.thumb_url, null);
  const res = await call('r01.agent', 'GET', p.url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('content-disposition'), "attachment; filename*=UTF-8''invoice%20copy.pdf");
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('content-security-policy'), "sandbox; default-src 'none'");
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(PDF));
  assert.equal((await call('r01.agent', 'GET', `/api/v1/attachments/${p.id}/thumb`)).status, 404);
});

test('over 10 MiB: 413 from the app (10 MiB + 1 byte) and from nginx (far bigger); nothing kept', async () => {
  const c = await complaint();
  const before = files().length;
  const big = Buffer.alloc(10 * MiB + 1, 0x41);
  big.set(png(8, 8));
  let res = await upload('d0001.buyer', 'complaints', c, big, { name: 'big.png' });
  assert.equal(res.status, 413);
  let e = await errorOf(res);
  assert.equal(e.code, 'payload_too_large');
  assert.match(e.fields.file, /10 MiB/);
  res = await upload('d0001.buyer', 'complaints', c, big, { name: 'big.png', raw: true });
  assert.equal(res.status, 413);
  // exactly 10 MiB passes the size check, and is then refused as a PNG with 10 MiB of
  // something after its end (a polyglot), not as too large
  res = await upload('d0001.buyer', 'complaints', c, big.subarray(0, 10 * MiB), { name: 'ten.png', raw: true });
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.file, /bytes after its end/);
  res = await upload('d0001.buyer', 'complaints', c, Buffer.alloc(40 * MiB, 0x42), { name: 'huge.png' });
  assert.equal(res.status, 413);
  e = await errorOf(res);		// nginx's own, in the same shape
  assert.equal(e.code, 'payload_too_large');
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE object_number = '${c}'`), 0);
  assert.equal(rows(`SELECT attachments FROM complaints WHERE number = '${c}'`), 0);
  assert.equal(files().length, before);
  await waitFor(() => files('tmp').length === 0);
});

test('idempotent by key: the same file again answers the first (200); another file with the key 409', async () => {
  const k = key();
  const file = png(50, 40);
  const a = await upload('d0001.buyer', 'complaints', cp, file, { idem: k });
  assert.equal(a.status, 201);
  const first = await a.json();
  const b = await upload('d0001.buyer', 'complaints', cp, file, { idem: k });
  assert.equal(b.status, 200);
  assert.equal((await b.json()).id, first.id);
  const c = await upload('d0001.buyer', 'complaints', cp, png(51, 40), { idem: k });
  assert.equal(c.status, 409);
  assert.equal((await errorOf(c)).code, 'idempotency_key_reused');
  const d = await upload('d0001.buyer', 'complaints', cp, file, { idem: null });
  assert.equal(d.status, 422);
  assert.ok((await errorOf(d)).fields['Idempotency-Key']);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE idem_key = '${k}'`), 1);
});

test('ten per object: two racing tenth uploads, one wins (the other 409); the eleventh 409', async () => {
  const c = await complaint();
  const file = png(30, 30);
  for (let i = 0; i < 8; i++) await attached(await upload('d0001.buyer', 'complaints', c, file));
  const ninth = png(31, 30);
  await attached(await upload('d0001.buyer', 'complaints', c, ninth));
  const [x, y] = await Promise.all([upload('d0001.buyer', 'complaints', c, png(32, 30)),
    upload('r01.agent', 'complaints', c, png(33, 30))]);
  assert.deepEqual([x.status, y.status].sort(), [201, 409]);
  const loser = x.status === 409 ? x : y;
  assert.equal((await errorOf(loser)).code, 'attachment_limit');
  const eleventh = await upload('d0001.buyer', 'complaints', c, png(34, 30));
  assert.equal(eleventh.status, 409);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE object_kind = 'complaint' AND object_number = '${c}'`), 10);
  assert.equal(rows(`SELECT attachments FROM complaints WHERE number = '${c}'`), 10);
});

test('its uploader deletes an attachment (soft, audited): gone from every read, a place free again', async () => {
  const c = await complaint();
  const mine = [];
  for (let i = 0; i < 10; i++) mine.push(await attached(await upload('d0001.buyer', 'complaints', c, png(40 + i, 20))));
  assert.equal((await upload('d0001.buyer', 'complaints', c, png(60, 20))).status, 409);
  const del = (who, a) => call(who, 'DELETE', `/api/v1/attachments/${a.id}`);
  let res = await del('r01.agent', mine[3]);		// reads it, did not upload it
  assert.equal(res.status, 403);
  res = await del('d0002.buyer', mine[3]);		// out of scope
  assert.equal(res.status, 404);
  res = await del('d0001.buyer', mine[3]);
  assert.equal(res.status, 204);
  for (const p of [mine[3].url, mine[3].thumb_url]) assert.equal((await call('d0001.buyer', 'GET', p)).status, 404);
  assert.equal((await del('d0001.buyer', mine[3])).status, 404);
  const list = await (await call('d0001.buyer', 'GET', `/api/v1/complaints/${c}/attachments`)).json();
  assert.equal(list.items.length, 9);
  assert.ok(!list.items.some((x) => x.id === mine[3].id));
  assert.equal(rows(`SELECT attachments FROM complaints WHERE number = '${c}'`), 9);
  assert.equal(rows(`SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_delete' AND object_id = ${mine[3].id}`), 1);
  // the row and its file stay: the sweep never takes a file a row names
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE id = ${mine[3].id} AND deleted_at IS NOT NULL`), 1);
  assert.ok(files().includes(mine[3].sha256));
  await attached(await upload('d0001.buyer', 'complaints', c, png(61, 20)));
  assert.equal((await upload('d0001.buyer', 'complaints', c, png(62, 20))).status, 409);
});

// Who may not: 404 for every endpoint (403 where its role never uploads to that kind).
async function outside(who, kind, number, a) {
  for (const p of [a.url, `/api/v1/attachments/${a.id}/thumb`, `/api/v1/${kind}/${number}/attachments`]) {
    const res = await call(who, 'GET', p);
    assert.equal(res.status, 404, `${who} GET ${p}`);
    assert.equal((await errorOf(res)).code, 'not_found');
  }
  const res = await upload(who, kind, number, png(20, 20));
  assert.ok(res.status === 404 || res.status === 403, `${who} POST ${kind}: ${res.status}`);
  const del = await call(who, 'DELETE', a.url);
  assert.equal(del.status, 404, `${who} DELETE ${a.url}`);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE id = ${a.id} AND deleted_at IS NULL`), 1);
}

test('scope, complaint: the dealer, its chain, its region and HQ read; another dealer, chain or region 404', async () => {
  const a = await attached(await upload('r01.agent', 'complaints', cp, png(40, 40)));
  for (const who of ['d0001.buyer', 'c0001.buyer', 'r01.agent', 'r01.manager', 'hq.agent']) {
    assert.equal((await call(who, 'GET', a.url)).status, 200, who);
  }
  const count = rows(`SELECT COUNT(*) FROM attachments`);
  for (const who of ['d0002.buyer', 'c0002.buyer', 'r02.agent', p1.login]) await outside(who, 'complaints', cp, a);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments`), count);
});

test('scope, service job: its dealer, region and provider; another provider, dealer or chain 404', async () => {
  const b = await attached(await upload('d0001.buyer', 'service-jobs', job, png(60, 40)));
  // a provider only offered the job sees no customer's details, nor the photos: 404 until it holds it
  await outside(p1.login, 'service-jobs', job, b);
  const acc = await call(p1.login, 'POST', `/api/v1/service-jobs/${job}/accept`);
  assert.equal(acc.status, 200, await acc.clone().text());
  const a = await attached(await upload(p1.login, 'service-jobs', job, imgs.jpeg, { type: 'image/jpeg' }));
  for (const who of ['d0001.buyer', 'r01.agent', p1.login]) {
    assert.equal((await call(who, 'GET', a.url)).status, 200, who);
    assert.equal((await call(who, 'GET', `/api/v1/attachments/${b.id}/thumb`)).status, 200, who);
    const list = await (await call(who, 'GET', `/api/v1/service-jobs/${job}/attachments`)).json();
    assert.deepEqual(list.items.map((x) => x.id), [b.id, a.id], who);
  }
  const count = rows(`SELECT COUNT(*) FROM attachments`);
  for (const who of [p2.login, 'd0002.buyer', 'c0002.buyer', 'r02.agent']) await outside(who, 'service-jobs', job, a);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments`), count);
});

test('scope, return: its dealer, chain and region; another dealer, chain or region 404', async () => {
  const a = await attached(await upload('d0001.buyer', 'returns', rma, PDF, { type: 'application/pdf',
    name: 'delivery-note.pdf' }));
  const b = await attached(await upload('r01.approver', 'returns', rma, png(20, 30)));
  for (const who of ['d0001.buyer', 'c0001.buyer', 'r01.approver']) {
    assert.equal((await call(who, 'GET', a.url)).status, 200, who);
    assert.equal((await call(who, 'GET', b.url)).status, 200, who);
  }
  const count = rows(`SELECT COUNT(*) FROM attachments`);
  for (const who of ['d0002.buyer', 'c0002.buyer', 'r02.approver', p1.login]) await outside(who, 'returns', rma, a);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments`), count);
  // a statement dispute's attachments are its billing complaint's: the complaint routes serve them
});

test('a statement dispute: its billing complaint takes the finance user\'s PDF; another dealer 404', async () => {
  const P = month(0);
  const D1 = Number(sql("SELECT id FROM orgs WHERE code = 'D0001'")[0][0]);
  reopenMonth(P);
  try {
    let res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`, { kind: 'fee', amount: 1200,
      reference: `ATT-FEE-${RUN}` });
    assert.equal(res.status, 201);
    const fee = (await res.json()).id;
    res = await call('hq.finance', 'POST', `/api/v1/periods/${P}/close`);
    assert.equal(res.status, 200, await res.clone().text());
    res = await call('d0001.finance', 'POST', `/api/v1/dealers/${D1}/statements/${P}/dispute`,
      { lines: [fee], reason: 'charged twice' });
    assert.equal(res.status, 201, await res.clone().text());
    const s = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/statements/${P}`)).json();
    const c = s.dispute.complaint;
    const a = await attached(await upload('d0001.finance', 'complaints', c, PDF, { type: 'application/pdf',
      name: 'bank receipt.pdf' }));
    assert.deepEqual(a.object, { kind: 'complaint', number: c });
    for (const who of ['d0001.finance', 'r01.agent']) assert.equal((await call(who, 'GET', a.url)).status, 200, who);
    await outside('d0002.finance', 'complaints', c, a);
  } finally {
    reopenMonth(P);
  }
});

test('the page form: multipart with its CSRF token and key; a forged or stale form 403', async () => {
  const c = await complaint();
  const b = browser();
  await signIn(b, 'd0001.buyer', `/complaints/${c}`);
  let page = await (await b.get(`/complaints/${c}`)).text();
  assert.match(page, /enctype="multipart\/form-data"/);
  assert.match(page, /accept="image\/jpeg,image\/png,image\/webp,application\/pdf"/);
  const idem = page.match(/name="idem" value="([0-9a-f]+)"/)[1];
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const post = async (fields, file, name) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', new Blob([file], { type: 'image/png' }), name);
    return fetch(`${BASE}/complaints/${c}/attachments`, { method: 'POST', body: fd, redirect: 'manual',
      headers: { Cookie: cookie } });
  };
  let res = await post({ _csrf: csrfOf(page), idem }, png(100, 80), 'phone photo.png');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/complaints/${c}?attached=1#attachments`);
  page = await (await b.get(`/complaints/${c}?attached=1`)).text();
  assert.match(page, /<img src="\/attachments\/\d+\/thumb" alt="phone photo.png"/);
  // the same form again (a double submit): the one attachment
  res = await post({ _csrf: csrfOf(page), idem }, png(100, 80), 'phone photo.png');
  assert.equal(res.status, 303);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE object_number = '${c}'`), 1);
  // a refusal comes back to the page with its message
  res = await post({ _csrf: csrfOf(page), idem: `${idem}x` }, Buffer.from('<html></html>'), 'x.png');
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /attach_error=unsupported_media_type/);
  page = await (await b.get(res.headers.get('location').replace(/#.*/, ''))).text();
  assert.match(page, /role="alert"/);
  // no token, or another's: 403, nothing kept
  res = await post({ idem: `${idem}y` }, png(10, 10), 'a.png');
  assert.equal(res.status, 403);
  res = await post({ _csrf: '0'.repeat(64), idem: `${idem}z` }, png(10, 10), 'a.png');
  assert.equal(res.status, 403);
  assert.equal(rows(`SELECT COUNT(*) FROM attachments WHERE object_number = '${c}'`), 1);
  // the page's own links: the image through the pages' session
  const img = page.match(/<a href="(\/attachments\/\d+)">/)[1];
  res = await b.get(img);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  // its uploader's delete button, a form with the token
  assert.match(page, new RegExp(`<form method="post" action="${img}/delete"`));
  res = await b.post(`${img}/delete`, { _csrf: csrfOf(page) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/complaints/${c}?detached=1#attachments`);
  page = await (await b.get(`/complaints/${c}?detached=1`)).text();
  assert.doesNotMatch(page, /<img src="\/attachments/);
  assert.equal((await b.get(img)).status, 404);
});

// ASan's shadow memory and quarantine inflate RSS: the uploads run, the bound is not asserted.
const ASAN = /asan/.test(process.env.DEALERNET_APP || APP);

test('ten concurrent 10 MiB uploads: the app stays under 64 MiB of RSS', { timeout: 240000 }, async () => {
  const c = await complaint();
  const token = await as('d0001.buyer');
  const uploads = Array.from({ length: 10 }, () => pngOfSize(10 * MiB));
  assert.ok(uploads.every((u) => u.length > 10 * MiB - 64 * 1024 && u.length <= 10 * MiB));
  // a fresh app: what earlier tests left in its heap (glibc keeps freed memory in each
  // thread's arena) is not this test's; then run/app.pid is the supervising master and the
  // requests are served by its worker process
  stack('app-restart');
  await waitFor(async () => (await get('/healthz')).status === 200);
  await call('d0001.buyer', 'GET', `/api/v1/complaints/${c}`);	// each thread's first request
  const master = appPid();
  const [pid] = fs.readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).map(Number);
  assert.ok(pid > 0 && /dealernetd/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')), 'the worker');
  const status = () => Object.fromEntries(fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')
    .filter((l) => /^Vm(RSS|HWM):/.test(l)).map((l) => [l.split(':')[0], Number(l.match(/(\d+) kB/)[1])]));
  // the peak so far (an argon2id sign-in takes 64 MiB for a moment) starts again from now
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const idle = status().VmRSS;
  let peak = idle;
  const sampler = setInterval(() => { peak = Math.max(peak, status().VmRSS); }, 10);
  const t0 = Date.now();
  let results;
  try {
    results = await Promise.all(uploads.map((u, i) => {
      const fd = new FormData();
      fd.append('file', new Blob([u], { type: 'image/png' }), `noise-${i}.png`);
      return fetch(`${BASE}/api/v1/complaints/${c}/attachments`, { method: 'POST', body: fd,
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key() } });
    }));
  } finally {
    clearInterval(sampler);
  }
  const secs = (Date.now() - t0) / 1000;
  const hwm = status().VmHWM;
  for (const r of results) assert.equal(r.status, 201, await r.clone().text());
  const items = await Promise.all(results.map((r) => r.json()));
  assert.ok(items.every((a) => a.width === 1800 && a.size > 10 * MiB - 64 * 1024));
  const mib = (kb) => (kb / 1024).toFixed(1);
  console.log(`# rss: ten concurrent 10 MiB uploads in ${secs.toFixed(1)} s: the worker's VmHWM ${mib(hwm)} MiB, ` +
    `sampled VmRSS peak ${mib(peak)} MiB, idle before ${mib(idle)} MiB (${ASAN ? 'ASan: not asserted' : 'bound 64 MiB'})`);
  if (!ASAN) assert.ok(hwm < 64 * 1024, `VmHWM ${mib(hwm)} MiB`);
  // and the files come back whole, streamed
  const back = Buffer.from(await (await call('d0001.buyer', 'GET', items[3].url)).arrayBuffer());
  assert.ok(back.equals(uploads[3]));
});

test('the sweep removes only files no row names, an hour old', async () => {
  const { cli } = require('../lib/harness');
  const orphan = path.join(STORE, 'ab', 'cd', `abcd${'0'.repeat(60)}`);
  fs.mkdirSync(path.dirname(orphan), { recursive: true });
  fs.writeFileSync(orphan, 'orphan');
  const kept = files().filter((f) => f !== path.basename(orphan));
  const old = new Date(Date.now() - 2 * 3600 * 1000);
  fs.utimesSync(orphan, old, old);
  for (const f of kept.slice(0, 3)) {
    const p = path.join(STORE, f.slice(0, 2), f.slice(2, 4), f);
    fs.utimesSync(p, old, old);
  }
  const out = JSON.parse(cli(['attachments-sweep']));
  assert.equal(out.removed, 1);
  assert.equal(fs.existsSync(orphan), false);
  assert.deepEqual(files(), kept);
});
