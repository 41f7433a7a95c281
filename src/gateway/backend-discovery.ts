import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { labelOf, type Backend, type BackendPool } from './backend-pool.js';
import { RepeatingTask } from './repeating-task.js';

/** Every address a host name resolves to now, in a stable order. */
export type ResolveAddresses = (hostname: string) => Promise<string[]>;

/**
 * The system resolver (getaddrinfo): /etc/hosts and resolv.conf's search
 * domains apply, so a short Service name resolves inside a pod as it does
 * for any other client there.
 */
export const resolveWithSystem: ResolveAddresses = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return sortedUnique(answers.map((answer) => answer.address));
};

/**
 * Asks the given DNS servers (`ip` or `ip:port`, `[ipv6]:port`) for A and
 * AAAA records directly, without /etc/hosts or search domains: use a fully
 * qualified name. Throws on a malformed server address.
 */
export function dnsServerResolver(servers: readonly string[]): ResolveAddresses {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([...servers]);
  return async (hostname) => {
    const families = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = families.flatMap((family) => (family.status === 'fulfilled' ? family.value : []));
    if (addresses.length > 0) return sortedUnique(addresses);
    // Both failed or both were empty: report the A query's reason (ENOTFOUND, ETIMEOUT...).
    const [v4] = families;
    throw v4.status === 'rejected' ? v4.reason : new Error(`${hostname} has no A or AAAA record`);
  };
}

function sortedUnique(addresses: readonly string[]): string[] {
  return [...new Set(addresses)].sort();
}

/**
 * Whether a configured backend URL is followed by discovery: plain HTTP to a
 * host name. An IP literal has nothing to resolve, and an https URL keeps its
 * name, which its certificate is checked against.
 */
export function isDiscoverable(url: URL): boolean {
  return url.protocol === 'http:' && isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0;
}

/** The URL with its host name replaced by one resolved address (port, path and credentials kept). */
export function addressUrl(url: URL, address: string): string {
  const copy = new URL(url.href);
  copy.hostname = isIP(address) === 6 ? `[${address}]` : address;
  return copy.href;
}

export interface DiscoveryEvents {
  added(source: string, backend: Backend): void;
  removed(source: string, backend: Backend): void;
  drained(source: string, backend: Backend): void;
  /** A resolution failed; the source keeps the addresses it had. */
  failed(source: string, error: Error): void;
  resolved(source: string, addresses: number): void;
}

export interface DiscoveryOptions {
  readonly intervalMs: number;
  readonly resolve: ResolveAddresses;
}

/**
 * DNS backend discovery: each discoverable backend URL (a headless Service
 * name, say) stands for every address its name resolves to, one backend
 * each, with its own breaker, balancing weight and metrics. The names are
 * resolved again every interval: a new address joins the pool, a vanished one
 * takes no new tries and is dropped once the tries in progress on it end.
 * A failed or empty answer keeps the addresses already known, so a DNS
 * outage never empties the pool.
 */
export class BackendDiscovery {
  private stopped = false;
  private readonly sources: ReadonlyMap<string, URL>;
  private readonly repeating: RepeatingTask;

  constructor(
    private readonly pool: BackendPool,
    urls: readonly URL[],
    private readonly options: DiscoveryOptions,
    private readonly events: DiscoveryEvents,
  ) {
    this.sources = new Map(urls.map((url) => [labelOf(url), url]));
    this.repeating = new RepeatingTask(this.sources.size > 0 ? options.intervalMs : 0, () => this.refresh());
  }

  /** Resolves every name once and updates the pool; never rejects. */
  async refresh(): Promise<void> {
    await Promise.all([...this.sources].map(([source, url]) => this.refreshSource(source, url)));
  }

  start(): void {
    this.repeating.start();
  }

  stop(): void {
    this.stopped = true;
    this.repeating.stop();
  }

  private async refreshSource(source: string, url: URL): Promise<void> {
    let addresses: string[];
    try {
      addresses = await this.options.resolve(url.hostname);
    } catch (error) {
      this.events.failed(source, error as Error);
      return;
    }
    if (this.stopped) return;
    this.events.resolved(source, addresses.length);
    const change = this.pool.replaceSource(source, addresses.map((address) => addressUrl(url, address)));
    for (const backend of change.added) this.events.added(source, backend);
    for (const backend of change.removed) {
      this.events.removed(source, backend);
      void backend.drain().then(() => this.events.drained(source, backend));
    }
  }
}
