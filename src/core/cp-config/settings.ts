import type { ControlPlaneInstall, InstallLookups, InstallSettingsOutcome } from './install.ts';
import type { CpConfigRelease } from './key-table.ts';

/**
 * kuma-cp's effective config for an install (Go defaults ← config file ← env, PostProcess,
 * Validate) and the injector settings that follow from it.
 */
export function settingsFromInstall(install: ControlPlaneInstall, lookups: InstallLookups, release: CpConfigRelease): InstallSettingsOutcome {
  void install; void lookups; void release;
  throw new Error('settingsFromInstall: not implemented yet');
}
