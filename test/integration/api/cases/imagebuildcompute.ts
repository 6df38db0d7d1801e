import type { AcceptedCase, RejectedCase } from './case.ts';

/** Rows on top of bases.imageBuildComputeSpec. */
export const imageBuildComputeRejected: RejectedCase[] = [
  { name: 'workspaceRef is required', patch: { spec: { workspaceRef: null } }, expect: ['spec.workspaceRef: Required value'] },
  { name: 'workspaceRef.name is required', patch: { spec: { workspaceRef: { name: null } } }, expect: ['spec.workspaceRef.name: Required value'] },
  { name: 'workspaceRef.name is an object name', patch: { spec: { workspaceRef: { name: 'My_Workspace' } } }, expect: ['spec.workspaceRef.name', 'should match'] },
  { name: 'computeName is required', patch: { spec: { computeName: null } }, expect: ['spec.computeName: Required value'] },
  { name: 'computeName has at least 2 characters', patch: { spec: { computeName: 'c' } }, expect: ['spec.computeName', 'should be at least 2 chars long'] },
  { name: 'computeName has at most 16 characters', patch: { spec: { computeName: 'imagebuildcompute' } }, expect: ['spec.computeName', 'Too long'] },
  { name: 'computeName starts with a letter', patch: { spec: { computeName: '1build' } }, expect: ['spec.computeName', 'should match'] },
  { name: 'computeName does not end with a hyphen', patch: { spec: { computeName: 'image-build-' } }, expect: ['spec.computeName', 'should match'] },
  { name: 'computeName has no underscore', patch: { spec: { computeName: 'image_build' } }, expect: ['spec.computeName', 'should match'] },
  { name: 'vmSize NC (GPU) is refused', patch: { spec: { vmSize: 'Standard_NC6s_v3' } }, expect: ['spec.vmSize', 'vmSize must be a CPU size'] },
  { name: 'vmSize ND in lower case is refused', patch: { spec: { vmSize: 'standard_nd40rs_v2' } }, expect: ['spec.vmSize', 'must be a CPU size'] },
  { name: 'vmSize NV is refused', patch: { spec: { vmSize: 'Standard_NV12s_v3' } }, expect: ['spec.vmSize', 'must be a CPU size'] },
  { name: 'vmSize NG is refused', patch: { spec: { vmSize: 'Standard_NG8ads_V620_v1' } }, expect: ['spec.vmSize', 'must be a CPU size'] },
  { name: 'vmSize NCads A100 is refused', patch: { spec: { vmSize: 'Standard_NC24ads_A100_v4' } }, expect: ['spec.vmSize', 'must be a CPU size'] },
  { name: 'vmSize must look like a size name', patch: { spec: { vmSize: 'DS3 v2' } }, expect: ['spec.vmSize', 'should match'] },
  { name: 'minNodes must not exceed maxNodes', patch: { spec: { minNodes: 3, maxNodes: 2 } }, expect: ['spec.minNodes', 'minNodes must be less than or equal to maxNodes'] },
  { name: 'minNodes above the default maxNodes', patch: { spec: { minNodes: 5 } }, expect: ['spec.minNodes', 'less than or equal to maxNodes'] },
  { name: 'minNodes is not negative', patch: { spec: { minNodes: -1 } }, expect: ['spec.minNodes', 'greater than or equal to 0'] },
  { name: 'maxNodes is at least 1', patch: { spec: { minNodes: 0, maxNodes: 0 } }, expect: ['spec.maxNodes', 'greater than or equal to 1'] },
  { name: 'idleTimeBeforeScaleDown is ISO 8601', patch: { spec: { idleTimeBeforeScaleDown: '120s' } }, expect: ['spec.idleTimeBeforeScaleDown', 'should match'] },
  { name: 'idleTimeBeforeScaleDown needs a value', patch: { spec: { idleTimeBeforeScaleDown: 'PT' } }, expect: ['spec.idleTimeBeforeScaleDown', 'must be an ISO 8601 duration'] },
  { name: 'subnet is training or scoring', patch: { spec: { subnet: 'bastion' } }, expect: ['spec.subnet: Unsupported value: "bastion"'] },
  { name: 'vmPriority is Dedicated or LowPriority', patch: { spec: { vmPriority: 'Spot' } }, expect: ['spec.vmPriority: Unsupported value: "Spot"'] },
  { name: 'nodePublicIp is a boolean', patch: { spec: { nodePublicIp: 'enabled' } }, expect: ['spec.nodePublicIp', 'boolean'] },
];

export const imageBuildComputeAccepted: AcceptedCase[] = [
  { name: 'the base compute (defaults only)', patch: {} },
  { name: 'CPU sizes whose names contain the GPU letters after the family', patch: { spec: { vmSize: 'Standard_E4ads_v5' } } },
  { name: 'a D-series v5 size', patch: { spec: { vmSize: 'Standard_D4ds_v5' } } },
  { name: 'minNodes equal to maxNodes', patch: { spec: { minNodes: 2, maxNodes: 2 } } },
  { name: '2-character and 16-character names', patch: { spec: { computeName: 'a1-b2-c3-d4-e5f6' } } },
  { name: 'every field set', patch: { spec: { vmSize: 'Standard_F4s_v2', minNodes: 1, maxNodes: 4, idleTimeBeforeScaleDown: 'PT15M', subnet: 'scoring', vmPriority: 'LowPriority', nodePublicIp: true, deletionPolicy: 'Retain' } } },
];
