#!/usr/bin/env node
// The order-to-cash workload driver, modelled on TPC-C's five transactions, against a running
// `keel serve` over HTTP. Prints numbers; asserts nothing.
//
//   node bench/o2c.mjs --base URL --token TOKEN --clients N --seconds S [--warehouses W]
//                      [--mix NAME=WEIGHT,…] [--think-ms T] [--seed-only]
//
// Scale (per warehouse, as TPC-C scales by warehouses): 10 sales regions × 30 customers, and a
// catalog of 200 products stocked in every warehouse. The mix, per client, by weight:
//   New-Order    45  create and confirm a sales order of 5–15 lines in one call (credit check,
//                    reservation)
//   Payment      43  register a customer payment
//   Order-Status  4  the customer 360 (GET /api/v1/partners/{id}/overview)
//   Delivery      4  ship (pick, pack, ship) and invoice the oldest open orders, up to 10 (as
//                    TPC-C's Delivery takes one order per district), so orders do not pile up
//   Stock-Level   4  the low-stock query (GET /api/v1/inventory/replenishment)
// Seeding happens once per database (a marker product tells); --seed-only stops after it.
// --mix NAME=WEIGHT,… replaces the mix (bench/o2c.sh runs New-Order and Payment 50/50 to
// compare with the raw baseline, which makes the same writes for those two).
import { client, items, parseArgs } from './client.mjs';

const args = parseArgs(process.argv.slice(2));
const BASE = args.base;
const TOKEN = args.token;
const CLIENTS = Number(args.clients ?? 1);
const SECONDS = Number(args.seconds ?? 5);
const WAREHOUSES = Number(args.warehouses ?? 1);
const PRODUCTS = 200;
const REGIONS = 10;
const CUSTOMERS_PER_REGION = 30;
const DELIVERY_BATCH = 10;
// --think-ms T: each client waits a random time (exponential, mean T ms) after each
// transaction, as TPC-C's terminals think between screens; the load offered is then
// about CLIENTS × 1000 / T transactions/s, and p99 is latency under that load rather than the
// queue of a saturated server. 0 (the default) runs flat out.
const THINK_MS = Number(args['think-ms'] ?? 0);
if (!BASE || !TOKEN) {
  console.error('usage: o2c.mjs --base URL --token TOKEN [--clients N] [--seconds S] [--warehouses W]');
  process.exit(2);
}
const { call, must } = client(BASE, TOKEN);

const today = new Date().toISOString().slice(0, 10);
let random = 42;
function rand(n) {
  random = (random * 1103515245 + 12345) % 2147483648;
  // The high bits: an LCG's low bits repeat with short periods.
  return Math.floor((random / 2147483648) * n);
}

// ---- seeding -----------------------------------------------------------------------------------

async function pagedAll(path) {
  const all = [];
  let after = '';
  for (;;) {
    const page = await must('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${after}`);
    all.push(...items(page));
    const next = page.next_cursor ?? page.next_after ?? null;
    if (!next) return all;
    after = `&after=${encodeURIComponent(next)}&cursor=${encodeURIComponent(next)}`;
  }
}

async function seed() {
  const accounts = items(await must('GET', '/api/v1/accounting/accounts?limit=1000'));
  if (accounts.length === 0) await must('POST', '/api/v1/accounting/setup', {});
  const existing = await call('GET', '/api/v1/inventory/products/lookup?code=O2C-MARKER');
  let warehouses = items(await must('GET', '/api/v1/inventory/warehouses'));
  if (existing.status !== 200) {
    while (warehouses.length < WAREHOUSES) {
      await must('POST', '/api/v1/inventory/warehouses', { code: `W${warehouses.length + 1}`, name: `Warehouse ${warehouses.length + 1}` });
      warehouses = items(await must('GET', '/api/v1/inventory/warehouses'));
    }
    for (let p = 1; p <= PRODUCTS; p++) {
      const product = await must('POST', '/api/v1/inventory/products', {
        sku: `O2C-${p}`, names: { en: `Bench item ${p}` }, type: 'stockable', list_price: `${10 + (p % 90)}.50`, standard_cost: `${5 + (p % 40)}.25`,
      });
      for (const warehouse of warehouses.slice(0, WAREHOUSES)) {
        await must('POST', '/api/v1/inventory/receipts', {
          date: today, warehouse_id: warehouse.id, product_id: product.id, quantity: '100000', unit_cost: `${5 + (p % 40)}.25`,
        });
        await must('POST', '/api/v1/inventory/reorder-rules', {
          product_id: product.id, warehouse_id: warehouse.id, min: '99990', max: '100000',
        });
      }
    }
    for (let w = 1; w <= WAREHOUSES; w++) {
      for (let region = 1; region <= REGIONS; region++) {
        for (let c = 1; c <= CUSTOMERS_PER_REGION; c++) {
          await must('POST', '/api/v1/partners', {
            kind: 'organization', name: `Customer ${w}-${region}-${c}`, roles: ['customer'],
            tags: [`region-${w}-${region}`], currency: 'EUR', credit_limit: '100000000.00',
          });
        }
      }
    }
    await must('POST', '/api/v1/inventory/products', { sku: 'O2C-MARKER', names: { en: 'Benchmark seeded' }, type: 'service', list_price: '0' });
  }
  const products = (await pagedAll('/api/v1/inventory/products?q=O2C-')).filter((p) => /^O2C-\d+$/.test(p.sku));
  const customers = (await pagedAll('/api/v1/partners?role=customer&q=Customer')).filter((c) => /^Customer \d+-\d+-\d+$/.test(c.name));
  const skus = new Map(products.map((p) => [p.id, p.sku]));
  return { warehouses: warehouses.slice(0, WAREHOUSES), products, customers, skus };
}

// ---- the five transactions ---------------------------------------------------------------------

const openOrders = []; // confirmed, not yet shipped: Delivery takes the oldest

async function newOrder(world) {
  const warehouse = world.warehouses[rand(world.warehouses.length)];
  const partner = world.customers[rand(world.customers.length)];
  const count = 5 + rand(11);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const product = world.products[rand(world.products.length)];
    lines.push({ product_id: product.id, quantity: String(1 + rand(10)) });
  }
  // Created and confirmed in one call and one transaction, as TPC-C's New-Order is one.
  const order = await must('POST', '/api/v1/sales/orders', {
    partner_id: partner.id, currency: 'EUR', date: today, warehouse_id: warehouse.id,
    invoice_policy: 'delivered', allow_backorder: true, confirm: true, lines,
  });
  openOrders.push(order.id);
}

async function payment(world) {
  const partner = world.customers[rand(world.customers.length)];
  await must('POST', '/api/v1/accounting/payments', {
    partner_id: partner.id, partner_type: 'customer', direction: 'inbound', journal: 'bank',
    date: today, amount: `${1 + rand(500)}.00`,
  });
}

async function orderStatus(world) {
  const partner = world.customers[rand(world.customers.length)];
  await must('GET', `/api/v1/partners/${partner.id}/overview`);
}

async function deliverOne(world, orderId) {
  const deliveries = items(await must('GET', `/api/v1/sales/deliveries?order_id=${orderId}`));
  for (const d of deliveries.filter((x) => x.state === 'ready')) {
    const full = await must('GET', `/api/v1/sales/deliveries/${d.id}`);
    // Stock is ample (100 000 of each product), so every line is fully reserved.
    const lines = full.lines.map((l) => ({ code: world.skus.get(l.product_id), quantity: l.quantity }));
    await must('POST', `/api/v1/sales/deliveries/${d.id}/pick`, { lines });
    await must('POST', `/api/v1/sales/deliveries/${d.id}/pack`, { package_count: 1, weight: '1' });
    await must('POST', `/api/v1/sales/deliveries/${d.id}/ship`, { carrier: 'DHL', tracking_number: `T${d.id}` });
  }
  await must('POST', `/api/v1/sales/orders/${orderId}/invoice`, {});
}

async function delivery(world) {
  const batch = openOrders.splice(0, DELIVERY_BATCH);
  if (batch.length === 0) return false;
  for (const orderId of batch) await deliverOne(world, orderId);
  return true;
}

async function stockLevel(world) {
  const warehouse = world.warehouses[rand(world.warehouses.length)];
  await must('GET', `/api/v1/inventory/replenishment?warehouse_id=${warehouse.id}`);
}

const TRANSACTIONS = { 'new-order': newOrder, payment, 'order-status': orderStatus, delivery, 'stock-level': stockLevel };
// --mix new-order=50,payment=50 runs another mix (the raw baseline's, for the ratio).
const MIX = (args.mix ?? 'new-order=45,payment=43,order-status=4,delivery=4,stock-level=4')
  .split(',')
  .map((part) => {
    const [name, weight] = part.split('=');
    if (!TRANSACTIONS[name] || !(Number(weight) > 0)) throw new Error(`--mix: ${part}`);
    return [name, Number(weight), TRANSACTIONS[name]];
  });
const MIX_TOTAL = MIX.reduce((sum, entry) => sum + entry[1], 0);

function pick() {
  let roll = rand(MIX_TOTAL);
  for (const entry of MIX) {
    if (roll < entry[1]) return entry;
    roll -= entry[1];
  }
  return MIX[0];
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
}

async function main() {
  const world = await seed();
  if (args['seed-only']) {
    console.log(`seeded: ${world.warehouses.length} warehouses, ${world.products.length} products, ${world.customers.length} customers`);
    return;
  }
  const samples = Object.fromEntries(MIX.map(([name]) => [name, []]));
  const errors = Object.fromEntries(MIX.map(([name]) => [name, 0]));
  const firstError = {};
  const deadline = Date.now() + SECONDS * 1000;
  const think = async () => {
    if (THINK_MS <= 0) return;
    const wait = -Math.log(1 - Math.random()) * THINK_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - Date.now())));
  };
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    // Thinking clients start with a think too, so they do not all send at the same instant.
    await think();
    while (Date.now() < deadline) {
      const [name, , run] = pick();
      const started = performance.now();
      try {
        const done = await run(world);
        if (done === false) continue;
        samples[name].push(performance.now() - started);
      } catch (error) {
        errors[name]++;
        firstError[name] ??= String(error.message ?? error).slice(0, 200);
      }
      await think();
    }
  }));
  for (const [name] of MIX) {
    const sorted = samples[name].sort((a, b) => a - b);
    const rate = sorted.length / SECONDS;
    console.log(`${name.padEnd(13)} ${String(CLIENTS).padStart(2)} clients: ${rate.toFixed(1).padStart(8)} tx/s   p50 ${percentile(sorted, 0.5).toFixed(1).padStart(7)} ms   p99 ${percentile(sorted, 0.99).toFixed(1).padStart(7)} ms${errors[name] ? `   errors ${errors[name]} (${firstError[name]})` : ''}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
