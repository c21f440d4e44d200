/**
 * Unified diffs (`diff -u` / `git diff` format) of whole files, built from the regions that
 * changed: the caller knows which slices of a file were replaced, so only those are compared line
 * by line, and a 2,000-workload file costs no more than its changed items.
 */

/** One replaced slice of the old text: [start, end) becomes `text`. Starts and ends sit at line starts. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

/** The lines of `text`, each with its newline; the last one may lack it. */
function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

/** Line ops turning `a` into `b`, by longest common subsequence (small inputs) or replace-all. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  if (midA.length * midB.length > 4_000_000) {
    // Too big to align line by line: show it as removed and added.
    ops.push(...midA.map((line): Op => ({ kind: '-', line })), ...midB.map((line): Op => ({ kind: '+', line })));
  } else {
    ops.push(...lcsOps(midA, midB));
  }
  ops.push(...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })));
  return ops;
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[i] === b[j]
          ? (table[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * (m + 1) + j] ?? 0, table[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i++;
      j++;
    } else if ((table[(i + 1) * (m + 1) + j] ?? 0) >= (table[i * (m + 1) + j + 1] ?? 0)) {
      ops.push({ kind: '-', line: a[i++] ?? '' });
    } else {
      ops.push({ kind: '+', line: b[j++] ?? '' });
    }
  }
  while (i < n) ops.push({ kind: '-', line: a[i++] ?? '' });
  while (j < m) ops.push({ kind: '+', line: b[j++] ?? '' });
  return ops;
}

/** The ops of a whole file: unchanged text between the replacements, compared lines inside them. */
function fileOps(old: string, replacements: readonly Replacement[]): Op[] {
  const ops: Op[] = [];
  let at = 0;
  for (const r of [...replacements].sort((x, y) => x.start - y.start)) {
    for (const line of linesOf(old.slice(at, r.start))) ops.push({ kind: ' ', line });
    ops.push(...diffLines(linesOf(old.slice(r.start, r.end)), linesOf(r.text)));
    at = r.end;
  }
  for (const line of linesOf(old.slice(at))) ops.push({ kind: ' ', line });
  return ops;
}

/** Applies `replacements` to `old`. */
export function applyReplacements(old: string, replacements: readonly Replacement[]): string {
  let out = '';
  let at = 0;
  for (const r of [...replacements].sort((x, y) => x.start - y.start)) {
    out += old.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + old.slice(at);
}

/**
 * The unified diff of one file: `--- a/PATH` / `+++ b/PATH` (or /dev/null for a created or deleted
 * file) and hunks with three lines of context, as `git apply` and `patch -p1` read them.
 */
export function unifiedDiff(path: string, old: string | undefined, replacements: readonly Replacement[] | 'delete'): string {
  const ops =
    old === undefined
      ? linesOf(replacements === 'delete' ? '' : applyReplacements('', replacements)).map((line): Op => ({ kind: '+', line }))
      : replacements === 'delete'
        ? linesOf(old).map((line): Op => ({ kind: '-', line }))
        : fileOps(old, replacements);
  const header = `--- ${old === undefined ? '/dev/null' : `a/${path}`}\n+++ ${replacements === 'delete' ? '/dev/null' : `b/${path}`}\n`;
  return header + hunks(ops);
}

function hunks(ops: readonly Op[]): string {
  const out: string[] = [];
  let i = 0;
  // Line numbers (1-based) in the old and new file at op i.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend over changes closer than two contexts apart, so hunks do not overlap.
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else {
        end = Math.min(ops.length, end + CONTEXT);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? (oldAt[start] ?? 1) - 1 : (oldAt[start] ?? 1);
    const newStart = newCount === 0 ? (newAt[start] ?? 1) - 1 : (newAt[start] ?? 1);
    out.push(`@@ -${oldStart}${oldCount === 1 ? '' : `,${oldCount}`} +${newStart}${newCount === 1 ? '' : `,${newCount}`} @@\n`);
    for (const op of slice) {
      out.push(`${op.kind}${op.line.endsWith('\n') ? op.line : `${op.line}\n\\ No newline at end of file\n`}`);
    }
    i = end;
  }
  return out.join('');
}
