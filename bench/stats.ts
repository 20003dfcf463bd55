/** Percentile helpers shared by the benchmarks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export type Summary = { n: number; p50: number; p95: number; p99: number; max: number };

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

export function line(label: string, s: Summary): string {
  return `${label.padEnd(44)} n=${String(s.n).padStart(4)}  p50 ${fmt(s.p50).padStart(9)}  p95 ${fmt(s.p95).padStart(9)}  p99 ${fmt(s.p99).padStart(9)}`;
}

/** Times an async function `n` times after `warmup` untimed runs; returns milliseconds per call. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown>, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** A study session's worth of questions, for the burst benchmarks. */
export const BURST_QUESTIONS = [
  'How does LoRA reduce trainable parameters?',
  'In what year was the term AI coined?',
  'What is RLHF?',
  'How does self-attention work?',
  'What is chain-of-thought prompting?',
  'Which benchmarks measure reasoning?',
  'What did InstructGPT add to GPT-3?',
  'What is Llama Guard used for?',
  'How does CLIP connect images and text?',
  'What is the difference between fine-tuning and prompting?',
];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
