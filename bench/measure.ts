/** Small helpers every bench module uses to report a figure beside its target. */

export interface BenchModule {
  /** The key of this module's figures in the printed JSON. */
  name: string;
  /** Runs the measurements; `progress` lines go to stderr so stdout stays one JSON object. */
  run(progress: (line: string) => void): Promise<Record<string, unknown>>;
}

export interface Figure {
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

/** A measured value and whether it meets its target (`max`: at most, `min`: at least). */
export function figure(value: number, unit: string, target: { max: number } | { min: number }): Figure {
  const rounded = Math.round(value * 1000) / 1000;
  if ('max' in target)
    return { value: rounded, unit, target: `<= ${target.max} ${unit}`, pass: value <= target.max };
  return { value: rounded, unit, target: `>= ${target.min} ${unit}`, pass: value >= target.min };
}

/** p50/p95/max of samples in milliseconds, rounded to microseconds. */
export function latencies(samplesMs: number[]): {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
} {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return {
    count: sorted.length,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

/** Every `pass` in a tree of figures; true when there are none. */
export function allPass(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(allPass);
  if (value && typeof value === 'object') {
    return Object.entries(value).every(([key, inner]) => (key === 'pass' ? inner !== false : allPass(inner)));
  }
  return true;
}
