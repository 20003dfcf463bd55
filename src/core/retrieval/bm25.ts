/** Something that can say whether it contains a term: a Set, or one document of the index. */
export type TermLookup = { has(term: string): boolean };

/**
 * Okapi BM25 over pre-tokenised documents, with an inverted index so a query touches only the
 * postings of its own terms. (LangChain's BM25Retriever rescans every document per query; this one
 * stays fast at 10,000 chunks — see `npm run bench`.) Postings and each document's term list are
 * typed arrays, so a large corpus costs little memory.
 */
export class Bm25Index {
  private readonly ids = new Map<string, number>();
  private readonly postingDocs: Int32Array[] = [];
  private readonly postingTfs: Uint16Array[] = [];
  /** Per document, its distinct term ids, sorted: for `termsOf(doc).has(term)`. */
  private readonly docTerms: Int32Array[] = [];
  private readonly lengths: Uint32Array;
  private readonly avgLength: number;

  /**
   * `docs` may be any iterable, so a caller can tokenise one document at a time and never hold every
   * document's term list at once (a 10,000-chunk corpus would otherwise peak tens of MB higher).
   */
  constructor(
    docs: Iterable<readonly string[]>,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    const docsOf: number[][] = [];
    const tfsOf: number[][] = [];
    const lengths: number[] = [];
    let doc = 0;
    for (const terms of docs) {
      lengths.push(terms.length);
      const counts = new Map<number, number>();
      for (const t of terms) {
        let id = this.ids.get(t);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(t, id);
          docsOf.push([]);
          tfsOf.push([]);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, tf] of counts) {
        docsOf[id]!.push(doc);
        tfsOf[id]!.push(Math.min(tf, 65_535));
      }
      this.docTerms.push(Int32Array.from(counts.keys()).sort());
      doc++;
    }
    this.lengths = Uint32Array.from(lengths);
    docsOf.forEach((d, id) => {
      this.postingDocs.push(Int32Array.from(d));
      this.postingTfs.push(Uint16Array.from(tfsOf[id]!));
    });
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency; a term the corpus never uses gets the largest value. */
  idf(term: string): number {
    const id = this.ids.get(term);
    const df = id === undefined ? 0 : (this.postingDocs[id]?.length ?? 0);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.ids.has(term);
  }

  /** The terms of one document, as a lookup (binary search over its sorted term ids). */
  termsOf(doc: number): TermLookup {
    const list = this.docTerms[doc] ?? new Int32Array();
    return {
      has: (term: string) => {
        const id = this.ids.get(term);
        if (id === undefined) return false;
        let lo = 0;
        let hi = list.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const v = list[mid]!;
          if (v === id) return true;
          if (v < id) lo = mid + 1;
          else hi = mid - 1;
        }
        return false;
      },
    };
  }

  /** Per-document score accumulator and the documents it touched, reused by every search. */
  private scores?: Float64Array;
  private touched?: Int32Array;

  /**
   * Top `k` documents by BM25 score, best first (ties by document order); documents sharing no
   * term are left out. Scores accumulate in one reused typed array and only the best `k` are kept,
   * so a query over 10,000 chunks allocates almost nothing (no per-query map or full sort, which
   * at that size landed in V8's large-object space and grew the heap between collections).
   */
  search(queryTerms: readonly string[], k: number): { doc: number; score: number }[] {
    const scores = (this.scores ??= new Float64Array(this.size));
    const touched = (this.touched ??= new Int32Array(this.size));
    let m = 0;
    for (const term of new Set(queryTerms)) {
      const id = this.ids.get(term);
      if (id === undefined) continue;
      const docs = this.postingDocs[id]!;
      const tfs = this.postingTfs[id]!;
      const idf = this.idf(term);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const tf = tfs[i]!;
        const norm = tf + this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / this.avgLength);
        // Every contribution is positive, so a zero score means "not touched yet".
        if (scores[doc] === 0) touched[m++] = doc;
        scores[doc]! += (idf * tf * (this.k1 + 1)) / norm;
      }
    }
    const top: { doc: number; score: number }[] = [];
    const better = (a: { doc: number; score: number }, b: { doc: number; score: number }) => a.score > b.score || (a.score === b.score && a.doc < b.doc);
    for (let j = 0; j < m; j++) {
      const doc = touched[j]!;
      const score = scores[doc]!;
      scores[doc] = 0;
      const last = top[k - 1];
      if (top.length === k && last && !(score > last.score || (score === last.score && doc < last.doc))) continue;
      const hit = { doc, score };
      let at = Math.min(top.length, k - 1);
      while (at > 0 && better(hit, top[at - 1]!)) at--;
      if (top.length === k) top.pop();
      if (k > 0) top.splice(at, 0, hit);
    }
    return top;
  }
}
