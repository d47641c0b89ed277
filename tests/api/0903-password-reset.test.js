// 0903: password reset by e-mail (issue #20 acceptance 5): known and unknown addresses answer
// alike; the link's token is kept hashed, works once, for 30 minutes; using it sets the
// password, and the old password and every old session stop working.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BASE, DIR, sql, cli, client, postJSON, login, waitFor, errorOf } = require('../lib/harness');

const { call } = client();

const RUN = Date.now().toString(36);
const OLD = 'first-password-0903';

// A user of its own, with an address, so that no other test's sign-in changes.
function user(name) {
  const loginName = `reset.${name}.${RUN}`;
  cli(['user', 'add', loginName, 'D0003', 'dealer_buyer'], `${OLD}\n`);
  sql(`UPDATE users SET email = '${loginName}@dealernet.example' WHERE login = '${loginName}'`);
  return { login: loginName, email: `${loginName}@dealernet.example` };
}

// The link in the newest mail to an address, once it has come.
async function linkFor(email, after = 0) {
  const dir = path.join(DIR, 'mail', 'new');
  let token;
  await waitFor(() => {
    const mine = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .filter((m) => m.includes(`To: ${email}`));
    if (mine.length <= after) return false;
    token = /\/reset\?token=([A-Za-z0-9_-]{32})/.exec(mine.at(-1))[1];
    return true;
  });
  return token;
}
const mailsTo = (email) => fs.readdirSync(path.join(DIR, 'mail', 'new'))
  .filter((f) => fs.readFileSync(path.join(DIR, 'mail', 'new', f), 'utf8').includes(`To: ${email}`)).length;
const ask = (email) => postJSON('/api/v1/auth/password-reset', { email });
const confirm = (token, password) => postJSON('/api/v1/auth/password-reset/confirm', { token, password });

test('a known and an unknown address get the same answer; only the known one gets a mail', async () => {
  const u = user('a');
  const known = await ask(u.email);
  const unknown = await ask(`nobody.${RUN}@dealernet.example`);
  assert.equal(known.status, 202);
  assert.equal(unknown.status, 202);
  assert.deepEqual(await known.json(), await unknown.json());
  const token = await linkFor(u.email);
  // kept as a hash, not as itself; the event's copy is gone once the mail is sent
  assert.equal(sql(`SELECT COUNT(*) FROM password_resets WHERE token_hash = UNHEX(SHA2('${token}', 256))`)[0][0], '1');
  assert.equal(sql(`SELECT COUNT(*) FROM password_resets WHERE token_hash = '${token}'`)[0][0], '0');
  await waitFor(() => sql(`SELECT COUNT(*) FROM notify_events WHERE kind = 'password.reset' AND params LIKE '%${token}%'`)[0][0] === '0');
  assert.equal(sql(`SELECT COUNT(*) FROM notifications n JOIN users x ON x.id = n.user_id WHERE x.login = '${u.login}'`)[0][0],
    '0', 'not in the portal: by e-mail only');
  let res = await ask('not an address');
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.email);
  // its token is gone from the outbox, so the admin cannot send the link again
  const [[id]] = sql(`SELECT o.id FROM outbox o JOIN users x ON x.id = o.user_id WHERE x.login = '${u.login}'`);
  res = await call('admin', 'POST', `/api/v1/outbox/${id}/resend`);
  assert.equal(res.status, 409);
  assert.match((await errorOf(res)).message, /reset link/);
});

test('the link sets the password once: the old password and every old session end', async () => {
  const u = user('b');
  const before = await login(u.login, OLD);
  const res0 = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${before.access_token}` } });
  assert.equal(res0.status, 200);
  assert.equal((await ask(u.email)).status, 202);
  const token = await linkFor(u.email);
  // the page shows the form for a good link
  assert.equal((await fetch(`${BASE}/reset?token=${token}`)).status, 200);
  let res = await confirm(token, 'short');
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.password);
  res = await confirm(token, 'a-brand-new-password');
  assert.equal(res.status, 200);
  // the old password, the old access token and the old refresh token are all refused
  res = await postJSON('/api/v1/auth/login', { login: u.login, password: OLD });
  assert.equal(res.status, 401);
  res = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${before.access_token}` } });
  assert.equal(res.status, 401);
  res = await postJSON('/api/v1/auth/refresh', { refresh_token: before.refresh_token });
  assert.equal(res.status, 401);
  assert.ok((await login(u.login, 'a-brand-new-password')).access_token);
  // its owner hears that the password changed, with the way back if it was not them
  await waitFor(() => sql(`SELECT COUNT(*) FROM outbox o JOIN notify_events e ON e.id = o.event_id JOIN users x ON x.id = o.user_id WHERE x.login = '${u.login}' AND e.kind = 'password.changed' AND o.state = 'sent'`)[0][0] === '1');
  // used: refused, on the API and the page
  res = await confirm(token, 'yet-another-password');
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.token);
  assert.equal((await fetch(`${BASE}/reset?token=${token}`)).status, 410);
});

test('an expired link is refused; so is one never made; asking for a new one spends nothing else', async () => {
  const u = user('c');
  assert.equal((await ask(u.email)).status, 202);
  const old = await linkFor(u.email);
  sql(`UPDATE password_resets SET expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE token_hash = UNHEX(SHA2('${old}', 256))`);
  let res = await confirm(old, 'a-brand-new-password');
  assert.equal(res.status, 422);
  res = await confirm('A'.repeat(32), 'a-brand-new-password');
  assert.equal(res.status, 422);
  res = await confirm('../../etc', 'a-brand-new-password');
  assert.equal(res.status, 422);
  assert.ok((await login(u.login, OLD)).access_token, 'the password is as it was');
});

test('asking is limited per user: three links an hour, the same answer after', async () => {
  const u = user('d');
  for (let i = 0; i < 5; i++) assert.equal((await ask(u.email)).status, 202);
  // the requests are answered in the background, in order
  await waitFor(() => sql(`SELECT COUNT(*) FROM password_reset_requests WHERE email = '${u.email}'`)[0][0] === '0');
  assert.equal(sql(`SELECT COUNT(*) FROM password_resets p JOIN users x ON x.id = p.user_id WHERE x.login = '${u.login}'`)[0][0], '3');
  await waitFor(() => mailsTo(u.email) === 3);
});

test('changing one\'s own password tells its owner by e-mail', async () => {
  const u = user('e');
  const t = (await login(u.login, OLD)).access_token;
  const res = await fetch(`${BASE}/api/v1/me/password`, { method: 'POST', headers: { Authorization: `Bearer ${t}`,
    'Content-Type': 'application/json' }, body: JSON.stringify({ current_password: OLD, new_password: 'changed-by-its-owner' }) });
  assert.equal(res.status, 200);
  assert.ok(t);
  await waitFor(() => fs.readdirSync(path.join(DIR, 'mail', 'new')).some((f) => {
    const m = fs.readFileSync(path.join(DIR, 'mail', 'new', f), 'utf8');
    return m.includes(`To: ${u.email}`) && m.includes('/forgot');
  }));
  // it is not one's to turn off
  const fresh = (await res.json()).access_token;
  const s = await (await fetch(`${BASE}/api/v1/me/notification-settings`,
    { headers: { Authorization: `Bearer ${fresh}` } })).json();
  assert.ok(Array.isArray(s.kinds) && s.kinds.length > 5, JSON.stringify(s).slice(0, 200));
  assert.ok(!s.kinds.some((k) => k.kind === 'password.changed' || k.kind === 'password.reset'));
});
