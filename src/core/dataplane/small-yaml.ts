/**
 * A reader for the small YAML documents users put into annotations (`kuma.io/reachable-backends`):
 * block mappings and sequences, flow `{}`/`[]` with plain or quoted scalars, comments. The core may
 * not use a YAML library; anything outside this subset is reported as unreadable (undefined).
 */

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  text: string;
}

function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function scalar(raw: string): Value {
  const text = raw.trim();
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?[0-9]+$/.test(text)) return Number(text);
  return text;
}

function flow(text: string): Value {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return scalar(t);
  try {
    return JSON.parse(t) as Value;
  } catch {
    // plain flow style: quote bare words, then read as JSON
  }
  const quoted = t.replace(/([{[,:]\s*)([^\s"'{}[\],:][^{}[\],:]*?)(\s*)(?=[,:}\]])/g, (_m, pre: string, word: string, post: string) => {
    const v = scalar(word);
    return `${pre}${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}${post}`;
  });
  return JSON.parse(quoted) as Value;
}

function splitKey(text: string): [string, string] | undefined {
  const m = /^("[^"]*"|'[^']*'|[^:]+?):(?:\s+(.*)|$)/.exec(text);
  if (m === null) return undefined;
  const key = scalar(m[1] as string);
  return [String(key), m[2] ?? ''];
}

function block(lines: Line[], start: number, indent: number): [Value, number] {
  const first = lines[start];
  if (first === undefined || first.indent < indent) return [null, start];
  if (first.text === '-' || first.text.startsWith('- ')) return sequence(lines, start, first.indent);
  return mapping(lines, start, first.indent);
}

function sequence(lines: Line[], start: number, indent: number): [Value[], number] {
  const items: Value[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.indent !== indent || !(line.text === '-' || line.text.startsWith('- '))) break;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      const [value, next] = block(lines, i + 1, indent + 1);
      items.push(value);
      i = next;
    } else if (splitKey(rest) !== undefined && !rest.startsWith('{') && !rest.startsWith('[')) {
      // "- key: value" opens a mapping whose further keys sit at the item's content indent
      const inner = indent + (line.text.length - rest.length);
      const copy = [...lines];
      copy[i] = { indent: inner, text: rest };
      const [value, next] = mapping(copy, i, inner);
      items.push(value);
      i = next;
    } else {
      items.push(flow(rest));
      i++;
    }
  }
  return [items, i];
}

function mapping(lines: Line[], start: number, indent: number): [{ [key: string]: Value }, number] {
  const map: { [key: string]: Value } = {};
  let i = start;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.indent !== indent) {
      if (line.indent > indent) throw new Error(`unexpected indentation: ${line.text}`);
      break;
    }
    const kv = splitKey(line.text);
    if (kv === undefined) throw new Error(`expected "key: value": ${line.text}`);
    const [key, rest] = kv;
    if (rest === '') {
      const next = lines[i + 1];
      const nested = next !== undefined && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
      if (nested) {
        const [value, after] = block(lines, i + 1, next.indent);
        map[key] = value;
        i = after;
        continue;
      }
      map[key] = null;
    } else {
      map[key] = flow(rest);
    }
    i++;
  }
  return [map, i];
}

/** The parsed value, or undefined when the text is outside the supported subset or malformed. */
export function readSmallYaml(text: string): Value | undefined {
  try {
    const lines: Line[] = [];
    for (const rawLine of text.split(/\r?\n/)) {
      if (rawLine.includes('\t')) return undefined;
      const body = stripComment(rawLine);
      if (body.trim() === '' || body.trim() === '---') continue;
      lines.push({ indent: body.length - body.trimStart().length, text: body.trim() });
    }
    if (lines.length === 0) return null;
    if (lines.length === 1 && /^[{[]/.test((lines[0] as Line).text)) return flow((lines[0] as Line).text);
    const [value, next] = block(lines, 0, 0);
    return next === lines.length ? value : undefined;
  } catch {
    return undefined;
  }
}
