import type { ErrorObject } from 'ajv';
import { crdValidators } from './generated/validate-crds.js';
import type { Violation } from '../validate/violations.ts';

/**
 * The API server's first check of a Kuma object: its CRD's structural schema (types, required
 * fields, enums, patterns, limits), with unknown fields refused as `kubectl apply
 * --validate=strict` (the default) does. The schemas are the CRDs of the Helm chart, vendored in
 * schemas.json and compiled at build time (scripts/gen-policy-crd-validators.mjs).
 */
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The kinds whose CRD schema is known. */
export function hasCrdSchema(kind: string): boolean {
  const all = crdValidators();
  return Object.hasOwn(all, kind) && typeof all[kind] === 'function';
}

/** Schema violations of `object` (the whole manifest), with Kuma-style field paths; [] when valid. */
export function validateCrdSchema(kind: string, object: unknown): Violation[] {
  const validate: Validate | undefined = hasCrdSchema(kind) ? crdValidators()[kind] : undefined;
  if (validate === undefined) return [];
  const pruned = withoutNulls(object);
  if (validate(pruned)) return [];
  object = pruned;
  const seen = new Set<string>();
  const out: Violation[] = [];
  const errors = validate.errors ?? [];
  // An int-or-string field reports each alternative's type error and then the anyOf: keep the last.
  const either = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const error of errors) {
    if (error.keyword === 'type' && either.has(error.instancePath)) continue;
    const violation = describe(error, object);
    if (violation === undefined) continue;
    const key = `${violation.field}\u0000${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(violation);
  }
  return out;
}

/**
 * The object as the API server validates it: fields set to null are pruned first (no Kuma CRD
 * declares a field nullable).
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines own keys: an assignment to `__proto__` would drop that key unchecked.
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}

/** `/spec/to/0/targetRef` → `spec.to[0].targetRef`. */
export function fieldPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(token) ? `${path}[${token}]` : child(path, token);
  }
  return path;
}

/** The path of property `name` under `path`: `.name`, or `["name"]` when it is not a plain word. */
function child(path: string, name: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(name)) return path === '' ? name : `${path}.${name}`;
  return `${path}[${JSON.stringify(name)}]`;
}

function valueAt(object: unknown, pointer: string): unknown {
  let current = object;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The field an ajv error is about: the missing or unknown property itself, else the instance. */
export function errorField(error: Pick<ErrorObject, 'instancePath' | 'keyword' | 'params'>): string {
  const at = fieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return child(at, String(params['missingProperty']));
  if (error.keyword === 'additionalProperties') return child(at, String(params['additionalProperty']));
  return at;
}

function describe(error: ErrorObject, object: unknown): Violation | undefined {
  const at = fieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      return { field: child(at, String(params['missingProperty'])), message: 'Required value' };
    }
    case 'additionalProperties': {
      const field = child(at, String(params['additionalProperty']));
      return {
        field,
        message: `unknown field "${field}": the CRD does not declare it (kubectl apply --validate=strict refuses it, other clients drop it)`,
      };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { field: at, message: `Unsupported value: ${shown(valueAt(object, error.instancePath))}: supported values: ${allowed}` };
    }
    case 'type':
      return {
        field: at,
        message: `Invalid value: ${shown(valueAt(object, error.instancePath))}: must be of type ${String(params['type'])}, got ${typeOf(valueAt(object, error.instancePath))}`,
      };
    case 'anyOf':
    case 'oneOf':
      return { field: at, message: `Invalid value: ${shown(valueAt(object, error.instancePath))}: must be an integer or a string` };
    case 'pattern':
      return {
        field: at,
        message: `Invalid value: ${shown(valueAt(object, error.instancePath))}: must match the pattern '${String(params['pattern'])}'`,
      };
    case 'format':
      return {
        field: at,
        message: `Invalid value: ${shown(valueAt(object, error.instancePath))}: must be in the ${String(params['format'])} format`,
      };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'minProperties':
    case 'maxProperties':
      return { field: at, message: `Invalid value: ${shown(valueAt(object, error.instancePath))}: ${error.message ?? error.keyword}` };
    default:
      return { field: at, message: error.message ?? error.keyword };
  }
}
