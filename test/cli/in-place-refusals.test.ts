import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from './cli-run.ts';

// The refusal names the file and says what to do, in one sentence: it once cut the first letters
// of the reason ("leak.yaml: s a symbolic link") and told the user to fix permissions.
test('--in-place refuses to write through a symbolic link, saying so whole, and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-in-place-link-'));
  mkdirSync(join(dir, 'pkg', '.kept'), { recursive: true });
  cpSync(join(REPO, 'example', 'namespace.yaml'), join(dir, 'pkg', 'namespace.yaml'));
  cpSync(join(REPO, 'example', 'container-patch.yaml'), join(dir, 'pkg', 'container-patch.yaml'));
  cpSync(join(REPO, 'example', 'web.yaml'), join(dir, 'pkg', '.kept', 'web.yaml'));
  symlinkSync(join('.kept', 'web.yaml'), join(dir, 'pkg', 'web.yaml'));
  const before = readFileSync(join(dir, 'pkg', '.kept', 'web.yaml'), 'utf8');
  const r = await runCli(['-f', 'pkg', '--in-place', '--previews', 'off'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^kuma-inject: --in-place: pkg\/web\.yaml is a symbolic link: kuma-inject does not write through one; replace the link by the file\. Nothing was written\.$/m,
  );
  assert.equal(readFileSync(join(dir, 'pkg', '.kept', 'web.yaml'), 'utf8'), before);
});
