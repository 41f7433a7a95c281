const counterName = 'process_cpu_seconds_total';

/**
 * The value of the first `process_cpu_seconds_total` sample in a Prometheus
 * text exposition (with or without labels, with or without a timestamp);
 * undefined when there is none or its value is not a non-negative number.
 */
export function readProcessCpuSeconds(text: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(counterName)) continue;
    const next = line.charAt(counterName.length);
    if (next !== ' ' && next !== '{') continue;
    const afterLabels = next === '{' ? line.indexOf('}', counterName.length) + 1 : counterName.length;
    if (afterLabels === 0) return undefined;
    const value = Number(line.slice(afterLabels).trim().split(/\s+/)[0]);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  return undefined;
}

export type CpuScrape = { readonly cpuSeconds: number } | { readonly problem: string };

/** One GET of a /metrics page: the target's CPU seconds so far, or why there are none (never throws). */
export async function scrapeProcessCpu(url: string, timeoutMs: number): Promise<CpuScrape> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) return { problem: `HTTP ${response.status}` };
    const cpuSeconds = readProcessCpuSeconds(text);
    return cpuSeconds === undefined ? { problem: `no ${counterName} series (not Prometheus text, or no such counter)` } : { cpuSeconds };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { problem: cause ?? (error as Error).message };
  }
}
