/**
 * The release table is the only list of versions: the settings schema, the flag help, the Argo CD
 * parameter, the docs tables and the conformance loops must name exactly its records, and a
 * preview record must announce itself on every run.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { settingsSchema } from '../../src/config/settings-schema.ts';
import { SETTING_FLAGS } from '../../src/cli/setting-flags.ts';
import { DEFAULT_VERSION, VERSION_PROFILES, VERSIONS, previewWarning } from '../../src/config/releases.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import { resolveSettings } from '../../src/config/resolve.ts';
import type { KubeObject } from '../../src/core/types.ts';

const repo = new URL('../../', import.meta.url);
const text = (path: string): string => readFileSync(new URL(path, repo), 'utf8');

const fnConfig = (body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'fn.kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'c' },
  ...body,
});

describe('release table', () => {
  test('versions are unique and the default is a release', () => {
    assert.equal(new Set(VERSIONS).size, VERSIONS.length);
    assert.equal(VERSION_PROFILES.find((p) => p.version === DEFAULT_VERSION)?.provenance.kind, 'release');
  });

  test('the schema enum and the --version help name exactly the table', () => {
    assert.deepEqual((settingsSchema.properties.version as { enum: readonly string[] }).enum, [...VERSIONS]);
    const flag = SETTING_FLAGS.find((f) => f.flag === 'version');
    assert.equal(flag?.metavar, VERSIONS.join('|'));
  });

  test('Argo CD parameter, fn-config comment and both docs tables name every version', () => {
    const plugin = text('functions/kuma-inject/argocd/plugin.yaml');
    const title = /- name: version\n\s+title: (.*)\n/.exec(plugin)?.[1] ?? '';
    const fn = text('functions/kuma-inject/fn-config.yaml');
    const fnReadme = text('functions/kuma-inject/README.md');
    for (const p of VERSION_PROFILES) {
      assert.ok(title.includes(p.version), `plugin.yaml version title lacks ${p.version}: ${title}`);
      assert.ok(fn.includes(p.version), `fn-config.yaml lacks ${p.version}`);
      assert.match(
        fnReadme,
        new RegExp(`^\\| \`${p.version.replace('.', '\\.')}\`( \\(default\\))? \\| .*${p.imageTag.replace(/\./g, '\\.')}`, 'm'),
        `function README version table lacks ${p.version}`,
      );
    }
    assert.equal(
      (fnReadme.match(/^\| `[0-9][^`]*`( \(default\))? \| (release|preview)/gm) ?? []).length,
      VERSION_PROFILES.length,
      'one table row per record',
    );
  });

  test('every profile builds valid defaults with its own image tag and capabilities', () => {
    for (const p of VERSION_PROFILES) {
      const s = defaultSettings('kuma', p.version);
      assert.equal(s.release.name, p.version);
      assert.deepEqual(s.release.injector, p.injector);
      assert.ok(s.injector.sidecarContainer.image.endsWith(`:${p.imageTag}`));
      assert.ok(s.injector.initContainer.image.endsWith(`:${p.imageTag}`));
    }
  });

  test('a preview version warns on every run, naming its commit; releases do not', () => {
    for (const p of VERSION_PROFILES) {
      const resolved = resolveSettings({ items: [], functionConfig: fnConfig({ version: p.version }) });
      assert.ok(resolved.ok);
      const warnings = resolved.results.filter((r) => r.severity === 'warning' && r.field?.path === 'version');
      if (p.provenance.kind === 'preview') {
        assert.equal(warnings.length, 1);
        assert.equal(warnings[0]!.tags?.['code'], 'KI0112');
        assert.ok(warnings[0]!.message.includes(p.provenance.commit.slice(0, 7)), warnings[0]!.message);
        assert.ok(warnings[0]!.message.includes('not a release'));
      } else {
        assert.equal(previewWarning(p), undefined);
        assert.deepEqual(warnings, []);
      }
    }
  });

  test('the version never leaks into settings as a name the core could compare', () => {
    const resolved = resolveSettings({ items: [], functionConfig: fnConfig({ version: '2.13' }) });
    assert.ok(resolved.ok);
    assert.equal('version' in resolved.settings, false);
    assert.equal(resolved.settings.release.name, '2.13');
    assert.equal(resolved.settings.release.injector.otelPipe, false);
  });

  test('src/core compares no version strings', () => {
    const run = spawnSync('grep', ['-rnE', `(===|!==) *'[0-9]+\\.[0-9]+`, 'src/core'], { cwd: repo, encoding: 'utf8' });
    assert.equal(run.status, 1, `grep found version comparisons (or failed): ${run.stdout}${run.stderr}`);
  });
});
