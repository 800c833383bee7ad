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
    });
    after(async () => { await world?.close(); });

    // The id of A's resource that a path parameter names; a route with a parameter this test
    // does not know fails the test, so new routes must be added here.
    function fill(path) {
      const known = [
        [/^\/api\/v1\/partners\/\{id\}/, () => ids.party.id],
        [/^\/api\/v1\/auth\/users\/\{id\}/, () => ids.user.user?.id ?? ids.user.id],
        [/^\/api\/v1\/auth\/tokens\/\{id\}/, () => ids.token.id],
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
          const concrete = fill(path);
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
            assert.equal(r.status, 404, `${method} ${concrete} → ${r.status} ${r.text.slice(0, 200)}`);
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
    });
  });
}
