/**
 * Kuma 2.14 outbound ResourceRules (Tier B projection), from upstream
 * `rules/outbound/resourcerules_test.go`: every input under every meta context of contexts.yaml;
 * compared per destination key (the KRI with port section) by the ordered origins
 * (policy name, to-item index). Merged confs (Tier C) are not compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { applyContext, asPolicy, destinationIndex, metaOf, readDocs, type Contexts, type Doc } from './rest-format.ts';

const ROOT = fileURLToPath(new URL('kuma-2.14/policies/', CONFORMANCE));
const DIR = `${ROOT}rules-outbound/resourcerules/`;

test('kuma-2.14 policies rules-outbound resourcerules: destinations and their ordered origins, every context', () => {
  const contexts = readDocs(`${ROOT}contexts.yaml`)[0] as unknown as Contexts & {
    rulesOutboundResourceRules: { contexts: { golden: string; meta: string }[] };
  };
  const cases = readdirSync(DIR)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
  const failures: string[] = [];
  let runs = 0;
  for (const c of cases) {
    for (const ctx of contexts.rulesOutboundResourceRules.contexts) {
      const golden = `${DIR}${c}/${ctx.golden}.golden.yaml`;
      assert.ok(existsSync(golden), `missing ${golden}`);
      runs++;
      const docs = readDocs(`${DIR}${c}.input.yaml`);
      const metaFor = (d: Doc) => (d['type'] === 'Mesh' ? metaOf(d) : applyContext(ctx.meta, contexts, metaOf(d)));
      const meshes = new Set(docs.filter((d) => d['type'] === 'Mesh').map((d) => String(d['name'])));
      const destinations = destinationIndex(docs, metaFor);
      const policies = docs.filter((d) => String(d['name'] ?? '').startsWith('matched-for-rules-')).map((d) => asPolicy(d, metaFor(d)));
      const entries = policies.flatMap((policy) =>
        (Array.isArray(policy.spec['to']) ? (policy.spec['to'] as Doc[]) : []).map((item, index) => ({
          policy,
          index,
          ref: readTargetRef(item?.['targetRef']) ?? { kind: '' },
          data: undefined,
        })),
      );
      const rules = resourceRules(entries, destinations, (mesh) => meshes.has(mesh));
      const got = Object.fromEntries([...rules].map(([key, rule]) => [key, rule.entries.map((e) => [e.policy.meta.name, e.index])]));
      const want = Object.fromEntries(
        Object.entries((readDocs(golden)[0] ?? {}) as Record<string, { Origin?: { Resource: { Name: string }; RuleIndex: number }[] }>).map(
          ([key, rule]) => [key, (rule.Origin ?? []).map((o) => [o.Resource.Name, o.RuleIndex])],
        ),
      );
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${c}/${ctx.golden}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
      }
    }
  }
  console.log(`kuma-2.14 policies rules-outbound resourcerules: ${runs - failures.length}/${runs}`);
  if (failures.length > 0) console.log(failures.slice(0, 8).join('\n'));
  assert.ok(runs > 0, `no case in ${DIR}`);
  assert.deepEqual(failures, []);
});
