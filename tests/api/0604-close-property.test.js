// 0604: a property test of closing a month (issue #9, acceptance 2). Each round reopens this
// month (as the database's root; the app never does), then fires random postings (random
// dealers, kinds, amounts and posters, some reversals, random pauses) concurrently while
// the month closes at a random moment. Whatever the interleaving: every posting is answered
// and lands wholly in the month or wholly in the next; for every statement closing = opening
// + the sum of its entries, opening = everything before the month, and the month's entry
// count matches; the statements together equal the ledger up to the month; the reconciliation
// tally counts every statement once.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql, client, month, reopenMonth } = require('../lib/harness');

const { call } = client();
const RUN = Date.now().toString(36);
const ROUNDS = 4, POSTINGS = 48;
const P = month(0), NEXT = month(1);

// A small seeded generator, so that a failing round can be replayed from its seed.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkMonth(p, seed) {
  const rows = sql(`SELECT s.dealer_id, s.opening_balance, s.entries_total, s.closing_balance, s.entry_count,
      (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = s.dealer_id AND l.period = '${p}'),
      (SELECT COUNT(*) FROM ledger_entries l WHERE l.dealer_id = s.dealer_id AND l.period = '${p}'),
      (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.dealer_id = s.dealer_id AND l.period < '${p}')
    FROM statements s WHERE s.period = '${p}'`).map((r) => r.map(Number));
  assert.equal(rows.length, Number(sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer'")[0][0]), `seed ${seed}: a statement per dealer`);
  for (const [dealer, open, entries, closing, n, sumPeriod, countPeriod, sumBefore] of rows) {
    assert.equal(closing, open + entries, `seed ${seed}, dealer ${dealer}: closing = opening + entries`);
    assert.equal(entries, sumPeriod, `seed ${seed}, dealer ${dealer}: the month's entries`);
    assert.equal(n, countPeriod, `seed ${seed}, dealer ${dealer}: the month's entry count`);
    assert.equal(open, sumBefore, `seed ${seed}, dealer ${dealer}: opening = all before`);
  }
  const [[all, ledger]] = sql(`SELECT (SELECT COALESCE(SUM(closing_balance), 0) FROM statements WHERE period = '${p}'), (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE period <= '${p}')`);
  assert.equal(Number(all), Number(ledger), `seed ${seed}: the statements add up to the ledger`);
  const [[tally, statements]] = sql(`SELECT (SELECT COALESCE(SUM(n), 0) FROM statement_tally WHERE period = '${p}'), (SELECT COUNT(*) FROM statements WHERE period = '${p}')`);
  assert.equal(Number(tally), Number(statements), `seed ${seed}: the tally counts every statement`);
}

test.before(async () => {
  // a month before this one is closed, so this one may close again after each reopening
  if (Number(sql(`SELECT COUNT(*) FROM periods WHERE period < '${P}'`)[0][0]) === 0) {
    reopenMonth(P);
    assert.equal((await call('hq.finance', 'POST', `/api/v1/periods/${month(-1)}/close`)).status, 200);
  }
});

for (let round = 0; round < ROUNDS; round++) {
  const seed = (Date.now() + round * 7919) >>> 0;
  test(`round ${round + 1} (seed ${seed}): random postings racing the close`, async () => {
    const rand = rng(seed);
    const pick = (a) => a[Math.floor(rand() * a.length)];
    reopenMonth(P);
    const dealers = sql("SELECT d.id, r.code FROM orgs d JOIN orgs r ON r.id = d.region_id WHERE d.kind = 'dealer' AND r.code IN ('R01', 'R02', 'R03') ORDER BY d.id").map(([id, region]) => ({ id: Number(id), region }));
    const earlier = sql(`SELECT id FROM ledger_entries WHERE reverses_id IS NULL AND kind <> 'invoice' AND id NOT IN (SELECT reverses_id FROM ledger_entries WHERE reverses_id IS NOT NULL) AND reference LIKE 'PROP-%' ORDER BY id DESC LIMIT 20`).map((r) => Number(r[0]));
    const closeAt = Math.floor(rand() * POSTINGS);
    const refs = [];
    const jobs = [];
    let closed;
    for (let i = 0; i < POSTINGS; i++) {
      const d = pick(dealers);
      const who = d.region === 'R01' && rand() < 0.3 ? 'r01.clerk' : pick(['hq.finance', 'erp']);
      const kind = pick(['payment', 'fee', 'rebate', 'credit_note', 'adjustment']);
      const size = 1 + Math.floor(rand() * 5000000);
      const amount = kind === 'fee' ? size : kind === 'adjustment' ? (rand() < 0.5 ? size : -size) : -size;
      const ref = `PROP-${RUN}-${round}-${i}`;
      const delay = Math.floor(rand() * 30);
      refs.push(ref);
      jobs.push((async () => {
        await new Promise((r) => setTimeout(r, delay));
        return call(who, 'POST', `/api/v1/dealers/${d.id}/ledger`, { kind, amount, reference: ref, memo: `round ${round}` });
      })());
      if (i === closeAt) {
        closed = (async () => {
          await new Promise((r) => setTimeout(r, Math.floor(rand() * 30)));
          return call('hq.finance', 'POST', `/api/v1/periods/${P}/close`);
        })();
      }
      if (earlier.length > 0 && rand() < 0.1) {
        const e = earlier.pop();
        jobs.push(call('hq.finance', 'POST', `/api/v1/ledger/${e}/reverse`, { memo: `round ${round}` }));
      }
    }
    const answers = await Promise.all(jobs);
    assert.ok(answers.every((a) => a.status === 201), `seed ${seed}: ${answers.map((a) => a.status).join()}`);
    assert.equal((await closed).status, 200, `seed ${seed}: the close`);
    // every posting is in the ledger once, in the month or the next
    const got = sql(`SELECT period, COUNT(*) FROM ledger_entries WHERE reference LIKE 'PROP-${RUN}-${round}-%' GROUP BY period`);
    assert.equal(got.reduce((a, [, n]) => a + Number(n), 0), POSTINGS, `seed ${seed}: each posting once`);
    assert.ok(got.every(([p]) => p === P || p === NEXT), `seed ${seed}: ${got.map((g) => g.join(':')).join()}`);
    checkMonth(P, seed);
    // and as the API reads it, for a dealer that had postings
    const d = Number(sql(`SELECT dealer_id FROM ledger_entries WHERE reference LIKE 'PROP-${RUN}-${round}-%' LIMIT 1`)[0][0]);
    const s = await (await call('hq.finance', 'GET', `/api/v1/dealers/${d}/statements/${P}`)).json();
    assert.equal(s.closing_balance, s.opening_balance + s.entries.reduce((a, e) => a + e.amount, 0), `seed ${seed}: the API's statement adds up`);
  });
}
