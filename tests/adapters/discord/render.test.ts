import { describe, expect, it } from 'vitest';
import { renderReply, threadName } from '../../../src/adapters/discord/render.ts';
import type { SourceRef } from '../../../src/core/answer/types.ts';
import { answerButtons } from '../../../src/core/buttons.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { limitViolations, textOf, type MessageBody } from './limits.ts';

const source = (i: number, heading = `Section ${i}`): SourceRef => ({ file: `0${i % 10}-notes.md`, heading, score: 0.5, startLine: i, endLine: i + 9 });
const body = (m: ReturnType<typeof renderReply>[number]): MessageBody => m as MessageBody;
const paragraph = (n: number) => Array.from({ length: n }, (_, i) => `Adapters freeze the base weights and train small matrices, step ${i}. [${(i % 4) + 1}]`).join(' ');

describe('renderReply', () => {
  it('renders an answer as one embed: text, a Sources field, notices in the footer, buttons below', () => {
    const reply: Reply = {
      kind: 'answer',
      text: '**LoRA** trains low-rank matrices. [1]',
      sources: [source(1, 'Fine-tuning > LoRA')],
      notices: ['Your question was shortened.'],
      buttons: answerButtons(7),
      meta: { answerId: 7 },
    };
    const [m, ...rest] = renderReply(reply);
    expect(rest).toEqual([]);
    expect(m?.allowedMentions).toEqual({ parse: [] });
    expect(m?.flags).toBeUndefined();
    const embed = m?.embeds?.[0];
    expect(embed?.description).toBe('**LoRA** trains low-rank matrices. [1]');
    expect(embed?.fields).toEqual([{ name: 'Sources', value: '[1] `01-notes.md` — Fine-tuning > LoRA (lines 1-10)' }]);
    expect(embed?.footer?.text).toBe('Your question was shortened.');
    expect(m?.components?.[0]?.components.map((b) => b.custom_id)).toEqual(['fb:up:7', 'fb:down:7', 'thread:7']);
  });

  it('renders short notes as plain content with the ephemeral flag', () => {
    const [m] = renderReply({ kind: 'usage', text: 'Sorry, /studychannel is for server admins only.', ephemeral: true });
    expect(m).toEqual({ content: 'Sorry, /studychannel is for server admins only.', flags: 64, allowedMentions: { parse: [] } });
  });

  it('splits a long answer over several messages within every limit, with buttons only on the last', () => {
    const reply: Reply = {
      kind: 'answer',
      title: 'T'.repeat(400),
      text: [paragraph(60), '```ts', ...Array.from({ length: 120 }, (_, i) => `const w${i} = lora(${i});`), '```', paragraph(80)].join('\n'),
      sources: Array.from({ length: 14 }, (_, i) => source(i + 1, `Part ${i} > ${'Very long heading '.repeat(12)}`)),
      notices: Array.from({ length: 12 }, (_, i) => `Notice ${i}: ${'n'.repeat(250)}`),
      buttons: answerButtons(3),
    };
    const messages = renderReply(reply);
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) expect(limitViolations(body(m))).toEqual([]);
    expect(messages.slice(0, -1).every((m) => m.components === undefined)).toBe(true);
    expect(messages.at(-1)?.components?.[0]?.components).toHaveLength(3);
    const all = messages.map((m) => textOf(body(m))).join('\n');
    expect(all).toContain('… and 4 more'); // 14 sources, 10 listed
    expect(all).toContain('step 79. [4]'); // the end of the text survived
    expect(messages[0]?.embeds?.[0]?.title).toHaveLength(256);
  });

  it('caps the number of messages and marks the answer truncated', () => {
    const messages = renderReply({ kind: 'answer', text: paragraph(2000) }, { maxMessages: 3 });
    expect(messages).toHaveLength(3);
    expect(messages.at(-1)?.embeds?.[0]?.description).toMatch(/… \(truncated\)$/u);
    for (const m of messages) expect(limitViolations(body(m))).toEqual([]);
  });

  it('moves sources to their own message when they would push the last embed over 6000 characters', () => {
    const text = 'x '.repeat(2040).trim(); // one description of ~4080 characters
    const messages = renderReply({ kind: 'answer', text, sources: Array.from({ length: 10 }, (_, i) => source(i, 'h'.repeat(200))), notices: Array.from({ length: 4 }, () => 'n'.repeat(300)) });
    expect(messages).toHaveLength(2);
    expect(messages[0]?.embeds?.[0]?.fields).toBeUndefined();
    expect(messages[1]?.embeds?.[0]?.fields?.[0]?.name).toBe('Sources');
    for (const m of messages) expect(limitViolations(body(m))).toEqual([]);
  });

  it('keeps at most 25 buttons in rows of 5, drops ids over 100 characters and clips labels to 80', () => {
    const buttons = [{ id: 'x'.repeat(101), label: 'too long an id' }, ...Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, label: 'L'.repeat(100) }))];
    const [m] = renderReply({ kind: 'info', text: 'pick one', buttons });
    expect(m?.components).toHaveLength(5);
    expect(m?.components?.every((r) => r.components.length === 5)).toBe(true);
    expect(m?.components?.[0]?.components[0]?.custom_id).toBe('b0');
    expect(limitViolations(body(m!))).toEqual([]);
  });

  it('marks an ephemeral multi-part reply ephemeral on every part', () => {
    const messages = renderReply({ kind: 'error', text: paragraph(100), ephemeral: true });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.flags === 64)).toBe(true);
  });
});

describe('threadName', () => {
  it('makes a one-line name of at most 90 characters, never empty', () => {
    expect(threadName('What is\nLoRA?')).toBe('What is LoRA?');
    expect(threadName('q'.repeat(300))).toHaveLength(90);
    expect(threadName('   ')).toBe('studybot');
  });
});
