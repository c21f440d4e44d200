// Builds the JSON Schema of a Kubernetes Container and compiles it into a standalone validator
// (src/core/container-patch/generated/), so ContainerPatch results are validated without compiling
// a schema or reaching the network at run time.
//
// Source: kubernetes-models (pinned in scripts/container-schema/package.json and its lock), whose
// per-kind declarations are generated from the official Kubernetes OpenAPI definitions: field
// names, required fields, enums and types. It is not a dependency of the project: it declares
// Node >= 22, and the project's own `npm ci` must stay quiet on Node 20. `npm run
// gen:container-schema` installs it into scripts/container-schema/node_modules and runs this
// script; the output is committed (src/core/container-patch/generated/, licences in its README).
// Its own validators accept unknown fields, which the API server rejects, so the schema is rebuilt
// here with `additionalProperties: false`. Declarations only say `number`; whether a field is an
// integer is read from the package's compiled per-kind validators (probed with 0.5).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { esmOnly } from './ajv-esm.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Where kubernetes-models is installed: KUMA_INJECT_SCHEMA_INPUT (the test installs it into a
// temporary folder), else the folder `npm run gen:container-schema` installs it into.
const modules = resolve(process.env.KUMA_INJECT_SCHEMA_INPUT ?? join(root, 'scripts/container-schema/node_modules'));
if (!existsSync(join(modules, 'kubernetes-models/package.json'))) {
  process.stderr.write(`gen-container-schema: kubernetes-models is not installed in ${modules}; run npm run gen:container-schema\n`);
  process.exit(1);
}
const version = JSON.parse(readFileSync(join(modules, 'kubernetes-models/package.json'), 'utf8')).version;

/** Declarations read so far, by file: interface name → body, aliases, imports, long names. */
const files = new Map();

function readDeclarations(file) {
  if (files.has(file)) return files.get(file);
  const text = readFileSync(file, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
  const imports = new Map();
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) imports.set(m[1], m[2]);
  const interfaces = new Map();
  for (const m of text.matchAll(/export interface (\w+) \{\n([\s\S]*?)\n\}/g)) interfaces.set(m[1], m[2]);
  const aliases = new Map();
  for (const m of text.matchAll(/export type (\w+) = ([^;{]+);/g)) aliases.set(m[1], m[2].trim());
  const longNames = new Map();
  for (const m of text.matchAll(/export type \{ (\w+) as (\w+),/g)) longNames.set(m[1], m[2]);
  const parsed = { file, imports, interfaces, aliases, longNames };
  files.set(file, parsed);
  return parsed;
}

/** The file a module specifier of `from` points at. */
function resolveImport(from, specifier) {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier.replace(/\.js$/, '.d.ts'));
  return join(modules, `${specifier}.d.ts`);
}

const defs = {};

/** Adds the definition of interface `local` of `file` to defs; returns its definition name. */
async function defineInterface(file, local) {
  const decl = readDeclarations(file);
  const defName = (decl.longNames.get(local) ?? local).replace(/^II/, 'I');
  if (defs[defName] !== undefined) return defName;
  const body = decl.interfaces.get(local);
  if (body === undefined) throw new Error(`no interface ${local} in ${file}`);
  defs[defName] = {}; // placeholder against cycles
  const properties = {};
  const required = [];
  for (const [name, optional, type] of fieldLines(body)) {
    properties[name] = await schemaOf(decl, type, defName, name);
    if (!optional) required.push(name);
  }
  if (Object.keys(properties).length === 0) throw new Error(`no fields read for ${local} in ${file}`);
  defs[defName] = { title: title(defName), type: 'object', properties, additionalProperties: false };
  if (required.length > 0) defs[defName].required = required;
  return defName;
}

/** The fields of an interface body: one per `    "name"?: type;`, types may span lines. */
function fieldLines(body) {
  const fields = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const start = /^ {4}"(\w+)"(\?)?: (.*)$/.exec(line);
    if (start) fields.push([start[1], start[2] === '?', start[3]]);
    else if (fields.length > 0) fields[fields.length - 1][2] += `\n${line}`;
    else throw new Error(`unexpected declaration line ${JSON.stringify(line)}`);
  }
  return fields.map(([name, optional, type]) => [name, optional, type.trim().replace(/;$/, '').trim()]);
}

/** IoK8sApiCoreV1SecurityContext → io.k8s.api.core.v1.SecurityContext (the OpenAPI name). */
function title(defName) {
  const m = /^IoK8sApi(Core|[A-Z][a-z]+)(V\d\w*?)([A-Z]\w*)$/.exec(defName);
  return m ? `io.k8s.api.${m[1].toLowerCase()}.${m[2].toLowerCase()}.${m[3]}` : defName;
}

async function schemaOf(decl, type, owner, field) {
  if (type === 'string') return { type: 'string' };
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'number')
    return { type: field !== undefined && (await probe(owner, field, 'kubernetes-models/_schemas')) ? 'integer' : 'number' };
  const array = /^Array<([\s\S]+)>$/.exec(type);
  if (array) return { type: 'array', items: await schemaOf(decl, array[1].trim(), owner, undefined) };
  const map = /^\{\s*\[key: string\]: ([\s\S]+?);\s*\}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: await schemaOf(decl, map[1].trim(), owner, undefined) };
  if (/^"[^"]*"( \| "[^"]*")*$/.test(type)) {
    return { type: 'string', enum: type.split(' | ').map((v) => JSON.parse(v)) };
  }
  const specifier = decl.imports.get(type);
  if (specifier !== undefined) {
    const file = resolveImport(decl.file, specifier);
    const target = readDeclarations(file);
    const local = [...target.longNames].find(([, long]) => long === type)?.[0] ?? type;
    if (target.aliases.has(local)) return await aliasSchema(target, local);
    return { $ref: `#/$defs/${await defineInterface(file, local)}` };
  }
  throw new Error(`unsupported declaration type ${JSON.stringify(type)} in ${decl.file} (${owner}.${field})`);
}

/** Quantity and IntOrString: `number | string` unions, integer where the OpenAPI says int32. */
async function aliasSchema(decl, local) {
  const parts = decl.aliases
    .get(local)
    .split(' | ')
    .map((p) => p.trim());
  const long = decl.longNames.get(local) ?? local;
  const types = [];
  for (const p of parts) {
    if (p === 'string' || p === 'boolean') types.push(p);
    else if (p === 'number')
      types.push((await probe(long.replace(/^II/, 'I'), undefined, '@kubernetes-models/apimachinery/_schemas')) ? 'integer' : 'number');
    else throw new Error(`unsupported alias part ${p} of ${local}`);
  }
  return { type: [...new Set(types)].sort() };
}

/**
 * Whether the package's compiled validator of `defName` (in `dir`) rejects 0.5, at `field` or as a
 * whole, as not an integer: the declarations say `number` for int32, int64 and double alike.
 */
async function probe(defName, field, dir) {
  const { validate } = await import(pathToFileURL(join(modules, dir, `${defName}.js`)).href);
  validate(field === undefined ? 0.5 : { [field]: 0.5 });
  const at = field === undefined ? '' : `/${field}`;
  return (validate.errors ?? []).some((e) => e.instancePath === at && e.keyword === 'type' && e.params.type === 'integer');
}

const rootDef = await defineInterface(join(modules, 'kubernetes-models/v1/Container.d.ts'), 'IContainer');
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'kuma-inject/container',
  description: `io.k8s.api.core.v1.Container, from kubernetes-models ${version} declarations (official Kubernetes OpenAPI)`,
  $ref: `#/$defs/${rootDef}`,
  $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
const validate = ajv.compile(schema);
// An output folder may be given (the test regenerates into a temporary one and compares).
const out = process.argv[2] === undefined ? join(root, 'src/core/container-patch/generated') : resolve(process.argv[2]);
mkdirSync(out, { recursive: true });
const header = `// Generated by scripts/gen-container-schema.mjs from kubernetes-models ${version}. Do not edit.\n`;
writeFileSync(
  join(out, 'container-validator.js'),
  `${header}${esmOnly(standaloneCode(ajv, validate))}\nexport const containerSchema = ${JSON.stringify(schema)};\nexport const schemaSource = ${JSON.stringify(`kubernetes-models ${version}`)};\n`,
);
writeFileSync(
  join(out, 'container-validator.d.ts'),
  `${header}import type { ErrorObject } from 'ajv';\ndeclare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };\nexport default validate;\n` +
    `/** The JSON Schema the validator was compiled from (draft-07, definitions under $defs). */\nexport declare const containerSchema: ContainerSchema;\n` +
    `export interface SchemaNode { $ref?: string; title?: string; type?: string | string[]; properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: SchemaNode | boolean; required?: string[]; enum?: unknown[] }\n` +
    `export interface ContainerSchema extends SchemaNode { $defs: Record<string, SchemaNode> }\n` +
    `export declare const schemaSource: string;\n`,
);
writeFileSync(join(out, 'container-schema.json'), `${JSON.stringify(schema, null, 1)}\n`);
