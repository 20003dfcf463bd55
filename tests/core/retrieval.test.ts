// Proves retrieval: BM25 ranks the chunk that uses the query's words first; the hybrid ranker finds
// a paraphrase BM25 misses; the index persists under the data folder, is reused while nothing changed,
// rebuilt when the notes, the glossary or `force` say so, and rebuilt (not a crash) when corrupt.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/core/retrieval/bm25.ts';
import { Glossary } from '../../src/core/retrieval/glossary.ts';
import { openKnowledgeBase, type OpenOptions } from '../../src/core/retrieval/index-store.ts';
import { KnowledgeBase } from '../../src/core/retrieval/knowledge-base.ts';
import { LocalHashEmbeddings } from '../../src/core/retrieval/local-embedder.ts';
import { terms } from '../../src/core/retrieval/text.ts';
import { silentLogger } from '../../src/log.ts';
import { createTestApp, KNOWLEDGE, type TestApp } from '../fixtures/app.ts';

describe('Bm25Index', () => {
  const docs = [
    'The transformer uses self-attention over every token.',
    'LoRA trains two low-rank matrices instead of all the weights.',
    'RLHF aligns a model with human feedback using PPO.',
  ].map((d) => terms(d));
  const bm25 = new Bm25Index(docs);

  it('ranks the document that uses the query terms first', () => {
    expect(bm25.search(terms('How does LoRA use low-rank matrices?'), 3)[0]?.doc).toBe(1);
    expect(bm25.search(terms('human feedback'), 3)[0]?.doc).toBe(2);
  });

  it('returns nothing for a query that shares no term with the documents', () => {
    expect(bm25.search(terms('sourdough bread recipe'), 3)).toEqual([]);
  });

  it('weighs a term the corpus never uses above one every document uses', () => {
    expect(bm25.idf('quokka')).toBeGreaterThan(bm25.idf(terms('transformer')[0] ?? ''));
  });

  it('keeps exactly the top k of a full scoring, ties in document order, search after search', () => {
    // A corpus where many documents tie and many share terms, scored by brute force for comparison.
    const vocab = ['attention', 'token', 'lora', 'rank', 'feedback', 'reward', 'prompt', 'agent'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const corpus = Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => vocab[Math.floor(next() * vocab.length)]!));
    const index = new Bm25Index(corpus);
    const brute = (q: string[]) => {
      const all = corpus.map((_, doc) => ({ doc, score: 0 }));
      for (const t of new Set(q)) {
        corpus.forEach((d, doc) => {
          const tf = d.filter((x) => x === t).length;
          if (tf === 0) return;
          const norm = tf + 1.2 * (1 - 0.75 + (0.75 * d.length) / (corpus.reduce((a, c) => a + c.length, 0) / corpus.length));
          all[doc]!.score += (index.idf(t) * tf * 2.2) / norm;
        });
      }
      return all.filter((h) => h.score > 0).sort((a, b) => b.score - a.score || a.doc - b.doc);
    };
    for (const [q, k] of [[['lora'], 5], [['token', 'agent'], 30], [['reward', 'rank', 'prompt'], 1], [['attention'], 1000], [['nothing'], 3]] as [string[], number][]) {
      const got = index.search(q, k);
      const want = brute(q).slice(0, k);
      expect(got.map((h) => h.doc)).toEqual(want.map((h) => h.doc));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 9));
    }
  });
});

describe('hybrid search over the shipped notes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.dispose());

  it('ranks the obvious chunk first for a direct question', async () => {
    const [top] = await app.core.search('What does RLHF stand for?', 3);
    expect(top?.heading).toMatch(/RLHF/u);
    expect(top?.text).toContain('Reinforcement Learning from Human Feedback');
  });

  it('finds a paraphrase that shares almost no words with the notes, where BM25 alone misses it', async () => {
    // "tweaks" and "original" meet "Key innovation" and "Llama 1" only through the glossary and
    // WordNet senses, which plain BM25 does not use.
    const question = 'What architectural tweaks did the original Llama introduce?';
    const found = (rs: { heading: string; text: string }[]) => rs.some((r) => `${r.heading}\n${r.text}`.includes('RMSNorm'));
    expect(found(await app.core.search(question, 3, 'hybrid'))).toBe(true);
    expect(found(await app.core.search(question, 3, 'bm25'))).toBe(false);
  });

  it("finds a glossary synonym in the hybrid's lexical ranker, which plain BM25 misses", async () => {
    const question = 'Which leaderboard ranks models by people picking the better of two answers?';
    const arena = (hits: { chunk: { headingPath: string[] } }[]) => hits.some((h) => h.chunk.headingPath.at(-1) === 'Chatbot Arena');
    expect(arena(app.core.kb.searchBm25(question, 3, true))).toBe(true);
    expect(arena(app.core.kb.searchBm25(question, 3, false))).toBe(false);
  });

  it('returns sources with file, heading path, score and line range', async () => {
    const results = await app.core.search('LoRA low-rank adaptation', 3);
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.file).toMatch(/\.md$/u);
      expect(r.heading.length).toBeGreaterThan(0);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.endLine).toBeGreaterThanOrEqual(r.startLine);
    }
  });
});

describe('KnowledgeBase edge cases', () => {
  it('searches an empty knowledge base without throwing', async () => {
    const glossary = Glossary.empty();
    const kb = await KnowledgeBase.build([], new LocalHashEmbeddings(glossary), glossary);
    expect((await kb.search('anything at all', 5)).hits).toEqual([]);
  });

  it('still answers lexically, and says so, when the embedder fails at query time', async () => {
    const glossary = Glossary.empty();
    const embeddings = new LocalHashEmbeddings(glossary);
    const chunks = ['LoRA trains low-rank matrices.', 'RLHF uses human feedback.'].map((text, i) => ({
      id: `n.md#${i}`,
      file: 'n.md',
      headingPath: ['Notes'],
      startLine: i + 1,
      endLine: i + 1,
      text,
    }));
    const kb = await KnowledgeBase.build(chunks, embeddings, glossary);
    embeddings.embedQuery = async () => {
      throw new Error('embedding service down');
    };
    const { hits, denseFailed } = await kb.search('human feedback', 2);
    expect(denseFailed?.message).toBe('embedding service down');
    expect(hits[0]?.chunk.text).toBe('RLHF uses human feedback.');
  });
});

describe('the persisted index', () => {
  let root: string;
  let knowledgeDir: string;
  let dataDir: string;
  let glossary: Glossary;
  let glossaryText: string;

  const open = (extra: Partial<OpenOptions> = {}) =>
    openKnowledgeBase({
      knowledgeDir,
      dataDir,
      maxFileBytes: 5_000_000,
      embeddings: new LocalHashEmbeddings(glossary),
      glossary,
      glossaryText,
      logger: silentLogger,
      ...extra,
    });
  const indexFile = (name: string) => path.join(dataDir, 'index', name);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'studybot-index-'));
    knowledgeDir = path.join(root, 'knowledge');
    dataDir = path.join(root, 'data');
    cpSync(KNOWLEDGE, knowledgeDir, { recursive: true });
    glossary = await Glossary.load(path.join(knowledgeDir, 'glossary.yaml'));
    glossaryText = readFileSync(path.join(knowledgeDir, 'glossary.yaml'), 'utf8');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is built under the data folder on first open and reused when nothing changed', async () => {
    const first = await open();
    expect(first.rebuilt).toBe(true);
    for (const f of ['manifest.json', 'hnswlib.index', 'docstore.json']) expect(existsSync(indexFile(f))).toBe(true);
    const builtAt = JSON.parse(readFileSync(indexFile('manifest.json'), 'utf8')).builtAt;
    const second = await open();
    expect(second.rebuilt).toBe(false);
    expect(second.kb.chunks).toEqual(first.kb.chunks);
    expect(JSON.parse(readFileSync(indexFile('manifest.json'), 'utf8')).builtAt).toBe(builtAt);
    const [top] = (await second.kb.search('What does RLHF stand for?', 1)).hits;
    expect(top?.chunk.text).toContain('Reinforcement Learning from Human Feedback');
  });

  it('is rebuilt when `force` is set, even though nothing changed', async () => {
    await open();
    expect((await open({ force: true })).rebuilt).toBe(true);
    expect((await open()).rebuilt).toBe(false);
  });

  it('is rebuilt when a knowledge file changes, and then finds the new text', async () => {
    await open();
    appendFileSync(path.join(knowledgeDir, '06-adaptation-strategies.md'), '\n## Quokka tuning\n\nQuokka tuning is a made-up method used by this test.\n');
    const changed = await open();
    expect(changed.rebuilt).toBe(true);
    expect(changed.kb.searchBm25('quokka tuning', 1)[0]?.chunk.headingPath.at(-1)).toBe('Quokka tuning');
    expect((await open()).rebuilt).toBe(false);
  });

  it('is rebuilt when the glossary changes', async () => {
    await open();
    expect((await open({ glossaryText: `${glossaryText}\n# edited\n` })).rebuilt).toBe(true);
  });

  it('is rebuilt, not a crash, when the manifest is corrupt', async () => {
    await open();
    writeFileSync(indexFile('manifest.json'), '{"format": 3, "hash": ');
    const reopened = await open();
    expect(reopened.rebuilt).toBe(true);
    expect(reopened.kb.chunks.length).toBeGreaterThan(0);
    expect((await open()).rebuilt).toBe(false);
  });

  it.each(['hnswlib.index', 'docstore.json', 'args.json'])('is rebuilt, not a crash, when %s is garbage', async (name) => {
    await open();
    writeFileSync(indexFile(name), 'garbage, not an index');
    const reopened = await open();
    expect(reopened.rebuilt).toBe(true);
    const { hits, denseFailed } = await reopened.kb.search('What does RLHF stand for?', 3);
    expect(denseFailed).toBeUndefined();
    expect(hits[0]?.chunk.text).toContain('Reinforcement Learning from Human Feedback');
  });

  it('is rebuilt, not a crash, when the vector file is truncated', async () => {
    await open();
    const bytes = readFileSync(indexFile('hnswlib.index'));
    writeFileSync(indexFile('hnswlib.index'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await open()).rebuilt).toBe(true);
  });
});
