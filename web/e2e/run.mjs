#!/usr/bin/env node
// End-to-end test of the browser app against a real `keel serve` on a fresh SQLite database,
// driven through Debian's Chromium with playwright-core. Env: KEEL_BIN (required), SCREENSHOT_DIR
// (default ../build/screenshots relative to web/), KEEL_E2E_HEADFUL=1 to watch it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import * as ledger from './ledger.mjs';
import * as finance from './finance.mjs';
import * as inventory from './inventory.mjs';
import * as sales from './sales.mjs';
import * as crm from './crm.mjs';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEEL_BIN = process.env.KEEL_BIN;
const SCREENSHOTS = path.resolve(WEB, process.env.SCREENSHOT_DIR ?? '../build/screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The built app to serve (default web/dist); KEEL_E2E_ONLY=ledger|finance|inventory|sales|crm runs one part.
const DIST = path.resolve(WEB, process.env.KEEL_WEB_DIST ?? 'dist');
const ONLY = process.env.KEEL_E2E_ONLY ?? '';
const EMAIL = 'e2e@keel.example';
const PASSWORD = 'e2e-Correct-Horse-42';
const PERSIAN_NAME = 'شرکت بازرگانی پارس';
const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'fa', label: 'فارسی', dir: 'rtl' },
  { code: 'he', label: 'עברית', dir: 'rtl' },
  { code: 'zh', label: '简体中文', dir: 'ltr' },
  { code: 'lt', label: 'Lietuvių', dir: 'ltr' },
];

let passed = 0;
let currentPage = null; // screenshotted when a step fails
let failed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    if (currentPage) {
      await currentPage.screenshot({ path: path.join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
    }
    console.log(`not ok - ${name}\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
    throw error;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(base, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`keel serve exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('keel serve did not answer /healthz in time');
}

async function stopServer(child) {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  const exited = await Promise.race([
    new Promise((r) => child.once('exit', () => r(true))),
    new Promise((r) => setTimeout(() => r(false), 10_000)),
  ]);
  if (!exited) child.kill('SIGKILL');
}

/** An API call from inside the page: same cookie, CSRF token from /auth/me. */
async function apiFromPage(page, method, url, body, contentType = 'application/json') {
  return page.evaluate(async ({ method, url, body, contentType }) => {
    const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin' }).then((r) => r.json());
    const headers = { 'X-CSRF-Token': me.csrf_token ?? '', 'Content-Type': contentType, 'Idempotency-Key': crypto.randomUUID() };
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : body, credentials: 'same-origin' });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* text */ }
    return { status: response.status, json, text };
  }, { method, url, body, contentType });
}

async function chooseOption(page, selectLocator, optionText) {
  await selectLocator.click();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** Inputs with no accessible name: every input needs a label (or aria-label). */
async function unlabeledInputs(page) {
  return page.evaluate(() => {
    const named = (el) => {
      if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
      if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return true;
      return !!el.closest('label');
    };
    return [...document.querySelectorAll('input, textarea, select')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null && !named(el))
      .map((el) => el.outerHTML.slice(0, 160));
  });
}

async function shot(page, name) {
  assert.deepEqual(await unlabeledInputs(page), [], `every input on ${name} has a label`);
  await page.waitForTimeout(400); // let charts and transitions settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function main() {
  assert.ok(KEEL_BIN, 'set KEEL_BIN to the keel binary');
  assert.ok(existsSync(KEEL_BIN), `KEEL_BIN ${KEEL_BIN} does not exist`);
  assert.ok(existsSync(path.join(DIST, 'index.html')), 'build the app first (npm run build)');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-core fonts-noto-cjk`);
  mkdirSync(SCREENSHOTS, { recursive: true });

  const dir = mkdtempSync(path.join(tmpdir(), 'keel-e2e-'));
  const db = `sqlite:${path.join(dir, 'keel.db')}`;
  let server = null;
  let browser = null;
  try {
    await step('create the admin user on a fresh database', async () => {
      const result = spawnSync(KEEL_BIN, ['admin', 'create-user', '--db', db, '--email', EMAIL, '--password-stdin', '--role', 'admin', '--company', 'E2E'],
        { input: PASSWORD + '\n', encoding: 'utf8', timeout: 120_000 });
      assert.equal(result.status, 0, `create-user failed: ${result.stderr || result.stdout}`);
    });

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await step('start keel serve and wait for /healthz', async () => {
      server = spawn(KEEL_BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-dir', DIST],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      server.stdout.on('data', (d) => process.env.KEEL_E2E_VERBOSE && process.stdout.write(`[keel] ${d}`));
      server.stderr.on('data', (d) => process.env.KEEL_E2E_VERBOSE && process.stderr.write(`[keel] ${d}`));
      await waitForHealth(base, server);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.KEEL_E2E_HEADFUL,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: base });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    currentPage = page;
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));

    await step('log in', async () => {
      await page.goto('/');
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('dashboard').waitFor();
      assert.equal(await page.getByTestId('company-name').innerText(), 'E2E');
      for (const key of ['dashboard', 'partners', 'settings']) await page.getByTestId(`nav-${key}`).waitFor();
    });

    let partyId = 0;
    await step('create a party with a Persian name, by keyboard', async () => {
      await page.getByTestId('nav-partners').click();
      await page.getByTestId('partner-list').waitFor();
      await page.getByTestId('new-partner').click();
      await page.getByTestId('field-name').fill(PERSIAN_NAME);
      await page.getByTestId('field-email-add').click();
      await page.getByTestId('field-email-0').fill('pars@e2e.example');
      await page.getByTestId('add-address').click();
      await page.getByTestId('field-city-0').fill('تهران');
      await page.getByTestId('field-country-0').fill('ir');
      await page.getByTestId('field-roles').click();
      await page.keyboard.press('Enter'); // the first role: prospect
      await page.keyboard.press('Escape');
      await page.getByTestId('field-name').focus();
      await page.keyboard.press('Enter'); // submit the form from the keyboard
      await page.waitForURL(/\/partners\/\d+$/);
      partyId = Number(new URL(page.url()).pathname.split('/').pop());
      assert.ok(partyId > 0);
      const party = await apiFromPage(page, 'GET', `/api/v1/partners/${partyId}`);
      assert.equal(party.status, 200);
      assert.equal(party.json.name, PERSIAN_NAME);
      assert.deepEqual(party.json.emails, ['pars@e2e.example']);
      assert.equal(party.json.addresses[0].country, 'IR');
    });

    await step('warn about a duplicate before saving', async () => {
      await page.goto('/partners/new');
      await page.getByTestId('field-name').fill('Pars duplicate');
      await page.getByTestId('field-email-add').click();
      await page.getByTestId('field-email-0').fill('pars@e2e.example');
      await page.getByTestId('field-tax-id').click(); // blur the email field
      await page.getByTestId('duplicate-warning').waitFor();
      assert.match(await page.getByTestId('duplicate-warning').innerText(), new RegExp(PERSIAN_NAME));
    });

    await step('find the party by the global search', async () => {
      await page.goto('/');
      await page.getByTestId('dashboard').waitFor();
      const search = page.getByRole('combobox', { name: 'Search partners' });
      await search.click();
      await search.pressSequentially('بازرگانی', { delay: 30 });
      const result = page.getByTestId('search-result').filter({ hasText: PERSIAN_NAME }).first();
      await result.waitFor();
      await result.click();
      await page.waitForURL(new RegExp(`/partners/${partyId}$`));
      await page.getByTestId('field-name').waitFor();
      assert.equal(await page.getByTestId('field-name').inputValue(), PERSIAN_NAME);
    });

    await step('show a version conflict when saving a stale form', async () => {
      const other = await context.newPage();
      await other.goto(`/partners/${partyId}`);
      await other.getByTestId('field-name').waitFor();
      await other.getByTestId('field-name').fill(PERSIAN_NAME + ' (ویرایش)');
      await other.getByTestId('save').click();
      await other.locator('.ant-message-success').waitFor();
      await other.close();

      await page.getByTestId('field-name').fill(PERSIAN_NAME + ' stale');
      await page.getByTestId('save').click();
      await page.getByTestId('conflict').waitFor();
      await page.getByTestId('conflict-reload').click();
      await page.getByTestId('conflict').waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('field-name').inputValue(), PERSIAN_NAME + ' (ویرایش)');
    });

    await step('show a field error from the API on the field it concerns', async () => {
      await page.goto(`/partners/${partyId}`);
      await page.getByTestId('field-credit-limit').fill('1500000.50');
      await page.getByTestId('save').click(); // a credit limit without a currency: party_currency_required
      const currencyItem = page.locator('.ant-form-item-has-error', { has: page.locator('#partner_currency') });
      await currencyItem.waitFor();
      await page.locator('.keel-api-error').first().waitFor();
      await page.locator('#partner_currency').fill('eur');
      await page.getByTestId('save').click();
      await page.locator('.ant-message-success').waitFor();
      const party = await apiFromPage(page, 'GET', `/api/v1/partners/${partyId}`);
      assert.equal(party.json.currency, 'EUR');
      assert.match(party.json.credit_limit, /^1500000\.50*$/);
      const shown = await page.locator('.ant-form-item', { has: page.getByTestId('field-credit-limit') }).innerText();
      assert.match(shown, /1,500,000\.50/, `the credit limit is shown formatted, got ${shown}`);
    });

    const goodRows = 'organization,Import Alpha E2E,customer,alpha@import.example,LT,Vilnius,vip\nperson,Import Beta E2E,supplier,beta@import.example,DE,Berlin,\n';
    const badRow = 'robot,Import Gamma E2E,customer,not-an-email,XX,Nowhere,\n';
    const csvHeader = 'kind,name,roles,emails,country,city,tags\n';
    const countImported = async () => (await apiFromPage(page, 'GET', '/api/v1/partners?q=Import&archived=all&limit=100')).json.items.length;

    await step('import a CSV with one bad row: errors shown, nothing written', async () => {
      const before = await countImported();
      await page.goto('/partners/import');
      await page.getByTestId('import-text').fill(csvHeader + goodRows + badRow);
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-errors').waitFor();
      const text = await page.getByTestId('import-errors').innerText();
      assert.match(text, /\b3\b/, 'the bad row (3) is listed');
      assert.ok(await page.getByTestId('import-commit').isDisabled(), 'import is disabled while rows have errors');
      await page.getByTestId('import-progress').waitFor();
      assert.equal(await countImported(), before, 'a dry run writes nothing');
      const real = await apiFromPage(page, 'POST', '/api/v1/partners/import?dry_run=false', csvHeader + goodRows + badRow, 'text/csv');
      assert.equal(real.status, 422, `a real import with a bad row is refused (got ${real.status})`);
      assert.equal(await countImported(), before, 'nothing was written');
    });

    await step('import the corrected CSV', async () => {
      const before = await countImported();
      await page.getByTestId('import-text').fill(csvHeader + goodRows);
      await page.getByTestId('import-check').click();
      await page.locator('[data-testid=import-report] .ant-alert-success').waitFor();
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result').waitFor();
      assert.equal(await countImported(), before + 2);
    });

    // The accounting screens: the ledger part sets accounting up, finance builds on it.
    const ctx = { page, step, shot, apiFromPage, chooseOption, base, state: {} };
    // Each part runs alone with KEEL_E2E_ONLY=<part>; all of them run otherwise.
    const runs = (part) => ONLY === '' || ONLY === part;
    if (runs('ledger')) await ledger.run(ctx);
    if (runs('finance')) await finance.run(ctx);
    if (runs('inventory')) await inventory.run(ctx);
    if (runs('sales')) await sales.run(ctx);
    if (runs('crm')) await crm.run(ctx);

    const screens = async (code) => {
      if (runs('ledger')) await ledger.screens(ctx, code);
      if (runs('finance')) await finance.screens(ctx, code);
      if (runs('inventory')) await inventory.screens(ctx, code);
      if (runs('sales')) await sales.screens(ctx, code);
      if (runs('crm')) await crm.screens(ctx, code);
      await page.goto('/');
      await page.getByTestId('dashboard').waitFor();
      await page.locator('[data-testid=dashboard] canvas').first().waitFor();
      await shot(page, `${code}-dashboard`);
      await page.goto('/partners');
      await page.getByTestId('partner-link').first().waitFor();
      await shot(page, `${code}-partner-list`);
      await page.goto(`/partners/${partyId}`);
      await page.getByTestId('created-at').waitFor();
      await shot(page, `${code}-partner-form`);
      await page.goto('/partners/import');
      await page.getByTestId('import-text').fill(csvHeader + goodRows + badRow);
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-errors').waitFor();
      await shot(page, `${code}-import`);
      await page.goto('/settings');
      await page.getByTestId('settings').waitFor();
      await shot(page, `${code}-settings`);
    };

    for (const language of LANGUAGES) {
      await step(`switch to ${language.code}: direction ${language.dir}, screenshots`, async () => {
        await page.goto('/settings');
        await page.getByTestId('settings').waitFor();
        await chooseOption(page, page.getByTestId('language-switch'), language.label);
        await page.waitForFunction((lang) => document.documentElement.lang.startsWith(lang), language.code);
        assert.equal(await page.evaluate(() => document.documentElement.dir), language.dir);
        const me = await apiFromPage(page, 'GET', '/api/v1/auth/me');
        const saved = me.json.user?.language ?? me.json.language ?? me.json.preferences?.language;
        assert.equal(saved, language.code, 'the language is saved in the preferences');
        if (language.code === 'fa') {
          await page.goto(`/partners/${partyId}`);
          const created = await page.getByTestId('created-at').innerText();
          assert.match(created, /^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}/, `a Jalali date in Persian digits, got ${created}`);
          await page.goto('/settings');
          await page.locator('#settings-picker').click();
          const header = await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-header-view').innerText();
          assert.match(header, /۱۴[۰-۹]{2}|14\d\d/, `the picker shows a Jalali year, got ${header}`);
          await shot(page, 'fa-datepicker');
          await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-cell-in-view').first().click();
          const iso = await page.getByTestId('picked-iso').innerText();
          const picked = await page.getByTestId('picked-display').innerText();
          assert.match(picked, /^۱۴[۰-۹]{2}\/[۰-۹]{2}\/۰۱$/, `picked the 1st of a Jalali month, shown ${picked}`);
          assert.match(iso, /^20\d\d-\d\d-\d\d$/);
          await page.keyboard.press('Escape');
        }
        if (language.code === 'he' || language.code === 'zh') {
          const heading = await page.locator('h1').first().innerText();
          assert.notEqual(heading, 'Settings');
        }
        await screens(language.code);
      });
    }

    await step('switch back to English and log out', async () => {
      await page.goto('/settings');
      await chooseOption(page, page.getByTestId('language-switch'), 'English');
      await page.waitForFunction(() => document.documentElement.dir === 'ltr');
      await page.getByTestId('user-menu').click();
      await page.getByText('Log out').click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    });
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .catch((error) => {
    if (failed === 0) { failed++; console.log(`not ok - setup\n  ${error?.stack ?? error}`); }
  })
  .finally(() => {
    console.log(`screenshots: ${SCREENSHOTS}`);
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  });
