import type { KnowledgeBase, Hit } from '../retrieval/knowledge-base.ts';
import { terms } from '../retrieval/text.ts';
import { type QueryProfile, coverage, coveredTerms } from './evidence.ts';
import type { SourceRef } from './types.ts';
import { toUnits, type Unit } from './units.ts';

type Candidate = { unit: Unit; hit: Hit; rank: number; index: number; score: number; covered: boolean[] };

const MAX_UNITS = 3;
/** List items shown under an introductory sentence ("three key advantages: …"). */
const MAX_ITEMS = 6;
/** Questions whose answer is a number, a size or a date. */
const QUANTITY = /\b(how (many|much|big|large|long|old)|when|what year|which year|what size|how huge)\b/iu;
/** A further sentence joins the answer only if it covers this much more of the question. */
const MIN_GAIN = 0.12;

const union = <T>(a: Iterable<T>, b: Iterable<T>) => new Set([...a, ...b]);

export const leafHeading = (hit: Hit) => hit.chunk.headingPath.at(-1) ?? hit.chunk.file;

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

/** Scores every sentence, list item, code line and table row of the retrieved chunks. */
function candidates(profile: QueryProfile, hits: Hit[], kb: KnowledgeBase, question: string): Candidate[] {
  const wantsQuantity = QUANTITY.test(question);
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const headingTerms = terms(hit.chunk.headingPath.join(' '));
    const headingConcepts = kb.glossary.concepts(headingTerms);
    toUnits(hit.chunk.text).forEach((unit, index) => {
      const own = terms(unit.text);
      const ownSet = new Set(own);
      const ownConcepts = kb.glossary.concepts(own);
      const ctxSet = union(ownSet, headingTerms);
      const ctxConcepts = union(ownConcepts, headingConcepts);
      const lengthPenalty = unit.text.length > 320 ? 0.1 : unit.text.length < 8 ? 0.2 : 0;
      const quantityBonus = wantsQuantity && /\d/u.test(unit.text) ? 0.15 : 0;
      const score =
        quantityBonus +
        0.55 * coverage(profile, ctxSet, ctxConcepts) +
        0.45 * coverage(profile, ownSet, ownConcepts) +
        0.08 / (rank + 1) -
        lengthPenalty;
      out.push({ unit, hit, rank, index, score, covered: coveredTerms(profile, ctxSet, ctxConcepts) });
    });
  });
  return out.sort((a, b) => b.score - a.score || a.rank - b.rank);
}

/** Picks the best unit, then units that answer parts of the question the first one leaves open. */
function select(profile: QueryProfile, all: Candidate[]): Candidate[] {
  const [best] = all;
  if (!best) return [];
  const chosen = [best];
  let covered = [...best.covered];
  const weightOf = (mask: boolean[]) => mask.reduce((s, c, i) => (c ? s + (profile.weights[i] ?? 0) : s), 0);
  for (const c of all.slice(1)) {
    if (chosen.length >= MAX_UNITS) break;
    const merged = covered.map((v, i) => v || (c.covered[i] ?? false));
    const gain = (weightOf(merged) - weightOf(covered)) / (profile.total || 1);
    if (gain >= MIN_GAIN && c.score >= best.score * 0.5) {
      chosen.push(c);
      covered = merged;
    }
  }
  // A lone short fact reads better with its neighbour from the same section ("Parameters: 117M" + "Innovation: …").
  if (chosen.length === 1 && best.unit.text.length < 60) {
    const next = all.find((c) => c !== best && c.hit === best.hit && c.score >= best.score * 0.85);
    if (next) chosen.push(next);
  }
  return chosen;
}

/**
 * Composes an answer from the notes' own sentences: the most relevant one first, then those that
 * cover other parts of the question, each cited as [n] with n indexing the returned sources.
 */
/**
 * When the best sentence introduces a list ("InstructGPT uses a four-stage process"), the items that
 * follow it in the same chunk are the actual answer: returns them (at most MAX_ITEMS).
 */
function listAfter(best: Candidate, all: Candidate[]): Candidate[] {
  if (best.unit.kind !== 'prose') return [];
  const same = all.filter((c) => c.hit === best.hit && c.index > best.index).sort((a, b) => a.index - b.index);
  const items = same.filter((c) => c.unit.kind === 'item' || c.unit.kind === 'comment' || c.unit.kind === 'row');
  return items.length >= 2 ? items.slice(0, MAX_ITEMS) : [];
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

export function composeExtractive(
  question: string,
  profile: QueryProfile,
  hits: Hit[],
  kb: KnowledgeBase,
  scoreOf: (h: Hit) => number,
) {
  const all = candidates(profile, hits, kb, question);
  const chosen = select(profile, all);
  const items = chosen[0] ? listAfter(chosen[0], all) : [];
  const sources: SourceRef[] = [];
  const citation = new Map<Hit, number>();
  const byHit = new Map<Hit, string[]>();
  for (const c of chosen) {
    if (!citation.has(c.hit)) {
      sources.push(sourceOf(c.hit, scoreOf(c.hit)));
      citation.set(c.hit, sources.length);
    }
    byHit.set(c.hit, [...(byHit.get(c.hit) ?? []), c.unit.text]);
  }
  const lines = [...byHit].map(([hit, texts]) => {
    const body = texts.map((t) => t.replace(/[.;:,]$/u, '')).join('; ');
    return `**${leafHeading(hit)}** — ${body}. [${citation.get(hit)}]`;
  });
  const first = chosen[0];
  if (first && items.length > 0) {
    const n = citation.get(first.hit);
    const bullets = items.filter((c) => !chosen.includes(c)).map((c) => `• ${clip(c.unit.text, 160)} [${n}]`);
    lines.splice(1, 0, ...bullets);
  }
  return { answer: lines.join('\n'), sources };
}
