import { DEFAULT_VERSION, VERSION_PROFILES, type VersionProfile } from '../config/releases.ts';
import { TOOL_VERSION } from './tool-version.ts';

/**
 * `kuma-inject version`: the tool's own version and, per version profile of the release table,
 * the exact Kong Mesh and Kuma releases it reproduces (the tags its conformance goldens come
 * from). `--version` is not this: it is the `version` setting (which profile to use), as in
 * Kptfiles and KumaInject objects.
 */
export function versionText(nodeVersion: string): string {
  const width = Math.max(...VERSION_PROFILES.map((p) => p.version.length)) + 2;
  const rows = VERSION_PROFILES.map(
    (p) => `  ${p.version.padEnd(width)}${reproduces(p)}${p.version === DEFAULT_VERSION ? ' (default)' : ''}`,
  );
  return [
    `kuma-inject ${TOOL_VERSION} (Node ${nodeVersion})`,
    'Version profiles (the `version` setting, --version on the command line) and what they reproduce:',
    ...rows,
    '',
  ].join('\n');
}

function reproduces(profile: VersionProfile): string {
  const p = profile.provenance;
  if (p.kind === 'preview') return `preview of ${p.line} at commit ${p.commit.slice(0, 12)} (${p.date}), not a release`;
  const release = p.tag.replace(/^v/, '');
  // Kong Mesh x.y.z ships the Kuma x.y.z chart and images (see src/config/profiles.ts).
  return `Kong Mesh ${release}, Kuma ${release}`;
}
