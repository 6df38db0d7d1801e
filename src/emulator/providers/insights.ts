import { nameOf } from '../engine/ids.ts';
import { asString, propertiesOf } from '../engine/render.ts';
import type { TypeDef } from '../engine/types.ts';

/** api-versions of Microsoft.Insights/components (called through the generic resources client). */
export const INSIGHTS_API_VERSIONS = ['2015-05-01', '2018-05-01-preview', '2020-02-02', '2020-02-02-preview'] as const;

/** Application Insights components: synchronous 200/201; real ARM spells the type in lower case in responses. */
export const components: TypeDef = {
  type: 'Microsoft.Insights/components',
  responseType: 'microsoft.insights/components',
  apiVersions: INSIGHTS_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync', patch: 'sync' },
  location: 'required',
  states: { create: 'Succeeded', update: 'Succeeded', delete: 'Deleting' },
  prepare(w) {
    const body = w.resource.body;
    body['kind'] ??= 'web';
    const props = propertiesOf(body);
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    const location = asString(body['location']) ?? 'eastus';
    const key = asString(before['InstrumentationKey']) ?? crypto.randomUUID();
    props['Application_Type'] ??= 'web';
    props['ApplicationId'] = nameOf(w.id);
    props['AppId'] = before['AppId'] ?? crypto.randomUUID();
    props['InstrumentationKey'] = key;
    props['ConnectionString'] =
      `InstrumentationKey=${key};IngestionEndpoint=https://${location}-0.in.applicationinsights.azure.com/;` +
      `LiveEndpoint=https://${location}.livediagnostics.monitor.azure.com/`;
    props['CreationDate'] = before['CreationDate'] ?? new Date(w.world.now()).toISOString();
    props['TenantId'] = w.world.subscriptionId;
    props['IngestionMode'] = props['WorkspaceResourceId'] ? 'LogAnalytics' : 'ApplicationInsights';
    props['publicNetworkAccessForIngestion'] ??= 'Enabled';
    props['publicNetworkAccessForQuery'] ??= 'Enabled';
    props['RetentionInDays'] ??= 90;
  },
};
