import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** The ports a bare allow-list entry opens: the web's. */
export const WEB_PORTS: readonly number[] = [80, 443];

/** Ports an entry opens: a list, or every port ("host:*"). */
type Ports = ReadonlySet<number> | 'any';

type LookupFn = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

function portsAllow(ports: Ports, port: number): boolean {
  return ports === 'any' || ports.has(port);
}

function describePorts(ports: Ports): string {
  return ports === 'any' ? 'every port' : `port${ports.size === 1 ? '' : 's'} ${[...ports].sort((a, b) => a - b).join(', ')}`;
}

/** The port a URL connects to (its explicit port, else the scheme's default). */
export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Splits an allow-list entry into its host (or CIDR range) and ports: "host" (web ports 80 and
 * 443), "host:8080", "host:*" (every port, said explicitly), "[::1]:8080", "10.1.0.0/16",
 * "10.1.0.0/16:8080", "[fd00::/8]:8080". A bare IPv6 address or range needs no brackets.
 */
function parseEntry(entry: string): { host: string; ports: Ports } {
  let host = entry;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.+))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if ((entry.match(/:/g) ?? []).length === 1) {
    const at = entry.lastIndexOf(':');
    host = entry.slice(0, at);
    port = entry.slice(at + 1);
  }
  if (!host) throw new TypeError(`FETCH_ALLOW_HOSTS: no host in ${JSON.stringify(entry)}`);
  if (port === undefined) return { host, ports: new Set(WEB_PORTS) };
  if (port === '*') return { host, ports: 'any' };
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) throw new TypeError(`FETCH_ALLOW_HOSTS: not a port in ${JSON.stringify(entry)} (use host, host:PORT or host:*)`);
  return { host, ports: new Set([n]) };
}

function mergePorts(a: Ports | undefined, b: Ports): Ports {
  if (a === undefined) return b;
  if (a === 'any' || b === 'any') return 'any';
  return new Set([...a, ...b]);
}

/**
 * Which destinations the client may reach. By default only public unicast addresses (any port).
 * `allow` opens private destinations, each on named ports: host names or IP literals as written
 * in the URL ("localhost", "127.0.0.1:8080": an entry opens that URL host, not other names that
 * resolve to the same address) and CIDR ranges ("10.1.0.0/16": any name resolving into the
 * range). A bare entry opens the web ports only (80, 443); "host:PORT" that port; "host:*" every
 * port. So an allowed fixture host does not open the Redis or Postgres on the same machine.
 */
export class SsrfPolicy {
  private readonly hosts = new Map<string, Ports>();
  private readonly ranges: { net: ipaddr.IPv4 | ipaddr.IPv6; bits: number; ports: Ports }[] = [];
  private readonly lookups = new Map<number, LookupFn>();

  constructor(allow: readonly string[] = []) {
    for (const raw of allow) {
      const e = raw.trim().toLowerCase();
      if (!e) continue;
      const { host, ports } = parseEntry(e);
      if (host.includes('/')) {
        let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
        try {
          range = ipaddr.parseCIDR(host);
        } catch {
          throw new TypeError(`not a CIDR range: ${JSON.stringify(raw)}`);
        }
        this.ranges.push({ net: range[0], bits: range[1], ports });
        continue;
      }
      const h = normalizeHost(host);
      this.hosts.set(h, mergePorts(this.hosts.get(h), ports));
    }
  }

  /** True when the host name (or IP literal) was named in the allow-list for this port. */
  hostAllowed(host: string, port: number): boolean {
    const ports = this.hosts.get(normalizeHost(host));
    return ports !== undefined && portsAllow(ports, port);
  }

  /** True when connecting to this address on this port is allowed (public unicast, or allow-listed). */
  addressAllowed(address: string, port: number, host?: string): boolean {
    if (host !== undefined && this.hostAllowed(host, port)) return true;
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return false;
    }
    for (const r of this.ranges) {
      if (r.net.kind() === ip.kind() && ip.match(r.net, r.bits) && portsAllow(r.ports, port)) return true;
    }
    return ip.range() === 'unicast';
  }

  /** The reason a URL's host and port are refused before any DNS lookup, or undefined. */
  literalRefusal(url: URL): string | undefined {
    const host = normalizeHost(url.hostname);
    const port = portOf(url);
    if (this.hostAllowed(host, port)) return undefined;
    const named = this.hosts.get(host);
    if (named !== undefined) return `refused: port ${port} of ${host} is not allowed (FETCH_ALLOW_HOSTS opens ${describePorts(named)} there)`;
    if (ipaddr.isValid(host)) {
      if (this.addressAllowed(host, port)) return undefined;
      const ip = ipaddr.process(host);
      const range = this.ranges.find((r) => r.net.kind() === ip.kind() && ip.match(r.net, r.bits));
      if (range) return `refused: port ${port} of ${host} is not allowed (FETCH_ALLOW_HOSTS opens ${describePorts(range.ports)} of its range)`;
      return `refused: ${host} is a ${ip.range()} address`;
    }
    if (host === 'localhost' || host.endsWith('.localhost')) return 'refused: localhost';
    return undefined;
  }

  /**
   * A drop-in for dns.lookup, for connections to `port`, that fails with an SsrfRefusal when the
   * host resolves to a refused address. Used as the connect-time lookup, so the check applies to
   * the address actually connected to (DNS rebinding).
   */
  lookupFor(port: number): LookupFn {
    let fn = this.lookups.get(port);
    if (fn) return fn;
    fn = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        const list = addresses as LookupAddress[];
        const refused = list.find((a) => !this.addressAllowed(a.address, port, hostname));
        if (refused || list.length === 0) return callback(new SsrfRefusal(hostname, refused?.address ?? '(none)', port), '', 0);
        if (options.all) return callback(null, list);
        const first = list[0]!;
        return callback(null, first.address, first.family);
      });
    };
    this.lookups.set(port, fn);
    return fn;
  }
}

export class SsrfRefusal extends Error {
  override name = 'SsrfRefusal';
  readonly code = 'ESSRF';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly port: number,
  ) {
    super(`refused: ${host} resolves to ${address}, which is not a public address (or not allowed on port ${port})`);
  }
}

function normalizeHost(h: string): string {
  return h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
