// Bad input through HTTP: each case gets a 4xx with a stable code and changes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { engines, startWorld, idempotencyKey } from './harness.mjs';

const valid = { kind: 'organization', name: 'UAB Vilniaus prekyba', roles: ['customer'], currency: 'EUR' };

const cases = [
  { name: 'malformed JSON', body: '{"kind": "person", "name": ', status: 400, code: 'json_malformed' },
  { name: 'a JSON array instead of an object', body: '[1,2]', status: 422, code: 'input_invalid' },
  { name: 'wrong type for name', body: { ...valid, name: 42 }, status: 422, code: 'input_invalid', field: 'name', fieldCode: 'field_type_invalid' },
  { name: 'unknown field', body: { ...valid, colour: 'blue' }, status: 422, code: 'input_invalid', field: 'colour', fieldCode: 'field_unknown' },
  { name: 'missing name', body: { kind: 'person' }, status: 422, code: 'input_invalid', field: 'name', fieldCode: 'field_required' },
  { name: 'invalid currency code', body: { ...valid, currency: 'EURO' }, status: 422, code: 'input_invalid', field: 'currency', fieldCode: 'currency_invalid' },
  { name: 'unknown currency code', body: { ...valid, currency: 'XYZ' }, status: 422, code: 'input_invalid', field: 'currency', fieldCode: 'currency_unknown' },
  { name: '"1,000" as an amount', body: { ...valid, credit_limit: '1,000' }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'amount_invalid' },
  { name: 'empty amount', body: { ...valid, credit_limit: '' }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'amount_invalid' },
  { name: '"1e3" as an amount', body: { ...valid, credit_limit: '1e3' }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'amount_invalid' },
  { name: 'a JSON number as an amount', body: { ...valid, credit_limit: 1000 }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'field_type_invalid' },
  { name: 'more decimals than the currency has', body: { ...valid, credit_limit: '10.001' }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'amount_too_many_decimals' },
  { name: 'amount out of range', body: { ...valid, credit_limit: '99999999999999999999' }, status: 422, code: 'input_invalid', field: 'credit_limit', fieldCode: 'amount_out_of_range' },
  { name: 'name over its limit', body: { ...valid, name: 'x'.repeat(301) }, status: 422, code: 'input_invalid', field: 'name', fieldCode: 'field_too_long' },
  { name: 'invalid e-mail', body: { ...valid, emails: ['not-an-email'] }, status: 422, code: 'input_invalid', field: 'emails/0', fieldCode: 'party_email_invalid' },
  { name: 'unknown role', body: { ...valid, roles: ['pirate'] }, status: 422, code: 'input_invalid', field: 'roles/0', fieldCode: 'party_role_invalid' },
  { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"kind":"person","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), status: 400, code: 'json_malformed' },
  { name: 'oversize body', body: JSON.stringify({ ...valid, notes: 'x'.repeat(2 * 1024 * 1024) }), status: 413, code: 'body_too_large' },
  { name: 'wrong content type', body: 'kind=person', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 400, code: 'content_type_unsupported' },
  { name: 'invalid Idempotency-Key', body: valid, headers: { 'idempotency-key': 'x'.repeat(300) }, status: 400, code: 'idempotency_key_invalid' },
];

for (const engine of engines()) {
  describe(`bad input on ${engine}`, () => {
    let world;
    before(async () => { world = await startWorld(engine); });
    after(async () => { await world?.close(); });
    const api = (...args) => world.server.call(...args);
    const total = async () => (await api('GET', '/api/v1/partners/stats', { token: world.a.token })).json.total;

    for (const c of cases) {
      it(`refuses ${c.name} with ${c.status} ${c.code} and writes nothing`, async () => {
        const before = await total();
        const r = await api('POST', '/api/v1/partners', {
          token: world.a.token,
          headers: { 'idempotency-key': idempotencyKey(), ...(c.headers ?? {}) },
          body: c.body,
        });
        assert.equal(r.status, c.status, r.text);
        assert.equal(r.headers.get('content-type'), 'application/problem+json');
        assert.equal(r.json.code, c.code);
        assert.equal(typeof r.json.message, 'string');
        if (c.field) {
          const hit = r.json.fields.find((f) => f.field === c.field);
          assert.ok(hit, `field ${c.field} in ${JSON.stringify(r.json.fields)}`);
          assert.equal(hit.code, c.fieldCode);
        }
        assert.equal(await total(), before);
      });
    }

    it('answers unknown ids and routes with 404', async () => {
      const party = await api('GET', '/api/v1/partners/987654321', { token: world.a.token });
      assert.equal(party.status, 404);
      assert.equal(party.json.code, 'party_not_found');
      const notNumber = await api('GET', '/api/v1/partners/abc', { token: world.a.token });
      assert.equal(notNumber.status, 404);
      const route = await api('GET', '/api/v1/no-such-thing', { token: world.a.token });
      assert.equal(route.status, 404);
      assert.equal(route.json.code, 'route_not_found');
      const method = await api('DELETE', '/api/v1/partners', { token: world.a.token });
      assert.equal(method.status, 405);
      assert.equal(method.json.code, 'method_not_allowed');
    });

    it('imports nothing when one CSV row is bad, and reports the row', async () => {
      const before = await total();
      const csv = 'kind,name,roles,emails,currency\norganization,Tehran Steel,customer,sales@steel.example,IRR\nperson,,customer,bad-email,EUR\n';
      const dry = await api('POST', '/api/v1/partners/import?dry_run=true', {
        token: world.a.token, headers: { 'content-type': 'text/csv', 'idempotency-key': idempotencyKey() }, body: csv,
      });
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json.rows, 2);
      assert.equal(dry.json.valid, 1);
      assert.ok(dry.json.errors.some((e) => e.row === 2));
      const real = await api('POST', '/api/v1/partners/import?dry_run=false', {
        token: world.a.token, headers: { 'content-type': 'text/csv', 'idempotency-key': idempotencyKey() }, body: csv,
      });
      assert.equal(real.status, 422);
      assert.equal(real.json.code, 'import_rows_invalid');
      assert.equal(await total(), before);
    });
  });
}
