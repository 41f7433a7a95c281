import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { refusedUrl, startRig, type GatewayRig } from '../support/gateway-rig.js';

async function getModels(rig: GatewayRig): Promise<{ status: number; body: { data?: Array<{ id: string }>; error?: { code: string } } }> {
  const response = await fetch(`${rig.gateway.url}/v1/models`);
  return { status: response.status, body: await response.json() as { data?: Array<{ id: string }>; error?: { code: string } } };
}

describe('GET /v1/models through the gateway', () => {
  let rig: GatewayRig | undefined;
  afterEach(() => rig?.close());

  it('leaves out a backend that cannot answer', async () => {
    rig = await startRig({ backends: [{ models: ['only-model'] }], extraUrls: [await refusedUrl()] });
    const { status, body } = await getModels(rig);
    expect(status).to.equal(200);
    expect(body.data!.map((model) => model.id)).to.deep.equal(['only-model']);
  });

  it('answers 502 when no backend answers, 503 when every breaker is open', async () => {
    rig = await startRig({ backends: [], extraUrls: [await refusedUrl()], gateway: { breakerThreshold: 1, retries: 0 } });
    const unreachable = await getModels(rig);
    expect(unreachable.status).to.equal(502);
    expect(unreachable.body.error!.code).to.equal('upstream_error');
    await fetch(`${rig.gateway.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const open = await getModels(rig);
    expect(open.status).to.equal(503);
    expect(open.body.error!.code).to.equal('no_backend_available');
  });
});
