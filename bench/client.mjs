// What the Node bench drivers share: "--name value" arguments, and calls to a running
// `keel serve` with a bearer token (an Idempotency-Key on every write).
import { randomUUID } from 'node:crypto';

/** "--a 1 --flag --b x" → { a: '1', flag: '1', b: 'x' }. */
export function parseArgs(argv) {
  return Object.fromEntries(
    argv.reduce((pairs, value, index, all) => {
      if (value.startsWith('--')) pairs.push([value.slice(2), all[index + 1]?.startsWith('--') || all[index + 1] === undefined ? '1' : all[index + 1]]);
      return pairs;
    }, []),
  );
}

/** call() answers { status, json, text }; must() throws unless the status is one of `ok`. */
export function client(base, token) {
  async function call(method, path, body) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['idempotency-key'] = randomUUID();
    const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: response.status, json, text };
  }
  async function must(method, path, body, ok = [200, 201]) {
    const r = await call(method, path, body);
    if (!ok.includes(r.status)) throw new Error(`${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
    return r.json;
  }
  return { call, must };
}

/** A list answer's rows. */
export const items = (json) => json.items ?? json;
