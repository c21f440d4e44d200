// CPU profile of one run on a readable (non-minified) bundle, summarised by function: where a
// change to the read/write layer or the start-up path should look, with names that mean something.
// Usage: node bench/profile.mjs INPUT [top] [-- node flags...]
//   → .bench/profile/*.cpuprofile (open in Chrome DevTools) and a self / inclusive time summary.
import { mkdirSync, readdirSync, readFileSync, rmSync, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

const [input, topArg, ...rest] = process.argv.slice(2);
if (input === undefined) throw new Error('usage: node bench/profile.mjs INPUT [top] [-- node flags...]');
const top = Number(topArg ?? 40);
const flags = rest[0] === '--' ? rest.slice(1) : [];
const dir = join('.bench', 'profile');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const bundle = join(dir, 'kuma-inject.readable.cjs');
await build({
  entryPoints: ['src/bin.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: false,
  outfile: bundle,
  logLevel: 'warning',
  // The bundle exports main; its loader calls it (scripts/build.mjs), this plain build must too.
  footer: { js: 'module.exports.main();' },
});
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...flags, bundle], {
  stdio: [openSync(input, 'r'), 'ignore', 'inherit'],
});
if (run.status !== 0) process.stderr.write(`the profiled run exited ${run.status}\n`);
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const spent = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  spent.set(id, (spent.get(id) ?? 0) + dt);
  total += dt;
});
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const inclusive = new Map();
for (const [id, dt] of spent) {
  const key = name(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + dt);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = name(byId.get(at));
    if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    seen.add(k);
  }
}
const list = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, dt]) => `${(dt / 1000).toFixed(0).padStart(7)} ms ${((100 * dt) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
console.log(
  `profile ${join(dir, file)}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time:\n${list(self)}\n\ninclusive time:\n${list(inclusive)}`,
);
