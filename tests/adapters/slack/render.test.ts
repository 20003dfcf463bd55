import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.ts';
import { answerButtons } from '../../../src/core/buttons.ts';
import { clipEscaped, escapeSlack, unescapeSlack } from '../../../src/adapters/slack/escape.ts';
import { toMrkdwn } from '../../../src/adapters/slack/mrkdwn.ts';
import { renderReply, SLACK_LIMITS } from '../../../src/adapters/slack/render.ts';
import { sentences, splitMrkdwn } from '../../../src/adapters/slack/split.ts';
import { allStrings, blockKitViolations } from './limits.ts';

const source = { file: 'notes.md', heading: 'LoRA', score: 0.9, startLine: 1, endLine: 9 };

describe('escapeSlack', () => {
  it.each(['<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<#C123|general>', '<https://evil.example|click>'])(
    'neutralises %s so Slack cannot parse it as a mention or link',
    (raw) => {
      const out = escapeSlack(`hey ${raw} & more`);
      expect(out).not.toMatch(/[<>]/u);
      expect(out).toContain('&amp; more');
      expect(unescapeSlack(out)).toBe(`hey ${raw} & more`);
    },
  );

  it('clips without cutting an entity in half', () => {
    expect(clipEscaped(escapeSlack('a&b'), 3)).toBe('a…');
    expect(clipEscaped('short', 10)).toBe('short');
  });
});

describe('toMrkdwn', () => {
  it('turns **bold** into *bold* but leaves code and fences alone', () => {
    expect(toMrkdwn('**LoRA** adds `**kept**` matrices')).toBe('*LoRA* adds `**kept**` matrices');
    expect(toMrkdwn('```\n**raw** <x>\n```')).toBe('```\n**raw** &lt;x&gt;\n```');
    expect(toMrkdwn('## Heading\n• item _it_')).toBe('*Heading*\n• item _it_');
  });

  it('escapes model text that tries to ping the channel', () => {
    const out = toMrkdwn('Ask <!channel> and <@U42> now & later > 3');
    expect(out).toBe('Ask &lt;!channel&gt; and &lt;@U42&gt; now &amp; later &gt; 3');
  });
});

describe('splitMrkdwn', () => {
  const sentence = (i: number) => `Sentence ${i} about low-rank adapters and frozen weights. [${(i % 3) + 1}]`;

  it('keeps short text whole', () => {
    expect(splitMrkdwn('one\ntwo', 3000)).toEqual(['one\ntwo']);
  });

  it('cuts one long paragraph between sentences, keeping each trailing citation with its sentence', () => {
    const text = Array.from({ length: 120 }, (_, i) => sentence(i)).join(' ');
    const parts = splitMrkdwn(text, 500);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(500);
      expect(p).toMatch(/^Sentence \d+/u);
      expect(p).toMatch(/\[\d\]$/u);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('never cuts inside a citation group even when words must be split', () => {
    const text = `${'word '.repeat(60)}[1, 2] ${'tail '.repeat(60)}`.trim();
    const parts = splitMrkdwn(text, 64);
    expect(parts.some((p) => p.includes('[1, 2]'))).toBe(true);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(64);
  });

  it('keeps a fence in one piece when it fits, and re-fences one that does not', () => {
    const fence = '```\nconst a = 1;\nconst b = 2;\n```';
    const text = `${'Intro sentence here. '.repeat(10).trim()}\n${fence}\nAfter.`;
    const parts = splitMrkdwn(text, 230);
    expect(parts.some((p) => p.includes(fence))).toBe(true);
    const longFence = `\`\`\`\n${Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n')}\n\`\`\``;
    const cut = splitMrkdwn(longFence, 300);
    expect(cut.length).toBeGreaterThan(3);
    for (const p of cut) {
      expect(p.length).toBeLessThanOrEqual(300);
      expect(p.startsWith('```\n') && p.endsWith('\n```')).toBe(true);
    }
  });

  it('does not cut an escaped entity when a single word is longer than the limit', () => {
    const parts = splitMrkdwn(escapeSlack('&'.repeat(100)), 12);
    for (const p of parts) expect(p).toMatch(/^(?:&amp;)+$/u);
  });

  it('treats sentence ends followed by citations as one sentence', () => {
    expect(sentences('It freezes weights. [1] It adds A and B. [2][3] Done')).toEqual(['It freezes weights. [1]', 'It adds A and B. [2][3]', 'Done']);
  });
});

describe('renderReply', () => {
  const answer: Reply = {
    kind: 'answer',
    title: 'LoRA & QLoRA <!here>',
    text: '**LoRA** freezes the weights. [1]',
    sources: [source],
    notices: ['Your text was long; I used the first 2,000 <characters>.'],
    buttons: answerButtons(7),
    meta: { answerId: 7 },
  };

  it('renders header, section, notices, sources and buttons within Block Kit limits', () => {
    const [msg, extra] = renderReply(answer);
    expect(extra).toBeUndefined();
    expect(msg).toBeDefined();
    expect(blockKitViolations(msg!)).toEqual([]);
    expect(msg!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'context', 'actions']);
    expect(msg!.text).toContain('*LoRA* freezes the weights. [1]');
    const actions = msg!.blocks.at(-1) as { elements: { action_id: string; value: string; style?: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['fb:up:7', 'fb:down:7', 'thread:7']);
    expect(actions.elements.map((e) => e.value)).toEqual(['fb:up:7', 'fb:down:7', 'thread:7']);
    expect(actions.elements.map((e) => e.style)).toEqual(['primary', 'danger', undefined]);
    for (const s of allStrings(msg)) expect(s).not.toMatch(/[<>]/u);
    expect(JSON.stringify(msg)).toContain('&lt;!here&gt;');
  });

  it('splits an answer longer than 3000 characters into several sections', () => {
    const text = Array.from({ length: 150 }, (_, i) => `Point ${i} explains why adapters help. [1]`).join(' ');
    expect(text.length).toBeGreaterThan(6000);
    const [msg] = renderReply({ ...answer, text });
    const sections = msg!.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThanOrEqual(3);
    expect(blockKitViolations(msg!)).toEqual([]);
  });

  it('continues in further messages beyond 50 blocks, with the buttons at the very end', () => {
    const text = Array.from({ length: 6000 }, (_, i) => `Paragraph ${i} has a point to make here. [1]`).join('\n');
    const messages = renderReply({ ...answer, text });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(blockKitViolations(m)).toEqual([]);
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    expect(messages.slice(0, -1).every((m) => m.blocks.every((b) => b.type !== 'actions'))).toBe(true);
    const body = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(body.join('\n')).toBe(text);
  });

  it('keeps many long notices and sources within 10 context elements', () => {
    const notices = Array.from({ length: 40 }, (_, i) => `Notice ${i}: ${'x'.repeat(400)}`);
    const sources = Array.from({ length: 30 }, (_, i) => ({ ...source, heading: `${'Heading '.repeat(40)}${i}` }));
    const [msg] = renderReply({ kind: 'answer', text: 'ok', notices, sources });
    expect(blockKitViolations(msg!)).toEqual([]);
    expect(msg!.blocks.filter((b) => b.type === 'context')).toHaveLength(2);
  });

  it('always has fallback text, even for an empty reply', () => {
    const [msg] = renderReply({ kind: 'info', text: '' });
    expect(msg!.text.length).toBeGreaterThan(0);
    expect(blockKitViolations(msg!)).toEqual([]);
  });

  it('drops a button whose id would break the action_id limit', () => {
    const [msg] = renderReply({ kind: 'info', text: 'x', buttons: [{ id: 'x'.repeat(SLACK_LIMITS.actionId + 1), label: 'too long' }] });
    expect(msg!.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
