// Narrows package.json and package-lock.json, in place, to the packages `npm run build` needs and
// everything they depend on, as the lockfile pins them: the Dockerfile's build stage runs this
// before `npm ci`, which then installs 12 packages instead of 46 on Linux x64 (the type checker, linters,
// formatter and test libraries are a few times the build's size, and none of them is built in).
// Never run it in a clone you work in: it drops the tools `npm test` uses.
//
// BUILD is the packages the build scripts import (esbuild, tsx, ajv) and those the bundle holds.
// container-image.test.ts builds from a narrowed clone and requires the same bundle `npm run build`
// makes, so a package missing here fails there, not in a user's image.
import { readFileSync, writeFileSync } from 'node:fs';

const BUILD = ['esbuild', 'tsx', 'ajv', 'fast-json-patch', 'js-yaml', 'yaml'];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const entries = lock.packages;

/** The lockfile key a `require(name)` from the package at `from` finds, as node looks: nearest node_modules first. */
function resolve(from, name) {
  for (let at = from; ;) {
    const key = `${at === '' ? '' : `${at}/`}node_modules/${name}`;
    if (entries[key] !== undefined) return key;
    if (at === '') return undefined;
    const up = at.lastIndexOf('/node_modules/');
    at = up < 0 ? '' : at.slice(0, up);
  }
}

const kept = new Set(['']);
function keep(key) {
  if (kept.has(key)) return;
  kept.add(key);
  const entry = entries[key];
  // Optional ones too: esbuild's binary for this platform is an optional dependency (npm installs
  // only the one that fits, as the full install does).
  for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
    const found = resolve(key, name);
    if (found !== undefined) keep(found);
  }
}

for (const name of BUILD) {
  const key = resolve('', name);
  if (key === undefined || pkg.devDependencies?.[name] === undefined) {
    console.error(
      `build-dependencies: ${name} is not a devDependency in package.json and package-lock.json; fix BUILD in scripts/build-dependencies.mjs`,
    );
    process.exit(1);
  }
  keep(key);
}

pkg.devDependencies = Object.fromEntries(Object.entries(pkg.devDependencies).filter(([name]) => BUILD.includes(name)));
lock.packages = Object.fromEntries(Object.entries(entries).filter(([key]) => kept.has(key)));
lock.packages[''].devDependencies = pkg.devDependencies;
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  `build-dependencies: ${kept.size - 1} of the lockfile's ${Object.keys(entries).length - 1} entries kept for the build (each platform's binaries counted)`,
);
