// End-to-end steps of the ledger screens, run by run.mjs after the partner steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state } — state is shared with the
// other accounting step files (ledger runs first and sets accounting up).
import assert from 'node:assert/strict';

const ACCOUNT_CODE = '5700';
const ACCOUNT_NAME = 'E2E office supplies';
const PERSIAN_DATE = /^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/;

/** Today as the server's calendar date (the browser and the server share the machine). */
function isoToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Picks the first day of the month the date picker opens on (the current month). */
async function pickFirstOfMonth(page, selector) {
  await page.locator(selector).click();
  const dropdown = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  await dropdown.locator('.ant-picker-cell-in-view').first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Picks an account in a line by typing its code into the select and pressing Enter. */
async function typeAccount(page, line, code) {
  const input = page.locator(`#entry_lines_${line}_account_id`);
  await input.focus();
  await page.keyboard.type(code, { delay: 20 });
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active', { hasText: code }).waitFor();
  await page.keyboard.press('Enter');
}

async function difference(page) {
  return page.getByTestId('entry-difference').innerText();
}

/** The steps that drive the ledger screens. */
export async function run(ctx) {
  const { page, step, apiFromPage, chooseOption, state } = ctx;
  const today = isoToday();
  let entryId = 0;
  let entryNumber = '';

  await step('ledger: set up accounting from the overview', async () => {
    await page.goto('/accounting');
    await page.getByTestId('ledger-setup').click();
    await page.getByTestId('figure-cash').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=figure-cash]')?.textContent?.includes('…'));
    const accounts = await apiFromPage(page, 'GET', '/api/v1/accounting/accounts');
    assert.ok(accounts.json.items.length >= 20, `the default chart is installed (${accounts.json.items.length} accounts)`);
    const again = await apiFromPage(page, 'POST', '/api/v1/accounting/setup', '{}');
    assert.equal(again.json?.code, 'chart_already_installed');
    for (const key of ['accounts', 'entries', 'reports', 'periods']) await page.getByTestId(`overview-link-${key}`).waitFor();
  });

  await step('ledger: create an account below a summary account', async () => {
    await page.getByTestId('acc-nav-accounts').click();
    await page.getByTestId('account-row-5600').waitFor();
    await page.getByTestId('account-new').click();
    await page.getByTestId('account-code').fill(ACCOUNT_CODE);
    await chooseOption(page, page.getByTestId('account-parent'), '5 Expenses');
    await page.getByTestId('account-name-en').fill(ACCOUNT_NAME);
    await page.getByTestId('account-name-fa').fill('لوازم اداری');
    await page.getByTestId('account-save').click();
    await page.getByTestId(`account-row-${ACCOUNT_CODE}`).waitFor();
    const accounts = await apiFromPage(page, 'GET', '/api/v1/accounting/accounts');
    const created = accounts.json.items.find((a) => a.code === ACCOUNT_CODE);
    assert.equal(created.type, 'expense', 'the type follows the parent');
    assert.equal(created.names.fa, 'لوازم اداری');
    assert.equal(created.postable, true);
    // A taken code is refused on its field, and nothing is written.
    await page.getByTestId('account-new').click();
    await page.getByTestId('account-code').fill(ACCOUNT_CODE);
    await page.getByTestId('account-name-en').fill('Duplicate');
    await page.getByTestId('account-save').click();
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('account-code') }).waitFor();
    await page.keyboard.press('Escape');
    const after = await apiFromPage(page, 'GET', '/api/v1/accounting/accounts');
    assert.equal(after.json.items.length, accounts.json.items.length);
  });

  await step('ledger: type a 3-line entry by keyboard with live totals', async () => {
    await page.goto('/accounting/entries/new');
    await page.getByTestId('entry-form').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=entry-journal] .ant-select-selection-item')?.textContent?.includes('GEN'));
    await page.getByTestId('entry-memo').fill('E2E opening capital');
    const post = page.getByTestId('entry-post');
    assert.ok(await post.isDisabled(), 'Post is disabled on an empty entry');
    const empty = await difference(page);

    await typeAccount(page, 0, ACCOUNT_CODE);
    await page.keyboard.press('Tab'); // partner
    await page.keyboard.press('Tab'); // label
    await page.keyboard.type('Supplies');
    await page.keyboard.press('Tab'); // debit
    await page.keyboard.type('250.25');
    const afterFirst = await difference(page);
    assert.notEqual(afterFirst, empty, 'the difference follows the typing');
    assert.match(afterFirst, /250\.25/);
    assert.ok(await post.isDisabled(), 'Post is disabled while unbalanced');
    await page.keyboard.press('Enter'); // next line

    await typeAccount(page, 1, '1100');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('750.25');
    assert.match(await difference(page), /1,000\.50/);
    await page.keyboard.press('Enter'); // on the last line: adds a third line
    await page.getByTestId('entry-line-2').waitFor();

    await typeAccount(page, 2, '3000');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('1000');
    assert.match(await difference(page), /0\.50/);
    assert.ok(await post.isDisabled(), 'Post is still disabled at 0.50 apart');
    await page.keyboard.type('.50');
    await page.waitForFunction(() => document.querySelector('[data-testid=entry-difference]')?.getAttribute('data-balanced') === 'true');
    assert.ok(await post.isEnabled(), 'Post is enabled once balanced');
    assert.match(await page.getByTestId('entry-total-debit').innerText(), /1,000\.50/);
    assert.match(await page.getByTestId('entry-total-credit').innerText(), /1,000\.50/);

    // A fourth, empty line added and removed by keyboard changes nothing.
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-line-3').waitFor();
    await page.keyboard.press('Alt+Delete');
    await page.getByTestId('entry-line-3').waitFor({ state: 'detached' });
    assert.ok(await post.isEnabled());
  });

  await step('ledger: post the entry and see its number', async () => {
    await page.getByTestId('entry-post').click();
    await page.waitForURL(/\/accounting\/entries\/\d+$/);
    entryId = Number(new URL(page.url()).pathname.split('/').pop());
    entryNumber = (await page.getByTestId('entry-number').innerText()).trim();
    assert.match(entryNumber, /^GEN\/\d{4}\/\d{6}$/);
    const entry = await apiFromPage(page, 'GET', `/api/v1/accounting/entries/${entryId}`);
    assert.equal(entry.json.number, entryNumber);
    assert.equal(entry.json.state, 'posted');
    assert.equal(entry.json.lines.length, 3);
    assert.deepEqual(entry.json.lines.map((l) => [l.debit, l.credit]), [['250.25', '0.00'], ['750.25', '0.00'], ['0.00', '1000.50']]);
    assert.match(await page.getByTestId('entry-hash').innerText(), /^[0-9a-f]{64}$/);
    state.ledger = { entryId, entryNumber };
  });

  await step('ledger: the amount in the trial balance, drill down to the ledger and the entry', async () => {
    await page.getByTestId('acc-nav-reports').click();
    const row = page.getByTestId('tb-row-3000');
    await row.waitFor();
    assert.match(await row.innerText(), /1,000\.50/);
    assert.match(await page.getByTestId('trial-balance').innerText(), /750\.25/);
    await row.click();
    await page.waitForURL(/\/accounting\/reports\/general-ledger\?.*account_id=\d+/);
    const line = page.getByTestId(`gl-line-${entryNumber}`);
    await line.waitFor();
    assert.match(await line.innerText(), /1,000\.50/);
    assert.match(await page.getByTestId('gl-closing').innerText(), /1,000\.50/);
    const csv = await page.getByTestId('report-csv').getAttribute('href');
    assert.match(csv, /format=csv/);
    const download = await page.evaluate(async (url) => (await fetch(url)).text(), csv);
    assert.match(download, new RegExp(entryNumber.replace(/\//g, '\\/')));
    await line.getByTestId('gl-entry-link').click();
    await page.waitForURL(new RegExp(`/accounting/entries/${entryId}$`));
    assert.equal((await page.getByTestId('entry-number').innerText()).trim(), entryNumber);
  });

  await step('ledger: reverse the entry and follow the link both ways', async () => {
    await page.getByTestId('entry-reverse').click();
    await page.getByTestId('reverse-panel').waitFor();
    await page.getByTestId('reverse-confirm').click();
    await page.getByTestId('entry-reversed-by-link').waitFor();
    await page.getByTestId('reverse-panel').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('entry-reverse').count(), 0, 'a reversed entry offers no second reversal');
    await page.getByTestId('entry-reversed-by-link').click();
    await page.getByTestId('entry-reversal-of-link').waitFor();
    const reversalNumber = (await page.getByTestId('entry-number').innerText()).trim();
    assert.match(reversalNumber, /^GEN\/\d{4}\/\d{6}$/);
    assert.notEqual(reversalNumber, entryNumber);
    await page.getByTestId('entry-reversal-of-link').click();
    await page.waitForURL(new RegExp(`/accounting/entries/${entryId}$`));
  });

  await step('ledger: save a draft, post it from its page, find both in the filtered list', async () => {
    await page.goto('/accounting/entries/new');
    await page.waitForFunction(() => document.querySelector('[data-testid=entry-journal] .ant-select-selection-item')?.textContent?.includes('GEN'));
    await page.getByTestId('entry-memo').fill('E2E draft');
    await typeAccount(page, 0, '1000');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('12.34');
    await page.keyboard.press('Enter');
    await typeAccount(page, 1, '3000');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('12.34');
    await page.getByTestId('entry-save-draft').click();
    await page.waitForURL(/\/accounting\/entries\/\d+$/);
    const draftId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal((await page.getByTestId('entry-state').innerText()).trim(), 'Draft');
    await page.goto('/accounting/entries?state=draft');
    await page.getByTestId('entry-list').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=entry-link]').length === 1);
    assert.match(await page.getByTestId('entry-link').innerText(), /Draft/);
    await page.getByTestId('entry-link').click();
    await page.getByTestId('entry-view-post').click();
    await page.waitForFunction(() => /^GEN\/\d{4}\/\d{6}$/.test(document.querySelector('[data-testid=entry-number]')?.textContent?.trim() ?? ''));
    const posted = await apiFromPage(page, 'GET', `/api/v1/accounting/entries/${draftId}`);
    assert.equal(posted.json.state, 'posted');
    await page.goto('/accounting/entries?state=posted&limit=25');
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=entry-link]')].some((a) => a.textContent.includes(n)), posted.json.number);
    assert.match(await page.getByTestId('entry-list').innerText(), new RegExp(entryNumber.replace(/\//g, '\\/')));
    // Reverse the draft-made entry too, so the trial balance is as before.
    const reversed = await apiFromPage(page, 'POST', `/api/v1/accounting/entries/${draftId}/reverse`, JSON.stringify({ date: today }));
    assert.equal(reversed.status, 201, reversed.text);
  });

  let lockDate = '';
  await step('ledger: set a lock date on the periods page', async () => {
    await page.getByTestId('acc-nav-periods').click();
    await page.getByTestId('locks-card').waitFor();
    const years = await apiFromPage(page, 'GET', '/api/v1/accounting/fiscal-years');
    const year = years.json.items.find((y) => y.start_date <= today && today <= y.end_date);
    assert.ok(year, 'a fiscal year contains today');
    await page.getByTestId(`year-${year.name}`).waitFor();
    lockDate = `${today.slice(0, 8)}01`;
    await pickFirstOfMonth(page, '#locks_lock_all_until');
    await page.getByTestId('locks-save').click();
    await page.locator('.ant-message-success', { hasText: 'Lock dates are saved.' }).first().waitFor();
    const locks = await apiFromPage(page, 'GET', '/api/v1/accounting/locks');
    assert.equal(locks.json.lock_all_until, lockDate);
    assert.match(await page.getByTestId('locks-current').innerText(), /Locked for everyone until/);
    state.ledger.year = year;
  });

  await step('ledger: posting before the lock date is refused on the date field', async () => {
    const before = await apiFromPage(page, 'GET', '/api/v1/accounting/entries?limit=500');
    await page.goto('/accounting/entries/new');
    await page.waitForFunction(() => document.querySelector('[data-testid=entry-journal] .ant-select-selection-item')?.textContent?.includes('GEN'));
    await pickFirstOfMonth(page, '#entry_date'); // on the lock date itself
    await typeAccount(page, 0, '1100');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await typeAccount(page, 1, '3000');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.getByTestId('entry-post').click();
    const dateItem = page.locator('.ant-form-item-has-error', { has: page.locator('#entry_date') });
    const explain = dateItem.locator('.ant-form-item-explain-error');
    await explain.waitFor();
    assert.match(await explain.innerText(), /lock/i);
    await page.locator('.keel-api-error').first().waitFor();
    assert.match(page.url(), /\/accounting\/entries\/new$/, 'the form stays');
    const after = await apiFromPage(page, 'GET', '/api/v1/accounting/entries?limit=500');
    assert.equal(after.json.items.length, before.json.items.length, 'nothing was written');
    // The finance steps post documents dated today and earlier: lift the lock again.
    const cleared = await apiFromPage(page, 'PUT', '/api/v1/accounting/locks', JSON.stringify({ lock_all_until: null, lock_users_until: null }));
    assert.equal(cleared.status, 200);
    // A sale that stays on the books, so the reports and the overview show figures.
    const accounts = (await apiFromPage(page, 'GET', '/api/v1/accounting/accounts')).json.items;
    const journals = (await apiFromPage(page, 'GET', '/api/v1/accounting/journals')).json.items;
    const id = (code) => accounts.find((a) => a.code === code).id;
    const sale = await apiFromPage(page, 'POST', '/api/v1/accounting/entries', JSON.stringify({
      date: today, journal_id: journals.find((j) => j.code === 'GEN').id, memo: 'Cash sale', post: true,
      lines: [{ account_id: id('1100'), debit: '4800.00' }, { account_id: id('4000'), credit: '4000.00' }, { account_id: id('2100'), credit: '800.00' }],
    }));
    assert.equal(sale.status, 201, sale.text);
    state.accountingReady = true;
  });

  await step('ledger: create the next fiscal year, close it with its closing entry, reopen it', async () => {
    await page.goto('/accounting/periods');
    const current = state.ledger.year;
    const next = String(Number(current.name) + 1);
    await page.getByTestId('year-create').click();
    await page.getByTestId(`year-${next}`).waitFor();
    const years = (await apiFromPage(page, 'GET', '/api/v1/accounting/fiscal-years')).json.items;
    const year = years.find((y) => y.name === next);
    assert.equal(year.start_date > current.end_date, true, 'the new year follows the current one');
    // Income in the new year, so closing it moves something to retained earnings.
    const accounts = (await apiFromPage(page, 'GET', '/api/v1/accounting/accounts')).json.items;
    const journals = (await apiFromPage(page, 'GET', '/api/v1/accounting/journals')).json.items;
    const id = (code) => accounts.find((a) => a.code === code).id;
    const posted = await apiFromPage(page, 'POST', '/api/v1/accounting/entries', JSON.stringify({
      date: year.periods[5].start_date, journal_id: journals.find((j) => j.code === 'GEN').id, post: true,
      lines: [{ account_id: id('1000'), debit: '100.00' }, { account_id: id('4000'), credit: '100.00' }],
    }));
    assert.equal(posted.status, 201, posted.text);
    await page.getByTestId(`year-close-${next}`).click();
    await page.getByTestId('close-confirm').click();
    await page.getByTestId('closing-entry-link').waitFor();
    await page.getByTestId('year-confirm').waitFor({ state: 'detached' });
    await page.getByTestId(`year-reopen-${next}`).waitFor();
    await page.getByTestId('closing-entry-link').click();
    await page.waitForURL(/\/accounting\/entries\/\d+$/);
    await page.getByTestId('entry-view').waitFor();
    assert.match(await page.getByTestId('entry-view').innerText(), /Year-end closing/);
    await page.goBack();
    await page.getByTestId(`year-reopen-${next}`).click();
    await page.getByTestId('reopen-confirm').click();
    await page.getByTestId(`year-close-${next}`).waitFor();
    const reopened = (await apiFromPage(page, 'GET', '/api/v1/accounting/fiscal-years')).json.items.find((y) => y.name === next);
    assert.equal(reopened.closed, false);
    assert.ok(reopened.closing_entry_id, 'the closing entry stays after a reopen');
  });

  await step('ledger: Jalali dates in Persian digits for a Persian user', async () => {
    const fa = await apiFromPage(page, 'PATCH', '/api/v1/auth/me/preferences', JSON.stringify({ language: 'fa', calendar: 'persian' }));
    assert.equal(fa.status, 200, fa.text);
    await page.goto(`/accounting/entries/${entryId}`);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    const shown = (await page.getByTestId('entry-date-shown').innerText()).trim();
    assert.match(shown, PERSIAN_DATE, `the entry date is Jalali in Persian digits, got ${shown}`);
    assert.match(shown, /^۱۴/);
    await page.goto('/accounting/periods');
    const range = (await page.getByTestId(`year-${state.ledger.year.name}`).getByTestId('year-range').innerText()).trim();
    assert.match(range, /^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} – ۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}$/, `the fiscal year in Jalali dates, got ${range}`);
    const en = await apiFromPage(page, 'PATCH', '/api/v1/auth/me/preferences', JSON.stringify({ language: 'en', calendar: 'gregorian' }));
    assert.equal(en.status, 200, en.text);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByTestId('ledger-periods').waitFor();
  });
}

/** Screenshots of the ledger screens in one language (called once per language). */
export async function screens(ctx, code) {
  const { page, shot, state } = ctx;
  await page.goto('/accounting');
  await page.getByTestId('figure-cash').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=figure-cash]')?.textContent?.includes('…'));
  await shot(page, `${code}-ledger-overview`);

  await page.goto('/accounting/accounts');
  await page.getByTestId(`account-row-${ACCOUNT_CODE}`).waitFor();
  await shot(page, `${code}-ledger-accounts`);

  await page.goto('/accounting/entries/new');
  await page.getByTestId('entry-form').waitFor();
  await typeAccount(page, 0, ACCOUNT_CODE);
  await page.getByTestId('line-debit-0').fill('1250.75');
  await typeAccount(page, 1, '1100');
  await page.getByTestId('line-credit-1').fill('1000');
  await page.getByTestId('entry-difference').click();
  await shot(page, `${code}-ledger-entry-form`);

  if (state.ledger?.entryId) {
    await page.goto(`/accounting/entries/${state.ledger.entryId}`);
    await page.getByTestId('entry-hash').waitFor();
    await shot(page, `${code}-ledger-entry`);
  }

  await page.goto('/accounting/reports/trial-balance?compare=previous_year');
  await page.getByTestId('tb-row-3000').waitFor();
  await shot(page, `${code}-ledger-trial-balance`);

  await page.goto('/accounting/reports/income-statement');
  await page.getByTestId('statement').waitFor();
  await shot(page, `${code}-ledger-income-statement`);

  await page.goto('/accounting/periods');
  await page.getByTestId('locks-card').waitFor();
  await page.locator('.ant-collapse-content-active').first().waitFor();
  await shot(page, `${code}-ledger-periods`);
}
