import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS (module.exports = fn) typed as an ES default export.
type RobotsParserFn = typeof import('robots-parser').default;
const robotsParser: RobotsParserFn =
  ((robotsParserModule as unknown as { default?: RobotsParserFn }).default ?? robotsParserModule) as RobotsParserFn;

export interface RobotsRules {
  isAllowed(url: string): boolean;
  crawlDelaySeconds: number | undefined;
}

const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelaySeconds: undefined };

/** Rules from a robots.txt body for our user-agent token. */
export function parseRobots(robotsUrl: string, body: string, agent: string): RobotsRules {
  const r = robotsParser(robotsUrl, body);
  return {
    // robots-parser returns undefined for URLs of another origin: those are not ours to judge.
    isAllowed: (url) => r.isAllowed(url, agent) !== false,
    crawlDelaySeconds: r.getCrawlDelay(agent),
  };
}

export interface RobotsCacheOptions {
  /** How long a robots.txt is trusted. Default 1 hour. */
  ttlMs?: number;
  /** Hosts kept at most (oldest dropped first). Default 10,000. */
  maxEntries?: number;
}

type Loader = (robotsUrl: string) => Promise<{ status: number; body: string } | 'unavailable'>;

/**
 * robots.txt per origin, cached in memory. As Google does: a 4xx robots.txt allows everything; a
 * 5xx or unreachable one disallows the host until the entry expires (a shorter time: 5 minutes).
 */
export class RobotsCache {
  private readonly entries = new Map<string, { rules: RobotsRules | 'unavailable'; expires: number }>();
  private readonly inflight = new Map<string, Promise<RobotsRules | 'unavailable'>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly agent: string,
    private readonly load: Loader,
    opts: RobotsCacheOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 3_600_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  /** The rules for a URL's origin, or 'unavailable' when robots.txt could not be read (5xx, network). */
  async rulesFor(url: URL): Promise<RobotsRules | 'unavailable'> {
    const origin = url.origin;
    const hit = this.entries.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    let p = this.inflight.get(origin);
    if (!p) {
      p = this.fetchRules(origin).finally(() => this.inflight.delete(origin));
      this.inflight.set(origin, p);
    }
    return p;
  }

  private async fetchRules(origin: string): Promise<RobotsRules | 'unavailable'> {
    const robotsUrl = `${origin}/robots.txt`;
    const res = await this.load(robotsUrl);
    let rules: RobotsRules | 'unavailable';
    let ttl = this.ttlMs;
    if (res === 'unavailable' || res.status >= 500) {
      rules = 'unavailable';
      ttl = Math.min(ttl, 300_000);
    } else if (res.status >= 400) rules = ALLOW_ALL;
    else rules = parseRobots(robotsUrl, res.body, this.agent);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(origin, { rules, expires: Date.now() + ttl });
    return rules;
  }
}
