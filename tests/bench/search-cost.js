// search-cost.js: what indexing costs a complaint's filing and a reply (issue #24's search):
// the median of 30 POST /api/v1/complaints and 30 replies, with a short text, 3,900 bytes of
// repeated Chinese and 1,300 distinct characters (the cap of 1,024 terms). Against a demo stack:
//   node tests/bench/search-cost.js http://127.0.0.1:PORT
'use strict';
const BASE = process.argv[2];
const login = async (u) => (await (await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST',
  headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: u, password: 'dealernet-demo' }) })).json()).access_token;
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
(async () => {
  const tb = await login('d0003.buyer').catch(() => null) || await login('d0001.buyer');
  const ta = await login('r01.agent');
  const words = '冰箱门关不上有漏水现象请尽快派人检查空调外机噪音很大制冷效果差洗衣机底部漏水地板已经湿了订单延迟三天仍未送达客户很着急安装人员没有按约定时间上门需要重新预约发票上的金额与订单不一致请核对';
  let long = '';
  while (Buffer.byteLength(long + words) <= 3990) long += words;
  long = long.slice(0, 1330);
  // the worst: every character another, 1,024 distinct terms (the cap) and more
  let rnd = '';
  for (let i = 0; i < 1300; i++) rnd += String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 20000));
  const out = {};
  for (const [name, desc] of [['short', '冰箱需要检查'], ['long', long], ['distinct', rnd]]) {
    const f = [], r = [];
    for (let i = 0; i < 30; i++) {
      let t = process.hrtime.bigint();
      const res = await fetch(`${BASE}/api/v1/complaints`, { method: 'POST', headers: { Authorization: `Bearer ${tb}`,
        'Content-Type': 'application/json', 'Idempotency-Key': `cost-${Date.now()}-${name}-${i}` },
      body: JSON.stringify({ category: 'other', severity: 'normal', subject: `测量 ${i}`, description: desc }) });
      f.push(Number(process.hrtime.bigint() - t) / 1e6);
      const c = await res.json();
      if (res.status !== 201) throw new Error(JSON.stringify(c));
      t = process.hrtime.bigint();
      const m = await fetch(`${BASE}/api/v1/complaints/${c.number}/messages`, { method: 'POST',
        headers: { Authorization: `Bearer ${ta}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: desc }) });
      r.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (m.status !== 200) throw new Error(await m.text());
    }
    out[name] = { bytes: Buffer.byteLength(desc), file_ms_median: med(f).toFixed(2), reply_ms_median: med(r).toFixed(2) };
  }
  console.log(JSON.stringify(out));
})();
