/** The smallest quotable pieces of a chunk: a sentence, a list item, a code line, a table row. */
/** `comment` is a code-block line that was a `#` comment: prose in code clothing, common in the notes. */
export type Unit = { text: string; kind: 'prose' | 'item' | 'code' | 'comment' | 'row' };

const FENCE = /^\s*(```|~~~)/u;

/** Removes markdown decoration so a unit reads as plain text in any chat client. */
export function plain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/gu, '$1')
    .replace(/(^|\s)[*_](\S[^*_]*?)[*_](?=\s|[.,;:!?]|$)/gu, '$1$2')
    .replace(/`([^`]+)`/gu, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}

function splitSentences(paragraph: string): string[] {
  // Break after . ! ? followed by a capital, but not inside numbers ("1.5B") or abbreviations ("et al.").
  return paragraph
    .split(/(?<!\b(?:e\.g|i\.e|al|vs|etc|[A-Z])\.)(?<=[.!?])\s+(?=[A-Z"“(])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function tableRows(lines: string[]): Unit[] {
  const cells = (l: string) => l.trim().replace(/^\||\|$/gu, '').split('|').map((c) => plain(c));
  const header = cells(lines[0] ?? '');
  return lines
    .slice(1)
    .filter((l) => !/^\s*\|?\s*:?-{2,}/u.test(l))
    .map((l) => {
      const row = cells(l);
      const [first, ...rest] = row;
      const pairs = rest.map((c, i) => `${header[i + 1] ?? ''}: ${c}`);
      return { text: `${first ?? ''} — ${pairs.join('; ')}`, kind: 'row' as const };
    });
}

/** Splits a chunk's markdown into units, in reading order. */
export function toUnits(markdown: string): Unit[] {
  const units: Unit[] = [];
  const lines = markdown.split('\n');
  let inFence = false;
  let table: string[] = [];
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) for (const s of splitSentences(plain(paragraph.join(' ')))) units.push({ text: s, kind: 'prose' });
    paragraph = [];
  };
  const flushTable = () => {
    if (table.length > 1) units.push(...tableRows(table));
    table = [];
  };
  for (const line of lines) {
    if (FENCE.test(line)) {
      flushParagraph();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      const isComment = /^\s*#/u.test(line);
      const code = line.replace(/^\s*#\s?(?:[-*]\s+)?/u, '').trim();
      // A string in a list literal ("AI Ethics Officer",) is a list item written as code.
      const literal = /^["'](.+)["'],?$/u.exec(code);
      if (literal) units.push({ text: literal[1] ?? '', kind: 'item' });
      else if (code && !/^[\])}]+$/u.test(code)) units.push({ text: code, kind: isComment ? 'comment' : 'code' });
      continue;
    }
    if (/^\s*\|/u.test(line)) {
      flushParagraph();
      table.push(line);
      continue;
    }
    flushTable();
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/u.exec(line);
    if (item) {
      flushParagraph();
      units.push({ text: plain(item[1] ?? ''), kind: 'item' });
    } else if (line.trim() === '') {
      flushParagraph();
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushTable();
  return units.filter((u) => /[\p{L}\p{N}]/u.test(u.text));
}
