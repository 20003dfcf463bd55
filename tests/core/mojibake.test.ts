// Proves the loader's mojibake repair: the group's raw notes (UTF-8 once read as Windows-1252 and
// saved again) come back readable, and text that was fine to begin with is never touched.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksMisdecoded, repairMojibake } from '../../src/core/knowledge/mojibake.ts';

const RAW = path.resolve(import.meta.dirname, '../../../shared/module-notes/module-7-notes.raw.md');
const CLEAN = path.resolve(import.meta.dirname, '../../../shared/module-notes/module-7-notes.md');

describe('repairMojibake on the raw module 7 notes', () => {
  it.skipIf(!existsSync(RAW))('removes every mis-decoded sequence and restores dashes, roots and times signs', () => {
    const raw = readFileSync(RAW, 'utf8');
    expect(looksMisdecoded(raw)).toBe(true);
    const fixed = repairMojibake(raw);
    for (const garbage of ['â€', 'ðŸ', 'Ã—', 'âˆš']) expect(fixed).not.toContain(garbage);
    expect(fixed).toContain('Amazon ML Summer School 2025 – Module 7');
    expect(fixed).toContain('Softmax(QK^T/√d_k)V');
    expect(fixed).toContain('2 × 3 = 6 balls');
    expect(fixed.split('\n')).toHaveLength(raw.split('\n').length);
  });

  it.skipIf(!existsSync(RAW) || !existsSync(CLEAN))('matches the correctly saved notes line for line, apart from emoji whose bytes were lost', () => {
    const fixed = repairMojibake(readFileSync(RAW, 'utf8')).split('\n');
    const clean = readFileSync(CLEAN, 'utf8').split('\n');
    const differing = clean.filter((line, i) => line !== fixed[i]);
    // The few differing lines are headings whose emoji lost a byte cp1252 cannot show (0x8F, 0x9D…).
    expect(differing.length).toBeLessThanOrEqual(10);
    for (const line of differing) expect(line).toMatch(/^#+ /u);
  });
});

describe('repairMojibake on text that is already correct', () => {
  it('leaves accented words, dashes and symbols untouched', () => {
    const text = 'Café naïve résumé – Müller über Größe √2 × 3 “quoted” — done.\nZürich señor déjà vu.';
    expect(looksMisdecoded(text)).toBe(false);
    expect(repairMojibake(text)).toBe(text);
  });

  it('does not rewrite a lone look-alike sequence (below the three-marker threshold)', () => {
    const text = 'The string "Ã©" is what é looks like when mis-decoded.';
    expect(repairMojibake(text)).toBe(text);
  });

  it('repairs a short mis-decoded sentence once it has enough tell-tale markers', () => {
    const broken = Buffer.from('Café – naïve – résumé', 'utf8').toString('latin1');
    // latin1 leaves 0x80–0x9F as C1 controls; cp1252 shows them as € – and so on, as the raw notes do.
    const asCp1252 = broken.replace(/\u0080/gu, '€').replace(/\u0093/gu, '“');
    expect(repairMojibake(asCp1252)).toBe('Café – naïve – résumé');
  });
});
