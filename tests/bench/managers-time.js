// managers-time.js: what the account managers' view costs (issue #25): sequential GETs through
// nginx of the comparison, a manager's page and the API, with their sizes; the median and p99.
// Against a demo stack (qt.sh PORT starts one):
//   node tests/bench/managers-time.js http://127.0.0.1:PORT
// With a stack directory it first makes a region of 200 account managers (3 demo dealers each,
// the demo's year of figures under them; "MRG", made once) and times HQ's comparison of it:
//   node tests/bench/managers-time.js http://127.0.0.1:PORT var/q-PORT
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const [BASE, DIR] = process.argv.slice(2);
const login = async (u) => (await (await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST',
  headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: u, password: 'dealernet-demo' }) })).json()).access_token;
const sql = (q) => execFileSync('mariadb', [`--defaults-file=${path.join(DIR, 'my.cnf')}`, '-u', 'root', '-N', '-B',
  'dealernet', '-e', q], { encoding: 'utf8' }).trim();

async function time(token, p, n) {
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(BASE + p, { headers: { Authorization: `Bearer ${token}` } });
    const b = await res.arrayBuffer();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    bytes = b.byteLength;
  }
  ms.sort((a, b) => a - b);
  console.log(`${p}: ${bytes} bytes, median ${ms[n >> 1].toFixed(1)} ms, p99 ${ms[Math.ceil(n * 0.99) - 1].toFixed(1)} ms (${n} GETs)`);
}

(async () => {
  const ta = await login('r01.approver'), tm = await login('r01.manager');
  const me = JSON.parse(Buffer.from(tm.split('.')[1], 'base64url')).sub;
  await time(ta, '/dashboard/managers', 300);
  await time(tm, `/dashboard/managers/${me}`, 300);
  await time(ta, '/api/v1/managers', 300);
  await time(ta, '/api/v1/managers.csv', 300);
  if (!DIR) return;
  if (sql("SELECT COUNT(*) FROM orgs WHERE code = 'MRG'") === '0') {
    sql(`INSERT INTO orgs (kind, code, name_zh, name_en) VALUES ('region', 'MRG', '测区', 'Measure region');
      SET @r = LAST_INSERT_ID(); SET @h = (SELECT password_hash FROM users WHERE login = 'r01.manager');
      INSERT INTO users (login, display_name, org_id, password_hash, roles) SELECT CONCAT('mrg.m', seq),
        CONCAT('经理', seq), @r, @h, 'account_manager' FROM seq_1_to_200;
      INSERT INTO manager_dealers (manager_id, dealer_id) SELECT u.id, d.id FROM users u JOIN orgs d
        ON d.kind = 'dealer' WHERE u.login LIKE 'mrg.m%' AND MOD(d.id + CAST(SUBSTRING(u.login, 6) AS UNSIGNED) * 3, 42) = 0`);
  }
  const region = sql("SELECT id FROM orgs WHERE code = 'MRG'");
  console.log(`MRG: ${sql(`SELECT COUNT(*) FROM users WHERE org_id = ${region}`)} managers, ${sql(
    `SELECT COUNT(*) FROM manager_dealers m JOIN users u ON u.id = m.manager_id WHERE u.org_id = ${region}`)} assignments`);
  const th = await login('hq.key');
  await time(th, `/api/v1/managers?region=${region}`, 100);
  await time(th, `/dashboard/managers?region=${region}`, 100);
})();
