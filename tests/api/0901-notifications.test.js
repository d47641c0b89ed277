// 0901: notifications (issue #20): a change writes its event in its own transaction; the
// delivery worker fans it out into the portal's notification centre and the outbox, and sends
// e-mail through the local SMTP server (aiosmtpd, a Maildir under the stack's mail/), retrying
// while the server is down and sending once when it is back.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, DIR, sql, cli, client, later, stack, waitFor } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
let seq = 0;

async function newOrder(who = 'd0001.buyer') {
  const res = await call(who, 'POST', '/api/v1/orders', { lines: [{ product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } }], requested_date: later(), ship_to: 'Beijing' },
  { 'Idempotency-Key': `notify-${RUN}-${seq++}` });
  assert.equal(res.status, 201);
  return res.json();
}

// An order of d0001's taken to shipped by r01.manager, with a waybill of its own.
async function shipped() {
  const o = await newOrder();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${o.number}'`);
  for (const status of ['scheduled', 'in_production']) {
    assert.equal((await call('r01.manager', 'POST', `/api/v1/orders/${o.number}/events`, { status })).status, 200);
  }
  const waybill = `WB-${RUN}-${seq++}`;
  const res = await call('r01.manager', 'POST', `/api/v1/orders/${o.number}/events`,
    { status: 'shipped', carrier: 'Sinotrans', waybill });
  assert.equal(res.status, 200);
  return { number: o.number, waybill };
}

async function list(who, q = '') {
  const res = await call(who, 'GET', `/api/v1/notifications${q}`);
  assert.equal(res.status, 200);
  return res.json();
}

// The messages the local mail server has kept, parsed: headers, the To of the envelope, body.
function mails() {
  const dir = path.join(DIR, 'mail', 'new');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const [head, ...rest] = text.split(/\r?\n\r?\n/);
    const headers = {};
    for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const subject = (headers.subject || '').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi,
      (_, b) => Buffer.from(b, 'base64').toString('utf8'));
    return { headers, subject, body: rest.join('\n\n') };
  });
}
const mailsFor = (to, waybill) => mails().filter((m) => m.headers.to === to && m.body.includes(waybill));

test('shipping notifies the dealer\'s buyers in the portal; read, read-all; another dealer gets 404', async () => {
  const before = (await list('d0001.buyer')).unread;
  const { number, waybill } = await shipped();
  let item;
  await waitFor(async () => {
    item = (await list('d0001.buyer')).items.find((i) => i.kind === 'order.shipped' && i.object_ref === number);
    return item;
  });
  assert.equal(item.link, `/orders/${number}`);
  assert.ok(item.text.includes(waybill), item.text);
  assert.equal(item.params.waybill, waybill);
  assert.equal(item.read_at, null);
  const page = await list('d0001.buyer');
  assert.ok(page.unread >= before + 1);
  // only the dealer's own: another dealer neither sees nor marks it
  assert.ok(!(await list('d0002.buyer')).items.some((i) => i.id === item.id));
  let res = await call('d0002.buyer', 'POST', `/api/v1/notifications/${item.id}/read`);
  assert.equal(res.status, 404);
  res = await call('r01.manager', 'POST', `/api/v1/notifications/${item.id}/read`);
  assert.equal(res.status, 404, 'nor does the one who shipped it');
  res = await call('d0001.buyer', 'POST', `/api/v1/notifications/${item.id}/read`);
  assert.equal(res.status, 200);
  assert.ok((await res.json()).read_at);
  assert.equal((await list('d0001.buyer')).unread, page.unread - 1);
  assert.ok(!(await list('d0001.buyer', '?unread=1')).items.some((i) => i.id === item.id));
  res = await call('d0001.buyer', 'POST', '/api/v1/notifications/read-all');
  assert.equal(res.status, 200);
  assert.equal((await list('d0001.buyer')).unread, 0);
  res = await call('d0001.buyer', 'GET', '/api/v1/notifications?unread=2');
  assert.equal(res.status, 422);
  res = await call('d0001.buyer', 'POST', '/api/v1/notifications/99999999999/read');
  assert.equal(res.status, 404);
});

test('the list pages by a cursor, newest first', async () => {
  await shipped();
  await shipped();
  await waitFor(async () => (await list('d0001.buyer')).items.length >= 3);
  const first = await list('d0001.buyer', '?limit=2');
  assert.equal(first.items.length, 2);
  assert.ok(first.items[0].id > first.items[1].id);
  assert.ok(first.next_cursor);
  const next = await list('d0001.buyer', `?limit=2&after=${first.next_cursor}`);
  assert.ok(next.items.length >= 1);
  assert.ok(next.items[0].id < first.items[1].id);
});

test('the shipment\'s e-mail reaches the mail server: To, Subject in the user\'s language, the waybill', async (t) => {
  // the admin's language back as it was: the later tests (browser 2401) read its pages in Chinese
  const [[adminLang]] = sql("SELECT lang FROM users WHERE login = 'd0001.admin'");
  t.after(() => sql(`UPDATE users SET lang = '${adminLang}' WHERE login = 'd0001.admin'`));
  sql("UPDATE users SET lang = 'en' WHERE login = 'd0001.admin'");
  sql("UPDATE users SET lang = 'zh-CN' WHERE login = 'd0001.buyer'");
  const { number, waybill } = await shipped();
  await waitFor(() => mailsFor('d0001.buyer@dealernet.example', waybill).length === 1 &&
    mailsFor('d0001.admin@dealernet.example', waybill).length === 1);
  const zh = mailsFor('d0001.buyer@dealernet.example', waybill)[0];
  assert.ok(zh.subject.includes(number) && zh.subject.includes('已发货'), zh.subject);
  assert.match(zh.headers['content-type'], /multipart\/alternative/);
  assert.ok(zh.body.includes(`/orders/${number}`));
  assert.match(zh.headers['list-unsubscribe'], /^<http:\/\/127\.0\.0\.1:\d+\/account\/notifications>$/);
  const en = mailsFor('d0001.admin@dealernet.example', waybill)[0];
  assert.ok(en.subject.includes(`Order ${number} has shipped`), en.subject);
  assert.ok(en.body.includes('text/html') && en.body.includes(waybill));
  // the chain over D0001 (Walmart China) hears of its branch's order in the portal (issue #23),
  // not by mail unless it chose so; d0002's people, and any other, hear nothing of it
  assert.equal(Number(sql(`SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
    WHERE u.login = 'c0001.buyer' AND n.object_ref = '${number}' AND n.kind = 'order.shipped'`)[0][0]), 1);
  assert.equal(mails().filter((m) => m.body.includes(waybill) && !m.headers.to.startsWith('d0001.')).length, 0);
  const row = sql(`SELECT state, attempts FROM outbox o JOIN users u ON u.id = o.user_id JOIN notify_events e ON e.id = o.event_id WHERE u.login = 'd0001.buyer' AND e.object_ref = '${number}' AND e.kind = 'order.shipped'`);
  assert.deepEqual(row, [['sent', '1']]);
  // /metrics counts them, and says how old the oldest waiting one is
  const metrics = await (await fetch(`${BASE}/metrics`)).text();
  const sent = metrics.match(/^dealernet_notifications_total\{state="sent",channel="email"\} (\d+)$/m);
  assert.ok(sent && Number(sent[1]) >= 2, 'sent counted');
  assert.match(metrics, /^dealernet_notifications_total\{state="queued",channel="email"\} [1-9]/m);
  assert.match(metrics, /^dealernet_notifications_oldest_unsent_seconds \d+$/m);
});

test('with the mail server stopped the message is retried, and sent once when it is back', async () => {
  stack('smtp-stop');
  let number, waybill;
  try {
    ({ number, waybill } = await shipped());
    const q = `SELECT o.id, o.state, o.attempts FROM outbox o JOIN users u ON u.id = o.user_id JOIN notify_events e ON e.id = o.event_id WHERE u.login = 'd0001.buyer' AND e.object_ref = '${number}'`;
    await waitFor(() => { const r = sql(q); return r.length === 1 && Number(r[0][2]) >= 2; }, 30000);
    const [id, state] = sql(q)[0];
    assert.equal(state, 'pending');
    const failed = sql(`SELECT COUNT(*) FROM outbox_attempts WHERE outbox_id = ${id} AND ok = 0`)[0][0];
    assert.ok(Number(failed) >= 2, `failed attempts recorded: ${failed}`);
    assert.equal(mailsFor('d0001.buyer@dealernet.example', waybill).length, 0);
  } finally {
    stack('smtp-start');
  }
  await waitFor(() => mailsFor('d0001.buyer@dealernet.example', waybill).length >= 1, 60000);
  await new Promise((r) => setTimeout(r, 3000));	// a second send would have come by now
  assert.equal(mailsFor('d0001.buyer@dealernet.example', waybill).length, 1, 'sent once');
  const [[state, ok]] = sql(`SELECT o.state, (SELECT COUNT(*) FROM outbox_attempts a WHERE a.outbox_id = o.id AND a.ok = 1) FROM outbox o JOIN users u ON u.id = o.user_id JOIN notify_events e ON e.id = o.event_id WHERE u.login = 'd0001.buyer' AND e.object_ref = '${number}'`);
  assert.equal(state, 'sent');
  assert.equal(ok, '1');
});

test('a dead letter: the admin sees it and sends it again, once', async () => {
  stack('smtp-stop');
  let number, waybill, id;
  try {
    ({ number, waybill } = await shipped());
    const q = `SELECT o.id FROM outbox o JOIN users u ON u.id = o.user_id JOIN notify_events e ON e.id = o.event_id WHERE u.login = 'd0001.buyer' AND e.object_ref = '${number}'`;
    await waitFor(() => sql(q).length === 1 && Number(sql(`SELECT attempts FROM outbox WHERE id = ${sql(q)[0][0]}`)[0][0]) >= 1);
    id = Number(sql(q)[0][0]);
    // as the last attempt leaves it (notify_attempts of them would take minutes here)
    sql(`UPDATE outbox SET state = 'dead', last_error = 'gave up', version = version + 1 WHERE id = ${id}`);
  } finally {
    stack('smtp-start');
  }
  let res = await call('admin', 'GET', '/api/v1/outbox?state=dead');
  assert.equal(res.status, 200);
  const dead = (await res.json()).items.find((m) => m.id === id);
  assert.equal(dead.recipient, 'd0001.buyer@dealernet.example');
  assert.equal(dead.last_error, 'gave up');
  assert.equal((await call('d0001.admin', 'GET', '/api/v1/outbox?state=dead')).status, 403);
  assert.equal((await call('admin', 'GET', '/api/v1/outbox?state=lost')).status, 422);
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(mailsFor('d0001.buyer@dealernet.example', waybill).length, 0, 'dead: not sent');
  res = await call('admin', 'POST', `/api/v1/outbox/${id}/resend`);
  assert.equal(res.status, 200);
  await waitFor(() => mailsFor('d0001.buyer@dealernet.example', waybill).length === 1);
  await waitFor(() => sql(`SELECT state FROM outbox WHERE id = ${id}`)[0][0] === 'sent');
  assert.equal((await call('admin', 'POST', `/api/v1/outbox/${id}/resend`)).status, 409, 'sent already');
  assert.equal((await call('admin', 'POST', '/api/v1/outbox/99999999/resend')).status, 404);
});

test('a change that rolls back notifies nobody', async () => {
  const o = await newOrder();
  sql(`UPDATE orders SET status = 'approved', version = version + 1 WHERE number = '${o.number}'`);
  // fail the request's last statement (the COMMIT comes after the event is written)
  const faults = async () => (await fetch(`${BASE}/api/v1/_test/db-fault`)).json();
  let n = 1;
  for (;; n++) {
    const fired = (await faults()).fired;
    await fetch(`${BASE}/api/v1/_test/db-fault`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ after: n }) });
    const res = await call('r01.manager', 'POST', `/api/v1/orders/${o.number}/events`, { status: 'scheduled' });
    const f = await faults();
    if (f.fired === fired) { assert.equal(res.status, 200); break; }
    assert.ok(res.status >= 500);
    assert.equal(sql(`SELECT COUNT(*) FROM notify_events WHERE object_ref = '${o.number}'`)[0][0],
      f.committed_before > 0 ? '1' : '0', `statement ${n}`);
    if (f.committed_before > 0) break;
  }
  assert.ok(n > 3, 'the request ran several statements');
  await waitFor(() => sql(`SELECT COUNT(*) FROM notifications WHERE object_ref = '${o.number}'`)[0][0] !== '0');
  assert.equal(sql(`SELECT COUNT(*) FROM notify_events WHERE object_ref = '${o.number}'`)[0][0], '1');
});

test('the sweep\'s escalation reaches the region\'s lead, then HQ\'s agents, in the portal and by e-mail', async () => {
  const res = await call('d0001.buyer', 'POST', '/api/v1/complaints', { category: 'installation_service',
    severity: 'high', subject: '安装师傅未上门', description: '约好周二上门安装，没有人来' },
  { 'Idempotency-Key': `notify-cp-${RUN}` });
  assert.equal(res.status, 201);
  const c = await res.json();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const filed = Date.parse(c.filed_at);
  const mine = async (who, kind) => (await list(who)).items.find((i) => i.kind === kind && i.object_ref === c.number);
  cli(['sweep', `--now=${iso(filed + 25 * 3600 * 1000)}`]);
  let lead;
  await waitFor(async () => (lead = await mine('r01.approver', 'complaint.escalated_region')));
  assert.equal(lead.link, `/complaints/${c.number}`);
  assert.ok(lead.text.includes(c.number));
  await waitFor(() => mails().some((m) => m.headers.to === 'r01.approver@dealernet.example' &&
    m.body.includes(`/complaints/${c.number}`)));
  assert.equal(await mine('r02.approver', 'complaint.escalated_region'), undefined, 'another region\'s lead is not told');
  assert.equal(await mine('d0001.buyer', 'complaint.escalated_region'), undefined);
  assert.equal(await mine('hq.agent', 'complaint.escalated_hq'), undefined, 'not HQ yet');
  cli(['sweep', `--now=${iso(filed + 49 * 3600 * 1000)}`]);
  await waitFor(async () => mine('hq.agent', 'complaint.escalated_hq'));
  await waitFor(() => mails().some((m) => m.headers.to === 'hq.agent@dealernet.example' &&
    m.body.includes(`/complaints/${c.number}`)));
});

test('orders waiting over 24 hours: one digest a day to the region\'s approvers', async () => {
  const o = await newOrder();
  sql(`UPDATE orders SET created_at = UTC_TIMESTAMP(6) - INTERVAL 25 HOUR WHERE number = '${o.number}'`);
  const first = JSON.parse(cli(['digest']));
  const r01 = sql("SELECT id FROM orgs WHERE code = 'R01'")[0][0];
  const today = () => sql(`SELECT COUNT(*) FROM notify_events WHERE kind = 'approvals.digest' AND dealer_id = ${r01} AND at > UTC_TIMESTAMP() - INTERVAL 1 DAY`)[0][0];
  assert.equal(today(), '1');
  assert.ok(first.sent >= 1 || sql(`SELECT COUNT(*) FROM approval_digests WHERE region_id = ${r01}`)[0][0] === '1');
  let item;
  await waitFor(async () => (item = (await list('r01.approver')).items.find((i) => i.kind === 'approvals.digest')));
  assert.equal(item.link, '/approvals');
  assert.ok(Number(item.params.count) >= 1);
  assert.match(item.text, /\d+/);
  assert.ok(!(await list('r02.approver')).items.some((i) => i.kind === 'approvals.digest' && i.object_ref === 'R01'));
  assert.ok(!(await list('d0001.buyer')).items.some((i) => i.kind === 'approvals.digest'));
  // again today: nothing more
  assert.equal(JSON.parse(cli(['digest'])).sent, 0);
  assert.equal(today(), '1');
});
