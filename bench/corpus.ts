import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32), so every run generates the same corpus. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes markdown files holding `sections` heading sections (one chunk each), made by recombining
 * sentences and words of the shipped notes, so the vocabulary and lengths are realistic.
 */
export function generateCorpus(dir: string, sections: number, knowledge = path.resolve(import.meta.dirname, '../knowledge')): void {
  const text = readdirSync(knowledge)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(path.join(knowledge, f), 'utf8'))
    .join('\n');
  const sentences = text.split(/(?<=[.!?])\s+|\n+/u).map((s) => s.replace(/^[#>*|`\-\s]+/u, '').trim()).filter((s) => s.length > 30);
  const vocab = [...new Set(text.toLowerCase().match(/[a-z]{4,}/gu) ?? [])];
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const perFile = 50;
  for (let f = 0; f * perFile < sections; f++) {
    const lines = [`# Generated topic ${f}: ${pick(vocab)} and ${pick(vocab)}`, ''];
    for (let s = 0; s < perFile && f * perFile + s < sections; s++) {
      lines.push(`## Section ${f}.${s}: ${pick(vocab)} ${pick(vocab)}`, '');
      const n = 2 + Math.floor(rand() * 4);
      for (let i = 0; i < n; i++) lines.push(`${pick(sentences)} ${pick(vocab)} ${pick(vocab)}.`);
      lines.push('');
    }
    writeFileSync(path.join(dir, `generated-${String(f).padStart(4, '0')}.md`), lines.join('\n'));
  }
}
