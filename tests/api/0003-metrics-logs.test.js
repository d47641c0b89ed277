// 0003: /metrics is valid Prometheus text; logs are JSON lines with ids.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { get, appLog } = require('../lib/harness');

test('/metrics passes promtool and counts requests by route and status', async () => {
  await get('/api/v1');
  await get('/api/v1/nope');
  const res = await get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  // promtool exits non-zero on a malformed exposition (and lints names)
  const out = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(out.trim(), '');
  assert.match(text, /dealernet_http_requests_total\{method="GET",route="\/api\/v1",status="200"\} [1-9]/);
  assert.match(text, /dealernet_http_requests_total\{method="",route="unmatched",status="404"\} [1-9]/);
  assert.match(text, /dealernet_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1",le="\+Inf"\} [1-9]/);
  assert.match(text, /^dealernet_http_requests_in_flight 1$/m);
  assert.match(text, /^dealernet_db_errors_total \d+$/m);
});

test('promtool really refuses a broken exposition (the check can fail)', () => {
  assert.throws(() => execFileSync('promtool', ['check', 'metrics'],
    { input: 'bad metric{x=} 1\n', encoding: 'utf8', stdio: 'pipe' }));
});

test('every request is logged as one JSON line with its request id', async () => {
  const res = await get('/api/v1', { headers: { 'X-Request-Id': 'log-test-42' } });
  assert.equal(res.status, 200);
  const lines = appLog().trim().split('\n');
  const parsed = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const hit = parsed.find((j) => j.request_id === 'log-test-42' && j.msg === 'request');
  assert.ok(hit, 'access line found');
  assert.equal(hit.status, 200);
  assert.equal(hit.path, '/api/v1');
  assert.equal(hit.route, '/api/v1');
  assert.equal(typeof hit.ms, 'number');
  assert.match(hit.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});
