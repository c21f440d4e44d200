/**
 * Annotation value parsing with the control plane's rules: boolean words are case-sensitive,
 * numbers are unsigned 32-bit decimals, lists are comma separated with empty items dropped.
 */

import { goQuote, parseUint32 } from '../kuma-api/go-strconv.ts';
import { ConversionError } from './conversion-error.ts';

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 'yes', 'enabled']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'no', 'disabled']);

/** Whether a value is one of the accepted true words (`true`, `yes`, `enabled`). */
export function isTrueWord(value: string): boolean {
  return TRUE_WORDS.has(value);
}

/**
 * An enabled/disabled annotation: undefined when absent; throws the control plane's error when the
 * value is not a boolean word.
 */
export function readEnabled(annotations: Record<string, string>, key: string): boolean | undefined {
  const value = annotations[key];
  if (value === undefined) return undefined;
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new ConversionError(`annotation "${key}" has wrong value "${value}"`);
}

/** Like readEnabled, but a malformed value reads as false instead of failing (Go ignores the error there). */
export function readEnabledLoosely(annotations: Record<string, string>, key: string): boolean {
  const value = annotations[key];
  return value !== undefined && TRUE_WORDS.has(value);
}

/**
 * An unsigned 32-bit annotation: undefined when absent; throws kuma-cp's error (Go's strconv wording,
 * `%q`-quoted key and value) on anything strconv.ParseUint(value, 10, 32) rejects.
 */
export function readUint32(annotations: Record<string, string>, key: string): number | undefined {
  const value = annotations[key];
  if (value === undefined) return undefined;
  const parsed = parseUint32(value);
  if (!parsed.ok) throw new ConversionError(`failed to parse annotation ${goQuote(key)}: ${parsed.error}`);
  return parsed.value;
}

/** A comma-separated list: undefined when absent; items are not trimmed, empty items are dropped. */
export function readList(annotations: Record<string, string>, key: string): string[] | undefined {
  const value = annotations[key];
  if (value === undefined) return undefined;
  return value.split(',').filter((item) => item !== '');
}
