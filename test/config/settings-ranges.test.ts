import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsSchema } from '../../src/config/settings-schema.ts';
import { controlPlaneAddressProblem, validateSettings } from '../../src/config/validate-settings.ts';

/**
 * Every numeric setting of the schema has a valid range, and a value outside it is an error naming
 * the field and the range (found by walking the schema, so a new numeric setting is covered too);
 * controlPlane.address must be what kuma-dp can connect to.
 */
type Node = {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  additionalProperties?: unknown;
};

function numericLeaves(node: Node, path: string[], out: { path: string[]; node: Node; inArray: boolean }[], inArray = false): void {
  if (node.type === 'integer' || node.type === 'number') out.push({ path, node, inArray });
  for (const [key, child] of Object.entries(node.properties ?? {})) numericLeaves(child, [...path, key], out, inArray);
  if (node.items !== undefined) numericLeaves(node.items, path, out, true);
  for (const alternative of node.anyOf ?? []) numericLeaves(alternative, path, out, inArray);
}

function bodyAt(path: readonly string[], value: unknown, inArray: boolean): Record<string, unknown> {
  let body: unknown = inArray ? [value] : value;
  for (const key of [...path].reverse()) body = { [key]: body };
  return body as Record<string, unknown>;
}

const leaves: { path: string[]; node: Node; inArray: boolean }[] = [];
numericLeaves(settingsSchema as unknown as Node, [], leaves);

describe('numeric settings: every one has a range, and values outside it are errors naming the field and the range', () => {
  test('the schema has numeric settings, each bounded on both sides', () => {
    assert.ok(leaves.length >= 20, `found ${leaves.length}`);
    for (const { path, node } of leaves) {
      assert.equal(typeof node.minimum, 'number', `${path.join('.')} has no minimum`);
      assert.equal(typeof node.maximum, 'number', `${path.join('.')} has no maximum`);
      assert.ok((node.maximum as number) <= Number.MAX_SAFE_INTEGER, `${path.join('.')}: maximum beyond what a number holds exactly`);
    }
  });

  for (const { path, node, inArray } of leaves) {
    const name = path.join('.');
    test(name, () => {
      const min = node.minimum as number;
      const max = node.maximum as number;
      for (const ok of [min, max]) assert.deepEqual(validateSettings(bodyAt(path, ok, inArray)), [], `${name}: ${ok} is valid`);
      for (const bad of [max + 1, min - 1, 1e300, -1e300]) {
        const problems = validateSettings(bodyAt(path, bad, inArray));
        // A quantity may also be a string; the number branch still names its range.
        const ranged = problems.find((p) => /must be an? (integer|number) from -?\d+ to \d+ \(got /.test(p.message));
        assert.ok(ranged, `${name}: ${bad} refused with the range: ${JSON.stringify(problems)}`);
        assert.equal(ranged.path.replace(/\.0$/, ''), name);
        assert.match(ranged.message, new RegExp(`from ${min} to ${max} \\(got ${JSON.stringify(bad).replace(/[+.]/g, '\\$&')}`));
      }
      if (node.type === 'integer')
        assert.ok(validateSettings(bodyAt(path, min + 0.5, inArray)).length > 0, `${name}: a fraction is refused`);
    });
  }
});

describe('controlPlane.address', () => {
  const valid = [
    'https://kong-mesh-control-plane.kong-mesh-system:5678',
    'https://kuma-control-plane.kuma-system:5678',
    'http://10.0.0.1:5681',
    'https://[fd00::1]:5678/',
    'HTTPS://CP.example.com',
    'https://cp.example.com/path',
  ];
  const invalid: Record<string, RegExp> = {
    'not a url': /is not an absolute URL \(got "not a url", no scheme\)/,
    'kuma-control-plane.kuma-system:5678': /has scheme "kuma-control-plane\.kuma-system"/,
    '/relative/path': /is not an absolute URL/,
    'grpc://cp:5678': /has scheme "grpc"/,
    'ftp://cp': /has scheme "ftp"/,
    'https:cp:5678': /has no host/,
    'https://': /is not a valid URL|has no host/,
    'https://cp:0': /has port "0".*from 1 to 65535/,
    'https://cp:65536': /has port "65536"/,
    'https://cp:port': /has port "port"/,
    'https://c p:5678': /contains whitespace/,
    'https://cp:5678 ': /contains whitespace/,
  };
  test('valid addresses pass', () => {
    for (const address of valid) assert.equal(controlPlaneAddressProblem(address), undefined, address);
  });
  for (const [address, why] of Object.entries(invalid)) {
    test(`${JSON.stringify(address)} is an error naming controlPlane.address and the form`, () => {
      const problems = validateSettings({ controlPlane: { address } });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.path, 'controlPlane.address');
      assert.match(problems[0]?.message ?? '', why);
    });
  }
});
