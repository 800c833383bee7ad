// Starts real `keel serve` processes on fresh databases (SQLite file or a new PostgreSQL
// database) and talks to them over HTTP. Used by every API test file.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const KEEL_BIN = process.env.KEEL_BIN ?? new URL('../../build/debug/src/app/keel', import.meta.url).pathname;
const PG_URL = process.env.KEEL_TEST_PG_URL;

// The engines to run on: SQLite always; PostgreSQL when the test command started a cluster.
export function engines() {
  if (!PG_URL && process.env.KEEL_REQUIRE_PG === '1') {
    throw new Error('KEEL_REQUIRE_PG=1 but KEEL_TEST_PG_URL is not set');
  }
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

let databaseCounter = 0;

// A fresh, empty database URL for `engine`.
export function freshDatabase(engine) {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keel-api-'));
    return { url: `sqlite:${dir}/keel.db`, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `keel_api_${process.pid}_${Date.now()}_${databaseCounter++}`;
  execFileSync('psql', [PG_URL, '-qc', `CREATE DATABASE ${name}`]);
  const url = PG_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  return {
    url,
    drop: () => {
      try { execFileSync('psql', [PG_URL, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* best effort */ }
    },
  };
}

// `keel admin create-user` on `url`.
export function createUser(url, { email, password, role = 'admin', company, name }) {
  const args = ['admin', 'create-user', '--db', url, '--email', email, '--password-stdin'];
  for (const r of [].concat(role)) args.push('--role', r);
  if (company) args.push('--company', company);
  if (name) args.push('--name', name);
  return execFileSync(KEEL_BIN, args, { input: `${password}\n`, encoding: 'utf8' });
}

export class Server {
  constructor(url, port, child) {
    this.url = url;
    this.port = port;
    this.child = child;
    this.base = `http://127.0.0.1:${port}`;
    this.output = '';
    child.stdout.on('data', (d) => { this.output += d; });
    child.stderr.on('data', (d) => { this.output += d; });
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(url, extraArgs = []) {
    const port = await freePort();
    const child = spawn(KEEL_BIN, ['serve', '--db', url, '--listen', `127.0.0.1:${port}`, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new Server(url, port, child);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const r = await fetch(`${server.base}/healthz`);
        if (r.status === 200) return server;
      } catch { /* not up yet */ }
      if (child.exitCode !== null) throw new Error(`keel serve exited: ${server.output}`);
      if (Date.now() > deadline) throw new Error(`keel serve did not start: ${server.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(signal = 'SIGTERM') {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }

  // One HTTP call. `body` objects are sent as JSON; strings/Buffers as they are.
  async call(method, path, { token, body, headers = {}, cookie, raw = false } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (cookie) h.cookie = cookie;
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array) {
        payload = body;
        h['content-type'] ??= 'application/json';
      } else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const response = await fetch(`${this.base}${path}`, { method, headers: h, body: payload });
    const text = await response.text();
    let json = null;
    if (!raw && text && /json/.test(response.headers.get('content-type') ?? '')) {
      json = JSON.parse(text);
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  async login(email, password) {
    const r = await this.call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${r.text}`);
    return { token: r.json.token, csrf: r.json.csrf_token, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], user: r.json.user };
  }
}

// Everything most test files need: a database with two companies, an admin in each, and a
// running server. Returns { server, db, a: {token,...}, b: {...}, close() }.
export async function startWorld(engine) {
  const db = freshDatabase(engine);
  createUser(db.url, { email: 'admin@a.example', password: 'password-a-1', company: 'Company A' });
  createUser(db.url, { email: 'admin@b.example', password: 'password-b-1', company: 'Company B' });
  const server = await Server.start(db.url);
  const a = await server.login('admin@a.example', 'password-a-1');
  const b = await server.login('admin@b.example', 'password-b-1');
  return {
    server, db, a, b,
    async close() {
      await server.stop();
      db.drop();
    },
  };
}

let keyCounter = 0;
export function idempotencyKey() {
  return `test-${process.pid}-${Date.now()}-${keyCounter++}`;
}
