/**
 * Generators of hostile YAML shapes for the reading-limit tests: alias bombs ("billion laughs")
 * in several styles and places, and deep nesting. Each returns a whole Deployment document
 * whose pod template joins the mesh, so a document that got through would be injected.
 */

export type BombStyle = 'flow-seq' | 'block-seq' | 'flow-map' | 'block-map';
/** Where the bomb sits: a field the injector knows (nodeSelector values) or an unknown one. */
export type BombPlace = 'unknown-field' | 'known-field';

const HEAD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web, kuma.io/sidecar-injection: enabled}}',
  '    spec:',
  '      containers: [{name: app, image: nginx}]',
];

/** The Namespace the Deployment lives in, labelled for injection. */
export const SHOP_NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}\n';

/** `levels` anchors, each made of `width` aliases to the one before: width^levels nodes expanded. */
export function aliasBomb(levels: number, width: number, style: BombStyle, place: BombPlace): string {
  const lines = [...HEAD, place === 'unknown-field' ? '      x-extension:' : '      affinity:'];
  const indent = place === 'unknown-field' ? '        ' : '        ';
  lines.push(`${indent}l0: &l0 lol`);
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: width }, (_, k) => (style.endsWith('map') ? `k${k}: *l${i - 1}` : `*l${i - 1}`));
    if (style === 'flow-seq') lines.push(`${indent}l${i}: &l${i} [${refs.join(', ')}]`);
    else if (style === 'flow-map') lines.push(`${indent}l${i}: &l${i} {${refs.join(', ')}}`);
    else {
      lines.push(`${indent}l${i}: &l${i}`);
      for (const ref of refs) lines.push(`${indent}  ${style === 'block-seq' ? '- ' : ''}${ref}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A Deployment with `depth` levels of nesting in total under an unknown pod-spec field. */
export function deepDocument(depth: number, style: 'flow' | 'block'): string {
  // The document, spec, template and spec take 4 levels, the innermost scalar 1 more; block
  // style adds the field's own mapping.
  if (style === 'flow') {
    const brackets = depth - 5;
    return `${[...HEAD, `      x-deep: ${'['.repeat(brackets)}1${']'.repeat(brackets)}`].join('\n')}\n`;
  }
  const inner = depth - 6;
  const lines = [...HEAD, '      x-deep:'];
  for (let i = 0; i < inner; i++) lines.push(`${' '.repeat(8 + i)}a:`);
  lines.push(`${' '.repeat(8 + inner)}b: 1`);
  return `${lines.join('\n')}\n`;
}
