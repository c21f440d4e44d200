import { parseGoDuration } from './go-duration.ts';
import { goQuote, parseUint32 } from './go-strconv.ts';

/**
 * Kuma's annotation / label values, read the way its Go code reads them (metadata.Annotations in
 * pkg/plugins/runtime/k8s/metadata): boolean words are case-sensitive, numbers are
 * strconv.ParseUint(v, 10, 32), durations time.ParseDuration, lists split on ',' with empty items
 * dropped and nothing trimmed, messages quote like Go's %q. One reader for the webhook twin and the
 * converter twin; each side passes how its errors are made (WebhookError with field and hint for
 * the injector, ConversionError for the control plane).
 */

export type StringMap = Readonly<Record<string, string>>;

/** Which map a key is read from, so an error can name the right field. */
type Source = 'annotation' | 'label';

/** What went wrong, in Kuma's words (`message`), and what a reviewer needs to fix it. */
export interface ValueProblem {
  message: string;
  key: string;
  value: string;
  source: Source;
  hint: string;
}

/** Turns a problem into the error the calling side throws. */
export type ErrorWording = (problem: ValueProblem) => Error;

const ENABLED: Readonly<Record<string, boolean>> = { enabled: true, true: true, yes: true, disabled: false, false: false, no: false };
const PLAIN: Readonly<Record<string, boolean>> = { true: true, yes: true, false: false, no: false };

/** The value if the key is present (even empty), else undefined; own keys only ("constructor" is no annotation). */
export function valueOf(map: StringMap, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** `true`, `yes` or `enabled`. */
export function isTrueWord(value: string): boolean {
  return Object.hasOwn(ENABLED, value) && ENABLED[value] === true;
}

/** The readers, throwing errors worded by `wording`. */
export interface ValueReader {
  string(map: StringMap, key: string): string | undefined;
  /** `enabled|true|yes` / `disabled|false|no`; anything else: `annotation "<key>" has wrong value "<v>"`. */
  enabled(map: StringMap, key: string, source?: Source): boolean | undefined;
  /** A true word reads true, anything else (invalid included) false: where Go ignores the parse error. */
  enabledLoosely(map: StringMap, key: string): boolean;
  /** `true|yes` true, anything else false: the plain booleans where Go ignores the parse error. */
  plainBooleanLoosely(map: StringMap, key: string): boolean;
  uint32(map: StringMap, key: string): number | undefined;
  /** Nanoseconds. */
  duration(map: StringMap, key: string): bigint | undefined;
  list(map: StringMap, key: string): string[] | undefined;
  /** `K1=V1;K2=V2`, written order, later duplicates win. */
  map(map: StringMap, key: string): Map<string, string> | undefined;
}

export function valueReader(wording: ErrorWording): ValueReader {
  const fail = (key: string, value: string, message: string, hint: string, source: Source = 'annotation'): never => {
    throw wording({ message, key, value, source, hint });
  };
  return {
    string: valueOf,
    enabled(map, key, source = 'annotation') {
      const value = valueOf(map, key);
      if (value === undefined) return undefined;
      if (!Object.hasOwn(ENABLED, value)) {
        fail(
          key,
          value,
          `annotation "${key}" has wrong value "${value}"`,
          'expected one of enabled, disabled, true, false. Fix the value',
          source,
        );
      }
      return ENABLED[value];
    },
    enabledLoosely(map, key) {
      const value = valueOf(map, key);
      return value !== undefined && isTrueWord(value);
    },
    plainBooleanLoosely(map, key) {
      const value = valueOf(map, key);
      return value !== undefined && Object.hasOwn(PLAIN, value) && PLAIN[value] === true;
    },
    uint32(map, key) {
      const value = valueOf(map, key);
      if (value === undefined) return undefined;
      const parsed = parseUint32(value);
      if (!parsed.ok)
        return fail(
          key,
          value,
          `failed to parse annotation ${goQuote(key)}: ${parsed.error}`,
          'expected a whole number between 0 and 4294967295. Fix the value',
        );
      return parsed.value;
    },
    duration(map, key) {
      const value = valueOf(map, key);
      if (value === undefined) return undefined;
      const parsed = parseGoDuration(value);
      if (!parsed.ok) return fail(key, value, parsed.error, 'expected a Go duration such as 10s, 1m30s or 500ms. Fix the value');
      return parsed.nanos;
    },
    list(map, key) {
      const value = valueOf(map, key);
      return value === undefined ? undefined : value.split(',').filter((item) => item !== '');
    },
    map(map, key) {
      const value = valueOf(map, key);
      if (value === undefined) return undefined;
      const result = new Map<string, string>();
      for (const pair of value.split(';')) {
        const parts = pair.split('=');
        if (parts.length !== 2) {
          fail(
            key,
            value,
            `invalid format. Map in ${goQuote(key)} has to be provided in the following format: key1=value1;key2=value2`,
            'expected KEY=VALUE pairs separated by ";" (no trailing ";", no "=" inside values). Fix the value',
          );
        }
        result.set(parts[0] ?? '', parts[1] ?? '');
      }
      return result;
    },
  };
}
