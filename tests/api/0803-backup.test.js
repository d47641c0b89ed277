// 0803: a hot backup (mariadb-backup) taken while orders come in, restored
// into a fresh data directory: every order, ledger entry and complaint is there.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { ROOT, BASE, DIR, login, sql, later } = require('../lib/harness');

// Per table: the columns that never change once a row is written ('*': all
// of them), and the growing id that tells the rows there before the backup.
const TABLES = {
  orders: { id: 'id', cols: 'id, number, dealer_id, total, requested_date, ship_to, note, ' +
    'created_by, created_at' },
  order_lines: { id: 'order_id', cols: '*' },
  ledger_entries: { id: 'id', cols: '*' },
  complaints: { id: 'id', cols: 'id, number, dealer_id, region_id, category, subject, ' +
    'description, filed_by, filed_at' },
};

// Row count and a checksum of every row up to the highest id seen now (every column as its
// bytes: columns of several collations cannot be joined as text).
function digest(run, table, maxId) {
  const { id, cols } = TABLES[table];
  return run(`SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', ${cols}))), 0) ` +
    `FROM ${table} WHERE ${id} <= ${maxId}`)[0].join(' ');
}

function columns(table) {
  return sql(`SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'dealernet' ` +
    `AND TABLE_NAME = '${table}' ORDER BY ORDINAL_POSITION`).map((r) => `CAST(${r[0]} AS BINARY)`).join(', ');
}

test('a backup taken under writes, restored into a fresh directory, holds every row', async (t) => {
  for (const table of Object.keys(TABLES))
    if (TABLES[table].cols === '*') TABLES[table].cols = columns(table);
  const token = (await login('d0001.buyer')).access_token;
  const maxIds = {};
  const before = {};
  for (const table of Object.keys(TABLES)) {
    maxIds[table] = Number(sql(`SELECT COALESCE(MAX(${TABLES[table].id}), 0) FROM ${table}`)[0][0]);
    before[table] = digest(sql, table, maxIds[table]);
  }
  assert.ok(maxIds.orders > 0 && maxIds.ledger_entries > 0 && maxIds.complaints > 0);

  // orders keep coming while the backup runs
  let writing = true;
  let written = 0;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const res = await fetch(`${BASE}/api/v1/orders`, { method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
          'Idempotency-Key': `backup-${Date.now()}-${i}` },
        body: JSON.stringify({ lines: [{ product: 'LE-2005', quantity: 1,
          options: { screen_in: '55', panel: 'led' } }], requested_date: later(),
        ship_to: '北京市朝阳区建国路 1 号', note: 'during the backup' }) });
      assert.equal(res.status, 201);
      await res.arrayBuffer();
      written++;
    }
  })();
  const dest = path.join(DIR, 'backups', `test-${Date.now()}`);
  const fresh = path.join(DIR, 'restored');
  // the backup runs beside the writer (asynchronously), not instead of it
  const writtenBefore = written;
  const backup = await promisify(execFile)(path.join(ROOT, 'deploy/local/backup.sh'),
    ['backup', DIR, dest]).catch((e) => e);
  const during = written - writtenBefore;
  writing = false;
  await writer;
  if (backup instanceof Error) throw backup;
  assert.ok(during > 0, 'orders were written while the backup ran');
  assert.ok(fs.existsSync(path.join(dest, 'xtrabackup_checkpoints')));

  // restore into a directory that has never held a database, and start it
  fs.rmSync(fresh, { recursive: true, force: true });
  const stackSh = path.join(ROOT, 'deploy/local/stack.sh');
  execFileSync(path.join(ROOT, 'deploy/local/backup.sh'), ['restore', dest, fresh],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync(stackSh, ['db-start', fresh], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const restored = (q) => execFileSync('mariadb', [`--defaults-file=${path.join(fresh, 'my.cnf')}`,
      '-u', 'root', '-N', '-B', 'dealernet', '-e', q], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((l) => l.split('\t'));
    for (const table of Object.keys(TABLES))
      assert.equal(digest(restored, table, maxIds[table]), before[table], `${table} as before the backup`);
    // and the orders that came in during the backup are whole: each with its lines
    const orphans = restored('SELECT COUNT(*) FROM orders o WHERE NOT EXISTS ' +
      '(SELECT 1 FROM order_lines l WHERE l.order_id = o.id)')[0][0];
    assert.equal(orphans, '0');
    t.diagnostic(`restored ${Object.entries(maxIds).map(([k]) => `${k} ${before[k].split(' ')[0]}`)
      .join(', ')}; ${during} orders written while the backup ran`);
  } finally {
    execFileSync(stackSh, ['db-stop', fresh]);
    fs.rmSync(fresh, { recursive: true, force: true });
    fs.rmSync(dest, { recursive: true, force: true });
  }
});
