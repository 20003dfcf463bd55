/**
 * Okapi BM25 over pre-tokenised documents, with an inverted index so a query touches only the
 * postings of its own terms. (LangChain's BM25Retriever rescans every document per query; this one
 * stays fast at 10,000 chunks — see `npm run bench`.)
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private avgLength = 0;

  constructor(
    docs: readonly (readonly string[])[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    docs.forEach((terms, doc) => {
      this.lengths.push(terms.length);
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, tf });
        this.postings.set(term, list);
      }
    });
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency; a term the corpus never uses gets the largest value. */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Top `k` documents by BM25 score, best first; documents sharing no term are left out. */
  search(queryTerms: readonly string[], k: number): { doc: number; score: number }[] {
    const scores = new Map<number, number>();
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / norm);
      }
    }
    return [...scores]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
