// 2431: CSV exports of the lists (issue #24): orders with their lines, complaints, the orders
// due and the sell-through reports.  Each is RFC 4180 in UTF-8 with a BOM, its formula-looking
// fields guarded, within the caller's scope and the list's filters (a bad one 422, a dealer out
// of reach 404), and streamed: sent chunked, read a page at a time by short statements, so that
// the app's memory stays flat however many orders (20,000 against 2,000 here; make bench measures
// 100,000).  A database failure after the first byte cuts the transfer off (the client sees it
// truncated); a lost deadlock there reads its page again, the file whole and each row once.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, DIR, errorOf, sql, client, later, login } = require('../lib/harness');

const { call, as } = client();
const RUN = Date.now().toString(36);
let n = 0;
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ORDER_HEADS = ['number', 'po_number', 'dealer_code', 'dealer_name', 'status', 'created_at',
  'requested_date', 'promised_date', 'line', 'model', 'quantity', 'unit_price_yuan', 'discount_yuan',
  'line_total_yuan', 'order_total_yuan'];

// RFC 4180: rows of fields (CRLF between rows, quotes doubled inside quoted fields).
function parse(text) {
  const rows = [];
  let row = [], f = '', q = false, i = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f); rows.push(row); row = []; f = ''; i++;
    } else f += c;
  }
  assert.ok(!q && f === '' && row.length === 0, 'the file ends with a whole row');
  return rows;
}

// GET p as who: status, headers, the bytes and, for a 200, the rows as objects by the first row.
async function csv(who, p, headers = {}) {
  const res = await call(who, 'GET', p, undefined, headers);
  const bytes = Buffer.from(await res.arrayBuffer());
  const out = { status: res.status, headers: res.headers, bytes };
  if (res.status === 200) {
    assert.ok(bytes.subarray(0, 3).equals(BOM), `${p}: a BOM first`);
    const rows = parse(bytes.subarray(3).toString('utf8'));
    out.heads = rows[0];
    out.rows = rows.slice(1).map((r) => {
      assert.equal(r.length, rows[0].length, `${p}: every row has every column`);
      return Object.fromEntries(r.map((v, k) => [rows[0][k], v]));
    });
  }
  return out;
}

async function refused(who, p, status, field) {
  const res = await call(who, 'GET', p);
  assert.equal(res.status, status, p);
  const e = await errorOf(res);
  if (field) assert.ok(e.fields[field], `${p}: ${JSON.stringify(e)}`);
}

// Every item of a JSON list, page after page.
async function all(who, p) {
  const items = [];
  for (let after = null; ;) {
    const sep = p.includes('?') ? '&' : '?';
    const res = await call(who, 'GET', `${p}${sep}limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    assert.equal(res.status, 200, p);
    const j = await res.json();
    items.push(...j.items);
    if (!j.next_cursor) return items;
    after = j.next_cursor;
  }
}

const D1 = id('D0001');	// Walmart Beijing (R01, chain C0001)
const D2 = id('D0002');	// Gome Beijing (R01)
const D101 = id('D0101');	// Tianjin (R02)
const lines = [{ product: 'XQG-2002', quantity: 1, options: { capacity_kg: 7, loading: 'front' } },
  { product: 'XQG-2002', quantity: 2, options: { capacity_kg: 7, loading: 'front' } }];

async function place(who, extra = {}) {
  const res = await call(who, 'POST', '/api/v1/orders', { lines, requested_date: later(),
    ship_to: '北京市朝阳区 导出路 1 号', ...extra },
    { 'Idempotency-Key': `exp-${RUN}-${n++}` });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  return res.json();
}

async function file(who, extra) {
  const res = await call(who, 'POST', '/api/v1/complaints', { category: 'delivery', severity: 'normal',
    subject: '送货延迟', description: '约好周二送货，没有人来', ...extra }, { 'Idempotency-Key': `exp-cp-${RUN}-${n++}` });
  assert.equal(res.status, 201, JSON.stringify(await res.clone().json()));
  return res.json();
}

// D0001 in its chain C0001 (other tests move it out and back)
test.before(async () => {
  const C1 = id('C0001');
  const cur = await (await call('admin', 'GET', `/api/v1/orgs/${D1}`)).json();
  if (cur.chain !== C1 && !(cur.chain && cur.chain.id === C1)) {
    const res = await call('admin', 'PATCH', `/api/v1/orgs/${D1}`, { version: cur.version, chain: C1 });
    assert.equal(res.status, 200, await res.clone().text());
  }
});

test('orders.csv: a BOM, the heads, one row per line with its order, Chinese intact, as an attachment', async () => {
  const o = await place('d0001.buyer', { po_number: `采购-${RUN}` });
  const x = await csv('d0001.buyer', '/api/v1/orders.csv');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(x.headers.get('content-disposition'), /^attachment; filename="orders\.csv"/);
  // streamed: no length up front, chunked through nginx
  assert.equal(x.headers.get('content-length'), null);
  assert.equal(x.headers.get('transfer-encoding'), 'chunked');
  assert.deepEqual(x.heads, ORDER_HEADS);
  const mine = x.rows.filter((r) => r.number === o.number);
  assert.equal(mine.length, 2, 'one row per line');
  assert.deepEqual(mine.map((r) => r.line), ['1', '2']);
  assert.equal(mine[0].po_number, `采购-${RUN}`);
  assert.equal(mine[0].dealer_code, 'D0001');
  assert.equal(mine[0].dealer_name, '沃尔玛北京店');
  assert.equal(mine[0].status, o.status);
  assert.equal(mine[0].requested_date, o.requested_date);
  assert.equal(mine[0].created_at, o.created_at);
  for (const [k, l] of o.lines.entries()) {
    assert.equal(mine[k].model, l.product);
    assert.equal(mine[k].quantity, String(l.quantity));
    assert.equal(mine[k].unit_price_yuan, (l.unit_price / 100).toFixed(2));
    assert.equal(mine[k].discount_yuan, (l.discount / 100).toFixed(2));
    assert.equal(mine[k].line_total_yuan, (l.line_total / 100).toFixed(2));
    assert.equal(mine[k].order_total_yuan, (o.total / 100).toFixed(2));
  }
  // every order of the list, each as many rows as it has lines; the lines add up to the order
  const list = await all('d0001.buyer', '/api/v1/orders');
  const numbers = [...new Set(x.rows.map((r) => r.number))];
  assert.deepEqual(numbers, list.map((i) => i.number), 'the list\'s orders, newest first');
  const counts = new Map(sql(`SELECT o.number, COUNT(l.line_no), o.total, COALESCE(SUM(l.line_total), 0)
    FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.dealer_id = ${D1} GROUP BY o.id`)
    .map(([num, c, total, sum]) => [num, { c: Math.max(1, Number(c)), total, sum }]));
  for (const num of numbers) {
    const rows = x.rows.filter((r) => r.number === num);
    assert.equal(rows.length, counts.get(num).c, `${num}: a row per line`);
    const sum = rows.reduce((s, r) => s + Math.round(Number(r.line_total_yuan) * 100), 0);
    assert.equal(sum, Number(counts.get(num).sum), `${num}: its lines`);
  }
  // in English when asked
  const en = await csv('d0001.buyer', `/api/v1/orders.csv?po=${encodeURIComponent(`采购-${RUN}`)}`,
    { Cookie: 'lang=en' });
  assert.equal(en.rows.length, 2);
  assert.match(en.rows[0].dealer_name, /Walmart/);
});

test('a field a spreadsheet would run as a formula is guarded, plain numbers are not', async () => {
  const risky = ['=1+1', '+86 10 5555', '-2+3', '@SUM(A1)', ' =HYPERLINK("x")'];
  const made = [];
  for (const po of risky) made.push(await place('d0001.buyer', { po_number: `${po}${RUN}${n}` }));
  const x = await csv('d0001.buyer', '/api/v1/orders.csv');
  for (const o of made) {
    const rows = x.rows.filter((r) => r.number === o.number);
    assert.equal(rows[0].po_number, `'${o.po_number}`, o.po_number);
  }
  // the raw bytes: the quote inside a guarded, quoted field is doubled
  assert.ok(x.bytes.includes(Buffer.from(`"' =HYPERLINK(""x"")`)), 'quoted and guarded');
  // a negative amount is a number, not a formula: no guard (a discount of 0 reads 0.00)
  assert.ok(x.rows.every((r) => /^-?\d+\.\d\d$/.test(r.order_total_yuan)));
  // complaints: subject and description as typed, guarded, in Chinese
  const c = await file('d0001.buyer', { subject: `=HYPERLINK("http://x") 投诉 ${RUN}`,
    description: '-1, "引号" 与\n换行' });
  const cx = await csv('d0001.buyer', '/api/v1/complaints.csv');
  assert.equal(cx.status, 200);
  const row = cx.rows.find((r) => r.number === c.number);
  assert.ok(row, 'the complaint filed');
  assert.equal(row.subject, `'=HYPERLINK("http://x") 投诉 ${RUN}`);
  assert.equal(row.description, '\'-1, "引号" 与\n换行');
  assert.equal(row.dealer_name, '沃尔玛北京店');
  assert.equal(row.status, 'open');
});

test('scope: a dealer sees its own, a chain its branches, a region its dealers, HQ all', async () => {
  await place('d0002.buyer');
  await place('d0101.buyer');
  const codes = async (who) => new Set((await csv(who, '/api/v1/orders.csv')).rows.map((r) => r.dealer_code));
  assert.deepEqual([...await codes('d0001.buyer')], ['D0001']);
  assert.deepEqual([...await codes('d0002.buyer')], ['D0002']);
  const chain = await codes('c0001.buyer');
  assert.ok(chain.has('D0001'), 'the chain\'s branch');
  assert.ok(!chain.has('D0002') && !chain.has('D0101'), 'not another chain\'s');
  const chainDealers = new Set(sql(`SELECT d.code FROM orgs d JOIN orgs c ON c.id = d.chain_id WHERE c.code = 'C0001'`).map((r) => r[0]));
  assert.ok([...chain].every((c) => chainDealers.has(c)), 'only its branches');
  const region = await codes('r01.approver');
  assert.ok(region.has('D0001') && region.has('D0002') && !region.has('D0101'));
  const hq = await codes('admin');
  assert.ok(hq.has('D0001') && hq.has('D0101'));
  // another dealer's orders through the filter: 404, as the list
  await refused('d0001.buyer', `/api/v1/orders.csv?dealer=${D2}`, 404);
  await refused('r01.approver', `/api/v1/orders.csv?dealer=${D101}`, 404);
  await refused('c0001.buyer', `/api/v1/complaints.csv?dealer=${D2}`, 404);
  await refused('d0001.buyer', `/api/v1/sellthrough.csv?dealer=${D2}`, 404);
  // complaints: the dealer's own only
  const cs = await csv('d0002.buyer', '/api/v1/complaints.csv');
  assert.ok(cs.rows.every((r) => r.dealer_code === 'D0002'));
  const staff = await csv('r01.agent', '/api/v1/complaints.csv');
  assert.ok(staff.rows.some((r) => r.dealer_code === 'D0001'));
  assert.ok(staff.rows.every((r) => r.dealer_code !== 'D0101'));
  // no token: 401; a provider's agent meets none of it (404)
  for (const p of ['/api/v1/orders.csv', '/api/v1/complaints.csv', '/api/v1/deliveries.csv', '/api/v1/sellthrough.csv']) {
    assert.equal((await fetch(BASE + p)).status, 401, p);
    assert.equal((await call('p0101.agent', 'GET', p)).status, 404, p);
  }
});

test('filters: the list\'s, honoured; a bad one is a 422 naming it', async () => {
  const cancelled = await csv('r01.approver', '/api/v1/orders.csv?status=cancelled');
  assert.ok(cancelled.rows.length > 0);
  assert.ok(cancelled.rows.every((r) => r.status === 'cancelled'));
  const one = await csv('r01.approver', `/api/v1/orders.csv?dealer=${D2}`);
  assert.ok(one.rows.length > 0 && one.rows.every((r) => r.dealer_code === 'D0002'));
  const numbers = (rows) => [...new Set(rows.map((r) => r.number))];
  const list = await all('r01.approver', `/api/v1/orders?dealer=${D2}&status=cancelled`);
  assert.deepEqual(numbers((await csv('r01.approver', `/api/v1/orders.csv?dealer=${D2}&status=cancelled`)).rows),
    list.map((i) => i.number));
  // dates are China's, as the list's
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const recent = await csv('d0001.buyer', `/api/v1/orders.csv?from=${today}&to=${today}`);
  assert.deepEqual(numbers(recent.rows), (await all('d0001.buyer', `/api/v1/orders?from=${today}&to=${today}`)).map((i) => i.number));
  assert.ok(recent.rows.length > 0);
  // empty filters (the pages' forms send them) are none
  const empty = await csv('d0001.buyer', '/api/v1/orders.csv?status=&dealer=&from=&to=&po=');
  assert.equal(empty.status, 200);
  assert.equal(numbers(empty.rows).length, (await all('d0001.buyer', '/api/v1/orders')).length);
  // bad ones
  await refused('d0001.buyer', '/api/v1/orders.csv?status=bogus', 422, 'status');
  await refused('d0001.buyer', '/api/v1/orders.csv?from=2026-13-45', 422, 'from');
  await refused('d0001.buyer', '/api/v1/orders.csv?from=2026-05-02&to=2026-05-01', 422, 'to');
  await refused('r01.approver', '/api/v1/orders.csv?dealer=abc', 422, 'dealer');
  await refused('r01.approver', '/api/v1/orders.csv?dealer=-1', 422, 'dealer');
  await refused('r01.agent', '/api/v1/complaints.csv?status=closed', 422, 'status');
  await refused('r01.agent', '/api/v1/complaints.csv?dealer=1x', 422, 'dealer');
  await refused('d0001.buyer', '/api/v1/deliveries.csv?late=maybe', 422, 'late');
  await refused('d0001.buyer', '/api/v1/deliveries.csv?from=tomorrow', 422, 'from');
  await refused('d0001.buyer', '/api/v1/sellthrough.csv?from=2026-02-30', 422, 'from');
  await refused('d0001.buyer', '/api/v1/sellthrough.csv?model=' + 'x'.repeat(40), 422, 'model');
  await refused('admin', '/api/v1/sellthrough.csv?dealer=0', 422, 'dealer');
  // complaints by status
  const open = await csv('r01.agent', '/api/v1/complaints.csv?status=open');
  assert.ok(open.rows.length > 0 && open.rows.every((r) => r.status === 'open'));
});

test('deliveries.csv: the orders due of the list, earliest promise first, late ones marked', async () => {
  const from = '2000-01-01', to = '2100-12-31';
  const x = await csv('r01.approver', `/api/v1/deliveries.csv?from=${from}&to=${to}`);
  assert.equal(x.status, 200);
  assert.deepEqual(x.heads, ['promised_date', 'number', 'po_number', 'dealer_code', 'dealer_name', 'status',
    'requested_date', 'late', 'total_yuan', 'shipments', 'shipped_yuan', 'waybills']);
  const list = await all('r01.approver', `/api/v1/deliveries?from=${from}&to=${to}`);
  assert.deepEqual(x.rows.map((r) => r.number), list.map((i) => i.number));
  assert.deepEqual(x.rows.map((r) => r.late), list.map((i) => String(i.late)));
  assert.deepEqual(x.rows.map((r) => r.shipments), list.map((i) => String(i.shipments.length)));
  const late = await csv('r01.approver', `/api/v1/deliveries.csv?late=true`);
  assert.ok(late.rows.length > 0 && late.rows.every((r) => r.late === 'true'));
  const own = await csv('d0001.buyer', `/api/v1/deliveries.csv?from=${from}&to=${to}`);
  assert.ok(own.rows.length > 0 && own.rows.every((r) => r.dealer_code === 'D0001'));
});

test('sellthrough.csv: every report of the scope in the period, each once, newest period first', async () => {
  const x = await csv('admin', '/api/v1/sellthrough.csv?from=2000-01-01&to=2100-12-31');
  assert.equal(x.status, 200);
  assert.deepEqual(x.heads, ['dealer_code', 'dealer_name', 'model', 'period_start', 'period_end', 'received', 'sold',
    'stock', 'revenue_yuan', 'category_sales_yuan', 'version']);
  // many pages: each report once, none left out
  const [[count]] = sql('SELECT COUNT(*) FROM sellthrough');
  assert.equal(x.rows.length, Number(count));
  assert.ok(x.rows.length > 1000, 'a many-page file');
  assert.equal(new Set(x.rows.map((r) => `${r.dealer_code} ${r.model} ${r.period_start}`)).size, x.rows.length);
  const starts = x.rows.map((r) => r.period_start);
  assert.deepEqual(starts, [...starts].sort().reverse());
  // a dealer's: as its list shows it (the last 90 days by default)
  const own = await csv('d0001.buyer', '/api/v1/sellthrough.csv');
  const list = await all('d0001.buyer', `/api/v1/dealers/${D1}/sellthrough`);
  assert.deepEqual(own.rows.map((r) => `${r.model} ${r.period_start} ${r.sold}`),
    list.map((i) => `${i.model} ${i.period_start} ${i.sold}`));
  assert.ok(own.rows.every((r) => r.dealer_code === 'D0001' && r.dealer_name === '沃尔玛北京店'));
  const staff = await csv('r01.approver', `/api/v1/sellthrough.csv?dealer=${D1}`);
  assert.deepEqual(staff.rows, own.rows);
  // a chain: its branches'; a region: its dealers'
  const chain = await csv('c0001.buyer', '/api/v1/sellthrough.csv');
  assert.ok(chain.rows.some((r) => r.dealer_code === 'D0001'));
  assert.ok(chain.rows.every((r) => r.dealer_code !== 'D0002'));
  const region = await csv('r02.approver', '/api/v1/sellthrough.csv');
  assert.ok(region.rows.every((r) => r.dealer_code.startsWith('D01')));
});

// Orders of a dealer of the test's own, written as the database's root (no order_docs: the export
// does not read them), and taken away again after.
const SEEDED = [];
function seedDealer(code, orders) {
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, city, tier)
    SELECT 'dealer', '${code}', '导出测试 ${code}', 'Export test ${code}', o.region_id, 'specialty_store', '北京', 'D'
    FROM orgs o WHERE o.code = 'D0001'`);
  const dealer = id(code);
  SEEDED.push(dealer);
  const [[user]] = sql("SELECT id FROM users WHERE login = 'admin'");
  sql(`SET @dealernet_bulk = 1;
    INSERT INTO orders (number, dealer_id, region_id, status, version, total, requested_date, promised_date, ship_to,
      note, created_by, created_at)
    SELECT CONCAT('SO-T24-${code}-', LPAD(s.seq, 6, '0')), d.id, d.region_id,
      ELT(1 + s.seq % 5, 'submitted', 'approved', 'scheduled', 'shipped', 'closed'), 1, 0,
      CURRENT_DATE + INTERVAL 30 DAY, NULL, '北京市 导出路 1 号', '', ${user},
      UTC_TIMESTAMP(6) - INTERVAL s.seq MINUTE FROM seq_1_to_${orders} s JOIN orgs d ON d.code = '${code}';
    INSERT INTO order_lines (order_id, line_no, product_id, product_code, quantity, options, unit_price, discount,
      line_total) SELECT o.id, j.seq, p.id, p.code, j.seq, '{}', p.base_price, 0, p.base_price * j.seq
    FROM orders o JOIN seq_1_to_3 j JOIN products p ON p.code = 'XQG-2002' WHERE o.dealer_id = ${dealer};
    UPDATE orders o SET total = (SELECT SUM(line_total) FROM order_lines WHERE order_id = o.id) WHERE o.dealer_id = ${dealer}`);
  return dealer;
}

test.after(() => {
  for (const d of SEEDED) {
    sql(`DELETE l FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.dealer_id = ${d};
      DELETE FROM orders WHERE dealer_id = ${d}; DELETE FROM orgs WHERE id = ${d}`);
  }
});

// The app's worker process (the master forks one) and its memory, from /proc.
function worker() {
  const master = Number(fs.readFileSync(path.join(DIR, 'run/app.pid'), 'utf8').trim());
  return Number(fs.readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/)[0]);
}
const kib = (pid, field) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))[1]);
const sanitized = (pid) => /asan/.test(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'));

// The peak of the worker's resident memory over an export, above what it held before: the
// kernel's high-water mark set back to the present (clear_refs 5) first.
async function peakOver(who, p) {
  const pid = worker();
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = kib(pid, 'VmRSS');
  const t0 = Date.now();
  const x = await csv(who, p);
  assert.equal(x.status, 200, p);
  return { grew: kib(pid, 'VmHWM') - before, rows: x.rows.length, bytes: x.bytes.length, ms: Date.now() - t0, x };
}

test('streamed in pages: 20,000 orders in the memory 2,000 take; a cut transfer; a page read again', async (t) => {
  const small = seedDealer(`E${RUN.slice(-5)}S`, 2000);
  const big = seedDealer(`E${RUN.slice(-5)}B`, 20000);
  const pid = worker();
  // warm every worker thread's allocator with exports of the small one first
  await Promise.all([1, 2, 3, 4].map(() => csv('admin', `/api/v1/orders.csv?dealer=${small}`)));
  const s = await peakOver('admin', `/api/v1/orders.csv?dealer=${small}`);
  const b = await peakOver('admin', `/api/v1/orders.csv?dealer=${big}`);
  assert.equal(s.rows, 6000);
  assert.equal(b.rows, 60000);
  assert.equal(new Set(b.x.rows.map((r) => r.number)).size, 20000, 'each order');
  assert.equal(b.x.rows.filter((r) => r.line === '3').length, 20000, 'each line');
  t.diagnostic(`export of 2,000 orders: ${s.bytes} bytes in ${s.ms} ms, peak RSS +${s.grew} KiB; ` +
    `20,000: ${b.bytes} bytes in ${b.ms} ms, +${b.grew} KiB`);
  if (sanitized(pid)) {
    t.diagnostic('sanitizer build: its allocator keeps freed memory quarantined; RSS not checked');
  } else {
    // held whole, the 8 MB file would be in memory at its end (measured: +728 KiB for 2,000
    // orders, +7,936 KiB for 20,000); streamed, a page at a time, it is not
    assert.ok(b.grew < 16 * 1024, `20,000 orders grew the worker by ${b.grew} KiB`);
    assert.ok(b.grew < s.grew + 4 * 1024, `not in proportion: ${s.grew} then ${b.grew} KiB`);
  }

  // a failure after the first byte: the transfer is cut off, never a whole-looking file
  const clean = b.x.bytes;
  const arm = async (after, kind = 'fail') => {
    const res = await fetch(`${BASE}/api/v1/_test/db-fault`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ after, kind }) });
    assert.equal(res.status, 200);
  };
  const token = await as('admin');
  const get = () => fetch(`${BASE}/api/v1/orders.csv?dealer=${big}`, { headers: { Authorization: `Bearer ${token}` } });
  await arm(4);		// the dealer's reach, then pages 1, 2 and the third fails
  let res = await get();
  assert.equal(res.status, 200, 'the head was out');
  await assert.rejects(res.arrayBuffer(), 'the body ends before its last chunk');
  // a lost deadlock there: the page is read again, the file whole, each row once
  await arm(4, 'conflict');
  res = await get();
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(clean), 'the same file');
  // before the first byte: an ordinary answer (500), or run again whole after a lost deadlock
  await arm(2);
  res = await get();
  assert.equal(res.status, 500);
  assert.equal((await errorOf(res)).code, 'internal');
  await arm(2, 'conflict');
  res = await get();
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(clean), 'the same file');
  // HEAD: the head alone
  res = await fetch(`${BASE}/api/v1/orders.csv?dealer=${big}`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('the list pages link to their CSV with the filters shown', async () => {
  const page = async (who, p) => {
    const t = (await login(who)).access_token;
    const res = await fetch(BASE + p, { headers: { Cookie: `access=${t}` }, redirect: 'manual' });
    assert.equal(res.status, 200, p);
    return res.text();
  };
  let html = await page('r01.approver', `/orders?status=cancelled&dealer=${D2}`);
  assert.ok(html.includes(`href="/api/v1/orders.csv?status=cancelled&amp;dealer=${D2}"`), 'orders');
  html = await page('d0001.buyer', '/orders');
  assert.ok(html.includes('href="/api/v1/orders.csv"'), 'orders, no filter');
  html = await page('d0001.buyer', '/deliveries?late=true');
  assert.ok(html.includes('href="/api/v1/deliveries.csv?late=true"'), 'deliveries');
  html = await page('r01.agent', '/complaints?status=open');
  assert.ok(html.includes('href="/api/v1/complaints.csv?status=open&amp;dealer="'), 'complaints');
  html = await page('d0001.buyer', '/sellthrough');
  assert.ok(html.includes(`href="/api/v1/sellthrough.csv?dealer=${D1}"`), 'sell-through');
});
