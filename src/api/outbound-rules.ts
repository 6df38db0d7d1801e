import { Type } from '@sinclair/typebox';
import { StringEnum, X_VALIDATIONS } from './schema-kit.ts';

export const OUTBOUND_RULE_TYPES = ['FQDN', 'ServiceTag', 'PrivateEndpoint'] as const;

/** A host name, optionally with one leading wildcard label (`*.pythonhosted.org`). */
const FQDN_REGEX = '^(\\\\*\\\\.)?([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?\\\\.)+[a-zA-Z]{2,63}$';

/** One approved outbound destination of a managed VNet (Azure ML `outboundRules` entry). */
export const OutboundRuleSchema = Type.Object(
  {
    name: Type.String({
      description: 'Name of the rule in the workspace (unique in the list).',
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-zA-Z0-9][a-zA-Z0-9_-]*$',
    }),
    type: StringEnum(OUTBOUND_RULE_TYPES, {
      description: 'FQDN (a host name; Azure adds a managed firewall), ServiceTag, or PrivateEndpoint (to an Azure resource).',
    }),
    destination: Type.String({
      description:
        'What the rule allows: a host name such as pypi.org or *.pythonhosted.org (FQDN), a service tag such as ' +
        'AzureActiveDirectory (ServiceTag), or the ARM id of the target resource (PrivateEndpoint).',
      minLength: 1,
      maxLength: 1024,
    }),
    subresourceTarget: Type.Optional(
      Type.String({
        description: 'PrivateEndpoint rules only, and required there: the target sub-resource, e.g. blob or vault.',
        minLength: 1,
        maxLength: 64,
      }),
    ),
    ports: Type.Optional(
      Type.String({
        description: 'FQDN and ServiceTag rules: ports or ranges, comma-separated, e.g. "443" or "80,8000-8080"; "*" for all.',
        maxLength: 128,
        pattern: '^(\\*|[0-9]{1,5}(-[0-9]{1,5})?(,[0-9]{1,5}(-[0-9]{1,5})?)*)$',
      }),
    ),
    protocol: Type.Optional(
      StringEnum(['TCP', 'UDP', 'ICMP', '*'] as const, { description: 'FQDN and ServiceTag rules: the protocol.' }),
    ),
  },
  {
    description: 'An approved outbound destination of the managed VNet.',
    [X_VALIDATIONS]: [
      {
        rule: `self.type != 'FQDN' || self.destination.matches('${FQDN_REGEX}')`,
        message: 'outboundRules[].destination of an FQDN rule must be a host name such as pypi.org or *.pythonhosted.org',
        fieldPath: '.destination',
      },
      {
        rule: "self.type != 'ServiceTag' || self.destination.matches('^[A-Za-z][A-Za-z0-9]*(\\\\.[A-Za-z0-9]+)?$')",
        message: 'outboundRules[].destination of a ServiceTag rule must be a service tag such as AzureActiveDirectory or Storage.EastUS',
        fieldPath: '.destination',
      },
      {
        rule: "self.type != 'PrivateEndpoint' || self.destination.matches('(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/.+')",
        message: 'outboundRules[].destination of a PrivateEndpoint rule must be the ARM id of the target resource',
        fieldPath: '.destination',
      },
      {
        rule: "(self.type == 'PrivateEndpoint') == has(self.subresourceTarget)",
        message: 'outboundRules[].subresourceTarget is required for PrivateEndpoint rules and not allowed for the other types',
      },
      {
        rule: "self.type != 'PrivateEndpoint' || (!has(self.ports) && !has(self.protocol))",
        message: 'outboundRules[].ports and protocol do not apply to PrivateEndpoint rules',
      },
    ],
  },
);
