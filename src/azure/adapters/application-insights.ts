import { parseResourceId } from '../resource-id.ts';
import { defineGenericAdapter } from './generic.ts';

export const APPLICATION_INSIGHTS_API_VERSION = '2020-02-02';

export interface ApplicationInsightsSpec {
  readonly location: string;
  /** Log Analytics workspace for workspace-based components. */
  readonly workspaceResourceId?: string;
  readonly publicNetworkAccessForIngestion?: 'Enabled' | 'Disabled';
  readonly publicNetworkAccessForQuery?: 'Enabled' | 'Disabled';
  readonly tags?: Record<string, string>;
}

export interface ApplicationInsightsOutput {
  readonly id: string;
  readonly name: string;
}

export const applicationInsights = defineGenericAdapter<ApplicationInsightsSpec, ApplicationInsightsOutput>({
  key: 'Microsoft.Insights/components',
  noun: 'ApplicationInsights',
  apiVersion: APPLICATION_INSIGHTS_API_VERSION,
  body: (spec) => ({
    location: spec.location,
    kind: 'web',
    ...(spec.tags ? { tags: spec.tags } : {}),
    properties: {
      Application_Type: 'web',
      ...(spec.workspaceResourceId ? { WorkspaceResourceId: spec.workspaceResourceId } : {}),
      ...(spec.publicNetworkAccessForIngestion ? { publicNetworkAccessForIngestion: spec.publicNetworkAccessForIngestion } : {}),
      ...(spec.publicNetworkAccessForQuery ? { publicNetworkAccessForQuery: spec.publicNetworkAccessForQuery } : {}),
    },
  }),
  immutable: ['location', 'kind'],
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? parseResourceId(id).segments.at(-1)?.name ?? '' }),
});
