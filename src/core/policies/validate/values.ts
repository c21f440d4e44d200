import { isMap } from '../policy-object.ts';

/**
 * Reading a policy spec the way the Go types decode it: a field of the wrong JSON type is a decode
 * error reported before validation (CRD schema, 400 from the webhook), so validators read it as
 * absent. Durations are Go `time.ParseDuration` strings (`metav1.Duration`).
 */
export type Spec = Readonly<Record<string, unknown>>;

export function obj(value: unknown): Spec | undefined {
  return isMap(value) ? value : undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A pointer field is set (`!= nil`): present and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go `time.ParseDuration` in nanoseconds; undefined when the text is not a Go duration. */
function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/.exec(s);
    if (m === null || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    const whole = Number(m[1] === '' ? '0' : m[1]);
    const frac = m[2] === undefined || m[2] === '' ? 0 : Number(`0.${m[2]}`);
    total += (whole + frac) * (UNIT_NS[m[3] as string] as number);
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** A duration field: undefined when absent (or not a duration, a decode error reported elsewhere). */
export function duration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseGoDuration(value);
}

/** Go's `time.Duration.String()` for the few values messages print (`50ms`, `1s`). */
export function goDurationText(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${ns / 1e3}µs`;
  if (ns < 1e9) return `${ns / 1e6}ms`;
  const h = Math.floor(ns / 3600e9);
  const m = Math.floor((ns % 3600e9) / 60e9);
  const sec = (ns % 60e9) / 1e9;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** `NewDecimalFromIntOrString`: an int, or a string holding a decimal number; undefined if not a number. */
export function decimalOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim()) && value.trim() === value)
    return Number(value);
  return undefined;
}

/** The top-level targetRef kind, `Mesh` when the targetRef is omitted. */
export function topKindOf(spec: Spec): string {
  const ref = obj(spec['targetRef']);
  return ref === undefined ? 'Mesh' : str(ref['kind']);
}
