// Whether dist/ is what a build would write now: a digest of everything the build reads (the
// sources, the build scripts, the lockfile, the Node that makes the code cache) and of everything
// it wrote, kept in node_modules/.cache. `npm test` builds before it tests, right after `npm ci`
// (whose `prepare` built the same tree), and three seconds of a build that would change nothing
// were a tenth of the suite's time. Any edit to an input or an output, or another Node, builds
// again; so does a missing stamp (a fresh clone) or `--force`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const STAMP = join('node_modules', '.cache', 'kuma-inject-build-stamp');
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'LICENSE'];
const INPUT_DIRS = ['src', 'scripts'];
// Written by the build (the generators and the bundle step), so they are outputs, not inputs.
const GENERATED_DIRS = ['src/config/generated', 'src/core/policies/crd/generated'];
const OUTPUTS = ['dist/kuma-inject.cjs', 'dist/kuma-inject.cjs.bundle', 'dist/kuma-inject.cjs.cache', 'dist/THIRD-PARTY-NOTICES.md'];

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.name === 'node_modules') return [];
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [path] : [`${path} (not a file)`];
    });
}

function digest(variant) {
  const hash = createHash('sha256');
  hash.update(`${process.version} ${process.execPath} ${variant}\n`);
  const generated = (file) => GENERATED_DIRS.some((dir) => !relative(dir, file).startsWith('..'));
  const inputs = [...INPUT_FILES, ...INPUT_DIRS.flatMap(filesUnder).filter((file) => !generated(file))];
  const outputs = [...GENERATED_DIRS.flatMap(filesUnder), ...OUTPUTS];
  for (const file of [...inputs, '--', ...outputs]) {
    hash.update(`${file}\n`);
    if (file !== '--' && existsSync(file)) hash.update(readFileSync(file));
    else if (file !== '--') hash.update('(missing)\n');
  }
  return hash.digest('hex');
}

/** True when the last build of this variant left dist/ and the generated sources as they are now. */
export function upToDate(variant) {
  if (!existsSync(STAMP) || OUTPUTS.some((file) => !existsSync(file))) return false;
  return readFileSync(STAMP, 'utf8') === digest(variant);
}

/** Records the tree a finished build leaves; call only after every output is written. */
export function stamp(variant) {
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, digest(variant));
}

/** Forgets the last build, so that a build that fails half-way is never taken as up to date. */
export function forget() {
  rmSync(STAMP, { force: true });
}
