/**
 * One fuzz campaign: N cases from a base seed, each checked (check.ts), failures minimised to a
 * small reproducer. Shared by the bounded run inside `npm test` and `npm run fuzz`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFiles, settingsFiles, type CorpusFile } from '../corpus/corpus.ts';
import { checkCase, type Failure } from './check.ts';
import { fuzzableFiles, makeCase, type FuzzCase } from './mutate.ts';
import { caseSeed } from './random.ts';
import { shrink } from './shrink.ts';

export interface CampaignOptions {
  cases: number;
  seed: number;
  /** Every how many cases the built bundle runs the case too (0: never). */
  bundleEvery: number;
  /** Allow alias bombs and nesting beyond the bounds not enforced yet (mutate.ts). */
  unboundedShapes?: boolean;
  /** Called after every case (progress). */
  onCase?: (index: number, c: FuzzCase, failures: Failure[]) => void;
  /** Minimise failing cases (costly: up to `shrinkBudget` re-runs each). */
  minimise?: boolean;
  shrinkBudget?: number;
}

interface CaseReport {
  index: number;
  seed: number;
  from: string[];
  mutations: string[];
  failures: Failure[];
  /** The smallest input found that still breaks the first failure's check (stream bytes). */
  reproducer?: string;
}

export interface CampaignReport {
  cases: number;
  /** Cases that broke an enforced invariant. */
  failing: CaseReport[];
  /** Failing cases by check (the classes found). */
  classes: Record<string, number>;
  /** Cases that only broke invariants not enforced yet, by class (check.ts ENFORCED). */
  pending: Record<string, number>;
  /** The first seed of each pending class, to reproduce it. */
  pendingSeeds: Record<string, number>;
}

/** The settings the fuzz cases run with: every corpus namespace injects (corpus.ts). */
function fuzzSettings(files: readonly CorpusFile[], dir: string): string {
  const path = settingsFiles(files, dir).default!;
  return readFileSync(path, 'utf8');
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const files = corpusFiles();
  const fuzzable = fuzzableFiles(files);
  // Two levels below a folder of its own: names that climb out of the previews folder (up to
  // `../../../../`) land in folders the write check lists, never in the shared temporary folder.
  const top = mkdtempSync(join(tmpdir(), 'kuma-inject-fuzz-'));
  const root = join(top, 'campaign', 'cases');
  mkdirSync(root, { recursive: true });
  const settings = fuzzSettings(files, root);
  const failing: CaseReport[] = [];
  const classes: Record<string, number> = {};
  const pending: Record<string, number> = {};
  const pendingSeeds: Record<string, number> = {};
  try {
    for (let index = 0; index < options.cases; index++) {
      const seed = caseSeed(options.seed, index);
      const sandbox = join(root, 'case');
      const c = makeCase(seed, fuzzable, { unboundedShapes: options.unboundedShapes ?? false, sandbox });
      const bundle = options.bundleEvery > 0 && index % options.bundleEvery === 0;
      const failures = await checkCase(c, { sandbox, settings, bundle });
      options.onCase?.(index, c, failures);
      for (const name of new Set(failures.flatMap((x) => (x.pending === undefined ? [] : [x.pending])))) {
        pending[name] = (pending[name] ?? 0) + 1;
        pendingSeeds[name] ??= index;
      }
      const enforced = failures.filter((x) => x.pending === undefined);
      if (enforced.length === 0) continue;
      for (const f of new Set(enforced.map((x) => x.check))) classes[f] = (classes[f] ?? 0) + 1;
      const report: CaseReport = { index, seed, from: c.from, mutations: c.mutations, failures: enforced };
      if (options.minimise === true)
        report.reproducer = await minimise(c, enforced[0]!.check, { sandbox, settings }, options.shrinkBudget ?? 200);
      failing.push(report);
    }
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
  return { cases: options.cases, failing, classes, pending, pendingSeeds };
}

/** The smallest stream found that still breaks `check` (shrink.ts); bytes that are not UTF-8 are given back as they are. */
async function minimise(c: FuzzCase, check: string, options: { sandbox: string; settings: string }, budget: number): Promise<string> {
  const text = c.stream.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(c.stream)) return c.stream.toString('latin1');
  const fails = async (stream: Buffer): Promise<boolean> => {
    const failures = await checkCase({ ...c, stream }, options);
    return failures.some((f) => f.check === check && f.pending === undefined);
  };
  return shrink(text, fails, budget);
}
