// Tenant isolation on every route: company B's admin walks the whole route table (taken from
// the OpenAPI document, so a new route cannot escape) with company A's ids. Every route that
// names one of A's resources answers 404, no response anywhere contains A's data, and A's
// resources are unchanged afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines, startWorld, idempotencyKey } from './harness.mjs';

const MARKER = 'tenantmarker7q';

for (const engine of engines()) {
  describe(`tenant isolation on ${engine}`, () => {
    let world;
    const ids = {};
    before(async () => {
      world = await startWorld(engine);
      const api = (...args) => world.server.call(...args);
      const a = { token: world.a.token };
      const party = await api('POST', '/api/v1/partners', {
        ...a, headers: { 'idempotency-key': idempotencyKey() },
        body: { kind: 'organization', name: `Alpha ${MARKER}`, emails: [`${MARKER}@a.example`], tax_id: MARKER, credit_limit: '1000.00', currency: 'EUR' },
      });
      assert.equal(party.status, 201, party.text);
      ids.party = party.json;
      const user = await api('POST', '/api/v1/auth/users', {
        ...a, headers: { 'idempotency-key': idempotencyKey() },
        body: { email: `${MARKER}@a.example`, name: `User ${MARKER}`, password: 'password-m-1', roles: ['viewer'] },
      });
      assert.equal(user.status, 201, user.text);
      ids.user = user.json;
      const token = await api('POST', '/api/v1/auth/tokens', {
        ...a, headers: { 'idempotency-key': idempotencyKey() }, body: { name: `token ${MARKER}` },
      });
      assert.equal(token.status, 201, token.text);
      ids.token = token.json;
      await accountingFixture(api, a);
      await stockFixture(api, a);
      await crmFixture(api, a);
    });
    // Company A's CRM: a stage, a lead, an opportunity on A's partner and a task on it.
    async function crmFixture(api, a) {
      const post = async (path, body) => {
        const r = await api('POST', path, { ...a, headers: { 'idempotency-key': idempotencyKey() }, body });
        assert.equal(r.status, 201, `${path}: ${r.text}`);
        return r.json;
      };
      const today = new Date().toISOString().slice(0, 10);
      ids.stage = await post('/api/v1/crm/stages', { name: `Stage ${MARKER}`, probability: 20 });
      ids.lead = await post('/api/v1/crm/leads', { contact_name: `Lead ${MARKER}`, email: `lead.${MARKER}@a.example` });
      ids.opportunity = await post('/api/v1/crm/opportunities', { title: `Deal ${MARKER}`, partner_id: ids.party.id, expected_revenue: '100.00' });
      ids.activity = await post('/api/v1/crm/activities', { kind: 'task', subject: `Task ${MARKER}`, opportunity_id: ids.opportunity.id, due_date: today });
    }

    // Company A's stock and sales: a product in stock, a reorder rule, a price list, a sent
    // quote, a confirmed order with its delivery.
    async function stockFixture(api, a) {
      const key = () => ({ 'idempotency-key': idempotencyKey() });
      const post = async (path, body, status = 201) => {
        const r = await api('POST', path, { ...a, headers: key(), body });
        assert.equal(r.status, status, `${path}: ${r.text}`);
        return r.json;
      };
      const today = new Date().toISOString().slice(0, 10);
      ids.product = await post('/api/v1/inventory/products', {
        type: 'stockable', sku: 'TENANT-A-1', names: { en: `Product ${MARKER}` }, list_price: '10.00', standard_cost: '4.00',
      });
      ids.receipt = await post('/api/v1/inventory/receipts', { product_id: ids.product.id, quantity: '10', unit_cost: '4.00', date: today });
      ids.category = (await api('GET', '/api/v1/inventory/categories', a)).json.items[0];
      ids.location = (await api('GET', '/api/v1/inventory/locations', a)).json.items[0];
      ids.rule = await post('/api/v1/inventory/reorder-rules', { product_id: ids.product.id, min: '1', max: '5' });
      ids.pricelist = await post('/api/v1/sales/pricelists', {
        name: `Prices ${MARKER}`, currency: 'EUR', items: [{ product_id: ids.product.id, min_quantity: '1', price: '9.00' }],
      });
      ids.quote = await post('/api/v1/sales/quotes', {
        partner_id: ids.party.id, lines: [{ product_id: ids.product.id, quantity: '1', description: `Quoted ${MARKER}` }],
      });
      ids.order = await post('/api/v1/sales/orders', {
        partner_id: ids.party.id, lines: [{ product_id: ids.product.id, quantity: '2', description: `Ordered ${MARKER}` }],
      });
      const confirmed = await post(`/api/v1/sales/orders/${ids.order.id}/confirm`, {}, 200);
      assert.equal(confirmed.state, 'confirmed');
      const deliveries = (await api('GET', `/api/v1/sales/deliveries?order_id=${ids.order.id}`, a)).json.items;
      ids.delivery = deliveries[0];
    }

    // Company A's ledger: the chart, a posted entry, the fiscal year, an invoice, a payment.
    async function accountingFixture(api, a) {
      const key = () => ({ 'idempotency-key': idempotencyKey() });
      const setup = await api('POST', '/api/v1/accounting/setup', { ...a, headers: key(), body: {} });
      assert.ok([200, 201].includes(setup.status), setup.text);
      const items = (r) => r.json.items ?? r.json;
      const accounts = items(await api('GET', '/api/v1/accounting/accounts', a));
      const byRole = (role) => accounts.find((x) => x.role === role && x.postable);
      const journals = items(await api('GET', '/api/v1/accounting/journals', a));
      const general = journals.find((j) => j.type === 'general');
      const today = new Date().toISOString().slice(0, 10);
      ids.account = byRole('revenue');
      const entry = await api('POST', '/api/v1/accounting/entries', {
        ...a, headers: key(),
        body: { date: today, journal_id: general.id, memo: `memo ${MARKER}`, post: true, lines: [
          { account_id: byRole('cash').id, debit: '100.00', label: MARKER },
          { account_id: ids.account.id, credit: '100.00', label: MARKER }] },
      });
      assert.equal(entry.status, 201, entry.text);
      ids.entry = entry.json;
      ids.fiscalYear = items(await api('GET', '/api/v1/accounting/fiscal-years', a))[0];
      const invoice = await api('POST', '/api/v1/accounting/invoices', {
        ...a, headers: key(),
        body: { type: 'out_invoice', partner_id: ids.party.id, date: today, reference: MARKER,
                lines: [{ description: `Goods ${MARKER}`, quantity: '1', unit_price: '10.00', account_id: ids.account.id }] },
      });
      assert.equal(invoice.status, 201, invoice.text);
      ids.invoice = invoice.json;
      const payment = await api('POST', '/api/v1/accounting/payments', {
        ...a, headers: key(),
        body: { partner_id: ids.party.id, partner_type: 'customer', direction: 'inbound', journal: 'bank',
                date: today, amount: '5.00', reference: MARKER },
      });
      assert.equal(payment.status, 201, payment.text);
      ids.payment = payment.json;
    }
    after(async () => { await world?.close(); });

    // The id of A's resource that a path parameter names; a route with a parameter this test
    // does not know fails the test, so new routes must be added here.
    function fill(path) {
      const known = [
        [/^\/api\/v1\/partners\/\{id\}/, () => ids.party.id],
        [/^\/api\/v1\/auth\/users\/\{id\}/, () => ids.user.user?.id ?? ids.user.id],
        [/^\/api\/v1\/auth\/tokens\/\{id\}/, () => ids.token.id],
        [/^\/api\/v1\/accounting\/accounts\/\{id\}/, () => ids.account.id],
        [/^\/api\/v1\/accounting\/journals\/\{id\}/, () => ids.entry.journal_id],
        [/^\/api\/v1\/accounting\/entries\/\{id\}/, () => ids.entry.id],
        [/^\/api\/v1\/accounting\/fiscal-years\/\{id\}/, () => ids.fiscalYear.id],
        [/^\/api\/v1\/accounting\/invoices\/\{id\}/, () => ids.invoice.id],
        [/^\/api\/v1\/accounting\/payments\/\{id\}/, () => ids.payment.id ?? ids.payment.payment?.id],
        [/^\/api\/v1\/accounting\/partners\/\{id\}/, () => ids.party.id],
        // Statements need a bank file; company A's are the only ones in this database, so the
        // first ids are A's.
        [/^\/api\/v1\/accounting\/bank-(accounts|statements|statement-lines)\/\{id\}/, () => 1],
        [/^\/api\/v1\/inventory\/products\/\{id\}/, () => ids.product.id],
        [/^\/api\/v1\/inventory\/categories\/\{id\}/, () => ids.category.id],
        [/^\/api\/v1\/inventory\/locations\/\{id\}/, () => ids.location.id],
        [/^\/api\/v1\/inventory\/moves\/\{id\}/, () => ids.receipt.id],
        [/^\/api\/v1\/inventory\/reorder-rules\/\{id\}/, () => ids.rule.id],
        [/^\/api\/v1\/inventory\/warehouses\/\{id\}/, () => ids.location.warehouse_id ?? 1],
        [/^\/api\/v1\/sales\/pricelists\/\{id\}/, () => ids.pricelist.id],
        [/^\/api\/v1\/sales\/configurators\/\{id\}/, () => ids.product.id],
        [/^\/api\/v1\/sales\/quotes\/\{id\}/, () => ids.quote.id],
        [/^\/api\/v1\/sales\/orders\/\{id\}/, () => ids.order.id],
        [/^\/api\/v1\/sales\/deliveries\/\{id\}/, () => ids.delivery.id],
        // A's only return would need a shipment; the first id is A's or nobody's.
        [/^\/api\/v1\/sales\/returns\/\{id\}/, () => 1],
        [/^\/api\/v1\/crm\/stages\/\{id\}/, () => ids.stage.id],
        [/^\/api\/v1\/crm\/leads\/\{id\}/, () => ids.lead.id],
        [/^\/api\/v1\/crm\/opportunities\/\{id\}/, () => ids.opportunity.id],
        [/^\/api\/v1\/crm\/activities\/\{id\}/, () => ids.activity.id],
      ];
      if (!path.includes('{')) return path;
      for (const [pattern, id] of known) {
        if (pattern.test(path)) return path.replace(/\{[^}]+\}/, String(id()));
      }
      throw new Error(`tenant test does not know the parameter of ${path}: add it`);
    }

    it("never reads or changes company A's data as company B", async () => {
      const doc = (await world.server.call('GET', '/api/v1/openapi.json')).json;
      let walked = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          if (op['x-access'] === 'open') continue;
          if (path === '/api/v1/auth/logout') continue;  // would end B's session, proves nothing
          let concrete = fill(path);
          const required = (op.parameters ?? []).filter((q) => q.in === 'query' && (q.required || ['from', 'to', 'date'].includes(q.name)));
          if (required.length) {
            const value = (name) => (name === 'from' ? '2000-01-01' : /date|to$/.test(name) ? '2100-12-31' : '1');
            concrete += '?' + required.map((q) => `${q.name}=${value(q.name)}`).join('&');
          }
          const isCsv = Object.keys(op.requestBody?.content ?? {}).includes('text/csv');
          const body = method === 'get' ? undefined
            : isCsv ? `kind,name\norganization,B ${method}\n`
            : JSON.stringify({ name: 'Hijacked', version: 1 });
          const r = await world.server.call(method.toUpperCase(), concrete, {
            token: world.b.token, body, raw: true,
            headers: { 'idempotency-key': idempotencyKey(), 'if-match': '"1"', ...(isCsv ? { 'content-type': 'text/csv' } : {}) },
          });
          assert.ok(!r.text.includes(MARKER), `${method} ${concrete} leaked A's data: ${r.text.slice(0, 300)}`);
          if (path.includes('{')) {
            // 404, or a body refused before any resource is looked at.
            const refusedInput = r.status === 422 && JSON.parse(r.text).code === 'input_invalid';
            assert.ok(r.status === 404 || refusedInput, `${method} ${concrete} → ${r.status} ${r.text.slice(0, 200)}`);
          }
          walked++;
        }
      }
      assert.ok(walked > 20, `walked ${walked} routes`);

      const api = (...args) => world.server.call(...args);
      const party = await api('GET', `/api/v1/partners/${ids.party.id}`, { token: world.a.token });
      assert.equal(party.json.version, ids.party.version, "A's party is unchanged");
      assert.equal(party.json.archived, false);
      const tokens = await api('GET', '/api/v1/auth/tokens', { token: world.a.token });
      const mine = (tokens.json.items ?? tokens.json).find((t) => t.id === ids.token.id);
      assert.ok(mine && !mine.revoked_at, "A's API token still works");
      assert.equal((await api('GET', '/api/v1/partners', { token: ids.token.token })).status, 200);
      const entry = await api('GET', `/api/v1/accounting/entries/${ids.entry.id}`, { token: world.a.token });
      assert.equal(entry.json.state, 'posted');
      assert.ok(!entry.json.reversed_by, "A's entry was not reversed");
      const year = await api('GET', '/api/v1/accounting/fiscal-years', { token: world.a.token });
      const mineYear = (year.json.items ?? year.json).find((y) => y.id === ids.fiscalYear.id);
      assert.equal(mineYear.closed ?? (mineYear.state === 'closed'), false, "A's year is still open");
      const invoice = await api('GET', `/api/v1/accounting/invoices/${ids.invoice.id}`, { token: world.a.token });
      assert.equal(invoice.json.state, 'draft', "A's invoice was neither posted nor cancelled");
      const order = await api('GET', `/api/v1/sales/orders/${ids.order.id}`, { token: world.a.token });
      assert.equal(order.json.state, 'confirmed', "A's order was neither cancelled nor invoiced");
      const stock = await api('GET', `/api/v1/inventory/products/${ids.product.id}/stock`, { token: world.a.token });
      assert.equal(stock.json.on_hand, '10', "A's stock did not move");
      assert.equal(stock.json.reserved, '2', "A's reservation stands");
      const opportunity = await api('GET', `/api/v1/crm/opportunities/${ids.opportunity.id}`, { token: world.a.token });
      assert.equal(opportunity.json.version, ids.opportunity.version, "A's opportunity is unchanged");
      const lead = await api('GET', `/api/v1/crm/leads/${ids.lead.id}`, { token: world.a.token });
      assert.equal(lead.json.version, ids.lead.version, "A's lead is unchanged");
      const task = await api('GET', `/api/v1/crm/activities/${ids.activity.id}`, { token: world.a.token });
      assert.equal(task.json.done_at, null, "A's task is still open");
      const product = await api('GET', `/api/v1/inventory/products/${ids.product.id}`, { token: world.a.token });
      assert.equal(product.json.archived, false);
      assert.equal(product.json.version, ids.product.version, "A's product is unchanged");
    });
  });
}
