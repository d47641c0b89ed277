// service-net.js: a service network of the test's own, written with SQL as the database's root
// (providers' administration is another slice's API): a city at known coordinates, providers
// in it at known coordinates with their lines, capacity and load, and jobs inserted as filed.
'use strict';
const { sql } = require('./harness');

const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

// A city of the network at lat, lng (degrees).
function city(name, lat, lng) {
  sql(`INSERT INTO service_cities (city, lat_e6, lng_e6) VALUES (${q(name)}, ${Math.round(lat * 1e6)}, ${Math.round(lng * 1e6)})
    ON DUPLICATE KEY UPDATE lat_e6 = VALUES(lat_e6), lng_e6 = VALUES(lng_e6)`);
}

// A provider org under region (its code, e.g. 'R01') serving city for lines (category codes);
// its org id.
function provider({ code, name, region = 'R01', cityName, lat, lng, lines = ['fridge'], capacity = 5, open = 0, active = 1 }) {
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city, active)
    SELECT 'provider', ${q(code)}, ${q(name)}, ${q(name)}, r.id, ${q(cityName)}, ${active} FROM orgs r WHERE r.code = ${q(region)}`);
  const [[id]] = sql(`SELECT id FROM orgs WHERE code = ${q(code)}`);
  sql(`INSERT INTO providers (org_id, lat_e6, lng_e6, capacity, open_jobs) VALUES (${id}, ${Math.round(lat * 1e6)}, ${Math.round(lng * 1e6)}, ${capacity}, ${open})`);
  for (const l of lines) {
    sql(`INSERT INTO provider_areas (city, category_id, provider_id) SELECT ${q(cityName)}, c.id, ${id} FROM categories c WHERE c.code = ${q(l)}`);
  }
  return Number(id);
}

// n waiting jobs of dealer (its code) in cityName at lat, lng, as if filed now (due now unless
// dueSql says otherwise); their ids.
function jobs({ n, dealer = 'D0001', cityName, lat, lng, line = 'fridge', tag, due = 'UTC_TIMESTAMP(6)' }) {
  sql(`INSERT INTO service_jobs (number, dealer_id, region_id, kind, category_id, customer_name, customer_phone,
      customer_address, city, lat_e6, lng_e6, fault, status, dispatch_at, filed_by, filed_at, idem_key, request_hash)
    SELECT CONCAT('SJ-T-', ${q(tag)}, '-', s.seq), d.id, d.region_id, 'repair', c.id, 'Test', '1', 'Test road',
      ${q(cityName)}, ${Math.round(lat * 1e6)}, ${Math.round(lng * 1e6)}, 'test', 'waiting', ${due},
      (SELECT id FROM users WHERE org_id = d.id ORDER BY id LIMIT 1), UTC_TIMESTAMP(6), CONCAT(${q(tag)}, s.seq), REPEAT('0', 64)
    FROM orgs d JOIN categories c ON c.code = ${q(line)} JOIN seq_1_to_${n} s WHERE d.code = ${q(dealer)}`);
  return sql(`SELECT id FROM service_jobs WHERE number LIKE CONCAT('SJ-T-', ${q(tag)}, '-%') ORDER BY id`).map((r) => Number(r[0]));
}

// The job's state as rows: status, provider, version.
function job(number) {
  const [r] = sql(`SELECT status, COALESCE(provider_id, 0), unplaced_at IS NOT NULL, version, id FROM service_jobs WHERE number = ${q(number)}`);
  return { status: r[0], provider: Number(r[1]), unplaced: r[2] === '1', version: Number(r[3]), id: Number(r[4]) };
}

// A decline as the provider's answer does it (that answer is another slice's API): the offer
// declined, the job waiting again with no holder, the slot back.
function decline(number) {
  const j = job(number);
  sql(`UPDATE service_offers SET outcome = 'declined', answered_at = UTC_TIMESTAMP(6), reason = 'busy'
      WHERE job_id = ${j.id} AND provider_id = ${j.provider} AND outcome = 'pending';
    UPDATE service_jobs SET status = 'waiting', provider_id = NULL, offer_due = NULL, dispatch_at = UTC_TIMESTAMP(6),
      version = version + 1 WHERE id = ${j.id} AND status = 'offered';
    UPDATE providers SET open_jobs = open_jobs - 1 WHERE org_id = ${j.provider}`);
}

module.exports = { city, provider, jobs, job, decline, q };
