// 0006: openapi.yaml is valid OpenAPI and documents every API route.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const SwaggerParser = require('@apidevtools/swagger-parser');
const { ROOT, get } = require('../lib/harness');

const SPEC = path.join(ROOT, 'openapi.yaml');

// The routes of fcgi-app/routes.c, less the test- and bench-build-only blocks.
function routes() {
  const src = fs.readFileSync(path.join(ROOT, 'fcgi-app/routes.c'), 'utf8')
    .replace(/#ifdef DEALERNET_(TEST|BENCH)_ROUTES[\s\S]*?#endif/g, '');
  const re = /\{\s*HTTP_([A-Z]+),\s*"([^"]+)"/g;
  const out = [];
  for (let m; (m = re.exec(src));) out.push({ method: m[1].toLowerCase(), path: m[2] });
  return out;
}

test('openapi.yaml validates', async () => {
  const api = await SwaggerParser.validate(SPEC);
  assert.equal(api.openapi.slice(0, 2), '3.');
});

test('the validator really rejects a broken spec (the check can fail)', async () => {
  await assert.rejects(SwaggerParser.validate({ openapi: '3.0.3', info: {}, paths: { x: 1 } }));
});

test('every API and operations route of the router is documented', async () => {
  const api = await SwaggerParser.parse(SPEC);
  const list = routes().filter((r) => r.path.startsWith('/api/') || r.path === '/api/v1' ||
    r.path === '/healthz' || r.path === '/metrics');
  assert.ok(list.length >= 3);
  for (const r of list) {
    assert.ok(api.paths[r.path] && api.paths[r.path][r.method], `${r.method} ${r.path} in openapi.yaml`);
  }
});

test('nginx serves the spec', async () => {
  const res = await get('/openapi.yaml');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /^openapi: 3/);
});
