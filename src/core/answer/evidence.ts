import type { Glossary } from '../retrieval/glossary.ts';
import type { Bm25Index, TermLookup } from '../retrieval/bm25.ts';
import type { WordNet } from '../retrieval/wordnet.ts';
import { EVENT_VERBS, FUNCTION_WORDS, QUESTION_WORDS, STOPWORDS, terms as termsOf, words } from '../retrieval/text.ts';

/**
 * What a question asks for, weighted by how telling each term is. A term the notes never use weighs
 * the most, so a question about something absent ("capital of Australia") finds little coverage.
 */
export type QueryProfile = {
  terms: string[];
  weights: number[];
  /** For each term, the glossary concepts whose phrase includes it. */
  conceptsOf: Set<string>[];
  /** For each term, stems of its WordNet synonyms and broader words ("beat" → "defeat"). */
  synonymsOf: Set<string>[];
  total: number;
  /**
   * Words of the question that neither the notes, the glossary nor the English dictionary know:
   * names and technical terms ("Kubernetes", "quicksort") the notes cannot be about.
   */
  unknown: string[];
};

/** "When was …" / "What year …": a year answers it, not just any number ("When should I …" is not). */
export const WANTS_YEAR = /^\s*when\s+(?:was|were|did)\b|\b(?:what|which) year\b/iu;
/** A year, as the notes write them. */
export const YEAR = /\b(?:19|20)\d\d\b/u;

/** Profiles a question against the notes' vocabulary. Joined spellings of hyphenated words ("gpt-style" → "gptstyle") count only when the notes use them. */
export function profileQuery(question: string, bm25: Bm25Index, glossary: Glossary, wordnet?: WordNet): QueryProfile {
  // "What year …?" asks for a date: "year" names the answer's type, not something to find.
  const asksYear = /\b(?:what|which) years?\b/iu.test(question);
  // "When was X introduced?" asks for a date: the event's verb is scaffolding too.
  const asksDate = asksYear || WANTS_YEAR.test(question);
  const content = words(question).filter(
    (w) => !STOPWORDS.has(w) && !QUESTION_WORDS.has(w) && !(asksYear && /^years?$/u.test(w)) && !(asksDate && EVENT_VERBS.has(w)),
  );
  const all = termsOf(content.join(' '));
  const joined = new Set(content.filter((w) => /[-.]/u.test(w)).map((w) => termsOf(w)[0]));
  const terms = [...new Set(all.filter((t) => !joined.has(t) || bm25.has(t)))];
  const conceptsOf = terms.map(() => new Set<string>());
  for (const hit of glossary.match(all)) {
    for (let i = hit.start; i < hit.end; i++) {
      const at = terms.indexOf(all[i] ?? '');
      if (at >= 0) conceptsOf[at]?.add(hit.concept);
    }
  }
  const weights = terms.map((t) => bm25.idf(t));
  const synonymsOf = terms.map(() => new Set<string>());
  if (wordnet) {
    for (const w of content) {
      const own = termsOf(w);
      const syn = wordnet.synonyms(w).flatMap((l) => (l.includes(' ') ? [] : termsOf(l)));
      for (const t of own) {
        const at = terms.indexOf(t);
        if (at >= 0) for (const x of syn) if (bm25.has(x)) synonymsOf[at]?.add(x);
      }
    }
  }
  const known = (w: string) =>
    termsOf(w).some((t) => bm25.has(t) || glossary.concepts([t]).size > 0) || (wordnet?.has(w) ?? true);
  const unknown = wordnet
    ? content.filter((w) => w.length >= 4 && !/\d/u.test(w) && !FUNCTION_WORDS.has(w) && w.split(/[-.]/u).every((part) => !known(part)))
    : [];
  return { terms, weights, conceptsOf, synonymsOf, total: weights.reduce((a, w) => a + w, 0), unknown };
}

/** A term met only through a WordNet synonym counts this much: synonyms are often loose. */
const SYNONYM_CREDIT = 0.6;

/**
 * How well a text answers for each of the question's terms: 1 when the text uses the term or names
 * the same glossary concept, SYNONYM_CREDIT when it uses a WordNet synonym, else 0.
 */
function credits(profile: QueryProfile, textTerms: TermLookup, textConcepts: ReadonlySet<string>): number[] {
  return profile.terms.map((t, i) => {
    if (textTerms.has(t) || [...(profile.conceptsOf[i] ?? [])].some((c) => textConcepts.has(c))) return 1;
    return [...(profile.synonymsOf[i] ?? [])].some((x) => textTerms.has(x)) ? SYNONYM_CREDIT : 0;
  });
}

/** Share of the question's weight that a text covers (0..1). */
export function coverage(profile: QueryProfile, textTerms: TermLookup, textConcepts: ReadonlySet<string>): number {
  if (profile.total === 0) return 0;
  return credits(profile, textTerms, textConcepts).reduce((sum, c, i) => sum + c * (profile.weights[i] ?? 0), 0) / profile.total;
}

/** Which of the question's terms a text covers at all, as a bit set over `profile.terms`. */
export function coveredTerms(profile: QueryProfile, textTerms: TermLookup, textConcepts: ReadonlySet<string>): boolean[] {
  return credits(profile, textTerms, textConcepts).map((c) => c > 0);
}

const LEAD = /^\s*(?:(?:how|what|when|where|who|why|which)(?:'s|\s+(?:does|do|did|is|are|was|were|can|could|should|would|will|has|have))?|explain|describe|define|tell me about)\s+/iu;
const BOUNDARY = /\s+(?:work|works|mean|means|do|does|use|used|uses|generate|generates|choose|chooses|help|helps|affect|affects|compare|differ|happen|happens|cost|costs|take|takes|get|gets|have|has|need|needs|make|makes|for|in|on|to|of|with|from|by|at|when|and|or|like|that|which)\b.*$/iu;

/** The subject of a question, roughly: "How does beam search decoding work …" → "beam search decoding". */
export function questionSubject(question: string): string {
  const rest = question.replace(LEAD, '').replace(/[?!.]+\s*$/u, '');
  return rest.replace(/^(?:the|a|an)\s+/iu, '').replace(BOUNDARY, '').trim();
}

/** "What is X?", "Define X", "What does X mean?" (a definition); "How does X work?", "Explain X" (a mechanism). */
const ASKED_TERM =
  /^\s*(?:(?:what(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?|define\s+)(?<def>[^?,;]{1,60}?)|what\s+does\s+(?<means>[^?,;]{1,60}?)\s+mean|how\s+(?:does|do)\s+(?:an?\s+|the\s+)?(?<how>[^?,;]{1,60}?)\s+work(?:\s+in\s+[^?]*)?|explain\s+(?:an?\s+|the\s+)?(?<explain>[^?,;]{1,60}?))\s*[?.!]*\s*$/iu;
/** A phrase with these words is a question ("the capital of …", "the best GPU for …"), not a term. */
const NOT_A_TERM = /\b(?:of|in|for|between|when|if|that|which|with|to|from|by|on|at|and|or|best|good|my|your|i|you)\b/iu;

export type AskedTerm = { phrase: string; kind: 'definition' | 'mechanism' };

/** The term a definition or how-it-works question asks about, when it is a short term. */
export function askedTerm(question: string): AskedTerm | undefined {
  const g = ASKED_TERM.exec(question)?.groups;
  const def = g?.['def'] ?? g?.['means'];
  const phrase = (def ?? g?.['how'] ?? g?.['explain'])?.trim();
  if (!phrase || NOT_A_TERM.test(phrase) || termsOf(phrase).length > 4) return undefined;
  return { phrase, kind: def ? 'definition' : 'mechanism' };
}

/**
 * Words of a term that the notes never use, not even through a glossary group or a WordNet
 * synonym: for "beam search decoding", ["beam"]. Asked "How does beam search decoding work?", the
 * notes' passages on decoders and text generation are near in words but say nothing about it.
 */
export function unmentionedWords(phrase: string, bm25: Bm25Index, glossary: Glossary, wordnet?: WordNet): string[] {
  const p = profileQuery(phrase, bm25, glossary, wordnet);
  if (p.terms.length === 0 || p.terms.length > 4) return [];
  const absent = new Set(p.terms.filter((t, i) => !bm25.has(t) && p.conceptsOf[i]!.size === 0 && p.synonymsOf[i]!.size === 0));
  return [...new Set(words(phrase).filter((w) => termsOf(w).some((t) => absent.has(t))))];
}
