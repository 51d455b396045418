import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Which destinations the client may reach. By default only public unicast addresses; `allow`
 * opens named hosts (exact host names or IP literals as written in the URL, e.g. "localhost",
 * "127.0.0.1": an entry opens that URL host, not other names that resolve to the same address)
 * and CIDR ranges ("10.1.0.0/16": any name resolving into the range), for tests and local fixtures.
 */
export class SsrfPolicy {
  private readonly hosts = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(allow: readonly string[] = []) {
    for (const entry of allow) {
      const e = entry.trim().toLowerCase();
      if (!e) continue;
      if (e.includes('/')) {
        try {
          this.ranges.push(ipaddr.parseCIDR(e));
          continue;
        } catch {
          throw new TypeError(`not a CIDR range: ${JSON.stringify(entry)}`);
        }
      }
      this.hosts.add(normalizeHost(e));
    }
  }

  /** True when the host name (or IP literal) was named in the allow-list. */
  hostAllowed(host: string): boolean {
    return this.hosts.has(normalizeHost(host));
  }

  /** True when connecting to this address is allowed (public unicast, or allow-listed). */
  addressAllowed(address: string, host?: string): boolean {
    if (host !== undefined && this.hostAllowed(host)) return true;
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return false;
    }
    for (const [net, bits] of this.ranges) {
      if (net.kind() === ip.kind() && ip.match(net, bits)) return true;
    }
    return ip.range() === 'unicast';
  }

  /** The reason a URL's host is refused before any DNS lookup (IP literals), or undefined. */
  literalRefusal(url: URL): string | undefined {
    const host = normalizeHost(url.hostname);
    if (this.hostAllowed(host)) return undefined;
    if (ipaddr.isValid(host)) {
      return this.addressAllowed(host) ? undefined : `refused: ${host} is a ${ipaddr.process(host).range()} address`;
    }
    if (host === 'localhost' || host.endsWith('.localhost')) return 'refused: localhost';
    return undefined;
  }

  /**
   * A drop-in for dns.lookup that fails with an SsrfRefusal when the host resolves to a refused
   * address. Used as the connect-time lookup, so the check applies to the address actually connected to.
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !this.addressAllowed(a.address, hostname));
      if (refused || list.length === 0) {
        const e = new SsrfRefusal(hostname, refused?.address ?? '(none)');
        return callback(e, '', 0);
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

export class SsrfRefusal extends Error {
  override name = 'SsrfRefusal';
  readonly code = 'ESSRF';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refused: ${host} resolves to ${address}, which is not a public address`);
  }
}

function normalizeHost(h: string): string {
  return h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
