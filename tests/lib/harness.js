// harness.js: what every API and browser test shares.
// tests/check.sh starts the stack and passes where it is in the environment.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BASE = process.env.DEALERNET_BASE || 'http://127.0.0.1:8080';
const DIR = process.env.DEALERNET_STACK_DIR || path.join(ROOT, 'var');
const PORT = process.env.DEALERNET_PORT || '8080';
const APP = process.env.DEALERNET_APP || path.join(ROOT, 'build/test/dealernetd');
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');

// deploy/local/stack.sh CMD on this test run's stack.
function stack(cmd) {
  return execFileSync(path.join(ROOT, 'deploy/local/stack.sh'), [cmd, DIR, PORT], {
    env: { ...process.env, APP, WORKERS: '4', SHUTDOWN_GRACE: '10' },
    encoding: 'utf8',
  });
}

async function get(p, opts = {}) {
  return fetch(BASE + p, { redirect: 'manual', ...opts });
}

async function postJSON(p, body, headers = {}) {
  return fetch(BASE + p, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

// The JSON error shape of DESIGN §7: {"error":{"code","message","fields"}}.
async function errorOf(res) {
  const ct = res.headers.get('content-type') || '';
  if (!ct.startsWith('application/json')) throw new Error(`not JSON: ${ct}`);
  const j = await res.json();
  if (!j.error || typeof j.error.code !== 'string' || typeof j.error.message !== 'string' ||
      typeof j.error.fields !== 'object' || j.error.fields === null) {
    throw new Error(`not the error shape: ${JSON.stringify(j)}`);
  }
  return j.error;
}

async function waitFor(fn, ms = 15000, step = 100) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await fn()) return;
    } catch (e) { /* not yet */ }
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, step));
  }
}

// One SQL statement as the database's root over its socket; rows as arrays.
function sql(query) {
  const out = execFileSync('mariadb', [`--defaults-file=${path.join(DIR, 'my.cnf')}`, '-u', 'root',
    '-N', '-B', 'dealernet', '-e', query], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// The statements the server ran while fn ran, from its general log (as a table, for fn's span
// only), as [connection, first 400 characters] rows in order; the test files run one at a time.
async function statements(fn) {
  sql("SET GLOBAL log_output = 'TABLE'");
  sql('TRUNCATE mysql.general_log');
  sql('SET GLOBAL general_log = 1');
  try {
    await fn();
  } finally {
    sql('SET GLOBAL general_log = 0');
  }
  const rows = sql("SELECT thread_id, REPLACE(REPLACE(LEFT(CONVERT(argument USING utf8mb4), 400), " +
    "'\\t', ' '), '\\n', ' ') FROM mysql.general_log WHERE command_type IN ('Execute', 'Query') " +
    'ORDER BY event_time');
  sql('TRUNCATE mysql.general_log');
  sql("SET GLOBAL log_output = 'FILE'");
  return rows;
}

// Until this process answers fn's token check from memory (its change poller has run since
// the app started, issue #22): a test that counts a request's statements waits for it.
async function sessionHeld(fn) {
  const hits = async () => Number(((await (await get('/metrics')).text())
    .match(/^dealernet_session_checks_total\{result="hit"\} (\d+)$/m) || [])[1]);
  await waitFor(async () => {
    const before = await hits();
    await fn();
    return (await hits()) > before;
  }, 5000, 100);
}

// dealernetd COMMAND ... against this stack, with input on stdin.
function cli(args, input = '') {
  return execFileSync(APP, args, {
    env: { ...process.env, DEALERNET_CONF: path.join(DIR, 'dealernet.conf') },
    input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
  });
}

const DEMO_PASSWORD = 'dealernet-demo';
const BENCH_PASSWORD = 'dealernet-bench';	// of the bench.* users (seed bench)

// The demo ERP's API key, which deploy/local/stack.sh writes into the stack's directory.
function erpKey() {
  return fs.readFileSync(path.join(DIR, 'erp.apikey'), 'utf8').trim();
}

// A user's tokens; for 'erp', which has no password but an API key, a token-like object
// carrying the key (sent as "Authorization: Bearer dnk_...", as a token is).
// Sign-in answers 503 with Retry-After when every hashing slot is taken
// (tests that sign several users in at once meet it): that is "try again".
async function login(name, password = name.startsWith('bench.') ? BENCH_PASSWORD : DEMO_PASSWORD) {
  if (name === 'erp' && arguments.length < 2) return { access_token: erpKey(), token_type: 'Bearer', api_key: true };
  for (let i = 0; ; i++) {
    const res = await postJSON('/api/v1/auth/login', { login: name, password });
    if (res.status === 503 && i < 50) {
      await res.arrayBuffer();
      await new Promise((ok) => setTimeout(ok, 100));
      continue;
    }
    if (res.status !== 200) throw new Error(`login ${name}: ${res.status}`);
    return res.json();
  }
}

// An authenticated call with a Bearer token.
async function api(token, method, p, body) {
  const headers = { Authorization: `Bearer ${token}` };
  const opts = { method, headers, redirect: 'manual' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  return fetch(BASE + p, opts);
}

// A caller that logs each demo user in once: call(who, method, path, body, headers)
// sends a Bearer token; a string body goes as it is (give its Content-Type in
// headers), anything else as JSON.
function client() {
  // one sign-in per user, however many calls start at once (nginx limits
  // sign-ins per address: a burst of forty for one user would meet it)
  const tokens = {};
  function as(name) {
    if (!tokens[name]) {
      tokens[name] = login(name).then((t) => t.access_token);
      tokens[name].catch(() => { delete tokens[name]; });
    }
    return tokens[name];
  }
  async function call(who, method, p, body, headers = {}) {
    const h = { Authorization: `Bearer ${await as(who)}`, ...headers };
    let payload = body;
    if (body !== undefined && typeof body !== 'string') {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(BASE + p, { method, headers: h, body: payload, redirect: 'manual' });
  }
  return { as, call };
}

// The date days from today, YYYY-MM-DD.
const later = (days = 30) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

function appPid() {
  return Number(fs.readFileSync(path.join(DIR, 'run/app.pid'), 'utf8').trim());
}

function appLog() {
  return fs.readFileSync(path.join(DIR, 'log/app.log'), 'utf8');
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

// The month offset months from this one in China, YYYY-MM.
function month(offset = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
}

// Tests only: reopen month p and every later one, as the database's root, so that a test can
// close p again (the app never reopens a month). Their statements' disputes go with them.
function reopenMonth(p) {
  sql(`DELETE l FROM statement_dispute_lines l JOIN statement_disputes d ON d.id = l.dispute_id JOIN statements s ON s.id = d.statement_id WHERE s.period >= '${p}';
    DELETE d FROM statement_disputes d JOIN statements s ON s.id = d.statement_id WHERE s.period >= '${p}';
    DELETE FROM statements WHERE period >= '${p}'; DELETE FROM statement_tally WHERE period >= '${p}'; DELETE FROM periods WHERE period >= '${p}'`);
}

// Close every month up to p still open, in order, as HQ finance would (call: a client()'s):
// the first month it closed, or null. Tests reopen it after (reopenMonth).
async function closeThrough(call, p) {
  let first = null;
  for (let i = 0; i < 24 && Number(sql(`SELECT COUNT(*) FROM periods WHERE period = '${p}'`)[0][0]) === 0; i++) {
    const [[, last]] = sql('SELECT COUNT(*), COALESCE(MAX(period), \'-\') FROM periods');
    let next = p;
    if (last !== '-') {
      const d = new Date(`${last}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + 1);
      next = d.toISOString().slice(0, 7);
    }
    first = first || next;
    const c = await call('hq.finance', 'POST', `/api/v1/periods/${next}/close`);
    if (c.status !== 200) throw new Error(`close ${next}: ${c.status} ${await c.text()}`);
  }
  return first;
}

// Tests only: a dealer without the demo's year of sell-through, as the database's root (the
// app never deletes a report; the triggers of migration 0018 take it out of the months).
function clearSellthrough(dealer) {
  sql(`DELETE h FROM sellthrough_history h JOIN sellthrough s ON s.id = h.report_id WHERE s.dealer_id = ${dealer};
    DELETE FROM sellthrough WHERE dealer_id = ${dealer}; DELETE FROM sellthrough_category WHERE dealer_id = ${dealer}`);
}

// An open complaint of dealer code's (its buyer files one through the API when none is open, or
// always if fresh, so a test does not lean on what earlier test files left): its number.
async function openComplaint(code = 'D0001', fresh = false) {
  const open = () => sql(`SELECT c.number FROM complaints c JOIN orgs d ON d.id = c.dealer_id WHERE d.code = '${code}' AND c.status <> 'resolved' AND NOT EXISTS (SELECT 1 FROM statement_disputes sd WHERE sd.complaint_id = c.id) ORDER BY c.id DESC LIMIT 1`);
  if (fresh || open().length === 0) {
    const { access_token: token } = await login(`${code.toLowerCase()}.buyer`);
    const res = await fetch(`${BASE}/api/v1/complaints`, { method: 'POST', headers: { Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json', 'Idempotency-Key': `open-${code}-${Date.now()}` },
      body: JSON.stringify({ category: 'delivery', severity: 'normal', subject: '送货延误', description: '约定的送货日期已过，仍未到货' }) });
    if (res.status !== 201) throw new Error(`file a complaint for ${code}: ${res.status} ${await res.text()}`);
  }
  return open()[0][0];
}

module.exports = { ROOT, BASE, DIR, PORT, APP, ARTIFACTS, stack, get, postJSON, errorOf,
  waitFor, appPid, appLog, alive, sql, statements, sessionHeld, cli, login, erpKey, api, client, later, month, reopenMonth,
  closeThrough, openComplaint,
  clearSellthrough, DEMO_PASSWORD };
