/**
 * Kuma's validation error model (`pkg/core/validators/types.go`): violations accumulate, each with a
 * field path in Kuma's syntax (`spec.to[0].default`, `tags["k"]`) and a message. Paths are built as
 * strings here with the same joining rules.
 */
export interface Violation {
  field: string;
  message: string;
}

/** `path.Field(name)`. */
export function field(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** `path.Index(i)`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.Key(key)`: the key Go-quoted (`%q`). */
export function key(path: string, k: string): string {
  return `${path}[${JSON.stringify(k)}]`;
}

/** `AddErrorAt(path, err)`: `inner` relative to `path` (an empty inner field is the path itself). */
export function at(path: string, inner: string): string {
  if (inner === '') return path;
  if (path === '') return inner;
  return inner.startsWith('[') ? `${path}${inner}` : `${path}.${inner}`;
}

export class Violations {
  readonly list: Violation[] = [];

  add(path: string, message: string): void {
    this.list.push({ field: path, message });
  }

  /** Adds violations found relative to `path`. */
  addAt(path: string, inner: readonly Violation[]): void {
    for (const v of inner) this.list.push({ field: at(path, v.field), message: v.message });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** `ValidationError.Error()`: `field: message; field: message`. */
export function violationsText(list: readonly Violation[]): string {
  return list.map((v) => `${v.field}: ${v.message}`).join('; ');
}

export const MUST_BE_DEFINED = 'must be defined';
export const MUST_NOT_BE_DEFINED = 'must not be defined';
export const MUST_BE_SET = 'must be set';
export const MUST_NOT_BE_SET = 'must not be set';
export const GREATER_THAN_ZERO = 'must be greater than zero when defined';
export const NOT_NEGATIVE = 'must not be negative when defined';
