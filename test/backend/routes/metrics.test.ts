import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../../src/backend/index.js';
import { chatBody, postJson } from '../../support/raw-http.js';

describe('GET /metrics', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 0 });
  });
  after(() => backend.close());

  it('exposes request, token, latency and cancellation metrics in Prometheus text format', async () => {
    await postJson(`${backend.url}/v1/chat/completions`, chatBody({ max_tokens: 3 }));
    await postJson(`${backend.url}/v1/chat/completions`, chatBody({ max_tokens: 2, stream: true }));
    await fetch(`${backend.url}/nope`);
    const response = await fetch(`${backend.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    expect(text).to.include('http_requests_total{method="POST",route="/v1/chat/completions",status="200"} 2');
    expect(text).to.include('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).to.include('vllm:generation_tokens_total{model_name="mock-llm-v1"} 5');
    expect(text).to.include('vllm:prompt_tokens_total{model_name="mock-llm-v1"} 8');
    expect(text).to.include('vllm:request_success_total{model_name="mock-llm-v1",finished_reason="length"} 2');
    expect(text).to.include('vllm:time_to_first_token_seconds_count{model_name="mock-llm-v1"} 2');
    expect(text).to.include('vllm:inter_token_latency_seconds_count{model_name="mock-llm-v1"} 1');
    expect(text).to.include('vllm:e2e_request_latency_seconds_count{model_name="mock-llm-v1"} 2');
    expect(text).to.include('vllm:num_requests_running{model_name="mock-llm-v1"} 0');
    expect(text).to.include('# TYPE mock_llm_requests_cancelled_total counter');
  });
});
