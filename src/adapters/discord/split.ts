/** Discord's message limits (docs: resources/message, interactions/message-components). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedTotal: 6000,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

const FENCE = '```';
const CITATION = /\[\d+\]/gu;
/** Spans a cut should avoid: citations, inline code, bold, links. */
const SOFT_SPANS = /\[\d+\]|`[^`\n]+`|\*\*[^*\n]+?\*\*|https?:\/\/\S+/gu;
/** Text ending a sentence: a terminator, closing quotes/brackets, then any trailing citations. */
const SENTENCE_END = /[.!?…]["'”’)\]]*(?:\s*\[\d+\])*$/u;

type Unit = { text: string; fence: boolean };
type Span = [start: number, end: number];

/**
 * Splits markdown into chunks of at most `max` characters: at line boundaries when it can, else at
 * sentence, else word boundaries; never inside a `[n]` citation (nor between a sentence and its
 * citation), and never inside a ``` fence — a fence longer than `max` on its own is closed and
 * reopened in every chunk, so each chunk renders by itself. Blank text gives no chunks.
 */
export function splitMessage(text: string, max: number): string[] {
  if (max < 20) throw new RangeError('splitMessage: max must be at least 20');
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') chunks.push(current.trimEnd());
    current = '';
  };
  for (const unit of toUnits(text)) {
    const pieces = unit.text.length <= max ? [unit.text] : unit.fence ? splitFence(unit.text, max) : splitLine(unit.text, max);
    for (const piece of pieces) {
      if (current === '') current = piece.trim() === '' ? '' : piece;
      else if (current.length + 1 + piece.length <= max) current += `\n${piece}`;
      else {
        flush();
        current = piece.trim() === '' ? '' : piece;
      }
    }
  }
  flush();
  return chunks;
}

/** Lines, except that a fenced block (``` … ```) is one unit; an unclosed fence is closed. */
function toUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let fence: string[] | undefined;
  for (const line of text.replace(/\r\n?/gu, '\n').split('\n')) {
    const marker = line.trimStart().startsWith(FENCE);
    if (fence) {
      fence.push(line);
      if (marker) {
        units.push({ text: fence.join('\n'), fence: true });
        fence = undefined;
      }
    } else if (marker && line.split(FENCE).length % 2 === 0) fence = [line];
    else units.push({ text: line, fence: false });
  }
  if (fence) units.push({ text: [...fence, FENCE].join('\n'), fence: true });
  return units;
}

/** Splits one long fenced block into self-contained fenced pieces of at most `max` chars. */
function splitFence(block: string, max: number): string[] {
  const lines = block.split('\n');
  const header = (lines[0] ?? FENCE).length <= max / 4 ? (lines[0] ?? FENCE) : FENCE;
  const body = lines.slice(1, -1);
  const room = max - header.length - FENCE.length - 2;
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) pieces.push(`${header}\n${current.join('\n')}\n${FENCE}`);
    current = [];
    size = 0;
  };
  for (const long of body) {
    for (let i = 0; i === 0 || i < long.length; i += room) {
      const line = long.slice(i, i + room);
      if (size > 0 && size + 1 + line.length > room) flush();
      size += (size > 0 ? 1 : 0) + line.length;
      current.push(line);
    }
  }
  flush();
  return pieces;
}

/** Splits one long line at sentence, then word boundaries, then (last resort) anywhere but a citation. */
function splitLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const cut = findCut(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

const spansOf = (text: string, re: RegExp): Span[] => [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
const inside = (spans: Span[], i: number) => spans.some(([s, e]) => s < i && i < e);

/** The best cut index in (0, max] of `text`, which is longer than max. */
function findCut(text: string, max: number): number {
  const citations = spansOf(text, CITATION);
  for (const spans of [spansOf(text, SOFT_SPANS), citations]) {
    let word = 0;
    for (let i = max; i > 0; i--) {
      // Cut just before a non-space that follows a space, unless that starts a citation.
      if (!/\s/u.test(text[i - 1] ?? '') || /\s/u.test(text[i] ?? ' ') || inside(spans, i)) continue;
      if (text.startsWith('[', i) && citations.some(([s]) => s === i)) continue;
      if (i >= max / 2 && SENTENCE_END.test(text.slice(Math.max(0, i - 80), i).trimEnd())) return i;
      if (word === 0) word = i;
    }
    if (word > 0) return word;
  }
  const hit = citations.find(([s, e]) => s < max && max < e);
  return hit ? (hit[0] > 0 ? hit[0] : hit[1]) : max;
}
