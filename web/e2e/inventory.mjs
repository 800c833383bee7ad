// End-to-end steps of the inventory screens, run by run.mjs after the accounting steps.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state }. Alone (KEEL_E2E_ONLY=inventory)
// the accounting chart is set up here: valued moves post to it.
import assert from 'node:assert/strict';

const TEE = 'TEE-E2E';
const HONEY = 'HONEY-E2E';
const SHELF = 'Shelf E2E';
const SHELF_BARCODE = 'LOC-SHELF-E2E';
const LOT = 'L-E2E-1';

async function api(ctx, method, url, body) {
  return ctx.apiFromPage(ctx.page, method, url, body === undefined ? undefined : JSON.stringify(body));
}

async function ensureAccounting(ctx) {
  if (ctx.state.accountingReady) return;
  const accounts = await api(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000');
  assert.equal(accounts.status, 200, accounts.text);
  if (accounts.json.items.length === 0) {
    const setup = await api(ctx, 'POST', '/api/v1/accounting/setup', {});
    assert.ok([200, 201].includes(setup.status), `setup: ${setup.text}`);
  }
  ctx.state.accountingReady = true;
}

/** The quantity a Qty element shows, as the exact decimal it was given. */
async function qty(page, testId) {
  const el = page.getByTestId(testId).first();
  await el.waitFor();
  return el.getAttribute('data-value');
}

/** Waits until the Qty element shows `value` (the page reloads its data after a command). */
async function waitQty(page, testId, value) {
  await page.locator(`[data-testid="${testId}"][data-value="${value}"]`).first().waitFor();
}

/** Types values into an antd tags select, each closed by a comma (a token separator). */
async function typeTags(page, testId, values) {
  await page.getByTestId(testId).click();
  for (const value of values) {
    await page.keyboard.type(`${value},`, { delay: 15 });
  }
  for (const value of values) {
    await page.getByTestId(testId).locator('.ant-select-selection-item', { hasText: value }).first().waitFor();
  }
}

/** Picks a location in a LocationSelect by typing part of its name. */
async function pickLocation(ctx, testId, text) {
  const { page } = ctx;
  await page.getByTestId(testId).click();
  await page.keyboard.type(text, { delay: 10 });
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** The steps that drive the inventory screens. */
export async function run(ctx) {
  const { page, step } = ctx;
  const inv = ctx.state.inventory = {};

  await step('inventory: accounting is set up for valued moves', async () => {
    await ensureAccounting(ctx);
  });

  await step('inventory: a T-shirt with size × colour variants by keyboard, previewed, then listed with SKUs and prices', async () => {
    await page.goto('/inventory');
    await page.getByTestId('product-list').waitFor();
    await page.getByTestId('inv-nav-products').waitFor();
    await page.getByTestId('new-product').click();
    await page.waitForURL(/\/inventory\/products\/new$/);
    await page.getByTestId('product-form').waitFor();
    await page.getByTestId('field-sku').fill(TEE);
    await page.getByTestId('field-name-en').fill('E2E T-shirt');
    await page.getByTestId('field-name-fa').fill('تی‌شرت آزمایشی');
    await page.getByTestId('field-list-price').fill('15.00');
    await page.getByTestId('add-attribute').click();
    await page.getByTestId('attribute-0-name').fill('size');
    await typeTags(page, 'attribute-0-values', ['S', 'M', 'L']);
    await page.getByTestId('attribute-0-extra-L').fill('2.00');
    await page.getByTestId('add-attribute').click();
    await page.getByTestId('attribute-1-name').fill('colour');
    await typeTags(page, 'attribute-1-values', ['red', 'blue']);
    await page.getByTestId('attribute-1-extra-blue').fill('0.50');
    const preview = page.getByTestId('variant-preview');
    await preview.waitFor();
    assert.equal(await preview.locator('.ant-table-row').count(), 6, 'six combinations previewed');
    const last = preview.locator('.ant-table-row', { hasText: `${TEE}-L-BLUE` });
    assert.match(await last.innerText(), /17\.50/, 'L + blue: 15.00 + 2.00 + 0.50');
    await page.getByTestId('field-sku').focus();
    await page.keyboard.press('Enter'); // submit from the keyboard
    await page.waitForURL(/\/inventory\/products\/\d+$/);
    inv.tee = Number(new URL(page.url()).pathname.split('/').pop());
    const list = page.getByTestId('variant-list');
    await list.waitFor();
    await page.getByTestId(`variant-row-${TEE}-L-BLUE`).waitFor();
    assert.equal(await list.locator('.ant-table-row').count(), 6);
    assert.match(await page.getByTestId(`variant-row-${TEE}-L-BLUE`).innerText(), /17\.50/);
    assert.match(await page.getByTestId(`variant-row-${TEE}-S-RED`).innerText(), /15\.00/);
    const template = await api(ctx, 'GET', `/api/v1/inventory/products/${inv.tee}`);
    assert.equal(template.json.is_template, true);
    assert.equal(template.json.variant_count, 6);
  });

  await step('inventory: a bad barcode shows the server’s error on the barcode field; corrected, the product is created', async () => {
    await page.goto('/inventory/products/new');
    await page.getByTestId('product-form').waitFor();
    await page.getByTestId('field-sku').fill(HONEY);
    await page.getByTestId('field-barcode').fill('4006381333932'); // EAN-13 with a wrong check digit
    await page.getByTestId('field-name-en').fill('E2E Honey');
    await ctx.chooseOption(page, page.getByTestId('field-tracking'), 'By lot');
    await page.getByTestId('field-list-price').fill('9.90');
    await page.getByTestId('field-standard-cost').fill('4.20');
    await page.getByTestId('save-product').click();
    const barcodeItem = page.locator('.ant-form-item-has-error', { has: page.locator('#product_barcode') });
    await barcodeItem.waitFor();
    assert.match(await barcodeItem.innerText(), /check digit|barcode/i, 'the server’s message is beside the barcode');
    await page.locator('.keel-api-error').first().waitFor();
    const none = await api(ctx, 'GET', `/api/v1/inventory/products?q=${HONEY}`);
    assert.equal(none.json.items.length, 0, 'a refused product is not created');
    await page.getByTestId('field-barcode').fill('4006381333931');
    await page.getByTestId('save-product').click();
    await page.waitForURL(/\/inventory\/products\/\d+$/);
    inv.honey = Number(new URL(page.url()).pathname.split('/').pop());
    const honey = await api(ctx, 'GET', `/api/v1/inventory/products/${inv.honey}`);
    assert.equal(honey.json.tracking, 'lot');
    assert.equal(honey.json.barcode, '4006381333931');
  });

  await step('inventory: a warehouse and a shelf location with a barcode in the tree', async () => {
    await page.goto('/inventory/warehouses');
    await page.getByTestId('warehouses').waitFor();
    await page.getByTestId('warehouse-code').fill('E2E');
    await page.getByTestId('warehouse-name').fill('E2E warehouse');
    await page.getByTestId('warehouse-create').click();
    await page.getByTestId('warehouse-row-E2E').waitFor();
    await pickLocation(ctx, 'location-parent', 'E2E/Stock');
    await page.getByTestId('location-name').fill(SHELF);
    await page.getByTestId('location-barcode-input').fill(SHELF_BARCODE);
    await page.getByTestId('location-create').click();
    const row = page.locator('[data-testid=location-tree] .ant-table-row', { hasText: SHELF_BARCODE });
    await row.waitFor();
    const found = await api(ctx, 'GET', `/api/v1/inventory/locations?barcode=${SHELF_BARCODE}`);
    assert.equal(found.status, 200, found.text);
    inv.shelf = found.json.items[0].id;
    const warehouses = (await api(ctx, 'GET', '/api/v1/inventory/warehouses')).json.items;
    inv.warehouse = warehouses.find((w) => w.code === 'E2E');
    assert.ok(inv.warehouse, 'the warehouse is listed by the API');
  });

  await step('inventory: receive 10 of a lot with expiry into the shelf: on hand and available update on the stock page', async () => {
    await page.goto(`/inventory/products/${inv.honey}/stock`);
    await page.getByTestId('product-stock').waitFor();
    assert.equal(await qty(page, 'stock-on_hand'), '0');
    await page.getByTestId('stock-receive').click();
    await page.waitForURL(/\/inventory\/moves\/receive\?product_id=\d+$/);
    await page.getByTestId('receipt-form').waitFor();
    await page.getByTestId('lot-0-name').waitFor(); // a lot-tracked product asks for lots
    await page.getByTestId('field-quantity').fill('10');
    await page.getByTestId('field-unit-cost').fill('4.20');
    await page.getByTestId('receipt-value').filter({ hasText: '42.00' }).waitFor();
    await pickLocation(ctx, 'field-location', SHELF);
    await page.getByTestId('lot-0-name').fill(LOT);
    await page.getByTestId('lot-0-quantity').fill('10');
    await page.getByTestId('lot-0-expiry').click();
    await page.keyboard.type('2030-12-31');
    // Enter takes the typed date and submits the form, as it does for a keyboard user.
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/inventory/products/${inv.honey}/stock$`));
    await waitQty(page, 'stock-on_hand', '10');
    assert.equal(await qty(page, 'stock-available'), '10');
    const row = page.locator('[data-testid=stock-rows] .ant-table-row', { hasText: LOT });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(SHELF));
    await page.locator('[data-testid=moves-value]').filter({ hasText: '42.00' }).waitFor();
    const moves = await api(ctx, 'GET', `/api/v1/inventory/moves?product_id=${inv.honey}`);
    assert.equal(moves.json.items.length, 1);
    assert.equal(moves.json.items[0].value, '42.00');
    assert.equal(moves.json.items[0].lots[0].lot_name, LOT);
    const stock = await api(ctx, 'GET', `/api/v1/inventory/products/${inv.honey}/stock`);
    assert.equal(stock.json.locations[0].expiry_date, '2030-12-31');
  });

  await step('inventory: transfer 4 of the lot from the shelf to the warehouse stock', async () => {
    await page.getByTestId('stock-transfer').click();
    await page.getByTestId('transfer-form').waitFor();
    await pickLocation(ctx, 'field-from', SHELF);
    await page.getByTestId('available-here').filter({ hasText: '10' }).waitFor();
    await ctx.chooseOption(page, page.getByTestId('field-lot'), LOT);
    await pickLocation(ctx, 'field-to', 'E2E/Stock');
    await page.getByTestId('field-quantity').fill('4');
    await page.getByTestId('submit-transfer').click();
    await page.waitForURL(new RegExp(`/inventory/products/${inv.honey}/stock$`));
    await page.locator('[data-testid=stock-rows] .ant-table-row').nth(1).waitFor();
    const shelfRow = page.getByTestId(`stock-row-${inv.shelf}-${LOT}`);
    await shelfRow.locator('[data-testid=row-on-hand][data-value="6"]').waitFor();
    await waitQty(page, 'stock-on_hand', '10'); // a transfer moves stock, it does not change it
  });

  await step('inventory: count 5 on the shelf where 6 are recorded: the difference and the adjustment are shown', async () => {
    await page.getByTestId('stock-count').click();
    await page.getByTestId('count-page').waitFor();
    await pickLocation(ctx, 'field-location', SHELF);
    await ctx.chooseOption(page, page.getByTestId('field-lot'), LOT);
    await page.locator('[data-testid=count-recorded] [data-value="6"]').waitFor();
    await page.getByTestId('field-counted').fill('5');
    await page.locator('[data-testid=count-difference] [data-value="-1"]').waitFor();
    await page.getByTestId('submit-count').click();
    await page.getByTestId('count-result').waitFor();
    assert.equal(await qty(page, 'adjustment-quantity'), '-1');
    await page.getByTestId('adjustment-value').filter({ hasText: /4\.20/ }).waitFor();
    await page.locator('[data-testid=count-history] .ant-table-row').first().waitFor();
    await page.goto(`/inventory/products/${inv.honey}/stock`);
    await waitQty(page, 'stock-on_hand', '9');
    assert.equal(await qty(page, 'stock-available'), '9');
  });

  await step('inventory: moves list filtered by product; replenishment proposes up to max', async () => {
    await page.goto(`/inventory/moves?product_id=${inv.honey}`);
    await page.getByTestId('move-list').waitFor();
    await page.locator('[data-testid=move-list] .ant-table-row').nth(2).waitFor();
    const rows = await page.locator('[data-testid=move-list] .ant-table-row').count();
    const listed = await api(ctx, 'GET', `/api/v1/inventory/moves?product_id=${inv.honey}`);
    assert.equal(rows, listed.json.items.length, 'the list shows the product’s moves');
    assert.ok(rows >= 3, `receipt, transfer and adjustment listed (${rows})`);

    await page.goto('/inventory/replenishment');
    await page.getByTestId('replenishment').waitFor();
    await ctx.chooseOption(page, page.getByTestId('rule-product'), HONEY);
    await ctx.chooseOption(page, page.getByTestId('rule-warehouse'), 'E2E warehouse');
    await page.getByTestId('rule-min').fill('20');
    await page.getByTestId('rule-max').fill('50');
    await page.getByTestId('rule-create').click();
    await page.locator('[data-testid=reorder-rules] .ant-table-row').first().waitFor();
    await page.getByTestId(`proposal-${HONEY}`).waitFor();
    // Forecast in the E2E warehouse: 4 in E2E/Stock and 5 on its shelf, no open moves: 9.
    const proposal = await api(ctx, 'GET', `/api/v1/inventory/replenishment?warehouse_id=${inv.warehouse.id}`);
    const mine = proposal.json.items.find((p) => p.product_id === inv.honey);
    assert.equal(mine.forecast, '9');
    assert.equal(mine.quantity, '41');
    assert.equal(await page.getByTestId(`proposal-${HONEY}`).getByTestId('proposal-quantity').getAttribute('data-value'), '41');
  });
}

/** Screenshots of the inventory screens in language `code`. */
export async function screens(ctx, code) {
  const { page, shot } = ctx;
  const inv = ctx.state.inventory;
  if (!inv?.honey) return;
  await page.goto('/inventory/products');
  await page.getByTestId('product-link').first().waitFor();
  await shot(page, `${code}-inv-products`);

  await page.goto(`/inventory/products/${inv.tee}`);
  await page.getByTestId('variant-list').locator('.ant-table-row').first().waitFor();
  await shot(page, `${code}-inv-product-variants`);

  await page.goto('/inventory/products/new');
  await page.getByTestId('product-form').waitFor();
  await page.getByTestId('field-sku').fill('PREVIEW');
  await page.getByTestId('field-list-price').fill('10');
  await page.getByTestId('add-attribute').click();
  await page.getByTestId('attribute-0-name').fill('size');
  await typeTags(page, 'attribute-0-values', ['S', 'M']);
  await page.getByTestId('attribute-0-extra-M').fill('1.5');
  await page.getByTestId('variant-preview').waitFor();
  await shot(page, `${code}-inv-product-form`);

  await page.goto(`/inventory/products/${inv.honey}/stock`);
  await page.locator('[data-testid=stock-rows] .ant-table-row').first().waitFor();
  await page.locator('[data-testid^=move-row-]').first().waitFor();
  if (code === 'fa') {
    const shown = await page.getByTestId('stock-on_hand').innerText();
    assert.match(shown, /۹/, `quantities in Persian digits, got ${shown}`);
  }
  await shot(page, `${code}-inv-product-stock`);

  await page.goto('/inventory/stock');
  await page.getByTestId('stock-tree').waitFor();
  await page.locator('[data-testid=overview-rows] .ant-table-row').first().waitFor();
  await shot(page, `${code}-inv-stock-overview`);

  await page.goto('/inventory/moves');
  await page.locator('[data-testid^=move-row-]').first().waitFor();
  await shot(page, `${code}-inv-moves`);

  await page.goto(`/inventory/moves/receive?product_id=${inv.honey}`);
  await page.getByTestId('lot-0-name').waitFor();
  await page.getByTestId('field-quantity').fill('3');
  await page.getByTestId('field-unit-cost').fill('4.25');
  await shot(page, `${code}-inv-receipt`);

  await page.goto(`/inventory/moves/transfer?product_id=${inv.honey}`);
  await page.getByTestId('transfer-form').waitFor();
  await shot(page, `${code}-inv-transfer`);

  await page.goto(`/inventory/moves/scrap?product_id=${inv.honey}`);
  await page.getByTestId('scrap-form').waitFor();
  await shot(page, `${code}-inv-scrap`);

  await page.goto('/inventory/warehouses');
  await page.locator('[data-testid=location-tree] .ant-table-row').first().waitFor();
  await shot(page, `${code}-inv-warehouses`);

  await page.goto('/inventory/replenishment');
  await page.locator('[data-testid=proposals] .ant-table-row').first().waitFor();
  await shot(page, `${code}-inv-replenishment`);

  await page.goto(`/inventory/counts?product_id=${inv.honey}`);
  await page.locator('[data-testid=count-history] .ant-table-row').first().waitFor();
  await shot(page, `${code}-inv-counts`);
}
