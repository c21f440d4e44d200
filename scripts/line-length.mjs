// The line-length rule of `npm run lint`: no line over 140 characters (the formatter's printWidth,
// .oxfmtrc.json) unless the length is a string, a template, a pattern or a URL. The formatter wraps
// code but never comments, nor code it cannot break; this catches those. It is ESLint's max-len
// with ignoreStrings, ignoreTemplateLiterals, ignoreRegExpLiterals and ignoreUrls, which oxlint
// does not have: a line is excused when any such literal covers part of it (a comment's quote
// marks are not a string), its length counts code points and a tab as up to the next 4 columns.
//
//   node scripts/line-length.mjs [FILE...]   every .ts and .mjs file of the repository (as oxlint
//                                            sees them, .oxlintrc.json) or the files named; prints
//                                            each long line as file:line and exits 1
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';

export const MAX_LINE_LENGTH = 140;
const URL_PATTERN = /[^:/?#]:\/\/[^?#]/u;

/** The lines (1-based) that a string, template or regular-expression literal of `source` touches. */
function literalLines(file, source) {
  const parsed = parseSync(file, source);
  if (parsed.errors.length > 0) return { error: parsed.errors[0].message };
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const lines = new Set();
  const mark = (node) => {
    for (let line = lineOf(node.start), last = lineOf(Math.max(node.start, node.end - 1)); line <= last; line++) lines.add(line);
  };
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if ((node.type === 'Literal' && (typeof node.value === 'string' || node.regex !== undefined)) || node.type === 'TemplateElement')
      mark(node);
    for (const key in node) if (key !== 'start' && key !== 'end') visit(node[key]);
  };
  visit(parsed.program);
  return { lines };
}

function columns(line) {
  let width = 0;
  for (const char of line) width = char === '\t' ? width + 4 - (width % 4) : width + 1;
  return width;
}

/** The too-long lines of one file: `{ line, length }`, or a parse error. */
export function longLines(file, source) {
  const long = [];
  const text = source.split(/\r?\n/);
  let literals;
  for (let i = 0; i < text.length; i++) {
    const length = columns(text[i]);
    if (length <= MAX_LINE_LENGTH || URL_PATTERN.test(text[i])) continue;
    literals ??= literalLines(file, source);
    if (literals.error !== undefined) return { error: literals.error };
    if (!literals.lines.has(i + 1)) long.push({ line: i + 1, length });
  }
  return { long };
}

/**
 * The repository's own .ts and .mjs files, as oxlint sees them: the folders .oxlintrc.json ignores
 * (plain folder paths; anything else there is refused, so the two never disagree) are left out.
 */
function sourceFiles() {
  const { ignorePatterns = [] } = JSON.parse(readFileSync('.oxlintrc.json', 'utf8'));
  const odd = ignorePatterns.filter((pattern) => !/^[\w.-]+(\/[\w.-]+)*\/$/.test(pattern));
  if (odd.length > 0)
    throw new Error(`line-length: .oxlintrc.json ignorePatterns ${odd.join(', ')}: only folder paths ending in / are understood here`);
  const skipped = new Set(['.git', ...ignorePatterns.map((pattern) => pattern.slice(0, -1))]);
  const walk = (dir) =>
    readdirSync(dir || '.', { withFileTypes: true }).flatMap((entry) => {
      const path = dir === '' ? entry.name : join(dir, entry.name);
      if (entry.isDirectory()) return skipped.has(path) ? [] : walk(path);
      return entry.isFile() && /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
    });
  return walk('').sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = 0;
  const named = process.argv.slice(2);
  for (const file of named.length > 0 ? named : sourceFiles()) {
    const found = longLines(file, readFileSync(file, 'utf8'));
    if (found.error !== undefined) {
      console.error(`${file}: cannot parse (${found.error}); fix the syntax error first`);
      failed += 1;
      continue;
    }
    for (const { line, length } of found.long) {
      console.error(`${file}:${line}: ${length} characters, over ${MAX_LINE_LENGTH}; break the line or the comment`);
      failed += 1;
    }
  }
  process.exit(failed === 0 ? 0 : 1);
}
