// 0103: the browser's session: cookies, CSRF on every form, renewal.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { get, BASE, DEMO_PASSWORD, sql } = require('../lib/harness');

const { browser, csrfOf, signIn } = require('../lib/formjar');

test('signing in sets HttpOnly SameSite=Strict cookies and goes on', async () => {
  const b = browser();
  const page = await b.get('/login');
  assert.equal(page.status, 200);
  const csrf = page.headers.getSetCookie().find((c) => c.startsWith('csrf='));
  assert.match(csrf, /HttpOnly/);
  assert.match(csrf, /SameSite=Strict/);
  const res = await b.post('/login', { _csrf: csrfOf(await page.text()), login: 'd0001.buyer',
    password: DEMO_PASSWORD, next: '/account' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account');
  const set = res.headers.getSetCookie();
  for (const name of ['access', 'refresh']) {
    const c = set.find((x) => x.startsWith(`${name}=`));
    assert.ok(c, name);
    assert.match(c, /HttpOnly/);
    assert.match(c, /SameSite=Strict/);
    assert.match(c, /Path=\//);
  }
  const acct = await b.get('/account');
  assert.equal(acct.status, 200);
  assert.match(await acct.text(), /d0001\.buyer/);
});

test('a form post without a CSRF token, or with a wrong one, is 403', async () => {
  const b = browser();
  await b.get('/login');
  let res = await b.post('/login', { login: 'd0001.buyer', password: DEMO_PASSWORD });
  assert.equal(res.status, 403);
  res = await b.post('/login', { _csrf: 'a'.repeat(64), login: 'd0001.buyer', password: DEMO_PASSWORD });
  assert.equal(res.status, 403);
  // signed in, the account form and sign-out need it too
  await signIn(b, 'd0001.buyer');
  res = await b.post('/account', { action: 'lang', lang: 'en' });
  assert.equal(res.status, 403);
  res = await b.post('/logout', {});
  assert.equal(res.status, 403);
  // a token of another browser does not fit this one's cookie
  const other = browser();
  const theirs = csrfOf(await (await other.get('/login')).text());
  res = await b.post('/account', { _csrf: theirs, action: 'lang', lang: 'en' });
  assert.equal(res.status, 403);
});

test('the API refuses a cookie-authenticated post without the CSRF header', async () => {
  const b = browser();
  await signIn(b, 'd0001.buyer');
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${BASE}/api/v1/me`, { method: 'PATCH',
    headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{"lang":"en"}' });
  assert.equal(res.status, 403);
});

test('pages that need a user send a stranger to sign in, and back after', async () => {
  const res = await get('/account?tab=x');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=%2Faccount%3Ftab%3Dx');
  assert.equal((await get('/api/v1/me')).status, 401);
});

test('an expired access cookie is renewed from the refresh cookie', async () => {
  const b = browser();
  await signIn(b, 'd0101.buyer');
  const oldRefresh = b.jar.get('refresh');
  b.jar.delete('access');		// as when its 15 minutes are over
  const res = await b.get('/account');
  assert.equal(res.status, 200);
  assert.ok(b.jar.get('access'), 'a new access cookie');
  assert.notEqual(b.jar.get('refresh'), oldRefresh, 'the refresh cookie rotated');
});

test('signing out ends the session', async () => {
  const b = browser();
  await signIn(b, 'r01.agent');
  const page = await (await b.get('/account')).text();
  const res = await b.post('/logout', { _csrf: csrfOf(page) });
  assert.equal(res.status, 303);
  assert.ok(!b.jar.get('access') && !b.jar.get('refresh'));
  assert.equal((await b.get('/account')).status, 303);
});

test('the language chosen on the account page is kept for the user', async () => {
  const b = browser();
  await signIn(b, 'd0002.buyer');
  const page = await (await b.get('/account')).text();
  const res = await b.post('/account', { _csrf: csrfOf(page), action: 'lang', lang: 'en' });
  assert.equal(res.status, 303);
  assert.equal(sql("SELECT lang FROM users WHERE login = 'd0002.buyer'")[0][0], 'en');
  // a new browser, no lang cookie: the user's setting decides
  const fresh = browser();
  await signIn(fresh, 'd0002.buyer');
  assert.match(await (await fresh.get('/account')).text(), /<html lang="en">/);
  sql("UPDATE users SET lang = 'zh-CN' WHERE login = 'd0002.buyer'");
});

test('a CSRF token from before sign-in is worthless after it', async () => {
  const b = browser();
  const before = csrfOf(await (await b.get('/login')).text());
  await b.post('/login', { _csrf: before, login: 'd0001.buyer', password: DEMO_PASSWORD });
  const res = await b.post('/account', { _csrf: before, action: 'lang', lang: 'en' });
  assert.equal(res.status, 403);
});

test('a browser refreshing through the API gets cookies, never tokens in the body', async () => {
  const b = browser();
  await signIn(b, 'd0001.buyer');
  const token = csrfOf(await (await b.get('/account')).text());
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${BASE}/api/v1/auth/refresh`, { method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': token } });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.access_token, undefined);
  assert.ok(res.headers.getSetCookie().some((c) => c.startsWith('refresh=')));
});
