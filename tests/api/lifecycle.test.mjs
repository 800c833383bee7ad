// Graceful shutdown and restart: SIGTERM drains in-flight requests, every acknowledged write
// is there after a restart, and `keel migrate` on an up-to-date database changes nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { engines, freshDatabase, createUser, Server, KEEL_BIN, idempotencyKey } from './harness.mjs';

for (const engine of engines()) {
  describe(`lifecycle on ${engine}`, () => {
    it('loses no acknowledged write across SIGTERM and restart', async () => {
      const db = freshDatabase(engine);
      try {
        createUser(db.url, { email: 'owner@l.example', password: 'password-l-1', company: 'Lifecycle' });
        const server = await Server.start(db.url);
        const { token } = await server.login('owner@l.example', 'password-l-1');
        // Fire writes, then SIGTERM once a few have been answered, while the rest are in flight.
        let answered = 0;
        const inflight = [];
        for (let i = 0; i < 60; i++) {
          inflight.push(server.call('POST', '/api/v1/partners', {
            token, headers: { 'idempotency-key': idempotencyKey() },
            body: { kind: 'person', name: `Shutdown ${i}` },
          }).then((r) => {
            if (++answered === 5) server.child.kill('SIGTERM');
            return r;
          }, (e) => ({ status: 0, error: e })));
        }
        const results = await Promise.all(inflight);
        const exit = await server.exited;
        assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)} ${server.output.slice(-2000)}`);
        const acknowledged = results.filter((r) => r.status === 201).map((r) => r.json.id);
        assert.ok(acknowledged.length >= 5, 'writes were acknowledged before shutdown');
        for (const r of results) {
          assert.ok([201, 503, 0].includes(r.status), `unexpected status ${r.status} ${r.text ?? ''}`);
        }

        const out = execFileSync(KEEL_BIN, ['migrate', '--db', db.url], { encoding: 'utf8' });
        assert.match(out, /up to date/);

        const again = await Server.start(db.url);
        const login = await again.login('owner@l.example', 'password-l-1');
        for (const id of acknowledged) {
          const r = await again.call('GET', `/api/v1/partners/${id}`, { token: login.token });
          assert.equal(r.status, 200, `acknowledged party ${id} survived`);
        }
        await again.stop();
      } finally {
        db.drop();
      }
    });
  });
}
