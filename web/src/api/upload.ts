// CSV upload with progress. fetch cannot report upload progress, so this one request uses
// XMLHttpRequest, with the same headers the API client sends.
import { ApiError, isProblem, type Problem } from '../lib/problem';
import { api, API_BASE } from './client';

export interface UploadProgress {
  phase: 'upload' | 'server' | 'done';
  percent: number;
}

export function postCsv<T>(path: string, query: Record<string, string>, csv: string, idempotencyKey: string,
  onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API_BASE + path + '?' + new URLSearchParams(query).toString());
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    if (api.csrfToken) xhr.setRequestHeader('X-CSRF-Token', api.csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ phase: 'upload', percent: Math.round((e.loaded / e.total) * 90) });
    };
    xhr.upload.onload = () => onProgress({ phase: 'server', percent: 90 });
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* not JSON */ }
      onProgress({ phase: 'done', percent: 100 });
      if (xhr.status >= 200 && xhr.status < 300) { resolve(body as T); return; }
      const problem: Problem = isProblem(body) ? body : { code: `http_${xhr.status}`, message: xhr.statusText };
      if (xhr.status === 401) api.onUnauthorized?.();
      reject(new ApiError(xhr.status, problem));
    };
    onProgress({ phase: 'upload', percent: 0 });
    xhr.send(csv);
  });
}
