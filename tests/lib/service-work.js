// service-work.js: a provider and a job offered to it, made in SQL for the tests of a job's
// work (tests/api/2121, tests/browser/2121), which do not depend on the demo's providers or
// on the dispatcher.
'use strict';
const { sql } = require('./harness');

// unique to this process: the clock's last digits and the pid's
const RUN = Date.now().toString(36).slice(-5) + (process.pid % 1296).toString(36).padStart(2, '0');
let n = 0;

// A provider of region R01 in Beijing (open 08:00-20:00 every day, 5 slots) with one agent,
// <code>.agent, whose password is the demo's (copied from r01.agent).
function provider(tag, region = 'R01') {
  const code = `PT${RUN}${tag}`.toUpperCase();
  sql(`INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city) SELECT 'provider', '${code}',
    '测试服务商${tag}', 'Test provider ${tag}', id, '北京' FROM orgs WHERE code = '${region}'`);
  const [[id]] = sql(`SELECT id FROM orgs WHERE code = '${code}'`);
  sql(`INSERT INTO providers (org_id, address, phone, lat_e6, lng_e6, capacity, days, opens, closes)
    VALUES (${id}, '北京市东城区', '010-12345678', 39904200, 116407400, 5, 'mon,tue,wed,thu,fri,sat,sun',
    '08:00:00', '20:00:00')`);
  const login = `${code.toLowerCase()}.agent`;
  sql(`INSERT INTO users (login, display_name, org_id, password_hash, roles) SELECT '${login}',
    'Agent ${tag}', ${id}, password_hash, 'provider_agent' FROM users WHERE login = 'r01.agent'`);
  return { id: Number(id), login };
}

// A repair job of dealer D0001 (a fridge in Beijing) offered to p, as the dispatcher leaves
// it: status offered, the pending offer, a capacity slot taken.
function offered(p, phone = `139${String(Date.now()).slice(-8)}`) {
  const number = `SJ-T${RUN}-${++n}`;
  sql(`INSERT INTO service_jobs (number, dealer_id, region_id, kind, category_id, customer_name,
    customer_phone, customer_address, city, lat_e6, lng_e6, model, serial, fault, status, provider_id,
    offered_at, offer_due, first_offered_at, filed_by, filed_at, idem_key, request_hash)
    SELECT '${number}', d.id, d.region_id, 'repair', c.id, '王先生', '${phone}', '北京市朝阳区建国路 88 号',
    '北京', 39908000, 116460000, 'BCD-520', 'SN${RUN}${n}', '冰箱不制冷', 'offered', ${p.id},
    UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 15 MINUTE, UTC_TIMESTAMP(6), u.id, UTC_TIMESTAMP(6),
    '${number}', REPEAT('0', 64) FROM orgs d JOIN categories c ON c.code = 'fridge'
    JOIN users u ON u.login = 'd0001.buyer' WHERE d.code = 'D0001'`);
  sql(`INSERT INTO service_offers (job_id, round, provider_id, distance_m, offered_at, due)
    SELECT id, 0, ${p.id}, 5200, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 15 MINUTE
    FROM service_jobs WHERE number = '${number}'`);
  sql(`UPDATE providers SET open_jobs = open_jobs + 1 WHERE org_id = ${p.id}`);
  return { number, phone };
}

// Tomorrow's date in China, where the visits are.
const tomorrow = () => new Date(Date.now() + 32 * 3600 * 1000).toISOString().slice(0, 10);

module.exports = { provider, offered, tomorrow };
