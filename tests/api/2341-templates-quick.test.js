// 2341: templates, quick order and favourites (issue #23). A draft kept under a name by its
// dealer, an order started from it with every line checked again (all or none); many lines
// typed at once into the draft, checked together; a user's favourite models. Each is the
// caller's organisation's or the caller's own: another dealer finds nothing (404).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, api, cli, client, errorOf, login, sql } = require('../lib/harness');
const { browser, csrfOf, signIn } = require('../lib/formjar');

const { call, as } = client();
const RUN = Date.now().toString(36);
const TV = { product: 'LE-2005', quantity: 2, options: { screen_in: '55', panel: 'led' } };
const WASHER = { product: 'XQG-2002', quantity: 1, options: { capacity_kg: 7, loading: 'front' } };

async function post(who, p, body, key) {
  return fetch(BASE + p, { method: 'POST', headers: { Authorization: `Bearer ${await as(who)}`,
    'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) }, body: JSON.stringify(body) });
}
async function clearDraft(who) {
  const d = await (await call(who, 'GET', '/api/v1/draft')).json();
  for (const l of d.lines) assert.equal((await call(who, 'DELETE', `/api/v1/draft/lines/${l.id}`)).status, 200);
}

test('a draft is kept as a template, once per key and name; an order starts from it', async () => {
  await clearDraft('d0002.buyer');
  // an empty draft keeps nothing
  let res = await post('d0002.buyer', '/api/v1/templates', { name: `空 ${RUN}` }, `t0-${RUN}`);
  assert.equal(res.status, 422);
  res = await post('d0002.buyer', '/api/v1/draft/lines', { lines: [TV, WASHER] });
  assert.equal(res.status, 201, await res.clone().text());
  res = await post('d0002.buyer', '/api/v1/templates', { name: `每周补货 ${RUN}` });
  assert.equal(res.status, 422, 'the key is required');
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['Idempotency-Key']);
  res = await post('d0002.buyer', '/api/v1/templates', { name: `每周补货 ${RUN}` }, `t1-${RUN}`);
  assert.equal(res.status, 201, await res.clone().text());
  const t = await res.json();
  assert.equal(t.line_count, 2);
  assert.deepEqual(t.lines.map((l) => [l.product, l.quantity]), [['LE-2005', 2], ['XQG-2002', 1]]);
  res = await post('d0002.buyer', '/api/v1/templates', { name: `每周补货 ${RUN}` }, `t1-${RUN}`);
  assert.equal(res.status, 200, 'a retry finds it');
  assert.equal((await res.json()).id, t.id);
  assert.equal((await post('d0002.buyer', '/api/v1/templates', { name: 'other' }, `t1-${RUN}`)).status, 409);
  res = await post('d0002.buyer', '/api/v1/templates', { name: `每周补货 ${RUN}` }, `t2-${RUN}`);
  assert.equal(res.status, 409, 'the name is taken');
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['name']);
  for (const name of ['', ' ', 'x'.repeat(101), 5]) {
    res = await post('d0002.buyer', '/api/v1/templates', { name }, `t3-${RUN}-${String(name).length}`);
    assert.equal(res.status, 422, JSON.stringify(name));
  }
  // the dealer's other people share it; another dealer finds nothing
  cli(['user', 'add', `b2.${RUN}`, 'D0002', 'dealer_buyer'], 'another-buyer-pw\n');
  const other = (await login(`b2.${RUN}`, 'another-buyer-pw')).access_token;
  const list = (await (await api(other, 'GET', '/api/v1/templates')).json()).items;
  assert.ok(list.some((x) => x.id === t.id), 'the dealer\'s other buyer reads it');
  assert.equal((await call('d0001.buyer', 'GET', `/api/v1/templates/${t.id}`)).status, 404);
  assert.equal((await post('d0001.buyer', `/api/v1/templates/${t.id}/draft`, {})).status, 404);
  assert.equal((await call('d0001.buyer', 'DELETE', `/api/v1/templates/${t.id}`)).status, 404);
  assert.ok(!(await (await call('d0001.buyer', 'GET', '/api/v1/templates')).json()).items.some((x) => x.id === t.id));
  // start an order from it: its lines into the draft, then submitted as any draft
  await clearDraft('d0002.buyer');
  res = await post('d0002.buyer', `/api/v1/templates/${t.id}/draft`, {});
  assert.equal(res.status, 201, await res.clone().text());
  const d = await res.json();
  assert.deepEqual(d.lines.map((l) => [l.product, l.quantity]), [['LE-2005', 2], ['XQG-2002', 1]]);
  assert.ok(d.ready && d.total > 0);
  await clearDraft('d0002.buyer');
});

test('a template\'s lines are checked as the catalogue is now: all or none', async () => {
  let res;
  await clearDraft('d0002.buyer');
  await post('d0002.buyer', '/api/v1/draft/lines', { lines: [TV, WASHER] });
  const t = await (await post('d0002.buyer', '/api/v1/templates', { name: `停产 ${RUN}` }, `t4-${RUN}`)).json();
  await clearDraft('d0002.buyer');
  sql("UPDATE products SET active = 0 WHERE code = 'XQG-2002'");
  try {
    res = await post('d0002.buyer', `/api/v1/templates/${t.id}/draft`, {});
    assert.equal(res.status, 422);
    assert.deepEqual(Object.keys((await errorOf(res)).fields), ['lines[1].product']);
    assert.equal((await (await call('d0002.buyer', 'GET', '/api/v1/draft')).json()).lines.length, 0, 'nothing added');
  } finally {
    sql("UPDATE products SET active = 1 WHERE code = 'XQG-2002'");
  }
  // an organisation keeps at most 200 (the list shows them all)
  await post('d0002.buyer', '/api/v1/draft/lines', { lines: [TV] });
  sql(`INSERT INTO order_templates (org_id, name, lines_json, line_count, created_by, idem_key, request_hash)
    SELECT t.org_id, CONCAT('fill ${RUN} ', s.seq), t.lines_json, t.line_count, t.created_by, CONCAT('fill-${RUN}-', s.seq),
    t.request_hash FROM order_templates t JOIN seq_1_to_200 s WHERE t.id = ${t.id}
    AND s.seq <= 200 - (SELECT COUNT(*) FROM order_templates x WHERE x.org_id = t.org_id)`);
  res = await post('d0002.buyer', '/api/v1/templates', { name: `one too many ${RUN}` }, `t5-${RUN}`);
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.name, /200/);
  assert.equal((await (await call('d0002.buyer', 'GET', '/api/v1/templates')).json()).items.length, 200);
  sql(`DELETE FROM order_templates WHERE name LIKE 'fill ${RUN} %'`);
  await clearDraft('d0002.buyer');
  // deleted on its version
  assert.equal((await call('d0002.buyer', 'DELETE', `/api/v1/templates/${t.id}?version=${t.version + 1}`)).status, 409);
  assert.equal((await call('d0002.buyer', 'DELETE', `/api/v1/templates/${t.id}?version=${t.version}`)).status, 200);
  assert.equal((await call('d0002.buyer', 'GET', `/api/v1/templates/${t.id}`)).status, 404);
});

test('quick order: many lines at once, every problem named, all or none', async () => {
  await clearDraft('d0002.buyer');
  let res = await post('d0002.buyer', '/api/v1/draft/lines', { lines: [TV,
    { product: 'XQG-2002', quantity: 1, options: { capacity_kg: 99, loading: 'front' } }, { product: 'NOPE', quantity: 0 }] });
  assert.equal(res.status, 422);
  const fields = Object.keys((await errorOf(res)).fields);
  assert.ok(fields.some((f) => f.startsWith('lines[1].options')), fields.join());
  assert.ok(fields.some((f) => f.startsWith('lines[2]')), fields.join());
  assert.equal((await (await call('d0002.buyer', 'GET', '/api/v1/draft')).json()).lines.length, 0);
  assert.equal((await post('d0002.buyer', '/api/v1/draft/lines', { lines: 'x' })).status, 422);
  // a code no model has, in any script: named, never a 500
  res = await post('d0002.buyer', '/api/v1/draft/lines', { lines: [{ product: '冰冰', quantity: 1 }] });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys((await errorOf(res)).fields), ['lines[0].product']);
  assert.equal((await call('d0002.buyer', 'PUT', `/api/v1/favourites/${encodeURIComponent('冰')}`)).status, 404);
  assert.equal((await call('d0002.buyer', 'GET', `/api/v1/products/${encodeURIComponent('冰')}`)).status, 404);
  // the page: rows typed, one wrong, then right
  const b = browser();
  await signIn(b, 'd0002.buyer', '/quick-order');
  const page = await (await b.get('/quick-order')).text();
  res = await b.post('/quick-order', { _csrf: csrfOf(page), idem: `q-${RUN}`, code1: 'LE-2005', qty1: '3',
    opts1: 'screen_in=55;panel=led', code3: 'XQG-2002', qty3: 'x', opts3: 'capacity_kg=7;loading=front' });
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /rows\[3\]\.quantity/);
  assert.match(html, /value="LE-2005"/, 'what was typed stays');
  res = await b.post('/quick-order', { _csrf: csrfOf(page), idem: `q2-${RUN}`, code1: 'LE-2005', qty1: '3',
    opts1: 'screen_in=55;panel=led', code3: 'XQG-2002', qty3: '2', opts3: 'capacity_kg=7;loading=front' });
  assert.equal(res.status, 303);
  const lines = (await (await call('d0002.buyer', 'GET', '/api/v1/draft')).json()).lines;
  assert.deepEqual(lines.map((l) => [l.product, l.quantity]), [['LE-2005', 3], ['XQG-2002', 2]]);
  res = await b.post('/quick-order', { idem: `q3-${RUN}`, code1: 'LE-2005', qty1: '1' });
  assert.equal(res.status, 403, 'a form without its CSRF token');
  await clearDraft('d0002.buyer');
});

test('favourites are one user\'s own marks', async () => {
  for (const code of ['LE-2005', 'XQG-2002']) assert.equal((await call('d0002.buyer', 'DELETE', `/api/v1/favourites/${code}`)).status, 200);
  let res = await call('d0002.buyer', 'PUT', '/api/v1/favourites/LE-2005');
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).items.map((i) => i.code), ['LE-2005']);
  assert.equal((await call('d0002.buyer', 'PUT', '/api/v1/favourites/LE-2005')).status, 200, 'again: no change');
  await call('d0002.buyer', 'PUT', '/api/v1/favourites/XQG-2002');
  assert.deepEqual((await (await call('d0002.buyer', 'GET', '/api/v1/favourites')).json()).items.map((i) => i.code).sort(),
    ['LE-2005', 'XQG-2002']);
  assert.equal((await call('d0002.buyer', 'PUT', '/api/v1/favourites/NOPE-1')).status, 404);
  assert.ok(!(await (await call('d0002.admin', 'GET', '/api/v1/favourites')).json()).items.some((i) => i.code === 'LE-2005'),
    'another user\'s list is its own');
  res = await call('d0002.buyer', 'DELETE', '/api/v1/favourites/LE-2005');
  assert.deepEqual((await res.json()).items.map((i) => i.code), ['XQG-2002']);
  // the product page marks it
  const b = browser();
  await signIn(b, 'd0002.buyer', '/catalogue/LE-2005');
  const page = await (await b.get('/catalogue/LE-2005')).text();
  assert.match(page, /☆/);
  res = await b.post('/favourites', { _csrf: csrfOf(page), code: 'LE-2005', on: '1', back: 'product' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/catalogue/LE-2005');
  assert.match(await (await b.get('/favourites')).text(), /LE-2005/);
});
