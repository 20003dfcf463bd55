/**
 * Whether the notes answer a question, as a probability: a logistic model over evidence features.
 * The weights are fitted by `npm run eval:calibrate` on the development questions
 * (tests/eval/questions.json) and the calibration questions (tests/eval/train.json), and checked on
 * the held-out set; refit when retrieval changes.
 */

/** The evidence about one question, each scaled to about 0..1. */
export type EvidenceFeatures = {
  /** Largest share of the question's (IDF-weighted) terms that one of the top chunks covers. */
  coverage: number;
  /** The same, counting terms unweighted. */
  termShare: number;
  /** Cosine similarity of the best dense match (0 when dense retrieval is unavailable). */
  cosine: number;
  /** The best BM25 score, relative to the question's total term weight. */
  bm25: number;
  /** Share of the question's terms that occur anywhere in the notes. */
  known: number;
  /** Question length in terms, /10, capped at 1. */
  length: number;
  /** Share of the question's subject ("beam search decoding") that the best chunk covers. */
  subject: number;
};

export const FEATURE_ORDER = ['coverage', 'termShare', 'cosine', 'bm25', 'known', 'length', 'subject'] as const satisfies readonly (keyof EvidenceFeatures)[];

export type EvidenceModel = { bias: number; weights: Record<keyof EvidenceFeatures, number> };

/** Fitted on 2026-12-03 on 208 questions (those the word rules do not already refuse); threshold 0.5. */
export const EVIDENCE_MODEL: EvidenceModel = {
  bias: -3.26,
  weights: { coverage: 1.45, termShare: 2.1, cosine: -1.59, bm25: 0.83, known: -0.64, length: 3.81, subject: 0.44 },
};

export const toVector = (f: EvidenceFeatures): number[] => FEATURE_ORDER.map((k) => f[k]);

/** P(the notes answer the question) under the model. */
export function answerability(f: EvidenceFeatures, model: EvidenceModel = EVIDENCE_MODEL): number {
  const z = FEATURE_ORDER.reduce((sum, k) => sum + model.weights[k] * f[k], model.bias);
  return 1 / (1 + Math.exp(-z));
}
