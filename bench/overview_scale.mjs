#!/usr/bin/env node
// The customer 360 at scale, against a running `keel serve` whose database bench/o2c.mjs
// seeded. Prints numbers; asserts nothing.
//
//   node bench/overview_scale.mjs --base URL --token TOKEN --history     real documents for one customer
//   node bench/overview_scale.mjs --base URL --token TOKEN --time N      time N calls of the 360
//
// --history gives the first bench customer real receivables through the API: ORDERS orders
// (default 40) confirmed, shipped and invoiced, and a payment for every other one. bench/
// overview_scale.sh then adds the bulk order history with SQL and restarts the server.
// --time calls GET /api/v1/partners/{id}/overview N times for that customer and N times for
// customers taken in turn, and prints p50 and p99 of each.
import { client, items, parseArgs } from './client.mjs';

const args = parseArgs(process.argv.slice(2));
const BASE = args.base;
const TOKEN = args.token;
const ORDERS = Number(args.orders ?? 40);
if (!BASE || !TOKEN) {
  console.error('usage: overview_scale.mjs --base URL --token TOKEN (--history | --time N)');
  process.exit(2);
}
const { must } = client(BASE, TOKEN);

const today = new Date().toISOString().slice(0, 10);

async function world() {
  const customers = items(await must('GET', '/api/v1/partners?role=customer&q=Customer&limit=200'))
    .filter((c) => /^Customer \d+-\d+-\d+$/.test(c.name));
  const products = items(await must('GET', '/api/v1/inventory/products?q=O2C-&limit=200'))
    .filter((p) => /^O2C-\d+$/.test(p.sku));
  return { customers, products };
}

async function history({ customers, products }) {
  const partner = customers[0];
  for (let i = 0; i < ORDERS; i++) {
    const lines = Array.from({ length: 5 }, (_, j) => ({ product_id: products[(i * 7 + j * 13) % products.length].id, quantity: String(1 + (j % 3)) }));
    const order = await must('POST', '/api/v1/sales/orders', { partner_id: partner.id, currency: 'EUR', date: today, invoice_policy: 'delivered', lines });
    await must('POST', `/api/v1/sales/orders/${order.id}/confirm`, {});
    for (const d of items(await must('GET', `/api/v1/sales/deliveries?order_id=${order.id}`))) {
      const full = await must('GET', `/api/v1/sales/deliveries/${d.id}`);
      await must('POST', `/api/v1/sales/deliveries/${d.id}/pick`, { lines: full.lines.map((l) => ({ code: l.sku, quantity: l.quantity })) });
      await must('POST', `/api/v1/sales/deliveries/${d.id}/pack`, { package_count: 1, weight: '1' });
      await must('POST', `/api/v1/sales/deliveries/${d.id}/ship`, { carrier: 'DHL', tracking_number: `H${d.id}` });
    }
    const invoiced = await must('POST', `/api/v1/sales/orders/${order.id}/invoice`, {});
    if (i % 2 === 0) {
      await must('POST', '/api/v1/accounting/payments', {
        partner_id: partner.id, partner_type: 'customer', direction: 'inbound', journal: 'bank', date: today,
        amount: invoiced.invoice?.total ?? '10.00',
      });
    }
  }
  console.log(`history: ${ORDERS} orders shipped and invoiced for ${partner.name}, ${Math.ceil(ORDERS / 2)} payments`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
}

async function time({ customers }, n) {
  const measure = async (label, pick) => {
    const samples = [];
    let sample = null;
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      sample = await must('GET', `/api/v1/partners/${pick(i).id}/overview`);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    console.log(`customer 360, ${label}: p50 ${percentile(samples, 0.5).toFixed(1)} ms   p99 ${percentile(samples, 0.99).toFixed(1)} ms   (${n} calls; last: ${sample.top_products?.length ?? 0} top products, ${sample.receivables?.recent_invoices?.length ?? 0} recent invoices)`);
  };
  await measure('the customer with real history', () => customers[0]);
  await measure('customers in turn', (i) => customers[i % customers.length]);
}

const w = await world();
if (args.history) await history(w);
if (args.time) await time(w, Number(args.time));
