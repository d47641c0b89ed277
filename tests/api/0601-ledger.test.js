// 0601: the dealer's account (issue #9, first slice): postings by finance clerks and the ERP,
// idempotent by reference; reversals; the account with its balance and filters; the fee
// inquiry; scope; and a ledger the app's own database account cannot change.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { DIR, errorOf, sql, client } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const id = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const D1 = id('D0001');
const D101 = id('D0101');
const post = (who, dealer, body) => call(who, 'POST', `/api/v1/dealers/${dealer}/ledger`, body);
const balance = (dealer) => Number(sql(`SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE dealer_id = ${dealer}`)[0][0]);

test('a payment and a fee: posted, idempotent by reference, in the balance', async () => {
  const before = balance(D1);
  let res = await post('hq.finance', D1, { kind: 'payment', amount: -5000000, reference: `BANK-${RUN}`, memo: '11 月货款' });
  assert.equal(res.status, 201);
  const pay = await res.json();
  assert.equal(pay.kind, 'payment');
  assert.equal(pay.amount, -5000000);
  assert.match(pay.period, /^\d{4}-\d{2}$/);
  res = await post('hq.finance', D1, { kind: 'payment', amount: -5000000, reference: `BANK-${RUN}` });
  assert.equal(res.status, 200, 'the same reference again');
  assert.equal((await res.json()).id, pay.id);
  res = await post('hq.finance', D1, { kind: 'payment', amount: -4000000, reference: `BANK-${RUN}` });
  assert.equal(res.status, 409, 'the reference with another amount');
  res = await post('erp', D1, { kind: 'fee', amount: 30000, reference: `FEE-${RUN}`, memo: '仓储费' });
  assert.equal(res.status, 201);
  assert.equal(balance(D1), before - 5000000 + 30000);
  const account = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?limit=100`)).json();
  assert.equal(account.balance, balance(D1));
  assert.ok(account.items.some((e) => e.reference === `BANK-${RUN}`));
  const fees = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?kind=fee&limit=100`)).json();
  assert.ok(fees.items.length >= 1 && fees.items.every((e) => e.kind === 'fee'));
  assert.deepEqual(sql(`SELECT type FROM feed_events WHERE object_ref = 'FEE-${RUN}'`), [['ledger.posted']]);
});

test('the account pages by keyset: every entry once, newest first, the last page says so', async () => {
  const all = sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} ORDER BY id DESC`).map((r) => Number(r[0]));
  assert.ok(all.length > 3, 'the demo account has a few entries');
  const seen = [];
  let after = '', pages = 0, page;
  do {
    const res = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?limit=3${after}`);
    assert.equal(res.status, 200);
    page = await res.json();
    assert.ok(page.items.length <= 3);
    seen.push(...page.items.map((e) => e.id));
    if (page.next_cursor !== null) {
      assert.equal(page.next_cursor, String(page.items[page.items.length - 1].id));
      after = `&after=${page.next_cursor}`;
    }
  } while (page.next_cursor !== null && ++pages < 100);
  assert.deepEqual(seen, all);
  const exact = await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?limit=${all.length}`)).json();
  assert.equal(exact.items.length, all.length);
  assert.equal(exact.next_cursor, null, 'no page after one that holds the rest exactly');
  const bad = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?limit=0&kind=nonsense`);
  assert.equal(bad.status, 422);
  const fields = (await errorOf(bad)).fields;
  assert.ok(fields.limit && fields.kind, 'both named');
});

test('bad postings: 422 naming the field', async () => {
  for (const [body, field] of [[{ kind: 'invoice', amount: 100, reference: 'x' }, 'kind'],
    [{ kind: 'gift', amount: 100, reference: 'x' }, 'kind'], [{ kind: 'fee', amount: -100, reference: 'x' }, 'amount'],
    [{ kind: 'payment', amount: 100, reference: 'x' }, 'amount'], [{ kind: 'adjustment', amount: 0, reference: 'x' }, 'amount'],
    [{ kind: 'fee', amount: 1.5, reference: 'x' }, 'amount'], [{ kind: 'fee', amount: '100', reference: 'x' }, 'amount'],
    [{ kind: 'fee', amount: 100 }, 'reference'], [{ kind: 'fee', amount: 100, reference: ' ' }, 'reference'],
    [{ kind: 'fee', amount: 100, reference: 'x'.repeat(65) }, 'reference'],
    [{ kind: 'fee', amount: 100, reference: 'x', memo: 'm'.repeat(501) }, 'memo'],
    [{ kind: 'fee', amount: 1e15, reference: 'x' }, 'amount']]) {
    const res = await post('hq.finance', D1, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], JSON.stringify(body));
  }
});

test('a correction reverses an entry once, linked to it', async () => {
  const res = await post('r01.clerk', D1, { kind: 'fee', amount: 12345, reference: `WRONG-${RUN}` });
  assert.equal(res.status, 201);
  const fee = await res.json();
  const before = balance(D1);
  let rev = await call('r01.clerk', 'POST', `/api/v1/ledger/${fee.id}/reverse`, { memo: '重复收费' });
  assert.equal(rev.status, 201);
  const r = await rev.json();
  assert.equal(r.amount, -12345);
  assert.equal(r.reverses, fee.id);
  assert.equal(balance(D1), before - 12345);
  rev = await call('r01.clerk', 'POST', `/api/v1/ledger/${fee.id}/reverse`, {});
  assert.equal(rev.status, 409, 'reversed once');
  rev = await call('r01.clerk', 'POST', `/api/v1/ledger/${r.id}/reverse`, {});
  assert.equal(rev.status, 409, 'a reversal is not reversed');
  assert.equal((await call('r02.manager', 'POST', `/api/v1/ledger/${fee.id}/reverse`, {})).status, 403);
});

test('scope: dealer 2 and region 2 get 404 for dealer 1\'s account; others cannot post', async () => {
  for (const who of ['d0002.buyer', 'd0101.buyer', 'r02.approver', 'r02.manager']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/ledger`)).status, 404, who);
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/fees`)).status, 404, who);
  }
  assert.equal((await post('r01.clerk', D101, { kind: 'fee', amount: 1, reference: `X-${RUN}` })).status, 404,
    'a region clerk posts only to its dealers');
  for (const who of ['d0001.finance', 'r01.approver', 'admin']) {
    assert.equal((await post(who, D1, { kind: 'fee', amount: 1, reference: `Y-${RUN}` })).status, 403, who);
  }
  const [[entry]] = sql(`SELECT id FROM ledger_entries WHERE dealer_id = ${D1} LIMIT 1`);
  assert.equal((await call('r02.manager', 'POST', `/api/v1/ledger/${entry}/reverse`, {})).status, 403);
});

test('the fee inquiry: totals by kind and period, as the entries add up', async () => {
  const period = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  const res = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/fees?from=${period}&to=${period}`);
  assert.equal(res.status, 200);
  const f = await res.json();
  const fee = f.rows.find((r) => r.kind === 'fee');
  const entries = (await (await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger?kind=fee&period=${period}&limit=100`)).json()).items;
  assert.equal(fee.count, entries.length);
  assert.equal(fee.total, entries.reduce((s, e) => s + e.amount, 0));
  assert.equal(f.totals.fee, fee.total);
  for (const q of ['from=2026-13', 'from=2026-11&to=2026-10', 'to=x']) {
    assert.equal((await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/fees?${q}`)).status, 422, q);
  }
});

test('the ledger refuses UPDATE and DELETE, through the app\'s own database account', () => {
  const conf = fs.readFileSync(path.join(DIR, 'dealernet.conf'), 'utf8');
  const user = conf.match(/^db_user\s*=\s*(\S+)/m)[1];
  const pwFile = conf.match(/^db_password_file\s*=\s*(\S+)/m)[1];
  const socket = conf.match(/^db_socket\s*=\s*(\S+)/m)[1];
  const run = (q) => execFileSync('mariadb', ['--no-defaults', '-S', socket, '-u', user,
    `-p${fs.readFileSync(pwFile, 'utf8').trim()}`, 'dealernet', '-e', q], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  assert.match(run('SELECT COUNT(*) FROM ledger_entries'), /\d/, 'the account reads');
  const [[one]] = sql('SELECT id FROM ledger_entries LIMIT 1');
  // the account holds no such grant ...
  assert.throws(() => run(`UPDATE ledger_entries SET amount = amount + 1 WHERE id = ${one}`), /UPDATE command denied/);
  assert.throws(() => run(`DELETE FROM ledger_entries WHERE id = ${one}`), /DELETE command denied/);
  assert.match(run('SHOW GRANTS'), /GRANT UPDATE, DELETE ON `dealernet`\.`orders`/, 'it still changes other tables');
  // ... and the database refuses it to anyone, root too
  assert.throws(() => sql(`UPDATE ledger_entries SET amount = amount + 1 WHERE id = ${one}`), /never updated/);
  assert.throws(() => sql(`DELETE FROM ledger_entries WHERE id = ${one}`), /never deleted/);
});

// RFC 4180 by hand: fields, quotes doubled, CRLF between rows.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') q = false; else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

test('the account as CSV: BOM, header, every entry of the period, the total; quoted and guarded text', async () => {
  const posted = await post('hq.finance', D1, { kind: 'fee', amount: 4321, reference: `CSV-${RUN}`,
    memo: '=HYPERLINK("x"), "快递费"' });
  assert.equal(posted.status, 201);
  const { period } = await posted.json();	// this month, or the next once this one is closed
  const res = await call('d0001.finance', 'GET', `/api/v1/dealers/${D1}/ledger.csv?period=${period}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  const buf = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM');
  const text = buf.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], ['id', 'posted_on', 'period', 'kind', 'reference', 'memo', 'po_number', 'amount_yuan']);
  const entries = sql(`SELECT id, amount FROM ledger_entries WHERE dealer_id = ${D1} AND period = '${period}' ORDER BY id`);
  const body = rows.slice(1, -1);
  assert.deepEqual(body.map((r) => r[0]), entries.map((e) => e[0]), 'every entry of the period, in order');
  const fen = (s) => Math.round(Number(s) * 100);
  assert.deepEqual(body.map((r) => fen(r[7])), entries.map((e) => Number(e[1])));
  const total = rows.at(-1);
  assert.equal(total[6], 'total');
  assert.equal(fen(total[7]), entries.reduce((s, e) => s + Number(e[1]), 0));
  const mine = body.find((r) => r[4] === `CSV-${RUN}`);
  assert.equal(mine[5], '\'=HYPERLINK("x"), "快递费"', 'a formula is not run by the spreadsheet');
  assert.equal(mine[6], '', 'a fee has no PO number');
  assert.equal(mine[7], '43.21');
  for (const who of ['d0002.buyer', 'r02.approver']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D1}/ledger.csv`)).status, 404, who);
  }
});

test('payments matched to invoices, in part or in full, never beyond what is open; ageing', async () => {
  const D2 = id('D0002');
  // an old invoice (posted 75 days ago) and a new payment, for dealer 2; in its month if that
  // is still open, else in the first open one (a closed month's statements stay true)
  const [[erp]] = sql("SELECT id FROM users WHERE login = 'erp'");
  sql(`INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, period, reference, actor_user_id) VALUES (${D2}, 'invoice', 100000, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL 75 DAY, GREATEST(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 75 DAY, '%Y-%m'), COALESCE((SELECT DATE_FORMAT(STR_TO_DATE(CONCAT(MAX(period), '-01'), '%Y-%m-%d') + INTERVAL 1 MONTH, '%Y-%m') FROM periods), '')), 'INV-OLD-${RUN}', ${erp})`);
  const [[inv]] = sql(`SELECT id FROM ledger_entries WHERE reference = 'INV-OLD-${RUN}'`);
  const pay = await (await post('hq.finance', D2, { kind: 'payment', amount: -70000, reference: `PAY-M-${RUN}` })).json();
  let n = 0;
  const alloc = (body, who = 'hq.finance', dealer = D2) => call(who, 'POST', `/api/v1/dealers/${dealer}/allocations`, body,
    { 'Idempotency-Key': `m-${RUN}-${++n}` });
  let open = await (await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/open-items`)).json();
  const item = open.invoices.find((x) => x.id === Number(inv));
  assert.equal(item.open, 100000);
  assert.equal(item.bucket, '61-90');
  assert.ok(open.ageing['61-90'] >= 100000);
  assert.ok(open.payments.some((x) => x.id === pay.id && x.open === 70000), 'an unmatched payment');
  // too much for the payment: 422 naming the amount, nothing stored
  let res = await alloc({ payment: pay.id, invoice: Number(inv), amount: 70001 });
  assert.equal(res.status, 422);
  assert.match((await errorOf(res)).fields.amount, /700\.00/);
  res = await alloc({ payment: pay.id, invoice: Number(inv), amount: 30000 });
  assert.equal(res.status, 201);
  const first = await res.json();
  assert.deepEqual(first, { id: first.id, payment: pay.id, invoice: Number(inv), amount: 30000, payment_open: 40000, invoice_open: 70000 });
  res = await alloc({ payment: pay.id, invoice: Number(inv), amount: 40000 });
  assert.equal(res.status, 201, 'the rest of the payment');
  res = await alloc({ payment: pay.id, invoice: Number(inv), amount: 1 });
  assert.equal(res.status, 422, 'the payment is used up');
  open = await (await call('d0002.buyer', 'GET', `/api/v1/dealers/${D2}/open-items`)).json();
  assert.equal(open.invoices.find((x) => x.id === Number(inv)).open, 30000);
  assert.ok(!open.payments.some((x) => x.id === pay.id), 'matched in full');
  // wrong kinds, another dealer's entries, bad input
  const fee = await (await post('hq.finance', D2, { kind: 'fee', amount: 100, reference: `FEE-M-${RUN}` })).json();
  for (const [body, field] of [[{ payment: fee.id, invoice: Number(inv), amount: 1 }, 'payment'],
    [{ payment: pay.id, invoice: fee.id, amount: 1 }, 'invoice'], [{ payment: pay.id, invoice: Number(inv), amount: 0 }, 'amount'],
    [{ invoice: Number(inv), amount: 1 }, 'payment']]) {
    res = await alloc(body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok((await errorOf(res)).fields[field], JSON.stringify(body));
  }
  res = await alloc({ payment: pay.id, invoice: Number(inv), amount: 1 }, 'hq.finance', D1);
  assert.equal(res.status, 422, 'entries of another dealer');
  assert.equal((await alloc({ payment: pay.id, invoice: Number(inv), amount: 1 }, 'd0002.admin')).status, 403);
  for (const who of ['d0001.finance', 'r02.approver']) {
    assert.equal((await call(who, 'GET', `/api/v1/dealers/${D2}/open-items`)).status, 404, who);
  }
  assert.equal(Number(sql(`SELECT SUM(amount) FROM allocations WHERE payment_id = ${pay.id}`)[0][0]), 70000);
});
