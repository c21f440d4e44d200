/**
 * The committed Container validator is what scripts/gen-container-schema.mjs makes from the pinned
 * kubernetes-models, and the schema has the properties the validation relies on. kubernetes-models
 * is not a project dependency (it declares Node >= 22): the test installs the generator's pinned
 * input (scripts/container-schema/package-lock.json) into a temporary folder, as
 * `npm run gen:container-schema` does into scripts/container-schema/.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const generated = fileURLToPath(new URL('../../../src/core/container-patch/generated/', import.meta.url));
const script = fileURLToPath(new URL('../../../scripts/gen-container-schema.mjs', import.meta.url));
const input = fileURLToPath(new URL('../../../scripts/container-schema/', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));

/**
 * The generator's pinned input installed; its node_modules folder. An install is kept under
 * node_modules/.cache, named by the lockfile's hash, so later runs reuse it instead of running
 * npm ci again (the lockfile pins every byte, so the same hash is the same install).
 */
function installSchemaInput(): string {
  const lock = readFileSync(join(input, 'package-lock.json'));
  const kept = join(cacheDir, `container-schema-${createHash('sha256').update(lock).digest('hex').slice(0, 16)}`);
  if (existsSync(join(kept, 'node_modules', 'kubernetes-models', 'package.json'))) return join(kept, 'node_modules');
  // Installed beside where it is kept: the rename that keeps it must stay on one file system
  // (the run's temporary folder may be in memory).
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(`${kept}.partial-`);
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(input, file), join(dir, file));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // --prefer-offline: the npm cache usually has it; the registry is asked only when it does not.
    const run = spawnSync(npm, ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(run.status, 0, `npm ci of scripts/container-schema failed:\n${run.stderr}`);
    // Another run may have kept the same install meanwhile: then this one is dropped.
    if (!existsSync(kept)) renameSync(dir, kept);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return join(kept, 'node_modules');
}

type Node = {
  type?: string | string[];
  properties?: Record<string, Node>;
  $ref?: string;
  additionalProperties?: Node | boolean;
  required?: string[];
  enum?: string[];
  items?: Node;
};

describe('generated Container schema', () => {
  test('regenerating gives the committed files byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'container-schema-'));
    try {
      const modules = installSchemaInput();
      const run = spawnSync(process.execPath, [script, dir], {
        encoding: 'utf8',
        env: { ...process.env, KUMA_INJECT_SCHEMA_INPUT: modules },
      });
      assert.equal(run.status, 0, run.stderr);
      const files = readdirSync(dir).sort();
      assert.deepEqual(files, ['container-schema.json', 'container-validator.d.ts', 'container-validator.js']);
      for (const file of files) {
        assert.equal(
          readFileSync(join(dir, file), 'utf8'),
          readFileSync(join(generated, file), 'utf8'),
          `${file} is stale: run node scripts/gen-container-schema.mjs`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('objects are closed, with the OpenAPI required fields, enums and integer types', () => {
    const schema = JSON.parse(readFileSync(join(generated, 'container-schema.json'), 'utf8')) as {
      $ref: string;
      $defs: Record<string, Node>;
    };
    const defs = schema.$defs;
    assert.equal(schema.$ref, '#/$defs/IoK8sApiCoreV1Container');
    for (const [name, def] of Object.entries(defs)) assert.equal(def.additionalProperties, false, name);
    const container = defs['IoK8sApiCoreV1Container']!;
    assert.deepEqual(container.required, ['name']);
    // Fields of recent Kubernetes releases (native sidecars need restartPolicy, 1.28+).
    for (const field of ['restartPolicy', 'resizePolicy', 'restartPolicyRules']) assert.ok(container.properties![field], field);
    assert.deepEqual(defs['IoK8sApiCoreV1ContainerPort']!.properties!['containerPort'], { type: 'integer' });
    assert.deepEqual(defs['IoK8sApiCoreV1SeccompProfile']!.properties!['type']!.enum, ['Localhost', 'RuntimeDefault', 'Unconfined']);
    assert.deepEqual(defs['IoK8sApiCoreV1HTTPGetAction']!.properties!['port'], { type: ['integer', 'string'] });
    assert.deepEqual(defs['IoK8sApiCoreV1ResourceRequirements']!.properties!['limits']!.additionalProperties, {
      type: ['number', 'string'],
    });
  });
});
