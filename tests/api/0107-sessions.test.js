// 0107: sessions: signing out, a replayed refresh token and "sign out
// everywhere" end access tokens at once; a user sees and ends its own
// sessions (API and account page), never another user's.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { api, cli, login, postJSON, errorOf } = require('../lib/harness');
const { browser, csrfOf } = require('../lib/formjar');

const PW = 'the-right-password';
const unique = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

function newUser() {
  const name = unique('tmp.sess');
  cli(['user', 'add', name, 'D0003', 'dealer_buyer'], `${PW}\n`);
  return name;
}

const me = async (token) => (await api(token, 'GET', '/api/v1/me')).status;
const refresh = (rt) => postJSON('/api/v1/auth/refresh', { refresh_token: rt });

test('signing out ends that session\'s access token at once, and only that one', async () => {
  const name = newUser();
  const a = await login(name, PW);
  const b = await login(name, PW);
  assert.equal(await me(a.access_token), 200);
  assert.equal((await postJSON('/api/v1/auth/logout', { refresh_token: a.refresh_token })).status, 204);
  assert.equal(await me(a.access_token), 401, 'the signed-out access token');
  assert.equal(await me(b.access_token), 200, 'another session goes on');
});

test('a replayed refresh token ends every access token of the user', async () => {
  const name = newUser();
  const a = await login(name, PW);
  const b = await login(name, PW);
  const next = await (await refresh(a.refresh_token)).json();
  assert.equal(await me(next.access_token), 200);
  assert.equal((await refresh(a.refresh_token)).status, 401, 'the spent token again');
  assert.equal(await me(next.access_token), 401, 'the family\'s newest access token');
  assert.equal(await me(a.access_token), 401);
  assert.equal(await me(b.access_token), 401, 'the token version moved on');
  assert.equal((await refresh(next.refresh_token)).status, 401, 'the family is revoked');
  // the other session renews and goes on
  const b2 = await (await refresh(b.refresh_token)).json();
  assert.equal(await me(b2.access_token), 200);
});

test('a user lists its sessions and ends one; its access and refresh tokens stop at once', async () => {
  const name = newUser();
  const a = await login(name, PW);
  const b = await login(name, PW);
  const res = await api(a.access_token, 'GET', '/api/v1/me/sessions');
  assert.equal(res.status, 200);
  const { sessions } = await res.json();
  assert.equal(sessions.length, 2);
  for (const s of sessions) {
    assert.equal(typeof s.id, 'number');
    assert.match(s.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(s.last_used_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(s.address, '127.0.0.1');
    assert.equal(typeof s.user_agent, 'string');
  }
  assert.equal(sessions.filter((s) => s.current).length, 1);
  const other = sessions.find((s) => !s.current);
  assert.equal((await api(a.access_token, 'DELETE', `/api/v1/me/sessions/${other.id}`)).status, 204);
  assert.equal(await me(b.access_token), 401, 'the ended session\'s access token');
  assert.equal((await refresh(b.refresh_token)).status, 401, 'and its refresh token');
  assert.equal(await me(a.access_token), 200, 'this session goes on');
  const left = (await (await api(a.access_token, 'GET', '/api/v1/me/sessions')).json()).sessions;
  assert.deepEqual(left.map((s) => s.current), [true]);
  // ending it again is fine; a made-up id is not found
  assert.equal((await api(a.access_token, 'DELETE', `/api/v1/me/sessions/${other.id}`)).status, 204);
  assert.equal((await api(a.access_token, 'DELETE', '/api/v1/me/sessions/999999999')).status, 404);
});

test('one user cannot see or end another user\'s session: 404', async () => {
  const mine = await login(newUser(), PW);
  const theirs = await login(newUser(), PW);
  const [s] = (await (await api(mine.access_token, 'GET', '/api/v1/me/sessions')).json()).sessions;
  const seen = (await (await api(theirs.access_token, 'GET', '/api/v1/me/sessions')).json()).sessions;
  assert.ok(!seen.some((x) => x.id === s.id), 'not in another user\'s list');
  const res = await api(theirs.access_token, 'DELETE', `/api/v1/me/sessions/${s.id}`);
  assert.equal(res.status, 404);
  assert.equal((await errorOf(res)).code, 'not_found');
  assert.equal(await me(mine.access_token), 200, 'still signed in');
  assert.equal((await refresh(mine.refresh_token)).status, 200);
});

test('sign out everywhere ends every session and access token', async () => {
  const name = newUser();
  const a = await login(name, PW);
  const b = await login(name, PW);
  assert.equal((await api(a.access_token, 'DELETE', '/api/v1/me/sessions')).status, 204);
  for (const t of [a, b]) {
    assert.equal(await me(t.access_token), 401);
    assert.equal((await refresh(t.refresh_token)).status, 401);
  }
  const c = await login(name, PW);
  assert.equal(await me(c.access_token), 200, 'signing in again works');
});

// --- the account page

async function signIn(name) {
  const b = browser();
  const page = await (await b.get('/login')).text();
  const res = await b.post('/login', { _csrf: csrfOf(page), login: name, password: PW, next: '/account' });
  assert.equal(res.status, 303);
  return b;
}

test('the account page lists sessions and ends one with a form (CSRF checked)', async () => {
  const name = newUser();
  const api1 = await login(name, PW);
  const b = await signIn(name);
  const html = await (await b.get('/account')).text();
  const ids = [...html.matchAll(/name="session" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2, 'both sessions are listed');
  const apiSession = (await (await api(api1.access_token, 'GET', '/api/v1/me/sessions')).json())
    .sessions.find((s) => s.current).id;
  assert.ok(ids.includes(String(apiSession)));
  // no CSRF token: refused, and the session goes on
  assert.equal((await b.post('/account', { action: 'end_session', session: apiSession })).status, 403);
  assert.equal(await me(api1.access_token), 200);
  const res = await b.post('/account', { _csrf: csrfOf(html), action: 'end_session', session: apiSession });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account?saved=session');
  assert.equal(await me(api1.access_token), 401);
  // another user's session through the form: 404
  const other = await login(newUser(), PW);
  const otherId = (await (await api(other.access_token, 'GET', '/api/v1/me/sessions')).json()).sessions[0].id;
  const page = await (await b.get('/account')).text();
  assert.equal((await b.post('/account', { _csrf: csrfOf(page), action: 'end_session', session: otherId })).status, 404);
  assert.equal(await me(other.access_token), 200);
  // sign out everywhere from the page: the browser is signed out too
  const last = await b.post('/account', { _csrf: csrfOf(page), action: 'end_all' });
  assert.equal(last.status, 303);
  assert.equal(last.headers.get('location'), '/login');
  assert.equal((await b.get('/account')).status, 303, 'sent to sign in');
});
