// Proves the SQLite store: migrations create every table once, answers, feedback, study channels and
// threads round-trip, bad rows are refused by the schema, and an answer survives closing and
// reopening a file-backed store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceRef } from '../../src/core/answer/types.ts';
import type { AnswerRecord } from '../../src/store/answers.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { Store } from '../../src/store/store.ts';

const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'studybot-store-'));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const source: SourceRef = { file: '06-adaptation-strategies.md', heading: 'Adaptation > PEFT', score: 0.8, startLine: 26, endLine: 33 };
const answer = (extra: Partial<AnswerRecord> = {}): AnswerRecord => ({
  platform: 'discord',
  userId: 'U1',
  channelId: 'C1',
  question: 'What is LoRA?',
  answer: 'LoRA (Low-Rank Adaptation). [1]',
  sources: [source],
  mode: 'extractive',
  abstained: false,
  ...extra,
});

describe('Store migrations', () => {
  it('creates every table and records the schema version', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const db = new Database(path.join(dir, 'studybot.db'), { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['answers', 'feedback', 'study_channels', 'threads']);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('does not re-run migrations on a store that is already up to date', () => {
    const dir = tempDir();
    const first = Store.open(dir);
    const id = first.answers.record(answer());
    first.close();
    // A second open would fail with "table answers already exists" if it migrated again.
    const second = Store.open(dir);
    expect(second.answers.get(id)?.question).toBe('What is LoRA?');
    second.close();
  });
});

describe('Store repositories (in memory)', () => {
  let store: Store;
  beforeEach(() => {
    store = Store.open(':memory:');
  });
  afterEach(() => store.close());

  it('round-trips an answer with its sources, and returns undefined for an unknown id', () => {
    const id = store.answers.record(answer());
    expect(store.answers.get(id)).toEqual({ id, ...answer(), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u) });
    const noChannel = store.answers.record(answer({ channelId: undefined, abstained: true, sources: [] }));
    const got = store.answers.get(noChannel);
    expect(got).toMatchObject({ abstained: true, sources: [] });
    expect(got && 'channelId' in got).toBe(false);
    expect(store.answers.get(9999)).toBeUndefined();
  });

  it('keeps one vote per user per answer, the latest winning', () => {
    const id = store.answers.record(answer());
    store.feedback.record(id, 'discord', 'U1', 1);
    store.feedback.record(id, 'discord', 'U2', 1);
    store.feedback.record(id, 'discord', 'U1', -1);
    expect(store.feedback.totals(id)).toEqual({ up: 1, down: 1 });
    expect(store.feedback.totals(id + 1)).toEqual({ up: 0, down: 0 });
  });

  it('refuses feedback on an answer that does not exist, or with a vote other than ±1', () => {
    expect(() => store.feedback.record(424242, 'discord', 'U1', 1)).toThrow(/FOREIGN KEY/u);
    const id = store.answers.record(answer());
    expect(() => store.feedback.record(id, 'discord', 'U1', 0 as 1)).toThrow(/CHECK/u);
  });

  it('enables, updates, lists and disables study channels per platform', () => {
    store.channels.enable('slack', 'C2', true, 'admin');
    store.channels.enable('slack', 'C1', true, 'admin');
    store.channels.enable('slack', 'C1', false, 'admin');
    store.channels.enable('discord', 'C9', true, 'admin');
    expect(store.channels.get('slack', 'C1')).toEqual({ platform: 'slack', channelId: 'C1', answerQuestions: false });
    expect(store.channels.list('slack').map((c) => c.channelId)).toEqual(['C1', 'C2']);
    expect(store.channels.disable('slack', 'C1')).toBe(true);
    expect(store.channels.disable('slack', 'C1')).toBe(false);
    expect(store.channels.get('slack', 'C1')).toBeUndefined();
    expect(store.channels.get('discord', 'C2')).toBeUndefined();
  });

  it("returns a thread's last turns oldest first, and nothing for an unknown thread", () => {
    const ids = ['What is LoRA?', 'And QLoRA?', 'What rank is typical?', 'Why low rank?', 'Who proposed it?'].map((question, i) =>
      store.answers.record(answer({ question, answer: `answer ${i}` })),
    );
    for (const id of ids) store.threads.add('discord', 'T1', id);
    store.threads.add('discord', 'T1', ids[0]!); // linking twice is harmless
    expect(store.threads.has('discord', 'T1')).toBe(true);
    expect(store.threads.turns('discord', 'T1').map((t) => t.question)).toEqual(['And QLoRA?', 'What rank is typical?', 'Why low rank?', 'Who proposed it?']);
    expect(store.threads.turns('discord', 'T1', 2)).toEqual([
      { question: 'Why low rank?', answer: 'answer 3' },
      { question: 'Who proposed it?', answer: 'answer 4' },
    ]);
    expect(store.threads.has('slack', 'T1')).toBe(false);
    expect(store.threads.turns('discord', 'nope')).toEqual([]);
  });
});

describe('a file-backed store', () => {
  it('keeps an answer, its feedback and its thread across closing and reopening', () => {
    const dir = tempDir();
    const first = Store.open(dir);
    const id = first.answers.record(answer());
    first.feedback.record(id, 'discord', 'U1', 1);
    first.threads.add('discord', 'T7', id);
    first.close();
    first.close(); // closing twice is harmless

    const reopened = Store.open(dir);
    expect(reopened.answers.get(id)).toMatchObject(answer());
    expect(reopened.feedback.totals(id)).toEqual({ up: 1, down: 0 });
    expect(reopened.threads.turns('discord', 'T7')).toEqual([{ question: 'What is LoRA?', answer: 'LoRA (Low-Rank Adaptation). [1]' }]);
    reopened.close();
  });

  it('creates the data folder when it does not exist yet', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = Store.open(dir);
    expect(store.answers.record(answer())).toBe(1);
    store.close();
  });
});
