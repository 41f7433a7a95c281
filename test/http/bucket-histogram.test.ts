import { expect } from 'chai';
import { describe, it } from 'mocha';
import { Registry } from 'prom-client';
import { BucketHistogram } from '../../src/http/index.js';

describe('BucketHistogram', () => {
  it('is exposed by a prom-client registry as a Prometheus histogram: cumulative buckets, +Inf, sum and count per label value', async () => {
    // GIVEN a histogram with three bounds in a registry, and observations for two label values
    const registry = new Registry();
    const histogram = new BucketHistogram('demo_seconds', 'Demo latency', 'route', [0.1, 0.5, 1], registry);
    const chat = histogram.labels('/v1/chat/completions');
    for (const value of [0.05, 0.1, 0.3, 2]) chat.observe(value);
    histogram.labels('say "hi"\\now').observe(0.7);
    // WHEN the registry is scraped
    const text = await registry.metrics();
    // THEN a value on a bound counts in that bucket, each bucket includes the ones below, and label values are escaped
    expect(text).to.include('# HELP demo_seconds Demo latency\n# TYPE demo_seconds histogram\n');
    expect(text).to.include([
      'demo_seconds_bucket{le="0.1",route="/v1/chat/completions"} 2',
      'demo_seconds_bucket{le="0.5",route="/v1/chat/completions"} 3',
      'demo_seconds_bucket{le="1",route="/v1/chat/completions"} 3',
      'demo_seconds_bucket{le="+Inf",route="/v1/chat/completions"} 4',
      'demo_seconds_sum{route="/v1/chat/completions"} 2.45',
      'demo_seconds_count{route="/v1/chat/completions"} 4',
    ].join('\n'));
    expect(text).to.include('demo_seconds_bucket{le="1",route="say \\"hi\\"\\\\now"} 1');
    // AND the same series is handed out again for the same label value
    expect(histogram.labels('/v1/chat/completions')).to.equal(chat);
  });

  it('shows only the HELP and TYPE lines before anything is observed', async () => {
    const registry = new Registry();
    new BucketHistogram('idle_seconds', 'Nothing yet', 'route', [1], registry);
    expect((await registry.metrics()).trim()).to.equal('# HELP idle_seconds Nothing yet\n# TYPE idle_seconds histogram');
  });
});
