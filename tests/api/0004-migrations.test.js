// 0004: migrations apply once, are recorded with a checksum, and a changed
// applied file is refused.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, DIR, APP } = require('../lib/harness');

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
