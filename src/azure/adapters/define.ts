// The shared shape of every ARM adapter: an SDK get/put/delete plus a declaration of the fields the operator owns.
// This file turns that declaration into the executor's ResourceAdapter: 404 → undefined on get, 404 → done on
// delete, diff over the owned fields only, and a clear error instead of a doomed PUT when an immutable field changed.
import { isRestError } from '@azure/arm-resources';
import type { ActionAdapter, CallContext, ResourceAdapter } from '../../plan/index.ts';
import type { ArmClients } from '../clients.ts';
import { diffSubset } from '../diff.ts';
import { AdapterError } from '../errors.ts';

/** What every adapter is built from. */
export interface AdapterDeps {
  readonly clients: ArmClients;
  /** ARM base URL (no trailing slash), for the few calls made outside the SDK operations. */
  readonly endpoint: string;
  /** LRO poll interval for the SDK pollers (ARM's Retry-After overrides it); undefined = SDK default (2 s). */
  readonly updateIntervalInMs?: number;
}

/** Options passed to every SDK call: the executor's signal and the poll interval. */
export interface SdkOptions {
  readonly abortSignal: AbortSignal;
  readonly updateIntervalInMs?: number;
}

export interface ResourceAdapterDefinition<Spec, Observed, Output> {
  /** Registry key: the ARM type, or the ARM type plus '@api-version' for an alternative adapter of the same type. */
  readonly key: string;
  /** Noun for messages and the default waitReason ('WaitingFor' + noun). */
  readonly noun: string;
  /** The SDK GET; a 404 RestError becomes `undefined` (an adapter may also answer undefined itself). */
  get(deps: AdapterDeps, id: string, opts: SdkOptions): Promise<Observed | undefined>;
  /** The SDK create/update, awaited to completion. */
  put(deps: AdapterDeps, id: string, spec: Spec, observed: Observed | undefined, opts: SdkOptions): Promise<Observed>;
  /** The SDK delete, awaited to completion; a 404 counts as done. */
  delete(deps: AdapterDeps, id: string, opts: SdkOptions): Promise<void>;
  /** The fields the operator owns, shaped like the observed resource (usually the body sent, minus secrets). */
  owned(spec: Spec, id: string): unknown;
  /** Owned paths ARM refuses to change in place (reported before any write). Prefix match on diff paths. */
  readonly immutable?: readonly string[];
  provisioningState(observed: Observed): string | undefined;
  output(observed: Observed, id: string): Output;
}

export interface ArmResourceAdapter<Spec, Observed, Output> {
  readonly key: string;
  readonly noun: string;
  build(deps: AdapterDeps): ResourceAdapter<Spec, Observed, Output>;
}

export function isNotFound(err: unknown): boolean {
  return isRestError(err) && err.statusCode === 404;
}

export function sdkOptions(deps: AdapterDeps, ctx: CallContext): SdkOptions {
  return deps.updateIntervalInMs === undefined
    ? { abortSignal: ctx.signal }
    : { abortSignal: ctx.signal, updateIntervalInMs: deps.updateIntervalInMs };
}

function immutableChanges(immutable: readonly string[] | undefined, diff: readonly string[]): string[] {
  if (!immutable) return [];
  return diff.filter((path) => immutable.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)));
}

export function defineResourceAdapter<Spec, Observed, Output>(
  def: ResourceAdapterDefinition<Spec, Observed, Output>,
): ArmResourceAdapter<Spec, Observed, Output> {
  return {
    key: def.key,
    noun: def.noun,
    build: (deps) => {
      const diff = (id: string, spec: Spec, observed: Observed) => diffSubset(def.owned(spec, id), observed);
      return {
        async get(id, ctx) {
          try {
            return await def.get(deps, id, sdkOptions(deps, ctx));
          } catch (err) {
            if (isNotFound(err)) return undefined;
            throw err;
          }
        },
        async put(id, spec, observed, ctx) {
          if (observed !== undefined) {
            const frozen = immutableChanges(def.immutable, diff(id, spec, observed));
            if (frozen.length > 0) {
              throw new AdapterError(
                'ImmutableFieldChanged',
                `${def.noun} '${id}': ${frozen.join(', ')} cannot be changed on an existing resource; ` +
                  'restore the previous value, or delete the resource so it is created again',
              );
            }
          }
          return def.put(deps, id, spec, observed, sdkOptions(deps, ctx));
        },
        async delete(id, ctx) {
          try {
            await def.delete(deps, id, sdkOptions(deps, ctx));
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        },
        diff: (spec, observed, id) => diff(id, spec, observed),
        provisioningState: (o) => def.provisioningState(o),
        output: (o, id) => def.output(o, id),
      };
    },
  };
}

export interface ArmActionAdapter<Params, Output> {
  readonly key: string;
  readonly noun: string;
  build(deps: AdapterDeps): ActionAdapter<Params, Output>;
}

export function defineActionAdapter<Params, Output>(def: {
  readonly key: string;
  readonly noun: string;
  build(deps: AdapterDeps): ActionAdapter<Params, Output>;
}): ArmActionAdapter<Params, Output> {
  return def;
}

/** Tags are owned only when the spec sets them, so tags added by Azure Policy are not drift. */
export function withTags<T extends object>(body: T, tags: Record<string, string> | undefined): T & { tags?: Record<string, string> } {
  return tags === undefined ? body : { ...body, tags };
}
