import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { REPO, envWithKumaInject, explain, sh } from './harness.ts';

/**
 * The shipped CI integrations run as scripts against a temporary git repository: the
 * pre-commit hooks' entry commands (.pre-commit-hooks.yaml) and the composite action's steps
 * (action.yml), with the inputs substituted the way the Actions runner does.
 */

interface Hook {
  id: string;
  entry: string;
  args?: string[];
  pass_filenames?: boolean;
  language: string;
}
interface Step {
  name: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const hooks = load(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const action = load(readFileSync(join(REPO, 'action.yml'), 'utf8')) as Action;

/** A git repository whose k8s/ folder holds the example package, committed un-injected. */
function staleRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'kuma-ci-'));
  cpSync(join(REPO, 'example'), join(repo, 'k8s'), { recursive: true });
  writeFileSync(
    join(repo, 'k8s', 'kuma-inject.yaml'),
    readFileSync(join(repo, 'k8s', 'kuma-inject.yaml'), 'utf8').replace('previewsDir: example/kuma-previews', 'previewsDir: kuma-previews'),
  );
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'manifests');
  return repo;
}

function git(cwd: string, ...args: string[]): string {
  const ran = sh('git', args, { cwd });
  assert.equal(ran.status, 0, explain(`git ${args.join(' ')}`, ran));
  return ran.stdout;
}

/** How pre-commit runs a hook that takes no file names: `entry` split by the shell, then `args`. */
function runHook(hook: Hook, repo: string, args: readonly string[]) {
  const quoted = [...args].map((a) => `'${a}'`).join(' ');
  return sh('sh', ['-c', `${hook.entry} ${quoted}`], { cwd: repo, env: envWithKumaInject() });
}

function hook(id: string): Hook {
  const found = hooks.find((h) => h.id === id);
  assert.ok(found !== undefined, `.pre-commit-hooks.yaml has no hook ${id}`);
  return found;
}

describe('pre-commit hooks', () => {
  test('every hook is a node hook over the whole folder (no file names passed), with default args', () => {
    assert.deepEqual(hooks.map((h) => h.id).sort(), ['kuma-inject-check', 'kuma-inject-fix']);
    for (const h of hooks) {
      assert.equal(h.language, 'node');
      assert.equal(h.pass_filenames, false);
      assert.deepEqual(h.args, ['-f', '.']);
    }
  });

  test('check fails on a stale repository, fix updates it (so pre-commit fails the commit for review), then check passes and fix changes nothing', () => {
    const repo = staleRepository();
    const stale = runHook(hook('kuma-inject-check'), repo, ['-f', 'k8s']);
    assert.equal(stale.status, 3, explain('check hook', stale));
    assert.match(stale.stdout, /^\+\+\+ b\/k8s\/web\.yaml$/m);
    assert.equal(git(repo, 'status', '--porcelain'), '', 'the check hook wrote nothing');

    const fixed = runHook(hook('kuma-inject-fix'), repo, ['-f', 'k8s']);
    assert.equal(fixed.status, 0, explain('fix hook', fixed));
    const changed = git(repo, 'status', '--porcelain')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(3))
      .sort();
    // k8s/ is no kpt package (no Kptfile) and no --previews DIR is given: no preview files.
    assert.deepEqual(changed, ['k8s/cleanup.yaml', 'k8s/web.yaml']);
    git(repo, 'add', '-A');

    assert.equal(runHook(hook('kuma-inject-check'), repo, ['-f', 'k8s']).status, 0);
    assert.equal(runHook(hook('kuma-inject-fix'), repo, ['-f', 'k8s']).status, 0);
    assert.equal(git(repo, 'diff', '--name-only'), '', 'a second fix changes nothing (the staged files stay as they are)');
  });

  test("with the hooks' default args (-f .) at the repository root", () => {
    const repo = staleRepository();
    const ran = runHook(hook('kuma-inject-check'), repo, hook('kuma-inject-check').args ?? []);
    assert.equal(ran.status, 3, explain('check -f .', ran));
    assert.equal(runHook(hook('kuma-inject-fix'), repo, hook('kuma-inject-fix').args ?? []).status, 0);
    assert.equal(runHook(hook('kuma-inject-check'), repo, hook('kuma-inject-check').args ?? []).status, 0);
  });
});

describe('GitHub Action (composite action.yml)', () => {
  /** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner substitutes them, in env values only. */
  function runSteps(workspace: string, inputs: Record<string, string>) {
    const values: Record<string, string> = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']),
    );
    const outcomes = [];
    for (const step of action.runs.steps) {
      const env: NodeJS.ProcessEnv = envWithKumaInject({ GITHUB_WORKSPACE: workspace });
      for (const [key, value] of Object.entries(step.env ?? {})) {
        env[key] = value
          .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
          .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, REPO);
      }
      // As the runner runs a `shell: bash` step: no profile or rc file of the machine's user.
      const ran = sh('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run], { cwd: workspace, env });
      outcomes.push({ step: step.name, ...ran });
      if (ran.status !== 0) break;
    }
    return outcomes;
  }

  test('composite, bash steps, and no expression spliced into a script (inputs reach them through env)', () => {
    assert.equal(action.runs.using, 'composite');
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash');
      assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: an expression inside run`);
    }
  });

  test('a stale repository fails the check step (exit 3) with the diff, an ::error line and a SARIF report; after --in-place it passes', () => {
    const repo = staleRepository();
    const stale = runSteps(repo, { paths: 'k8s' });
    const last = stale.at(-1)!;
    assert.equal(last.step, 'kuma-inject check');
    assert.equal(last.status, 3, explain('check step', last));
    assert.match(last.stdout, /^--- a\/k8s\/web\.yaml$/m);
    assert.match(last.stdout, /^::error title=kuma-inject::manifests are stale/m);
    const sarif = JSON.parse(readFileSync(join(repo, 'kuma-inject.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]?.results.some((r) => r.ruleId === 'KI0108'));

    assert.equal(sh('kuma-inject', ['-f', 'k8s', '--in-place'], { cwd: repo, env: envWithKumaInject() }).status, 0);
    const clean = runSteps(repo, { paths: 'k8s', report: '' });
    assert.deepEqual(
      clean.map((s) => s.status),
      clean.map(() => 0),
      explain('steps', clean.at(-1)!),
    );
  });

  test('several paths and a settings file; a path with shell syntax stays a path', () => {
    const repo = staleRepository();
    const settings = join(repo, 'k8s', 'kuma-inject.yaml');
    const ran = runSteps(repo, {
      paths: 'k8s/web.yaml k8s/namespace.yaml k8s/container-patch.yaml',
      config: 'k8s/kuma-inject.yaml',
      report: '',
    });
    assert.equal(ran.at(-1)?.status, 3, explain('check', ran.at(-1)!));
    assert.match(ran.at(-1)!.stdout, /^\+\+\+ b\/k8s\/web\.yaml$/m);
    assert.doesNotMatch(ran.at(-1)!.stdout, /cleanup\.yaml/);
    assert.ok(existsSync(settings));
    const hostile = runSteps(repo, { paths: 'k8s/$(touch${IFS}pwned)', report: '' });
    assert.equal(hostile.at(-1)?.status, 2, explain('hostile path', hostile.at(-1)!));
    assert.equal(existsSync(join(repo, 'pwned')), false);
  });
});

describe("the README's CI recipe, run as written", () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const firstScreen = readme.split('\n').slice(0, 40).join('\n');
  const line = (pattern: RegExp): string => {
    const found = firstScreen.split('\n').filter((l) => pattern.test(l));
    assert.equal(found.length, 1, `one line of the README's first screen matches ${pattern}`);
    return (found[0] ?? '').replace(/\s+#.*$/, '');
  };

  test('check (exit 3 and a SARIF file on a stale repository), --in-place, check again (exit 0); the pipe under pipefail', () => {
    const repo = staleRepository();
    const check = line(/^kuma-inject check -f k8s\//);
    const fix = line(/^kuma-inject -f k8s\/ --in-place/);
    const pipe = line(/^set -o pipefail; kuma-inject -f k8s\/ \|/);
    const env = envWithKumaInject();
    // --norc: bash -c reads ~/.bashrc when its stdin is a socket (a pipe of node's) and SHLVL is unset.
    const bash = (command: string) => sh('bash', ['--norc', '-c', command], { cwd: repo, env });
    const stale = bash(check);
    assert.equal(stale.status, 3, explain(check, stale));
    assert.ok(existsSync(join(repo, 'kuma-inject.sarif')));
    assert.equal(bash(fix).status, 0);
    assert.equal(bash(check).status, 0);
    // kubectl apply needs a cluster: a stand-in that counts what it is given.
    const failing = pipe.replace('kubectl apply -f -', 'wc -c').replace('-f k8s/', '-f k8s/ --fail-on warning');
    const ran = bash(failing);
    assert.equal(ran.status, 1, explain(failing, ran));
    assert.equal(ran.stdout.trim(), '0');
  });
});
