// End-to-end steps of the finance screens, run by run.mjs after the partner steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state } — state is shared with the
// other accounting step files (ledger runs first and sets accounting up; alone, we do it here).
import assert from 'node:assert/strict';

const CUSTOMER = 'Finance Customer E2E';
const SECOND = 'Finance Second E2E';
const SUPPLIER = 'Finance Supplier E2E';

const json = (value) => JSON.stringify(value);
const digits = (text) => text.replace(/[^\d.,\u2212-]/g, '');

function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function api(ctx, method, url, body) {
  const r = await ctx.apiFromPage(ctx.page, method, url, body === undefined ? undefined : json(body));
  return r;
}

async function ensureSetup(ctx) {
  const f = ctx.state.finance = ctx.state.finance ?? {};
  if (!ctx.state.accountingReady) {
    const accounts = await api(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000');
    assert.equal(accounts.status, 200, accounts.text);
    if (accounts.json.items.length === 0) {
      const setup = await api(ctx, 'POST', '/api/v1/accounting/setup', {});
      assert.ok([200, 201].includes(setup.status), `setup: ${setup.text}`);
    }
    ctx.state.accountingReady = true;
  }
  const accounts = (await api(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000')).json.items;
  f.revenue = accounts.find((a) => a.role === 'revenue');
  f.expense = accounts.find((a) => a.role === 'expense');
  f.bankLedger = accounts.find((a) => a.role === 'bank');
  const taxes = (await api(ctx, 'GET', '/api/v1/accounting/taxes')).json.items;
  for (const [name, scope] of [['VAT 21% E2E', 'sales'], ['Input VAT 21% E2E', 'purchase']]) {
    if (!taxes.some((t) => t.name === name)) {
      const r = await api(ctx, 'POST', '/api/v1/accounting/taxes', { name, kind: 'percent', rate_percent: '21', scope });
      assert.equal(r.status, 201, r.text);
    }
  }
  const partner = async (name, role) => {
    const found = await api(ctx, 'GET', `/api/v1/partners?q=${encodeURIComponent(name)}&limit=5`);
    const existing = found.json.items.find((p) => p.name === name);
    if (existing) return existing.id;
    const r = await api(ctx, 'POST', '/api/v1/partners', { kind: 'organization', name, roles: [role], currency: 'EUR' });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  f.customer = await partner(CUSTOMER, 'customer');
  f.second = await partner(SECOND, 'customer');
  f.supplier = await partner(SUPPLIER, 'supplier');
  return f;
}

async function pickPartner(page, testId, name) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(name.slice(0, 12), { delay: 20 });
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
  await page.locator('.ant-select-selection-item', { hasText: name }).first().waitFor();
}

/** Types into the focused field after focusing it, the way a person tabbing through would. */
async function typeInto(page, testId, text) {
  await page.getByTestId(testId).focus();
  await page.keyboard.type(text, { delay: 10 });
}

const dmy = (iso) => { const [y, m, d] = iso.split('-'); return `${d}.${m}.${y}`; };

/** The steps that drive the finance screens. */
export async function run(ctx) {
  const { page, step } = ctx;
  let f;
  await step('finance: accounting, taxes and partners are there', async () => {
    f = await ensureSetup(ctx);
    assert.ok(f.revenue && f.expense && f.bankLedger, 'the chart has revenue, expense and bank accounts');
  });

  await step('finance: a customer invoice with two lines by keyboard, live subtotal, server tax, post', async () => {
    await page.goto('/accounting/invoices');
    await page.getByTestId('invoice-list').waitFor();
    await page.getByTestId('new-invoice-menu').hover();
    await page.getByTestId('new-out_invoice').click();
    await page.waitForURL(/\/accounting\/invoices\/new\?kind=out_invoice/);
    await page.getByTestId('invoice-form').waitFor();
    await pickPartner(page, 'field-partner', CUSTOMER);
    await typeInto(page, 'line-0-description', 'Oak chairs');
    await page.keyboard.press('Tab'); // the account select: keep the default
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('19.99');
    await page.keyboard.press('Tab'); // discount
    await page.keyboard.press('Tab'); // taxes
    await page.keyboard.type('VAT 21% E2E');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    assert.match(digits(await page.getByTestId('line-0-amount').innerText()), /59\.97/);
    await page.getByTestId('add-line').focus();
    await page.keyboard.press('Enter');
    await typeInto(page, 'line-1-description', 'Delivery');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('100.005');
    await page.getByTestId('line-1-amount').filter({ hasText: '200.01' }).waitFor();
    assert.match(digits(await page.getByTestId('live-untaxed').innerText()), /259\.98/, 'the untaxed total is exact (59.97 + 200.01)');
    await page.getByTestId('save-draft').click();
    await page.waitForURL(/\/accounting\/invoices\/\d+$/);
    f.invoice = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('invoice-page').waitFor();
    assert.equal(await page.getByTestId('invoice-state').getAttribute('data-state'), 'draft');
    assert.match(digits(await page.getByTestId('invoice-tax').innerText()), /12\.59/, 'the server taxed 59.97 at 21 %');
    assert.match(digits(await page.getByTestId('invoice-total').innerText()), /272\.57/);
    await page.getByTestId('post-invoice').click();
    await page.locator('[data-testid=invoice-page][data-state=posted]').waitFor();
    const number = await page.getByTestId('invoice-number').innerText();
    assert.match(number, /^INV\/\d{4}\/\d{6}$/);
    await page.getByTestId('invoice-entry').waitFor();
    const invoice = await api(ctx, 'GET', `/api/v1/accounting/invoices/${f.invoice}`);
    assert.equal(invoice.json.state, 'posted');
    assert.equal(invoice.json.total, '272.57');
    assert.equal(invoice.json.lines.length, 2);
  });

  await step('finance: a double click on Post posts once', async () => {
    const draft = await api(ctx, 'POST', '/api/v1/accounting/invoices', {
      type: 'out_invoice', partner_id: f.second, date: todayIso(), lines: [{ description: 'Table', quantity: '1', unit_price: '80.00', tax_ids: [] }],
    });
    assert.equal(draft.status, 201, draft.text);
    f.secondInvoice = draft.json.id;
    await page.goto(`/accounting/invoices/${f.secondInvoice}`);
    await page.getByTestId('post-invoice').dblclick();
    await page.locator('[data-testid=invoice-page][data-state=posted]').waitFor();
    await page.waitForTimeout(500);
    const mine = [];
    let cursor = '';
    for (let i = 0; i < 50; i++) {
      const entries = await api(ctx, 'GET', `/api/v1/accounting/entries?limit=500&from=${todayIso()}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(entries.status, 200, entries.text);
      mine.push(...entries.json.items.filter((e) => e.origin === `accounting.invoice:${f.secondInvoice}`));
      if (!entries.json.next_cursor) break;
      cursor = entries.json.next_cursor;
    }
    assert.equal(mine.length, 1, 'one ledger entry for the invoice');
    const after = await api(ctx, 'GET', `/api/v1/accounting/invoices/${f.secondInvoice}`);
    assert.equal(after.json.state, 'posted');
    assert.equal(after.json.version, draft.json.version + 1, 'posted exactly once');
  });

  await step('finance: a partial payment allocated to the invoice leaves it partially paid', async () => {
    await page.goto(`/accounting/invoices/${f.invoice}`);
    await page.getByTestId('register-payment').click();
    await page.waitForURL(/\/accounting\/payments\/new\?/);
    await page.getByTestId('payment-form').waitFor();
    const allocation = page.getByTestId(`allocation-${f.invoice}`);
    await allocation.waitFor();
    assert.equal(await allocation.inputValue(), '272.57', 'the residual is pre-filled');
    await page.getByTestId('field-amount').fill('100');
    await allocation.fill('100');
    assert.match(digits(await page.getByTestId('unallocated').innerText()), /^0\.00$/);
    await page.getByTestId('register').click();
    await page.waitForURL(new RegExp(`/accounting/invoices/${f.invoice}$`));
    await page.locator('[data-testid=invoice-page][data-state=partially_paid]').waitFor();
    assert.match(digits(await page.getByTestId('invoice-residual').innerText()), /172\.57/);
    await page.locator('[data-testid=invoice-payments] .ant-table-row').first().waitFor();
    const invoice = await api(ctx, 'GET', `/api/v1/accounting/invoices/${f.invoice}`);
    assert.equal(invoice.json.state, 'partially_paid');
    assert.equal(invoice.json.residual, '172.57');
  });

  await step('finance: paying the rest plus more keeps the excess as credit', async () => {
    await page.goto(`/accounting/payments/new?partner=${f.customer}`);
    await page.getByTestId('payment-form').waitFor();
    await page.getByTestId(`allocation-${f.invoice}`).waitFor();
    await page.getByTestId('field-amount').fill('250');
    await page.getByTestId('allocate-oldest').click();
    assert.equal(await page.getByTestId(`allocation-${f.invoice}`).inputValue(), '172.57');
    assert.match(digits(await page.getByTestId('unallocated').innerText()), /^77\.43$/);
    await page.getByTestId('credit-kept').waitFor();
    await page.getByTestId('register').click();
    await page.waitForURL(/\/accounting\/payments\?partner_id=/);
    await page.getByTestId('payment-list').waitFor();
    const invoice = await api(ctx, 'GET', `/api/v1/accounting/invoices/${f.invoice}`);
    assert.equal(invoice.json.state, 'paid');
    assert.equal(invoice.json.residual, '0.00');
    const payments = (await api(ctx, 'GET', `/api/v1/accounting/payments?partner_id=${f.customer}`)).json.items;
    const last = payments[payments.length - 1];
    assert.equal(last.unallocated, '77.43');
    f.creditPayment = last.id;
    assert.match(digits(await page.getByTestId(`payment-unallocated-${last.id}`).innerText()), /77\.43/);
    await page.getByTestId(`allocate-payment-${last.id}`).waitFor();
  });

  await step('finance: a vendor bill saved and posted', async () => {
    await page.goto('/accounting/invoices/new?kind=in_invoice');
    await page.getByTestId('invoice-form').waitFor();
    await pickPartner(page, 'field-partner', SUPPLIER);
    await typeInto(page, 'line-0-description', 'Office rent');
    await page.getByTestId('line-0-price').fill('500');
    await page.getByTestId('line-0-taxes').click();
    await page.keyboard.type('Input VAT');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('save-post').click();
    await page.locator('[data-testid=invoice-page][data-state=posted]').waitFor();
    assert.match(await page.getByTestId('invoice-number').innerText(), /^BILL\//);
    assert.match(digits(await page.getByTestId('invoice-total').innerText()), /605\.00/);
  });

  await step('finance: a server refusal lands on the line it concerns', async () => {
    await page.goto('/accounting/invoices/new?kind=out_invoice');
    await pickPartner(page, 'field-partner', CUSTOMER);
    await page.getByTestId('line-0-description').fill('Broken');
    await page.getByTestId('line-0-price').fill('1');
    await page.getByTestId('line-0-discount').fill('150'); // above 100 %: the server refuses lines/0/discount_percent
    await page.getByTestId('save-draft').click();
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('line-0-discount') }).waitFor();
    assert.match(page.url(), /\/new\?/, 'nothing was saved');
  });

  await step('finance: a CSV statement imported through a column mapping, a proposal accepted', async () => {
    await page.goto('/accounting/bank');
    await page.getByTestId('bank-page').waitFor();
    const accounts = (await api(ctx, 'GET', '/api/v1/accounting/bank-accounts')).json.items;
    if (!accounts.some((a) => a.name === 'Main account E2E')) {
      await page.getByTestId('bank-name').fill('Main account E2E');
      await page.getByTestId('bank-number').fill('LT12 1000 0111 0100 1000');
      await ctx.chooseOption(page, page.getByTestId('bank-ledger-account'), f.bankLedger.code);
      await ctx.chooseOption(page, page.getByTestId('bank-journal'), 'BNK');
      await page.getByTestId('bank-create').click();
      await page.locator('[data-testid=bank-accounts] .ant-table-row', { hasText: 'Main account E2E' }).waitFor();
    }
    const today = dmy(todayIso());
    const csv = `Booking date;Amount;Reference;Paid by;Transaction ID\n${today};100,00;Receipt 1;${CUSTOMER};E2E-T1\n${today};250,00;Receipt 2;${CUSTOMER};E2E-T2\n`;
    await page.getByTestId('import-text').fill(csv);
    await page.getByTestId('csv-mapping').waitFor();
    assert.ok(await page.getByTestId('csv-mapping-problems').isVisible().catch(() => false) === false, 'date and amount were recognised');
    await ctx.chooseOption(page, page.getByTestId('csv-map-counterparty'), 'Paid by');
    await page.locator('[data-testid=csv-preview]', { hasText: '100.00' }).waitFor();
    assert.match(await page.getByTestId('csv-preview').innerText(), /350\.00/, 'the preview sums the amounts exactly');
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/accounting\/bank\/statements\/\d+$/);
    f.statement = Number(new URL(page.url()).pathname.split('/').pop());
    const statement = (await api(ctx, 'GET', `/api/v1/accounting/bank-statements/${f.statement}`)).json;
    assert.equal(statement.lines.length, 2);
    assert.equal(statement.lines[0].counterparty, CUSTOMER, 'the mapped counterparty column was used');
    const first = statement.lines[0].id;
    f.openLine = statement.lines[1].id;
    await page.getByTestId(`proposals-${first}`).getByTestId('proposal').first().waitFor();
    await page.getByTestId(`accept-${first}`).first().click();
    await page.locator(`[data-testid=line-state-${first}][data-state=reconciled]`).waitFor();
    const after = (await api(ctx, 'GET', `/api/v1/accounting/bank-statements/${f.statement}`)).json;
    assert.equal(after.lines[0].state, 'reconciled');
    assert.equal(after.lines[0].entry_line_ids.length, 1);
    assert.equal(after.lines[1].state, 'open');
  });

  await step('finance: a camt.053 refusal is shown; an OFX statement pasted, a counterpart posted by hand, the match undone', async () => {
    await page.goto('/accounting/bank');
    await page.getByTestId('statement-import').waitFor();
    await page.getByTestId('import-format').getByText('camt.053').click();
    await page.getByTestId('import-text').fill('<Document>nothing</Document>');
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid=import-failure][data-code=statement_format_invalid]').waitFor();
    assert.match(page.url(), /\/accounting\/bank$/, 'a refused file imports nothing');
    const ymd = todayIso().replace(/-/g, '');
    const ofx = ['OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', 'SECURITY:NONE', 'ENCODING:USASCII', 'CHARSET:1252', 'COMPRESSION:NONE', 'OLDFILEUID:NONE', 'NEWFILEUID:NONE', '',
      '<OFX>', '<BANKMSGSRSV1>', '<STMTTRNRS>', '<TRNUID>1', '<STMTRS>', '<CURDEF>EUR', '<BANKACCTFROM>', '<BANKID>10000', '<ACCTID>LT121000011101001000',
      '<ACCTTYPE>CHECKING', '</BANKACCTFROM>', '<BANKTRANLIST>', `<DTSTART>${ymd}`, `<DTEND>${ymd}`, '<STMTTRN>', '<TRNTYPE>SRVCHG', `<DTPOSTED>${ymd}`,
      '<TRNAMT>-12.00', '<FITID>OFX-E2E-1', '<NAME>MONTHLY SERVICE FEE', '</STMTTRN>', '</BANKTRANLIST>', '</STMTRS>', '</STMTTRNRS>', '</BANKMSGSRSV1>', '</OFX>', ''].join('\n');
    await page.getByTestId('import-format').getByText('OFX').click();
    await page.getByTestId('import-text').fill(ofx);
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/accounting\/bank\/statements\/\d+$/);
    const statementId = Number(new URL(page.url()).pathname.split('/').pop());
    const line = (await api(ctx, 'GET', `/api/v1/accounting/bank-statements/${statementId}`)).json.lines[0];
    assert.equal(line.amount, '-12.00');
    await page.getByTestId(`counterpart-${line.id}`).click();
    const charges = (await api(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000')).json.items.find((a) => a.code === '5400');
    assert.ok(charges, 'the chart has a bank charges account');
    await page.getByTestId('counterpart-account').click();
    await page.keyboard.type('5400');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '5400' }).first().click();
    await page.getByTestId('counterpart-submit').click();
    await page.locator(`[data-testid=line-state-${line.id}][data-state=reconciled]`).waitFor();
    const matched = (await api(ctx, 'GET', `/api/v1/accounting/bank-statements/${statementId}`)).json.lines[0];
    assert.equal(matched.state, 'reconciled');
    assert.equal(matched.entry_line_ids.length, 1, 'matched with the bank line of the counterpart entry');
    await page.getByTestId(`unreconcile-${line.id}`).click();
    await page.locator(`[data-testid=line-state-${line.id}][data-state=open]`).waitFor();
    const undone = (await api(ctx, 'GET', `/api/v1/accounting/bank-statements/${statementId}`)).json.lines[0];
    assert.equal(undone.state, 'open');
    assert.deepEqual(undone.entry_line_ids, []);
    await page.getByTestId(`proposals-${line.id}`).getByTestId('proposal').first().waitFor(); // the posted counterpart is proposed again
  });

  await step('finance: aging shows the partner in its bucket and links to the statement', async () => {
    await page.goto('/accounting/aging');
    await page.getByTestId('aging-page').waitFor();
    await page.getByTestId(`aging-partner-${f.second}`).waitFor();
    assert.match(digits(await page.getByTestId(`aging-${f.second}-current`).innerText()), /80\.00/, 'the second customer’s invoice is not yet due');
    assert.match(digits(await page.getByTestId(`aging-${f.customer}-unallocated`).innerText()), /77\.43/, 'the credit shows as unallocated');
    await page.getByTestId(`aging-partner-${f.customer}`).click();
    await page.waitForURL(new RegExp(`/accounting/statement/${f.customer}`));
    await page.getByTestId('statement-report').waitFor();
    await page.locator('[data-testid=statement-table] .ant-table-row').first().waitFor();
    assert.match(digits(await page.getByTestId('statement-closing').innerText()), /77\.43/);
    assert.match(await page.getByTestId('statement-closing').innerText(), /\u2212|-/, 'a credit balance is negative');
    assert.match(await page.getByTestId('statement-table').innerText(), /INV\/\d{4}\/\d{6}/);
  });

  await step('finance: the remainder of a payment allocated later to a new invoice', async () => {
    const draft = await api(ctx, 'POST', '/api/v1/accounting/invoices', {
      type: 'out_invoice', partner_id: f.customer, date: todayIso(), lines: [{ description: 'Cushions', quantity: '2', unit_price: '25.00', tax_ids: [] }],
    });
    assert.equal(draft.status, 201, draft.text);
    assert.equal((await api(ctx, 'POST', `/api/v1/accounting/invoices/${draft.json.id}/post`)).status, 200);
    await page.goto(`/accounting/payments?partner_id=${f.customer}`);
    await page.getByTestId(`allocate-payment-${f.creditPayment}`).click();
    await page.getByTestId(`allocation-${draft.json.id}`).waitFor();
    await page.getByTestId('allocate-oldest').click();
    assert.equal(await page.getByTestId(`allocation-${draft.json.id}`).inputValue(), '50.00');
    assert.match(digits(await page.getByTestId('unallocated').innerText()), /^27\.43$/);
    await page.getByTestId('allocate-submit').click();
    await page.getByTestId(`payment-unallocated-${f.creditPayment}`).filter({ hasText: '27.43' }).waitFor();
    const invoice = await api(ctx, 'GET', `/api/v1/accounting/invoices/${draft.json.id}`);
    assert.equal(invoice.json.state, 'paid');
  });

  await step('finance: tax report per period', async () => {
    await page.goto('/accounting/tax-report');
    await page.getByTestId('tax-report').waitFor();
    await page.locator('[data-testid=tax-table] .ant-table-row', { hasText: 'VAT 21% E2E' }).first().waitFor();
    const row = async (name) => page.locator('[data-testid=tax-table] .ant-table-row').filter({ has: page.getByText(name, { exact: true }) }).innerText();
    assert.match(await row('VAT 21% E2E'), /59\.97[\s\S]*12\.59/, 'base and tax of the sales tax');
    assert.match(await row('Input VAT 21% E2E'), /500\.00[\s\S]*105\.00/, 'base and tax of the purchase tax');
    await page.getByTestId('tax-total-purchase').waitFor();
  });
}

/** Screenshots of the finance screens in one language (called once per language). */
export async function screens(ctx, code) {
  const { page, shot } = ctx;
  const f = ctx.state.finance;
  if (!f) return;
  await page.goto('/accounting/invoices');
  await page.getByTestId('invoice-link').first().waitFor();
  if (code === 'fa') {
    const shown = await page.getByTestId('invoice-date').first().innerText();
    assert.match(shown, /^۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}/, `an invoice date as a Jalali date in Persian digits, got ${shown}`);
  }
  await shot(page, `${code}-invoice-list`);

  await page.goto(`/accounting/invoices/${f.invoice}`);
  await page.getByTestId('invoice-page').waitFor();
  await page.locator('[data-testid=invoice-payments] .ant-table-row').first().waitFor();
  await shot(page, `${code}-invoice`);

  await page.goto('/accounting/invoices/new?kind=out_invoice');
  await page.getByTestId('invoice-form').waitFor();
  await page.getByTestId('line-0-description').fill('Oak chairs');
  await page.getByTestId('line-0-quantity').fill('3');
  await page.getByTestId('line-0-price').fill('19.99');
  await page.getByTestId('add-line').click();
  await page.getByTestId('line-1-description').fill('Delivery');
  await page.getByTestId('line-1-price').fill('12.50');
  await page.getByTestId('line-1-amount').filter({ hasText: /[\d۰-۹]/ }).waitFor();
  await shot(page, `${code}-invoice-form`);

  await page.goto(`/accounting/payments/new?partner=${f.second}`);
  await page.getByTestId(`allocation-${f.secondInvoice}`).waitFor();
  await page.getByTestId('field-amount').fill('120');
  await page.getByTestId('allocate-oldest').click();
  await page.getByTestId('credit-kept').waitFor();
  await shot(page, `${code}-payment-form`);

  await page.goto(`/accounting/bank/statements/${f.statement}`);
  await page.getByTestId(`proposals-${f.openLine}`).getByTestId('proposal').first().waitFor();
  await shot(page, `${code}-bank-statement`);

  await page.goto('/accounting/bank');
  await page.getByTestId('import-text').fill(`Booking date;Amount;Reference;Paid by\n01.12.2026;1.234,50;INV-7;${CUSTOMER}\n02.12.2026;-12,00;Fee;Bank\n`);
  await page.getByTestId('csv-preview').waitFor();
  await shot(page, `${code}-bank-import`);

  await page.goto('/accounting/aging');
  await page.getByTestId(`aging-partner-${f.second}`).waitFor();
  await shot(page, `${code}-aging`);

  await page.goto(`/accounting/statement/${f.customer}`);
  await page.locator('[data-testid=statement-table] .ant-table-row').first().waitFor();
  await shot(page, `${code}-partner-statement`);
}
