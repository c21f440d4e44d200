import type { Result } from '../core/types.ts';

/** A result as a plain object in the spec's field order, without undefined fields. */
export function resultObject(result: Result): Record<string, unknown> {
  const out: Record<string, unknown> = { message: result.message, severity: result.severity };
  if (result.resourceRef !== undefined) out.resourceRef = { ...result.resourceRef };
  if (result.field !== undefined) {
    const field: Record<string, unknown> = { path: result.field.path };
    if (result.field.currentValue !== undefined) field.currentValue = result.field.currentValue;
    if (result.field.proposedValue !== undefined) field.proposedValue = result.field.proposedValue;
    out.field = field;
  }
  if (result.file !== undefined) {
    const file: Record<string, unknown> = { path: result.file.path };
    if (result.file.index !== undefined) file.index = result.file.index;
    out.file = file;
  }
  if (result.tags !== undefined && Object.keys(result.tags).length > 0) out.tags = { ...result.tags };
  return out;
}

/**
 * `text` without the column-0 `key:` block (its line and every following line until the next
 * column-0 key), so an input ResourceList's old `results` never reach the output.
 */
export function withoutTopLevelKey(text: string, key: string): string {
  const match = new RegExp(`^${key}:`, 'm').exec(text);
  if (match === null) return text;
  let end = text.indexOf('\n', match.index);
  while (end !== -1) {
    const next = end + 1;
    const c = text.charCodeAt(next);
    // A column-0 character other than space, `-` (compact sequence) or `#` starts the next key.
    if (next >= text.length || (c !== 32 && c !== 45 && c !== 35 && c !== 10 && c !== 13)) break;
    end = text.indexOf('\n', next);
  }
  return text.slice(0, match.index) + (end === -1 ? '' : text.slice(end + 1));
}
