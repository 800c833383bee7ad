// The foundation through HTTP on both engines: health, login, partners with a Persian name,
// the route table walked for 401/403, tenant isolation, idempotency, audit, bad input.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines, startWorld, idempotencyKey } from './harness.mjs';

// Fills a route pattern's {params} with an id that exists nowhere.
const concrete = (path) => path.replace(/\{[^}]+\}/g, '999999');

for (const engine of engines()) {
  describe(`foundation on ${engine}`, () => {
    let world;
    before(async () => { world = await startWorld(engine); });
    after(async () => { await world?.close(); });

    const api = (...args) => world.server.call(...args);

    it('answers /healthz and serves the OpenAPI document without login', async () => {
      const health = await api('GET', '/healthz');
      assert.equal(health.status, 200);
      const doc = await api('GET', '/api/v1/openapi.json');
      assert.equal(doc.status, 200);
      assert.match(doc.json.openapi, /^3\./);
      assert.ok(doc.json.paths['/api/v1/partners'].post, 'POST /api/v1/partners is described');
      assert.ok(doc.json.paths['/api/v1/partners/{id}'].get);
    });

    it('creates a party with a Persian name and finds it by search', async () => {
      const created = await api('POST', '/api/v1/partners', {
        token: world.a.token,
        headers: { 'idempotency-key': idempotencyKey() },
        body: { kind: 'organization', name: 'شرکت بازرگانی محمد رضایی', roles: ['customer'],
                emails: ['info@rezaei.example'], currency: 'IRR', credit_limit: '250000000' },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.name, 'شرکت بازرگانی محمد رضایی');
      assert.equal(created.json.credit_limit, '250000000');
      const found = await api('GET', `/api/v1/partners?q=${encodeURIComponent('محمد')}`, { token: world.a.token });
      assert.equal(found.status, 200);
      assert.ok(found.json.items.some((p) => p.id === created.json.id));
      // Arabic yeh/kaf variants find the Persian spelling.
      const variant = await api('GET', `/api/v1/partners?q=${encodeURIComponent('رضايي')}`, { token: world.a.token });
      assert.ok(variant.json.items.some((p) => p.id === created.json.id), 'ي matches ی');
      const got = await api('GET', `/api/v1/partners/${created.json.id}`, { token: world.a.token });
      assert.equal(got.status, 200);
      assert.equal(got.json.version, created.json.version);
    });

    it('refuses every non-open route without a session (401)', async () => {
      const doc = (await api('GET', '/api/v1/openapi.json')).json;
      let checked = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          if (op['x-access'] === 'open') continue;
          const r = await api(method.toUpperCase(), concrete(path), { body: method === 'get' ? undefined : '{}' });
          assert.equal(r.status, 401, `${method} ${path} → ${r.status}`);
          assert.equal(r.headers.get('content-type'), 'application/problem+json');
          checked++;
        }
      }
      assert.ok(checked > 15, `walked ${checked} routes`);
    });

    it('refuses every permissioned route to a role without the permission (403)', async () => {
      const role = await api('POST', '/api/v1/auth/roles', {
        token: world.a.token, headers: { 'idempotency-key': idempotencyKey() },
        body: { code: 'nobody', name: 'No permissions', grants: [] },
      });
      assert.equal(role.status, 201, role.text);
      const user = await api('POST', '/api/v1/auth/users', {
        token: world.a.token, headers: { 'idempotency-key': idempotencyKey() },
        body: { email: 'nobody@a.example', name: 'Nobody', password: 'password-n-1', roles: ['nobody'] },
      });
      assert.equal(user.status, 201, user.text);
      const nobody = await world.server.login('nobody@a.example', 'password-n-1');
      const doc = (await api('GET', '/api/v1/openapi.json')).json;
      let checked = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          if (!op['x-permission']) continue;
          const r = await api(method.toUpperCase(), concrete(path), {
            token: nobody.token, body: method === 'get' ? undefined : '{}',
            headers: method === 'post' ? { 'idempotency-key': idempotencyKey() } : {},
          });
          assert.equal(r.status, 403, `${method} ${path} → ${r.status} ${r.text}`);
          assert.equal(r.json.code, 'permission_denied');
          checked++;
        }
      }
      assert.ok(checked > 10, `walked ${checked} routes`);
    });

    it("never shows or changes another company's party (404)", async () => {
      const mine = await api('POST', '/api/v1/partners', {
        token: world.a.token, headers: { 'idempotency-key': idempotencyKey() },
        body: { kind: 'person', name: 'Jonas Jonaitis', roles: ['customer'] },
      });
      assert.equal(mine.status, 201);
      const id = mine.json.id;
      const read = await api('GET', `/api/v1/partners/${id}`, { token: world.b.token });
      assert.equal(read.status, 404);
      assert.equal(read.json.code, 'party_not_found');
      const patch = await api('PATCH', `/api/v1/partners/${id}`, {
        token: world.b.token, headers: { 'if-match': `"${mine.json.version}"` }, body: { name: 'Hijacked' },
      });
      assert.equal(patch.status, 404);
      const archive = await api('POST', `/api/v1/partners/${id}/archive`, {
        token: world.b.token, headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(archive.status, 404);
      const list = await api('GET', '/api/v1/partners?q=Jonaitis', { token: world.b.token });
      assert.equal(list.json.items.length, 0);
      const audit = await api('GET', `/api/v1/audit?entity=partners.party&entity_id=${id}`, { token: world.b.token });
      assert.equal(audit.json.items.length, 0);
      const still = await api('GET', `/api/v1/partners/${id}`, { token: world.a.token });
      assert.equal(still.json.name, 'Jonas Jonaitis');
    });

    it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
      const key = idempotencyKey();
      const body = { kind: 'person', name: '王伟', roles: ['prospect'] };
      const first = await api('POST', '/api/v1/partners', { token: world.a.token, headers: { 'idempotency-key': key }, body });
      const second = await api('POST', '/api/v1/partners', { token: world.a.token, headers: { 'idempotency-key': key }, body });
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.equal(second.json.id, first.json.id);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      const other = await api('POST', '/api/v1/partners', {
        token: world.a.token, headers: { 'idempotency-key': key }, body: { ...body, name: '李娜' },
      });
      assert.equal(other.status, 422);
      assert.equal(other.json.code, 'idempotency_key_reused');
      const found = await api('GET', `/api/v1/partners?q=${encodeURIComponent('王伟')}`, { token: world.a.token });
      assert.equal(found.json.items.length, 1, 'written once');
      const none = await api('GET', `/api/v1/partners?q=${encodeURIComponent('李娜')}`, { token: world.a.token });
      assert.equal(none.json.items.length, 0, 'the refused body wrote nothing');
    });

    it('records who changed what in the audit trail', async () => {
      const created = await api('POST', '/api/v1/partners', {
        token: world.a.token, headers: { 'idempotency-key': idempotencyKey() },
        body: { kind: 'organization', name: 'חברת אלון בע"מ', roles: ['supplier'] },
      });
      const updated = await api('PATCH', `/api/v1/partners/${created.json.id}`, {
        token: world.a.token, headers: { 'if-match': `"${created.json.version}"` }, body: { name: 'חברת אלון' },
      });
      assert.equal(updated.status, 200, updated.text);
      const trail = await api('GET', `/api/v1/audit?entity=partners.party&entity_id=${created.json.id}`, { token: world.a.token });
      assert.equal(trail.status, 200);
      const actions = trail.json.items.map((e) => e.action).sort();
      assert.deepEqual(actions, ['create', 'update']);
      const update = trail.json.items.find((e) => e.action === 'update');
      assert.equal(update.before.name, 'חברת אלון בע"מ');
      assert.equal(update.after.name, 'חברת אלון');
      assert.equal(update.user_id, world.a.user.id);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const created = await api('POST', '/api/v1/partners', {
        token: world.a.token, headers: { 'idempotency-key': idempotencyKey() },
        body: { kind: 'person', name: 'Ona Kazlauskienė' },
      });
      const v = created.json.version;
      const ok = await api('PATCH', `/api/v1/partners/${created.json.id}`, {
        token: world.a.token, headers: { 'if-match': `"${v}"` }, body: { name: 'Ona Kazlauskaitė' },
      });
      assert.equal(ok.status, 200);
      const stale = await api('PATCH', `/api/v1/partners/${created.json.id}`, {
        token: world.a.token, headers: { 'if-match': `"${v}"` }, body: { name: 'Stale' },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'party_version_conflict');
      const now = await api('GET', `/api/v1/partners/${created.json.id}`, { token: world.a.token });
      assert.equal(now.json.name, 'Ona Kazlauskaitė');
    });

    it('needs the CSRF token for cookie sessions', async () => {
      const body = { kind: 'person', name: 'Cookie Person' };
      const without = await api('POST', '/api/v1/partners', {
        cookie: world.a.cookie, headers: { 'idempotency-key': idempotencyKey() }, body,
      });
      assert.equal(without.status, 403);
      assert.equal(without.json.code, 'csrf_token_invalid');
      const withToken = await api('POST', '/api/v1/partners', {
        cookie: world.a.cookie, headers: { 'idempotency-key': idempotencyKey(), 'x-csrf-token': world.a.csrf }, body,
      });
      assert.equal(withToken.status, 201, withToken.text);
      const me = await api('GET', '/api/v1/auth/me', { cookie: world.a.cookie });
      assert.equal(me.status, 200);
    });

    it('throttles repeated failed logins', async () => {
      const codes = [];
      for (let i = 0; i < 6; i++) {
        const r = await api('POST', '/api/v1/auth/login', { body: { email: 'admin@b.example', password: `wrong-${i}` } });
        codes.push(r.json.code);
      }
      assert.deepEqual(codes.slice(0, 5), Array(5).fill('login_failed'));
      assert.equal(codes[5], 'login_throttled');
      const right = await api('POST', '/api/v1/auth/login', { body: { email: 'admin@b.example', password: 'password-b-1' } });
      assert.equal(right.status, 429, 'throttled even with the right password');
      assert.ok(Number(right.headers.get('retry-after')) > 0);
    });

    it('revokes sessions on logout and API tokens on revoke', async () => {
      const session = await world.server.login('admin@a.example', 'password-a-1');
      const token = await api('POST', '/api/v1/auth/tokens', {
        token: session.token, headers: { 'idempotency-key': idempotencyKey() }, body: { name: 'integration' },
      });
      assert.equal(token.status, 201, token.text);
      const apiToken = token.json.token;
      assert.equal((await api('GET', '/api/v1/partners', { token: apiToken })).status, 200);
      const revoke = await api('POST', `/api/v1/auth/tokens/${token.json.id}/revoke`, {
        token: session.token, headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.ok([200, 204].includes(revoke.status), revoke.text);
      assert.equal((await api('GET', '/api/v1/partners', { token: apiToken })).status, 401);
      const out = await api('POST', '/api/v1/auth/logout', { token: session.token });
      assert.equal(out.status, 204);
      assert.equal((await api('GET', '/api/v1/auth/me', { token: session.token })).status, 401);
    });
  });
}
