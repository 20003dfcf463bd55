import { Document } from '@langchain/core/documents';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import hnswlib from 'hnswlib-node';
import { Bm25Index, type TermLookup } from './bm25.ts';
import type { Glossary } from './glossary.ts';
import { LocalHashEmbeddings, type SparseVector, type StudyEmbeddings } from './local-embedder.ts';
import { terms } from './text.ts';
import { type Chunk, indexTextOf } from '../knowledge/types.ts';

export type RetrievalMode = 'hybrid' | 'bm25' | 'dense';

/** One retrieved chunk with the evidence that ranked it. */
export type Hit = {
  chunk: Chunk;
  /** Fused score (reciprocal rank fusion) in hybrid mode, else the ranker's own score. */
  score: number;
  bm25Rank?: number;
  denseRank?: number;
  /** Cosine similarity of the query to the chunk, when the dense ranker saw it. */
  cosine?: number;
};

/** Ranked hits, and each ranker's best raw score (evidence for the abstention model). */
export type SearchOutcome = { hits: Hit[]; denseFailed?: Error; topBm25: number; topCosine: number };

/** Candidates each ranker contributes before fusion; RRF constant k. */
const CANDIDATES = 30;
const RRF_K = 60;
const { HierarchicalNSW } = hnswlib;
/** The BM25 term standing for a glossary concept (no real word starts with '~'). */
const conceptTerm = (concept: string) => `~${concept}`;
const HNSW_EF = 128;
const BUILD_BATCH = 32;
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 100;
const EMBEDDER_STATE = 'embedder.json';
/** Sentence vectors remembered between questions: enough for the sections a few questions touch. */
const UNIT_MEMO = 1_000;

/**
 * The notes as a searchable knowledge base: a BM25 inverted index and an HNSW vector index over the
 * same chunks, fused by reciprocal rank fusion.
 */
export class KnowledgeBase {
  readonly bm25: Bm25Index;
  private readonly concepts: Set<string>[];

  constructor(
    readonly chunks: Chunk[],
    private readonly dense: HNSWLib,
    readonly embeddings: StudyEmbeddings,
    readonly glossary: Glossary,
  ) {
    const concepts: Set<string>[] = [];
    // One chunk at a time: tokenised, its concepts noted, indexed, then its term list dropped.
    // Glossary concepts are indexed as extra terms, so "chess" also finds the chunk about Deep Blue.
    this.bm25 = new Bm25Index(
      (function* () {
        for (const c of chunks) {
          const t = terms(indexTextOf(c));
          const found = glossary.concepts(t);
          concepts.push(found);
          yield found.size === 0 ? t : [...t, ...[...found].map(conceptTerm)];
        }
      })(),
    );
    this.concepts = concepts;
    if (chunks.length > 0) dense.index.setEf(HNSW_EF);
  }

  /**
   * Embeds every chunk and builds the vector index. The lexical index is built first, while the
   * process is still small, and texts are made a batch at a time, so the heap's churn never stacks
   * on top of the full vector index (`npm run bench` measures the build's peak RSS at 10,000 chunks).
   */
  static async build(chunks: Chunk[], embeddings: StudyEmbeddings, glossary: Glossary): Promise<KnowledgeBase> {
    embeddings.fit?.(chunks.map(indexTextOf));
    let store = new HNSWLib(embeddings, { space: 'cosine' });
    if (chunks.length > 0) {
      // Created here rather than by LangChain so the build can use a lighter efConstruction.
      const dim = (await embeddings.embedQuery(indexTextOf(chunks[0]!))).length;
      const index = new HierarchicalNSW('cosine', dim);
      index.initIndex(chunks.length, HNSW_M, HNSW_EF_CONSTRUCTION);
      store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dim, index });
    }
    const kb = new KnowledgeBase(chunks, store, embeddings, glossary);
    // Small batches keep the transient number[][] small on large corpora.
    for (let i = 0; i < chunks.length; i += BUILD_BATCH) {
      const batch = chunks.slice(i, i + BUILD_BATCH);
      const vectors = await embeddings.embedDocuments(batch.map(indexTextOf));
      await store.addVectors(vectors, batch.map((c) => new Document({ pageContent: '', metadata: { id: c.id } })));
    }
    return kb;
  }

  static async load(dir: string, chunks: Chunk[], embeddings: StudyEmbeddings, glossary: Glossary): Promise<KnowledgeBase> {
    const state = await readFile(path.join(dir, EMBEDDER_STATE), 'utf8').then(JSON.parse, () => undefined);
    if (!embeddings.restore?.(state)) embeddings.fit?.(chunks.map(indexTextOf));
    const store = chunks.length > 0 ? await HNSWLib.load(dir, embeddings) : new HNSWLib(embeddings, { space: 'cosine' });
    return new KnowledgeBase(chunks, store, embeddings, glossary);
  }

  async save(dir: string): Promise<void> {
    if (this.chunks.length > 0) await this.dense.save(dir);
    const state = this.embeddings.state?.();
    if (state !== undefined) await writeFile(path.join(dir, EMBEDDER_STATE), JSON.stringify(state));
  }

  conceptsOf(doc: number): Set<string> {
    return this.concepts[doc] ?? new Set();
  }

  /** The terms of one chunk, as a lookup. */
  termSet(doc: number): TermLookup {
    return this.bm25.termsOf(doc);
  }

  /**
   * The chunk and the chunks under its heading (or, with `up`, under an ancestor heading: its
   * siblings too), the chunk first, at most `max`.
   */
  subtree(chunk: Chunk, max = 6, up = 0): Chunk[] {
    const depth = Math.max(2, chunk.headingPath.length - up);
    const prefix = chunk.headingPath.slice(0, depth);
    const under = (c: Chunk) => c.file === chunk.file && c.headingPath.length >= depth && prefix.every((h, i) => c.headingPath[i] === h);
    // A file's title chunk stands for the whole file.
    const all = chunk.headingPath.length <= 1 ? this.chunks.filter((c) => c.file === chunk.file) : this.chunks.filter(under);
    // The chunk first, then its neighbours in file order.
    const rest = all.filter((c) => c !== chunk);
    const after = rest.filter((c) => c.startLine > chunk.startLine);
    const before = rest.filter((c) => c.startLine < chunk.startLine);
    return [chunk, ...after, ...before].slice(0, max);
  }

  private readonly unitVectors = new Map<string, SparseVector>();

  /**
   * The local embedder's sparse vector of a text (a question, or a sentence of the notes, memoised),
   * for the extractive answerer to compare sentences with the question; undefined for remote embedders.
   */
  sparseOf(text: string, memo = false): SparseVector | undefined {
    if (!(this.embeddings instanceof LocalHashEmbeddings)) return undefined;
    let v = memo ? this.unitVectors.get(text) : undefined;
    if (!v) {
      v = this.embeddings.sparse(text);
      if (memo) {
        if (this.unitVectors.size >= UNIT_MEMO) this.unitVectors.clear();
        this.unitVectors.set(text, v);
      }
    }
    return v;
  }

  /** The notes' topics: each file's title. */
  topics(): string[] {
    return [...new Set(this.chunks.map((c) => c.headingPath[0] ?? c.file))];
  }

  /**
   * Lexical ranking. With `concepts`, the query's glossary concepts count as terms too (the hybrid
   * uses this); without, it is plain BM25 over the words (the evaluation's baseline).
   */
  searchBm25(query: string, k: number, concepts = false): Hit[] {
    const q = terms(query);
    const extra = concepts ? [...this.glossary.concepts(q)].map(conceptTerm) : [];
    return this.bm25.search([...q, ...extra], k).map(({ doc, score }, i) => ({ chunk: this.chunks[doc]!, score, bm25Rank: i + 1 }));
  }

  /** Dense ranking only; `vector` lets a caller reuse one query embedding. */
  async searchDense(query: string, k: number, vector?: number[]): Promise<Hit[]> {
    const n = Math.min(k, this.chunks.length);
    if (n === 0) return [];
    const q = vector ?? (await this.embeddings.embedQuery(query));
    const results = await this.dense.similaritySearchVectorWithScore(q, n);
    return results.map(([doc, distance], i) => {
      const ordinal = this.ordinalOf(String(doc.metadata['id']));
      return { chunk: this.chunks[ordinal]!, score: 1 - distance, cosine: 1 - distance, denseRank: i + 1 };
    });
  }

  private readonly ordinals = new Map<string, number>();
  ordinalOf(id: string): number {
    if (this.ordinals.size === 0) this.chunks.forEach((c, i) => this.ordinals.set(c.id, i));
    return this.ordinals.get(id) ?? -1;
  }

  /**
   * Hybrid search: BM25 and dense candidates fused by reciprocal rank fusion. If the embedder fails
   * (a remote embedding API down), the lexical ranking still answers and `denseFailed` says so.
   */
  async search(query: string, k: number, mode: RetrievalMode = 'hybrid'): Promise<SearchOutcome> {
    if (mode === 'bm25') {
      const hits = this.searchBm25(query, k);
      return { hits, topBm25: hits[0]?.score ?? 0, topCosine: 0 };
    }
    if (mode === 'dense') {
      const hits = await this.searchDense(query, k);
      return { hits, topBm25: this.searchBm25(query, 1, true)[0]?.score ?? 0, topCosine: hits[0]?.cosine ?? 0 };
    }
    const lexical = this.searchBm25(query, CANDIDATES, true);
    let dense: Hit[] = [];
    let denseFailed: Error | undefined;
    try {
      dense = await this.searchDense(query, CANDIDATES);
    } catch (err) {
      denseFailed = err as Error;
    }
    const fused = new Map<string, Hit>();
    for (const h of lexical) fused.set(h.chunk.id, { ...h, score: 1 / (RRF_K + h.bm25Rank!) });
    for (const h of dense) {
      const prev = fused.get(h.chunk.id);
      const add = 1 / (RRF_K + h.denseRank!);
      fused.set(h.chunk.id, prev ? { ...prev, denseRank: h.denseRank, cosine: h.cosine, score: prev.score + add } : { ...h, score: add });
    }
    const hits = [...fused.values()].sort((a, b) => b.score - a.score).slice(0, k);
    const tops = { topBm25: lexical[0]?.score ?? 0, topCosine: dense[0]?.cosine ?? 0 };
    return denseFailed ? { hits, denseFailed, ...tops } : { hits, ...tops };
  }
}
