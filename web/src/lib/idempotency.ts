// Idempotency keys: one per user action. A retry of the same action (the same form submitted
// again with the same content after a failure or a double click) reuses the key, so the
// server applies it at most once; a successful action, or a changed payload, gets a new key.

export function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(stableJson).join(',') + ']';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + stableJson(v)).join(',') + '}';
  }
  return JSON.stringify(value ?? null);
}

/** Keys for the actions of one screen, by action name. */
export class ActionKeys {
  private pending = new Map<string, { key: string; payload: string }>();
  constructor(private readonly generate: () => string = newKey) {}

  /** The key for this action and payload: the pending one when it is a retry of the same thing. */
  keyFor(action: string, payload: unknown): string {
    const text = stableJson(payload);
    const current = this.pending.get(action);
    if (current && current.payload === text) return current.key;
    const key = this.generate();
    this.pending.set(action, { key, payload: text });
    return key;
  }

  /** The action succeeded (or was abandoned): the next attempt is a new action. */
  done(action: string): void {
    this.pending.delete(action);
  }
}
