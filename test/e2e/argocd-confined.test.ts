import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, type Ran } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';
import { simulateGenerate } from './argocd-simulation.ts';

/** What a file outside the checkout holds: it must never appear in any output. */
const SECRET = 'SECRET-CONTENT-7f3a';
const SECRET_TEXT = `${SECRET}-root:x:0:0\n--product\n${SECRET}-line-3: [unclosed\n`;

interface Sandbox {
  base: string;
  checkout: string;
  app: string;
  secret: string;
  secretDir: string;
}

/**
 * An Argo CD checkout (`checkout/`, app `apps/shop`, a copy of the example package with its own
 * settings file) next to a folder it must not read (`elsewhere/`, holding the secret).
 */
function sandbox(): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'argocd-confined-'));
  const checkout = join(base, 'checkout');
  const app = join(checkout, 'apps', 'shop');
  cpSync(join(REPO, 'example'), app, { recursive: true });
  const secretDir = join(base, 'elsewhere');
  mkdirSync(secretDir);
  const secret = join(secretDir, 'secret.txt');
  writeFileSync(secret, SECRET_TEXT);
  writeFileSync(
    join(secretDir, 'secret.yaml'),
    `apiVersion: v1\nkind: Secret\nmetadata: {name: ${SECRET.toLowerCase()}, namespace: shop}\nstringData: {token: ${SECRET}}\n`,
  );
  return { base, checkout, app, secret, secretDir };
}

function generate(s: Sandbox, env: NodeJS.ProcessEnv = {}, args: string[] = []): Ran {
  return kumaInject(['argocd-generate', ...args], {
    cwd: s.app,
    env: { PATH: process.env['PATH'] ?? '', ARGOCD_APP_SOURCE_PATH: 'apps/shop', ...env },
  });
}

function appendSettings(s: Sandbox, lines: string): void {
  const file = join(s.app, 'kuma-inject.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}${lines}`);
}

/** A refusal: exit 2, nothing on stdout, the setting named, nothing of the secret anywhere. */
function assertRefused(ran: Ran, setting: RegExp): void {
  assert.equal(ran.status, 2, ran.stderr);
  assert.equal(ran.stdout, '');
  assert.match(ran.stderr, setting);
  assert.ok(!ran.stderr.includes(SECRET) && !ran.stdout.includes(SECRET), `the file's content leaked:\n${ran.stderr}`);
  assert.ok(!ran.stderr.includes('root:x'), ran.stderr);
}

describe('argocd-generate (the built bundle): every file the repository or the Application names stays inside the checkout', () => {
  const references: { what: string; name: (s: Sandbox) => string }[] = [
    { what: 'an absolute path', name: (s) => s.secret },
    { what: 'a relative path out of the checkout', name: () => '../../../elsewhere/secret.txt' },
    {
      what: 'a symlink in the repository to a file outside',
      name: (s) => {
        symlinkSync(s.secret, join(s.app, 'args.txt'));
        return 'args.txt';
      },
    },
    {
      what: 'a path through a symlinked folder that leads outside',
      name: (s) => {
        symlinkSync(s.secretDir, join(s.checkout, 'shared'));
        return '../../shared/secret.txt';
      },
    },
    {
      what: 'a symlink chain (inside link to an inside link to outside)',
      name: (s) => {
        symlinkSync(s.secret, join(s.checkout, 'hop'));
        symlinkSync(join(s.checkout, 'hop'), join(s.app, 'args.txt'));
        return 'args.txt';
      },
    },
    {
      what: 'a dangling symlink',
      name: (s) => {
        symlinkSync(join(s.secretDir, 'missing.txt'), join(s.app, 'args.txt'));
        return 'args.txt';
      },
    },
  ];
  for (const { what, name } of references) {
    test(`argsFromFile: ${what}`, () => {
      const s = sandbox();
      appendSettings(s, `argsFromFile: ${JSON.stringify(name(s))}\n`);
      assertRefused(generate(s), /argsFromFile/);
    });
    test(`PARAM_CONFIG: ${what}`, () => {
      const s = sandbox();
      assertRefused(generate(s, { PARAM_CONFIG: name(s) }), /PARAM_CONFIG/);
    });
    test(`ARGOCD_ENV_CONFIG: ${what}`, () => {
      const s = sandbox();
      assertRefused(generate(s, { ARGOCD_ENV_CONFIG: name(s) }), /ARGOCD_ENV_CONFIG/);
    });
    test(`--config: ${what}`, () => {
      const s = sandbox();
      assertRefused(generate(s, {}, ['--config', name(s)]), /--config/);
    });
    test(`Kptfile configPath: ${what}`, () => {
      const s = sandbox();
      const target = name(s);
      // Without kuma-inject.yaml the Kptfile's kuma-inject mutator gives the settings.
      rmSync(join(s.app, 'kuma-inject.yaml'));
      writeFileSync(
        join(s.app, 'Kptfile'),
        `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: shop}\npipeline:\n  mutators:\n    - exec: kuma-inject\n      configPath: ${JSON.stringify(target)}\n`,
      );
      assertRefused(generate(s), /configPath/);
    });
  }

  test("the app's kuma-inject.yaml, a Kptfile and a manifest that are symlinks out of the checkout are refused", () => {
    for (const [file, setting] of [
      ['kuma-inject.yaml', /kuma-inject\.yaml/],
      ['Kptfile', /Kptfile/],
      ['stolen.yaml', /manifest stolen\.yaml/],
    ] as const) {
      const s = sandbox();
      // Without the app's own settings file the Kptfile is read; a stolen manifest is read either way.
      if (file !== 'stolen.yaml') rmSync(join(s.app, 'kuma-inject.yaml'));
      symlinkSync(file === 'stolen.yaml' ? join(s.secretDir, 'secret.yaml') : s.secret, join(s.app, file));
      const ran = generate(s);
      assert.notEqual(ran.status, 0, `${file}: ${ran.stderr}`);
      assert.equal(ran.stdout, '', file);
      assert.match(ran.stderr, setting);
      assert.ok(!ran.stderr.includes(SECRET), `${file}: ${ran.stderr}`);
    }
  });

  test('files elsewhere inside the checkout, and symlinks that stay inside it, are read', () => {
    const s = sandbox();
    mkdirSync(join(s.checkout, 'common'));
    writeFileSync(join(s.checkout, 'common', 'args.txt'), '--version\n2.13\n');
    symlinkSync(join(s.checkout, 'common', 'args.txt'), join(s.app, 'linked-args.txt'));
    appendSettings(s, 'argsFromFile: linked-args.txt\n');
    const ran = generate(s);
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /kuma-dp:2\.13\./);
    const viaParent = sandbox();
    mkdirSync(join(viaParent.checkout, 'common'));
    cpSync(join(viaParent.app, 'kuma-inject.yaml'), join(viaParent.checkout, 'common', 'settings.yaml'));
    const param = generate(viaParent, { PARAM_CONFIG: '../../common/settings.yaml' });
    assert.equal(param.status, 0, param.stderr);
  });

  test('without ARGOCD_APP_SOURCE_PATH (run by hand) the app directory is the root', () => {
    const s = sandbox();
    mkdirSync(join(s.checkout, 'common'));
    writeFileSync(join(s.checkout, 'common', 'args.txt'), '--version\n2.13\n');
    appendSettings(s, 'argsFromFile: ../../common/args.txt\n');
    assertRefused(generate(s, { ARGOCD_APP_SOURCE_PATH: '' }), /argsFromFile/);
  });

  test('a file inside the checkout is not quoted either: a bad flag or a YAML error is named by its line and column', () => {
    const s = sandbox();
    writeFileSync(join(s.app, 'args.txt'), `--version\n2.13\n--${SECRET}\n`);
    appendSettings(s, 'argsFromFile: args.txt\n');
    const flags = generate(s);
    assertRefused(flags, /argsFromFile args\.txt, line 3/);
    const bad = sandbox();
    writeFileSync(join(bad.app, 'settings.yaml'), `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nproduct: [${SECRET}\n`);
    assertRefused(generate(bad, { PARAM_CONFIG: 'settings.yaml' }), /PARAM_CONFIG\).*line \d+, column \d+/);
  });

  test('under the Argo CD simulation (repository tarred and unpacked like argocd-cmp-server does): argsFromFile naming an absolute path', () => {
    const s = sandbox();
    appendSettings(s, `argsFromFile: ${s.secret}\n`);
    const { ran } = simulateGenerate(s.checkout, 'apps/shop');
    assert.notEqual(ran.status, 0);
    assert.match(ran.stderr, /argsFromFile/);
    assert.ok(!ran.stderr.includes(SECRET) && !ran.stdout.includes(SECRET), ran.stderr);
  });
});
