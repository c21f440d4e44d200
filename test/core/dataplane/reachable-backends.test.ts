/**
 * `kuma.io/reachable-backends` read as kuma-cp v2.14.3 reads it: sigs.k8s.io/yaml.Unmarshal into
 * ReachableBackendRefs{Refs []*ReachableBackendRef} with fields Kind string, Name/Namespace *string,
 * Port *uint32, Labels map[string]string (pod_converter.go). The expected values follow from that
 * library chain, each case says which rule gives it:
 * - go-yaml v2 types plain scalars by YAML 1.1 (yes/no/on/off/y/n booleans; ~, null, empty null;
 *   ints via strconv.ParseInt(s, 0, 64) after dropping `_`, so 0x, 0o, 0b and leading-0 octal;
 *   floats by its yamlStyleFloat pattern); quoted and block scalars are strings;
 * - sigs.k8s.io/yaml turns an int/float/bool headed for a string field (or a labels value, or any
 *   map key) into text (floats with FormatFloat(v, 'g', -1, 32));
 * - encoding/json then decodes with case-insensitive keys, ignores unknown ones, and refuses a
 *   JSON type the field cannot hold (a string for the port, a fraction, a negative, > 2^32-1).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reachableBackendsFor, reachableBackendsViolations } from '../../../src/core/dataplane/reachable-backends.ts';
import { ConversionError } from '../../../src/core/dataplane/conversion-error.ts';
import { readYamlNode } from '../../../src/krm/yaml-node-reader.ts';
import { transparentProxyingFor } from '../../../src/core/dataplane/transparent-proxying.ts';
import { processInput } from '../../../src/krm/process.ts';
import { streamHost } from '../../../src/krm/host-profile.ts';
import { load } from 'js-yaml';

type Case = [what: string, text: string, expected: object];

const read = (text: string): object => reachableBackendsFor(text, readYamlNode);

function check(cases: Case[]): void {
  for (const [what, text, expected] of cases) {
    test(what, () => assert.deepEqual(read(text), expected, JSON.stringify(text)));
  }
}

const INVALID = /^cannot parse, kuma\.io\/reachable-backends has invalid format \(.+\)$/;

function refuse(cases: [what: string, text: string, why: RegExp][]): void {
  for (const [what, text, why] of cases) {
    test(what, () =>
      assert.throws(
        () => read(text),
        (e: unknown) => e instanceof ConversionError && INVALID.test(e.message) && why.test(e.message),
        JSON.stringify(text),
      ),
    );
  }
}

describe('reachable-backends: layouts', () => {
  check([
    [
      'block style (the documented form)',
      'refs:\n- kind: MeshService\n  name: demo-app\n  namespace: kuma-demo\n  port: 5000\n',
      { refs: [{ kind: 'MeshService', name: 'demo-app', namespace: 'kuma-demo', port: 5000 }] },
    ],
    [
      'indented block sequence with comments',
      'refs:   # backends\n  - kind: MeshService  # one\n    name: a\n',
      { refs: [{ kind: 'MeshService', name: 'a' }] },
    ],
    ['one-line JSON', '{"refs":[{"kind":"MeshService","name":"a","port":80}]}', { refs: [{ kind: 'MeshService', name: 'a', port: 80 }] }],
    [
      'multi-line JSON, as a formatter writes it',
      '{\n  "refs": [\n    {\n      "kind": "MeshService",\n      "name": "a",\n      "labels": {"k": "v"}\n    }\n  ]\n}\n',
      { refs: [{ kind: 'MeshService', name: 'a', labels: { k: 'v' } }] },
    ],
    [
      'multi-line flow style',
      'refs: [\n  {kind: MeshService,\n   name: a},\n  {kind: MeshExternalService, name: b}\n]',
      {
        refs: [
          { kind: 'MeshService', name: 'a' },
          { kind: 'MeshExternalService', name: 'b' },
        ],
      },
    ],
    [
      'a literal block scalar keeps its newlines',
      'refs:\n- kind: MeshService\n  name: |\n    two\n    lines\n',
      { refs: [{ kind: 'MeshService', name: 'two\nlines\n' }] },
    ],
    ['a folded, stripped block scalar', 'refs:\n- name: >-\n    folded\n    name\n', { refs: [{ name: 'folded name' }] }],
    [
      'an alias repeats a ref',
      'refs:\n- &r {kind: MeshService, name: a}\n- *r\n',
      {
        refs: [
          { kind: 'MeshService', name: 'a' },
          { kind: 'MeshService', name: 'a' },
        ],
      },
    ],
    [
      'a merge key (go-yaml v2 expands <<)',
      'base: &b {kind: MeshService, port: 80}\nrefs:\n- <<: *b\n  name: a\n',
      { refs: [{ kind: 'MeshService', name: 'a', port: 80 }] },
    ],
    ['a repeated key: the last one wins (non-strict decoding)', 'refs:\n- name: a\n  name: b\n', { refs: [{ name: 'b' }] }],
    ['only the first document is read', 'refs: [{name: a}]\n---\nrefs: [{name: b}]\n', { refs: [{ name: 'a' }] }],
    [
      'unknown keys are ignored',
      'refs: [{kind: MeshService, nam: typo, extra: {deep: [1]}}]\nother: 1',
      { refs: [{ kind: 'MeshService' }] },
    ],
  ]);
});

describe('reachable-backends: empty and null', () => {
  check([
    ['"{}": empty backends', '{}', {}],
    ['an empty annotation decodes as null: empty backends', '', {}],
    ['only a comment', '# nothing yet\n', {}],
    ['a null document (null, ~, Null)', 'null', {}],
    ['~', '~', {}],
    ['refs: [] and refs: null', 'refs: []', {}],
    ['refs: ~', 'refs: ~', {}],
    ['refs with no value', 'refs:', {}],
    [
      'null and empty fields are left out; an empty ref stays',
      'refs: [{kind: ~, name: null, namespace: "", port: ~, labels: ~}, {}]',
      { refs: [{}, {}] },
    ],
    ['empty labels are left out', 'refs: [{name: a, labels: {}}]', { refs: [{ name: 'a' }] }],
    [
      'a null label value is the empty string (Go map element zero value)',
      'refs: [{labels: {a: ~, b: }}]',
      { refs: [{ labels: { a: '', b: '' } }] },
    ],
    ['port 0 is kept: the pointer is set', 'refs: [{name: a, port: 0}]', { refs: [{ name: 'a', port: 0 }] }],
  ]);
});

describe('reachable-backends: capitalised and case-folded keys', () => {
  check([
    [
      'Refs/Kind/Name/Namespace/Port/Labels',
      'Refs:\n- Kind: MeshService\n  Name: a\n  Namespace: ns\n  Port: 80\n  Labels: {k: v}\n',
      { refs: [{ kind: 'MeshService', name: 'a', namespace: 'ns', port: 80, labels: { k: 'v' } }] },
    ],
    [
      'ALL CAPS',
      'REFS: [{KIND: MeshService, NAME: a, NAMESPACE: ns, PORT: 81, LABELS: {K: V}}]',
      { refs: [{ kind: 'MeshService', name: 'a', namespace: 'ns', port: 81, labels: { K: 'V' } }] },
    ],
    ['mixed case', 'rEfS: [{kInD: MeshService, nAmE: a}]', { refs: [{ kind: 'MeshService', name: 'a' }] }],
    [
      'Unicode folding: the Kelvin sign K matches k, the long s ſ matches s',
      'refs: [{\u212aind: MeshService, name\u017fpace: ns}]',
      { refs: [{ kind: 'MeshService', namespace: 'ns' }] },
    ],
    [
      'label keys keep their case (a map, not a struct)',
      'refs: [{labels: {Zone: a, zone: b}}]',
      { refs: [{ labels: { Zone: 'a', zone: 'b' } }] },
    ],
    // json.Marshal sorts keys, and encoding/json applies them in that order: "Name" before "name".
    ['two spellings of one field: the byte-order last wins', 'refs: [{name: lower, Name: upper}]', { refs: [{ name: 'lower' }] }],
  ]);
});

describe('reachable-backends: YAML 1.1 words and numbers in text fields', () => {
  check([
    [
      'yes/no/on/off are booleans, written "true"/"false"',
      'refs: [{kind: yes, name: no, namespace: on}, {name: off}]',
      { refs: [{ kind: 'true', name: 'false', namespace: 'true' }, { name: 'false' }] },
    ],
    [
      'y/n/Y/N and YES/True/OFF spellings',
      'refs: [{name: y}, {name: N}, {name: YES}, {name: True}, {name: OFF}]',
      { refs: [{ name: 'true' }, { name: 'false' }, { name: 'true' }, { name: 'true' }, { name: 'false' }] },
    ],
    ['quoted words stay words', 'refs: [{name: "yes", namespace: \'off\'}]', { refs: [{ name: 'yes', namespace: 'off' }] }],
    [
      'words that are not YAML 1.1 booleans stay',
      'refs: [{name: yess, namespace: Yes-please}]',
      { refs: [{ name: 'yess', namespace: 'Yes-please' }] },
    ],
    ['a decimal name', 'refs: [{name: 123, namespace: -7}]', { refs: [{ name: '123', namespace: '-7' }] }],
    [
      'hex, octal, binary and underscored integers become their decimal text',
      'refs: [{name: 0x1F}, {name: 017}, {name: 0o17}, {name: 0b101}, {name: 1_000}]',
      { refs: [{ name: '31' }, { name: '15' }, { name: '15' }, { name: '5' }, { name: '1000' }] },
    ],
    [
      'floats become float32 %g text',
      'refs: [{name: 1.10}, {name: 1.0}, {name: 1e3}, {name: 1000000.0}, {name: 123456789.0}, {name: .5}, {name: 0.0001}, {name: 0.00001}]',
      {
        refs: [
          { name: '1.1' },
          { name: '1' },
          { name: '1000' },
          { name: '1e+06' },
          { name: '1.2345679e+08' },
          { name: '0.5' },
          { name: '0.0001' },
          { name: '1e-05' },
        ],
      },
    ],
    ['an integer beyond uint64 is a float', 'refs: [{name: 99999999999999999999}]', { refs: [{ name: '1e+20' }] }],
    [
      'special floats',
      'refs: [{name: .inf}, {name: -.Inf}, {name: .NaN}]',
      { refs: [{ name: '+Inf' }, { name: '-Inf' }, { name: 'NaN' }] },
    ],
    ['a float too large for float64 stays text', 'refs: [{name: 1e400}]', { refs: [{ name: '1e400' }] }],
    ['a leading-zero number with 8 or 9 is a float (not octal)', 'refs: [{name: 08}]', { refs: [{ name: '8' }] }],
    [
      'dates and versions stay text',
      'refs: [{name: 2001-12-14, namespace: 1.2.3}]',
      { refs: [{ name: '2001-12-14', namespace: '1.2.3' }] },
    ],
    [
      'label values and keys are text too',
      'refs: [{labels: {version: 2, enabled: yes, ratio: 0.5, 1: one, true: t, 1.5: f}}]',
      { refs: [{ labels: { version: '2', enabled: 'true', ratio: '0.5', 1: 'one', true: 't', '1.5': 'f' } }] },
    ],
    [
      'explicit tags: !!str keeps the text, !!binary decodes',
      'refs: [{name: !!str 0x10, namespace: !!binary aGVsbG8=}]',
      { refs: [{ name: '0x10', namespace: 'hello' }] },
    ],
  ]);
});

describe('reachable-backends: ports', () => {
  check([
    ['decimal', 'refs: [{port: 8080}]', { refs: [{ port: 8080 }] }],
    [
      'hex, octal (both spellings), binary, underscores',
      'refs: [{port: 0x1F90}, {port: 017}, {port: 0o17}, {port: 0b11}, {port: 8_080}]',
      { refs: [{ port: 8080 }, { port: 15 }, { port: 15 }, { port: 3 }, { port: 8080 }] },
    ],
    [
      'a whole float is written by encoding/json as an integer',
      'refs: [{port: 8080.0}, {port: 8.08e3}, {port: 80.}]',
      { refs: [{ port: 8080 }, { port: 8080 }, { port: 80 }] },
    ],
    ['a sign', 'refs: [{port: +80}]', { refs: [{ port: 80 }] }],
    ['!!int on a quoted number', 'refs: [{port: !!int "80"}]', { refs: [{ port: 80 }] }],
    ['the largest uint32', 'refs: [{port: 4294967295}]', { refs: [{ port: 4294967295 }] }],
  ]);
  refuse([
    ['a quoted port is a JSON string', 'refs: [{port: "80"}]', /refs\[0\]\.port: cannot unmarshal string/],
    ['a fraction', 'refs: [{port: 80.5}]', /refs\[0\]\.port: cannot unmarshal number 80\.5/],
    ['a negative', 'refs: [{port: -1}]', /cannot unmarshal number -1/],
    ['-0.0 is written "-0", which strconv.ParseUint refuses', 'refs: [{port: -0.0}]', /cannot unmarshal number -0/],
    ['beyond uint32', 'refs: [{port: 4294967296}]', /cannot unmarshal number 4294967296/],
    ['a boolean', 'refs: [{port: yes}]', /cannot unmarshal bool/],
    ['a word', 'refs: [{port: http}]', /cannot unmarshal string/],
    ['infinity cannot be written as JSON', 'refs: [{port: .inf}]', /json: unsupported value: \+Inf/],
  ]);
});

describe('reachable-backends: invalid', () => {
  refuse([
    ['unclosed flow sequence', 'refs: [{kind: MeshService', /not valid YAML/],
    ['bad indentation', 'refs:\n  - kind: a\n bad: b', /not valid YAML/],
    ['refs is a scalar', 'refs: 3', /refs: cannot unmarshal number 3 into a Go slice/],
    ['refs is a mapping', 'refs: {kind: MeshService}', /refs: cannot unmarshal object into a Go slice/],
    ['the document is a list', '- kind: MeshService', /cannot unmarshal array into a Go struct/],
    ['the document is a word', 'MeshService', /cannot unmarshal string into a Go struct/],
    ['a ref is a word', 'refs: [MeshService]', /refs\[0\]: cannot unmarshal string into a Go struct/],
    ['a name is a mapping', 'refs: [{name: {a: b}}]', /refs\[0\]\.name: cannot unmarshal object into a Go string/],
    ['labels is a list', 'refs: [{labels: [a]}]', /refs\[0\]\.labels: cannot unmarshal array into a Go map/],
    ['a label value is a list', 'refs: [{labels: {a: [b]}}]', /cannot unmarshal array into a Go string/],
    ['a null mapping key', 'refs: [{labels: {~: x}}]', /unsupported map key/],
    ['NaN anywhere, even in an unknown key, cannot be written as JSON', 'refs: []\nweight: .nan', /json: unsupported value: NaN/],
    ['an explicit tag the value cannot have', 'refs: [{port: !!int abc}]', /cannot decode !!str `abc` as a !!int/],
    ['an alias to an unknown anchor', 'refs: [*nope]', /unknown anchor/],
    ['brackets nested beyond the parser', `refs: ${'['.repeat(20000)}${']'.repeat(20000)}`, /nests deeper than/],
    [
      'block mappings nested beyond the limit',
      `refs:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
      /nests deeper than 200 levels/,
    ],
    ['an alias inside its own anchor', 'refs: &a [*a]', /contains itself/],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`).join('\n')}\n`,
      /more than 10000 YAML nodes/,
    ],
  ]);

  test('a null ref: kuma-cp dereferences it and never writes the Dataplane', () => {
    for (const text of ['refs: [~]', 'refs:\n- kind: MeshService\n  name: a\n-\n', 'refs: [null]']) {
      assert.throws(() => read(text), /refs\[\d\] is null; kuma-cp dereferences it/, JSON.stringify(text));
    }
  });
});

describe('reachable-backends: where it is read', () => {
  const legacy = {
    'kuma.io/transparent-proxying': 'enabled',
    'kuma.io/transparent-proxying-inbound-port': '15006',
    'kuma.io/transparent-proxying-outbound-port': '15001',
  };
  test('only on a transparently proxied Pod', () => {
    assert.equal(transparentProxyingFor({ 'kuma.io/reachable-backends': 'refs: [' }, readYamlNode), undefined);
    assert.deepEqual(transparentProxyingFor({ ...legacy, 'kuma.io/reachable-backends': '{}' }, readYamlNode)?.['reachableBackends'], {});
  });
  test('a core run without a YAML reader says so instead of guessing', () => {
    assert.throws(() => transparentProxyingFor({ ...legacy, 'kuma.io/reachable-backends': '{}' }), /no YAML reader/);
  });
  test('the whole pipeline reads it with go-yaml\'s rules (name: yes is "true", Port: 0x50 is 80)', () => {
    const input = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata:
      labels: {app: cart}
      annotations:
        kuma.io/reachable-backends: |
          Refs:
          - Kind: MeshService
            Name: yes
            Port: 0x50
    spec:
      containers: [{name: app, image: app:1}]
`;
    const outcome = processInput(input, { host: streamHost('inline') });
    assert.equal(outcome.exitCode, 0, outcome.report);
    const docs = outcome.output
      .split(/^---$/m)
      .map((d) => load(d) as { kind?: string; spec?: { networking?: { transparentProxying?: { reachableBackends?: unknown } } } });
    const dataplane = docs.find((d) => d?.kind === 'Dataplane');
    assert.deepEqual(dataplane?.spec?.networking?.transparentProxying?.reachableBackends, {
      refs: [{ kind: 'MeshService', name: 'true', port: 80 }],
    });
  });
});

describe("reachable-backends: kuma-cp's Dataplane validation", () => {
  const violations = (text: string): string[] => reachableBackendsViolations(read(text));
  test('the upstream validator case (dataplane_validator_test.go, "transparent proxy with reachable backend refs")', () => {
    const text = `refs:
- {kind: Something, name: first, labels: {kuma.io/test: test}}
- {kind: MeshService, name: second, namespace: not-valid, labels: {kuma.io/test: test}}
- {kind: MeshService, name: third, labels: {kuma.io/test: test}}
- {kind: MeshService, name: first$-.kuma}
- {kind: MeshService}
- {kind: MeshService, namespace: xyz}
`;
    assert.deepEqual(violations(text), [
      'refs[0].kind: invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService',
      'refs[0].labels: labels cannot be defined when name is specified',
      'refs[1].labels: labels cannot be defined when name is specified',
      'refs[2].labels: labels cannot be defined when name is specified',
      "refs[3].name: invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      'refs[4].name: name or labels are required',
      'refs[5].name: name is required, when namespace is defined',
    ]);
  });
  test('the documented refs (upstream converter case 28) and empty backends are accepted', () => {
    const text =
      'refs:\n- {kind: MeshService, name: demo-app, namespace: kuma-demo, port: 5000}\n- {kind: MeshService, labels: {kuma.io/zone: east}}\n- {kind: MeshExternalService, name: demo-app, namespace: kuma-system}\n- {kind: MeshMultiZoneService, name: a.b-c}\n';
    assert.deepEqual(violations(text), []);
    assert.deepEqual(violations('{}'), []);
  });
  test('names the YAML 1.1 reading produces are validated as kuma-cp stores them', () => {
    assert.deepEqual(violations('refs: [{kind: MeshService, name: yes}]'), [], '"true" is a valid name');
    assert.equal(violations('refs: [{kind: MeshService, name: 1.5e10}]').length, 1, '"1.5e+10" has a +');
    assert.equal(violations('refs: [{kind: MeshService, name: Demo}]').length, 1, 'upper case');
    assert.equal(
      violations(`refs: [{kind: MeshService, name: ${'a'.repeat(254)}}]`)[0],
      'refs[0].name: value length must less or equal 253',
    );
  });
  test('a preview whose refs kuma-cp rejects is an error naming the annotation', () => {
    const input = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata:
      labels: {app: cart}
      annotations:
        kuma.io/reachable-backends: "refs: [{kind: Service, name: Cart}]"
    spec:
      containers: [{name: app, image: app:1}]
`;
    const outcome = processInput(input, { host: streamHost('inline') });
    assert.equal(outcome.exitCode, 1);
    const error = outcome.results.find((r) => r.severity === 'error');
    assert.equal(error?.field?.path, 'spec.template.metadata.annotations["kuma.io/reachable-backends"]');
    assert.match(error?.message ?? '', /refs\[0\]\.kind: invalid value.*refs\[0\]\.name: invalid characters/);
  });
});
