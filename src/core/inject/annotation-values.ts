import { parseGoDuration } from './go-duration.ts';
import { goQuote, parseUint32 } from '../kuma-api/go-strconv.ts';
import { annotationPath, labelPath } from './keys.ts';
import { WebhookError } from './webhook-error.ts';

/**
 * Readers for pod annotations (and labels) with the webhook's parsing rules and error texts
 * (spec §5). Each throws WebhookError on a value the webhook rejects.
 */

export type StringMap = Readonly<Record<string, string>>;

/** Which map a key is read from, so an error can name the right field. */
export type Source = 'annotation' | 'label';

function has(map: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

function fieldOf(key: string, source: Source): string {
  return source === 'label' ? labelPath(key) : annotationPath(key);
}

/** The value if the key is present (even empty), else undefined. */
export function getString(map: StringMap, key: string): string | undefined {
  return has(map, key) ? map[key] : undefined;
}

const ENABLED: Record<string, boolean> = { enabled: true, true: true, yes: true, disabled: false, false: false, no: false };
const PLAIN: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/**
 * An enabled-boolean (`enabled|true|yes` / `disabled|false|no`, case-sensitive); undefined when
 * absent. Invalid → `annotation "<key>" has wrong value "<v>"`.
 */
export function getEnabled(map: StringMap, key: string, source: Source = 'annotation'): boolean | undefined {
  const value = getString(map, key);
  if (value === undefined) return undefined;
  const parsed = ENABLED[value];
  if (parsed === undefined || !has(ENABLED, value)) {
    throw new WebhookError(`annotation "${key}" has wrong value "${value}"`, {
      field: fieldOf(key, source),
      got: value,
      hint: 'expected one of enabled, disabled, true, false. Fix the value',
    });
  }
  return parsed;
}

/** A plain boolean (`true|yes|false|no`); an invalid value counts as false, as on the legacy path. */
export function getPlainBooleanLenient(map: StringMap, key: string): boolean {
  const value = getString(map, key);
  return value !== undefined && has(PLAIN, value) && PLAIN[value] === true;
}

/** An unsigned 32-bit number; undefined when absent. */
export function getUint32(map: StringMap, key: string): number | undefined {
  const value = getString(map, key);
  if (value === undefined) return undefined;
  const parsed = parseUint32(value);
  if (!parsed.ok) {
    throw new WebhookError(`failed to parse annotation ${goQuote(key)}: ${parsed.error}`, {
      field: annotationPath(key),
      got: value,
      hint: 'expected a whole number between 0 and 4294967295. Fix the value',
    });
  }
  return parsed.value;
}

/** A Go duration in nanoseconds; undefined when absent. */
export function getDuration(map: StringMap, key: string): bigint | undefined {
  const value = getString(map, key);
  if (value === undefined) return undefined;
  const parsed = parseGoDuration(value);
  if (!parsed.ok) {
    throw new WebhookError(parsed.error, {
      field: annotationPath(key),
      got: value,
      hint: 'expected a Go duration such as 10s, 1m30s or 500ms. Fix the value',
    });
  }
  return parsed.nanos;
}

/** A comma list: empty items dropped, no trimming; undefined when absent. */
export function getList(map: StringMap, key: string): string[] | undefined {
  const value = getString(map, key);
  return value === undefined ? undefined : value.split(',').filter((item) => item !== '');
}

/** A `K1=V1;K2=V2` map, in written order (later duplicates win); undefined when absent. */
export function getMap(map: StringMap, key: string): Map<string, string> | undefined {
  const value = getString(map, key);
  if (value === undefined) return undefined;
  const result = new Map<string, string>();
  for (const pair of value.split(';')) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      throw new WebhookError(
        `invalid format. Map in ${goQuote(key)} has to be provided in the following format: key1=value1;key2=value2`,
        { field: annotationPath(key), got: value, hint: 'expected KEY=VALUE pairs separated by ";" (no trailing ";", no "=" inside values). Fix the value' },
      );
    }
    result.set(parts[0] ?? '', parts[1] ?? '');
  }
  return result;
}
