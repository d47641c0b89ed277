// browser.js: headless Debian chromium through puppeteer-core, plus axe-core.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const puppeteer = require('puppeteer-core');
const { ARTIFACTS } = require('./harness');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic'],
  });
}

async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// axe-core's WCAG 2 A/AA rules; returns the violations (empty when clean).
async function axe(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return r;
}

// The page fits a phone: nothing wider than the viewport.
async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// A new browser context signed in as who (the demo password), at next.
// A new context signed in as who (the demo password); lang, if given, is asked for from the first
// request (Accept-Language).
async function signIn(browser, who, next = '/', lang = null) {
  const { BASE, DEMO_PASSWORD } = require('./harness');
  const page = await (await browser.createBrowserContext()).newPage();
  if (lang) await page.setExtraHTTPHeaders({ 'Accept-Language': lang });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${BASE}/login?next=${encodeURIComponent(next)}`, { waitUntil: 'load' });
  await page.type('#login', who);
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  return page;
}

// A page as every browser test wants it: axe-clean, shot at desktop size and on a 390-px
// phone (name-phone) where nothing may stick out sideways; back to desktop size after.
async function checkPage(page, name) {
  const assert = require('node:assert/strict');
  assert.deepEqual(await axe(page), [], `${name}: axe`);
  await shot(page, name);
  await page.setViewport({ width: 390, height: 844 });
  assert.ok(await overflowX(page) <= 0, `${name}: fits a phone`);
  await shot(page, `${name}-phone`);
  await page.setViewport({ width: 1280, height: 900 });
}

// Click what navigates, and wait for the next page.
const click = (page, sel) => Promise.all([page.waitForNavigation(), page.click(sel)]);
const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());

module.exports = { launch, shot, axe, overflowX, signIn, click, text, checkPage };
