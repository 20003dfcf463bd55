import type { Glossary } from '../retrieval/glossary.ts';
import type { Bm25Index } from '../retrieval/bm25.ts';
import { queryTerms } from '../retrieval/text.ts';

/**
 * What a question asks for, weighted by how telling each term is. A term the notes never use weighs
 * the most, so a question about something absent ("capital of Australia") finds little coverage.
 */
export type QueryProfile = {
  terms: string[];
  weights: number[];
  /** For each term, the glossary concepts whose phrase includes it. */
  conceptsOf: Set<string>[];
  total: number;
};

export function profileQuery(question: string, bm25: Bm25Index, glossary: Glossary): QueryProfile {
  const terms = [...new Set(queryTerms(question))];
  const conceptsOf = terms.map(() => new Set<string>());
  for (const hit of glossary.match(terms)) for (let i = hit.start; i < hit.end; i++) conceptsOf[i]?.add(hit.concept);
  const weights = terms.map((t) => bm25.idf(t));
  return { terms, weights, conceptsOf, total: weights.reduce((a, w) => a + w, 0) };
}

/**
 * Share of the question's weight that a text covers (0..1): a term counts when the text uses it,
 * or when the text names the same glossary concept.
 */
export function coverage(profile: QueryProfile, textTerms: ReadonlySet<string>, textConcepts: ReadonlySet<string>): number {
  if (profile.total === 0) return 0;
  const covered = coveredTerms(profile, textTerms, textConcepts);
  return profile.weights.reduce((sum, w, i) => (covered[i] ? sum + w : sum), 0) / profile.total;
}

/** Which of the question's terms a text covers, as a bit set over `profile.terms`. */
export function coveredTerms(profile: QueryProfile, textTerms: ReadonlySet<string>, textConcepts: ReadonlySet<string>): boolean[] {
  return profile.terms.map(
    (t, i) => textTerms.has(t) || [...(profile.conceptsOf[i] ?? [])].some((c) => textConcepts.has(c)),
  );
}
