import { Counter, type Registry } from 'prom-client';

/**
 * Prometheus' standard `process_cpu_seconds_total` (user + system CPU of this
 * process since it started), read at scrape time, so serving a request updates
 * nothing for it. Not prom-client's collectDefaultMetrics: that also starts a
 * GC observer and an event-loop-delay timer per registry, never stopped, whose
 * callbacks run between requests (twice in a gateway with its embedded mock),
 * and it counts CPU from its own registration rather than from process start.
 * A gateway and its embedded mock each expose the series in their own registry:
 * both report the one process they share.
 */
export function registerProcessCpu(registry: Registry): void {
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds.',
    registers: [registry],
    collect() {
      const { user, system } = process.cpuUsage();
      this.reset();
      this.inc((user + system) / 1e6);
    },
  });
}
