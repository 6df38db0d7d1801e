import { Type } from '@sinclair/typebox';
import type { Static, TArray, TObject, TOptional, TProperties, TSchema, TUnsafe } from '@sinclair/typebox';

/**
 * Building blocks that keep TypeBox schemas inside what a CRD accepts: structural schemas forbid `anyOf` of
 * literals and `patternProperties`, so enums and maps are written as plain OpenAPI keywords here.
 */

/** One `x-kubernetes-validations` entry. `fieldPath` points the error at a child field (relative to `self`). */
export interface ValidationRule {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

export const X_VALIDATIONS = 'x-kubernetes-validations';

/** Options every schema here carries: a description is mandatory so `kubectl explain` always has something to say. */
export interface Described {
  description: string;
  [X_VALIDATIONS]?: ValidationRule[];
  [keyword: string]: unknown;
}

declare const DefaultedBrand: unique symbol;
/** A schema with a `default`: the apiserver fills it in, so readers of stored objects always see a value. */
export type TDefaulted<T extends TSchema> = T & { readonly [DefaultedBrand]: true };

/**
 * Gives a schema a default. In the CRD the property is optional (the apiserver fills it); in the TypeScript type
 * of a stored object it is required, because the apiserver also applies defaults when it reads from etcd.
 */
export function Defaulted<T extends TSchema>(schema: T, value: InputOf<T>): TDefaulted<T> {
  return { ...schema, default: value } as TDefaulted<T>;
}

export function StringEnum<const V extends readonly string[]>(values: V, options: Described): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });
}

/** A string→string map (`additionalProperties`), e.g. Azure tags. */
export function StringMap(options: Described & { valueMaxLength: number }): TUnsafe<Record<string, string>> {
  const { valueMaxLength, ...rest } = options;
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: valueMaxLength },
    ...rest,
  });
}

/** `x-kubernetes-validations` of `self == oldSelf`, which the apiserver runs only on updates where both exist. */
export function immutable(field: string, why: string): ValidationRule {
  return { rule: 'self == oldSelf', message: `${field} is immutable: ${why}` };
}

/**
 * The type a user writes: properties that are optional or have a default may be left out. `Static<>` of the same
 * schema is the type of a stored object, where defaults are always present.
 */
export type InputOf<T extends TSchema> =
  T extends TObject<infer P> ? InputObject<P> : T extends TArray<infer I> ? InputOf<I>[] : Static<T>;

type OmittableKeys<P extends TProperties> = {
  [K in keyof P]: P[K] extends TOptional<TSchema> ? K : P[K] extends { readonly [DefaultedBrand]: true } ? K : never;
}[keyof P];

type InputObject<P extends TProperties> = Flatten<
  { [K in Exclude<keyof P, OmittableKeys<P>>]: InputOf<P[K]> } & { [K in OmittableKeys<P>]?: InputOf<P[K]> }
>;

type Flatten<T> = { [K in keyof T]: T[K] };
