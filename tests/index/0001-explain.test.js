// index/0001: every list and report query is index-backed.
// The stack gets the bench data set (5,000 dealers, 600 managers, 20,000 orders), the
// general log records what the app executes while every list is read as every kind of
// caller, and each logged SELECT runs again under ANALYZE (EXPLAIN that also executes):
// a full table scan of more than 1,000 rows, or any one table read for more than 1,000
// rows (an index walked end to end while filtering counts too), fails the test.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { cli, sql, client } = require('../lib/harness');

const { call } = client();
const MANY = 1000;	// rows a full scan may read before it counts as a scan of a large table

test.before(() => {
  cli(['seed', 'bench', '--orders', '20000']);
  cli(['seed', 'providers']);	// the service network's 5,000 providers in 300 cities
  auditTrail(40000);
});

// Service jobs waiting in the bench cities, due only by an injected clock (so the app's own
// dispatcher leaves them to `dealernetd dispatch --now=`, whose queries the log then holds).
function serviceJobs(n) {
  sql(`INSERT INTO service_jobs (number, dealer_id, region_id, kind, category_id, customer_name, customer_phone,
      customer_address, city, lat_e6, lng_e6, fault, status, dispatch_at, filed_by, filed_at, idem_key, request_hash)
    SELECT CONCAT('SJ-IDX-', s.seq), d.id, d.region_id, 'repair', 1 + s.seq % 5, 'Index', '1', 'Index road', c.city,
      c.lat_e6, c.lng_e6, 'index check', 'waiting', UTC_TIMESTAMP(6) + INTERVAL 7 DAY,
      (SELECT MIN(id) FROM users WHERE org_id = d.id), UTC_TIMESTAMP(6), CONCAT('idx-', s.seq), REPEAT('0', 64)
    FROM seq_1_to_${n} s JOIN (SELECT city, lat_e6, lng_e6, ROW_NUMBER() OVER (ORDER BY city) - 1 AS rn
      FROM service_cities) c ON c.rn = s.seq % 300
    JOIN orgs d ON d.code = (SELECT o.code FROM orgs o JOIN users u ON u.org_id = o.id WHERE u.login = 'bench.b00001')
    WHERE NOT EXISTS (SELECT 1 FROM service_jobs x WHERE x.number = CONCAT('SJ-IDX-', s.seq))`);
}

// An audit trail of n changes (issue #24), written as audit/audit.c writes them: a quarter
// about D0001 (so that its dealer's, region's and chain's admins each have thousands of rows),
// the rest spread over every dealer, by three actors in turn; each row reaches its dealer,
// the dealer's region and its chain (audit_reach).
function auditTrail(n) {
  if (Number(sql("SELECT COUNT(*) FROM audit_log WHERE request_id = 'idx-audit'")[0][0]) > 0) return;
  const [[d1]] = sql("SELECT COUNT(*) FROM orgs WHERE kind = 'dealer' AND id < (SELECT id FROM orgs WHERE code = 'D0001')");
  sql(`INSERT INTO audit_log (at, actor_user_id, actor_org_id, org_id, action, object_type, object_id, request_id,
      details)
    SELECT UTC_TIMESTAMP(6) - INTERVAL s.seq SECOND, u.id, u.org_id, d.id, 'dealer.credit_limit', 'org', d.id,
      'idx-audit', JSON_OBJECT('credit_limit_before', s.seq, 'credit_limit', s.seq + 1)
    FROM seq_1_to_${n} s
    JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn, COUNT(*) OVER () AS n FROM orgs
      WHERE kind = 'dealer') d ON d.rn = IF(s.seq % 4 = 0, ${d1}, s.seq % d.n)
    JOIN (SELECT id, org_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM users
      WHERE login IN ('admin', 'hq.finance', 'r01.clerk')) u ON u.rn = s.seq % 3`);
  for (const col of ['o.id', 'o.region_id', 'o.chain_id'])
    sql(`INSERT IGNORE INTO audit_reach (org_id, at, audit_id, actor_user_id)
      SELECT ${col}, a.at, a.id, a.actor_user_id FROM audit_log a JOIN orgs o ON o.id = a.org_id
      WHERE a.request_id = 'idx-audit' AND ${col} IS NOT NULL`);
  sql('ANALYZE TABLE audit_log, audit_reach');
}

// Read every list, first page and a cursor page, as who.
async function walk(who, paths) {
  for (const p of paths) {
    const res = await call(who, 'GET', p);
    assert.ok(res.status === 200, `${who} ${p}: ${res.status}`);
    const ct = res.headers.get('content-type') || '';
    if (!ct.startsWith('application/json')) continue;
    const j = await res.json();
    if (j.next_cursor && j.items) {
      const sep = p.includes('?') ? '&' : '?';
      const next = await call(who, 'GET', `${p}${sep}after=${encodeURIComponent(j.next_cursor)}`);
      assert.equal(next.status, 200, `${who} ${p} page 2`);
    }
  }
}

test('every list and report query uses an index on the large tables', async () => {
  const [[order]] = sql("SELECT o.number FROM orders o JOIN users u ON u.org_id = o.dealer_id WHERE u.login = 'bench.b00001' ORDER BY o.id DESC LIMIT 1");
  // an order waiting in bench.a01's region (its page shows the credit panel), and its dealer
  const [[waiting, dealer]] = sql("SELECT o.number, o.dealer_id FROM orders o JOIN users u ON u.org_id = o.region_id WHERE u.login = 'bench.a01' AND o.status = 'submitted' ORDER BY o.id DESC LIMIT 1");
  const today = new Date().toISOString().slice(0, 10);
  const ahead = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
  const lists = ['/api/v1/orders?limit=20', '/api/v1/orders?status=shipped&limit=20',
    `/api/v1/deliveries?from=${today}&to=${ahead}`, '/api/v1/deliveries?late=true',
    '/api/v1/dealers?limit=20', '/api/v1/credit?limit=20', '/api/v1/complaints', '/api/v1/complaints?sort=due',
    '/complaints', '/api/v1/news', '/news', '/api/v1/promotions/current', '/', '/api/v1/products?limit=20', '/api/v1/products?category=tv&q=LE',
    '/orders', '/catalogue', '/api/v1/orders?po=IDX-PO-1', '/orders?po=IDX-PO-1',
    '/api/v1/returns?limit=20', '/api/v1/returns?status=requested&limit=20', '/returns',
    // the exports read every page of their list, each by the list's index (issue #24)
    '/api/v1/orders.csv', '/api/v1/orders.csv?status=shipped', `/api/v1/deliveries.csv?from=${today}&to=${ahead}`,
    '/api/v1/complaints.csv', '/api/v1/complaints.csv?status=open', '/api/v1/sellthrough.csv'];
  // a closed month, so that the statements and the overview have rows
  const P = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  if (Number(sql(`SELECT COUNT(*) FROM periods WHERE period = '${P}'`)[0][0]) === 0) {
    const res = await call('hq.finance', 'POST', `/api/v1/periods/${P}/close`);
    assert.equal(res.status, 200, 'close');
  }
  // a PO number on one of bench.b00001's orders, and an address in its book (issue #23)
  sql(`UPDATE orders SET po_number = 'IDX-PO-1' WHERE number = '${order}' AND po_number IS NULL`);
  sql(`INSERT INTO ship_to_addresses (dealer_id, name, contact, phone, address, is_default, created_by)
    SELECT u.org_id, 'Index dock', 'Index', '010 1234', 'Index road 1', 0, u.id FROM users u
    WHERE u.login = 'bench.b00001' AND NOT EXISTS (SELECT 1 FROM ship_to_addresses a WHERE a.dealer_id = u.org_id)`);
  // returns of the bench's delivered orders (issue #23), in every status, so that their lists
  // have rows to read by an index
  sql(`INSERT IGNORE INTO returns (number, order_id, dealer_id, region_id, chain_id, status, reason, amount,
      created_by) SELECT CONCAT('RMA-IDX-', o.id), o.id, o.dealer_id, o.region_id, o.chain_id,
      ELT(1 + o.id % 5, 'requested', 'approved', 'refused', 'received', 'cancelled'), 'index check', 0,
      (SELECT MIN(id) FROM users) FROM orders o WHERE o.status IN ('shipped', 'delivered', 'closed')
    ORDER BY o.id DESC LIMIT 5000`);
  // a line in bench.b00001's draft, so that its draft weighs the dealer's credit (issue #24)
  const line = await call('bench.b00001', 'POST', '/api/v1/draft/lines', { product: 'XQG-2002', quantity: 1,
    options: { capacity_kg: 7, loading: 'front' } });
  assert.ok([200, 201].includes(line.status), `a draft line: ${line.status}`);
  sql("SET GLOBAL log_output = 'TABLE'");
  sql('TRUNCATE mysql.general_log');
  sql('SET GLOBAL general_log = 1');
  try {
    const [[own]] = sql("SELECT org_id FROM users WHERE login = 'bench.b00001'");
    await walk('bench.b00001', [...lists, `/api/v1/orders/${order}`, `/orders/${order}`,
      `/api/v1/orders/${order}/shipments`, '/api/v1/draft', '/draft',
      `/api/v1/dealers/${own}/ledger`, `/api/v1/dealers/${own}/ledger?kind=fee`, `/api/v1/dealers/${own}/fees`,
      `/api/v1/dealers/${own}/open-items`, `/api/v1/dealers/${own}/ledger.csv`, `/dealers/${own}/ledger`,
      '/api/v1/statements', `/api/v1/dealers/${own}/statements`, `/api/v1/dealers/${own}/statements/${P}`,
      `/dealers/${own}/statements/${P}`, '/statements', `/api/v1/dealers/${own}/sellthrough`, '/sellthrough',
      '/api/v1/addresses', '/addresses', '/my-credit', `/api/v1/dealers/${own}/credit/outlook?order_value=100000`,
      `/api/v1/dealers/${own}/credit/orders?limit=20`]);
    await walk('hq.finance', ['/api/v1/statements?limit=50', '/api/v1/statements?status=open', '/statements',
      '/statements?status=confirmed', '/api/v1/kpis', '/api/v1/kpis/dealers', '/api/v1/kpis/dealers?sort=share',
      '/api/v1/kpis/trend', '/dashboard', `/dashboard/dealers/${dealer}`, `/api/v1/dealers/${dealer}/tier`,
      '/api/v1/inventory', '/api/v1/inventory?warehouse=WH-BJ', '/inventory']);
    await walk('bench.a01', [...lists, '/api/v1/approvals', '/api/v1/approvals?sort=value', '/approvals',
      '/api/v1/statements', '/api/v1/statements?status=open', '/statements',
      `/orders/${waiting}`, `/api/v1/dealers/${dealer}/credit`, `/api/v1/dealers/${dealer}/credit/outlook`,
      `/api/v1/dealers/${dealer}/credit/orders`, '/dashboard', `/api/v1/dealers/${dealer}/kpis`,
      `/api/v1/orders?dealer=${dealer}&limit=20`, `/api/v1/orders.csv?dealer=${dealer}`,
      `/api/v1/sellthrough.csv?dealer=${dealer}`]);
    await walk('bench.m0001', [...lists, '/api/v1/draft']);
    // a chain of 20 branches (bench.c001, issue #23), and the demo's Walmart China over 26:
    // their lists, a branch's order, statements and ledger, and the lists filtered by branch
    const [[branch, branchOrder]] = sql("SELECT o.dealer_id, o.number FROM orders o JOIN users u ON u.org_id = o.chain_id WHERE u.login = 'bench.c001' ORDER BY o.id DESC LIMIT 1");
    const chainPaths = [...lists, `/api/v1/orders/${branchOrder}`, `/orders/${branchOrder}`,
      `/api/v1/orders?dealer=${branch}&limit=20`, '/api/v1/statements', '/statements',
      `/api/v1/dealers/${branch}/statements`, `/api/v1/dealers/${branch}/ledger`, '/api/v1/draft', '/draft',
      '/api/v1/kpis/dealers', '/api/v1/kpis/trend', '/dashboard', '/api/v1/templates', '/api/v1/favourites',
      `/api/v1/addresses?dealer=${branch}`, `/addresses?dealer=${branch}`, `/api/v1/orders?dealer=${branch}&po=IDX-PO-1`,
      '/my-credit', `/my-credit/${branch}`, `/api/v1/dealers/${branch}/credit/orders?limit=20`, `/draft?dealer=${branch}`];
    await walk('bench.c001', chainPaths);
    await walk('c0001.buyer', [...lists, '/api/v1/statements', '/my-credit']);
    await walk('admin', [...lists, '/api/v1/users?limit=20', '/api/v1/orgs?limit=20', '/api/v1/promotions',
      '/users', '/orgs', '/admin/products', '/admin/promotions', '/credit', '/admin/news', '/api/v1/news?all=true',
      '/complaints/figures', '/api/v1/complaints/figures?by=dealer']);
    // service: figures, as HQ, a region, a dealer and a provider (its parts and calls by their own key)
    const figures = ['/api/v1/service/figures', '/api/v1/service/figures?by=line', '/api/v1/service/figures?by=provider',
      '/api/v1/service/figures.csv', '/service/figures'];
    await walk('admin', figures);
    await walk('bench.a01', figures);
    await walk('bench.b00001', figures);
    await walk('p0101.agent', figures);
    await walk('hq.key', [...lists, '/api/v1/approvals', '/api/v1/approvals?sort=value', '/approvals']);
    await walk('erp', ['/api/v1/feed?limit=100', '/api/v1/orders?limit=20']);
    await walk('d0001.admin', ['/api/v1/users', '/users']);
    // an invoice as a document (its lines by the entry's shipment, return or order), and a
    // dealer's invoice profile (issue #24)
    const [[inv, invDealer]] = sql("SELECT e.id, e.dealer_id FROM ledger_entries e JOIN orgs d ON d.id = e.dealer_id " +
      "WHERE d.code = 'D0001' AND e.kind = 'invoice' ORDER BY e.id LIMIT 1");
    await walk('admin', [`/api/v1/invoices/${inv}`, `/invoices/${inv}`,
      `/api/v1/dealers/${invDealer}/invoice-profile`, `/invoice-profile?dealer=${invDealer}`]);
    await walk('d0001.finance', [`/api/v1/invoices/${inv}`, '/invoice-profile']);
    // the audit trail (issue #24), as HQ's admin and as a region's, a chain's and a dealer's
    // admin: whole, by actor, by object, by both, by period; the page; a small object's CSV
    const [[d1]] = sql("SELECT id FROM orgs WHERE code = 'D0001'");
    const [[d1admin]] = sql("SELECT id FROM users WHERE login = 'd0001.admin'");
    const day = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
    const trail = ['/api/v1/audit?limit=20', '/api/v1/audit?actor=hq.finance&limit=20',
      `/api/v1/audit?object_type=org&object_id=${d1}&limit=20`,
      `/api/v1/audit?object_type=org&object_id=${d1}&actor=r01.clerk&limit=20`,
      `/api/v1/audit?from=${day}&to=${day}&limit=20`, `/api/v1/audit?from=${day}&actor=admin&limit=20`,
      `/api/v1/audit?object_type=user&object_id=${d1admin}`, `/api/v1/audit.csv?object_type=user&object_id=${d1admin}`,
      '/audit', `/audit?object_type=org&object_id=${d1}&limit=20`];
    for (const who of ['admin', 'r01.admin', 'c0001.admin', 'd0001.admin']) await walk(who, trail);
    // the search box (issue #24): numbers exactly and by a prefix, a PO number, a waybill, a
    // complaint's number, Chinese and English words, a model; as a dealer, a region, an
    // account manager, a chain and HQ, by their own indexes
    const [[waybill]] = sql("SELECT e.waybill FROM order_events e JOIN orders o ON o.id = e.order_id " +
      "JOIN users u ON u.org_id = o.dealer_id WHERE u.login = 'bench.b00001' AND e.waybill IS NOT NULL " +
      "ORDER BY e.id DESC LIMIT 1");
    const [[complaintNo]] = sql("SELECT c.number FROM complaints c JOIN users u ON u.org_id = c.region_id " +
      "WHERE u.login = 'bench.a01' ORDER BY c.id DESC LIMIT 1");
    const searches = [order, order.slice(0, 12), 'SO-', 'IDX-PO-1', 'IDX-PO', waybill || 'SF0000000001',
      (waybill || 'SF0000000001').slice(0, 8), complaintNo, 'CP-', '漏水', '冰箱门', '门', 'door leaks',
      '冰箱门关不上有漏水现象请尽快处理', 'XQG-2002', 'XQG'].map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`);
    searches.push(`/search?q=${encodeURIComponent('漏水')}`, '/api/v1/search?q=SO-&page=3');
    for (const who of ['bench.b00001', 'bench.a01', 'bench.m0001', 'bench.c001', 'c0001.buyer', 'admin']) {
      await walk(who, searches);
    }
    // service jobs: the dispatcher's pass (claim, candidates by the (city, line) range of
    // provider_areas, never all providers; lapses), then the lists as each kind of caller
    serviceJobs(60);
    const week = new Date(Date.now() + 7 * 86400000 + 60000).toISOString().replace(/\.\d+Z$/, 'Z');
    cli(['dispatch', `--now=${week}`]);
    const lapse = new Date(Date.now() + 7 * 86400000 + 20 * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
    cli(['dispatch', `--now=${lapse}`]);
    const [[job]] = sql("SELECT number FROM service_jobs WHERE number LIKE 'SJ-IDX-%' ORDER BY id DESC LIMIT 1");
    const service = ['/api/v1/service-jobs?limit=20', '/api/v1/service-jobs?status=waiting&limit=20',
      '/api/v1/service-jobs?status=offered&limit=20', '/service', `/api/v1/service-jobs/${job}`, `/service/${job}`];
    await walk('bench.b00001', service);
    await walk('bench.a01', service);
    await walk('admin', service);
    // service: providers, all and a region's, and a city's with a line
    await walk('admin', ['/api/v1/providers?limit=20', '/providers', '/api/v1/providers?category=tv&limit=20']);
    await walk('r01.agent', ['/api/v1/providers', '/providers',
      `/api/v1/providers?city=${encodeURIComponent('北京')}&category=tv`]);
  } finally {
    sql('SET GLOBAL general_log = 0');
  }
  // The log shows a statement with its values the first time a connection runs it, with
  // its placeholders after; EXPLAIN needs the values, and every statement run has them once.
  const queries = [...new Set(sql("SELECT DISTINCT REPLACE(REPLACE(CONVERT(argument USING utf8mb4), '\\n', ' '), '\\t', ' ') FROM mysql.general_log WHERE command_type = 'Execute' AND argument LIKE 'SELECT%'").map((r) => r[0]))]
    .filter((q) => !/(^|[=(, ])\?( |,|\)|$)/.test(q));
  assert.ok(queries.length > 20, `only ${queries.length} queries logged`);
  const scans = [];
  for (const q of queries) {
    for (const row of sql(`ANALYZE ${q}`)) {
      const [, , table, type, , key, , , rows, rRows] = row;
      if (table.startsWith('<')) continue;
      // HQ's report of every dealer reads every dealer: the monthly summary over the months
      // asked (its size is dealers x months: that is what it is for), and the dealers by tier
      // from an index; make bench times the dashboard on the large data set
      // HQ's service figures read the jobs filed in the months asked, by the filing index, with
      // their offers, parts and calls by job: that many rows is the report
      const summary = (table === 'k' && / FROM kpi_month k /.test(q)) ||
        (/^SELECT STRAIGHT_JOIN .* FROM service_jobs j FORCE INDEX \(service_jobs_filed\) /.test(q) &&
          (table === 'j' ? key === 'service_jobs_filed' : type !== 'ALL')) ||
        (table === 'd' && /^SELECT COALESCE\(d\.tier/.test(q) && type !== 'ALL') ||
        // so do HQ's complaint figures: every complaint filed in the months asked, by filing
        (/ FROM complaints c FORCE INDEX \(complaints_filed\) /.test(q) &&
          (table === 'c' ? key === 'complaints_filed' : type !== 'ALL'));
      if ((type === 'ALL' && Number(rows) > MANY && !summary) || (Number(rRows) > MANY && !summary)) {
        scans.push(`${table} (${type}, key ${key}, ${rows} rows planned, ${rRows} read): ${q.slice(0, 300)}`);
      }
    }
  }
  assert.equal(scans.length, 0, `full scans:\n${[...new Set(scans)].slice(0, 5).join('\n')}`);
});
