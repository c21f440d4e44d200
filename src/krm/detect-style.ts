import type { BlockStyle } from './render-block.ts';

const KEY_ONLY = /^( *)(?:[^\s#'"\-][^#]*?|"[^"]*"|'[^']*'):[ \t]*(?:#.*)?$/;

/**
 * The indentation style of a block YAML text, read from its first nested mapping (indent step)
 * and first sequence under a key (wide or compact); `fallback` for whatever the text does not show.
 */
export function detectStyle(text: string, fallback: BlockStyle): BlockStyle {
  let indent: number | undefined;
  let sequence: BlockStyle['sequence'] | undefined;
  let keyColumn = -1;
  let start = 0;
  let scanned = 0;
  while (start < text.length && (indent === undefined || sequence === undefined) && scanned < 400) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    scanned += 1;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    let column = line.length - trimmed.length;
    let content = trimmed;
    if (keyColumn !== -1) {
      if (content.startsWith('- ') || content === '-') {
        if (sequence === undefined && column >= keyColumn) sequence = column === keyColumn ? 'compact' : 'wide';
      } else if (indent === undefined && column > keyColumn) {
        indent = column - keyColumn;
      }
    }
    // `- key:` opens a mapping at the column after the dash.
    while (content.startsWith('- ')) {
      const rest = content.slice(2).trimStart();
      column += content.length - rest.length;
      content = rest;
    }
    keyColumn = KEY_ONLY.test(content) ? column : -1;
  }
  return { indent: indent !== undefined && indent > 0 && indent <= 8 ? indent : fallback.indent, sequence: sequence ?? fallback.sequence };
}
