/**
 * Structure-aware mutations of real manifests: each case takes one or two corpus files and applies
 * a few mutations chosen by a seeded PRNG, at the object level (odd shapes, non-string scalars,
 * path-like names, Kuma annotations, Lists, duplicates, deep nesting, ContainerPatches) through
 * the `yaml` Document API (so comments and the rest of the document stay), then at the text level
 * (anchors and aliases, bounded alias bombs, comments, BOM, CRLF, a missing final newline, bytes
 * that are not UTF-8, tags, JSON documents). The same seed always gives the same case.
 */
import { type Document, isMap, isSeq, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import type { CorpusFile } from '../corpus/corpus.ts';
import { Random } from './random.ts';

export interface FuzzCase {
  seed: number;
  /** The corpus files the case started from. */
  from: string[];
  /** What was done to them, in order (for the report). */
  mutations: string[];
  /** The bytes handed to kuma-inject as stdin in stream mode. */
  stream: Buffer;
  /** A unique token every path-like name of the case contains (see the write check). */
  token: string;
  /** True when the case asks for more than the bounds of the checks that are not enabled yet. */
  heavy: boolean;
}

export interface MutateOptions {
  /**
   * Alias expansion beyond ~50k nodes and nesting beyond 300 levels (issue 8 items 3 and 12):
   * off until the bounds are in, since the unbounded run takes minutes.
   */
  unboundedShapes: boolean;
  /** The folder path-like names point into (to catch writes outside the previews folder). */
  sandbox: string;
}

type Path = (string | number)[];

/** Every path below `value` (depth first, up to `depth`), with the value there. */
function pathsOf(value: unknown, depth = 9, prefix: Path = []): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = [{ path: prefix, value }];
  if (depth === 0 || typeof value !== 'object' || value === null) return out;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) out.push(...pathsOf(v, depth - 1, [...prefix, key]));
  return out;
}

const INTERESTING =
  /metadata|annotations|labels|name|namespace|spec|template|containers|initContainers|ports|Probe|httpGet|tcpSocket|grpc|port|path|volumes|items|jobTemplate|selector|env/;

const ODD_VALUES: unknown[] = [
  null,
  0,
  42,
  -1,
  1.5,
  1e300,
  true,
  false,
  '',
  'text',
  'yes',
  '0755',
  [],
  {},
  [1, 'a'],
  { a: 1 },
  [null],
  [[]],
];
const NON_STRINGS: unknown[] = [0, 8080, -1, 1.5, 1e300, true, false, null, [], {}];

/** Path-like and otherwise invalid names; `T` is replaced by the case token, `S` by the sandbox. */
const NAMES = [
  '..',
  '.',
  '/',
  'a/b',
  '../T',
  '../../T',
  '../../../T',
  '../../../../T',
  '/T',
  'S/T',
  'T/../../..',
  'x\\y',
  '-T',
  'T-',
  'UPPER-T',
  'ünï-T',
  `T${'x'.repeat(300)}`,
  '',
  ' T',
  'T:x',
  'T\u0000',
  'a..b',
  '%2e%2e',
];

const KUMA_ANNOTATIONS: [string, string[]][] = [
  ['kuma.io/sidecar-injection', ['enabled', 'disabled', 'true', 'false', 'yes', 'garbage', '']],
  ['kuma.io/mesh', ['default', 'demo', 'missing-mesh', '', 'UPPER']],
  ['kuma.io/virtual-probes', ['enabled', 'disabled', 'maybe']],
  ['kuma.io/virtual-probes-port', ['9000', '0', '-1', '70000', 'abc', '']],
  ['kuma.io/application-probe-proxy-port', ['9001', '0', '65536', 'x', '8080']],
  ['kuma.io/container-patches', ['p1', 'p1,p2', '', ',', 'missing']],
  ['traffic.kuma.io/exclude-inbound-ports', ['', '8080', '1-2', 'a,b', '0,65535', '70000']],
  ['traffic.kuma.io/exclude-outbound-ips', ['10.0.0.0/8', 'x', '']],
  ['kuma.io/transparent-proxying', ['enabled', 'disabled', 'bogus']],
  ['kuma.io/sidecar-env-vars', ['A=b;C=d', '=', 'A']],
  ['kuma.io/builtin-dns', ['enabled', 'nope']],
  ['kuma.io/gateway', ['enabled', 'provided', 'x']],
  ['kuma.io/reachable-backends', ['{refs: [{kind: MeshService, name: a}]}', '[', 'refs:\n- kind: X']],
];

interface Mutator {
  name: string;
  /** Changes `doc` (one document of the case); returns a description, or undefined when it did not apply. */
  apply(doc: Document, rng: Random, c: CaseState): string | undefined;
}

interface CaseState {
  token: string;
  sandbox: string;
  heavy: boolean;
  unbounded: boolean;
  /** Extra documents to append to the stream. */
  extra: string[];
}

function setIn(doc: Document, path: Path, value: unknown): boolean {
  try {
    if (path.length === 0) doc.contents = doc.createNode(value) as YamlNode;
    else doc.setIn(path, doc.createNode(value));
    return true;
  } catch {
    return false;
  }
}

function jsOf(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch {
    return undefined;
  }
}

function pickPath(doc: Document, rng: Random, filter: (path: Path, value: unknown) => boolean): Path | undefined {
  const js = jsOf(doc);
  const candidates = pathsOf(js).filter(({ path, value }) => filter(path, value));
  if (candidates.length === 0) return undefined;
  return rng.pick(candidates).path;
}

const named = (name: string, c: CaseState): string => name.replaceAll('T', `fz${c.token}`).replaceAll('S', c.sandbox);

const MUTATORS: Mutator[] = [
  {
    name: 'odd shape',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p) => p.length > 0 && INTERESTING.test(p.map(String).join('.')));
      if (path === undefined) return undefined;
      const value = rng.pick(ODD_VALUES);
      return setIn(doc, path, value) ? `${path.join('.')} = ${JSON.stringify(value)}` : undefined;
    },
  },
  {
    name: 'non-string scalar',
    apply(doc, rng) {
      const path = pickPath(
        doc,
        rng,
        (p, v) =>
          (typeof v === 'string' || v === null) &&
          /^(name|namespace|labels|annotations|image|app|mesh)$/.test(
            String(p.at(-2) === 'labels' || p.at(-2) === 'annotations' ? p.at(-2) : p.at(-1)),
          ),
      );
      if (path === undefined) return undefined;
      const value = rng.pick(NON_STRINGS);
      return setIn(doc, path, value) ? `${path.join('.')} = ${JSON.stringify(value)}` : undefined;
    },
  },
  {
    name: 'path-like name',
    apply(doc, rng, c) {
      const js = jsOf(doc);
      if (typeof js !== 'object' || js === null || Array.isArray(js)) return undefined;
      const field = rng.pick(['name', 'namespace', 'namespace', 'generateName']);
      const value = named(rng.pick(NAMES), c);
      return setIn(doc, ['metadata', field], value) ? `metadata.${field} = ${JSON.stringify(value)}` : undefined;
    },
  },
  {
    name: 'kuma annotation',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p, v) => p.at(-1) === 'metadata' && typeof v === 'object' && v !== null && !Array.isArray(v));
      if (path === undefined) return undefined;
      const [key, values] = rng.pick(KUMA_ANNOTATIONS);
      const on = key === 'kuma.io/sidecar-injection' && rng.chance(0.5) ? 'labels' : 'annotations';
      const value = rng.pick(values);
      return setIn(doc, [...path, on, key], value) ? `${[...path, on].join('.')}[${key}] = ${JSON.stringify(value)}` : undefined;
    },
  },
  {
    name: 'duplicates',
    apply(doc, rng) {
      const path = pickPath(
        doc,
        rng,
        (p, v) => Array.isArray(v) && v.length > 0 && /containers|ports|volumes|env|items|initContainers/.test(String(p.at(-1))),
      );
      if (path === undefined) return undefined;
      const list = pathsOf(jsOf(doc)).find((e) => e.path.join('\u0000') === path.join('\u0000'))?.value as unknown[];
      const times = rng.int(2, 40);
      const copies = Array.from({ length: times }, (_, i) => list[i % list.length]);
      return setIn(doc, path, [...list, ...copies]) ? `${path.join('.')} × ${times} more` : undefined;
    },
  },
  {
    name: 'many annotations',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p, v) => p.at(-1) === 'metadata' && typeof v === 'object' && v !== null && !Array.isArray(v));
      if (path === undefined) return undefined;
      const n = rng.int(20, 200);
      const map = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`example.com/key-${i}`, i % 7 === 0 ? `value with: colon ${i}` : `v${i}`]),
      );
      return setIn(doc, [...path, rng.pick(['annotations', 'labels'])], map) ? `${path.join('.')} gets ${n} keys` : undefined;
    },
  },
  {
    name: 'container named like an injected one',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p, v) => p.at(-1) === 'name' && p.at(-3) === 'containers' && typeof v === 'string');
      if (path === undefined) return undefined;
      const value = rng.pick(['kuma-sidecar', 'kuma-init', 'kuma-validation']);
      return setIn(doc, path, value) ? `${path.join('.')} = ${value}` : undefined;
    },
  },
  {
    name: 'probe shape',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p) => /Probe$/.test(String(p.at(-1))) && p.at(-3) === 'containers');
      if (path === undefined) return undefined;
      const value = rng.pick<unknown>([
        { httpGet: { port: 'no-such-port' } },
        { httpGet: { port: 0 } },
        { httpGet: { port: '' } },
        { httpGet: { path: 8080, port: 80 } },
        { httpGet: { port: 9001 } },
        { httpGet: { port: 9000, path: '/x' } },
        { httpGet: { scheme: 'https', port: 80, host: '::1' } },
        { grpc: { port: '9090' } },
        { grpc: { port: 9090, service: 42 } },
        { tcpSocket: { port: 'http' } },
        { tcpSocket: {} },
        { httpGet: null },
        { httpGet: { port: 80, httpHeaders: [{ name: 'Host' }, null, 'x'] } },
        { exec: null, httpGet: { port: 80 } },
        { httpGet: { port: 80 }, tcpSocket: { port: 81 }, grpc: { port: 82 } },
        { timeoutSeconds: 'x', httpGet: { port: 80 } },
      ]);
      return setIn(doc, path, value) ? `${path.join('.')} = ${JSON.stringify(value)}` : undefined;
    },
  },
  {
    name: 'drop a key',
    apply(doc, rng) {
      const path = pickPath(doc, rng, (p) => p.length > 0 && p.length < 7 && typeof p.at(-1) === 'string');
      if (path === undefined) return undefined;
      try {
        doc.deleteIn(path);
        return `delete ${path.join('.')}`;
      } catch {
        return undefined;
      }
    },
  },
  {
    name: 'deep nesting',
    apply(doc, rng, c) {
      const limit = c.unbounded ? 12000 : 300;
      const depth = rng.int(20, limit);
      if (depth > 300) c.heavy = true;
      const flow = rng.chance(0.5);
      // Flow brackets nest in the text without indentation; block maps would make the file huge.
      c.extra.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-${depth}\ndata:\n  x: ${flow ? '['.repeat(depth) + ']'.repeat(depth) : '1'}\n`,
      );
      if (!flow) {
        const path = pickPath(doc, rng, (p, v) => p.length > 0 && typeof v === 'object' && v !== null && !Array.isArray(v));
        if (path === undefined) return undefined;
        let nested: unknown = 'bottom';
        for (let i = 0; i < Math.min(depth, 60); i++) nested = i % 2 === 0 ? { n: nested } : [nested];
        if (!setIn(doc, [...path, 'x-nested'], nested)) return undefined;
      }
      return `nesting ${depth} deep (${flow ? 'flow brackets in a ConfigMap' : 'block, under an unknown field'})`;
    },
  },
  {
    name: 'container patch',
    apply(doc, rng, c) {
      const op = rng.pick([
        '[{op: replace, path: /name, value: renamed}]',
        '[{op: remove, path: /image}]',
        '[{op: add, path: /env/-, value: {name: A, value: b}}]',
        '[{op: replace, path: /securityContext/runAsUser, value: 0}]',
        '[{op: bogus}]',
        '"not a list"',
        '[{op: add, path: /unknownField, value: 1}]',
      ]);
      const which = rng.pick(['sidecarPatch', 'initPatch', 'appPatch']);
      c.extra.push(
        `apiVersion: kuma.io/v1alpha1\nkind: ContainerPatch\nmetadata:\n  name: p1\n  namespace: kong-mesh-system\nspec:\n  ${which}: ${op}\n`,
      );
      const path = pickPath(
        doc,
        rng,
        (p, v) => p.at(-1) === 'metadata' && p.length > 1 && typeof v === 'object' && v !== null && !Array.isArray(v),
      );
      if (path !== undefined) setIn(doc, [...path, 'annotations', 'kuma.io/container-patches'], 'p1');
      return `ContainerPatch p1 ${which}: ${op}`;
    },
  },
];

/** Text-level mutations of the whole stream (after the object-level ones). */
const TEXT_MUTATORS: { name: string; apply(text: string, rng: Random, c: CaseState): string }[] = [
  {
    name: 'anchor and alias',
    apply(text, rng) {
      // Anchor the first block mapping value found under a key, alias it from a new key at the
      // same indentation further down (an unknown field, so the object stays valid).
      const lines = text.split('\n');
      const at = lines.findIndex((l, i) => /^( +)[A-Za-z]+:[ \t]*\r?$/.test(l) && i > 2 && rng.chance(0.3));
      if (at < 0) return text;
      const indent = /^( *)/.exec(lines[at]!)![1]!;
      // Before a CR (a lone CR is a line break to some readers only).
      lines[at] = lines[at]!.replace(/\r?$/, (cr) => ` &a${at}${cr}`);
      let end = at + 1;
      while (
        end < lines.length &&
        (lines[end]!.trim() === '' || lines[end]!.startsWith(`${indent} `) || lines[end]!.startsWith(`${indent}- `))
      )
        end++;
      lines.splice(end, 0, `${indent}x-alias-${at}: *a${at}`);
      return lines.join('\n');
    },
  },
  {
    name: 'alias bomb',
    apply(text, rng, c) {
      const levels = rng.int(2, c.unbounded ? 9 : 5);
      const width = rng.int(2, c.unbounded ? 9 : 8);
      if (width ** levels > 50000) c.heavy = true;
      const rows = [`  l0: &l0 [${Array(width).fill('x').join(', ')}]`];
      for (let i = 1; i < levels; i++)
        rows.push(
          `  l${i}: &l${i} [${Array(width)
            .fill(`*l${i - 1}`)
            .join(', ')}]`,
        );
      return `${text.endsWith('\n') ? text : `${text}\n`}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx-bomb:\n${rows.join('\n')}\n`;
    },
  },
  {
    name: 'comments',
    apply(text, rng) {
      // Before a CR (a lone CR is a line break to some readers only).
      return text
        .split('\n')
        .map((l) =>
          rng.chance(0.1) && !l.includes('|') && l.trim() !== '' && !/["']/.test(l) ? l.replace(/\r?$/, (cr) => ` # fuzz${cr}`) : l,
        )
        .join('\n');
    },
  },
  { name: 'BOM', apply: (text) => `\ufeff${text}` },
  { name: 'CRLF', apply: (text) => text.replace(/\r?\n/g, '\r\n') },
  { name: 'no final newline', apply: (text) => text.replace(/\s+$/, '') },
  // Before a CR, not after it: a lone CR is a line break to YAML 1.2 readers but not to all.
  {
    name: 'trailing spaces',
    apply: (text, rng) =>
      text
        .split('\n')
        .map((l) => (rng.chance(0.2) ? l.replace(/\r?$/, (cr) => `  ${cr}`) : l))
        .join('\n'),
  },
  {
    name: 'tags',
    apply: (text, rng) =>
      text.replace(/(containerPort|port): (\d+)/g, (m, k, v) =>
        rng.chance(0.5) ? `${k}: !!str ${v}` : rng.chance(0.3) ? `${k}: !custom ${v}` : m,
      ),
  },
  {
    name: 'document markers',
    apply: (text, rng) =>
      rng.pick([
        `---\n${text}`,
        `${text}\n...\n`,
        `${text}\n---\n---\n`,
        text.startsWith('%') ? text : `%YAML 1.2\n---\n${text}`,
        text.replace(/\n---\n/g, '\n--- # sep\n'),
      ]),
  },
  { name: 'duplicate key', apply: (text) => text.replace(/^(\s*)name: (.*)$/m, '$1name: $2\n$1name: dup') },
];

/** Corpus files small enough that a case stays fast (the whole corpus still runs in uninject-corpus.test.ts). */
export function fuzzableFiles(files: readonly CorpusFile[]): CorpusFile[] {
  return files.filter((f) => f.text.length < 12000);
}

/** Builds case `seed` from the corpus. */
export function makeCase(seed: number, files: readonly CorpusFile[], options: MutateOptions): FuzzCase {
  const rng = new Random(seed);
  const token = seed.toString(36);
  const state: CaseState = { token, sandbox: options.sandbox, heavy: false, unbounded: options.unboundedShapes, extra: [] };
  const picked = [rng.pick(files), ...(rng.chance(0.25) ? [rng.pick(files)] : [])];
  const mutations: string[] = [];
  let docs: string[] = picked.flatMap((f) => splitDocuments(f.text));
  const objectMutations = rng.int(0, 3);
  for (let i = 0; i < objectMutations && docs.length > 0; i++) {
    const index = rng.int(0, docs.length - 1);
    const doc = parseDocument(docs[index]!, { uniqueKeys: false });
    if (doc.errors.length > 0 || !(isMap(doc.contents) || isSeq(doc.contents))) continue;
    const mutator = rng.pick(MUTATORS);
    const done = mutator.apply(doc, rng, state);
    if (done === undefined) continue;
    try {
      docs[index] = doc.toString({ lineWidth: 0 });
    } catch {
      // The edit removed an anchor an alias still names: not a document, so not a case.
      continue;
    }
    mutations.push(`${mutator.name}: ${done}`);
  }
  if (rng.chance(0.15)) {
    // Some or all of the documents as one v1 List (its items injected as items of a List).
    const objects = docs
      .map((d) => {
        try {
          return parseDocument(d).toJS({ maxAliasCount: -1 });
        } catch {
          return undefined;
        }
      })
      .filter((o) => typeof o === 'object' && o !== null);
    if (objects.length > 0) {
      docs = [
        stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: objects }, { lineWidth: 0 }),
        ...(rng.chance(0.5) ? ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'] : []),
      ];
      mutations.push('wrapped in a kind: List');
    }
  }
  if (rng.chance(0.1)) {
    docs = docs.map((d) => {
      try {
        return JSON.stringify(parseDocument(d).toJS({ maxAliasCount: -1 }));
      } catch {
        return d;
      }
    });
    mutations.push('documents as JSON');
  }
  docs.push(...state.extra);
  let text = docs.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');
  const textMutations = rng.int(0, 2);
  for (let i = 0; i < textMutations; i++) {
    const mutator = rng.pick(TEXT_MUTATORS);
    text = mutator.apply(text, rng, state);
    mutations.push(mutator.name);
  }
  let stream: Buffer = Buffer.from(text, 'utf8');
  if (rng.chance(0.05)) {
    stream = withBadBytes(stream, rng);
    mutations.push('bytes that are not UTF-8');
  }
  return { seed, from: picked.map((f) => f.name), mutations, stream, token, heavy: state.heavy };
}

/** The documents of a stream as texts (split at `---` lines; comments before the first kept with it). */
export function splitDocuments(text: string): string[] {
  return text.split(/^---[ \t]*(?:#.*)?\r?\n/m).filter((d) => d.trim() !== '');
}

function withBadBytes(bytes: Buffer, rng: Random): Buffer {
  const bad = rng.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xfe, 0xff]]);
  // Inside a line, after a ': ' so that the byte lands in a value.
  const text = bytes.toString('latin1');
  const colon = text.indexOf(': ', rng.int(0, Math.max(0, text.length - 1)));
  const at = colon < 0 ? bytes.length : colon + 2;
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
}

/** Wraps a stream's documents as the items of a ResourceList (what kpt hands a KRM function). */
export function asResourceList(stream: Buffer, rng: Random): Buffer {
  const text = stream.toString('utf8');
  const items = splitDocuments(text.replace(/^\ufeff/, ''));
  const body = items.map((d) => `- ${d.replace(/\r?\n$/, '').replace(/\r?\n/g, '\n  ')}\n`).join('');
  const config = rng.chance(0.2)
    ? rng.pick([
        'functionConfig: 42\n',
        'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {product: kuma}\n',
        'functionConfig: null\n',
      ])
    : '';
  const itemsPart = rng.chance(0.05) ? rng.pick(['items: {a: 1}\n', 'items: 42\n', 'items:\n']) : `items:\n${body}`;
  return Buffer.from(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${itemsPart}${config}`, 'utf8');
}
