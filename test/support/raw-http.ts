/** Small raw-HTTP helpers for tests that must see exactly what goes over the wire. */
import { createParser } from 'eventsource-parser';
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left as text: some tests expect a body that is not JSON.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The `data:` payloads of an SSE body, in order, read by the repo's one SSE reader (eventsource-parser). */
export function sseData(text: string): string[] {
  const payloads: string[] = [];
  createParser({ onEvent: ({ data }) => payloads.push(data) }).feed(text);
  return payloads;
}

export const chatBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'mock-llm-v1',
  messages: [{ role: 'user', content: 'Tell me about gateways' }],
  ...extra,
});
