// Proves the language resources behind retrieval: WordNet lookups (vocabulary, inflections,
// synonyms), the glossary's phrase matching, the local embedder's paraphrase tolerance, and the
// evidence profile that decides abstention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askedTerm, profileQuery, questionSubject } from '../../src/core/answer/evidence.ts';
import { Bm25Index } from '../../src/core/retrieval/bm25.ts';
import { Glossary } from '../../src/core/retrieval/glossary.ts';
import { LocalHashEmbeddings, sparseDot } from '../../src/core/retrieval/local-embedder.ts';
import { terms } from '../../src/core/retrieval/text.ts';
import { WordNet } from '../../src/core/retrieval/wordnet.ts';

let wn: WordNet;
beforeAll(async () => {
  wn = await WordNet.load();
});
afterAll(() => wn.close());

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('WordNet', () => {
  it('knows everyday words in their inflected forms', () => {
    for (const w of ['huge', 'champions', 'defeated', 'pictures', 'running', 'wrote', 'bigger']) expect(wn.has(w), w).toBe(true);
  });

  it('does not know names and jargon absent from the dictionary', () => {
    for (const w of ['kubernetes', 'quicksort', 'dbscan', 'evoformer']) expect(wn.has(w), w).toBe(false);
  });

  it('gives synonyms from the same sense', () => {
    expect(wn.synonyms('pictures')).toContain('image');
    expect(wn.synonyms('kubernetes')).toEqual([]);
  });

  it('links a word to its broader sense ("beat" to "defeat")', () => {
    const defeat = new Set(wn.conceptIds('defeat'));
    expect(wn.conceptIds('beat').some((id) => defeat.has(id))).toBe(true);
  });
});

describe('Glossary', () => {
  const g = new Glossary({ rlhf: ['RLHF', 'reinforcement learning from human feedback'], lora: ['LoRA', 'low-rank adaptation'] });

  it('matches a multi-word phrase whatever its inflection', () => {
    expect([...g.concepts(terms('models aligned with Reinforcement Learning from Human Feedback'))]).toEqual(['rlhf']);
    expect([...g.concepts(terms('low-rank adaptations'))]).toEqual(['lora']);
  });

  it('matches nothing in unrelated text', () => {
    expect(g.concepts(terms('the capital of Australia')).size).toBe(0);
  });
});

describe('LocalHashEmbeddings', () => {
  const glossary = new Glossary({ parameters: ['parameters', 'weights', 'model size'] });

  it('scores a paraphrase above an unrelated sentence, where bag-of-words sees no overlap', () => {
    const e = new LocalHashEmbeddings(glossary, wn);
    const note = 'GPT-3 has 175B parameters.';
    const paraphrase = 'How many weights does GPT-3 have?';
    const unrelated = 'Bread needs flour, water and salt.';
    expect(cos(e.embedSync(paraphrase), e.embedSync(note))).toBeGreaterThan(cos(e.embedSync(unrelated), e.embedSync(note)) + 0.2);
  });

  it('is deterministic and unit-length, and its sparse form agrees with itself', () => {
    const e = new LocalHashEmbeddings(glossary, wn);
    const v = e.embedSync('Low-rank adaptation of large language models');
    expect(e.embedSync('Low-rank adaptation of large language models')).toEqual(v);
    expect(Math.sqrt(cos(v, v))).toBeCloseTo(1, 6);
    const s = e.sparse('Low-rank adaptation');
    expect(sparseDot(s, s)).toBeCloseTo(1, 6);
  });

  it('changes its id when its resources change, so a stale index is rebuilt', () => {
    expect(new LocalHashEmbeddings(glossary, wn).id).not.toBe(new LocalHashEmbeddings(glossary).id);
    expect(new LocalHashEmbeddings(glossary, wn).id).not.toBe(new LocalHashEmbeddings(Glossary.empty(), wn).id);
  });

  it('restores fitted statistics instead of refitting, and refuses a malformed state', () => {
    const a = new LocalHashEmbeddings(glossary, wn).fit(['alpha beta', 'beta gamma', 'gamma delta']);
    const b = new LocalHashEmbeddings(glossary, wn);
    expect(b.restore(JSON.parse(JSON.stringify(a.state())))).toBe(true);
    expect(b.embedSync('beta delta')).toEqual(a.embedSync('beta delta'));
    expect(b.restore({ nonsense: true })).toBe(false);
  });
});

describe('profileQuery', () => {
  const bm25 = new Bm25Index([terms('LoRA low-rank adaptation reduces trainable parameters'), terms('Deep Blue defeats Kasparov in 1997')]);

  it('names the words no note, glossary or dictionary knows', () => {
    expect(profileQuery('How do I configure Kubernetes ingress?', bm25, Glossary.empty(), wn).unknown).toEqual(['kubernetes']);
  });

  it('finds nothing unknown in an on-topic paraphrase', () => {
    expect(profileQuery('Which computer beat the chess champion?', bm25, Glossary.empty(), wn).unknown).toEqual([]);
  });

  it('never takes a function word the dictionary lacks for an unknown name', () => {
    // WordNet lists no prepositions or contractions; "among" once got a question refused.
    const p = profileQuery("Why doesn't LoRA, among others, work without weights? Couldn't we train towards it?", bm25, Glossary.empty(), wn);
    expect(p.unknown).toEqual([]);
  });

  it('drops a joined hyphen spelling the notes never use, keeping its parts', () => {
    const p = profileQuery('What do BERT-style models learn?', bm25, Glossary.empty(), wn);
    expect(p.terms).not.toContain('bertstyl');
    expect(p.terms).toContain('bert');
  });
});

describe('questionSubject', () => {
  it('finds what a question is about', () => {
    expect(questionSubject('How does beam search decoding work in text generation?')).toBe('beam search decoding');
    expect(questionSubject('When is the deadline for the module 7 assignment?')).toBe('deadline');
    expect(questionSubject('What is the learning rate schedule used to train Mistral 7B?')).toBe('learning rate schedule');
  });

  it('keeps what is left when a question is nearly all scaffolding', () => {
    expect(questionSubject('What is it?')).toBe('it');
    expect(questionSubject('Why?')).toBe('Why');
  });
});

describe('terms', () => {
  it('gives an ordinal its number, so "the third stage" meets "Stage 3"', () => {
    expect(terms('the third stage')).toEqual(expect.arrayContaining(['3', 'stage']));
    expect(terms('Stage 3')).toEqual(expect.arrayContaining(['3', 'stage']));
    expect(terms('the second Llama')).toContain('2');
  });
});

describe('askedTerm', () => {
  it('finds the term a definition or how-it-works question asks about', () => {
    expect(askedTerm('What is perplexity?')).toEqual({ phrase: 'perplexity', kind: 'definition' });
    expect(askedTerm("What's a transformer?")).toEqual({ phrase: 'transformer', kind: 'definition' });
    expect(askedTerm('Define hallucination')).toEqual({ phrase: 'hallucination', kind: 'definition' });
    expect(askedTerm('What does RAG mean?')).toEqual({ phrase: 'RAG', kind: 'definition' });
    expect(askedTerm('How does beam search decoding work in text generation?')).toEqual({ phrase: 'beam search decoding', kind: 'mechanism' });
    expect(askedTerm('Explain the attention mechanism')).toEqual({ phrase: 'attention mechanism', kind: 'mechanism' });
  });

  it('leaves questions that are not about one short term alone', () => {
    expect(askedTerm('What is the capital of Australia?')).toBeUndefined();
    expect(askedTerm('What is the best budget GPU for gaming in 2025?')).toBeUndefined();
    expect(askedTerm('When did the very first talking computer program appear?')).toBeUndefined();
    expect(askedTerm('What is the difference between fine-tuning and prompting?')).toBeUndefined();
    expect(askedTerm('What are the six safety categories LlamaGuard checks against in a chat?')).toBeUndefined();
  });
});
