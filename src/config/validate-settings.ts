import type { ErrorObject } from 'ajv';
import validate from './generated/validate-settings.js';
import { settingsSchema } from './settings-schema.ts';
import { nearestName } from '../core/nearest-name.ts';

/** One problem of the user's settings: where (dotted path), what, and how to fix. */
export interface SettingsProblem {
  path: string;
  message: string;
}

/** Every problem of `body` against the settings schema, all at once (empty when valid). */
export function validateSettings(body: unknown): SettingsProblem[] {
  // Most runs give no flags: skip the (large) validator's first-call compile for an empty body.
  if (isEmptyObject(body) || validate(body)) return [];
  return (validate.errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): SettingsProblem {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperty' as string:
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const where = path === '' ? key : `${path}.${key}`;
      const known = knownKeys(error.schemaPath);
      const near = nearestName(key, known);
      const hint = near !== undefined
        ? `did you mean "${near}"?`
        : `valid keys here: ${known.join(', ')}.`;
      return { path: where, message: `unknown key "${key}"; ${hint} Remove or rename it.` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (${got(error.data)})${quoteHint(error.data, allowed)}.` };
    }
    case 'type': {
      const type = String((error.params as { type: unknown }).type);
      return { path, message: `must be of type ${type} (${got(error.data)})${quoteHint(error.data, type === 'string' ? [String(error.data)] : [])}.` };
    }
    default:
      return { path, message: `${error.message ?? 'is invalid'} (${got(error.data)}).` };
  }
}

/** `/injector/sidecarContainer/uid` → `injector.sidecarContainer.uid`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The property names allowed at the schema location an additionalProperties error came from. */
function knownKeys(schemaPath: string): string[] {
  // schemaPath looks like "#/properties/injector/properties/sidecarContainer/additionalProperties".
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = settingsSchema;
  for (const part of parts) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties === undefined ? [] : Object.keys(properties);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** `got 2.13, a number`: YAML turns unquoted 2.13 into a number, so say which type was read. */
function got(value: unknown): string {
  if (value === undefined) return 'got nothing';
  const type = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
  const shown = typeof value === 'object' && value !== null ? '' : `${JSON.stringify(value)}, `;
  return `got ${shown}${type}`;
}

/** When the value is right but not a string (YAML read `2.13` or `true`), say to quote it. */
function quoteHint(value: unknown, allowed: readonly unknown[]): string {
  if (typeof value === 'string' || value === null || typeof value === 'object') return '';
  return allowed.includes(String(value)) ? `; quote it in YAML: "${String(value)}"` : '';
}
