import { KubeApiError } from './kube-http.ts';
import type { KubeHttp, Query } from './kube-http.ts';
import type { KubeObject } from './resource.ts';

/**
 * One watch request, streamed as newline-delimited JSON. Resolves when the server closes the stream (normally at
 * `timeoutSeconds`); rejects on an in-stream ERROR (410 Gone → KubeApiError with statusCode 410), on HTTP errors,
 * on network errors, and with WatchStaleError when nothing (not even a bookmark) arrived for `idleTimeoutMs`:
 * a half-open TCP connection otherwise looks like a quiet watch forever.
 */

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject> {
  type: WatchEventType;
  object: T;
}

export class WatchStaleError extends Error {
  constructor(idleTimeoutMs: number) {
    super(`watch received nothing for ${idleTimeoutMs} ms`);
    this.name = 'WatchStaleError';
  }
}

export interface StreamWatchOptions<T extends KubeObject> {
  path: string;
  query: Query;
  idleTimeoutMs: number;
  signal: AbortSignal;
  accept?: string;
  onConnected?: () => void;
  onEvent: (event: WatchEvent<T>) => void;
}

export async function streamWatch<T extends KubeObject>(http: KubeHttp, options: StreamWatchOptions<T>): Promise<void> {
  const { path, idleTimeoutMs, signal } = options;
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const resetIdle = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new WatchStaleError(idleTimeoutMs)), idleTimeoutMs);
  };
  try {
    if (signal.aborted) return;
    resetIdle();
    const response = await http.request('GET', path, { query: { ...options.query, watch: true }, signal: controller.signal, accept: options.accept });
    if (response.status !== 200) {
      const text = await response.text();
      throw new KubeApiError('WATCH', path, response.status, parseJson(text));
    }
    options.onConnected?.();
    resetIdle();
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      resetIdle();
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') dispatch(line, path, options.onEvent);
      }
    }
  } catch (err) {
    if (controller.signal.reason instanceof WatchStaleError) throw controller.signal.reason;
    if (signal.aborted) return;
    throw err;
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', forward);
    // Releases the connection when we stop reading early (an ERROR event, a handler exception).
    controller.abort();
  }
}

function dispatch<T extends KubeObject>(line: string, path: string, onEvent: (event: WatchEvent<T>) => void): void {
  const event = JSON.parse(line) as { type: WatchEventType | 'ERROR'; object: unknown };
  if (event.type === 'ERROR') {
    const status = event.object as { code?: number };
    throw new KubeApiError('WATCH', path, status.code ?? 500, status);
  }
  onEvent(event as WatchEvent<T>);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
