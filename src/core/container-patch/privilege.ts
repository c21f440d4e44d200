import { isJsonObject } from './json-pointer.ts';

/** A security-relevant property of a container that a reviewer must see when a patch turns it on. */
export interface PrivilegeCheck {
  id: string;
  /** The setting as a container field path, for the message. */
  field: string;
  /** What it means, completing "makes container X ...". */
  meaning: string;
  /** A comparable reading of the container; a change means some op touched it. */
  read: (container: Record<string, unknown>) => string;
  /** Whether the reading grants more than before. */
  escalates: (before: string, after: string) => boolean;
}

function securityContext(container: Record<string, unknown>): Record<string, unknown> {
  const sc = container['securityContext'];
  return isJsonObject(sc) ? sc : {};
}

function flag(field: string, value: unknown) {
  return (container: Record<string, unknown>): string => String(securityContext(container)[field] === value);
}

/** The `type` of a profile object under securityContext (seccompProfile, appArmorProfile). */
function profileType(profile: string, value: string) {
  return (container: Record<string, unknown>): string => {
    const p = securityContext(container)[profile];
    return String(isJsonObject(p) && p['type'] === value);
  };
}

function addedCapabilities(container: Record<string, unknown>): string {
  const caps = securityContext(container)['capabilities'];
  const add = isJsonObject(caps) ? caps['add'] : undefined;
  return JSON.stringify(Array.isArray(add) ? [...new Set(add.map(String))].sort() : []);
}

/** The capabilities in `after` that are not in `before` (both readings of addedCapabilities). */
export function newCapabilities(before: string, after: string): string[] {
  const had = new Set(JSON.parse(before) as string[]);
  return (JSON.parse(after) as string[]).filter((cap) => !had.has(cap));
}

const turnedOn = (before: string, after: string): boolean => before === 'false' && after === 'true';

/** What counts as a privilege escalation of the sidecar or init container, one row per setting. */
export const PRIVILEGE_CHECKS: readonly PrivilegeCheck[] = [
  {
    id: 'privileged',
    field: 'securityContext.privileged',
    meaning: 'privileged (full access to the node)',
    read: flag('privileged', true),
    escalates: turnedOn,
  },
  {
    id: 'allowPrivilegeEscalation',
    field: 'securityContext.allowPrivilegeEscalation',
    meaning: 'able to gain more privileges than its parent process',
    read: flag('allowPrivilegeEscalation', true),
    escalates: turnedOn,
  },
  { id: 'runAsRoot', field: 'securityContext.runAsUser', meaning: 'run as root (UID 0)', read: flag('runAsUser', 0), escalates: turnedOn },
  {
    id: 'runAsNonRootOff',
    field: 'securityContext.runAsNonRoot',
    meaning: 'allowed to run as root (runAsNonRoot: false)',
    read: flag('runAsNonRoot', false),
    escalates: turnedOn,
  },
  {
    id: 'seccompUnconfined',
    field: 'securityContext.seccompProfile.type',
    meaning: 'run without a seccomp profile (Unconfined)',
    read: profileType('seccompProfile', 'Unconfined'),
    escalates: turnedOn,
  },
  {
    id: 'appArmorUnconfined',
    field: 'securityContext.appArmorProfile.type',
    meaning: 'run without an AppArmor profile (Unconfined)',
    read: profileType('appArmorProfile', 'Unconfined'),
    escalates: turnedOn,
  },
  {
    id: 'procMountUnmasked',
    field: 'securityContext.procMount',
    meaning: 'see an unmasked /proc (procMount: Unmasked)',
    read: flag('procMount', 'Unmasked'),
    escalates: turnedOn,
  },
  {
    id: 'capabilities',
    field: 'securityContext.capabilities.add',
    meaning: 'hold extra Linux capabilities',
    read: addedCapabilities,
    escalates: (before, after) => newCapabilities(before, after).length > 0,
  },
];

/** The reading of every check, in table order. */
export function readPrivileges(container: Record<string, unknown>): string[] {
  return PRIVILEGE_CHECKS.map((check) => check.read(container));
}
