import { goValue, GoYamlError } from '../../go-yaml/resolve.ts';
import { isTable, sortedKeys, type HelmValue } from './values.ts';

/**
 * How a chart template turns values into text, where it matters for the control plane's env:
 * Go's `%v` (what `{{ x }}`, sprig `quote` and `strval` print), sprig's notion of an empty value
 * (`default`, `if`, mergo's merge), and the re-reading of unquoted output as YAML (`fromYaml`).
 */

/** strconv.FormatFloat(v, 'g', -1, 64), which `%v` uses: exponent form below 1e-4 and from 1e+06 (`1e+06`, `1.5e-05`). */
export function formatFloat64G(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that read back as the same float64, as Go does.
  const [mantissa = '', exponent = '0'] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's fmt `%v` of a values item (maps print `map[k:v ...]` with sorted keys, lists `[a b]`, nil `<nil>`). */
export function goPrint(value: HelmValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatFloat64G(value);
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  return `map[${sortedKeys(value)
    .map((k) => `${k}:${goPrint(value[k] as HelmValue)}`)
    .join(' ')}]`;
}

/**
 * What `{{ x }}` writes: `%v`, except that nil (a missing key) prints nothing, because Helm
 * replaces text/template's `<no value>` with the empty string.
 */
export function templateText(value: HelmValue | undefined): string {
  return value === undefined || value === null ? '' : goPrint(value);
}

/** sprig `empty`, text/template truth and mergo's isEmptyValue agree on values: nil, false, 0, "", [] and {}. */
export function isEmpty(value: HelmValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0 || value === 0n) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isTable(value)) return Object.keys(value).length === 0;
  return false;
}

/** sprig `default`: `given` unless it is empty. */
export function withDefault<T extends HelmValue>(given: HelmValue | undefined, fallback: T): HelmValue {
  return isEmpty(given) ? fallback : (given as HelmValue);
}

/** Why an unquoted template output cannot be re-read as one plain YAML scalar (undefined when it can). */
function notPlain(text: string): string | undefined {
  if (/[\n\r\t]/.test(text)) return 'it spans lines or holds a tab';
  if (text !== text.trim()) return 'it starts or ends with a space';
  if (/^[[\]{}#&*!|>'"%@`,]/.test(text)) return `it starts with ${JSON.stringify(text[0])}`;
  if (/^[-?:]( |$)/.test(text)) return `it starts with ${JSON.stringify(text[0])} and a space`;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return 'it holds ": " or " #"';
  return undefined;
}

export type Reread = { ok: true; value: HelmValue } | { ok: false; why: string };

/**
 * An unquoted `value: {{ x }}` of the chart's env template, as `fromYaml` (sigs.k8s.io/yaml) reads it
 * back: empty is null (the env entry is then dropped), YAML 1.1 words are booleans, numbers float64.
 * Output that would change the YAML's structure is refused, not guessed.
 */
export function rereadPlain(text: string): Reread {
  if (text === '') return { ok: true, value: null };
  const why = notPlain(text);
  if (why !== undefined) return { ok: false, why };
  try {
    const go = goValue({ kind: 'scalar', value: text, plain: true });
    switch (go.t) {
      case 'null':
        return { ok: true, value: null };
      case 'bool':
        return { ok: true, value: go.v };
      case 'str':
        return { ok: true, value: go.v };
      case 'int':
        return { ok: true, value: Number(go.v) };
      case 'float':
        return Number.isFinite(go.v)
          ? { ok: true, value: go.v }
          : { ok: false, why: 'it reads as a YAML infinity or NaN, which JSON cannot hold' };
      default:
        return { ok: false, why: 'it is not a scalar' };
    }
  } catch (error) {
    if (error instanceof GoYamlError) return { ok: false, why: error.message };
    throw error;
  }
}
