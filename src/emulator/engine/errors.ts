/** An ARM error response: `{"error":{"code","message","details":[]}}` with its HTTP status. */
export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly target: string | undefined;

  constructor(status: number, code: string, message: string, opts: { headers?: Record<string, string>; target?: string } = {}) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.headers = opts.headers ?? {};
    this.target = opts.target;
  }

  toBody(): { error: { code: string; message: string; target?: string; details: unknown[] } } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}), details: [] } };
  }
}

export const badRequest = (code: string, message: string, target?: string): ArmError =>
  new ArmError(400, code, message, target ? { target } : {});

export const conflict = (code: string, message: string): ArmError => new ArmError(409, code, message);

export function resourceNotFound(typePath: string, resourceGroup: string | undefined): ArmError {
  const where = resourceGroup ? ` under resource group '${resourceGroup}'` : '';
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${typePath}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export const resourceGroupNotFound = (name: string): ArmError =>
  new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);

export const parentResourceNotFound = (parentName: string): ArmError =>
  new ArmError(
    404,
    'ParentResourceNotFound',
    `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
  );

/** A referenced resource (subnet, NIC, zone...) that does not exist: Network's wording, used by every provider here. */
export const invalidReference = (referencedId: string, referrerId: string): ArmError =>
  badRequest(
    'InvalidResourceReference',
    `Resource ${referencedId} referenced by resource ${referrerId} was not found. ` +
      'Please make sure that the referenced resource exists, and that both resources are in the same region.',
  );

/** A property that should hold a fully qualified resource id but does not. */
export const linkedInvalidPropertyId = (value: string, path: string): ArmError =>
  badRequest(
    'LinkedInvalidPropertyId',
    `Property id '${value}' at path '${path}' is invalid. Expect fully qualified resource Id that start with ` +
      `'/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
  );
