import { Embeddings } from '@langchain/core/embeddings';
import type { Glossary } from './glossary.ts';
import { terms } from './text.ts';

/** An embedder the index can use; `id` goes into the index manifest so a change forces a rebuild. */
export interface StudyEmbeddings extends Embeddings {
  readonly id: string;
}

const DIM = 512;
const WORD_WEIGHT = 1;
const GRAM_WEIGHT = 0.45;
const CONCEPT_WEIGHT = 1.6;

/** FNV-1a, 32-bit: a fast, stable string hash for feature hashing. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The offline default: a hashed feature embedding that needs no model weights and no network.
 * Each text becomes word stems, character 4-grams of each word (so "fine-tuned" meets "finetuning"
 * and "params" meets "parameters") and glossary concepts (so "weights" meets "parameters"), hashed
 * with random signs into 512 dimensions and L2-normalised. Cosine similarity then rewards shared
 * meaning that plain bag-of-words misses; `npm run eval` measures the difference.
 */
export class LocalHashEmbeddings extends Embeddings implements StudyEmbeddings {
  readonly id: string;

  constructor(private readonly glossary: Glossary) {
    super({});
    this.id = `local-hash-v1:${DIM}:g${glossary.size}`;
  }

  embedSync(text: string): number[] {
    const vec = new Float64Array(DIM);
    const add = (feature: string, weight: number) => {
      const h = fnv1a(feature);
      vec[h % DIM]! += h & 0x80000000 ? -weight : weight;
    };
    const seq = terms(text);
    for (const t of seq) {
      add(`w:${t}`, WORD_WEIGHT);
      if (t.length < 5) continue;
      const padded = `<${t}>`;
      const n = padded.length - 3;
      for (let i = 0; i < n; i++) add(`g:${padded.slice(i, i + 4)}`, GRAM_WEIGHT / Math.sqrt(n));
    }
    for (const concept of this.glossary.concepts(seq)) add(`c:${concept}`, CONCEPT_WEIGHT);
    let norm = 0;
    for (const v of vec) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vec, (v) => v / norm);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedSync(t));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }
}
