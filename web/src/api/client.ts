// The one way the app talks to the server: same-origin fetch with the session cookie, the CSRF
// header on every non-GET request, an Idempotency-Key on every POST, and problem+json errors
// turned into ApiError.
import { ApiError, isProblem, type Problem } from '../lib/problem';
import { newKey } from '../lib/idempotency';

export const API_BASE = '/api/v1';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Sent as the raw body with this content type instead of JSON (CSV import). */
  rawBody?: { text: string; contentType: string };
  headers?: Record<string, string>;
  /** The key of the user action this POST belongs to; reused on retry. */
  idempotencyKey?: string;
  ifMatch?: string;
  /** Retries after a network failure or 502/503/504, with the same idempotency key. */
  retries?: number;
  signal?: AbortSignal;
  /** Return the response text instead of parsing JSON. */
  asText?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag: string | null;
}

type FetchLike = typeof fetch;

export class ApiClient {
  csrfToken: string | null = null;
  onUnauthorized: (() => void) | null = null;
  /** Called with true/false as requests start and end (the global loading bar). */
  onActivity: ((busy: boolean) => void) | null = null;
  private active = 0;

  constructor(
    private readonly fetchImpl: FetchLike = (...args) => fetch(...args),
    private readonly delay: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    return API_BASE + path + (qs ? '?' + qs : '');
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.rawBody) {
      headers['Content-Type'] = options.rawBody.contentType;
      body = options.rawBody.text;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey ?? newKey();
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;

    const url = this.url(path, options.query);
    const attempts = 1 + (options.retries ?? (method === 'GET' ? 1 : 2));
    this.track(+1);
    try {
      for (let attempt = 1; ; attempt++) {
        let response: Response;
        try {
          response = await this.fetchImpl(url, {
            method,
            headers,
            body,
            credentials: 'same-origin',
            signal: options.signal,
          });
        } catch (error) {
          if ((error as Error)?.name === 'AbortError' || attempt >= attempts) throw error;
          await this.delay(200 * attempt);
          continue;
        }
        if ([502, 503, 504].includes(response.status) && attempt < attempts) {
          await this.delay(200 * attempt);
          continue;
        }
        return await this.finish<T>(response, options);
      }
    } finally {
      this.track(-1);
    }
  }

  private track(delta: number) {
    const before = this.active;
    this.active += delta;
    if ((before === 0) !== (this.active === 0)) this.onActivity?.(this.active > 0);
  }

  private async finish<T>(response: Response, options: RequestOptions): Promise<ApiResponse<T>> {
    const etag = response.headers.get('ETag');
    if (!response.ok) {
      const text = await response.text();
      let problem: Problem = { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` };
      try {
        const parsed = JSON.parse(text);
        if (isProblem(parsed)) problem = parsed;
      } catch {
        /* not JSON: keep the status-line problem */
      }
      if (response.status === 401 && !options.headers?.['X-Keel-No-401']) this.onUnauthorized?.();
      throw new ApiError(response.status, problem);
    }
    if (response.status === 204) return { status: 204, data: undefined as T, etag };
    const text = await response.text();
    if (options.asText) return { status: response.status, data: text as T, etag };
    return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T, etag };
  }

  get<T>(path: string, query?: RequestOptions['query'], extra: Omit<RequestOptions, 'query'> = {}) {
    return this.request<T>(path, { ...extra, method: 'GET', query }).then((r) => r.data);
  }
}

export const api = new ApiClient();

/** "\"3\"" or "W/\"3\"" → 3. */
export function versionFromEtag(etag: string | null): number | null {
  if (!etag) return null;
  const match = /"(\d+)"/.exec(etag);
  return match ? Number(match[1]) : null;
}
