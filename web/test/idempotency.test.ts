import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../src/api/client';
import { ActionKeys, newKey } from '../src/lib/idempotency';
import { ApiError } from '../src/lib/problem';

function response(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

describe('ActionKeys', () => {
  it('reuses the key when the same action is retried and makes a new one after success', () => {
    let n = 0;
    const keys = new ActionKeys(() => `k${++n}`);
    expect(keys.keyFor('create', { name: 'A', roles: [] })).toBe('k1');
    expect(keys.keyFor('create', { roles: [], name: 'A' })).toBe('k1'); // same content, other key order
    expect(keys.keyFor('create', { name: 'B' })).toBe('k2'); // changed payload: a new action
    keys.done('create');
    expect(keys.keyFor('create', { name: 'B' })).toBe('k3');
  });

  it('makes UUIDs', () => {
    expect(newKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('ApiClient', () => {
  it('sends the same Idempotency-Key on every retry of a POST', async () => {
    const seen: Headers[] = [];
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      if (seen.length === 1) throw new TypeError('network down');
      if (seen.length === 2) return response(503, { code: 'unavailable', message: 'try later' });
      return response(201, { id: 7 });
    });
    const client = new ApiClient(fetchMock as typeof fetch, async () => undefined);
    client.csrfToken = 'csrf-1';
    const result = await client.request<{ id: number }>('/partners', { method: 'POST', body: { name: 'x' }, idempotencyKey: 'key-1' });
    expect(result.data.id).toBe(7);
    expect(seen).toHaveLength(3);
    expect(seen.map((h) => h.get('Idempotency-Key'))).toEqual(['key-1', 'key-1', 'key-1']);
    expect(seen.every((h) => h.get('X-CSRF-Token') === 'csrf-1')).toBe(true);
  });

  it('sends no CSRF or idempotency header on GET, and If-Match on PATCH', async () => {
    const seen: Headers[] = [];
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      return response(200, {});
    });
    const client = new ApiClient(fetchMock as typeof fetch, async () => undefined);
    client.csrfToken = 'c';
    await client.get('/partners', { q: 'x', role: '' });
    await client.request('/partners/1', { method: 'PATCH', body: {}, ifMatch: '"3"' });
    expect(seen[0].get('X-CSRF-Token')).toBeNull();
    expect(seen[0].get('Idempotency-Key')).toBeNull();
    expect(seen[1].get('If-Match')).toBe('"3"');
    expect(seen[1].get('X-CSRF-Token')).toBe('c');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/partners?q=x');
  });

  it('turns problem+json into ApiError and reports 401', async () => {
    const client = new ApiClient((async () => response(409, { code: 'party_version_conflict', kind: 'conflict', message: 'stale' })) as typeof fetch);
    await expect(client.request('/partners/1', { method: 'PATCH', body: {} })).rejects.toSatisfy(
      (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === 'party_version_conflict');
    let signedOut = false;
    const client401 = new ApiClient((async () => response(401, { code: 'auth_required', message: 'sign in' })) as typeof fetch);
    client401.onUnauthorized = () => { signedOut = true; };
    await expect(client401.get('/partners')).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(true);
  });
});
