/**
 * Greedy structure-aware shrinking of a failing stream: drop whole documents, then mapping keys
 * and list items (shallow first), keeping each step that still fails. `fails` runs the case.
 */
import { parseDocument, isMap, isSeq } from 'yaml';
import { splitDocuments } from './mutate.ts';

/** `text` is a stream that fails; `fails` says whether another one still does. */
export async function shrink(text: string, fails: (stream: Buffer) => Promise<boolean>, budget: number): Promise<string> {
  let runs = 0;
  const tries = async (docs: readonly string[]): Promise<boolean> => {
    runs += 1;
    return fails(Buffer.from(join3(docs)));
  };
  let docs = splitDocuments(text);
  // Splitting drops what stands before the first `---` marker's line and the markers' comments,
  // so a rejoined stream that differs may no longer fail: then the reproducer is the input as it was.
  if (join3(docs) !== text && !(await tries(docs))) return text;
  for (let i = docs.length - 1; i >= 0 && runs < budget && docs.length > 1; i--) {
    const trial = docs.filter((_, j) => j !== i);
    if (await tries(trial)) docs = trial;
  }
  for (let d = 0; d < docs.length && runs < budget; d++) {
    const doc = parseDocument(docs[d]!, { uniqueKeys: false });
    if (doc.errors.length > 0 || !(isMap(doc.contents) || isSeq(doc.contents))) continue;
    for (let depth = 1; depth < 10 && runs < budget; depth++) {
      for (const path of pathsAtDepth(doc.toJS({ maxAliasCount: -1 }), depth)) {
        if (runs >= budget) break;
        const copy = doc.clone();
        try {
          copy.deleteIn(path);
        } catch {
          continue;
        }
        const trial = [...docs];
        try {
          trial[d] = copy.toString({ lineWidth: 0 });
        } catch {
          continue;
        }
        if (await tries(trial)) {
          docs = trial;
          doc.deleteIn(path);
        }
      }
    }
  }
  return join3(docs);
}

function join3(docs: readonly string[]): string {
  return docs.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');
}

function pathsAtDepth(value: unknown, depth: number, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (depth === 1) return entries.map(([k]) => [...prefix, k]).reverse();
  return entries.flatMap(([k, v]) => pathsAtDepth(v, depth - 1, [...prefix, k]));
}
