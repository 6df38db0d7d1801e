import type { FaultInjector, FaultTarget } from './faults.ts';
import type { LatencyProfile } from './latency.ts';
import type { OperationTable } from './operations.ts';
import type { JsonObject, World } from './types.ts';

export interface EngineSettings {
  subscriptionId: string;
  tenantId: string;
  latency: LatencyProfile;
  timeScale: number;
  /** Retry-After (seconds) on async responses; 0 omits the header so the client's own interval applies. */
  retryAfterSeconds: number;
  /** Items per list page. */
  pageSize: number;
}

/** The engine as seen by request handlers. */
export interface EngineCore extends World {
  readonly ops: OperationTable;
  readonly settings: EngineSettings;
  readonly faults: FaultInjector;
}

export interface ArmRequest {
  method: string;
  /** Absolute URL, with the scheme and host the client used. */
  url: URL;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  bodyText: string;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Destroy the connection instead of answering (connection-reset fault). */
  destroy?: boolean;
}

/** One request being served. */
export interface RequestContext {
  core: EngineCore;
  method: string;
  url: URL;
  origin: string;
  apiVersion: string;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, undefined when empty. */
  body: JsonObject | undefined;
  faultTarget: FaultTarget;
}

export const json = (status: number, body?: unknown, headers: Record<string, string> = {}): ArmResponse =>
  body === undefined ? { status, headers } : { status, headers, body };
