import type { KubeObject, ResourceRef, Result, Severity } from './types.ts';
import type { ResultCode } from './result-codes.ts';

/** The reference KRM results use to point at an object. */
export function refOf(object: KubeObject): ResourceRef {
  const ref: ResourceRef = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? object.metadata.generateName ?? '',
  };
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace;
  return ref;
}

/** `Kind namespace/name`, the way every message names an object. */
export function describe(object: KubeObject): string {
  const name = object.metadata.name ?? `${object.metadata.generateName ?? ''}*`;
  const ns = object.metadata.namespace;
  return `${object.kind} ${ns === undefined ? '' : `${ns}/`}${name}`;
}

/** A result about one object, optionally about one of its fields, with its code (see result-codes.ts). */
export function resultFor(code: ResultCode, severity: Severity, object: KubeObject, message: string, fieldPath?: string): Result {
  const result: Result = { severity, message, resourceRef: refOf(object), tags: { code } };
  if (fieldPath !== undefined) result.field = { path: fieldPath };
  return result;
}

export function hasErrors(results: readonly Result[]): boolean {
  return results.some((r) => r.severity === 'error');
}
