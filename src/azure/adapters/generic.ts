// Resources reached through the generic resources client at an explicit api-version: types no installed SDK
// covers (Insights components) or covers only at an older api-version (ML workspaces with managedNetwork).
import type { GenericResource } from '@azure/arm-resources';
import { defineResourceAdapter } from './define.ts';
import type { ArmResourceAdapter } from './define.ts';

export interface GenericAdapterDefinition<Spec, Output> {
  readonly key: string;
  readonly noun: string;
  readonly apiVersion: string;
  /** The body to PUT; `observed` lets a writer keep properties it does not own. */
  body(spec: Spec, observed: GenericResource | undefined): GenericResource;
  /** Fields compared for drift; default: the body written on create. */
  owned?(spec: Spec): unknown;
  readonly immutable?: readonly string[];
  output(observed: GenericResource, id: string): Output;
}

export function provisioningStateOf(o: GenericResource): string | undefined {
  const state = o.properties?.provisioningState;
  return typeof state === 'string' ? state : undefined;
}

export function defineGenericAdapter<Spec, Output>(def: GenericAdapterDefinition<Spec, Output>): ArmResourceAdapter<Spec, GenericResource, Output> {
  return defineResourceAdapter<Spec, GenericResource, Output>({
    key: def.key,
    noun: def.noun,
    get: ({ clients }, id, opts) => clients.resources.resources.getById(id, def.apiVersion, opts),
    put: ({ clients }, id, spec, observed, opts) =>
      clients.resources.resources.createOrUpdateById(id, def.apiVersion, def.body(spec, observed), opts),
    delete: ({ clients }, id, opts) => clients.resources.resources.deleteById(id, def.apiVersion, opts),
    owned: (spec) => (def.owned ? def.owned(spec) : def.body(spec, undefined)),
    ...(def.immutable ? { immutable: def.immutable } : {}),
    provisioningState: provisioningStateOf,
    output: def.output,
  });
}
