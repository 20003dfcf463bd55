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

/**
 * A sparse, weighted, unit-length feature vector: what the dense vector is a hashed projection of.
 * `keys` are the features' 32-bit hashes ("w:lora", "g:<lor", …) as signed integers, ascending;
 * `values` their weights. Two typed arrays, not a Map: a Map boxes every weight, and embedding
 * 10,000 chunks made hundreds of MB of such garbage.
 */
export type SparseVector = { readonly keys: Int32Array; readonly values: Float64Array };

/** Cosine of two unit-length sparse vectors (a merge of their sorted keys). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.keys.length && j < b.keys.length) {
    const ka = a.keys[i]!;
    const kb = b.keys[j]!;
    if (ka === kb) sum += a.values[i++]! * b.values[j++]!;
    else if (ka < kb) i++;
    else j++;
  }
  return sum;
}

/**
 * Sums weights by integer key in an open-addressing table that is reused from text to text, so
 * collecting a text's features allocates nothing once the table has grown to size.
 */
class FeatureTable {
  private keys = new Int32Array(1024);
  private values = new Float64Array(1024);
  private used = new Uint8Array(1024);
  /** Slots in insertion order, to read and to clear. */
  private slots = new Int32Array(1024);
  size = 0;

  add(key: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let at = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.used[at] && this.keys[at] !== key) at = (at + 1) & mask;
    if (!this.used[at]) {
      this.used[at] = 1;
      this.keys[at] = key;
      this.values[at] = 0;
      this.slots[this.size++] = at;
    }
    this.values[at]! += v;
  }

  /** The summed weight of a key (0 when absent). */
  get(key: number): number {
    const mask = this.keys.length - 1;
    let at = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.used[at]) {
      if (this.keys[at] === key) return this.values[at]!;
      at = (at + 1) & mask;
    }
    return 0;
  }

  /** Calls `f` for each key and its summed weight, in insertion order. */
  forEach(f: (key: number, value: number) => void): void {
    for (let i = 0; i < this.size; i++) {
      const at = this.slots[i]!;
      f(this.keys[at]!, this.values[at]!);
    }
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.used[this.slots[i]!] = 0;
    this.size = 0;
  }

  private grow(): void {
    const entries: [number, number][] = [];
    this.forEach((k, v) => entries.push([k, v]));
    const n = this.keys.length * 2;
    this.keys = new Int32Array(n);
    this.values = new Float64Array(n);
    this.used = new Uint8Array(n);
    this.slots = new Int32Array(n);
    this.size = 0;
    for (const [k, v] of entries) this.add(k, v);
  }
}

export type LocalEmbedderWeights = { word: number; gram: number; concept: number; synset: number; dim: number };

/** Chosen by `npm run eval` on the development questions (see tests/eval/README in the issue notes). */
export const DEFAULT_WEIGHTS: LocalEmbedderWeights = { word: 1, gram: 0.3, concept: 1.6, synset: 0.6, dim: 2048 };

const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a, 32-bit, continued over `s[from, to)`: a fast, stable hash for feature hashing. */
function fnv1a(s: string, h = FNV_OFFSET, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
/** Hash of the feature `prefix + s[from, to)`, without building that string, as a signed integer. */
const featureKey = (prefix: number, s: string, from = 0, to = s.length) => fnv1a(s, prefix, from, to) | 0;
// The hash state after each kind's prefix: word stems, 4-grams, glossary concepts, WordNet synsets.
const WORD = fnv1a('w:');
const GRAM = fnv1a('g:');
const CONCEPT = fnv1a('c:');
const SYNSET = fnv1a('s:');

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
  private idf = new Map<number, number>();
  private defaultIdf = 1;

  constructor(
    private readonly glossary: Glossary,
    private readonly wordnet?: WordNet,
    private readonly w: LocalEmbedderWeights = DEFAULT_WEIGHTS,
  ) {
    super({});
    this.id = `local-hash-v4:${w.dim}:${w.word}/${w.gram}/${w.concept}/${w.synset}:g${glossary.size}:${wordnet ? 'wn31' : 'nown'}`;
  }

  private readonly table = new FeatureTable();

  /**
   * Collects a text's raw features with their weights, before IDF, into the reused table: keyed
   * by the hash of "w:<stem>", "g:<4-gram>", "c:<concept>" or "s:<synset>" (see SparseVector).
   */
  private collect(text: string): FeatureTable {
    const f = this.table;
    f.clear();
    const seq = terms(text);
    for (const t of seq) {
      f.add(featureKey(WORD, t), this.w.word);
      if (t.length < 5 || this.w.gram === 0) continue;
      // The 4-grams of "<stem>", hashed in place.
      const weight = this.w.gram / Math.sqrt(t.length - 1);
      f.add(featureKey(fnv1a('<', GRAM), t, 0, 3), weight);
      for (let i = 0; i + 4 <= t.length; i++) f.add(featureKey(GRAM, t, i, i + 4), weight);
      f.add(fnv1a('>', fnv1a(t, GRAM, t.length - 3)) | 0, weight);
    }
    for (const concept of this.glossary.concepts(seq)) f.add(featureKey(CONCEPT, concept), this.w.concept);
    if (this.wordnet && this.w.synset > 0) {
      for (const word of words(text)) {
        if (STOPWORDS.has(word) || word.length < 3 || /\d/u.test(word)) continue;
        const ids = this.wordnet.conceptIds(word);
        for (const id of ids) f.add(featureKey(SYNSET, id), this.w.synset / Math.sqrt(ids.length));
      }
    }
    return f;
  }

  /** Learns feature document frequencies from the corpus the index will hold. */
  fit(texts: readonly string[]): this {
    const df = new Map<number, number>();
    for (const t of texts) this.collect(t).forEach((k) => df.set(k, (df.get(k) ?? 0) + 1));
    const n = texts.length;
    this.idf = new Map([...df].map(([k, d]) => [k, Math.log(1 + (n - d + 0.5) / (d + 0.5))]));
    this.defaultIdf = Math.log(1 + (n + 0.5) / 0.5);
    return this;
  }

  state(): { idf: [number, number][]; defaultIdf: number } {
    return { idf: [...this.idf], defaultIdf: this.defaultIdf };
  }

  restore(state: unknown): boolean {
    const s = state as { idf?: unknown; defaultIdf?: unknown } | null;
    if (!s || !Array.isArray(s.idf) || typeof s.defaultIdf !== 'number') return false;
    if (!s.idf.every((e) => Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'number')) return false;
    this.idf = new Map(s.idf as [number, number][]);
    this.defaultIdf = s.defaultIdf;
    return true;
  }

  /** The text's features weighted by sublinear tf × idf, L2-normalised. */
  sparse(text: string): SparseVector {
    const f = this.collect(text);
    const keys = new Int32Array(f.size);
    let i = 0;
    f.forEach((k) => (keys[i++] = k));
    keys.sort();
    const values = new Float64Array(keys.length);
    const fitted = this.idf.size > 0;
    let norm = 0;
    keys.forEach((k, j) => {
      const v = f.get(k);
      const weight = (1 + Math.log(v > 1 ? v : 1)) * Math.min(v, 1) * (fitted ? (this.idf.get(k) ?? this.defaultIdf) : 1);
      values[j] = weight;
      norm += weight * weight;
    });
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < values.length; j++) values[j]! /= norm;
    return { keys, values };
  }

  /** The dense vector: the sparse features hashed with random signs into `dim` dimensions. */
  embedSync(text: string): number[] {
    // One scratch buffer for every call (cleared after use): embedding 10,000 chunks would
    // otherwise allocate and drop 10,000 of them.
    const vec = (this.scratch ??= new Float64Array(this.w.dim));
    const { keys, values } = this.sparse(text);
    for (let i = 0; i < keys.length; i++) {
      const h = keys[i]! >>> 0;
      vec[h % this.w.dim]! += h & 0x80000000 ? -values[i]! : values[i]!;
    }
    let norm = 0;
    for (const v of vec) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    const out = new Array<number>(this.w.dim);
    for (let i = 0; i < vec.length; i++) out[i] = vec[i]! / norm;
    vec.fill(0);
    return out;
  }

  private scratch?: Float64Array;

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedSync(t));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }
}
