import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { injectorSchema } from '../../../src/config/injector-schema.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import { allZeroInjectorConfig } from './upstream-harness.ts';
import { PRODUCTS } from '../../../src/core/settings.ts';
import { VERSIONS } from '../../../src/config/releases.ts';

// Same options as the build-time settings validator (strict, no union types).
const validate = new Ajv({ allErrors: true, strict: true }).compile(injectorSchema);

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: unknown };

/** Paths of the fixed-key objects of a config value (free-form maps stop the walk). */
function keyPaths(value: unknown, schema: SchemaNode, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || schema.properties === undefined) return [];
  return Object.entries(value).flatMap(([key, member]) => [
    `${prefix}${key}`,
    ...keyPaths(member, schema.properties?.[key] ?? {}, `${prefix}${key}.`),
  ]);
}

function schemaPaths(schema: SchemaNode, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, member]) => [
    `${prefix}${key}`,
    ...schemaPaths(member, `${prefix}${key}.`),
  ]);
}

describe('injector schema', () => {
  test('names exactly the keys of InjectorConfig', () => {
    const config = defaultSettings('kuma', '2.14').injector;
    assert.deepEqual(schemaPaths(injectorSchema as SchemaNode).sort(), keyPaths(config, injectorSchema as SchemaNode).sort());
  });

  for (const product of PRODUCTS) {
    for (const version of VERSIONS) {
      test(`accepts the ${product} ${version} profile defaults`, () => {
        assert.equal(validate(defaultSettings(product, version).injector), true, JSON.stringify(validate.errors));
      });
    }
  }

  test('accepts an empty section and YAML numbers as quantities', () => {
    assert.equal(validate({}), true);
    assert.equal(validate({ sidecarContainer: { resources: { limits: { cpu: 2, memory: '1Gi' } } } }), true);
  });

  test('rejects unknown keys at every level', () => {
    for (const bad of [
      { nope: 1 },
      { sidecarContainer: { nope: 1 } },
      { sidecarContainer: { resources: { limits: { gpu: '1' } } } },
      { spire: { socketFileName: 's' } },
    ]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
    }
  });

  test('rejects wrong types and values kuma-cp refuses', () => {
    const bad: unknown[] = [
      { cniEnabled: 'yes' },
      { applicationProbeProxyPort: 70000 },
      { sidecarContainer: { ipFamilyMode: 'ipv6' } },
      { sidecarContainer: { drainTime: '-5s' } },
      { sidecarContainer: { resources: { requests: { cpu: 'lots' } } } },
      { sidecarTraffic: { excludeInboundPorts: ['80'] } },
      { exceptions: { labels: { a: 1 } } },
    ];
    for (const value of bad) assert.equal(validate(value), false, JSON.stringify(value));
  });

  test('every key carries a description', () => {
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string): void => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, member] of Object.entries(props ?? {})) {
        if (typeof member.description !== 'string' || member.description === '') missing.push(`${path}${key}`);
        walk(member, `${path}${key}.`);
      }
    };
    walk(injectorSchema as unknown as Record<string, unknown>, '');
    assert.deepEqual(missing, []);
  });

  test('the all-zero harness config has the same shape as the profiles', () => {
    assert.deepEqual(
      keyPaths(allZeroInjectorConfig(), injectorSchema as SchemaNode).sort(),
      schemaPaths(injectorSchema as SchemaNode).sort(),
    );
  });
});
