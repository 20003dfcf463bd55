/**
 * Splits mrkdwn into pieces of at most `max` characters for Block Kit sections. It cuts between
 * lines first, then between sentences, then between words; never inside a `[n]` citation, an
 * `&amp;` entity or a ``` fence (a fence longer than `max` is closed and reopened around the cut).
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: Piece[] = [];
  for (const part of fenceParts(text)) {
    if (part.fence) pushFence(pieces, part.text, max);
    else part.text.split('\n').forEach((line) => pushLine(pieces, line, max));
  }
  return pack(pieces, max);
}

/** A unit that is never cut, and the separator that goes before it when joined to the previous one. */
type Piece = { text: string; sep: string };

/** A fence opening at the start of a line, up to its closing ``` (or the end of the text). */
const FENCE = /(?<=^|\n)```[\s\S]*?(?:```|$)/gu;

/** Alternating prose and fenced parts; prose keeps its own line breaks around the fences. */
function fenceParts(text: string): { text: string; fence: boolean }[] {
  const parts: { text: string; fence: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(FENCE)) {
    const before = text.slice(last, m.index).replace(/\n$/u, '');
    if (before !== '' || m.index > 0) parts.push({ text: before, fence: false });
    parts.push({ text: m[0], fence: true });
    last = m.index + m[0].length;
    if (text[last] === '\n') last += 1;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), fence: false });
  return parts;
}

function pushFence(out: Piece[], fence: string, max: number): void {
  if (fence.length <= max) return void out.push({ text: fence, sep: '\n' });
  // Too long for one section: cut between its lines, closing and reopening the fence around each cut.
  const body = fence.replace(/^```/u, '').replace(/```$/u, '').replace(/^\n|\n$/gu, '');
  const inner: Piece[] = [];
  for (const line of body.split('\n')) hardCut(line, max - 8).forEach((c, j) => inner.push({ text: c, sep: j === 0 ? '\n' : '' }));
  for (const chunk of pack(inner, max - 8, false)) out.push({ text: `\`\`\`\n${chunk}\n\`\`\``, sep: '\n' });
}

function pushLine(out: Piece[], line: string, max: number): void {
  if (line.length <= max) return void out.push({ text: line, sep: '\n' });
  sentences(line).forEach((s, i) => {
    if (s.length <= max) out.push({ text: s, sep: i === 0 ? '\n' : ' ' });
    else pushWords(out, s, max, i === 0 ? '\n' : ' ');
  });
}

/** Words, keeping a citation group such as `[1, 2]` in one word; words longer than `max` are hard-cut. */
function pushWords(out: Piece[], text: string, max: number, firstSep: string): void {
  const words = text.match(/(?:\[\d+(?:\s*,\s*\d+)*\]|\S)+/gu) ?? [''];
  words.forEach((w, i) => {
    const s = i === 0 ? firstSep : ' ';
    if (w.length <= max) return void out.push({ text: w, sep: s });
    hardCut(w, max).forEach((c, j) => out.push({ text: c, sep: j === 0 ? s : '' }));
  });
}

function hardCut(word: string, max: number): string[] {
  const out: string[] = [];
  let rest = word;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp > cut - 6 && amp > 0 && !rest.slice(amp, cut).includes(';')) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return [...out, rest];
}

const CITATION = /^(?:\[\d+(?:\s*,\s*\d+)*\])+[.,;:!?)]*$/u;

/** Sentences of one line; trailing citations (`… weights. [1]`) stay with their sentence. */
export function sentences(line: string): string[] {
  const words = line.match(/(?:\[\d+(?:\s*,\s*\d+)*\]|\S)+/gu) ?? [];
  const out: string[] = [];
  let current: string[] = [];
  words.forEach((w, i) => {
    current.push(w);
    const next = words[i + 1];
    const ends = /[.!?]["')\]]*$/u.test(w) || (CITATION.test(w) && current.length > 1);
    if (ends && (next === undefined || !CITATION.test(next))) {
      out.push(current.join(' '));
      current = [];
    }
  });
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

/** Greedy packing of pieces into chunks of at most `max`; blank edges trimmed, empty chunks dropped. */
function pack(pieces: Piece[], max: number, trim = true): string[] {
  const chunks: string[] = [];
  let cur = '';
  let started = false;
  for (const p of pieces) {
    if (!started) {
      cur = p.text;
      started = true;
    } else if (cur.length + p.sep.length + p.text.length <= max) cur += p.sep + p.text;
    else {
      chunks.push(cur);
      cur = p.text;
    }
  }
  if (started) chunks.push(cur);
  const cleaned = trim ? chunks.map((c) => c.replace(/^\s*\n|\n\s*$/gu, '')) : chunks;
  return cleaned.filter((c) => c.trim() !== '');
}
