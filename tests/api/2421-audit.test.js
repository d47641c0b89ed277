// 2421: the audit trail (issue #24): who changed what and when, with the values before and
// after, read by HQ's admin whole and by a region's, a chain's and a dealer's admin for their
// own organisation only; filtered by object, actor and period, paged by cursor, as JSON, CSV
// and a page; every object page links to its history.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { BASE, client, errorOf, sql, later } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36).slice(-6);
const idOf = (code) => Number(sql(`SELECT id FROM orgs WHERE code = '${code}'`)[0][0]);
const userId = (login) => Number(sql(`SELECT id FROM users WHERE login = '${login}'`)[0][0]);
const D1 = idOf('D0001');
const D2 = idOf('D0002');
const D101 = idOf('D0101');
const R01 = idOf('R01');
const C1 = idOf('C0001');
// China's day, days from today
const chinaDay = (days = 0) => new Date(Date.now() + 8 * 3600000 + days * 86400000).toISOString().slice(0, 10);

let limitBefore;	// D0001's credit limit before these tests
let limitNew;
let ownUser;		// a user d0001.admin made
let otherUser;		// a user d0002.admin made

async function json(who, path, status = 200) {
  const res = await call(who, 'GET', path);
  assert.equal(res.status, status, `${who} ${path}: ${res.status}`);
  return res.json();
}

// Every row of the trail who reads with query q, page by page (100 at most per page).
async function all(who, q = '', pages = 50) {
  const items = [];
  let after = '';
  for (let i = 0; i < pages; i++) {
    const page = await json(who, `/api/v1/audit?limit=100${q}${after}`);
    items.push(...page.items);
    if (!page.next_cursor) return items;
    after = `&after=${page.next_cursor}`;
  }
  throw new Error('too many pages');
}

async function setCredit(limit, who = 'hq.finance') {
  const res = await call(who, 'PUT', `/api/v1/dealers/${D1}/credit`, { credit_limit: limit });
  assert.equal(res.status, 200);
}

async function newUser(admin, login, name) {
  const res = await call(admin, 'POST', '/api/v1/users', { login, display_name: name,
    password: 'a-long-enough-password', roles: ['dealer_buyer'] });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test.before(async () => {
  limitBefore = (await json('hq.finance', `/api/v1/dealers/${D1}/credit`)).credit_limit;
  limitNew = limitBefore + 12345600;
  await setCredit(limitNew);
  ownUser = await newUser('d0001.admin', `au.d1.${RUN}`, 'Shop <b>floor</b>');
  otherUser = await newUser('d0002.admin', `au.d2.${RUN}`, 'Gome floor');
  assert.equal((await call('d0001.admin', 'PATCH', `/api/v1/users/${ownUser.id}`,
    { display_name: '=HYPERLINK("http://evil.example","x")' })).status, 200);
  assert.equal((await call('d0002.admin', 'PATCH', `/api/v1/users/${otherUser.id}`,
    { display_name: 'Gome floor 2' })).status, 200);
});

test.after(async () => {
  await setCredit(limitBefore);
});

test('hq.finance changes D0001\'s credit limit: the trail shows the actor, the old and the new value', async () => {
  const page = await json('admin', `/api/v1/audit?object_type=org&object_id=${D1}&actor=hq.finance&limit=5`);
  const row = page.items[0];
  assert.equal(row.action, 'dealer.credit_limit');
  assert.equal(row.object_type, 'org');
  assert.equal(row.object_id, String(D1));
  assert.equal(row.actor.login, 'hq.finance');
  assert.equal(row.actor.id, userId('hq.finance'));
  assert.equal(row.org.code, 'D0001');
  assert.deepEqual(row.changes, [{ field: 'credit_limit', before: limitBefore, after: limitNew }]);
  assert.deepEqual(row.details, { credit_limit_before: limitBefore, credit_limit: limitNew });
  assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.match(row.at_china, new RegExp(`^${chinaDay()} \\d\\d:\\d\\d:\\d\\d$`));
  assert.match(row.request_id, /^[0-9a-f]{8,}/);
  // the same row unfiltered, newest first
  const rows = (await json('admin', '/api/v1/audit?limit=100')).items;
  assert.ok(rows.some((r) => r.id === row.id));
  for (let i = 1; i < rows.length; i++)
    assert.ok(rows[i - 1].at > rows[i].at || (rows[i - 1].at === rows[i].at && rows[i - 1].id > rows[i].id));
});

test('the page shows it: who, what, the values before and after in yuan', async () => {
  const res = await call('admin', 'GET', `/audit?object_type=org&object_id=${D1}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<form method="get" action="\/audit"/);
  assert.match(html, /hq\.finance/);
  assert.match(html, /设定信用额度/);
  const yuan = (fen) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
  assert.ok(html.includes(`<del>${yuan(limitBefore)}</del> → <ins>${yuan(limitNew)}</ins>`), 'old and new value');
  assert.ok(html.includes(`href="/api/v1/audit.csv?object_type=org&amp;object_id=${D1}&amp;actor=&amp;from=&amp;to="`), 'the CSV link');
});

test('a dealer admin reads its own users\' changes and its own limit, never another dealer\'s', async () => {
  // its own user: made and renamed, with the name before and after
  const own = await json('d0001.admin', `/api/v1/audit?object_type=user&object_id=${ownUser.id}`);
  assert.deepEqual(own.items.map((r) => r.action), ['user_update', 'user_create']);
  assert.deepEqual(own.items[0].changes.find((c) => c.field === 'display_name'),
    { field: 'display_name', before: 'Shop <b>floor</b>', after: '=HYPERLINK("http://evil.example","x")' });
  assert.equal(own.items[0].actor.login, 'd0001.admin');
  // decided: a dealer's admin reads its own credit limit's history (the dealer sees its limit)
  const credit = await json('d0001.admin', `/api/v1/audit?object_type=org&object_id=${D1}&actor=hq.finance`);
  assert.equal(credit.items[0].action, 'dealer.credit_limit');
  // another dealer's user and credit: 404, as if they did not exist
  for (const q of [`object_type=user&object_id=${otherUser.id}`, `object_type=org&object_id=${D2}`,
    `object_type=org&object_id=${R01}`, `object_type=user&object_id=${userId('hq.finance')}`,
    'object_type=product&object_id=1', 'object_type=user&object_id=999999999']) {
    const res = await call('d0001.admin', 'GET', `/api/v1/audit?${q}`);
    assert.equal(res.status, 404, q);
    assert.equal((await errorOf(res)).code, 'not_found');
    assert.equal((await call('d0001.admin', 'GET', `/api/v1/audit.csv?${q}`)).status, 404, `csv ${q}`);
    assert.equal((await call('d0001.admin', 'GET', `/audit?${q}`)).status, 404, `page ${q}`);
  }
  // unfiltered, every page: only rows about D0001 itself
  const rows = await all('d0001.admin');
  assert.ok(rows.length >= 3);
  assert.deepEqual([...new Set(rows.map((r) => r.org && r.org.id))], [D1]);
  assert.ok(!rows.some((r) => r.object_type === 'user' && r.object_id === String(otherUser.id)));
  assert.ok(!rows.some((r) => r.action === 'order.credit_override'), 'an override\'s reason is staff\'s');
  // by actor: another dealer's admin made nothing it may read
  assert.deepEqual((await json('d0001.admin', '/api/v1/audit?actor=d0002.admin')).items, []);
  // and the other way round
  const theirs = await all('d0002.admin');
  assert.deepEqual([...new Set(theirs.map((r) => r.org && r.org.id))], [D2]);
  assert.ok(theirs.some((r) => r.object_id === String(otherUser.id)));
  assert.equal((await call('d0002.admin', 'GET', `/api/v1/audit?object_type=user&object_id=${ownUser.id}`)).status, 404);
});

test('a region admin reads its region only; a chain admin its chain and branches', async () => {
  const region = new Set(sql(`SELECT id FROM orgs WHERE id = ${R01} OR region_id = ${R01}`).map((r) => Number(r[0])));
  const rows = await all('r01.admin');
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.org && region.has(r.org.id)), 'only its region\'s organisations');
  assert.ok(rows.some((r) => r.action === 'dealer.credit_limit' && r.object_id === String(D1)));
  assert.ok(rows.some((r) => r.object_id === String(otherUser.id)), 'D0002 is in R01 too');
  assert.equal((await json('r01.admin', `/api/v1/audit?object_type=org&object_id=${D1}`)).items[0].action,
    'dealer.credit_limit');
  assert.equal((await call('r01.admin', 'GET', `/api/v1/audit?object_type=org&object_id=${D101}`)).status, 404);
  // R02's admin: nothing of R01's
  assert.equal((await call('r02.admin', 'GET', `/api/v1/audit?object_type=org&object_id=${D1}`)).status, 404);
  assert.ok(!(await all('r02.admin')).some((r) => r.org && region.has(r.org.id)));
  // Walmart China reads its Beijing branch's limit, not Gome's users
  assert.equal((await json('c0001.admin', `/api/v1/audit?object_type=org&object_id=${D1}`)).items[0].action,
    'dealer.credit_limit');
  assert.equal((await call('c0001.admin', 'GET', `/api/v1/audit?object_type=user&object_id=${otherUser.id}`)).status, 404);
  // its chain and branches; and a dealer that left it, up to its move (rows belong to whom
  // they reached when written)
  const chain = new Set(sql(`SELECT id FROM orgs WHERE id = ${C1} OR chain_id = ${C1}`).map((r) => Number(r[0])));
  const rows1 = await all('c0001.admin');
  const left = new Set(rows1.filter((r) => r.action === 'org_update' && r.details.chain_before === C1)
    .map((r) => r.org.id));
  assert.deepEqual(rows1.filter((r) => !r.org || !(chain.has(r.org.id) || left.has(r.org.id))), []);
});

test('an override\'s reason reaches the region, not the dealer nor its chain', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `au-${RUN}` });
  assert.equal(res.status, 201);
  const o = await res.json();
  const c = await json('hq.finance', `/api/v1/dealers/${D1}/credit`);
  await setCredit(c.exposure + o.total - 1);
  assert.equal((await call('r01.approver', 'POST', `/api/v1/orders/${o.number}/escalate`, { reason: 'over' })).status, 200);
  assert.equal((await call('hq.key', 'POST', `/api/v1/orders/${o.number}/approve`,
    { promised_date: later(30), override_reason: `audit ${RUN}` })).status, 200);
  await setCredit(limitNew);
  const id = sql(`SELECT id FROM orders WHERE number = '${o.number}'`)[0][0];
  for (const who of ['admin', 'r01.admin']) {
    const [row] = (await json(who, `/api/v1/audit?object_type=order&object_id=${id}`)).items;
    assert.equal(row.action, 'order.credit_override', who);
    assert.equal(row.actor.login, 'hq.key');
    assert.equal(row.details.override_reason, `audit ${RUN}`);
    assert.deepEqual(row.changes.find((x) => x.field === 'status'), { field: 'status', before: 'escalated', after: 'approved' });
  }
  // the dealer's and the chain's admins reach the order, but read none of its staff rows
  for (const who of ['d0001.admin', 'c0001.admin']) {
    assert.deepEqual((await json(who, `/api/v1/audit?object_type=order&object_id=${id}`)).items, [], who);
    assert.ok(!JSON.stringify(await all(who)).includes(`audit ${RUN}`), who);
  }
  // the order's page links staff to it
  const html = await (await call('admin', 'GET', `/orders/${o.number}`)).text();
  assert.ok(html.includes(`href="/audit?object_type=order&amp;object_id=${id}"`));
  assert.ok(!(await (await call('d0001.buyer', 'GET', `/orders/${o.number}`)).text()).includes('/audit?'));
});

test('a posting and its reversal are in the entry\'s history', async () => {
  let res = await call('hq.finance', 'POST', `/api/v1/dealers/${D1}/ledger`,
    { kind: 'fee', amount: 1234, reference: `AU-${RUN}`, memo: 'audit fee' });
  assert.equal(res.status, 201);
  const e = await res.json();
  res = await call('hq.finance', 'POST', `/api/v1/ledger/${e.id}/reverse`, { memo: 'wrong fee' });
  assert.equal(res.status, 201);
  const rev = await res.json();
  const rows = (await json('d0001.admin', `/api/v1/audit?object_type=ledger_entry&object_id=${e.id}`)).items;
  assert.deepEqual(rows.map((r) => r.action), ['ledger.reverse', 'ledger.post']);
  assert.deepEqual(rows[1].details, { kind: 'fee', amount: 1234, reference: `AU-${RUN}`, memo: 'audit fee' });
  assert.deepEqual(rows[0].changes.find((x) => x.field === 'reversed'), { field: 'reversed', before: false, after: true });
  assert.equal(rows[0].details.reversal, rev.id);
  assert.equal(rows[0].actor.login, 'hq.finance');
  assert.equal((await call('d0002.admin', 'GET', `/api/v1/audit?object_type=ledger_entry&object_id=${e.id}`)).status, 404);
});

test('a contract price\'s terms before and after; its owner\'s admin reads them', async () => {
  // a year ahead (never in force), a day of its own
  const from = 300 + (Date.now() % 60);
  let res = await call('admin', 'POST', '/api/v1/contract-prices', { dealer: D1, product: 'XQG-2002', price: 150000,
    valid_from: later(from), valid_to: later(from + 30) }, { 'Idempotency-Key': `au-cp-${RUN}` });
  assert.equal(res.status, 201, await res.clone().text());
  const cp = await res.json();
  res = await call('admin', 'PATCH', `/api/v1/contract-prices/${cp.id}`, { version: cp.version, discount_bp: 500 });
  assert.equal(res.status, 200, await res.clone().text());
  const changed = await res.json();
  assert.equal((await call('admin', 'DELETE', `/api/v1/contract-prices/${cp.id}?version=${changed.version}`)).status, 200);
  const rows = (await json('d0001.admin', `/api/v1/audit?object_type=contract_price&object_id=${cp.id}`)).items;
  assert.deepEqual(rows.map((r) => r.action), ['contract_price_end', 'contract_price_update', 'contract_price_create']);
  assert.deepEqual(rows[1].changes.filter((c) => c.field === 'price' || c.field === 'discount_bp'),
    [{ field: 'price', before: 150000, after: null }, { field: 'discount_bp', before: null, after: 500 }]);
  assert.equal(rows[0].changes.find((c) => c.field === 'valid_to').before, later(from + 30));
  assert.equal((await call('d0002.admin', 'GET', `/api/v1/audit?object_type=contract_price&object_id=${cp.id}`)).status, 404);
  const html = await (await call('admin', 'GET', `/admin/contracts?dealer=${D1}`)).text();
  assert.ok(html.includes(`href="/audit?object_type=contract_price&amp;object_id=${cp.id}"`));
});

test('a dealer\'s move between chains: old and new chain, read by the chain it left and the region', async () => {
  let res = await call('admin', 'POST', '/api/v1/orgs', { kind: 'chain', code: `CAU${RUN.toUpperCase()}`,
    name_zh: '审计连锁', name_en: 'Audit chain' });
  assert.equal(res.status, 201);
  const C2 = (await res.json()).id;
  res = await call('admin', 'POST', '/api/v1/orgs', { kind: 'dealer', code: `DAU${RUN.toUpperCase()}`,
    name_zh: '审计店', name_en: 'Audit shop', region: R01, dealer_kind: 'specialty_store', tier: 'C', chain: C1 });
  assert.equal(res.status, 201);
  const d = await res.json();
  res = await call('admin', 'PATCH', `/api/v1/orgs/${d.id}`, { chain: C2, version: d.version });
  assert.equal(res.status, 200);
  const [row] = (await json('admin', `/api/v1/audit?object_type=org&object_id=${d.id}&limit=1`)).items;
  assert.equal(row.action, 'org_update');
  assert.deepEqual(row.changes.find((x) => x.field === 'chain'), { field: 'chain', before: C1, after: C2 });
  for (const who of ['c0001.admin', 'r01.admin'])
    assert.ok((await all(who)).some((r) => r.id === row.id), `${who} reads the move`);
  assert.deepEqual((await json('admin', `/api/v1/audit?object_type=org&object_id=${d.id}`)).items
    .map((r) => r.action), ['org_update', 'org_create']);
  // the chain it left read the move, but no longer reaches the dealer itself
  assert.equal((await call('c0001.admin', 'GET', `/api/v1/audit?object_type=org&object_id=${d.id}`)).status, 404);
});

test('filters: period by China\'s days, actor, object; paging by cursor', async () => {
  const today = chinaDay();
  const q = `&object_type=org&object_id=${D1}`;
  assert.ok((await json('admin', `/api/v1/audit?from=${today}&to=${today}${q}`)).items.length >= 1);
  assert.deepEqual((await json('admin', `/api/v1/audit?to=${chinaDay(-1)}&actor=hq.finance${q}`)).items
    .filter((r) => r.details && r.details.credit_limit === limitNew), []);
  assert.deepEqual((await json('admin', `/api/v1/audit?from=${chinaDay(1)}`)).items, []);
  assert.deepEqual((await json('admin', '/api/v1/audit?actor=nobody.here')).items, [], 'a login that changed nothing');
  assert.ok((await json('admin', '/api/v1/audit?actor=d0001.admin')).items.every((r) => r.actor.login === 'd0001.admin'));
  // a user made and renamed three times: its history one row a page, as its dealer's admin
  const u = await newUser('d0001.admin', `au.pg.${RUN}`, 'Page 0');
  for (const k of [1, 2, 3])
    assert.equal((await call('d0001.admin', 'PATCH', `/api/v1/users/${u.id}`, { display_name: `Page ${k}` })).status, 200);
  const p = `&object_type=user&object_id=${u.id}`;
  const whole = (await json('d0001.admin', `/api/v1/audit?limit=100${p}`)).items.map((r) => r.id);
  assert.equal(whole.length, 4);
  const seen = [];
  let after = '';
  for (let i = 0; i < 10; i++) {
    const page = await json('d0001.admin', `/api/v1/audit?limit=1${p}${after}`);
    assert.equal(page.items.length, 1);
    seen.push(page.items[0].id);
    if (!page.next_cursor) break;
    assert.match(page.next_cursor, /^\d+\.\d+$/);
    // cursor= is after's other name
    if (i === 0) assert.deepEqual((await json('d0001.admin', `/api/v1/audit?limit=1${p}&cursor=${page.next_cursor}`)).items,
      (await json('d0001.admin', `/api/v1/audit?limit=1${p}&after=${page.next_cursor}`)).items);
    after = `&after=${page.next_cursor}`;
  }
  assert.deepEqual(seen, whole, 'the same rows, in the same order, each once');
  assert.deepEqual((await json('d0001.admin', `/api/v1/audit?limit=100${p}`)).items[0].changes,
    [{ field: 'display_name', before: 'Page 2', after: 'Page 3' }]);
  // HQ's whole trail, up to three pages: none twice
  const ids = [];
  after = '';
  for (let i = 0; i < 3; i++) {
    const page = await json('admin', `/api/v1/audit?limit=20${after}`);
    ids.push(...page.items.map((r) => r.id));
    if (!page.next_cursor) break;
    after = `&after=${page.next_cursor}`;
  }
  assert.ok(ids.length > 20);
  assert.equal(new Set(ids).size, ids.length);
});

test('bad input is a 422 naming the field; who may not read gets 403 (a provider 404)', async () => {
  for (const [q, field] of [['object_type=dealer&object_id=1', 'object_type'], ['object_type=user', 'object_id'],
    ['object_id=5', 'object_type'], ['object_type=user&object_id=x', 'object_id'], ['from=2026-02-30', 'from'],
    [`from=${chinaDay()}&to=${chinaDay(-2)}`, 'to'], ['after=12', 'after'], ['after=1.2.3', 'after'],
    ['limit=0', 'limit'], ['limit=101', 'limit'], ['actor=Admin', 'actor'], [`actor=${'a'.repeat(65)}`, 'actor']]) {
    const res = await call('admin', 'GET', `/api/v1/audit?${q}`);
    assert.equal(res.status, 422, q);
    assert.ok((await errorOf(res)).fields[field], `${q}: ${field}`);
  }
  assert.equal((await call('admin', 'GET', '/api/v1/audit.csv?from=nope')).status, 422);
  const page = await call('admin', 'GET', '/audit?object_type=zzz&object_id=1');
  assert.equal(page.status, 422);
  assert.match(await page.text(), /class="errors"/);
  for (const who of ['hq.finance', 'hq.key', 'r01.approver', 'd0001.buyer', 'd0001.finance', 'c0001.buyer']) {
    assert.equal((await call(who, 'GET', '/api/v1/audit')).status, 403, who);
    assert.equal((await call(who, 'GET', '/api/v1/audit.csv')).status, 403, who);
  }
  assert.equal((await call('p0101.agent', 'GET', '/api/v1/audit')).status, 404);
  assert.equal((await fetch(`${BASE}/api/v1/audit`)).status, 401);
});

test('CSV: a BOM, one line per change, formulas guarded, bounded', async () => {
  const res = await call('d0001.admin', 'GET', `/api/v1/audit.csv?object_type=user&object_id=${ownUser.id}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="audit\.csv"/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'id,at_china,actor,actor_name,action,object_type,object_id,org,org_name,field,before,after,request_id');
  const renamed = lines.find((l) => l.includes(',user_update,') && l.includes(',display_name,'));
  assert.ok(renamed, text);
  assert.ok(renamed.includes(',Shop <b>floor</b>,"\'=HYPERLINK(""http://evil.example"",""x"")",'), renamed);
  // more than 20,000 lines: narrow it
  const bulk = `au.bulk.${RUN}`;
  await newUser('d0001.admin', bulk, 'Bulk');
  const actor = userId(bulk);
  sql(`INSERT INTO audit_log (actor_user_id, actor_org_id, action, object_type, object_id, request_id)
    SELECT ${actor}, ${D1}, 'bulk', 'product', '1', 'au-bulk' FROM seq_1_to_20001`);
  try {
    const big = await call('admin', 'GET', `/api/v1/audit.csv?actor=${bulk}`);
    assert.equal(big.status, 422);
    assert.ok((await errorOf(big)).fields.from);
  } finally {
    sql("DELETE FROM audit_log WHERE request_id = 'au-bulk'");
  }
});

test('object pages link to their history for those who read it', async () => {
  const links = [['admin', `/users/${ownUser.id}`, `object_type=user&amp;object_id=${ownUser.id}`],
    ['d0001.admin', `/users/${ownUser.id}`, `object_type=user&amp;object_id=${ownUser.id}`],
    ['admin', `/orgs/${D1}`, `object_type=org&amp;object_id=${D1}`],
    ['admin', `/credit/${D1}`, `object_type=org&amp;object_id=${D1}`],
    ['d0001.admin', '/release-limit', `object_type=org&amp;object_id=${D1}`],
    ['admin', '/admin/news', 'object_type=news&amp;object_id='],
    ['admin', '/admin/promotions', 'object_type=promotion&amp;object_id='],
    ['r01.admin', `/dealers/${D1}/ledger`, 'object_type=ledger_entry&amp;object_id='],
    ['d0001.admin', `/dealers/${D1}/ledger`, 'object_type=ledger_entry&amp;object_id=']];
  for (const [who, path, href] of links) {
    const res = await call(who, 'GET', path);
    assert.equal(res.status, 200, `${who} ${path}`);
    assert.ok((await res.text()).includes(href), `${who} ${path} links ${href}`);
  }
  // those who do not read the trail see no such link
  for (const [who, path] of [['hq.finance', `/credit/${D1}`], ['d0001.finance', `/dealers/${D1}/ledger`]])
    assert.ok(!(await (await call(who, 'GET', path)).text()).includes('/audit?'), `${who} ${path}`);
  // the menu shows the trail to its readers
  assert.ok((await (await call('r01.admin', 'GET', '/')).text()).includes('href="/audit"'));
  assert.ok(!(await (await call('d0001.buyer', 'GET', '/')).text()).includes('href="/audit"'));
});

test('the page escapes what it shows, pages by cursor and links the next page', async () => {
  const res = await call('d0001.admin', 'GET', `/audit?object_type=user&object_id=${ownUser.id}&limit=1`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.ok(html.includes('Shop &lt;b&gt;floor&lt;/b&gt;'));
  assert.ok(!html.includes('<b>floor</b>'));
  const next = html.match(/href="(\/audit\?[^"]*after=\d+\.\d+)" rel="next"/);
  assert.ok(next, 'a next-page link');
  const second = await (await call('d0001.admin', 'GET', next[1].replace(/&amp;/g, '&'))).text();
  assert.match(second, /user_create|User created|新建用户/);
  assert.ok(!/rel="next"/.test(second), 'the last page');
});
