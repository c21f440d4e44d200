/**
 * Reads JSON input: one value, or a stream of concatenated JSON objects (`{…}\n{…}`, the form
 * Argo CD and kubectl accept). Returns undefined when the text is not JSON, so the caller can read
 * it as YAML (flow-style YAML looks like JSON but is not).
 */
export function readJson(text: string): unknown[] | undefined {
  try {
    return [JSON.parse(text)];
  } catch {
    // not one JSON value: maybe several
  }
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === 125 || c === 93) {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      return undefined;
    }
  }
  return depth === 0 && values.length > 0 ? values : undefined;
}
