import { goPrint, isEmpty } from './go-text.ts';
import { getKey, isTable, type HelmMap, type HelmValue } from './values.ts';

/**
 * Reading `.Values.a.b.c` as a chart template does: a missing last key is nil (Helm renders with
 * missingkey=zero), but a missing or non-map step before it stops the render, as text/template
 * does ("nil pointer evaluating interface {}.c"). A failed render is a `RenderFailure`, worded
 * with the values path so users know what to fix.
 */
export class RenderFailure extends Error {
  readonly valuesPath: string | undefined;
  constructor(message: string, valuesPath?: string) {
    super(message);
    this.valuesPath = valuesPath;
  }
}

export class TemplateValues {
  readonly values: HelmMap;
  constructor(values: HelmMap) {
    this.values = values;
  }

  /** The value at a dotted path; undefined when the last key is absent. */
  get(path: string): HelmValue | undefined {
    const steps = path.split('.');
    let current: HelmValue = this.values;
    for (let i = 0; i < steps.length; i += 1) {
      const step = steps[i] as string;
      if (!isTable(current)) {
        const parent = steps.slice(0, i).join('.');
        const why = current === null ? 'is null or missing' : `is ${describeValue(current)}, not a map`;
        throw new RenderFailure(
          `${parent} ${why}, so the chart cannot read ${path} (Helm stops: nil pointer evaluating interface {}.${step})`,
          parent,
        );
      }
      const next = getKey(current, step);
      if (next === undefined) {
        if (i === steps.length - 1) return undefined;
        current = null;
        continue;
      }
      current = next;
    }
    return current;
  }

  /** Template truth (`if`, `and`, `or`): empty values are false. */
  truthy(path: string): boolean {
    return !isEmpty(this.get(path));
  }

  /** `eq .Values.x "word"`: a non-string value cannot be compared with a string in a template. */
  is(path: string, word: string): boolean {
    const value = this.get(path);
    if (typeof value === 'string') return value === word;
    if (value === undefined || value === null) return false;
    throw new RenderFailure(
      `${path} is ${describeValue(value)}; the chart compares it with the text "${word}" (Helm stops: incompatible types for comparison)`,
      path,
    );
  }

  /** A value a template function takes as text (`trunc`, `regexMatch`, `len`): a string, or nothing. */
  text(path: string): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw new RenderFailure(`${path} is ${describeValue(value)}, but the chart uses it as text; write it as a quoted string`, path);
    return value;
  }
}

export function describeValue(value: HelmValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isTable(value)) return 'a map';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return `the number ${goPrint(value)}`;
}

/** Go `printf "%s"` of a value (the chart's service name): a non-string prints as `%!s(float64=5)`. */
export function printfS(value: HelmValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return `%!s(float64=${goPrint(value)})`;
  if (typeof value === 'bigint') return `%!s(int64=${goPrint(value)})`;
  if (typeof value === 'boolean') return `%!s(bool=${goPrint(value)})`;
  return goPrint(value);
}
