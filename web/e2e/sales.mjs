// End-to-end steps of the sales screens (quote → order → delivery → invoice → payment → return,
// customer 360), run by run.mjs after the inventory steps. Alone (KEEL_E2E_ONLY=sales) it sets up
// accounting, a tax, customers, products and stock through the API first.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state }.
import assert from 'node:assert/strict';

const CUSTOMER = 'Sales Customer E2E';
const TIGHT = 'Sales Tight Credit E2E';
const TAX = 'VAT 21% E2E';
const CHAIR = { sku: 'SCHAIR-E2E', names: { en: 'Sales oak chair', fa: 'صندلی بلوط', he: 'כיסא אלון', zh: '橡木椅', lt: 'Ąžuolinė kėdė' }, list_price: '120.00', standard_cost: '40.00' };
const DESK = { sku: 'SDESK-E2E', names: { en: 'Configurable desk', fa: 'میز قابل پیکربندی', he: 'שולחן בהתאמה', zh: '可配置书桌', lt: 'Konfigūruojamas stalas' }, list_price: '300.00', standard_cost: '150.00' };

const json = (value) => JSON.stringify(value);
/** The digits, separators and sign of a shown amount ("€1,234.50" → "1,234.50"). */
const digits = (text) => text.replace(/[^\d.,\u2212-]/g, '');
const plain = (text) => digits(text).replace(/,/g, '');

/** A valid EAN-13 from 12 digits (the check digit appended). */
function ean13(base) {
  const sum = [...base].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return base + String((10 - (sum % 10)) % 10);
}
const CHAIR_BARCODE = ean13('200000071234');

async function api(ctx, method, url, body) {
  return ctx.apiFromPage(ctx.page, method, url, body === undefined ? undefined : json(body));
}

async function ok(ctx, method, url, body, statuses = [200, 201]) {
  const r = await api(ctx, method, url, body);
  assert.ok(statuses.includes(r.status), `${method} ${url}: ${r.status} ${r.text}`);
  return r.json;
}

async function product(ctx, spec, extra) {
  const found = await api(ctx, 'GET', `/api/v1/inventory/products/lookup?code=${encodeURIComponent(spec.sku)}`);
  if (found.status === 200) return found.json;
  return ok(ctx, 'POST', '/api/v1/inventory/products', { type: 'stockable', ...spec, taxes: [TAX], ...extra });
}

async function partner(ctx, name, creditLimit) {
  const found = await api(ctx, 'GET', `/api/v1/partners?q=${encodeURIComponent(name)}&limit=5`);
  const existing = found.json.items.find((p) => p.name === name);
  if (existing) return existing.id;
  return (await ok(ctx, 'POST', '/api/v1/partners', { kind: 'organization', name, roles: ['customer'], currency: 'EUR', credit_limit: creditLimit })).id;
}

/** Accounting, the tax, two customers, a chair (with a barcode) and a configurable desk in stock. */
async function ensureSetup(ctx) {
  const s = ctx.state.sales = ctx.state.sales ?? {};
  if (!ctx.state.accountingReady) {
    const accounts = await ok(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000');
    if (accounts.items.length === 0) await ok(ctx, 'POST', '/api/v1/accounting/setup', {});
    ctx.state.accountingReady = true;
  }
  const taxes = (await ok(ctx, 'GET', '/api/v1/accounting/taxes')).items;
  s.tax = taxes.find((t) => t.name === TAX) ?? await ok(ctx, 'POST', '/api/v1/accounting/taxes', { name: TAX, kind: 'percent', rate_percent: '21', scope: 'sales' });
  s.customer = await partner(ctx, CUSTOMER, '100000.00');
  s.tight = await partner(ctx, TIGHT, '50.00');
  s.chair = await product(ctx, CHAIR, { barcode: CHAIR_BARCODE });
  s.desk = await product(ctx, DESK, {});
  await ok(ctx, 'PUT', `/api/v1/sales/configurators/${s.desk.id}`, {
    groups: [
      { code: 'frame', name: 'Frame', required: true, options: [{ code: 'oak', name: 'Oak', price_extra: '0' }, { code: 'steel', name: 'Steel', price_extra: '25.00' }] },
      { code: 'finish', name: 'Finish', required: false, options: [{ code: 'matte', name: 'Matte', price_extra: '10.00' }] },
    ],
    rules: [{ kind: 'excludes', option: 'frame:steel', other: 'finish:matte' }],
  });
  for (const [p, quantity, cost] of [[s.chair, '10', '40.00'], [s.desk, '5', '150.00']]) {
    const stock = await ok(ctx, 'GET', `/api/v1/inventory/products/${p.id}/stock`);
    if (Number(stock.available) < Number(quantity)) await ok(ctx, 'POST', '/api/v1/inventory/receipts', { product_id: p.id, quantity, unit_cost: cost });
  }
  return s;
}

async function pickOption(page, testId, typed, optionText) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(typed, { delay: 20 });
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

async function scan(page, code) {
  const input = page.getByTestId('scan-input');
  await input.focus();
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

const stockOf = async (ctx, id) => ok(ctx, 'GET', `/api/v1/inventory/products/${id}/stock`);

/** The steps that drive the sales screens. */
export async function run(ctx) {
  const { page, step } = ctx;
  let s;
  await step('sales: accounting, customers, products with a configurator and stock are there', async () => {
    s = await ensureSetup(ctx);
    assert.ok(s.chair.id && s.desk.id && s.customer && s.tight);
  });

  await step('sales: a quote with a configured product and live totals from the server', async () => {
    await page.goto('/sales');
    await page.getByTestId('quote-list').waitFor();
    await page.getByTestId('new-quote').click();
    await page.getByTestId('quote-form').waitFor();
    await pickOption(page, 'quote-partner', CUSTOMER.slice(0, 12), CUSTOMER);
    await pickOption(page, 'qline-0-product', CHAIR.sku.slice(0, 6), CHAIR.sku);
    await page.getByTestId('qline-0-quantity').fill('3');
    await page.getByTestId('qline-0-from-pricelist').waitFor();
    await page.locator('[data-testid=live-total]', { hasText: '435.60' }).waitFor(); // 3 × 120.00 + 21 %
    await page.getByTestId('add-qline').click();
    await pickOption(page, 'qline-1-product', DESK.sku.slice(0, 6), DESK.sku);
    await page.getByTestId('qline-1-configure').click();
    await page.getByTestId('configurator').waitFor();
    await page.getByTestId('config-frame-steel').click();
    assert.equal(await page.getByTestId('config-finish-matte').getAttribute('data-blocked'), 'true', 'matte is refused with a steel frame');
    assert.match(plain(await page.getByTestId('config-extra').innerText()), /25\.00/);
    await page.getByTestId('config-apply').click();
    await page.getByTestId('qline-1-configuration').waitFor();
    // 360.00 + 325.00 (300.00 + the steel extra) = 685.00, tax 143.85, total 828.85
    await page.locator('[data-testid=live-total]', { hasText: '828.85' }).waitFor();
    assert.match(plain(await page.getByTestId('live-untaxed').innerText()), /685\.00/);
    assert.match(plain(await page.getByTestId('live-tax').innerText()), /143\.85/);
    assert.match(await page.getByTestId('qline-1-price').inputValue(), /^325(\.0+)?$/, 'the configured price is the price list price plus the extra');
    // Offered as an optional line: out of the total until the customer takes it.
    await page.getByTestId('qline-1-optional').check();
    await page.locator('[data-testid=live-total]', { hasText: '435.60' }).waitFor();
    assert.match(plain(await page.getByTestId('live-optional').innerText()), /325\.00/);
    await page.getByTestId('save-quote').click();
    await page.waitForURL(/\/sales\/quotes\/\d+$/);
    s.quote = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('quote-page').waitFor();
    assert.match(plain(await page.getByTestId('quote-total').innerText()), /435\.60/, 'the saved quote has the previewed total');
    await page.getByTestId('quote-line-configuration').waitFor();
  });

  await step('sales: a draft quote is edited and saved again (PUT with its version)', async () => {
    for (const [quantity, total] of [['4', '580.80'], ['3', '435.60']]) {
      await page.getByTestId('edit-quote').click();
      await page.getByTestId('quote-form').waitFor();
      await page.getByTestId('qline-0-quantity').fill(quantity);
      await page.locator('[data-testid=live-total]', { hasText: total }).waitFor();
      await page.getByTestId('save-quote').click();
      await page.waitForURL(new RegExp(`/sales/quotes/${s.quote}$`));
      await page.locator('[data-testid=quote-total]', { hasText: total }).waitFor();
    }
    await page.getByTestId('quote-line-configuration').waitFor();
  });

  await step('sales: send and accept the quote → the order', async () => {
    await page.getByTestId('send-quote').click();
    await page.locator('[data-testid=quote-page][data-state=sent]').waitFor();
    assert.match(await page.getByTestId('quote-number').innerText(), /^SQ\/\d{4}\/\d{5}$/);
    await page.getByTestId('accept-quote').click();
    await Promise.race([
      page.waitForURL(/\/sales\/orders\/\d+$/),
      page.locator('.keel-api-error').first().waitFor().then(async () => { throw new Error(`accept refused: ${await page.locator('.keel-api-error').first().innerText()}`); }),
    ]);
    s.order = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('[data-testid=order-page][data-state=draft]').waitFor();
  });

  await step('sales: the order shows availability per line and the credit state', async () => {
    await page.locator('[data-testid=line-availability][data-kind=full]').first().waitFor();
    assert.equal(await page.locator('[data-testid=line-availability]').count(), 1, 'the optional desk was not taken');
    await page.getByTestId('credit-card').waitFor();
    assert.equal(await page.getByTestId('credit-card').getAttribute('data-over'), 'false');
    assert.match(plain(await page.getByTestId('credit-this').innerText()), /435\.60/);
    assert.match(plain(await page.getByTestId('credit-limit').innerText()), /100000\.00/);
    // What is not shipped now follows in a backorder.
    if (await page.getByTestId('order-backorders').getAttribute('aria-checked') !== 'true') {
      await page.getByTestId('order-backorders').click();
      await page.locator('[data-testid=order-backorders][aria-checked=true]').waitFor();
    }
    assert.equal((await ok(ctx, 'GET', `/api/v1/sales/orders/${s.order}`)).allow_backorder, true);
  });

  await step('sales: a double-clicked confirm confirms once and reserves the stock once', async () => {
    const before = await stockOf(ctx, s.chair.id);
    await page.getByTestId('confirm-order').dblclick();
    await page.locator('[data-testid=order-page][data-state=confirmed]').waitFor();
    await page.waitForTimeout(500);
    assert.match(await page.getByTestId('order-number').innerText(), /^SO\/\d{4}\/\d{5}$/);
    const after = await stockOf(ctx, s.chair.id);
    assert.equal(Number(after.reserved) - Number(before.reserved), 3, 'three chairs reserved, once');
    const deliveries = await ok(ctx, 'GET', `/api/v1/sales/deliveries?order_id=${s.order}`);
    assert.equal(deliveries.items.length, 1, 'one delivery');
    s.delivery = deliveries.items[0].id;
  });

  await step('sales: pick by scanning; a wrong code and an over-pick are refused', async () => {
    await page.getByTestId('order-delivery-link').first().click();
    await page.waitForURL(new RegExp(`/sales/deliveries/${s.delivery}$`));
    await page.locator('[data-testid=delivery-page][data-state=ready]').waitFor();
    await page.locator('[data-testid=scan-input]:focus').waitFor();
    await scan(page, CHAIR_BARCODE);
    await page.getByTestId('scan-ok').waitFor();
    await scan(page, 'NO-SUCH-CODE');
    await page.getByTestId('scan-error').waitFor();
    assert.match(await page.getByTestId('scan-error').innerText(), /NO-SUCH-CODE/);
    await scan(page, CHAIR_BARCODE);
    await page.locator('[data-testid=scan-ok]', { hasText: '2' }).waitFor();
    await scan(page, `2*${CHAIR_BARCODE}`); // four of three
    await page.getByTestId('scan-error').waitFor();
    const delivery = await ok(ctx, 'GET', `/api/v1/sales/deliveries/${s.delivery}`);
    assert.equal(delivery.state, 'picked');
    assert.deepEqual(delivery.lines.map((l) => [l.sku, l.picked]), [[CHAIR.sku, '2']], 'the refused scans changed nothing');
    await page.getByTestId('partial-hint').waitFor();
  });

  await step('sales: pack and ship the partial quantity; the rest waits in a backorder', async () => {
    await page.getByTestId('pack-packages').fill('2');
    await page.getByTestId('pack-weight').fill('31.5');
    await page.getByTestId('confirm-pack').click();
    await page.locator('[data-testid=delivery-page][data-state=packed]').waitFor();
    await page.getByTestId('ship-carrier').fill('DHL');
    await page.getByTestId('ship-tracking').fill('JD014600006281');
    await page.getByTestId('confirm-ship').click();
    await page.locator('[data-testid=delivery-page][data-state=shipped]').waitFor();
    await page.getByTestId('backorder-link').waitFor();
    assert.equal(await page.getByTestId('delivery-tracking').innerText(), 'JD014600006281');
    const order = await ok(ctx, 'GET', `/api/v1/sales/orders/${s.order}`);
    assert.equal(order.delivery_status, 'partial');
    const chairLine = order.lines.find((l) => l.product_id === s.chair.id);
    assert.equal(chairLine.delivered, '2');
    s.chairLine = chairLine.id;
  });

  await step('sales: invoice from the order, open it in accounting', async () => {
    await page.goto(`/sales/orders/${s.order}`);
    await page.getByTestId('order-delivery-status').waitFor();
    assert.equal(await page.getByTestId('order-delivery-status').getAttribute('data-state'), 'partial');
    await page.getByTestId('invoice-order').click();
    await page.locator('[data-testid=order-invoice-link][data-type=out_invoice]').waitFor();
    await page.locator('[data-testid=order-invoice-link][data-type=out_invoice]').first().click();
    await page.waitForURL(/\/accounting\/invoices\/\d+$/);
    s.invoice = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('[data-testid=invoice-page][data-state=posted]').waitFor();
    assert.match(plain(await page.getByTestId('invoice-total').innerText()), /435\.60/, 'invoiced on ordered quantities');
  });

  await step('sales: register the payment on the accounting screen', async () => {
    await page.getByTestId('register-payment').click();
    await page.getByTestId('payment-form').waitFor();
    const allocation = page.getByTestId(`allocation-${s.invoice}`);
    await allocation.waitFor();
    await page.getByTestId('field-amount').fill('435.60');
    await allocation.fill('435.60');
    await page.getByTestId('register').click();
    await page.waitForURL(new RegExp(`/accounting/invoices/${s.invoice}$`));
    await page.locator('[data-testid=invoice-page][data-state=paid]').waitFor();
  });

  await step('sales: return one chair to stock with a credit note', async () => {
    const before = await stockOf(ctx, s.chair.id);
    await page.goto(`/sales/orders/${s.order}`);
    await page.getByTestId('return-order').click();
    await page.waitForURL(/\/sales\/returns\/new\?order=\d+$/);
    await page.getByTestId('return-form').waitFor();
    await page.getByTestId(`return-qty-${s.chairLine}`).fill('3');
    await page.getByText('At most 2').waitFor(); // only two were delivered
    assert.ok(await page.getByTestId('confirm-return').isDisabled());
    await page.getByTestId(`return-qty-${s.chairLine}`).fill('1');
    await page.getByTestId('confirm-return').click();
    await page.waitForURL(/\/sales\/returns\/\d+$/);
    s.return = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('return-credit-note').click();
    await page.waitForURL(/\/accounting\/invoices\/\d+$/);
    s.creditNote = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('[data-testid=invoice-page][data-state=posted]').waitFor();
    assert.match(plain(await page.getByTestId('invoice-total').innerText()), /145\.20/, 'one chair: 120.00 + 21 %');
    const after = await stockOf(ctx, s.chair.id);
    assert.equal(Number(after.on_hand) - Number(before.on_hand), 1, 'the chair is back on hand');
  });

  await step('sales: the customer 360 on the partner page shows the order, invoice, credit note and payment', async () => {
    await page.goto(`/partners/${s.customer}`);
    await page.getByTestId('customer-360').waitFor();
    await page.locator('[data-testid=c360-orders]', { hasText: 'SO/' }).waitFor();
    await page.locator('[data-testid=c360-invoices] [data-testid=c360-invoice-link][data-type=out_refund]').waitFor();
    await page.locator('[data-testid=c360-invoices] [data-testid=c360-invoice-link][data-type=out_invoice]').waitFor();
    await page.locator('[data-testid=c360-payments]', { hasText: '435.60' }).waitFor();
    assert.match(plain(await page.getByTestId('c360-balance').innerText()), /[−-]145\.20/, 'the credit note is owed to the customer');
    await page.getByTestId('c360-limit').waitFor();
    await page.locator('[data-testid=c360-top]', { hasText: CHAIR.sku }).waitFor();
  });

  await step('sales: over the credit limit, confirm is refused clearly; the override confirms', async () => {
    const order = await ok(ctx, 'POST', '/api/v1/sales/orders', { partner_id: s.tight, lines: [{ product_id: s.chair.id, quantity: '1', tax_ids: [s.tax.id] }] });
    s.tightOrder = order.id;
    await page.goto(`/sales/orders/${order.id}`);
    await page.locator('[data-testid=credit-card][data-over=true]').waitFor();
    await page.getByTestId('confirm-order').click();
    await page.locator('[data-testid=confirm-problem][data-code=credit_limit_exceeded]').waitFor();
    assert.equal((await ok(ctx, 'GET', `/api/v1/sales/orders/${order.id}`)).state, 'draft', 'nothing confirmed');
    await page.getByTestId('credit-override').click();
    await page.getByTestId('confirm-order').click();
    await page.locator('[data-testid=order-page][data-state=confirmed]').waitFor();
    await page.getByTestId('credit-overridden').waitFor();
  });
  await step('sales: a lot-tracked product is picked from the lot typed beside the scanner; shipping takes it from that lot', async () => {
    const honey = await product(ctx, { sku: 'E2E-HONEY', names: { en: 'Honey jar' }, list_price: '8.00', standard_cost: '3.00', tracking: 'lot' }, {});
    const lot = `H-${Date.now() % 1000000}`;
    await ok(ctx, 'POST', '/api/v1/inventory/receipts', { product_id: honey.id, quantity: '3', unit_cost: '3.00', lots: [{ lot_name: lot, quantity: '3', expiry_date: '2030-01-01' }] });
    const order = await ok(ctx, 'POST', '/api/v1/sales/orders', { partner_id: s.customer, confirm: true, lines: [{ product_id: honey.id, quantity: '2', tax_ids: [s.tax.id] }] });
    assert.equal(order.state, 'confirmed');
    const delivery = (await ok(ctx, 'GET', `/api/v1/sales/deliveries?order_id=${order.id}`)).items[0];
    await page.goto(`/sales/deliveries/${delivery.id}`);
    await page.getByTestId('scan-lot').fill(lot);
    await scan(page, '2*E2E-HONEY');
    await page.getByTestId('scan-ok').waitFor();
    await page.locator('[data-testid=dline-lots]', { hasText: lot }).waitFor();
    const picked = await ok(ctx, 'GET', `/api/v1/sales/deliveries/${delivery.id}`);
    assert.deepEqual(picked.lines[0].picks.map((p) => [p.lot, p.quantity]), [[lot, '2']]);
    await ok(ctx, 'POST', `/api/v1/sales/deliveries/${delivery.id}/pack`, { package_count: 1 });
    await ok(ctx, 'POST', `/api/v1/sales/deliveries/${delivery.id}/ship`, { carrier: 'DPD', tracking_number: 'E2E-LOT' });
    const left = (await stockOf(ctx, honey.id)).locations.find((l) => l.lot_name === lot);
    assert.equal(left?.on_hand, '1', 'two of the lot left with the delivery');
  });
}

/** Screenshots of the sales screens (quote → order → delivery → invoice → return, customer 360) in language `code`. */
export async function screens(ctx, code) {
  const { page, shot } = ctx;
  const s = ctx.state.sales ?? {};
  await page.goto('/sales/quotes');
  await page.locator('[data-testid=quote-link]').first().waitFor();
  await shot(page, `${code}-sales-quote-list`);
  if (s.quote) {
    await page.goto(`/sales/quotes/${s.quote}`);
    await page.getByTestId('quote-page').waitFor();
    await shot(page, `${code}-sales-quote`);
  }
  await page.goto(`/sales/quotes/new?partner=${s.customer}`);
  await page.getByTestId('quote-form').waitFor();
  await pickOption(page, 'qline-0-product', CHAIR.sku.slice(0, 6), CHAIR.sku);
  await page.getByTestId('qline-0-discount').fill('12.5');
  await page.locator('[data-testid=live-totals][data-state=idle] [data-testid=live-total]').filter({ hasText: /[\d۰-۹]/ }).waitFor();
  await shot(page, `${code}-sales-quote-form`);
  if (s.desk) {
    await page.getByTestId('add-qline').click();
    await pickOption(page, 'qline-1-product', DESK.sku.slice(0, 6), DESK.sku);
    await page.getByTestId('qline-1-configure').click();
    await page.getByTestId('config-frame-steel').click();
    await shot(page, `${code}-sales-configurator`);
    await page.keyboard.press('Escape');
  }
  await page.goto('/sales/orders');
  await page.locator('[data-testid=order-link]').first().waitFor();
  await shot(page, `${code}-sales-order-list`);
  if (s.order) {
    await page.goto(`/sales/orders/${s.order}`);
    await page.getByTestId('order-lines').waitFor();
    await page.getByTestId('order-invoice-link').first().waitFor();
    await shot(page, `${code}-sales-order`);
  }
  if (s.tightOrder) {
    await page.goto(`/sales/orders/${s.tightOrder}`);
    await page.getByTestId('credit-card').waitFor();
    await shot(page, `${code}-sales-order-credit`);
  }
  await page.goto('/sales/deliveries');
  await page.locator('[data-testid=delivery-link]').first().waitFor();
  await shot(page, `${code}-sales-delivery-list`);
  if (s.delivery) {
    await page.goto(`/sales/deliveries/${s.delivery}`);
    await page.getByTestId('delivery-lines').waitFor();
    await shot(page, `${code}-sales-delivery-shipped`);
    const shipped = await ok(ctx, 'GET', `/api/v1/sales/deliveries/${s.delivery}`);
    if (shipped.backorder_id) {
      await page.goto(`/sales/deliveries/${shipped.backorder_id}`);
      await page.getByTestId('scan-input').waitFor();
      await scan(page, 'UNKNOWN-CODE');
      await page.getByTestId('scan-error').waitFor();
      await shot(page, `${code}-sales-delivery-scanner`);
    }
  }
  await page.goto('/sales/returns');
  await page.getByTestId('return-list').waitFor();
  await shot(page, `${code}-sales-return-list`);
  if (s.order) {
    await page.goto(`/sales/returns/new?order=${s.order}`);
    await page.getByTestId('return-form').waitFor();
    await shot(page, `${code}-sales-return-form`);
  }
  if (s.return) {
    await page.goto(`/sales/returns/${s.return}`);
    await page.getByTestId('return-credit-note').waitFor();
    await shot(page, `${code}-sales-return`);
  }
  await page.goto('/sales/pricelists');
  await page.getByTestId('pricelist-list').waitFor();
  await shot(page, `${code}-sales-pricelists`);
  await page.goto('/sales/pricelists/new');
  await page.getByTestId('pricelist-form').waitFor();
  await shot(page, `${code}-sales-pricelist-form`);
  if (s.customer) {
    await page.goto(`/partners/${s.customer}`);
    await page.locator('[data-testid=c360-orders] .ant-table-row').first().waitFor();
    await shot(page, `${code}-sales-customer-360`);
  }
}
