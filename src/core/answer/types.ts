/** A cited piece of the notes; `[n]` in an answer refers to `sources[n-1]`. */
export type SourceRef = {
  file: string;
  heading: string;
  /** How much of the question this source covers, 0..1. */
  score: number;
  startLine: number;
  endLine: number;
};

/** The outcome of a question, whatever the platform. */
export type AskResult = {
  answer: string;
  sources: SourceRef[];
  abstained: boolean;
  mode: 'generative' | 'extractive';
  /** One line the user should see besides the answer (truncated input, model fallback). */
  notices: string[];
  /** Topics the notes do cover, nearest first; filled when abstaining. */
  closestTopics: string[];
  /** The evidence score the abstention threshold was compared with. */
  confidence: number;
};
