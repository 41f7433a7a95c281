import type { Metric, Registry } from 'prom-client';

/** One label value's observations: a bucket search and three additions each. */
export class HistogramSeries {
  /** Per bucket, the observations at most its bound and above the one before; the last slot counts those above every bound. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    this.counts[index]!++;
    this.sum += value;
    this.count++;
  }
}

interface SampleValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName: string;
}

/**
 * A Prometheus histogram with one label, for code that observes on every
 * request. prom-client's histograms (their label-bound children too) check
 * and hash the label set on every observation; here a series is looked up
 * once and an observation touches plain numbers. It registers in a
 * prom-client registry and is exposed with its other metrics.
 */
export class BucketHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    // The registry reads only the name, type, help and get() of what it holds; prom-client types it as its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of one label value; keep it rather than looking it up per observation. */
  labels(value: string): HistogramSeries {
    let series = this.series.get(value);
    if (series === undefined) {
      series = new HistogramSeries(this.bounds);
      this.series.set(value, series);
    }
    return series;
  }

  /** The samples in prom-client's shape: cumulative `_bucket`s up to `+Inf`, then `_sum` and `_count`, per label value. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: SampleValue[] }> {
    const values: SampleValue[] = [];
    for (const [labelValue, series] of this.series) {
      let cumulative = 0;
      for (let index = 0; index <= this.bounds.length; index++) {
        cumulative += series.counts[index]!;
        const le = index < this.bounds.length ? this.bounds[index]! : '+Inf';
        values.push({ value: cumulative, labels: { le, [this.labelName]: labelValue }, metricName: `${this.name}_bucket` });
      }
      values.push({ value: series.sum, labels: { [this.labelName]: labelValue }, metricName: `${this.name}_sum` });
      values.push({ value: series.count, labels: { [this.labelName]: labelValue }, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}
