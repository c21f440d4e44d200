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
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.` };
    }
    case 'type':
      return { path, message: `must be of type ${String((error.params as { type: unknown }).type)}.` };
    default:
      return { path, message: `${error.message ?? 'is invalid'}.` };
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
