/**
 * `npm run fuzz -- N [--seed S] [--bundle-every K] [--unbounded] [--no-minimise]`: a long fuzz
 * campaign (build first: the bundle sample runs dist/kuma-inject.cjs.bundle). Prints one line per failing
 * case with its seed and the broken checks, then the minimised reproducer, and a summary by class.
 * Exit 1 when a case failed.
 */
import { runCampaign } from './campaign.ts';

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- N [--seed S] [--bundle-every K] [--unbounded] [--no-minimise]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let cases: number | undefined;
let seed = Date.now() % 1_000_000;
let bundleEvery = 10;
let unboundedShapes = false;
let minimise = true;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  const value = (): number => {
    const n = Number(args[++i]);
    if (!Number.isInteger(n) || n < 0) usage(`${arg} takes a whole number`);
    return n;
  };
  if (arg === '--seed') seed = value();
  else if (arg === '--bundle-every') bundleEvery = value();
  else if (arg === '--unbounded') unboundedShapes = true;
  else if (arg === '--no-minimise') minimise = false;
  else if (/^\d+$/.test(arg)) cases = Number(arg);
  else usage(`unknown argument ${arg}`);
}
if (cases === undefined) usage('give the number of cases');

const started = Date.now();
const report = await runCampaign({
  cases,
  seed,
  bundleEvery,
  unboundedShapes,
  minimise,
  onCase: (index, c, all) => {
    const failures = all.filter((f) => f.pending === undefined);
    if (failures.length > 0) {
      console.log(
        `FAIL case ${index} seed ${c.seed} (base seed ${seed}) from ${c.from.join(' + ')}: ${[...new Set(failures.map((f) => f.check))].join(', ')}`,
      );
      for (const f of failures) console.log(`  [${f.mode}] ${f.check}: ${f.detail.split('\n')[0]}`);
      console.log(`  mutations: ${c.mutations.join('; ') || '(none)'}`);
    } else if ((index + 1) % 100 === 0) {
      console.error(`fuzz: ${index + 1}/${cases} cases, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  },
});
for (const f of report.failing) {
  if (f.reproducer === undefined) continue;
  console.log(
    `\n--- reproducer for case ${f.index} (seed ${f.seed}, ${f.failures[0]!.check}); stdin of: kuma-inject -f - --config <corpus settings> --previews previews\n${f.reproducer}`,
  );
}
if (Object.keys(report.pending).length > 0) {
  console.log(
    `\npending (classes whose fix belongs elsewhere, check.ts ENFORCED): ${Object.entries(report.pending)
      .map(([k, v]) => `${k} ${v} (first: case ${report.pendingSeeds[k]})`)
      .join(', ')}`,
  );
}
console.log(
  `\nfuzz: ${report.cases} cases from seed ${seed} in ${Math.round((Date.now() - started) / 1000)} s; ${report.failing.length} failing${
    Object.keys(report.classes).length > 0
      ? `; by class: ${Object.entries(report.classes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`
      : ''
  }`,
);
process.exit(report.failing.length > 0 ? 1 : 0);
