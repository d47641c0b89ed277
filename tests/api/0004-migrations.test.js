// 0004: migrations apply once, are recorded with a checksum, and a changed
// applied file is refused.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, DIR, APP, sql } = require('../lib/harness');

function migrate(dir) {
  return spawnSync(APP, ['migrate'], {
    env: { ...process.env, DEALERNET_CONF: path.join(DIR, 'dealernet.conf'),
      ...(dir ? { DEALERNET_MIGRATIONS_DIR: dir } : {}) },
    encoding: 'utf8',
  });
}

test('running migrate again applies nothing new', () => {
  const r = migrate();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /migrations: 0 applied now, \d+ in all/);
});

test('an applied migration whose text changed is refused', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealernet-mig-'));
  try {
    const src = path.join(ROOT, 'migrations');
    for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(tmp, f));
    const first = fs.readdirSync(tmp).sort()[0];
    fs.appendFileSync(path.join(tmp, first), '\n-- edited after it was applied\n');
    const r = migrate(tmp);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`${first} was changed after it was applied`));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a badly named migration file is refused', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealernet-mig-'));
  try {
    fs.writeFileSync(path.join(tmp, 'add-things.sql'), 'SELECT 1;');
    const r = migrate(tmp);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /want NNNN_name\.sql/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// Galera certifies every unique key of an inserted row unless it is NULL in
// every part: a key (dealer_id, idem_key) of rows written without a key is
// then one key for all of a dealer's rows, and two such inserts committed
// on two nodes at once fail (1213).  Migration 0059 made each such key one
// column that is NULL when any part is; this keeps new ones out.
test('no unique key mixes NULL-able and NOT NULL columns (a Galera hot key)', () => {
  const rows = sql(
    "SELECT s.table_name, s.index_name, GROUP_CONCAT(CONCAT(s.column_name, IF(c.is_nullable = 'YES', '?', '')) " +
    'ORDER BY s.seq_in_index) FROM information_schema.statistics s JOIN information_schema.columns c ' +
    'ON c.table_schema = s.table_schema AND c.table_name = s.table_name AND c.column_name = s.column_name ' +
    "WHERE s.table_schema = DATABASE() AND s.non_unique = 0 GROUP BY s.table_name, s.index_name " +
    "HAVING SUM(c.is_nullable = 'YES') BETWEEN 1 AND COUNT(*) - 1");
  assert.deepEqual(rows, [], `unique keys with some NULL-able parts: ${rows.map((r) => r.join(' ')).join('; ')}`);
});
