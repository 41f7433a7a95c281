import { Counter, type Registry } from 'prom-client';

/** The label sets and values of a counter, read when it is scraped. */
export type CounterSamples = Iterable<readonly [Readonly<Record<string, string>>, number]>;

/**
 * A Prometheus counter whose values live in plain numbers elsewhere and are
 * copied in when /metrics is scraped. prom-client checks and hashes the label
 * set on every update, which costs more than the rest of a request's
 * bookkeeping; here a request only adds to a number.
 */
export function collectedCounter(registry: Registry, name: string, help: string, labelNames: readonly string[], read: () => CounterSamples): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}
