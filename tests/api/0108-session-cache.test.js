// 0108: the check of a signed-in user without a statement per request
// (issue #22).  A good answer is kept per process; the database's
// cache_changes rows (written by triggers in the change's transaction) make
// every process forget it within a second, the process that made the change
// at once.  "Another node" is played by the database's root changing rows
// directly, as a change replicated from another node arrives.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, cli, get, login, sql } = require('../lib/harness');

const PW = 'the-right-password';
const BOUND_MS = 1000;	// CHANGES_FRESH_MS: the bound the README states
const unique = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));

function newUser(org = 'D0003') {
  const name = unique('tmp.cache');
  cli(['user', 'add', name, org, 'dealer_buyer'], `${PW}\n`);
  return name;
}

const me = async (token) => (await api(token, 'GET', '/api/v1/me')).status;

async function checks() {
  const text = await (await get('/metrics')).text();
  const n = (r) => Number((text.match(new RegExp(`^dealernet_session_checks_total\\{result="${r}"\\} (\\d+)$`, 'm')) || [])[1]);
  return { hit: n('hit'), miss: n('miss') };
}

test('a token used again is checked from memory, not by a statement', async () => {
  const t = await login(newUser(), PW);
  assert.equal(await me(t.access_token), 200);
  await pause(300);	// a poll since the sign-in
  const before = await checks();
  assert.ok(Number.isInteger(before.hit), 'the metric is there');
  for (let i = 0; i < 5; i++) assert.equal(await me(t.access_token), 200);
  const after = await checks();
  assert.ok(after.hit - before.hit >= 4, `hits ${before.hit} -> ${after.hit}`);
});

// each change, made as another node's would arrive, and how to undo nothing
const others = [
  ['the user disabled', (u) => sql(`UPDATE users SET disabled = 1 WHERE login = '${u}'`)],
  ['its token version moved on', (u) => sql(`UPDATE users SET token_version = token_version + 1 WHERE login = '${u}'`)],
  ['its session ended', (u) => sql(`UPDATE sessions s JOIN users u ON u.id = s.user_id SET s.ended_at = NOW(6) WHERE u.login = '${u}'`)],
];
for (const [what, change] of others) {
  test(`${what} on another node: refused within ${BOUND_MS} ms`, async () => {
    const name = newUser();
    const t = await login(name, PW);
    for (let i = 0; i < 3; i++) assert.equal(await me(t.access_token), 200);
    change(name);
    await pause(BOUND_MS);
    assert.equal(await me(t.access_token), 401);
  });
}

test('an organisation switched off on another node: its users refused within the bound', async () => {
  const code = unique('DC').slice(0, 12).toUpperCase();
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, dealer_kind, city, tier) SELECT 'dealer', '${code}', '缓存', 'Cache test', region_id, dealer_kind, city, tier FROM orgs WHERE code = 'D0003'`);
  const t = await login(newUser(code), PW);
  for (let i = 0; i < 3; i++) assert.equal(await me(t.access_token), 200);
  sql(`UPDATE orgs SET active = 0 WHERE code = '${code}'`);
  await pause(BOUND_MS);
  assert.equal(await me(t.access_token), 401);
});

test('a change through this app is seen at once: the language of the next page', async () => {
  const t = await login(newUser(), PW);
  const page = async () => (await fetch(`${process.env.DEALERNET_BASE}/orders`,
    { headers: { Authorization: `Bearer ${t.access_token}` }, redirect: 'manual' })).text();
  assert.match(await page(), /<html lang="zh-CN">/);
  const res = await api(t.access_token, 'PATCH', '/api/v1/me', { lang: 'en' });
  assert.equal(res.status, 200);
  assert.match(await page(), /<html lang="en">/, 'no poll waited for');
});

test('a rolled-back change tells nothing that matters, and a write outside the checked columns none', async () => {
  const name = newUser();
  const t = await login(name, PW);
  assert.equal(await me(t.access_token), 200);
  const rows = () => Number(sql(`SELECT COUNT(*) FROM cache_changes c JOIN users u ON u.id = c.ref_id AND c.kind = 'user' WHERE u.login = '${name}'`)[0][0]);
  const n = rows();
  sql(`START TRANSACTION; UPDATE users SET disabled = 1 WHERE login = '${name}'; ROLLBACK`);
  sql(`UPDATE users SET failed_logins = failed_logins + 1 WHERE login = '${name}'`);
  assert.equal(rows(), n, 'no row for a rollback or for a column the check does not read');
  await pause(BOUND_MS);
  assert.equal(await me(t.access_token), 200);
});
