import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StudyCore } from '../../src/core/study.ts';
import type { RetrievalMode } from '../../src/core/retrieval/knowledge-base.ts';

export const EvalQuestion = z.object({
  id: z.string(),
  kind: z.enum(['direct', 'paraphrase', 'multi', 'offtopic', 'unanswerable']),
  question: z.string().min(1),
  facts: z.array(z.string()),
  topic: z.string(),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export function loadQuestions(file = path.join(import.meta.dirname, 'questions.json')): EvalQuestion[] {
  return z.array(EvalQuestion).parse(JSON.parse(readFileSync(file, 'utf8')));
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/gu, ' ');
/** True when every expected fact occurs in the text (case and spacing ignored). */
export const holdsFacts = (text: string, facts: string[]) => facts.every((f) => norm(text).includes(norm(f)));

export type Figures = {
  mode: RetrievalMode;
  onTopic: number;
  offTopic: number;
  unanswerable: number;
  hit1: number;
  hit3: number;
  /** hit@3 per question kind (direct, paraphrase, multi). */
  hit3ByKind: Record<string, number>;
  factHit: number;
  /** Fact-hit among the on-topic questions that were answered (composition quality alone). */
  factHitAnswered: number;
  abstentionPrecision: number;
  /** Share of off-topic questions refused. */
  abstentionRecall: number;
  /** Share of near-domain questions whose detail the notes lack that were refused. */
  unanswerableRecall: number;
  falseRefusalRate: number;
  misses: { id: string; what: string }[];
};

const rate = (n: number, d: number) => (d === 0 ? 0 : n / d);

/** Runs the question set through one core (its retrieval mode decides the ranker). */
export async function evaluate(core: StudyCore, mode: RetrievalMode, questions: EvalQuestion[]): Promise<Figures> {
  const on = questions.filter((q) => q.kind !== 'offtopic' && q.kind !== 'unanswerable');
  const off = questions.filter((q) => q.kind === 'offtopic');
  const near = questions.filter((q) => q.kind === 'unanswerable');
  let abstainedNear = 0;
  let hit1 = 0;
  let hit3 = 0;
  let facts = 0;
  let refusedOn = 0;
  let abstainedOff = 0;
  const kindHits: Record<string, [number, number]> = {};
  const misses: Figures['misses'] = [];
  for (const q of on) {
    const top = await core.search(q.question, 3, mode);
    const text = (n: number) => top.slice(0, n).map((r) => `${r.heading}\n${r.text}`).join('\n');
    const h1 = holdsFacts(text(1), q.facts);
    const h3 = holdsFacts(text(3), q.facts);
    hit1 += Number(h1);
    hit3 += Number(h3);
    const k = (kindHits[q.kind] ??= [0, 0]);
    k[0] += Number(h3);
    k[1] += 1;
    const res = await core.ask(q.question);
    if (res.abstained) refusedOn++;
    const ok = !res.abstained && holdsFacts(res.answer, q.facts);
    facts += Number(ok);
    if (!h3) misses.push({ id: q.id, what: 'retrieval' });
    if (!ok) misses.push({ id: q.id, what: res.abstained ? `refused (confidence ${res.confidence.toFixed(2)})` : 'answer lacks fact' });
  }
  for (const q of off) {
    const res = await core.ask(q.question);
    if (res.abstained) abstainedOff++;
    else misses.push({ id: q.id, what: `answered off-topic (confidence ${res.confidence.toFixed(2)})` });
  }
  for (const q of near) {
    const res = await core.ask(q.question);
    if (res.abstained) abstainedNear++;
    else misses.push({ id: q.id, what: `answered unanswerable (confidence ${res.confidence.toFixed(2)})` });
  }
  return {
    mode,
    onTopic: on.length,
    offTopic: off.length,
    unanswerable: near.length,
    hit1: rate(hit1, on.length),
    hit3: rate(hit3, on.length),
    hit3ByKind: Object.fromEntries(Object.entries(kindHits).map(([k, [h, n]]) => [k, rate(h, n)])),
    factHit: rate(facts, on.length),
    factHitAnswered: rate(facts, on.length - refusedOn),
    abstentionPrecision: rate(abstainedOff + abstainedNear, abstainedOff + abstainedNear + refusedOn),
    abstentionRecall: rate(abstainedOff, off.length),
    unanswerableRecall: rate(abstainedNear, near.length),
    falseRefusalRate: rate(refusedOn, on.length),
    misses,
  };
}

export type SweepRow = { threshold: number; offRecall: number; nearRecall: number; falseRefusal: number; factHit: number };

/**
 * The abstention trade-off: `core` must have threshold 0, so it abstains only when a question names
 * something the notes never mention; each row then applies one threshold to the recorded confidences.
 */
export async function sweep(core: StudyCore, questions: EvalQuestion[], thresholds: number[]): Promise<SweepRow[]> {
  const seen = await Promise.all(
    questions.map(async (q) => {
      const r = await core.ask(q.question);
      return { q, conf: r.confidence, forced: r.abstained, hit: !r.abstained && holdsFacts(r.answer, q.facts) };
    }),
  );
  const on = seen.filter((s) => s.q.kind !== 'offtopic' && s.q.kind !== 'unanswerable');
  const off = seen.filter((s) => s.q.kind === 'offtopic');
  const near = seen.filter((s) => s.q.kind === 'unanswerable');
  return thresholds.map((t) => {
    const refused = (s: (typeof seen)[number]) => s.forced || s.conf < t;
    return {
      threshold: t,
      offRecall: rate(off.filter(refused).length, off.length),
      nearRecall: rate(near.filter(refused).length, near.length),
      falseRefusal: rate(on.filter(refused).length, on.length),
      factHit: rate(on.filter((s) => !refused(s) && s.hit).length, on.length),
    };
  });
}
