import type { Result, Severity } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import type { ResultCode } from '../result-codes.ts';
import type { NamedContainerPatch, PatchTarget } from './types.ts';
import type { OpProblem } from './op-shape.ts';
import { isJsonObject } from './json-pointer.ts';

/** The field path of op `index` of a ContainerPatch list, as results point at it. */
export function opFieldPath(target: PatchTarget, index: number): string {
  return `spec.${target}[${index}]`;
}

/** `op "add", path "/x", value '"1"'` for the op as written (whatever its shape). */
export function describeOp(raw: unknown): string {
  if (!isJsonObject(raw)) return `operation ${JSON.stringify(raw) ?? 'null'}`;
  const parts = [`op ${JSON.stringify(raw['op']) ?? 'missing'}`, `path ${JSON.stringify(raw['path']) ?? 'missing'}`];
  if (raw['from'] !== undefined) parts.push(`from ${JSON.stringify(raw['from'])}`);
  if (raw['value'] !== undefined) {
    const value = raw['value'];
    parts.push(`value ${typeof value === 'string' ? `'${oneLine(value)}'` : JSON.stringify(value)}`);
  }
  return parts.join(', ');
}

/** A value as one short line: block-scalar JSON spans lines, a message should not. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/**
 * A result about op `index` of `patch`: `<ContainerPatch ns/name>, spec.<target>[i] (<op>):
 * <what> (got ...); expected .... <fix>`.
 */
export function opResult(
  code: ResultCode,
  severity: Severity,
  patch: NamedContainerPatch,
  target: PatchTarget,
  index: number,
  context: string,
  problem: OpProblem,
): Result {
  const raw = patch.spec[target]?.[index];
  const message =
    `${describe(patch.object)}, ${opFieldPath(target, index)} (${describeOp(raw)}): ${context}${problem.what} ` +
    `(got ${problem.got}); expected ${problem.expected}. ${problem.fix}`;
  return resultFor(code, severity, patch.object, message, opFieldPath(target, index));
}
