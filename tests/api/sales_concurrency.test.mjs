// Concurrent order confirmation over HTTP: N units in stock, 30 clients confirm one-unit orders
// at the same moment. Exactly N orders are confirmed and reserved (the sum of reservations is
// N, on hand unchanged), the others get stock_insufficient (allow_backorder false) or, with
// backorders allowed, confirm with nothing reserved; `keel check` is green afterwards. And a
// credit limit holds the same way: orders confirmed at once for one customer never pass it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { engines, startWorld, KEEL_BIN, idempotencyKey } from './harness.mjs';

const STOCK = 7;
const CLIENTS = 30;

async function post(server, token, path, body, expected) {
  const r = await server.call('POST', path, { token, body, headers: { 'idempotency-key': idempotencyKey() } });
  if (expected !== undefined) assert.equal(r.status, expected, `${path}: ${r.status} ${r.text ?? JSON.stringify(r.json)}`);
  return r;
}

async function setUp(server, token, sku) {
  // Receipts and deliveries post to the books: the chart and the fiscal year first.
  await post(server, token, '/api/v1/accounting/setup', {}, 201);
  const product = await post(server, token, '/api/v1/inventory/products', {
    type: 'stockable', sku, names: { en: `Contended ${sku}` }, list_price: '10.00', standard_cost: '4.00',
  }, 201);
  await post(server, token, '/api/v1/inventory/receipts', { product_id: product.json.id, quantity: String(STOCK), date: '2026-03-01' }, 201);
  const partner = await post(server, token, '/api/v1/partners', { kind: 'organization', name: `Buyer ${sku}`, roles: ['customer'] }, 201);
  return { product: product.json.id, partner: partner.json.id };
}

async function draftOrders(server, token, { product, partner }, allowBackorder) {
  const ids = [];
  for (let i = 0; i < CLIENTS; i++) {
    const r = await post(server, token, '/api/v1/sales/orders', {
      partner_id: partner, date: '2026-03-02', allow_backorder: allowBackorder,
      lines: [{ product_id: product, quantity: '1' }],
    }, 201);
    ids.push(r.json.id);
  }
  return ids;
}

async function stockOf(server, token, product) {
  const r = await server.call('GET', `/api/v1/inventory/products/${product}/stock`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** Runs `body` against a fresh world, then proves `keel check` green on its database. */
async function inWorld(engine, body) {
  const world = await startWorld(engine);
  try {
    await body(world);
    await world.server.stop();
    execFileSync(KEEL_BIN, ['check', '--db', world.db.url], { encoding: 'utf8' });
  } finally {
    await world.server.stop(); // a failed assertion must not leave the server running
    world.db.drop();
  }
}

for (const engine of engines()) {
  describe(`sales concurrency on ${engine}`, () => {
    it(`${CLIENTS} clients confirming at once reserve exactly what is in stock`, async () => {
      await inWorld(engine, async ({ server, a }) => {
        const setup = await setUp(server, a.token, 'RACE-1');
        const ids = await draftOrders(server, a.token, setup, false);
        const results = await Promise.all(ids.map((id) => post(server, a.token, `/api/v1/sales/orders/${id}/confirm`, {})));
        const confirmed = results.filter((r) => r.status === 200);
        const refused = results.filter((r) => r.status === 409 && r.json?.code === 'stock_insufficient');
        assert.equal(confirmed.length, STOCK, results.map((r) => `${r.status} ${r.json?.code ?? ''}`).join(', '));
        assert.equal(refused.length, CLIENTS - STOCK);
        const reserved = confirmed.reduce((sum, r) => sum + Number(r.json.lines[0].reserved), 0);
        assert.equal(reserved, STOCK);
        const numbers = confirmed.map((r) => r.json.number).sort();
        assert.deepEqual(numbers, Array.from({ length: STOCK }, (_, i) => `SO/2026/${String(i + 1).padStart(5, '0')}`));
        const stock = await stockOf(server, a.token, setup.product);
        assert.equal(stock.on_hand, String(STOCK));
        assert.equal(stock.reserved, String(STOCK));
        assert.equal(stock.available, '0');
        const drafts = await server.call('GET', `/api/v1/sales/orders?state=draft&partner_id=${setup.partner}&limit=100`, { token: a.token });
        assert.equal(drafts.status, 200, drafts.text);
        assert.equal(drafts.json.items.length, CLIENTS - STOCK, 'a refused confirmation leaves its order a draft');
      });
    });

    it('orders confirmed at once for one customer never pass its credit limit', async () => {
      await inWorld(engine, async ({ server, a }) => {
        const setup = await setUp(server, a.token, 'CREDIT-1');
        await post(server, a.token, '/api/v1/inventory/receipts', { product_id: setup.product, quantity: '100', date: '2026-03-01' }, 201);
        // Limit 100.00; each order is 3 × 10.00 = 30.00 without tax: three fit, the fourth would not.
        const buyer = await post(server, a.token, '/api/v1/partners', {
          kind: 'organization', name: 'Buyer on credit', roles: ['customer'], currency: 'EUR', credit_limit: '100.00',
        }, 201);
        const ids = [];
        for (let i = 0; i < 10; i++) {
          const r = await post(server, a.token, '/api/v1/sales/orders', {
            partner_id: buyer.json.id, date: '2026-03-02', lines: [{ product_id: setup.product, quantity: '3' }],
          }, 201);
          assert.equal(r.json.total, '30.00');
          ids.push(r.json.id);
        }
        const results = await Promise.all(ids.map((id) => post(server, a.token, `/api/v1/sales/orders/${id}/confirm`, {})));
        const confirmed = results.filter((r) => r.status === 200);
        const refused = results.filter((r) => r.status === 409 && r.json?.code === 'credit_limit_exceeded');
        assert.equal(confirmed.length, 3, results.map((r) => `${r.status} ${r.json?.code ?? ''}`).join(', '));
        assert.equal(refused.length, 7);
        const order = await server.call('GET', `/api/v1/sales/orders/${ids[0]}`, { token: a.token });
        assert.equal(order.status, 200, order.text);
        assert.equal(order.json.credit.limit, '100.00');
        assert.equal(order.json.credit.open_orders, order.json.state === 'confirmed' ? '60.00' : '90.00');
      });
    });

    it('an order created with confirm: true is confirmed by the same call, or not created at all', async () => {
      await inWorld(engine, async ({ server, a }) => {
        const setup = await setUp(server, a.token, 'ONE-CALL');
        const made = await post(server, a.token, '/api/v1/sales/orders', {
          partner_id: setup.partner, date: '2026-03-02', allow_backorder: false, confirm: true,
          lines: [{ product_id: setup.product, quantity: '5' }],
        }, 201);
        assert.equal(made.json.state, 'confirmed');
        assert.equal(made.json.number, 'SO/2026/00001');
        assert.equal(made.json.lines[0].reserved, '5');
        const refused = await post(server, a.token, '/api/v1/sales/orders', {
          partner_id: setup.partner, date: '2026-03-02', allow_backorder: false, confirm: true,
          lines: [{ product_id: setup.product, quantity: '3' }],
        }, 409);
        assert.equal(refused.json.code, 'stock_insufficient');
        const orders = await server.call('GET', `/api/v1/sales/orders?partner_id=${setup.partner}&limit=100`, { token: a.token });
        assert.equal(orders.status, 200, orders.text);
        assert.equal(orders.json.items.length, 1, 'the refused order was not kept as a draft');
        const stock = await stockOf(server, a.token, setup.product);
        assert.equal(stock.reserved, '5');
      });
    });

    it('with backorders every order confirms and the reservations still sum to the stock', async () => {
      await inWorld(engine, async ({ server, a }) => {
        const setup = await setUp(server, a.token, 'RACE-2');
        const ids = await draftOrders(server, a.token, setup, true);
        const results = await Promise.all(ids.map((id) => post(server, a.token, `/api/v1/sales/orders/${id}/confirm`, {})));
        assert.ok(results.every((r) => r.status === 200), results.map((r) => `${r.status} ${r.json?.code ?? ''}`).join(', '));
        const reserved = results.reduce((sum, r) => sum + Number(r.json.lines[0].reserved), 0);
        assert.equal(reserved, STOCK);
        const stock = await stockOf(server, a.token, setup.product);
        assert.equal(stock.on_hand, String(STOCK));
        assert.equal(stock.reserved, String(STOCK));
      });
    });
  });
}
