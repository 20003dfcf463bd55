import type { AskResult } from '../core/answer/types.ts';
import type { ExplainResult, SearchResult } from '../core/study.ts';

/**
 * The CLI's JSON contracts. Scripts rely on these shapes: add fields only with care, never rename.
 * ask → {"answer", "sources": [{"file", "heading", "score"}], "abstained", "mode"}
 */
export function askJson(r: AskResult) {
  return {
    answer: r.answer,
    sources: r.sources.map((s) => ({ file: s.file, heading: s.heading, score: s.score })),
    abstained: r.abstained,
    mode: r.mode,
  };
}

export function explainJson(r: ExplainResult) {
  return {
    topic: r.title,
    level: r.level,
    explanation: r.text,
    sources: r.sources.map((s) => ({ file: s.file, heading: s.heading, score: s.score })),
    abstained: r.abstained,
    mode: r.mode,
  };
}

export function searchJson(results: SearchResult[]) {
  return {
    results: results.map((r) => ({ file: r.file, heading: r.heading, score: r.score, lines: [r.startLine, r.endLine], text: r.text })),
  };
}
