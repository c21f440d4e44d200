/**
 * The chart values the product embeds (src/config/helm-charts/*.values.ts) are the staged upstream
 * values.yaml files read as Helm reads them, and those files are the upstream blobs named in the
 * data's provenance. Regenerate with: node --import tsx scripts/gen-chart-values.mjs
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHART_SOURCES } from '../../src/config/helm-charts/sources.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { valuesFromYaml } from '../../src/core/cp-config/helm/values.ts';
import { VERSION_PROFILES } from '../../src/config/releases.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';

test('each embedded chart values module equals its staged upstream values.yaml, whose git blob id is the one recorded', async () => {
  assert.ok(CHART_SOURCES.length > 0);
  for (const source of CHART_SOURCES) {
    const bytes = readFileSync(fileURLToPath(new URL(source.stagedValues, CONFORMANCE)));
    const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    assert.equal(blob, source.blob, `${source.stagedValues} is not upstream blob ${source.blob}`);
    const node = readYamlNode(bytes.toString('utf8'));
    assert.ok(node.ok);
    const staged = valuesFromYaml(node.node);
    assert.ok(staged.ok);
    const embedded = (await import(`../../src/config/helm-charts/${source.file}`)) as { VALUES: unknown };
    assert.deepEqual(embedded.VALUES, staged.values, `${source.file} differs from ${source.stagedValues}: regenerate it`);
    assert.match(
      readFileSync(fileURLToPath(new URL(`../../src/config/helm-charts/${source.file}`, import.meta.url)), 'utf8'),
      new RegExp(`${source.tag}[\\s\\S]*${source.blob}`),
    );
  }
});

test("every release record with a chart names a chart whose version and appVersion are the release's image tag", () => {
  const withChart = VERSION_PROFILES.filter((p) => p.helmChart !== undefined);
  assert.ok(withChart.length >= 2);
  for (const profile of withChart) {
    assert.equal(profile.helmChart?.kuma.appVersion, profile.imageTag, profile.version);
    assert.equal(profile.helmChart?.kuma.version, profile.imageTag, profile.version);
  }
});
