/** Moves every non-empty line of `text` right (positive) or left (negative) by `by` columns. */
function shiftLines(text: string, by: number): string {
  if (by === 0) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '' || line === '\r') continue;
    if (by > 0) lines[i] = ' '.repeat(by) + line;
    else {
      let cut = 0;
      while (cut < -by && line.charCodeAt(cut) === 32) cut += 1;
      lines[i] = line.slice(cut);
    }
  }
  return lines.join('\n');
}

/** The text of a `- ` entry (dash at `dash`) as a document body at column 0. */
export function entryToDocument(text: string, dash: number): string {
  const firstEnd = text.indexOf('\n');
  const first = firstEnd === -1 ? text : text.slice(0, firstEnd + 1);
  const rest = firstEnd === -1 ? '' : text.slice(firstEnd + 1);
  // `- key: v` → `key: v`; a dash alone on its line leaves nothing of that line.
  const afterDash = first.slice(dash + 1);
  const head = /^[ \t]*\r?\n?$/.test(afterDash) ? '' : afterDash.replace(/^ /, '');
  return head + shiftLines(rest, -(dash + 2));
}

/** A document body (column 0) as a `- ` entry with its dash at column `dash`. */
export function documentToEntry(text: string, dash: number): string {
  const shifted = shiftLines(text.replace(/^([ \t]*\r?\n)+/, ''), dash + 2);
  return `${' '.repeat(dash)}- ${shifted.slice(dash + 2)}`;
}

/** An entry moved from dash column `from` to `to`. */
export function moveEntry(text: string, from: number, to: number): string {
  return shiftLines(text, to - from);
}
