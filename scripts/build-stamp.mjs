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

function filesUnder(root, dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.name === 'node_modules') return [];
      if (entry.isDirectory()) return filesUnder(root, path);
      return entry.isFile() ? [path] : [`${path} (not a file)`];
    });
}

function digest(variant, root) {
  const hash = createHash('sha256');
  hash.update(`${process.version} ${process.execPath} ${variant}\n`);
  const generated = (file) => GENERATED_DIRS.some((dir) => !relative(dir, file).startsWith('..'));
  const inputs = [...INPUT_FILES, ...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)).filter((file) => !generated(file))];
  const outputs = [...GENERATED_DIRS.flatMap((dir) => filesUnder(root, dir)), ...OUTPUTS];
  for (const file of [...inputs, '--', ...outputs]) {
    hash.update(`${file}\n`);
    if (file !== '--' && existsSync(join(root, file))) hash.update(readFileSync(join(root, file)));
    else if (file !== '--') hash.update('(missing)\n');
  }
  return hash.digest('hex');
}

/** True when the last build of this variant left dist/ and the generated sources as they are now. */
export function upToDate(variant, root = '.') {
  if (!existsSync(join(root, STAMP)) || OUTPUTS.some((file) => !existsSync(join(root, file)))) return false;
  return readFileSync(join(root, STAMP), 'utf8') === digest(variant, root);
}

/** Records the tree a finished build leaves; call only after every output is written. */
export function stamp(variant, root = '.') {
  mkdirSync(dirname(join(root, STAMP)), { recursive: true });
  writeFileSync(join(root, STAMP), digest(variant, root));
}

/** Forgets the last build, so that a build that fails half-way is never taken as up to date. */
export function forget(root = '.') {
  rmSync(join(root, STAMP), { force: true });
}
