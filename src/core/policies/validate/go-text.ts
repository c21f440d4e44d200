/**
 * Error texts of Go libraries that Kuma's validators quote: go-spiffe's `spiffeid.FromString` and
 * Kubernetes' `validation.IsDNS1123Subdomain`.
 */

/** The go-spiffe error for an invalid SPIFFE ID, undefined when it parses. */
export function spiffeIdError(id: string): string | undefined {
  if (id === '') return 'cannot be empty';
  if (!id.startsWith('spiffe://')) return 'scheme is missing or invalid';
  const rest = id.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
  for (const c of trustDomain) {
    if (!/[a-z0-9.\-_]/.test(c)) return 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores';
  }
  if (trustDomain === '') return 'trust domain is missing';
  if (slash === -1) return undefined;
  const path = rest.slice(slash);
  const segments = path.split('/').slice(1);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === '') return i === segments.length - 1 ? 'path cannot have a trailing slash' : 'path cannot contain empty segments';
    if (segment === '.' || segment === '..') return 'path cannot contain dot segments';
    if (!/^[a-zA-Z0-9.\-_]+$/.test(segment))
      return 'path segment characters are limited to letters, numbers, dots, dashes, and underscores';
  }
  return undefined;
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** `IsDNS1123Subdomain`: the Kubernetes messages, empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errors;
}

const WIN_PATH = /^[a-zA-Z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]*$/;
const UNIX_PATH = /^(\/[^/\x00]*)+\/?$/;

/** govalidator's `IsFilePath`: a Windows or a Unix absolute path. */
export function isFilePath(path: string): boolean {
  return WIN_PATH.test(path) || UNIX_PATH.test(path);
}

/** `netutils.ParseIPSloppy(s) != nil`: an IPv4 address (leading zeros allowed) or an IPv6 address. */
export function isIpAddress(s: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((part) => Number(part) <= 255);
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  const last = all[all.length - 1] ?? '';
  const ipv4Tail = last.includes('.');
  if (ipv4Tail && !isIpAddress(last)) return false;
  const hexGroups = ipv4Tail ? all.slice(0, -1) : all;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (ipv4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** What Go's `url.ParseRequestURI` yields for the parts Kuma checks; undefined when it fails. */
export interface RequestUri {
  scheme: string;
  opaque: string;
  user: boolean;
  host: string;
  port: string;
  path: string;
  query: string;
}

export function parseRequestUri(raw: string): RequestUri | undefined {
  if (raw === '' || /[\x00-\x1f\x7f ]/.test(raw)) return undefined;
  const queryAt = raw.indexOf('?');
  const query = queryAt === -1 ? '' : raw.slice(queryAt + 1);
  const rest = queryAt === -1 ? raw : raw.slice(0, queryAt);
  if (rest.startsWith('/')) return { scheme: '', opaque: '', user: false, host: '', port: '', path: rest, query };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(rest);
  if (scheme === null) return undefined;
  const after = scheme[2] as string;
  if (!after.startsWith('//')) {
    // An absolute URI without authority: opaque unless it is a rooted path.
    return after.startsWith('/')
      ? { scheme: scheme[1] as string, opaque: '', user: false, host: '', port: '', path: after, query }
      : { scheme: scheme[1] as string, opaque: after, user: false, host: '', port: '', path: '', query };
  }
  const authorityEnd = after.indexOf('/', 2);
  const authority = authorityEnd === -1 ? after.slice(2) : after.slice(2, authorityEnd);
  const path = authorityEnd === -1 ? '' : after.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort);
  if (m === null) return undefined;
  const port = m[2] ?? '';
  if (!/^\d*$/.test(port)) return undefined;
  return { scheme: scheme[1] as string, opaque: '', user: at !== -1, host: m[1] as string, port, path, query };
}

const HOST_LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOSTNAME = new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})*\\.?$`);

/**
 * govalidator's `IsURL`, narrowed to what Kuma's collector URLs need: an http(s)-like URL (the
 * scheme may be left out) whose host is a DNS name or an IP address, with an optional numeric port.
 */
export function isUrl(raw: string): boolean {
  if (raw === '' || raw.length >= 2083 || /\s/.test(raw) || raw.startsWith('.')) return false;
  const withScheme = raw.includes('://') ? raw : `http://${raw}`;
  const parsed = parseRequestUri(withScheme);
  if (parsed === undefined || parsed.host === '') return false;
  if (parsed.port !== '' && (Number(parsed.port) < 1 || Number(parsed.port) > 65535)) return false;
  const host = parsed.host.startsWith('[') ? parsed.host.slice(1, -1) : parsed.host;
  return isIpAddress(host) || HOSTNAME.test(host);
}
