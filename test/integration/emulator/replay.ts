// Replays trimmed real ARM recordings (test/fixtures/arm-recordings) against the emulator and reports every
// difference in status code, presence of contract headers, body shape (keys and JSON types) and the few values
// the LRO protocol depends on (operation status, provisioningState class, resource type). Values are not compared.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { raw } from './harness.ts';
import type { Harness, RawResponse } from './harness.ts';

const FIXTURES = new URL('../../fixtures/arm-recordings/', import.meta.url);
const ASYNC_HEADERS = ['azure-asyncoperation', 'location', 'operation-location'];
const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);
const POLL_DEADLINE_MS = 30_000;

type PathRequest = { method: string; path: string; apiVersion: string; body?: unknown };
type FollowRequest = { method: 'GET'; follow: string };

export interface RecordedExchange {
  request: PathRequest | FollowRequest;
  /** running: one request whose answer must still be in progress; terminal: poll until done, compare the last. */
  phase?: 'running' | 'terminal';
  response: { status: number; headers: string[]; body: unknown };
}

export interface Recording {
  source: { repo: string; path: string; commit: string; recorded: string };
  description: string;
  /** Recordings replayed first, uncompared, to create what this one needs. */
  setup?: string[];
  exchanges: RecordedExchange[];
}

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Recording;
}

export interface ReplayedExchange {
  expected: RecordedExchange;
  actual: RawResponse;
  url: string;
}

function header(res: RawResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTerminal(res: RawResponse): boolean {
  if (res.status === 202) return false;
  const body = isRecord(res.json) ? res.json : {};
  if (typeof body['status'] === 'string') return TERMINAL.has(body['status'].toLowerCase());
  const state = isRecord(body['properties']) ? body['properties']['provisioningState'] : undefined;
  return typeof state !== 'string' || TERMINAL.has(state.toLowerCase());
}

/** Sends the recorded requests in order; `follow` requests use the newest matching header seen so far. */
export async function replay(h: Harness, recording: Recording, resourceGroup: string): Promise<ReplayedExchange[]> {
  const out: ReplayedExchange[] = [];
  const latest = new Map<string, string>();
  const remember = (res: RawResponse) => {
    for (const name of ASYNC_HEADERS) {
      const value = header(res, name);
      if (value) latest.set(name, value);
    }
  };
  for (const expected of recording.exchanges) {
    const req = expected.request;
    const target = (): string => {
      if ('follow' in req) {
        const url = latest.get(req.follow);
        if (!url) throw new Error(`no ${req.follow} header to follow before this exchange`);
        return url;
      }
      const path = req.path.replaceAll('{subscriptionId}', h.subscriptionId).replaceAll('{resourceGroup}', resourceGroup);
      return `${path}?api-version=${req.apiVersion}`;
    };
    const body = 'body' in req ? req.body : undefined;
    let url = target();
    let actual = await raw(h, req.method, url, body);
    remember(actual);
    if (expected.phase === 'terminal') {
      const deadline = Date.now() + POLL_DEADLINE_MS;
      while (!isTerminal(actual) && Date.now() < deadline) {
        await sleep(50);
        url = target();
        actual = await raw(h, req.method, url, body);
        remember(actual);
      }
    }
    out.push({ expected, actual, url });
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Every key of `expected` must exist in `actual` with the same JSON type, recursively; arrays by first element. */
function compareShape(expected: unknown, actual: unknown, path: string, problems: string[]): void {
  if (jsonType(expected) !== jsonType(actual)) {
    problems.push(`${path}: expected ${jsonType(expected)}, got ${jsonType(actual)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length > 0 && actual.length === 0) problems.push(`${path}: expected a non-empty array`);
    if (expected.length > 0 && actual.length > 0) compareShape(expected[0], actual[0], `${path}[0]`, problems);
    return;
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) problems.push(`${path}.${key}: missing`);
      else compareShape(expected[key], actual[key], `${path}.${key}`, problems);
    }
  }
}

/** A terminal state must match exactly; a non-terminal one only needs to be non-terminal too. */
function compareState(label: string, expected: unknown, actual: unknown, problems: string[]): void {
  if (typeof expected !== 'string') return;
  const got = typeof actual === 'string' ? actual : undefined;
  if (TERMINAL.has(expected.toLowerCase())) {
    if (got !== expected) problems.push(`${label}: expected ${expected}, got ${String(got)}`);
  } else if (got === undefined || TERMINAL.has(got.toLowerCase())) {
    problems.push(`${label}: expected a non-terminal state like ${expected}, got ${String(got)}`);
  }
}

export function compareExchange(index: number, replayed: ReplayedExchange): string[] {
  const { expected, actual } = replayed;
  const problems: string[] = [];
  const where = `#${index} ${expected.request.method} ${'follow' in expected.request ? `<${expected.request.follow}>` : expected.request.path}`;
  if (actual.status !== expected.response.status) problems.push(`status: expected ${expected.response.status}, got ${actual.status}`);
  if (expected.phase === 'running' && isTerminal(actual)) problems.push('expected the operation to be still running');

  const present = Object.keys(actual.headers).map((name) => name.toLowerCase());
  for (const name of expected.response.headers) {
    const found = name.endsWith('*') ? present.some((p) => p.startsWith(name.slice(0, -1))) : present.includes(name);
    if (!found) problems.push(`header ${name}: missing`);
  }
  for (const name of ASYNC_HEADERS) {
    if (!expected.response.headers.includes(name) && present.includes(name)) problems.push(`header ${name}: present, real ARM sends none here`);
  }

  const expectedBody = expected.response.body;
  if (expectedBody === null) {
    if (actual.text.trim() !== '') problems.push(`body: expected empty, got ${actual.text.slice(0, 80)}`);
  } else {
    compareShape(expectedBody, actual.json, 'body', problems);
    if (isRecord(expectedBody)) {
      const got = isRecord(actual.json) ? actual.json : {};
      compareState('body.status', expectedBody['status'], got['status'], problems);
      const expProps = isRecord(expectedBody['properties']) ? expectedBody['properties'] : {};
      const gotProps = isRecord(got['properties']) ? got['properties'] : {};
      compareState('body.properties.provisioningState', expProps['provisioningState'], gotProps['provisioningState'], problems);
      if (typeof expectedBody['type'] === 'string' && String(got['type']).toLowerCase() !== expectedBody['type'].toLowerCase()) {
        problems.push(`body.type: expected ${expectedBody['type']}, got ${String(got['type'])}`);
      }
    }
  }
  return problems.map((p) => `${where}: ${p}`);
}
