import { KPT } from '../core/kpt-annotations.ts';
/**
 * Returns `report` with every `(item N)` of a block-YAML ResourceList followed by the file kpt read
 * that item from, when the item carries kpt's path annotation: `(item 1, shop/backend/deployment.yaml)`.
 * An input that cannot be read has no results for kpt to show with a file, and "input line 50"
 * of a ResourceList the user never saw points nowhere. Under `kpt fn render`, items of
 * subpackages carry paths relative to their own package, so the package path kpt adds
 * (`internal.config.kubernetes.io/package-path`) is put in front when present.
 */
export function nameItemFiles(report: string, resourceList: string): string {
  if (!/\(item \d+\)/.test(report)) return report;
  const items = itemBlocks(resourceList);
  return report.replace(/\(item (\d+)\)/g, (whole, n: string) => {
    const block = items[Number(n)];
    const file = block === undefined ? undefined : fileOf(block);
    return file === undefined ? whole : `(item ${n}, ${file})`;
  });
}

/** The text of each entry of the top-level `items:` sequence, in order; [] for JSON or flow YAML. */
function itemBlocks(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^items:\s*(#.*)?$/.test(line));
  if (start < 0) return [];
  const blocks: string[][] = [];
  let dash: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      blocks.at(-1)?.push(line);
      continue;
    }
    const indent = /^ */.exec(line)?.[0] ?? '';
    dash ??= line.startsWith(`${indent}- `) || line === `${indent}-` ? indent : undefined;
    if (dash === undefined) return [];
    // The sequence ends at the next key at (or left of) its own indentation.
    if (indent.length < dash.length || (indent.length === dash.length && !line.startsWith(`${dash}-`))) break;
    if (indent.length === dash.length) blocks.push([line]);
    else blocks.at(-1)?.push(line);
  }
  return blocks.map((block) => block.join('\n'));
}

function fileOf(block: string): string | undefined {
  const path = annotation(block, KPT.path) ?? annotation(block, KPT.legacyPath);
  if (path === undefined) return undefined;
  const pkg = annotation(block, 'internal.config.kubernetes.io/package-path');
  return pkg === undefined || pkg === '' || path.startsWith('/') ? path : `${pkg.replace(/\/+$/, '')}/${path}`;
}

/** The value of a plain annotation line of the block (kpt writes them unquoted or quoted). */
function annotation(block: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^\\s+['"]?${escaped}['"]?:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(block);
  if (match === null) return undefined;
  const raw = match[1] ?? '';
  if ((raw.startsWith("'") && raw.endsWith("'")) || (raw.startsWith('"') && raw.endsWith('"'))) return raw.slice(1, -1);
  return raw === '' ? undefined : raw;
}
