// Generates the schema validators, then bundles the CLI into one file: the same file runs in the
// container, under kpt/kustomize exec and in the Argo CD plugin, so start-up loads no module graph.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { forget, stamp, upToDate } from './build-stamp.mjs';

// `--readable`: the same bundle, loader and code cache, but not minified, so that a CPU or heap
// profile names functions (bench/README.md); never what is shipped.
const readable = process.argv.includes('--readable');
const variant = readable ? 'readable' : 'minified';
if (!process.argv.includes('--force') && upToDate(variant)) {
  console.log('build: dist/ is up to date (scripts/build-stamp.mjs; --force builds anyway)');
  process.exit(0);
}
forget();

// The generators read the schemas, which are TypeScript modules: tsx is loaded only when a build
// runs, not for the up-to-date check above.
const { register } = await import('tsx/esm/api');
register();
await import('./gen-settings-validator.mjs');
await import('./gen-policy-crd-validators.mjs');

// Node built-ins that only some runs need (spawning kubectl, temporary files and folders, random
// file names, file-mode promises, a terminal check) are loaded when first called instead of at
// every start: each is replaced in the bundle by a module of call-through functions. Only
// functions can be imported from them (anything else fails the build, not a run).
const LAZY_BUILTINS = new Set(['node:child_process', 'node:crypto', 'node:fs/promises', 'node:module', 'node:os', 'node:tty']);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) =>
      LAZY_BUILTINS.has(args.path) && args.namespace !== 'lazy-builtin' ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = await import(args.path);
      const names = Object.keys(real).filter((name) => name !== 'default' && typeof real[name] === 'function');
      const calls = names.map(
        (name) =>
          `export function ${name}(...args) { return new.target ? Reflect.construct(load().${name}, args, new.target) : load().${name}(...args); }`,
      );
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(args.path)}));\n${calls.join('\n')}\n`,
        loader: 'js',
        resolveDir: process.cwd(),
      };
    });
  },
};

// The bundle needs package.json's version only (src/cli/tool-version.ts): it holds that, not the
// whole manifest, whose dependency lists the image's build narrows (scripts/build-dependencies.mjs)
// and which every run would otherwise load.
const ownManifest = join(process.cwd(), 'package.json');
const versionOnly = {
  name: 'version-only',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]package\.json$/ }, (args) =>
      args.path === ownManifest
        ? { contents: JSON.stringify({ version: JSON.parse(readFileSync(args.path, 'utf8')).version }), loader: 'json' }
        : undefined,
    );
  },
};

const bundled = await build({
  entryPoints: ['src/bin.ts'],
  plugins: [lazyBuiltins, versionOnly],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !readable,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  metafile: true,
});
const code = bundled.outputFiles[0].text;
const notices = thirdPartyNotices(Object.keys(bundled.metafile.inputs));

// Compiling the bundle is most of a small run's start-up. The executable is a small loader that
// runs the bundle (the file beside it, dist/kuma-inject.cjs.bundle) through vm.Script, so V8 can
// take a code cache (dist/kuma-inject.cjs.cache, made below by one warm run by this Node; a cache
// made by another Node version is rejected by V8 and the code compiles as usual). Under another
// Node than the build's, Node's own compile cache (22.1+, module.enableCompileCache) keeps the
// compiled bundle between runs instead (in NODE_COMPILE_CACHE, else the temp folder). The bundle
// is its own file, not part of the loader's: node reads and compiles the whole main file as UTF-8
// before running a line of it, which cost every run about 20 ms for a 1.3 MB file.
// The loader reads an ASCII bundle (what esbuild writes, escaping the rest, almost always) as
// latin1, a plain copy; one that is not ASCII (a regex esbuild could not escape) as UTF-8.
// The bundle exports main and runProgram (src/bin.ts): the loader calls main only when it is the
// program node started, so a test can require the built bundle and drive runProgram in-process.
// The file holds the bundle already wrapped as the function the loader calls: a wrapper added at
// run time made a second string that V8 copied whole (1.3 MB, and its memory) before it could
// look the script up in the code cache. Node's own loader (other Node versions) gets the inside.
const encoding = /[^\x00-\x7f]/.test(code) ? 'utf8' : 'latin1';
const WRAP_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAP_END = '\n})';
const loader = `#!/usr/bin/env node
"use strict";
// kuma-inject: loads the bundle beside this file (see scripts/build.mjs).
const fs = require("node:fs");
const bundleFile = __filename + ".bundle";
let code;
try {
  code = fs.readFileSync(bundleFile, "${encoding}");
} catch (error) {
  process.stderr.write("kuma-inject: cannot read " + bundleFile + " (" + (error.code || error.message) + "): it is part of kuma-inject; install or copy it beside " + __filename + "\\n");
  process.exitCode = 1;
  return;
}
if (process.version !== ${JSON.stringify(process.version)}) {
  const Module = require("node:module");
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache();
    const bundle = new Module(bundleFile, module);
    bundle.filename = bundleFile;
    bundle.paths = module.paths;
    bundle._compile(code.slice(${WRAP_START.length}, -${WRAP_END.length}), bundleFile);
    module.exports = bundle.exports;
    if (require.main === module) bundle.exports.main();
    return;
  }
}
const cacheFile = __filename + ".cache";
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const { Script } = require("node:vm");
const script = new Script(code, { filename: bundleFile, cachedData });
script.runInThisContext()(exports, require, module, __filename, __dirname);
if (require.main === module) module.exports.main();
if (process.env.KUMA_INJECT_WRITE_CODE_CACHE === "1") process.once("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
`;
mkdirSync('dist', { recursive: true });
rmSync('dist/kuma-inject.cjs.cache', { force: true });
writeFileSync('dist/kuma-inject.cjs', loader);
writeFileSync('dist/kuma-inject.cjs.bundle', WRAP_START + code + WRAP_END);
writeFileSync('dist/THIRD-PARTY-NOTICES.md', notices);
chmodSync('dist/kuma-inject.cjs', 0o755);

// One warm run over a small bundle compiles the functions every run needs; the cache keeps them.
// It has settings and a ContainerPatch because most packages do: the settings validator and the
// Container schema are large functions whose compile cost every such run otherwise (about 10 ms).
// Policies are left out: their CRD validators would grow the cache every run loads.
const warm = spawnSync(process.execPath, ['dist/kuma-inject.cjs'], {
  input: WARM_INPUT(),
  env: { ...process.env, KUMA_INJECT_WRITE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
if (warm.status !== 0) {
  process.stderr.write(`build: the warm-up run of dist/kuma-inject.cjs failed (exit ${warm.status}):\n${warm.stderr}\n`);
  process.exit(1);
}
stamp(variant);

function WARM_INPUT() {
  return `apiVersion: config.kubernetes.io/v1
kind: ResourceList
functionConfig:
  apiVersion: fn.kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata:
    name: warm
  product: kong-mesh
  version: "2.14"
  meshes: [default]
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: warm
    labels:
      kuma.io/sidecar-injection: enabled
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: warm
  spec:
    selector:
      matchLabels: {app: web}
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          image: nginx
          ports:
          - containerPort: 8080
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: warm
  spec:
    selector: {app: web}
    ports:
    - port: 80
      targetPort: 8080
- apiVersion: kuma.io/v1alpha1
  kind: ContainerPatch
  metadata:
    name: warm
    namespace: kong-mesh-system
  spec:
    sidecarPatch:
    - op: add
      path: /resources/limits/memory
      value: '"384Mi"'
`;
}

/**
 * The licences of what the bundle carries: every npm package esbuild took code from (their
 * licences ask for the notice to travel with the code, and the bundle drops legal comments), and
 * the Container schema derived from kubernetes-models (see its generated README).
 */
// The kuma Helm chart's values.yaml files are embedded as data (src/config/helm-charts/).
function kumaChartNotice() {
  return `## The kuma Helm chart's values (src/config/helm-charts/)

The default values of the kuma Helm chart (deployments/charts/kuma/values.yaml of
https://github.com/kumahq/kuma at tags v2.14.3 and v2.13.10) are embedded as data, read as Helm
reads them. Copyright Kuma authors / Kong Inc., licensed under the Apache License, Version 2.0
(http://www.apache.org/licenses/LICENSE-2.0). Upstream NOTICE: "Kuma - Copyright 2019-2021 Kong Inc.
- This product includes software developed at Kong Inc (https://konghq.com/)."
`;
}

function thirdPartyNotices(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join('node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(dir).find((f) => /^licen[cs]e(\.|$)/i.test(f));
    if (licenceFile === undefined) throw new Error(`build: ${name} ships no licence file; add its notice by hand`);
    return `## ${name} ${pkg.version} (${pkg.license})\n\n\`\`\`\n${readFileSync(join(dir, licenceFile), 'utf8').trim()}\n\`\`\`\n`;
  });
  const schemaReadme = 'src/core/container-patch/generated/README.md';
  const schema = existsSync(schemaReadme) ? readFileSync(schemaReadme, 'utf8').replace(/^[\s\S]*?(?=Licences of the material)/, '') : '';
  return `# Third-party notices\n\nkuma-inject (Apache-2.0) bundles the following packages into dist/kuma-inject.cjs.\n\n${sections.join('\n')}\n## The Kubernetes Container schema\n\n${schema}\n${kumaChartNotice()}`;
}
