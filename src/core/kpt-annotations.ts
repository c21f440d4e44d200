/**
 * The annotations kpt and kustomize use on every item (KRM functions spec; krm-ecosystem.md §0).
 * kpt reads files from both the current and the legacy spelling, so we write and read both.
 */
export const KPT = {
  path: 'internal.config.kubernetes.io/path',
  index: 'internal.config.kubernetes.io/index',
  legacyPath: 'config.kubernetes.io/path',
  legacyIndex: 'config.kubernetes.io/index',
  /** kpt fn render: the absolute path of the (sub)package an item was read from. */
  packagePath: 'internal.config.kubernetes.io/package-path',
  /** Never applied to a cluster. */
  localConfig: 'config.kubernetes.io/local-config',
} as const;

/** The annotations that place an item in a file of the package. */
export const KPT_PLACEMENT: ReadonlySet<string> = new Set([KPT.path, KPT.index, KPT.legacyPath, KPT.legacyIndex]);
