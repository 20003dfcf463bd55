// Proves that knowledge/0*-10*.md (the per-topic restatement of the module 7
// study notes) kept every fact of the original notes: numbers, proper names,
// formulas, code lines, table rows and list items. Also checks the knowledge
// files are clean markdown (one H1, no emoji, no U+FFFD).
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const NOTES_PATH = path.resolve(import.meta.dirname, '../../../shared/module-notes/module-7-notes.md');
const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '../../knowledge');

const KNOWLEDGE_FILES = [
  '01-history-and-why-now.md',
  '02-transformer-architecture.md',
  '03-gpt-and-instructgpt.md',
  '04-llama-series.md',
  '05-multimodal-clip-flamingo.md',
  '06-adaptation-strategies.md',
  '07-prompting-techniques.md',
  '08-evaluation-metrics-and-benchmarks.md',
  '09-ethics-safety-and-llamaguard.md',
  '10-applications-and-roadmap.md',
];

const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/u;
const EMOJI_G = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu;
const REPLACEMENT_CHAR = '\u{FFFD}';

/** Collapse runs of whitespace and drop markdown bold markers. */
function norm(s: string): string {
  return s.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Line {
  text: string;
  inCode: boolean;
}

/** Split markdown into lines, flagging those inside ``` fences (fence lines themselves are dropped). */
function splitLines(md: string): Line[] {
  const out: Line[] = [];
  let inCode = false;
  for (const text of md.split(/\r?\n/)) {
    if (/^\s*```/.test(text)) {
      inCode = !inCode;
      continue;
    }
    out.push({ text, inCode });
  }
  return out;
}

/**
 * The notes minus the decoration the restatement deliberately drops:
 * - shields.io badge images and the <div> wrappers around them;
 * - the closing hashtag line "**#GenerativeAI #LLMs ... #RevisionGuide**"
 *   (social-media tags, not facts; dropped on purpose, so excluded here);
 * - emoji, variation selectors and broken U+FFFD replacement characters.
 */
function cleanNotes(raw: string): string {
  return raw
    .split(/\r?\n/)
    .filter((l) => !/^\s*!\[[^\]]*\]\(https:\/\/img\.shields\.io\//.test(l))
    .filter((l) => !/^\s*<\/?div\b/.test(l))
    .filter((l) => !/^\s*\*\*#GenerativeAI\b/.test(l)) // hashtag line: dropped on purpose
    .map((l) => l.replace(EMOJI_G, '').replaceAll(REPLACEMENT_CHAR, ''))
    .join('\n');
}

// Number-like tokens: 117M, 1.5B, 175B, 10,000x, 7x, 40%, 400B+, 2017, 2019-2022,
// 1-5, 10K-100K, 24/7, 3.5 ... A digit glued to letters before it (GSM8K, Word2Vec,
// head_1, T5) is not taken here; those are covered as names or formula lines.
const NUMBER_RE = /(?<![A-Za-z0-9_.])\d[\d.,]*(?:[KMBT](?![A-Za-z])|x(?![A-Za-z])|%)?\+?(?:[-–/]\d[\d.,]*(?:[KMBT](?![A-Za-z])|x(?![A-Za-z])|%)?)*/g;

function numberTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NUMBER_RE)) {
    const tok = m[0].replace(/[.,]+$/, '');
    if (tok) out.add(tok);
  }
  return out;
}

// Capitalised word tokens, allowing internal hyphens/dots (GPT-4, DALL-E, Character.AI).
const CAP_WORD_RE = /(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*/g;

/**
 * Proper-name-like tokens of length >= 3: either the token has an uppercase
 * letter or digit after its first character (ELIZA, BERT, LoRA, HellaSwag,
 * GPT-4, GSM8K, RMSNorm), or it is a capitalised word that never occurs in
 * lowercase anywhere in the notes (Kasparov, Vaswani, Google, Roger, Bonjour),
 * so it is not just an ordinary word at the start of a sentence or heading.
 */
function nameTokens(text: string): Set<string> {
  const lowerWords = new Set(text.match(/(?<![A-Za-z0-9])[a-z][a-z0-9]*/g) ?? []);
  const out = new Set<string>();
  for (const m of text.matchAll(CAP_WORD_RE)) {
    const tok = m[0];
    if (tok.length < 3) continue;
    const rest = tok.slice(1);
    const nameLike = /[A-Z0-9]/.test(rest) || !lowerWords.has(tok.toLowerCase());
    if (nameLike) out.add(tok);
  }
  return out;
}

/** True if `tok` occurs in `text` as a whole token (not as part of a longer number/word). */
function hasToken(text: string, tok: string, kind: 'number' | 'name'): boolean {
  const re =
    kind === 'number'
      ? new RegExp(`(?<![A-Za-z0-9_.,])${escapeRe(tok)}(?![0-9])`)
      : new RegExp(`(?<![A-Za-z0-9])${escapeRe(tok)}(?![A-Za-z0-9])`);
  return re.test(text);
}

function tableRows(lines: Line[]): string[] {
  return lines
    .filter((l) => !l.inCode && /^\s*\|.*\|\s*$/.test(l.text))
    .filter((l) => !/^\s*\|[\s:|-]+\|\s*$/.test(l.text)) // separator rows
    .map((l) =>
      l.text
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => norm(c))
        .join(' | '),
    );
}

function listItems(lines: Line[]): string[] {
  return lines
    .filter((l) => !l.inCode)
    .map((l) => /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(l.text)?.[1])
    .filter((t): t is string => t !== undefined && t.trim() !== '')
    .map((t) => norm(t));
}

const notesExist = existsSync(NOTES_PATH);

describe.skipIf(!notesExist)('knowledge/ keeps every fact of module-7-notes.md', () => {
  const notes = notesExist ? cleanNotes(readFileSync(NOTES_PATH, 'utf8')) : '';
  const notesLines = splitLines(notes);
  const files = KNOWLEDGE_FILES.map((f) => {
    const p = path.join(KNOWLEDGE_DIR, f);
    return { name: f, text: existsSync(p) ? readFileSync(p, 'utf8') : '' };
  });
  const knowledgeRaw = files.map((f) => f.text).join('\n\n');
  const knowledge = norm(knowledgeRaw);
  const knowledgeLines = splitLines(knowledgeRaw);

  const numbers = [...numberTokens(notes)];
  const names = [...nameTokens(notes)];
  const formulas = [
    ...new Set(notesLines.filter((l) => l.inCode && l.text.includes('=')).map((l) => norm(l.text))),
  ];
  const codeLines = [...new Set(notesLines.filter((l) => l.inCode && l.text.trim()).map((l) => norm(l.text)))];
  const rows = tableRows(notesLines);
  const knowledgeRows = new Set(tableRows(knowledgeLines));
  const items = listItems(notesLines);

  it('all ten topic files exist', () => {
    const missing = KNOWLEDGE_FILES.filter((f) => !existsSync(path.join(KNOWLEDGE_DIR, f)));
    expect(missing).toEqual([]);
  });

  it('extracts a sensible set of fact tokens from the notes', () => {
    for (const t of ['117M', '1.5B', '175B', '10,000x', '2017', '1-5', '10K-100K', '2019-2022', '7x', '40%', '400B+', '24/7']) {
      expect(numbers).toContain(t);
    }
    for (const t of ['ELIZA', 'BERT', 'LoRA', 'HellaSwag', 'Kasparov', 'Vaswani', 'GSM8K', 'RMSNorm']) {
      expect(names).toContain(t);
    }
    expect(formulas).toContain('Attention(Q,K,V) = Softmax(QK^T/√d_k)V');
    expect(formulas).toContain('W = W_0 + B*A # where B and A are low-rank matrices');
    // Decoration is excluded: badge URL fragments and hashtags never become tokens.
    expect(names).not.toContain('GenerativeAI');
    expect(names).not.toContain('RevisionGuide');
    expect(numbers.length + names.length + formulas.length).toBeGreaterThan(150);
  });

  it('every number-like token survives', () => {
    const missing = numbers.filter((t) => !hasToken(knowledge, t, 'number'));
    expect(missing).toEqual([]);
  });

  it('every proper-name-like token survives (case-sensitive)', () => {
    const missing = names.filter((t) => !hasToken(knowledge, t, 'name'));
    expect(missing).toEqual([]);
  });

  it('every formula line (code line containing "=") survives verbatim', () => {
    const missing = formulas.filter((f) => !knowledge.includes(f));
    expect(missing).toEqual([]);
  });

  it('every code line survives verbatim', () => {
    const missing = codeLines.filter((c) => !knowledge.includes(c));
    expect(missing).toEqual([]);
  });

  it('every table row survives as a table row', () => {
    expect(rows.length).toBeGreaterThan(0);
    const missing = rows.filter((r) => !knowledgeRows.has(r));
    expect(missing).toEqual([]);
  });

  it('every list item survives', () => {
    const missing = items.filter((i) => !knowledge.includes(i));
    expect(missing).toEqual([]);
  });

  describe.each(files)('$name is clean markdown', ({ text }) => {
    it('has exactly one H1, on its first line', () => {
      const h1 = splitLines(text).filter((l) => !l.inCode && /^# /.test(l.text));
      expect(h1.length).toBe(1);
      expect(text.startsWith('# ')).toBe(true);
    });

    it('has no U+FFFD, emoji, HTML wrappers or badges', () => {
      expect(text.includes(REPLACEMENT_CHAR)).toBe(false);
      expect(EMOJI.test(text)).toBe(false);
      expect(/<\/?div\b/.test(text)).toBe(false);
      expect(text.includes('img.shields.io')).toBe(false);
    });

    it('has no decorative bold inside headings', () => {
      const boldHeadings = splitLines(text).filter((l) => !l.inCode && /^#{1,6} .*\*\*/.test(l.text));
      expect(boldHeadings).toEqual([]);
    });
  });
});
