import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../../src/adapters/discord/split.ts';

/** A small seeded PRNG so the generated texts are the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['LoRA', 'adapters', 'freeze', 'the', 'base', '**rank**', 'weights', '`W0`', 'and', 'train', 'low-rank', 'matrices', 'https://example.org/a_b', '@everyone'];

/** Markdown like the core produces: sentences with [n] citations, bullets, headings, code fences. */
function generate(seed: number, size: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const sentence = () => `${Array.from({ length: 3 + Math.floor(r() * 25) }, () => pick(WORDS)).join(' ')}${pick(['.', '?', '!', '.'])}${r() < 0.6 ? ` [${1 + Math.floor(r() * 12)}]` : ''}`;
  const out: string[] = [];
  let length = 0;
  while (length < size) {
    const roll = r();
    let block: string;
    if (roll < 0.1) block = ['```ts', ...Array.from({ length: 2 + Math.floor(r() * 40) }, (_, i) => `const x${i} = ${'y'.repeat(Math.floor(r() * 80))};`), '```'].join('\n');
    else if (roll < 0.3) block = Array.from({ length: 2 + Math.floor(r() * 5) }, () => `• ${sentence()}`).join('\n');
    else if (roll < 0.35) block = 'z'.repeat(Math.floor(r() * 5000)); // one token with no whitespace at all
    else block = Array.from({ length: 1 + Math.floor(r() * 30) }, sentence).join(' ');
    out.push(block, '');
    length += block.length + 1;
  }
  return out.join('\n');
}

const citations = (s: string) => (s.match(/\[\d+\]/gu) ?? []).length;
const fenceMarkers = (s: string) => s.split('\n').filter((l) => l.trimStart().startsWith('```')).length;
const bare = (s: string) => s.replace(/```\w*/gu, '').replace(/\s+/gu, '');

describe('splitMessage', () => {
  it('returns short text unchanged, and no chunks for blank text', () => {
    expect(splitMessage('Hello **there** [1]', 2000)).toEqual(['Hello **there** [1]']);
    expect(splitMessage(' \n\n ', 2000)).toEqual([]);
  });

  it('packs whole lines into each chunk when lines are shorter than the limit', () => {
    const lines = Array.from({ length: 9 }, (_, i) => `• line ${i} ${'x'.repeat(90)}`);
    const chunks = splitMessage(lines.join('\n'), 250);
    expect(chunks).toEqual([0, 2, 4, 6, 8].map((i) => lines.slice(i, i + 2).join('\n')));
  });

  it('splits a long paragraph at sentence ends and keeps each citation with its sentence', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something about adapters. [${(i % 9) + 1}]`).join(' ');
    const chunks = splitMessage(text, 300);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(300);
      expect(c).toMatch(/^Sentence number \d+/u);
      expect(c).toMatch(/\. \[\d\]$/u);
    }
  });

  it('never cuts a citation, even where only a hard cut is possible', () => {
    const text = `${'a'.repeat(95)}[12]${'b'.repeat(200)}`;
    const chunks = splitMessage(text, 97);
    expect(chunks.join('')).toBe(text);
    expect(chunks.some((c) => c.includes('[12]'))).toBe(true);
  });

  it('keeps a fenced block whole in one chunk when it fits in a chunk', () => {
    const fence = ['```python', ...Array.from({ length: 12 }, (_, i) => `print(${i}) # ${'c'.repeat(40)}`), '```'].join('\n');
    const text = [`${'intro '.repeat(60)}`, fence, 'outro '.repeat(60)].join('\n');
    const chunks = splitMessage(text, 800);
    expect(chunks.some((c) => c.includes(fence))).toBe(true);
  });

  it('closes and reopens a fence that is longer than the limit, so each chunk renders on its own', () => {
    const fence = ['```ts', ...Array.from({ length: 200 }, (_, i) => `const v${i} = ${i};`), '```'].join('\n');
    const chunks = splitMessage(fence, 500);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(500);
      expect(c.startsWith('```ts\n')).toBe(true);
      expect(c.endsWith('\n```')).toBe(true);
    }
    expect(bare(chunks.join('\n'))).toBe(bare(fence));
  });

  it('closes an unclosed fence', () => {
    expect(splitMessage('text\n```\ncode', 100)).toEqual(['text\n```\ncode\n```']);
  });

  it('cuts a token without any whitespace at the limit', () => {
    const chunks = splitMessage('x'.repeat(4500), 2000);
    expect(chunks.map((c) => c.length)).toEqual([2000, 2000, 500]);
  });

  it.each([
    [1, 2000],
    [2, 4096],
    [3, 1024],
    [4, 300],
    [5, 2000],
    [6, 4096],
    [7, 150],
  ])('keeps every invariant on generated text (seed %i, max %i)', (seed, max) => {
    const text = generate(seed, 30_000);
    const chunks = splitMessage(text, max);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(max);
      expect(c.trim()).not.toBe('');
      expect(fenceMarkers(c) % 2).toBe(0); // every fence opened in a chunk is closed in it
      expect(c).not.toMatch(/\[\d*$/u); // no citation cut at the end …
      expect(c).not.toMatch(/^\d*\]/u); // … or at the start
    }
    expect(chunks.reduce((n, c) => n + citations(c), 0)).toBe(citations(text));
    expect(bare(chunks.join('\n'))).toBe(bare(text));
  });

  it('rejects a limit too small to hold a fence', () => {
    expect(() => splitMessage('abc', 5)).toThrow(RangeError);
  });
});
