// jwt.js: tokens made by hand, to attack the app's verification with.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { DIR } = require('./harness');

const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

function secret() {
  return fs.readFileSync(path.join(DIR, 'secret'), 'utf8').trim();
}

// header and payload objects (or raw JSON strings); alg picks the MAC.
function sign(header, payload, key = secret()) {
  const alg = (typeof header === 'string' ? JSON.parse(header) : header).alg;
  const input = `${b64(header)}.${b64(payload)}`;
  const h = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  const sig = h ? crypto.createHmac(h, key).update(input).digest('base64url') : '';
  return `${input}.${sig}`;
}

function signAsym(alg, payload) {
  const { privateKey } = alg === 'RS256'
    ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const sig = crypto.sign('sha256', Buffer.from(input), alg === 'RS256'
    ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

function decode(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

module.exports = { sign, signAsym, decode, b64 };
