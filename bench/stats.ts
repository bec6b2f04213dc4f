/** Order statistics over latency samples (ms). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}

export function median(values: readonly number[]): number {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

export function summarize(samples: Float64Array): { median: number; p99: number } {
  const sorted = samples.slice().sort();
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}
