import type { ContainerPatchOp } from './types.ts';
import { parsePointer } from './json-pointer.ts';
import { jsonTextError } from './json-text-error.ts';

/** The JSON-patch operations the webhook's library applies (RFC 6902). */
const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
export type PatchOpName = (typeof PATCH_OPS)[number];

/** The operations the ContainerPatch CRD admits (its `op` enum); `test` is applied but not admitted. */
export const CRD_OPS: readonly PatchOpName[] = ['add', 'remove', 'replace', 'move', 'copy'];

/** Operations whose `value` the library reads; it ignores `value` on the others. */
const USES_VALUE: ReadonlySet<string> = new Set(['add', 'replace', 'test']);
/** Operations that read `from`. */
const USES_FROM: ReadonlySet<string> = new Set(['move', 'copy']);

/** One operation, checked and decoded: pointers split into tokens, `value` parsed from its JSON text. */
export type ParsedOp =
  | { op: 'add' | 'replace' | 'test'; path: string[]; value: unknown }
  | { op: 'remove'; path: string[] }
  | { op: 'move' | 'copy'; path: string[]; from: string[] };

/** Why an operation cannot be used: what is wrong, what was expected, how to fix it. */
export interface OpProblem {
  what: string;
  got: string;
  expected: string;
  fix: string;
}

/** A checked op: decoded, or why it cannot be used. */
export type OpCheck = { ok: true; op: ParsedOp } | { ok: false; problem: OpProblem };

function isPatchOp(op: string): op is PatchOpName {
  return (PATCH_OPS as readonly string[]).includes(op);
}

/** Short rendering of any value for a message. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Checks one operation as written in a ContainerPatch (an unknown value, since bundles are user
 * input) and decodes it. Mirrors what the webhook needs: a known `op`, string `path` (and `from`
 * for move/copy) that are JSON pointers, and for add/replace/test a `value` string holding JSON.
 */
export function checkOp(raw: unknown): OpCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      'the operation is not an object',
      show(raw),
      'an object {op, path, value?, from?}',
      'Write the operation as a mapping with op and path.',
    );
  }
  const { op, path, value, from } = raw as Partial<Record<keyof ContainerPatchOp, unknown>>;
  if (typeof op !== 'string' || !isPatchOp(op)) {
    return fail('unknown operation', `op ${show(op)}`, `one of ${PATCH_OPS.join(', ')}`, 'Use an RFC 6902 operation name.');
  }
  if (typeof path !== 'string') {
    return fail('path is not a string', `path ${show(path)}`, 'a JSON pointer string such as "/resources/limits/cpu"', 'Quote the path.');
  }
  const pathTokens = parsePointer(path);
  if (pathTokens === undefined) {
    return fail(
      'path is not a JSON pointer',
      `path ${show(path)}`,
      'a pointer starting with "/" (or "" for the whole container)',
      `Write "/${path}".`,
    );
  }
  if (value !== undefined && typeof value !== 'string') {
    return fail(
      'value is not a string',
      `value ${show(value)}`,
      `a string holding JSON, e.g. value: '${JSON.stringify(value) ?? ''}'`,
      'Quote the value: the ContainerPatch CRD stores JSON text, not YAML.',
    );
  }
  if (from !== undefined && typeof from !== 'string') {
    return fail('from is not a string', `from ${show(from)}`, 'a JSON pointer string', 'Quote the from pointer.');
  }
  if (USES_FROM.has(op)) {
    const fromTokens = typeof from === 'string' ? parsePointer(from) : undefined;
    if (fromTokens === undefined) {
      return fail(
        `${op} needs a from pointer`,
        `from ${show(from)}`,
        'a pointer starting with "/"',
        `Add from: "/..." naming what to ${op}.`,
      );
    }
    return { ok: true, op: { op: op as 'move' | 'copy', path: pathTokens, from: fromTokens } };
  }
  if (!USES_VALUE.has(op)) return { ok: true, op: { op: 'remove', path: pathTokens } };
  if (value === undefined || value === '') {
    return fail(
      `${op} needs a value`,
      'no value',
      'a string holding JSON, e.g. \'"100m"\', \'{"cpu": "500m"}\' or "true"',
      'Add value: with JSON text.',
    );
  }
  const parsed = parseJsonText(value);
  if (!parsed.ok) {
    return fail(
      `value is not valid JSON (${parsed.reason})`,
      `value ${show(value)}`,
      'JSON text: strings need their own double quotes, e.g. \'"100m"\'',
      `Write value: '${show(value)}' if a string was meant.`,
    );
  }
  return { ok: true, op: { op: op as 'add' | 'replace' | 'test', path: pathTokens, value: parsed.value } };
}

/** True when `op` is a known operation that the ContainerPatch CRD itself would reject. */
export function isOutsideCrdEnum(op: unknown): boolean {
  return typeof op === 'string' && isPatchOp(op) && !CRD_OPS.includes(op);
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: jsonTextError(text) };
  }
}

function fail(what: string, got: string, expected: string, fix: string): OpCheck {
  return { ok: false, problem: { what, got, expected, fix } };
}
