// 0101: signing in, the access token's checks, refresh rotation, logout.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { postJSON, errorOf, login, api, sql, cli, DEMO_PASSWORD } = require('../lib/harness');
const { sign, signAsym, decode } = require('../lib/jwt');

// (not 'erp': the ERP has no password but an API key, tests/api/0106)
const DEMO = ['admin', 'hq.key', 'hq.finance', 'r01.approver', 'r01.manager', 'r01.clerk',
  'r01.agent', 'r02.approver', 'd0001.buyer', 'd0001.finance', 'd0001.admin', 'd0002.buyer',
  'd0101.buyer'];

test('every demo login signs in through the API and sees itself', async () => {
  for (const name of DEMO) {
    const t = await login(name);
    assert.equal(t.token_type, 'Bearer');
    assert.equal(t.expires_in, 900);
    assert.match(t.refresh_token, /^[0-9a-f]{64}$/);
    const claims = decode(t.access_token);
    for (const c of ['sub', 'org', 'roles', 'iat', 'exp', 'iss', 'aud', 'jti', 'tv']) {
      assert.ok(c in claims, `${name}: claim ${c}`);
    }
    assert.equal(claims.exp - claims.iat, 900);
    const me = await (await api(t.access_token, 'GET', '/api/v1/me')).json();
    assert.equal(me.user.login, name);
    assert.deepEqual(me.roles, claims.roles);
  }
});

test('a wrong password and an unknown login get the same 401', async () => {
  const a = await postJSON('/api/v1/auth/login', { login: 'd0001.buyer', password: 'wrong-password' });
  const b = await postJSON('/api/v1/auth/login', { login: 'nobody.at.all', password: 'wrong-password' });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(await errorOf(a), await errorOf(b));
});

test('login input is checked field by field', async () => {
  const res = await postJSON('/api/v1/auth/login', { login: 'x'.repeat(65), password: 5 });
  assert.equal(res.status, 422);
  const e = await errorOf(res);
  assert.ok(e.fields.login && e.fields.password);
});

// --- every way a token can be wrong: refused with 401, saying nothing more
async function good() {
  const t = await login('d0001.buyer');
  return { token: t.access_token, claims: decode(t.access_token) };
}

async function refused(token, what) {
  const res = await api(token, 'GET', '/api/v1/me');
  assert.equal(res.status, 401, what);
  const e = await errorOf(res);
  assert.equal(e.message, 'missing or invalid credentials', what);
}

test('the good token works (control)', async () => {
  const { token, claims } = await good();
  assert.equal((await api(token, 'GET', '/api/v1/me')).status, 200);
  // and a token we sign ourselves the same way works too: the forgeries
  // below differ from a valid token only in what they test
  assert.equal((await api(sign({ alg: 'HS256', typ: 'JWT' }, claims), 'GET', '/api/v1/me')).status, 200);
});

test('alg none, in any case, is refused', async () => {
  const { claims } = await good();
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    await refused(sign({ alg, typ: 'JWT' }, claims), `alg ${alg}`);
  }
});

test('HS384 and HS512 signed with the real secret are refused', async () => {
  const { claims } = await good();
  await refused(sign({ alg: 'HS384', typ: 'JWT' }, claims), 'HS384');
  await refused(sign({ alg: 'HS512', typ: 'JWT' }, claims), 'HS512');
});

test('RS256 and ES256 tokens are refused', async () => {
  const { claims } = await good();
  await refused(signAsym('RS256', claims), 'RS256');
  await refused(signAsym('ES256', claims), 'ES256');
});

test('exp as a string or a float is refused', async () => {
  const { claims } = await good();
  await refused(sign({ alg: 'HS256' }, { ...claims, exp: String(claims.exp) }), 'exp string');
  await refused(sign({ alg: 'HS256' }, { ...claims, exp: claims.exp + 0.5 }), 'exp float');
  await refused(sign({ alg: 'HS256' }, { ...claims, exp: 1.9e9 + 0.25 }), 'exp 1.9e9 float');
});

test('a wrong signature and a tampered payload are refused', async () => {
  const { token, claims } = await good();
  const [h, p, s] = token.split('.');
  const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  await refused(`${h}.${p}.${flipped}`, 'signature');
  await refused(sign({ alg: 'HS256' }, claims, 'another-secret-another-secret-32b'), 'other key');
  const admin = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
  await refused(`${h}.${admin}.${s}`, 'tampered');
});

test('expired, wrong iss, wrong aud, missing sub or exp are refused', async () => {
  const { claims } = await good();
  const now = Math.floor(Date.now() / 1000);
  const s = (c) => sign({ alg: 'HS256', typ: 'JWT' }, c);
  await refused(s({ ...claims, iat: now - 2000, exp: now - 100 }), 'expired');
  await refused(s({ ...claims, iss: 'someone-else' }), 'iss');
  await refused(s({ ...claims, aud: 'another-api' }), 'aud');
  const { sub, ...nosub } = claims;
  await refused(s(nosub), 'no sub');
  const { exp, ...noexp } = claims;
  await refused(s(noexp), 'no exp');
  await refused(s({ ...claims, iat: now + 3600 }), 'issued in the future');
  await refused(s({ ...claims, nbf: now + 3600 }), 'not yet valid');
  await refused(s({ ...claims, roles: ['dealer_buyer', 'admin'] }), 'roles the org cannot hold');
  assert.ok(sub && exp);
});

// The CLI is another process, as another node is: the app hears of the
// change through cache_changes within the 1-second bound (0108).
test('a token of a user disabled since is refused within a second', async () => {
  cli(['user', 'add', 'tmp.disabled', 'D0003', 'dealer_buyer'], 'temporary-password\n');
  const t = await login('tmp.disabled', 'temporary-password');
  assert.equal((await api(t.access_token, 'GET', '/api/v1/me')).status, 200);
  cli(['user', 'disable', 'tmp.disabled']);
  await new Promise((ok) => setTimeout(ok, 1000));
  await refused(t.access_token, 'disabled user');
  const r = await postJSON('/api/v1/auth/refresh', { refresh_token: t.refresh_token });
  assert.equal(r.status, 401, 'its refresh token is dead too');
});

test('a token issued before a password change is refused', async () => {
  cli(['user', 'add', 'tmp.passwd', 'D0003', 'dealer_buyer'], 'temporary-password\n');
  const before = await login('tmp.passwd', 'temporary-password');
  const res = await api(before.access_token, 'POST', '/api/v1/me/password',
    { current_password: 'temporary-password', new_password: 'a-brand-new-password' });
  assert.equal(res.status, 200);
  const after = await res.json();
  await refused(before.access_token, 'before the change');
  assert.equal((await api(after.access_token, 'GET', '/api/v1/me')).status, 200);
  assert.equal((await postJSON('/api/v1/auth/refresh', { refresh_token: before.refresh_token })).status, 401);
  // the old password no longer signs in, the new one does
  assert.equal((await postJSON('/api/v1/auth/login', { login: 'tmp.passwd', password: 'temporary-password' })).status, 401);
  await login('tmp.passwd', 'a-brand-new-password');
});

test('a new password is checked: current one right, at least 10 characters', async () => {
  const t = await login('d0002.buyer');
  let res = await api(t.access_token, 'POST', '/api/v1/me/password',
    { current_password: 'not-the-password', new_password: 'long-enough-password' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.current_password);
  res = await api(t.access_token, 'POST', '/api/v1/me/password',
    { current_password: DEMO_PASSWORD, new_password: 'short' });
  assert.equal(res.status, 422);
  assert.ok((await errorOf(res)).fields.new_password);
});

// --- refresh tokens
test('refresh rotates; reusing a rotated token revokes the whole family', async () => {
  const first = await login('d0001.finance');
  let res = await postJSON('/api/v1/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(res.status, 200);
  const second = await res.json();
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.equal((await api(second.access_token, 'GET', '/api/v1/me')).status, 200);
  // the first token again: refused, and the family dies with it
  res = await postJSON('/api/v1/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(res.status, 401);
  res = await postJSON('/api/v1/auth/refresh', { refresh_token: second.refresh_token });
  assert.equal(res.status, 401, 'the newer token of the family is revoked too');
  // another sign-in (another family) is untouched
  const other = await login('d0001.finance');
  assert.equal((await postJSON('/api/v1/auth/refresh', { refresh_token: other.refresh_token })).status, 200);
});

test('logout revokes the refresh token', async () => {
  const t = await login('r01.clerk');
  const res = await postJSON('/api/v1/auth/logout', { refresh_token: t.refresh_token });
  assert.equal(res.status, 204);
  assert.equal((await postJSON('/api/v1/auth/refresh', { refresh_token: t.refresh_token })).status, 401);
  assert.equal((await postJSON('/api/v1/auth/refresh', { refresh_token: 'f'.repeat(64) })).status, 401);
  assert.equal((await postJSON('/api/v1/auth/refresh', {})).status, 401);
});

// --- storage
test('passwords are stored only as argon2id, refresh tokens only as hashes', async () => {
  const t = await login('r01.agent');
  for (const [login, hash] of sql('SELECT login, password_hash FROM users')) {
    assert.match(hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/, login);
    assert.ok(!hash.includes(DEMO_PASSWORD));
  }
  const rows = sql('SELECT token_hash FROM refresh_tokens');
  assert.ok(rows.length > 0);
  assert.ok(rows.every(([h]) => /^[0-9a-f]{64}$/.test(h)));
  assert.ok(!rows.some(([h]) => h === t.refresh_token), 'the token itself is not stored');
  const crypto = require('node:crypto');
  const mine = crypto.createHash('sha256').update(t.refresh_token).digest('hex');
  assert.ok(rows.some(([h]) => h === mine), 'its SHA-256 is');
});
