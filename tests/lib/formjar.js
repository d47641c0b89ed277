// formjar.js: a tiny cookie jar over fetch, as a browser keeps one, to post the pages' forms
// from API tests (CSRF token read from the page, cookies kept between calls).
'use strict';
const { BASE, DEMO_PASSWORD } = require('./harness');

function browser() {
  const jar = new Map();
  const store = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (/Max-Age=0/.test(c)) jar.delete(k); else jar.set(k, v);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(p) {
      const res = await fetch(BASE + p, { redirect: 'manual', headers: { Cookie: cookie() } });
      store(res);
      return res;
    },
    async post(p, form) {
      const res = await fetch(BASE + p, { method: 'POST', redirect: 'manual',
        headers: { Cookie: cookie(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString() });
      store(res);
      return res;
    },
  };
}

const csrfOf = (html) => html.match(/name="_csrf" value="([0-9a-f]{64})"/)[1];

async function signIn(b, name, next = '/account') {
  const page = await (await b.get('/login')).text();
  return b.post('/login', { _csrf: csrfOf(page), login: name, password: DEMO_PASSWORD, next });
}

module.exports = { browser, csrfOf, signIn };
