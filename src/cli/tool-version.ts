import packageJson from '../../package.json' with { type: 'json' };

/** The version of kuma-inject itself (not of the mesh it reproduces), inlined at build time. */
export const TOOL_VERSION: string = packageJson.version;
