// 0804: FastCGI over TCP (the scale-out set-up, README "Scale out") answers only the web servers
// that fcgi_allow lists (issue #18 item 15): the app hands the list to libfcgi as
// FCGI_WEB_SERVER_ADDRS before FCGX_Init, and libfcgi closes a connection from anyone else.
// A small FastCGI client here plays nginx, from 127.0.0.1.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, APP, DIR, waitFor } = require('../lib/harness');

function record(type, body) {
  const pad = (8 - (body.length % 8)) % 8;
  const h = Buffer.from([1, type, 0, 1, body.length >> 8, body.length & 255, pad, 0]);
  return Buffer.concat([h, body, Buffer.alloc(pad)]);
}
function params(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    const kb = Buffer.from(k), vb = Buffer.from(v);
    parts.push(Buffer.from([kb.length, vb.length]), kb, vb);	// all shorter than 128
  }
  return Buffer.concat(parts);
}

// One GET over FastCGI: { status } from the answer, or { closed: true } when the app hung up
// without a byte; null when nothing listens yet.
function fcgiGet(port, uri) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const got = [];
    s.setTimeout(5000, () => s.destroy());
    s.on('connect', () => {
      s.write(Buffer.concat([
        record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])),	// BEGIN_REQUEST, responder
        record(4, params({ REQUEST_METHOD: 'GET', DOCUMENT_URI: uri, REQUEST_URI: uri, QUERY_STRING: '',
          SERVER_PROTOCOL: 'HTTP/1.1', REMOTE_ADDR: '127.0.0.1' })),
        record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0))]));
    });
    s.on('data', (d) => got.push(d));
    s.on('error', (e) => { if (e.code === 'ECONNREFUSED') resolve(null); });
    s.on('close', () => {
      const all = Buffer.concat(got);
      if (all.length === 0) return resolve({ closed: true });
      let out = '';
      for (let i = 0; i + 8 <= all.length;) {
        const type = all[i + 1], len = (all[i + 4] << 8) | all[i + 5], pad = all[i + 6];
        if (type === 6) out += all.subarray(i + 8, i + 8 + len).toString();
        i += 8 + len + pad;
      }
      const m = out.match(/^Status: (\d+)/m);
      resolve({ status: m ? Number(m[1]) : 0 });
    });
  });
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// The app of this stack on a TCP port, with fcgi_allow as given; stopped by the caller.
async function appOnTcp(allow, workers = 1) {
  const port = await freePort();
  const env = { ...process.env, DEALERNET_CONF: path.join(DIR, 'dealernet.conf'), DEALERNET_LISTEN: `127.0.0.1:${port}`,
    DEALERNET_LOGIN_LISTEN: '',	// sign-in's socket stays the stack's app's
    DEALERNET_FCGI_ALLOW: allow, DEALERNET_WORKERS: String(workers), DEALERNET_SHUTDOWN_GRACE: '2', DEALERNET_NIGHTLY_TIERS: '0',
    FCGI_WEB_SERVER_ADDRS: '' };	// what the environment holds does not count: the configuration does
  const child = spawn(path.resolve(ROOT, APP), ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(log), 15000);
  return { port, child, log: () => log };
}

async function stop(app) {
  if (app.child.exitCode !== null) return;
  const gone = new Promise((resolve) => app.child.on('exit', resolve));
  app.child.kill('SIGTERM');
  await gone;
}

test('fcgi_allow without 127.0.0.1: a FastCGI connection from 127.0.0.1 is closed unanswered', async () => {
  const app = await appOnTcp('10.0.0.5');
  try {
    let r;
    await waitFor(async () => (r = await fcgiGet(app.port, '/healthz')) !== null);
    assert.deepEqual(r, { closed: true }, 'refused');
    assert.match(app.log(), /FastCGI from 10\.0\.0\.5 only/);
  } finally {
    await stop(app);
  }
});

test('fcgi_allow with 127.0.0.1 (the default): the same request is answered', async () => {
  const app = await appOnTcp('10.0.0.5, 127.0.0.1');
  try {
    let r;
    await waitFor(async () => (r = await fcgiGet(app.port, '/healthz')) !== null && !r.closed);
    assert.equal(r.status, 200);
  } finally {
    await stop(app);
  }
});

// Issue #22: the app accepts its connections itself (server_conns.c) and listens again at once, so a
// client that connects and says nothing (a health check, a port scan) holds one thread, not the socket.
test('a connection that says nothing holds one thread, not the socket: the next request is answered', async () => {
  const app = await appOnTcp('127.0.0.1', 4);	// three silent, one to answer
  const silent = [];
  try {
    let r;
    await waitFor(async () => (r = await fcgiGet(app.port, '/healthz')) !== null && !r.closed);
    for (let i = 0; i < 3; i++) {
      const s = net.connect(app.port, '127.0.0.1');
      s.on('error', () => {});
      silent.push(s);
      await new Promise((ok) => s.on('connect', ok));
    }
    await new Promise((ok) => setTimeout(ok, 300));	// the app has taken them
    for (let i = 0; i < 3; i++) {
      r = await fcgiGet(app.port, '/healthz');
      assert.equal(r && r.status, 200, `request ${i + 1} after three silent connections`);
    }
  } finally {
    silent.forEach((s) => s.destroy());
    await stop(app);
  }
});

test('an fcgi_allow that is empty or not addresses stops the app at start', async () => {
  for (const allow of ['', 'nginx.internal']) {
    const r = await new Promise((resolve) => {
      const env = { ...process.env, DEALERNET_CONF: path.join(DIR, 'dealernet.conf'), DEALERNET_LISTEN: '127.0.0.1:1',
        DEALERNET_LOGIN_LISTEN: '', DEALERNET_FCGI_ALLOW: allow };
      const c = spawn(path.resolve(ROOT, APP), ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      c.stderr.on('data', (d) => { err += d; });
      const t = setTimeout(() => c.kill('SIGKILL'), 10000);
      c.on('exit', (code) => { clearTimeout(t); resolve({ code, err }); });
    });
    assert.equal(r.code, 1, `'${allow}' refused`);
    assert.match(r.err, /fcgi_allow/);
  }
});
