import { Embeddings } from '@langchain/core/embeddings';
import type { Glossary } from './glossary.ts';
import { STOPWORDS, terms, words } from './text.ts';
import type { WordNet } from './wordnet.ts';

/** An embedder the index can use; `id` goes into the index manifest so a change forces a rebuild. */
export interface StudyEmbeddings extends Embeddings {
  readonly id: string;
  /** Corpus statistics the embedder learns from the indexed texts (called before embedding them). */
  fit?(texts: readonly string[]): unknown;
  /** The fitted statistics, to persist with the index, and to restore them without refitting. */
  state?(): unknown;
  restore?(state: unknown): boolean;
}

/** A sparse, weighted, unit-length feature vector: what the dense vector is a hashed projection of. */
export type SparseVector = Map<string, number>;

/** Cosine of two unit-length sparse vectors. */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) sum += v * (large.get(k) ?? 0);
  return sum;
}

export type LocalEmbedderWeights = { word: number; gram: number; concept: number; synset: number; dim: number };

/** Chosen by `npm run eval` on the development questions (see tests/eval/README in the issue notes). */
export const DEFAULT_WEIGHTS: LocalEmbedderWeights = { word: 1, gram: 0.3, concept: 1.6, synset: 0.6, dim: 2048 };

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
 * and "params" meets "parameters"), glossary concepts (so "weights" meets "parameters") and WordNet
 * senses with their broader senses (so "beat" meets "defeats", "pictures" meets "images"). Features
 * are weighted by inverse document frequency over the notes (fitted when the index is built, so
 * words every chunk uses count little), hashed with random signs into `dim` dimensions and
 * L2-normalised. `npm run eval` compares it with bag-of-words (BM25) on paraphrased questions.
 */
export class LocalHashEmbeddings extends Embeddings implements StudyEmbeddings {
  readonly id: string;
  private idf = new Map<string, number>();
  private defaultIdf = 1;

  constructor(
    private readonly glossary: Glossary,
    private readonly wordnet?: WordNet,
    private readonly w: LocalEmbedderWeights = DEFAULT_WEIGHTS,
  ) {
    super({});
    this.id = `local-hash-v3:${w.dim}:${w.word}/${w.gram}/${w.concept}/${w.synset}:g${glossary.size}:${wordnet ? 'wn31' : 'nown'}`;
  }

  /** Raw features of a text with their weights, before IDF and hashing. */
  features(text: string): Map<string, number> {
    const f = new Map<string, number>();
    const add = (k: string, v: number) => f.set(k, (f.get(k) ?? 0) + v);
    const seq = terms(text);
    for (const t of seq) {
      add(`w:${t}`, this.w.word);
      if (t.length < 5 || this.w.gram === 0) continue;
      const padded = `<${t}>`;
      const n = padded.length - 3;
      for (let i = 0; i < n; i++) add(`g:${padded.slice(i, i + 4)}`, this.w.gram / Math.sqrt(n));
    }
    for (const concept of this.glossary.concepts(seq)) add(`c:${concept}`, this.w.concept);
    if (this.wordnet && this.w.synset > 0) {
      for (const word of words(text)) {
        if (STOPWORDS.has(word) || word.length < 3 || /\d/u.test(word)) continue;
        const ids = this.wordnet.conceptIds(word);
        for (const id of ids) add(`s:${id}`, this.w.synset / Math.sqrt(ids.length));
      }
    }
    return f;
  }

  /** Learns feature document frequencies from the corpus the index will hold. */
  fit(texts: readonly string[]): this {
    const df = new Map<string, number>();
    for (const t of texts) for (const k of this.features(t).keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = texts.length;
    this.idf = new Map([...df].map(([k, d]) => [k, Math.log(1 + (n - d + 0.5) / (d + 0.5))]));
    this.defaultIdf = Math.log(1 + (n + 0.5) / 0.5);
    return this;
  }

  state(): { idf: [string, number][]; defaultIdf: number } {
    return { idf: [...this.idf], defaultIdf: this.defaultIdf };
  }

  restore(state: unknown): boolean {
    const s = state as { idf?: unknown; defaultIdf?: unknown } | null;
    if (!s || !Array.isArray(s.idf) || typeof s.defaultIdf !== 'number') return false;
    this.idf = new Map(s.idf as [string, number][]);
    this.defaultIdf = s.defaultIdf;
    return true;
  }

  /** The text's features weighted by sublinear tf × idf, L2-normalised. */
  sparse(text: string): SparseVector {
    const out: SparseVector = new Map();
    let norm = 0;
    for (const [k, v] of this.features(text)) {
      const weight = (1 + Math.log(v > 1 ? v : 1)) * Math.min(v, 1) * (this.idf.size > 0 ? (this.idf.get(k) ?? this.defaultIdf) : 1);
      out.set(k, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, v] of out) out.set(k, v / norm);
    return out;
  }

  /** The dense vector: the sparse features hashed with random signs into `dim` dimensions. */
  embedSync(text: string): number[] {
    const vec = new Float64Array(this.w.dim);
    for (const [k, weight] of this.sparse(text)) {
      const h = fnv1a(k);
      vec[h % this.w.dim]! += h & 0x80000000 ? -weight : weight;
    }
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
