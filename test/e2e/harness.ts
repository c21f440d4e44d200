import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { objectsOf, type Obj } from '../cli/kube-objects.ts';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE = join(REPO, 'dist', 'kuma-inject.cjs');

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real binary and captures its output; never throws on a non-zero exit. */
export function sh(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Ran {
  const run = spawnSync(command, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error !== undefined) return { status: null, stdout: run.stdout ?? '', stderr: `${run.error.message}\n${run.stderr ?? ''}` };
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Describes a run for assertion messages. */
export function explain(what: string, ran: Ran): string {
  return `${what} exited ${ran.status}\n--- stdout ---\n${ran.stdout.slice(0, 4000)}\n--- stderr ---\n${ran.stderr.slice(0, 4000)}`;
}

const toolsFound = new Map<string, string>();

/** Fails (never skips) when a tool the end-to-end tests need is not installed; else its path. */
export function requireTool(name: string, why: string): string {
  const known = toolsFound.get(name);
  if (known !== undefined) return known;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    assert.fail(`${name} is not on PATH, and ${why}. Install it (see .ci/run); end-to-end tests fail rather than skip.`);
  }
  const path = found.stdout.trim();
  toolsFound.set(name, path);
  return path;
}

/**
 * A PATH with `kuma-inject` on it, as `npm install -g` or `npm link` would give users: a tiny
 * wrapper that runs the built bundle (which has no exec bit of its own).
 */
export function envWithKumaInject(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  if (!existsSync(BUNDLE)) assert.fail(`${BUNDLE} is missing: run \`npm run build\` first (npm test does).`);
  const bin = mkdtempSync(join(tmpdir(), 'kuma-inject-bin-'));
  const wrapper = join(bin, 'kuma-inject');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BUNDLE}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return { ...process.env, ...extra, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
}

/** A fresh git repository holding copies of `paths` (relative to the repo root), committed. */
export function gitRepoWith(paths: readonly string[], from = REPO): string {
  requireTool('git', 'the end-to-end tests diff rendered packages with git');
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-e2e-'));
  for (const path of paths) cpSync(join(from, path), join(dir, path), { recursive: true });
  activateFixtureKptfiles(dir);
  git(dir, 'init', '-q');
  commitAll(dir, 'original package');
  return dir;
}

/**
 * Test fixture packages keep their Kptfile as `Kptfile.fixture`, so that rendering the repository
 * does not render (and change) them as subpackages; in the copy they become real packages.
 */
function activateFixtureKptfiles(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name === 'Kptfile.fixture')
      renameSync(join(entry.parentPath, entry.name), join(entry.parentPath, 'Kptfile'));
  }
}

export function git(dir: string, ...args: string[]): string {
  const ran = sh('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
  assert.equal(ran.status, 0, explain(`git ${args.join(' ')}`, ran));
  return ran.stdout;
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/** `kpt fn render --allow-exec` of `pkg`, run from the repository root with kuma-inject on PATH. */
export function kptRender(pkg: string, extraArgs: readonly string[] = []): Ran {
  requireTool('kpt', 'the kpt end-to-end tests run kpt fn render');
  return sh('kpt', ['fn', 'render', '--allow-exec', pkg, ...extraArgs], { env: envWithKumaInject() });
}

/** Every object of every YAML file of a package, with the file it came from. */
export function packageObjects(dir: string): { file: string; object: Obj }[] {
  const out: { file: string; object: Obj }[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name) || entry.name === 'Kptfile')
        for (const object of objectsOf(readFileSync(path, 'utf8'))) out.push({ file: relative(dir, path), object });
    }
  };
  walk(dir);
  return out;
}
