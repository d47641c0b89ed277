// 0705: the inventory query (issue #10): the ERP posts stock per model and warehouse as of a
// snapshot (a newer one replaces it, an older or the same one changes nothing, all rows or
// none with each problem named); anyone signed in reads it by model or warehouse, paged;
// nobody but the ERP changes it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { errorOf, sql, client } = require('../lib/harness');

const { call } = client();
const [[MODEL]] = sql('SELECT code FROM products WHERE active = 1 ORDER BY id LIMIT 1');
const at = (h) => new Date(Date.UTC(2030, 0, 1, h)).toISOString().replace('.000', '');
const row = (extra = {}) => ({ model: MODEL, warehouse: 'WH-SH', on_hand: 120, reserved: 20, next_receipt_on: '2030-02-01',
  next_receipt_qty: 60, as_of: at(8), ...extra });
const post = (who, rows) => call(who, 'POST', '/api/v1/inventory', { rows });
const held = () => sql(`SELECT i.on_hand, i.reserved FROM inventory i JOIN products p ON p.id = i.product_id JOIN warehouses w ON w.id = i.warehouse_id WHERE p.code = '${MODEL}' AND w.code = 'WH-SH'`)[0].map(Number);

test('a snapshot replaces the stock held; the same or an older one changes nothing', async () => {
  let res = await post('erp', [row()]);
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { rows: 1, applied: 1, unchanged: 0 });
  assert.deepEqual(held(), [120, 20]);
  res = await post('erp', [row()]);
  assert.deepEqual(await res.json(), { rows: 1, applied: 0, unchanged: 1 }, 'sent again');
  res = await post('erp', [row({ on_hand: 5, reserved: 0, as_of: at(7) })]);
  assert.deepEqual(await res.json(), { rows: 1, applied: 0, unchanged: 1 }, 'an older snapshot');
  assert.deepEqual(held(), [120, 20]);
  res = await post('erp', [row({ on_hand: 90, reserved: 30, as_of: at(9) })]);
  assert.equal((await res.json()).applied, 1);
  assert.deepEqual(held(), [90, 30]);
});

test('bad rows: 422 naming the row and field; nothing is written', async () => {
  const bad = [
    [row({ model: 'NO-SUCH' }), 'rows[0].model'],
    [row({ warehouse: 'WH-XX' }), 'rows[0].warehouse'],
    [row({ reserved: 500 }), 'rows[0].reserved'],
    [row({ on_hand: -1 }), 'rows[0].on_hand'],
    [row({ as_of: '2030-01-01 08:00:00' }), 'rows[0].as_of'],
    [row({ as_of: '2030-02-30T08:00:00Z' }), 'rows[0].as_of'],
    [row({ next_receipt_on: 'soon' }), 'rows[0].next_receipt_on'],
  ];
  for (const [r, field] of bad) {
    const res = await post('erp', [row({ on_hand: 1, reserved: 0, as_of: at(20) }), r]);
    assert.equal(res.status, 422, field);
    assert.ok((await errorOf(res)).fields[field.replace('[0]', '[1]')], field);
  }
  assert.deepEqual(held(), [90, 30], 'the good row of a refused snapshot is not written either');
  assert.ok((await errorOf(await post('erp', []))).fields.rows);
});

test('anyone reads it, by model or warehouse, paged; only the ERP posts', async () => {
  for (const who of ['d0001.buyer', 'r02.approver', 'hq.key']) {
    const res = await call(who, 'GET', `/api/v1/inventory?model=${MODEL}`);
    assert.equal(res.status, 200, who);
    const j = await res.json();
    assert.ok(j.items.length >= 1 && j.items.every((i) => i.model === MODEL));
    const sh = j.items.find((i) => i.warehouse === 'WH-SH');
    assert.deepEqual([sh.on_hand, sh.reserved, sh.available], [90, 30, 60]);
  }
  const wh = await (await call('d0001.buyer', 'GET', '/api/v1/inventory?warehouse=WH-BJ&limit=3')).json();
  assert.ok(wh.items.length === 3 && wh.items.every((i) => i.warehouse === 'WH-BJ'));
  const next = await (await call('d0001.buyer', 'GET', `/api/v1/inventory?warehouse=WH-BJ&limit=3&after=${wh.next_cursor}`)).json();
  assert.ok(next.items.every((i) => !wh.items.some((k) => k.model === i.model)), 'the next page');
  for (const who of ['d0001.buyer', 'hq.key', 'admin']) assert.equal((await post(who, [row()])).status, 403, who);
  assert.equal((await call('d0001.buyer', 'GET', '/api/v1/inventory?after=x')).status, 422);
});
