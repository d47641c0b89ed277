// 0801: the production deployment files (issue #11, first part): systemd accepts the unit
// (systemd-analyze verify) and it has the hardening asked for; nginx accepts the site with its
// TLS server block (nginx -t, on a throwaway certificate) and it sends the security headers,
// redirects HTTP to HTTPS and limits requests; the MariaDB configs have the settings Galera
// needs. Each check is shown to fail on a broken copy.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, APP } = require('../lib/harness');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-'));
const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');

// systemd-analyze verify, with the binary where the unit says (a copy of the unit points at
// this build's binary: the real path is only there once installed).
function verifyUnit(text) {
  fs.mkdirSync(path.join(tmp, 'bin'), { recursive: true });
  const bin = path.join(tmp, 'bin', 'dealernetd');
  if (!fs.existsSync(bin)) fs.copyFileSync(path.join(ROOT, 'build', 'dealernetd'), bin);
  fs.chmodSync(bin, 0o755);
  const unit = path.join(tmp, 'dealernet.service');
  fs.writeFileSync(unit, text.replaceAll('/usr/local/bin/dealernetd', bin));
  return spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
}

test('systemd accepts the unit, hardened as asked', () => {
  const text = read('deploy/systemd/dealernet.service');
  const r = verifyUnit(text);
  assert.equal(r.status, 0, r.stderr);
  for (const line of ['User=dealernet', 'Restart=always', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
    'PrivateTmp=yes', 'ReadWritePaths=/run/dealernet', 'UMask=0007', 'EnvironmentFile=',
    'Environment=DEALERNET_CONF=/etc/dealernet/dealernet.conf', 'KillSignal=SIGTERM']) {
    assert.ok(text.split('\n').some((l) => l.startsWith(line)), line);
  }
  const broken = verifyUnit(text.replace('ExecStart=/usr/local/bin/dealernetd serve', 'ExecStart=dealernetd serve'));
  assert.notEqual(broken.status, 0, 'a relative ExecStart is refused: the check can fail');
});

// nginx -t on the site inside a throwaway http block, its paths moved under tmp.
function nginxTest(site) {
  const dir = path.join(tmp, 'nginx');
  fs.mkdirSync(path.join(dir, 'ssl'), { recursive: true });
  const crt = path.join(dir, 'ssl', 'fullchain.pem'), key = path.join(dir, 'ssl', 'privkey.pem');
  if (!fs.existsSync(crt)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=dealernet.example.com',
      '-keyout', key, '-out', crt], { stdio: 'ignore' });
  }
  const text = site.replaceAll('/etc/ssl/dealernet/fullchain.pem', crt).replaceAll('/etc/ssl/dealernet/privkey.pem', key)
    .replaceAll('/usr/local/share/dealernet/', `${ROOT}/`).replaceAll('/run/dealernet/app.sock', path.join(dir, 'app.sock'));
  fs.writeFileSync(path.join(dir, 'site.conf'), text);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n` +
    `events {}\nhttp {\n include /etc/nginx/mime.types;\n access_log off;\n client_body_temp_path ${dir};\n include ${dir}/site.conf;\n}\n`);
  return spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
}

test('nginx accepts the TLS site; it redirects, limits and sends the security headers', () => {
  const site = read('deploy/nginx/dealernet.conf');
  const r = nginxTest(site);
  assert.equal(r.status, 0, r.stderr);
  assert.match(site, /listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;/, 'HTTP to HTTPS');
  assert.match(site, /listen 443 ssl/);
  assert.match(site, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
  assert.match(site, /Strict-Transport-Security/);
  assert.match(site, /limit_req zone=/);
  assert.match(site, /upstream dealernet/);
  assert.match(site, /location \/static\/[\s\S]*immutable/, 'static assets cached long');
  const common = read('deploy/nginx/dealernet-common.conf');
  assert.match(common, /Content-Security-Policy "default-src 'none';/, 'a strict CSP');
  assert.match(common, /client_max_body_size/);
  for (const h of ['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy']) assert.match(common, new RegExp(h));
  const broken = nginxTest(site.replace('ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_protocols TLSv9;'));
  assert.notEqual(broken.status, 0, 'a broken site is refused: the check can fail');
});

test('the MariaDB configs: durable on one server; what Galera needs on a node', () => {
  const one = read('deploy/mariadb/dealernet.cnf');
  for (const s of [/binlog_format\s*=\s*ROW/, /innodb_flush_log_at_trx_commit\s*=\s*1/, /innodb_autoinc_lock_mode\s*=\s*2/]) assert.match(one, s);
  const node = read('deploy/galera/galera.cnf');
  for (const s of [/wsrep_on\s*=\s*ON/, /wsrep_provider\s*=\s*\/usr\/lib\/galera\/libgalera_smm\.so/, /wsrep_cluster_address\s*=\s*gcomm:\/\//,
    /binlog_format\s*=\s*ROW/, /innodb_autoinc_lock_mode\s*=\s*2/, /wsrep_sst_method/]) assert.match(node, s);
  assert.ok(fs.existsSync('/usr/lib/galera/libgalera_smm.so'), 'the provider the config names is installed');
});

// Issue #18 item 9: production defaults to Secure cookies (only the local stack's own copy turns
// them off), and the app refuses a signing secret that its group (www-data, nginx's) could read.
test('the shipped configuration marks cookies Secure; the local stack turns it off in its copy', () => {
  const keys = (text) => Object.fromEntries(text.split('\n').map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.includes('=')).map((l) => l.split(/\s*=\s*/)));
  assert.equal(keys(read('deploy/dealernet.conf.in')).cookie_secure, '1');
  assert.match(read('deploy/local/stack.sh'), /cookie_secure = 0/, 'the local stack sets its own');
});

// dealernetd serve with only a secret set, from an empty directory, and no templates: it stops at
// the secret, or else right after it at the missing templates, before it listens.
function serveWithSecret(mode) {
  const dir = fs.mkdtempSync(path.join(tmp, 'serve-'));
  const secret = path.join(dir, 'secret');
  fs.writeFileSync(secret, 'x'.repeat(48));
  fs.chmodSync(secret, mode);
  const env = { ...process.env, DEALERNET_SECRET_FILE: secret, DEALERNET_LISTEN: path.join(dir, 'app.sock'),
    DEALERNET_TEMPLATES_DIR: path.join(dir, 'none'), DEALERNET_DB_PASSWORD_FILE: '', DEALERNET_WORKERS: '1' };
  delete env.DEALERNET_CONF;
  return spawnSync(path.resolve(ROOT, APP), ['serve'], { cwd: dir, env, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
}

test('the app refuses to start with a group-readable secret, saying why', () => {
  const r = serveWithSecret(0o640);
  assert.equal(r.status, 1, `exits 1 (status ${r.status}, signal ${r.signal})`);
  assert.match(r.stderr, /secret: mode 0640; a secret must be mode 0600/);
  const ok = serveWithSecret(0o600);
  assert.doesNotMatch(ok.stderr, /must be mode 0600/, 'a 0600 secret gets past the check');
  assert.match(ok.stderr, /templates/, '... to the templates');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
