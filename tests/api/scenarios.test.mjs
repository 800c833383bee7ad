// Accounting scenarios as data: every tests/scenarios/*.json file is a list of named steps run
// in order against a real `keel serve` on a fresh database, once per engine. After every step
// `keel check --db URL` must pass (the ledger's invariants), and a refused step must change
// nothing (the audit log, the entries and the documents read the same before and after).
//
// A scenario file:
//   { "name", "description",
//     "company": { "name", "currency", "calendar", "country" },   // keel admin create-user
//     "admin": { "email", "password" },
//     "users": { "<name>": { "email", "password" } },             // created by steps, logged in on use
//     "vars": { "<name>": <value> },                              // initial variables
//     "steps": [ step, … ] }
// A step:
//   { "name", "as": "<user>" (default admin), "method", "path", "body", "idempotency_key",
//     "status": 201 | [200, 201], "code": "<error code of a refusal>",
//     "capture": { "<var>": "<json path>" }, "expect": { "<json path>": <value> },
//     "expect_absent": ["<json path>"], "note": "…" }
// Strings in path and body have ${var} substituted; a body string that is exactly "${var}"
// becomes the variable's value (numbers stay numbers). A body value {"$lines": […]} is the
// lines joined by "\n" (for statement files). A JSON path is dot-separated: `items.0.id`,
// and `items[code=1100].id` picks the first element whose field equals the value. Expected
// values are compared exactly (amounts are decimal strings, compared as strings); an expected
// {"$len": n} checks an array's length, {"$contains": "text"} a substring, {"$var": "name"} a
// variable's value, {"$text": "…${var}…"} a string with variables substituted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engines, freshDatabase, Server, KEEL_BIN, idempotencyKey } from './harness.mjs';

const DIR = process.env.KEEL_SCENARIO_DIR ?? new URL('../scenarios/', import.meta.url).pathname;
const ONLY = process.env.KEEL_SCENARIO;  // run one scenario by file name (without .json)

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .filter((f) => !ONLY || f === `${ONLY}.json`);

// ---- JSON paths and variables -----------------------------------------------------------------

function walk(value, path) {
  if (path === '' || path === '$') return value;
  let current = value;
  for (const part of path.split('.')) {
    const m = /^([^[]*)(?:\[([^=\]]+)=([^\]]*)\])?$/.exec(part);
    if (!m) throw new Error(`bad path part ${part}`);
    const [, key, field, wanted] = m;
    if (key !== '') {
      if (current === null || current === undefined) return undefined;
      current = Array.isArray(current) && /^\d+$/.test(key) ? current[Number(key)] : current[key];
    }
    if (field !== undefined) {
      if (!Array.isArray(current)) return undefined;
      current = current.find((item) => item !== null && String(walk(item, field)) === wanted);
    }
  }
  return current;
}

function substitute(text, vars) {
  return text.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (_, name) => {
    if (!(name in vars)) throw new Error(`unknown variable ${name}`);
    return String(vars[name]);
  });
}

function expand(value, vars) {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z0-9_.]+)\}$/.exec(value);
    if (whole) {
      if (!(whole[1] in vars)) throw new Error(`unknown variable ${whole[1]}`);
      return vars[whole[1]];
    }
    return substitute(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => expand(v, vars));
  if (value && typeof value === 'object') {
    if (Array.isArray(value.$lines) && Object.keys(value).length === 1) {
      return value.$lines.map((line) => substitute(line, vars)).join('\n');
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, vars)]));
  }
  return value;
}

function checkExpectation(actual, expected, where, vars) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if ('$len' in expected) {
      assert.ok(Array.isArray(actual), `${where}: not an array: ${JSON.stringify(actual)}`);
      assert.equal(actual.length, expected.$len, `${where}: length`);
      return;
    }
    if ('$contains' in expected) {
      assert.ok(typeof actual === 'string' && actual.includes(expected.$contains),
        `${where}: ${JSON.stringify(actual)} does not contain ${JSON.stringify(expected.$contains)}`);
      return;
    }
    if ('$text' in expected) {
      assert.deepStrictEqual(actual, substitute(expected.$text, vars), where);
      return;
    }
    if ('$var' in expected) {
      assert.deepStrictEqual(actual, vars[expected.$var], `${where} (= \${${expected.$var}})`);
      return;
    }
  }
  assert.deepStrictEqual(actual, expand(expected, vars), where);
}

// ---- the runner -------------------------------------------------------------------------------

function keelCheck(url) {
  try {
    return { ok: true, output: execFileSync(KEEL_BIN, ['check', '--db', url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

function createAdmin(url, company, admin) {
  const args = ['admin', 'create-user', '--db', url, '--email', admin.email, '--password-stdin',
    '--role', 'admin', '--company', company.name];
  for (const flag of ['currency', 'calendar', 'country']) {
    if (company[flag]) args.push(`--${flag}`, company[flag]);
  }
  execFileSync(KEEL_BIN, args, { input: `${admin.password}\n`, encoding: 'utf8' });
}

class Run {
  constructor(scenario, server) {
    this.scenario = scenario;
    this.server = server;
    this.vars = { ...(scenario.vars ?? {}) };
    this.sessions = {};
  }

  async session(name) {
    if (!this.sessions[name]) {
      const who = name === 'admin' ? this.scenario.admin : this.scenario.users?.[name];
      if (!who) throw new Error(`unknown user ${name}`);
      this.sessions[name] = await this.server.login(who.email, who.password);
    }
    return this.sessions[name];
  }

  // What a refused step must leave as it was: the newest audit rows, the newest entries, the
  // documents and payments.
  async fingerprint() {
    const { token } = await this.session('admin');
    const parts = [];
    for (const path of ['/api/v1/audit?limit=5', '/api/v1/accounting/entries?limit=500',
      '/api/v1/accounting/invoices?limit=500', '/api/v1/accounting/payments']) {
      const r = await this.server.call('GET', path, { token });
      parts.push(`${path} ${r.status} ${r.text}`);
    }
    return parts.join('\n');
  }

  async step(step) {
    const session = await this.session(step.as ?? 'admin');
    const path = substitute(step.path, this.vars);
    const body = step.body === undefined ? undefined : expand(step.body, this.vars);
    const refusal = step.code !== undefined;
    const before = refusal ? await this.fingerprint() : null;
    const headers = {};
    if (step.method !== 'GET') {
      headers['idempotency-key'] = step.idempotency_key
        ? `${substitute(step.idempotency_key, this.vars)}-${this.server.port}` : idempotencyKey();
    }
    const r = await this.server.call(step.method, path, { token: session.token, body, headers });
    const statuses = [].concat(step.status ?? (step.method === 'POST' ? [200, 201] : 200));
    assert.ok(statuses.includes(r.status),
      `${step.method} ${path}: status ${r.status}, expected ${statuses.join(' or ')}: ${r.text.slice(0, 600)}`);
    if (refusal) {
      assert.equal(r.json?.code, step.code, `${step.method} ${path}: ${r.text.slice(0, 400)}`);
      const afterwards = await this.fingerprint();
      assert.equal(afterwards, before, 'a refused step changed something');
    }
    for (const [where, expected] of Object.entries(step.expect ?? {})) {
      checkExpectation(walk(r.json, substitute(where, this.vars)), expected, `${step.name}: ${where}`, this.vars);
    }
    for (const where of step.expect_absent ?? []) {
      assert.equal(walk(r.json, substitute(where, this.vars)), undefined, `${step.name}: ${where} should be absent`);
    }
    for (const [name, where] of Object.entries(step.capture ?? {})) {
      const value = walk(r.json, substitute(where, this.vars));
      assert.notEqual(value, undefined, `${step.name}: nothing at ${where} to capture as ${name}: ${r.text.slice(0, 400)}`);
      this.vars[name] = value;
    }
  }
}

for (const file of files) {
  const scenario = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
  for (const engine of engines()) {
    describe(`scenario ${scenario.name} on ${engine}`, () => {
      let db;
      let server;
      let run;
      let failed = false;
      before(async () => {
        db = freshDatabase(engine);
        createAdmin(db.url, scenario.company, scenario.admin);
        server = await Server.start(db.url);
        run = new Run(scenario, server);
      });
      after(async () => {
        await server?.stop();
        db?.drop();
      });
      scenario.steps.forEach((step, index) => {
        const title = `${String(index + 1).padStart(3, '0')} ${step.name}`;
        it(title, async (t) => {
          if (failed) {
            t.skip('an earlier step failed');
            return;
          }
          try {
            await run.step(step);
            const checked = keelCheck(db.url);
            assert.ok(checked.ok, `keel check failed after "${step.name}":\n${checked.output}`);
          } catch (error) {
            failed = true;
            throw error;
          }
        });
      });
    });
  }
}
