/**
 * Check B of ../shared/conformance/kuma-2.14/cp-config (README "Runnable checks" (i), step 3): for
 * each of the 45 helm-render cases, the injector settings kuma-cp computes from the install rendered
 * out of the values (without Helm) equal those computed from the upstream golden bundle: the 83
 * effective keys with their sources, the derived values (CP URL, CA source, ...), the settings body,
 * and "no injector" where the control plane registers none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/core/types.ts';
import { renderControlPlane } from '../../src/core/cp-config/helm/render.ts';
import { installFromHelmRender } from '../../src/core/cp-config/helm/render-install.ts';
import { settingsFromInstall } from '../../src/core/cp-config/settings.ts';
import { controlPlaneInstall, installLookups } from '../../src/config/control-plane-install.ts';
import { versionProfile } from '../../src/config/releases.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { CASES_DIR, caseValues, readHelmRenderCases } from './cp-helm-cases.ts';
import { yamlFileDocuments } from './yaml-files.ts';

const PROFILE = versionProfile('2.14');

function bundle(path: string): KubeObject[] {
  return yamlFileDocuments(path).filter((o): o is KubeObject => o !== null);
}

/** What both sides must agree on; findings are worded per source (Deployment vs values) and left out. */
function comparable(outcome: ReturnType<typeof settingsFromInstall>): unknown {
  if (!outcome.ok) return { ok: false };
  return JSON.parse(
    JSON.stringify({
      injectorActive: outcome.injectorActive,
      effective: outcome.effective,
      sources: outcome.sources,
      derived: outcome.derived,
      settings: outcome.settings,
    }),
  );
}

test('helm-render cases, Check B: settings derived from the values equal settings derived from the rendered golden', () => {
  assert.ok(PROFILE.helmChart !== undefined);
  const { cases, counts } = readHelmRenderCases();
  assert.ok(cases.length > 0, 'no helm-render case found');
  let pass = 0;
  let inactive = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const golden = bundle(`${CASES_DIR}${c.golden}`);
    const fromGolden = controlPlaneInstall(golden, [], c.release.namespace, '', PROFILE.cpConfig, readYamlNode);
    const render = renderControlPlane({ chart: PROFILE.helmChart.kuma, values: caseValues(c), namespace: c.release.namespace });
    if (!render.ok) {
      failures.push(`${c.id}: render failed: ${render.error}`);
      continue;
    }
    const install = installFromHelmRender(render.render, 'the case values', [c.id]);
    const fromValues = settingsFromInstall(install, installLookups([], [], readYamlNode), PROFILE.cpConfig);
    try {
      assert.equal(fromGolden.kind, 'chosen', `${c.id}: no install found in the golden`);
      if (fromGolden.kind !== 'chosen') continue;
      assert.deepEqual(comparable(fromValues), comparable(fromGolden.outcome), `${c.id}: settings`);
      assert.ok(fromValues.ok, `${c.id}: kuma-cp would not start`);
      assert.equal(fromValues.injectorActive, c.expect.injectorActive, `${c.id}: injectorActive`);
      if (!fromValues.injectorActive) {
        inactive += 1;
        assert.deepEqual(fromValues.settings, {}, `${c.id}: no injector, no settings`);
      }
      pass += 1;
    } catch (error) {
      failures.push((error as Error).message.split('\n').slice(0, 30).join('\n'));
    }
  }
  console.log(
    `kuma-2.14 cp-config helm-render Check B (settings from values = from golden): ${pass}/${cases.length} (${inactive} report no injector)`,
  );
  assert.deepEqual(failures, []);
  assert.equal(inactive, counts.cases - counts.injectorActive);
});
