import type { ErrorObject } from 'ajv';
import validate from './generated/validate-settings.js';
import { settingsSchema } from './settings-schema.ts';
import { BOOLEAN_WORDS_HINT } from './boolean-words.ts';
import { nearestName } from '../core/nearest-name.ts';

/** One problem of the user's settings: where (dotted path), what, and how to fix. */
export interface SettingsProblem {
  path: string;
  message: string;
}

/** Every problem of `body` against the settings schema, all at once (empty when valid). */
export function validateSettings(body: unknown): SettingsProblem[] {
  // Most runs give no flags: skip the (large) validator's first-call compile for an empty body.
  if (isEmptyObject(body)) return [];
  const problems = validate(body) ? [] : (validate.errors ?? []).map(describeError);
  const address = (body as { controlPlane?: { address?: unknown } }).controlPlane?.address;
  if (typeof address === 'string' && address !== '') {
    const problem = controlPlaneAddressProblem(address);
    if (problem !== undefined) problems.push({ path: 'controlPlane.address', message: problem });
  }
  return problems;
}

/**
 * Why `address` cannot be kuma-dp's KUMA_CONTROL_PLANE_URL, or undefined. kuma-dp accepts any
 * string Go's url.Parse takes ("not a url" is a relative reference) and then fails to connect:
 * it needs an absolute http(s) URL with a host, and a port (if any) from 1 to 65535.
 */
export function controlPlaneAddressProblem(address: string): string | undefined {
  const expected =
    'expected an absolute URL with scheme https or http and a host, such as https://kong-mesh-control-plane.kong-mesh-system:5678';
  const shown = JSON.stringify(address);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address)?.[1];
  if (scheme === undefined) return `is not an absolute URL (got ${shown}, no scheme); ${expected}.`;
  if (/\s/.test(address)) return `contains whitespace (got ${shown}); ${expected}.`;
  if (!['http', 'https'].includes(scheme.toLowerCase())) return `has scheme ${JSON.stringify(scheme)} (got ${shown}); ${expected}.`;
  if (!address.slice(scheme.length + 1).startsWith('//')) return `has no host (got ${shown}); ${expected}.`;
  const port = /^\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/.exec(address.slice(scheme.length + 1))?.[1];
  if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `has port ${JSON.stringify(port)} (got ${shown}); expected a port from 1 to 65535.`;
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `is not a valid URL (got ${shown}); ${expected}.`;
  }
  if (url.hostname === '') return `has no host (got ${shown}); ${expected}.`;
  return undefined;
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
      const hint = near !== undefined ? `did you mean "${near}"?` : `valid keys here: ${known.join(', ')}.`;
      return { path: where, message: `unknown key "${key}"; ${hint} Remove or rename it.` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return {
        path,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (${got(error.data)})${quoteHint(error.data, allowed)}.`,
      };
    }
    case 'type': {
      const type = String((error.params as { type: unknown }).type);
      if (type === 'boolean') return { path, message: `must be true or false (${got(error.data)})${BOOLEAN_FIX}.` };
      return {
        path,
        message: `must be of type ${type} (${got(error.data)})${quoteHint(error.data, type === 'string' ? [String(error.data)] : [])}.`,
      };
    }
    case 'minimum':
    case 'maximum': {
      const node = schemaAt(error.schemaPath) as { minimum?: number; maximum?: number; type?: string };
      const kind = node.type === 'integer' ? 'an integer' : 'a number';
      const range = node.maximum === undefined ? `${node.minimum} or more` : `from ${node.minimum ?? '-∞'} to ${node.maximum}`;
      return { path, message: `must be ${kind} ${range} (${got(error.data)}). Use a value in that range.` };
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

/** The schema node an error's keyword belongs to ("#/properties/a/properties/b/maximum" → b's node). */
function schemaAt(schemaPath: string): unknown {
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = settingsSchema;
  for (const part of parts) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** The property names allowed at the schema location an additionalProperties error came from. */
function knownKeys(schemaPath: string): string[] {
  // schemaPath looks like "#/properties/injector/properties/sidecarContainer/additionalProperties".
  const properties = (schemaAt(schemaPath) as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties === undefined ? [] : Object.keys(properties);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * One boolean vocabulary for settings files, ConfigMap keys, flags and Argo CD variables: true or
 * false, nothing else (no yes/no, 1/0, on/off), so a value means the same wherever it is written.
 */
const BOOLEAN_FIX = `; write true or false, unquoted (${BOOLEAN_WORDS_HINT})`;

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
