import type { Logger } from '../log.ts';
import { EXPLAIN_SYSTEM_PROMPT, LEVEL_GUIDANCE } from '../llm/prompts.ts';
import { type ChatModel, ModelError } from '../llm/types.ts';
import { askedTerm, coverage, coveredTerms, profileQuery, questionSubject, type QueryProfile, unmentionedWords, WANTS_YEAR, YEAR } from './answer/evidence.ts';
import { answerability, type EvidenceFeatures } from './answer/evidence-model.ts';
import { type AskedPart, composeExtractive, leafHeading, resolveFollowUp, sourceOf, splitQuestion } from './answer/extractive.ts';
import { ANSWER_SYSTEM_PROMPT, answerRequest, generateGrounded } from './answer/generative.ts';
import type { AskResult, SourceRef } from './answer/types.ts';
import { digest, type Level } from './explain/digest.ts';
import type { Chunk } from './knowledge/types.ts';
import { terms } from './retrieval/text.ts';
import type { WordNet } from './retrieval/wordnet.ts';
import type { Turn } from '../store/threads.ts';
import type { Hit, KnowledgeBase, RetrievalMode } from './retrieval/knowledge-base.ts';

export type StudySettings = {
  abstainThreshold: number;
  maxQuestionChars: number;
  topK: number;
  /** Which ranker feeds answers; `hybrid` in production, the others for evaluation. */
  retrieval?: RetrievalMode;
};

export type ExplainResult = Omit<AskResult, 'answer'> & { title: string; text: string; level: Level };
export type SearchResult = SourceRef & { text: string };

/** Chunks retrieved per question; the evidence check and the extractive answer look at these. */
const RETRIEVE = 8;
/** Hits whose coverage decides whether the notes answer the question. */
const EVIDENCE_HITS = 3;
/** Coverage a section needs to be offered as a related topic. */
const RELATED_MIN = 0.3;

/**
 * The platform-neutral study features: grounded answers, explanations and search over the notes.
 * Adapters and the CLI call these; nothing here knows about Discord, Slack or a terminal.
 */
export class StudyCore {
  constructor(
    readonly kb: KnowledgeBase,
    private readonly settings: StudySettings,
    private readonly logger: Logger,
    private readonly chat?: ChatModel,
    private readonly wordnet?: WordNet,
  ) {}

  /** The same core (notes, models) with other settings: another retriever or threshold, for evaluation. */
  withSettings(changes: Partial<StudySettings>): StudyCore {
    return new StudyCore(this.kb, { ...this.settings, ...changes }, this.logger, this.chat, this.wordnet);
  }

  get mode(): 'generative' | 'extractive' {
    return this.chat ? 'generative' : 'extractive';
  }

  /** Caps over-long input, saying so in a notice rather than failing. */
  private clamp(text: string, notices: string[]): string {
    const trimmed = text.trim();
    if (trimmed.length <= this.settings.maxQuestionChars) return trimmed;
    notices.push(
      `Your text was ${trimmed.length.toLocaleString('en')} characters; I used the first ${this.settings.maxQuestionChars.toLocaleString('en')}.`,
    );
    return trimmed.slice(0, this.settings.maxQuestionChars);
  }

  /**
   * Retrieves and weighs the evidence: each hit's share of the question it covers, and the
   * probability (evidence model) that the notes answer it at all.
   */
  private async retrieve(query: string, notices: string[], k = RETRIEVE) {
    const { hits, denseFailed, topBm25, topCosine } = await this.kb.search(query, k, this.settings.retrieval ?? 'hybrid');
    if (denseFailed) {
      this.logger.warn({ err: denseFailed }, 'dense retrieval failed; using lexical ranking only');
      notices.push('The embedding service was unavailable, so I searched the notes by keywords only.');
    }
    const profile = profileQuery(query, this.kb.bm25, this.kb.glossary, this.wordnet);
    const cov = new Map<Hit, number>(hits.map((h) => [h, this.chunkCoverage(profile, h.chunk)]));
    const top = hits.slice(0, EVIDENCE_HITS);
    const n = Math.max(1, profile.terms.length);
    const features: EvidenceFeatures = {
      coverage: Math.max(0, ...top.map((h) => cov.get(h) ?? 0)),
      termShare: Math.max(0, ...top.map((h) => this.termShare(profile, h.chunk))),
      cosine: topCosine,
      bm25: topBm25 / Math.max(1, profile.total),
      known: profile.terms.filter((t) => this.kb.bm25.has(t)).length / n,
      length: Math.min(1, profile.terms.length / 10),
      subject: this.subjectCoverage(query, top),
    };
    return { hits, profile, cov, features, confidence: answerability(features) };
  }

  /** How much of the question's subject the best of the top chunks covers (1 when no subject is found). */
  private subjectCoverage(question: string, top: Hit[]): number {
    const subject = questionSubject(question);
    if (!subject) return 1;
    const p = profileQuery(subject, this.kb.bm25, this.kb.glossary, this.wordnet);
    if (p.terms.length === 0) return 1;
    return Math.max(0, ...top.map((h) => this.chunkCoverage(p, h.chunk)));
  }

  private termShare(profile: QueryProfile, chunk: Chunk): number {
    const i = this.kb.ordinalOf(chunk.id);
    const covered = coveredTerms(profile, this.kb.termSet(i), this.kb.conceptsOf(i));
    return covered.filter(Boolean).length / Math.max(1, covered.length);
  }

  /** The evidence features of a question, for calibrating the evidence model. */
  async evidenceOf(question: string): Promise<{ features: EvidenceFeatures; forced: boolean }> {
    const q = this.clamp(question, []);
    const { features, profile } = await this.retrieve(q, []);
    return { features, forced: this.refusedOutright(profile, askedTerm(q)?.phrase).length > 0 || profile.terms.length === 0 };
  }

  /**
   * Words that settle a refusal before any evidence is weighed: words nobody knows (not the notes,
   * the glossary or the dictionary: "Kubernetes"), and words of the asked term the notes never use
   * even through a synonym ("beam" in "How does beam search decoding work?").
   */
  private refusedOutright(profile: QueryProfile, term: string | undefined): string[] {
    const unmentioned = term ? unmentionedWords(term, this.kb.bm25, this.kb.glossary, this.wordnet) : [];
    return [...new Set([...profile.unknown, ...unmentioned])];
  }

  private chunkCoverage(profile: QueryProfile, chunk: Chunk): number {
    const i = this.kb.ordinalOf(chunk.id);
    return coverage(profile, this.kb.termSet(i), this.kb.conceptsOf(i));
  }

  /** Topics nearest to a query, for "the notes don't cover that; they do cover …". */
  private closest(hits: Hit[]): string[] {
    const names = hits.length > 0 ? hits.map(leafHeading) : this.kb.topics();
    return [...new Set(names)].slice(0, 3);
  }

  private abstention(hits: Hit[], confidence: number, notices: string[], subject: string, unknown: string[] = []): AskResult {
    const closestTopics = this.closest(hits);
    const missing = unknown.length > 0 ? ` (they never mention ${unknown.map((w) => `"${w}"`).join(', ')})` : '';
    const answer = `The notes don't cover ${subject}${missing}. Closest topics they do cover: ${closestTopics.join('; ')}.`;
    return { answer, sources: [], abstained: true, mode: this.mode, notices, closestTopics, confidence };
  }

  /** Answers a question from the notes, with citations, or abstains when the evidence is weak. */
  async ask(question: string, history: readonly Turn[] = []): Promise<AskResult> {
    const notices: string[] = [];
    const asked = this.clamp(question, notices);
    // In a thread, the previous question gives a short follow-up ("and GPT-3?") its subject.
    const previous = history.at(-1)?.question;
    const q = previous ? resolveFollowUp(previous, asked) : asked;
    // A question in parts is also weighed part by part. "What does PPO stand for, and what does MMLU
    // stand for?" has no one chunk covering both, but each part is well covered on its own; and in
    // "What is LoRA, and how does beam search work?" one part names what the notes never mention:
    // the other part is answered, and the answer says which part the notes do not cover. (A part
    // that merely scores low is not called uncovered: short parts score low on too little evidence.)
    const parts = splitQuestion(q);
    if (parts.length > 1) {
      const verdicts = await Promise.all(parts.map((p) => this.verdict(p)));
      const named = verdicts.filter((v) => v.missing.length === 0);
      const allOk = named.every((v) => v.ok);
      if (named.length > 0 && (named.length < parts.length || allOk)) {
        const text = named.length === parts.length ? q : named.map((v) => v.part.replace(/[?.!\s]*$/u, '?')).join(' ');
        const r = await this.answer(text, named.length === parts.length ? asked : text, history, notices, !allOk);
        const uncovered = verdicts
          .filter((v) => v.missing.length > 0)
          .map((v) => `"${v.part.replace(/^\s*(?:and|but|also)\s+/iu, '').replace(/[?.!\s]*$/u, '')}" (they never mention ${v.missing.map((w) => `"${w}"`).join(', ')})`);
        return r.abstained || uncovered.length === 0 ? r : { ...r, answer: `${r.answer}\n\nThe notes don't cover ${uncovered.join(' or ')}.` };
      }
    }
    return this.answer(q, asked, history, notices);
  }

  /** Whether the notes answer one part of a question, and the words that settle it if not. */
  private async verdict(part: string): Promise<{ part: string; ok: boolean; missing: string[] }> {
    const { profile, confidence } = await this.retrieve(part, []);
    const missing = this.refusedOutright(profile, askedTerm(part)?.phrase);
    return { part, ok: profile.terms.length > 0 && missing.length === 0 && confidence >= this.settings.abstainThreshold, missing };
  }

  /** Answers one question (`q`, with a thread's context resolved; `asked`, as the user typed it). */
  private async answer(q: string, asked: string, history: readonly Turn[], notices: string[], gate = true): Promise<AskResult> {
    // "When was the Transformer introduced?": the dated line ("2017: Transformer architecture") sits
    // in a timeline that ranks below sections merely about transformers, so look further down and
    // put first the sections that date something the question names.
    const wantsYear = WANTS_YEAR.test(q);
    const retrieved = await this.retrieve(q, notices, wantsYear ? RETRIEVE * 3 : RETRIEVE);
    const { profile, cov, confidence } = retrieved;
    const hits = wantsYear ? this.datedFirst(retrieved.hits, profile).slice(0, RETRIEVE) : retrieved.hits;
    const missing = gate ? this.refusedOutright(profile, askedTerm(q)?.phrase) : [];
    if (gate && (profile.terms.length === 0 || missing.length > 0 || confidence < this.settings.abstainThreshold)) {
      return this.abstention(hits, confidence, notices, 'that', missing);
    }
    const scoreOf = (h: Hit) => cov.get(h) ?? 0;
    if (this.chat) {
      const context = hits.slice(0, this.settings.topK);
      try {
        const out = await generateGrounded(this.chat, ANSWER_SYSTEM_PROMPT, context, answerRequest(asked, history));
        if (out.kind === 'not-in-notes') return this.abstention(hits, confidence, notices, 'that');
        const sources = context.map((h) => sourceOf(h, scoreOf(h)));
        return { answer: out.text, sources, abstained: false, mode: 'generative', notices, closestTopics: [], confidence };
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        this.logger.warn({ reason: err.reason, err: err.message }, 'chat model failed; extractive fallback');
        notices.push(`The language model was unavailable (${err.message}), so this answer is quoted from the notes.`);
      }
    }
    const parts = this.parts(q, profile);
    const { answer, sources } = composeExtractive(parts, await this.withPartHits(hits, parts), this.kb, scoreOf);
    return { answer, sources, abstained: false, mode: 'extractive', notices, closestTopics: [], confidence };
  }

  /** Hits with a line that holds a year and a word of the question first, otherwise in order. */
  private datedFirst(hits: Hit[], profile: QueryProfile): Hit[] {
    const asked = new Set(profile.terms);
    const dated = (h: Hit) => h.chunk.text.split('\n').some((line) => YEAR.test(line) && terms(line).some((t) => asked.has(t)));
    const first = hits.filter(dated);
    return [...first, ...hits.filter((h) => !first.includes(h))];
  }

  /**
   * For a multi-part question, gives each part its own ranking (its best chunks first, then the
   * whole question's) and returns every chunk any part uses, for citations.
   */
  private async withPartHits(hits: Hit[], parts: AskedPart[]): Promise<Hit[]> {
    if (parts.length < 2) return hits;
    const all = new Map(hits.map((h) => [h.chunk.id, h]));
    for (const part of parts) {
      const { hits: own } = await this.kb.search(part.text, 4, this.settings.retrieval ?? 'hybrid');
      const ranked = new Map<string, Hit>();
      for (const h of [...own, ...hits]) if (!ranked.has(h.chunk.id)) ranked.set(h.chunk.id, all.get(h.chunk.id) ?? h);
      for (const h of ranked.values()) if (!all.has(h.chunk.id)) all.set(h.chunk.id, h);
      part.hits = [...ranked.values()].map((h) => all.get(h.chunk.id)!);
    }
    return [...all.values()];
  }

  /** The question's parts, each with its own profile and embedding, for the extractive answer. */
  private parts(question: string, whole: QueryProfile): AskedPart[] {
    const texts = splitQuestion(question);
    if (texts.length === 1) return [{ text: question, profile: whole, vector: this.kb.sparseOf(question) }];
    return texts.map((t) => ({ text: t, profile: profileQuery(t, this.kb.bm25, this.kb.glossary, this.wordnet), vector: this.kb.sparseOf(t) }));
  }

  /** Explains one topic at a level: a generative explanation, or an offline structured digest. */
  async explain(topic: string, level: Level): Promise<ExplainResult> {
    const notices: string[] = [];
    const t = this.clamp(topic, notices);
    const { hits, profile, cov, confidence } = await this.retrieve(t, notices);
    const best = hits[0];
    // The topic is itself the term ("beam search"), unless it is phrased as a question.
    const missing = this.refusedOutright(profile, askedTerm(t)?.phrase ?? t);
    const fail = (subject: string) => {
      const a = this.abstention(hits, confidence, notices, subject, missing);
      return { ...a, title: t, text: a.answer, level };
    };
    if (!best || missing.length > 0 || confidence < this.settings.abstainThreshold) return fail(`"${t}"`);
    // An expert explanation also takes in the neighbouring sections under the same parent heading.
    const section = this.kb.subtree(best.chunk, 6, level === 'expert' ? 1 : 0);
    const sectionIds = new Set(section.map((c) => c.id));
    // Related topics: other retrieved sections that share a fair part of the topic's words.
    const related = [...new Set(hits.filter((h) => !sectionIds.has(h.chunk.id) && (cov.get(h) ?? 0) >= RELATED_MIN).map(leafHeading))];
    const title = leafHeading(best);
    const sources = section.map((chunk) => sourceOf({ chunk, score: 0 }, this.chunkCoverage(profile, chunk)));
    if (this.chat) {
      const context: Hit[] = [...section.map((chunk) => ({ chunk, score: 0 })), ...hits.filter((h) => !sectionIds.has(h.chunk.id))].slice(0, 6);
      try {
        const request = `Explain "${t}" for a ${level} audience. ${LEVEL_GUIDANCE[level]}`;
        const out = await generateGrounded(this.chat, EXPLAIN_SYSTEM_PROMPT, context, request);
        if (out.kind === 'not-in-notes') return fail(`"${t}"`);
        const ctxSources = context.map((h) => sourceOf(h, this.chunkCoverage(profile, h.chunk)));
        return { title, text: out.text, sources: ctxSources, abstained: false, mode: 'generative', notices, closestTopics: [], confidence, level };
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        this.logger.warn({ reason: err.reason }, 'chat model failed; offline digest');
        notices.push(`The language model was unavailable (${err.message}), so this is an offline digest of the notes.`);
      }
    }
    const text = digest(title, section, related, level);
    return { title, text, sources, abstained: false, mode: 'extractive', notices, closestTopics: [], confidence, level };
  }

  /** Raw retrieval, for `studybot search` and the evaluation. */
  async search(query: string, k: number, mode: RetrievalMode = 'hybrid'): Promise<SearchResult[]> {
    const notices: string[] = [];
    const q = this.clamp(query, notices);
    const { hits } = await this.kb.search(q, k, mode);
    const profile = profileQuery(q, this.kb.bm25, this.kb.glossary, this.wordnet);
    return hits.map((h) => ({ ...sourceOf(h, this.chunkCoverage(profile, h.chunk)), text: h.chunk.text }));
  }
}
