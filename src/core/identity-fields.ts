import { codeTag } from './result-codes.ts';
import type { KubeObject, Result } from './types.ts';

/**
 * `metadata.name` when it is a string, else '' (no name): what readers that only match names use,
 * so a name written as a number, boolean or mapping matches nothing; identityProblems reports it.
 */
export function nameText(object: KubeObject): string {
  const name: unknown = object.metadata.name;
  return typeof name === 'string' ? name : '';
}

/**
 * Errors for `metadata.name`, `metadata.generateName` and `metadata.namespace` written as anything
 * but a string (a mapping, a list, an unquoted number or boolean). The API server refuses such an
 * object; reading on would name it "[object Object]" or compare namespace 5 with Namespace "5".
 * A null field is an absent one, as the API server reads it. With `needsName` (an object holding
 * a pod template), a missing or empty name is an error too.
 */
export function identityProblems(object: KubeObject, needsName = false): Result[] {
  const metadata = object.metadata as Record<string, unknown>;
  const name = nameText(object);
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  const results: Result[] = [];
  for (const field of ['name', 'generateName', 'namespace'] as const) {
    const value = metadata[field];
    if (value === undefined || value === null || typeof value === 'string') continue;
    const where =
      name !== ''
        ? `${object.kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`
        : `${object.apiVersion} ${object.kind}${namespace === undefined ? '' : ` in namespace ${namespace}`}`;
    const scalar = typeof value === 'number' || typeof value === 'boolean';
    const fix = scalar ? `Quote it in YAML: ${field}: "${String(value)}"` : `Write the ${field} as text`;
    results.push({
      severity: 'error',
      message: `${where}, metadata.${field}: must be a string (a Kubernetes name such as "web"; got ${shown(value)}); the API server refuses the object. ${fix}.`,
      resourceRef: { apiVersion: object.apiVersion, kind: object.kind, name, ...(namespace === undefined ? {} : { namespace }) },
      field: { path: `metadata.${field}` },
      tags: codeTag('KI0223'),
    });
  }
  // A workload without a name: the API server refuses it, and nothing could name its results.
  if (
    needsName &&
    results.length === 0 &&
    name === '' &&
    !(typeof metadata['generateName'] === 'string' && metadata['generateName'] !== '')
  ) {
    results.push({
      severity: 'error',
      message: `${object.apiVersion} ${object.kind}${namespace === undefined ? '' : ` in namespace ${namespace}`}, metadata.name: is missing or empty; the API server refuses an object without a name (or generateName). Give it a name.`,
      resourceRef: { apiVersion: object.apiVersion, kind: object.kind, name: '', ...(namespace === undefined ? {} : { namespace }) },
      field: { path: 'metadata.name' },
      tags: codeTag('KI0223'),
    });
  }
  return results;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
