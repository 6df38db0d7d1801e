import type { EtagStyle } from './etag.ts';
import type { ParsedId } from './ids.ts';
import type { Store } from './store.ts';

export type JsonObject = Record<string, unknown>;

/** One resource as kept by the emulator. `body` is the ARM JSON; `internal` is emulator-only state. */
export interface StoredResource {
  id: string;
  type: string;
  body: JsonObject;
  internal: JsonObject;
}

/**
 * How a provider answers a write (reference §6/§8):
 * - `sync`: final answer at once (200/201, DELETE 200/204);
 * - `async-operation`: PUT 201/200 with a non-terminal provisioningState + `Azure-AsyncOperation`; DELETE/POST 202
 *   with `Azure-AsyncOperation` and `Location` (Network, Compute, ACR);
 * - `private-dns`: 202 `{}` with both headers, the status URL answering 202 `InProgress` until done;
 * - `location`: 202 with `Location` only, which answers 202 then 200 with the result (Storage, Machine Learning);
 * - `body`: 200/201 with a non-terminal provisioningState and no header; clients re-GET (Key Vault).
 */
export type AsyncPattern = 'sync' | 'async-operation' | 'private-dns' | 'location' | 'body';

/** Where a provider's operation URLs live: `/subscriptions/{s}[/resourceGroups/{rg}]/providers/{ns}/…/{segment}/{id}`. */
export interface OperationUrlStyle {
  namespace: string;
  /** Under `locations/{location}/` (most providers) or under the resource group (Private DNS). */
  scope: 'location' | 'resourceGroup';
  statusSegment: string;
  resultSegment: string;
  /** Extra query parameters real ARM puts on these URLs (Storage: `monitor=true`). */
  query?: string;
}

/** What providers may read and change besides the resource being written. */
export interface World {
  readonly store: Store;
  readonly subscriptionId: string;
  readonly tenantId: string;
  now(): number;
  def(type: string): TypeDef | undefined;
  /** Removes a resource and its descendants, running each type's `onDeleted`. */
  removeTree(id: string): void;
}

export interface WriteContext {
  world: World;
  /** The id in the caller's casing (nested under the stored parent's casing). */
  id: string;
  parsed: ParsedId;
  verb: 'put' | 'patch';
  apiVersion: string;
  existing: StoredResource | undefined;
  /** The request body (for PATCH: the existing resource with the patch merged in). */
  request: JsonObject;
  /** The resource being written, prefilled with id/name/type/location/tags/properties; providers add outputs. */
  resource: StoredResource;
}

export interface ActionContext {
  world: World;
  resource: StoredResource;
  apiVersion: string;
  request: JsonObject;
  query: URLSearchParams;
}

export interface ActionDef {
  method: 'POST' | 'GET';
  /** POST actions: how the answer comes back. GET sub-resources are always `sync`. */
  pattern: AsyncPattern;
  /** Key in the realistic latency table, e.g. `start`. */
  verb?: string;
  /** Validates and applies the transient part (e.g. PowerState/starting); a sync action's return value is the body. */
  begin?(a: ActionContext): unknown;
  /** Applies the effect when the operation ends; the return value is the operation's result. */
  complete?(a: ActionContext): unknown;
  /** GET sub-collections (a zone's `ALL` record sets): the items, rendered and paged by the engine. */
  listItems?(a: ActionContext): StoredResource[];
  /** Action api-versions when narrower than the type's. */
  apiVersions?: readonly string[];
}

export interface ListContext {
  world: World;
  /** The id the collection hangs off (scope or parent resource). */
  parentId: string;
  query: URLSearchParams;
}

export interface TypeDef {
  /** Canonical casing, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  apiVersions: readonly string[];
  /** `update`: a PUT on an existing resource, when it differs from a create (Key Vault and Storage answer it at once). */
  patterns: { put: AsyncPattern; delete: AsyncPattern; patch?: AsyncPattern; update?: AsyncPattern };
  operationUrls?: OperationUrlStyle;
  etag?: EtagStyle;
  /** `required`: a location must be sent; `global`: always `global`; `none`: nested resources without one. */
  location: 'required' | 'global' | 'optional' | 'none';
  /** Non-terminal provisioningState shown while an operation runs; absent: the type has no provisioningState. */
  states?: { create: string; update: string; delete: string };
  /** `type` as real ARM spells it in responses when it differs (App Insights answers lower case). */
  responseType?: string;
  /** Validates the write and fills computed outputs; side effects only after every check passed. */
  prepare?(w: WriteContext): void;
  /** Adds to a copy of the body what is computed from other resources at read time (e.g. a VNet's subnets). */
  render?(body: JsonObject, r: StoredResource, world: World): void;
  /** A synchronous DELETE answers 200 with the deleted resource (role assignments) rather than an empty body. */
  deleteReturnsBody?: boolean;
  /** Read-only types (deleted vaults) refuse PUT, PATCH and DELETE. */
  readOnly?: boolean;
  /** The parent path is not a stored resource (`locations/{l}` of deleted vaults), so it is not checked. */
  virtualParent?: boolean;
  /** Throws when Azure would refuse the delete (resource in use). */
  guardDelete?(r: StoredResource, world: World): void;
  /** Cleans up side effects once the resource is gone (the NIC of a private endpoint, A records of a zone group). */
  onDeleted?(r: StoredResource, world: World): void;
  actions?: Record<string, ActionDef>;
  /** Replaces the default listing of children/resources of this type under a parent or scope. */
  list?(l: ListContext): StoredResource[];
}
