import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { terms } from './text.ts';

const GlossaryFile = z.object({
  concepts: z.record(z.string().regex(/^[a-z0-9_]+$/u), z.array(z.union([z.string(), z.number()]).transform(String)).min(1)),
});

/** A concept found in a term sequence: which concept, and which term positions spell it. */
export type ConceptHit = { concept: string; start: number; end: number };

/**
 * Groups of phrases that mean the same thing. Phrases are compared as stemmed term sequences, so
 * "Fine-tuning" in a note and "finetune" in a question meet.
 */
export class Glossary {
  /** first term of a phrase → phrases starting with it (longest first) */
  private readonly byFirst = new Map<string, { seq: string[]; concept: string }[]>();
  readonly size: number;

  constructor(concepts: Record<string, string[]>) {
    let n = 0;
    for (const [concept, phrases] of Object.entries(concepts)) {
      for (const phrase of phrases) {
        const seq = terms(phrase);
        const first = seq[0];
        if (first === undefined) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ seq, concept });
        list.sort((a, b) => b.seq.length - a.seq.length);
        this.byFirst.set(first, list);
        n++;
      }
    }
    this.size = n;
  }

  static empty(): Glossary {
    return new Glossary({});
  }

  /** Reads a glossary yaml; a missing file gives an empty glossary, a malformed one throws. */
  static async load(file: string): Promise<Glossary> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return Glossary.empty();
    }
    const parsed = GlossaryFile.safeParse(parse(text));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid glossary'}`);
    return new Glossary(parsed.data.concepts);
  }

  /** Every concept spelled out in a term sequence (a term may belong to several concepts). */
  match(seq: readonly string[]): ConceptHit[] {
    const hits: ConceptHit[] = [];
    for (let i = 0; i < seq.length; i++) {
      const candidates = this.byFirst.get(seq[i] ?? '');
      if (!candidates) continue;
      for (const { seq: phrase, concept } of candidates) {
        if (phrase.every((t, j) => seq[i + j] === t)) hits.push({ concept, start: i, end: i + phrase.length });
      }
    }
    return hits;
  }

  /** The distinct concepts of a term sequence. */
  concepts(seq: readonly string[]): Set<string> {
    return new Set(this.match(seq).map((h) => h.concept));
  }
}
