/**
 * The Dockerfile, checked without a Docker engine. A clean clone (the files git tracks, nothing
 * built) gets the build stage's COPY lines and RUN commands, run on this machine in a scratch
 * folder standing for the build stage's file system; every COPY --from=build source must then
 * exist, and the runtime stage's files, placed at their destinations, must turn a ResourceList
 * into an injected one through the exact ENTRYPOINT. kubectl kustomize runs the container
 * function example through a stand-in `docker` that runs that ENTRYPOINT, so the image name the
 * example, metadata.yaml and the Argo CD patch use is checked against the one place it is set.
 * Differences from a real build: this machine's Node (20) runs the build stage, not the image's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { parse } from 'yaml';
import { explain, REPO, requireTool, sh } from './harness.ts';
import { kptResourceList } from '../cli/fixtures.ts';
import { find, objectsOf, resourceListOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  config: { image: string };
  repository: { url: string };
};
const IMAGE = `${pkg.config.image}:${pkg.version}`;
const SOURCE = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

interface Instruction {
  stage: string;
  op: string;
  args: string;
}

/** The Dockerfile's instructions (continuations joined, comments dropped), each with its stage. */
function instructions(): { globalArgs: Map<string, string>; list: Instruction[]; stages: { name: string; from: string }[] } {
  const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const globalArgs = new Map<string, string>();
  const list: Instruction[] = [];
  const stages: { name: string; from: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (m === null || line.trim().startsWith('#')) continue;
    const [, op = '', args = ''] = m;
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: from?.[1] ?? '', name: from?.[2] ?? String(stages.length) });
      continue;
    }
    if (stages.length === 0 && op === 'ARG') {
      const [key = '', value = ''] = args.split('=');
      globalArgs.set(key, value);
      continue;
    }
    list.push({ stage: stages[stages.length - 1]?.name ?? '', op, args });
  }
  return { globalArgs, list, stages };
}

const dockerfile = instructions();
const inStage = (stage: string, op: string): Instruction[] => dockerfile.list.filter((i) => i.stage === stage && i.op === op);

/** COPY flags and operands: `--from=build --chmod=0755 a b dest`. */
function copyOf(args: string): { from?: string; chmod?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = new Map(
    words.filter((w) => w.startsWith('--')).map((w) => [w.slice(2, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] as const),
  );
  const operands = words.filter((w) => !w.startsWith('--'));
  const dest = operands.pop() ?? '';
  const out: { from?: string; chmod?: string; sources: string[]; dest: string } = { sources: operands, dest };
  if (flags.has('from')) out.from = flags.get('from');
  if (flags.has('chmod')) out.chmod = flags.get('chmod');
  return out;
}

let work = '';
let buildFs = '';
let runtimeFs = '';
let entrypoint: string[] = [];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'kuma-inject-image-'));
  // A clean clone: what git tracks (and new files not ignored), no dist/, no node_modules/.
  const clone = join(work, 'clone');
  const listed = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO });
  assert.equal(listed.status, 0, explain('git ls-files', listed));
  for (const file of listed.stdout.split('\0').filter((f) => f !== '' && existsSync(join(REPO, f)))) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(REPO, file), join(clone, file));
  }
  assert.ok(!existsSync(join(clone, 'dist')), 'the clean clone holds no build output');

  // The build stage: its COPY lines from the clone, then its RUN commands, in a scratch root.
  buildFs = join(work, 'build-fs');
  const workdir = inStage('build', 'WORKDIR')[0]?.args ?? '/';
  const cwd = join(buildFs, workdir);
  mkdirSync(cwd, { recursive: true });
  for (const step of dockerfile.list.filter((i) => i.stage === 'build' && (i.op === 'COPY' || i.op === 'RUN'))) {
    if (step.op === 'COPY') {
      const copy = copyOf(step.args);
      assert.equal(copy.from, undefined, 'the build stage copies from the build context only');
      for (const source of copy.sources) {
        assert.ok(existsSync(join(clone, source)), `COPY ${source}: not in a clean clone`);
        const dest = copy.dest.startsWith('/') ? join(buildFs, copy.dest) : join(cwd, copy.dest);
        const target = copy.dest.endsWith('/') && !source.endsWith('/') ? join(dest, source.split('/').pop() ?? '') : dest;
        cpSync(join(clone, source), target, { recursive: true });
      }
    } else {
      // The registry is asked only for what the npm cache lacks.
      const ran = sh('sh', ['-c', step.args], { cwd, env: { ...process.env, npm_config_prefer_offline: 'true' }, timeoutMs: 900_000 });
      assert.equal(ran.status, 0, explain(`RUN ${step.args}`, ran));
    }
  }

  // The runtime stage's files, from the build stage's file system, at their destinations.
  runtimeFs = join(work, 'runtime-fs');
  for (const step of inStage('runtime', 'COPY')) {
    const copy = copyOf(step.args);
    assert.equal(copy.from, 'build', `runtime COPY ${step.args} comes from the build stage`);
    for (const source of copy.sources) {
      assert.ok(existsSync(join(buildFs, source)), `COPY --from=build ${source}: the build stage did not make it`);
      const target = join(runtimeFs, copy.dest);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(buildFs, source), target);
      if (copy.chmod !== undefined) chmodSync(target, Number.parseInt(copy.chmod, 8));
    }
  }
  const line = inStage('runtime', 'ENTRYPOINT')[0]?.args;
  assert.ok(line, 'the runtime stage has an ENTRYPOINT');
  entrypoint = (JSON.parse(line) as string[]).map((arg) => (arg.startsWith('/') ? join(runtimeFs, arg) : arg));
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('container image (Dockerfile, without a Docker engine)', () => {
  test('stages: build, runtime, argocd-cmp (runtime + kubectl) and, last (the default target), the function', () => {
    const names = dockerfile.stages.map((s) => s.name);
    for (const needed of ['build', 'runtime', 'argocd-cmp', 'function']) assert.ok(names.includes(needed), `stage ${needed}`);
    assert.equal(names[names.length - 1], 'function');
    assert.equal(dockerfile.stages.find((s) => s.name === 'function')?.from, 'runtime');
    assert.equal(dockerfile.stages.find((s) => s.name === 'argocd-cmp')?.from, 'runtime');
    assert.deepEqual(
      inStage('argocd-cmp', 'COPY').map((c) => copyOf(c.args)),
      [{ from: 'kubectl', sources: ['/bin/kubectl'], dest: '/usr/local/bin/kubectl' }],
    );
  });

  test('base images are pinned releases: Node of the current LTS line (24) for build and runtime, kubectl for the Argo CD target', () => {
    assert.match(dockerfile.globalArgs.get('NODE_IMAGE') ?? '', /^node:24\.\d+\.\d+-[a-z]+-slim$/);
    assert.match(dockerfile.globalArgs.get('KUBECTL_IMAGE') ?? '', /^registry\.k8s\.io\/kubectl:v\d+\.\d+\.\d+$/);
    for (const stage of ['build', 'runtime']) assert.equal(dockerfile.stages.find((s) => s.name === stage)?.from, '${NODE_IMAGE}');
  });

  test('the runtime runs as a numeric non-root user and carries the OCI labels of package.json', () => {
    const user = inStage('runtime', 'USER')[0]?.args ?? '';
    assert.match(user, /^\d+(:\d+)?$/);
    assert.notEqual(user.split(':')[0], '0');
    const labels = inStage('runtime', 'LABEL')
      .map((l) => l.args)
      .join(' ');
    const args = new Map(inStage('runtime', 'ARG').map((a) => a.args.split('=') as [string, string]));
    assert.equal(args.get('VERSION'), pkg.version);
    assert.equal(args.get('SOURCE'), SOURCE);
    assert.match(labels, /org\.opencontainers\.image\.source="\$\{SOURCE\}"/);
    assert.match(labels, /org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.licenses="${pkg.license}"`));
  });

  test('the ENTRYPOINT turns a ResourceList into an injected ResourceList, with the code cache the build made', () => {
    const [command = '', ...args] = entrypoint;
    assert.equal(command, 'node');
    const ran = sh(process.execPath, args, { input: kptResourceList(), cwd: '/', env: { PATH: dirname(process.execPath) } });
    assert.equal(ran.status, 0, explain(entrypoint.join(' '), ran));
    assert.ok(sidecarOf(find(resourceListOf(ran.stdout)['items'] as Obj[], 'Deployment', 'web')));
    // The loader reads <bin>.bundle and <bin>.cache: the COPY destinations must keep that pairing.
    const bin = args[0] ?? '';
    const encoding = /readFileSync\(bundleFile, "(latin1|utf8)"\)/.exec(readFileSync(bin, 'utf8'))?.[1] === 'utf8' ? 'utf8' : 'latin1';
    // The bundle file is the source the loader hands vm.Script as it is (scripts/build.mjs).
    const script = new Script(readFileSync(`${bin}.bundle`, encoding), { filename: bin, cachedData: readFileSync(`${bin}.cache`) });
    assert.equal(script.cachedDataRejected, false);
    assert.ok(existsSync(join(runtimeFs, 'usr/share/doc/kuma-inject/THIRD-PARTY-NOTICES.md')));
    assert.ok(existsSync(join(runtimeFs, 'usr/share/doc/kuma-inject/LICENSE')));
  });

  test('the build stage installs only the packages the build needs, and makes the bundle `npm run build` makes from the full install', () => {
    const installed = readdirSync(join(buildFs, 'src/node_modules'));
    for (const tool of ['typescript-7', 'oxlint', 'knip', 'fast-check']) assert.ok(!installed.includes(tool), `${tool} is not installed`);
    // Byte for byte: a package the build needs but the narrowed install lacks would show here.
    const built = readFileSync(join(buildFs, 'src/dist/kuma-inject.cjs.bundle'));
    const ours = readFileSync(join(REPO, 'dist/kuma-inject.cjs.bundle'));
    assert.ok(built.equals(ours), 'the bundle of the build stage differs from dist/kuma-inject.cjs.bundle (npm run build, full install)');
  });

  test('the Argo CD patch runs the argocd-cmp target image, named from package.json', () => {
    const patch = parse(readFileSync(join(REPO, 'functions/kuma-inject/argocd/repo-server-patch.yaml'), 'utf8')) as Obj;
    const sidecar = (patch['spec']['template']['spec']['containers'] as Obj[]).find((c) => c['name'] === 'kuma-inject');
    assert.equal(sidecar?.['image'], `${IMAGE}-argocd`);
    const dockerComment = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    assert.match(dockerComment, /docker build --target argocd-cmp -t IMAGE:VERSION-argocd \./);
  });

  test('metadata.yaml names the function image from package.json', () => {
    const metadata = parse(readFileSync(join(REPO, 'functions/kuma-inject/metadata.yaml'), 'utf8')) as Obj;
    assert.equal(metadata['image'], IMAGE);
  });

  test('every file naming the image or the source agrees with package.json (scripts/publish-names.mjs)', () => {
    const ran = sh(process.execPath, [join(REPO, 'scripts/publish-names.mjs')]);
    assert.equal(ran.status, 0, explain('node scripts/publish-names.mjs', ran));
  });

  test('kubectl kustomize runs the container-function example through the container runtime, with the report visible', () => {
    const kubectl = requireTool('kubectl', 'kubectl kustomize runs the container function');
    const bin = mkdtempSync(join(work, 'bin-'));
    symlinkSync(kubectl, join(bin, 'kubectl'));
    // A stand-in container runtime: `docker run ... IMAGE` runs the image's ENTRYPOINT from the
    // runtime stage's files; any other image is refused, as a registry without it would.
    const [, ...entry] = entrypoint;
    writeFileSync(
      join(bin, 'docker'),
      [
        '#!/bin/sh',
        `printf '%s\\n' "$@" > "${join(work, 'docker-args')}"`,
        'for last; do :; done',
        `if [ "$1" != run ] || [ "$last" != "${IMAGE}" ]; then echo "docker: no image $last" >&2; exit 125; fi`,
        `exec "${process.execPath}" ${entry.map((a) => `"${a}"`).join(' ')}`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const ran = sh('kubectl', ['kustomize', '--enable-alpha-plugins', join(REPO, 'functions/kuma-inject/kustomize/container-function')], {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    assert.equal(ran.status, 0, explain('kubectl kustomize --enable-alpha-plugins container-function', ran));
    const args = readFileSync(join(work, 'docker-args'), 'utf8').split('\n');
    assert.ok(args.includes('--network') && args.includes('none'), 'kustomize runs functions without network');
    assert.ok(sidecarOf(find(objectsOf(ran.stdout), 'Deployment', 'web')));
    assert.match(ran.stderr, /Deployment shop\/web: injected|warning: /, "the function's report reaches kubectl's stderr");
  });
});
