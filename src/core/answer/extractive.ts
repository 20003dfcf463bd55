import type { KnowledgeBase, Hit } from '../retrieval/knowledge-base.ts';
import { sectionPath } from '../knowledge/types.ts';
import { type SparseVector, sparseDot } from '../retrieval/local-embedder.ts';
import { terms, words } from '../retrieval/text.ts';
import { type QueryProfile, askedTerm, coverage, coveredTerms, WANTS_YEAR, YEAR } from './evidence.ts';
import type { SourceRef } from './types.ts';
import { toUnits, type Unit } from './units.ts';

type Candidate = { unit: Unit; hit: Hit; rank: number; index: number; score: number; covered: boolean[] };

/** Context for one (part of a) question: what it asks and its embedding. */
export type AskedPart = {
  text: string;
  profile: QueryProfile;
  vector: SparseVector | undefined;
  /** This part's own ranking, when the question has several parts; else the whole question's. */
  hits?: Hit[];
};

const MAX_UNITS = 3;
/** List items shown under a sentence that introduces them ("three key advantages: …"). */
const MAX_ITEMS = 8;
/** Questions whose answer is a number, a size or a date. */
const QUANTITY = /\b(how (many|much|big|large|long|old|huge)|when|what year|which year|what size)\b/iu;

/** Questions whose answer must be a figure: a count, an amount, a size, a year. */
const ASKS_FIGURE = /\b(?:how (?:many|much|big|large|long|old)|what (?:year|size|score)|which year)\b/iu;

/**
 * Whether a figure question's best sentence holds no figure: no number but those in the names the
 * question itself uses ("GPT-4" in "What score does GPT-4 get on MMLU?"). The notes are near the
 * question but do not give the figure, and the answer should say so rather than seem to answer it.
 */
export function lacksFigure(question: string, sentence: string): boolean {
  if (!ASKS_FIGURE.test(question)) return false;
  const own = new Set((question.match(/[\w.-]*\d[\w.-]*/gu) ?? []).map((x) => x.toLowerCase()));
  return !(sentence.match(/[\w.$~-]*\d[\w.%-]*/gu) ?? []).some((x) => !own.has(x.toLowerCase()));
}

/** Questions that ask for several things. */
const LISTY = /\b(what are|which are|list|name the|categories|stages|steps|types|kinds|advantages|solutions|safeguards|techniques|projects|roles|benchmarks|metrics|innovations|components|challenges|strategies|examples)\b/iu;
const ANNOUNCES_LIST = /:\s*$|\b(two|three|four|five|six|seven|eight|nine|ten|several|following)\b/iu;
/** For a definition question ("What is perplexity?"), the stems of the term it asks about. */
export function definedTerm(question: string): string[] | undefined {
  const asked = askedTerm(question);
  return asked?.kind === 'definition' ? terms(asked.phrase) : undefined;
}

/**
 * Whether a sentence is about the term as its subject ("Perplexity measures …", "The Transformer is
 * …", "PEFT with LoRA (Low-Rank Adaptation) decomposes …"): the term within its first six words,
 * with no "is/are" before it ("The formula is perplexity = …" is about the formula).
 */
function opensWith(text: string, term: readonly string[]): boolean {
  const lead = words(text).slice(0, 6);
  const at = lead.findIndex((w) => terms(w).some((t) => t === term[0]));
  if (at < 0 || lead.slice(0, at).some((w) => /^(?:is|are|was|were)$/u.test(w))) return false;
  const near = new Set(terms(lead.slice(at, at + term.length + 3).join(' ')));
  return term.every((t) => near.has(t));
}

/** A further sentence joins the answer only if it covers this much more of the question. */
const MIN_GAIN = 0.12;
/** How close behind a summary sentence a list item or code line must score to be shown too. */
const FACT_RATIO = 0.8;

const union = <T>(a: Iterable<T>, b: Iterable<T>) => new Set([...a, ...b]);

export const leafHeading = (hit: Hit) => hit.chunk.headingPath.at(-1) ?? hit.chunk.file;

/** The heading an answer line shows: the section and its parent ("InstructGPT (2022) › Stage 1"), not the file title. */
const answerHeading = (hit: Hit) => sectionPath(hit.chunk).slice(-2).join(' › ') || hit.chunk.file;

export function sourceOf(hit: Hit, score: number): SourceRef {
  const { chunk } = hit;
  return {
    file: chunk.file,
    heading: chunk.headingPath.join(' > ') || chunk.file,
    score: Math.round(score * 1000) / 1000,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
  };
}

/**
 * Splits "What does PPO stand for, and what does MMLU stand for?" into its questions; a plain
 * "GPT-2 and GPT-3" stays whole (the second part must start with a question word).
 */
export function splitQuestion(question: string): string[] {
  const parts = question
    .split(/\?\s+(?=\S)|[;,]?\s+and\s+(?=(?:what|which|when|how|who|where|why|is|are|does|do|did|can)\b)/iu)
    .map((p) => p.trim())
    .filter((p) => p.length > 3);
  if (parts.length > 1) {
    // "What is LoRA, and what does it reduce?": the later part asks about LoRA.
    const name = ONE_NAME.exec(parts[0]!)?.[0];
    return parts.slice(0, 3).map((p, i) => (i > 0 && name && !ONE_NAME.test(p) ? p.replace(PRONOUN, (w) => (/s$|ir$/iu.test(w) ? `${name}'s` : name)) : p));
  }
  // "How many parameters did GPT-2 and GPT-3 have?": one question per named thing.
  const pair = NAME_PAIR.exec(question);
  if (pair) return [question.replace(pair[0], pair[1]!), question.replace(pair[0], pair[2]!)];
  return [question];
}

/** Two names joined by "and": model names with digits, acronyms, or capitalised words ("GPT-2 and GPT-3"). */
const NAME = String.raw`(?:[A-Z][\w.-]*\d[\w.-]*|[A-Z][A-Za-z]*[A-Z][\w-]*|[A-Z][a-z]+\s\d[\w.]*)`;
const NAME_PAIR = new RegExp(String.raw`\b(${NAME})\s+and\s+(${NAME})(?![\w-])`, 'u');
const ONE_NAME = new RegExp(String.raw`\b${NAME}(?![\w-])`, 'u');
/** The first pronoun of a later part of a question, which stands for the first part's name. */
const PRONOUN = /\b(?:it|its|they|them|their)\b/iu;

/**
 * The question a short follow-up in a thread stands for: "and GPT-3?" after "How many parameters did
 * GPT-2 have?" becomes "How many parameters did GPT-3 have?"; otherwise the two are read together.
 * A follow-up that is a full question on its own is kept as it is.
 */
export function resolveFollowUp(previous: string, current: string): string {
  if (current.trim().split(/\s+/u).length >= 6) return current;
  const before = ONE_NAME.exec(previous)?.[0];
  const now = ONE_NAME.exec(current)?.[0];
  if (before && now && before !== now) return previous.replace(before, now);
  return `${previous.slice(0, 300)} ${current}`;
}

/** Scores every sentence, list item, code line and table row of the retrieved chunks for one part. */
function candidates(part: AskedPart, hits: Hit[], kb: KnowledgeBase): Candidate[] {
  const wantsQuantity = QUANTITY.test(part.text);
  const wantsYear = WANTS_YEAR.test(part.text);
  // "What does RLHF stand for?": the sentence that spells the acronym out, "RLHF (Reinforcement …)".
  const acronym = /\b(?:stand|stands) for\b|\bmean\b|\babbreviat|^\s*(?:what|who)(?:'s| is| are| was)\b|\bdefine\b/iu.test(part.text)
    ? /\b([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\b/u.exec(part.text)?.[1]
    : undefined;
  const spelled = acronym ? new RegExp(`\\b${acronym}\\s*\\(|\\(${acronym}\\)`, 'u') : undefined;
  // "What is perplexity?": the sentence that says what it is, not a code line that uses it.
  const defining = definedTerm(part.text);
  const { profile } = part;
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const headingTerms = terms(sectionPath(hit.chunk).join(' '));
    const headingSet = new Set(headingTerms);
    const headingConcepts = kb.glossary.concepts(headingTerms);
    toUnits(hit.chunk.text).forEach((unit, index) => {
      const own = terms(unit.text);
      const ownSet = new Set(own);
      const ownConcepts = kb.glossary.concepts(own);
      const ctxSet = union(ownSet, headingTerms);
      const ctxConcepts = union(ownConcepts, headingConcepts);
      // A sentence that only restates its heading ("Stage 2 is supervised fine-tuning") says little.
      const novelty = own.length === 0 ? 0 : own.filter((t) => !headingSet.has(t)).length / own.length;
      const unitVector = part.vector ? kb.sparseOf(unit.text, true) : undefined;
      const similarity = part.vector && unitVector ? Math.max(0, sparseDot(part.vector, unitVector)) : 0;
      const ctxCoverage = coverage(profile, ctxSet, ctxConcepts);
      const score =
        0.4 * ctxCoverage +
        0.3 * coverage(profile, ownSet, ownConcepts) +
        0.3 * similarity +
        // A number answers "how many / when" only in a sentence that is about the question at all.
        (wantsQuantity && /\d/u.test(unit.text) ? (wantsYear && YEAR.test(unit.text) ? 0.3 : 0.15) * Math.min(1, ctxCoverage / 0.5) : 0) +
        (spelled?.test(unit.text) ? 0.3 : 0) +
        (defining ? (unit.kind === 'prose' && opensWith(unit.text, defining) ? 0.25 : unit.kind === 'code' || unit.kind === 'comment' ? -0.1 : 0) : 0) -
        0.12 * Math.min(1, unit.text.length / 250) +
        0.2 * (1 - rank / hits.length) -
        // A file's opening overview names every topic in it but answers none of them.
        (hit.chunk.headingPath.length <= 1 ? 0.1 : 0) -
        (novelty < 0.34 ? 0.08 : 0) -
        (unit.text.length > 320 ? 0.1 : unit.text.length < 8 ? 0.2 : 0);
      out.push({ unit, hit, rank, index, score, covered: coveredTerms(profile, ctxSet, ctxConcepts) });
    });
  });
  return out.sort((a, b) => b.score - a.score || a.rank - b.rank);
}

/** Picks the best unit, then units that answer parts of the question the first one leaves open. */
function select(profile: QueryProfile, all: Candidate[], max: number, definition = false): Candidate[] {
  const [best] = all;
  if (!best) return [];
  const chosen = [best];
  let covered = [...best.covered];
  const weightOf = (mask: boolean[]) => mask.reduce((s, c, i) => (c ? s + (profile.weights[i] ?? 0) : s), 0);
  for (const c of all.slice(1)) {
    if (chosen.length >= max) break;
    const merged = covered.map((v, i) => v || (c.covered[i] ?? false));
    const gain = (weightOf(merged) - weightOf(covered)) / (profile.total || 1);
    if (gain >= MIN_GAIN && c.score >= best.score * 0.6) {
      chosen.push(c);
      covered = merged;
    }
  }
  // A summary sentence first is fine, but the specific fact is usually a list item or code line:
  // add the best one close behind it.
  if (best.unit.kind === 'prose' && chosen.length < max) {
    // A definition is a sentence: a code line beside it ("# LoRA (Low-Rank Adaptation)") adds nothing.
    const fact = all.find(
      (c) => c.unit.kind !== 'prose' && !(definition && (c.unit.kind === 'code' || c.unit.kind === 'comment')) && c.score >= best.score * FACT_RATIO && !chosen.includes(c),
    );
    if (fact) chosen.push(fact);
  }
  return chosen;
}

/**
 * The items that follow an introducing sentence in the same chunk ("InstructGPT uses a four-stage
 * process" → the stages): all of them for list-like questions, a few otherwise, since the items are
 * usually where the specific facts are.
 */
function listAfter(best: Candidate, all: Candidate[], question: string): Candidate[] {
  const listy = LISTY.test(question);
  if (best.unit.kind !== 'prose' && !listy) return [];
  const max = listy || ANNOUNCES_LIST.test(best.unit.text) ? MAX_ITEMS : 4;
  const chunk = all.filter((c) => c.hit === best.hit).sort((a, b) => a.index - b.index);
  // In a list question, the list may sit anywhere in the chunk, and under a sub-heading line
  // ("Safeguards:") that matches the question better than the chunk's first list does.
  const header = listy
    ? chunk.filter((c) => /:\s*$/u.test(c.unit.text) && c.score >= best.score * 0.6).sort((a, b) => b.score - a.score)[0]
    : undefined;
  const from = header?.index ?? (listy && best.unit.kind !== 'prose' ? -1 : best.index);
  const same = chunk.filter((c) => c.index > from);
  const items: Candidate[] = [];
  for (const c of same) {
    if (c.unit.kind === 'prose' && items.length > 0) break;
    if (c.unit.kind === 'item' || c.unit.kind === 'comment' || c.unit.kind === 'row') items.push(c);
  }
  return items.length >= 2 ? items.slice(0, max) : [];
}

/** Identifies a sentence across the candidate lists of different question parts. */
const keyOf = (c: Candidate) => `${c.hit.chunk.id}#${c.index}`;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

/**
 * Composes an answer from the notes' own sentences: for each part of the question the most relevant
 * sentence first, then sentences that cover what it leaves open (and, for list questions, the list
 * it introduces), each cited as [n] with n indexing the returned sources.
 */
export function composeExtractive(parts: AskedPart[], hits: Hit[], kb: KnowledgeBase, scoreOf: (h: Hit) => number) {
  const chosen: Candidate[] = [];
  const listed = new Map<Candidate, Candidate[]>();
  for (const part of parts) {
    const all = candidates(part, part.hits ?? hits, kb);
    const picked = select(part.profile, all, parts.length > 1 ? 2 : MAX_UNITS, definedTerm(part.text) !== undefined).filter((c) => !chosen.some((x) => keyOf(x) === keyOf(c)));
    // Each chunk's first chosen sentence may bring the list it introduces (for list questions, any chunk).
    const listy = LISTY.test(part.text);
    picked.forEach((c, i) => {
      const firstOfChunk = !chosen.some((x) => x.hit === c.hit) && !picked.slice(0, i).some((x) => x.hit === c.hit);
      if (firstOfChunk && (i === 0 || listy)) listed.set(c, listAfter(c, all, part.text));
    });
    chosen.push(...picked);
  }
  const sources: SourceRef[] = [];
  const citation = new Map<Hit, number>();
  const cite = (hit: Hit) => {
    if (!citation.has(hit)) {
      sources.push(sourceOf(hit, scoreOf(hit)));
      citation.set(hit, sources.length);
    }
    return citation.get(hit)!;
  };
  const lines: string[] = [];
  const shown = new Set(chosen.map(keyOf));
  const shownText = new Set(chosen.map((c) => c.unit.text.toLowerCase()));
  for (const c of chosen) {
    const n = cite(c.hit);
    lines.push(`**${answerHeading(c.hit)}** — ${c.unit.text.replace(/[.;:,]$/u, '')}. [${n}]`);
    for (const item of listed.get(c) ?? []) {
      const text = item.unit.text.toLowerCase();
      if (shown.has(keyOf(item)) || shownText.has(text)) continue;
      shown.add(keyOf(item));
      shownText.add(text);
      lines.push(`• ${clip(item.unit.text, 160)} [${n}]`);
    }
  }
  // One question asking for a figure the best sentence does not give: say so before quoting it.
  const [only] = parts;
  const [best] = chosen;
  if (parts.length === 1 && only && best && lacksFigure(only.text, best.unit.text)) lines.unshift(NO_FIGURE);
  return { answer: lines.join('\n'), sources };
}

/** The first line of an answer to a figure question when the notes give no figure. */
export const NO_FIGURE = "The notes don't give that figure. The closest they say:";
